"""The Groups screen: the list, a group's page and the register/edit form, one at a time,
and the app-wide events that open a group or say that groups or members changed."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from hubapp.services.groups import GroupDetails, GroupSummary
from hubapp.ui.context import AppContext
from hubapp.ui.groups.form import GroupForm
from hubapp.ui.groups.group_view import GroupView
from hubapp.ui.groups.list_view import GroupListView


class GroupsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName(self.tr("Groups"))
        self.list = GroupListView(ctx)
        self.group = GroupView(ctx)
        self.form = GroupForm(ctx)
        self.stack = QStackedWidget()
        for widget in (self.list, self.group, self.form):
            self.stack.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.list.open_requested.connect(self.show_group)
        self.list.register_requested.connect(self.register_group)
        self.group.back_requested.connect(self.show_list)
        self.group.edit_requested.connect(self.edit_group)
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self._cancelled)
        self.form.open_existing.connect(self.show_group)
        ctx.events.open_group.connect(self.show_group)
        # Several writes in a row (or a group and a member change together) reload once.
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.list.reload)
        ctx.events.groups_changed.connect(self._refresh_timer.start)
        ctx.events.members_changed.connect(self._refresh_timer.start)
        self.list.reload()

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list)
        self.list.table.setFocus()

    def show_group(self, group_id: str) -> None:
        self.group.show_group(group_id)
        self.stack.setCurrentWidget(self.group)
        self.group.picker.edit.setFocus()

    def register_group(self) -> None:
        self.form.start_new()
        self.stack.setCurrentWidget(self.form)
        self.form.name.setFocus()

    def edit_group(self, group_id: str, details: GroupDetails) -> None:
        self.form.start_edit(group_id, details)
        self.stack.setCurrentWidget(self.form)
        self.form.name.setFocus()

    def _saved(self, summary: GroupSummary) -> None:
        text = self.tr("Changes to %1 saved") if self.form.editing else self.tr("%1 registered")
        self.ctx.events.notify.emit(text.replace("%1", summary.name), None)
        self.ctx.events.groups_changed.emit()
        self.show_group(summary.id)

    def _cancelled(self) -> None:
        if self.form.editing:
            self.show_group(self.form.group_id)
        else:
            self.show_list()
