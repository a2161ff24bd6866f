"""Quick feedback about the hub, a group or an organisation: anonymous by default, repeat
presses ignored, comments moderated (and auto-flagged) before they reach any report."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import Feedback, Group, Hub, Meeting, Member, Organisation, utcnow
from hubapp.models.database import Database
from hubapp.models.vocab import FeedbackSubject, ModerationStatus
from hubapp.services.errors import NotFound, ValidationFailed
from hubapp.services.feedback_flags import comment_flags
from hubapp.services.feedback_reports import (
    ApprovedComment,
    MonthFigures,
    SubjectSummary,
    feedback_summary,
    subject_names,
)

__all__ = [
    "CHANNELS",
    "FLAG_LABELS",
    "QUICK_REASONS",
    "REPEAT_WINDOW_SECONDS",
    "SUBJECT_KINDS",
    "ApprovedComment",
    "FeedbackSubjectChoice",
    "ModerationItem",
    "MonthFigures",
    "SubjectSummary",
    "approve",
    "feedback_subjects",
    "feedback_summary",
    "hide",
    "moderation_queue",
    "reply",
    "submit_feedback",
]

# What feedback may be about: the hub, a group, or an organisation of one of these kinds.
SUBJECT_KINDS = ("hub", "group", "public_body", "business", "voluntary_body")
# A second press from the same device about the same subject within this many seconds is
# taken for a repeat (a double tap, an impatient finger) and ignored.
REPEAT_WINDOW_SECONDS = 15.0
ORGANISATION_KINDS = ("public_body", "business", "voluntary_body")
CHANNELS = ("kiosk", "desk")
MAX_REASON = 80
MAX_COMMENT = 2000
# One-tap reasons the kiosk offers (English; the screen translates them).
QUICK_REASONS = (
    "Friendly welcome",
    "Helpful staff",
    "Opening hours",
    "Access",
    "Activities",
    "Information",
    "Clean and tidy",
    "Waiting time",
)
FLAG_LABELS = {
    "abuse": "Possibly abusive words",
    "phone": "Contains a phone number",
    "email": "Contains an email address",
    "postcode": "Contains a postcode",
}


@dataclass(frozen=True)
class FeedbackSubjectChoice:
    """Something feedback can be about, for the kiosk's picker."""

    kind: str
    id: str
    name: str
    welsh_name: str


@dataclass(frozen=True)
class ModerationItem:
    id: str
    subject_kind: str
    subject_id: str | None
    subject_name: str
    rating: int
    reason: str
    comment: str
    flags: tuple[str, ...]
    status: str
    reply: str
    channel: str
    created_at: datetime


def _stored_kind(subject_kind: str) -> str:
    """Organisations of every kind are stored as "organisation" (FeedbackSubject)."""
    return FeedbackSubject.ORGANISATION if subject_kind in ORGANISATION_KINDS else subject_kind


def _check(rating: int, reason: str, comment: str, channel: str, subject_kind: str) -> None:
    problems: dict[str, str] = {}
    if subject_kind not in SUBJECT_KINDS:
        problems["subject_kind"] = "Choose what the feedback is about."
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        problems["rating"] = "Choose one of the five faces."
    if len(reason.strip()) > MAX_REASON:
        problems["reason"] = f"The reason is too long (at most {MAX_REASON} characters)."
    if len(comment.strip()) > MAX_COMMENT:
        problems["comment"] = f"The comment is too long (at most {MAX_COMMENT} characters)."
    if channel not in CHANNELS:
        problems["channel"] = "Feedback is given at the kiosk or at the desk."
    if problems:
        raise ValidationFailed(problems)


def _subject_exists(
    session: Session, db: Database, subject_kind: str, subject_id: str | None
) -> str | None:
    """The subject's id (the hub's own when feedback about the hub names none); NotFound if
    it does not exist."""
    if subject_kind == "hub":
        if subject_id not in (None, db.hub_id):
            raise NotFound("Feedback about a hub is about this hub.")
        return db.hub_id
    row: Group | Organisation | None
    if subject_kind == "group":
        row = session.get(Group, subject_id) if subject_id else None
    else:
        row = session.get(Organisation, subject_id) if subject_id else None
        if row is not None and row.kind != subject_kind:
            row = None
    if row is None or row.deleted:
        raise NotFound("That group or organisation no longer exists.")
    return row.id


