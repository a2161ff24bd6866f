"""Groups service: registering, names, idempotent saves, enlisting, roles, removal, counts."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hubapp.models import Change, Group, GroupMembership, uuid7
from hubapp.models.database import Database
from hubapp.models.vocab import GroupKind, GroupRole
from hubapp.services import groups
from hubapp.services.errors import NotFound, ValidationFailed
from hubapp.services.groups import GroupDetails, GroupNameTaken
from hubapp.services.members import MemberDetails, set_deleted, sign_up_member
from hubapp.services.staff import SignedInStaff


def make_member(db: Database, staff: SignedInStaff, first: str, last: str, email: str) -> str:
    details = MemberDetails(first_name=first, last_name=last, email=email)
    return sign_up_member(db, details, staff_user_id=staff.id).id


def make_group(db: Database, staff: SignedInStaff, name: str, **kw: object) -> str:
    return groups.register_group(db, GroupDetails(name=name, **kw), staff_user_id=staff.id).id


def test_register_cleans_details_and_journals_the_write(db: Database, admin: SignedInStaff) -> None:
    details = GroupDetails(
        name="  Côr   Meibion Llanymddyfri ",
        kind=GroupKind.COMMUNITY_GROUP,
        category="Music and choirs",
        contact_name="Siân Llewellyn",
        contact_email="Sian@Example.org",
        contact_phone="07700 900123",
        is_public=False,
    )
    summary = groups.register_group(db, details, staff_user_id=admin.id)
    profile = groups.get_group(db, summary.id)
    assert profile.details.name == "Côr Meibion Llanymddyfri"
    assert profile.details.contact_email == "sian@example.org"
    assert profile.details.contact_phone == "07700 900123"
    assert profile.details.is_public is False
    with db.read() as session:
        assert session.get(Group, summary.id).contact_phone == "+447700900123"  # type: ignore[union-attr]
        change = session.scalars(select(Change).where(Change.row_id == summary.id)).first()
    assert change is not None and change.staff_user_id == admin.id


def test_validation_names_every_problem_in_form_order(db: Database, admin: SignedInStaff) -> None:
    bad = GroupDetails(name=" ", kind="club", contact_email="nope", contact_phone="123")
    with pytest.raises(ValidationFailed) as failed:
        groups.register_group(db, bad, staff_user_id=admin.id)
    assert list(failed.value.problems) == ["name", "kind", "contact_email", "contact_phone"]
    assert "name" in failed.value.problems["name"]
    assert groups.list_groups(db) == []


def test_same_name_as_a_live_group_is_refused_with_a_clear_message(
    db: Database, admin: SignedInStaff
) -> None:
    first = make_group(db, admin, "Côr Meibion")
    with pytest.raises(GroupNameTaken) as taken:
        make_group(db, admin, "cor meibion")
    assert taken.value.existing_id == first
    assert "already a group called “Côr Meibion”" in taken.value.problems["name"]
    # Once the first is deleted the name is free again, and restoring then clashes.
    groups.set_group_deleted(db, first, True, staff_user_id=admin.id)
    make_group(db, admin, "Cor Meibion")
    with pytest.raises(GroupNameTaken):
        groups.set_group_deleted(db, first, False, staff_user_id=admin.id)


def test_saving_twice_with_the_same_id_makes_one_group(db: Database, admin: SignedInStaff) -> None:
    group_id = uuid7()
    details = GroupDetails(name="Llandovery Walkers")
    first = groups.register_group(db, details, staff_user_id=admin.id, group_id=group_id)
    second = groups.register_group(db, details, staff_user_id=admin.id, group_id=group_id)
    assert first.id == second.id == group_id
    assert (first.already_saved, second.already_saved) == (False, True)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Group)) == 1


def test_update_writes_changes_and_keeps_the_name_rule(db: Database, admin: SignedInStaff) -> None:
    walkers = make_group(db, admin, "Walkers")
    make_group(db, admin, "Knitters")
    details = groups.get_group(db, walkers).details
    details.area_served = "Llandovery and Myddfai"
    groups.update_group(db, walkers, details, staff_user_id=admin.id)
    assert groups.get_group(db, walkers).details.area_served == "Llandovery and Myddfai"
    details.name = "KNITTERS"
    with pytest.raises(GroupNameTaken):
        groups.update_group(db, walkers, details, staff_user_id=admin.id)
    # Saving a group under its own name is fine.
    details.name = "Walkers"
    groups.update_group(db, walkers, details, staff_user_id=admin.id)


def test_soft_delete_and_undo(db: Database, admin: SignedInStaff) -> None:
    group_id = make_group(db, admin, "Book club")
    groups.set_group_deleted(db, group_id, True, staff_user_id=admin.id)
    assert groups.list_groups(db) == []
    assert groups.get_group(db, group_id).deleted
    groups.set_group_deleted(db, group_id, False, staff_user_id=admin.id)
    assert [r.id for r in groups.list_groups(db)] == [group_id]


def test_enlisting_twice_is_one_membership_and_keeps_the_role(
    db: Database, admin: SignedInStaff
) -> None:
    group_id = make_group(db, admin, "Allotment society")
    member = make_member(db, admin, "Gwenllïan", "ap Dafydd", "g@example.org")
    groups.enlist_member(db, group_id, member, GroupRole.CHAIR, staff_user_id=admin.id)
    again = groups.enlist_member(db, group_id, member, staff_user_id=admin.id)
    assert again.already_member and again.role == GroupRole.CHAIR
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(GroupMembership)) == 1
    assert groups.get_group(db, group_id).members[0].role == GroupRole.CHAIR


def test_role_change_and_bad_role(db: Database, admin: SignedInStaff) -> None:
    group_id = make_group(db, admin, "Parish council", kind=GroupKind.PARISH_COUNCIL)
    member = make_member(db, admin, "Rhys", "Evans", "rhys@example.org")
    groups.enlist_member(db, group_id, member, staff_user_id=admin.id)
    before = groups.set_member_role(
        db, group_id, member, GroupRole.TREASURER, staff_user_id=admin.id
    )
    assert before.role == GroupRole.MEMBER
    assert groups.get_group(db, group_id).members[0].role == GroupRole.TREASURER
    with pytest.raises(ValidationFailed):
        groups.set_member_role(db, group_id, member, "king", staff_user_id=admin.id)


def test_remove_then_re_enlist_revives_the_same_row(db: Database, admin: SignedInStaff) -> None:
    group_id = make_group(db, admin, "Repair café")
    member = make_member(db, admin, "Ó Briain", "Niamh", "niamh@example.org")
    groups.enlist_member(db, group_id, member, GroupRole.SECRETARY, staff_user_id=admin.id)
    with db.read() as session:
        row_id = session.scalars(select(GroupMembership.id)).one()
    removed = groups.remove_member(db, group_id, member, staff_user_id=admin.id)
    assert removed.role == GroupRole.SECRETARY
    with db.read() as session:
        link = session.get(GroupMembership, row_id)
        assert link is not None and link.deleted and link.left_on is not None
    assert groups.group_member_ids(db, group_id) == set()
    groups.enlist_member(db, group_id, member, staff_user_id=admin.id)
    with db.read() as session:
        links = session.scalars(select(GroupMembership)).all()
    assert [(x.id, x.deleted, x.left_on) for x in links] == [(row_id, False, None)]
    with pytest.raises(NotFound):
        groups.remove_member(db, group_id, uuid7(), staff_user_id=admin.id)


def test_restore_after_remove_keeps_role_and_joining_date(
    db: Database, admin: SignedInStaff
) -> None:
    group_id = make_group(db, admin, "Tai chi")
    member = make_member(db, admin, "Siân", "Llewellyn", "sian@example.org")
    groups.enlist_member(db, group_id, member, GroupRole.ORGANISER, staff_user_id=admin.id)
    joined = groups.get_group(db, group_id).members[0].joined_on
    groups.remove_member(db, group_id, member, staff_user_id=admin.id)
    groups.restore_member(db, group_id, member, staff_user_id=admin.id)
    row = groups.get_group(db, group_id).members[0]
    assert (row.role, row.joined_on) == (GroupRole.ORGANISER, joined)


def test_member_counts_ignore_removed_and_deleted_members(
    db: Database, admin: SignedInStaff
) -> None:
    choir = make_group(db, admin, "Choir")
    empty = make_group(db, admin, "Empty group", is_public=False)
    people = [make_member(db, admin, n, "Jones", f"{n}@example.org") for n in ("Ann", "Ben", "Cai")]
    for person in people:
        groups.enlist_member(db, choir, person, staff_user_id=admin.id)
    groups.remove_member(db, choir, people[0], staff_user_id=admin.id)
    set_deleted(db, people[1], True, staff_user_id=admin.id)
    counts = {r.name: r.member_count for r in groups.list_groups(db)}
    assert counts == {"Choir": 1, "Empty group": 0}
    assert [r.id for r in groups.list_groups(db, include_private=False)] == [choir]
    assert groups.group_member_ids(db, choir) == {people[2]}
    assert groups.get_group(db, empty).member_count == 0


def test_list_filter_ignores_case_and_accents(db: Database, admin: SignedInStaff) -> None:
    make_group(db, admin, "Côr Meibion", area_served="Llandovery")
    make_group(db, admin, "Gardening club", category="Environment and gardening")
    assert [r.name for r in groups.list_groups(db, "cor")] == ["Côr Meibion"]
    assert [r.name for r in groups.list_groups(db, "LLANDOVERY")] == ["Côr Meibion"]
    assert [r.name for r in groups.list_groups(db, "environment club")] == ["Gardening club"]


def test_search_groups_ranks_name_starts_first_and_limits(
    db: Database, admin: SignedInStaff
) -> None:
    make_group(db, admin, "Friends of the park", category="Gardening")
    make_group(db, admin, "Llandovery Gardeners")
    make_group(db, admin, "Garden swap", welsh_name="Cyfnewid gardd")
    assert [r.name for r in groups.search_groups(db, "gard")] == [
        "Garden swap",
        "Llandovery Gardeners",
        "Friends of the park",
    ]
    assert len(groups.search_groups(db, "gard", limit=2)) == 2
    assert groups.search_groups(db, "  ") == []


def test_find_members_to_enlist_marks_those_already_in(db: Database, admin: SignedInStaff) -> None:
    group_id = make_group(db, admin, "Walkers")
    inside = make_member(db, admin, "Megan", "Price", "megan@example.org")
    outside = make_member(db, admin, "Megan", "Pryce", "pryce@example.org")
    groups.enlist_member(db, group_id, inside, staff_user_id=admin.id)
    found = {
        c.member_id: c.already_member for c in groups.find_members_to_enlist(db, group_id, "meg")
    }
    assert found == {inside: True, outside: False}
    assert groups.find_members_to_enlist(db, group_id, "") == []


def test_sign_up_straight_into_a_group(db: Database, admin: SignedInStaff) -> None:
    group_id = make_group(db, admin, "Youth forum")
    details = MemberDetails(first_name="Dylan", last_name="Morgan", phone="07700 900456")
    member = sign_up_member(db, details, staff_user_id=admin.id, group_id=group_id)
    assert groups.group_member_ids(db, group_id) == {member.id}


def test_enlisting_into_a_deleted_group_is_refused(db: Database, admin: SignedInStaff) -> None:
    group_id = make_group(db, admin, "Gone")
    member = make_member(db, admin, "Ann", "Jones", "ann@example.org")
    groups.set_group_deleted(db, group_id, True, staff_user_id=admin.id)
    with pytest.raises(NotFound):
        groups.enlist_member(db, group_id, member, staff_user_id=admin.id)


def test_a_deleted_group_leaves_its_members_pages(db: Database, admin: SignedInStaff) -> None:
    from hubapp.services.member_profile import get_member_profile

    group_id = groups.register_group(
        db, GroupDetails(name="Repair Café"), staff_user_id=admin.id
    ).id
    member = sign_up_member(
        db, MemberDetails(first_name="Huw", email="huw@example.org"), staff_user_id=admin.id
    ).id
    groups.enlist_member(db, group_id, member, staff_user_id=admin.id)
    assert [g.group_id for g in get_member_profile(db, member).groups] == [group_id]
    groups.set_group_deleted(db, group_id, True, staff_user_id=admin.id)
    assert get_member_profile(db, member).groups == []
