"""People who might fit one opportunity, best first, each with the reasons (what fits, and
what counts against). Staff only: the list says whether each person has agreed to be
contacted, and only those who have are marked as ones to approach."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from hubapp.services.matching import PersonMatch, people_for_opportunity
from hubapp.services.opportunities import express_interest
from hubapp.ui.context import AppContext
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.meetings.state import problem_text
from hubapp.ui.opportunities.words import miles_text, reason_lines, t
from hubapp.ui.widgets.alive import while_alive
from hubapp.ui.widgets.forms import empty_message
from hubapp.ui.widgets.rows_table import Column, RowsModel, current_row, replace_rows, rows_table

PEOPLE_SHOWN = 50


def contact_words(person: PersonMatch) -> str:
    return "✓ " + t("May be contacted") if person.may_contact else "– " + t("Not agreed")


def _columns() -> list[Column[PersonMatch]]:
    return [
        Column(t("Name"), lambda p: p.display_name, width=190),
        Column(t("Why they might fit"), lambda p: reason_lines(p.reasons)),
        Column(t("Distance"), lambda p: miles_text(p.distance_miles), width=120),
        Column(t("Contact"), contact_words, width=170),
    ]


class PeoplePanel(QWidget):
    problem = Signal(str)
    changed = Signal()  # interest was recorded for someone
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.opportunity_id = ""
        self.active = True
        self.has_loaded = False
        self._generation = 0
        note = QLabel(t("Only staff see this list. It ranks members by their interests, "
                        "skills, when they are free, access and distance; approach only "
                        "people marked “may be contacted”."))  # fmt: skip
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.model: RowsModel[PersonMatch] = RowsModel(_columns(), lambda p: p.member_id)
        self.table = rows_table(self.model, t("People who might fit"), wrap=True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.table.doubleClicked.connect(lambda _i: self._open_member())
        icons = IconKeeper(self)
        self.open_member = QPushButton(t("Open their &page"))
        icons.set(self.open_member, "mdi6.account-outline")
        self.record = QPushButton(t("Record &interest for them"))
        icons.set(self.record, "mdi6.hand-heart-outline")
        self.record.setToolTip(t("They said yes: add them to Interest shown"))
        self.open_member.clicked.connect(self._open_member)
        self.record.clicked.connect(self.record_interest)
        self.empty = empty_message()
        self.states = QStackedWidget()
        self.states.addWidget(self.table)
        self.states.addWidget(self.empty)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.open_member, self.record):
            button.setAutoDefault(True)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(note)
        layout.addWidget(self.states, 1)
        layout.addLayout(buttons)
        self._enable()

    def show_opportunity(self, opportunity_id: str, active: bool) -> None:
        if opportunity_id != self.opportunity_id:
            self.model.set_rows([])
            self.has_loaded = False
        self.opportunity_id, self.active = opportunity_id, active
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        generation, db, ident = self._generation, self.ctx.db, self.opportunity_id
        staff_id = self.ctx.staff_id
        self.ctx.tasks.run(
            lambda _p: people_for_opportunity(
                db, ident, limit=PEOPLE_SHOWN, staff_user_id=staff_id
            ),
            on_success=while_alive(self, lambda rows: self._show(rows, generation)),
            on_failure=while_alive(self, lambda exc: self.problem.emit(problem_text(exc))),
            label=t("Finding people who might fit…"),
            parent=self,
        )

    def _show(self, rows: list[PersonMatch], generation: int) -> None:
        if generation != self._generation:
            return
        replace_rows(self.table, self.model, rows)
        self.empty.setText(t("No members yet. Members signed up at the desk or the kiosk "
                             "appear here when they might fit."))  # fmt: skip
        self.states.setCurrentWidget(self.table if rows else self.empty)
        self._enable()
        self.has_loaded = True
        self.loaded.emit()

    def current(self) -> PersonMatch | None:
        return current_row(self.table, self.model)

    def _enable(self) -> None:
        row = self.current()
        self.open_member.setEnabled(row is not None)
        self.record.setEnabled(row is not None and self.active)

    def _open_member(self) -> None:
        row = self.current()
        if row is not None:
            self.ctx.events.open_member.emit(row.member_id)

    def record_interest(self) -> None:
        row = self.current()
        if row is None or not self.active:
            return
        db, staff, ident = self.ctx.db, self.ctx.staff_id, self.opportunity_id
        say = t("Interest recorded for %1").replace("%1", row.display_name)

        def work(_p: object) -> str:
            return express_interest(db, ident, member_id=row.member_id, channel="desk",
                                    staff_user_id=staff)  # fmt: skip

        def done(_id: str) -> None:
            self.ctx.events.notify.emit(say, None)
            self.changed.emit()

        def failed(exc: Exception) -> None:
            self.problem.emit(problem_text(exc))

        self.ctx.tasks.run(
            work, on_success=while_alive(self, done), on_failure=while_alive(self, failed)
        )
