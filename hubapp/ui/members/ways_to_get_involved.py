"""The "Ways to get involved" card on a member's page: the opportunities that suit them best,
each with why, and "Express interest for them" (recorded as interest shown at the desk).
Matching ranks and explains; it never hides an opportunity from anyone."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from hubapp.services.interest_shown import express_interest, interests_of_member
from hubapp.services.matching import Match, match_opportunities, profile_for_member
from hubapp.ui.context import AppContext
from hubapp.ui.meetings.state import problem_text
from hubapp.ui.members.member_profile import Card
from hubapp.ui.members.words import tr
from hubapp.ui.widgets.alive import while_alive
from hubapp.ui.widgets.match_reasons import about_them, reason_text

SHOWN = 5


class WaysToGetInvolved(Card):
    loaded = Signal()
    interest_recorded = Signal(str)  # opportunity id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(tr("Ways to get involved"), parent)
        self.ctx = ctx
        self.member_id = ""
        self.member_name = ""
        self.matches: list[Match] = []
        self.already: set[str] = set()  # opportunities they have shown interest in
        self.buttons: dict[str, QPushButton] = {}
        self.recorded: dict[str, QLabel] = {}
        self.has_loaded = False
        self._generation = 0

    def show_member(self, member_id: str, name: str, *, deleted: bool = False) -> None:
        if member_id != self.member_id:
            self.set_rows([_muted(tr("Finding what suits them…"))])
        self.member_id, self.member_name = member_id, name
        self.setVisible(not deleted)
        if deleted:
            return
        self._generation += 1
        generation, db = self._generation, self.ctx.db

        def work(_p: object) -> tuple[list[Match], set[str]]:
            found = match_opportunities(db, profile_for_member(db, member_id), limit=SHOWN)
            shown = {m.opportunity_id for m in found}
            already = {
                row.opportunity_id
                for row in interests_of_member(db, member_id)
                if row.opportunity_id in shown and row.status != "closed"
            }
            return found, already

        self.ctx.tasks.run(
            work,
            on_success=lambda found: self._show(*found, generation=generation),
            on_failure=while_alive(self, lambda exc: self.set_rows([_muted(problem_text(exc))])),
        )

    def _show(self, matches: list[Match], already: set[str], *, generation: int) -> None:
        # The member's page may have closed while matching ran (the card goes with it).
        if generation != self._generation or not isValid(self):
            return
        self.matches, self.already = matches, already
        self.buttons, self.recorded = {}, {}
        if not matches:
            none = tr("No opportunities posted yet. Post them under Get involved; the best "
                      "fits for each member show here.")  # fmt: skip
            self.set_rows([_muted(none)])
        else:
            self.set_rows([self._row(m) for m in matches])
        self.has_loaded = True
        self.loaded.emit()

    def _row(self, match: Match) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 6)
        text = QVBoxLayout()
        text.setSpacing(1)
        title = _label(match.title + (f" · {match.group_name}" if match.group_name else ""))
        title.setStyleSheet("font-weight: 600;")
        text.addWidget(title)
        why = "; ".join(
            ("" if r.fits else "⚠ ") + reason_text(about_them(r)) for r in match.reasons
        )
        text.addWidget(_muted(why))
        line.addLayout(text, 1)
        button = QPushButton(tr("Express interest for them"))
        button.setAccessibleName(tr("Express interest in %1 for them").replace("%1", match.title))
        button.setAutoDefault(True)
        button.clicked.connect(lambda _=False, m=match: self.express_interest(m))
        self.buttons[match.opportunity_id] = button
        recorded = _label("✓ " + tr("Interest recorded"))
        recorded.setObjectName("success")
        recorded.setWordWrap(False)
        recorded.setToolTip(tr("The organiser sees it under Get involved"))
        self.recorded[match.opportunity_id] = recorded
        line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(recorded, 0, Qt.AlignmentFlag.AlignTop)
        # (Shown or hidden once inside the row: shown alone, a label opens as a window.)
        already = match.opportunity_id in self.already
        button.setVisible(not already)
        recorded.setVisible(already)
        return row

    def express_interest(self, match: Match) -> None:
        db, staff, member_id = self.ctx.db, self.ctx.staff_id, self.member_id
        button = self.buttons.get(match.opportunity_id)
        if button is not None:
            button.setEnabled(False)
        say = tr("%1 is interested in %2: the organiser will see it").replace(
            "%1", self.member_name).replace("%2", match.title)  # fmt: skip

        def work(_p: object) -> str:
            return express_interest(db, match.opportunity_id, member_id=member_id,
                                    channel="desk", staff_user_id=staff)  # fmt: skip

        def done(_id: str) -> None:
            self.ctx.events.notify.emit(say, None)
            if not isValid(self):
                return
            self.already.add(match.opportunity_id)
            # The rows now on show (they may have been rebuilt while this ran).
            shown_button = self.buttons.get(match.opportunity_id)
            recorded = self.recorded.get(match.opportunity_id)
            if shown_button is not None and recorded is not None:
                shown_button.hide()
                recorded.show()
            self.interest_recorded.emit(match.opportunity_id)

        def failed(exc: Exception) -> None:
            if button is not None and isValid(button):
                button.setEnabled(True)
            self.ctx.events.notify.emit(problem_text(exc), None)

        self.ctx.tasks.run(work, on_success=done, on_failure=failed)


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _muted(text: str) -> QLabel:
    label = _label(text)
    label.setObjectName("muted")
    return label
