"""CSV export of members: the canonical columns first, UTF-8, lists separated by "; ",
deleted and erased members left out, and a round trip through import that changes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hubapp.models import Change, Member, utcnow
from hubapp.models.database import Database
from hubapp.services import csv_export
from hubapp.services.csv_export import CANONICAL_COLUMNS, COLUMNS, export_members
from hubapp.services.csv_import import RowStatus, import_members, read_csv
from hubapp.services.members import MemberDetails, set_deleted, sign_up_member
from hubapp.services.staff import SignedInStaff


def sign_up(db: Database, admin: SignedInStaff, **values: object) -> str:
    return sign_up_member(db, MemberDetails(**values), staff_user_id=admin.id).id  # type: ignore[arg-type]


@pytest.fixture
def people(db: Database, admin: SignedInStaff) -> dict[str, str]:
    return {
        "sian": sign_up(
            db, admin, first_name="Siân", last_name="Llewellyn", preferred_name="Sian",
            email="sian@example.org", phone="07700 900123", postcode="SA20 0AB",
            address="3 Stryd Fawr, Llandovery", preferred_language="cy", speaks_welsh=True,
            skills=["Gardening", "Driving"], interests=["Local history and heritage"],
            availability={"mon": ["morning", "evening"], "sat": ["afternoon"]},
            travel_miles=7.5, notes="Prefers phone calls.\nNot Tuesdays.",
        ),
        "gwen": sign_up(db, admin, first_name="Gwenllïan", last_name="ap Dafydd",
                        email="gwen@example.cymru", heard_about="=HYPERLINK(evil)"),
        "gone": sign_up(db, admin, first_name="Dai", last_name="Gone", email="d@example.org"),
        "erased": sign_up(db, admin, first_name="Eli", last_name="Erased", email="e@example.org"),
    }  # fmt: skip


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_columns_and_values(
    db: Database, admin: SignedInStaff, people: dict[str, str], tmp_path: Path
) -> None:
    set_deleted(db, people["gone"], True, staff_user_id=admin.id)
    with db.write(admin.id) as session:
        erased = session.get(Member, people["erased"])
        assert erased is not None
        erased.erased_at = utcnow()
    path = tmp_path / "members.csv"
    assert export_members(db, path) == 2
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[: len(CANONICAL_COLUMNS)] == [
        "id", "first_name", "last_name", "preferred_name", "email", "phone", "postcode",
        "address", "preferred_language", "skills", "interests",
    ]  # fmt: skip
    assert header == list(COLUMNS)
    rows = rows_of(path)
    assert [r["first_name"] for r in rows] == ["Gwenllïan", "Siân"]  # by surname: ap Dafydd first
    sian = rows[1]
    assert sian["id"] == people["sian"]
    assert (sian["phone"], sian["postcode"], sian["preferred_language"]) == (
        "07700 900123",
        "SA20 0AB",
        "Cymraeg",
    )
    assert (sian["skills"], sian["interests"]) == (
        "Driving; Gardening",
        "Local history and heritage",
    )
    assert sian["availability"] == "mon morning evening; sat afternoon"
    assert (sian["speaks_welsh"], sian["travel_miles"], sian["needs_step_free"]) == (
        "yes",
        "7.5",
        "no",
    )
    assert sian["notes"] == "Prefers phone calls.\nNot Tuesdays."
    # A cell a spreadsheet would run as a formula is neutralised.
    assert rows[0]["heard_about"] == "'=HYPERLINK(evil)"
    assert not path.with_name("members.csv.part").exists()


def test_round_trip_changes_nothing(
    db: Database,
    admin: SignedInStaff,
    people: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(csv_export, "CHUNK", 2)  # several chunks, as with a big hub
    path = tmp_path / "members.csv"
    assert export_members(db, path) == 4
    with db.read() as session:
        before = session.scalar(select(func.count()).select_from(Change))
    result = import_members(db, read_csv(path), staff_user_id=admin.id)
    assert (result.new, result.updated) == (0, 0)
    assert result.preview.counts == {RowStatus.UNCHANGED: 4}
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Change)) == before


def test_edited_export_updates_only_what_changed(
    db: Database, admin: SignedInStaff, people: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "members.csv"
    export_members(db, path)
    rows = rows_of(path)
    for row in rows:
        if row["id"] == people["sian"]:
            row["postcode"] = "sa19 6ab"
            row["skills"] = "Gardening; Cooking"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    result = import_members(db, read_csv(path), staff_user_id=admin.id)
    assert result.updated == 1
    changed = next(r for r in result.preview.rows if r.member_id == people["sian"])
    assert changed.changed == ("postcode", "skills")
    with db.read() as session:
        member = session.get(Member, people["sian"])
        assert member is not None and member.postcode == "SA19 6AB"


def test_excel_flavour_starts_with_a_byte_order_mark(
    db: Database, people: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "for-excel.csv"
    export_members(db, path, bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,first_name")
    assert read_csv(path).headers[0] == "id"
