"""Motions: who may propose, second and vote; show of hands, recorded votes, amendments,
the casting vote, and minute numbers through council years."""

from __future__ import annotations

from datetime import datetime

import pytest

from hubapp.models.vocab import InterestKind
from hubapp.services.errors import ServiceError, ValidationFailed
from hubapp.services.meetings import attendance, interests, motions
from hubapp.services.meetings.numbering import council_year, format_minute_number
from hubapp.services.meetings.reading import get_meeting
from tests.meetings.council import Council


def open_meeting(council: Council, starts: datetime, present: int = 7) -> tuple[str, str]:
    """A meeting with the first `present` councillors present; returns it and item 7's id."""
    meeting_id = council.meeting(starts)
    for member in council.members[:present]:
        attendance.record_attendance(
            council.db, meeting_id, member, "present", staff_user_id=council.staff
        )
    return meeting_id, get_meeting(council.db, meeting_id).item(7).id


def propose(
    council: Council, item_id: str, text: str, p: int = 1, s: int = 2, amends: str | None = None
) -> str:
    return motions.propose_motion(
        council.db,
        item_id,
        text,
        council.members[p],
        council.members[s],
        amends_motion_id=amends,
        staff_user_id=council.staff,
    )


def test_proposer_and_seconder_must_be_different_present_voting_members(
    council: Council,
) -> None:
    _, item = open_meeting(council, datetime(2026, 7, 9, 19, 0), present=5)
    with pytest.raises(ValidationFailed) as failed:
        motions.propose_motion(
            council.db,
            item,
            " ",
            council.members[1],
            council.members[1],
            staff_user_id=council.staff,
        )
    assert set(failed.value.problems) == {"text", "seconder_id"}
    with pytest.raises(ValidationFailed) as failed:
        motions.propose_motion(
            council.db,
            item,
            "To buy a bench",
            council.adviser,
            council.members[6],
            staff_user_id=council.staff,
        )
    assert failed.value.problems == {
        "proposer_id": "Alun Adviser is not a voting member of the group.",
        "seconder_id": "Eleri Price is not recorded as present at item 7.",
    }


def test_show_of_hands_carries_and_numbers_the_resolution(council: Council) -> None:
    _, item = open_meeting(council, datetime(2026, 7, 9, 19, 0))
    motion = propose(council, item, "To pay the grass-cutting invoice of £480")
    with pytest.raises(ValidationFailed) as failed:
        motions.decide_by_show_of_hands(council.db, motion, 6, 2, 0, staff_user_id=council.staff)
    assert "only 7 members may vote" in failed.value.problems["votes_for"]
    assert (
        motions.decide_by_show_of_hands(council.db, motion, 5, 1, 1, staff_user_id=council.staff)
        == "carried"
    )
    (view,) = get_meeting(council.db, get_meeting_id(council, item)).motions
    assert (view.minute_number, view.proposer_name, view.seconder_name) == (
        "26/1",
        "Gareth Evans",
        "Megan Hughes",
    )
    with pytest.raises(ServiceError, match="already been decided"):
        motions.decide_by_show_of_hands(council.db, motion, 1, 5, 1, staff_user_id=council.staff)


def get_meeting_id(council: Council, item_id: str) -> str:
    from hubapp.models import AgendaItem

    with council.db.read() as session:
        item = session.get(AgendaItem, item_id)
        assert item is not None
        return item.meeting_id


def test_recorded_vote_one_member_one_vote_and_no_pecuniary_voters(council: Council) -> None:
    db, staff, m = council.db, council.staff, council.members
    meeting_id, item = open_meeting(council, datetime(2026, 7, 9, 19, 0))
    interests.declare_interest(
        db, item, m[5], InterestKind.PECUNIARY, "Owns the contractor", staff_user_id=staff
    )
    motion = propose(council, item, "To award the contract to Pren Cyf")
    for n, choice in [(0, "for"), (1, "for"), (2, "against"), (3, "abstain"), (4, "against")]:
        motions.cast_vote(db, motion, m[n], choice, staff_user_id=staff)
    motions.cast_vote(db, motion, m[4], "for", staff_user_id=staff)  # changes her mind
    with pytest.raises(ValidationFailed) as failed:
        motions.cast_vote(db, motion, m[5], "for", staff_user_id=staff)
    assert "declared a pecuniary interest" in failed.value.problems["member_id"]
    with pytest.raises(ValidationFailed):
        motions.cast_vote(db, motion, council.adviser, "for", staff_user_id=staff)
    assert motions.close_recorded_vote(db, motion, staff_user_id=staff) == "carried"
    (view,) = get_meeting(db, meeting_id).motions
    assert (view.votes_for, view.votes_against, view.abstentions) == (3, 1, 1)
    assert {v.member_name: v.choice for v in view.votes}["Ffion Lloyd"] == "for"
    assert len(view.votes) == 5


