"""Finding members: full-text search over name, email, phone and postcode, filters, order,
and rows fetched by key."""

from __future__ import annotations

import pytest

from hubapp.models.database import Database
from hubapp.models.vocab import TagKind
from hubapp.services import groups as group_service
from hubapp.services import member_search
from hubapp.services import members as member_service
from hubapp.services.member_profile import get_member_profile
from hubapp.services.member_search import (
    MemberQuery,
    fts_expression,
    group_choices,
    key_of_member,
    member_rows,
    members_count,
    search_first_keys,
    search_member_keys,
)
from hubapp.services.members import MemberDetails
from hubapp.services.vocabulary import list_tags

PEOPLE = [
    ("Siân", "Llewellyn", "sian@example.org", "07700 900123", "SA19 6AB", ["Gardening"]),
    ("Jon", "Jones", "jj@example.com", "01550 720123", "SA20 0AB", ["Driving"]),
    ("Jonathan", "Davies", "", "07700 900555", "LD3 7AA", ["Gardening", "Driving"]),
    ("Gwenllïan", "ap Dafydd", "gwen@example.net", "", "SA19 6AB", []),
]


@pytest.fixture
def ids(db: Database) -> dict[str, str]:
    found = {}
    for first, last, email, phone, postcode, skills in PEOPLE:
        details = MemberDetails(first_name=first, last_name=last, email=email, phone=phone,
                                postcode=postcode, skills=skills)  # fmt: skip
        summary = member_service.sign_up_member(
            db, details, staff_user_id=None, confirmed_different=True
        )
        found[first] = summary.id
    return found


def names(db: Database, query: MemberQuery) -> list[str]:
    with db.read() as session:
        return [r.display_name for r in member_rows(session, search_member_keys(session, query))]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("jon", ["Jonathan Davies", "Jon Jones"]),  # first names and surnames, as prefixes
        ("llew", ["Siân Llewellyn"]),
        ("sian", ["Siân Llewellyn"]),  # accents ignored
        ("GWENLLIAN", ["Gwenllïan ap Dafydd"]),
        ("jj@example", ["Jon Jones"]),
        ("sa19", ["Gwenllïan ap Dafydd", "Siân Llewellyn"]),
        ("sa19 6ab", ["Gwenllïan ap Dafydd", "Siân Llewellyn"]),
        ("SA196AB", ["Gwenllïan ap Dafydd", "Siân Llewellyn"]),
        ("07700 9001", ["Siân Llewellyn"]),  # a phone as typed, spaces and all
        ("7700 900555", ["Jonathan Davies"]),  # without the leading 0
        ("+44 1550", ["Jon Jones"]),
        ("jon dav", ["Jonathan Davies"]),  # every word must match
        ("zzz", []),
        ("!!", []),
        ("", ["Gwenllïan ap Dafydd", "Jonathan Davies", "Jon Jones", "Siân Llewellyn"]),
    ],
)
def test_search_by_name_email_phone_postcode(
    db: Database, ids: dict[str, str], typed: str, expected: list[str]
) -> None:
    assert names(db, MemberQuery(text=typed)) == expected


def test_orders(db: Database, ids: dict[str, str]) -> None:
    assert names(db, MemberQuery(order="name_desc"))[0] == "Siân Llewellyn"
    assert names(db, MemberQuery(order="joined_desc"))[0] == "Gwenllïan ap Dafydd"
    assert names(db, MemberQuery(order="postcode"))[0] == "Jonathan Davies"  # LD3 first
    assert names(db, MemberQuery(order="email"))[-1] == "Jonathan Davies"  # no email: last


