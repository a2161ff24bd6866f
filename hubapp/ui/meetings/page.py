"""The Meetings section: the list of meetings on the left, the open meeting on the right in
four tabs (Agenda, Attendance, Run meeting, Minutes), and the schedule-a-meeting dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.meetings.views import MeetingView
from hubapp.ui.context import AppContext
from hubapp.ui.meetings.agenda_tab import AgendaTab
from hubapp.ui.meetings.attendance_tab import AttendanceTab
from hubapp.ui.meetings.banner import Banner
from hubapp.ui.meetings.header import MeetingHeader
from hubapp.ui.meetings.meeting_list import MeetingList
from hubapp.ui.meetings.minutes_tab import MinutesTab
from hubapp.ui.meetings.run_tab import RunTab
from hubapp.ui.meetings.schedule_form import ScheduleDialog
from hubapp.ui.meetings.state import MeetingState
from hubapp.ui.widgets.forms import EmptyState


class MeetingsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName(self.tr("Meetings"))
        self.state = MeetingState(ctx, self)
        self.schedule_dialog: ScheduleDialog | None = None
        self.list = MeetingList(ctx)
        self.list.open_requested.connect(self.open_meeting)
        self.list.new_requested.connect(self.new_meeting)

        self.header = MeetingHeader(self.state)
        self.header.edit_requested.connect(self.edit_meeting)
        self.problem = Banner(closable=True)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Parts of the meeting"))
        self.tabs.tabBar().setAccessibleName(self.tr("Parts of the meeting"))
        self.agenda = AgendaTab(self.state)
        self.attendance = AttendanceTab(self.state)
        self.run = RunTab(self.state)
        self.minutes = MinutesTab(self.state)
        for n, (tab, text) in enumerate(
            (
                (self.agenda, self.tr("Agenda")),
                (self.attendance, self.tr("Attendance")),
                (self.run, self.tr("Run meeting")),
                (self.minutes, self.tr("Minutes")),
            ),
            start=1,
        ):
            self.tabs.addTab(tab, text)
            self.tabs.setTabToolTip(n - 1, f"{text} (Alt+{n})")
            tab.setAccessibleName(text)
            # Alt, not Ctrl: Ctrl+1… choose the window's sections.
            key = QShortcut(QKeySequence(f"Alt+{n}"), self)
            key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            key.activated.connect(lambda tab=tab: self.show_tab(tab))
        self.tabs.setStyleSheet("QTabBar::tab { padding: 8px 16px; font-weight: 600; }")
        self.panel = QWidget()
        panel = QVBoxLayout(self.panel)
        panel.setContentsMargins(24, 16, 24, 12)
        panel.setSpacing(8)
        panel.addWidget(self.header)
        panel.addWidget(self.problem)
        panel.addWidget(self.tabs, 1)
        self.empty = EmptyState(
            self.tr(
                "No meeting open. Choose one on the left, or schedule a meeting of a group "
                "or council."
            ),
            self.tr("Schedule a meeting"),
        )
        self.empty.button.setAccessibleName(self.tr("Schedule a meeting"))
        self.empty.button.clicked.connect(self.new_meeting)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.panel)
        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setObjectName("divider")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.list)
        layout.addWidget(divider)
        layout.addWidget(self.right, 1)

        self.state.changed.connect(self._show)
        self.state.problem.connect(lambda text: self.problem.show_message("error", text))
        self.state.written.connect(lambda: self.list.reload())
        ctx.events.groups_changed.connect(lambda: self.list.reload())
        self.list.reload()

    def show_tab(self, tab: QWidget) -> None:
        self.tabs.setCurrentWidget(tab)

    def open_meeting(self, meeting_id: str) -> None:
        if meeting_id != self.state.meeting_id:
            self.problem.hide()
        self.state.open(meeting_id)

    def _show(self, view: MeetingView) -> None:
        self.right.setCurrentWidget(self.panel)
        self.header.show_meeting(view)
        for tab in (self.agenda, self.attendance, self.run, self.minutes):
            tab.show_meeting(view)

    def new_meeting(self) -> None:
        self._open_dialog(None)

    def edit_meeting(self) -> None:
        if self.state.view is not None:
            self._open_dialog(self.state.view)

    def _open_dialog(self, view: MeetingView | None) -> None:
        dialog = ScheduleDialog(self.ctx, self.list.groups, self)
        if view is None:
            group = str(self.list.group_filter.currentData() or "") or None
            dialog.form.start_new(group, self.ctx.staff.display_name if self.ctx.staff else "")
        else:
            dialog.setWindowTitle(self.tr("Change the meeting's details"))
            dialog.form.start_edit(view)
        self.schedule_dialog = dialog

        def accepted() -> None:
            editing = view is not None
            self.ctx.events.notify.emit(
                self.tr("Changes saved") if editing else self.tr("Meeting scheduled"), None
            )
            self.list.reload(select=dialog.meeting_id)
            self.open_meeting(dialog.meeting_id)
            if not editing:
                self.tabs.setCurrentWidget(self.agenda)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        # The first field to fill: the group for a new meeting, the kind when changing one.
        (dialog.form.group if view is None else dialog.form.kind).setFocus()
