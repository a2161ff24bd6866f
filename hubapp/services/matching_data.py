"""Reading what matching needs from the database: opportunities as OpportunityFacts, a
person's skills and interests resolved against the vocabulary. Used by services.matching."""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hubapp.models import Change, Group, Hub, Opportunity, OpportunityTag, Tag, Venue
from hubapp.models.database import Database
from hubapp.models.people import fold
from hubapp.models.vocab import LocationKind, TagKind
from hubapp.services.matching_rules import OpportunityFacts
from hubapp.services.opportunity_times import Slots, local_zone, one_off_slots, recurrence_slots
from hubapp.services.postcodes import LatLon, held_version, place_of
from hubapp.services.vocabulary import slugify

PersonTags = dict[str, tuple[str, str, str]]  # slug -> (kind, name, Welsh name)


def under_18_cutoff(today: date) -> date:
    """People born after this date are under 18 today."""
    try:
        return today.replace(year=today.year - 18)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 18, day=28)


def slots_of(availability: Mapping[str, Iterable[str]]) -> Slots:
    return {d: frozenset(parts) for d, parts in availability.items() if parts}


def person_tags(session: Session, interests: Iterable[str], skills: Iterable[str]) -> PersonTags:
    """The profile's tag names resolved against the vocabulary (English or Welsh names, or
    slugs); a name that is no tag here still matches a tag with the same slug."""
    known: dict[str, tuple[str, str, str]] = {}
    for slug, name, name_cy in session.execute(
        select(Tag.slug, Tag.name, Tag.name_cy).where(Tag.deleted.is_(False))
    ):
        for key in (fold(name), fold(name_cy or ""), slug):
            if key:
                known.setdefault(key, (slug, name, name_cy or ""))
    out: PersonTags = {}
    for kind, names in ((TagKind.SKILL, skills), (TagKind.INTEREST, interests)):
        for typed in names:
            slug, name, name_cy = known.get(fold(typed)) or known.get(
                slugify(typed), (slugify(typed), typed.strip(), "")
            )
            if slug:
                out[slug] = (kind, name, name_cy)  # interests win over skills: said last
    return out


def opportunity_facts(
    session: Session, table: dict[str, LatLon], only_id: str | None = None
) -> list[OpportunityFacts]:
    """Live opportunities (one-offs still to come), or just `only_id` whatever its state.
    Plain columns, not ORM objects: a hub with thousands of opportunities reads them fast."""
    query = (
        select(
            Opportunity.id,
            Opportunity.title,
            Opportunity.one_off_at,
            Opportunity.recurrence,
            Opportunity.location_kind,
            Opportunity.postcode,
            Opportunity.step_free,
            Opportunity.transport_available,
            Opportunity.suitable_under_18,
            Opportunity.welsh_needed,
            Group.name,
            Group.welsh_name,
            Venue.latitude,
            Venue.longitude,
            Venue.postcode,
            Venue.step_free,
            Venue.on_bus_route,
            Hub.postcode,
        )
        .outerjoin(Group, Group.id == Opportunity.group_id)
        .outerjoin(Venue, Venue.id == Opportunity.venue_id)
        .outerjoin(Hub, Hub.id == Opportunity.hub_id)
    )
    tags_query = (
        select(OpportunityTag.opportunity_id, Tag.slug, Tag.name, Tag.name_cy)
        .join(Tag, Tag.id == OpportunityTag.tag_id)
        .join(Opportunity, Opportunity.id == OpportunityTag.opportunity_id)
        .where(OpportunityTag.deleted.is_(False))
    )
    if only_id is not None:
        query = query.where(Opportunity.id == only_id)
        tags_query = tags_query.where(Opportunity.id == only_id)
    else:
        live = (Opportunity.active.is_(True), Opportunity.deleted.is_(False))
        query = query.where(*live).where(
            (Opportunity.one_off_at.is_(None)) | (Opportunity.one_off_at >= start_of_today())
        )
        tags_query = tags_query.where(*live)
    tags: dict[str, dict[str, tuple[str, str]]] = {}
    for opportunity_id, slug, name, name_cy in session.execute(tags_query):
        tags.setdefault(opportunity_id, {})[slug] = (name, name_cy or name)
    return [facts_of(row, table, tags.get(row[0], {})) for row in session.execute(query)]


