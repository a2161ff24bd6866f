"""Choosing which open actions from earlier meetings go on this agenda (opened with open())."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.meetings import agenda
from hubapp.services.meetings.views import ActionView
from hubapp.ui.meetings.state import MeetingState
from hubapp.ui.meetings.words import format_day

ID_ROLE = Qt.ItemDataRole.UserRole


class CarryForwardDialog(QDialog):
    def __init__(self, state: MeetingState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(self.tr("Carry forward open actions"))
        self.setMinimumSize(560, 360)
        self.intro = QLabel(self.tr("Loading the open actions of earlier meetings…"))
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Open actions from earlier meetings"))
        self.add_button = QPushButton(self.tr("&Add to agenda"))
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add_chosen)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        meeting_id, db = state.meeting_id, state.ctx.db
        state.ctx.tasks.run(
            lambda _p: agenda.carry_forward_candidates(db, meeting_id), on_success=self._show
        )

    def _show(self, actions: list[ActionView]) -> None:
        if not actions:
            self.intro.setText(self.tr("No open actions from earlier meetings of this group."))
            self.add_button.setEnabled(False)
            return
        self.intro.setText(self.tr("Tick the actions to report on at this meeting (Space ticks)."))
        for a in actions:
            due = f" · {self.tr('due')} {format_day(a.due_on)}" if a.due_on else ""
            owner = f" · {a.owner_name}" if a.owner_name else ""
            row = QListWidgetItem(f"{a.description}{owner}{due}")
            row.setData(ID_ROLE, a.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(row)
        self.list.setCurrentRow(0)
        self.list.setFocus()

    def chosen(self) -> list[str]:
        return [
            str(self.list.item(n).data(ID_ROLE))
            for n in range(self.list.count())
            if self.list.item(n).checkState() == Qt.CheckState.Checked
        ]

    def add_chosen(self) -> None:
        ids, meeting_id = self.chosen(), self.state.meeting_id
        db, staff = self.state.ctx.db, self.state.ctx.staff_id
        view = self.state.view
        # Before "Date of the next meeting" when it is last, else at the end.
        number = None
        if view and view.items and view.items[-1].standard_kind == "next_meeting":
            number = view.items[-1].number

        def work() -> None:
            for k, action_id in enumerate(ids):
                at = number + k if number is not None else None
                agenda.add_carried_item(db, meeting_id, action_id, number=at, staff_user_id=staff)

        if ids:
            self.state.write(work, say=self.tr("Open actions added to the agenda"))
        self.accept()
