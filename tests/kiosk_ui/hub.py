"""A small hand-built hub for the kiosk tests and screenshots, made through the services:
two members, two public groups, a meeting today, and three ways to get involved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hubapp.models.database import Database
from hubapp.services import groups as group_service
from hubapp.services import opportunities as opportunity_service
from hubapp.services.meetings.scheduling import MeetingDetails, schedule_meeting
from hubapp.services.members import MemberDetails, sign_up_member
from hubapp.services.opportunities import OpportunityDetails, Recurrence
from hubapp.services.staff import SignedInStaff


@dataclass(frozen=True)
class Hub:
    sian_id: str  # Siân Llewellyn, sian@example.org, born 14 March 1962
    sian_number: str
    jon_id: str  # Jon Jones, 07700 900123, born 2 August 1990
    garden_group_id: str
    repair_group_id: str
    meeting_id: str  # Caffi Trwsio's meeting, today
    gardening_id: str  # Tuesdays at the hub, gardening
    repair_id: str  # Saturdays at a venue in Llandeilo, DIY
    befriending_id: str  # from home, whenever suits


def today_at(hour: int, minute: int = 0) -> datetime:
    """A naive local time today (the meetings service takes naive times as UK time)."""
    midnight = datetime.combine(date.today(), datetime.min.time())
    return midnight + timedelta(hours=hour, minutes=minute)


def make_hub(db: Database, admin: SignedInStaff) -> Hub:
    staff = admin.id
    sian = sign_up_member(
        db,
        MemberDetails(first_name="Siân", last_name="Llewellyn", email="sian@example.org",
                      postcode="SA20 0AB", date_of_birth=date(1962, 3, 14)),
        staff_user_id=staff, confirmed_different=True,
    )  # fmt: skip
    jon = sign_up_member(
        db,
        MemberDetails(first_name="Jon", last_name="Jones", phone="07700 900123",
                      postcode="SA19 6AB", date_of_birth=date(1990, 8, 2)),
        staff_user_id=staff, confirmed_different=True,
    )  # fmt: skip
    garden = group_service.register_group(
        db, group_service.GroupDetails(name="Llandovery Growers", welsh_name="Tyfwyr Llanymddyfri",
                                       purpose="Growing food together"),
        staff_user_id=staff,
    )  # fmt: skip
    repair = group_service.register_group(
        db, group_service.GroupDetails(name="Caffi Trwsio", purpose="Mending things"),
        staff_user_id=staff,
    )  # fmt: skip
    meeting = schedule_meeting(
        db,
        MeetingDetails(group_id=repair.id, title="Repair café planning",
                       starts_at=today_at(19), venue_text="Community room"),
        staff_user_id=staff,
    )  # fmt: skip
    post = opportunity_service.post_opportunity
    gardening = post(
        db,
        OpportunityDetails(title="Community garden helpers", group_id=garden.id,
                           recurrence=Recurrence(days=["tue"], start="10:00", end="12:00"),
                           location_kind="hub", postcode="SA20 0AB",
                           interests=["Growing food", "Environment and nature"],
                           skills=["Gardening"], step_free=True, time_commitment="2 hours a week"),
        staff_user_id=staff,
    )  # fmt: skip
    repair_work = post(
        db,
        OpportunityDetails(title="Repair café fixers", group_id=repair.id,
                           recurrence=Recurrence(days=["sat"], start="10:00", end="13:00"),
                           location_kind="hub", postcode="SA19 6AB", skills=["DIY and repairs"],
                           interests=["Environment and nature"]),
        staff_user_id=staff,
    )  # fmt: skip
    befriending = post(
        db,
        OpportunityDetails(title="Telephone befriending", location_kind="home",
                           interests=["Supporting older people"], skills=["Befriending"]),
        staff_user_id=staff,
    )  # fmt: skip
    return Hub(sian.id, sian.membership_number or "", jon.id, garden.id, repair.id, meeting,
               gardening, repair_work, befriending)  # fmt: skip
