"""The Attendance tab: the register (present, apologies with reason and whether accepted,
absent; in person or remote; arrived late or left early, by item), officers in attendance,
members of the public, and the quorum shown live as the register changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hubapp.models.database import Database
from hubapp.models.vocab import AttendanceMode, AttendanceStatus
from hubapp.services.meetings import attendance
from hubapp.services.meetings.held import LapseWarning, lapse_warnings
from hubapp.services.meetings.views import AttendanceRow, MeetingView, local_time
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.groups.words import role_label
from hubapp.ui.meetings.banner import Banner
from hubapp.ui.meetings.quorum_words import quorum_summary
from hubapp.ui.meetings.state import MeetingState
from hubapp.ui.meetings.words import error_text, statuses

ID_ROLE = Qt.ItemDataRole.UserRole
NAME, STATUS, MODE, REASON, ACCEPTED, ARRIVED, LEFT = range(7)


class RegisterRow:
    """The widgets of one member's line of the register."""

    def __init__(self, tab: AttendanceTab, row: AttendanceRow) -> None:
        self.member_id = row.member_id or ""
        name = row.name
        self.status = QComboBox()
        for value, label in statuses().items():
            self.status.addItem(label, value)
        # A tick rather than a list: "remote" is the exception, and a tick is one key (Space).
        self.mode = QCheckBox()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(tab.tr("Reason"))
        self.accepted = QComboBox()
        decisions: tuple[tuple[str, bool | None], ...] = (
            (tab.tr("Not yet"), None),  # "Accepted? Not yet"
            (tab.tr("Accepted"), True),
            (tab.tr("Not accepted"), False),
        )
        for words, decision in decisions:
            self.accepted.addItem(words, decision)
        self.arrived = QSpinBox()
        self.arrived.setSpecialValueText(tab.tr("Start"))
        self.left = QSpinBox()
        self.left.setSpecialValueText(tab.tr("Stayed"))
        for widget, what in (
            (self.status, tab.tr("Attendance")),
            (self.mode, tab.tr("Attended remotely")),
            (self.reason, tab.tr("Apologies reason")),
            (self.accepted, tab.tr("Apologies accepted")),
            (self.arrived, tab.tr("Arrived at item")),
            (self.left, tab.tr("Left at item")),
        ):
            widget.setAccessibleName(f"{what}: {name}")
        self.status.activated.connect(lambda _i: tab.record(self))
        self.mode.clicked.connect(lambda _c: tab.record(self))
        self.reason.editingFinished.connect(lambda: tab.record_reason(self))
        self.accepted.activated.connect(lambda _i: tab.decide(self))
        self.arrived.editingFinished.connect(lambda: tab.record_times(self))
        self.left.editingFinished.connect(lambda: tab.record_times(self))

    def widgets(self) -> list[QWidget]:
        return [self.status, self.mode, self.reason, self.accepted, self.arrived, self.left]

    def show(self, row: AttendanceRow, items: int) -> None:
        for w in self.widgets():
            w.blockSignals(True)
        self.status.setCurrentIndex(max(0, self.status.findData(row.status)))
        self.mode.setChecked(row.mode == AttendanceMode.REMOTE)
        if not self.reason.hasFocus():
            self.reason.setText(row.apologies_reason)
        self.accepted.setCurrentIndex({None: 0, True: 1, False: 2}.get(row.apologies_accepted, 0))
        for spin, value in ((self.arrived, row.arrived_at_item), (self.left, row.left_at_item)):
            spin.setRange(0, max(items, 0))
            if not spin.hasFocus():
                spin.setValue(value or 0)
        apologies = row.status == AttendanceStatus.APOLOGIES
        present = row.status == AttendanceStatus.PRESENT
        self.reason.setEnabled(apologies)
        self.accepted.setEnabled(apologies)
        self.mode.setEnabled(present)
        self.arrived.setEnabled(present)
        self.left.setEnabled(present)
        for w in self.widgets():
            w.blockSignals(False)


