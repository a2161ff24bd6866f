"""Action items agreed at a meeting: who does what by when, open or done. Open ones are
offered for the next agendas of the group (see agenda.carry_forward_candidates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import ActionItem, Meeting
from hubapp.models.database import Database
from hubapp.models.vocab import ActionStatus
from hubapp.services.errors import NotFound, ValidationFailed
from hubapp.services.meetings.agenda import action_view
from hubapp.services.meetings.guards import (
    current_memberships,
    editable_meeting,
    live_item,
    live_meeting,
    member_names,
)
from hubapp.services.meetings.views import ActionView


@dataclass
class ActionDetails:
    description: str = ""
    owner_member_id: str | None = None
    owner_name: str = ""  # someone who is not a member, e.g. "The clerk"
    due_on: date | None = None
    agenda_item_id: str | None = None


def _clean(
    details: ActionDetails, group_members: set[str], meeting_id: str, item_meeting_id: str | None
) -> dict[str, object]:
    problems: dict[str, str] = {}
    text = details.description.strip()
    if not text:
        problems["description"] = "Say what needs doing."
    if details.owner_member_id and details.owner_member_id not in group_members:
        problems["owner_member_id"] = "The owner must be a member of the group, or type a name."
    owner_name = " ".join(details.owner_name.split())
    if len(owner_name) > 200:
        problems["owner_name"] = "The name is too long (at most 200 characters)."
    if details.agenda_item_id and item_meeting_id != meeting_id:
        problems["agenda_item_id"] = "Choose an item of this meeting."
    if problems:
        raise ValidationFailed(problems)
    return {
        "description": text,
        "owner_member_id": details.owner_member_id or None,
        "owner_name": None if details.owner_member_id else (owner_name or None),
        "due_on": details.due_on,
        "agenda_item_id": details.agenda_item_id or None,
    }


def add_action(
    db: Database, meeting_id: str, details: ActionDetails, *, staff_user_id: str | None
) -> str:
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        item_meeting = (
            live_item(session, details.agenda_item_id).meeting_id
            if (details.agenda_item_id)
            else None
        )
        values = _clean(
            details, set(current_memberships(session, meeting.group_id)), meeting.id, item_meeting
        )
        action = ActionItem(meeting_id=meeting.id, **values)
        session.add(action)
        session.flush()
        return action.id


def edit_action(
    db: Database, action_id: str, details: ActionDetails, *, staff_user_id: str | None
) -> None:
    with db.write(staff_user_id) as session:
        action = _live_action(session, action_id)
        meeting = editable_meeting(session, action.meeting_id)
        item_meeting = (
            live_item(session, details.agenda_item_id).meeting_id
            if (details.agenda_item_id)
            else None
        )
        values = _clean(
            details, set(current_memberships(session, meeting.group_id)), meeting.id, item_meeting
        )
        for name, value in values.items():
            if getattr(action, name) != value:
                setattr(action, name, value)


def _live_action(session: Session, action_id: str) -> ActionItem:
    action = session.get(ActionItem, action_id)
    if action is None or action.deleted:
        raise NotFound("That action no longer exists.")
    return action


def set_action_done(
    db: Database,
    action_id: str,
    done: bool,
    *,
    on: date | None = None,
    staff_user_id: str | None,
) -> None:
    """Marks an action done (on `on`, today by default) or open again. Allowed after the
    minutes are approved: doing the work changes the action, not the minutes."""
    with db.write(staff_user_id) as session:
        action = _live_action(session, action_id)
        status = ActionStatus.DONE if done else ActionStatus.OPEN
        completed = (on or date.today()) if done else None
        if action.status != status:
            action.status = status
        if action.completed_on != completed:
            action.completed_on = completed


def remove_action(db: Database, action_id: str, *, staff_user_id: str | None) -> None:
    with db.write(staff_user_id) as session:
        action = _live_action(session, action_id)
        editable_meeting(session, action.meeting_id)
        action.deleted = True


def open_actions(db: Database, group_id: str) -> list[ActionView]:
    """Every open action of the group's meetings, soonest due first (undated last)."""
    with db.read() as session:
        actions = session.scalars(
            select(ActionItem)
            .join(Meeting, Meeting.id == ActionItem.meeting_id)
            .where(
                Meeting.group_id == group_id,
                Meeting.deleted.is_(False),
                ActionItem.deleted.is_(False),
                ActionItem.status == ActionStatus.OPEN,
            )
        ).all()
        names = member_names(session, (a.owner_member_id for a in actions))
        views = [action_view(a, names) for a in actions]
    views.sort(key=lambda a: (a.due_on is None, a.due_on or date.max, a.id))
    return views


def meeting_actions(db: Database, meeting_id: str) -> list[ActionView]:
    with db.read() as session:
        live_meeting(session, meeting_id)
        actions = session.scalars(
            select(ActionItem)
            .where(ActionItem.meeting_id == meeting_id, ActionItem.deleted.is_(False))
            .order_by(ActionItem.created_at)
        ).all()
        names = member_names(session, (a.owner_member_id for a in actions))
        return [action_view(a, names) for a in actions]
