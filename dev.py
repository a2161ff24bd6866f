#!/usr/bin/env python3
"""Set up and run hubapp from a checkout: `python3 dev.py run` or `python3 dev.py test`.

Creates `.venv` on first use (and again whenever pyproject.toml changes), installs hubapp
with its development extras, then runs the app or the whole test suite.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".hubapp-installed"


def _venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _wanted_stamp() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> Path:
    python = _venv_python()
    if not python.exists():
        print("Creating .venv (first run only)...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text() != _wanted_stamp():
        print("Installing hubapp and its dependencies into .venv...", flush=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"],
            check=True,
        )
        STAMP.write_text(_wanted_stamp())
    return python


def typecheck_targets() -> list[str]:
    """The strictly typed packages named in pyproject.toml that hold code yet (mypy refuses a
    listed folder with no Python files in it)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    files: list[str] = config["tool"]["mypy"]["files"]
    return [f for f in files if (ROOT / f).is_file() or any((ROOT / f).rglob("*.py"))]


# Run inside .venv by `dev.py migration MESSAGE`: autogenerates the next numbered revision
# (e.g. 0002_add_venue_notes.py) by comparing the models with a fresh database at head.
_NEW_MIGRATION = """
import re, sys, tempfile
from pathlib import Path
from alembic import command
from alembic.script import ScriptDirectory
from hubapp.models.database import Database, alembic_config

message = sys.argv[1]
slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40]
heads = ScriptDirectory.from_config(alembic_config()).get_heads()
number = max(int(h.split("_", 1)[0]) for h in heads) + 1 if heads else 1
with tempfile.TemporaryDirectory() as tmp:
    db = Database(Path(tmp))
    with db.engine.begin() as conn:
        cfg = alembic_config(conn)
        cfg.set_main_option("file_template", "%%(rev)s")
        script = command.revision(cfg, message, autogenerate=True, rev_id=f"{number:04d}_{slug}")
    db.close()
print("wrote", script.path if script else "nothing")
"""


USAGE = """usage: python3 dev.py COMMAND [args...]
  run [hubapp args...]   run the app (e.g. `run --data-dir /tmp/hub`, `run self-test`)
  test [pytest args...]  run the test suite (Qt offscreen)
  lint                   ruff check and ruff format --check over the repository
  typecheck              mypy, strict, on the packages listed in pyproject.toml
  migration MESSAGE      write the next migration from the difference between models and head
  env                    only create or update .venv"""


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "lint", "typecheck", "migration", "env"}:
        print(__doc__)
        print(USAGE)
        return 2
    python = ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "run":
        return subprocess.call([str(python), "-m", "hubapp", *rest])
    if command == "test":
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        return subprocess.call([str(python), "-m", "pytest", *rest], env=env, cwd=ROOT)
    if command == "lint":
        ruff, targets = [str(python), "-m", "ruff"], rest or ["."]
        rc = subprocess.call([*ruff, "check", "--output-format=concise", *targets], cwd=ROOT)
        rc |= subprocess.call(
            [*ruff, "format", "--check", "--output-format=concise", *targets], cwd=ROOT
        )
        return rc
    if command == "migration":
        if len(rest) != 1:
            print('usage: python3 dev.py migration "what changed"')
            return 2
        return subprocess.call([str(python), "-c", _NEW_MIGRATION, rest[0]], cwd=ROOT)
    if command == "typecheck":
        return subprocess.call(
            [str(python), "-m", "mypy", *(rest or typecheck_targets())], cwd=ROOT
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
