"""`hubapp import-members` and `hubapp export-members`, run as a user would run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hubapp.models import Member
from hubapp.models.database import Database
from hubapp.services.members import MemberDetails, sign_up_member
from hubapp.services.staff import set_up_hub

MESSY = Path(__file__).parent / "data" / "csv" / "messy-cp1252.csv"


@pytest.fixture
def hub(tmp_path: Path) -> Path:
    """A hub with one member (Ffion Rees, who is also in the messy file)."""
    data_dir = tmp_path / "hub"
    db = Database(data_dir)
    admin = set_up_hub(db, "Llandovery Library", "rhian", "Rhian Jones", "correct horse")
    details = MemberDetails(first_name="Ffion", last_name="Rees", email="ffion.rees@example.org")
    sign_up_member(db, details, staff_user_id=admin.id)
    db.close()
    return data_dir


def hubapp(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hubapp", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def members(data_dir: Path) -> int:
    db = Database(data_dir)
    try:
        with db.read() as session:
            return int(session.scalar(select(func.count()).select_from(Member)) or 0)
    finally:
        db.close()


def test_bad_rows_fail_and_write_nothing(hub: Path) -> None:
    run = hubapp(hub, "import-members", str(MESSY))
    assert run.returncode == 1
    assert "6 new, 1 matched to existing members, 1 repeated in the file, 2 bad rows" in run.stdout
    assert (
        "Row 7: postcode “SA19” is not a UK postcode. Postcodes look like SA19 6AB." in run.stdout
    )
    assert "Row 8: email “geraint@@example.org” is not an email address." in run.stdout
    assert "Nothing was written" in run.stdout
    assert members(hub) == 1


def test_dry_run_writes_nothing(hub: Path) -> None:
    run = hubapp(hub, "import-members", str(MESSY), "--dry-run", "--skip-invalid")
    assert run.returncode == 1
    assert "Dry run: nothing was written." in run.stdout
    assert members(hub) == 1


def test_skip_invalid_writes_the_good_rows_and_reports_the_rest(hub: Path) -> None:
    run = hubapp(hub, "import-members", str(MESSY), "--skip-invalid")
    assert run.returncode == 1  # some rows were bad, even though the rest were written
    assert "Imported: 6 new members, 0 updated; 2 bad rows skipped." in run.stdout
    assert "Row 9: matches existing member Ffion Rees (same email)." in run.stdout
    assert members(hub) == 7


def test_a_clean_file_succeeds_and_round_trips(hub: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("First name,Surname,Mobile\nSiân,Llewellyn,07700 900123\n", encoding="utf-8")
    run = hubapp(hub, "import-members", str(good))
    assert (run.returncode, run.stderr) == (0, "")
    assert "Imported: 1 new member, 0 updated." in run.stdout
    exported = tmp_path / "export.csv"
    run = hubapp(hub, "export-members", str(exported))
    assert run.returncode == 0
    assert "Exported 2 members" in run.stdout
    assert exported.read_text(encoding="utf-8").startswith(
        "id,first_name,last_name,preferred_name,email,phone,postcode,address,"
        "preferred_language,skills,interests,"
    )
    run = hubapp(hub, "import-members", str(exported))
    assert run.returncode == 0
    assert "0 new, 2 unchanged, 0 bad rows" in run.stdout
    assert members(hub) == 2


@pytest.mark.parametrize(
    "content",
    [None, b"PK\x03\x04workbook", b"Email\nsian@example.org\n"],
    ids=["missing", "xlsx", "no-first-name-column"],
)
def test_unreadable_file_exits_2(hub: Path, tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "members.csv"
    if content is not None:
        path.write_bytes(content)
    run = hubapp(hub, "import-members", str(path))
    assert run.returncode == 2
    assert "cannot import" in run.stderr
    assert members(hub) == 1
