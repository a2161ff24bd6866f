"""With Cymraeg chosen, the kiosk speaks Welsh on every screen: the start screen, each step of
joining (the privacy notice and the consent wording too), finding something to do (and why
each result matched), feedback, check-in, the idle warning and the staff prompt. No English
word of the kiosk's is left on screen, no text is cut off, the services' problems read in
Welsh, and consent is recorded with the language its words were shown in."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from hubapp.services import consent
from hubapp.services.member_profile import get_member_profile
from hubapp.ui.kiosk import KioskWindow
from hubapp.ui.kiosk.words import Language
from tests.kiosk_ui.conftest import WAIT, OpenKiosk
from tests.kiosk_ui.screens import SCREENS, checkin, feedback, find, join, shown, tap
from tests.kiosk_ui.welsh import is_english

WELSH_SCREENS = [name for name in SCREENS if name != "start-cymraeg"]  # (it switches back)


def words_on_screen(window: QWidget) -> list[str]:
    """Every line of writing shown, and every name and description a screen reader says
    (not what the visitor typed)."""
    texts: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        texts += [widget.accessibleName(), widget.accessibleDescription()]
    return [line for text in texts for line in text.splitlines() if line.strip()]


def cut_off(window: QWidget) -> list[str]:
    """Buttons and one-line labels too narrow for their words."""
    cut = []
    for widget in window.findChildren(QWidget):
        one_line = isinstance(widget, QLabel) and not widget.wordWrap()
        if not widget.isVisible() or not (one_line or isinstance(widget, QAbstractButton)):
            continue
        text = widget.text()  # type: ignore[attr-defined]
        if text and widget.sizeHint().width() > widget.width():
            cut.append(text)
    return cut


@pytest.fixture
def welsh_kiosk(open_kiosk: OpenKiosk) -> KioskWindow:
    return open_kiosk(language=Language.WELSH)


@pytest.mark.parametrize("screen", WELSH_SCREENS)
def test_every_screen_speaks_welsh_with_nothing_cut_off(
    qtbot: Any, welsh_kiosk: KioskWindow, screen: str
) -> None:
    SCREENS[screen](qtbot, welsh_kiosk)
    english = [line for line in words_on_screen(welsh_kiosk) if is_english(line)]
    assert not english, f"{screen}: English on a Welsh screen: {english}"
    with suppress(qtbot.TimeoutError):  # a new look is laid out when the events get round
        qtbot.waitUntil(lambda: not cut_off(welsh_kiosk), timeout=WAIT)
    assert not cut_off(welsh_kiosk), f"{screen}: cut off at 1280x800: {cut_off(welsh_kiosk)}"


def test_the_sweep_would_see_english(qtbot: Any, kiosk: KioskWindow) -> None:
    SCREENS["join-contact"](qtbot, kiosk)  # (the same screen in English)
    assert {"Step 2 of 7", "How can we reach you?", "Email address"} <= {
        line for line in words_on_screen(kiosk) if is_english(line)
    }


def test_choosing_cymraeg_puts_the_start_join_feedback_and_check_in_into_welsh(
    qtbot: Any, kiosk: KioskWindow
) -> None:
    tap(qtbot, kiosk.top.language)
    assert kiosk.start.title.text() == "Croeso i Llandovery Library"
    assert [tile.title.text() for tile in kiosk.start.tiles.values()] == [
        "Ymuno", "Dod o hyd i rywbeth i’w wneud", "Dweud eich barn", "Cofrestru"]  # fmt: skip

    SCREENS["join-contact"](qtbot, kiosk)
    sign_up = join(kiosk)
    assert sign_up.contact.title.text() == "Sut gallwn ni gysylltu â chi?"
    assert sign_up.contact.step.text() == "Cam 2 o 7"
    assert [sign_up.fields[n].label.text() for n in ("email", "phone", "postcode")] == [
        "Cyfeiriad e-bost", "Rhif ffôn", "Cod post (dewisol)"]  # fmt: skip
    assert (sign_up.contact.back.text(), sign_up.contact.next.text()) == ("Yn ôl", "Nesaf")

    kiosk.start_again()
    SCREENS["feedback-reason"](qtbot, kiosk)
    say = feedback(kiosk)
    assert say.reason_step.title.text() == "Am beth oedd hyn yn bennaf?"
    assert say.reasons.chips["Friendly welcome"].text() == "Croeso cyfeillgar"
    assert say.faces[3].text() == "Gweddol"

    kiosk.start_again()
    SCREENS["checkin-today"](qtbot, kiosk)
    visit = checkin(kiosk)
    assert visit.today_step.title.text() == "Helo, Siân"
    tap(qtbot, visit.event_rows[0])
    assert visit.event_rows[0].words.text().startswith("Wedi cofrestru · 19:00")
    assert kiosk.kiosk.language == Language.WELSH  # kept through Start again


def test_joining_in_welsh_shows_welsh_consent_words_and_records_them_as_welsh(
    qtbot: Any, welsh_kiosk: KioskWindow
) -> None:
    SCREENS["join-groups-and-photos"](qtbot, welsh_kiosk)
    flow = join(welsh_kiosk)
    member_id = flow.sign_up_id
    assert flow.notice.text().startswith("Rydym yn cadw eich manylion ar gyfrifiadur")
    assert flow.choices["photographs"].title.text() == "Ffotograffau"
    assert flow.choices["share_with_groups"].words.text().startswith("Caiff yr hwb roi")
    tap(qtbot, flow.choices_step.next)
    shown(qtbot, flow, flow.thanks)
    assert flow.thanks.title.text() == "Diolch, Gwen!"
    profile = get_member_profile(welsh_kiosk.ctx.db, member_id)
    assert {s.wording_version for s in profile.consents.values()} == {
        consent.PRIVACY_NOTICE_VERSION + "/cy"
    }


def test_consent_is_recorded_in_the_language_on_screen_when_join_is_pressed(
    qtbot: Any, welsh_kiosk: KioskWindow
) -> None:
    SCREENS["join-groups-and-photos"](qtbot, welsh_kiosk)
    flow = join(welsh_kiosk)
    member_id = flow.sign_up_id
    tap(qtbot, welsh_kiosk.top.language)  # back to English on the last step
    assert flow.choices["photographs"].title.text() == "Photographs"
    tap(qtbot, flow.choices_step.next)
    shown(qtbot, flow, flow.thanks)
    profile = get_member_profile(welsh_kiosk.ctx.db, member_id)
    assert {s.wording_version for s in profile.consents.values()} == {
        consent.PRIVACY_NOTICE_VERSION
    }


def test_a_problem_from_the_services_shows_in_welsh_by_its_field(
    qtbot: Any, welsh_kiosk: KioskWindow
) -> None:
    SCREENS["join-groups-and-photos"](qtbot, welsh_kiosk)
    flow = join(welsh_kiosk)
    flow.edit("email").setText("gwen@")  # only the service can tell this is no address
    tap(qtbot, flow.choices_step.next)
    shown(qtbot, flow, flow.contact)
    assert flow.fields["email"].error.text() == (
        "⚠ Nid yw “gwen@” yn gyfeiriad e-bost. Mae cyfeiriadau e-bost yn edrych fel "
        "enw@example.com."
    )


def test_the_reasons_a_result_matched_read_in_welsh(qtbot: Any, welsh_kiosk: KioskWindow) -> None:
    SCREENS["find-results"](qtbot, welsh_kiosk)
    flow = find(welsh_kiosk)
    qtbot.waitUntil(lambda: bool(flow.results.cards), timeout=WAIT)
    garden = next(c for c in flow.results.cards if c.match.title == "Community garden helpers")
    reasons = garden.reasons.text().splitlines()
    assert {"✓ Dydd Mawrth", "✓ Rydych chi’n hoffi tyfu bwyd", "✓ Mynediad heb risiau"} <= set(
        reasons
    ), reasons
    assert garden.interested.text() == "Mae gen i ddiddordeb"
    assert garden.group.text() == "Tyfwyr Llanymddyfri"  # the group's Welsh name
    repair = next(c for c in flow.results.cards if c.match.group_name == "Caffi Trwsio")
    assert repair.group.text() == "Caffi Trwsio"  # no Welsh name: its own
