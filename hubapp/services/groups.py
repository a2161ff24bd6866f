"""Community groups and councils: registering and editing them, who belongs in which role,
and the lists and searches the groups screens and the global search read."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from hubapp.models import Group, GroupMembership, Member, stable_id
from hubapp.models.database import Database
from hubapp.models.people import fold
from hubapp.models.vocab import GroupKind, GroupRole
from hubapp.services.errors import FieldProblem, NotFound, ValidationFailed
from hubapp.services.member_search import MemberQuery, member_rows, search_first_keys
from hubapp.services.members import enlist_in_session
from hubapp.services.validation import clean_name, format_phone, normalise_email, normalise_phone

# Offered in the form; staff may type any other category.
SUGGESTED_CATEGORIES = (
    "Arts and crafts",
    "Befriending",
    "Children and families",
    "Environment and gardening",
    "Health and wellbeing",
    "Heritage and history",
    "Local democracy",
    "Music and choirs",
    "Reading and learning",
    "Sport and exercise",
    "Volunteering",
    "Welsh language",
    "Young people",
)

# Officers first on a group's page, then everyone else.
ROLE_ORDER = (
    GroupRole.CHAIR,
    GroupRole.SECRETARY,
    GroupRole.TREASURER,
    GroupRole.ORGANISER,
    GroupRole.MEMBER,
)

_LIMITS = {"name": 200, "welsh_name": 200, "category": 80, "area_served": 200}
_TEXT_FIELDS = ("welsh_name", "purpose", "category", "area_served", "contact_name")


@dataclass
class GroupDetails:
    """What the register-a-group form holds, as typed."""

    name: str = ""
    welsh_name: str = ""
    kind: str = GroupKind.COMMUNITY_GROUP
    purpose: str = ""
    category: str = ""
    area_served: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    is_public: bool = True


class GroupNameTaken(ValidationFailed):
    """Another live group already has this name; `existing_id` lets the form offer to open it."""

    def __init__(self, name: str, existing_id: str) -> None:
        super().__init__(
            {
                "name": f"There is already a group called “{name}”. Choose a different name "
                "(for example add the place), or open that group instead."
            }
        )
        self.existing_id = existing_id


@dataclass(frozen=True)
class GroupSummary:
    id: str
    name: str
    already_saved: bool = False


@dataclass(frozen=True)
class GroupRow:
    id: str
    name: str
    welsh_name: str
    kind: str
    category: str
    area_served: str
    is_public: bool
    member_count: int


@dataclass(frozen=True)
class GroupMemberRow:
    member_id: str
    display_name: str
    role: str
    joined_on: date | None
    email: str
    phone: str
    postcode: str


@dataclass(frozen=True)
class GroupProfile:
    id: str
    details: GroupDetails
    created_at: datetime
    deleted: bool
    members: list[GroupMemberRow]

    @property
    def member_count(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class MembershipChange:
    """What a membership was before a change, so the screen can offer Undo."""

    group_id: str
    member_id: str
    display_name: str
    role: str
    already_member: bool = False


@dataclass(frozen=True)
class EnlistCandidate:
    member_id: str
    display_name: str
    email: str
    phone: str
    postcode: str
    already_member: bool


def validate_group_details(details: GroupDetails) -> dict[str, str]:
    """Every problem with the details, by field, in form order (empty when all is well)."""
    try:
        clean_group_details(details)
    except ValidationFailed as failed:
        return failed.problems
    return {}


def clean_group_details(details: GroupDetails) -> GroupDetails:
    """Trimmed and normalised details, or ValidationFailed naming every problem."""
    problems: dict[str, str] = {}
    out = replace(details)
    for name in ("name", *_TEXT_FIELDS):
        typed = unicodedata.normalize("NFC", str(getattr(details, name)))
        setattr(out, name, " ".join(typed.split()))
    out.purpose = details.purpose.strip()
    if not out.name:
        problems["name"] = "Give the group a name."
    labels = {
        "name": "The name",
        "welsh_name": "The Welsh name",
        "category": "The category",
        "area_served": "The area served",
    }
    for name, limit in _LIMITS.items():
        if len(getattr(out, name)) > limit and name not in problems:
            problems[name] = f"{labels[name]} is too long (at most {limit} characters)."
    if out.kind not in {k.value for k in GroupKind}:
        problems["kind"] = "Choose what kind of group this is."
    try:
        out.contact_name = clean_name(
            details.contact_name, "contact_name", required=False, label="Contact name"
        )
    except FieldProblem as problem:
        problems["contact_name"] = problem.message
    out.contact_email = ""
    if details.contact_email.strip():
        try:
            out.contact_email = normalise_email(details.contact_email, "contact_email")
        except FieldProblem as problem:
            problems["contact_email"] = problem.message
    out.contact_phone = ""
    if details.contact_phone.strip():
        try:
            out.contact_phone = normalise_phone(details.contact_phone, "contact_phone")
        except FieldProblem as problem:
            problems["contact_phone"] = problem.message
    if problems:
        order = [f.name for f in fields(GroupDetails)]
        raise ValidationFailed({k: problems[k] for k in order if k in problems})
    return out


def _check_name_free(session: Session, name: str, exclude_id: str | None) -> None:
    # Compared folded (case and accents), so "Cor Meibion" cannot sit beside "Côr Meibion".
    # Groups number in the hundreds, so reading their names is cheap.
    wanted = fold(name)
    query = select(Group.id, Group.name).where(Group.deleted.is_(False))
    for group_id, existing in session.execute(query):
        if group_id != exclude_id and fold(existing) == wanted:
            raise GroupNameTaken(existing, group_id)


def _apply(group: Group, clean: GroupDetails) -> None:
    # Only real changes are written, so only they are journalled and synced.
    for f in fields(GroupDetails):
        value: Any = getattr(clean, f.name)
        if isinstance(value, str) and f.name not in ("name", "kind"):
            value = value or None
        if getattr(group, f.name) != value:
            setattr(group, f.name, value)


def register_group(
    db: Database, details: GroupDetails, *, staff_user_id: str | None, group_id: str | None = None
) -> GroupSummary:
    """Registers a group. `group_id` is chosen when the form opens, so saving twice finds the
    first save and never makes a second group. Raises ValidationFailed (GroupNameTaken)."""
    clean = clean_group_details(details)
    with db.write(staff_user_id) as session:
        if group_id is not None:
            existing = session.get(Group, group_id)
            if existing is not None:
                return GroupSummary(existing.id, existing.name, already_saved=True)
        _check_name_free(session, clean.name, None)
        group = Group(hub_id=db.hub_id)
        if group_id is not None:
            group.id = group_id
        _apply(group, clean)
        session.add(group)
        session.flush()
        return GroupSummary(group.id, group.name)


def _live_group(session: Session, group_id: str) -> Group:
    group = session.get(Group, group_id)
    if group is None or group.deleted:
        raise NotFound("That group no longer exists.")
    return group


def update_group(
    db: Database, group_id: str, details: GroupDetails, *, staff_user_id: str | None
) -> GroupSummary:
    clean = clean_group_details(details)
    with db.write(staff_user_id) as session:
        group = _live_group(session, group_id)
        _check_name_free(session, clean.name, group_id)
        _apply(group, clean)
        return GroupSummary(group.id, group.name)


def set_group_deleted(
    db: Database, group_id: str, deleted: bool, *, staff_user_id: str | None
) -> GroupSummary:
    """Soft delete (a tombstone that syncs) or its undo. Memberships are kept, so undoing
    brings the group back with everyone in it."""
    with db.write(staff_user_id) as session:
        group = session.get(Group, group_id)
        if group is None:
            raise NotFound("That group no longer exists.")
        if not deleted and group.deleted:
            _check_name_free(session, group.name, group_id)
        if group.deleted != deleted:
            group.deleted = deleted
        return GroupSummary(group.id, group.name)


# A current membership of a live member: what every count and list of a group's members means.
# Queries using it select from GroupMembership joined to Member on `_MEMBER_OF_LINK`.
_MEMBER_OF_LINK = Member.id == GroupMembership.member_id
_CURRENT_LINK = (
    GroupMembership.deleted.is_(False),
    Member.deleted.is_(False),
    Member.erased_at.is_(None),
)


def _member_counts() -> Any:
    return (
        select(GroupMembership.group_id, func.count().label("n"))
        .join(Member, _MEMBER_OF_LINK)
        .where(*_CURRENT_LINK)
        .group_by(GroupMembership.group_id)
        .subquery()
    )


def _group_rows(
    session: Session, include_private: bool = True, *, with_counts: bool = True
) -> list[GroupRow]:
    """Live groups by name. Counting members walks every membership (~0.3 s at 100,000
    members), so the search-as-you-type callers skip it."""
    if with_counts:
        counts = _member_counts()
        query = (
            select(Group, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.group_id == Group.id)
            .where(Group.deleted.is_(False))
        )
    else:
        query = select(Group, literal(0)).where(Group.deleted.is_(False))
    if not include_private:
        query = query.where(Group.is_public.is_(True))
    rows = [
        GroupRow(
            id=g.id,
            name=g.name,
            welsh_name=g.welsh_name or "",
            kind=g.kind,
            category=g.category or "",
            area_served=g.area_served or "",
            is_public=g.is_public,
            member_count=int(n),
        )
        for g, n in session.execute(query)
    ]
    rows.sort(key=lambda r: (fold(r.name), r.id))
    return rows


def _haystack(row: GroupRow) -> str:
    return fold(" ".join((row.name, row.welsh_name, row.category, row.area_served)))


def list_groups(
    db: Database, text: str = "", include_private: bool = True, *, with_counts: bool = True
) -> list[GroupRow]:
    """Live groups by name; `text` keeps those whose name, Welsh name, category or area
    contain every typed word (ignoring case and accents: "cor" finds "Côr"). Without
    counts, every `member_count` is 0."""
    with db.read() as session:
        rows = _group_rows(session, include_private, with_counts=with_counts)
    words = fold(text).split()
    if not words:
        return rows
    return [r for r in rows if all(w in _haystack(r) for w in words)]


def search_groups(db: Database, text: str, limit: int = 8) -> list[GroupRow]:
    """For the global search: names starting with the text first, then names with a word
    starting with it, then any other match."""
    typed = fold(text)
    if not typed:
        return []

    def rank(row: GroupRow) -> int:
        names = [fold(row.name), fold(row.welsh_name)]
        if any(n.startswith(typed) for n in names):
            return 0
        if any(f" {typed}" in f" {n}" for n in names):
            return 1
        return 2

    found = list_groups(db, text, with_counts=False)
    found.sort(key=rank)  # stable: keeps name order within each rank
    return found[:limit]


def _details_of(group: Group) -> GroupDetails:
    return GroupDetails(
        name=group.name,
        welsh_name=group.welsh_name or "",
        kind=group.kind,
        purpose=group.purpose or "",
        category=group.category or "",
        area_served=group.area_served or "",
        contact_name=group.contact_name or "",
        contact_email=group.contact_email or "",
        contact_phone=format_phone(group.contact_phone) if group.contact_phone else "",
        is_public=group.is_public,
    )


def get_group(db: Database, group_id: str) -> GroupProfile:
    """A group's details and its members (officers first, then by surname)."""
    with db.read() as session:
        group = session.get(Group, group_id)
        if group is None:
            raise NotFound("That group no longer exists.")
        members = [
            GroupMemberRow(
                member_id=m.id,
                display_name=m.display_name,
                role=gm.role,
                joined_on=gm.joined_on,
                email=m.email or "",
                phone=format_phone(m.phone) if m.phone else "",
                postcode=m.postcode or "",
            )
            for gm, m in session.execute(
                select(GroupMembership, Member)
                .join(Member, _MEMBER_OF_LINK)
                .where(GroupMembership.group_id == group_id, *_CURRENT_LINK)
                .order_by(Member.sort_key, Member.id)
            )
        ]
        rank = {role.value: i for i, role in enumerate(ROLE_ORDER)}
        members.sort(key=lambda r: rank.get(r.role, len(rank)))
        return GroupProfile(group.id, _details_of(group), group.created_at, group.deleted, members)


