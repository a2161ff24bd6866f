"""Under the public summary: who gave feedback on the meeting, and one button that copies the
summary and shows the email addresses of those who agreed to be emailed, ready to paste."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.meetings.summary_recipients import SummaryRecipients, summary_recipients
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.meetings.state import MeetingState, problem_text
from hubapp.ui.meetings.words import t
from hubapp.ui.theme import colours, theme_events


def _people(n: int) -> str:
    return t("1 person") if n == 1 else t("%1 people").replace("%1", str(n))


def feedback_line(found: SummaryRecipients) -> str:
    people, anonymous = len(found.people), found.anonymous_count
    if not people and not anonymous:
        return t("Nobody has given feedback on this meeting yet.")
    return (
        t("Gave feedback on this meeting: %1 (%2 can be contacted) and %3 anonymously")
        .replace("%1", _people(people))
        .replace("%2", str(found.contactable_count))
        .replace("%3", str(anonymous))
    )


def others_note(found: SummaryRecipients) -> str:
    """Those the email addresses do not reach, and how they can be reached."""
    parts = [
        t("%1 may be phoned on %2.").replace("%1", p.display_name).replace("%2", p.phone)
        for p in found.people
        if p.email is None and p.phone is not None
    ]
    unreachable = [p.display_name for p in found.people if not p.may_contact]
    if unreachable:
        parts.append(t("Not agreed to be contacted: %1.").replace("%1", ", ".join(unreachable)))
    if found.anonymous_count:
        parts.append(t("Anonymous feedback is answered on the noticeboard and the kiosk."))
    return " ".join(parts)


class SummarySharing(QWidget):
    def __init__(
        self, state: MeetingState, summary_text: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.ctx = state.ctx
        self.summary_text = summary_text
        self.found: SummaryRecipients | None = None
        self.line = QLabel()
        self.line.setObjectName("muted")
        self.line.setWordWrap(True)
        self.copy_button = QPushButton(self.tr("Copy summary and &email addresses…"))
        IconKeeper(self).set(self.copy_button, "mdi6.content-copy")
        self.copy_button.setToolTip(
            self.tr("Copies the public summary, then shows the addresses to paste into an email")
        )
        self.copy_button.clicked.connect(self.copy)
        self.panel = QFrame()
        self.panel.setObjectName("addresses")
        self.emails_label = QLabel()
        self.emails_label.setWordWrap(True)
        self.emails = QPlainTextEdit()
        self.emails.setAccessibleName(self.tr("Email addresses of those who agreed to be emailed"))
        self.emails_label.setBuddy(self.emails)
        self.emails.setReadOnly(True)
        self.emails.setTabChangesFocus(True)
        self.emails.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.emails.setFixedHeight(96)
        self.others = QLabel()
        self.others.setWordWrap(True)
        self.others.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide_button = QPushButton(self.tr("Hide addresses"))
        self.hide_button.clicked.connect(self.panel.hide)
        self._lay_out()
        theme_events().changed.connect(self._restyle)
        self._restyle()

    def _restyle(self) -> None:
        c = colours()
        self.panel.setStyleSheet(
            f"QFrame#addresses {{ background: {c.surface}; border: {c.border_width}px solid "
            f"{c.border}; border-left: 4px solid {c.accent}; border-radius: 6px; }}"
        )

    def _lay_out(self) -> None:
        box = QVBoxLayout(self.panel)
        box.setContentsMargins(10, 8, 10, 8)
        box.setSpacing(6)
        box.addWidget(self.emails_label)
        box.addWidget(self.emails)
        box.addWidget(self.others)
        box.addWidget(self.hide_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.panel.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.line)
        layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.panel)

    def focus_chain(self) -> list[QWidget]:
        return [self.copy_button, self.emails, self.hide_button]

    def load(
        self, meeting_id: str, then: Callable[[SummaryRecipients], None] | None = None
    ) -> None:
        """Reads who gave feedback on the meeting (on the worker) and shows the count."""
        db = self.ctx.db

        def show(found: SummaryRecipients) -> None:
            if meeting_id != self.state.meeting_id:
                return  # another meeting was opened meanwhile
            self.found = found
            self.line.setText(feedback_line(found))
            if then is not None:
                then(found)

        self.ctx.tasks.run(
            lambda _p: summary_recipients(db, meeting_id),
            on_success=show,
            on_failure=lambda exc: self.state.problem.emit(problem_text(exc)),
        )

    def show_meeting(self, meeting_id: str) -> None:
        self.panel.hide()
        self.emails.clear()
        self.line.setText("")
        self.load(meeting_id)

    def copy(self) -> None:
        text = self.summary_text().strip()
        if not text:
            self.state.problem.emit(self.tr("Write the public summary first, then copy it."))
            return
        # Read afresh: feedback may have been given at the kiosk since the meeting was opened.
        self.load(self.state.meeting_id, lambda found: self._copied(text, found))

    def _copied(self, text: str, found: SummaryRecipients) -> None:
        QApplication.clipboard().setText(text)
        emails = found.emails
        self.emails.setPlainText("\n".join(emails))
        if len(emails) == 1:
            words = self.tr("The summary is copied. Paste it into an email to this address:")
        elif emails:
            words = self.tr(
                "The summary is copied. Paste it into an email to these %1 addresses:"
            ).replace("%1", str(len(emails)))
        else:
            words = self.tr("The summary is copied. Nobody who gave feedback agreed to be emailed.")
        self.emails_label.setText(words)
        self.emails.setVisible(bool(emails))
        note = others_note(found)
        self.others.setText(note)
        self.others.setVisible(bool(note))
        self.panel.show()
        if emails:
            self.emails.setFocus()
            self.emails.selectAll()
        # Once laid out, scroll the column so that the addresses can be seen.
        QTimer.singleShot(0, self._scroll_to_panel)
        self.ctx.events.notify.emit(self.tr("Public summary copied"), None)

    def _scroll_to_panel(self) -> None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None and self.panel.isVisible():
            parent.ensureWidgetVisible(self.panel, 0, 8)
