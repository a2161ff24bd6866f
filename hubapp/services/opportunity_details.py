"""What the post-an-opportunity form holds, and its checking: the words and times typed,
made tidy, or every problem named in form order. Re-exported by services.opportunities."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from hubapp.models.vocab import LocationKind
from hubapp.services.errors import FieldProblem, ValidationFailed
from hubapp.services.opportunity_times import DAYS
from hubapp.services.validation import normalise_postcode


@dataclass
class Recurrence:
    """A regular slot: days of the week ("mon".."sun") and, optionally, times ("10:00")."""

    days: list[str] = field(default_factory=list)
    start: str = ""
    end: str = ""


@dataclass
class OpportunityDetails:
    """What the post-an-opportunity form holds, as typed. Either `one_off_at` (an aware
    datetime) or `recurrence`, or neither for "whenever suits" (e.g. a treasurer)."""

    title: str = ""
    description: str = ""
    group_id: str | None = None
    one_off_at: datetime | None = None
    recurrence: Recurrence | None = None
    location_kind: str = "hub"  # "hub", "venue" or "home"
    venue_id: str | None = None
    postcode: str = ""
    skills: list[str] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    step_free: bool = False
    transport_available: bool = False
    under_18_ok: bool = False
    welsh_needed: bool = False
    time_commitment: str = ""


_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_LOCATIONS = tuple(k.value for k in LocationKind)


def clean_opportunity(details: OpportunityDetails) -> OpportunityDetails:
    """Trimmed, checked details, or ValidationFailed naming every problem in form order.
    (Whether the group and venue exist is checked when saving.)"""
    problems: dict[str, str] = {}
    out = replace(details, skills=list(details.skills), interests=list(details.interests))
    out.title = " ".join(details.title.split())
    out.description = details.description.strip()
    out.time_commitment = " ".join(details.time_commitment.split())
    if not out.title:
        problems["title"] = "Give the opportunity a title, for example “Volunteer driver”."
    elif len(out.title) > 200:
        problems["title"] = "The title is too long (at most 200 characters)."
    if details.one_off_at is not None and details.one_off_at.tzinfo is None:
        problems["one_off_at"] = "The date and time must include a time zone."
    if details.one_off_at is not None and details.recurrence is not None:
        problems["recurrence"] = "Choose either a single date or a regular time, not both."
    elif details.recurrence is not None:
        problem = _recurrence_problem(details.recurrence)
        if problem:
            problems["recurrence"] = problem
    if details.location_kind not in _LOCATIONS:
        problems["location_kind"] = "Choose where it happens: the hub, a venue, or from home."
    elif details.location_kind == LocationKind.VENUE and not details.venue_id:
        problems["venue_id"] = "Choose the venue."
    out.postcode = ""
    if details.postcode.strip():
        try:
            out.postcode = normalise_postcode(details.postcode)
        except FieldProblem as problem:
            problems["postcode"] = problem.message
    if len(out.time_commitment) > 200:
        problems["time_commitment"] = "The time commitment is too long (at most 200 characters)."
    if problems:
        raise ValidationFailed(problems)
    return out


def _recurrence_problem(recurrence: Recurrence) -> str | None:
    if not recurrence.days or any(d not in DAYS for d in recurrence.days):
        return "Choose the days of the week it happens on."
    for typed in (recurrence.start, recurrence.end):
        if typed and not _TIME.match(typed):
            return f"“{typed}” is not a time. Times look like 10:00 or 14:30."
    if recurrence.end and not recurrence.start:
        return "Give the start time as well as the end time."
    if recurrence.start and recurrence.end and recurrence.end <= recurrence.start:
        return "The end time must be after the start time."
    return None


def recurrence_json(recurrence: Recurrence | None) -> dict[str, Any]:
    if recurrence is None:
        return {}
    days = [d for d in DAYS if d in recurrence.days]
    return {"days": days, "start": recurrence.start, "end": recurrence.end}


def recurrence_of(stored: dict[str, Any] | None) -> Recurrence | None:
    """The stored recurrence as a Recurrence (older day-and-part rows give days only)."""
    if not stored:
        return None
    if "days" in stored:
        return Recurrence(list(stored["days"]), stored.get("start") or "", stored.get("end") or "")
    return Recurrence([d for d in DAYS if d in stored])
