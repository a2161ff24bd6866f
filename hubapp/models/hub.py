"""The hub itself, its staff accounts, and settings that belong to this one installation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hubapp.models.base import Base, Syncable


class Hub(Syncable, Base):
    __tablename__ = "hubs"

    name: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    address: Mapped[str | None] = mapped_column(Text)
    # The council or group name printed on summonses and minutes may differ from the hub's.
    welsh_name: Mapped[str | None] = mapped_column(String(200))


class StaffUser(Syncable, Base):
    """Someone who signs in to hubapp at this hub. Staff need not be members; a group
    organiser's account is linked to the member it belongs to (`member_id`), whose officer
    roles say which groups the account acts for."""

    __tablename__ = "staff_users"

    hub_id: Mapped[str] = mapped_column(ForeignKey("hubs.id"), index=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    secret_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    last_sign_in_at: Mapped[datetime | None] = mapped_column()
    member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"))


class LocalSetting(Base):
    """Key/value settings of this installation only (never synced): which hub this is,
    the clock state, idle-lock minutes and the like."""

    __tablename__ = "local_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
