"""The words the opportunities screens show for stored values (where, how interest came in,
how far it has been followed up) and for matching's reasons, each a literal inside
translate() so that Qt's translation tools find it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hubapp.services.opportunities import OpportunityProfile
from hubapp.ui.groups.words import error_text
from hubapp.ui.meetings.words import format_when
from hubapp.ui.widgets.match_reasons import reason_lines, reason_text

_CTX = "opportunities"

__all__ = ["error_text", "format_when", "reason_lines", "reason_text", "t"]


def t(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def location_labels() -> dict[str, str]:
    return {"hub": t("At the hub"), "venue": t("At a venue"), "home": t("From home")}


def status_labels() -> dict[str, str]:
    return {"new": t("New"), "contacted": t("Contacted"), "closed": t("Closed")}


def channel_labels() -> dict[str, str]:
    return {"kiosk": t("at the kiosk"), "desk": t("at the desk")}


def status_label(status: str) -> str:
    return status_labels().get(status, status)


def channel_label(channel: str) -> str:
    return channel_labels().get(channel, channel)


def miles_text(miles: float | None) -> str:
    """As the reasons say it: "under a mile", "1 mile", "9 miles"."""
    if miles is None:
        return t("Not known")
    if miles < 1:
        return t("Under a mile")
    shown = round(miles)
    return t("1 mile") if shown == 1 else t("%1 miles").replace("%1", str(shown))


def facts_text(profile: OpportunityProfile) -> list[str]:
    """The yes/no facts worth saying, in words (nothing said means no)."""
    d = profile.details
    facts = []
    if d.step_free:
        facts.append(t("Step-free access"))
    if d.transport_available:
        facts.append(t("Transport available"))
    if d.under_18_ok:
        facts.append(t("Suitable for under-18s"))
    if d.welsh_needed:
        facts.append(t("Welsh speakers needed"))
    return facts
