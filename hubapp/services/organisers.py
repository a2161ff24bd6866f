"""Group organisers' accounts: a staff account linked to a member, acting for the groups in
which that member is an officer now. Every opportunity service asks `acting_for` before it
reads or writes, so an organiser's reach follows their roles the moment those change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hubapp.models import Group, GroupMembership, Member, StaffUser
from hubapp.models.database import Database
from hubapp.models.vocab import GroupRole, StaffRole
from hubapp.services.errors import NotAllowed
from hubapp.services.member_search import MemberQuery, member_rows, search_first_keys

# The roles in a group that let its member act for it through an organiser account.
OFFICER_ROLES = frozenset({GroupRole.ORGANISER, GroupRole.CHAIR, GroupRole.SECRETARY,
                           GroupRole.TREASURER})  # fmt: skip

NOT_YOUR_GROUP = (
    "“{title}” belongs to a group you are not an officer of, so your account cannot see or "
    "change it."
)
POST_FOR_YOUR_GROUP = (
    "Choose one of your groups: an organiser account posts only for the groups its member is "
    "an officer of."
)
NO_GROUPS = (
    "You are not an officer of any group at the moment, so your account cannot post or "
    "follow up ways to get involved. Ask the hub's staff if that is wrong."
)


@dataclass(frozen=True)
class OfficerRole:
    group_id: str
    group_name: str
    role: str


@dataclass(frozen=True)
class ActingFor:
    """Whose opportunities a staff account may act on: every group's and the hub's own
    (`group_ids` is None, hub staff), or only these groups' (an organiser)."""

    group_ids: frozenset[str] | None

    @property
    def everything(self) -> bool:
        return self.group_ids is None

    def allows(self, group_id: str | None) -> bool:
        if self.group_ids is None:
            return True
        return group_id is not None and group_id in self.group_ids


EVERYTHING = ActingFor(None)


def officer_roles(session: Session, member_ids: list[str]) -> dict[str, list[OfficerRole]]:
    """Each member's current officer roles in live groups, by group name."""
    if not member_ids:
        return {}
    today = date.today()
    query = (
        select(GroupMembership.member_id, Group.id, Group.name, GroupMembership.role)
        .join(Group, Group.id == GroupMembership.group_id)
        .join(Member, Member.id == GroupMembership.member_id)
        .where(
            GroupMembership.member_id.in_(member_ids),
            GroupMembership.role.in_([r.value for r in OFFICER_ROLES]),
            GroupMembership.deleted.is_(False),
            or_(GroupMembership.left_on.is_(None), GroupMembership.left_on > today),
            Group.deleted.is_(False),
            Member.deleted.is_(False),
            Member.erased_at.is_(None),
        )
        .order_by(Group.name, Group.id)
    )
    out: dict[str, list[OfficerRole]] = {}
    for member_id, group_id, name, role in session.execute(query):
        out.setdefault(member_id, []).append(OfficerRole(group_id, name, role))
    return out


def acting_for(session: Session, staff_user_id: str | None) -> ActingFor:
    """Hub staff (and the kiosk, which has no staff account) act for everyone; an organiser
    account only for the groups its member is an officer of today; an account that is not
    known here, switched off or deleted, for no one."""
    if staff_user_id is None:
        return EVERYTHING
    staff = session.get(StaffUser, staff_user_id)
    if staff is None or not staff.active or staff.deleted:
        return ActingFor(frozenset())  # an unknown or switched-off account acts for nobody
    if staff.role != StaffRole.ORGANISER:
        return EVERYTHING
    if staff.member_id is None:
        return ActingFor(frozenset())
    roles = officer_roles(session, [staff.member_id]).get(staff.member_id, [])
    return ActingFor(frozenset(r.group_id for r in roles))


def acting_for_groups(db: Database, staff_user_id: str | None) -> ActingFor:
    """`acting_for` in a unit of work of its own (for screens choosing what to offer)."""
    with db.read() as session:
        return acting_for(session, staff_user_id)


def require_group(scope: ActingFor, group_id: str | None) -> None:
    """Posting for `group_id` (None: the hub itself). Raises NotAllowed."""
    if scope.allows(group_id):
        return
    raise NotAllowed(NO_GROUPS if not scope.group_ids else POST_FOR_YOUR_GROUP)


def require_opportunity(scope: ActingFor, group_id: str | None, title: str) -> None:
    """Acting on an existing opportunity of `group_id`. Raises NotAllowed."""
    if not scope.allows(group_id):
        raise NotAllowed(NOT_YOUR_GROUP.replace("{title}", title))


@dataclass(frozen=True)
class AccountCandidate:
    """A member an organiser account could be made for, with their officer roles (none:
    such an account could do nothing)."""

    member_id: str
    display_name: str
    postcode: str
    email: str
    roles: tuple[OfficerRole, ...]


def find_account_candidates(db: Database, text: str, limit: int = 8) -> list[AccountCandidate]:
    """Members matching what is typed (name, email, phone or postcode), officers first."""
    if not text.strip():
        return []
    with db.read() as session:
        keys = search_first_keys(session, MemberQuery(text=text), limit).keys[:limit]
        rows = member_rows(session, keys)
        roles = officer_roles(session, [r.id for r in rows])
    found = [
        AccountCandidate(r.id, r.display_name, r.postcode, r.email, tuple(roles.get(r.id, [])))
        for r in rows
    ]
    found.sort(key=lambda c: not c.roles)  # stable: keeps the search's order within each
    return found


def officer_roles_of(db: Database, member_id: str) -> list[OfficerRole]:
    with db.read() as session:
        return officer_roles(session, [member_id]).get(member_id, [])
