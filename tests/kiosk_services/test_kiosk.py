"""The kiosk: self sign-up (consents with their wording version; a likely duplicate saved,
flagged and never revealed), staff review, and check-in that reveals nobody else."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from hubapp.models import (
    Activity,
    Attendance,
    ConsentRecord,
    ExpressionOfInterest,
    Meeting,
    Member,
    MemberTag,
    uuid7,
)
from hubapp.models.database import Database
from hubapp.services import groups, kiosk, opportunities
from hubapp.services.consent import PRIVACY_NOTICE_VERSION, current_consents
from hubapp.services.errors import ValidationFailed
from hubapp.services.groups import GroupDetails
from hubapp.services.members import MemberDetails, enlist_in_session
from hubapp.services.opportunities import OpportunityDetails, Recurrence
from tests.kiosk_services.conftest import Community, member

SIAN = MemberDetails(
    first_name="Siân",
    last_name="Llewellyn",
    email="sian@example.org",
    phone="07700 900123",
    postcode="SA20 0AB",
    date_of_birth=date(1961, 3, 14),
    interests=["Growing food"],
)
CONSENTS = {"contact_email": True, "newsletter": False}


def test_self_sign_up_records_each_consent_with_its_wording_version(
    db: Database, community: Community
) -> None:
    result = kiosk.self_sign_up(db, SIAN, CONSENTS, "2026-11-kiosk")
    assert result.first_name == "Siân" and len(result.membership_number) == 8
    with db.read() as session:
        records = session.scalars(
            select(ConsentRecord).where(ConsentRecord.member_id == result.member_id)
        ).all()
        assert {(r.purpose, r.granted, r.wording_version, r.channel) for r in records} == {
            ("contact_email", True, "2026-11-kiosk", "kiosk"),
            ("newsletter", False, "2026-11-kiosk", "kiosk"),
        }
        assert all(r.staff_user_id is None for r in records)
        assert current_consents(session, result.member_id)["contact_email"].granted
    assert kiosk.sign_ups_to_review(db) == []


def test_a_second_tap_on_save_finds_the_first_sign_up(db: Database, community: Community) -> None:
    form = uuid7()
    first = kiosk.self_sign_up(db, SIAN, CONSENTS, PRIVACY_NOTICE_VERSION, sign_up_id=form)
    second = kiosk.self_sign_up(db, SIAN, CONSENTS, PRIVACY_NOTICE_VERSION, sign_up_id=form)
    assert first == second
    with db.read() as session:
        assert len(session.scalars(select(ConsentRecord)).all()) == 2


def test_a_likely_duplicate_is_saved_and_flagged_never_merged_or_revealed(
    db: Database, community: Community
) -> None:
    existing = member(db, "Siân", "Llewellyn", email="sian@example.org", postcode="SA20 0AB")
    again = dataclasses.replace(SIAN, first_name="Sian", phone="")
    result = kiosk.self_sign_up(db, again, CONSENTS, PRIVACY_NOTICE_VERSION)
    assert result.member_id != existing
    # What the kiosk gets back says nothing about anyone else.
    assert set(vars(result)) == {"member_id", "first_name", "membership_number"}
    assert result.first_name == "Sian"
    [review] = kiosk.sign_ups_to_review(db)
    assert review.member_id == result.member_id
    assert [m.member_id for m in review.matches] == [existing]
    with db.read() as session:
        kept = session.get(Member, existing)
        assert kept is not None and not kept.deleted and kept.phone is None  # untouched


def test_staff_confirm_different_people(db: Database, community: Community) -> None:
    member(db, "Siân", "Llewellyn", email="sian@example.org")
    result = kiosk.self_sign_up(db, SIAN, CONSENTS, PRIVACY_NOTICE_VERSION)
    kept = kiosk.resolve_review(
        db, result.member_id, merge_into=None, staff_user_id=community.staff_id
    )
    assert kept == result.member_id
    assert kiosk.sign_ups_to_review(db) == []


def test_staff_merge_a_kiosk_sign_up_into_the_existing_record(
    db: Database, community: Community
) -> None:
    existing = member(db, "Siân", "Llewellyn", email="sian@example.org")
    result = kiosk.self_sign_up(db, SIAN, CONSENTS, PRIVACY_NOTICE_VERSION)
    opportunities.express_interest(db, community.garden, member_id=result.member_id)
    with db.write() as session:
        enlist_in_session(session, community.gardening_club, result.member_id, "member")
    kept = kiosk.resolve_review(
        db, result.member_id, merge_into=existing, staff_user_id=community.staff_id
    )
    assert kept == existing
    assert kiosk.sign_ups_to_review(db) == []
    with db.read() as session:
        merged = session.get(Member, existing)
        gone = session.get(Member, result.member_id)
        assert merged is not None and gone is not None and gone.deleted
        assert merged.phone == "+447700900123"  # filled in where the record had nothing
        assert merged.date_of_birth == date(1961, 3, 14)
        assert current_consents(session, existing)["contact_email"].granted
        assert session.scalar(select(MemberTag.id).where(MemberTag.member_id == existing))
        interest = session.scalars(
            select(ExpressionOfInterest).where(ExpressionOfInterest.deleted.is_(False))
        ).one()
        assert interest.member_id == existing


def test_check_in_needs_an_exact_match_and_shows_only_the_first_name(
    db: Database, community: Community
) -> None:
    sian = kiosk.self_sign_up(db, SIAN, CONSENTS, PRIVACY_NOTICE_VERSION)
    by_dob = kiosk.check_in(db, "SIAN@example.org ", "14/03/1961")
    assert by_dob == kiosk.CheckInResult(sian.member_id, "Siân")
    assert set(vars(by_dob)) == {"member_id", "first_name"}
    by_number = kiosk.check_in(db, "07700 900123", sian.membership_number.lower())
    assert by_number is not None and by_number.member_id == sian.member_id
    assert kiosk.check_in(db, "07700900123", date(1961, 3, 14)) == by_dob
    for contact, second in (
        ("sian@example.org", "15/03/1961"),  # wrong date of birth
        ("sian@example.org", "ZZZZZZZZ"),  # wrong number
        ("sian@example.org", "Ŵŷ"),  # not even a number
        ("other@example.org", "14/03/1961"),  # someone else's email
        ("", ""),
        ("Siân Llewellyn", "14/03/1961"),  # a name is not enough
    ):
        assert kiosk.check_in(db, contact, second) is None


def test_people_sharing_an_email_are_told_apart_or_not_at_all(
    db: Database, community: Community
) -> None:
    mum = member(db, "Eira", "Hughes", email="hughes@example.org", date_of_birth=date(1970, 1, 2))
    member(db, "Cai", "Hughes", email="hughes@example.org", date_of_birth=date(2001, 5, 6))
    found = kiosk.check_in(db, "hughes@example.org", "02/01/1970")
    assert found is not None and (found.member_id, found.first_name) == (mum, "Eira")
    assert kiosk.check_in(db, "hughes@example.org", "01/01/1990") is None


def test_repeated_failed_check_ins_lock_that_contact_out(
    db: Database, community: Community
) -> None:
    kiosk.self_sign_up(db, SIAN, CONSENTS, PRIVACY_NOTICE_VERSION)
    for day in range(1, kiosk.MAX_CHECK_IN_FAILURES + 1):
        assert kiosk.check_in(db, "sian@example.org", f"{day:02d}/01/1961") is None
    # Even the right answer now gets the same None, so guessing cannot go on.
    assert kiosk.check_in(db, "sian@example.org", "14/03/1961") is None


LONDON = ZoneInfo("Europe/London")


def _meeting_today(db: Database, group_id: str, hour: int) -> str:
    today = datetime.now(LONDON).date()
    with db.write() as session:
        meeting = Meeting(
            group_id=group_id,
            title="Committee meeting",
            starts_at=datetime.combine(today, time(hour), tzinfo=LONDON),
        )
        session.add(meeting)
        session.flush()
        return meeting.id


def test_todays_events_and_checking_in_to_them(db: Database, community: Community) -> None:
    today = datetime.now(LONDON).date()
    meeting_id = _meeting_today(db, community.gardening_club, 12)
    weekday = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[today.weekday()]
    session_id = opportunities.post_opportunity(
        db,
        OpportunityDetails(title="Tea rota", recurrence=Recurrence([weekday], "15:00", "17:00")),
        staff_user_id=None,
    )
    tomorrow = opportunities.post_opportunity(
        db,
        OpportunityDetails(
            title="Tomorrow's walk", one_off_at=datetime.now(UTC) + timedelta(days=1, hours=1)
        ),
        staff_user_id=None,
    )
    events = kiosk.todays_events(db)
    ids = [e.id for e in events]
    assert meeting_id in ids and session_id in ids and tomorrow not in ids
    tea = next(e for e in events if e.id == session_id)
    assert tea.kind == "opportunity" and tea.time_text == "15:00"
    sian = kiosk.self_sign_up(db, SIAN, CONSENTS, PRIVACY_NOTICE_VERSION)
    meeting = next(e for e in events if e.id == meeting_id)
    for _ in range(2):  # twice changes nothing
        kiosk.record_check_in(db, sian.member_id, meeting)
        kiosk.record_check_in(db, sian.member_id, tea)
    with db.read() as session:
        attendance = session.scalars(select(Attendance)).one()
        assert (attendance.member_id, attendance.status, attendance.role) == (
            sian.member_id,
            "present",
            "guest",  # not a member of the group: a guest
        )
        activity = session.scalars(select(Activity)).one()
        assert activity.kind == "volunteered" and activity.occurred_on == today


def test_consents_must_be_known_purposes(db: Database, community: Community) -> None:
    with pytest.raises(ValidationFailed):
        kiosk.self_sign_up(db, SIAN, {"sell_my_data": True}, PRIVACY_NOTICE_VERSION)


def test_a_meeting_named_by_its_group_is_named_in_welsh_where_the_group_has_a_welsh_name(
    db: Database, community: Community
) -> None:
    council = groups.register_group(
        db, GroupDetails(name="Myddfai Community Council", welsh_name="Cyngor Cymuned Myddfai"),
        staff_user_id=community.staff_id,
    ).id  # fmt: skip
    named_by_group = _meeting_today(db, council, 18)
    titled = _meeting_today(db, community.gardening_club, 12)
    with db.write() as session:
        found = session.get(Meeting, named_by_group)
        assert found is not None
        found.title = None
    events = {e.id: e for e in kiosk.todays_events(db)}
    council_meeting, club_meeting = events[named_by_group], events[titled]
    assert council_meeting.title_in(welsh=False) == "Myddfai Community Council"
    assert council_meeting.title_in(welsh=True) == "Cyngor Cymuned Myddfai"
    # A meeting's own title has no Welsh form: shown as written.
    assert club_meeting.title_in(welsh=True) == club_meeting.title == "Committee meeting"
