"""Deciding the selected motion: a show-of-hands count, or a named recorded vote where each
member who may vote gets For / Against / Abstain (those who may not are greyed, with the
reason); the chair's casting vote when the votes are tied; and withdrawal."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hubapp.models.database import Database
from hubapp.models.vocab import MotionOutcome, VoteChoice
from hubapp.services.meetings import motions
from hubapp.services.meetings.views import AgendaItemView, MeetingView, MotionView
from hubapp.ui.meetings.banner import Banner
from hubapp.ui.meetings.eligibility import Voter, voters_at
from hubapp.ui.meetings.state import MeetingState
from hubapp.ui.meetings.words import choices

_CHOICE_ORDER = (VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN)


def awaiting_casting_vote(motion: MotionView) -> bool:
    """Counted (a show of hands, or a closed recorded vote), tied, no casting vote yet.
    (Named votes cast but not yet counted are not a tie: the vote is still open.)"""
    counted = motion.votes_for + motion.votes_against + motion.abstentions > 0
    return (
        motion.outcome == MotionOutcome.PENDING
        and counted
        and motion.votes_for == motion.votes_against
        and motion.casting_vote is None
    )


class VotePanel(QFrame):
    def __init__(self, state: MeetingState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.state = state
        self.motion: MotionView | None = None
        self.voters: list[Voter] = []
        self.groups: dict[str, QButtonGroup] = {}
        self.title = QLabel(self.tr("Decide the motion"))
        self.title.setObjectName("subsectionTitle")
        self.wording = QLabel()
        self.wording.setWordWrap(True)
        self.hands_radio = QRadioButton(self.tr("Show of &hands"))
        self.recorded_radio = QRadioButton(self.tr("Recor&ded vote (named)"))
        self.hands_radio.setChecked(True)
        method = QButtonGroup(self)
        method.addButton(self.hands_radio)
        method.addButton(self.recorded_radio)
        self.hands_radio.toggled.connect(self._method_changed)

        self.votes_for, self.votes_against, self.abstentions = QSpinBox(), QSpinBox(), QSpinBox()
        hands = QWidget()
        grid = QGridLayout(hands)
        grid.setContentsMargins(0, 0, 0, 0)
        for n, (spin, text) in enumerate(
            (
                (self.votes_for, self.tr("&For")),
                (self.votes_against, self.tr("A&gainst")),
                (self.abstentions, self.tr("A&bstain")),
            )
        ):
            label = QLabel(text)
            label.setObjectName("fieldLabel")
            label.setBuddy(spin)
            spin.setRange(0, 999)
            spin.setMaximumWidth(80)  # three digits at most; the button needs the room
            spin.setAccessibleName(text.replace("&", ""))
            grid.addWidget(label, 0, n)
            grid.addWidget(spin, 1, n)
        self.count_button = QPushButton(self.tr("Record the &count"))
        self.count_button.setObjectName("primary")
        self.count_button.clicked.connect(self.record_count)
        self.count_button.setMinimumWidth(self.count_button.sizeHint().width())
        grid.addWidget(self.count_button, 1, 3)
        grid.setColumnStretch(4, 1)

        self.recorded = QWidget()
        self.recorded_grid = QGridLayout(self.recorded)
        self.recorded_grid.setContentsMargins(0, 0, 0, 0)
        self.recorded_grid.setHorizontalSpacing(12)
        self.close_button = QPushButton(self.tr("Close the &vote"))
        self.close_button.setObjectName("primary")
        self.close_button.clicked.connect(self.close_vote)
        recorded_box = QWidget()
        box = QVBoxLayout(recorded_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.recorded)
        box.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.method_stack = QStackedWidget()
        self.method_stack.addWidget(hands)
        self.method_stack.addWidget(recorded_box)

        self.casting = Banner()
        self.casting_for = QPushButton(self.tr("Casting vote F&or"))
        self.casting_against = QPushButton(self.tr("Casting vote Agai&nst"))
        self.casting_for.clicked.connect(lambda: self.cast(VoteChoice.FOR))
        self.casting_against.clicked.connect(lambda: self.cast(VoteChoice.AGAINST))
        self.casting_row = QWidget()
        casting = QHBoxLayout(self.casting_row)
        casting.setContentsMargins(0, 0, 0, 0)
        casting.addWidget(self.casting_for)
        casting.addWidget(self.casting_against)
        casting.addStretch(1)
        self.withdraw_button = QPushButton(self.tr("&Withdraw motion"))
        self.withdraw_button.setObjectName("link")
        self.withdraw_button.clicked.connect(self.withdraw)

        methods = QHBoxLayout()
        methods.addWidget(self.hands_radio)
        methods.addWidget(self.recorded_radio)
        methods.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.wording)
        layout.addLayout(methods)
        layout.addWidget(self.method_stack)
        layout.addWidget(self.casting)
        layout.addWidget(self.casting_row)
        layout.addWidget(self.withdraw_button, 0, Qt.AlignmentFlag.AlignLeft)

    def _method_changed(self) -> None:
        self.method_stack.setCurrentIndex(0 if self.hands_radio.isChecked() else 1)

    def show_motion(self, view: MeetingView, item: AgendaItemView, motion: MotionView) -> None:
        same = self.motion is not None and self.motion.id == motion.id
        self.motion = motion
        what = self.tr("amendment") if motion.is_amendment else self.tr("motion")
        self.title.setText(self.tr("Decide the %1").replace("%1", what))
        self.wording.setText(f"“{motion.moved_text}”")
        self.voters = voters_at(view, item)
        may = sum(1 for v in self.voters if v.may_vote)
        for spin in (self.votes_for, self.votes_against, self.abstentions):
            spin.setMaximum(max(may, 0))
        if not same:
            self.votes_for.setValue(motion.votes_for)
            self.votes_against.setValue(motion.votes_against)
            self.abstentions.setValue(motion.abstentions)
            self.recorded_radio.setChecked(motion.vote_method == "recorded")
            self.hands_radio.setChecked(motion.vote_method != "recorded")
        self._fill_recorded(motion)
        tied = awaiting_casting_vote(motion)
        if tied:
            chair = view.chair_name or self.tr("the chair")
            self.casting.show_message(
                "warning",
                self.tr(
                    "The votes are tied, %1 for and %2 against. %3, as chair, gives a casting vote:"
                )
                .replace("%1", str(motion.votes_for))
                .replace("%2", str(motion.votes_against))
                .replace("%3", chair),
            )
        else:
            self.casting.hide()
        self.casting_row.setVisible(tied)
        for w in (self.hands_radio, self.recorded_radio, self.method_stack):
            w.setEnabled(not tied)

    def _fill_recorded(self, motion: MotionView) -> None:
        while self.recorded_grid.count():
            taken = self.recorded_grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                # Hidden and unparented now: a deferred delete alone would leave it drawn.
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.groups.clear()
        chosen = {v.member_id: v.choice for v in motion.votes}
        for row, voter in enumerate(self.voters):
            name = QLabel(voter.name if voter.may_vote else f"{voter.name} ({voter.why_not})")
            name.setEnabled(voter.may_vote)
            self.recorded_grid.addWidget(name, row, 0)
            group = QButtonGroup(self.recorded)
            for column, choice in enumerate(_CHOICE_ORDER, start=1):
                button = QRadioButton(choices()[choice])
                button.setAccessibleName(f"{choices()[choice]}: {voter.name}")
                button.setProperty("choice", str(choice))
                button.setEnabled(voter.may_vote)
                button.setChecked(chosen.get(voter.member_id) == choice)
                group.addButton(button)
                self.recorded_grid.addWidget(button, row, column)
            if voter.may_vote:
                self.groups[voter.member_id] = group
        self.recorded_grid.setColumnStretch(0, 1)

    def choose(self, member_id: str, choice: str) -> None:
        """Ticks one member's choice in the recorded vote grid (as a click would)."""
        for button in self.groups[member_id].buttons():
            if button.property("choice") == choice:
                button.setChecked(True)

    def _ids(self) -> tuple[Database, str | None]:
        return self.state.ctx.db, self.state.ctx.staff_id

    def record_count(self) -> None:
        if self.motion is None:
            return
        db, staff = self._ids()
        motion_id = self.motion.id
        counts = (self.votes_for.value(), self.votes_against.value(), self.abstentions.value())
        self.state.write(
            lambda: motions.decide_by_show_of_hands(db, motion_id, *counts, staff_user_id=staff),
            done=self._said_outcome,
        )

    def close_vote(self) -> None:
        if self.motion is None:
            return
        db, staff = self._ids()
        motion_id = self.motion.id
        picked: dict[str, str] = {}
        for member_id, group in self.groups.items():
            checked = group.checkedButton()
            if checked is not None:
                picked[member_id] = str(checked.property("choice"))

        def work() -> str:
            for member_id, choice in picked.items():
                motions.cast_vote(db, motion_id, member_id, choice, staff_user_id=staff)
            return motions.close_recorded_vote(db, motion_id, staff_user_id=staff)

        self.state.write(work, done=self._said_outcome)

    def cast(self, choice: str) -> None:
        if self.motion is None:
            return
        db, staff = self._ids()
        motion_id = self.motion.id
        self.state.write(
            lambda: motions.give_casting_vote(db, motion_id, choice, staff_user_id=staff),
            done=self._said_outcome,
        )

    def withdraw(self) -> None:
        if self.motion is None:
            return
        db, staff = self._ids()
        motion_id = self.motion.id
        self.state.write(
            lambda: motions.withdraw_motion(db, motion_id, staff_user_id=staff),
            say=self.tr("Motion withdrawn"),
        )

    def _said_outcome(self, outcome: str) -> None:
        words: dict[str, str] = {
            MotionOutcome.CARRIED: self.tr("Carried"),
            MotionOutcome.LOST: self.tr("Lost"),
            MotionOutcome.PENDING: self.tr("Votes tied: the chair's casting vote is needed"),
        }
        self.state.ctx.events.notify.emit(words.get(outcome, outcome), None)
