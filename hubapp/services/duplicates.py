"""The one duplicate rule, shared by the desk, CSV import, kiosk and sync.

Two records probably describe the same person when they share an email address, or a phone
number, or have similar names (fuzzy, accent- and order-insensitive) and the same postcode, or
the same name (accent- and case-insensitive) and the same address (for lists that give only a
name and an address).
Every test is an indexed lookup followed by fuzzy scoring of a handful of candidates, so the
check stays instant however many members a hub has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hubapp.models import Member
from hubapp.models.people import fold, member_sort_key

NAME_SIMILARITY_THRESHOLD = 85.0


@dataclass(frozen=True)
class DuplicateProbe:
    """What is known so far about a person being entered; empty strings are ignored.
    Email, phone and postcode must already be normalised (see services.validation)."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    postcode: str = ""
    address: str = ""
    exclude_id: str | None = None


@dataclass(frozen=True)
class DuplicateMatch:
    member_id: str
    display_name: str
    postcode: str | None
    reasons: tuple[str, ...]
    score: float = field(compare=False)


def name_similarity(a_first: str, a_last: str, b_first: str, b_last: str) -> float:
    # Imported here, not at the top: rapidfuzz costs ~75 ms to import and the main window
    # imports this module at sign-in; only a check that scores names pays it, once.
    from rapidfuzz import fuzz

    a = fold(f"{a_first} {a_last}")
    b = fold(f"{b_first} {b_last}")
    if not a or not b:
        return 0.0
    return float(fuzz.token_sort_ratio(a, b))


def find_likely_duplicates(
    session: Session, probe: DuplicateProbe, limit: int = 5
) -> list[DuplicateMatch]:
    conditions = []
    if probe.email:
        conditions.append(Member.email == probe.email)
    if probe.phone:
        conditions.append(Member.phone == probe.phone)
    has_name = bool((probe.first_name + probe.last_name).strip())
    if probe.postcode and has_name:
        conditions.append(Member.postcode == probe.postcode)
    same_name = member_sort_key(probe.last_name, probe.first_name) if has_name else ""
    if probe.address.strip() and has_name:
        conditions.append(Member.sort_key == same_name)  # indexed; the address is compared below
    if not conditions:
        return []
    query = select(Member).where(
        or_(*conditions), Member.deleted.is_(False), Member.erased_at.is_(None)
    )
    if probe.exclude_id:
        query = query.where(Member.id != probe.exclude_id)
    matches: list[DuplicateMatch] = []
    for member in session.scalars(query.limit(500)):
        reasons: list[str] = []
        score = 0.0
        if probe.email and member.email == probe.email:
            reasons.append("same email")
            score += 100
        if probe.phone and member.phone == probe.phone:
            reasons.append("same phone")
            score += 100
        if has_name and probe.postcode and member.postcode == probe.postcode:
            similarity = name_similarity(
                probe.first_name, probe.last_name, member.first_name, member.last_name
            )
            if member.preferred_name:
                similarity = max(
                    similarity,
                    name_similarity(
                        probe.first_name, probe.last_name, member.preferred_name, member.last_name
                    ),
                )
            if similarity >= NAME_SIMILARITY_THRESHOLD:
                reasons.append("similar name, same postcode")
                score += similarity
        if (
            probe.address.strip()
            and member.address
            and member.sort_key == same_name
            and fold(member.address) == fold(probe.address)
        ):
            reasons.append("same name and address")
            score += 100
        if reasons:
            matches.append(
                DuplicateMatch(
                    member.id, member.display_name, member.postcode, tuple(reasons), score
                )
            )
    matches.sort(key=lambda m: -m.score)
    return matches[:limit]