@dataclass(frozen=True)
class OpportunityIndex:
    """Live opportunities arranged for ranking thousands at once: opportunities share days,
    places and access, so each distinct `when_key`, `place_key` and `access_key` has one
    representative (`*_groups`) and every opportunity the number of its group (`*_of`);
    `by_tag` lists, per skill or interest slug, the opportunities that want it."""

    facts: list[OpportunityFacts]
    when_groups: list[OpportunityFacts]
    when_of: list[int]
    place_groups: list[OpportunityFacts]
    place_of: list[int]
    access_groups: list[OpportunityFacts]
    access_of: list[int]
    by_tag: dict[str, list[int]]


def index_of(facts: list[OpportunityFacts]) -> OpportunityIndex:
    groups: dict[str, dict[tuple[object, ...], int]] = {"when": {}, "place": {}, "access": {}}
    firsts: dict[str, list[OpportunityFacts]] = {"when": [], "place": [], "access": []}
    numbers: dict[str, list[int]] = {"when": [], "place": [], "access": []}
    by_tag: dict[str, list[int]] = {}
    for position, o in enumerate(facts):
        for part, key in (("when", o.when_key), ("place", o.place_key), ("access", o.access_key)):
            number = groups[part].get(key)
            if number is None:
                number = groups[part][key] = len(firsts[part])
                firsts[part].append(o)
            numbers[part].append(number)
        for slug in o.tags:
            by_tag.setdefault(slug, []).append(position)
    return OpportunityIndex(
        facts,
        firsts["when"],
        numbers["when"],
        firsts["place"],
        numbers["place"],
        firsts["access"],
        numbers["access"],
        by_tag,
    )


_cache: weakref.WeakKeyDictionary[Database, tuple[tuple[Any, ...], OpportunityIndex]] = (
    weakref.WeakKeyDictionary()
)


def live_opportunities(db: Database, table: dict[str, LatLon]) -> OpportunityIndex:
    """Every live opportunity (`opportunity_facts`), indexed, remembered until anything is
    written (every write is journalled, so the journal's last number says when), the row
    counts change, the districts are replaced or the day turns."""
    with db.read() as session:
        key = (
            session.scalar(select(func.max(Change.seq))),
            session.scalar(select(func.count()).select_from(Opportunity)),
            session.scalar(select(func.count()).select_from(OpportunityTag)),
            held_version(db),  # the districts' version: places change with it
            start_of_today(),
        )
        cached = _cache.get(db)
        if cached is not None and cached[0] == key:
            return cached[1]
        index = index_of(opportunity_facts(session, table))
    _cache[db] = (key, index)
    return index


def start_of_today() -> datetime:
    zone = local_zone() or UTC
    local = datetime.combine(datetime.now(zone).date(), time(0), tzinfo=zone)
    return local.astimezone(UTC)


def facts_of(
    row: Any, table: dict[str, LatLon], tags: dict[str, tuple[str, str]]
) -> OpportunityFacts:
    (ident, title, one_off_at, recurrence, location_kind, postcode, step_free, transport,
     under_18_ok, welsh, group_name, group_name_cy, lat, lon, venue_postcode, venue_step_free,
     bus, hub_postcode) = row  # fmt: skip
    place: LatLon | None = (lat, lon) if lat is not None and lon is not None else None
    for code in (postcode, venue_postcode, hub_postcode):
        if place is None:
            place = place_of(table, code)
    return OpportunityFacts(
        id=ident,
        title=title,
        group_name=group_name or "",
        slots=one_off_slots(one_off_at) if one_off_at else recurrence_slots(recurrence),
        one_off_at=one_off_at,
        from_home=location_kind == LocationKind.HOME,
        place=place,
        step_free=bool(step_free or venue_step_free),
        transport_offered=bool(transport),
        bus_route=bool(bus),
        under_18_ok=bool(under_18_ok),
        welsh_needed=bool(welsh),
        tags=tags,
        group_name_cy=group_name_cy or "",
    )
