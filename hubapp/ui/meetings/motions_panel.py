"""Motions and amendments on one item: the list with each outcome and minute number, the
form to move a motion or an amendment (proposer and seconder from the members who may
vote), and the vote panel for the one selected."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hubapp.models.vocab import MotionOutcome
from hubapp.services.errors import ValidationFailed
from hubapp.services.meetings import motions
from hubapp.services.meetings.views import AgendaItemView, MeetingView, MotionView
from hubapp.ui.meetings.eligibility import voters_at
from hubapp.ui.meetings.state import MeetingState
from hubapp.ui.meetings.vote_panel import VotePanel
from hubapp.ui.meetings.words import error_text, outcome_label
from hubapp.ui.widgets.forms import FormField

ID_ROLE = Qt.ItemDataRole.UserRole


class MotionsPanel(QWidget):
    def __init__(self, state: MeetingState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.item: AgendaItemView | None = None
        self.motions: list[MotionView] = []
        self.amends: str | None = None
        title = QLabel(self.tr("Motions"))
        title.setObjectName("sectionTitle")
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Motions on this item"))
        self.list.setWordWrap(True)
        self.list.setFixedHeight(150)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setStyleSheet("QListWidget::item { padding: 6px 8px; }")
        self.list.currentItemChanged.connect(lambda _n, _o: self._show_vote())

        self.form_title = QLabel(self.tr("Move a motion"))
        self.form_title.setObjectName("subsectionTitle")
        self.wording = QPlainTextEdit()
        self.wording.setTabChangesFocus(True)
        self.wording.setFixedHeight(64)
        self.setMinimumWidth(340)
        self.wording.setPlaceholderText(self.tr("That the council…"))
        self.proposer = QComboBox()
        self.seconder = QComboBox()
        self.fields = {
            "text": FormField(self.tr("&Wording"), self.wording, required=True),
            "proposer_id": FormField(self.tr("Pro&poser"), self.proposer, required=True),
            "seconder_id": FormField(self.tr("&Seconder"), self.seconder, required=True),
        }
        self.propose_button = QPushButton(self.tr("&Move motion"))
        self.propose_button.setObjectName("primary")
        self.propose_button.setToolTip(self.tr("Record the motion (Ctrl+Enter in the wording)"))
        self.propose_button.clicked.connect(self.propose)
        self.amend_button = QPushButton(self.tr("Move an a&mendment to it"))
        self.amend_button.setAccessibleName(self.tr("Move an amendment to the selected motion"))
        self.amend_button.clicked.connect(self.start_amendment)
        self.plain_button = QPushButton(self.tr("New motion instead"))
        self.plain_button.setObjectName("link")
        self.plain_button.clicked.connect(lambda: self.set_amending(None))
        self.vote = VotePanel(state)

        people = QHBoxLayout()
        people.setSpacing(12)
        people.addWidget(self.fields["proposer_id"], 1, Qt.AlignmentFlag.AlignTop)
        people.addWidget(self.fields["seconder_id"], 1, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.propose_button)
        buttons.addWidget(self.plain_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.list)
        layout.addWidget(self.amend_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.vote)
        layout.addSpacing(4)
        layout.addWidget(self.form_title)
        layout.addWidget(self.fields["text"])
        layout.addLayout(people)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.set_amending(None)

    def show_item(self, view: MeetingView, item: AgendaItemView) -> None:
        if self.item is None or self.item.id != item.id:
            self.wording.clear()
            self.set_amending(None)
            for f in self.fields.values():
                f.clear_error()
        self.item = item
        keep = self.current_motion_id()
        self.motions = [m for m in view.motions if m.agenda_item_id == item.id]
        self.list.blockSignals(True)
        self.list.clear()
        for m in self.motions:
            row = QListWidgetItem(self._describe(m))
            row.setData(ID_ROLE, m.id)
            self.list.addItem(row)
        self.list.blockSignals(False)
        pending = [m for m in self.motions if m.outcome == MotionOutcome.PENDING]
        # The one to decide next: a pending amendment before its motion.
        amendments = [m.id for m in pending if m.is_amendment]
        if amendments:
            target: str | None = amendments[0]
        elif keep in {m.id for m in pending}:
            target = keep
        else:
            target = pending[0].id if pending else None
        self._select(target or keep)
        voters = [v for v in voters_at(view, item) if v.may_vote]
        for combo in (self.proposer, self.seconder):
            current = combo.currentData()
            combo.clear()
            combo.addItem(self.tr("Choose…"), "")
            for v in voters:
                combo.addItem(v.name, v.member_id)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        self.setEnabled(not view.locked)
        self._show_vote()

    def _describe(self, m: MotionView) -> str:
        kind = self.tr("Amendment") if m.is_amendment else self.tr("Motion")
        lines = [f"{kind}: {m.moved_text}"]
        who = self.tr("Proposed by %1, seconded by %2").replace("%1", m.proposer_name)
        lines.append(who.replace("%2", m.seconder_name))
        result = outcome_label(m.outcome)
        if m.outcome in (MotionOutcome.CARRIED, MotionOutcome.LOST):
            result += f" ({m.votes_for}–{m.votes_against}, {m.abstentions} " + self.tr(
                "abstaining)"
            )
            if m.casting_vote:
                result += self.tr(" on the chair's casting vote")
        if m.minute_number:
            result = self.tr("RESOLVED %1").replace("%1", m.minute_number) + " · " + result
            if m.text != m.moved_text:
                result += "\n" + self.tr("As amended: %1").replace("%1", m.text)
        lines.append(result)
        return "\n".join(lines)

    def _select(self, motion_id: str | None) -> None:
        for n in range(self.list.count()):
            if self.list.item(n).data(ID_ROLE) == motion_id:
                self.list.setCurrentRow(n)
                return

    def current_motion_id(self) -> str | None:
        row = self.list.currentItem()
        return str(row.data(ID_ROLE)) if row is not None else None

    def current_motion(self) -> MotionView | None:
        motion_id = self.current_motion_id()
        return next((m for m in self.motions if m.id == motion_id), None)

    def _show_vote(self) -> None:
        motion, view = self.current_motion(), self.state.view
        pending = motion is not None and motion.outcome == MotionOutcome.PENDING
        amendable = (
            pending
            and motion is not None
            and not motion.is_amendment
            and not any(
                m.amends_motion_id == motion.id and m.outcome == MotionOutcome.PENDING
                for m in self.motions
            )
        )
        self.amend_button.setVisible(amendable)
        self.vote.setVisible(pending)
        if pending and motion is not None and view is not None and self.item is not None:
            self.vote.show_motion(view, self.item, motion)

    # -- moving a motion ------------------------------------------------------------------

    def set_amending(self, motion_id: str | None) -> None:
        self.amends = motion_id
        self.plain_button.setVisible(motion_id is not None)
        if motion_id is None:
            self.form_title.setText(self.tr("Move a motion"))
            self.propose_button.setText(self.tr("&Move motion"))
        else:
            self.form_title.setText(self.tr("Move an amendment"))
            self.propose_button.setText(self.tr("&Move amendment"))

    def start_amendment(self) -> None:
        motion = self.current_motion()
        if motion is None:
            return
        self.set_amending(motion.id)
        # An amendment is worded as the motion would read if amended: start from it.
        self.wording.setPlainText(motion.text)
        self.wording.setFocus()

    def propose(self) -> None:
        if self.item is None:
            return
        db, staff = self.state.ctx.db, self.state.ctx.staff_id
        item_id, amends = self.item.id, self.amends
        text = self.wording.toPlainText()
        proposer = str(self.proposer.currentData() or "")
        seconder = str(self.seconder.currentData() or "")
        for f in self.fields.values():
            f.clear_error()
        missing = {}
        if not proposer:
            missing["proposer_id"] = self.tr("Choose who proposes it.")
        if not seconder:
            missing["seconder_id"] = self.tr("Choose who seconds it.")
        if missing:
            for name, message in missing.items():
                self.fields[name].show_error(message)
            self.fields[next(iter(missing))].field.setFocus()
            return

        def done(motion_id: str) -> None:
            self.wording.clear()
            self.set_amending(None)
            self.proposer.setCurrentIndex(0)
            self.seconder.setCurrentIndex(0)

        def failed(exc: Exception) -> bool:
            if not isinstance(exc, ValidationFailed):
                return False
            for name, message in exc.problems.items():
                self.fields.get(name, self.fields["text"]).show_error(error_text(message))
            return True

        self.state.write(
            lambda: motions.propose_motion(
                db, item_id, text, proposer, seconder, amends_motion_id=amends, staff_user_id=staff
            ),
            done=done,
            failed=failed,
            say=self.tr("Amendment moved") if amends else self.tr("Motion moved"),
        )
