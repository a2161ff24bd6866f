"""Staff review of kiosk sign-ups that look like someone already registered: merge the new
record into the existing one, or confirm they are different people.

The flag is an activity on the new member's record (kind "sign_up_review", one per member,
deleted once resolved): it syncs with the member to every hub that holds them, so the desk
sees what the kiosk flagged even on another computer, and it shows on the member's page
while it waits. (A column on members would be tidier; it needs the demo seeder to learn it.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import (
    Activity,
    Attendance,
    ConsentRecord,
    ExpressionOfInterest,
    GroupMembership,
    Member,
    MemberTag,
    stable_id,
)
from hubapp.models.database import Database
from hubapp.services.duplicates import DuplicateMatch, DuplicateProbe, find_likely_duplicates
from hubapp.services.errors import NotFound, ValidationFailed
from hubapp.services.members import enlist_in_session

REVIEW_KIND = "sign_up_review"
REVIEW_NOTE = (
    "Signed up at the kiosk and may be someone already registered: check, then merge or confirm."
)


@dataclass(frozen=True)
class SignUpToReview:
    member_id: str
    display_name: str
    email: str
    phone: str
    postcode: str
    signed_up_at: datetime
    matches: tuple[DuplicateMatch, ...]  # who it may duplicate (staff screens only)


def _probe(member: Member) -> DuplicateProbe:
    return DuplicateProbe(
        first_name=member.first_name,
        last_name=member.last_name,
        email=member.email or "",
        phone=member.phone or "",
        postcode=member.postcode or "",
        address=member.address or "",
        exclude_id=member.id,
    )


def flag_for_review(session: Session, member_id: str, today: date) -> None:
    """Flags a sign-up for staff review (once: a second call changes nothing)."""
    row_id = stable_id("sign_up_review", member_id)
    if session.get(Activity, row_id) is None:
        session.add(
            Activity(
                id=row_id,
                member_id=member_id,
                kind=REVIEW_KIND,
                occurred_on=today,
                description=REVIEW_NOTE,
            )
        )


def _open_review(session: Session, member_id: str) -> Activity | None:
    row = session.get(Activity, stable_id("sign_up_review", member_id))
    return row if row is not None and not row.deleted else None


def sign_ups_to_review(db: Database) -> list[SignUpToReview]:
    """Flagged sign-ups, oldest first, each with the records it may duplicate."""
    with db.read() as session:
        flagged = session.scalars(
            select(Member)
            .join(Activity, Activity.member_id == Member.id)
            .where(
                Activity.kind == REVIEW_KIND,
                Activity.deleted.is_(False),
                Member.deleted.is_(False),
                Member.erased_at.is_(None),
            )
            .order_by(Member.created_at, Member.id)
        ).all()
        return [
            SignUpToReview(
                member_id=m.id,
                display_name=m.display_name,
                email=m.email or "",
                phone=m.phone or "",
                postcode=m.postcode or "",
                signed_up_at=m.created_at,
                matches=tuple(find_likely_duplicates(session, _probe(m))),
            )
            for m in flagged
        ]


def _live_member(session: Session, member_id: str) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted or member.erased_at is not None:
        raise NotFound("That member's record no longer exists.")
    return member


def resolve_review(
    db: Database, member_id: str, *, merge_into: str | None, staff_user_id: str | None
) -> str:
    """`merge_into=None`: they are different people; the flag is cleared. Otherwise the
    flagged record is merged into `merge_into` (details it lacks filled in, skills and
    interests, consents, groups, interest shown, attendance and activity copied over) and
    then deleted. Returns the id of the record that remains. Raises NotFound,
    ValidationFailed."""
    if merge_into == member_id:
        raise ValidationFailed({"merge_into": "Choose a different record to merge into."})
    with db.write(staff_user_id) as session:
        source = _live_member(session, member_id)
        review = _open_review(session, member_id)
        if review is not None:
            review.deleted = True  # resolved; the journal says who and when
        if merge_into is None:
            return member_id
        target = _live_member(session, merge_into)
        _fill_blanks(target, source)
        _move_links(session, source.id, target.id)
        source.deleted = True
        return target.id


# Filled in on the remaining record only where it has nothing.
_BLANK_FILLED = (
    "preferred_name",
    "email",
    "phone",
    "postcode",
    "address",
    "date_of_birth",
    "access_needs",
    "heard_about",
    "travel_miles",
    "availability",
)
# Yes on either record stays yes.
_EITHER = ("speaks_welsh", "needs_step_free", "has_own_transport")


def _fill_blanks(target: Member, source: Member) -> None:
    for name in _BLANK_FILLED:
        if not getattr(target, name) and getattr(source, name):
            setattr(target, name, getattr(source, name))
    for name in _EITHER:
        if getattr(source, name) and not getattr(target, name):
            setattr(target, name, True)


_Linked = TypeVar(
    "_Linked", MemberTag, ConsentRecord, GroupMembership, ExpressionOfInterest, Attendance, Activity
)


def _live_rows(session: Session, model: type[_Linked], member_id: str) -> list[_Linked]:
    query = select(model).where(model.member_id == member_id, model.deleted.is_(False))
    return list(session.scalars(query))


def _move_links(session: Session, source_id: str, target_id: str) -> None:
    """Copies what hangs off the source to the target and retires the source's rows. Rows
    are copied, not re-pointed: a row never moves to another member (sync refuses it)."""
    for tag in _live_rows(session, MemberTag, source_id):
        link_id = stable_id("member_tag", target_id, tag.tag_id)
        link = session.get(MemberTag, link_id)
        if link is None:
            session.add(MemberTag(id=link_id, member_id=target_id, tag_id=tag.tag_id))
        elif link.deleted:
            link.deleted = False
    for consent in _live_rows(session, ConsentRecord, source_id):
        # The history is kept: the same answers, given when and how they were given.
        session.add(
            ConsentRecord(
                member_id=target_id,
                purpose=consent.purpose,
                granted=consent.granted,
                wording_version=consent.wording_version,
                channel=consent.channel,
                staff_user_id=consent.staff_user_id,
                recorded_at=consent.recorded_at,
            )
        )
    for membership in _live_rows(session, GroupMembership, source_id):
        enlist_in_session(session, membership.group_id, target_id, membership.role)
        membership.deleted = True
    for interest in _live_rows(session, ExpressionOfInterest, source_id):
        copy_id = stable_id("expression_of_interest", interest.opportunity_id, target_id)
        if session.get(ExpressionOfInterest, copy_id) is None:
            session.add(
                ExpressionOfInterest(
                    id=copy_id,
                    opportunity_id=interest.opportunity_id,
                    member_id=target_id,
                    message=interest.message,
                    status=interest.status,
                    channel=interest.channel,
                )
            )
        interest.deleted = True
    for attended in _live_rows(session, Attendance, source_id):
        copy_id = stable_id("attendance", attended.meeting_id, target_id)
        if session.get(Attendance, copy_id) is None:
            session.add(
                Attendance(
                    id=copy_id,
                    meeting_id=attended.meeting_id,
                    member_id=target_id,
                    name=attended.name,
                    role=attended.role,
                    status=attended.status,
                    mode=attended.mode,
                )
            )
        attended.deleted = True
    for activity in _live_rows(session, Activity, source_id):
        if activity.kind == REVIEW_KIND:
            continue  # resolved by this very merge
        session.add(
            Activity(
                member_id=target_id,
                kind=activity.kind,
                occurred_on=activity.occurred_on,
                hours=activity.hours,
                group_id=activity.group_id,
                meeting_id=activity.meeting_id,
                description=activity.description,
                staff_user_id=activity.staff_user_id,
            )
        )
        activity.deleted = True
