"""Building the agenda: numbered items, the standard items, confidential items and papers,
and outstanding actions from earlier meetings carried forward. Only agenda items can be
decided, so "any other business" is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import ActionItem, AgendaItem, Meeting, uuid7
from hubapp.models.database import Database
from hubapp.models.vocab import ActionStatus
from hubapp.services.errors import NotFound, ValidationFailed
from hubapp.services.meetings.guards import (
    editable_item,
    editable_meeting,
    live_items,
    live_meeting,
    member_names,
)
from hubapp.services.meetings.views import ActionView

# (standard_kind, title) in the usual order of a parish council agenda.
_STANDARD = (
    ("apologies", "Apologies for absence"),
    ("declarations", "Declarations of interest"),
    ("minutes", "Minutes of the last meeting"),
    ("public_participation", "Public participation"),
    ("matters_arising", "Matters arising"),
    ("correspondence", "Correspondence"),
    ("finance", "Finance"),
    ("next_meeting", "Date of the next meeting"),
)

# "Any other business", "AOB", "A.O.B.", "other business": matters not on the summons
# cannot lawfully be decided, so such an item is refused rather than warned about.
_AOB = re.compile(r"\bany\s+other\s+business\b|\ba\.?\s?o\.?\s?b\b|^other\s+business$", re.I)


def standard_items() -> list[tuple[str, str]]:
    """The items offered on every new agenda, as (standard_kind, title)."""
    return list(_STANDARD)


@dataclass
class ItemDetails:
    title: str = ""
    description: str = ""
    confidential: bool = False
    # [{"name": "Budget 2027.pdf", "path": "/papers/budget.pdf"}]
    papers: list[dict[str, str]] = field(default_factory=list)
    standard_kind: str | None = None


def _clean(details: ItemDetails) -> ItemDetails:
    problems: dict[str, str] = {}
    title = " ".join(details.title.split())
    if not title:
        problems["title"] = "Give the item a title."
    elif _AOB.search(title):
        problems["title"] = (
            "An agenda cannot have “any other business”: only matters on the agenda can be "
            "decided. Give each matter its own item, or use “Items for the next agenda”."
        )
    elif len(title) > 300:
        problems["title"] = "The title is too long (at most 300 characters)."
    papers: list[dict[str, str]] = []
    for paper in details.papers:
        name = str(paper.get("name", "")).strip()
        path = str(paper.get("path", "")).strip()
        if not name and not path:
            continue
        if not name or not path:
            problems["papers"] = "Each paper needs a name and the file it is in."
            break
        papers.append({"name": name, "path": path})
    if problems:
        raise ValidationFailed(problems)
    return ItemDetails(
        title, details.description.strip(), details.confidential, papers, details.standard_kind
    )


def _renumber(items: list[AgendaItem]) -> None:
    for number, item in enumerate(items, start=1):
        if item.position != number:
            item.position = number


def _insert(session: Session, meeting: Meeting, item: AgendaItem, number: int | None) -> None:
    items = live_items(session, meeting.id)
    at = len(items) if number is None else max(0, min(number - 1, len(items)))
    items.insert(at, item)
    session.add(item)
    _renumber(items)


def add_item(
    db: Database,
    meeting_id: str,
    details: ItemDetails,
    *,
    number: int | None = None,
    staff_user_id: str | None,
) -> str:
    """Adds an item at `number` (1-based; at the end when None) and renumbers the rest."""
    clean = _clean(details)
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        item = AgendaItem(
            id=uuid7(),
            meeting_id=meeting.id,
            position=0,
            title=clean.title,
            description=clean.description or None,
            confidential=clean.confidential,
            papers=clean.papers,
            standard_kind=clean.standard_kind,
        )
        _insert(session, meeting, item, number)
        return item.id


def edit_item(
    db: Database, item_id: str, details: ItemDetails, *, staff_user_id: str | None
) -> None:
    clean = _clean(details)
    with db.write(staff_user_id) as session:
        item, _ = editable_item(session, item_id)
        values = {
            "title": clean.title,
            "description": clean.description or None,
            "confidential": clean.confidential,
            "papers": clean.papers,
        }
        for name, value in values.items():
            if getattr(item, name) != value:
                setattr(item, name, value)


def move_item(db: Database, item_id: str, number: int, *, staff_user_id: str | None) -> None:
    """Moves an item to `number` (1-based, clamped to the agenda) and renumbers."""
    with db.write(staff_user_id) as session:
        item, meeting = editable_item(session, item_id)
        items = [i for i in live_items(session, meeting.id) if i.id != item.id]
        items.insert(max(0, min(number - 1, len(items))), item)
        _renumber(items)


def remove_item(db: Database, item_id: str, *, staff_user_id: str | None) -> None:
    """Takes an item off the agenda (a tombstone) and renumbers the rest."""
    with db.write(staff_user_id) as session:
        item, meeting = editable_item(session, item_id)
        item.deleted = True
        _renumber([i for i in live_items(session, meeting.id) if i.id != item.id])


def set_item_notes(db: Database, item_id: str, notes: str, *, staff_user_id: str | None) -> None:
    """The clerk's notes of the discussion of an item, for the minutes."""
    with db.write(staff_user_id) as session:
        item, _ = editable_item(session, item_id)
        value = notes.strip() or None
        if item.discussion_notes != value:
            item.discussion_notes = value


def carry_forward_candidates(db: Database, meeting_id: str) -> list[ActionView]:
    """Open actions from earlier meetings of the same group not yet on this agenda, oldest
    first."""
    with db.read() as session:
        meeting = live_meeting(session, meeting_id)
        carried = set(
            session.scalars(
                select(AgendaItem.carried_from_action_id).where(
                    AgendaItem.meeting_id == meeting_id, AgendaItem.deleted.is_(False)
                )
            )
        )
        actions = session.scalars(
            select(ActionItem)
            .join(Meeting, Meeting.id == ActionItem.meeting_id)
            .where(
                Meeting.group_id == meeting.group_id,
                Meeting.deleted.is_(False),
                Meeting.starts_at < meeting.starts_at,
                ActionItem.deleted.is_(False),
                ActionItem.status == ActionStatus.OPEN,
            )
            .order_by(Meeting.starts_at, ActionItem.created_at)
        ).all()
        names = member_names(session, (a.owner_member_id for a in actions))
        return [action_view(a, names) for a in actions if a.id not in carried]


def action_view(action: ActionItem, names: dict[str, str]) -> ActionView:
    owner = names.get(action.owner_member_id or "", "") or action.owner_name or ""
    return ActionView(
        id=action.id,
        meeting_id=action.meeting_id,
        agenda_item_id=action.agenda_item_id,
        description=action.description,
        owner_member_id=action.owner_member_id,
        owner_name=owner,
        due_on=action.due_on,
        status=action.status,
        completed_on=action.completed_on,
    )


def add_carried_item(
    db: Database,
    meeting_id: str,
    action_id: str,
    *,
    number: int | None = None,
    staff_user_id: str | None,
) -> str:
    """Puts an outstanding action on the agenda as an item of its own."""
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        action = session.get(ActionItem, action_id)
        if action is None or action.deleted:
            raise NotFound("That action no longer exists.")
        for existing in live_items(session, meeting.id):
            if existing.carried_from_action_id == action_id:
                return existing.id
        title = " ".join(action.description.split())
        if len(title) > 280:
            title = title[:279] + "…"
        item = AgendaItem(
            id=uuid7(),
            meeting_id=meeting.id,
            position=0,
            title=f"Outstanding action: {title}",
            carried_from_action_id=action.id,
            papers=[],
        )
        _insert(session, meeting, item, number)
        return item.id