def _check_role(role: str) -> None:
    if role not in {r.value for r in GroupRole}:
        raise ValidationFailed(
            {"role": "Choose a role: member, organiser, chair, treasurer or secretary."}
        )


def _live_member(session: Session, member_id: str) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted or member.erased_at is not None:
        raise NotFound("That member's record no longer exists.")
    return member


def _link(session: Session, group_id: str, member_id: str) -> GroupMembership | None:
    return session.get(GroupMembership, stable_id("group_membership", group_id, member_id))


def enlist_member(
    db: Database,
    group_id: str,
    member_id: str,
    role: str = GroupRole.MEMBER,
    *,
    staff_user_id: str | None,
) -> MembershipChange:
    """Adds a member to a group (reviving their old row if they had left). Someone already in
    the group keeps their role: enlisting twice never demotes a chair."""
    _check_role(role)
    with db.write(staff_user_id) as session:
        _live_group(session, group_id)
        member = _live_member(session, member_id)
        link = _link(session, group_id, member_id)
        if link is not None and not link.deleted:
            return MembershipChange(group_id, member_id, member.display_name, link.role, True)
        enlist_in_session(session, group_id, member_id, role)
        return MembershipChange(group_id, member_id, member.display_name, role)


def set_member_role(
    db: Database, group_id: str, member_id: str, role: str, *, staff_user_id: str | None
) -> MembershipChange:
    """Changes a member's role; returns the role they had before."""
    _check_role(role)
    with db.write(staff_user_id) as session:
        member = _live_member(session, member_id)
        link = _link(session, group_id, member_id)
        if link is None or link.deleted:
            raise NotFound("That member is no longer in this group.")
        before = link.role
        if link.role != role:
            link.role = role
        return MembershipChange(group_id, member_id, member.display_name, before)


