"""`hubapp backup` and `hubapp restore`: a backup taken while another connection holds the
database open and writes is whole and consistent; a restore brings back exactly what was
backed up, keeps the database it replaces, upgrades an older backup, and refuses (changing
nothing) a file that is not a hub's, a damaged one, one from a newer hubapp, or any restore
while the database is open."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from hubapp.models.database import DB_FILENAME, Database
from hubapp.services.backup import (
    STAGING_DIR,
    BackupError,
    DatabaseInUse,
    back_up,
    restore,
)
from hubapp.services.members import MemberDetails, sign_up_member
from hubapp.services.staff import SignedInStaff, sign_in
from tests.conftest import ADMIN_SECRET
from tests.test_cli import run_hubapp

FIXTURES = Path(__file__).parent / "fixtures"


FIRST_NAMES = ("Siân", "Dafydd", "Carys", "Iwan", "Nia", "Gethin", "Eleri", "Rhodri")


def letters(n: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "ba": names may only hold letters."""
    return ("" if n < 26 else letters(n // 26)) + "abcdefghijklmnopqrstuvwxyz"[n % 26]


def sign_up(db: Database, staff: SignedInStaff, count: int, surname: str = "Morgan") -> None:
    for n in range(count):
        first = FIRST_NAMES[n % len(FIRST_NAMES)]
        details = MemberDetails(first_name=first, last_name=surname, postcode="SA20 0AB")
        sign_up_member(db, details, staff_user_id=staff.id, confirmed_different=True)


def members_in(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM members").fetchone()[0])
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def backup_file(db: Database, admin: SignedInStaff, tmp_path: Path) -> Path:
    sign_up(db, admin, 3)
    return back_up(db.data_dir, tmp_path / "hub-backup.sqlite3").path


def test_backup_while_another_connection_holds_the_database_and_writes(
    db: Database, admin: SignedInStaff, tmp_path: Path
) -> None:
    sign_up(db, admin, 5)
    reader = sqlite3.connect(db.path)  # a second connection, holding the database open
    reader.execute("SELECT count(*) FROM members").fetchone()
    writer_db = Database(db.data_dir)  # and a third, writing all the while
    started, stop = threading.Event(), threading.Event()
    written: list[int] = []

    def keep_writing() -> None:
        while not stop.is_set():
            sign_up(writer_db, admin, 1, surname=f"Writer{letters(len(written))}")
            written.append(1)
            started.set()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        assert started.wait(30)
        report = back_up(db.data_dir, tmp_path / "during-writes.sqlite3")
        stop.set()
        thread.join(60)
        during = len(written)
    finally:
        stop.set()
        thread.join(60)
        writer_db.close()
        reader.close()

    assert during >= 1
    copy = report.path
    assert not Path(f"{copy}-wal").exists(), "a backup is one self-contained file"
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        # One consistent snapshot: every member in it has its journalled insert, and the other way.
        members = {r[0] for r in conn.execute("SELECT id FROM members")}
        journalled = {
            r[0]
            for r in conn.execute(
                "SELECT row_id FROM changes WHERE table_name = 'members' AND op = 'insert'"
            )
        }
    finally:
        conn.close()
    assert members == journalled
    assert 5 < len(members) <= 5 + len(written)
    assert report.size_bytes == copy.stat().st_size


def test_backup_refuses_to_overwrite_a_file(backup_file: Path, db: Database) -> None:
    before = digest(backup_file)
    with pytest.raises(BackupError, match="already exists"):
        back_up(db.data_dir, backup_file)
    assert digest(backup_file) == before


def test_backup_of_a_folder_without_a_hub(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no hub database"):
        back_up(tmp_path, tmp_path / "x.sqlite3")
    assert not (tmp_path / "x.sqlite3").exists()


def test_restore_round_trip_keeps_the_replaced_database(
    db: Database, admin: SignedInStaff, backup_file: Path
) -> None:
    sign_up(db, admin, 2, surname="Afterwards")  # these are not in the backup
    db.close()
    backup_digest = digest(backup_file)

    report = restore(db.data_dir, backup_file)

    assert report.hub_name == "Llandovery Library"
    assert not report.upgraded
    assert members_in(db.path) == 3
    assert report.replaced_copy is not None and members_in(report.replaced_copy) == 5
    assert digest(backup_file) == backup_digest, "the backup file itself is never changed"
    assert not (db.data_dir / STAGING_DIR).exists()
    reopened = Database(db.data_dir)
    try:
        assert sign_in(reopened, "rhian", ADMIN_SECRET).display_name == "Rhian Jones"
        assert reopened.node_id == db.node_id  # the same hub, carrying on
    finally:
        reopened.close()


def test_restore_onto_a_new_computer(backup_file: Path, tmp_path: Path) -> None:
    new_pc = tmp_path / "new-pc" / "hubapp"
    report = restore(new_pc, backup_file)
    assert report.replaced_copy is None
    assert members_in(new_pc / DB_FILENAME) == 3


def test_restore_over_a_damaged_database_keeps_it_byte_for_byte(
    db: Database, backup_file: Path
) -> None:
    db.close()
    db.path.write_bytes(b"not a database any more " * 100)
    Path(f"{db.path}-wal").write_bytes(b"a stale journal")
    report = restore(db.data_dir, backup_file)
    assert not Path(f"{db.path}-wal").exists(), "a stale WAL must never meet the restored file"
    assert members_in(db.path) == 3
    assert report.replaced_copy is not None
    assert report.replaced_copy.read_bytes() == b"not a database any more " * 100
    assert Path(f"{report.replaced_copy}-wal").read_bytes() == b"a stale journal"


def test_restore_upgrades_an_older_backup_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    old = tmp_path / "old-backup.sqlite3"
    shutil.copy(FIXTURES / "hubapp-0001.sqlite3", old)
    before = digest(old)
    report = restore(tmp_path / "hub", old)
    assert report.revision_in_file.startswith("0001")
    assert report.upgraded
    assert digest(old) == before
    reopened = Database(tmp_path / "hub")
    try:
        assert reopened.migration is not None and reopened.migration.backup is None
        assert reopened.migration.to_revision == report.revision_now
    finally:
        reopened.close()


def test_restore_refuses_while_the_database_is_open(db: Database, backup_file: Path) -> None:
    # `db` is still open, as hubapp would be.
    before = members_in(db.path)
    with pytest.raises(DatabaseInUse, match="Close hubapp"):
        restore(db.data_dir, backup_file)
    assert members_in(db.path) == before
    assert not list((db.data_dir / "backups").glob("hubapp-before-restore-*"))
    assert not (db.data_dir / STAGING_DIR).exists()


def refused(db: Database, candidate: Path, words: str) -> None:
    """Restoring `candidate` fails with `words` in the message, and nothing is lost."""
    db.close()
    before = digest(db.path)
    with pytest.raises(BackupError, match=words) as info:
        restore(db.data_dir, candidate)
    assert "Nothing was changed" in str(info.value)
    assert digest(db.path) == before
    assert not (db.data_dir / STAGING_DIR).exists()


def test_a_file_that_is_not_a_database_is_refused(db: Database, admin: SignedInStaff) -> None:
    text = db.data_dir.parent / "members.csv"
    text.write_text("first_name,last_name\nSiân,Llewellyn\n", encoding="utf-8")
    refused(db, text, "not a hubapp backup: it is not an SQLite database")


def test_another_sqlite_database_is_refused(db: Database, admin: SignedInStaff) -> None:
    other = db.data_dir.parent / "server.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
    conn.execute("INSERT INTO alembic_version VALUES ('0001_server_schema')")
    conn.commit()
    conn.close()
    refused(db, other, "not a hub's")


def test_a_backup_from_a_newer_hubapp_is_refused(db: Database, backup_file: Path) -> None:
    conn = sqlite3.connect(backup_file)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    refused(db, backup_file, "newer version of hubapp")


def test_a_damaged_backup_is_refused(db: Database, backup_file: Path) -> None:
    data = bytearray(backup_file.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for page in range(2, len(data) // page_size):  # every page but the first (the header)
        data[page * page_size : page * page_size + 64] = b"\xff" * 64
    backup_file.write_bytes(bytes(data))
    refused(db, backup_file, "damaged")


def test_the_commands(backup_file: Path, db: Database, tmp_path: Path) -> None:
    db.close()
    copy = tmp_path / "via-cli.sqlite3"
    done = run_hubapp("--data-dir", str(db.data_dir), "backup", str(copy))
    assert done.returncode == 0, done.stderr
    assert f"Backed up this hub's database to {copy}" in done.stdout

    again = run_hubapp("--data-dir", str(db.data_dir), "backup", str(copy))
    assert again.returncode == 1 and "already exists" in again.stderr

    back = run_hubapp("--data-dir", str(tmp_path / "elsewhere"), "restore", str(copy))
    assert back.returncode == 0, back.stderr
    assert "Restored Llandovery Library from" in back.stdout
    assert members_in(tmp_path / "elsewhere" / DB_FILENAME) == 3

    wrong = run_hubapp("--data-dir", str(db.data_dir), "restore", str(tmp_path / "missing"))
    assert wrong.returncode == 1 and "does not exist" in wrong.stderr
