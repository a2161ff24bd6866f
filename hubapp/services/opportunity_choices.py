"""What the post-an-opportunity form offers to choose from: the venues, and the skills and
interests of the shipped vocabulary (plus free tags already in use)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from hubapp.models import Venue
from hubapp.models.database import Database
from hubapp.models.vocab import TagKind
from hubapp.services.vocabulary import TagChoice, list_tags


@dataclass(frozen=True)
class VenueChoice:
    id: str
    name: str
    postcode: str
    step_free: bool
    on_bus_route: bool


@dataclass(frozen=True)
class OpportunityChoices:
    venues: list[VenueChoice]
    skills: list[TagChoice]
    interests: list[TagChoice]


def list_venues(db: Database) -> list[VenueChoice]:
    """Live venues by name."""
    query = select(Venue).where(Venue.deleted.is_(False)).order_by(func.lower(Venue.name), Venue.id)
    with db.read() as session:
        return [
            VenueChoice(v.id, v.name, v.postcode or "", v.step_free, v.on_bus_route)
            for v in session.scalars(query)
        ]


def opportunity_choices(db: Database) -> OpportunityChoices:
    with db.read() as session:
        skills = list_tags(session, TagKind.SKILL)
        interests = list_tags(session, TagKind.INTEREST)
    return OpportunityChoices(list_venues(db), skills, interests)