class _RepeatPresses:
    """Remembers, per database, device and subject, when feedback was last accepted. In
    memory: a restart forgets it, which costs at most one extra press."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.last: dict[tuple[str, str, str, str], float] = {}

    def is_repeat(self, key: tuple[str, str, str, str], now: float) -> bool:
        last = self.last.get(key)
        return last is not None and 0 <= now - last < REPEAT_WINDOW_SECONDS

    def accepted(self, key: tuple[str, str, str, str], now: float) -> None:
        self.last[key] = now
        if len(self.last) > 10_000:  # old entries can no longer matter
            self.last = {k: t for k, t in self.last.items() if now - t < REPEAT_WINDOW_SECONDS}


_presses = _RepeatPresses()


def submit_feedback(
    db: Database,
    subject_kind: str,
    subject_id: str | None,
    rating: int,
    *,
    reason: str = "",
    comment: str = "",
    channel: str = "kiosk",
    device_key: str = "",
    meeting_id: str | None = None,
    member_id: str | None = None,
    staff_user_id: str | None = None,
    now: float | None = None,
) -> str | None:
    """Stores one piece of feedback and returns its id: anonymously (no member, no identity)
    unless `member_id` is given, which only staff may do (at the desk, for a member who asks
    to hear back: `staff_user_id` is required with it);
    None when it is a repeat press: the same device about the same subject within
    REPEAT_WINDOW_SECONDS of the last feedback it gave that was kept. The rating counts at
    once; a comment waits for moderation, auto-flagged for abuse and personal data. Raises
    ValidationFailed, NotFound. `now` (time.monotonic() seconds) is for tests."""
    _check(rating, reason, comment, channel, subject_kind)
    if member_id is not None and (staff_user_id is None or channel == "kiosk"):
        raise ValidationFailed(
            {"member_id": "Feedback is anonymous at the kiosk; only staff may name a member."}
        )
    moment = time.monotonic() if now is None else now
    key = (str(db.path), device_key, subject_kind, subject_id or "")
    text = comment.strip()
    # Held across the write, so two presses at once cannot both pass the check.
    with _presses.lock:
        if _presses.is_repeat(key, moment):
            return None
        with db.write(staff_user_id) as session:
            stored_id = _subject_exists(session, db, subject_kind, subject_id)
            if meeting_id is not None and session.get(Meeting, meeting_id) is None:
                raise NotFound("That meeting no longer exists.")
            if member_id is not None and session.get(Member, member_id) is None:
                raise NotFound("That member no longer exists.")
            row = Feedback(
                hub_id=db.hub_id,
                subject_kind=_stored_kind(subject_kind),
                subject_id=stored_id,
                rating=rating,
                reason=reason.strip() or None,
                comment=text or None,
                # Nothing to moderate without a comment: the rating alone is approved.
                moderation_status=ModerationStatus.PENDING if text else ModerationStatus.APPROVED,
                flags=comment_flags(text) if text else [],
                member_id=member_id,
                channel=channel,
                meeting_id=meeting_id,
            )
            session.add(row)
            session.flush()
            feedback_id = row.id
        _presses.accepted(key, moment)
    return feedback_id


def moderation_queue(db: Database) -> list[ModerationItem]:
    """Comments waiting for a decision, flagged ones first, then oldest first."""
    with db.read() as session:
        names = subject_names(session)
        rows = session.scalars(
            select(Feedback).where(
                Feedback.moderation_status == ModerationStatus.PENDING,
                Feedback.comment.is_not(None),
                Feedback.deleted.is_(False),
            )
        ).all()
        items = [_item(row, names) for row in rows]
    items.sort(key=lambda i: (not i.flags, i.created_at, i.id))
    return items


def _item(row: Feedback, names: dict[str, tuple[str, str]]) -> ModerationItem:
    name, kind = names.get(row.subject_id or "", ("", row.subject_kind))
    return ModerationItem(
        id=row.id,
        subject_kind=kind,
        subject_id=row.subject_id,
        subject_name=name,
        rating=row.rating,
        reason=row.reason or "",
        comment=row.comment or "",
        flags=tuple(row.flags or ()),
        status=row.moderation_status,
        reply=row.reply or "",
        channel=row.channel,
        created_at=row.created_at,
    )


def _moderate(
    db: Database,
    feedback_id: str,
    staff_user_id: str | None,
    status: str | None,
    reply_text: str | None = None,
) -> None:
    with db.write(staff_user_id) as session:
        row = session.get(Feedback, feedback_id)
        if row is None or row.deleted:
            raise NotFound("That feedback no longer exists.")
        if status is not None and row.moderation_status != status:
            row.moderation_status = status
        if reply_text is not None and row.reply != reply_text:
            row.reply = reply_text
        row.moderated_by = staff_user_id
        row.moderated_at = utcnow()


def approve(db: Database, feedback_id: str, *, staff_user_id: str | None) -> None:
    """The comment may appear in reports. Raises NotFound."""
    _moderate(db, feedback_id, staff_user_id, ModerationStatus.APPROVED)


def hide(db: Database, feedback_id: str, *, staff_user_id: str | None) -> None:
    """The comment never appears in reports (its rating still counts). Raises NotFound."""
    _moderate(db, feedback_id, staff_user_id, ModerationStatus.HIDDEN)


def reply(
    db: Database, feedback_id: str, text: str, *, staff_user_id: str | None, approve: bool = True
) -> None:
    """Records the hub's reply (and approves the comment unless `approve` is False or it
    was hidden). Raises ValidationFailed, NotFound."""
    words = text.strip()
    if not words:
        raise ValidationFailed({"reply": "Write the reply first."})
    if len(words) > MAX_COMMENT:
        raise ValidationFailed(
            {"reply": f"The reply is too long (at most {MAX_COMMENT} characters)."}
        )
    with db.read() as session:
        row = session.get(Feedback, feedback_id)
        hidden = row is not None and row.moderation_status == ModerationStatus.HIDDEN
    status = ModerationStatus.APPROVED if approve and not hidden else None
    _moderate(db, feedback_id, staff_user_id, status, words)


def feedback_subjects(db: Database) -> list[FeedbackSubjectChoice]:
    """The hub, then public groups, then organisations by kind, each by name."""
    with db.read() as session:
        out = []
        hub = session.get(Hub, db.hub_id) if db.hub_id else None
        if hub is not None:
            out.append(FeedbackSubjectChoice("hub", hub.id, hub.name, hub.welsh_name or ""))
        groups = session.scalars(
            select(Group).where(Group.deleted.is_(False), Group.is_public.is_(True))
        ).all()
        for g in sorted(groups, key=lambda g: g.name.casefold()):
            out.append(FeedbackSubjectChoice("group", g.id, g.name, g.welsh_name or ""))
        orgs = session.scalars(select(Organisation).where(Organisation.deleted.is_(False))).all()
        order = {kind: i for i, kind in enumerate(ORGANISATION_KINDS)}
        for o in sorted(orgs, key=lambda o: (order.get(o.kind, 9), o.name.casefold())):
            if o.kind in order:
                out.append(FeedbackSubjectChoice(o.kind, o.id, o.name, ""))
        return out
