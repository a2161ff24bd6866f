"""One group's page: what it is, and its members with their roles. Staff enlist existing
members (search as you type), sign someone new straight in, change roles and remove people,
each with Undo."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hubapp.models.vocab import GroupRole
from hubapp.services import groups as service
from hubapp.services.errors import ServiceError
from hubapp.services.groups import GroupProfile
from hubapp.services.staff import Permission
from hubapp.ui.context import AppContext
from hubapp.ui.groups.confirm import ask
from hubapp.ui.groups.details_card import DetailsCard
from hubapp.ui.groups.group_writes import GroupWrites
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.groups.member_picker import MemberPicker
from hubapp.ui.groups.role_delegate import role_combo
from hubapp.ui.groups.signup_dialog import SignUpIntoGroupDialog
from hubapp.ui.groups.tables import ID_ROLE, SORT_ROLE, GroupMembersModel, members_table
from hubapp.ui.groups.words import error_text, kind_label, visibility_label
from hubapp.ui.widgets.forms import EmptyState, PageHeader


class GroupView(QWidget):
    back_requested = Signal()
    edit_requested = Signal(str, object)  # group id, GroupDetails
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group_id = ""
        self.profile: GroupProfile | None = None
        self.signup_dialog: SignUpIntoGroupDialog | None = None
        self._generation = 0
        self._select_after_load: str | None = None
        self.writes = GroupWrites(ctx, self)
        self.writes.failed.connect(self.reload)
        self._build()
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.reload)
        ctx.events.groups_changed.connect(self._refresh_soon)
        ctx.events.members_changed.connect(self._refresh_soon)

    # -- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        can_edit = self.ctx.can(Permission.GROUPS)
        icons = IconKeeper(self)
        self.back_button = QPushButton(self.tr("All groups"))
        icons.set(self.back_button, "mdi6.arrow-left", "accent")
        self.back_button.setObjectName("link")
        self.back_button.setToolTip(self.tr("Back to all groups (Alt+Left)"))
        self.back_button.clicked.connect(self.back_requested)
        QShortcut(QKeySequence.StandardKey.Back, self).activated.connect(self.back_requested)
        self.header = PageHeader("")
        self.edit_button = self.header.add_action(QPushButton(self.tr("&Edit details")))
        icons.set(self.edit_button, "mdi6.pencil")
        self.edit_button.clicked.connect(self._edit)
        self.delete_button = self.header.add_action(QPushButton(self.tr("&Delete group")))
        icons.set(self.delete_button, "mdi6.delete-outline")
        self.delete_button.clicked.connect(self.delete_group)
        self.restore_button = self.header.add_action(QPushButton(self.tr("Res&tore group")))
        icons.set(self.restore_button, "mdi6.restore")
        self.restore_button.clicked.connect(self.restore_group)
        self.card = DetailsCard()

        self.members_title = QLabel(self.tr("Members"))
        self.members_title.setObjectName("sectionTitle")
        self.picker = MemberPicker(self.ctx)
        self.picker.chosen.connect(self.enlist)
        self.picker.new_person_requested.connect(self.sign_up_new)
        enlist_label = QLabel(self.tr("Enlist a &member"))
        enlist_label.setObjectName("fieldLabel")
        enlist_label.setBuddy(self.picker.edit)
        as_label = QLabel(self.tr("a&s"))
        self.enlist_role = role_combo()
        self.enlist_role.setAccessibleName(self.tr("Enlist as"))
        self.enlist_role.setCurrentIndex(self.enlist_role.findData(GroupRole.MEMBER.value))
        as_label.setBuddy(self.enlist_role)
        self.sign_up_button = QPushButton(self.tr("Sign &up someone new…"))
        icons.set(self.sign_up_button, "mdi6.account-plus")
        self.sign_up_button.clicked.connect(lambda: self.sign_up_new(""))

        self.model = GroupMembersModel(self.change_role)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = members_table(self.proxy, self.tr("Members of the group"))
        self.table.activated.connect(self._open_member)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        remove_key = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self.remove_selected)
        self.members_empty = EmptyState(
            self.tr("No members yet. Find someone above to enlist them, or sign up someone new.")
        )
        self.members_stack = QStackedWidget()
        self.members_stack.addWidget(self.table)
        self.members_stack.addWidget(self.members_empty)

        self.selected_name = QLabel()
        self.selected_name.setObjectName("fieldLabel")
        role_label_widget = QLabel(self.tr("&Role:"))
        self.selected_role = role_combo()
        self.selected_role.setAccessibleName(self.tr("Role of the selected member"))
        role_label_widget.setBuddy(self.selected_role)
        self.selected_role.activated.connect(self._selected_role_picked)
        self.remove_button = QPushButton(self.tr("Remo&ve from group"))
        icons.set(self.remove_button, "mdi6.account-remove-outline")
        self.remove_button.setToolTip(self.tr("Remove the selected member from the group (Delete)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.selection_bar = QWidget()
        bar = QHBoxLayout(self.selection_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.selected_name)
        bar.addSpacing(8)
        bar.addWidget(role_label_widget)
        bar.addWidget(self.selected_role)
        bar.addStretch(1)
        bar.addWidget(self.remove_button)

        enlist_row = QHBoxLayout()
        enlist_row.setSpacing(8)
        enlist_row.addWidget(self.picker, 1)
        enlist_row.addWidget(as_label)
        enlist_row.addWidget(self.enlist_role)
        enlist_row.addSpacing(8)
        enlist_row.addWidget(self.sign_up_button)
        members = QVBoxLayout()
        members.setSpacing(8)
        members.addWidget(self.members_title)
        members.addWidget(enlist_label)
        members.addLayout(enlist_row)
        members.addSpacing(4)
        members.addWidget(self.members_stack, 1)
        members.addWidget(self.selection_bar)
        body = QHBoxLayout()
        body.setSpacing(24)
        body.addWidget(self.card, 0)
        body.addLayout(members, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)
        for widget in (self.edit_button, self.delete_button, self.picker, self.enlist_role,
                       self.sign_up_button, self.selection_bar):  # fmt: skip
            widget.setEnabled(can_edit)
        self.table.setEditTriggers(
            self.table.editTriggers() if can_edit else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        QWidget.setTabOrder(self.picker.edit, self.enlist_role)
        QWidget.setTabOrder(self.enlist_role, self.sign_up_button)
        QWidget.setTabOrder(self.sign_up_button, self.table)
        QWidget.setTabOrder(self.table, self.selected_role)
        QWidget.setTabOrder(self.selected_role, self.remove_button)

    # -- loading --------------------------------------------------------------------------------

    def show_group(self, group_id: str) -> None:
        if group_id != self.group_id:
            self.profile = None
            self.model.set_rows([])
            self.picker.set_group(group_id)
            self.enlist_role.setCurrentIndex(self.enlist_role.findData(GroupRole.MEMBER.value))
        self.group_id = group_id
        self.reload()

    def _refresh_soon(self) -> None:
        if self.group_id:
            self._refresh_timer.start()

    def reload(self) -> None:
        if not self.group_id:
            return
        self._generation += 1
        generation, db, group_id = self._generation, self.ctx.db, self.group_id
        self.ctx.tasks.run(
            lambda _p: service.get_group(db, group_id),
            on_success=lambda profile: self._show(profile, generation),
            on_failure=self._load_failed,
        )

    def _load_failed(self, exc: Exception) -> None:
        # Most likely the group is gone (e.g. opened from an old search): say so, go back.
        if isinstance(exc, ServiceError):
            message = error_text(str(exc))
        else:
            message = self.tr("This group could not be opened just now.")
        self.ctx.events.notify.emit(message, None)
        self.group_id = ""
        self.back_requested.emit()

    def _show(self, profile: GroupProfile, generation: int) -> None:
        if generation != self._generation or profile.id != self.group_id:
            return
        keep = self._select_after_load or self.selected_member_id()
        self._select_after_load = None
        self.profile = profile
        d = profile.details
        self.header.title.setText(d.name)
        self.header.title.setAccessibleName(d.name)
        self.header.subtitle.setText(
            " · ".join(
                x for x in (kind_label(d.kind), d.category, visibility_label(d.is_public)) if x
            )
        )
        self.header.subtitle.setVisible(True)
        self.card.show_group(profile)
        self.model.set_rows(profile.members)
        count = profile.member_count
        self.members_title.setText(
            self.tr("Members (1)")
            if count == 1
            else self.tr("Members (%1)").replace("%1", str(count))
        )
        self.members_stack.setCurrentWidget(self.table if count else self.members_empty)
        for widget in (self.edit_button, self.delete_button):
            widget.setVisible(not profile.deleted)
        self.restore_button.setVisible(profile.deleted)
        if profile.deleted:
            self.header.subtitle.setText(self.tr("This group has been deleted."))
        self._select(keep)
        self.loaded.emit()

    def _select(self, member_id: str | None) -> None:
        row = self.model.row_for(member_id) if member_id else -1
        if row >= 0:
            self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
        else:
            self.table.clearSelection()
            self._selection_changed()

    def selected_member_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(ID_ROLE)) if rows else None

    def _selection_changed(self, *_args: QItemSelection) -> None:
        member_id = self.selected_member_id()
        row = self.model.rows[self.model.row_for(member_id)] if member_id else None
        self.selection_bar.setVisible(row is not None)
        if row is not None:
            self.selected_name.setText(row.display_name)
            self.selected_role.setCurrentIndex(max(0, self.selected_role.findData(row.role)))

    def _open_member(self, index: QModelIndex) -> None:
        member_id = index.data(ID_ROLE)
        if member_id:
            self.ctx.events.open_member.emit(str(member_id))

    # -- writing: the view asks and selects; GroupWrites does the work --------------------------

    def _group_name(self) -> str:
        return self.profile.details.name if self.profile else ""

    def enlist(self, member_id: str, _name: str) -> None:
        self._select_after_load = member_id
        role = str(self.enlist_role.currentData())
        self.writes.enlist(self.group_id, self._group_name(), member_id, role)

    def change_role(self, member_id: str, role: str) -> None:
        self._select_after_load = member_id
        self.writes.change_role(self.group_id, member_id, role)

    def _selected_role_picked(self, _index: int) -> None:
        member_id = self.selected_member_id()
        row = self.model.rows[self.model.row_for(member_id)] if member_id else None
        role = str(self.selected_role.currentData())
        if member_id and row is not None and role != row.role:
            self.change_role(member_id, role)

    def remove_selected(self) -> None:
        member_id = self.selected_member_id()
        if not member_id or not self.ctx.can(Permission.GROUPS):
            return
        name = self.model.rows[self.model.row_for(member_id)].display_name
        group_id, group = self.group_id, self._group_name()
        ask(
            self,
            self.tr("Remove from group"),
            self.tr("Remove %1 from %2?").replace("%1", name).replace("%2", group),
            self.tr("Remove"),
            lambda: self.writes.remove(group_id, group, member_id),
        )

    def delete_group(self) -> None:
        if not self.profile:
            return
        group_id, group = self.group_id, self._group_name()
        ask(
            self,
            self.tr("Delete group"),
            self.tr("Delete %1? Its members stay on the hub's list.").replace("%1", group),
            self.tr("Delete"),
            lambda: self.writes.delete_group(group_id, then=self.back_requested.emit),
        )

    def restore_group(self) -> None:
        self.writes.restore_group(self.group_id)

    def _edit(self) -> None:
        if self.profile is not None:
            self.edit_requested.emit(self.group_id, self.profile.details)

    def sign_up_new(self, typed: str) -> None:
        if not self.group_id:
            return
        dialog = SignUpIntoGroupDialog(self.ctx, self.group_id, self._group_name(), typed, self)
        self.signup_dialog = dialog

        def accepted() -> None:
            if dialog.enlisted_existing:
                text = self.tr("%1 enlisted in %2")
            else:
                text = self.tr("%1 signed up and enlisted in %2")
            text = text.replace("%1", dialog.display_name).replace("%2", self._group_name())
            self._select_after_load = dialog.member_id
            self.ctx.events.notify.emit(text, None)
            self.ctx.events.members_changed.emit()
            self.ctx.events.groups_changed.emit()

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
