"""The Run meeting tab, item by item: the quorum for the item (a clear warning when it is
lost), declarations of interest, notes of the discussion, motions and votes, and actions.
Alt+PgDown / Alt+PgUp go to the next / previous item."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hubapp.models.vocab import ActionStatus
from hubapp.services.meetings import actions, agenda, interests
from hubapp.services.meetings.actions import ActionDetails
from hubapp.services.meetings.views import AgendaItemView, MeetingView
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.meetings.banner import Banner
from hubapp.ui.meetings.eligibility import members_of
from hubapp.ui.meetings.keys import chain_tab_order
from hubapp.ui.meetings.motions_panel import MotionsPanel
from hubapp.ui.meetings.quorum_words import quorum_banner
from hubapp.ui.meetings.state import MeetingState
from hubapp.ui.meetings.words import format_day, interest_kinds

ID_ROLE = Qt.ItemDataRole.UserRole
NO_DATE = QDate(2000, 1, 1)


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


class RunTab(QWidget):
    def __init__(self, state: MeetingState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.ctx = state.ctx
        self.item: AgendaItemView | None = None
        self.notes_dirty = False
        icons = IconKeeper(self)

        self.picker = QComboBox()
        self.picker.setAccessibleName(self.tr("Agenda item"))
        self.picker.currentIndexChanged.connect(lambda _i: self._picked())
        picker_label = QLabel(self.tr("&Item"))
        picker_label.setObjectName("fieldLabel")
        picker_label.setBuddy(self.picker)
        self.prev_button = QPushButton(self.tr("Previous"))
        icons.set(self.prev_button, "mdi6.chevron-left")
        self.prev_button.setToolTip(self.tr("Previous item (Alt+Page Up)"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton(self.tr("Next item"))
        icons.set(self.next_button, "mdi6.chevron-right")
        self.next_button.setToolTip(self.tr("Next item (Alt+Page Down)"))
        self.next_button.clicked.connect(lambda: self.step(1))
        for key, step in (("Alt+PgUp", -1), ("Alt+PgDown", 1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.step(step))
        self.quorum = Banner()
        self.confidential = Banner()

        # Declarations
        self.declarations = QListWidget()
        self.declarations.setAccessibleName(self.tr("Declarations of interest for this item"))
        self.declarations.setFixedHeight(72)
        self.declarations.setWordWrap(True)
        self.declarations.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.declarer = QComboBox()
        self.declarer.setAccessibleName(self.tr("Member declaring"))
        self.interest = QComboBox()
        self.interest.setAccessibleName(self.tr("Kind of interest"))
        self.interest.setToolTip(
            self.tr("A member with a pecuniary interest takes no part in the item's vote.")
        )
        for value, label in interest_kinds().items():
            self.interest.addItem(label, value)
        self.interest_note = QLineEdit()
        self.interest_note.setAccessibleName(self.tr("Declaration note"))
        self.interest_note.setPlaceholderText(self.tr("Note, e.g. owns the land"))
        self.interest_note.returnPressed.connect(self.declare)
        self.declare_button = QPushButton(self.tr("D&eclare"))
        self.declare_button.clicked.connect(self.declare)
        self.withdraw_declaration_button = QPushButton(self.tr("Withdraw"))
        self.withdraw_declaration_button.setAccessibleName(
            self.tr("Withdraw the selected declaration")
        )
        self.withdraw_declaration_button.clicked.connect(self.withdraw_declaration)
        declare_label = QLabel(self.tr("Declarations of in&terest"))
        declare_label.setObjectName("sectionTitle")
        declare_label.setBuddy(self.declarer)

        # Notes
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Notes of the discussion"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        self.notes.setPlaceholderText(
            self.tr("What was said, in brief. Saved when you leave the box (or Ctrl+S).")
        )
        self.notes.textChanged.connect(self._notes_typed)
        notes_label = QLabel(self.tr("N&otes of the discussion"))
        notes_label.setObjectName("sectionTitle")
        notes_label.setBuddy(self.notes)
        self.notes_state = QLabel()
        self.notes_state.setObjectName("muted")
        save_notes = QShortcut(QKeySequence.StandardKey.Save, self)
        save_notes.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_notes.activated.connect(self.save_notes)
        self.notes.installEventFilter(self)

        # Actions
        self.actions_list = QListWidget()
        self.actions_list.setAccessibleName(self.tr("Actions agreed at this item"))
        self.actions_list.setFixedHeight(72)
        self.actions_list.setWordWrap(True)
        self.actions_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.actions_list.setToolTip(
            self.tr("Tick an action when it is done (Space); Delete removes it")
        )
        self.actions_list.itemChanged.connect(self._action_ticked)
        self.actions_list.installEventFilter(self)
        self.action_text = QLineEdit()
        self.action_text.setAccessibleName(self.tr("What needs doing"))
        self.action_text.setPlaceholderText(self.tr("What needs doing"))
        self.action_text.returnPressed.connect(self.add_action)
        self.action_owner = QComboBox()
        self.action_owner.setAccessibleName(self.tr("Who does it"))
        self.action_due = QDateEdit()
        self.action_due.setAccessibleName(self.tr("Due by"))
        self.action_due.setCalendarPopup(True)
        self.action_due.setDisplayFormat("ddd d MMM yyyy")
        self.action_due.setMinimumDate(NO_DATE)
        self.action_due.setSpecialValueText(self.tr("No due date"))
        self.add_action_button = QPushButton(self.tr("Add a&ction"))
        self.add_action_button.clicked.connect(self.add_action)
        actions_label = QLabel(self.tr("&Actions"))
        actions_label.setObjectName("sectionTitle")
        actions_label.setBuddy(self.action_text)

        self.motions = MotionsPanel(state)
        self._lay_out(picker_label, declare_label, notes_label, actions_label)

    def _lay_out(self, *labels: QLabel) -> None:
        picker_label, declare_label, notes_label, actions_label = labels
        nav = QHBoxLayout()
        nav.addWidget(picker_label)
        nav.addWidget(self.picker, 1)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        declare_row = QHBoxLayout()
        declare_row.addWidget(self.declarer, 2)
        declare_row.addWidget(self.interest, 2)
        declare_row2 = QHBoxLayout()
        declare_row2.addWidget(self.declare_button)
        declare_row2.addWidget(self.withdraw_declaration_button)
        declare_row2.addStretch(1)
        action_row = QHBoxLayout()
        action_row.addWidget(self.action_owner, 1)
        action_row.addWidget(self.action_due, 1)
        action_row.addWidget(self.add_action_button)
        left_box = QWidget()
        left_box.setObjectName("scrollBody")
        # The motions and votes need the room; the record of the item keeps to a column.
        left_box.setMinimumWidth(300)
        left_box.setMaximumWidth(440)
        left = QVBoxLayout(left_box)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(8)
        left.addWidget(declare_label)
        left.addWidget(self.declarations)
        left.addLayout(declare_row)
        left.addWidget(self.interest_note)
        left.addLayout(declare_row2)
        left.addSpacing(8)
        left.addWidget(notes_label)
        left.addWidget(self.notes, 1)
        left.addWidget(self.notes_state)
        left.addSpacing(8)
        left.addWidget(actions_label)
        left.addWidget(self.actions_list)
        left.addWidget(self.action_text)
        left.addLayout(action_row)
        left.addStretch(0)
        columns = QWidget()
        columns.setObjectName("scrollBody")
        body = QHBoxLayout(columns)
        body.setContentsMargins(0, 0, 12, 0)
        body.setSpacing(24)
        body.addWidget(left_box, 2)
        body.addWidget(self.motions, 3)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(columns)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(nav)
        layout.addWidget(self.quorum)
        layout.addWidget(self.confidential)
        layout.addWidget(scroll, 1)
        order = [self.picker, self.prev_button, self.next_button, self.declarer, self.interest,
                 self.interest_note, self.declare_button, self.declarations,
                 self.withdraw_declaration_button, self.notes, self.action_text,
                 self.action_owner, self.action_due, self.add_action_button,
                 self.actions_list, self.motions.list]  # fmt: skip
        chain_tab_order(order)

    # -- showing --------------------------------------------------------------------------

    def show_meeting(self, view: MeetingView) -> None:
        keep = self.item.id if self.item else None
        self.picker.blockSignals(True)
        self.picker.clear()
        for item in view.items:
            self.picker.addItem(f"{item.number}. {item.title}", item.id)
        index = self.picker.findData(keep) if keep else -1
        self.picker.setCurrentIndex(index if index >= 0 else (0 if view.items else -1))
        self.picker.blockSignals(False)
        members = members_of(view)
        for combo, first in ((self.declarer, self.tr("Member…")),
                             (self.action_owner, self.tr("Who does it…"))):  # fmt: skip
            current = combo.currentData()
            combo.clear()
            combo.addItem(first, "")
            for member_id, name in members:
                combo.addItem(name, member_id)
            combo.setCurrentIndex(max(0, combo.findData(current)))
        for w in (self.declarer, self.interest, self.interest_note, self.declare_button,
                  self.withdraw_declaration_button, self.action_text, self.action_owner,
                  self.action_due, self.add_action_button):  # fmt: skip
            w.setEnabled(not view.locked)
        self.notes.setReadOnly(view.locked)
        self._show_item()

    def current_item(self) -> AgendaItemView | None:
        view, item_id = self.state.view, self.picker.currentData()
        if view is None or not item_id:
            return None
        return next((i for i in view.items if i.id == item_id), None)

    def _picked(self) -> None:
        if self.notes_dirty:
            self.save_notes()
        self._show_item()

    def step(self, by: int) -> None:
        target = self.picker.currentIndex() + by
        if 0 <= target < self.picker.count():
            self.picker.setCurrentIndex(target)

    def go_to(self, number: int) -> None:
        self.picker.setCurrentIndex(number - 1)

    def _show_item(self) -> None:
        view, item = self.state.view, self.current_item()
        changed = item is None or self.item is None or item.id != self.item.id
        self.item = item
        if view is None or item is None:
            return
        self.prev_button.setEnabled(item.number > 1)
        self.next_button.setEnabled(item.number < len(view.items))
        self.quorum.show_message(*quorum_banner(item.quorum))
        if item.confidential:
            self.confidential.show_message(
                "info", self.tr("Confidential item: the press and public are asked to leave.")
            )
        else:
            self.confidential.hide()
        self.declarations.clear()
        kinds = interest_kinds()
        for d in view.declarations:
            if d.agenda_item_id == item.id:
                text = f"{d.member_name}: {kinds.get(d.kind, d.kind)}"
                row = QListWidgetItem(text + (f" — {d.note}" if d.note else ""))
                row.setData(ID_ROLE, d.id)
                self.declarations.addItem(row)
        if changed or not (self.notes_dirty or self.notes.hasFocus()):
            self.notes.blockSignals(True)
            self.notes.setPlainText(item.notes)
            self.notes.blockSignals(False)
            self.notes_dirty = False
            self.notes_state.setText(self.tr("Saved") if item.notes else "")
        self.actions_list.blockSignals(True)
        self.actions_list.clear()
        for a in view.actions:
            if a.agenda_item_id == item.id:
                due = f" · {self.tr('by')} {format_day(a.due_on)}" if a.due_on else ""
                owner = f" ({a.owner_name})" if a.owner_name else ""
                row = QListWidgetItem(f"{a.description}{owner}{due}")
                row.setData(ID_ROLE, a.id)
                row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                done = a.status == ActionStatus.DONE
                row.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
                self.actions_list.addItem(row)
        self.actions_list.blockSignals(False)
        self.motions.show_item(view, item)

    # -- writing --------------------------------------------------------------------------

    def declare(self) -> None:
        item = self.item
        member_id = str(self.declarer.currentData() or "")
        if item is None:
            return
        if not member_id:
            self.state.problem.emit(self.tr("Choose the member who is declaring an interest."))
            self.declarer.setFocus()
            return
        db, staff = self.ctx.db, self.ctx.staff_id
        kind, note = str(self.interest.currentData()), self.interest_note.text()

        def done(_r: object) -> None:
            self.interest_note.clear()
            self.declarer.setCurrentIndex(0)

        self.state.write(
            lambda: interests.declare_interest(
                db, item.id, member_id, kind, note, staff_user_id=staff
            ),
            done=done,
            say=self.tr("Declaration recorded"),
        )

    def withdraw_declaration(self) -> None:
        row = self.declarations.currentItem()
        if row is None:
            return
        db, staff, declaration_id = self.ctx.db, self.ctx.staff_id, str(row.data(ID_ROLE))
        self.state.write(
            lambda: interests.withdraw_declaration(db, declaration_id, staff_user_id=staff)
        )

    def _notes_typed(self) -> None:
        self.notes_dirty = True
        self.notes_state.setText(self.tr("Not saved yet"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Leaving the notes box saves them, so nothing typed waits on a button.
        if watched is self.notes and event.type() == QEvent.Type.FocusOut and self.notes_dirty:
            self.save_notes()
        if (
            watched is self.actions_list
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self.remove_chosen_action()
            return True
        return super().eventFilter(watched, event)

    def _action_ticked(self, row: QListWidgetItem) -> None:
        db, staff, action_id = self.ctx.db, self.ctx.staff_id, str(row.data(ID_ROLE))
        done = row.checkState() == Qt.CheckState.Checked
        self.state.write(
            lambda: actions.set_action_done(db, action_id, done, staff_user_id=staff),
            say=self.tr("Action marked done") if done else self.tr("Action open again"),
        )

    def remove_chosen_action(self) -> None:
        row = self.actions_list.currentItem()
        if row is None:
            return
        db, staff, action_id = self.ctx.db, self.ctx.staff_id, str(row.data(ID_ROLE))
        self.state.write(
            lambda: actions.remove_action(db, action_id, staff_user_id=staff),
            say=self.tr("Action removed"),
        )

    def save_notes(self) -> None:
        item = self.item
        if item is None or not self.notes_dirty:
            return
        db, staff, text = self.ctx.db, self.ctx.staff_id, self.notes.toPlainText()

        def done(_r: object) -> None:
            if self.notes.toPlainText() == text:
                self.notes_dirty = False
                self.notes_state.setText(self.tr("Saved"))

        self.state.write(
            lambda: agenda.set_item_notes(db, item.id, text, staff_user_id=staff), done=done
        )

    def add_action(self) -> None:
        item = self.item
        if item is None:
            return
        due = self.action_due.date()
        details = ActionDetails(
            description=self.action_text.text(),
            owner_member_id=str(self.action_owner.currentData() or "") or None,
            due_on=None if due == NO_DATE else due.toPython(),  # type: ignore[arg-type]
            agenda_item_id=item.id,
        )
        db, staff, meeting_id = self.ctx.db, self.ctx.staff_id, self.state.meeting_id

        def done(_r: object) -> None:
            self.action_text.clear()
            self.action_owner.setCurrentIndex(0)
            self.action_due.setDate(NO_DATE)
            self.action_text.setFocus()

        self.state.write(
            lambda: actions.add_action(db, meeting_id, details, staff_user_id=staff),
            done=done,
            say=self.tr("Action added"),
        )

    def set_due(self, day: date | None) -> None:
        self.action_due.setDate(QDate(day) if day else NO_DATE)
