"""Group organisers' accounts: made for a member who is an officer of a group, they may use
only Get involved, and the services keep them to their own groups' opportunities and the
interest shown in them, for as long as the member holds an officer role."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hubapp.models import Change, GroupMembership, StaffUser, stable_id
from hubapp.models.database import Database
from hubapp.models.vocab import GroupRole, StaffRole
from hubapp.services import groups as group_service
from hubapp.services import opportunities as opp
from hubapp.services import staff as staff_service
from hubapp.services.errors import NotAllowed, ValidationFailed
from hubapp.services.matching_people import people_for_opportunity
from hubapp.services.opportunities import OpportunityDetails
from hubapp.services.organisers import acting_for_groups, find_account_candidates
from hubapp.services.staff import Permission, SignedInStaff
from tests.organiser_hub import OrganiserHub, make_organiser_hub


@pytest.fixture
def town(db: Database, admin: SignedInStaff) -> OrganiserHub:
    return make_organiser_hub(db, admin)


def titles(db: Database, staff_id: str | None) -> list[str]:
    return [r.title for r in opp.list_opportunities(db, active_only=False, staff_user_id=staff_id)]


# -- the account ------------------------------------------------------------------------------


def test_an_organiser_account_belongs_to_its_member_and_may_only_get_involved(
    db: Database, town: OrganiserHub
) -> None:
    sian = town.organiser
    assert (sian.role, sian.member_id) == (StaffRole.ORGANISER, town.hub.sian)
    assert {p for p in Permission if sian.can(p)} == {Permission.OPPORTUNITIES}
    for refused in (Permission.DESK, Permission.GROUPS, Permission.MEETINGS, Permission.SYNC,
                    Permission.FEEDBACK, Permission.STAFF, Permission.SETTINGS,
                    Permission.LEAVE_KIOSK):  # fmt: skip
        with pytest.raises(NotAllowed):
            sian.require(refused)
    row = next(r for r in staff_service.list_staff(db) if r.username == "sian")
    assert (row.role, row.member_id, row.member_name) == ("organiser", town.hub.sian,
                                                          "Siân Llewellyn")  # fmt: skip
    assert staff_service.ROLE_LABELS[StaffRole.ORGANISER] == "Group organiser"


def test_hub_staff_keep_what_they_had(
    db: Database, admin: SignedInStaff, town: OrganiserHub
) -> None:
    for role in (StaffRole.DESK, StaffRole.CLERK, StaffRole.ADMIN):
        staff = SignedInStaff("id", "user", "User", role, "hub", "Hub")
        assert staff.can(Permission.OPPORTUNITIES) and staff.can(Permission.GROUPS)
        assert staff.can(Permission.DESK) and staff.can(Permission.SYNC)
        assert staff.can(Permission.LEAVE_KIOSK)
    staff_service.add_staff(db, admin, "bethan", "Bethan Morgan", StaffRole.DESK, "pin-4821")
    desk = staff_service.sign_in(db, "bethan", "pin-4821")
    everything = ["Community garden helpers", "Repair café fixers", "Telephone befriending"]
    for staff_id in (admin.id, desk.id, None):  # None: the kiosk and scripts act for the hub
        assert titles(db, staff_id) == everything
        assert opp.get_opportunity(db, town.hub.repair, staff_user_id=staff_id).active
        assert len(opp.interests_for(db, town.hub.repair, staff_user_id=staff_id)) == 1
    opp.mark_interest(db, town.repair_interest, "contacted", staff_user_id=desk.id)


def test_an_organiser_account_needs_a_member_who_is_an_officer(
    db: Database, admin: SignedInStaff, town: OrganiserHub
) -> None:
    add = staff_service.add_staff
    with pytest.raises(ValidationFailed) as nobody:
        add(db, admin, "owain", "Owain Rees", StaffRole.ORGANISER, "pin-12345")
    assert nobody.value.problems == {
        "member_id": "Choose the member this organiser account is for."
    }
    with pytest.raises(ValidationFailed) as plain_member:  # Gareth belongs to no group at all
        add(db, admin, "gareth", "Gareth Price", StaffRole.ORGANISER, "pin-12345",
            member_id=town.hub.gareth)  # fmt: skip
    message = plain_member.value.problems["member_id"]
    assert message.startswith("Gareth Price is not an officer (organiser, chair, secretary or "
                              "treasurer) of any group")  # fmt: skip
    with pytest.raises(ValidationFailed) as twice:
        add(db, admin, "sian2", "Siân again", StaffRole.ORGANISER, "pin-12345",
            member_id=town.hub.sian)  # fmt: skip
    assert twice.value.problems["member_id"] == (
        "Siân Llewellyn already has an organiser account, “sian”."
    )
    # Hub staff are not tied to a member, whatever the form sent.
    desk = add(db, admin, "bethan", "Bethan Morgan", StaffRole.DESK, "pin-4821",
               member_id=town.hub.eleri)  # fmt: skip
    assert desk.member_id is None
    with db.read() as session:
        assert session.scalar(select(StaffUser.member_id).where(StaffUser.id == desk.id)) is None
    assert {r.username for r in staff_service.list_staff(db)} == {"rhian", "sian", "bethan"}


def test_the_account_search_puts_officers_first_and_says_their_roles(
    db: Database, admin: SignedInStaff, town: OrganiserHub
) -> None:
    group_service.enlist_member(db, town.hub.caffi, town.hub.eleri, GroupRole.TREASURER,
                                staff_user_id=admin.id)  # fmt: skip
    # The kiosk's second "Sian Llewelyn" (no group) and Siân herself (a chair).
    found = find_account_candidates(db, "sian")
    assert [(c.display_name, bool(c.roles)) for c in found] == [
        ("Siân Llewellyn", True), ("Sian Llewelyn", False)
    ]  # fmt: skip
    assert [(r.group_name, r.role) for r in found[0].roles] == [
        ("Llandovery Growers", "chair")  # her plain membership of Caffi Trwsio is no role
    ]
    (eleri,) = find_account_candidates(db, "eleri")
    assert [(r.group_name, r.role) for r in eleri.roles] == [("Caffi Trwsio", "treasurer")]
    (gareth,) = find_account_candidates(db, "Gareth")
    assert (gareth.display_name, gareth.roles) == ("Gareth Price", ())
    assert find_account_candidates(db, "  ") == []


def test_making_an_organiser_account_is_journalled_with_its_member(
    db: Database, town: OrganiserHub
) -> None:
    with db.read() as session:
        change = session.scalars(
            select(Change).where(Change.row_id == town.organiser.id, Change.op == "insert")
        ).one()
    assert change.table_name == "staff_users"
    assert change.fields["member_id"] == town.hub.sian
    assert change.fields["role"] == "organiser"


# -- what an organiser sees -------------------------------------------------------------------


def test_an_organiser_sees_only_their_groups_opportunities_and_interest(
    db: Database, town: OrganiserHub
) -> None:
    me, hub = town.organiser.id, town.hub
    assert titles(db, me) == ["Community garden helpers"]
    assert opp.get_opportunity(db, hub.garden, staff_user_id=me).group_name == "Llandovery Growers"
    shown = opp.interests_for(db, hub.garden, staff_user_id=me)
    # The contact details visitors and members gave, as staff see them.
    assert {(r.name, r.contact) for r in shown} == {
        ("Huw Bevan", "huw@example.net"),
        ("Siân Llewellyn", "sian@example.org"),
    }
    assert {r.opportunity_title for r in opp.interests_waiting(db, staff_user_id=me)} == {
        "Community garden helpers"
    }
    for other in (hub.repair, hub.befriending):  # another group's, and the hub's own
        with pytest.raises(NotAllowed) as refused:
            opp.get_opportunity(db, other, staff_user_id=me)
        assert "belongs to a group you are not an officer of" in str(refused.value)
        with pytest.raises(NotAllowed):
            opp.interests_for(db, other, staff_user_id=me)
    with pytest.raises(NotAllowed) as refused:
        opp.interests_for(db, hub.repair, staff_user_id=me)
    assert str(refused.value) == (
        "“Repair café fixers” belongs to a group you are not an officer of, so your account "
        "cannot see or change it."
    )
    assert acting_for_groups(db, me).group_ids == frozenset({hub.growers})


def test_an_organiser_changes_only_their_groups_opportunities(
    db: Database, town: OrganiserHub
) -> None:
    me, hub = town.organiser.id, town.hub
    garden = opp.get_opportunity(db, hub.garden, staff_user_id=me).details
    garden.time_commitment = "A morning a week"
    opp.update_opportunity(db, hub.garden, garden, staff_user_id=me)
    assert opp.get_opportunity(db, hub.garden).details.time_commitment == "A morning a week"
    opp.withdraw_opportunity(db, hub.garden, staff_user_id=me)
    opp.reopen_opportunity(db, hub.garden, staff_user_id=me)
    opp.mark_interest(db, town.garden_interest, "contacted", staff_user_id=me)
    assert {r.status for r in opp.interests_for(db, hub.garden) if r.name == "Huw Bevan"} == {
        "contacted"
    }

    repair = opp.get_opportunity(db, hub.repair).details
    repair.title = "Taken over"
    refusals = [
        lambda: opp.update_opportunity(db, hub.repair, repair, staff_user_id=me),
        lambda: opp.withdraw_opportunity(db, hub.repair, staff_user_id=me),
        lambda: opp.reopen_opportunity(db, hub.befriending, staff_user_id=me),
        lambda: opp.mark_interest(db, town.repair_interest, "closed", staff_user_id=me),
        lambda: opp.express_interest(
            db, hub.repair, member_id=hub.eleri, channel="desk", staff_user_id=me
        ),
    ]
    for refused in refusals:
        with pytest.raises(NotAllowed):
            refused()
    # Looking through the hub's members for people who might fit is for hub staff only.
    with pytest.raises(NotAllowed):
        people_for_opportunity(db, hub.garden, staff_user_id=me)
    assert isinstance(people_for_opportunity(db, hub.garden, staff_user_id=None), list)
    # Nor can their own be handed to another group.
    garden.group_id = hub.caffi
    with pytest.raises(NotAllowed):
        opp.update_opportunity(db, hub.garden, garden, staff_user_id=me)
    assert opp.get_opportunity(db, hub.repair).details.title == "Repair café fixers"
    assert opp.get_opportunity(db, hub.repair).active
    assert opp.get_opportunity(db, hub.garden).group_name == "Llandovery Growers"
    assert {r.status for r in opp.interests_for(db, hub.repair)} == {"new"}


def test_an_organiser_posts_only_for_their_groups(db: Database, town: OrganiserHub) -> None:
    me, hub = town.organiser.id, town.hub
    posted = opp.post_opportunity(
        db, OpportunityDetails(title="Seed swap helpers", group_id=hub.growers), staff_user_id=me
    )
    assert "Seed swap helpers" in titles(db, me)
    with db.read() as session:
        change = session.scalars(select(Change).where(Change.row_id == posted)).one()
        assert change.staff_user_id == me
    for group_id in (hub.caffi, None):  # another group, or the hub itself
        with pytest.raises(NotAllowed) as refused:
            opp.post_opportunity(db, OpportunityDetails(title="Not mine", group_id=group_id),
                                 staff_user_id=me)  # fmt: skip
        assert str(refused.value).startswith("Choose one of your groups")
    # Replaying another group's form id does not reach its opportunity either.
    with pytest.raises(NotAllowed):
        opp.post_opportunity(db, OpportunityDetails(title="x", group_id=hub.growers),
                             staff_user_id=me, opportunity_id=hub.repair)  # fmt: skip
    assert "Not mine" not in titles(db, None)


# -- the reach follows the officer role -------------------------------------------------------


def test_losing_the_officer_role_ends_the_reach_at_once(
    db: Database, admin: SignedInStaff, town: OrganiserHub
) -> None:
    me, hub = town.organiser.id, town.hub
    group_service.set_member_role(db, hub.growers, hub.sian, GroupRole.MEMBER,
                                  staff_user_id=admin.id)  # fmt: skip
    assert titles(db, me) == []
    assert opp.interests_waiting(db, staff_user_id=me) == []
    with pytest.raises(NotAllowed):
        opp.get_opportunity(db, hub.garden, staff_user_id=me)
    with pytest.raises(NotAllowed):
        opp.mark_interest(db, town.garden_interest, "closed", staff_user_id=me)
    with pytest.raises(NotAllowed) as refused:
        opp.post_opportunity(db, OpportunityDetails(title="Late", group_id=hub.growers),
                             staff_user_id=me)  # fmt: skip
    assert str(refused.value).startswith("You are not an officer of any group at the moment")

    # Made secretary: back at once, no new account or sign-in needed.
    group_service.set_member_role(db, hub.growers, hub.sian, GroupRole.SECRETARY,
                                  staff_user_id=admin.id)  # fmt: skip
    assert titles(db, me) == ["Community garden helpers"]

    # Leaving the group (a tombstone) ends it, as does a leaving date already past.
    group_service.remove_member(db, hub.growers, hub.sian, staff_user_id=admin.id)
    assert titles(db, me) == []
    group_service.restore_member(db, hub.growers, hub.sian, staff_user_id=admin.id)
    assert titles(db, me) == ["Community garden helpers"]
    with db.write(admin.id) as session:
        link = session.get(GroupMembership, stable_id("group_membership", hub.growers, hub.sian))
        assert link is not None
        link.left_on = date.today() - timedelta(days=1)
    assert titles(db, me) == []
    with pytest.raises(NotAllowed):
        opp.interests_for(db, hub.garden, staff_user_id=me)


def test_a_deleted_group_gives_no_reach(
    db: Database, admin: SignedInStaff, town: OrganiserHub
) -> None:
    group_service.set_group_deleted(db, town.hub.growers, True, staff_user_id=admin.id)
    assert titles(db, town.organiser.id) == []
    with pytest.raises(NotAllowed):
        opp.get_opportunity(db, town.hub.garden, staff_user_id=town.organiser.id)


def test_a_switched_off_or_unknown_account_acts_for_no_one(
    db: Database, admin: SignedInStaff, town: OrganiserHub
) -> None:
    assert acting_for_groups(db, "no-such-account").group_ids == frozenset()
    staff_service.set_staff_active(db, admin, town.organiser.id, False)
    assert acting_for_groups(db, town.organiser.id).group_ids == frozenset()
    with pytest.raises(NotAllowed):
        opp.update_opportunity(
            db, town.hub.garden, opp.get_opportunity(db, town.hub.garden).details,
            staff_user_id=town.organiser.id,
        )  # fmt: skip
    assert acting_for_groups(db, admin.id).everything  # hub staff as before
