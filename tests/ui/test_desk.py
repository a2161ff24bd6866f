"""The desk, driven like a librarian drives it: the keyboard alone, keys sent to whichever
control has the focus."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from hubapp.models.database import Database
from hubapp.services import members as member_service
from hubapp.services.member_profile import get_member_profile
from hubapp.services.members import MemberDetails
from hubapp.services.staff import SignedInStaff
from hubapp.ui.context import AppContext
from hubapp.ui.members import DeskPage


@pytest.fixture
def desk(qtbot, ctx: AppContext) -> Iterator[DeskPage]:  # type: ignore[no-untyped-def]
    page = DeskPage(ctx)
    qtbot.addWidget(page)
    page.resize(1180, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: page.form.first_field().hasFocus())
    yield page


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_text(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Types into the focused control, letters with accents included (QTest cannot)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(focus(), char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    focus(), QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                )


def press(qtbot, key: Qt.Key, times: int = 1, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    for _ in range(times):
        qtbot.keyClick(focus(), key, modifier)


def answer_dialog(button: QMessageBox.StandardButton, asked: list[object] | None = None) -> None:
    """Presses `button` on the question box about to open (it runs its own event loop).
    Gives up after a second; `asked` collects the boxes seen."""
    tries = [100]

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            if asked is not None:
                asked.append(box)
            box.button(button).click()
        elif tries[0] > 0:
            tries[0] -= 1
            QTimer.singleShot(10, answer)

    QTimer.singleShot(0, answer)


def existing_sian(db: Database, **changes: object) -> str:
    details = MemberDetails(first_name="Siân", last_name="Llewellyn", postcode="SA19 6AB",
                            email="sian@example.org")  # fmt: skip
    for name, value in changes.items():
        setattr(details, name, value)
    return member_service.sign_up_member(db, details, staff_user_id=None).id


def test_sign_up_with_the_keyboard_alone(
    qtbot, desk: DeskPage, ctx: AppContext, admin: SignedInStaff
) -> None:  # type: ignore[no-untyped-def]
    notices: list[str] = []
    ctx.events.notify.connect(lambda text, _undo: notices.append(text))
    type_text(qtbot, "Siân")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Llewellyn")
    press(qtbot, Qt.Key.Key_Tab, 2)  # past the preferred name
    type_text(qtbot, "21/3/1958")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Sian@Example.org")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "07700900123")
    press(qtbot, Qt.Key.Key_Tab)
    assert desk.form.edits["phone"].text() == "07700 900123"  # shown back tidily
    type_text(qtbot, "sa196ab")
    press(qtbot, Qt.Key.Key_Tab)
    assert desk.form.edits["postcode"].text() == "SA19 6AB"
    type_text(qtbot, "3 Heol y Castell")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Garden")  # the vocabulary suggests "Gardening"
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "Tai chi")  # a free tag
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Hanes lleol a threftadaeth")  # an interest typed in Welsh
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Tab)  # into the availability grid: Monday morning
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Down, 2)  # Monday evening
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab)  # one Tab leaves the grid
    assert focus() is desk.form.edits["access_needs"]
    type_text(qtbot, "Uses a stick")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "5")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)  # needs step-free access
    press(qtbot, Qt.Key.Key_Tab, 2)  # past own transport, to the language
    press(qtbot, Qt.Key.Key_Down)  # Cymraeg
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)  # speaks Welsh
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Poster")  # completes to a listed choice
    press(qtbot, Qt.Key.Key_Tab)  # no groups yet, so straight to the notes
    assert focus() is desk.form.notes
    type_text(qtbot, "Bakes for the coffee morning")
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is desk.form.consent.boxes["contact_email"]
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab, 2)
    press(qtbot, Qt.Key.Key_Space)  # share with groups
    with qtbot.waitSignal(desk.saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_Return)

    profile = get_member_profile(ctx.db, saved.args[0])
    d = profile.details
    assert (d.first_name, d.last_name, d.email, d.phone, d.postcode) == (
        "Siân", "Llewellyn", "sian@example.org", "+447700900123", "SA19 6AB",
    )  # fmt: skip
    assert d.date_of_birth is not None and d.date_of_birth.isoformat() == "1958-03-21"
    assert d.skills == ["Gardening", "Tai chi"]
    assert d.interests == ["Local history and heritage"]
    assert d.availability == {"mon": ["morning", "evening"]}
    assert (d.access_needs, d.travel_miles, d.needs_step_free) == ("Uses a stick", 5.0, True)
    assert (d.preferred_language, d.speaks_welsh, d.heard_about) == (
        "cy",
        True,
        "Poster or leaflet",
    )
    assert d.notes == "Bakes for the coffee morning"
    granted = {p for p, state in profile.consents.items() if state.granted}
    assert granted == {"contact_email", "share_with_groups"}
    assert all(state.staff_user_id == admin.id for state in profile.consents.values())
    # Ready for the next person.
    assert notices == ["Siân Llewellyn signed up"]
    assert desk.form.edits["email"].text() == "" and desk.form.skills.tags() == []
    # (The window's focus: offscreen, a closed suggestion list stays the "active window".)
    assert desk.focusWidget() is desk.form.first_field()


def test_duplicate_shows_while_typing_and_opens_with_one_key(
    qtbot, desk: DeskPage, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    existing = existing_sian(ctx.db)
    type_text(qtbot, "Sian")
    press(qtbot, Qt.Key.Key_Tab, 4)
    type_text(qtbot, "SIAN@example.org")
    qtbot.waitUntil(lambda: desk.panel.showing)
    assert desk.panel.list.item(0).text().startswith("Siân Llewellyn")
    with qtbot.waitSignal(ctx.events.open_member) as opened:
        press(qtbot, Qt.Key.Key_O, modifier=Qt.KeyboardModifier.ControlModifier)
    assert opened.args == [existing]
    # Nothing typed was lost by looking.
    assert desk.form.edits["email"].text() == "SIAN@example.org"


def test_enter_on_a_match_opens_it(qtbot, desk: DeskPage, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    existing = existing_sian(ctx.db, email="", phone="+447700900123")
    press(qtbot, Qt.Key.Key_Tab, 5)
    type_text(qtbot, "07700 900 123")
    qtbot.waitUntil(lambda: desk.panel.showing)
    desk.panel.list.setFocus()
    with qtbot.waitSignal(ctx.events.open_member) as opened:
        press(qtbot, Qt.Key.Key_Return)
    assert opened.args == [existing]
    assert get_member_profile(ctx.db, existing).details.first_name == "Siân"


def test_fixing_a_bad_postcode_keeps_everything_else(
    qtbot, desk: DeskPage, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, "Gwen")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "ap Dafydd")
    press(qtbot, Qt.Key.Key_Tab, 3)
    type_text(qtbot, "gwen@example.net")
    press(qtbot, Qt.Key.Key_Tab, 2)
    type_text(qtbot, "SA19 6XX9")
    press(qtbot, Qt.Key.Key_Tab)  # leaving the field shows the problem at once
    postcode = desk.form.fields["postcode"]
    assert postcode.has_error and "SA19 6AB" in postcode.error.text()
    type_text(qtbot, "1 Stryd Fawr")
    with qtbot.waitSignal(desk.save_refused):
        press(qtbot, Qt.Key.Key_Return)
    assert focus() is desk.form.edits["postcode"]  # the first problem has the focus
    e = desk.form.edits
    assert [e[n].text() for n in ("first_name", "last_name", "email", "postcode", "address")] == [
        "Gwen", "ap Dafydd", "gwen@example.net", "SA19 6XX9", "1 Stryd Fawr",
    ]  # fmt: skip
    press(qtbot, Qt.Key.Key_A, modifier=Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "sa19 6ab")
    with qtbot.waitSignal(desk.saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_Return)
    profile = get_member_profile(ctx.db, saved.args[0])
    assert (profile.details.postcode, profile.details.address) == ("SA19 6AB", "1 Stryd Fawr")


def test_a_different_person_needs_an_explicit_tick(qtbot, desk: DeskPage, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    existing_sian(ctx.db, email="")
    type_text(qtbot, "Sian")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Llewelyn")
    press(qtbot, Qt.Key.Key_Tab, 5)
    type_text(qtbot, "SA19 6AB")
    with qtbot.waitSignal(desk.save_refused, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)  # before the check as-you-type, or after: refused
    assert desk.panel.showing
    assert focus() is desk.panel.different
    press(qtbot, Qt.Key.Key_Space)
    with qtbot.waitSignal(desk.saved, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    with ctx.db.read() as session:
        from hubapp.services.member_search import MemberQuery, search_member_keys

        assert len(search_member_keys(session, MemberQuery(text="SA19 6AB"))) == 2


def test_saving_twice_signs_up_one_person(qtbot, desk: DeskPage, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, "Huw")
    press(qtbot, Qt.Key.Key_Tab, 4)
    type_text(qtbot, "huw@example.org")
    member_id = desk.member_id
    with qtbot.waitSignal(desk.saved, timeout=10_000):
        desk.save_button.click()
        desk.save_button.click()  # a double-click
        press(qtbot, Qt.Key.Key_Return)
    # The service also refuses to make a second person from the same form.
    again = member_service.sign_up_member(
        ctx.db, MemberDetails(first_name="Huw", email="huw@example.org"),
        staff_user_id=None, member_id=member_id,
    )  # fmt: skip
    assert again.already_saved
    with ctx.db.read() as session:
        from hubapp.services.member_search import members_count

        assert members_count(session) == 1
    assert desk.member_id != member_id  # the next person gets a fresh id


def test_undo_after_signing_up(qtbot, desk: DeskPage, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, "Huw")
    press(qtbot, Qt.Key.Key_Tab, 4)
    type_text(qtbot, "huw@example.org")
    with qtbot.waitSignal(ctx.events.notify, timeout=10_000) as notified:
        press(qtbot, Qt.Key.Key_Return)
    text, undo = notified.args
    assert text == "Huw signed up"
    with qtbot.waitSignal(ctx.events.members_changed):
        undo()
    with ctx.db.read() as session:
        from hubapp.services.member_search import members_count

        assert members_count(session) == 0


def test_escape_clears_only_after_asking(qtbot, desk: DeskPage) -> None:  # type: ignore[no-untyped-def]
    def back_to_the_desk() -> None:
        # Offscreen, closing a dialog does not give the window back its activation.
        desk.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)

    type_text(qtbot, "Huw")
    answer_dialog(QMessageBox.StandardButton.Cancel)
    press(qtbot, Qt.Key.Key_Escape)
    assert desk.form.first_field().text() == "Huw"
    back_to_the_desk()
    answer_dialog(QMessageBox.StandardButton.Discard)
    press(qtbot, Qt.Key.Key_Escape)
    assert desk.form.first_field().text() == ""
    back_to_the_desk()
    asked: list[object] = []
    answer_dialog(QMessageBox.StandardButton.Discard, asked)
    press(qtbot, Qt.Key.Key_Escape)  # nothing typed: nothing to ask
    qtbot.wait(50)
    assert asked == []


def test_sign_up_straight_into_a_group(qtbot, ctx: AppContext, admin: SignedInStaff) -> None:  # type: ignore[no-untyped-def]
    from hubapp.services import groups as group_service

    group = group_service.register_group(
        ctx.db, group_service.GroupDetails(name="Repair Café"), staff_user_id=admin.id
    )
    page = DeskPage(ctx)
    qtbot.addWidget(page)
    assert not page.form.group_field.isHidden()
    page.form.first_field().setText("Huw")
    page.form.edits["email"].setText("huw@example.org")
    page.form.group.setCurrentIndex(page.form.group.findData(group.id))
    with qtbot.waitSignal(page.saved, timeout=10_000) as saved:
        page.save()
    profile = get_member_profile(ctx.db, saved.args[0])
    assert [g.group_name for g in profile.groups] == ["Repair Café"]


def test_tab_order_follows_reading_order_both_ways(qtbot, desk: DeskPage) -> None:  # type: ignore[no-untyped-def]
    def names(key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> list[str]:  # type: ignore[no-untyped-def]
        seen = []
        for _ in range(27):
            seen.append(focus().accessibleName() or focus().text())
            press(qtbot, key, modifier=modifier)
        return seen

    forward = names(Qt.Key.Key_Tab)
    assert forward[:9] == [
        "First name", "Last name", "Preferred name", "Date of birth (optional)", "Email",
        "Phone", "Postcode", "Address", "Skills",
    ]  # fmt: skip
    assert forward[10] == "Monday morning"  # the whole grid is one stop
    assert forward[23:26] == ["Photographs", "Sign up", "Clear"]
    assert forward[26] == "First name"  # and round again
    press(qtbot, Qt.Key.Key_Backtab)  # back from Last name to First name
    backward = names(Qt.Key.Key_Backtab)
    assert backward[0] == "First name"
    assert backward[1:] == list(reversed(forward[:26]))  # Clear, Sign up, ... First name


def test_every_field_has_its_own_alt_letter(qtbot, desk: DeskPage) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QLabel

    letters: list[str] = []
    for kind in (QLabel, QAbstractButton):
        for widget in desk.findChildren(kind):
            text = widget.text()
            if "&" in text.replace("&&", "") and "<" not in text:  # not rich text
                letters.append(text[text.index("&") + 1].lower())
    assert len(letters) >= 18
    assert len(letters) == len(set(letters)), "".join(sorted(letters))
    assert not {"l", "o"} & set(letters)  # the main window's Lock and Sign out
    qtbot.keyClick(focus(), Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert focus() is desk.form.edits["postcode"]
    qtbot.keyClick(focus(), Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert focus() is desk.form.skills.input
    qtbot.keyClick(focus(), Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    assert focus().accessibleName() == "Monday morning"
    qtbot.keyClick(focus(), Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert focus() is desk.form.edits["travel_miles"]


def test_ctrl_enter_saves_from_the_notes_and_ctrl_s_from_anywhere(
    qtbot, desk: DeskPage, ctx: AppContext
) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, "Huw")
    desk.form.notes.setFocus()
    type_text(qtbot, "Line one")
    press(qtbot, Qt.Key.Key_Return)  # Enter in the notes is a new line, not a save
    type_text(qtbot, "Line two")
    desk.form.edits["email"].setFocus()
    type_text(qtbot, "huw@example.org")
    desk.form.notes.setFocus()
    with qtbot.waitSignal(desk.saved, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_Return, modifier=Qt.KeyboardModifier.ControlModifier)
    notes = get_member_profile(ctx.db, saved.args[0]).details.notes
    assert notes == "Line one\nLine two"
    type_text(qtbot, "Nia")
    press(qtbot, Qt.Key.Key_Tab, 4)
    type_text(qtbot, "nia@example.org")
    with qtbot.waitSignal(desk.saved, timeout=10_000):
        press(qtbot, Qt.Key.Key_S, modifier=Qt.KeyboardModifier.ControlModifier)
