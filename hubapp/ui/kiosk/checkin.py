"""Check in: a member finds themselves by an exact match of their own details (email or
phone, plus date of birth or membership number), sees only their own first name and
today's meetings and events here, and checks in. Nothing says whether a detail is known."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QStackedWidget, QWidget

from hubapp.services import kiosk as kiosk_service
from hubapp.services.kiosk import CheckInResult, TodayEvent
from hubapp.ui.kiosk.flow import Flow, KioskContext, name_field, step_words
from hubapp.ui.kiosk.widgets import ChoiceChips, StepPage, TickRow, label, text_field
from hubapp.ui.kiosk.words import Language, translate
from hubapp.ui.widgets.forms import FormField

STEPS = 2
DIGITS = Qt.InputMethodHint.ImhDigitsOnly


def _number_field(top: int, width: int) -> QLineEdit:
    field = text_field(sensitive=True, hints=DIGITS)
    field.setValidator(QIntValidator(1, top, field))
    field.setMaxLength(len(str(top)))
    field.setFixedWidth(width)
    field.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return field


class CheckInFlow(Flow):
    def __init__(self, kiosk: KioskContext) -> None:
        super().__init__(kiosk)
        self.member_id: str | None = None  # held only until the screen is wiped; never shown
        self.events: list[TodayEvent] = []
        self.contact_step = StepPage()
        self.contact = text_field(sensitive=True)
        self.contact_field = FormField("", self.contact)
        self.contact_step.body.addWidget(self.contact_field)
        self.contact.returnPressed.connect(self.contact_step.next.click)
        self.proof_step = StepPage()
        self.proof_kind = ChoiceChips(single=True, name="proof")
        self.proof_kind.set_choices([("birth", "Date of birth"), ("number", "Membership number")])
        self.proof_kind.changed.connect(self._show_proof)
        self.day, self.month, self.year = (_number_field(31, 120), _number_field(12, 120),
                                           _number_field(2100, 170))  # fmt: skip
        self.birth_fields = [FormField("", f) for f in (self.day, self.month, self.year)]
        birth = QWidget()
        row = QHBoxLayout(birth)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        for part in self.birth_fields:
            row.addWidget(part)
        row.addStretch(1)
        self.number = text_field(sensitive=True)
        self.number.setMaxLength(20)
        self.number_field = FormField("", self.number)
        self.proof = QStackedWidget()
        self.proof.addWidget(QWidget())  # nothing chosen yet
        self.proof.addWidget(birth)
        self.proof.addWidget(self.number_field)
        self.proof_step.body.addWidget(self.proof_kind)
        self.proof_step.body.addWidget(self.proof)
        for field in (self.day, self.month, self.year, self.number):
            field.returnPressed.connect(self.proof_step.next.click)
        self.today_step = StepPage(back=False)
        self.nothing_today = label("kioskBody")
        self.today_step.body.addWidget(self.nothing_today)
        self.event_rows: list[TickRow] = []
        for page in (self.contact_step, self.proof_step, self.today_step):
            self.add_step(page)
        self.contact_step.back.clicked.connect(self.finished)
        self.contact_step.next.clicked.connect(self._contact_given)
        self.proof_step.back.clicked.connect(lambda: self.go(self.contact_step))
        self.proof_step.next.clicked.connect(self.look_up)
        self.today_step.next.clicked.connect(self.finished)
        self.retranslate()

    # --- words ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.contact_step.set_texts(
            step_words(1, STEPS),
            translate("kiosk", "Check in"),
            translate("kiosk", "We will find you by the details you gave when you joined."),
        )
        name_field(self.contact_field, translate("kiosk", "Your email address or phone number"))
        self.proof_step.set_texts(
            step_words(2, STEPS),
            translate("kiosk", "One more thing, to be sure it is you"),
            translate("kiosk", "Your date of birth, or your membership number if you prefer."),
        )
        self.proof_kind.set_choices(
            [
                ("birth", translate("kiosk", "Date of birth")),
                ("number", translate("kiosk", "Membership number")),
            ]
        )
        self.proof_kind.setAccessibleName(translate("kiosk", "Date of birth or membership number"))
        for part, words in zip(
            self.birth_fields,
            (translate("kiosk", "Day"), translate("kiosk", "Month"), translate("kiosk", "Year")),
            strict=True,
        ):
            name_field(part, words)
        name_field(self.number_field, translate("kiosk", "Membership number"))
        for page in (self.contact_step, self.proof_step):
            page.set_nav(translate("kiosk", "Back"), translate("kiosk", "Next"))
        self.proof_step.set_nav(translate("kiosk", "Back"), translate("kiosk", "Find me"))
        self.today_step.set_nav("", translate("kiosk", "Finish"))
        self.nothing_today.setText(
            translate("kiosk", "There is nothing to check in to here today.")
        )
        self._word_events()
        self.recolour()

    # --- finding the visitor --------------------------------------------------------------

    def _contact_given(self) -> None:
        self.contact_field.clear_error()
        if not self.contact.text().strip():
            self.contact_field.show_error(
                translate("kiosk", "Please type your email address or phone number.")
            )
            return
        if not self.proof_kind.selected():
            self.proof_kind.set_selected(["birth"])  # most people know it by heart
        self.go(self.proof_step)
        self._show_proof()

    def _show_proof(self) -> None:
        chosen = self.proof_kind.selected()
        index = {"birth": 1, "number": 2}.get(chosen[0] if chosen else "", 0)
        self.proof.setCurrentIndex(index)
        first = self.day if index == 1 else self.number if index == 2 else None
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def proof_given(self) -> str | date | None:
        """The date of birth or membership number typed, or None (with the problem shown)."""
        self.proof_step.clear_problem()
        chosen = self.proof_kind.selected()
        if chosen == ["number"] and self.number.text().strip():
            return self.number.text().strip()
        if chosen == ["birth"]:
            try:
                return date(int(self.year.text()), int(self.month.text()), int(self.day.text()))
            except ValueError:
                self.proof_step.show_problem(
                    translate("kiosk", "Please give the day, month and year, like 14 3 1962.")
                )
                return None
        self.proof_step.show_problem(
            translate("kiosk", "Please give your date of birth or your membership number.")
        )
        return None

    def look_up(self) -> None:
        second = self.proof_given()
        if second is None or not self.proof_step.next.isEnabled():
            return
        self.proof_step.next.setEnabled(False)
        db, contact = self.kiosk.app.db, self.contact.text()
        hub_id = db.hub_id

        def find() -> tuple[CheckInResult | None, list[TodayEvent]]:
            found = kiosk_service.check_in(db, contact, second)
            return found, (kiosk_service.todays_events(db, hub_id) if found else [])

        self.run(find, self._found, self._not_found)

    def _found(self, answer: tuple[CheckInResult | None, list[TodayEvent]]) -> None:
        self.proof_step.next.setEnabled(True)
        found, events = answer
        if found is None:
            self._not_found(None)
            return
        self.member_id, self.events = found.member_id, events
        self.today_step.set_texts(
            "",
            translate("kiosk", "Hello, %1").replace("%1", found.first_name),
            translate("kiosk", "Touch a meeting or event to check in to it."),
        )
        self._show_events()
        self.go(self.today_step)

    def _not_found(self, _error: Exception | None) -> None:
        # The same words whatever went wrong: nothing about whether a detail is known.
        self.proof_step.next.setEnabled(True)
        self.proof_step.show_problem(
            translate(
                "kiosk",
                "We could not find you with those details. Check them, or ask at the desk.",
            )
        )

    # --- today's meetings and events ------------------------------------------------------

    def _show_events(self) -> None:
        for row in self.event_rows:
            row.hide()
            row.deleteLater()
        self.event_rows = []
        for event in self.events:
            row = TickRow()
            row.clicked.connect(lambda _=False, r=row, e=event: self.check_in(r, e))
            self.event_rows.append(row)
            self.today_step.body.addWidget(row)
            row.show()
        self.nothing_today.setVisible(not self.events)
        self._word_events()
        self.recolour()

    def _word_events(self) -> None:
        for row, event in zip(self.event_rows, self.events, strict=True):
            where = " · ".join(p for p in (event.time_text, event.place) if p)
            if row.isChecked():
                where = translate("kiosk", "Checked in") + (f" · {where}" if where else "")
            row.set_texts(event.title_in(self.kiosk.language == Language.WELSH), where)

    def check_in(self, row: TickRow, event: TodayEvent) -> None:
        if self.member_id is None:
            row.setChecked(False)
            return
        row.setChecked(True)  # once checked in, a second touch changes nothing
        row.setEnabled(False)
        self._word_events()
        db, member_id = self.kiosk.app.db, self.member_id
        self.run(
            lambda: kiosk_service.record_check_in(db, member_id, event),
            lambda _none: None,
            lambda _error: self._check_in_failed(row),
        )

    def _check_in_failed(self, row: TickRow) -> None:
        row.setEnabled(True)
        row.setChecked(False)
        self._word_events()
        self.today_step.show_problem(
            translate("kiosk", "Sorry, that did not work. Please ask at the desk.")
        )

    def reset_state(self) -> None:
        self.member_id, self.events = None, []
        self._show_events()
        self.proof.setCurrentIndex(0)
        self.proof_step.next.setEnabled(True)
