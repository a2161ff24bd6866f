"""The agenda: numbering, moving, removing, confidential items and papers, refusing "any
other business", and outstanding actions carried forward."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hubapp.services.errors import ValidationFailed
from hubapp.services.meetings import actions, agenda
from hubapp.services.meetings.actions import ActionDetails
from hubapp.services.meetings.agenda import ItemDetails
from hubapp.services.meetings.reading import get_meeting
from tests.meetings.council import Council


def titles(council: Council, meeting_id: str) -> list[str]:
    return [f"{i.number}. {i.title}" for i in get_meeting(council.db, meeting_id).items]


def test_add_move_edit_and_remove_keep_the_items_numbered(council: Council) -> None:
    db, staff = council.db, council.staff
    meeting_id = council.meeting(
        datetime(2026, 7, 9, 19, 0),
    )
    bench = agenda.add_item(
        db,
        meeting_id,
        ItemDetails(title="  Bench   for the green "),
        number=7,
        staff_user_id=staff,
    )
    assert titles(council, meeting_id)[6:] == [
        "7. Bench for the green",
        "8. Finance",
        "9. Date of the next meeting",
    ]
    agenda.move_item(db, bench, 2, staff_user_id=staff)
    assert titles(council, meeting_id)[:3] == [
        "1. Apologies for absence",
        "2. Bench for the green",
        "3. Declarations of interest",
    ]
    papers = [{"name": "Quote from Pren Cyf.pdf", "path": "/papers/quote.pdf"}]
    agenda.edit_item(
        db,
        bench,
        ItemDetails(
            title="Bench", description="Quotes attached.", confidential=True, papers=papers
        ),
        staff_user_id=staff,
    )
    item = get_meeting(db, meeting_id).item(2)
    assert (item.title, item.confidential, item.description) == ("Bench", True, "Quotes attached.")
    assert item.papers[0].name == "Quote from Pren Cyf.pdf"
    agenda.remove_item(db, bench, staff_user_id=staff)
    assert len(titles(council, meeting_id)) == 8
    assert titles(council, meeting_id)[1] == "2. Declarations of interest"
    agenda.move_item(db, get_meeting(db, meeting_id).item(1).id, 99, staff_user_id=staff)
    assert titles(council, meeting_id)[-1] == "8. Apologies for absence"


@pytest.mark.parametrize(
    "title",
    [
        "Any other business",
        "AOB",
        "A.O.B.",
        "Other business",
        "Correspondence and any  other business",
    ],
)
def test_any_other_business_is_refused(council: Council, title: str) -> None:
    meeting_id = council.meeting(datetime(2026, 7, 9, 19, 0))
    with pytest.raises(ValidationFailed) as failed:
        agenda.add_item(
            council.db, meeting_id, ItemDetails(title=title), staff_user_id=council.staff
        )
    assert "only matters on the agenda can be decided" in failed.value.problems["title"]


@pytest.mark.parametrize(
    "title", ["Jacob's Well footpath", "Other business rates relief", "Items for the next agenda"]
)
def test_ordinary_titles_that_look_a_little_like_aob_are_allowed(
    council: Council, title: str
) -> None:
    meeting_id = council.meeting(datetime(2026, 7, 9, 19, 0))
    agenda.add_item(council.db, meeting_id, ItemDetails(title=title), staff_user_id=council.staff)
    assert titles(council, meeting_id)[-1] == f"9. {title}"


def test_an_item_needs_a_title_and_papers_need_a_file(council: Council) -> None:
    meeting_id = council.meeting(datetime(2026, 7, 9, 19, 0))
    with pytest.raises(ValidationFailed) as failed:
        agenda.add_item(
            council.db,
            meeting_id,
            ItemDetails(title=" ", papers=[{"name": "Budget", "path": ""}]),
            staff_user_id=council.staff,
        )
    assert set(failed.value.problems) == {"title", "papers"}


def test_open_actions_from_earlier_meetings_are_offered_and_carried(council: Council) -> None:
    db, staff = council.db, council.staff
    june = council.meeting(datetime(2026, 6, 4, 19, 0))
    july = council.meeting(datetime(2026, 7, 2, 19, 0))
    finance = get_meeting(db, june).item(7).id
    gully = actions.add_action(
        db,
        june,
        ActionDetails(
            "Report the blocked gully on Heol y Dŵr",
            owner_name="The clerk",
            due_on=date(2026, 6, 30),
            agenda_item_id=finance,
        ),
        staff_user_id=staff,
    )
    done = actions.add_action(
        db,
        june,
        ActionDetails("Order bin bags", owner_member_id=council.members[2]),
        staff_user_id=staff,
    )
    actions.set_action_done(db, done, True, on=date(2026, 6, 10), staff_user_id=staff)
    # Actions of a later meeting are not "outstanding from earlier".
    assert agenda.carry_forward_candidates(db, june) == []
    offered = agenda.carry_forward_candidates(db, july)
    assert [(a.id, a.owner_name, a.due_on) for a in offered] == [
        (gully, "The clerk", date(2026, 6, 30))
    ]
    item_id = agenda.add_carried_item(db, july, gully, number=5, staff_user_id=staff)
    again = agenda.add_carried_item(db, july, gully, staff_user_id=staff)
    assert again == item_id
    item = get_meeting(db, july).item(5)
    assert item.title == "Outstanding action: Report the blocked gully on Heol y Dŵr"
    assert item.carried_from_action_id == gully
    assert agenda.carry_forward_candidates(db, july) == []
    assert [a.description for a in actions.open_actions(db, council.group_id)] == [
        "Report the blocked gully on Heol y Dŵr"
    ]


def test_action_owner_must_be_a_member(council: Council) -> None:
    meeting_id = council.meeting(datetime(2026, 6, 4, 19, 0))
    with pytest.raises(ValidationFailed) as failed:
        actions.add_action(
            council.db,
            meeting_id,
            ActionDetails("", owner_member_id="nobody"),
            staff_user_id=council.staff,
        )
    assert set(failed.value.problems) == {"description", "owner_member_id"}
