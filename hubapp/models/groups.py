"""Community groups and councils, who belongs to them, organisations and venues."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubapp.models.base import Base, Syncable
from hubapp.models.people import Member


class Group(Syncable, Base):
    """A community group, parish or community council, or committee."""

    __tablename__ = "groups"

    hub_id: Mapped[str | None] = mapped_column(ForeignKey("hubs.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    welsh_name: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30), default="group")
    purpose: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(80))
    area_served: Mapped[str | None] = mapped_column(String(200))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    is_public: Mapped[bool] = mapped_column(default=True)
    # Meeting rules. Quorum: max(quorum_minimum, ceil(voting members * quorum_fraction)).
    quorum_fraction: Mapped[float] = mapped_column(Float, default=1 / 3)
    quorum_minimum: Mapped[int] = mapped_column(Integer, default=3)
    notice_clear_days: Mapped[int] = mapped_column(Integer, default=3)
    # e.g. "{yy}/{n}" -> "24/101"; n continues across the meetings of a council year.
    minute_number_format: Mapped[str] = mapped_column(String(40), default="{yy}/{n}")
    council_year_start_month: Mapped[int] = mapped_column(Integer, default=5)

    memberships: Mapped[list[GroupMembership]] = relationship(back_populates="group")


class GroupMembership(Syncable, Base):
    """A member belongs to a group in a role. Id is stable (group + member): one row each."""

    __tablename__ = "group_memberships"

    group_id: Mapped[str] = mapped_column(ForeignKey("groups.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="member")
    # Councillors vote; co-opted advisers or ordinary group members may not.
    is_voting: Mapped[bool] = mapped_column(default=True)
    joined_on: Mapped[date | None] = mapped_column()
    left_on: Mapped[date | None] = mapped_column()

    group: Mapped[Group] = relationship(back_populates="memberships")
    member: Mapped[Member] = relationship()


class Organisation(Syncable, Base):
    """A public body, business or voluntary body: something people give feedback on."""

    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    description: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(8))
    website: Mapped[str | None] = mapped_column(String(300))


class Venue(Syncable, Base):
    """A place where meetings and opportunities happen."""

    __tablename__ = "venues"

    hub_id: Mapped[str | None] = mapped_column(ForeignKey("hubs.id"))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(8))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    step_free: Mapped[bool] = mapped_column(default=False)
    on_bus_route: Mapped[bool] = mapped_column(default=False)
