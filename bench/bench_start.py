"""App start to usable window, in a fresh process each time (offscreen Qt).

    .venv/bin/python bench/bench_start.py --members 2000

Each run starts a new Python process that imports the app, creates the QApplication and
theme, opens the hub's database (migration check included), builds and shows a window and
waits for the event loop to go idle: that is "usable". Two windows are measured: the
sign-in screen (what `hubapp` shows first) and the main window for a signed-in
administrator (what appears after sign-in; the deliberately slow password check is left
out). "Data loaded" is when the background jobs the window started (the first page of the
Members list, counts) have finished too. Figures are medians over --runs processes.

    .venv/bin/python bench/bench_start.py --frozen dist/hubapp/hubapp

measures an installed (frozen) hubapp instead, from outside: launch to its sign-in window
being mapped by a private X server (Xvfb), beside `python -m hubapp` measured the same way
(bench/frozen_start.py).
"""

from __future__ import annotations

import time

_T0 = time.perf_counter()
_WALL0 = time.time()  # compared with the parent's clock: the interpreter's own start-up

import argparse  # noqa: E402
import compileall  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

TARGET_S = 1.5


def child(data_dir: Path, window_kind: str) -> None:
    """Runs in the measured process: prints a JSON line of milestones (seconds from start)."""
    # In the order of `hubapp` (cli.py): it finds the data folder, through the database module,
    # before importing Qt. The order matters: PySide6's import hook reads the source of every
    # module imported after it.
    from hubapp.models.database import Database  # isort: skip

    from PySide6.QtCore import QTimer

    from hubapp.services import staff as staff_service
    from hubapp.services.staff import SignedInStaff
    from hubapp.ui import theme
    from hubapp.ui.app import AppFlow, build_main_window, make_application
    from hubapp.ui.context import AppContext
    from hubapp.ui.tasks import TaskRunner

    marks = {"imported": time.perf_counter() - _T0}
    app = make_application()
    theme.apply_theme(app, theme.ThemeChoice.SYSTEM)
    db = Database(data_dir)
    theme.apply_theme(app, theme.parse_choice(db.get_setting(theme.THEME_SETTING)))
    marks["database open"] = time.perf_counter() - _T0
    tasks = TaskRunner()
    if window_kind == "sign-in":
        flow = AppFlow(db, tasks)
        flow.start()
        window = flow.entrance
    else:
        row = next(r for r in staff_service.list_staff(db) if r.role == "admin")
        staff = SignedInStaff(
            row.id,
            row.username,
            row.display_name,
            row.role,
            db.hub_id or "",
            staff_service.hub_name(db),
        )
        window = build_main_window(AppContext(db=db, tasks=tasks, staff=staff))
        window.show()
    marks["window shown"] = time.perf_counter() - _T0

    def idle() -> None:
        marks["idle"] = time.perf_counter() - _T0
        marks["cpu at idle"] = time.process_time()  # this process's own work, whatever the load
        poll.start(2)

    def check_loaded() -> None:
        if tasks.busy:
            return
        poll.stop()
        marks["data loaded"] = time.perf_counter() - _T0
        marks["started"] = _WALL0
        print(json.dumps(marks), flush=True)
        window.close()
        app.quit()

    poll = QTimer()
    poll.timeout.connect(check_loaded)
    QTimer.singleShot(0, idle)
    QTimer.singleShot(60_000, lambda: app.exit(3))  # never hang a benchmark run
    app.exec()
    tasks.wait(10_000)
    db.close()


def run_once(data_dir: Path, window_kind: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HUBAPP_DATA_DIR": str(data_dir)}
    launched = time.time()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", window_kind, "--data-dir", str(data_dir)],
        capture_output=True,
        env=env,
        text=True,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit(f"the {window_kind} probe failed ({proc.returncode}):\n{proc.stderr}")
    marks = json.loads(proc.stdout.strip().splitlines()[-1])
    python = marks.pop("started") - launched  # from launch to the script's first line
    cpu = marks.pop("cpu at idle")
    return {"python start": python, **{k: v + python for k, v in marks.items()}, "cpu": cpu}


def import_profile(top: int = 12) -> list[tuple[str, float]]:
    """Where import time goes: `python -X importtime` summed by top-level package (own
    time of each module, so nothing is counted twice)."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import hubapp.ui.app"],
        capture_output=True, text=True, check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    totals: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3 or "self" in parts[0]:
            continue
        own_us = int(parts[0].split(":")[1])
        name = parts[2].strip()
        package = ".".join(name.split(".")[:2]) if name.startswith("hubapp") else name.split(".")[0]
        totals[package] = totals.get(package, 0.0) + own_us / 1e6
    return sorted(totals.items(), key=lambda kv: -kv[1])[:top]


def prepare(members: int) -> Path:
    from common import CACHE_ROOT, seeded_database

    import hubapp
    from hubapp.services.demo import fill_demo
    from hubapp.services.staff import needs_first_run

    # An installed hubapp has its bytecode compiled (pip does it), and a source tree gets it
    # at its first start, unless PYTHONDONTWRITEBYTECODE is set (as in some sandboxes and
    # CI): compile it here, so a run measures a start, not a compilation of hubapp.
    compileall.compile_dir(Path(hubapp.__file__).parent, quiet=1)
    db = seeded_database(members)
    if needs_first_run(db):
        print("Adding demo groups and an administrator (once) …", flush=True)
        fill_demo(db, members=0)
    db.close()
    return CACHE_ROOT / f"members-{members}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", choices=("sign-in", "main"))
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument(
        "--frozen", type=Path, metavar="PATH", help="time the frozen hubapp at PATH instead"
    )
    args = parser.parse_args()
    if args.child:
        child(args.data_dir, args.child)
        return
    from common import machine

    data_dir = prepare(args.members)
    print(f"Machine: {machine()}")
    if args.frozen:
        from frozen_start import measure

        print(f"Hub with {args.members:,} members.")
        measure(args.frozen.resolve(), data_dir, args.runs)
        return
    print(
        f"Hub with {args.members:,} members; {args.runs} fresh processes per window, "
        "after one warm-up run (so the OS file cache is warm, as on a second start).\n"
    )
    columns = ("python start", "imported", "database open", "window shown", "idle", "data loaded")
    for kind in ("sign-in", "main"):
        run_once(data_dir, kind)
        runs = [run_once(data_dir, kind) for _ in range(args.runs)]
        print(f"{kind} window: median seconds from process start")
        for column in columns:
            values = [r[column] for r in runs]
            print(
                f"  {column:<15}{statistics.median(values):7.3f}   "
                f"(min {min(values):.3f}, max {max(values):.3f})"
            )
        usable = statistics.median(r["idle"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        print(
            f"  usable (idle): {usable:.2f} s, target {TARGET_S} s: {usable / TARGET_S:.2f}x; "
            f"CPU time of the process by then {cpu:.2f} s ({cpu / TARGET_S:.2f}x)\n"
        )
    print("Import time by package (own time of its modules, one run):")
    for package, seconds in import_profile():
        print(f"  {package:<28}{seconds:6.3f} s")


if __name__ == "__main__":
    main()
