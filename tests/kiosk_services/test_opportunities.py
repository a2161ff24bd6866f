"""Opportunities: posting, editing, withdrawing, listing; interest shown by members and by
kiosk visitors, and its follow-up by the organiser."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hubapp.models import Change, ExpressionOfInterest, OpportunityTag, uuid7
from hubapp.models.database import Database
from hubapp.services import opportunities as opp
from hubapp.services.errors import NotFound, ValidationFailed
from hubapp.services.opportunities import OpportunityDetails, Recurrence
from tests.kiosk_services.conftest import Community, aware, member


def test_posting_cleans_details_saves_tags_and_is_journalled(
    db: Database, community: Community
) -> None:
    details = OpportunityDetails(
        title="  Litter   pick ",
        group_id=community.gardening_club,
        one_off_at=aware("2031-03-15 10:00"),
        location_kind="venue",
        venue_id=community.library,
        postcode="sa20 0ap",
        skills=["First aid"],
        interests=["Environment and nature", "Tidy towns"],  # the second is a free tag
        transport_available=True,
        time_commitment=" Two hours ",
    )
    opportunity_id = opp.post_opportunity(
        db, details, staff_user_id=community.staff_id, opportunity_id=uuid7()
    )
    profile = opp.get_opportunity(db, opportunity_id)
    assert profile.details.title == "Litter pick"
    assert profile.details.postcode == "SA20 0AP"
    assert profile.details.skills == ["First aid"]
    assert profile.details.interests == ["Environment and nature", "Tidy towns"]
    assert profile.details.time_commitment == "Two hours"
    assert profile.when_text == "Saturday 15 March 2031, 10:00"
    assert profile.place_text == "Llandovery Library"
    assert profile.group_name == "Llandovery Gardening Club"
    with db.read() as session:
        change = session.scalars(select(Change).where(Change.row_id == opportunity_id)).one()
        assert change.staff_user_id == community.staff_id
        assert session.scalar(
            select(OpportunityTag.id).where(OpportunityTag.opportunity_id == opportunity_id)
        )


def test_saving_the_same_form_twice_makes_one_opportunity(
    db: Database, community: Community
) -> None:
    form_id = uuid7()
    details = OpportunityDetails(title="Tea rota")
    first = opp.post_opportunity(db, details, staff_user_id=None, opportunity_id=form_id)
    second = opp.post_opportunity(db, details, staff_user_id=None, opportunity_id=form_id)
    assert first == second == form_id
    assert [r.title for r in opp.list_opportunities(db)].count("Tea rota") == 1


def test_validation_names_every_problem(db: Database, community: Community) -> None:
    bad = OpportunityDetails(
        title=" ",
        recurrence=Recurrence(["tue", "someday"], "25:00"),
        location_kind="venue",
        postcode="nowhere",
    )
    with pytest.raises(ValidationFailed) as failed:
        opp.post_opportunity(db, bad, staff_user_id=None)
    assert list(failed.value.problems) == ["title", "recurrence", "venue_id", "postcode"]
    times = OpportunityDetails(title="Rota", recurrence=Recurrence(["tue"], "12:00", "10:00"))
    with pytest.raises(ValidationFailed) as failed:
        opp.post_opportunity(db, times, staff_user_id=None)
    assert failed.value.problems == {"recurrence": "The end time must be after the start time."}
    missing = OpportunityDetails(title="Rota", group_id="no-such-group")
    with pytest.raises(ValidationFailed) as failed:
        opp.post_opportunity(db, missing, staff_user_id=None)
    assert failed.value.problems == {"group_id": "That group no longer exists."}


def test_editing_writes_only_what_changed_and_withdrawing_hides_it(
    db: Database, community: Community
) -> None:
    profile = opp.get_opportunity(db, community.driver)
    details = profile.details
    details.time_commitment = "Half a day a week"
    details.interests = []
    opp.update_opportunity(db, community.driver, details, staff_user_id=community.staff_id)
    with db.read() as session:
        last = session.scalars(
            select(Change)
            .where(Change.row_id == community.driver)
            .order_by(Change.seq.desc())
            .limit(1)
        ).one()
    assert set(last.fields) == {"time_commitment"}
    again = opp.get_opportunity(db, community.driver)
    assert again.details.interests == [] and again.details.skills == ["Driving"]
    assert again.when_text == "Thursdays, 09:00–13:00"
    opp.withdraw_opportunity(db, community.driver, staff_user_id=community.staff_id)
    assert community.driver not in {r.id for r in opp.list_opportunities(db)}
    assert community.driver in {r.id for r in opp.list_opportunities(db, active_only=False)}
    opp.reopen_opportunity(db, community.driver, staff_user_id=community.staff_id)
    assert community.driver in {r.id for r in opp.list_opportunities(db)}


def test_a_kiosk_visitor_and_a_member_express_interest(db: Database, community: Community) -> None:
    visitor = opp.express_interest(
        db,
        community.garden,
        visitor_name="Eira Hughes",
        visitor_contact="07700 900123",
        message="I can do Tuesdays.",
    )
    gwen = member(db, "Gwen", "Morgan", email="gwen@example.org")
    first = opp.express_interest(db, community.garden, member_id=gwen, channel="desk")
    again = opp.express_interest(db, community.garden, member_id=gwen, message="Still keen")
    assert first == again  # one record per member and opportunity
    rows = opp.interests_for(db, community.garden)
    assert [(r.name, r.contact, r.message, r.channel) for r in rows] == [
        ("Eira Hughes", "07700 900123", "I can do Tuesdays.", "kiosk"),
        ("Gwen Morgan", "gwen@example.org", "Still keen", "kiosk"),
    ]
    assert [r.opportunity_title for r in opp.interests_waiting(db)] == [
        "Library garden volunteer"
    ] * 2
    listed = {r.id: r for r in opp.list_opportunities(db)}
    assert listed[community.garden].new_interest_count == 2
    opp.mark_interest(db, visitor, "contacted", staff_user_id=community.staff_id)
    assert [r.id for r in opp.interests_waiting(db)] == [first]
    from hubapp.services.interest_shown import interests_of_member

    assert [r.id for r in interests_of_member(db, gwen)] == [first]  # not the visitor's
    with db.read() as session:
        row = session.get(ExpressionOfInterest, visitor)
        assert row is not None and row.member_id is None and row.status == "contacted"


def test_interest_needs_a_way_to_reach_the_visitor_and_a_live_opportunity(
    db: Database, community: Community
) -> None:
    with pytest.raises(ValidationFailed) as failed:
        opp.express_interest(db, community.garden, visitor_name="", visitor_contact="")
    assert list(failed.value.problems) == ["visitor_name", "visitor_contact"]
    with pytest.raises(ValidationFailed):
        opp.express_interest(db, community.garden, visitor_name="Eira", visitor_contact="nope")
    opp.withdraw_opportunity(db, community.garden, staff_user_id=None)
    with pytest.raises(NotFound, match="withdrawn"):
        opp.express_interest(
            db, community.garden, visitor_name="Eira", visitor_contact="eira@example.org"
        )
    with pytest.raises(ValidationFailed):
        opp.mark_interest(db, "whatever", "done", staff_user_id=None)
