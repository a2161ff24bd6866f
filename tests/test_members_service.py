"""Signing members up, the duplicate rule, editing, soft delete and consent, without Qt."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hubapp.models import Change, ConsentRecord, Member, uuid7
from hubapp.models.database import Database
from hubapp.services import groups as group_service
from hubapp.services import members as member_service
from hubapp.services.duplicates import DuplicateProbe, find_likely_duplicates
from hubapp.services.errors import LikelyDuplicate, ValidationFailed
from hubapp.services.member_profile import get_member_profile
from hubapp.services.members import MemberDetails
from hubapp.services.staff import SignedInStaff


def sian(**changes: object) -> MemberDetails:
    details = MemberDetails(
        first_name="Siân",
        last_name="Llewellyn",
        email="Sian.Llewellyn@Example.org",
        phone="07700 900123",
        postcode="sa19 6ab",
        skills=["Gardening", "Tai chi"],
        interests=["Hanes lleol a threftadaeth"],
        availability={"mon": ["evening", "morning"], "sat": []},
        consents={"contact_email": True, "photographs": False},
        preferred_language="cy",
    )
    for name, value in changes.items():
        setattr(details, name, value)
    return details


def count_members(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Member)) or 0)


def test_sign_up_normalises_and_records_everything(db: Database, admin: SignedInStaff) -> None:
    summary = member_service.sign_up_member(db, sian(), staff_user_id=admin.id)
    profile = get_member_profile(db, summary.id)
    d = profile.details
    assert (d.first_name, d.email, d.phone, d.postcode) == (
        "Siân",
        "sian.llewellyn@example.org",
        "+447700900123",
        "SA19 6AB",
    )
    assert d.skills == ["Gardening", "Tai chi"]  # a vocabulary word and a free tag
    assert d.interests == ["Local history and heritage"]  # matched by its Welsh name
    assert d.availability == {"mon": ["morning", "evening"]}
    assert d.preferred_language == "cy"
    # Each purpose asked about is its own record, with who, how and the wording's version.
    email = profile.consents["contact_email"]
    assert email.granted and email.channel == "desk" and email.staff_user_id == admin.id
    assert email.wording_version
    assert not profile.consents["photographs"].granted
    assert "newsletter" not in profile.consents
    assert profile.history[0].what == "Signed up"
    assert profile.history[0].who == "Rhian Jones"


def test_validation_names_every_problem_and_keeps_the_details(db: Database) -> None:
    details = sian(first_name="  ", email="not an email", phone="123", postcode="SA19 6XX9")
    with pytest.raises(ValidationFailed) as failed:
        member_service.sign_up_member(db, details, staff_user_id=None)
    assert set(failed.value.problems) == {"first_name", "email", "phone", "postcode"}
    assert "SA19 6AB" in failed.value.problems["postcode"]
    # What was typed is untouched, so the form can show it again.
    assert (details.email, details.phone, details.postcode) == ("not an email", "123", "SA19 6XX9")
    assert count_members(db) == 0


def test_names_keep_every_letter(db: Database) -> None:
    for first, last in (("Gwenllïan", "ap Dafydd"), ("Seán", "Ó Briain"), ("Zoë", "O’Neill")):
        summary = member_service.sign_up_member(
            db, MemberDetails(first_name=first, last_name=last, postcode="SA20 0AB"),
            staff_user_id=None, confirmed_different=True,
        )  # fmt: skip
        assert summary.display_name == f"{first} {last}"


@pytest.mark.parametrize(
    ("probe", "reasons"),
    [
        (DuplicateProbe(email="sian.llewellyn@example.org"), ("same email",)),
        (DuplicateProbe(phone="+447700900123"), ("same phone",)),
        # Accents, case and a slip of the keyboard still match, at the same postcode.
        (
            DuplicateProbe(first_name="Sian", last_name="Llewelyn", postcode="SA19 6AB"),
            ("similar name, same postcode",),
        ),
        (
            DuplicateProbe(first_name="SIÂN", last_name="LLEWELLYN", postcode="SA19 6AB"),
            ("similar name, same postcode",),
        ),
    ],
)
def test_duplicate_rule_matches(
    db: Database, probe: DuplicateProbe, reasons: tuple[str, ...]
) -> None:
    existing = member_service.sign_up_member(db, sian(), staff_user_id=None)
    with db.read() as session:
        matches = find_likely_duplicates(session, probe)
    assert [(m.member_id, m.reasons) for m in matches] == [(existing.id, reasons)]


@pytest.mark.parametrize(
    "probe",
    [
        DuplicateProbe(first_name="Sian", last_name="Llewellyn", postcode="SA20 0AB"),
        DuplicateProbe(first_name="Dafydd", last_name="Jones", postcode="SA19 6AB"),
        DuplicateProbe(first_name="Sian", last_name="Llewellyn"),
    ],
)
def test_duplicate_rule_leaves_other_people_alone(db: Database, probe: DuplicateProbe) -> None:
    member_service.sign_up_member(db, sian(), staff_user_id=None)
    with db.read() as session:
        assert find_likely_duplicates(session, probe) == []


def test_likely_duplicate_needs_confirmation(db: Database) -> None:
    member_service.sign_up_member(db, sian(), staff_user_id=None)
    other = sian(first_name="Sian", email="", phone="")
    with pytest.raises(LikelyDuplicate) as refused:
        member_service.sign_up_member(db, other, staff_user_id=None)
    assert refused.value.matches[0].display_name == "Siân Llewellyn"
    assert count_members(db) == 1
    member_service.sign_up_member(db, other, staff_user_id=None, confirmed_different=True)
    assert count_members(db) == 2


def test_saving_twice_creates_one_member(db: Database) -> None:
    member_id = uuid7()
    first = member_service.sign_up_member(db, sian(), staff_user_id=None, member_id=member_id)
    again = member_service.sign_up_member(db, sian(), staff_user_id=None, member_id=member_id)
    assert (first.id, first.already_saved) == (member_id, False)
    assert (again.id, again.already_saved) == (member_id, True)
    assert count_members(db) == 1


def test_update_journals_only_changed_fields(db: Database, admin: SignedInStaff) -> None:
    summary = member_service.sign_up_member(db, sian(), staff_user_id=admin.id)
    details = get_member_profile(db, summary.id).details
    details.phone = "01550 720123"
    details.notes = "Brings cake."
    details.consents = {}
    member_service.update_member(db, summary.id, details, staff_user_id=admin.id)
    with db.read() as session:
        updates = session.scalars(
            select(Change).where(Change.row_id == summary.id, Change.op == "update")
        ).all()
    assert [sorted(c.fields) for c in updates] == [["notes", "phone"]]
    assert updates[0].fields["phone"] == "+441550720123"
    entry = get_member_profile(db, summary.id).history[0]
    assert (entry.what, entry.fields) == ("Changed details", ("notes", "phone"))
    # Saving the same details again writes nothing at all.
    before = _change_count(db)
    member_service.update_member(db, summary.id, details, staff_user_id=admin.id)
    assert _change_count(db) == before


def _change_count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Change)) or 0)


def test_soft_delete_and_restore(db: Database) -> None:
    summary = member_service.sign_up_member(db, sian(), staff_user_id=None)
    member_service.set_deleted(db, summary.id, True, staff_user_id=None)
    profile = get_member_profile(db, summary.id)
    assert profile.deleted and profile.history[0].what == "Deleted"
    with db.read() as session:
        assert (
            find_likely_duplicates(session, DuplicateProbe(email="sian.llewellyn@example.org"))
            == []
        )
    member_service.set_deleted(db, summary.id, False, staff_user_id=None)
    profile = get_member_profile(db, summary.id)
    assert not profile.deleted and profile.history[0].what == "Restored"
    assert count_members(db) == 1


def test_withdrawing_consent_adds_a_record(db: Database, admin: SignedInStaff) -> None:
    summary = member_service.sign_up_member(db, sian(), staff_user_id=admin.id)
    member_service.withdraw_consent(db, summary.id, "contact_email", staff_user_id=admin.id)
    with db.read() as session:
        records = session.scalars(
            select(ConsentRecord.granted).where(
                ConsentRecord.member_id == summary.id, ConsentRecord.purpose == "contact_email"
            )
        ).all()
    assert sorted(records) == [False, True]  # the grant stays provable
    profile = get_member_profile(db, summary.id)
    assert not profile.consents["contact_email"].granted
    assert profile.withdrawn == {"contact_email"}  # withdrawn, not merely never given
    assert profile.history[0].what == "Consent withdrawn"
    assert profile.history[0].fields == ("contact_email",)


def test_sign_up_into_a_group(db: Database, admin: SignedInStaff) -> None:
    group = group_service.register_group(
        db, group_service.GroupDetails(name="Llandovery Gardeners"), staff_user_id=admin.id
    )
    summary = member_service.sign_up_member(db, sian(), staff_user_id=admin.id, group_id=group.id)
    profile = get_member_profile(db, summary.id)
    assert [(g.group_name, g.role) for g in profile.groups] == [("Llandovery Gardeners", "member")]


def test_interest_shown_at_the_desk_reads_in_words_in_the_history(
    db: Database, admin: SignedInStaff
) -> None:
    from hubapp.services.interest_shown import express_interest
    from hubapp.services.opportunities import OpportunityDetails, post_opportunity

    # Signed up by someone else, so that the interest is an entry of its own (changes made by
    # one person within a moment are one entry).
    summary = member_service.sign_up_member(db, sian(), staff_user_id=None)
    opportunity = post_opportunity(
        db, OpportunityDetails(title="Litter pick"), staff_user_id=admin.id
    )
    express_interest(db, opportunity, member_id=summary.id, channel="desk", staff_user_id=admin.id)
    latest = get_member_profile(db, summary.id).history[0]
    assert latest.what == "Showed interest in a way to get involved"
