"""The sync benchmarks of issue 3, against a real `hubapp-server run` (its own process, SQLite
file) and through `slowlink.SlowLink` (a pass-through link on loopback, so bytes, requests and
connections are counted on the wire; or 256 kbit/s each way with a 300 ms round trip).

    .venv/bin/python bench/sync/bench_sync.py --scenario all [--runs 3] [--members 100000]

Scenarios (`--scenario` takes one name, a comma-separated list, or `all`):
  first-pull  a second device of the hub pulls N members (and their skills) over loopback
  slow-pull   the same for --slow-members over the slow link
  noop        a sync with nothing to do: loopback, slow link cold (new connection), slow warm
  edits       push 1,000 one-field edits: loopback and slow link
  big         noop and edits again with the server holding --big-hubs x N members
  cut-upload  ~10,000 new changes up the slow link, clean and with a cut every ~64 KB
States are cached (see world.py); `--fresh` rebuilds them. Figures are medians of --runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from common import machine  # noqa: E402
from slowlink import LinkStats, SlowLink  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from world import (  # noqa: E402
    CACHE,
    SERVER_DB,
    Meta,
    ServerProcess,
    base,
    big,
    copy_state,
    enrol_device,
    log,
    running,
    save_pulled,
    state_dir,
)

from hubapp.models import Change, ChangeStatus, Member  # noqa: E402
from hubapp.models.database import Database  # noqa: E402
from hubapp.services.seeding import seed_member_rows  # noqa: E402
from hubapp.sync import commands  # noqa: E402
from hubapp.sync.engine import SyncSummary  # noqa: E402
from hubapp.sync.transport import Transport  # noqa: E402

SLOW = {"kbps": 256.0, "rtt_ms": 300.0}
LOOPBACK: dict[str, float] = {}
IDLE_BEFORE_WARM_S = 8
EDITS = 1_000
UPLOAD_CHANGES = 10_000
CUT_EVERY = 64 * 1024


@dataclass
class Sample:
    seconds: float
    requests: int
    connections: int
    bytes_up: int
    bytes_down: int
    pulled: int
    pushed: int
    failures: int = 0
    cuts: int = 0
    client_cpu: float = 0.0  # CPU seconds of this process (the hub, and the link's threads)
    server_cpu: float = 0.0  # CPU seconds of the hubapp-server process

    @property
    def bytes(self) -> int:
        return self.bytes_up + self.bytes_down

    @property
    def round_trips(self) -> int:
        return self.requests + self.connections


@dataclass
class Figure:
    scenario: str
    label: str
    runs: list[Sample]
    extra: dict[str, float | int | str]

    def median(self, name: str) -> float:
        return statistics.median(getattr(s, name) for s in self.runs)

    def line(self) -> str:
        return (
            f"{self.scenario:<11} {self.label:<34} {self.median('seconds'):8.2f} s "
            f"{self.median('requests'):5.0f} req {self.median('round_trips'):5.0f} rtt "
            f"{self.median('bytes') / 1000:10.1f} KB (up {self.median('bytes_up') / 1000:.1f}) "
            f"pulled {self.median('pulled'):,.0f} pushed {self.median('pushed'):,.0f} "
            f"cpu hub {self.median('client_cpu'):.2f} s server {self.median('server_cpu'):.2f} s"
            + "".join(f" {k}={v}" for k, v in self.extra.items())
        )


RESULTS: list[Figure] = []


def report(figure: Figure) -> Figure:
    RESULTS.append(figure)
    print(figure.line(), flush=True)
    return figure


def transport_via(db: Database, link: SlowLink) -> Transport:
    real = commands.transport_for(db)
    real.close()
    return Transport(link.url, real.token)


SERVER: list[ServerProcess] = []  # the server the current scenario runs against


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[ServerProcess]:
    """world.running, remembered so that timed syncs can read the server's CPU time."""
    with running(folder) as server:
        SERVER.append(server)
        try:
            yield server
        finally:
            SERVER.remove(server)


def timed_sync(
    db: Database, link: SlowLink, transport: Transport | None = None
) -> tuple[SyncSummary, Sample]:
    own = transport is None
    transport = transport or transport_via(db, link)
    before = link.snapshot()
    server_cpu = SERVER[-1].cpu() if SERVER else 0.0
    cpu = time.process_time()
    started = time.perf_counter()
    summary = commands.sync_once(db, transport)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    server_cpu = (SERVER[-1].cpu() if SERVER else 0.0) - server_cpu
    if own:
        transport.close()
    time.sleep(0.05 + link.rtt_ms / 1000)  # let the proxy's counters see the last bytes
    used = link.snapshot().minus(before)
    sample = sample_of(seconds, used, summary)
    sample.client_cpu, sample.server_cpu = cpu, server_cpu
    return summary, sample


