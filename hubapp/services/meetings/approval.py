"""The minutes' life: an editable draft, approval at a later meeting that locks them, and
corrections recorded as such afterwards (never silent edits); the stored public summary."""

from __future__ import annotations

from datetime import UTC, datetime

from hubapp.models import MinuteCorrection
from hubapp.models.database import Database
from hubapp.models.vocab import MinutesStatus
from hubapp.services.errors import ServiceError, ValidationFailed
from hubapp.services.meetings.guards import editable_meeting, live_meeting, refuse_if_locked
from hubapp.services.meetings.minutes import build_minutes, minutes_text
from hubapp.services.meetings.reading import meeting_view

MAX_MINUTES = 500_000


def start_minutes(db: Database, meeting_id: str, *, staff_user_id: str | None) -> str:
    """Generates the draft text from what was recorded (replacing any earlier draft) and
    returns it."""
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        text = minutes_text(build_minutes(meeting_view(session, meeting)))
        meeting.minutes_text = text
        if meeting.minutes_status != MinutesStatus.DRAFT:
            meeting.minutes_status = MinutesStatus.DRAFT
        return text


def save_minutes_text(
    db: Database, meeting_id: str, text: str, *, staff_user_id: str | None
) -> None:
    """Saves the clerk's edited draft. Refused (MinutesLocked) once approved."""
    if not text.strip():
        raise ValidationFailed({"minutes_text": "The minutes cannot be empty."})
    if len(text) > MAX_MINUTES:
        raise ValidationFailed({"minutes_text": "The minutes are too long to save."})
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        if meeting.minutes_text != text:
            meeting.minutes_text = text
        if meeting.minutes_status != MinutesStatus.DRAFT:
            meeting.minutes_status = MinutesStatus.DRAFT


def approve_minutes(
    db: Database, meeting_id: str, at_meeting_id: str, *, staff_user_id: str | None
) -> None:
    """Approves the minutes as a correct record at a later meeting of the same group, and
    locks them and everything recorded at the meeting. Without an edited draft, the text
    generated from the record is what is approved."""
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        at = live_meeting(session, at_meeting_id)
        if at.group_id != meeting.group_id or at.starts_at <= meeting.starts_at:
            raise ValidationFailed(
                {"at_meeting_id": "Minutes are approved at a later meeting of the same group."}
            )
        if not meeting.minutes_text:
            meeting.minutes_text = minutes_text(build_minutes(meeting_view(session, meeting)))
        meeting.minutes_status = MinutesStatus.APPROVED
        meeting.minutes_approved_at = datetime.now(UTC)
        meeting.minutes_approved_by_meeting_id = at.id


def add_minute_correction(
    db: Database,
    meeting_id: str,
    text: str,
    *,
    made_at_meeting_id: str | None = None,
    staff_user_id: str | None,
) -> str:
    """Records a correction to approved minutes; it is shown after them, never edited in."""
    wording = text.strip()
    if not wording:
        raise ValidationFailed({"text": "Write the correction."})
    with db.write(staff_user_id) as session:
        meeting = live_meeting(session, meeting_id)
        if meeting.minutes_status != MinutesStatus.APPROVED:
            raise ServiceError(
                "These minutes are not approved yet: change the draft instead of recording a "
                "correction."
            )
        if made_at_meeting_id is not None:
            at = live_meeting(session, made_at_meeting_id)
            if at.group_id != meeting.group_id:
                raise ValidationFailed(
                    {"made_at_meeting_id": "Choose a meeting of the same group."}
                )
        row = MinuteCorrection(
            meeting_id=meeting.id,
            text=wording,
            made_at_meeting_id=made_at_meeting_id,
            staff_user_id=staff_user_id,
        )
        session.add(row)
        session.flush()
        return row.id


def save_public_summary(
    db: Database, meeting_id: str, text: str, *, staff_user_id: str | None
) -> None:
    """The noticeboard summary may be reworded after approval: it is not the minutes."""
    with db.write(staff_user_id) as session:
        meeting = live_meeting(session, meeting_id)
        value = text.strip() or None
        if meeting.public_summary != value:
            meeting.public_summary = value


def check_editable(db: Database, meeting_id: str) -> None:
    """Raises MinutesLocked if the meeting's minutes are approved (for screens to ask first)."""
    with db.read() as session:
        refuse_if_locked(session, live_meeting(session, meeting_id))
