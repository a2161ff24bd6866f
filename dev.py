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


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "lint", "env"}:
        print(__doc__)
        print("usage: python3 dev.py run [hubapp args...] | test [pytest args...] | lint")
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
        rc = subprocess.call([str(python), "-m", "ruff", "check", "."], cwd=ROOT)
        rc |= subprocess.call([str(python), "-m", "ruff", "format", "--check", "."], cwd=ROOT)
        return rc
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
