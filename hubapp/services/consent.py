"""Consent: the purposes we ask about, the exact wording shown (versioned), and recording a
grant or a withdrawal. Records are append-only; the latest record per purpose is the state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import ConsentRecord
from hubapp.models.vocab import ConsentPurpose

# Bump the version whenever the words change: each record keeps the version it was given under.
PRIVACY_NOTICE_VERSION = "2026-11"

PRIVACY_NOTICE = (
    "We keep your details on this hub's computer so we can help you get involved in local "
    "groups and activities. We only share your details with the groups you join, and only "
    "if you agree below. You can ask to see, correct or delete your details at any time, and "
    "you can change your mind about any of these choices whenever you like."
)


@dataclass(frozen=True)
class PurposeText:
    purpose: str
    label: str
    wording: str


PURPOSES: list[PurposeText] = [
    PurposeText(
        ConsentPurpose.CONTACT_EMAIL,
        "Email me",
        "The hub may email me about groups, meetings and opportunities I have shown interest in.",
    ),
    PurposeText(
        ConsentPurpose.CONTACT_PHONE,
        "Phone or text me",
        "The hub may phone or text me about groups, meetings and opportunities.",
    ),
    PurposeText(
        ConsentPurpose.SHARE_WITH_GROUPS,
        "Share my details with groups I join",
        "The hub may give my name and contact details to the organisers of groups I join.",
    ),
    PurposeText(
        ConsentPurpose.NEWSLETTER,
        "Send me the newsletter",
        "The hub may send me its newsletter about local news and events.",
    ),
    PurposeText(
        ConsentPurpose.PHOTOGRAPHS,
        "Photographs",
        "Photographs of me taken at hub events may be used in the hub's publicity.",
    ),
]
PURPOSE_LABELS = {p.purpose: p.label for p in PURPOSES}


@dataclass(frozen=True)
class ConsentState:
    purpose: str
    label: str
    granted: bool
    wording_version: str
    channel: str
    recorded_at: datetime
    staff_user_id: str | None


def record_consent(
    session: Session,
    member_id: str,
    purpose: str,
    granted: bool,
    *,
    channel: str,
    staff_user_id: str | None,
    wording_version: str = PRIVACY_NOTICE_VERSION,
) -> ConsentRecord:
    if purpose not in PURPOSE_LABELS:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    record = ConsentRecord(
        member_id=member_id,
        purpose=purpose,
        granted=granted,
        wording_version=wording_version,
        channel=channel,
        staff_user_id=staff_user_id,
    )
    session.add(record)
    return record


def current_consents(session: Session, member_id: str) -> dict[str, ConsentState]:
    """The latest record for each purpose this member was asked about."""
    records = session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.member_id == member_id, ConsentRecord.deleted.is_(False))
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    )
    state: dict[str, ConsentState] = {}
    for r in records:
        state[r.purpose] = ConsentState(
            r.purpose,
            PURPOSE_LABELS.get(r.purpose, r.purpose),
            r.granted,
            r.wording_version,
            r.channel,
            r.recorded_at,
            r.staff_user_id,
        )
    return state
