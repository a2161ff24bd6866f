"""A hub with a group organiser's account (services and screens tests): the engagement hub,
with Siân Llewellyn chair of Llandovery Growers (and a plain member of Caffi Trwsio, which
gives her no reach there), interest shown in both groups' opportunities, and an organiser
account "sian" linked to her."""

from __future__ import annotations

from dataclasses import dataclass

from hubapp.models.database import Database
from hubapp.models.vocab import GroupRole, StaffRole
from hubapp.services import groups as group_service
from hubapp.services import opportunities as opportunity_service
from hubapp.services import staff as staff_service
from hubapp.services.members import MemberDetails, sign_up_member
from hubapp.services.staff import SignedInStaff
from tests.ui.engagement_hub import EngagementHub, make_engagement_hub

ORGANISER_SECRET = "garden-4821"


@dataclass(frozen=True)
class OrganiserHub:
    hub: EngagementHub
    organiser: SignedInStaff  # Siân, chair of Llandovery Growers
    garden_interest: str  # Huw Bevan's, from the kiosk, in the Growers' garden helpers
    repair_interest: str  # Rhys Evans's, in Caffi Trwsio's repair café (not hers)


def make_organiser_hub(db: Database, admin: SignedInStaff) -> OrganiserHub:
    hub = make_engagement_hub(db, admin)
    enlist = group_service.enlist_member
    enlist(db, hub.growers, hub.sian, GroupRole.CHAIR, staff_user_id=admin.id)
    enlist(db, hub.caffi, hub.sian, GroupRole.MEMBER, staff_user_id=admin.id)
    repair_interest = opportunity_service.express_interest(
        db, hub.repair, visitor_name="Rhys Evans", visitor_contact="07700 900789",
        message="I can fix bikes.", channel="kiosk",
    )  # fmt: skip
    garden_interest = next(
        r.id for r in opportunity_service.interests_for(db, hub.garden) if r.name == "Huw Bevan"
    )
    staff_service.add_staff(
        db, admin, "sian", "Siân Llewellyn", StaffRole.ORGANISER, ORGANISER_SECRET,
        member_id=hub.sian,
    )  # fmt: skip
    organiser = staff_service.sign_in(db, "sian", ORGANISER_SECRET)
    return OrganiserHub(hub, organiser, garden_interest, repair_interest)


def add_organiser_account(db: Database, admin: SignedInStaff, username: str) -> SignedInStaff:
    """Alone (into any hub): a new group with a new member as its secretary, and an
    organiser's account for that member, with ORGANISER_SECRET."""
    group = group_service.register_group(
        db, group_service.GroupDetails(name=f"Cwmdu Walkers ({username})"), staff_user_id=admin.id
    )
    member = sign_up_member(
        db,
        MemberDetails(first_name="Nia", last_name=f"Organiser {username}", phone="01550 720456"),
        staff_user_id=admin.id,
        confirmed_different=True,
    )
    group_service.enlist_member(
        db, group.id, member.id, GroupRole.SECRETARY, staff_user_id=admin.id
    )
    staff_service.add_staff(
        db, admin, username, "Nia Organiser", StaffRole.ORGANISER, ORGANISER_SECRET,
        member_id=member.id,
    )  # fmt: skip
    return staff_service.sign_in(db, username, ORGANISER_SECRET)
