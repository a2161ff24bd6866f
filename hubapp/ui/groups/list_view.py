"""The list of groups: search as you type, a sortable table, and what to do when it is empty."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.groups import GroupRow, list_groups
from hubapp.ui.context import AppContext
from hubapp.ui.groups.highlight import HighlightDelegate
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.groups.tables import ID_ROLE, SORT_ROLE, GroupTableModel, set_up_table
from hubapp.ui.widgets.forms import EmptyState, PageHeader

SEARCH_DELAY_MS = 150


class GroupListView(QWidget):
    open_requested = Signal(str)
    register_requested = Signal()
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._generation = 0
        self._open_after_load = False
        self.has_loaded = False
        header = PageHeader(
            self.tr("Groups"),
            self.tr("Community groups, councils and committees, and who belongs to them."),
        )
        icons = IconKeeper(self)
        self.register_button = QPushButton(self.tr("&Register a group"))
        icons.set(self.register_button, "mdi6.plus", "on_accent")
        self.register_button.setObjectName("primary")
        self.register_button.setToolTip(self.tr("Register a group (Ctrl+N)"))
        self.register_button.clicked.connect(self.register_requested)
        header.add_action(self.register_button)
        QShortcut(QKeySequence.StandardKey.New, self).activated.connect(self.register_requested)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search groups by name, category or area"))
        self.search.setAccessibleName(self.tr("Search groups"))
        self.search.setClearButtonEnabled(True)
        icons.set(
            self.search.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition),
            "mdi6.magnify",
            "muted",
        )
        self.search.installEventFilter(self)
        self.count = QLabel()
        self.count.setObjectName("muted")
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addSpacing(16)
        search_row.addWidget(self.count)

        self.model = GroupTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        set_up_table(self.table, self.tr("Groups"))
        self.table.sortByColumn(GroupTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.delegate = HighlightDelegate(self.table)
        for column in (GroupTableModel.NAME, GroupTableModel.CATEGORY, GroupTableModel.AREA):
            self.table.setItemDelegateForColumn(column, self.delegate)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(False)
        head.setSectionResizeMode(GroupTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (GroupTableModel.KIND, 170),
            (GroupTableModel.CATEGORY, 240),
            (GroupTableModel.AREA, 180),
            (GroupTableModel.MEMBERS, 100),
            (GroupTableModel.VISIBILITY, 150),
        ):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._open_index)

        self.empty = EmptyState(
            self.tr("No groups yet. Register the first group, then enlist its members."),
            self.tr("Register the first group"),
        )
        self.empty.button.setAccessibleName(self.tr("Register the first group"))
        self.empty.button.clicked.connect(self.register_requested)
        self.no_match = EmptyState("", self.tr("Clear the search"))
        self.no_match.button.setObjectName("")
        self.no_match.button.clicked.connect(self.search.clear)
        self.states = QStackedWidget()
        for widget in (self.table, self.empty, self.no_match):
            self.states.addWidget(widget)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(header)
        layout.addLayout(search_row)
        layout.addWidget(self.states, 1)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        QWidget.setTabOrder(self.register_button, self.search)
        QWidget.setTabOrder(self.search, self.table)

    def reload(self) -> None:
        """Reads the groups on the worker; answers to older searches are dropped."""
        self._generation += 1
        generation = self._generation
        text = self.search.text()
        db = self.ctx.db
        self.ctx.tasks.run(
            lambda _p: list_groups(db, text),
            on_success=lambda rows: self._show(rows, text, generation),
        )

    def _show(self, rows: list[GroupRow], text: str, generation: int) -> None:
        if generation != self._generation:
            return
        # A refresh keeps the selection; a new search starts at the top match.
        current = self.current_group_id() if text == self.delegate.typed else None
        self.delegate.typed = text
        self.model.set_rows(rows)
        if not rows and not text.strip():
            self.states.setCurrentWidget(self.empty)
            self.count.setText("")
        elif not rows:
            self.no_match.message.setText(
                self.tr("No groups match “%1”.").replace("%1", text.strip())
            )
            self.states.setCurrentWidget(self.no_match)
            self.count.setText(self.tr("No matches"))
        else:
            self.states.setCurrentWidget(self.table)
            self.count.setText(
                self.tr("1 group")
                if len(rows) == 1
                else self.tr("%1 groups").replace("%1", str(len(rows)))
            )
            self._select(current)
        self.has_loaded = True
        self.loaded.emit()
        if self._open_after_load and rows:
            self._open_after_load = False
            self._open_index(self.table.currentIndex())

    def _select(self, group_id: str | None) -> None:
        """The given group if it is still listed, else the top row as sorted on screen."""
        row = next((i for i, r in enumerate(self.model.rows) if r.id == group_id), -1)
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        else:
            index = self.proxy.index(0, 0)
        self.table.setCurrentIndex(index)

    def current_group_id(self) -> str | None:
        index = self.table.currentIndex()
        value = index.data(ID_ROLE) if index.isValid() else None
        return str(value) if value else None

    def _open_index(self, index: QModelIndex) -> None:
        group_id = index.data(ID_ROLE)
        if group_id:
            self.open_requested.emit(str(group_id))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down from the search box goes into the list; Enter there opens the top group.
        if watched is not self.search or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        if event.key() == Qt.Key.Key_Down and self.model.rows:
            self.table.setFocus()
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._search_timer.isActive():
                # The list is about to change: open the top match once it has.
                self._search_timer.stop()
                self._open_after_load = True
                self.reload()
            elif self.model.rows:
                self._open_index(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)
