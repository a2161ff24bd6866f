"""The list of meetings down the left: upcoming first (soonest at the top), then past ones
(latest first), filtered by group, with "New meeting" (Ctrl+N)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.groups import GroupRow, list_groups
from hubapp.services.meetings.scheduling import list_meetings
from hubapp.services.meetings.views import MeetingRow
from hubapp.ui.context import AppContext
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.meetings.words import format_when
from hubapp.ui.widgets.forms import empty_message

ID_ROLE = Qt.ItemDataRole.UserRole
LIST_WIDTH = 264


class MeetingList(QWidget):
    open_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.has_loaded = False
        self.groups: list[GroupRow] = []
        self.rows: list[MeetingRow] = []
        self._generation = 0
        self._select_after: str | None = None
        self.setFixedWidth(LIST_WIDTH)
        icons = IconKeeper(self)
        title = QLabel(self.tr("Meetings"))
        title.setObjectName("pageTitle")
        self.new_button = QPushButton(self.tr("&New meeting"))
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip(self.tr("Schedule a meeting (Ctrl+N)"))
        self.new_button.setAccessibleName(self.tr("New meeting"))
        icons.set(self.new_button, "mdi6.calendar-plus", "on_accent")
        self.new_button.clicked.connect(self.new_requested)
        QShortcut(QKeySequence.StandardKey.New, self).activated.connect(self.new_requested)
        self.group_filter = QComboBox()
        self.group_filter.setAccessibleName(self.tr("Show meetings of"))
        self.group_filter.addItem(self.tr("All groups"), "")
        self.group_filter.currentIndexChanged.connect(lambda _i: self.reload())
        # No Alt letter: the tabs below use them all; Tab from "New meeting" reaches it.
        filter_label = QLabel(self.tr("Show meetings of"))
        filter_label.setObjectName("fieldLabel")
        filter_label.setBuddy(self.group_filter)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Meetings, upcoming then past"))
        self.list.setAlternatingRowColors(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setWordWrap(True)
        self.list.setStyleSheet("QListWidget::item { padding: 6px 8px; }")
        self.list.currentItemChanged.connect(self._current_changed)
        self.empty = empty_message(
            self.tr("No meetings yet. Schedule the first one with New meeting (Ctrl+N).")
        )
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 24, 8, 16)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.new_button)
        layout.addSpacing(8)
        layout.addWidget(filter_label)
        layout.addWidget(self.group_filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addStretch(0)

    def reload(self, select: str | None = None) -> None:
        self._generation += 1
        generation, db = self._generation, self.ctx.db
        group_id = str(self.group_filter.currentData() or "") or None
        self._select_after = select or self.current_id()

        def work(_p: object) -> tuple[list[GroupRow], list[MeetingRow], list[MeetingRow]]:
            return (
                list_groups(db, ""),
                list_meetings(db, group_id, upcoming=True),
                list_meetings(db, group_id, upcoming=False),
            )

        self.ctx.tasks.run(work, on_success=lambda r: self._show(*r, generation=generation))

    def _show(
        self,
        groups: list[GroupRow],
        upcoming: list[MeetingRow],
        past: list[MeetingRow],
        *,
        generation: int,
    ) -> None:
        if generation != self._generation:
            return
        self._fill_groups(groups)
        keep = self._select_after
        self.list.blockSignals(True)
        self.list.clear()
        self.rows = upcoming + past
        for heading, rows in ((self.tr("Upcoming"), upcoming), (self.tr("Past"), past)):
            if not rows:
                continue
            head = QListWidgetItem(heading.upper())
            head.setFlags(Qt.ItemFlag.NoItemFlags)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            self.list.addItem(head)
            for row in rows:
                self.list.addItem(self._item(row))
        self.list.blockSignals(False)
        self.empty.setVisible(not self.rows)
        self.list.setVisible(bool(self.rows))
        self.has_loaded = True
        if keep:
            self.select(keep)

    def _item(self, row: MeetingRow) -> QListWidgetItem:
        extra = ""
        if row.status == "cancelled":
            extra = self.tr(" · cancelled")
        elif row.minutes_status == "approved":
            extra = self.tr(" · minutes approved")
        elif row.minutes_status == "draft":
            extra = self.tr(" · draft minutes")
        item = QListWidgetItem(f"{format_when(row.starts_at)}{extra}\n{row.title}")
        item.setData(ID_ROLE, row.id)
        item.setToolTip(f"{row.title}\n{row.place}")
        return item

    def _fill_groups(self, groups: list[GroupRow]) -> None:
        self.groups = groups
        current = self.group_filter.currentData()
        self.group_filter.blockSignals(True)
        self.group_filter.clear()
        self.group_filter.addItem(self.tr("All groups"), "")
        for g in sorted(groups, key=lambda g: g.name.lower()):
            self.group_filter.addItem(g.name, g.id)
        self.group_filter.setCurrentIndex(max(0, self.group_filter.findData(current)))
        self.group_filter.blockSignals(False)

    def select(self, meeting_id: str) -> None:
        for n in range(self.list.count()):
            if self.list.item(n).data(ID_ROLE) == meeting_id:
                self.list.setCurrentRow(n)
                return

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        value = item.data(ID_ROLE) if item is not None else None
        return str(value) if value else None

    def _current_changed(self, item: QListWidgetItem | None, _old: object) -> None:
        if item is not None and item.data(ID_ROLE):
            self.open_requested.emit(str(item.data(ID_ROLE)))