def sample_of(seconds: float, used: LinkStats, summary: SyncSummary) -> Sample:
    return Sample(
        seconds,
        used.requests,
        used.connections,
        used.bytes_up,
        used.bytes_down,
        summary.pulled,
        summary.pushed,
        cuts=used.cuts,
    )


def members_in(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Member)) or 0)


def pending_in(db: Database) -> int:
    with db.read() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Change)
                .where(Change.status == ChangeStatus.PENDING)
            )
            or 0
        )


def run_folder(name: str) -> Path:
    folder = CACHE / "runs" / name
    shutil.rmtree(folder, ignore_errors=True)
    return folder


# -- scenarios ----------------------------------------------------------------------------------
def first_pull(members: int, runs: int, link_args: dict[str, float], label: str) -> Figure:
    source = base(members)
    meta = Meta.load(source)
    samples = []
    for n in range(runs):
        folder = run_folder(f"pull-{members}")
        copy_state(source, folder)
        with serving(folder) as server, SlowLink(server.port, **link_args) as link:
            b = enrol_device(server, folder, "hub-b", meta.hub_id)
            summary, sample = timed_sync(b, link)
            assert summary.ok, summary.error
            got = members_in(b)
            assert got == members, f"pulled {got} members, expected {members}"
            b.close()
        samples.append(sample)
        log(f"run {n + 1}: {sample.seconds:.2f} s, {sample.bytes / 1e6:.2f} MB")
        if n == runs - 1 and not link_args:
            save_pulled(folder, members)
        shutil.rmtree(folder, ignore_errors=True)
    rate = members / statistics.median(s.seconds for s in samples)
    rows = statistics.median(s.pulled for s in samples)
    return report(
        Figure(
            "first-pull",
            f"{members:,} members ({meta.rows:,} rows) {label}",
            samples,
            {"members_per_s": round(rate), "rows_per_s": round(rows / (members / rate))},
        )
    )


def pulled_state(members: int, runs: int) -> Path:
    folder = state_dir(f"pulled-{members}")
    if not (folder / "meta.json").exists():
        first_pull(members, max(1, runs), LOOPBACK, "loopback (to build pulled state)")
    return folder


def noop(folder: Path, runs: int, size: str) -> None:
    work = run_folder("noop")
    copy_state(folder, work)
    with serving(work) as server:
        b = Database(work / "hub-b")
        for name, args in (("loopback", LOOPBACK), ("slow link", SLOW)):
            with SlowLink(server.port, **args) as link:
                cold = []
                warm = []
                for _ in range(runs):
                    summary, sample = timed_sync(b, link)
                    assert summary.ok and summary.pushed == summary.pulled == 0, summary
                    cold.append(sample)
                    transport = transport_via(b, link)
                    timed_sync(b, link, transport)  # opens the connection
                    # Idle longer than uvicorn's default keep-alive (5 s): the connection is
                    # still open only because `hubapp-server run` keeps idle ones for 330 s.
                    time.sleep(IDLE_BEFORE_WARM_S)
                    summary, sample = timed_sync(b, link, transport)
                    assert sample.connections == 0, "the kept connection was closed"
                    transport.close()
                    warm.append(sample)
                report(Figure("noop", f"{size}, {name}, new connection", cold, {}))
                report(
                    Figure(
                        "noop",
                        f"{size}, {name}, kept-alive connection idle {IDLE_BEFORE_WARM_S} s",
                        warm,
                        {},
                    )
                )
        b.close()
    shutil.rmtree(work, ignore_errors=True)


def edit_members(db: Database, count: int, rng: random.Random) -> None:
    with db.read() as session:
        ids = list(session.scalars(select(Member.id)))
    chosen = rng.sample(ids, count)
    with db.write() as session:
        for member in session.scalars(select(Member).where(Member.id.in_(chosen))):
            member.phone = f"+4479{rng.randrange(10**8):08d}"


