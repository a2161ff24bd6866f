"""Meetings from summons to signed minutes: agenda, attendance, declarations, motions, votes,
actions and corrections to approved minutes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hubapp.models.base import Base, Syncable


class Meeting(Syncable, Base):
    __tablename__ = "meetings"

    group_id: Mapped[str] = mapped_column(ForeignKey("groups.id"), index=True)
    meeting_type: Mapped[str] = mapped_column(String(30), default="ordinary")
    title: Mapped[str | None] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime | None] = mapped_column()
    venue_id: Mapped[str | None] = mapped_column(ForeignKey("venues.id"))
    venue_text: Mapped[str | None] = mapped_column(String(300))
    online_link: Mapped[str | None] = mapped_column(String(500))
    chair_member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"))
    clerk_name: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    notice_issued_on: Mapped[date | None] = mapped_column()
    public_count: Mapped[int] = mapped_column(Integer, default=0)
    minutes_status: Mapped[str] = mapped_column(String(20), default="none")
    minutes_text: Mapped[str | None] = mapped_column(Text)
    minutes_approved_at: Mapped[datetime | None] = mapped_column()
    minutes_approved_by_meeting_id: Mapped[str | None] = mapped_column(String(36))
    public_summary: Mapped[str | None] = mapped_column(Text)

    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position"
    )


class AgendaItem(Syncable, Base):
    __tablename__ = "agenda_items"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    standard_kind: Mapped[str | None] = mapped_column(String(40))
    confidential: Mapped[bool] = mapped_column(default=False)
    # [{"name": "Budget 2027.pdf", "path": "..."}]: papers attached to the item.
    papers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    discussion_notes: Mapped[str | None] = mapped_column(Text)
    carried_from_action_id: Mapped[str | None] = mapped_column(String(36))

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")


class Attendance(Syncable, Base):
    """Who was at a meeting and how. `member_id` is empty for officers who are not members."""

    __tablename__ = "attendances"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="member")
    status: Mapped[str] = mapped_column(String(20), default="absent")
    mode: Mapped[str] = mapped_column(String(20), default="in_person")
    apologies_reason: Mapped[str | None] = mapped_column(Text)
    apologies_accepted: Mapped[bool | None] = mapped_column()
    arrived_at_item: Mapped[int | None] = mapped_column(Integer)
    left_at_item: Mapped[int | None] = mapped_column(Integer)


class InterestDeclaration(Syncable, Base):
    __tablename__ = "interest_declarations"

    agenda_item_id: Mapped[str] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)


class Motion(Syncable, Base):
    """A motion on an agenda item; an amendment points at the motion it amends."""

    __tablename__ = "motions"

    agenda_item_id: Mapped[str] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    amends_motion_id: Mapped[str | None] = mapped_column(ForeignKey("motions.id"))
    text: Mapped[str] = mapped_column(Text)
    proposer_member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"))
    seconder_member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"))
    vote_method: Mapped[str] = mapped_column(String(20), default="show_of_hands")
    votes_for: Mapped[int] = mapped_column(Integer, default=0)
    votes_against: Mapped[int] = mapped_column(Integer, default=0)
    abstentions: Mapped[int] = mapped_column(Integer, default=0)
    casting_vote: Mapped[str | None] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(String(20), default="pending")
    minute_number: Mapped[str | None] = mapped_column(String(20))
    minute_sequence: Mapped[int | None] = mapped_column(Integer)


class Vote(Syncable, Base):
    """A named vote in a recorded vote. Id is stable (motion + member): one member, one vote."""

    __tablename__ = "votes"

    motion_id: Mapped[str] = mapped_column(ForeignKey("motions.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    choice: Mapped[str] = mapped_column(String(10))


class ActionItem(Syncable, Base):
    __tablename__ = "action_items"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    agenda_item_id: Mapped[str | None] = mapped_column(ForeignKey("agenda_items.id"))
    description: Mapped[str] = mapped_column(Text)
    owner_member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"))
    owner_name: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="open")
    completed_on: Mapped[date | None] = mapped_column()


class MinuteCorrection(Syncable, Base):
    """A correction to approved (locked) minutes, recorded as such rather than edited in."""

    __tablename__ = "minute_corrections"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    made_at_meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meetings.id"))
    staff_user_id: Mapped[str | None] = mapped_column(ForeignKey("staff_users.id"))
