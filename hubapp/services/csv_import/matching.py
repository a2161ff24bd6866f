"""The shared duplicate rule applied to a whole file at once, against members and earlier rows."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hubapp.models import (
    Member,
)
from hubapp.models.people import fold
from hubapp.services.bulk_rows import cached_sort_key
from hubapp.services.duplicates import NAME_SIMILARITY_THRESHOLD
from hubapp.services.members import (
    MemberDetails,
)


@dataclass(frozen=True)
class ComparedPerson:
    """Someone a row is compared with: an existing member or an earlier row."""

    id: str
    first_name: str
    last_name: str
    preferred_name: str
    email: str
    phone: str
    postcode: str
    address: str
    row: int = 0
    home: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "home", _home_key(self.first_name, self.last_name, self.address))

    @cached_property
    def folded_name(self) -> str:
        return _fold_text(f"{self.first_name} {self.last_name}")

    @cached_property
    def folded_known_as(self) -> str:
        return _fold_text(f"{self.preferred_name} {self.last_name}")

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}".strip()


def _fold_text(text: str) -> str:
    """`people.fold`, without its Unicode work when the text is plain ASCII."""
    return " ".join(text.casefold().split()) if text.isascii() else fold(text)


def _similarity(a: str, b: str) -> float:
    """`duplicates.name_similarity` of two names already folded (each person's name is
    folded once, not once per comparison)."""
    return float(fuzz.token_sort_ratio(a, b)) if a and b else 0.0


def _home_key(first_name: str, last_name: str, address: str) -> str:
    return f"{cached_sort_key(last_name, first_name)}\x1e{_fold_text(address)}" if address else ""


class DuplicateIndex:
    """The shared duplicate rule (`duplicates.find_likely_duplicates`: same email, or same
    phone, or a similar name with the same postcode, or the same name and address) applied to
    many rows against people loaded up front with a few IN queries, instead of one query per
    row. tests/test_csv_import.py checks that both give the same answers."""

    def __init__(self) -> None:
        self.keyed: dict[tuple[str, str], list[ComparedPerson]] = {}

    def add(self, p: ComparedPerson) -> None:
        keys = (p.email, p.phone, p.postcode, p.home)
        for kind, value in zip(("email", "phone", "postcode", "home"), keys, strict=True):
            if value:
                self.keyed.setdefault((kind, value), []).append(p)

    def best(self, d: ComparedPerson) -> tuple[ComparedPerson, tuple[str, ...]] | None:
        """The likeliest match for the person `d` (a row), and why."""
        if not self.keyed:
            return None
        home = d.home
        candidates: dict[str, ComparedPerson] = {}
        for kind, value in (
            ("email", d.email),
            ("phone", d.phone),
            ("postcode", d.postcode),
            ("home", home),
        ):
            for person in self.keyed.get((kind, value), ()) if value else ():
                candidates.setdefault(person.id, person)
        found: tuple[float, ComparedPerson, tuple[str, ...]] | None = None
        for person in candidates.values():
            reasons, score = [], 0.0
            if d.email and person.email == d.email:
                reasons.append("same email")
                score += 100
            if d.phone and person.phone == d.phone:
                reasons.append("same phone")
                score += 100
            if d.postcode and person.postcode == d.postcode:
                similarity = _similarity(d.folded_name, person.folded_name)
                if person.preferred_name:
                    similarity = max(similarity, _similarity(d.folded_name, person.folded_known_as))
                if similarity >= NAME_SIMILARITY_THRESHOLD:
                    reasons.append("similar name, same postcode")
                    score += similarity
            if home and home == person.home:
                reasons.append("same name and address")
                score += 100
            if reasons and (found is None or score > found[0]):
                found = (score, person, tuple(reasons))
        return (found[1], found[2]) if found else None


def existing_people(session: Session, rows: list[MemberDetails]) -> DuplicateIndex:
    """Every live member who shares an email, phone, postcode or name-and-address with any
    of the rows, loaded with one IN query per indexed column (the wanted values passed as
    one JSON array, which SQLite unpacks: no statement with thousands of parameters)."""
    index = DuplicateIndex()
    seen: set[str] = set()
    query = select(
        Member.id,
        Member.first_name,
        Member.last_name,
        Member.preferred_name,
        Member.email,
        Member.phone,
        Member.postcode,
        Member.address,
    ).where(Member.deleted.is_(False), Member.erased_at.is_(None))
    lookups = [
        (Member.email, {d.email for d in rows if d.email}),
        (Member.phone, {d.phone for d in rows if d.phone}),
        (Member.postcode, {d.postcode for d in rows if d.postcode}),
        (Member.sort_key, {cached_sort_key(d.last_name, d.first_name) for d in rows if d.address}),
    ]
    for column, values in lookups:
        if not values:
            continue
        wanted = func.json_each(json.dumps(sorted(values))).table_valued("value")
        for r in session.execute(query.where(column.in_(select(wanted.c.value)))):
            if r.id not in seen:
                seen.add(r.id)
                index.add(
                    ComparedPerson(
                        r.id,
                        r.first_name,
                        r.last_name or "",
                        r.preferred_name or "",
                        r.email or "",
                        r.phone or "",
                        r.postcode or "",
                        r.address or "",
                    )
                )
    return index
