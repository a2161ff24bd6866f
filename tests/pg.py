"""A throwaway PostgreSQL cluster for tests: initdb + pg_ctl on a free loopback port in a
temporary folder, removed afterwards. Exposes the session-scoped fixture `postgres_url`.

Load it as a pytest plugin (`-p tests.pg`, or `pytest_plugins = ["tests.pg"]` in the root
conftest.py). Without PostgreSQL's server binaries the fixture skips, unless
HUBAPP_REQUIRE_POSTGRES=1 (CI sets it), when it fails instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REQUIRE_ENV = "HUBAPP_REQUIRE_POSTGRES"
DATABASE = "hubapp_test"
USER = "hubapp"


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's server binaries are missing or the cluster would not start."""


def find_bin_dir() -> Path | None:
    """The newest `/usr/lib/postgresql/<version>/bin` holding initdb and pg_ctl."""
    found = []
    for candidate in glob.glob("/usr/lib/postgresql/*/bin"):
        path = Path(candidate)
        version = path.parent.name
        if (path / "initdb").exists() and (path / "pg_ctl").exists() and version.isdigit():
            found.append((int(version), path))
    if found:
        return max(found)[1]
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """One running cluster; `url` is a SQLAlchemy URL for its test database."""

    bin_dir: Path
    root: Path
    port: int
    as_postgres_user: bool

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{DATABASE}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_postgres_user:
            # initdb refuses to run as root, so the cluster belongs to the `postgres` user.
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    def _check(self, result: subprocess.CompletedProcess[str], what: str) -> None:
        if result.returncode != 0:
            raise PostgresUnavailable(
                f"{what} failed ({result.returncode}): {result.stderr.strip() or result.stdout}"
            )

    def start(self) -> None:
        self._check(
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ),
            "initdb",
        )
        # Unix sockets go in our own folder (the default one may not exist or be writable);
        # fsync off because the cluster lives only as long as the test session.
        options = f"-k {self.root} -h 127.0.0.1 -p {self.port} -F -c max_connections=50"
        self._check(
            self._run(
                "pg_ctl",
                "-D",
                str(self.data),
                "-l",
                str(self.root / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ),
            "pg_ctl start",
        )
        self._check(
            self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, DATABASE),
            "createdb",
        )

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")


def start_cluster() -> Cluster:
    """Start a fresh cluster; raises PostgresUnavailable if that cannot be done."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PostgresUnavailable(
            "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin "
            "(Debian: apt-get install postgresql)"
        )
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if as_root and shutil.which("runuser") is None:
        raise PostgresUnavailable("running as root, but `runuser` is missing")
    root = Path(tempfile.mkdtemp(prefix="hubapp-pg-"))
    if as_root:
        try:
            shutil.chown(root, user="postgres", group="postgres")
        except (LookupError, PermissionError) as exc:
            shutil.rmtree(root, ignore_errors=True)
            raise PostgresUnavailable(f"cannot hand {root} to the postgres user: {exc}") from exc
    cluster = Cluster(bin_dir, root, free_port(), as_root)
    try:
        cluster.start()
    except (PostgresUnavailable, OSError, subprocess.SubprocessError) as exc:
        log = root / "server.log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(f"{exc}\n{detail}".strip()) from exc
    return cluster


def postgres_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A SQLAlchemy URL (`postgresql+psycopg://...`) of an empty database in a throwaway
    cluster that lives for the whole test session."""
    try:
        cluster = start_cluster()
    except PostgresUnavailable as exc:
        if postgres_required():
            pytest.fail(f"PostgreSQL is required ({REQUIRE_ENV}=1) but unavailable: {exc}")
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    try:
        yield cluster.url
    finally:
        cluster.stop()
        shutil.rmtree(cluster.root, ignore_errors=True)
