"""The staff PIN prompt that leaves kiosk mode. It opens only after the hidden gesture or
the key chord; a staff user name and PIN (or password) are checked by the staff sign-in
service. A wrong PIN only says so; after three wrong tries the prompt makes people wait,
longer each time (and the service itself refuses after five in a minute)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from hubapp.services import staff as staff_service
from hubapp.services.errors import NotAllowed, SignInFailed
from hubapp.services.staff import SignedInStaff
from hubapp.ui.context import AppContext
from hubapp.ui.kiosk.overlay import Overlay
from hubapp.ui.kiosk.problems import problem_words
from hubapp.ui.kiosk.widgets import button, label, set_button_text, text_field
from hubapp.ui.kiosk.words import translate
from hubapp.ui.widgets.forms import FormField

log = logging.getLogger(__name__)

FREE_TRIES = 3
FIRST_WAIT_SECONDS = 5
LONGEST_WAIT_SECONDS = 60


def wait_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong tries in a row: none for the first three,
    then 5, 10, 20, 40, 60, 60..."""
    if failures < FREE_TRIES:
        return 0
    return min(LONGEST_WAIT_SECONDS, FIRST_WAIT_SECONDS << (failures - FREE_TRIES))


class StaffExit(Overlay):
    """Emits `left(SignedInStaff)` when a staff member's name and PIN match."""

    left = Signal(object)
    cancelled = Signal()

    def __init__(self, host: QWidget, ctx: AppContext, *, second_ms: int = 1000) -> None:
        super().__init__(host, card_width=820)
        self.ctx = ctx
        self.failures = 0
        self.waiting = 0
        self.checking = False
        self.title = label("kioskTitle")
        self.words = label("kioskHint")
        self.username = text_field(sensitive=True)
        self.secret = text_field(sensitive=True)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.username_field = FormField("", self.username)
        self.secret_field = FormField("", self.secret)
        self.problem = label("kioskProblem")
        self.problem.hide()
        self.leave = button("primary")
        self.cancel = button()
        self.leave.clicked.connect(self.check)
        self.cancel.clicked.connect(self._cancel)
        self.username.returnPressed.connect(self.secret.setFocus)
        self.secret.returnPressed.connect(self.check)
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addWidget(self.cancel)
        row.addStretch(1)
        row.addWidget(self.leave)
        for widget in (self.title, self.words, self.username_field, self.secret_field):
            self.content.addWidget(widget)
        self.content.addWidget(self.problem)
        self.content.addLayout(row)
        self.timer = QTimer(self)
        self.timer.setInterval(second_ms)
        self.timer.timeout.connect(self._count_down)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(translate("kiosk", "Staff only"))
        self.words.setText(
            translate("kiosk", "To leave kiosk mode, enter your staff user name and PIN.")
        )
        self.username_field.label.setText(translate("kiosk", "Staff user name"))
        self.username.setAccessibleName(translate("kiosk", "Staff user name"))
        self.secret_field.label.setText(translate("kiosk", "PIN or password"))
        self.secret.setAccessibleName(translate("kiosk", "PIN or password"))
        set_button_text(self.leave, translate("kiosk", "Leave kiosk mode"))
        set_button_text(self.cancel, translate("kiosk", "Cancel"))
        if self.waiting:
            self._say_wait()

    def prompt(self) -> None:
        if self.isVisible():
            return
        self.open()
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def wipe(self) -> None:
        """Closes the prompt and forgets what was typed (not the count of wrong tries)."""
        self.username.setText("")
        self.secret.setText("")
        if not self.waiting:
            self._say("")
        self.hide()

    def check(self) -> None:
        if self.checking or self.waiting:
            return
        name, secret = self.username.text(), self.secret.text()
        if not name.strip() or not secret:
            self._say(translate("kiosk", "Enter a staff user name and a PIN."))
            return
        self.checking = True
        self.leave.setEnabled(False)
        db = self.ctx.db
        self.ctx.tasks.run(
            lambda _p: staff_service.sign_in_to_leave_kiosk(db, name, secret),
            on_success=self._accepted,
            on_failure=self._refused,
        )

    def _accepted(self, staff: SignedInStaff) -> None:
        self.checking = False
        self.leave.setEnabled(True)
        self.failures = 0
        log.info("staff %s left kiosk mode", staff.id)
        self.wipe()
        self.left.emit(staff)

    def _refused(self, error: Exception) -> None:
        self.checking = False
        self.leave.setEnabled(True)
        refused = isinstance(error, SignInFailed | NotAllowed)
        if not refused:
            log.error("kiosk staff check failed: %s", type(error).__name__)
        self.failures += 1
        self.secret.setText("")
        self.waiting = wait_after(self.failures)
        if self.waiting:
            self.leave.setEnabled(False)
            self._say_wait()
            self.timer.start()
        elif refused:  # the service's words: no match, wait, or not a staff account
            self._say(problem_words(str(error)))
        else:
            self._say(translate("kiosk", "The PIN could not be checked. Try again."))
        self.secret.setFocus(Qt.FocusReason.OtherFocusReason)

    def _count_down(self) -> None:
        self.waiting -= 1
        if self.waiting <= 0:
            self.waiting = 0
            self.timer.stop()
            self.leave.setEnabled(True)
            self._say("")
        else:
            self._say_wait()

    def _say_wait(self) -> None:
        self._say(
            translate("kiosk", "That did not match. Wait %1 seconds, then try again.").replace(
                "%1", str(self.waiting)
            )
        )

    def _say(self, text: str) -> None:
        self.problem.setText("⚠ " + text if text else "")
        self.problem.setAccessibleName(text)
        self.problem.setVisible(bool(text))

    def _cancel(self) -> None:
        self.wipe()
        self.cancelled.emit()
