"""The changes staff make on a group's page. Each runs on the worker, then says what happened
(with Undo where there is one) and tells every screen that groups changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from hubapp.services import groups as service
from hubapp.services.errors import ServiceError
from hubapp.services.groups import GroupSummary, MembershipChange
from hubapp.ui.context import AppContext
from hubapp.ui.groups.words import error_text, role_label


class GroupWrites(QObject):
    failed = Signal()  # the page reloads, to show what is really stored

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        def succeeded(result: Any) -> None:
            done(result)
            self.ctx.events.groups_changed.emit()

        self.ctx.tasks.run(lambda _p: work(), on_success=succeeded, on_failure=self._failed)

    def _undo(self, work: Callable[[], Any]) -> Callable[[], None]:
        """An Undo for the toast; it may outlive the page, so it uses only the context."""
        ctx = self.ctx

        def undo() -> None:
            ctx.tasks.run(
                lambda _p: work(),
                on_success=lambda _r: ctx.events.groups_changed.emit(),
                on_failure=lambda exc: ctx.events.notify.emit(error_text(str(exc)), None),
            )

        return undo

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ServiceError):
            message = error_text(str(exc))
        else:
            message = self.tr("That did not work. Please try again.")
        self.ctx.events.notify.emit(message, None)
        self.failed.emit()

    def _say(self, text: str, undo: Callable[[], None] | None = None) -> None:
        self.ctx.events.notify.emit(text, undo)

    def enlist(self, group_id: str, group_name: str, member_id: str, role: str) -> None:
        db, staff = self.ctx.db, self.ctx.staff_id

        def done(change: MembershipChange) -> None:
            name = change.display_name
            if change.already_member:
                text = self.tr("%1 is already in this group, as %2.")
                self._say(text.replace("%1", name).replace("%2", role_label(change.role)))
                return
            undo = self._undo(
                lambda: service.remove_member(db, group_id, member_id, staff_user_id=staff)
            )
            text = self.tr("%1 enlisted in %2")
            self._say(text.replace("%1", name).replace("%2", group_name), undo)

        self._run(
            lambda: service.enlist_member(db, group_id, member_id, role, staff_user_id=staff), done
        )

    def change_role(self, group_id: str, member_id: str, role: str) -> None:
        db, staff = self.ctx.db, self.ctx.staff_id

        def done(before: MembershipChange) -> None:
            undo = self._undo(
                lambda: service.set_member_role(
                    db, group_id, member_id, before.role, staff_user_id=staff
                )
            )
            text = self.tr("%1 is now %2").replace("%1", before.display_name)
            self._say(text.replace("%2", role_label(role).lower()), undo)

        self._run(
            lambda: service.set_member_role(db, group_id, member_id, role, staff_user_id=staff),
            done,
        )

    def remove(self, group_id: str, group_name: str, member_id: str) -> None:
        db, staff = self.ctx.db, self.ctx.staff_id

        def done(change: MembershipChange) -> None:
            undo = self._undo(
                lambda: service.restore_member(db, group_id, member_id, staff_user_id=staff)
            )
            text = self.tr("%1 removed from %2").replace("%1", change.display_name)
            self._say(text.replace("%2", group_name), undo)

        self._run(lambda: service.remove_member(db, group_id, member_id, staff_user_id=staff), done)

    def delete_group(self, group_id: str, then: Callable[[], None]) -> None:
        db, staff = self.ctx.db, self.ctx.staff_id

        def done(summary: GroupSummary) -> None:
            undo = self._undo(
                lambda: service.set_group_deleted(db, group_id, False, staff_user_id=staff)
            )
            self._say(self.tr("%1 deleted").replace("%1", summary.name), undo)
            then()

        self._run(lambda: service.set_group_deleted(db, group_id, True, staff_user_id=staff), done)

    def restore_group(self, group_id: str) -> None:
        db, staff = self.ctx.db, self.ctx.staff_id
        self._run(
            lambda: service.set_group_deleted(db, group_id, False, staff_user_id=staff),
            lambda summary: self._say(self.tr("%1 restored").replace("%1", summary.name)),
        )
