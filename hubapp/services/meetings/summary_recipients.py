"""Who should hear about a meeting's public summary: the members who gave feedback linked to
the meeting (with their email and phone only where they agreed to be contacted that way), and
how much feedback was anonymous (reachable only through the noticeboard and the kiosk)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import ConsentRecord, Feedback, Member
from hubapp.models.database import Database
from hubapp.models.people import fold
from hubapp.models.vocab import ConsentPurpose, ModerationStatus
from hubapp.services.meetings.guards import live_meeting

_CONTACT = (ConsentPurpose.CONTACT_EMAIL, ConsentPurpose.CONTACT_PHONE)


@dataclass(frozen=True)
class SummaryRecipient:
    """A member who gave feedback on the meeting. `email` and `phone` are None unless the
    member's latest answer about being contacted that way is yes (and the detail is known)."""

    member_id: str
    display_name: str
    email: str | None
    phone: str | None

    @property
    def may_contact(self) -> bool:
        return self.email is not None or self.phone is not None


@dataclass(frozen=True)
class SummaryRecipients:
    people: tuple[SummaryRecipient, ...]  # each member once, by name
    anonymous_count: int  # pieces of feedback with nobody to contact

    @property
    def contactable_count(self) -> int:
        return sum(1 for p in self.people if p.may_contact)

    @property
    def emails(self) -> list[str]:
        """The addresses that may be emailed, each once, in the order of `people`."""
        seen: dict[str, None] = {}
        for p in self.people:
            if p.email is not None:
                seen.setdefault(p.email, None)
        return list(seen)


def summary_recipients(db: Database, meeting_id: str) -> SummaryRecipients:
    """Who gave feedback linked to this meeting. Deleted and hidden feedback is left out.
    Feedback from a member since deleted or erased counts as anonymous: there is nobody
    left to contact. Raises NotFound if the meeting does not exist."""
    with db.read() as session:
        live_meeting(session, meeting_id)
        givers = session.scalars(
            select(Feedback.member_id).where(
                Feedback.meeting_id == meeting_id,
                Feedback.deleted.is_(False),
                Feedback.moderation_status != ModerationStatus.HIDDEN,
            )
        ).all()
        ids = {m for m in givers if m is not None}
        members = {
            m.id: m
            for m in session.scalars(select(Member).where(Member.id.in_(ids)))
            if not m.deleted and m.erased_at is None
        }
        agreed = _agreed_to(session, list(members))
        people = [_recipient(m, agreed.get(m.id, set())) for m in members.values()]
    people.sort(key=lambda p: (fold(p.display_name), p.member_id))
    anonymous = sum(1 for m in givers if m is None or m not in members)
    return SummaryRecipients(tuple(people), anonymous)


def _recipient(member: Member, agreed: set[str]) -> SummaryRecipient:
    email = (member.email or "").strip()
    phone = (member.phone or "").strip()
    return SummaryRecipient(
        member_id=member.id,
        display_name=member.display_name,
        email=email if email and ConsentPurpose.CONTACT_EMAIL in agreed else None,
        phone=phone if phone and ConsentPurpose.CONTACT_PHONE in agreed else None,
    )


def _agreed_to(session: Session, ids: list[str]) -> dict[str, set[str]]:
    """For each member, the ways of contact whose latest answer is yes."""
    latest: dict[tuple[str, str], bool] = {}
    for member_id, purpose, granted in session.execute(
        select(ConsentRecord.member_id, ConsentRecord.purpose, ConsentRecord.granted)
        .where(
            ConsentRecord.member_id.in_(ids),
            ConsentRecord.purpose.in_(_CONTACT),
            ConsentRecord.deleted.is_(False),
        )
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    ):
        latest[(member_id, purpose)] = granted
    out: dict[str, set[str]] = {}
    for (member_id, purpose), granted in latest.items():
        if granted:
            out.setdefault(member_id, set()).add(purpose)
    return out
