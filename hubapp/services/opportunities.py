"""Ways to get involved ("opportunities"): staff and organisers post them, visitors and
members express interest, organisers follow the interest up. Matching is services.matching."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hubapp.models import (
    ExpressionOfInterest,
    Group,
    Hub,
    Opportunity,
    OpportunityTag,
    Tag,
    Venue,
    stable_id,
)
from hubapp.models.database import Database
from hubapp.models.vocab import LocationKind, TagKind
from hubapp.services.errors import FieldProblem, NotFound, ValidationFailed
from hubapp.services.interest_shown import (
    CHANNELS,
    INTEREST_STATUSES,
    InterestRow,
    express_interest,
    interests_for,
    interests_waiting,
    mark_interest,
)
from hubapp.services.opportunity_times import DAYS, when_text
from hubapp.services.validation import normalise_postcode
from hubapp.services.vocabulary import resolve_tag

# Interest shown lives in its own module; it is part of this one's public face.
__all__ = [
    "CHANNELS",
    "INTEREST_STATUSES",
    "InterestRow",
    "OpportunityDetails",
    "OpportunityProfile",
    "OpportunityRow",
    "Recurrence",
    "clean_opportunity",
    "express_interest",
    "get_opportunity",
    "interests_for",
    "interests_waiting",
    "list_opportunities",
    "mark_interest",
    "post_opportunity",
    "recurrence_of",
    "reopen_opportunity",
    "update_opportunity",
    "withdraw_opportunity",
]


@dataclass
class Recurrence:
    """A regular slot: days of the week ("mon".."sun") and, optionally, times ("10:00")."""

    days: list[str] = field(default_factory=list)
    start: str = ""
    end: str = ""


@dataclass
class OpportunityDetails:
    """What the post-an-opportunity form holds, as typed. Either `one_off_at` (an aware
    datetime) or `recurrence`, or neither for "whenever suits" (e.g. a treasurer)."""

    title: str = ""
    description: str = ""
    group_id: str | None = None
    one_off_at: datetime | None = None
    recurrence: Recurrence | None = None
    location_kind: str = "hub"  # "hub", "venue" or "home"
    venue_id: str | None = None
    postcode: str = ""
    skills: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    step_free: bool = False
    transport_available: bool = False
    under_18_ok: bool = False
    welsh_needed: bool = False
    time_commitment: str = ""


@dataclass(frozen=True)
class OpportunityRow:
    """One line of the opportunities list. `when_text` and `place_text` are English; the
    structured fields are there for a screen that words them itself."""

    id: str
    title: str
    group_id: str | None
    group_name: str
    when_text: str
    place_text: str
    location_kind: str
    active: bool
    new_interest_count: int


@dataclass(frozen=True)
class OpportunityProfile:
    id: str
    details: OpportunityDetails
    group_name: str
    venue_name: str
    when_text: str
    place_text: str
    active: bool
    created_at: datetime


_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_LOCATIONS = tuple(k.value for k in LocationKind)
MAX_MESSAGE = 2000


def clean_opportunity(details: OpportunityDetails) -> OpportunityDetails:
    """Trimmed, checked details, or ValidationFailed naming every problem in form order.
    (Whether the group and venue exist is checked when saving.)"""
    problems: dict[str, str] = {}
    out = replace(details, skills=list(details.skills), interests=list(details.interests))
    out.title = " ".join(details.title.split())
    out.description = details.description.strip()
    out.time_commitment = " ".join(details.time_commitment.split())
    if not out.title:
        problems["title"] = "Give the opportunity a title, for example “Volunteer driver”."
    elif len(out.title) > 200:
        problems["title"] = "The title is too long (at most 200 characters)."
    if details.one_off_at is not None and details.one_off_at.tzinfo is None:
        problems["one_off_at"] = "The date and time must include a time zone."
    if details.one_off_at is not None and details.recurrence is not None:
        problems["recurrence"] = "Choose either a single date or a regular time, not both."
    elif details.recurrence is not None:
        problem = _recurrence_problem(details.recurrence)
        if problem:
            problems["recurrence"] = problem
    if details.location_kind not in _LOCATIONS:
        problems["location_kind"] = "Choose where it happens: the hub, a venue, or from home."
    elif details.location_kind == LocationKind.VENUE and not details.venue_id:
        problems["venue_id"] = "Choose the venue."
    out.postcode = ""
    if details.postcode.strip():
        try:
            out.postcode = normalise_postcode(details.postcode)
        except FieldProblem as problem:
            problems["postcode"] = problem.message
    if len(out.time_commitment) > 200:
        problems["time_commitment"] = "The time commitment is too long (at most 200 characters)."
    if problems:
        raise ValidationFailed(problems)
    return out


def _recurrence_problem(recurrence: Recurrence) -> str | None:
    if not recurrence.days or any(d not in DAYS for d in recurrence.days):
        return "Choose the days of the week it happens on."
    for typed in (recurrence.start, recurrence.end):
        if typed and not _TIME.match(typed):
            return f"“{typed}” is not a time. Times look like 10:00 or 14:30."
    if recurrence.end and not recurrence.start:
        return "Give the start time as well as the end time."
    if recurrence.start and recurrence.end and recurrence.end <= recurrence.start:
        return "The end time must be after the start time."
    return None


def _recurrence_json(recurrence: Recurrence | None) -> dict[str, Any]:
    if recurrence is None:
        return {}
    days = [d for d in DAYS if d in recurrence.days]
    return {"days": days, "start": recurrence.start, "end": recurrence.end}


def recurrence_of(stored: dict[str, Any] | None) -> Recurrence | None:
    """The stored recurrence as a Recurrence (older day-and-part rows give days only)."""
    if not stored:
        return None
    if "days" in stored:
        return Recurrence(list(stored["days"]), stored.get("start") or "", stored.get("end") or "")
    return Recurrence([d for d in DAYS if d in stored])


def _check_links(session: Session, clean: OpportunityDetails) -> None:
    problems: dict[str, str] = {}
    if clean.group_id is not None:
        group = session.get(Group, clean.group_id)
        if group is None or group.deleted:
            problems["group_id"] = "That group no longer exists."
    if clean.location_kind == LocationKind.VENUE and clean.venue_id:
        venue = session.get(Venue, clean.venue_id)
        if venue is None or venue.deleted:
            problems["venue_id"] = "That venue no longer exists."
    if problems:
        raise ValidationFailed(problems)


def _apply(opportunity: Opportunity, clean: OpportunityDetails) -> None:
    values: dict[str, Any] = {
        "title": clean.title,
        "description": clean.description or None,
        "group_id": clean.group_id,
        "one_off_at": clean.one_off_at,
        "recurrence": _recurrence_json(clean.recurrence),
        "location_kind": clean.location_kind,
        "venue_id": clean.venue_id if clean.location_kind == LocationKind.VENUE else None,
        "postcode": clean.postcode or None,
        "step_free": clean.step_free,
        "transport_available": clean.transport_available,
        "suitable_under_18": clean.under_18_ok,
        "welsh_needed": clean.welsh_needed,
        "time_commitment": clean.time_commitment or None,
    }
    for name, value in values.items():  # only real changes are written (and synced)
        if getattr(opportunity, name) != value:
            setattr(opportunity, name, value)


def _set_tags(session: Session, opportunity_id: str, clean: OpportunityDetails) -> None:
    wanted = {
        resolve_tag(session, kind, name).id
        for kind, names in ((TagKind.SKILL, clean.skills), (TagKind.INTEREST, clean.interests))
        for name in names
        if name.strip()
    }
    session.flush()
    existing = {
        link.tag_id: link
        for link in session.scalars(
            select(OpportunityTag).where(OpportunityTag.opportunity_id == opportunity_id)
        )
    }
    for tag_id in wanted:
        link = existing.get(tag_id)
        if link is None:
            link_id = stable_id("opportunity_tag", opportunity_id, tag_id)
            session.add(OpportunityTag(id=link_id, opportunity_id=opportunity_id, tag_id=tag_id))
        elif link.deleted:
            link.deleted = False
    for tag_id, link in existing.items():
        if tag_id not in wanted and not link.deleted:
            link.deleted = True


def post_opportunity(
    db: Database,
    details: OpportunityDetails,
    *,
    staff_user_id: str | None,
    opportunity_id: str | None = None,
) -> str:
    """Saves a new opportunity and returns its id. `opportunity_id` (chosen when the form
    opens) makes a second save of the same form find the first. Raises ValidationFailed."""
    clean = clean_opportunity(details)
    with db.write(staff_user_id) as session:
        if opportunity_id is not None and session.get(Opportunity, opportunity_id) is not None:
            return opportunity_id
        _check_links(session, clean)
        opportunity = Opportunity(hub_id=db.hub_id, active=True)
        if opportunity_id is not None:
            opportunity.id = opportunity_id
        _apply(opportunity, clean)
        session.add(opportunity)
        session.flush()
        _set_tags(session, opportunity.id, clean)
        return opportunity.id


def _live(session: Session, opportunity_id: str) -> Opportunity:
    opportunity = session.get(Opportunity, opportunity_id)
    if opportunity is None or opportunity.deleted:
        raise NotFound("That opportunity no longer exists.")
    return opportunity


def update_opportunity(
    db: Database, opportunity_id: str, details: OpportunityDetails, *, staff_user_id: str | None
) -> None:
    """Saves edits (only fields that changed are written). Raises ValidationFailed, NotFound."""
    clean = clean_opportunity(details)
    with db.write(staff_user_id) as session:
        opportunity = _live(session, opportunity_id)
        _check_links(session, clean)
        _apply(opportunity, clean)
        _set_tags(session, opportunity.id, clean)


def _set_active(db: Database, opportunity_id: str, active: bool, staff_user_id: str | None) -> None:
    with db.write(staff_user_id) as session:
        opportunity = _live(session, opportunity_id)
        if opportunity.active != active:
            opportunity.active = active


def withdraw_opportunity(db: Database, opportunity_id: str, *, staff_user_id: str | None) -> None:
    """Takes an opportunity off the kiosk and out of matching; interest shown stays."""
    _set_active(db, opportunity_id, False, staff_user_id)


def reopen_opportunity(db: Database, opportunity_id: str, *, staff_user_id: str | None) -> None:
    _set_active(db, opportunity_id, True, staff_user_id)


def place_text(location_kind: str, venue_name: str | None, hub_name: str | None) -> str:
    if location_kind == LocationKind.HOME:
        return "From home"
    if location_kind == LocationKind.VENUE:
        return venue_name or "A venue"
    return hub_name or "At the hub"


def list_opportunities(db: Database, active_only: bool = True) -> list[OpportunityRow]:
    """Live opportunities by title (withdrawn ones too unless `active_only`)."""
    waiting = (
        select(ExpressionOfInterest.opportunity_id, func.count().label("n"))
        .where(ExpressionOfInterest.status == "new", ExpressionOfInterest.deleted.is_(False))
        .group_by(ExpressionOfInterest.opportunity_id)
        .subquery()
    )
    query = (
        select(Opportunity, Group.name, Venue.name, Hub.name, func.coalesce(waiting.c.n, 0))
        .outerjoin(Group, Group.id == Opportunity.group_id)
        .outerjoin(Venue, Venue.id == Opportunity.venue_id)
        .outerjoin(Hub, Hub.id == Opportunity.hub_id)
        .outerjoin(waiting, waiting.c.opportunity_id == Opportunity.id)
        .where(Opportunity.deleted.is_(False))
        .order_by(func.lower(Opportunity.title), Opportunity.id)
    )
    if active_only:
        query = query.where(Opportunity.active.is_(True))
    with db.read() as session:
        return [
            OpportunityRow(
                id=o.id,
                title=o.title,
                group_id=o.group_id,
                group_name=group_name or "",
                when_text=when_text(o.one_off_at, o.recurrence),
                place_text=place_text(o.location_kind, venue_name, hub_name),
                location_kind=o.location_kind,
                active=o.active,
                new_interest_count=int(n),
            )
            for o, group_name, venue_name, hub_name, n in session.execute(query)
        ]


def get_opportunity(db: Database, opportunity_id: str) -> OpportunityProfile:
    """Raises NotFound."""
    with db.read() as session:
        o = _live(session, opportunity_id)
        tags = session.execute(
            select(Tag.kind, Tag.name)
            .join(OpportunityTag, OpportunityTag.tag_id == Tag.id)
            .where(OpportunityTag.opportunity_id == o.id, OpportunityTag.deleted.is_(False))
            .order_by(Tag.name)
        ).all()
        group = session.get(Group, o.group_id) if o.group_id else None
        venue = session.get(Venue, o.venue_id) if o.venue_id else None
        hub = session.get(Hub, o.hub_id) if o.hub_id else None
        details = OpportunityDetails(
            title=o.title,
            description=o.description or "",
            group_id=o.group_id,
            one_off_at=o.one_off_at,
            recurrence=recurrence_of(o.recurrence),
            location_kind=o.location_kind,
            venue_id=o.venue_id,
            postcode=o.postcode or "",
            skills=[name for kind, name in tags if kind == TagKind.SKILL],
            interests=[name for kind, name in tags if kind == TagKind.INTEREST],
            step_free=o.step_free,
            transport_available=o.transport_available,
            under_18_ok=o.suitable_under_18,
            welsh_needed=o.welsh_needed,
            time_commitment=o.time_commitment or "",
        )
        venue_name = venue.name if venue else ""
        return OpportunityProfile(
            id=o.id,
            details=details,
            group_name=group.name if group else "",
            venue_name=venue_name,
            when_text=when_text(o.one_off_at, o.recurrence),
            place_text=place_text(o.location_kind, venue_name, hub.name if hub else None),
            active=o.active,
            created_at=o.created_at,
        )
