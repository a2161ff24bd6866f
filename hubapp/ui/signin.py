"""The screens before and between work: first-run set-up of the hub, staff sign-in, and the
lock screen that hides everything personal until the same person unlocks it. Password
checks (slow argon2 hashes) run off the GUI thread."""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hubapp import __version__
from hubapp.models.database import Database
from hubapp.services import staff as staff_service
from hubapp.services.errors import ServiceError, ValidationFailed
from hubapp.services.staff import SignedInStaff
from hubapp.ui import theme
from hubapp.ui.tasks import TaskRunner
from hubapp.ui.widgets.forms import FormField


def error_words(message: str) -> str:
    """A service's English message, through the translator (context "errors")."""
    return QCoreApplication.translate("errors", message)


def secret_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
    )
    return field


def suggested_username(name: str) -> str:
    """ "Siân Llewellyn" -> "sian": the first name without accents, as a user name."""
    first = (name.split() or [""])[0]
    plain = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9._-]", "", plain.lower())[:40]


class CardScreen(QWidget):
    """A calm full-window background with one centred card: icon, title, subtitle, body."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.card = QFrame()
        self.card.setObjectName("card")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.card.setFixedWidth(460)
        self.mark = QLabel()
        self.mark.setPixmap(theme.app_icon().pixmap(QSize(56, 56)))
        self.mark.setAccessibleName("hubapp")
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("cardSubtitle")
        self.subtitle.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("formError")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        inner = QVBoxLayout(self.card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(8)
        inner.addWidget(self.mark)
        inner.addSpacing(8)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addSpacing(16)
        inner.addLayout(self.body)
        footer = QLabel(self.tr("hubapp %1").replace("%1", __version__))
        footer.setObjectName("muted")
        footer.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # The card scrolls if the window is shorter than it (first run on a small laptop).
        body = QWidget()
        body.setObjectName("scrollBody")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        grid = QGridLayout(body)
        grid.setContentsMargins(24, 24, 24, 24)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(3, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)
        grid.addWidget(self.card, 1, 1)
        grid.addWidget(footer, 2, 1)

    def show_message(self, text: str) -> None:
        # A sign as well as colour, so the meaning does not rest on colour alone.
        self.message.setText("⚠ " + text)
        self.message.setVisible(bool(text))
        self.message.setAccessibleName(text)

    def clear_message(self) -> None:
        self.message.clear()
        self.message.setVisible(False)

    def primary_button(self, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("primary")
        button.setAccessibleName(text.replace("&", ""))
        button.setMinimumHeight(40)
        self.body.addWidget(self.message)
        self.body.addSpacing(8)
        self.body.addWidget(button)
        return button


class FirstRunScreen(CardScreen):
    """Names the hub and creates its first administrator. Emits `done(SignedInStaff)`."""

    done = Signal(object)

    def __init__(self, db: Database, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__("entrance", parent)
        self.db, self.tasks = db, tasks
        self.title.setText(self.tr("Welcome to hubapp"))
        self.subtitle.setText(
            self.tr("Let’s set up this hub. You will be its first administrator.")
        )
        self.hub_name = QLineEdit()
        self.display_name = QLineEdit()
        self.username = QLineEdit()
        self.secret = secret_field()
        self.secret_again = secret_field()
        self.fields = {
            "hub_name": FormField(
                self.tr("&Hub name"), self.hub_name, required=True,
                hint=self.tr("As visitors know it, for example “Llandovery Library”."),
            ),
            "display_name": FormField(self.tr("&Your name"), self.display_name, required=True),
            "username": FormField(
                self.tr("&User name"), self.username, required=True,
                hint=self.tr("What you will type to sign in, for example “rhian”."),
            ),
            "secret": FormField(
                self.tr("&Password or PIN"), self.secret, required=True,
                hint=self.tr("At least %1 characters.").replace(
                    "%1", str(staff_service.MIN_SECRET_LENGTH)
                ),
            ),
            "secret_again": FormField(
                self.tr("Password or PIN &again"), self.secret_again, required=True
            ),
        }  # fmt: skip
        for field in self.fields.values():
            self.body.addWidget(field)
        self.button = self.primary_button(self.tr("&Set up hub"))
        self.button.clicked.connect(self.submit)
        self._username_touched = False
        self.username.textEdited.connect(self._mark_username_touched)
        self.display_name.textEdited.connect(self._suggest_username)
        for edit in (self.hub_name, self.display_name, self.username, self.secret):
            edit.returnPressed.connect(self.submit)
        self.secret_again.returnPressed.connect(self.submit)
        self.setFocusProxy(self.hub_name)

    def _mark_username_touched(self, _text: str) -> None:
        self._username_touched = True

    def _suggest_username(self, name: str) -> None:
        if not self._username_touched:
            self.username.setText(suggested_username(name))

    def submit(self) -> None:
        if not self.button.isEnabled():
            return  # already setting up: Enter twice must not make two hubs
        for field in self.fields.values():
            field.clear_error()
        self.clear_message()
        if self.secret.text() != self.secret_again.text():
            self._show_problems(
                {"secret_again": self.tr("The two passwords or PINs are not the same.")}
            )
            return
        hub, name = self.hub_name.text(), self.display_name.text()
        user, secret = self.username.text(), self.secret.text()
        self.button.setEnabled(False)
        self.tasks.run(
            lambda _p: staff_service.set_up_hub(self.db, hub, user, name, secret),
            on_success=self._succeeded,
            on_failure=self._failed,
            parent=self,
        )

    def _succeeded(self, staff: SignedInStaff) -> None:
        self.button.setEnabled(True)
        self.secret.clear()
        self.secret_again.clear()
        self.done.emit(staff)

    def _failed(self, exc: Exception) -> None:
        self.button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self._show_problems({k: error_words(v) for k, v in exc.problems.items()})
        elif isinstance(exc, ServiceError):
            self.show_message(error_words(str(exc)))
        else:
            self.show_message(self.tr("The hub could not be set up. The log has details."))

    def _show_problems(self, problems: dict[str, str]) -> None:
        first: FormField | None = None
        for key, field in self.fields.items():
            if key in problems:
                field.show_error(problems[key])
                first = first or field
        if first is not None:
            first.field.setFocus()


class SignInScreen(CardScreen):
    """User name and password or PIN. Emits `signed_in(SignedInStaff)`."""

    signed_in = Signal(object)

    def __init__(self, db: Database, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__("entrance", parent)
        self.db, self.tasks = db, tasks
        self.subtitle.setText(self.tr("Sign in to carry on."))
        self.username = QLineEdit()
        self.secret = secret_field()
        self.body.addWidget(FormField(self.tr("&User name"), self.username))
        self.body.addWidget(FormField(self.tr("&Password or PIN"), self.secret))
        self.button = self.primary_button(self.tr("&Sign in"))
        self.button.clicked.connect(self.submit)
        forgotten = QLabel(self.tr("Forgotten your password or PIN? Ask an administrator."))
        forgotten.setObjectName("muted")
        forgotten.setWordWrap(True)
        self.body.addSpacing(8)
        self.body.addWidget(forgotten)
        self.username.returnPressed.connect(self.submit)
        self.secret.returnPressed.connect(self.submit)
        self.setFocusProxy(self.username)

    def reset(self, hub_name: str) -> None:
        """Ready for the next person: empty fields, no message, the user name focused."""
        self.title.setText(hub_name or self.tr("Sign in"))
        self.username.clear()
        self.secret.clear()
        self.clear_message()
        self.button.setEnabled(True)
        self.username.setFocus()

    def submit(self) -> None:
        if not self.button.isEnabled():
            return
        if not self.username.text().strip():
            self.show_message(self.tr("Type your user name."))
            self.username.setFocus()
            return
        user, secret = self.username.text(), self.secret.text()
        self.clear_message()
        self.button.setEnabled(False)
        self.tasks.run(
            lambda _p: staff_service.sign_in(self.db, user, secret),
            on_success=self._succeeded,
            on_failure=self._failed,
            parent=self,
        )

    def _succeeded(self, staff: SignedInStaff) -> None:
        self.button.setEnabled(True)
        self.secret.clear()
        self.signed_in.emit(staff)

    def _failed(self, exc: Exception) -> None:
        self.button.setEnabled(True)
        self.secret.clear()
        if isinstance(exc, ServiceError):
            self.show_message(error_words(str(exc)))
        else:
            self.show_message(self.tr("Signing in did not work. The log has details."))
        self.secret.setFocus()


class LockScreen(CardScreen):
    """Shows only the hub's name and who is signed in. Emits `unlocked` when the same staff
    member gives their secret, `switch_user` for "Sign in as someone else"."""

    unlocked = Signal()
    switch_user = Signal()

    def __init__(self, db: Database, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__("lockScreen", parent)
        self.db, self.tasks = db, tasks
        self.staff: SignedInStaff | None = None
        self.mark.setPixmap(theme.icon("mdi6.lock-outline", "accent").pixmap(QSize(48, 48)))
        self.mark.setAccessibleName(self.tr("Locked"))
        self.secret = secret_field()
        self.secret_field = FormField(self.tr("&Password or PIN"), self.secret)
        self.body.addWidget(self.secret_field)
        self.button = self.primary_button(self.tr("&Unlock"))
        self.button.clicked.connect(self.submit)
        self.secret.returnPressed.connect(self.submit)
        self.other = QPushButton(self.tr("Sign in as &someone else"))
        self.other.setObjectName("link")
        self.other.setAccessibleName(self.tr("Sign in as someone else"))
        self.other.clicked.connect(self.switch_user)
        self.body.addWidget(self.other, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setFocusProxy(self.secret)

    def lock(self, staff: SignedInStaff) -> None:
        self.staff = staff
        self.title.setText(staff.hub_name or self.tr("Locked"))
        self.subtitle.setText(
            self.tr("Locked. %1 is signed in: type your password or PIN to carry on.").replace(
                "%1", staff.display_name
            )
        )
        self.secret.clear()
        self.clear_message()
        self.button.setEnabled(True)

    def submit(self) -> None:
        if self.staff is None or not self.button.isEnabled():
            return
        staff_id, secret = self.staff.id, self.secret.text()
        self.button.setEnabled(False)
        self.clear_message()
        self.tasks.run(
            lambda _p: staff_service.verify_secret(self.db, staff_id, secret),
            on_success=self._checked,
            on_failure=self._failed,
            parent=self,
        )

    def _checked(self, ok: bool) -> None:
        self.button.setEnabled(True)
        self.secret.clear()
        if ok:
            self.unlocked.emit()
        else:
            self.show_message(self.tr("That password or PIN is not right."))
            self.secret.setFocus()

    def _failed(self, exc: Exception) -> None:
        self.button.setEnabled(True)
        self.secret.clear()
        message = str(exc) if isinstance(exc, ServiceError) else "Unlocking did not work."
        self.show_message(error_words(message))
        self.secret.setFocus()
