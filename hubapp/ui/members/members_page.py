"""The Members screen: the list, a member's page and the edit form, one at a time, plus what
they share: opening a member from anywhere, deleting with Undo, withdrawing consent, and the
CSV import and export buttons."""

from __future__ import annotations

import importlib.util
import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hubapp.services import members as member_service
from hubapp.services.consent import PURPOSE_LABELS
from hubapp.services.erasure import erasure_of
from hubapp.services.errors import NotFound
from hubapp.services.member_profile import MemberProfile, get_member_profile
from hubapp.services.staff import Permission
from hubapp.ui import theme
from hubapp.ui.context import AppContext
from hubapp.ui.members.consent_section import consent_words
from hubapp.ui.members.erasure import ErasureCard, erased_words
from hubapp.ui.members.feedback_dialog import add_to_members_page
from hubapp.ui.members.member_edit import MemberEditView
from hubapp.ui.members.member_list import MemberList
from hubapp.ui.members.member_profile import MemberProfileView
from hubapp.ui.members.ways_to_get_involved import WaysToGetInvolved
from hubapp.ui.members.words import count_words, error_words

log = logging.getLogger(__name__)


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


class MembersPage(QWidget):
    # "Sign up the first member" (and similar): the main window shows the desk.
    sign_up_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.list = MemberList(ctx)
        self.profile = MemberProfileView()
        self.ways = WaysToGetInvolved(ctx)
        self.profile.add_card(self.ways, 1)  # after consent: who may be contacted comes first
        # The edit form is built the first time someone edits: most visits only look.
        self._editor: MemberEditView | None = None
        self.stack = QStackedWidget()
        for widget in (self.list, self.profile):
            self.stack.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.list.set_import_actions(self._import_export_buttons())
        self.list.open_requested.connect(self.show_member)
        self.list.delete_requested.connect(self.confirm_delete)
        self.list.sign_up_requested.connect(self.sign_up_requested)
        self.profile.back_requested.connect(self.show_list)
        self.profile.edit_requested.connect(self.edit_member)
        self.profile.delete_requested.connect(self.confirm_delete)
        self.profile.restore_requested.connect(self.restore)
        self.profile.withdraw_requested.connect(self.withdraw)
        self.profile.open_group.connect(ctx.events.open_group)
        ctx.events.open_member.connect(self.show_member)
        ctx.events.members_changed.connect(self.refresh)
        ctx.events.groups_changed.connect(self._groups_changed)
        # "Record their feedback…", under the ways to get involved; connected last, so it
        # follows the member the page has just shown.
        self.feedback = add_to_members_page(self)
        # "Erase this person's data…", last, for administrators only.
        self.erasure = ErasureCard(ctx)
        self.profile.add_card(self.erasure)
        self.erasure.erased.connect(self.show_member)

    # ----- moving between the list, a member and the editor ---------------------------------------

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list)
        self.list.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_member(self, member_id: str) -> None:
        try:
            profile = get_member_profile(self.ctx.db, member_id)
        except NotFound as exc:
            self.ctx.events.notify.emit(error_words(str(exc)), None)
            return
        erased = self._show_profile(profile)
        self.stack.setCurrentWidget(self.profile)
        focus = self.profile.back if erased else self.profile.edit
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_member_id(self) -> str | None:
        if self.stack.currentWidget() is self.profile and self.profile.profile is not None:
            return self.profile.profile.id
        return None

    @property
    def editor(self) -> MemberEditView:
        if self._editor is None:
            self._editor = MemberEditView(self.ctx)
            self._editor.saved.connect(self.show_member)
            self._editor.cancelled.connect(self.show_member)
            self.stack.addWidget(self._editor)
        return self._editor

    def edit_member(self, member_id: str) -> None:
        profile = get_member_profile(self.ctx.db, member_id)
        self.editor.edit(member_id, profile.display_name, profile.details)
        self.stack.setCurrentWidget(self.editor)

    def refresh(self) -> None:
        self.list.refresh()
        member_id = self.current_member_id()
        if member_id is not None:
            self._show_profile(get_member_profile(self.ctx.db, member_id))

    def _show_profile(self, profile: MemberProfile) -> bool:
        """Shows a member on their page; True if their data was erased (a shell is shown)."""
        self.profile.show_profile(profile)
        self.ways.show_member(profile.id, profile.display_name, deleted=profile.deleted)
        self.feedback.show_member(profile.id, profile.display_name, deleted=profile.deleted)
        erasure = erasure_of(self.ctx.db, profile.id)
        if erasure is not None:
            self.profile.show_erased(erased_words(erasure))
        self.erasure.show_member(profile.id, profile.display_name, erased=erasure is not None)
        return erasure is not None

    def _groups_changed(self) -> None:
        self.list.load_filters()
        self.refresh()

    # ----- deleting, restoring, consent -----------------------------------------------------------

    def confirm_delete(self, member_id: str, name: str) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete member"))
        box.setText(self.tr("Delete %1?").replace("%1", name))
        box.setInformativeText(
            self.tr("They will no longer appear in lists or searches. You can undo this "
                    "straight away, or restore them later from their page.")
        )  # fmt: skip
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(delete)
        box.exec()
        if box.clickedButton() is delete:
            self._set_deleted(member_id, name, True)

    def restore(self, member_id: str, name: str) -> None:
        self._set_deleted(member_id, name, False)

    def _set_deleted(self, member_id: str, name: str, deleted: bool, *, undo: bool = True) -> None:
        db, staff_id, events = self.ctx.db, self.ctx.staff_id, self.ctx.events

        def done(_summary: object) -> None:
            log.info("member %s %s", member_id, "deleted" if deleted else "restored")
            if not undo:
                events.members_changed.emit()
                return
            text = self.tr("%1 deleted") if deleted else self.tr("%1 restored")
            events.notify.emit(
                text.replace("%1", name),
                lambda: self._set_deleted(member_id, name, not deleted, undo=False),
            )
            if deleted and self.current_member_id() == member_id:
                self.show_list()
            events.members_changed.emit()

        self.ctx.tasks.run(
            lambda _p: member_service.set_deleted(db, member_id, deleted, staff_user_id=staff_id),
            on_success=done,
            on_failure=lambda exc: events.notify.emit(error_words(str(exc)), None),
        )

    def withdraw(self, member_id: str, purpose: str) -> None:
        db, staff_id, events = self.ctx.db, self.ctx.staff_id, self.ctx.events
        label = consent_words(PURPOSE_LABELS.get(purpose, purpose))

        def done(_result: object) -> None:
            log.info("consent %s withdrawn for member %s", purpose, member_id)
            events.notify.emit(self.tr("Consent withdrawn: %1").replace("%1", label), None)
            events.members_changed.emit()

        self.ctx.tasks.run(
            lambda _p: member_service.withdraw_consent(db, member_id, purpose,
                                                       staff_user_id=staff_id),
            on_success=done,
        )  # fmt: skip

    # ----- CSV ------------------------------------------------------------------------------------

    def _import_export_buttons(self) -> list[QPushButton]:
        if not self.ctx.can(Permission.IMPORT_EXPORT):
            return []
        buttons = []
        if _available("hubapp.ui.import_dialog"):
            importer = QPushButton(theme.icon("mdi6.file-upload-outline"),
                                   self.tr("&Import from CSV…"))  # fmt: skip
            importer.clicked.connect(self.import_csv)
            buttons.append(importer)
        if _available("hubapp.services.csv_export"):
            exporter = QPushButton(theme.icon("mdi6.file-download-outline"),
                                   self.tr("E&xport to CSV…"))  # fmt: skip
            exporter.clicked.connect(self.export_csv)
            buttons.append(exporter)
        for button in buttons:
            button.setAutoDefault(True)
        return buttons

    def import_csv(self) -> None:
        try:
            from hubapp.ui.import_dialog import ImportDialog
        except ImportError:
            return
        dialog = ImportDialog(self.ctx, self)
        dialog.exec()
        self.refresh()

    def export_csv(self) -> None:
        try:
            from hubapp.services.csv_export import export_members
        except ImportError:
            return
        suggested = Path.home() / f"members-{date.today().isoformat()}.csv"
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export members"), str(suggested), self.tr("CSV files (*.csv)")
        )
        if not chosen:
            return
        path, db, events = Path(chosen), self.ctx.db, self.ctx.events

        def done(count: int) -> None:
            words = count_words(count, self.tr("1 member"), self.tr("%n members"))
            events.notify.emit(self.tr("Exported %1 to %2").replace("%1", words)
                               .replace("%2", path.name), None)  # fmt: skip

        self.ctx.tasks.run(
            # A byte-order mark, so that Excel opens the file as UTF-8 (Siân, not SiÃ¢n).
            lambda progress: export_members(db, path, bom=True, progress=progress),
            on_success=done,
            on_failure=lambda exc: events.notify.emit(error_words(str(exc)), None),
            label=self.tr("Exporting members…"),
            parent=self,
        )
