"""A member's page: their details, groups, consents, activity, and the history of changes to
them told in words (from the `changes` journal)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from hubapp.models import (
    Activity,
    Change,
    ConsentRecord,
    Group,
    GroupMembership,
    Member,
    StaffUser,
)
from hubapp.models.database import Database
from hubapp.services.consent import ConsentState, current_consents
from hubapp.services.errors import NotFound
from hubapp.services.members import MemberDetails, details_of


@dataclass(frozen=True)
class GroupLink:
    group_id: str
    group_name: str
    role: str
    joined_on: date | None


@dataclass(frozen=True)
class ActivityEntry:
    kind: str
    occurred_on: date
    hours: float | None
    description: str | None


@dataclass(frozen=True)
class HistoryEntry:
    """One thing that happened to a member's details, in words: `what` is a fixed phrase
    ("Signed up", "Changed details", "Consent given"...), `fields` the details changed (or
    the consent purposes concerned), `also` what else changed at the same time."""

    when: datetime
    who: str
    what: str
    fields: tuple[str, ...]
    also: tuple[str, ...] = ()
    remote: bool = False


@dataclass(frozen=True)
class MemberProfile:
    id: str
    details: MemberDetails
    display_name: str
    membership_number: str | None
    created_at: datetime
    deleted: bool
    groups: list[GroupLink]
    consents: dict[str, ConsentState]
    activity: list[ActivityEntry]
    history: list[HistoryEntry]
    # Staff ids -> names, for "recorded by" on consents.
    staff_names: dict[str, str] = field(default_factory=dict)
    # Purposes once granted and since withdrawn (as opposed to never given).
    withdrawn: frozenset[str] = frozenset()


_TABLE_WORDS = {
    "members": "details",
    "member_tags": "skills or interests",
    "consent_records": "consent",
    "group_memberships": "groups",
    "activities": "activity",
    "expressions_of_interest": "interest in a way to get involved",
    "staff_users": "staff account",
}


# Changes made by one person within this many seconds are one entry in the history (a
# sign-up writes the member, their tags and each consent in separate rows).
_SAME_MOMENT_SECONDS = 0.5


def _identity(change: Change) -> tuple[str, str]:
    """What a change is about: the member, one consent purpose, or one row."""
    if change.table_name == "members":
        return ("members", "")
    if change.table_name == "consent_records":
        return ("consent", str((change.fields or {}).get("purpose", change.row_id)))
    return (change.table_name, change.row_id)


def _describe(change: Change, granted_before: set[str]) -> tuple[int, str, tuple[str, ...]]:
    """(rank, phrase, fields) for one journalled change; the lowest rank names a group.
    `granted_before`: purposes granted by earlier changes (to tell a withdrawal apart)."""
    fields = change.fields or {}
    if change.table_name == "members":
        if change.op == "insert":
            return 0, "Signed up", ()
        names = tuple(sorted(k for k in fields if k != "origin_hub_id"))
        if names == ("deleted",):
            return 0, "Deleted" if fields["deleted"] else "Restored", ()
        return 1, "Changed details", names
    if change.table_name == "consent_records":
        purpose = str(fields.get("purpose", ""))
        if fields.get("granted"):
            phrase = "Consent given"
        elif purpose in granted_before:
            phrase = "Consent withdrawn"
        else:
            phrase = "Consent not given"
        return 2, phrase, (purpose,)
    if change.table_name == "expressions_of_interest" and change.op == "insert":
        return 3, "Showed interest in a way to get involved", ()
    return 3, f"Changed {_TABLE_WORDS.get(change.table_name, change.table_name)}", ()


def _leads(group: list[tuple[Change, tuple[int, str, tuple[str, ...]]]], change: Change) -> bool:
    """Whether a member-row change joins the entry before it: that entry has no member-row
    change of its own and was written by the same person, the same way, a moment before."""
    return all(
        c.table_name != "members"
        and c.staff_user_id == change.staff_user_id
        and c.origin == change.origin
        and abs((change.created_at - c.created_at).total_seconds()) < _SAME_MOMENT_SECONDS
        for c, _ in group
    )


def member_history(changes: list[Change], staff_names: dict[str, str]) -> list[HistoryEntry]:
    """The journal of changes about a member, grouped into entries, newest first."""
    # Oldest first: a write to the member row starts an entry, and the tags, consents and
    # groups written with it (same person, within a moment) join it. A second answer for
    # the same consent purpose is always a new entry (a withdrawal after signing up).
    groups: list[list[tuple[Change, tuple[int, str, tuple[str, ...]]]]] = []
    granted: set[str] = set()
    for change in sorted(changes, key=lambda c: c.seq):
        description = _describe(change, granted)
        if change.table_name == "consent_records":
            purpose = str((change.fields or {}).get("purpose", ""))
            if (change.fields or {}).get("granted"):
                granted.add(purpose)
            else:
                granted.discard(purpose)
        group = groups[-1] if groups else []
        last = group[-1][0] if group else None
        together = (
            last is not None
            and change.table_name != "members"
            and last.staff_user_id == change.staff_user_id
            and last.origin == change.origin
            and abs((change.created_at - last.created_at).total_seconds()) < _SAME_MOMENT_SECONDS
            and all(_identity(c) != _identity(change) for c, _ in group)
        )
        if together:
            group.append((change, description))
        elif last is not None and change.table_name == "members" and _leads(group, change):
            # Rows written in the same moment just before the member row (the order a
            # transaction flushes in, e.g. an erasure's record) belong to its entry.
            group.append((change, description))
        else:
            groups.append([(change, description)])
    groups.reverse()
    history: list[HistoryEntry] = []
    for group in groups:
        described = sorted((d for _, d in group), key=lambda d: d[0])
        first, latest = group[0][0], group[-1][0]
        rank = described[0][0]
        # A group of consent changes alone lists each answer ("given", "withdrawn") apart;
        # otherwise the most important change names the entry and the rest are "also".
        phrases = list(dict.fromkeys(p for r, p, _ in described if r == rank))
        if rank != 2:
            phrases = phrases[:1]
        for what in phrases:
            fields: list[str] = []
            also: list[str] = []
            for other_rank, phrase, names in described:
                if phrase == what:
                    fields.extend(n for n in names if n not in fields)
                elif other_rank > rank:
                    word = "consent" if other_rank == 2 else phrase.removeprefix("Changed ")
                    if word not in also:
                        also.append(word)
            history.append(
                HistoryEntry(
                    when=latest.created_at,
                    who=staff_names.get(first.staff_user_id or "", ""),
                    what=what,
                    fields=tuple(fields) if rank != 0 else (),
                    also=tuple(also),
                    remote=first.origin == "remote",
                )
            )
    return history


def get_member_profile(db: Database, member_id: str) -> MemberProfile:
    with db.read() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound("That member's record no longer exists.")
        groups = [
            GroupLink(g.id, g.name, gm.role, gm.joined_on)
            for gm, g in session.execute(
                select(GroupMembership, Group)
                .join(Group, Group.id == GroupMembership.group_id)
                .where(
                    GroupMembership.member_id == member_id,
                    GroupMembership.deleted.is_(False),
                    Group.deleted.is_(False),  # a deleted group is gone from every list
                )
                .order_by(Group.name)
            )
        ]
        activity = [
            ActivityEntry(a.kind, a.occurred_on, a.hours, a.description)
            for a in session.scalars(
                select(Activity)
                .where(Activity.member_id == member_id, Activity.deleted.is_(False))
                .order_by(Activity.occurred_on.desc())
            )
        ]
        staff_names = dict(session.execute(select(StaffUser.id, StaffUser.display_name)).all())
        changes = session.scalars(
            select(Change).where(Change.subject_id == member_id).order_by(Change.seq.desc())
        )
        history = member_history(list(changes), staff_names)
        consents = current_consents(session, member_id)
        ever_granted = set(
            session.scalars(
                select(ConsentRecord.purpose).where(
                    ConsentRecord.member_id == member_id,
                    ConsentRecord.granted.is_(True),
                    ConsentRecord.deleted.is_(False),
                )
            )
        )
        details = details_of(session, member)
        details.consents = {purpose: state.granted for purpose, state in consents.items()}
        return MemberProfile(
            id=member.id,
            details=details,
            display_name=member.display_name,
            membership_number=member.membership_number,
            created_at=member.created_at,
            deleted=member.deleted,
            groups=groups,
            consents=consents,
            activity=activity,
            history=history,
            staff_names=staff_names,
            withdrawn=frozenset(
                p for p, state in consents.items() if not state.granted and p in ever_granted
            ),
        )
