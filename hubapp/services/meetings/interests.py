"""Declarations of interest, per agenda item. A member who declares a pecuniary interest in
an item is left out of that item's vote."""

from __future__ import annotations

from hubapp.models import InterestDeclaration, stable_id
from hubapp.models.database import Database
from hubapp.models.vocab import InterestKind
from hubapp.services.errors import NotFound, ValidationFailed
from hubapp.services.meetings.guards import current_memberships, editable_item, editable_meeting

INTEREST_LABELS: dict[str, str] = {
    InterestKind.PECUNIARY: "Disclosable pecuniary interest",
    InterestKind.OTHER_REGISTRABLE: "Other registrable interest",
    InterestKind.NON_REGISTRABLE: "Non-registrable interest",
}


def declare_interest(
    db: Database,
    item_id: str,
    member_id: str,
    kind: str,
    note: str = "",
    *,
    staff_user_id: str | None,
) -> str:
    """Records a member's interest in an item. One declaration per member and item (the
    same id on every hub): declaring again replaces the kind and note."""
    if kind not in {k.value for k in InterestKind}:
        raise ValidationFailed(
            {
                "kind": "Choose the kind of interest: pecuniary, other registrable or "
                "non-registrable."
            }
        )
    with db.write(staff_user_id) as session:
        item, meeting = editable_item(session, item_id)
        if member_id not in current_memberships(session, meeting.group_id):
            raise ValidationFailed({"member_id": "Only members of the group declare interests."})
        row_id = stable_id("interest", item.id, member_id)
        row = session.get(InterestDeclaration, row_id)
        if row is None:
            row = InterestDeclaration(
                id=row_id, agenda_item_id=item.id, member_id=member_id, kind=kind
            )
            session.add(row)
        values = {"deleted": False, "kind": kind, "note": note.strip() or None}
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        return row.id


def withdraw_declaration(db: Database, declaration_id: str, *, staff_user_id: str | None) -> None:
    """Removes a declaration recorded by mistake (a tombstone)."""
    with db.write(staff_user_id) as session:
        row = session.get(InterestDeclaration, declaration_id)
        if row is None or row.deleted:
            raise NotFound("That declaration no longer exists.")
        item, _ = editable_item(session, row.agenda_item_id)
        editable_meeting(session, item.meeting_id)
        row.deleted = True
