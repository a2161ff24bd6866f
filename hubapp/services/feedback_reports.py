"""Feedback reports for staff: per subject, how many ratings and their average, overall and
month by month, with the approved comments. Re-exported by services.feedback.

Every rating counts (hiding a comment hides its words, not the rating); only approved
comments appear. Months are calendar months in UTC (an hour off local time in summer, at
midnight at the turn of a month)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, case, func, select, type_coerce
from sqlalchemy.orm import Session

from hubapp.models import Feedback, Group, Hub, Organisation
from hubapp.models.database import Database
from hubapp.models.vocab import FeedbackSubject, ModerationStatus
from hubapp.services.opportunity_times import local_zone

_ORGANISATION_KINDS = ("public_body", "business", "voluntary_body")


@dataclass(frozen=True)
class MonthFigures:
    month: date  # the first day of the month
    count: int
    average: float


@dataclass(frozen=True)
class ApprovedComment:
    id: str
    created_at: datetime
    rating: int
    reason: str
    comment: str
    reply: str


@dataclass(frozen=True)
class SubjectSummary:
    subject_kind: str  # as the kiosk knows it: hub, group, public_body, business...
    subject_id: str | None
    subject_name: str
    count: int
    average: float
    by_rating: tuple[int, int, int, int, int]  # how many 1s, 2s, ... 5s
    months: tuple[MonthFigures, ...]
    comments: tuple[ApprovedComment, ...]  # approved only, newest first


def subject_names(session: Session) -> dict[str, tuple[str, str]]:
    """Every possible subject's (name, kind as the kiosk knows it), by id."""
    out: dict[str, tuple[str, str]] = {}
    for hub_id, name in session.execute(select(Hub.id, Hub.name)):
        out[hub_id] = (name, "hub")
    for group_id, name in session.execute(select(Group.id, Group.name)):
        out[group_id] = (name, "group")
    for org_id, name, kind in session.execute(
        select(Organisation.id, Organisation.name, Organisation.kind)
    ):
        out[org_id] = (name, kind)
    return out


def _local_midnight(day: date) -> datetime:
    zone = local_zone()
    return datetime.combine(day, time(0), tzinfo=zone or UTC).astimezone(UTC)


def _filters(
    subject_kind: str | None, subject_id: str | None, since: date | None, until: date | None
) -> list[Any]:
    where: list[Any] = [Feedback.deleted.is_(False)]
    if subject_kind in _ORGANISATION_KINDS:
        of_kind = select(Organisation.id).where(Organisation.kind == subject_kind)
        where.append(Feedback.subject_kind.in_((FeedbackSubject.ORGANISATION, subject_kind)))
        where.append(Feedback.subject_id.in_(of_kind))
    elif subject_kind is not None:
        where.append(Feedback.subject_kind == subject_kind)
    if subject_id is not None:
        where.append(Feedback.subject_id == subject_id)
    if since is not None:
        where.append(Feedback.created_at >= _local_midnight(since))
    if until is not None:
        where.append(Feedback.created_at < _local_midnight(until + timedelta(days=1)))
    return where


def feedback_summary(
    db: Database,
    subject_kind: str | None = None,
    subject_id: str | None = None,
    *,
    since: date | None = None,
    until: date | None = None,
    comments_per_subject: int = 20,
) -> list[SubjectSummary]:
    """Counts and averages per subject, overall and by month, for feedback given between
    `since` and `until` (inclusive; local dates), busiest subject first. Only approved
    comments are included, newest first, at most `comments_per_subject` each.

    One grouped query (subject and month) read from ix_feedback_subject_time alone gives
    every figure; the overall ones are added up here. Comments are one short query per
    subject, walking the same index newest first."""
    where = _filters(subject_kind, subject_id, since, until)
    month = type_coerce(func.substr(Feedback.created_at, 1, 7), String)  # "2026-11"
    ratings = [func.sum(case((Feedback.rating == n, 1), else_=0)) for n in range(1, 6)]
    query = (
        select(Feedback.subject_kind, Feedback.subject_id, month, func.count(),
               func.sum(Feedback.rating), *ratings)
        .where(*where)
        .group_by(Feedback.subject_kind, Feedback.subject_id, month)
        .order_by(month)
    )  # fmt: skip
    totals: dict[tuple[str, str | None], _Totals] = {}
    with db.read() as session:
        names = subject_names(session)
        for kind, sid, when, count, total, *by_rating in session.execute(query):
            totals.setdefault((kind, sid), _Totals()).add(when, count, total, by_rating)
        comments = {
            key: _approved_comments(session, where, key, comments_per_subject) for key in totals
        }
    out = []
    for (kind, sid), t in totals.items():
        name, known_kind = names.get(sid or "", ("", kind))
        out.append(
            SubjectSummary(
                subject_kind=known_kind,
                subject_id=sid,
                subject_name=name,
                count=t.count,
                average=round(t.total / t.count, 2),
                by_rating=(t.by_rating[0], t.by_rating[1], t.by_rating[2], t.by_rating[3],
                           t.by_rating[4]),
                months=tuple(t.months),
                comments=tuple(comments[(kind, sid)]),
            )
        )  # fmt: skip
    out.sort(key=lambda s: (-s.count, s.subject_name.casefold()))
    return out


class _Totals:
    """One subject's figures, added up month by month."""

    def __init__(self) -> None:
        self.count = 0
        self.total = 0
        self.by_rating = [0, 0, 0, 0, 0]
        self.months: list[MonthFigures] = []

    def add(self, month: str, count: int, total: int, by_rating: list[int]) -> None:
        self.count += count
        self.total += total
        self.by_rating = [a + int(b) for a, b in zip(self.by_rating, by_rating, strict=True)]
        self.months.append(MonthFigures(_first_of(month), count, round(total / count, 2)))


def _first_of(month: str) -> date:
    year, number = month.split("-")
    return date(int(year), int(number), 1)


def _approved_comments(
    session: Session, where: list[Any], subject: tuple[str, str | None], limit: int
) -> list[ApprovedComment]:
    if limit <= 0:
        return []
    kind, sid = subject
    query = (
        select(Feedback.id, Feedback.created_at, Feedback.rating, Feedback.reason,
               Feedback.comment, Feedback.reply)
        .where(
            *where,
            Feedback.subject_kind == kind,
            Feedback.subject_id.is_(None) if sid is None else Feedback.subject_id == sid,
            Feedback.moderation_status == ModerationStatus.APPROVED,
            Feedback.comment.is_not(None),
        )
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .limit(limit)
    )  # fmt: skip
    return [
        ApprovedComment(i, at, rating, reason or "", comment or "", reply or "")
        for i, at, rating, reason, comment, reply in session.execute(query)
    ]
