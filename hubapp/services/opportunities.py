"""Ways to get involved ("opportunities"): staff and organisers post them, visitors and
members express interest, organisers follow the interest up. Matching is services.matching.

Every call names the staff account acting (`staff_user_id`): a group organiser's account
reads and changes only its groups' opportunities (services.organisers), whatever screen asks.
None is the kiosk or a script, which act for the hub."""

from __future__ import annotations

from dataclasses import dataclass
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
from hubapp.services.errors import NotFound, ValidationFailed
from hubapp.services.interest_shown import (
    CHANNELS,
    INTEREST_STATUSES,
    InterestRow,
    express_interest,
    interests_for,
    interests_waiting,
    mark_interest,
)
from hubapp.services.opportunity_details import (
    OpportunityDetails,
    Recurrence,
    clean_opportunity,
    recurrence_json,
    recurrence_of,
)
from hubapp.services.opportunity_times import when_text
from hubapp.services.organisers import ActingFor, acting_for, require_group, require_opportunity
from hubapp.services.vocabulary import resolve_tag

# Interest shown and the form's details live in their own modules; they are part of this
# one's public face.
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
        "recurrence": recurrence_json(clean.recurrence),
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
    opens) makes a second save of the same form find the first. An organiser posts only for
    their own groups. Raises ValidationFailed, NotAllowed."""
    clean = clean_opportunity(details)
    with db.write(staff_user_id) as session:
        scope = acting_for(session, staff_user_id)
        if opportunity_id is not None:
            saved = session.get(Opportunity, opportunity_id)
            if saved is not None:
                require_opportunity(scope, saved.group_id, saved.title)
                return opportunity_id
        require_group(scope, clean.group_id)
        _check_links(session, clean)
        opportunity = Opportunity(hub_id=db.hub_id, active=True)
        if opportunity_id is not None:
            opportunity.id = opportunity_id
        _apply(opportunity, clean)
        session.add(opportunity)
        session.flush()
        _set_tags(session, opportunity.id, clean)
        return opportunity.id


def _live(session: Session, opportunity_id: str, scope: ActingFor) -> Opportunity:
    """The opportunity, if it exists and the acting account may act on it."""
    opportunity = session.get(Opportunity, opportunity_id)
    if opportunity is None or opportunity.deleted:
        raise NotFound("That opportunity no longer exists.")
    require_opportunity(scope, opportunity.group_id, opportunity.title)
    return opportunity


def update_opportunity(
    db: Database, opportunity_id: str, details: OpportunityDetails, *, staff_user_id: str | None
) -> None:
    """Saves edits (only fields that changed are written). An organiser edits only their
    groups' opportunities, and cannot hand one to another group. Raises ValidationFailed,
    NotFound, NotAllowed."""
    clean = clean_opportunity(details)
    with db.write(staff_user_id) as session:
        scope = acting_for(session, staff_user_id)
        opportunity = _live(session, opportunity_id, scope)
        if clean.group_id != opportunity.group_id:
            require_group(scope, clean.group_id)
        _check_links(session, clean)
        _apply(opportunity, clean)
        _set_tags(session, opportunity.id, clean)


def _set_active(db: Database, opportunity_id: str, active: bool, staff_user_id: str | None) -> None:
    with db.write(staff_user_id) as session:
        opportunity = _live(session, opportunity_id, acting_for(session, staff_user_id))
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


def list_opportunities(
    db: Database, active_only: bool = True, *, staff_user_id: str | None = None
) -> list[OpportunityRow]:
    """Live opportunities by title (withdrawn ones too unless `active_only`); for an
    organiser's account, only their groups' ones."""
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
        scope = acting_for(session, staff_user_id)
        if scope.group_ids is not None:
            query = query.where(Opportunity.group_id.in_(scope.group_ids))
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


def get_opportunity(
    db: Database, opportunity_id: str, *, staff_user_id: str | None = None
) -> OpportunityProfile:
    """Raises NotFound, NotAllowed (an organiser asking for another group's)."""
    with db.read() as session:
        o = _live(session, opportunity_id, acting_for(session, staff_user_id))
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
