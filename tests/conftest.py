"""Shared fixtures: a fresh hub database per test, a signed-in administrator, and an app
context whose background jobs run on a real worker thread."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hubapp.models.database import Database
from hubapp.services import staff as staff_service
from hubapp.services.staff import SignedInStaff

ADMIN_SECRET = "correct horse"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "hubdata"
    path.mkdir()
    return path


@pytest.fixture
def db(data_dir: Path) -> Iterator[Database]:
    database = Database(data_dir)
    yield database
    database.close()


@pytest.fixture
def admin(db: Database) -> SignedInStaff:
    return staff_service.set_up_hub(db, "Llandovery Library", "rhian", "Rhian Jones", ADMIN_SECRET)


@pytest.fixture
def ctx(qtbot, db: Database, admin: SignedInStaff):  # type: ignore[no-untyped-def]
    from hubapp.ui.context import AppContext
    from hubapp.ui.tasks import TaskRunner

    runner = TaskRunner()
    context = AppContext(db=db, tasks=runner, staff=admin)
    yield context
    runner.wait(10_000)
