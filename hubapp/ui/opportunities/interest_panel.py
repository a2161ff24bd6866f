"""Interest shown in one opportunity, from the kiosk or the desk, and its follow-up: mark each
person contacted or closed, or open a member's page (for accounts that may see members). Staff
and group organisers' screens only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from hubapp.services.opportunities import InterestRow, interests_for, mark_interest
from hubapp.services.staff import Permission
from hubapp.ui.context import AppContext
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.groups.words import format_day
from hubapp.ui.meetings.state import problem_text
from hubapp.ui.opportunities.words import channel_label, status_label, t
from hubapp.ui.widgets.alive import while_alive
from hubapp.ui.widgets.forms import empty_message
from hubapp.ui.widgets.rows_table import Column, RowsModel, current_row, replace_rows, rows_table


def _name(row: InterestRow) -> str:
    return row.name if row.member_id else row.name + "\n" + t("visitor, not a member")


def _came_in(row: InterestRow) -> str:
    return format_day(row.created_at.astimezone().date()) + "\n" + channel_label(row.channel)


def _columns() -> list[Column[InterestRow]]:
    return [
        Column(t("Name"), _name, width=190),
        Column(t("Contact"), lambda r: r.contact, width=200),
        Column(t("Came in"), _came_in, sort=lambda r: r.created_at, width=150),
        Column(t("Status"), lambda r: status_label(r.status), width=100),
        Column(t("Message"), lambda r: r.message, tooltip=lambda r: r.message),
    ]


class InterestPanel(QWidget):
    changed = Signal()  # a status was changed (the list's counts may move)
    problem = Signal(str)
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.opportunity_id = ""
        self._generation = 0
        self.has_loaded = False
        self.model: RowsModel[InterestRow] = RowsModel(_columns(), lambda r: r.id)
        self.table = rows_table(self.model, t("Interest shown"), wrap=True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.table.doubleClicked.connect(lambda _i: self._open_member())
        icons = IconKeeper(self)
        self.contacted = QPushButton(t("Mark &contacted"))
        icons.set(self.contacted, "mdi6.phone-check-outline")
        self.closed = QPushButton(t("Mark clo&sed"))
        icons.set(self.closed, "mdi6.check-all")
        self.reopen = QPushButton(t("&Back to new"))
        icons.set(self.reopen, "mdi6.undo-variant")
        self.open_member = QPushButton(t("Open &member"))
        icons.set(self.open_member, "mdi6.account-outline")
        self.contacted.clicked.connect(lambda: self.mark("contacted"))
        self.closed.clicked.connect(lambda: self.mark("closed"))
        self.reopen.clicked.connect(lambda: self.mark("new"))
        self.open_member.clicked.connect(self._open_member)
        self.open_member.setVisible(ctx.can(Permission.DESK))  # not a group organiser's
        self.empty = empty_message(
            t(
                "Nobody has shown interest yet. Interest from the kiosk, or "
                "recorded at the desk, appears here."
            )
        )
        self.states = QStackedWidget()
        self.states.addWidget(self.table)
        self.states.addWidget(self.empty)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.contacted, self.closed, self.reopen, self.open_member):
            button.setAutoDefault(True)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.states, 1)
        layout.addLayout(buttons)
        self._enable()

    def show_opportunity(self, opportunity_id: str) -> None:
        if opportunity_id != self.opportunity_id:
            self.model.set_rows([])
        self.opportunity_id = opportunity_id
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation, db, ident = self._generation, self.ctx.db, self.opportunity_id
        staff = self.ctx.staff_id
        self.ctx.tasks.run(
            lambda _p: interests_for(db, ident, staff_user_id=staff),
            on_success=while_alive(self, lambda rows: self._show(rows, generation)),
            on_failure=while_alive(self, lambda exc: self.problem.emit(problem_text(exc))),
        )

    def _show(self, rows: list[InterestRow], generation: int) -> None:
        if generation != self._generation:
            return
        replace_rows(self.table, self.model, rows)
        self.states.setCurrentWidget(self.table if rows else self.empty)
        self._enable()
        self.has_loaded = True
        self.loaded.emit()

    def current(self) -> InterestRow | None:
        return current_row(self.table, self.model)

    def _enable(self) -> None:
        row = self.current()
        self.contacted.setEnabled(row is not None and row.status != "contacted")
        self.closed.setEnabled(row is not None and row.status != "closed")
        self.reopen.setEnabled(row is not None and row.status != "new")
        self.open_member.setEnabled(row is not None and row.member_id is not None)

    def new_count(self) -> int:
        return sum(1 for r in self.model.rows if r.status == "new")

    def mark(self, status: str) -> None:
        row = self.current()
        if row is None:
            return
        db, staff = self.ctx.db, self.ctx.staff_id
        say = {"contacted": t("%1 marked contacted"), "closed": t("%1 marked closed"),
               "new": t("%1 marked new again")}[status].replace("%1", row.name)  # fmt: skip
        self._write(lambda: mark_interest(db, row.id, status, staff_user_id=staff), say)

    def _write(self, work: Callable[[], object], say: str) -> None:
        def done(_result: object) -> None:
            self.ctx.events.notify.emit(say, None)
            self.changed.emit()
            self.reload()

        def failed(exc: Exception) -> None:
            self.problem.emit(problem_text(exc))
            self.reload()

        self.ctx.tasks.run(
            lambda _p: work(),
            on_success=while_alive(self, done),
            on_failure=while_alive(self, failed),
        )

    def _open_member(self) -> None:
        row = self.current()
        if row is not None and row.member_id and self.ctx.can(Permission.DESK):
            self.ctx.events.open_member.emit(row.member_id)
