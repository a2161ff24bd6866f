"""No way out for visitors: the usual shortcuts do nothing, Tab only ever reaches kiosk
controls, no menu opens, the window will not close or stay minimised; staff leave with
their PIN after a hidden corner press or a key chord, and a wrong PIN only says so."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMenu, QMenuBar, QWidget

from hubapp.models.database import Database
from hubapp.models.vocab import StaffRole
from hubapp.services import staff as staff_service
from hubapp.services.errors import NotAllowed
from hubapp.services.staff import SignedInStaff
from hubapp.ui.kiosk import KioskWindow
from hubapp.ui.kiosk.staff_exit import wait_after
from tests.conftest import ADMIN_SECRET
from tests.kiosk_ui.conftest import WAIT, OpenKiosk
from tests.kiosk_ui.screens import SCREENS, tap, type_into
from tests.organiser_hub import ORGANISER_SECRET, add_organiser_account

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
META = Qt.KeyboardModifier.MetaModifier
NONE = Qt.KeyboardModifier.NoModifier
# What a visitor (or a curious child) might press to get out or to the staff screens.
ESCAPES = [
    (Qt.Key.Key_Escape, NONE), (Qt.Key.Key_F4, ALT), (Qt.Key.Key_W, CTRL), (Qt.Key.Key_Q, CTRL),
    (Qt.Key.Key_F4, CTRL), (Qt.Key.Key_K, CTRL), (Qt.Key.Key_L, CTRL), (Qt.Key.Key_1, CTRL),
    (Qt.Key.Key_5, CTRL), (Qt.Key.Key_F1, NONE), (Qt.Key.Key_F10, NONE), (Qt.Key.Key_F11, NONE),
    (Qt.Key.Key_Menu, NONE), (Qt.Key.Key_Tab, ALT), (Qt.Key.Key_M, META), (Qt.Key.Key_D, META),
    (Qt.Key.Key_V, CTRL), (Qt.Key.Key_Z, CTRL), (Qt.Key.Key_K, CTRL | ALT),
    (Qt.Key.Key_K, CTRL | SHIFT), (Qt.Key.Key_Backspace, CTRL | ALT),
]  # fmt: skip
# Words that only belong on staff controls.
STAFF_WORDS = re.compile(
    r"\b(settings|members|sign (in|out)|lock|import|export|sync|reports?|moderat\w*|"
    r"leave kiosk mode|staff user name)\b",
    re.IGNORECASE,
)


def window_text(window: QWidget) -> str:
    return " ".join(
        w.text() for w in window.findChildren(QWidget) if w.isVisible() and hasattr(w, "text")
    )


def nothing_escaped(kiosk: KioskWindow, screen: str) -> None:
    assert kiosk.isVisible() and not kiosk.isMinimized()
    assert kiosk.current_screen() == screen.split("-")[0] if "-" in screen else "start"
    assert not kiosk.exit_prompt.isVisible()
    assert QApplication.activePopupWidget() is None
    others = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not kiosk]
    assert not others, [type(w).__name__ for w in others]


@pytest.mark.parametrize("screen", ["start", "join-contact", "find-results", "feedback-comment",
                                    "checkin-proof"])  # fmt: skip
def test_the_usual_shortcuts_do_nothing(qtbot: Any, kiosk: KioskWindow, screen: str) -> None:
    SCREENS[screen](qtbot, kiosk)
    for key, modifiers in ESCAPES:
        target = QApplication.focusWidget() or kiosk
        qtbot.keyClick(target, key, modifiers)
        nothing_escaped(kiosk, screen)
    kiosk.close()  # what Alt+F4 or the window manager would ask
    assert kiosk.isVisible()


def test_ctrl_v_pastes_nothing_from_the_last_visitor(qtbot: Any, kiosk: KioskWindow) -> None:
    QApplication.clipboard().setText("someone else's email")
    SCREENS["checkin-contact"](qtbot, kiosk)
    field = kiosk.flows["checkin"].contact  # type: ignore[attr-defined]
    qtbot.keyClick(field, Qt.Key.Key_V, CTRL)
    qtbot.keyClick(field, Qt.Key.Key_Insert, SHIFT)
    assert field.text() == ""
    type_into(qtbot, field, "gwen@")
    # Welsh letters typed with AltGr (Ctrl+Alt on Windows) still arrive.
    altgr = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_W, CTRL | ALT, "ŵ")
    QApplication.sendEvent(field, altgr)
    assert field.text() == "gwen@ŵ"


@pytest.mark.parametrize("screen", list(SCREENS))
def test_tab_reaches_only_kiosk_controls(qtbot: Any, kiosk: KioskWindow, screen: str) -> None:
    SCREENS[screen](qtbot, kiosk)
    assert not kiosk.findChildren(QMenuBar) and not kiosk.findChildren(QMenu)
    start = QApplication.focusWidget() or kiosk
    reached: list[QWidget] = []
    widget = start
    for _ in range(120):
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        assert widget is not None
        if widget in reached:
            break
        reached.append(widget)
    assert len(reached) >= 2
    for widget in reached:
        assert widget.window() is kiosk, f"{screen}: Tab left the kiosk for {widget!r}"
        assert type(widget).__module__.startswith(("hubapp.ui.kiosk", "PySide6")), widget
        words = getattr(widget, "text", lambda: "")() + " " + widget.accessibleName()
        if screen != "staff-pin":
            assert not STAFF_WORDS.search(words), f"{screen}: {words!r} is a staff control"
    if screen != "staff-pin":
        assert kiosk.exit_prompt.username not in reached
        assert not STAFF_WORDS.search(window_text(kiosk))


def test_right_click_and_long_touch_open_no_menu(qtbot: Any, kiosk: KioskWindow) -> None:
    SCREENS["join-contact"](qtbot, kiosk)
    field = kiosk.flows["join"].edit("email")  # type: ignore[attr-defined]
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
    QApplication.sendEvent(field, event)
    qtbot.mouseClick(field, Qt.MouseButton.RightButton)
    assert QApplication.activePopupWidget() is None
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]


def test_minimising_comes_back_full_screen(qtbot: Any, kiosk: KioskWindow) -> None:
    kiosk.keep_full_screen = True
    kiosk.showMinimized()
    qtbot.waitUntil(lambda: not kiosk.isMinimized(), timeout=WAIT)
    assert kiosk.isVisible()


# ----- leaving with a staff PIN ----------------------------------------------------------------


@pytest.fixture
def quick_kiosk(open_kiosk: OpenKiosk) -> KioskWindow:
    return open_kiosk(long_press_ms=150, second_ms=20)


def test_the_key_chord_opens_the_pin_prompt(qtbot: Any, kiosk: KioskWindow) -> None:
    SCREENS["join-contact"](qtbot, kiosk)
    target = QApplication.focusWidget()
    qtbot.keyClick(target, Qt.Key.Key_K, CTRL | ALT | SHIFT)
    assert kiosk.exit_prompt.isVisible()
    assert kiosk.exit_prompt.username.hasFocus()
    assert not kiosk.frame.isEnabled()  # nothing beneath can be reached meanwhile
    tap(qtbot, kiosk.exit_prompt.cancel)
    assert not kiosk.exit_prompt.isVisible() and kiosk.frame.isEnabled()
    assert kiosk.current_screen() == "join"


def test_a_long_press_on_the_corner_opens_the_pin_prompt(
    qtbot: Any, quick_kiosk: KioskWindow
) -> None:
    corner = quick_kiosk.top.mark  # the hub's mark sits in the top-left corner
    qtbot.mousePress(corner, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    qtbot.waitUntil(quick_kiosk.exit_prompt.isVisible, timeout=WAIT)
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))


def test_a_short_press_or_a_long_press_elsewhere_does_nothing(
    qtbot: Any, quick_kiosk: KioskWindow
) -> None:
    corner = quick_kiosk.top.mark
    qtbot.mousePress(corner, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    elsewhere = quick_kiosk.start.title
    qtbot.mousePress(elsewhere, Qt.MouseButton.LeftButton, pos=QPoint(300, 10))
    qtbot.wait(400)  # twice the hold time: long enough that a wrong trigger would show
    qtbot.mouseRelease(elsewhere, Qt.MouseButton.LeftButton, pos=QPoint(300, 10))
    assert not quick_kiosk.exit_prompt.isVisible()


def test_the_right_pin_leaves_kiosk_mode(
    qtbot: Any, kiosk: KioskWindow, admin: SignedInStaff
) -> None:
    kiosk.prompt_staff()
    prompt = kiosk.exit_prompt
    type_into(qtbot, prompt.username, "rhian")
    type_into(qtbot, prompt.secret, ADMIN_SECRET)
    with qtbot.waitSignal(kiosk.left, timeout=WAIT) as left:
        tap(qtbot, prompt.leave)
    assert left.args[0].id == admin.id
    qtbot.waitUntil(lambda: not kiosk.isVisible(), timeout=WAIT)


def test_a_wrong_pin_only_says_so_and_then_makes_people_wait(
    qtbot: Any, quick_kiosk: KioskWindow, db: Database, admin: SignedInStaff
) -> None:
    # A second account, so the service's own lock on "rhian" is not what is tested here.
    staff_service.add_staff(db, admin, "bethan", "Bethan Morgan", StaffRole.DESK, "pin-4821")
    prompt = quick_kiosk.exit_prompt
    quick_kiosk.prompt_staff()
    for attempt in range(1, 4):
        type_into(qtbot, prompt.username, "" if attempt > 1 else "bethan")
        type_into(qtbot, prompt.secret, "pin-0000")
        tap(qtbot, prompt.leave)
        qtbot.waitUntil(lambda a=attempt: prompt.failures == a, timeout=WAIT)
        assert quick_kiosk.isVisible() and prompt.isVisible()
        assert prompt.secret.text() == ""  # the wrong PIN is not left on screen
        assert "match" in prompt.problem.text()
    assert not prompt.leave.isEnabled()  # the third wrong try: a wait
    assert "Wait 5 seconds" in prompt.problem.text()
    qtbot.waitUntil(prompt.leave.isEnabled, timeout=WAIT)
    type_into(qtbot, prompt.secret, "pin-4821")
    with qtbot.waitSignal(quick_kiosk.left, timeout=WAIT):
        tap(qtbot, prompt.leave)


def test_the_waits_grow_but_stay_bounded() -> None:
    assert [wait_after(n) for n in range(1, 10)] == [0, 0, 5, 10, 20, 40, 60, 60, 60]


def test_an_unknown_name_is_refused_like_a_wrong_pin(qtbot: Any, kiosk: KioskWindow) -> None:
    kiosk.prompt_staff()
    prompt = kiosk.exit_prompt
    type_into(qtbot, prompt.username, "nobody")
    type_into(qtbot, prompt.secret, ADMIN_SECRET)
    tap(qtbot, prompt.leave)
    qtbot.waitUntil(lambda: prompt.failures == 1, timeout=WAIT)
    assert kiosk.isVisible()
    tap(qtbot, prompt.cancel)
    assert prompt.username.text() == "" and prompt.secret.text() == ""


def test_a_group_organisers_pin_does_not_leave_kiosk_mode(
    qtbot: Any, kiosk: KioskWindow, db: Database, admin: SignedInStaff
) -> None:
    add_organiser_account(db, admin, "sian")  # a group's secretary, with an organiser's account
    with pytest.raises(NotAllowed):
        staff_service.sign_in_to_leave_kiosk(db, "sian", ORGANISER_SECRET)
    kiosk.prompt_staff()
    prompt = kiosk.exit_prompt
    type_into(qtbot, prompt.username, "sian")
    type_into(qtbot, prompt.secret, ORGANISER_SECRET)
    tap(qtbot, prompt.leave)
    qtbot.waitUntil(lambda: prompt.failures == 1, timeout=WAIT)
    assert kiosk.isVisible() and "cannot leave kiosk mode" in prompt.problem.text()
    prompt.username.clear()  # staff can then leave as ever
    type_into(qtbot, prompt.username, "rhian")
    type_into(qtbot, prompt.secret, ADMIN_SECRET)
    with qtbot.waitSignal(kiosk.left, timeout=WAIT):
        tap(qtbot, prompt.leave)
