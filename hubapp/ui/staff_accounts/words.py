"""The words for staff roles and an organiser's officer roles, each a literal inside
translate() so that Qt's translation tools find it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hubapp.models.vocab import StaffRole
from hubapp.services.organisers import OfficerRole
from hubapp.ui.groups.words import role_label as group_role_label


def role_label(role: str) -> str:
    labels: dict[str, str] = {
        StaffRole.DESK: QCoreApplication.translate("roles", "Desk"),
        StaffRole.CLERK: QCoreApplication.translate("roles", "Clerk"),
        StaffRole.ADMIN: QCoreApplication.translate("roles", "Administrator"),
        StaffRole.ORGANISER: QCoreApplication.translate("roles", "Group organiser"),
    }
    return labels.get(role, role)


def officer_text(roles: tuple[OfficerRole, ...] | list[OfficerRole]) -> str:
    """ "Chair of Llandovery Growers; Organiser of Caffi Trwsio", or that there are none."""
    if not roles:
        return QCoreApplication.translate("roles", "Not an officer of any group")
    of = QCoreApplication.translate("roles", "%1 of %2")
    return "; ".join(
        of.replace("%1", group_role_label(r.role)).replace("%2", r.group_name) for r in roles
    )
