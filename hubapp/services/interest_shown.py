"""Interest shown in an opportunity, by a member or a kiosk visitor, and its follow-up by the
organiser (new, contacted, closed). Re-exported by services.opportunities. A group
organiser's account sees and follows up only the interest in its groups' opportunities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from hubapp.models import ExpressionOfInterest, Member, Opportunity, stable_id
from hubapp.models.database import Database
from hubapp.services.errors import FieldProblem, NotFound, ValidationFailed
from hubapp.services.organisers import acting_for, require_opportunity
from hubapp.services.validation import clean_name, format_phone, normalise_email, normalise_phone

# How an organiser follows up interest shown.
INTEREST_STATUSES = ("new", "contacted", "closed")
CHANNELS = ("kiosk", "desk")
MAX_MESSAGE = 2000


@dataclass(frozen=True)
class InterestRow:
    """Interest shown in an opportunity, for its organiser (staff screens only)."""

    id: str
    opportunity_id: str
    opportunity_title: str
    member_id: str | None
    name: str
    contact: str
    message: str
    status: str
    channel: str
    created_at: datetime


def _visitor_contact(typed: str) -> str:
    text = typed.strip()
    if not text:
        raise FieldProblem(
            "visitor_contact",
            "Give an email address or a phone number, so the organiser can reach you.",
        )
    if "@" in text:
        return normalise_email(text, "visitor_contact")
    return normalise_phone(text, "visitor_contact")


def _check_visitor(name: str, contact: str, message: str, channel: str) -> tuple[str, str]:
    problems: dict[str, str] = {}
    clean_visitor = clean_contact = ""
    try:
        clean_visitor = clean_name(name, "visitor_name", label="Your name")
    except FieldProblem as problem:
        problems["visitor_name"] = problem.message
    try:
        clean_contact = _visitor_contact(contact)
    except FieldProblem as problem:
        problems["visitor_contact"] = problem.message
    problems.update(_check_common(message, channel))
    if problems:
        raise ValidationFailed(problems)
    return clean_visitor, clean_contact


def _check_common(message: str, channel: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    if len(message.strip()) > MAX_MESSAGE:
        problems["message"] = f"The message is too long (at most {MAX_MESSAGE} characters)."
    if channel not in CHANNELS:
        problems["channel"] = "Interest is shown at the kiosk or at the desk."
    return problems


def _open_opportunity(
    session: Session, opportunity_id: str, staff_user_id: str | None
) -> Opportunity:
    opportunity = session.get(Opportunity, opportunity_id)
    if opportunity is None or opportunity.deleted:
        raise NotFound("That opportunity no longer exists.")
    _require(session, opportunity, staff_user_id)
    if not opportunity.active:
        raise NotFound("That opportunity has been withdrawn.")
    return opportunity


def express_interest(
    db: Database,
    opportunity_id: str,
    *,
    member_id: str | None = None,
    visitor_name: str = "",
    visitor_contact: str = "",
    message: str = "",
    channel: str = "kiosk",
    staff_user_id: str | None = None,
) -> str:
    """Records interest and returns its id. A member (`member_id`) or a kiosk visitor who
    gives a name and an email or phone number. Matching never blocks this: anyone may
    express interest in any live opportunity. A member showing interest again in the same
    opportunity updates their one record (and reopens it). Staff record it for someone only
    in opportunities they may act on. Raises ValidationFailed, NotFound, NotAllowed."""
    if member_id is None:
        name, contact = _check_visitor(visitor_name, visitor_contact, message, channel)
    else:
        name, contact = "", ""
        problems = _check_common(message, channel)
        if problems:
            raise ValidationFailed(problems)
    text = message.strip() or None
    with db.write(staff_user_id) as session:
        _open_opportunity(session, opportunity_id, staff_user_id)
        if member_id is None:
            visitor = ExpressionOfInterest(
                opportunity_id=opportunity_id,
                visitor_name=name,
                visitor_contact=contact,
                message=text,
                channel=channel,
                status="new",
            )
            session.add(visitor)
            session.flush()
            return visitor.id
        return _member_interest(session, opportunity_id, member_id, text, channel)


def _member_interest(
    session: Session, opportunity_id: str, member_id: str, text: str | None, channel: str
) -> str:
    member = session.get(Member, member_id)
    if member is None or member.deleted or member.erased_at is not None:
        raise NotFound("That member's record no longer exists.")
    # One record per member and opportunity on every hub.
    row_id = stable_id("expression_of_interest", opportunity_id, member_id)
    row = session.get(ExpressionOfInterest, row_id)
    if row is None:
        session.add(
            ExpressionOfInterest(
                id=row_id,
                opportunity_id=opportunity_id,
                member_id=member_id,
                message=text,
                channel=channel,
                status="new",
            )
        )
        return row_id
    changes: dict[str, object] = {"deleted": False, "status": "new", "channel": channel}
    if text:
        changes["message"] = text
    for name, value in changes.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    return row_id


def _require(session: Session, opportunity: Opportunity, staff_user_id: str | None) -> None:
    """NotAllowed if the acting account (an organiser) may not act on this opportunity."""
    scope = acting_for(session, staff_user_id)
    require_opportunity(scope, opportunity.group_id, opportunity.title)


def _rows(
    db: Database,
    query: Select[ExpressionOfInterest, str, Member],
    staff_user_id: str | None,
    opportunity_id: str | None = None,
) -> list[InterestRow]:
    with db.read() as session:
        scope = acting_for(session, staff_user_id)
        if opportunity_id is not None:  # one opportunity's: refused outright if not theirs
            opportunity = session.get(Opportunity, opportunity_id)
            if opportunity is not None:
                require_opportunity(scope, opportunity.group_id, opportunity.title)
        if scope.group_ids is not None:
            query = query.where(Opportunity.group_id.in_(scope.group_ids))
        out = []
        for interest, title, member in session.execute(query):
            if member is not None:
                name = member.display_name if member.erased_at is None else "(erased)"
                contact = member.email or (format_phone(member.phone) if member.phone else "")
            else:
                name = interest.visitor_name or ""
                contact = interest.visitor_contact or ""
                if contact.startswith("+"):
                    contact = format_phone(contact)
            out.append(
                InterestRow(
                    id=interest.id,
                    opportunity_id=interest.opportunity_id,
                    opportunity_title=title,
                    member_id=interest.member_id,
                    name=name,
                    contact=contact,
                    message=interest.message or "",
                    status=interest.status,
                    channel=interest.channel,
                    created_at=interest.created_at,
                )
            )
        return out


def _base() -> Select[ExpressionOfInterest, str, Member]:
    return (
        select(ExpressionOfInterest, Opportunity.title, Member)
        .join(Opportunity, Opportunity.id == ExpressionOfInterest.opportunity_id)
        .outerjoin(Member, Member.id == ExpressionOfInterest.member_id)
        .where(ExpressionOfInterest.deleted.is_(False))
        .order_by(ExpressionOfInterest.created_at, ExpressionOfInterest.id)
    )


def interests_for(
    db: Database, opportunity_id: str, *, staff_user_id: str | None = None
) -> list[InterestRow]:
    """Everyone who showed interest in one opportunity, oldest first, with how to reach
    them. Raises NotAllowed if an organiser asks about another group's opportunity."""
    query = _base().where(ExpressionOfInterest.opportunity_id == opportunity_id)
    return _rows(db, query, staff_user_id, opportunity_id)


