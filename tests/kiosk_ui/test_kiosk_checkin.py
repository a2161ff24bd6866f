"""Self check-in never reveals another person: only an exact match of the visitor's own
details finds them, the answer shows only their first name, and every failure reads alike."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from hubapp.services.meetings.attendance import attendance_register
from hubapp.ui.kiosk import KioskWindow
from tests.kiosk_ui.conftest import WAIT
from tests.kiosk_ui.hub import Hub
from tests.kiosk_ui.screens import SCREENS, checkin, shown, tap, type_into

NOT_FOUND = "We could not find you with those details. Check them, or ask at the desk."
# Everything the hub knows about its two members, beyond a first name.
PRIVATE = ("Llewellyn", "Jones", "sian@example.org", "07700", "1962", "1990", "SA20", "SA19")


def screen_text(window: QWidget) -> str:
    return "\n".join(
        label.text() for label in window.findChildren(QLabel) if label.isVisible()
    ) + "\n".join(w.accessibleName() for w in window.findChildren(QWidget) if w.isVisible())


def try_details(qtbot: Any, window: KioskWindow, contact: str, proof: str) -> None:
    """Types a contact and a date of birth ("14 3 1962") or a membership number."""
    flow = checkin(window)
    window.start_again()
    tap(qtbot, window.start.tiles["checkin"])
    type_into(qtbot, flow.contact, contact)
    tap(qtbot, flow.contact_step.next)
    shown(qtbot, flow, flow.proof_step)
    parts = proof.split()
    if len(parts) == 3:
        for field, part in zip((flow.day, flow.month, flow.year), parts, strict=True):
            type_into(qtbot, field, part)
    else:
        tap(qtbot, flow.proof_kind.chips["number"])
        type_into(qtbot, flow.number, proof)
    tap(qtbot, flow.proof_step.next)
    qtbot.waitUntil(
        lambda: flow.currentWidget() is flow.today_step or flow.proof_step.problem.isVisible(),
        timeout=WAIT,
    )


def test_an_exact_match_shows_only_the_first_name_and_todays_events(
    qtbot: Any, kiosk: KioskWindow, hub: Hub
) -> None:
    try_details(qtbot, kiosk, "sian@example.org", "14 3 1962")
    flow = checkin(kiosk)
    assert flow.currentWidget() is flow.today_step
    assert flow.today_step.title.text() == "Hello, Siân"
    text = screen_text(kiosk)
    for private in PRIVATE:
        assert private not in text, f"{private!r} shown after check-in"
    assert [row.title.text() for row in flow.event_rows] == ["Repair café planning"]
    assert "19:00" in flow.event_rows[0].words.text()


def test_checking_in_to_a_meeting_marks_them_present(
    qtbot: Any, kiosk: KioskWindow, hub: Hub
) -> None:
    try_details(qtbot, kiosk, "sian@example.org", hub.sian_number)
    flow = checkin(kiosk)
    row = flow.event_rows[0]
    tap(qtbot, row)
    assert row.isChecked() and not row.isEnabled()  # a second touch changes nothing
    assert row.words.text().startswith("Checked in")

    def present() -> bool:
        register = attendance_register(kiosk.ctx.db, hub.meeting_id)
        return any(r.member_id == hub.sian_id and r.status == "present" for r in register)

    qtbot.waitUntil(present, timeout=WAIT)
    tap(qtbot, flow.today_step.next)
    assert kiosk.current_screen() == "start"
    assert flow.member_id is None and flow.event_rows == []


@pytest.mark.parametrize(
    ("contact", "proof"),
    [
        ("sian@example.org", "2 8 1990"),  # her email with Jon's date of birth
        ("07700 900123", "14 3 1962"),  # Jon's phone with her date of birth
        ("sian@example.org", "15 3 1962"),  # a day out
        ("nobody@example.org", "14 3 1962"),  # nobody at all
        ("sian@example.org", "K7Q2M9XA"),  # a made-up membership number
        ("sian@example", "14 3 1962"),  # not quite her email
    ],
)
def test_anything_but_an_exact_match_reveals_nothing(
    qtbot: Any, kiosk: KioskWindow, hub: Hub, contact: str, proof: str
) -> None:
    try_details(qtbot, kiosk, contact, proof)
    flow = checkin(kiosk)
    assert flow.currentWidget() is flow.proof_step
    assert flow.proof_step.problem.accessibleName() == NOT_FOUND  # the same words every time
    assert flow.member_id is None
    text = screen_text(kiosk)
    for private in ("Siân", "Jon", "Llewellyn", "Jones"):
        assert private not in text


def test_jons_own_details_find_only_jon(qtbot: Any, kiosk: KioskWindow, hub: Hub) -> None:
    try_details(qtbot, kiosk, "07700 900123", "2 8 1990")
    flow = checkin(kiosk)
    assert flow.today_step.title.text() == "Hello, Jon"
    assert "Siân" not in screen_text(kiosk)


def test_a_date_that_does_not_exist_is_explained(qtbot: Any, kiosk: KioskWindow) -> None:
    SCREENS["checkin-proof"](qtbot, kiosk)
    flow = checkin(kiosk)
    for field, text in zip((flow.day, flow.month, flow.year), ("31", "2", "1962"), strict=True):
        type_into(qtbot, field, text)
    tap(qtbot, flow.proof_step.next)
    assert "day, month and year" in flow.proof_step.problem.text()
