"""CSV import of members: reading messy files, the column mapping, the preview's row-by-row
report, all-or-none writing, updates by id, and the journal of what was written."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hubapp.models import Change, ConsentRecord, Member, MemberTag, Tag
from hubapp.models.database import Database
from hubapp.services import csv_import
from hubapp.services.csv_import import (
    BadRows,
    CsvUnreadable,
    MappingProblem,
    RowStatus,
    import_members,
    preview_import,
    propose_mapping,
    propose_mapping_for,
    quick_email,
    quick_phone,
    read_csv,
)
from hubapp.services.duplicates import find_likely_duplicates
from hubapp.services.member_search import MemberQuery, search_member_keys
from hubapp.services.members import MemberDetails, probe_for, set_deleted, sign_up_member
from hubapp.services.staff import SignedInStaff
from hubapp.services.validation import normalise_email, normalise_phone

DATA = Path(__file__).parent / "data" / "csv"
MESSY = [DATA / "messy-cp1252.csv", DATA / "messy-utf8-bom.csv"]
NEW_ROWS = [2, 3, 4, 6, 12, 13]


def ffion(db: Database, admin: SignedInStaff) -> str:
    details = MemberDetails(
        first_name="Ffion", last_name="Rees", email="ffion.rees@example.org", postcode="SA20 0AE"
    )
    return sign_up_member(db, details, staff_user_id=admin.id).id


def count(db: Database, model: type) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------- reading


def test_excel_windows_file_is_read_as_windows_1252_with_semicolons() -> None:
    table = read_csv(MESSY[0])
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.headers[:5] == ("Forename", "Surname", "E-mail", "Mobile", "Post code")
    # Blank rows are left out but still counted, so row numbers match the spreadsheet.
    assert [number for number, _ in table.rows] == [2, 3, 4, 6, 7, 8, 9, 10, 12, 13]
    names = {cells[0] + " " + cells[1] for _, cells in table.rows}
    assert {"Siân Llewellyn", "Gwenllïan ap Dafydd", "Siobhán Ó Briain", "Nia O’Connor"} <= names


def test_utf8_with_bom_and_commas() -> None:
    table = read_csv(MESSY[1])
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ",")
    assert table.headers[0] == "Forename"  # no stray byte-order mark in the first heading
    assert table.rows[2][1][5] == "Tŷ Gwyn Farm"


def test_tabs_and_plain_utf8_are_sniffed(tmp_path: Path) -> None:
    path = write(tmp_path, "First name\tSurname\tEmail\nLlŷr\tEvans\tllyr@example.org\n")
    table = read_csv(path)
    assert (table.encoding, table.delimiter) == ("utf-8", "\t")
    assert table.rows == ((2, ("Llŷr", "Evans", "llyr@example.org")),)


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffForename\tSurname\r\nLlŷr\tÓ Briain\r\n", "utf-16-le")
    table = read_csv(path)
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.rows == ((2, ("Llŷr", "Ó Briain")),)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"PK\x03\x04rest of a zip", "Excel workbook"),
    ],
)
def test_unusable_files_say_why(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(CsvUnreadable, match=words):
        read_csv(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CsvUnreadable, match="There is no file"):
        read_csv(tmp_path / "nowhere.csv")


# ---------------------------------------------------------------- mapping


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("First name", "first_name"), ("Forename", "first_name"), ("Given Name", "first_name"),
        ("SURNAME", "last_name"), ("Last-name", "last_name"), ("Family name", "last_name"),
        ("Known as", "preferred_name"), ("Preferred name", "preferred_name"),
        ("E-mail", "email"), ("Email address", "email"), ("e_mail", "email"),
        ("Mobile", "phone"), ("Telephone", "phone"), ("Tel.", "phone"), ("Phone", "phone"),
        ("Post code", "postcode"), ("Postal code", "postcode"), ("POSTCODE", "postcode"),
        ("Address 1", "address"), ("Address line 2", "address"), ("Town", "address"),
        ("Date of birth", "date_of_birth"), ("D.O.B.", "date_of_birth"),
        ("Skills", "skills"), ("Interests", "interests"), ("Notes", "notes"),
        ("Preferred language", "preferred_language"), ("Language", "preferred_language"),
        ("id", "id"), ("Consent: newsletter", "consent_newsletter"),
        ("Consent - Email me", "consent_contact_email"), ("Favourite biscuit", None),
    ],
)  # fmt: skip
def test_headings_are_matched_whatever_their_spelling(header: str, field: str | None) -> None:
    assert propose_mapping([header])[header] == field


def test_a_row_number_column_called_id_is_not_taken_for_member_ids(tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, "ID,First name,Email\n1,Siân,sian@example.org\n"))
    assert propose_mapping_for(table)["ID"] is None


def test_no_first_name_column_is_a_mapping_problem(db: Database, tmp_path: Path) -> None:
    table = read_csv(write(tmp_path, "Email,Phone\nsian@example.org,07700 900123\n"))
    with pytest.raises(MappingProblem, match="First name"):
        preview_import(db, table)


# ---------------------------------------------------------------- the preview


@pytest.mark.parametrize("path", MESSY, ids=["cp1252", "utf8-bom"])
def test_preview_of_a_messy_file(db: Database, admin: SignedInStaff, path: Path) -> None:
    existing = ffion(db, admin)
    preview = preview_import(db, read_csv(path))
    status = {r.row: r.status for r in preview.rows}
    assert [n for n, s in status.items() if s is RowStatus.NEW] == NEW_ROWS
    assert status[7] is status[8] is RowStatus.BAD
    assert [p.text for p in preview.problems] == [
        "Row 7: postcode “SA19” is not a UK postcode. Postcodes look like SA19 6AB.",
        "Row 8: email “geraint@@example.org” is not an email address. Email addresses look "
        "like name@example.com.",
    ]
    matched = next(r for r in preview.rows if r.row == 9)
    assert (matched.status, matched.member_id, matched.reasons) == (
        RowStatus.MATCHED,
        existing,
        ("same email",),
    )
    repeat = next(r for r in preview.rows if r.row == 10)
    assert (repeat.status, repeat.repeat_of, repeat.reasons) == (
        RowStatus.REPEAT,
        2,
        ("same phone",),
    )
    first = preview.rows[0].details
    assert first is not None
    assert (first.first_name, first.phone, first.postcode) == ("Siân", "+447700900123", "SA20 0AB")
    assert first.address == "3 Stryd Fawr, Llandovery"  # Address 1 and Town joined
    assert first.skills == ["Gardening", "Driving"]
    second = preview.rows[1].details
    assert second is not None and second.skills == ["Cooking", "First aid"]
    assert preview.ignored_columns == ["Favourite biscuit", "Column 10"]
    assert count(db, Member) == 1  # a preview writes nothing


def test_matches_agree_with_the_shared_duplicate_rule(db: Database, admin: SignedInStaff) -> None:
    ffion(db, admin)
    sign_up_member(
        db,
        MemberDetails(first_name="Sian", last_name="Llewelyn", postcode="SA20 0AB"),
        staff_user_id=admin.id,
    )
    preview = preview_import(db, read_csv(MESSY[0]))
    with db.read() as session:
        for row in preview.rows:
            if row.status in (RowStatus.NEW, RowStatus.MATCHED) and row.details is not None:
                found = find_likely_duplicates(session, probe_for(row.details))
                expected = found[0].member_id if found else None
                assert (row.member_id if row.status is RowStatus.MATCHED else None) == expected
    # "Sian Llewelyn" at the same postcode is Siân Llewellyn of row 2.
    assert preview.rows[0].status is RowStatus.MATCHED
    assert preview.rows[0].reasons == ("similar name, same postcode",)


def test_same_name_and_address_is_the_same_person(db: Database, admin: SignedInStaff) -> None:
    sign_up_member(
        db,
        MemberDetails(first_name="Dafydd", last_name="ap Rhys", address="1 Heol y Bont, Llandeilo"),
        staff_user_id=admin.id,
    )
    row = next(r for r in preview_import(db, read_csv(MESSY[0])).rows if r.row == 13)
    assert (row.status, row.reasons) == (RowStatus.MATCHED, ("same name and address",))
    assert row.details is not None
    with db.read() as session:  # the desk's rule says the same
        found = find_likely_duplicates(session, probe_for(row.details))
    assert [(m.member_id, m.reasons) for m in found] == [(row.member_id, row.reasons)]


def test_values_of_every_kind(db: Database, admin: SignedInStaff, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Name,Known as,Tel,DOB,Language,Speaks Welsh,Travel,Availability,Interests,"
        "Consent: newsletter,Notes\n"
        "Gwenllïan ap Dafydd,Gwen,01550 720123,21/03/1958,Cymraeg,ie,5 miles,"
        '"mon morning evening; sat afternoon",Local history and heritage,yes,"=1+1"\n'
        "Bob,,07700 900999,31/02/1980,Klingon,perhaps,far,someday,,maybe,\n",
    )
    rows = preview_import(db, read_csv(path)).rows
    good = rows[0].details
    assert good is not None
    assert (good.first_name, good.last_name, good.preferred_name) == (
        "Gwenllïan",
        "ap Dafydd",
        "Gwen",
    )
    assert str(good.date_of_birth) == "1958-03-21"
    assert (good.preferred_language, good.speaks_welsh, good.travel_miles) == ("cy", True, 5.0)
    assert good.availability == {"mon": ["morning", "evening"], "sat": ["afternoon"]}
    assert good.consents == {"newsletter": True}
    assert good.notes == "=1+1"
    assert {p.field for p in rows[1].problems} == {
        "date_of_birth", "preferred_language", "speaks_welsh", "travel_miles", "availability",
        "consent_newsletter",
    }  # fmt: skip
    texts = [p.text for p in rows[1].problems]
    assert "Row 3: date of birth “31/02/1980” is not a date. Dates look like 21/03/1958." in texts


# ---------------------------------------------------------------- writing


def test_nothing_is_written_while_any_row_is_bad(db: Database, admin: SignedInStaff) -> None:
    ffion(db, admin)
    members, changes = count(db, Member), count(db, Change)
    with pytest.raises(BadRows) as failed:
        import_members(db, read_csv(MESSY[0]), staff_user_id=admin.id)
    assert [r.row for r in failed.value.preview.bad_rows] == [7, 8]
    assert (count(db, Member), count(db, Change)) == (members, changes)


def test_skip_invalid_writes_the_good_rows(db: Database, admin: SignedInStaff) -> None:
    existing = ffion(db, admin)
    result = import_members(db, read_csv(MESSY[0]), staff_user_id=admin.id, skip_invalid=True)
    assert (result.new, result.updated, result.skipped_bad) == (6, 0, 2)
    with db.read() as session:
        members = {f"{m.first_name} {m.last_name}": m for m in session.scalars(select(Member))}
        assert set(members) == {
            "Ffion Rees", "Siân Llewellyn", "Gwenllïan ap Dafydd", "Siobhán Ó Briain",
            "Nia O’Connor", "Rhodri Morgan", "Dafydd ap Rhys",
        }  # fmt: skip
        sian = members["Siân Llewellyn"]
        assert (sian.phone, sian.postcode, sian.hub_id) == (
            "+447700900123",
            "SA20 0AB",
            admin.hub_id,
        )
        assert sian.membership_number and sian.sort_key == "llewellyn\x1fsian"
        tags = session.scalars(
            select(Tag.name)
            .join(MemberTag, MemberTag.tag_id == Tag.id)
            .where(MemberTag.member_id == sian.id)
        )
        assert sorted(tags) == ["Driving", "Gardening"]
        assert session.scalar(select(func.count()).select_from(ConsentRecord)) == 0
        assert session.get(Member, existing).email == "ffion.rees@example.org"
        # Found by search straight away: the full-text index is kept by the database itself.
        assert len(search_member_keys(session, MemberQuery(text="Gwenllïan"))) == 1
    # Importing the same file again adds nobody: everyone is recognised.
    again = import_members(db, read_csv(MESSY[0]), staff_user_id=admin.id, skip_invalid=True)
    assert again.new == 0
    assert again.preview.counts[RowStatus.MATCHED] == 8


def test_imported_rows_are_journalled_like_the_desk(
    db: Database, admin: SignedInStaff, tmp_path: Path
) -> None:
    """Imports write by multi-row inserts, not the ORM: the journal must not differ."""
    path = write(
        tmp_path,
        "First name,Surname,Email,Skills,DOB,Availability,Travel\n"
        "Siân,Llewellyn,sian@example.org,Gardening,21/03/1958,mon morning,5\n",
    )
    import_members(db, read_csv(path), staff_user_id=admin.id)
    with db.read() as session:
        imported = session.scalars(select(Member)).one()
    details = MemberDetails(
        first_name="Siân", last_name="Llewellyn", email="sian@example.org",
        skills=["Gardening"], date_of_birth=date(1958, 3, 21),
        availability={"mon": ["morning"]}, travel_miles=5.0,
    )  # fmt: skip
    desk = sign_up_member(db, details, staff_user_id=admin.id, confirmed_different=True)
    with db.read() as session:
        journal = {
            (c.subject_id, c.table_name): c
            for c in session.scalars(select(Change).where(Change.subject_id.is_not(None)))
        }
        for table in ("members", "member_tags"):
            mine, twin = journal[(imported.id, table)], journal[(desk.id, table)]
            assert (mine.op, mine.origin, mine.status, mine.staff_user_id) == (
                twin.op, twin.origin, twin.status, twin.staff_user_id
            )  # fmt: skip
            differ = {"membership_number", "member_id"}
            assert {k: v for k, v in mine.fields.items() if k not in differ} == {
                k: v for k, v in twin.fields.items() if k not in differ
            }
        stored = session.get(Member, imported.id)
        assert stored is not None
        assert stored.clock == {"*": journal[(imported.id, "members")].hlc}
        assert (stored.origin_hub_id, stored.date_of_birth) == (admin.hub_id, date(1958, 3, 21))
        assert stored.created_at.tzinfo is not None


def test_update_by_id_changes_only_the_columns_in_the_file(
    db: Database, admin: SignedInStaff, tmp_path: Path
) -> None:
    sian = sign_up_member(
        db,
        MemberDetails(first_name="Siân", last_name="Llewellyn", email="sian@example.org",
                      phone="07700 900123", postcode="SA20 0AB", skills=["Gardening"]),
        staff_user_id=admin.id,
    ).id  # fmt: skip
    path = write(
        tmp_path, f"id,First name,Email\n{sian},Siân,sian.new@example.org\n,Nia,nia@example.org\n"
    )
    before = count(db, Change)
    result = import_members(db, read_csv(path), staff_user_id=admin.id)
    assert (result.new, result.updated) == (1, 1)
    assert result.preview.rows[0].changed == ("email",)
    with db.read() as session:
        member = session.get(Member, sian)
        assert member is not None
        assert (member.email, member.phone, member.postcode) == (
            "sian.new@example.org",
            "+447700900123",
            "SA20 0AB",
        )
        update = session.scalars(
            select(Change).where(Change.row_id == sian, Change.op == "update")
        ).one()
        assert set(update.fields) == {"email"}
    assert count(db, Change) == before + 2  # the update and Nia


def test_bad_ids(db: Database, admin: SignedInStaff, tmp_path: Path) -> None:
    gone = ffion(db, admin)
    set_deleted(db, gone, True, staff_user_id=admin.id)
    unknown = "01900000-0000-7000-8000-000000000000"
    path = write(
        tmp_path, f"id,First name,Email\n{unknown},Siân,s@example.org\n{gone},Ffion,f@example.org\n"
    )
    problems = [p.text for p in preview_import(db, read_csv(path)).problems]
    assert problems[0].startswith(f"Row 2: No member has the id “{unknown}”.")
    assert problems[1].startswith("Row 3: This member was deleted.")


def test_consent_only_from_explicit_columns(
    db: Database, admin: SignedInStaff, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "First name,Email,Consent: newsletter\nSiân,s@example.org,yes\nNia,n@example.org,\n",
    )
    import_members(db, read_csv(path), staff_user_id=admin.id)
    with db.read() as session:
        records = session.scalars(select(ConsentRecord)).all()
        assert [(r.purpose, r.granted, r.channel) for r in records] == [
            ("newsletter", True, "import")
        ]


def test_cancel_while_importing_writes_nothing(db: Database, admin: SignedInStaff) -> None:
    class Stop(Exception):
        pass

    def progress(done: int, total: int, phase: str) -> None:
        if phase == csv_import.PHASE_IMPORTING:
            raise Stop

    with pytest.raises(Stop):
        import_members(
            db, read_csv(MESSY[0]), staff_user_id=admin.id, skip_invalid=True, progress=progress
        )
    assert count(db, Member) == 0


def tag(i: int) -> str:
    """A different run of letters for every i: 'aa', 'ab', ... (digits are not names)."""
    return chr(97 + i // 26 % 26) + chr(97 + i % 26)


def big_sheet(tmp_path: Path, rows: int, skills: str = "Gardening; Driving") -> Path:
    lines = ["First name,Surname,Email,Skills"]
    lines += [f"Bryn{tag(i)},Parry,bryn{i}@example.org,{skills}" for i in range(rows)]
    return write(tmp_path, "\n".join(lines) + "\n", name=f"big{rows}.csv")


def test_a_big_import_is_searchable_journalled_and_consistent(
    db: Database, admin: SignedInStaff, tmp_path: Path
) -> None:
    """Past BULK_INDEX_FROM new rows the import fills the search index in one statement and
    skips per-row foreign key checks: afterwards search finds everyone, the trigger is back
    for the desk, every reference holds, and the connection checks keys again."""
    rows = csv_import.BULK_INDEX_FROM + 50
    result = import_members(db, read_csv(big_sheet(tmp_path, rows)), staff_user_id=admin.id)
    assert result.new == rows
    desk = sign_up_member(
        db, MemberDetails(first_name="Eirlys", last_name="Vaughan", email="eirlys@example.org"),
        staff_user_id=admin.id,
    )  # fmt: skip
    with db.read() as session:
        assert len(search_member_keys(session, MemberQuery(text="Parry"))) == rows
        assert len(search_member_keys(session, MemberQuery(text="Bryn" + tag(123)))) == 1
        assert search_member_keys(session, MemberQuery(text="Eirlys")) != []
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        journal = session.scalars(select(Change).where(Change.staff_user_id == admin.id)).all()
        links = session.scalars(select(MemberTag)).all()
        journalled = {(c.table_name, c.row_id): c for c in journal}
        for link in links:
            fields = journalled[("member_tags", link.id)].fields
            assert fields == {"member_id": link.member_id, "tag_id": link.tag_id,
                              "deleted": False, "origin_hub_id": admin.hub_id}  # fmt: skip
        members = session.scalars(select(Member).where(Member.id != desk.id)).all()
        assert {m.id for m in members} == {r for t, r in journalled if t == "members"} - {desk.id}
        assert len({c.change_id for c in journal}) == len(journal)  # ids never repeat
        sample = journalled[("members", members[7].id)].fields
        assert (sample["email"], sample["speaks_welsh"], sample["availability"]) == (
            members[7].email, False, {}
        )  # fmt: skip
    assert len(links) == 2 * rows


def test_a_big_import_cancelled_leaves_search_as_it_was(
    db: Database, admin: SignedInStaff, tmp_path: Path
) -> None:
    def progress(done: int, total: int, phase: str) -> None:
        if phase == csv_import.PHASE_IMPORTING and done == total:
            raise KeyboardInterrupt

    path = big_sheet(tmp_path, csv_import.BULK_INDEX_FROM + 10)
    with pytest.raises(KeyboardInterrupt):
        import_members(db, read_csv(path), staff_user_id=admin.id, progress=progress)
    assert count(db, Member) == 0
    ffion(db, admin)  # the desk's insert is indexed by the trigger, still there
    with db.read() as session:
        assert len(search_member_keys(session, MemberQuery(text="Ffion"))) == 1
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


# ---------------------------------------------------------------- the shortcuts


def test_quick_checks_agree_with_the_full_ones() -> None:
    rng = random.Random(20261203)
    fast = 0
    for _ in range(3000):
        prefix = rng.choice(["0", "+44", "0044", "44", "+353"])
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(8, 11)))
        number = prefix + digits
        if rng.random() < 0.5:
            number = f"{number[:5]} {number[5:]}"
        quick = quick_phone(number)
        if quick is not None:
            assert quick == normalise_phone(number)
            fast += 1
        local = "".join(rng.choice("abcXY09._+-") for _ in range(rng.randint(1, 10)))
        domain = rng.choice(
            [
                "example.org",
                "Example.COM",
                "a-b.co.uk",
                "x.y",
                "b.test",
                "1.2",
                "a..b",
                "-a.com",
                "localhost",
                "ex.local",
                "c.123",
            ]
        )
        email = f"{local}@{domain}"
        quick = quick_email(email)
        if quick is not None:
            assert quick == normalise_email(email)
            fast += 1
    assert fast > 500  # the shortcuts were really exercised
