"""A small hub for the opportunities and feedback screens (tests and screenshots), made
through the services where they exist: members with skills, interests and times they are
free, a venue, two groups, three opportunities, interest from the kiosk and the desk,
feedback over three months with comments waiting for moderation, and a kiosk sign-up
flagged as a likely duplicate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hubapp.models import Feedback, Hub, Organisation, Venue
from hubapp.models.database import Database
from hubapp.services import feedback as feedback_service
from hubapp.services import groups as group_service
from hubapp.services import kiosk as kiosk_service
from hubapp.services import opportunities as opportunity_service
from hubapp.services.members import MemberDetails, sign_up_member
from hubapp.services.opportunities import OpportunityDetails, Recurrence
from hubapp.services.staff import SignedInStaff


@dataclass(frozen=True)
class EngagementHub:
    sian: str  # Siân Llewellyn: gardening, free Tuesday mornings, may be emailed
    gareth: str  # Gareth Price: gardening, no consent to contact, 25 miles away
    eleri: str  # Eleri Morgan: befriending, free Thursdays
    growers: str  # group ids
    caffi: str
    venue: str
    garden: str  # opportunity ids: Tuesdays at the hub, gardening
    repair: str  # Saturdays at the venue, DIY
    befriending: str  # from home
    council: str  # an organisation (public body)
    sign_up: str  # the flagged kiosk sign-up (a second Siân)


def add_venue(db: Database, name: str, postcode: str, **values: object) -> str:
    with db.write() as session:
        venue = Venue(hub_id=db.hub_id, name=name, postcode=postcode, **values)
        session.add(venue)
        session.flush()
        return venue.id


def member(db: Database, staff: str, first: str, last: str, **values: object) -> str:
    details = MemberDetails(first_name=first, last_name=last, **values)  # type: ignore[arg-type]
    return sign_up_member(db, details, staff_user_id=staff, confirmed_different=True).id


def make_engagement_hub(db: Database, admin: SignedInStaff) -> EngagementHub:
    staff = admin.id
    with db.write() as session:
        hub = session.get(Hub, admin.hub_id)
        assert hub is not None
        hub.postcode = "SA20 0AP"
        council = Organisation(name="Carmarthenshire County Council", kind="public_body")
        session.add(council)
        session.flush()
        council_id = council.id
    venue = add_venue(db, "Llandovery Town Hall", "SA20 0AB", on_bus_route=True, step_free=True)
    sian = member(db, staff, "Siân", "Llewellyn", email="sian@example.org", postcode="SA20 0AB",
                  skills=["Gardening"], interests=["Growing food"], travel_miles=5.0,
                  availability={"tue": ["morning"]}, consents={"contact_email": True})  # fmt: skip
    gareth = member(db, staff, "Gareth", "Price", phone="07700 900456", postcode="SA31 1AA",
                    skills=["Gardening"], availability={"sat": ["morning"]})  # fmt: skip
    eleri = member(db, staff, "Eleri", "Morgan", email="eleri@example.org", postcode="SA19 6AB",
                   skills=["Befriending"], interests=["Supporting older people"],
                   availability={"thu": ["afternoon"]}, speaks_welsh=True,
                   consents={"contact_email": True, "contact_phone": True})  # fmt: skip
    growers = group_service.register_group(
        db, group_service.GroupDetails(name="Llandovery Growers", purpose="Growing food together"),
        staff_user_id=staff,
    ).id  # fmt: skip
    caffi = group_service.register_group(
        db, group_service.GroupDetails(name="Caffi Trwsio", purpose="Mending things"),
        staff_user_id=staff,
    ).id  # fmt: skip
    post = opportunity_service.post_opportunity
    garden = post(db, OpportunityDetails(
        title="Community garden helpers", group_id=growers,
        description="Weeding, planting and watering the beds behind the library.",
        recurrence=Recurrence(["tue"], "10:00", "12:00"), location_kind="hub", postcode="SA20 0AP",
        skills=["Gardening"], interests=["Growing food", "Environment and nature"],
        step_free=True, time_commitment="2 hours a week"), staff_user_id=staff)  # fmt: skip
    repair = post(db, OpportunityDetails(
        title="Repair café fixers", group_id=caffi,
        recurrence=Recurrence(["sat"], "10:00", "13:00"), location_kind="venue", venue_id=venue,
        skills=["DIY and repairs"], interests=["Environment and nature"]),
        staff_user_id=staff)  # fmt: skip
    befriending = post(db, OpportunityDetails(
        title="Telephone befriending", location_kind="home", postcode="SA20 0AP",
        interests=["Supporting older people"], skills=["Befriending"], welsh_needed=True,
        time_commitment="An hour a week"), staff_user_id=staff)  # fmt: skip
    opportunity_service.express_interest(
        db, garden, visitor_name="Huw Bevan", visitor_contact="huw@example.net",
        message="I have a free morning most weeks.", channel="kiosk")  # fmt: skip
    opportunity_service.express_interest(db, garden, member_id=sian, channel="desk",
                                         staff_user_id=staff)  # fmt: skip
    add_feedback(db, growers, council_id)
    sign_up = kiosk_service.self_sign_up(
        db, MemberDetails(first_name="Sian", last_name="Llewelyn", email="sian@example.org",
                          postcode="SA20 0AB"),
        {"contact_email": True}, "v1",
    ).member_id  # fmt: skip
    return EngagementHub(sian, gareth, eleri, growers, caffi, venue, garden, repair, befriending,
                         council_id, sign_up)  # fmt: skip


# (months ago, subject, rating, reason, comment, approved)
_FEEDBACK = [
    (2, "hub", 4, "Friendly welcome", "", False),
    (2, "hub", 5, "Helpful staff", "Rhian found me the bus timetable.", True),
    (2, "hub", 3, "Opening hours", "", False),
    (1, "hub", 2, "Opening hours", "Closed on Saturday afternoons when I can come.", True),
    (1, "hub", 4, "", "", False),
    (1, "group", 5, "Activities", "Lovely people, great soup.", True),
    (0, "hub", 5, "Helpful staff", "", False),
    (0, "hub", 4, "Clean and tidy", "", False),
    (0, "group", 4, "", "", False),
    (0, "public_body", 2, "Waiting time", "", False),
]
# Comments still waiting for a decision (today).
WAITING = [
    ("hub", 1, "Waiting time", "Waited ages. Ring me on 07700 900123 to explain."),
    ("hub", 4, "Information", "The new noticeboard is really useful."),
    ("public_body", 1, "", "The council are scum. Fix the potholes!"),
]


def _months_ago(months: int) -> datetime:
    now = datetime.now(UTC).replace(day=12, hour=11, minute=0, second=0, microsecond=0)
    year, month = now.year, now.month - months
    while month < 1:
        month, year = month + 12, year - 1
    return now.replace(year=year, month=month)


def add_feedback(db: Database, group_id: str, council_id: str) -> None:
    subjects = {"hub": None, "group": group_id, "public_body": council_id}
    for n, (months, kind, rating, reason, comment, approved) in enumerate(_FEEDBACK):
        made = feedback_service.submit_feedback(
            db, kind, subjects[kind], rating, reason=reason, comment=comment,
            channel="kiosk", device_key=f"test-{n}",
        )  # fmt: skip
        assert made is not None
        with db.write() as session:
            row = session.get(Feedback, made)
            assert row is not None
            row.created_at = _months_ago(months) + timedelta(hours=n)
        if approved:
            feedback_service.approve(db, made, staff_user_id=None)
    for n, (kind, rating, reason, comment) in enumerate(WAITING):
        feedback_service.submit_feedback(
            db, kind, subjects[kind], rating, reason=reason, comment=comment,
            channel="kiosk", device_key=f"waiting-{n}",
        )  # fmt: skip
