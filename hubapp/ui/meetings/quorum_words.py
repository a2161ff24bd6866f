"""The quorum in one sentence for the whole meeting: quorate throughout, or from which
items it was lost, so the clerk sees the effect of a departure at once."""

from __future__ import annotations

from hubapp.services.meetings.views import MeetingView, QuorumState
from hubapp.ui.meetings.words import error_text, t


def _ranges(numbers: list[int]) -> str:
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


def quorum_summary(view: MeetingView) -> tuple[str, str]:
    """(banner kind, words)."""
    if not view.items:
        return "info", t("Add agenda items to see the quorum item by item.")
    first = view.items[0].quorum
    lost = [i.number for i in view.items if not i.quorum.quorate]
    needed = first.needed
    if not lost:
        return "success", t("Quorate: %1 of %2 voting members present, %3 needed.").replace(
            "%1", str(first.present)
        ).replace("%2", str(first.voting_members)).replace("%3", str(needed))
    return "warning", t(
        "Not quorate at items %1: %2 voting members needed. No business can be done at "
        "those items until enough members are present."
    ).replace("%1", _ranges(lost)).replace("%2", str(needed))


def quorum_banner(state: QuorumState) -> tuple[str, str]:
    return ("success" if state.quorate else "error"), error_text(state.message)