def remove_member(
    db: Database, group_id: str, member_id: str, *, staff_user_id: str | None
) -> MembershipChange:
    """Takes a member out of a group (a tombstone, with the day they left)."""
    with db.write(staff_user_id) as session:
        link = _link(session, group_id, member_id)
        if link is None or link.deleted:
            raise NotFound("That member is no longer in this group.")
        member = session.get(Member, member_id)
        link.deleted = True
        link.left_on = date.today()
        name = member.display_name if member is not None else ""
        return MembershipChange(group_id, member_id, name, link.role)


def restore_member(
    db: Database, group_id: str, member_id: str, *, staff_user_id: str | None
) -> MembershipChange:
    """Undoes remove_member: same row, same role and joining date."""
    with db.write(staff_user_id) as session:
        _live_group(session, group_id)
        member = _live_member(session, member_id)
        link = _link(session, group_id, member_id)
        if link is None:
            raise NotFound("That member was never in this group.")
        if link.deleted:
            link.deleted = False
            link.left_on = None
        return MembershipChange(group_id, member_id, member.display_name, link.role)


def group_member_ids(db: Database, group_id: str) -> set[str]:
    """Ids of the group's current members."""
    with db.read() as session:
        return set(
            session.scalars(
                select(GroupMembership.member_id)
                .join(Member, _MEMBER_OF_LINK)
                .where(GroupMembership.group_id == group_id, *_CURRENT_LINK)
            )
        )


def find_members_to_enlist(
    db: Database, group_id: str, text: str, limit: int = 8
) -> list[EnlistCandidate]:
    """Members matching what is typed (name, email, phone or postcode), for the enlist
    picker; those already in the group are marked rather than hidden, to avoid confusion."""
    if not text.strip():
        return []
    with db.read() as session:
        keys = search_first_keys(session, MemberQuery(text=text), limit).keys[:limit]
        rows = member_rows(session, keys)
        ids = [r.id for r in rows]
        in_group = set(
            session.scalars(
                select(GroupMembership.member_id).where(
                    GroupMembership.group_id == group_id,
                    GroupMembership.member_id.in_(ids),
                    GroupMembership.deleted.is_(False),
                )
            )
        )
    return [
        EnlistCandidate(r.id, r.display_name, r.email, r.phone, r.postcode, r.id in in_group)
        for r in rows
    ]
