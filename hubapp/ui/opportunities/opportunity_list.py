"""The list of opportunities down the left: search as you type, active or withdrawn ones,
how many people's interest is waiting, and "New opportunity" (Ctrl+N). For a group
organiser's account, only their groups' ones, and a line naming those groups."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hubapp.models.people import fold
from hubapp.services.opportunities import OpportunityRow, list_opportunities
from hubapp.ui.context import AppContext
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.opportunities.words import t
from hubapp.ui.widgets.alive import while_alive
from hubapp.ui.widgets.forms import empty_message

ID_ROLE = Qt.ItemDataRole.UserRole
LIST_WIDTH = 300
SEARCH_DELAY_MS = 150


def matches(row: OpportunityRow, typed: str) -> bool:
    words = fold(typed).split()
    text = fold(f"{row.title} {row.group_name} {row.place_text} {row.when_text}")
    return all(word in text for word in words)


class OpportunityList(QWidget):
    open_requested = Signal(str)
    new_requested = Signal()
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.has_loaded = False
        self.rows: list[OpportunityRow] = []
        self.group_names: list[str] | None = None  # an organiser's groups, once known
        self.shown: list[OpportunityRow] = []
        self._generation = 0
        self.setFixedWidth(LIST_WIDTH)
        icons = IconKeeper(self)
        title = QLabel(t("Get involved"))
        title.setObjectName("pageTitle")
        self.scope_note = QLabel()
        self.scope_note.setObjectName("muted")
        self.scope_note.setWordWrap(True)
        self.scope_note.hide()
        self.new_button = QPushButton(t("&New opportunity"))
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip(t("Post a new way to get involved (Ctrl+N)"))
        self.new_button.setAccessibleName(t("New opportunity"))
        icons.set(self.new_button, "mdi6.plus", "on_accent")
        self.new_button.clicked.connect(self.new_requested)
        QShortcut(QKeySequence.StandardKey.New, self).activated.connect(self._new_if_allowed)
        self.search = QLineEdit()
        self.search.setPlaceholderText(t("Search by title, group or place"))
        self.search.setAccessibleName(t("Search opportunities"))
        self.search.setClearButtonEnabled(True)
        icons.set(
            self.search.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition),
            "mdi6.magnify",
            "muted",
        )
        self.search.installEventFilter(self)
        self.show_filter = QComboBox()
        self.show_filter.addItem(t("Active"), "active")
        self.show_filter.addItem(t("Withdrawn"), "withdrawn")
        self.show_filter.addItem(t("All"), "all")
        self.show_filter.setAccessibleName(t("Show opportunities"))
        filter_label = QLabel(t("Show"))
        filter_label.setObjectName("fieldLabel")
        filter_label.setBuddy(self.show_filter)
        self.list = QListWidget()
        self.list.setAccessibleName(t("Opportunities"))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setStyleSheet("QListWidget::item { padding: 6px 8px; }")
        self.list.currentItemChanged.connect(self._current_changed)
        self.empty = empty_message()
        self.empty.hide()
        self.count = QLabel()
        self.count.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 24, 8, 16)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.scope_note)
        layout.addWidget(self.new_button)
        layout.addSpacing(8)
        layout.addWidget(self.search)
        layout.addWidget(filter_label)
        layout.addWidget(self.show_filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.count)
        layout.addStretch(0)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._fill)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.show_filter.currentIndexChanged.connect(lambda _i: self.reload())

    def reload(self, select: str | None = None) -> None:
        """Reads the opportunities on the worker; older answers are dropped."""
        self._generation += 1
        generation, db, staff = self._generation, self.ctx.db, self.ctx.staff_id
        keep = select or self.current_id()
        self.ctx.tasks.run(
            lambda _p: list_opportunities(db, active_only=False, staff_user_id=staff),
            on_success=while_alive(self, lambda rows: self._loaded(rows, keep, generation)),
        )

    def _loaded(self, rows: list[OpportunityRow], keep: str | None, generation: int) -> None:
        if generation != self._generation:
            return
        self.rows = rows
        self._fill(keep)
        self.has_loaded = True
        self.loaded.emit()

    def _fill(self, keep: str | None = None) -> None:
        keep = keep or self.current_id()
        which = self.show_filter.currentData()
        typed = self.search.text()
        self.shown = [
            r
            for r in self.rows
            if (which == "all" or r.active == (which == "active")) and matches(r, typed)
        ]
        self.list.blockSignals(True)
        self.list.clear()
        for row in self.shown:
            self.list.addItem(self._item(row))
        self.list.blockSignals(False)
        self._say_empty(which, typed)
        if keep:
            self.select(keep)
        elif self.shown and not self.has_loaded:
            self.list.setCurrentRow(0)  # the first visit opens the first one

    def _new_if_allowed(self) -> None:
        if self.new_button.isEnabled():  # an organiser with no group may post nothing
            self.new_requested.emit()

    def set_scope(self, group_names: list[str] | None) -> None:
        """An organiser's groups (None: hub staff, who see everything). With none, there is
        nothing they may post."""
        self.group_names = group_names
        if group_names is None:
            self.scope_note.hide()
            return
        if group_names:
            words = t("For your groups: %1").replace("%1", ", ".join(group_names))
        else:
            words = t("You are not an officer of any group at the moment.")
        self.scope_note.setText(words)
        self.scope_note.show()
        self.new_button.setEnabled(bool(group_names))
        if self.has_loaded:
            self._say_empty(self.show_filter.currentData(), self.search.text())

    def _say_empty(self, which: str, typed: str) -> None:
        if not self.rows and self.group_names == []:
            text = t("Nothing to show: an organiser's account sees the ways to get involved of "
                     "the groups its member is an officer of. Ask the hub's staff if your role "
                     "in a group is missing.")  # fmt: skip
        elif not self.rows:
            text = t("Nothing posted yet. Post the first way to get involved with New opportunity.")
        elif typed.strip() and not self.shown:
            text = t("Nothing matches “%1”.").replace("%1", typed.strip())
        elif which == "withdrawn":
            text = t("Nothing has been withdrawn.")
        else:
            text = t("No active opportunities. Show withdrawn ones, or post a new one.")
        self.empty.setText(text)
        self.empty.setVisible(not self.shown)
        self.list.setVisible(bool(self.shown))
        n = len(self.shown)
        self.count.setText(
            t("1 opportunity") if n == 1 else t("%1 opportunities").replace("%1", str(n))
        )
        self.count.setVisible(bool(self.shown))

    def _item(self, row: OpportunityRow) -> QListWidgetItem:
        lines = [row.title, *(x for x in (row.group_name, row.when_text) if x)]
        extra = []
        if not row.active:
            extra.append(t("Withdrawn"))
        if row.new_interest_count:
            extra.append(t("● %1 new interest").replace("%1", str(row.new_interest_count)))
        if extra:
            lines.append(" · ".join(extra))
        item = QListWidgetItem("\n".join(lines))
        item.setData(ID_ROLE, row.id)
        item.setToolTip(f"{row.title}\n{row.when_text}\n{row.place_text}")
        return item

    def select(self, opportunity_id: str) -> None:
        for n in range(self.list.count()):
            if self.list.item(n).data(ID_ROLE) == opportunity_id:
                self.list.setCurrentRow(n)
                return

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        value = item.data(ID_ROLE) if item is not None else None
        return str(value) if value else None

    def _current_changed(self, item: QListWidgetItem | None, _old: object) -> None:
        if item is not None and item.data(ID_ROLE):
            self.open_requested.emit(str(item.data(ID_ROLE)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down or Enter from the search box goes into the list.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            keys = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if event.key() in keys and self.list.count():
                if self._search_timer.isActive():
                    self._search_timer.stop()
                    self._fill()
                self.list.setFocus()
                if self.list.currentRow() < 0:
                    self.list.setCurrentRow(0)
                return True
        return super().eventFilter(watched, event)
