"""`hubapp self-test`, run as a user (or the installer) would: in a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hubapp.models.database import DB_FILENAME, Database
from hubapp.selftest import SELF_TEST_HUB
from hubapp.services import staff as staff_service
from hubapp.services.member_search import MemberQuery, search_member_keys


def run_self_test(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HUBAPP_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(
        [sys.executable, "-m", "hubapp", "--data-dir", str(data_dir), "self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )


def live_members(data_dir: Path) -> int:
    db = Database(data_dir)
    try:
        with db.read() as session:
            return len(search_member_keys(session, MemberQuery()))
    finally:
        db.close()


def test_self_test_on_a_new_folder_sets_up_a_hub_and_passes(tmp_path: Path) -> None:
    result = run_self_test(tmp_path / "new")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("self-test ok")
    db = Database(tmp_path / "new")
    try:
        assert staff_service.hub_name(db) == SELF_TEST_HUB
    finally:
        db.close()


def test_self_test_on_a_hub_in_use_writes_nothing_to_it(tmp_path: Path) -> None:
    folder = tmp_path / "hub"
    db = Database(folder)
    staff_service.set_up_hub(db, "Llandovery Library", "rhian", "Rhian Jones", "correct horse")
    db.close()

    result = run_self_test(folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test ok" in result.stdout
    assert live_members(folder) == 0


def test_self_test_says_what_failed(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / DB_FILENAME).write_bytes(b"this is not a database" * 100)
    result = run_self_test(folder)
    assert result.returncode == 1
    assert "self-test failed while opening the database" in result.stdout
    assert "self-test ok" not in result.stdout
