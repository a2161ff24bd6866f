"""Matching: a hand-built community ranks in the expected order with the expected reasons;
nothing is ever left out; distance follows each person's own range; staff's reverse match."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from hubapp.models import Member
from hubapp.models.database import Database
from hubapp.services import opportunities
from hubapp.services.errors import NotFound
from hubapp.services.matching import (
    MatchProfile,
    match_opportunities,
    people_for_opportunity,
    profile_for_member,
)
from hubapp.services.matching_rules import miles_words
from hubapp.services.opportunities import OpportunityDetails
from hubapp.services.postcodes import district_of, haversine_miles
from tests.kiosk_services.conftest import Community, member

GWEN = MatchProfile(
    interests=("Growing food",),
    skills=("Gardening",),
    availability={"tue": ["morning"]},
    postcode="SA20 0AB",
    travel_miles=3,
    needs_step_free=True,
)


def titles(db: Database, profile: MatchProfile) -> list[str]:
    return [m.title for m in match_opportunities(db, profile, limit=None)]


def test_a_gardener_in_town_gets_the_library_garden_first_with_plain_reasons(
    db: Database, community: Community
) -> None:
    found = match_opportunities(db, GWEN, limit=None)
    assert [m.title for m in found] == [
        "Library garden volunteer",
        "Youth club helper",
        "Digital buddy",
        "Volunteer driver",
        "Host for Paned a Sgwrs",
    ]
    best = found[0]
    assert best.opportunity_id == community.garden
    assert best.group_name == "Llandovery Gardening Club"
    assert best.summary == (
        "Tuesdays; you are good at gardening; you like growing food; 1 mile, on a bus route; "
        "step-free access"
    )
    assert all(r.fits for r in best.reasons)
    # What counts against an opportunity is said too, never silently dropped.
    host = found[-1]
    assert [r.text for r in host.reasons if not r.fits] == [
        "Mondays: not when you said you are free",
        "step-free access not confirmed",
        "Welsh speakers wanted",
    ]


def test_reasons_are_translatable_templates_with_welsh_values(
    db: Database, community: Community
) -> None:
    best = match_opportunities(db, GWEN, limit=1)[0]
    when, skill = best.reasons[0], best.reasons[1]
    assert (when.code, when.template, when.values["when_cy"]) == ("when", "{when}", "Dydd Mawrth")
    assert skill.template == "you are good at {name}"
    assert skill.values == {"name": "gardening", "name_cy": "Garddio"}
    welsh = "rydych chi'n dda am {name_cy}".format(**skill.values)
    assert welsh == "rydych chi'n dda am Garddio"


def test_a_rural_driver_ranks_by_their_own_range_not_a_fixed_radius(
    db: Database, community: Community
) -> None:
    owen = MatchProfile(
        interests=("Supporting older people",),
        skills=("Driving",),
        availability={"thu": ["morning"]},
        postcode="LD3 7AB",  # Brecon, about 17 miles from Llandovery
        travel_miles=25,
        has_transport=True,
    )
    best = match_opportunities(db, owen, limit=1)[0]
    assert best.opportunity_id == community.driver
    assert best.summary == (
        "Thursdays; you are good at driving; you like supporting older people; "
        "17 miles, you have transport"
    )
    assert best.distance_miles is not None and 16 < best.distance_miles < 18
    # The same trip is "too far" for someone who said three miles, and says so.
    near = MatchProfile(skills=("Driving",), postcode="LD3 7AB", travel_miles=3)
    driver = next(m for m in match_opportunities(db, near) if m.opportunity_id == community.driver)
    assert "17 miles: further than the 3 miles you said" in driver.reason_texts
    assert driver.score < best.score


def test_nothing_is_ever_left_out_and_unknowns_are_not_penalised(
    db: Database, community: Community
) -> None:
    visitor = MatchProfile(interests=("Gardening",))  # no postcode, no availability
    found = match_opportunities(db, visitor, limit=None)
    assert len(found) == 5  # every live opportunity appears, however poor the fit
    garden = found[0]
    assert garden.title == "Library garden volunteer"
    assert garden.summary == "Tuesdays; you like gardening; distance not known"
    assert garden.distance_miles is None
    assert garden.score == 25  # the interest alone: the unknown distance costs nothing
    driver = next(m for m in found if m.opportunity_id == community.driver)
    assert driver.score == 0 and driver.summary == "Thursdays; distance not known"


def test_an_under_18_is_steered_to_suitable_opportunities_but_shown_everything(
    db: Database, community: Community
) -> None:
    teen = MatchProfile(
        interests=("Young people",), under_18=True, postcode="SA19 9DE",
        availability={"wed": ["evening"]},
    )  # fmt: skip
    found = match_opportunities(db, teen, limit=None)
    assert found[0].opportunity_id == community.youth
    assert "suitable for under-18s" in found[0].reason_texts
    # They did not say how far they travel: no words are put in their mouth.
    assert "8 miles: a long way" in found[0].reason_texts
    assert len(found) == 5
    assert all("not marked as suitable for under-18s" in m.reason_texts for m in found[1:])


def test_welsh_speakers_are_matched_where_welsh_is_needed(
    db: Database, community: Community
) -> None:
    speaker = MatchProfile(speaks_welsh=True, availability={"mon": ["evening"]}, postcode="SA20")
    found = match_opportunities(db, speaker, limit=None)
    assert found[0].opportunity_id == community.welsh_host
    assert "Welsh speakers wanted: you speak Welsh" in found[0].reason_texts


def test_matching_sees_every_change_at_once(db: Database, community: Community) -> None:
    assert "Library garden volunteer" in titles(db, GWEN)  # now remembered in memory
    opportunities.withdraw_opportunity(db, community.garden, staff_user_id=community.staff_id)
    assert "Library garden volunteer" not in titles(db, GWEN)
    opportunities.post_opportunity(
        db, OpportunityDetails(title="Seed swap", interests=["Growing food"]), staff_user_id=None
    )
    assert titles(db, GWEN)[0] == "Seed swap"


def test_a_members_profile_feeds_the_same_matching(db: Database, community: Community) -> None:
    gwen = member(
        db, "Gwen", "Morgan", postcode="SA20 0AB", interests=["Growing food"],
        skills=["Gardening"], availability={"tue": ["morning"]}, travel_miles=3,
        needs_step_free=True,
    )  # fmt: skip
    profile = profile_for_member(db, gwen)
    assert profile.interests == ("Growing food",) and profile.skills == ("Gardening",)
    assert titles(db, profile) == titles(db, GWEN)
    with pytest.raises(NotFound):
        profile_for_member(db, "no-such-member")


def test_people_for_an_opportunity_best_first_with_reasons_about_them(
    db: Database, community: Community
) -> None:
    gwen = member(
        db, "Gwen", "Morgan", postcode="SA20 0AB", interests=["Growing food"],
        skills=["Gardening"], availability={"tue": ["morning"]}, travel_miles=3,
        needs_step_free=True, email="gwen@example.org", consents={"contact_email": True},
    )  # fmt: skip
    sian = member(
        db, "Siân", "Evans", postcode="SA19 6AB", skills=["Gardening"], has_own_transport=True
    )
    owen = member(
        db, "Owen", "Price", postcode="LD3 7AB", skills=["Driving"],
        availability={"thu": ["morning"]}, travel_miles=25, has_own_transport=True,
    )  # fmt: skip
    dai = member(db, "Dai", "Jones", phone="01550 720123")
    found = people_for_opportunity(db, community.garden)
    assert [p.member_id for p in found] == [gwen, sian, owen, dai]
    assert found[0].summary == (
        "Tuesdays; good at gardening; likes growing food; 1 mile, on a bus route; step-free access"
    )
    assert found[0].may_contact and not found[1].may_contact
    assert found[1].summary == "Tuesdays; good at gardening; 9 miles, has transport"
    assert found[3].summary == "Tuesdays; distance not known"
    assert [p.member_id for p in people_for_opportunity(db, community.garden, limit=2)] == [
        gwen,
        sian,
    ]
    drivers = people_for_opportunity(db, community.driver)
    assert drivers[0].member_id == owen
    with pytest.raises(NotFound):
        people_for_opportunity(db, "no-such-opportunity")


def test_postcode_districts_and_distances() -> None:
    assert district_of("sa20 0ab") == "SA20"
    assert district_of(" LD1 ") == "LD1"
    assert district_of("not a postcode") is None
    llandovery, llandeilo = (51.995, -3.78), (51.90, -3.93)
    assert 8 < haversine_miles(llandovery, llandeilo) < 10
    assert haversine_miles(llandovery, llandovery) == 0


def test_the_staff_ranking_agrees_with_matching_each_person_in_turn(
    db: Database, community: Community
) -> None:
    """The fast reverse match (tag index first, then everyone only if they could still make
    the list) gives the scores that matching each member on their own gives."""
    rng = random.Random(7)
    skills = ["Gardening", "Driving", "First aid", "Cooking"]
    interests = ["Growing food", "Young people", "Supporting older people"]
    districts = ["SA20 0AB", "SA19 6AB", "LD3 7AB", "SA31 1AA", ""]
    for n in range(40):
        member(
            db, "Person", "Test" + chr(65 + n % 26) * (1 + n // 26),
            phone=f"07700 900{n:03d}",
            postcode=rng.choice(districts),
            skills=rng.sample(skills, k=rng.randint(0, 2)),
            interests=rng.sample(interests, k=rng.randint(0, 2)),
            availability={rng.choice(["tue", "thu", "wed"]): ["morning", "evening"]},
            travel_miles=rng.choice([None, 3.0, 10.0, 30.0]),
            has_own_transport=rng.random() < 0.5,
            needs_step_free=rng.random() < 0.2,
            speaks_welsh=rng.random() < 0.3,
        )  # fmt: skip
    with db.read() as session:
        ids = list(session.scalars(select(Member.id).where(Member.deleted.is_(False))))
    for opportunity_id in (community.garden, community.driver, community.welsh_host):
        each = sorted(
            (
                next(
                    m.score
                    for m in match_opportunities(db, profile_for_member(db, member_id), None)
                    if m.opportunity_id == opportunity_id
                )
                for member_id in ids
            ),
            reverse=True,
        )
        for limit in (1, 5, 40):
            fast = [p.score for p in people_for_opportunity(db, opportunity_id, limit=limit)]
            assert fast == each[:limit]


@pytest.mark.parametrize(
    ("miles", "english", "welsh"),
    [
        (0.3, "under a mile", "llai na milltir"),
        (1.2, "1 mile", "1 filltir"),
        (2.0, "2 miles", "2 filltir"),
        (3.4, "3 miles", "3 milltir"),
        (12.0, "12 miles", "12 milltir"),
    ],
)
def test_distances_read_right_in_both_languages(miles: float, english: str, welsh: str) -> None:
    assert miles_words(miles) == (english, welsh)