def test_tie_waits_for_the_chairs_casting_vote(council: Council) -> None:
    db, staff = council.db, council.staff
    meeting_id, item = open_meeting(council, datetime(2026, 7, 9, 19, 0), present=6)
    motion = propose(council, item, "To close the public toilets in winter")
    with pytest.raises(ServiceError, match="only given when the votes are tied"):
        motions.give_casting_vote(db, motion, "for", staff_user_id=staff)
    assert motions.decide_by_show_of_hands(db, motion, 3, 3, 0, staff_user_id=staff) == "pending"
    assert get_meeting(db, meeting_id).motions[0].needs_casting_vote
    assert motions.give_casting_vote(db, motion, "against", staff_user_id=staff) == "lost"
    view = get_meeting(db, meeting_id).motions[0]
    assert (view.outcome, view.casting_vote, view.minute_number) == ("lost", "against", None)


def test_chair_who_has_left_cannot_give_a_casting_vote(council: Council) -> None:
    db, staff = council.db, council.staff
    meeting_id, item = open_meeting(council, datetime(2026, 7, 9, 19, 0), present=7)
    attendance.record_arrival_and_departure(
        db,
        meeting_id,
        council.members[0],
        arrived_at_item=None,
        left_at_item=7,
        staff_user_id=staff,
    )
    motion = propose(council, item, "To buy a defibrillator")
    motions.decide_by_show_of_hands(db, motion, 3, 3, 0, staff_user_id=staff)
    with pytest.raises(ServiceError, match="not recorded as present at item 7"):
        motions.give_casting_vote(db, motion, "for", staff_user_id=staff)


def test_a_carried_amendment_becomes_the_wording(council: Council) -> None:
    db, staff = council.db, council.staff
    meeting_id, item = open_meeting(council, datetime(2026, 7, 9, 19, 0))
    motion = propose(council, item, "To buy one bench for the green")
    amendment = propose(council, item, "To buy two benches for the green", 3, 4, amends=motion)
    with pytest.raises(ValidationFailed, match="already moved"):
        propose(council, item, "To buy three benches", 5, 6, amends=motion)
    with pytest.raises(ServiceError, match="Decide the amendment"):
        motions.decide_by_show_of_hands(db, motion, 5, 2, 0, staff_user_id=staff)
    assert motions.decide_by_show_of_hands(db, amendment, 4, 3, 0, staff_user_id=staff) == "carried"
    assert motions.decide_by_show_of_hands(db, motion, 6, 1, 0, staff_user_id=staff) == "carried"
    substantive, amended = get_meeting(db, meeting_id).motions
    assert substantive.moved_text == "To buy one bench for the green"
    assert substantive.text == "To buy two benches for the green"
    assert (substantive.minute_number, amended.minute_number) == ("26/1", None)
    assert amended.is_amendment


def test_withdrawn_and_inquorate(council: Council) -> None:
    db, staff = council.db, council.staff
    meeting_id, item = open_meeting(council, datetime(2026, 7, 9, 19, 0), present=3)
    motion = propose(council, item, "To twin with Llanfair PG")
    attendance.record_arrival_and_departure(
        db,
        meeting_id,
        council.members[0],
        arrived_at_item=None,
        left_at_item=7,
        staff_user_id=staff,
    )
    with pytest.raises(ServiceError, match="Not quorate at item 7"):
        motions.decide_by_show_of_hands(db, motion, 2, 0, 0, staff_user_id=staff)
    motions.withdraw_motion(db, motion, staff_user_id=staff)
    assert get_meeting(db, meeting_id).motions[0].outcome == "withdrawn"


def test_minute_numbers_continue_across_meetings_and_restart_each_council_year(
    council: Council,
) -> None:
    db, staff = council.db, council.staff
    numbers = []
    for starts in (
        datetime(2026, 3, 5, 19),
        datetime(2026, 4, 2, 19),
        datetime(2026, 5, 7, 19),
        datetime(2026, 6, 4, 19),
    ):
        _, item = open_meeting(council, starts)
        for text in ("First resolution", "Second resolution"):
            motion = propose(council, item, text)
            motions.decide_by_show_of_hands(db, motion, 5, 0, 0, staff_user_id=staff)
        lost = propose(council, item, "A lost motion takes no number")
        motions.decide_by_show_of_hands(db, lost, 0, 5, 0, staff_user_id=staff)
        numbers += [m.minute_number for m in get_meeting(db, get_meeting_id(council, item)).motions]
    # The council year starts in May: March and April 2026 are in the year that began in 2025.
    assert numbers == [
        "25/1",
        "25/2",
        None,
        "25/3",
        "25/4",
        None,
        "26/1",
        "26/2",
        None,
        "26/3",
        "26/4",
        None,
    ]


def test_numbering_rules() -> None:
    assert council_year(datetime(2026, 4, 30).date(), 5) == 2025
    assert council_year(datetime(2026, 5, 1).date(), 5) == 2026
    assert format_minute_number("{yy}/{n}", 2024, 101) == "24/101"
    assert format_minute_number("C{yyyy}-{n:03d}", 2024, 7) == "C2024-007"
    assert format_minute_number("{year}/{n}", 2024, 7) == "24/7"
