"""Table models for the groups list and a group's members, over plain rows from the service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from hubapp.services.groups import ROLE_ORDER, GroupMemberRow, GroupRow
from hubapp.ui.groups.role_delegate import RoleDelegate
from hubapp.ui.groups.words import (
    format_day,
    kind_label,
    role_label,
    visibility_icon_name,
    visibility_label,
)
from hubapp.ui.theme import colours, icon

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
DISPLAY = Qt.ItemDataRole.DisplayRole


_icon_cache: dict[tuple[bool, str, str], QIcon] = {}


def visibility_icon(is_public: bool) -> QIcon:
    """The globe or padlock, muted normally and light on the selection's accent colour.
    Kept per theme, since views ask for it at every paint."""
    c = colours()
    key = (is_public, c.muted, c.on_accent)
    if key not in _icon_cache:
        _icon_cache[key] = icon(visibility_icon_name(is_public), "muted")
    return _icon_cache[key]


def set_up_table(table: QTableView, name: str) -> None:
    """What both groups tables share: whole-row selection, zebra stripes, roomy rows, headers
    aligned with their columns, and Tab leaving the table rather than walking its cells."""
    table.setAccessibleName(name)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(40)
    table.setStyleSheet("QTableView::item { padding-left: 8px; padding-right: 8px; }")
    head = table.horizontalHeader()
    head.setHighlightSections(False)
    head.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class GroupTableModel(QAbstractTableModel):
    NAME, KIND, CATEGORY, AREA, MEMBERS, VISIBILITY = range(6)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[GroupRow] = []

    def headers(self) -> list[str]:
        return [
            self.tr("Name"),
            self.tr("Kind"),
            self.tr("Category"),
            self.tr("Area served"),
            self.tr("Members"),
            self.tr("Who can see it"),
        ]

    def set_rows(self, rows: list[GroupRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == DISPLAY:
                return self.headers()[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == self.MEMBERS:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return row.id
        if role in (DISPLAY, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, col)
        if role == SORT_ROLE:
            if col == self.MEMBERS:
                return row.member_count
            return self._text(row, col).casefold()
        if role == Qt.ItemDataRole.DecorationRole and col == self.VISIBILITY:
            return visibility_icon(row.is_public)
        if role == Qt.ItemDataRole.ToolTipRole and col == self.NAME and row.welsh_name:
            return row.welsh_name
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.MEMBERS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _text(self, row: GroupRow, col: int) -> str:
        if col == self.NAME:
            return row.name
        if col == self.KIND:
            return kind_label(row.kind)
        if col == self.CATEGORY:
            return row.category
        if col == self.AREA:
            return row.area_served
        if col == self.MEMBERS:
            return str(row.member_count)
        return visibility_label(row.is_public)


class GroupMembersModel(QAbstractTableModel):
    """A group's members. The role column is editable; `on_role_edited(member_id, role)` is
    called with the choice and the service does the write (the model shows it after reload)."""

    NAME, ROLE, JOINED, EMAIL, PHONE = range(5)

    def __init__(self, on_role_edited: Callable[[str, str], None]) -> None:
        super().__init__()
        self.rows: list[GroupMemberRow] = []
        self.on_role_edited = on_role_edited

    def set_rows(self, rows: list[GroupMemberRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_for(self, member_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.member_id == member_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return [
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Joined"),
                self.tr("Email"),
                self.tr("Phone"),
            ][section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.ROLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return row.member_id
        if role == Qt.ItemDataRole.EditRole and col == self.ROLE:
            return row.role
        if role in (DISPLAY, Qt.ItemDataRole.AccessibleTextRole):
            return [
                row.display_name,
                role_label(row.role),
                format_day(row.joined_on),
                row.email,
                row.phone,
            ][col]
        if role == SORT_ROLE:
            if col == self.ROLE:
                return ROLE_ORDER.index(row.role) if row.role in ROLE_ORDER else len(ROLE_ORDER)
            if col == self.JOINED:
                return row.joined_on.isoformat() if row.joined_on else ""
            return str(self.data(index, DISPLAY)).casefold()
        if role == Qt.ItemDataRole.FontRole and col == self.ROLE and row.role != "member":
            # Officers stand out in weight as well as in their word.
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.ROLE or role != Qt.ItemDataRole.EditRole:
            return False
        row = self.rows[index.row()]
        if value != row.role:
            self.on_role_edited(row.member_id, str(value))
        return True


def members_table(model: QAbstractItemModel, name: str) -> QTableView:
    """The members table of a group's page: roles first, editable in place (F2, or a click
    on the selected role), emails taking the room the other columns leave."""
    table = QTableView()
    table.setModel(model)
    set_up_table(table, name)
    table.sortByColumn(GroupMembersModel.ROLE, Qt.SortOrder.AscendingOrder)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.SelectedClicked | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    table.setItemDelegateForColumn(GroupMembersModel.ROLE, RoleDelegate(table))
    table.horizontalHeader().setSectionResizeMode(
        GroupMembersModel.EMAIL, QHeaderView.ResizeMode.Stretch
    )
    for column, width in (
        (GroupMembersModel.NAME, 190),
        (GroupMembersModel.ROLE, 120),
        (GroupMembersModel.JOINED, 160),
        (GroupMembersModel.PHONE, 130),
    ):
        table.setColumnWidth(column, width)
    return table
