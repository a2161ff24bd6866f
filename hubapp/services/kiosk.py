"""What a visitor does alone at the kiosk: sign up, check in to today's events. Nothing here
ever reveals anything about another person: a check-in finds only an exact match of the
visitor's own details, and a sign-up that looks like someone already known is saved and
flagged for staff (services.sign_up_review), never merged or mentioned."""

from __future__ import annotations

import hmac
import re
import threading
import time as clock
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hubapp.models import (
    Activity,
    Attendance,
    ConsentRecord,
    Group,
    Meeting,
    Member,
    Opportunity,
    Venue,
    stable_id,
    uuid7,
)
from hubapp.models.database import Database
from hubapp.models.vocab import (
    ActivityKind,
    AttendanceMode,
    AttendanceStatus,
    AttendeeRole,
    ConsentChannel,
)
from hubapp.services.consent import PURPOSE_LABELS, record_consent
from hubapp.services.duplicates import find_likely_duplicates
from hubapp.services.errors import FieldProblem, NotFound, ValidationFailed
from hubapp.services.meetings.guards import current_memberships
from hubapp.services.members import MemberDetails, clean_details, probe_for, sign_up_member
from hubapp.services.opportunity_times import DAYS, local_zone
from hubapp.services.sign_up_review import (
    SignUpToReview,
    flag_for_review,
    resolve_review,
    sign_ups_to_review,
)
from hubapp.services.validation import normalise_email, normalise_phone

__all__ = [
    "CheckInResult",
    "SelfSignUpResult",
    "SignUpToReview",
    "TodayEvent",
    "check_in",
    "record_check_in",
    "resolve_review",
    "self_sign_up",
    "sign_ups_to_review",
    "todays_events",
]

# After this many failed check-ins for one email or phone within the window, every further
# try for it fails alike until the window has passed (a date of birth cannot be guessed).
MAX_CHECK_IN_FAILURES = 5
CHECK_IN_WINDOW_SECONDS = 15 * 60.0


@dataclass(frozen=True)
class SelfSignUpResult:
    """What the kiosk may show after a sign-up: the person's own first name and number.
    Whether the record was flagged for review is deliberately not here."""

    member_id: str
    first_name: str
    membership_number: str


@dataclass(frozen=True)
class CheckInResult:
    """An exact match: the member's id (for record_check_in; never shown) and first name."""

    member_id: str
    first_name: str


@dataclass(frozen=True)
class TodayEvent:
    kind: str  # "meeting" or "opportunity"
    id: str
    title: str
    starts_at: datetime | None
    time_text: str  # "14:00", or "" when it has no set time
    place: str
    title_cy: str = ""  # in Welsh, where it has a Welsh name (a group's)

    def title_in(self, welsh: bool) -> str:
        return self.title_cy if welsh and self.title_cy else self.title


def self_sign_up(
    db: Database,
    details: MemberDetails,
    consents: dict[str, bool],
    wording_version: str,
    *,
    sign_up_id: str | None = None,
) -> SelfSignUpResult:
    """Signs a visitor up, recording each consent with the wording version they were shown.
    A sign-up that looks like someone already registered is saved all the same and flagged
    for staff review (never merged, never mentioned here). `sign_up_id` (chosen when the
    form opens) makes a second tap on Save find the first. Raises ValidationFailed."""
    unknown = [p for p in consents if p not in PURPOSE_LABELS]
    if unknown or not wording_version.strip():
        raise ValidationFailed({"consents": "The consent choices could not be recorded."})
    clean = clean_details(details)
    member_id = sign_up_id or uuid7()
    summary = sign_up_member(
        db,
        replace(details, consents={}),
        staff_user_id=None,
        member_id=member_id,
        confirmed_different=True,
        channel=ConsentChannel.KIOSK,
    )
    # Second step, safe to repeat: a retry after a crash between the two finishes the job.
    with db.write() as session:
        member = session.get(Member, member_id)
        assert member is not None
        if find_likely_duplicates(session, probe_for(clean, exclude_id=member_id)):
            flag_for_review(session, member_id, datetime.now(local_zone() or UTC).date())
        asked = session.scalar(
            select(ConsentRecord.id).where(ConsentRecord.member_id == member_id).limit(1)
        )
        if asked is None:
            for purpose, granted in consents.items():
                record_consent(
                    session,
                    member_id,
                    purpose,
                    granted,
                    channel=ConsentChannel.KIOSK,
                    staff_user_id=None,
                    wording_version=wording_version,
                )
        first = member.preferred_name or member.first_name
    return SelfSignUpResult(member_id, first, summary.membership_number or "")


