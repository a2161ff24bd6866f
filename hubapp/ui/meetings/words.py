"""The words the meeting screens show for stored values (kinds of meeting, attendance, votes,
outcomes), each a literal inside translate() so Qt's translation tools find it."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from hubapp.models.vocab import (
    AttendanceMode,
    AttendanceStatus,
    InterestKind,
    MeetingType,
    MotionOutcome,
    VoteChoice,
)
from hubapp.services.meetings.views import local_time
from hubapp.ui.groups.words import error_text, format_day

_CTX = "meetings"

__all__ = ["error_text", "format_day", "format_when", "t"]


def t(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def meeting_types() -> dict[str, str]:
    return {
        MeetingType.ORDINARY: t("Ordinary meeting"),
        MeetingType.ANNUAL: t("Annual meeting"),
        MeetingType.EXTRAORDINARY: t("Extraordinary meeting"),
        MeetingType.ANNUAL_PARISH: t("Annual parish meeting"),
        MeetingType.COMMITTEE: t("Committee meeting"),
    }


def statuses() -> dict[str, str]:
    return {
        AttendanceStatus.PRESENT: t("Present"),
        AttendanceStatus.APOLOGIES: t("Apologies"),
        AttendanceStatus.ABSENT: t("Absent"),
    }


def modes() -> dict[str, str]:
    return {AttendanceMode.IN_PERSON: t("In person"), AttendanceMode.REMOTE: t("Remote")}


def interest_kinds() -> dict[str, str]:
    return {
        InterestKind.PECUNIARY: t("Pecuniary"),
        InterestKind.OTHER_REGISTRABLE: t("Other registrable"),
        InterestKind.NON_REGISTRABLE: t("Non-registrable"),
    }


def choices() -> dict[str, str]:
    return {
        VoteChoice.FOR: t("For"),
        VoteChoice.AGAINST: t("Against"),
        VoteChoice.ABSTAIN: t("Abstain"),
    }


def outcome_label(outcome: str) -> str:
    labels: dict[str, str] = {
        MotionOutcome.PENDING: t("Not yet decided"),
        MotionOutcome.CARRIED: t("Carried"),
        MotionOutcome.LOST: t("Lost"),
        MotionOutcome.WITHDRAWN: t("Withdrawn"),
    }
    return labels.get(outcome, outcome)


def format_when(moment: datetime) -> str:
    """'Tue 3 Dec 2026, 19:30' in UK local time."""
    here = local_time(moment)
    return f"{format_day(here.date())}, {here:%H:%M}"


def format_time(moment: datetime) -> str:
    return f"{local_time(moment):%H:%M}"


def day_or_blank(day: date | None) -> str:
    return format_day(day) if day else ""