def interests_of_member(
    db: Database, member_id: str, *, staff_user_id: str | None = None
) -> list[InterestRow]:
    """Every interest one member has shown, oldest first (one query, however many); for an
    organiser, only in their groups' opportunities."""
    return _rows(db, _base().where(ExpressionOfInterest.member_id == member_id), staff_user_id)


def interests_waiting(db: Database, *, staff_user_id: str | None = None) -> list[InterestRow]:
    """Interest not yet followed up (status "new"), oldest first, across opportunities (for
    an organiser, their groups' opportunities only)."""
    return _rows(db, _base().where(ExpressionOfInterest.status == "new"), staff_user_id)


def mark_interest(
    db: Database, interest_id: str, status: str, *, staff_user_id: str | None
) -> None:
    """Sets "new", "contacted" or "closed". Raises ValidationFailed, NotFound, NotAllowed
    (an organiser following up interest in another group's opportunity)."""
    if status not in INTEREST_STATUSES:
        raise ValidationFailed({"status": "Choose new, contacted or closed."})
    with db.write(staff_user_id) as session:
        row = session.get(ExpressionOfInterest, interest_id)
        if row is None or row.deleted:
            raise NotFound("That interest is no longer recorded.")
        opportunity = session.get(Opportunity, row.opportunity_id)
        if opportunity is not None:
            _require(session, opportunity, staff_user_id)
        if row.status != status:
            row.status = status