class AttendanceTab(QWidget):
    def __init__(self, state: MeetingState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.ctx = state.ctx
        self.rows: dict[str, RegisterRow] = {}
        icons = IconKeeper(self)
        self.quorum = Banner()
        self.lapses = Banner()
        self._lapses_for = ""
        self.table = QTableWidget(0, 7)
        self.table.setAccessibleName(self.tr("Attendance register"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Member"), self.tr("Attendance"), self.tr("Remote"),
            self.tr("Apologies"), self.tr("Accepted?"), self.tr("Arrived"),
            self.tr("Left"),
        ])  # fmt: skip
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(46)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab walks the controls instead
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        head = self.table.horizontalHeader()
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        head.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        # Fixed widths fit each column's longest words ("Not accepted", "Stayed"); the
        # reason for apologies takes the rest.
        for column, width in ((NAME, 130), (STATUS, 150), (MODE, 80), (ACCEPTED, 165),
                              (ARRIVED, 104), (LEFT, 104)):  # fmt: skip
            self.table.setColumnWidth(column, width)
        for column, tip in ((ARRIVED, self.tr("Arrived late: the item number they came in at")),
                            (LEFT, self.tr("Left early: the item number they had gone by")),
                            (MODE, self.tr("Tick for members who attended remotely"))):  # fmt: skip
            header = self.table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(tip)
        register_label = QLabel(self.tr("Register"))
        register_label.setObjectName("sectionTitle")
        self.all_present = QPushButton(self.tr("Mark everyone &present"))
        icons.set(self.all_present, "mdi6.account-multiple-check")
        self.all_present.setToolTip(
            self.tr("Mark everyone not yet recorded (absent, no apologies) as present")
        )
        self.all_present.clicked.connect(self.mark_everyone_present)

        self.officers = QListWidget()
        self.officers.setAccessibleName(self.tr("Officers in attendance"))
        self.officers.setFlow(QListWidget.Flow.LeftToRight)
        self.officers.setWrapping(True)
        self.officers.setSpacing(2)
        self.officers.setFixedHeight(44)
        self.officer_name = QLineEdit()
        self.officer_name.setAccessibleName(self.tr("Officer's name"))
        self.officer_name.setPlaceholderText(self.tr("Name"))
        self.officer_post = QLineEdit()
        self.officer_post.setAccessibleName(self.tr("Officer's post"))
        self.officer_post.setPlaceholderText(self.tr("Post, e.g. Clerk"))
        self.officer_post.returnPressed.connect(self.add_officer)
        self.add_officer_button = QPushButton(self.tr("Add o&fficer"))
        icons.set(self.add_officer_button, "mdi6.account-tie")
        self.add_officer_button.clicked.connect(self.add_officer)
        self.remove_officer_button = QPushButton(self.tr("Remove officer"))
        self.remove_officer_button.setAccessibleName(self.tr("Remove the selected officer"))
        self.remove_officer_button.clicked.connect(self.remove_officer)
        self.public = QSpinBox()
        self.public.setRange(0, 100_000)
        self.public.setAccessibleName(self.tr("Members of the public"))
        self.public.editingFinished.connect(self.record_public)
        officers_label = QLabel(self.tr("&Officers in attendance"))
        officers_label.setObjectName("fieldLabel")
        officers_label.setBuddy(self.officer_name)
        public_label = QLabel(self.tr("Members of the p&ublic"))
        public_label.setObjectName("fieldLabel")
        public_label.setBuddy(self.public)

        top = QHBoxLayout()
        top.addWidget(register_label)
        top.addStretch(1)
        top.addWidget(self.all_present)
        bottom = QGridLayout()
        bottom.setHorizontalSpacing(8)
        bottom.setVerticalSpacing(4)
        bottom.addWidget(officers_label, 0, 0, 1, 3)
        bottom.addWidget(self.officer_name, 1, 0)
        bottom.addWidget(self.officer_post, 1, 1)
        bottom.addWidget(self.add_officer_button, 1, 2)
        bottom.addWidget(self.officers, 2, 0, 1, 2)
        bottom.addWidget(self.remove_officer_button, 2, 2)
        bottom.addWidget(public_label, 0, 4)
        bottom.addWidget(self.public, 1, 4)
        bottom.setColumnStretch(0, 2)
        bottom.setColumnStretch(1, 2)
        bottom.setColumnMinimumWidth(3, 16)
        bottom.setColumnStretch(4, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.quorum)
        layout.addWidget(self.lapses)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # -- showing --------------------------------------------------------------------------

    def show_meeting(self, view: MeetingView) -> None:
        kind, words = quorum_summary(view)
        self.quorum.show_message(kind, words)
        if view.id != self._lapses_for:
            self._lapses_for = view.id
            self._load_lapses(view)
        members = [r for r in view.attendance if r.member_id]
        if [r.member_id for r in members] != list(self.rows):
            self._rebuild(members)
        for r in members:
            self.rows[r.member_id or ""].show(r, len(view.items))
        if not self.public.hasFocus():
            self.public.setValue(view.public_count)
        self.officers.clear()
        for r in view.attendance:
            if r.member_id is None:
                item = QListWidgetItem(r.name)
                item.setData(ID_ROLE, r.attendance_id)
                self.officers.addItem(item)
        locked = view.locked
        controls: list[QWidget] = [self.all_present, self.officer_name, self.officer_post,
                    self.add_officer_button, self.remove_officer_button, self.public]  # fmt: skip
        for w in controls:
            w.setEnabled(not locked)
        if locked:
            for row in self.rows.values():
                for w in row.widgets():
                    w.setEnabled(False)

    def _load_lapses(self, view: MeetingView) -> None:
        """The six-month rule: councillors near to (or past) losing their seat."""
        db, group_id, meeting_id = self.ctx.db, view.group_id, view.id
        day = local_time(view.starts_at).date()
        self.lapses.hide()

        def show(warnings: list[LapseWarning]) -> None:
            if meeting_id != self._lapses_for or not warnings:
                return
            lines = [error_text(w.message) for w in warnings[:4]]
            if len(warnings) > 4:
                lines.append(self.tr("…and %1 more.").replace("%1", str(len(warnings) - 4)))
            self.lapses.show_message("warning", "\n".join(lines))

        self.ctx.tasks.run(lambda _p: lapse_warnings(db, group_id, day), on_success=show)

    def _rebuild(self, members: list[AttendanceRow]) -> None:
        self.rows.clear()
        self.table.setRowCount(len(members))
        previous: QWidget | None = None
        for n, r in enumerate(members):
            line = RegisterRow(self, r)
            self.rows[r.member_id or ""] = line
            role = role_label(r.role) + ("" if r.voting else self.tr(", no vote"))
            name = QTableWidgetItem(r.name if r.voting else f"{r.name} ({self.tr('no vote')})")
            name.setToolTip(f"{r.name}: {role}")
            name.setData(ID_ROLE, r.member_id)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(n, NAME, name)
            for column, widget in zip(range(STATUS, LEFT + 1), line.widgets(), strict=True):
                self.table.setCellWidget(n, column, widget)
            for widget in line.widgets():
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
        if previous is not None:
            QWidget.setTabOrder(previous, self.officer_name)
        QWidget.setTabOrder(self.officer_name, self.officer_post)
        QWidget.setTabOrder(self.officer_post, self.add_officer_button)
        QWidget.setTabOrder(self.add_officer_button, self.officers)
        QWidget.setTabOrder(self.officers, self.remove_officer_button)
        QWidget.setTabOrder(self.remove_officer_button, self.public)

    # -- writing --------------------------------------------------------------------------

    def _ids(self) -> tuple[Database, str | None, str]:
        return self.ctx.db, self.ctx.staff_id, self.state.meeting_id

    def record(self, line: RegisterRow) -> None:
        db, staff, meeting_id = self._ids()
        status = str(line.status.currentData())
        mode = AttendanceMode.REMOTE if line.mode.isChecked() else AttendanceMode.IN_PERSON
        reason, accepted = line.reason.text(), line.accepted.currentData()
        member_id = line.member_id
        self.state.write(
            lambda: attendance.record_attendance(
                db,
                meeting_id,
                member_id,
                status,
                mode=mode,
                apologies_reason=reason,
                apologies_accepted=accepted,
                staff_user_id=staff,
            )
        )

    def record_reason(self, line: RegisterRow) -> None:
        if line.status.currentData() == AttendanceStatus.APOLOGIES:
            self.record(line)

    def decide(self, line: RegisterRow) -> None:
        db, staff, meeting_id = self._ids()
        accepted, member_id = line.accepted.currentData(), line.member_id
        self.state.write(
            lambda: attendance.decide_apologies(
                db,
                meeting_id,
                member_id,
                accepted,
                staff_user_id=staff,
            )
        )

    def record_times(self, line: RegisterRow) -> None:
        view = self.state.view
        if view is None:
            return
        current = next((r for r in view.attendance if r.member_id == line.member_id), None)
        arrived, left = line.arrived.value() or None, line.left.value() or None
        if current is None or (current.arrived_at_item, current.left_at_item) == (arrived, left):
            return
        db, staff, meeting_id = self._ids()
        member_id = line.member_id
        self.state.write(
            lambda: attendance.record_arrival_and_departure(
                db,
                meeting_id,
                member_id,
                arrived_at_item=arrived,
                left_at_item=left,
                staff_user_id=staff,
            )
        )

    def mark_everyone_present(self) -> None:
        view = self.state.view
        if view is None:
            return
        ids = [
            r.member_id
            for r in view.attendance
            if r.member_id and r.status == AttendanceStatus.ABSENT and r.attendance_id is None
        ]
        db, staff, meeting_id = self._ids()

        def work() -> None:
            for member_id in ids:
                attendance.record_attendance(
                    db,
                    meeting_id,
                    member_id,
                    "present",
                    staff_user_id=staff,
                )

        self.state.write(work)

    def add_officer(self) -> None:
        db, staff, meeting_id = self._ids()
        name, post = self.officer_name.text(), self.officer_post.text()

        def done(_r: object) -> None:
            self.officer_name.clear()
            self.officer_post.clear()
            self.officer_name.setFocus()

        self.state.write(
            lambda: attendance.add_officer(db, meeting_id, name, post, staff_user_id=staff),
            done=done,
        )

    def remove_officer(self) -> None:
        item = self.officers.currentItem()
        if item is None:
            return
        db, staff, _ = self._ids()
        attendance_id = str(item.data(ID_ROLE))
        self.state.write(lambda: attendance.remove_officer(db, attendance_id, staff_user_id=staff))

    def record_public(self) -> None:
        view = self.state.view
        if view is None or view.public_count == self.public.value():
            return
        db, staff, meeting_id = self._ids()
        count = self.public.value()
        self.state.write(
            lambda: attendance.set_public_count(db, meeting_id, count, staff_user_id=staff)
        )
