"""What every screen is given: the database, who is signed in, and the background runner."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from hubapp.models.database import Database
from hubapp.services.staff import Permission, SignedInStaff

if TYPE_CHECKING:
    from hubapp.ui.tasks import TaskRunner


class AppEvents(QObject):
    """App-wide notifications, so screens refresh when another screen changes data."""

    members_changed = Signal()
    groups_changed = Signal()
    # Open a member's page / a group's page from anywhere (e.g. global search, duplicates).
    open_member = Signal(str)
    open_group = Signal(str)
    # A short, non-blocking confirmation: text, and an optional undo callable.
    notify = Signal(str, object)


@dataclass
class AppContext:
    db: Database
    tasks: TaskRunner
    events: AppEvents = field(default_factory=AppEvents)
    staff: SignedInStaff | None = None

    @property
    def staff_id(self) -> str | None:
        return self.staff.id if self.staff else None

    def can(self, permission: Permission) -> bool:
        return self.staff is not None and self.staff.can(permission)
