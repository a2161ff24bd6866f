"""The ranking rules of services.matching, as pure functions: how much each kind of fit
counts, and the words that explain it. Nothing here reads the database.

Points (see docs/matching-and-feedback.md): each shared interest or skill 25 (up to three);
the right day 20, "whenever suits" 10, a clash -10; distance within the person's range 10 to
20 (nearer is better), from home 20, beyond their range down to -20 (half that on a bus
route, +8 if transport is offered); step-free access +10 when needed, -25 when needed but
not confirmed; under-18s +10 or -40; Welsh wanted +15 for a speaker, -20 otherwise.
Unknowns (no availability, no postcode) count 0: never a penalty.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from hubapp.services.opportunity_times import DAYS, Slots, date_words, days_words
from hubapp.services.postcodes import LatLon, haversine_miles

TAG_POINTS = 25.0
MAX_TAGS_COUNTED = 3
WHEN_FITS, WHEN_FLEXIBLE, WHEN_CLASH = 20.0, 10.0, -10.0
NEAR_MAX, NEAR_MIN, FAR_MAX_PENALTY, TRANSPORT_OFFERED = 20.0, 10.0, 20.0, 8.0
STEP_FREE_FITS, STEP_FREE_UNCONFIRMED = 10.0, -25.0
UNDER_18_FITS, UNDER_18_UNSUITABLE = 10.0, -40.0
WELSH_FITS, WELSH_MISSING = 15.0, -20.0
# How far someone is taken to travel when they did not say.
DEFAULT_MILES_WITH_TRANSPORT = 10.0
DEFAULT_MILES_WITHOUT = 3.0

VISITOR, STAFF = "visitor", "staff"


@dataclass(frozen=True)
class Reason:
    """One reason a result ranks where it does. `text` is English; a screen translates
    `template` (through tr()) and formats it with `values`, which carry a Welsh form of
    every name or phrase as "<key>_cy" for the Welsh template to use."""

    code: str
    template: str
    values: Mapping[str, str]
    fits: bool  # False: a caution that counts against the result

    @property
    def text(self) -> str:
        return self.template.format(**self.values)


# code -> (words to the person themselves, words about them to staff)
TEMPLATES: dict[str, tuple[str, str]] = {
    "when": ("{when}", "{when}"),
    "when_flexible": ("whenever suits you", "whenever suits them"),
    "when_clash": (
        "{when}: not when you said you are free",
        "{when}: not when they said they are free",
    ),
    "interest": ("you like {name}", "likes {name}"),
    "skill": ("you are good at {name}", "good at {name}"),
    "from_home": ("from home", "from home"),
    "distance": ("{distance}", "{distance}"),
    "distance_transport": ("{distance}, you have transport", "{distance}, has transport"),
    "distance_bus": ("{distance}, on a bus route", "{distance}, on a bus route"),
    "distance_lift": ("{distance}, transport offered", "{distance}, transport offered"),
    "distance_far": (
        "{distance}: further than the {range} you said",
        "{distance}: further than the {range} they said",
    ),
    "distance_far_unsaid": ("{distance}: a long way", "{distance}: a long way"),
    "distance_unknown": ("distance not known", "distance not known"),
    "step_free": ("step-free access", "step-free access"),
    "step_free_unconfirmed": ("step-free access not confirmed", "step-free access not confirmed"),
    "under_18_ok": ("suitable for under-18s", "suitable for under-18s"),
    "under_18_unsuitable": (
        "not marked as suitable for under-18s",
        "not marked as suitable for under-18s",
    ),
    "welsh": ("Welsh speakers wanted: you speak Welsh", "speaks Welsh, which is wanted"),
    "welsh_missing": ("Welsh speakers wanted", "Welsh speakers wanted; not known to speak it"),
}


def reason(
    code: str, audience: str, values: Mapping[str, str] | None = None, *, fits: bool = True
) -> Reason:
    visitor, staff = TEMPLATES[code]
    return Reason(code, visitor if audience == VISITOR else staff, dict(values or {}), fits)


@dataclass(frozen=True)
class OpportunityFacts:
    """What matching needs to know about one live opportunity."""

    id: str
    title: str
    group_name: str
    slots: Slots  # empty: whenever suits (or a one-off: see one_off_at)
    one_off_at: datetime | None
    from_home: bool
    place: LatLon | None
    step_free: bool
    transport_offered: bool
    bus_route: bool
    under_18_ok: bool
    welsh_needed: bool
    # slug -> (name, Welsh name)
    tags: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    group_name_cy: str = ""  # the group's Welsh name, where it has one

    @cached_property
    def sort_title(self) -> str:
        return self.title.casefold()

    @cached_property
    def when_key(self) -> tuple[object, ...]:
        """What `when_fit` reads of the opportunity (for remembering its answer)."""
        return (tuple(sorted(self.slots.items())), self.one_off_at)

    @cached_property
    def place_key(self) -> tuple[object, ...]:
        """What `distance_fit` reads of the opportunity."""
        return (self.from_home, self.place, self.bus_route, self.transport_offered)

    @cached_property
    def access_key(self) -> tuple[object, ...]:
        """What `access_fit` reads of the opportunity."""
        return (self.from_home, self.step_free, self.under_18_ok, self.welsh_needed)


@dataclass(frozen=True)
class PersonFacts:
    """What matching needs to know about one person (besides their skills and interests)."""

    availability: Slots
    place: LatLon | None
    travel_miles: float | None
    has_transport: bool
    needs_step_free: bool
    under_18: bool
    speaks_welsh: bool


Scored = tuple[float, list[tuple[int, Reason]]]  # points, (order, reason) pairs


def lower_first(name: str) -> str:
    """'Gardening' -> 'gardening' inside a sentence; 'Welsh language and culture' and
    acronyms keep their capitals."""
    first = name.split(" ", 1)[0]
    if first in ("Welsh", "English", "Cymraeg") or len(first) < 2 or not first[1:2].islower():
        return name
    return name[0].lower() + name[1:]


def tag_fit(
    opportunity: OpportunityFacts, person_tags: Mapping[str, tuple[str, str, str]], audience: str
) -> Scored:
    """Shared interests and skills. `person_tags`: slug -> (kind, name, Welsh name)."""
    shared = sorted(s for s in opportunity.tags if s in person_tags)
    reasons = []
    for slug in shared:
        kind, name, name_cy = person_tags[slug]
        code = "interest" if kind == "interest" else "skill"
        values = {"name": lower_first(name), "name_cy": name_cy or name}
        reasons.append((1, reason(code, audience, values)))
    return tag_points(len(shared)), reasons


def tag_points(shared: int) -> float:
    """Points for sharing `shared` skills and interests with an opportunity."""
    return TAG_POINTS * min(shared, MAX_TAGS_COUNTED)


def when_fit(opportunity: OpportunityFacts, person: PersonFacts, audience: str) -> Scored:
    if opportunity.one_off_at is not None:
        english, welsh = date_words(opportunity.one_off_at)
        values = {"when": english, "when_cy": welsh}
    elif opportunity.slots:
        english, welsh = days_words(list(opportunity.slots))
        values = {"when": english, "when_cy": welsh}
    else:
        return WHEN_FLEXIBLE, [(0, reason("when_flexible", audience))]
    if not person.availability:
        return 0.0, [(0, reason("when", audience, values))]
    free = [
        d
        for d in DAYS
        if d in opportunity.slots and opportunity.slots[d] & person.availability.get(d, set())
    ]
    if free and opportunity.one_off_at is None:
        english, welsh = days_words(free)
        return WHEN_FITS, [(0, reason("when", audience, {"when": english, "when_cy": welsh}))]
    if free:
        return WHEN_FITS, [(0, reason("when", audience, values))]
    return WHEN_CLASH, [(0, reason("when_clash", audience, values, fits=False))]


def miles_words(miles: float) -> tuple[str, str]:
    if miles < 0.5:
        return "under a mile", "llai na milltir"
    whole = round(miles)
    # Milltir is feminine: un filltir, dwy filltir (soft mutation), then tair milltir...
    welsh = f"{whole} filltir" if whole in (1, 2) else f"{whole} milltir"
    return (f"{whole} mile" if whole == 1 else f"{whole} miles"), welsh


def distance_fit(
    opportunity: OpportunityFacts, person: PersonFacts, audience: str
) -> tuple[float, list[tuple[int, Reason]], float | None]:
    """Rural-aware: measured against the person's own range, never a fixed radius."""
    if opportunity.from_home:
        return NEAR_MAX, [(2, reason("from_home", audience))], None
    if person.place is None or opportunity.place is None:
        return 0.0, [(2, reason("distance_unknown", audience))], None
    miles = haversine_miles(person.place, opportunity.place)
    english, welsh = miles_words(miles)
    values = {"distance": english, "distance_cy": welsh}
    default = DEFAULT_MILES_WITH_TRANSPORT if person.has_transport else DEFAULT_MILES_WITHOUT
    reach = person.travel_miles if person.travel_miles is not None else default
    if miles <= max(reach, 0.5):
        points = NEAR_MAX - (NEAR_MAX - NEAR_MIN) * (miles / max(reach, 0.5))
        if person.has_transport:
            code = "distance_transport"
        elif opportunity.bus_route:
            code = "distance_bus"
        elif opportunity.transport_offered:
            code = "distance_lift"
        else:
            code = "distance"
        return points, [(2, reason(code, audience, values))], miles
    if opportunity.transport_offered:
        return TRANSPORT_OFFERED, [(2, reason("distance_lift", audience, values))], miles
    penalty = FAR_MAX_PENALTY * min(1.0, (miles - reach) / max(reach, 1.0))
    if opportunity.bus_route and not person.has_transport:
        penalty /= 2
    if person.travel_miles is None:  # they did not say: never put words in their mouth
        far = reason("distance_far_unsaid", audience, values, fits=False)
    else:
        range_en, range_cy = miles_words(reach)
        values = {**values, "range": range_en, "range_cy": range_cy}
        far = reason("distance_far", audience, values, fits=False)
    return -penalty, [(2, far)], miles


