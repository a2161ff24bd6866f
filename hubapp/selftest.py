"""`hubapp self-test`: proves an installation works (database, migrations, sign-up, search,
Qt with its plugins, the main window, bank holidays, PDF output) and says which step failed
if it does not."""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

SELF_TEST_HUB = "Self-test hub"
SELF_TEST_ADMIN = "selftest"


def run_self_test(data_dir: Path) -> int:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and (
        sys.platform.startswith("linux")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="hubapp-self-test-") as scratch:
        state: dict[str, Any] = {"data_dir": Path(data_dir), "scratch": Path(scratch)}
        try:
            for what, step in STEPS:
                try:
                    step(state)
                except Exception as exc:
                    print(f"self-test failed while {what}: {type(exc).__name__}: {exc}")
                    traceback.print_exc(file=sys.stderr)
                    return 1
        finally:
            if "db" in state:
                state["db"].close()
    print("self-test ok")
    return 0


def _open_database(state: dict[str, Any]) -> None:
    from hubapp.models.database import Database

    state["db"] = Database(state["data_dir"])


def _set_up_hub(state: dict[str, Any]) -> None:
    import secrets

    from hubapp.services import staff

    db = state["db"]
    if staff.needs_first_run(db):
        # A random secret nobody knows: the self-test admin can never be used to sign in.
        state["staff"] = staff.set_up_hub(
            db, SELF_TEST_HUB, SELF_TEST_ADMIN, "Self-test", secrets.token_urlsafe(24)
        )
        return
    # A hub in use: the rest of the test works on a copy, so no test person is ever
    # written to (and synced from) a real hub.
    from hubapp.models.database import Database, backup_file

    copy_dir = state["scratch"] / "copy"
    backup_file(db.path, copy_dir / db.path.name)
    db.close()
    state["db"] = copy = Database(copy_dir)
    state["staff"] = _any_admin(copy)


def _any_admin(db: Any) -> Any:
    from hubapp.services import staff
    from hubapp.services.staff import SignedInStaff

    rows = [r for r in staff.list_staff(db) if r.role == "admin" and r.active]
    if not rows:
        raise RuntimeError("this hub has no active administrator")
    row = rows[0]
    return SignedInStaff(row.id, row.username, row.display_name, row.role, db.hub_id or "", "")


def _sign_up_and_find(state: dict[str, Any]) -> None:
    import random
    import string

    from hubapp.services.member_search import MemberQuery, member_rows, search_member_keys
    from hubapp.services.members import MemberDetails, sign_up_member

    db, staff = state["db"], state["staff"]
    surname = "Selftest" + "".join(random.choices(string.ascii_lowercase, k=8))
    details = MemberDetails(first_name="Gwenllïan", last_name=surname, postcode="SA19 6AB")
    summary = sign_up_member(db, details, staff_user_id=staff.id, confirmed_different=True)
    with db.read() as session:
        rows = member_rows(session, search_member_keys(session, MemberQuery(text=surname)))
    if [r.id for r in rows] != [summary.id]:
        raise RuntimeError("the member just signed up was not found by search")


def _render_main_window(state: dict[str, Any]) -> None:
    from PySide6.QtWidgets import QApplication

    from hubapp.ui import theme
    from hubapp.ui.app import build_main_window, make_application
    from hubapp.ui.context import AppContext
    from hubapp.ui.tasks import TaskRunner

    app = make_application()
    theme.apply_theme(app, theme.ThemeChoice.LIGHT)
    tasks = TaskRunner()
    window = build_main_window(AppContext(db=state["db"], tasks=tasks, staff=state["staff"]))
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()
    image = window.grab().toImage()
    window.close()
    tasks.wait(10_000)
    if image.isNull() or image.width() < 100:
        raise RuntimeError("the main window did not render")


def _papers(state: dict[str, Any]) -> None:
    """A summons's notice date (bank holidays come from the `holidays` package) and an A4
    PDF written through Qt's printing: the parts a frozen build could leave behind."""
    from datetime import date

    from hubapp.services.meetings.notice import last_issue_date
    from hubapp.ui.printing import write_pdf

    # For Wed 30 Dec 2026: Boxing Day (Sat 26, observed Mon 28), Sun 27 and Christmas Day do
    # not count, so the three clear days are 29, 24 and 23 and the summons goes by Tue 22.
    if last_issue_date(date(2026, 12, 30)) != date(2026, 12, 22):
        raise RuntimeError("the bank holidays are missing: notice dates would be wrong")
    with tempfile.TemporaryDirectory() as folder:
        pdf = write_pdf("<h1>Agenda</h1><p>1. Apologies</p>", Path(folder) / "t.pdf", title="t")
        if not pdf.read_bytes().startswith(b"%PDF") or pdf.stat().st_size < 500:
            raise RuntimeError("the PDF was not written")


STEPS: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("opening the database and running migrations", _open_database),
    ("setting up the hub", _set_up_hub),
    ("signing a member up and finding them", _sign_up_and_find),
    ("building the main window", _render_main_window),
    ("working out a notice date and writing a PDF", _papers),
]
