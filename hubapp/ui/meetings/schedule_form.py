"""Scheduling a meeting (or changing when, where and who): group, kind, date and times,
venue or online link, chair and clerk, with the last day to issue the summons shown as the
date is typed. Opened as a window-modal dialog with open(), never exec()."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from hubapp.models.base import uuid7
from hubapp.models.vocab import MeetingType
from hubapp.services import groups as group_service
from hubapp.services.errors import ValidationFailed
from hubapp.services.groups import GroupMemberRow, GroupRow
from hubapp.services.meetings.notice import last_issue_date, notice_rule
from hubapp.services.meetings.scheduling import MeetingDetails, edit_meeting, schedule_meeting
from hubapp.services.meetings.views import MeetingView, local_time
from hubapp.ui.context import AppContext
from hubapp.ui.meetings.banner import Banner
from hubapp.ui.meetings.keys import chain_tab_order
from hubapp.ui.meetings.state import problem_text
from hubapp.ui.meetings.words import error_text, format_day, meeting_types
from hubapp.ui.widgets.forms import FormField

FORM_WIDTH = 640


class ScheduleForm(QWidget):
    saved = Signal(str)  # meeting id
    cancelled = Signal()

    def __init__(self, ctx: AppContext, groups: list[GroupRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.groups = {g.id: g for g in groups}
        self.meeting_id = uuid7()
        self.editing = False
        self.saving = False
        self.members: list[GroupMemberRow] = []
        self._chair_wanted: str | None = None
        self.setMinimumWidth(FORM_WIDTH)

        self.group = QComboBox()
        for g in sorted(groups, key=lambda g: g.name.lower()):
            self.group.addItem(g.name, g.id)
        self.kind = QComboBox()
        for value, label in meeting_types().items():
            self.kind.addItem(label, value)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("Optional: e.g. Budget meeting"))
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.starts = QTimeEdit()
        self.starts.setDisplayFormat("HH:mm")
        self.ends = QTimeEdit()
        self.ends.setDisplayFormat("HH:mm")
        self.venue = QLineEdit()
        self.venue.setPlaceholderText(self.tr("e.g. Village hall, Llanfair"))
        self.link = QLineEdit()
        self.link.setPlaceholderText("https://")
        self.chair = QComboBox()
        self.clerk = QLineEdit()
        self.fields: dict[str, FormField] = {
            "group_id": FormField(self.tr("&Group or council"), self.group, required=True),
            "meeting_type": FormField(self.tr("&Kind of meeting"), self.kind),
            "title": FormField(self.tr("&Title"), self.title),
            "day": FormField(self.tr("&Date"), self.day, required=True),
            "starts_at": FormField(self.tr("Sta&rts"), self.starts, required=True),
            "ends_at": FormField(self.tr("&Ends"), self.ends),
            "venue_id": FormField(
                self.tr("&Where"), self.venue, hint=self.tr("A place, an online link, or both.")
            ),
            "online_link": FormField(self.tr("O&nline link"), self.link),
            "chair_member_id": FormField(self.tr("C&hair"), self.chair),
            "clerk_name": FormField(self.tr("C&lerk"), self.clerk),
        }
        self.notice = Banner()
        self.form_error = Banner()
        self.save_button = QPushButton(self.tr("&Schedule meeting"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(self.tr("Save (Enter)"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Cancel (Esc)"))
        self.cancel_button.clicked.connect(self.cancelled)
        self._lay_out()
        # The theme styles date and line fields but not time fields: match their height.
        for edit in (self.starts, self.ends):
            edit.setMinimumHeight(self.title.sizeHint().height())
        self.group.currentIndexChanged.connect(lambda _i: self._group_changed())
        self.kind.currentIndexChanged.connect(lambda _i: self._update_notice())
        self.day.dateChanged.connect(lambda _d: self._update_notice())
        self.starts.timeChanged.connect(self._start_moved)

    def _lay_out(self) -> None:
        def row(*names: str) -> QHBoxLayout:
            box = QHBoxLayout()
            box.setSpacing(16)
            for name in names:
                box.addWidget(self.fields[name], 1, Qt.AlignmentFlag.AlignTop)
            return box

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(6)
        layout.addLayout(row("group_id", "meeting_type"))
        layout.addWidget(self.fields["title"])
        layout.addLayout(row("day", "starts_at", "ends_at"))
        layout.addWidget(self.notice)
        layout.addLayout(row("venue_id", "online_link"))
        layout.addLayout(row("chair_member_id", "clerk_name"))
        layout.addWidget(self.form_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addStretch(1)
        order = [self.group, self.kind, self.title, self.day, self.starts, self.ends,
                 self.venue, self.link, self.chair, self.clerk, self.save_button,
                 self.cancel_button]  # fmt: skip
        chain_tab_order(order)

    # -- filling --------------------------------------------------------------------------

    def start_new(self, group_id: str | None = None, clerk: str = "") -> None:
        self.editing = False
        self.meeting_id = uuid7()
        self.save_button.setText(self.tr("&Schedule meeting"))
        self.group.setEnabled(True)
        if group_id:
            self.group.setCurrentIndex(max(0, self.group.findData(group_id)))
        self.kind.setCurrentIndex(0)
        self.title.clear()
        # A fortnight ahead at half past seven: the usual evening council meeting.
        self.day.setDate(QDate(date.today() + timedelta(days=14)))
        self.starts.setTime(QTime(19, 30))
        self.ends.setTime(QTime(21, 30))
        self.venue.clear()
        self.link.clear()
        self.clerk.setText(clerk)
        self._chair_wanted = None
        self._clear_errors()
        self._group_changed()
        self.group.setFocus()

    def start_edit(self, view: MeetingView) -> None:
        self.editing = True
        self.meeting_id = view.id
        self.save_button.setText(self.tr("&Save changes"))
        self.group.setCurrentIndex(max(0, self.group.findData(view.group_id)))
        self.group.setEnabled(False)  # a meeting cannot move to another group
        self.kind.setCurrentIndex(max(0, self.kind.findData(view.meeting_type)))
        self.title.setText(view.title if view.title else "")
        start = local_time(view.starts_at)
        self.day.setDate(QDate(start.date()))
        self.starts.setTime(QTime(start.hour, start.minute))
        end = local_time(view.ends_at) if view.ends_at else start + timedelta(hours=2)
        self.ends.setTime(QTime(end.hour, end.minute))
        self.venue.setText(view.venue_text)
        self.link.setText(view.online_link)
        self.clerk.setText(view.clerk_name)
        self._chair_wanted = view.chair_member_id
        self._clear_errors()
        self._group_changed()
        self.kind.setFocus()

    def _group_changed(self) -> None:
        group_id = str(self.group.currentData() or "")
        self.chair.clear()
        self.chair.addItem(self.tr("Not chosen yet"), "")
        self._update_notice()
        if not group_id:
            return
        db = self.ctx.db
        self.ctx.tasks.run(
            lambda _p: group_service.get_group(db, group_id).members,
            on_success=lambda members: self._fill_chair(group_id, members),
        )

    def _fill_chair(self, group_id: str, members: list[GroupMemberRow]) -> None:
        if group_id != self.group.currentData():
            return
        self.members = members
        chair_now = None
        for m in sorted(members, key=lambda m: m.display_name.lower()):
            self.chair.addItem(m.display_name, m.member_id)
            if m.role == "chair":
                chair_now = m.member_id
        wanted = self._chair_wanted if self.editing else chair_now
        self.chair.setCurrentIndex(max(0, self.chair.findData(wanted or "")))

    def _start_moved(self, new: QTime) -> None:
        # Keep a two-hour meeting unless the end was set by hand before the start.
        if self.ends.time() <= new:
            self.ends.setTime(new.addSecs(2 * 3600))
        self._update_notice()

    def _update_notice(self) -> None:
        group = self.groups.get(str(self.group.currentData() or ""))
        if group is None:
            self.notice.hide()
            return
        rule = notice_rule(group.kind, str(self.kind.currentData()), 3)
        meeting_day: date = self.day.date().toPython()  # type: ignore[assignment]
        deadline = last_issue_date(
            meeting_day,
            rule.clear_days,
            exclude_non_working=rule.exclude_non_working,
            subdiv=rule.subdiv,
        )
        if deadline < date.today():
            self.notice.show_message(
                "warning",
                self.tr(
                    "Too late for proper notice: the summons had to be issued by %1. "
                    "Consider a later date."
                ).replace("%1", format_day(deadline)),
            )
        else:
            self.notice.show_message(
                "info", self.tr("Issue the summons by %1.").replace("%1", format_day(deadline))
            )

    def details(self) -> MeetingDetails:
        day: date = self.day.date().toPython()  # type: ignore[assignment]
        start: time = self.starts.time().toPython()  # type: ignore[assignment]
        end: time = self.ends.time().toPython()  # type: ignore[assignment]
        return MeetingDetails(
            group_id=str(self.group.currentData() or ""),
            meeting_type=str(self.kind.currentData() or MeetingType.ORDINARY),
            title=self.title.text(),
            starts_at=datetime.combine(day, start),
            ends_at=datetime.combine(day, end),
            venue_text=self.venue.text(),
            online_link=self.link.text(),
            chair_member_id=str(self.chair.currentData() or "") or None,
            clerk_name=self.clerk.text(),
        )

    # -- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        if self.saving:
            return
        self.saving = True
        self.save_button.setEnabled(False)
        details = self.details()
        db, staff, meeting_id, editing = (
            self.ctx.db,
            self.ctx.staff_id,
            self.meeting_id,
            self.editing,
        )

        def work(_p: object) -> str:
            if editing:
                edit_meeting(db, meeting_id, details, staff_user_id=staff)
                return meeting_id
            return schedule_meeting(db, details, staff_user_id=staff, meeting_id=meeting_id)

        self.ctx.tasks.run(work, on_success=self._saved, on_failure=self._failed)

    def _saved(self, meeting_id: str) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.saved.emit(meeting_id)

    def _failed(self, exc: Exception) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self._clear_errors()
        if isinstance(exc, ValidationFailed):
            for name, message in exc.problems.items():
                target = self.fields.get(name) or self.fields["venue_id"]
                target.show_error(error_text(message))
            first = next((n for n in self.fields if n in exc.problems), "venue_id")
            self.fields[first].field.setFocus()
        else:
            self.form_error.show_message("error", problem_text(exc))

    def _clear_errors(self) -> None:
        for f in self.fields.values():
            f.clear_error()
        self.form_error.hide()


class ScheduleDialog(QDialog):
    """The form in a window of its own; Enter saves, Esc cancels."""

    def __init__(self, ctx: AppContext, groups: list[GroupRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Schedule a meeting"))
        self.setAccessibleName(self.tr("Schedule a meeting"))
        self.form = ScheduleForm(ctx, groups, self)
        self.meeting_id = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form)
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self.reject)

    def _saved(self, meeting_id: str) -> None:
        self.meeting_id = meeting_id
        self.accept()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.form.save()
            return
        super().keyPressEvent(event)
