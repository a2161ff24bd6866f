"""Matching's reasons in the user's language, for the staff screens (the opportunities
section and a member's page): the service's English template, translated in the
"matching" context as the kiosk does, then filled with its values."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication

from hubapp.services.matching_rules import TEMPLATES, Reason


def about_them(reason: Reason) -> Reason:
    """The reason worded about the person, for staff ("good at gardening", not "you are
    good at gardening"): match_opportunities words its reasons for the visitor."""
    templates = TEMPLATES.get(reason.code)
    return replace(reason, template=templates[1]) if templates else reason


def reason_text(reason: Reason) -> str:
    template = QCoreApplication.translate("matching", reason.template)
    try:
        return template.format(**reason.values)
    except (KeyError, IndexError, ValueError):  # a translation that names a value wrongly
        return reason.text


def reason_lines(reasons: tuple[Reason, ...]) -> str:
    """Reasons one to a line: ✓ for what fits, ⚠ for what counts against."""
    return "\n".join(("✓ " if r.fits else "⚠ ") + reason_text(r) for r in reasons)
