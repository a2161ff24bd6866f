"""Members (people), their skills and interests, consents and activity."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubapp.models.base import Base, Syncable, utcnow


def fold(text: str) -> str:
    """Case- and accent-insensitive form for sorting and matching ("Siân" -> "sian").
    Used only for keys; names themselves are stored exactly as typed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


class Member(Syncable, Base):
    """A person known to the hub."""

    __tablename__ = "members"

    hub_id: Mapped[str | None] = mapped_column(ForeignKey("hubs.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(120))
    last_name: Mapped[str] = mapped_column(String(120), default="")
    preferred_name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    postcode: Mapped[str | None] = mapped_column(String(8), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    date_of_birth: Mapped[date | None] = mapped_column()
    membership_number: Mapped[str | None] = mapped_column(String(20), index=True)
    preferred_language: Mapped[str] = mapped_column(String(2), default="en")
    speaks_welsh: Mapped[bool] = mapped_column(default=False)
    # {"mon": ["morning", "evening"], ...}: days and parts of the day the person is free.
    availability: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    needs_step_free: Mapped[bool] = mapped_column(default=False)
    access_needs: Mapped[str | None] = mapped_column(Text)
    travel_miles: Mapped[float | None] = mapped_column(Float)
    has_own_transport: Mapped[bool] = mapped_column(default=False)
    heard_about: Mapped[str | None] = mapped_column(String(120))
    notes: Mapped[str | None] = mapped_column(Text)
    # Set when personal data was erased on request; the row stays as a tombstone-like shell.
    erased_at: Mapped[datetime | None] = mapped_column()
    sort_key: Mapped[str] = mapped_column(String(260), default="", index=True)

    tags: Mapped[list[MemberTag]] = relationship(back_populates="member")
    consents: Mapped[list[ConsentRecord]] = relationship(
        back_populates="member", order_by="ConsentRecord.recorded_at"
    )

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def member_sort_key(last_name: str, first_name: str) -> str:
    return f"{fold(last_name)}\x1f{fold(first_name)}"


@event.listens_for(Member, "before_insert")
@event.listens_for(Member, "before_update")
def _set_sort_key(mapper: Any, connection: Any, target: Member) -> None:
    target.sort_key = member_sort_key(target.last_name or "", target.first_name or "")


class Tag(Syncable, Base):
    """A skill or interest. Controlled ones come from the shipped vocabulary; staff may add
    free tags. Ids are stable (kind + slug) so every hub has the same row for "gardening"."""

    __tablename__ = "tags"

    kind: Mapped[str] = mapped_column(String(20))
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(120))
    name_cy: Mapped[str | None] = mapped_column(String(120))
    controlled: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (Index("ix_tags_kind_slug", "kind", "slug", unique=True),)


class MemberTag(Syncable, Base):
    """A member has a skill or interest. Id is stable (member + tag)."""

    __tablename__ = "member_tags"

    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    tag_id: Mapped[str] = mapped_column(ForeignKey("tags.id"), index=True)

    member: Mapped[Member] = relationship(back_populates="tags")
    tag: Mapped[Tag] = relationship(lazy="joined")


class ConsentRecord(Syncable, Base):
    """One grant or withdrawal of consent for one purpose. Records are never edited:
    withdrawing adds a new record, so the history of what was agreed stays provable."""

    __tablename__ = "consent_records"

    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    granted: Mapped[bool] = mapped_column()
    wording_version: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20))
    staff_user_id: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    member: Mapped[Member] = relationship(back_populates="consents")


class Activity(Syncable, Base):
    """Something a member did: volunteering hours, a meeting attended, an event organised."""

    __tablename__ = "activities"

    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    occurred_on: Mapped[date] = mapped_column()
    hours: Mapped[float | None] = mapped_column(Float)
    group_id: Mapped[str | None] = mapped_column(ForeignKey("groups.id"))
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meetings.id"))
    description: Mapped[str | None] = mapped_column(Text)
    staff_user_id: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"))
