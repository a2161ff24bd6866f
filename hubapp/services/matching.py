"""Matching people to ways of getting involved: ranks and explains, never hard-blocks.

Every opportunity appears for everyone; the score only orders them, and each result says why
in plain words (`Reason`), including what counts against it ("12 miles: further than the 5
miles you said"). Distances are rural-aware: measured against how far the person said they
can travel and whether they have transport. See docs/matching-and-feedback.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from heapq import nsmallest

from sqlalchemy import select

from hubapp.models import Member, MemberTag, Tag
from hubapp.models.database import Database
from hubapp.models.vocab import TagKind
from hubapp.services import matching_data
from hubapp.services.errors import NotFound
from hubapp.services.matching_data import under_18_cutoff
from hubapp.services.matching_people import PersonMatch, people_for_opportunity
from hubapp.services.matching_rules import (
    VISITOR,
    OpportunityFacts,
    PersonFacts,
    Reason,
    Scored,
    access_fit,
    distance_fit,
    ordered,
    tag_fit,
    tag_points,
    when_fit,
)
from hubapp.services.postcodes import centroids, place_of

__all__ = [
    "Match",
    "MatchProfile",
    "PersonMatch",
    "Reason",
    "match_opportunities",
    "people_for_opportunity",
    "profile_for_member",
]


@dataclass(frozen=True)
class MatchProfile:
    """What is known about a person, for matching. Tag names (or slugs) for interests and
    skills; availability as Member.availability ({"tue": ["morning"]}); empty means unknown."""

    interests: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    availability: Mapping[str, list[str]] = field(default_factory=dict)
    travel_miles: float | None = None
    has_transport: bool = False
    needs_step_free: bool = False
    under_18: bool = False
    speaks_welsh: bool = False
    postcode: str = ""  # a full postcode ("SA20 0AB") or a district ("SA20")


@dataclass(frozen=True)
class Match:
    opportunity_id: str
    title: str
    group_name: str
    score: float
    reasons: tuple[Reason, ...]
    distance_miles: float | None
    group_name_cy: str = ""  # the group's Welsh name, where it has one

    def group_in(self, welsh: bool) -> str:
        """The group's name in the visitor's language (its Welsh name where it has one)."""
        return self.group_name_cy if welsh and self.group_name_cy else self.group_name

    @property
    def reason_texts(self) -> list[str]:
        return [r.text for r in self.reasons]

    @property
    def summary(self) -> str:
        """The reasons in one line: "Tuesdays; you like gardening; 3 miles, you have transport"."""
        return "; ".join(self.reason_texts)


def profile_for_member(db: Database, member_id: str) -> MatchProfile:
    """A member's profile from their record. Raises NotFound."""
    with db.read() as session:
        member = session.get(Member, member_id)
        if member is None or member.deleted or member.erased_at is not None:
            raise NotFound("That member's record no longer exists.")
        tags = session.execute(
            select(Tag.kind, Tag.name)
            .join(MemberTag, MemberTag.tag_id == Tag.id)
            .where(MemberTag.member_id == member_id, MemberTag.deleted.is_(False))
        ).all()
        dob = member.date_of_birth
        return MatchProfile(
            interests=tuple(sorted(n for k, n in tags if k == TagKind.INTEREST)),
            skills=tuple(sorted(n for k, n in tags if k == TagKind.SKILL)),
            availability=dict(member.availability or {}),
            travel_miles=member.travel_miles,
            has_transport=member.has_own_transport,
            needs_step_free=member.needs_step_free,
            under_18=dob is not None and dob > under_18_cutoff(date.today()),
            speaks_welsh=member.speaks_welsh,
            postcode=member.postcode or "",
        )


def match_opportunities(db: Database, profile: MatchProfile, limit: int | None = 20) -> list[Match]:
    """Live opportunities for this person, best first, each with its reasons. Nothing is
    left out for not fitting: `limit=None` returns every one."""
    table = centroids(db)
    with db.read() as session:
        person_tags = matching_data.person_tags(session, profile.interests, profile.skills)
    index = matching_data.live_opportunities(db, table)
    person = PersonFacts(
        availability=matching_data.slots_of(profile.availability),
        place=place_of(table, profile.postcode),
        travel_miles=profile.travel_miles,
        has_transport=profile.has_transport,
        needs_step_free=profile.needs_step_free,
        under_18=profile.under_18,
        speaks_welsh=profile.speaks_welsh,
    )
    # Each distinct day, place and access is worked out once (OpportunityIndex), then every
    # opportunity's score is three look-ups and the skills and interests it shares.
    when = [when_fit(o, person, VISITOR) for o in index.when_groups]
    far = [distance_fit(o, person, VISITOR) for o in index.place_groups]
    access = [access_fit(o, person, VISITOR) for o in index.access_groups]
    when_points, far_points = [w[0] for w in when], [d[0] for d in far]
    access_points = [a[0] for a in access]
    scores = [
        when_points[w] + far_points[d] + access_points[a]
        for w, d, a in zip(index.when_of, index.place_of, index.access_of, strict=True)
    ]
    shared: dict[int, int] = {}
    for slug in person_tags:
        for position in index.by_tag.get(slug, ()):
            shared[position] = shared.get(position, 0) + 1
    for position, count in shared.items():
        scores[position] += tag_points(count)
    miles = [_FAR if d[2] is None else d[2] for d in far]
    facts = index.facts

    def rank(i: int) -> tuple[float, float, str, str]:
        return (-round(scores[i], 2), miles[index.place_of[i]], facts[i].sort_title, facts[i].id)

    everyone = range(len(facts))
    chosen = sorted(everyone, key=rank) if limit is None else nsmallest(limit, everyone, key=rank)
    return [
        _match(
            facts[i],
            scores[i],
            when[index.when_of[i]],
            far[index.place_of[i]],
            access[index.access_of[i]],
            tag_fit(facts[i], person_tags, VISITOR) if i in shared else None,
        )
        for i in chosen
    ]


_FAR = float("inf")


def _match(
    o: OpportunityFacts,
    score: float,
    w: Scored,
    d: tuple[float, list[tuple[int, Reason]], float | None],
    a: Scored,
    shared: Scored | None,
) -> Match:
    reasons = w[1] + (shared[1] if shared else []) + d[1] + a[1]
    return Match(
        opportunity_id=o.id,
        title=o.title,
        group_name=o.group_name,
        score=round(score, 2),
        reasons=ordered(reasons),
        distance_miles=None if d[2] is None else round(d[2], 1),
        group_name_cy=o.group_name_cy,
    )
