"""Signing members up, editing, soft-deleting and restoring them. A member's page is read by
services.member_profile."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import (
    Group,
    GroupMembership,
    Member,
    MemberTag,
    Tag,
    stable_id,
)
from hubapp.models.database import Database
from hubapp.models.vocab import DayPart, GroupRole, Language, TagKind, Weekday
from hubapp.services.consent import current_consents, record_consent
from hubapp.services.duplicates import DuplicateProbe, find_likely_duplicates
from hubapp.services.errors import FieldProblem, LikelyDuplicate, NotFound, ValidationFailed
from hubapp.services.validation import (
    clean_name,
    normalise_email,
    normalise_phone,
    normalise_postcode,
)
from hubapp.services.vocabulary import resolve_tag


@dataclass
class MemberDetails:
    """What a person told us, as typed (the sign-up form, an import row, the kiosk)."""

    first_name: str = ""
    last_name: str = ""
    preferred_name: str = ""
    email: str = ""
    phone: str = ""
    postcode: str = ""
    address: str = ""
    date_of_birth: date | None = None
    preferred_language: str = Language.ENGLISH
    speaks_welsh: bool = False
    availability: dict[str, list[str]] = field(default_factory=dict)
    needs_step_free: bool = False
    access_needs: str = ""
    travel_miles: float | None = None
    has_own_transport: bool = False
    heard_about: str = ""
    notes: str = ""
    skills: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    # Purposes the person was asked about now, and their answer.
    consents: dict[str, bool] = field(default_factory=dict)


# Member columns that MemberDetails sets directly (after cleaning).
_MEMBER_COLUMNS = (
    "first_name",
    "last_name",
    "preferred_name",
    "email",
    "phone",
    "postcode",
    "address",
    "date_of_birth",
    "preferred_language",
    "speaks_welsh",
    "availability",
    "needs_step_free",
    "access_needs",
    "travel_miles",
    "has_own_transport",
    "heard_about",
    "notes",
)


_DAYS = frozenset(d.value for d in Weekday)
_PARTS = tuple(p.value for p in DayPart)
_PART_SET = frozenset(_PARTS)
_LANGUAGES = (Language.ENGLISH, Language.WELSH)
# (field, label, required) of the names, in form order.
_NAMES = (
    ("first_name", "First name", True),
    ("last_name", "Last name", False),
    ("preferred_name", "Preferred name", False),
)
_CONTACTS = (
    ("email", normalise_email),
    ("phone", normalise_phone),
    ("postcode", normalise_postcode),
)


def clean_details(details: MemberDetails) -> MemberDetails:
    """Checks every field and returns normalised details, or raises ValidationFailed naming
    every problem (in form order) so the form can show them all at once."""
    problems: dict[str, str] = {}
    # A shallow copy (lists are not changed), made directly: copy.copy costs more here.
    out = MemberDetails.__new__(MemberDetails)
    out.__dict__.update(details.__dict__)
    for name, label, required in _NAMES:
        try:
            setattr(out, name, clean_name(getattr(details, name), name, required=required,
                                          label=label))  # fmt: skip
        except FieldProblem as problem:
            problems[name] = problem.message
    for name, normalise in _CONTACTS:
        typed = getattr(details, name)
        if not typed.strip():
            setattr(out, name, "")
            continue
        try:
            setattr(out, name, normalise(typed))
        except FieldProblem as problem:
            problems[name] = problem.message
    if details.date_of_birth and details.date_of_birth > date.today():
        problems["date_of_birth"] = "Date of birth cannot be in the future."
    if details.preferred_language not in _LANGUAGES:
        problems["preferred_language"] = "Choose English or Cymraeg."
    if details.travel_miles is not None and not 0 <= details.travel_miles <= 500:
        problems["travel_miles"] = "How far they can travel should be between 0 and 500 miles."
    clean_availability: dict[str, list[str]] = {}
    for day, when in details.availability.items():
        if day not in _DAYS or not _PART_SET.issuperset(when):
            problems["availability"] = (
                "Availability must use days of the week and parts of the day."
            )
            break
        if when:
            clean_availability[day] = [p for p in _PARTS if p in when]
    out.availability = clean_availability
    out.address = details.address.strip()
    out.access_needs = details.access_needs.strip()
    out.heard_about = details.heard_about.strip()
    out.notes = details.notes.strip()
    if not (out.email or out.phone or out.postcode or out.address) and "first_name" not in problems:
        problems.setdefault(
            "email", "Give at least one way to reach them: email, phone, postcode or address."
        )
    if problems:
        raise ValidationFailed(problems)
    return out


def new_membership_number() -> str:
    """Eight unambiguous characters (Crockford-style base 32), e.g. 'K7Q2M9XA'; random so that
    hubs signing people up offline never hand out the same number."""
    return new_membership_numbers(1)[0]


def new_membership_numbers(count: int) -> list[str]:
    """`count` membership numbers at once (as `new_membership_number`)."""
    raw = base64.b32encode(os.urandom(5 * count)).decode().translate(_UNAMBIGUOUS)
    return [raw[i : i + 8] for i in range(0, 8 * count, 8)]


_UNAMBIGUOUS = str.maketrans("ILOU", "1L0V")


@dataclass(frozen=True)
class MemberSummary:
    id: str
    display_name: str
    membership_number: str | None
    already_saved: bool = False


def _apply_details(member: Member, clean: MemberDetails) -> None:
    for name in _MEMBER_COLUMNS:
        value = getattr(clean, name)
        if isinstance(value, str) and name not in ("first_name", "last_name"):
            value = value or None
        if getattr(member, name) != value:
            setattr(member, name, value)


def _set_tags(session: Session, member_id: str, kind: str, names: list[str]) -> None:
    wanted = {resolve_tag(session, kind, n).id for n in names if n.strip()}
    session.flush()
    existing = {
        link.tag_id: link
        for link in session.scalars(
            select(MemberTag)
            .join(Tag, Tag.id == MemberTag.tag_id)
            .where(MemberTag.member_id == member_id, Tag.kind == kind)
        )
    }
    for tag_id in wanted:
        link = existing.get(tag_id)
        if link is None:
            link_id = stable_id("member_tag", member_id, tag_id)
            link = session.get(MemberTag, link_id)
            if link is None:
                session.add(MemberTag(id=link_id, member_id=member_id, tag_id=tag_id))
                continue
        if link.deleted:
            link.deleted = False
    for tag_id, link in existing.items():
        if tag_id not in wanted and not link.deleted:
            link.deleted = True


def sign_up_member(
    db: Database,
    details: MemberDetails,
    *,
    staff_user_id: str | None,
    member_id: str | None = None,
    confirmed_different: bool = False,
    channel: str = "desk",
    group_id: str | None = None,
) -> MemberSummary:
    """Registers a person. `member_id` is chosen when the form opens, so saving twice (or a
    double-click on Save) finds the first save and never creates a second person.

    Raises ValidationFailed, or LikelyDuplicate unless `confirmed_different`.
    """
    clean = clean_details(details)
    with db.write(staff_user_id) as session:
        if member_id is not None:
            existing = session.get(Member, member_id)
            if existing is not None:
                return MemberSummary(
                    existing.id, existing.display_name, existing.membership_number, True
                )
        if not confirmed_different:
            matches = find_likely_duplicates(session, probe_for(clean))
            if matches:
                raise LikelyDuplicate(matches)
        member = Member(hub_id=db.hub_id, membership_number=new_membership_number())
        if member_id is not None:
            member.id = member_id
        _apply_details(member, clean)
        session.add(member)
        session.flush()
        _set_tags(session, member.id, TagKind.SKILL, clean.skills)
        _set_tags(session, member.id, TagKind.INTEREST, clean.interests)
        for purpose, granted in clean.consents.items():
            record_consent(
                session, member.id, purpose, granted, channel=channel, staff_user_id=staff_user_id
            )
        if group_id is not None:
            enlist_in_session(session, group_id, member.id, GroupRole.MEMBER)
        return MemberSummary(member.id, member.display_name, member.membership_number)


def probe_for(clean: MemberDetails, exclude_id: str | None = None) -> DuplicateProbe:
    return DuplicateProbe(
        first_name=clean.first_name,
        last_name=clean.last_name,
        email=clean.email,
        phone=clean.phone,
        postcode=clean.postcode,
        address=clean.address,
        exclude_id=exclude_id,
    )


def enlist_in_session(
    session: Session, group_id: str, member_id: str, role: str
) -> GroupMembership:
    """Adds (or re-adds) a member to a group; one row per member and group on every hub."""
    if session.get(Group, group_id) is None:
        raise NotFound("That group no longer exists.")
    link_id = stable_id("group_membership", group_id, member_id)
    link = session.get(GroupMembership, link_id)
    if link is None:
        link = GroupMembership(
            id=link_id, group_id=group_id, member_id=member_id, role=role, joined_on=date.today()
        )
        session.add(link)
    else:
        if link.deleted:
            link.deleted = False
            link.joined_on = date.today()
            link.left_on = None
        if link.role != role:
            link.role = role
    return link


def update_member(
    db: Database, member_id: str, details: MemberDetails, *, staff_user_id: str | None
) -> MemberSummary:
    """Saves edits. Only fields that really changed are written (and so synced)."""
    clean = clean_details(details)
    with db.write(staff_user_id) as session:
        member = session.get(Member, member_id)
        if member is None or member.erased_at is not None:
            raise NotFound("That member's record no longer exists.")
        _apply_details(member, clean)
        _set_tags(session, member.id, TagKind.SKILL, clean.skills)
        _set_tags(session, member.id, TagKind.INTEREST, clean.interests)
        current = current_consents(session, member_id)
        for purpose, granted in clean.consents.items():
            if purpose not in current or current[purpose].granted != granted:
                record_consent(
                    session,
                    member_id,
                    purpose,
                    granted,
                    channel="desk",
                    staff_user_id=staff_user_id,
                )
        return MemberSummary(member.id, member.display_name, member.membership_number)


def set_deleted(
    db: Database, member_id: str, deleted: bool, *, staff_user_id: str | None
) -> MemberSummary:
    """Soft delete (a tombstone that syncs) or its undo."""
    with db.write(staff_user_id) as session:
        member = session.get(Member, member_id)
        if member is None or member.erased_at is not None:
            raise NotFound("That member's record no longer exists.")
        if member.deleted != deleted:
            member.deleted = deleted
        return MemberSummary(member.id, member.display_name, member.membership_number)


def withdraw_consent(
    db: Database, member_id: str, purpose: str, *, staff_user_id: str | None, channel: str = "desk"
) -> None:
    with db.write(staff_user_id) as session:
        member = session.get(Member, member_id)
        if member is None or member.erased_at is not None:
            raise NotFound("That member's record no longer exists.")
        record_consent(
            session, member_id, purpose, False, channel=channel, staff_user_id=staff_user_id
        )


def details_of(session: Session, member: Member) -> MemberDetails:
    skills: list[str] = []
    interests: list[str] = []
    for link in session.scalars(
        select(MemberTag).where(MemberTag.member_id == member.id, MemberTag.deleted.is_(False))
    ):
        (skills if link.tag.kind == TagKind.SKILL else interests).append(link.tag.name)
    values = {name: getattr(member, name) for name in _MEMBER_COLUMNS}
    for name in (
        "preferred_name",
        "email",
        "phone",
        "postcode",
        "address",
        "access_needs",
        "heard_about",
        "notes",
    ):
        values[name] = values[name] or ""
    values["availability"] = dict(member.availability or {})
    return MemberDetails(**values, skills=sorted(skills), interests=sorted(interests))


def detail_field_names() -> list[str]:
    return [f.name for f in fields(MemberDetails)]
