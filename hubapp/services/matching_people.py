"""The reverse match, for staff: the members who fit one opportunity, best first.

Fast at 100,000 members: members sharing one of the opportunity's skills or interests are
found through the tag index and scored first; the rest are read only when they could still
make the list (matching_rules.best_without_tags). When they must be read, one pass reads a
few plain columns per member, and each distinct availability, place-and-range and
access-age-Welsh combination is scored once.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import ConsentRecord, Member, MemberTag, Opportunity, Tag
from hubapp.models.database import Database
from hubapp.models.people import fold
from hubapp.models.vocab import ConsentPurpose
from hubapp.services.errors import NotAllowed, NotFound
from hubapp.services.matching_data import PersonTags, opportunity_facts, under_18_cutoff
from hubapp.services.matching_rules import (
    STAFF,
    OpportunityFacts,
    PersonFacts,
    Reason,
    access_fit,
    best_without_tags,
    distance_fit,
    fit_without_tags,
    ordered,
    tag_fit,
    tag_points,
    when_fit,
)
from hubapp.services.organisers import acting_for
from hubapp.services.postcodes import LatLon, centroids

# Above this many members sharing a tag, one pass over everyone beats looking them up.
CANDIDATE_LOOKUP_LIMIT = 30_000
_CONTACT = (ConsentPurpose.CONTACT_EMAIL, ConsentPurpose.CONTACT_PHONE)


@dataclass(frozen=True)
class PersonMatch:
    """A member who fits an opportunity, for staff. Reasons are worded about them."""

    member_id: str
    display_name: str
    score: float
    reasons: tuple[Reason, ...]
    distance_miles: float | None
    may_contact: bool  # a current consent to be emailed or phoned

    @property
    def reason_texts(self) -> list[str]:
        return [r.text for r in self.reasons]

    @property
    def summary(self) -> str:
        return "; ".join(self.reason_texts)


Scored = tuple[float, float, str]  # (minus the points, miles or inf, member id): best first
_NOBODY = PersonFacts({}, None, None, False, False, False, False)


class _Scorer:
    """Scores member rows against one opportunity. The three parts of a fit depend on
    different things (availability; where, how far and transport; access, age and Welsh),
    so each distinct value of each part is worked out once, whatever the number of members."""

    def __init__(self, facts: OpportunityFacts, table: dict[str, LatLon]) -> None:
        self.facts = facts
        self.table = table
        self.when: dict[str | None, float] = {}
        self.far: dict[tuple[Any, ...], tuple[float, float]] = {}
        self.access: dict[tuple[Any, ...], float] = {}

    def scan(self, rows: list[Any], tag_points: dict[str, float]) -> list[Scored]:
        """Each row's (minus its points, miles, id): sorted as is, best first. The loop
        runs once per member, so it only looks things up."""
        when, far, access = self.when, self.far, self.access
        out: list[Scored] = []
        append, points_for = out.append, tag_points.get
        for member_id, district, miles, transport, step_free, young, welsh, free in rows:
            w = when.get(free)
            if w is None:
                w = when[free] = self._when(free)
            d = far.get((district, miles, transport))
            if d is None:
                d = far[(district, miles, transport)] = self._far(district, miles, transport)
            a = access.get((step_free, young, welsh))
            if a is None:
                a = access[(step_free, young, welsh)] = self._access(step_free, young, welsh)
            append((-(w + d[0] + a + points_for(member_id, 0.0)), d[1], member_id))
        return out

    def _when(self, availability: str | None) -> float:
        person = replace(_NOBODY, availability=_slots(availability))
        return when_fit(self.facts, person, STAFF)[0]

    def _far(
        self, district: str | None, miles: float | None, transport: Any
    ) -> tuple[float, float]:
        place = self.table.get(district or "")
        person = replace(_NOBODY, place=place, travel_miles=miles, has_transport=bool(transport))
        points, _, distance = distance_fit(self.facts, person, STAFF)
        return points, distance if distance is not None else float("inf")

    def _access(self, step_free: Any, young: Any, welsh: Any) -> float:
        person = replace(
            _NOBODY,
            needs_step_free=bool(step_free),
            under_18=bool(young),
            speaks_welsh=bool(welsh),
        )
        return access_fit(self.facts, person, STAFF)[0]

    def person(self, row: Any) -> PersonFacts:
        _, district, miles, transport, step_free, young, welsh, availability = row
        return PersonFacts(
            availability=_slots(availability),
            place=self.table.get(district or ""),
            travel_miles=miles,
            has_transport=bool(transport),
            needs_step_free=bool(step_free),
            under_18=bool(young),
            speaks_welsh=bool(welsh),
        )


def _slots(availability: str | None) -> dict[str, frozenset[str]]:
    stored = json.loads(availability) if availability else {}
    return {day: frozenset(parts) for day, parts in stored.items() if parts}


# Every live member's matching facts as plain tuples: (id, postcode district, travel miles,
# transport, step-free, under 18, Welsh, availability as JSON text). Run on the DB-API
# connection: for 100,000 rows SQLAlchemy's row objects cost more than the query itself.
_MEMBER_FACTS = (
    "SELECT id, substr(postcode, 1, instr(postcode, ' ') - 1), travel_miles, "
    "has_own_transport, needs_step_free, date_of_birth > :cutoff, speaks_welsh, availability "
    "FROM members WHERE deleted = 0 AND erased_at IS NULL"
)


def _rows_with_tags(session: Session, tag_ids: list[str]) -> list[Any]:
    """_MEMBER_FACTS of the live members with any of these skills or interests, in one
    query through the member_tags index."""
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None
    names = ", ".join(f":t{i}" for i in range(len(tag_ids)))
    params = {f"t{i}": v for i, v in enumerate(tag_ids)}
    params["cutoff"] = under_18_cutoff(date.today()).isoformat()
    having = f"SELECT member_id FROM member_tags WHERE deleted = 0 AND tag_id IN ({names})"
    return dbapi.execute(f"{_MEMBER_FACTS} AND id IN ({having})", params).fetchall()  # type: ignore[no-any-return]


def _member_rows(session: Session, ids: Iterable[str] | None = None) -> list[Any]:
    """_MEMBER_FACTS of every live member, or of those in `ids`."""
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None
    cutoff = {"cutoff": under_18_cutoff(date.today()).isoformat()}
    if ids is None:
        return dbapi.execute(_MEMBER_FACTS, cutoff).fetchall()  # type: ignore[no-any-return]
    wanted = sorted(ids)
    rows: list[Any] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        names = ", ".join(f":m{i}" for i in range(len(chunk)))
        params = {**cutoff, **{f"m{i}": v for i, v in enumerate(chunk)}}
        rows += dbapi.execute(f"{_MEMBER_FACTS} AND id IN ({names})", params).fetchall()
    return rows


def _tags_of_candidates(
    session: Session, facts: OpportunityFacts
) -> tuple[dict[str, PersonTags], list[str]]:
    """Members sharing a skill or interest with the opportunity (by slug, either kind), and
    the ids of the tags concerned."""
    if not facts.tags:
        return {}, []
    tags = {
        tag_id: (slug, kind, name, name_cy or name)
        for tag_id, slug, kind, name, name_cy in session.execute(
            select(Tag.id, Tag.slug, Tag.kind, Tag.name, Tag.name_cy).where(
                Tag.slug.in_(list(facts.tags)), Tag.deleted.is_(False)
            )
        )
    }
    out: dict[str, PersonTags] = {}
    for member_id, tag_id in session.execute(
        select(MemberTag.member_id, MemberTag.tag_id).where(
            MemberTag.tag_id.in_(list(tags)), MemberTag.deleted.is_(False)
        )
    ):
        slug, kind, name, name_cy = tags[tag_id]
        out.setdefault(member_id, {})[slug] = (kind, name, name_cy)
    return out, list(tags)


def people_for_opportunity(
    db: Database, opportunity_id: str, limit: int = 50, *, staff_user_id: str | None = None
) -> list[PersonMatch]:
    """Live members who fit an opportunity, best first (hub staff only: a group organiser's
    account gets NotAllowed, since it may not look through the hub's members). Raises
    NotFound."""
    table = centroids(db)
    with db.read() as session:
        if not acting_for(session, staff_user_id).everything:
            raise NotAllowed("Only the hub's staff can look for people who might fit: ask them to.")
        found = session.get(Opportunity, opportunity_id)
        facts_list = opportunity_facts(session, table, only_id=opportunity_id)
        if found is None or found.deleted or not facts_list:
            raise NotFound("That opportunity no longer exists.")
        facts = facts_list[0]
        candidates, tag_ids = _tags_of_candidates(session, facts)
        shared = {m: tag_points(len(tags)) for m, tags in candidates.items()}
        scorer = _Scorer(facts, table)
        best: list[Scored] = []
        everyone = len(candidates) > CANDIDATE_LOOKUP_LIMIT
        if not everyone:
            rows = _rows_with_tags(session, tag_ids) if tag_ids else []
            best = heapq.nsmallest(limit, scorer.scan(rows, shared))
            everyone = len(best) < limit or -best[-1][0] <= best_without_tags(facts)
        if everyone:
            best = heapq.nsmallest(limit, scorer.scan(_member_rows(session), shared))
        return _people(session, best, scorer, candidates)


def _people(
    session: Session, best: list[Scored], scorer: _Scorer, candidates: dict[str, PersonTags]
) -> list[PersonMatch]:
    """The chosen members with their names, reasons and whether they may be contacted."""
    ids = [member_id for _, _, member_id in best]
    rows = {row[0]: row for row in _member_rows(session, ids)}
    names = {
        m.id: m.display_name for m in session.scalars(select(Member).where(Member.id.in_(ids)))
    }
    contact = _may_contact(session, ids)
    out = []
    for negative, miles, member_id in best:
        _, reasons, _ = fit_without_tags(scorer.facts, scorer.person(rows[member_id]), STAFF)
        reasons += tag_fit(scorer.facts, candidates.get(member_id, {}), STAFF)[1]
        out.append(
            PersonMatch(
                member_id=member_id,
                display_name=names.get(member_id, ""),
                score=round(-negative, 2),
                reasons=ordered(reasons),
                distance_miles=None if miles == float("inf") else round(miles, 1),
                may_contact=contact.get(member_id, False),
            )
        )
    # Equal scores and distances: by name, as staff would look for someone.
    out.sort(key=lambda p: (-p.score, _far(p.distance_miles), fold(p.display_name)))
    return out


def _far(miles: float | None) -> float:
    return miles if miles is not None else float("inf")


def _may_contact(session: Session, ids: list[str]) -> dict[str, bool]:
    """Whether each member's latest answer about being emailed or phoned is yes."""
    latest: dict[tuple[str, str], bool] = {}
    for member_id, purpose, granted in session.execute(
        select(ConsentRecord.member_id, ConsentRecord.purpose, ConsentRecord.granted)
        .where(
            ConsentRecord.member_id.in_(ids),
            ConsentRecord.purpose.in_(_CONTACT),
            ConsentRecord.deleted.is_(False),
        )
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    ):
        latest[(member_id, purpose)] = granted
    out: dict[str, bool] = {}
    for (member_id, _purpose), granted in latest.items():
        out[member_id] = out.get(member_id, False) or granted
    return out
