"""The `hubapp` command: version, help, and every sub-command honouring --data-dir and
HUBAPP_DATA_DIR (the flag wins)."""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hubapp import __version__
from hubapp.cli import _parser, data_dir_from
from hubapp.models.database import DB_FILENAME

SUB_COMMANDS = (
    "demo",
    "seed",
    "import-members",
    "export-members",
    "self-test",
    "backup",
    "restore",
    "enrol",
    "sync",
    "kiosk",
)


def run_hubapp(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "HUBAPP_DATA_DIR"}
    environment["QT_QPA_PLATFORM"] = "offscreen"
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "hubapp", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=240,
        check=False,
    )


def needs(module: str) -> pytest.MarkDecorator:
    missing = importlib.util.find_spec(module) is None
    return pytest.mark.skipif(missing, reason=f"{module} is not written yet")


def member_count(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / DB_FILENAME) as conn:
        return int(conn.execute("SELECT count(*) FROM members").fetchone()[0])


def test_version() -> None:
    result = run_hubapp("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"hubapp {__version__}"
    assert __version__ != "0.0.0+unknown", "hubapp is not installed (pip install -e .)"


def test_help_lists_every_sub_command() -> None:
    result = run_hubapp("--help")
    assert result.returncode == 0, result.stderr
    assert "--data-dir" in result.stdout
    for command in SUB_COMMANDS:
        assert command in result.stdout


def test_kiosk_refuses_a_hub_not_set_up(tmp_path: Path) -> None:
    result = run_hubapp("--data-dir", str(tmp_path), "kiosk")
    assert result.returncode == 1
    assert "set up this hub first" in result.stderr


def test_an_unknown_sub_command_is_a_usage_error() -> None:
    result = run_hubapp("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


class TestDataDir:
    def test_the_flag_wins_over_the_environment(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("HUBAPP_DATA_DIR", str(tmp_path / "from-env"))
        args = _parser().parse_args(
            ["--data-dir", str(tmp_path / "from-flag"), "seed", "--members", "1"]
        )
        assert data_dir_from(args) == tmp_path / "from-flag"

    def test_the_environment_is_used_without_the_flag(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("HUBAPP_DATA_DIR", str(tmp_path / "from-env"))
        assert data_dir_from(_parser().parse_args(["self-test"])) == tmp_path / "from-env"

    def test_without_either_the_platform_folder_is_used(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("HUBAPP_DATA_DIR", raising=False)
        folder = data_dir_from(_parser().parse_args(["self-test"]))
        assert folder.name == "hubapp"
        assert folder.is_absolute()

    @needs("hubapp.services.seeding")
    def test_seed_honours_the_flag(self, tmp_path: Path) -> None:
        flagged, ignored = tmp_path / "flagged", tmp_path / "ignored"
        result = run_hubapp(
            "--data-dir",
            str(flagged),
            "seed",
            "--members",
            "25",
            env={"HUBAPP_DATA_DIR": str(ignored)},
        )
        assert result.returncode == 0, result.stderr
        assert member_count(flagged) == 25
        assert (flagged / "logs" / "hubapp.log").exists()
        assert not ignored.exists()

    @needs("hubapp.services.seeding")
    def test_seed_honours_the_environment(self, tmp_path: Path) -> None:
        folder = tmp_path / "from-env"
        result = run_hubapp("seed", "--members", "10", env={"HUBAPP_DATA_DIR": str(folder)})
        assert result.returncode == 0, result.stderr
        assert member_count(folder) == 10

    @needs("hubapp.selftest")
    def test_self_test_in_a_new_folder(self, tmp_path: Path) -> None:
        folder = tmp_path / "new-hub"
        result = run_hubapp("--data-dir", str(folder), "self-test")
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.strip().splitlines()[-1] == "self-test ok"
        assert (folder / DB_FILENAME).exists()
        assert (folder / "logs" / "hubapp.log").exists()
