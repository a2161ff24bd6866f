"""Changing a member's role right in the members table: a combo box as the cell's editor
(F2 or a click on the selected role), committed as soon as a role is picked."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from hubapp.services.groups import ROLE_ORDER
from hubapp.ui.groups.words import role_label

Index = QModelIndex | QPersistentModelIndex


def role_combo(parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for role in ROLE_ORDER:
        combo.addItem(role_label(role), role.value)
    return combo


class RoleDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = role_combo(parent)
        combo.setAccessibleName(self.tr("Role"))

        def picked(_i: int) -> None:
            self.commitData.emit(combo)
            self.closeEditor.emit(combo)

        combo.activated.connect(picked)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        editor.setGeometry(option.rect)
