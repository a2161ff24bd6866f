"""Migrations: a fresh database reaches head, the models match the migrations (`alembic check`),
a newer database is refused untouched, every frozen past database upgrades with its data, an
upgrade takes a copy first, and a failed upgrade changes nothing and says where the copy is."""

from __future__ import annotations

import shutil
import sqlite3
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import select

from hubapp.models import Member, StaffUser
from hubapp.models import database as database_module
from hubapp.models.database import (
    DB_FILENAME,
    MIGRATIONS_DIR,
    Database,
    MigrationError,
    NewerDatabaseError,
    alembic_config,
)
from hubapp.services.staff import sign_in
from tests.fixtures import make_fixtures

FIXTURES = Path(__file__).parent / "fixtures"
FROZEN = sorted(FIXTURES.glob("hubapp-*.sqlite3"))
Snapshot = dict[str, Any]


def head() -> str:
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None
    return revision


def revision_of(path: Path) -> str | None:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def snapshot(path: Path) -> Snapshot:
    """Everything in a database file, schema and rows, as plain data."""
    conn = sqlite3.connect(path)
    try:
        schema = sorted(conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall())
        tables = [
            name
            for kind, name, _ in schema
            if kind == "table" and not name.startswith(("sqlite_", "members_fts"))
        ]
        rows = {}
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
            columns = [d[0] for d in cursor.description]
            rows[table] = [dict(zip(columns, row, strict=True)) for row in cursor]
        return {"schema": schema, "rows": rows}
    finally:
        conn.close()


def open_copy(frozen: Path, data_dir: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / DB_FILENAME
    shutil.copyfile(frozen, target)
    return target


def test_a_fresh_database_migrates_to_head(db: Database) -> None:
    assert revision_of(db.path) == head()
    assert db.migration is not None
    assert db.migration.from_revision is None
    assert db.migration.backup is None  # nothing to copy yet
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_reopening_at_head_migrates_nothing(data_dir: Path) -> None:
    Database(data_dir).close()
    again = Database(data_dir)
    try:
        assert again.migration is not None
        assert again.migration.from_revision == head()
        assert again.migration.backup is None
        assert not (data_dir / "backups").exists()
    finally:
        again.close()


def test_models_and_migrations_agree(db: Database) -> None:
    """`alembic check`: autogenerate finds nothing to add, drop or alter."""
    with db.engine.connect() as conn:
        command.check(alembic_config(conn))


def test_a_database_from_a_newer_hubapp_is_refused_untouched(data_dir: Path) -> None:
    Database(data_dir).close()
    path = data_dir / DB_FILENAME
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError) as caught:
        Database(data_dir)
    assert "newer version of hubapp" in str(caught.value)
    assert "9999_from_the_future" in str(caught.value)
    assert path.read_bytes() == before
    assert not (data_dir / "backups").exists()


@pytest.mark.parametrize("frozen", FROZEN, ids=[p.name for p in FROZEN])
def test_every_frozen_database_upgrades_to_head_with_its_data(frozen: Path, tmp_path: Path) -> None:
    path = open_copy(frozen, tmp_path / "hub")
    before = snapshot(path)
    db = Database(path.parent)
    try:
        assert revision_of(path) == head()
        after = snapshot(path)
        for table, rows in before["rows"].items():
            if table == "alembic_version":
                continue
            assert len(after["rows"][table]) == len(rows), table
            for old, new in zip(rows, after["rows"][table], strict=True):
                assert {k: new[k] for k in old} == old, table
        with db.engine.connect() as conn:
            command.check(alembic_config(conn))
        # The data still works through today's code, not only as rows.
        staff = sign_in(db, make_fixtures.ADMIN_USERNAME, make_fixtures.ADMIN_SECRET)
        assert staff.hub_name == make_fixtures.HUB_NAME
        with db.read() as session:
            names = set(session.scalars(select(Member.first_name)))
            assert {m[0] for m in make_fixtures.MEMBERS} <= names
            assert session.scalar(select(StaffUser.username)) == make_fixtures.ADMIN_USERNAME
    finally:
        db.close()


def test_the_newest_frozen_database_is_at_a_known_revision() -> None:
    assert FROZEN, "tests/fixtures holds no frozen database: run make_fixtures.py"
    known = {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    for frozen in FROZEN:
        assert revision_of(frozen) in known
    # A release that adds a migration freezes a database at it (make_fixtures.py).
    assert make_fixtures.fixture_name(head()) in {p.name for p in FROZEN}


# A later release, simulated: a copy of the shipped migrations with one more revision.
EXTRA_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "0999_test_extra"
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("test_widgets", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("hubs") as batch_op:
        batch_op.add_column(sa.Column("test_motto", sa.String(50), nullable=True))
    op.execute("UPDATE hubs SET test_motto = 'Croeso'")
    op.execute("UPDATE members SET notes = 'touched by 0999'")
    {failure}


def downgrade() -> None:
    pass
"""


def _migrations_with_extra(tmp_path: Path, *, fails: bool) -> Path:
    target = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    failure = 'raise RuntimeError("disk on fire")' if fails else "pass"
    source = EXTRA_REVISION.format(down=head(), failure=failure)
    (target / "versions" / "0999_test_extra.py").write_text(textwrap.dedent(source))
    return target


@pytest.fixture
def frozen_copy(tmp_path: Path) -> Iterator[Path]:
    assert FROZEN, "tests/fixtures holds no frozen database"
    yield open_copy(FROZEN[-1], tmp_path / "hub")


def test_an_upgrade_takes_a_copy_first(
    frozen_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_revision = revision_of(frozen_copy)
    before = snapshot(frozen_copy)
    monkeypatch.setattr(
        database_module, "MIGRATIONS_DIR", _migrations_with_extra(tmp_path, fails=False)
    )
    db = Database(frozen_copy.parent)
    try:
        report = db.migration
        assert report is not None
        assert (report.from_revision, report.to_revision) == (old_revision, "0999_test_extra")
        assert revision_of(frozen_copy) == "0999_test_extra"
        with db.engine.connect() as conn:
            motto = conn.exec_driver_sql("SELECT test_motto FROM hubs").scalar()
        assert motto == "Croeso"
    finally:
        db.close()
    backup = report.backup
    assert backup is not None and backup.exists()
    assert backup.parent == frozen_copy.parent / "backups"
    assert revision_of(backup) == old_revision
    assert snapshot(backup)["rows"] == before["rows"]


def test_a_failed_upgrade_changes_nothing_and_names_the_copy(
    frozen_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(frozen_copy)
    monkeypatch.setattr(
        database_module, "MIGRATIONS_DIR", _migrations_with_extra(tmp_path, fails=True)
    )
    with pytest.raises(MigrationError) as caught:
        Database(frozen_copy.parent)
    message = str(caught.value)
    assert "disk on fire" in message
    backups = list((frozen_copy.parent / "backups").glob("*.sqlite3"))
    assert len(backups) == 1
    assert str(backups[0]) in message
    # Not half-migrated: no new table, no new column, no touched row, old revision.
    assert snapshot(frozen_copy) == before
    assert snapshot(backups[0])["rows"] == before["rows"]
