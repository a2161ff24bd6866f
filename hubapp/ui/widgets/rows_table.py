"""A read-only table over a list of plain rows (frozen dataclasses from a service): each
column is a heading and a function that words a row. Enough for the short lists on the
opportunities and feedback screens; long lists have models of their own."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from hubapp.ui.groups.tables import set_up_table

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column(Generic[Row]):
    heading: str
    text: Callable[[Row], str]
    sort: Callable[[Row], Any] | None = None
    tooltip: Callable[[Row], str] | None = None
    width: int = 0  # 0: stretch


class RowsModel(QAbstractTableModel, Generic[Row]):
    def __init__(self, columns: Sequence[Column[Row]], row_id: Callable[[Row], str]) -> None:
        super().__init__()
        self.columns = list(columns)
        self.row_id = row_id
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else None
        if role == ID_ROLE:
            return self.row_id(row)
        if role == SORT_ROLE:
            return column.sort(row) if column.sort else column.text(row).casefold()
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].heading
        return None

    def row_at(self, number: int) -> Row | None:
        return self.rows[number] if 0 <= number < len(self.rows) else None


def rows_table(model: RowsModel[Any], name: str, *, wrap: bool = False) -> QTableView:
    """A table in the house style for `model`: whole rows, zebra stripes, named for screen
    readers. `wrap`: cells of several lines, each row as tall as it needs."""
    table = QTableView()
    table.setModel(model)
    set_up_table(table, name)
    table.setSortingEnabled(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    head = table.horizontalHeader()
    head.setStretchLastSection(False)
    for number, column in enumerate(model.columns):
        if column.width:
            head.setSectionResizeMode(number, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(number, column.width)
        else:
            head.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
    if wrap:
        table.setWordWrap(True)
        table.setStyleSheet("QTableView::item { padding: 6px 8px; }")
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return table


def current_row(table: QTableView, model: RowsModel[Row]) -> Row | None:
    index = table.currentIndex()
    return model.row_at(index.row()) if index.isValid() else None


def replace_rows(table: QTableView, model: RowsModel[Row], rows: list[Row]) -> None:
    """New rows for the table, keeping the row that was current (by its id) selected, or
    else the first one."""
    kept = current_row(table, model)
    wanted = model.row_id(kept) if kept is not None else None
    model.set_rows(rows)
    if rows:
        at = next((n for n, row in enumerate(rows) if model.row_id(row) == wanted), 0)
        table.selectRow(at)