class _Failures:
    """Failed check-ins per contact, in memory (a restart forgets them)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}

    def blocked(self, key: str, now: float) -> bool:
        with self.lock:
            recent = [t for t in self.times.get(key, []) if now - t < CHECK_IN_WINDOW_SECONDS]
            self.times[key] = recent
            return len(recent) >= MAX_CHECK_IN_FAILURES

    def record(self, key: str, now: float, ok: bool) -> None:
        with self.lock:
            if ok:
                self.times.pop(key, None)
            else:
                self.times.setdefault(key, []).append(now)


_failures = _Failures()
_UNAMBIGUOUS = str.maketrans("ILOU", "1L0V")  # as membership numbers are made
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %m %Y")


def _contact_forms(contact: str) -> tuple[str | None, str | None]:
    text = contact.strip()
    try:
        if "@" in text:
            return normalise_email(text), None
        return None, normalise_phone(text)
    except FieldProblem:
        return None, None


def _second_forms(second: str | date) -> tuple[date | None, str | None]:
    if isinstance(second, date):
        return second, None
    text = second.strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date(), None
        except ValueError:
            continue
    number = re.sub(r"[\s-]", "", text).upper().translate(_UNAMBIGUOUS)
    return None, number or None


def check_in(db: Database, contact: str, second: str | date) -> CheckInResult | None:
    """The member whose email or phone is `contact` and whose date of birth or membership
    number is `second`, exactly; None for anything else (no match, people who differ, or
    too many failed tries for this contact lately). Every answer takes the same path: the
    lookup always runs and every candidate is compared in full."""
    email, phone = _contact_forms(contact)
    key = email or phone or contact.strip().casefold()
    now = clock.monotonic()
    blocked = _failures.blocked(key, now)
    born, number = _second_forms(second)
    conditions = [Member.email == email] if email else []
    conditions += [Member.phone == phone] if phone else []
    query = select(
        Member.id, Member.first_name, Member.preferred_name, Member.date_of_birth,
        Member.membership_number,
    ).where(
        or_(*conditions) if conditions else Member.id == "",
        Member.deleted.is_(False),
        Member.erased_at.is_(None),
    )  # fmt: skip
    with db.read() as session:
        rows = session.execute(query.order_by(Member.created_at, Member.id)).all()
    found = []
    for member_id, first, preferred, dob, membership in rows:
        same_dob = born is not None and dob == born
        same_number = hmac.compare_digest((membership or "").encode(), (number or "\x00").encode())
        if same_dob or same_number:
            found.append((member_id, preferred or first))
    names = {name for _, name in found}
    ok = not blocked and len(names) == 1
    if not blocked:
        _failures.record(key, now, ok)
    return CheckInResult(found[0][0], found[0][1]) if ok else None


def _local_day(today: date) -> tuple[datetime, datetime]:
    zone = local_zone() or UTC
    start = datetime.combine(today, time(0), tzinfo=zone)
    end = datetime.combine(today + timedelta(days=1), time(0), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def _time_text(at: datetime | None) -> str:
    if at is None:
        return ""
    zone = local_zone()
    return (at.astimezone(zone) if zone else at).strftime("%H:%M")


def todays_events(
    db: Database, hub_id: str | None = None, *, today: date | None = None
) -> list[TodayEvent]:
    """Meetings of this hub's groups (or at its venues) and this hub's opportunities that
    happen today: one-offs dated today and regular ones on today's day of the week."""
    hub = hub_id or db.hub_id
    day = today or datetime.now(local_zone() or UTC).date()
    start, end = _local_day(day)
    with db.read() as session:
        events = _meetings_today(session, hub, start, end)
        events += _opportunities_today(session, hub, day, start, end)
    far = datetime.max.replace(tzinfo=UTC)
    events.sort(key=lambda e: (e.starts_at or far, e.title.casefold(), e.id))
    return events


