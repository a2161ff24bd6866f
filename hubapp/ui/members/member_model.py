"""The members table's model: all matching keys up front (plain ints, cheap even for 100,000),
rows read from the database a page at a time only when the view paints them."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from hubapp.models.database import Database
from hubapp.services.member_search import MemberRow, member_rows
from hubapp.ui.members.words import format_date, tr

PAGE_SIZE = 100
MAX_PAGES = 40  # about 4,000 rows in memory, whatever the size of the hub
ID_ROLE = Qt.ItemDataRole.UserRole
NAME_ROLE = Qt.ItemDataRole.UserRole + 1

# (heading, MemberQuery order for this column)
COLUMNS = (
    ("Name", "name"),
    ("Postcode", "postcode"),
    ("Email", "email"),
    ("Phone", "phone"),
    ("Joined", "joined"),
)

_Index = QModelIndex | QPersistentModelIndex


def _list_name(row: MemberRow) -> str:
    """The name people use, with the first name the list is sorted by when it differs:
    "Dick Llewellyn (Richard)"."""
    if row.preferred_name and row.preferred_name != row.first_name:
        return f"{row.display_name} ({row.first_name})"
    return row.display_name


class MemberTableModel(QAbstractTableModel):
    sort_requested = Signal(str)  # a MemberQuery order, e.g. "name" or "joined_desc"

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.keys: list[int] = []
        # Rows in all; more than len(keys) while the rest of a broad search's keys come.
        self.total = 0
        self._pages: OrderedDict[int, list[tuple[MemberRow, tuple[str, ...]] | None]] = (
            OrderedDict()
        )
        self.rows_fetched = 0  # how many rows were read from the database (tests, benches)

    def set_keys(self, keys: list[int], total: int | None = None) -> None:
        self.beginResetModel()
        self.keys = keys
        self.total = len(keys) if total is None else max(total, len(keys))
        self._pages.clear()
        self.endResetModel()

    @property
    def complete(self) -> bool:
        return len(self.keys) == self.total

    def complete_keys(self, keys: list[int]) -> None:
        """Every key of the search whose first page is showing: the view keeps its place."""
        if len(keys) != self.total or keys[: len(self.keys)] != self.keys:
            self.set_keys(keys)  # the members changed meanwhile: start again
            return
        self.keys = keys
        self._pages.clear()
        if keys:
            self.dataChanged.emit(self.index(0, 0), self.index(len(keys) - 1, len(COLUMNS) - 1))

    def forget_rows(self) -> None:
        """Re-read the rows on the next paint (after an edit that left the keys as they were)."""
        self._pages.clear()
        if self.keys:
            last = self.index(len(self.keys) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's name)
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def _entry(self, row: int) -> tuple[MemberRow, tuple[str, ...]] | None:
        if row >= len(self.keys):
            return None  # its key has not come yet
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            page = self._load(number)
        else:
            self._pages.move_to_end(number)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def _load(self, number: int) -> list[tuple[MemberRow, tuple[str, ...]] | None]:
        keys = self.keys[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]
        with self.db.read() as session:
            rows = {r.key: r for r in member_rows(session, keys)}
        self.rows_fetched += len(rows)
        page: list[tuple[MemberRow, tuple[str, ...]] | None] = []
        for key in keys:
            r = rows.get(key)
            joined = format_date(r.joined.astimezone().date(), with_day=False) if r else ""
            page.append((r, (_list_name(r), r.postcode, r.email, r.phone, joined)) if r else None)
        self._pages[number] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    def member_at(self, row: int) -> MemberRow | None:
        if not 0 <= row < len(self.keys):
            return None
        entry = self._entry(row)
        return entry[0] if entry else None

    def row_of_key(self, key: int) -> int:
        try:
            return self.keys.index(key)
        except ValueError:
            return -1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            entry = self._entry(index.row())
            if entry is None:
                gone = index.row() < len(self.keys) and index.column() == 0
                return tr("(no longer here)") if gone else ""
            return entry[1][index.column()]
        if role in (ID_ROLE, NAME_ROLE):
            entry = self._entry(index.row())
            if entry is None:
                return None
            return entry[0].id if role == ID_ROLE else entry[0].display_name
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return tr(COLUMNS[section][0])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            key = COLUMNS[column][1]
            descending = order == Qt.SortOrder.DescendingOrder
            self.sort_requested.emit(f"{key}_desc" if descending else key)
