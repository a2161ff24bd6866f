"""The top of an open meeting: what, when, where and who, the notice deadline (with a
warning when it is late), and "Mark summons issued" / "Edit details"."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hubapp.services.meetings.notice import NoticeStatus, notice_status, record_notice_issued
from hubapp.services.meetings.scheduling import set_meeting_status
from hubapp.services.meetings.views import MeetingView
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.meetings.banner import Banner
from hubapp.ui.meetings.state import MeetingState
from hubapp.ui.meetings.words import error_text, format_day, format_when, meeting_types


class MeetingHeader(QWidget):
    edit_requested = Signal()

    def __init__(self, state: MeetingState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        icons = IconKeeper(self)
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("pageSubtitle")
        self.subtitle.setWordWrap(True)
        self.edit_button = QPushButton(self.tr("Edit &details…"))
        self.edit_button.setAccessibleName(self.tr("Edit the meeting's details"))
        icons.set(self.edit_button, "mdi6.pencil")
        self.edit_button.clicked.connect(self.edit_requested)
        # Cancelling is undone with the same button, so it needs no "are you sure?".
        self.cancel_button = QPushButton(self.tr("Cancel meeting"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the meeting"))
        icons.set(self.cancel_button, "mdi6.calendar-remove-outline")
        self.cancel_button.clicked.connect(self.toggle_cancelled)
        self.issued_button = QPushButton(self.tr("Mar&k summons issued today"))
        self.issued_button.setAccessibleName(self.tr("Mark summons issued today"))
        icons.set(self.issued_button, "mdi6.email-check-outline")
        self.issued_button.clicked.connect(self.mark_issued)
        self.notice = Banner()
        self.notice.add_button(self.issued_button)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.subtitle)
        top = QHBoxLayout()
        top.addLayout(text, 1)
        top.addWidget(self.cancel_button)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.notice)

    def show_meeting(self, view: MeetingView, today: date | None = None) -> None:
        self.title.setText(view.title)
        self.title.setAccessibleName(view.title)
        parts = [format_when(view.starts_at), view.place]
        if view.meeting_type in meeting_types() and not view.title.startswith(
            meeting_types()[view.meeting_type]
        ):
            parts.insert(0, meeting_types()[view.meeting_type])
        if view.chair_name:
            parts.append(self.tr("Chair: %1").replace("%1", view.chair_name))
        if view.clerk_name:
            parts.append(self.tr("Clerk: %1").replace("%1", view.clerk_name))
        if view.status == "cancelled":
            parts.append(self.tr("Cancelled"))
        self.subtitle.setText(" · ".join(p for p in parts if p))
        self.edit_button.setEnabled(not view.locked)
        cancelled = view.status == "cancelled"
        self.cancel_button.setVisible(not view.locked and view.status in ("scheduled", "cancelled"))
        self.cancel_button.setText(
            self.tr("Reinstate meeting") if cancelled else self.tr("Cancel meeting")
        )
        self.cancel_button.setAccessibleName(
            self.tr("Reinstate the meeting") if cancelled else self.tr("Cancel the meeting")
        )
        if cancelled:
            self.notice.show_message("warning", self.tr("This meeting has been cancelled."))
            self.issued_button.hide()
            return
        status = notice_status(view, today)
        over = view.locked or view.status == "held" or view.starts_at <= datetime.now(UTC)
        if over and status.issued_on is None:
            # Notice matters before the meeting; afterwards a warning would only be noise.
            self.notice.hide()
            return
        self.issued_button.setVisible(status.issued_on is None)
        if status.issued_on is not None:
            kind = "success" if status.on_time else "warning"
        elif status.on_time:
            kind = "info"
        else:
            kind = "warning"
        self.notice.show_message(kind, self._notice_words(status))
        # The service's full sentence (with why it matters) is a tooltip away.
        self.notice.setToolTip(error_text(status.message))

    def _notice_words(self, status: NoticeStatus) -> str:
        deadline = format_day(status.deadline)
        if status.issued_on is not None:
            text = (
                self.tr("Summons issued on %1, in time.")
                if status.on_time
                else self.tr("Summons issued on %1: too late, it was due by %2.")
            )
            return text.replace("%1", format_day(status.issued_on)).replace("%2", deadline)
        if status.on_time:
            return self.tr("Issue the summons by %1.").replace("%1", deadline)
        return self.tr(
            "Too late for proper notice: the summons was due by %1. The meeting may be "
            "challenged; consider moving it."
        ).replace("%1", deadline)

    def toggle_cancelled(self) -> None:
        view = self.state.view
        if view is None:
            return
        db, staff, meeting_id = self.state.ctx.db, self.state.ctx.staff_id, view.id
        status = "scheduled" if view.status == "cancelled" else "cancelled"
        self.state.write(
            lambda: set_meeting_status(db, meeting_id, status, staff_user_id=staff),
            say=self.tr("Meeting cancelled")
            if status == "cancelled"
            else self.tr("Meeting reinstated"),
        )

    def mark_issued(self) -> None:
        view = self.state.view
        if view is None:
            return
        db, staff, meeting_id = self.state.ctx.db, self.state.ctx.staff_id, view.id
        self.state.write(
            lambda: record_notice_issued(db, meeting_id, date.today(), staff_user_id=staff),
            say=self.tr("Summons marked as issued today"),
        )
