"""The one duplicate rule: same email, or same phone, or a similar name at the same postcode."""

from __future__ import annotations

import pytest

from hubapp.models import Member, utcnow
from hubapp.models.database import Database
from hubapp.services.duplicates import (
    NAME_SIMILARITY_THRESHOLD,
    DuplicateProbe,
    find_likely_duplicates,
    name_similarity,
)


def _add(db: Database, **fields: object) -> str:
    with db.write() as session:
        member = Member(**fields)
        session.add(member)
        session.flush()
        return member.id


@pytest.fixture
def sian(db: Database) -> str:
    return _add(
        db,
        first_name="Siân",
        last_name="Llewellyn",
        email="sian@example.org",
        phone="+447700900123",
        postcode="SA19 6AB",
    )


def _find(db: Database, probe: DuplicateProbe) -> list[tuple[str, tuple[str, ...]]]:
    with db.read() as session:
        return [(m.member_id, m.reasons) for m in find_likely_duplicates(session, probe)]


def test_same_email(db: Database, sian: str) -> None:
    assert _find(db, DuplicateProbe(first_name="Someone", email="sian@example.org")) == [
        (sian, ("same email",))
    ]


def test_same_phone(db: Database, sian: str) -> None:
    assert _find(db, DuplicateProbe(phone="+447700900123")) == [(sian, ("same phone",))]


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Sian", "Llewellyn"),  # no accent
        ("SIÂN", "LLEWELLYN"),
        ("Llewellyn", "Siân"),  # first and last swapped
        ("Sian", "Llewelyn"),  # a typo
    ],
)
def test_similar_name_at_the_same_postcode(db: Database, sian: str, first: str, last: str) -> None:
    probe = DuplicateProbe(first_name=first, last_name=last, postcode="SA19 6AB")
    assert _find(db, probe) == [(sian, ("similar name, same postcode",))]


def test_similar_name_elsewhere_is_not_a_duplicate(db: Database, sian: str) -> None:
    probe = DuplicateProbe(first_name="Sian", last_name="Llewellyn", postcode="CF10 1EP")
    assert _find(db, probe) == []


def test_different_name_at_the_same_postcode_is_not_a_duplicate(db: Database, sian: str) -> None:
    probe = DuplicateProbe(first_name="Gwenllïan", last_name="ap Dafydd", postcode="SA19 6AB")
    assert _find(db, probe) == []


def test_preferred_name_counts(db: Database) -> None:
    bill = _add(
        db, first_name="William", last_name="Pryce", preferred_name="Bill", postcode="SY23 3BU"
    )
    probe = DuplicateProbe(first_name="Bill", last_name="Pryce", postcode="SY23 3BU")
    assert _find(db, probe) == [(bill, ("similar name, same postcode",))]


def test_all_reasons_are_given_and_strongest_match_first(db: Database, sian: str) -> None:
    other = _add(db, first_name="Sian", last_name="Llewelyn", postcode="SA19 6AB")
    probe = DuplicateProbe(
        first_name="Siân",
        last_name="Llewellyn",
        email="sian@example.org",
        phone="+447700900123",
        postcode="SA19 6AB",
    )
    found = _find(db, probe)
    assert [member_id for member_id, _ in found] == [sian, other]
    assert found[0][1] == ("same email", "same phone", "similar name, same postcode")


def test_deleted_members_are_ignored(db: Database, sian: str) -> None:
    with db.write() as session:
        member = session.get(Member, sian)
        assert member is not None
        member.deleted = True
    assert _find(db, DuplicateProbe(email="sian@example.org")) == []


def test_erased_members_are_ignored(db: Database, sian: str) -> None:
    with db.write() as session:
        member = session.get(Member, sian)
        assert member is not None
        member.erased_at = utcnow()
    assert _find(db, DuplicateProbe(phone="+447700900123")) == []


def test_the_member_being_edited_is_excluded(db: Database, sian: str) -> None:
    assert _find(db, DuplicateProbe(email="sian@example.org", exclude_id=sian)) == []


def test_an_empty_probe_finds_nothing(db: Database, sian: str) -> None:
    assert _find(db, DuplicateProbe()) == []
    # A postcode alone is not enough: half a village shares one.
    assert _find(db, DuplicateProbe(postcode="SA19 6AB")) == []


def test_limit_caps_the_matches(db: Database) -> None:
    for i in range(8):
        _add(db, first_name=f"Person{i}", last_name="Shared", email="family@example.org")
    with db.read() as session:
        found = find_likely_duplicates(session, DuplicateProbe(email="family@example.org"), limit=3)
    assert len(found) == 3


def test_name_similarity_folds_accents_case_and_order() -> None:
    assert name_similarity("Siân", "Llewellyn", "sian", "LLEWELLYN") == 100.0
    assert name_similarity("Ó Briain", "Ciarán", "Ciaran", "O Briain") == 100.0
    assert name_similarity("Siân", "Llewellyn", "Dafydd", "Evans") < NAME_SIMILARITY_THRESHOLD
    assert name_similarity("", "", "Dafydd", "Evans") == 0.0


def test_same_name_and_address_without_postcode_is_a_likely_duplicate(db: Database) -> None:
    """The rule lists that give only a name and an address rely on (desk and import alike)."""
    from hubapp.services.members import MemberDetails, sign_up_member

    sign_up_member(
        db,
        MemberDetails(
            first_name="Gwenllïan", last_name="ap Dafydd", address="2 Heol y Bont, Llandeilo"
        ),
        staff_user_id=None,
    )
    with db.read() as session:
        same = find_likely_duplicates(
            session,
            DuplicateProbe(
                first_name="gwenllian", last_name="AP DAFYDD", address="2 heol y bont,  Llandeilo"
            ),
        )
        elsewhere = find_likely_duplicates(
            session,
            DuplicateProbe(first_name="Gwenllïan", last_name="ap Dafydd", address="5 Stryd Fawr"),
        )
    assert [m.reasons for m in same] == [("same name and address",)]
    assert elsewhere == []