def _meetings_today(
    session: Session, hub: str | None, start: datetime, end: datetime
) -> list[TodayEvent]:
    query = (
        select(Meeting, Group.name, Group.welsh_name, Venue.name)
        .join(Group, Group.id == Meeting.group_id)
        .outerjoin(Venue, Venue.id == Meeting.venue_id)
        .where(
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
            Meeting.deleted.is_(False),
            Meeting.status != "cancelled",
            or_(Group.hub_id == hub, Venue.hub_id == hub),
        )
    )
    return [
        TodayEvent(
            kind="meeting",
            id=m.id,
            title=m.title or group_name,
            starts_at=m.starts_at,
            time_text=_time_text(m.starts_at),
            place=venue_name or m.venue_text or "",
            title_cy="" if m.title else (welsh_name or ""),
        )
        for m, group_name, welsh_name, venue_name in session.execute(query)
    ]


def _opportunities_today(
    session: Session, hub: str | None, day: date, start: datetime, end: datetime
) -> list[TodayEvent]:
    query = (
        select(Opportunity, Venue.name)
        .outerjoin(Venue, Venue.id == Opportunity.venue_id)
        .where(
            Opportunity.active.is_(True),
            Opportunity.deleted.is_(False),
            or_(Opportunity.hub_id == hub, Venue.hub_id == hub),
            or_(
                Opportunity.one_off_at.is_(None),
                (Opportunity.one_off_at >= start) & (Opportunity.one_off_at < end),
            ),
        )
    )
    weekday = DAYS[day.weekday()]
    out = []
    for o, venue_name in session.execute(query):
        at = o.one_off_at
        if at is None:
            days = o.recurrence.get("days") if "days" in (o.recurrence or {}) else o.recurrence
            if weekday not in (days or ()):
                continue
            begins = str((o.recurrence or {}).get("start") or "")
            if begins:
                hour, minute = (int(x) for x in begins.split(":"))
                zone = local_zone() or UTC
                at = datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)
        place = "From home" if o.location_kind == "home" else venue_name or ""
        out.append(TodayEvent("opportunity", o.id, o.title, at, _time_text(at), place))
    return out


def record_check_in(db: Database, member_id: str, event: TodayEvent) -> None:
    """Marks a checked-in member present at a meeting (as a guest if they are not in the
    group), or records their activity for an opportunity. Doing it twice changes nothing.
    Raises NotFound."""
    with db.write() as session:
        member = session.get(Member, member_id)
        if member is None or member.deleted or member.erased_at is not None:
            raise NotFound("That member's record no longer exists.")
        if event.kind == "meeting":
            _present(session, event.id, member_id)
        else:
            _volunteered(session, event.id, member_id)


def _present(session: Session, meeting_id: str, member_id: str) -> None:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted or meeting.status == "cancelled":
        raise NotFound("That meeting is not happening.")
    row_id = stable_id("attendance", meeting.id, member_id)  # as the register makes it
    row = session.get(Attendance, row_id)
    if row is None:
        member_of_group = member_id in current_memberships(session, meeting.group_id)
        session.add(
            Attendance(
                id=row_id,
                meeting_id=meeting.id,
                member_id=member_id,
                role=AttendeeRole.MEMBER if member_of_group else AttendeeRole.GUEST,
                status=AttendanceStatus.PRESENT,
                mode=AttendanceMode.IN_PERSON,
            )
        )
        return
    if row.deleted:
        row.deleted = False
    if row.status != AttendanceStatus.PRESENT:
        row.status = AttendanceStatus.PRESENT
        row.apologies_reason = None
        row.apologies_accepted = None


def _volunteered(session: Session, opportunity_id: str, member_id: str) -> None:
    opportunity = session.get(Opportunity, opportunity_id)
    if opportunity is None or opportunity.deleted:
        raise NotFound("That opportunity no longer exists.")
    today = datetime.now(local_zone() or UTC).date()
    row_id = stable_id("kiosk_check_in", member_id, opportunity_id, today.isoformat())
    if session.get(Activity, row_id) is None:
        session.add(
            Activity(
                id=row_id,
                member_id=member_id,
                kind=ActivityKind.VOLUNTEERED,
                occurred_on=today,
                group_id=opportunity.group_id,
                description=f"Checked in at the kiosk: {opportunity.title}",
            )
        )
