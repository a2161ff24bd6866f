"""The quick start-up check of the schema revision (no alembic) agrees with alembic itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from hubapp.models import database as database_module
from hubapp.models.database import Database, alembic_config, current_revision, quick_head


def test_the_quick_head_is_alembics_head() -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    assert quick_head() == head


def test_a_database_at_head_is_opened_without_alembic(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Database(data_dir).close()

    def no_alembic(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("alembic was asked, although the database is at head")

    monkeypatch.setattr(ScriptDirectory, "from_config", no_alembic)
    db = Database(data_dir)
    try:
        assert db.migration is not None
        assert db.migration.from_revision == db.migration.to_revision == quick_head()
        assert db.migration.backup is None
        assert current_revision(db.engine) == quick_head()
    finally:
        db.close()


def test_scripts_it_cannot_read_for_sure_leave_the_decision_to_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    versions = tmp_path / "migrations" / "versions"
    versions.mkdir(parents=True)
    (versions / "0001_a.py").write_text('revision = "0001_a"\ndown_revision = None\n')
    monkeypatch.setattr(database_module, "MIGRATIONS_DIR", tmp_path / "migrations")
    assert quick_head() == "0001_a"
    (versions / "0002_b.py").write_text('revision = "0002_b"\ndown_revision = "0001_a"\n')
    assert quick_head() == "0002_b"
    (versions / "0002_c.py").write_text('revision = "0002_c"\ndown_revision = "0001_a"\n')
    assert quick_head() is None  # two heads
    (versions / "0002_c.py").write_text("revision = make_it()\n")
    assert quick_head() is None  # not a plain string
