"""Search as you type over existing members, to enlist one: type, arrow down, Enter. The
matches float under the field (like a completer) and focus stays in the field throughout."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QHideEvent, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.groups import EnlistCandidate, find_members_to_enlist
from hubapp.ui.context import AppContext
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.theme import colours, icon

SEARCH_DELAY_MS = 120
MEMBER_ROLE = Qt.ItemDataRole.UserRole
NEW_PERSON = "__new__"


class MemberPicker(QWidget):
    chosen = Signal(str, str)  # member id, display name
    new_person_requested = Signal(str)  # what was typed, to start the sign-up form with
    searched = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group_id = ""
        self._generation = 0
        self._enter_pending = False
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Type a name, email, phone or postcode"))
        self.edit.setAccessibleName(self.tr("Find a member to enlist"))
        self.edit.setClearButtonEnabled(True)
        IconKeeper(self).set(
            self.edit.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition),
            "mdi6.magnify",
            "muted",
        )
        self.edit.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)

        # A child from the start (moved onto the window when first shown), so it goes with
        # this field rather than lingering as a hidden window of its own.
        self.popup = QFrame(self)
        self.popup.setObjectName("searchResults")
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Matching members"))
        # The list never takes focus: typing carries on in the field while arrows move here.
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setUniformItemSizes(True)
        self.results.itemClicked.connect(self._choose_item)
        inner = QVBoxLayout(self.popup)
        inner.setContentsMargins(4, 4, 4, 4)
        inner.addWidget(self.results)
        self.popup.hide()

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.edit.textEdited.connect(lambda _t: self._timer.start())

    def set_group(self, group_id: str) -> None:
        self.group_id = group_id
        self.clear()

    def clear(self) -> None:
        self._generation += 1
        self._enter_pending = False
        self.edit.clear()
        self.results.clear()
        self.popup.hide()

    # -- searching --------------------------------------------------------------------------

    def _search(self) -> None:
        self._generation += 1
        generation, text, group_id, db = (
            self._generation,
            self.edit.text(),
            self.group_id,
            self.ctx.db,
        )
        if not text.strip():
            self.results.clear()
            self.popup.hide()
            return
        self.ctx.tasks.run(
            lambda _p: find_members_to_enlist(db, group_id, text),
            on_success=lambda found: self._show(found, text, generation),
        )

    def _show(self, found: list[EnlistCandidate], text: str, generation: int) -> None:
        if generation != self._generation:
            return
        self.results.clear()
        for candidate in found:
            self.results.addItem(self._item(candidate))
        if not found:
            none = QListWidgetItem(self.tr("No members match “%1”.").replace("%1", text.strip()))
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            none.setForeground(QColor(colours().muted))
            self.results.addItem(none)
        new = QListWidgetItem(icon("mdi6.account-plus", "accent"), self.tr("Sign up someone new…"))
        new.setData(MEMBER_ROLE, NEW_PERSON)
        self.results.addItem(new)
        # Like a completer: nothing is current until the arrows are used; Enter takes the first.
        self.results.setCurrentRow(-1)
        self._announce()
        self._place_popup()
        self.searched.emit()
        if self._enter_pending:
            self._enter_pending = False
            self._choose_current()

    def _item(self, c: EnlistCandidate) -> QListWidgetItem:
        name = c.display_name
        if c.already_member:
            name += "  " + self.tr("(already in this group)")
        extra = " · ".join(x for x in (c.postcode, c.email or c.phone) if x)
        text = f"{name}  —  {extra}" if extra else name
        item = QListWidgetItem(icon("mdi6.account", "muted"), text)
        item.setData(MEMBER_ROLE, c.member_id)
        item.setData(Qt.ItemDataRole.UserRole + 1, c.display_name)
        if c.already_member:
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setForeground(QColor(colours().muted))
            item.setIcon(icon("mdi6.account-check", "muted"))
        return item

    @staticmethod
    def _selectable(item: QListWidgetItem | None) -> bool:
        return item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)

    def _place_popup(self) -> None:
        window = self.window()
        if self.popup.parent() is not window:
            self.popup.setParent(window)
        rows = self.results.count()
        row_height = max(self.results.sizeHintForRow(0), 28)
        where = self.edit.mapTo(window, QPoint(0, self.edit.height() + 2))
        # Wider than the field when there is room, so emails are not cut short.
        width = max(self.edit.width(), min(640, window.width() - where.x() - 24))
        self.popup.setGeometry(where.x(), where.y(), width, rows * row_height + 14)
        self.popup.raise_()
        self.popup.show()

    # -- choosing -----------------------------------------------------------------------------

    def _first_selectable(self) -> int:
        count = self.results.count()
        return next((i for i in range(count) if self._selectable(self.results.item(i))), -1)

    def _choose_current(self) -> None:
        item = self.results.currentItem()
        if not self._selectable(item):
            item = self.results.item(self._first_selectable())
        self._choose_item(item)

    def _move(self, step: int) -> None:
        row = self.results.currentRow()
        if row < 0 and step < 0:
            row = 0
        count = self.results.count()
        for _ in range(count):
            row = (row + step) % count
            if self._selectable(self.results.item(row)):
                self.results.setCurrentRow(row)
                self._announce()
                return

    def _announce(self) -> None:
        # Focus stays in the field, so tell assistive technology which match is current.
        item = self.results.currentItem()
        self.edit.setAccessibleDescription(item.text() if item is not None else "")

    def _choose_item(self, item: QListWidgetItem | None) -> None:
        if not self._selectable(item):
            return
        assert item is not None
        member_id = str(item.data(MEMBER_ROLE))
        if member_id == NEW_PERSON:
            typed = self.edit.text().strip()
            self.clear()
            self.new_person_requested.emit(typed)
            return
        name = str(item.data(Qt.ItemDataRole.UserRole + 1))
        self.clear()
        self.chosen.emit(member_id, name)

    def hideEvent(self, event: QHideEvent) -> None:
        # The matches float on the window, not inside this page: they go when the page goes.
        self.popup.hide()
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.popup.hide()
        if watched is not self.edit or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            if self._timer.isActive():
                self._timer.stop()
                self._search()
            elif self.popup.isHidden() and self.results.count():
                self._place_popup()
            else:
                self._move(1 if key == Qt.Key.Key_Down else -1)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._timer.isActive():
                # Typed fast and pressed Enter: take the first match once it is found.
                self._timer.stop()
                self._enter_pending = True
                self._search()
            elif self.popup.isVisible():
                self._choose_current()
            return True
        if key == Qt.Key.Key_Escape and self.popup.isVisible():
            self.popup.hide()
            return True
        return super().eventFilter(watched, event)
