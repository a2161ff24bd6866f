"""A parish council with seven voting councillors (and one non-voting adviser), and a
helper to schedule its meetings. `make_council` is importable (tests.meetings.council) so
that the meeting screens' tests can use the same council."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hubapp.models import GroupMembership, stable_id
from hubapp.models.database import Database
from hubapp.models.vocab import GroupKind, GroupRole
from hubapp.services import groups
from hubapp.services.groups import GroupDetails
from hubapp.services.meetings.scheduling import MeetingDetails, schedule_meeting
from hubapp.services.members import MemberDetails, sign_up_member
from hubapp.services.staff import SignedInStaff

COUNCILLORS = (
    ("Siân", "Davies"),
    ("Gareth", "Evans"),
    ("Megan", "Hughes"),
    ("Owen", "Jones"),
    ("Ffion", "Lloyd"),
    ("Rhys", "Morgan"),
    ("Eleri", "Price"),
)


@dataclass
class Council:
    db: Database
    staff: str
    group_id: str
    members: list[str]  # the seven voting councillors, in COUNCILLORS order; [0] chairs
    adviser: str  # a member of the council without a vote
    names: dict[str, str]

    def meeting(self, starts: datetime, **kw: object) -> str:
        details = MeetingDetails(
            group_id=self.group_id,
            starts_at=starts,
            venue_text="Village hall, Llanfair",
            chair_member_id=self.members[0],
            clerk_name="Bethan Rees",
        )
        for name, value in kw.items():
            setattr(details, name, value)
        return schedule_meeting(self.db, details, staff_user_id=self.staff)


def make_council(db: Database, admin: SignedInStaff) -> Council:
    group_id = groups.register_group(
        db,
        GroupDetails(name="Llanfair Parish Council", kind=GroupKind.PARISH_COUNCIL),
        staff_user_id=admin.id,
    ).id
    ids: list[str] = []
    names: dict[str, str] = {}
    for n, (first, last) in enumerate((*COUNCILLORS, ("Alun", "Adviser"))):
        details = MemberDetails(first_name=first, last_name=last, email=f"cllr{n}@example.org")
        member_id = sign_up_member(db, details, staff_user_id=admin.id).id
        role = GroupRole.CHAIR if n == 0 else GroupRole.MEMBER
        groups.enlist_member(db, group_id, member_id, role, staff_user_id=admin.id)
        ids.append(member_id)
        names[member_id] = f"{first} {last}"
    with db.write(admin.id) as session:
        link = session.get(GroupMembership, stable_id("group_membership", group_id, ids[-1]))
        assert link is not None
        link.is_voting = False
    return Council(db, admin.id, group_id, ids[:7], ids[7], names)
