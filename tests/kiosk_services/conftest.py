"""Fixtures for the kiosk services tests: a hub near Llandovery with venues, groups and a
hand-built set of opportunities (see `community`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from hubapp.models import Hub, Organisation, Venue
from hubapp.models.database import Database
from hubapp.services import groups, opportunities
from hubapp.services.groups import GroupDetails
from hubapp.services.members import MemberDetails, sign_up_member
from hubapp.services.opportunities import OpportunityDetails, Recurrence
from hubapp.services.staff import SignedInStaff


@dataclass
class Community:
    staff_id: str
    hub_id: str
    library: str  # venue ids
    town_hall: str
    myddfai: str
    gardening_club: str  # group ids
    car_scheme: str
    council_body: str  # an organisation (public body)
    garden: str  # opportunity ids
    driver: str
    digital: str
    welsh_host: str
    youth: str


def add_venue(db: Database, name: str, postcode: str, **values: object) -> str:
    with db.write() as session:
        venue = Venue(hub_id=db.hub_id, name=name, postcode=postcode, **values)
        session.add(venue)
        session.flush()
        return venue.id


def post(db: Database, staff_id: str, **values: object) -> str:
    return opportunities.post_opportunity(db, OpportunityDetails(**values), staff_user_id=staff_id)  # type: ignore[arg-type]


def member(db: Database, first: str, last: str, **values: object) -> str:
    details = MemberDetails(first_name=first, last_name=last, **values)  # type: ignore[arg-type]
    return sign_up_member(db, details, staff_user_id=None, confirmed_different=True).id


@pytest.fixture
def community(db: Database, admin: SignedInStaff) -> Community:
    with db.write() as session:
        hub = session.get(Hub, admin.hub_id)
        assert hub is not None
        hub.postcode = "SA20 0AP"
        council = Organisation(name="Carmarthenshire County Council", kind="public_body")
        session.add(council)
        session.flush()
        council_id = council.id
    library = add_venue(
        db, "Llandovery Library", "SA20 0AP", latitude=51.9948, longitude=-3.7972,
        step_free=True, on_bus_route=True,
    )  # fmt: skip
    town_hall = add_venue(db, "Llandovery Town Hall", "SA20 0AB", on_bus_route=True)
    myddfai = add_venue(
        db, "Neuadd Myddfai", "SA20 0JD", latitude=51.9590, longitude=-3.7790, step_free=True
    )
    club = groups.register_group(
        db, GroupDetails(name="Llandovery Gardening Club"), staff_user_id=admin.id
    ).id
    cars = groups.register_group(
        db, GroupDetails(name="Community Car Scheme"), staff_user_id=admin.id
    ).id
    garden = post(
        db, admin.id, title="Library garden volunteer", group_id=club,
        recurrence=Recurrence(["tue"], "10:00", "12:00"), location_kind="venue",
        venue_id=library, skills=["Gardening"], interests=["Growing food"],
    )  # fmt: skip
    driver = post(
        db, admin.id, title="Volunteer driver", group_id=cars,
        recurrence=Recurrence(["thu"], "09:00", "13:00"), location_kind="hub",
        skills=["Driving"], interests=["Supporting older people"],
    )  # fmt: skip
    digital = post(
        db, admin.id, title="Digital buddy", recurrence=Recurrence(["wed"], "14:00", "16:00"),
        location_kind="home", skills=["Computers and IT help"],
        interests=["Getting people online"],
    )  # fmt: skip
    welsh_host = post(
        db, admin.id, title="Host for Paned a Sgwrs", recurrence=Recurrence(["mon"], "19:00"),
        location_kind="venue", venue_id=town_hall, welsh_needed=True,
        interests=["Welsh language and culture"],
    )  # fmt: skip
    youth = post(
        db, admin.id, title="Youth club helper", recurrence=Recurrence(["wed"], "18:30", "20:30"),
        location_kind="venue", venue_id=myddfai, under_18_ok=True, interests=["Young people"],
    )  # fmt: skip
    return Community(
        admin.id, admin.hub_id, library, town_hall, myddfai, club, cars, council_id,
        garden, driver, digital, welsh_host, youth,
    )  # fmt: skip


def aware(text: str) -> datetime:
    """'2027-03-13 10:00' in UTC."""
    from datetime import UTC

    return datetime.fromisoformat(text).replace(tzinfo=UTC)