def test_filters_by_group_and_tag(db: Database, ids: dict[str, str]) -> None:
    group = group_service.register_group(
        db, group_service.GroupDetails(name="Repair Café"), staff_user_id=None
    )
    for first in ("Jon", "Siân"):
        group_service.enlist_member(db, group.id, ids[first], staff_user_id=None)
    with db.read() as session:
        tags = {t.name: t.id for t in list_tags(session, TagKind.SKILL)}
    assert names(db, MemberQuery(group_id=group.id)) == ["Jon Jones", "Siân Llewellyn"]
    gardening = (tags["Gardening"],)
    assert names(db, MemberQuery(tag_ids=gardening)) == ["Jonathan Davies", "Siân Llewellyn"]
    both = (tags["Gardening"], tags["Driving"])
    assert names(db, MemberQuery(tag_ids=both)) == ["Jonathan Davies"]
    assert names(db, MemberQuery(text="jon", tag_ids=gardening)) == ["Jonathan Davies"]
    assert names(db, MemberQuery(group_id=group.id, tag_ids=gardening)) == ["Siân Llewellyn"]


def test_group_choices_are_live_groups_by_name(db: Database) -> None:
    for name in ("Repair Café", "côr meibion", "Allotment society"):
        group_service.register_group(db, group_service.GroupDetails(name=name), staff_user_id=None)
    gone = group_service.register_group(
        db, group_service.GroupDetails(name="Old group"), staff_user_id=None
    )
    group_service.set_group_deleted(db, gone.id, True, staff_user_id=None)
    with db.read() as session:
        names = [g.name for g in group_choices(session)]
    assert names == ["Allotment society", "côr meibion", "Repair Café"]


def test_deleted_members_are_not_found(db: Database, ids: dict[str, str]) -> None:
    member_service.set_deleted(db, ids["Jon"], True, staff_user_id=None)
    assert names(db, MemberQuery(text="jon")) == ["Jonathan Davies"]
    assert "Jon Jones" not in names(db, MemberQuery())
    with db.read() as session:
        assert members_count(session) == 3
    member_service.set_deleted(db, ids["Jon"], False, staff_user_id=None)
    assert names(db, MemberQuery(text="jon")) == ["Jonathan Davies", "Jon Jones"]


def test_edits_are_searchable_at_once(db: Database, ids: dict[str, str]) -> None:
    details = get_member_profile(db, ids["Jon"]).details
    details.last_name = "Pritchard"
    member_service.update_member(db, ids["Jon"], details, staff_user_id=None)
    assert names(db, MemberQuery(text="pritch")) == ["Jon Pritchard"]
    assert names(db, MemberQuery(text="jones")) == []


def test_rows_come_back_in_the_order_of_the_keys(db: Database, ids: dict[str, str]) -> None:
    with db.read() as session:
        keys = search_member_keys(session, MemberQuery())
        rows = member_rows(session, list(reversed(keys)))
        assert [r.key for r in rows] == list(reversed(keys))
        assert key_of_member(session, ids["Siân"]) in keys
    sian = next(r for r in rows if r.id == ids["Siân"])
    assert (sian.phone, sian.postcode, sian.email) == (
        "07700 900123",
        "SA19 6AB",
        "sian@example.org",
    )


def test_first_keys_of_a_broad_search(
    db: Database, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.read() as session:
        narrow = search_first_keys(session, MemberQuery(text="jon"))
        assert (narrow.total, narrow.complete) == (2, True)
        # As if these were tens of thousands of matches: count, then walk for a page.
        monkeypatch.setattr(member_search, "WALK_ABOVE", 1)
        for query in (MemberQuery(text="jon"), MemberQuery(), MemberQuery(order="name_desc")):
            every = search_member_keys(session, query)
            first = search_first_keys(session, query, limit=2)
            assert (first.keys, first.total, first.complete) == (every[:2], len(every), False)
        # Other orders and filters always get every key.
        joined = search_first_keys(session, MemberQuery(text="jon", order="joined"), limit=1)
        assert joined.complete and len(joined.keys) == 2
    member_service.set_deleted(db, ids["Jon"], True, staff_user_id=None)
    with db.read() as session:
        first = search_first_keys(session, MemberQuery(text="jon"), limit=5)
        assert first.total == 1 and len(first.keys) == 1


def test_fts_expression_shapes() -> None:
    assert fts_expression("Siân ll") == '"Siân"* "ll"*'
    assert fts_expression("07700 900") == '"07700900"*'
    assert fts_expression("7700 9") == '"77009"* OR "077009"*'
    assert fts_expression('"; drop') == '"drop"*'  # quotes and operators never reach FTS
    assert fts_expression("   ") is None
