"""Recording feedback at the desk for a member who wants to hear back: what it is about (the
hub, a group or council and perhaps one of its meetings, an organisation), how they feel, why,
and what they said. The member's page offers it from a small "Feedback" card."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from hubapp.models.base import uuid7
from hubapp.services.errors import ValidationFailed
from hubapp.services.feedback import QUICK_REASONS, FeedbackSubjectChoice, feedback_subjects
from hubapp.services.feedback import submit_feedback as submit
from hubapp.services.meetings.scheduling import list_meetings
from hubapp.services.meetings.views import MeetingRow
from hubapp.ui import theme
from hubapp.ui.context import AppContext
from hubapp.ui.meetings.keys import chain_tab_order
from hubapp.ui.meetings.state import problem_text
from hubapp.ui.meetings.words import error_text, format_when
from hubapp.ui.members.member_profile import Card
from hubapp.ui.members.words import tr
from hubapp.ui.widgets.forms import FormField

if TYPE_CHECKING:
    from hubapp.ui.members.members_page import MembersPage

RECENT_MEETINGS = 10
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def rating_words() -> dict[int, str]:
    return {1: tr("Very unhappy"), 2: tr("Unhappy"), 3: tr("Neither"), 4: tr("Happy"),
            5: tr("Very happy")}  # fmt: skip


def subject_label(subject: FeedbackSubjectChoice) -> str:
    kinds = {"hub": tr("the hub"), "group": tr("group or council"),
             "public_body": tr("public body"), "business": tr("business"),
             "voluntary_body": tr("voluntary body")}  # fmt: skip
    if subject.kind == "hub":
        return f"{subject.name} ({kinds['hub']})"
    return f"{subject.name} · {kinds.get(subject.kind, subject.kind)}"


class RecordFeedbackDialog(QDialog):
    """Window-modal (open() it). Accepted once the feedback is stored; `feedback_id` says
    which. Enter saves (Shift+Enter starts a new line in the comment); Esc cancels."""

    recorded = Signal(str)  # feedback id
    comment: QPlainTextEdit
    fields: dict[str, FormField]

    def __init__(
        self, ctx: AppContext, member_id: str, member_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.member_id, self.member_name = ctx, member_id, member_name
        self.feedback_id = ""
        self.saving = False
        self.meetings_loaded = False
        self._generation = 0
        # One per opening: a second press of Save is taken for a repeat (see submit_feedback).
        self._device_key = f"desk:{uuid7()}"
        self.setWindowTitle(tr("Record feedback from %1").replace("%1", member_name))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(660)
        self._build_fields()
        self._lay_out()
        self.subject.currentIndexChanged.connect(lambda _i: self._subject_changed())
        self.comment.installEventFilter(self)
        self._load_subjects()

    # -- building -------------------------------------------------------------------------

    def _build_fields(self) -> None:
        self.intro = QLabel(
            tr("For %1, who would like to hear back. The clerk sees who to tell when a "
               "meeting's summary goes out.").replace("%1", self.member_name)
        )  # fmt: skip
        self.intro.setWordWrap(True)
        self.intro.setObjectName("muted")
        self.subject = QComboBox()
        self.meeting = QComboBox()
        self.rating_box = QWidget()
        self.ratings = QButtonGroup(self)
        row = QHBoxLayout(self.rating_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        for value, words in rating_words().items():
            button = QRadioButton(words)
            button.setAccessibleName(tr("%1 (%2 of 5)").replace("%1", words)
                                     .replace("%2", str(value)))  # fmt: skip
            self.ratings.addButton(button, value)
            row.addWidget(button)
        row.addStretch(1)
        self.ratings.idClicked.connect(lambda _v: self.fields["rating"].clear_error())
        self.reason = QComboBox()
        self.reason.addItem(tr("No particular reason"), "")
        for reason in QUICK_REASONS:
            self.reason.addItem(tr(reason), reason)  # stored in English, as at the kiosk
        self.comment = QPlainTextEdit()
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(96)
        self.fields = {
            "subject_kind": FormField(tr("&About"), self.subject, required=True),
            "meeting_id": FormField(tr("About a &meeting (optional)"), self.meeting),
            "rating": FormField(tr("How do they &feel?"), self.rating_box, required=True),
            "reason": FormField(tr("&Reason (optional)"), self.reason),
            "comment": FormField(
                tr("&What they said (optional)"), self.comment,
                hint=tr("Staff read it before it appears in any report. Shift+Enter starts "
                        "a new line."),
            ),
        }  # fmt: skip
        self.rating_box.setFocusProxy(self.ratings.button(1))
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        self.save_button = QPushButton(theme.icon("mdi6.check", "on_accent"), tr("&Save feedback"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(tr("Save (Enter)"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setToolTip(tr("Close without saving (Esc)"))
        self.cancel_button.clicked.connect(self.reject)

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        layout.addWidget(self.intro)
        layout.addSpacing(4)
        for field in self.fields.values():
            layout.addWidget(field)
        layout.addWidget(self.form_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        chain_tab_order([self.subject, self.meeting, *self.ratings.buttons(), self.reason,
                         self.comment, self.save_button, self.cancel_button])  # fmt: skip

    # -- what it can be about --------------------------------------------------------------

    def _load_subjects(self) -> None:
        db = self.ctx.db
        self.subject.setEnabled(False)
        self.subject.addItem(tr("Loading…"), None)
        self.ctx.tasks.run(lambda _p: feedback_subjects(db), on_success=self._show_subjects)

    def _show_subjects(self, subjects: list[FeedbackSubjectChoice]) -> None:
        if not isValid(self):
            return
        self.subject.blockSignals(True)
        self.subject.clear()
        for s in subjects:
            self.subject.addItem(subject_label(s), s)
        self.subject.blockSignals(False)
        self.subject.setEnabled(True)
        self._subject_changed()
        self.subject.setFocus()

    def chosen_subject(self) -> FeedbackSubjectChoice | None:
        data = self.subject.currentData()
        return data if isinstance(data, FeedbackSubjectChoice) else None

    def _subject_changed(self) -> None:
        self.fields["subject_kind"].clear_error()
        self.fields["meeting_id"].clear_error()
        self._generation += 1
        self.meeting.clear()
        subject = self.chosen_subject()
        if subject is None or subject.kind != "group":
            self.meeting.addItem(tr("Only for a group or council"), None)
            self.meeting.setEnabled(False)
            self.meetings_loaded = True
            return
        self.meeting.addItem(tr("Finding its meetings…"), None)
        self.meeting.setEnabled(False)
        self.meetings_loaded = False
        generation, db = self._generation, self.ctx.db
        self.ctx.tasks.run(
            lambda _p: list_meetings(db, subject.id, upcoming=False, limit=RECENT_MEETINGS),
            on_success=lambda rows: self._show_meetings(rows, generation),
        )

    def _show_meetings(self, rows: list[MeetingRow], generation: int) -> None:
        if generation != self._generation or not isValid(self):
            return  # another subject was chosen meanwhile, or the dialog closed
        focused = self.meeting.hasFocus()
        self.meeting.clear()
        if not rows:
            self.meeting.addItem(tr("No past meetings of this group"), None)
        else:
            self.meeting.addItem(tr("Not about one meeting"), None)
            for r in rows:
                self.meeting.addItem(f"{format_when(r.starts_at)} · {r.title}", r.id)
        self.meeting.setEnabled(bool(rows))
        self.meetings_loaded = True
        if focused:
            self.meeting.setFocus()

    # -- saving ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.comment
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.save()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and not self.cancel_button.hasFocus():
            self.save()
            return
        super().keyPressEvent(event)

    def save(self) -> None:
        if self.saving:
            return
        self._clear_errors()
        subject, rating = self.chosen_subject(), self.ratings.checkedId()
        problems: dict[str, str] = {}
        if subject is None:
            problems["subject_kind"] = tr("Choose what the feedback is about.")
        if rating < 1:
            problems["rating"] = tr("Choose how they feel, from Very unhappy to Very happy.")
        if problems:
            self._show_problems(problems)
            return
        assert subject is not None
        self.saving = True
        self.save_button.setEnabled(False)
        db, staff, key, member_id = self.ctx.db, self.ctx.staff_id, self._device_key, self.member_id
        meeting_id = self.meeting.currentData() if self.meeting.isEnabled() else None
        reason, comment = str(self.reason.currentData() or ""), self.comment.toPlainText()

        def work(_p: object) -> str | None:
            return submit(db, subject.kind, subject.id, rating, reason=reason, comment=comment,
                          channel="desk", device_key=key, meeting_id=meeting_id,
                          member_id=member_id, staff_user_id=staff)  # fmt: skip

        self.ctx.tasks.run(work, on_success=self._saved, on_failure=self._failed)

    def _saved(self, feedback_id: str | None) -> None:
        # None: a repeat press of Save, already stored by the first.
        self.ctx.events.notify.emit(
            tr("Feedback recorded for %1").replace("%1", self.member_name), None
        )
        if not isValid(self):
            return
        self.saving = False
        self.feedback_id = feedback_id or ""
        self.recorded.emit(self.feedback_id)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        if not isValid(self):
            return
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed) and set(exc.problems) & set(self.fields):
            self._show_problems({k: error_text(v) for k, v in exc.problems.items()})
        else:
            self.form_error.setText("⚠ " + problem_text(exc))
            self.form_error.show()

    def _show_problems(self, problems: dict[str, str]) -> None:
        """Each problem under its field, focus on the first; nothing typed is touched."""
        for name, message in problems.items():
            if name in self.fields:
                self.fields[name].show_error(message)
        first = next((n for n in self.fields if n in problems), None)
        if first is not None:
            self.fields[first].field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_errors(self) -> None:
        for field in self.fields.values():
            field.clear_error()
        self.form_error.hide()


class MemberFeedbackCard(Card):
    """The "Feedback" card on a member's page: one button that opens the dialog."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(tr("Feedback"), parent)
        self.ctx = ctx
        self.member_id = ""
        self.member_name = ""
        self.dialog: RecordFeedbackDialog | None = None
        note = QLabel(tr("Record what they think of the hub, a group or council (or one of "
                         "its meetings), or an organisation, so they hear back."))  # fmt: skip
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.button = QPushButton(theme.icon("mdi6.message-reply-text-outline"),
                                  tr("Record their &feedback…"))  # fmt: skip
        self.button.setAccessibleName(tr("Record their feedback"))
        self.button.setAutoDefault(True)
        self.button.clicked.connect(self.open_dialog)
        self.set_rows([note, self.button])

    def show_member(self, member_id: str, name: str, *, deleted: bool = False) -> None:
        self.member_id, self.member_name = member_id, name
        self.setVisible(not deleted)

    def open_dialog(self) -> RecordFeedbackDialog | None:
        if not self.member_id:
            return None
        self.dialog = RecordFeedbackDialog(self.ctx, self.member_id, self.member_name, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.finished.connect(lambda _r: self.button.setFocus())
        self.dialog.open()
        return self.dialog


def add_to_members_page(page: MembersPage) -> MemberFeedbackCard:
    """Puts the card on the members screen's member page (under ways to get involved) and
    keeps it on the member shown, however they were opened."""
    card = MemberFeedbackCard(page.ctx)
    page.profile.add_card(card, 2)

    def follow(*_args: object) -> None:
        # (Connected after the page's own slots, so the page has already moved on.)
        shown = page.profile.profile
        if shown is not None:
            card.show_member(shown.id, shown.display_name, deleted=shown.deleted)

    page.stack.currentChanged.connect(follow)
    page.ctx.events.open_member.connect(follow)
    page.ctx.events.members_changed.connect(follow)
    return card