def edits(folder: Path, runs: int, size: str) -> None:
    work = run_folder("edits")
    copy_state(folder, work)
    rng = random.Random(1000)
    with serving(work) as server:
        b = Database(work / "hub-b")
        for name, args in (("loopback", LOOPBACK), ("slow link", SLOW)):
            samples = []
            with SlowLink(server.port, **args) as link:
                for _ in range(runs):
                    edit_members(b, EDITS, rng)
                    assert pending_in(b) == EDITS
                    summary, sample = timed_sync(b, link)
                    assert summary.ok and summary.pushed == EDITS, summary
                    samples.append(sample)
            report(Figure("edits", f"{EDITS:,} one-field edits, {size}, {name}", samples, {}))
        b.close()
    shutil.rmtree(work, ignore_errors=True)


def cut_upload(members: int, runs: int) -> None:
    """~10,000 new changes (new members and their skills) from device B, once on a clean
    slow link and once with a cut every ~64 KB, from the same starting state."""
    start = run_folder("upload-start")
    copy_state(pulled_state(members, runs), start)
    b = Database(start / "hub-b")
    seed_member_rows(b, int(UPLOAD_CHANGES / 2.75))
    changes = pending_in(b)
    b.close()
    log(f"upload: {changes:,} pending changes at device B")
    for cut in (0, CUT_EVERY):
        samples = []
        for _ in range(runs):
            work = run_folder("upload")
            copy_state(start, work)
            with serving(work) as server, SlowLink(server.port, cut_every=cut, **SLOW) as link:
                b = Database(work / "hub-b")
                before = server_changes(server)
                started = time.perf_counter()
                first = link.snapshot()
                failures = 0
                for _attempt in range(100):  # the scheduler trying again, bounded
                    summary, _ = timed_sync(b, link)
                    if summary.ok:
                        break
                    failures += 1
                seconds = time.perf_counter() - started
                assert summary.ok, summary.error
                assert pending_in(b) == 0
                assert server_changes(server) - before == changes, "lost or duplicated"
                sample = sample_of(seconds, link.snapshot().minus(first), summary)
                sample.failures = failures
                sample.pushed = changes
                samples.append(sample)
                b.close()
            shutil.rmtree(work, ignore_errors=True)
        label = f"{changes:,} changes, slow link" + (
            f", cut every ~{cut // 1024} KB" if cut else ""
        )
        extra: dict[str, float | int | str] = {}
        if cut:
            clean = next(f for f in RESULTS if f.scenario == "cut-upload")
            extra = {
                "vs_clean": round(
                    statistics.median(s.bytes for s in samples) / clean.median("bytes"), 3
                ),
                "failed_syncs": statistics.median(s.failures for s in samples),
                "cuts": statistics.median(s.cuts for s in samples),
            }
        report(Figure("cut-upload", label, samples, extra))
    shutil.rmtree(start, ignore_errors=True)


def server_changes(server: ServerProcess) -> int:
    with server.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM changes").scalar_one())


# -- main ---------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default="all")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--slow-members", type=int, default=10_000)
    parser.add_argument("--big-hubs", type=int, default=10)
    parser.add_argument("--fresh", action="store_true", help="rebuild the cached states")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    names = ["first-pull", "slow-pull", "noop", "edits", "big", "cut-upload"]
    wanted = names if args.scenario == "all" else args.scenario.split(",")
    if args.fresh:
        shutil.rmtree(CACHE, ignore_errors=True)
    print(f"# {machine()}", flush=True)
    n, runs = args.members, args.runs
    steps: dict[str, Callable[[], None]] = {
        "first-pull": lambda: (first_pull(n, runs, LOOPBACK, "loopback"), None)[1],
        "slow-pull": lambda: (
            first_pull(args.slow_members, runs, SLOW, "256 kbit/s, 300 ms RTT"),
            None,
        )[1],
        "noop": lambda: noop(pulled_state(n, 1), runs, f"server holds {n:,} members"),
        "edits": lambda: edits(pulled_state(n, 1), runs, f"server holds {n:,} members"),
        "big": lambda: big_runs(n, args.big_hubs, runs),
        "cut-upload": lambda: cut_upload(args.slow_members, runs),
    }
    for name in wanted:
        print(f"## {name}", flush=True)
        steps[name]()
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {**asdict(f), "medians": {k: f.median(k) for k in ("seconds", "bytes")}}
                    for f in RESULTS
                ],
                indent=1,
            )
        )


def big_runs(members: int, hubs: int, runs: int) -> None:
    folder = big(members, hubs, pulled_state(members, 1))
    meta = Meta.load(folder)
    size = f"server holds {meta.members:,} members"
    log(f"{folder.name}: {meta.rows:,} rows on the server; {meta.notes}")
    noop(folder, runs, size)
    edits(folder, runs, size)


if __name__ == "__main__":
    assert SERVER_DB
    main()