def access_fit(opportunity: OpportunityFacts, person: PersonFacts, audience: str) -> Scored:
    points, reasons = 0.0, []
    if person.needs_step_free and not opportunity.from_home:
        if opportunity.step_free:
            points += STEP_FREE_FITS
            reasons.append((3, reason("step_free", audience)))
        else:
            points += STEP_FREE_UNCONFIRMED
            reasons.append((3, reason("step_free_unconfirmed", audience, fits=False)))
    if person.under_18:
        if opportunity.under_18_ok:
            points += UNDER_18_FITS
            reasons.append((4, reason("under_18_ok", audience)))
        else:
            points += UNDER_18_UNSUITABLE
            reasons.append((4, reason("under_18_unsuitable", audience, fits=False)))
    if opportunity.welsh_needed:
        if person.speaks_welsh:
            points += WELSH_FITS
            reasons.append((5, reason("welsh", audience)))
        else:
            points += WELSH_MISSING
            reasons.append((5, reason("welsh_missing", audience, fits=False)))
    return points, reasons


def fit_without_tags(
    opportunity: OpportunityFacts, person: PersonFacts, audience: str
) -> tuple[float, list[tuple[int, Reason]], float | None]:
    """Everything but shared skills and interests: when, how far, access, age, Welsh."""
    when_points, when_reasons = when_fit(opportunity, person, audience)
    far_points, far_reasons, miles = distance_fit(opportunity, person, audience)
    access_points, access_reasons = access_fit(opportunity, person, audience)
    return (
        when_points + far_points + access_points,
        when_reasons + far_reasons + access_reasons,
        miles,
    )


def best_without_tags(opportunity: OpportunityFacts) -> float:
    """The most anyone can score for this opportunity without a shared skill or interest."""
    when = WHEN_FITS if opportunity.slots or opportunity.one_off_at else WHEN_FLEXIBLE
    best = when + NEAR_MAX
    best += STEP_FREE_FITS if opportunity.step_free and not opportunity.from_home else 0.0
    best += UNDER_18_FITS if opportunity.under_18_ok else 0.0
    return best + (WELSH_FITS if opportunity.welsh_needed else 0.0)


def ordered(reasons: list[tuple[int, Reason]]) -> tuple[Reason, ...]:
    """Reasons in reading order: when; interests and skills; distance; access; age; Welsh."""
    return tuple(r for _, r in sorted(reasons, key=lambda pair: pair[0]))
