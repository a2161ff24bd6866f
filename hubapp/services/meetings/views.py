"""What the meeting screens read: frozen snapshots of a meeting, never live ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from hubapp.models.vocab import AttendanceStatus, MeetingType, MinutesStatus, MotionOutcome

LONDON = ZoneInfo("Europe/London")

MEETING_TYPE_LABELS: dict[str, str] = {
    MeetingType.ORDINARY: "Ordinary meeting",
    MeetingType.ANNUAL: "Annual meeting",
    MeetingType.EXTRAORDINARY: "Extraordinary meeting",
    MeetingType.ANNUAL_PARISH: "Annual parish meeting",
    MeetingType.COMMITTEE: "Committee meeting",
}


def local_time(moment: datetime) -> datetime:
    """A stored (UTC) time as UK local time, which is what people read and type."""
    return moment.astimezone(LONDON)


def format_day(day: date) -> str:
    """Dates as the screens show them: "Tue 3 Dec 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def format_when(moment: datetime) -> str:
    here = local_time(moment)
    return f"{format_day(here.date())}, {here:%H:%M}"


@dataclass(frozen=True)
class Paper:
    name: str
    path: str


@dataclass(frozen=True)
class QuorumState:
    """Whether enough voting members are present at one agenda item."""

    item_number: int | None
    needed: int
    present: int
    voting_members: int
    quorate: bool
    message: str


@dataclass(frozen=True)
class AgendaItemView:
    id: str
    number: int
    title: str
    description: str
    standard_kind: str | None
    confidential: bool
    papers: tuple[Paper, ...]
    notes: str
    carried_from_action_id: str | None
    quorum: QuorumState


@dataclass(frozen=True)
class AttendanceRow:
    """One line of the register: a member of the group, or an officer (no member id)."""

    member_id: str | None
    name: str
    role: str
    voting: bool
    status: str
    mode: str
    apologies_reason: str
    apologies_accepted: bool | None
    arrived_at_item: int | None
    left_at_item: int | None
    attendance_id: str | None

    def present_at(self, number: int | None) -> bool:
        """Present for item `number`: arrived at or before it and not left at or before it.
        `None` asks about the meeting as a whole (present at any point)."""
        if self.status != AttendanceStatus.PRESENT:
            return False
        if number is None:
            return True
        if self.arrived_at_item is not None and number < self.arrived_at_item:
            return False
        return not (self.left_at_item is not None and number >= self.left_at_item)


@dataclass(frozen=True)
class DeclarationView:
    id: str
    agenda_item_id: str
    item_number: int
    member_id: str
    member_name: str
    kind: str
    note: str


@dataclass(frozen=True)
class VoteView:
    member_id: str
    member_name: str
    choice: str


@dataclass(frozen=True)
class MotionView:
    """A motion or amendment. `moved_text` is the wording as moved; `text` is the wording as
    it stands, i.e. as changed by the last carried amendment to it."""

    id: str
    agenda_item_id: str
    item_number: int
    amends_motion_id: str | None
    moved_text: str
    text: str
    proposer_id: str | None
    proposer_name: str
    seconder_id: str | None
    seconder_name: str
    vote_method: str
    votes_for: int
    votes_against: int
    abstentions: int
    casting_vote: str | None
    outcome: str
    minute_number: str | None
    votes: tuple[VoteView, ...]

    @property
    def is_amendment(self) -> bool:
        return self.amends_motion_id is not None

    @property
    def needs_casting_vote(self) -> bool:
        """Counted, tied, and waiting for the chair's casting vote."""
        counted = self.votes_for + self.votes_against + self.abstentions > 0 or bool(self.votes)
        return (
            self.outcome == MotionOutcome.PENDING
            and counted
            and self.votes_for == self.votes_against
            and self.casting_vote is None
        )


@dataclass(frozen=True)
class ActionView:
    id: str
    meeting_id: str
    agenda_item_id: str | None
    description: str
    owner_member_id: str | None
    owner_name: str
    due_on: date | None
    status: str
    completed_on: date | None


@dataclass(frozen=True)
class CorrectionView:
    id: str
    text: str
    made_at_meeting_id: str | None
    made_at_label: str
    recorded_at: datetime


@dataclass(frozen=True)
class MeetingRow:
    """A meeting in a list."""

    id: str
    group_id: str
    group_name: str
    meeting_type: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    status: str
    minutes_status: str


@dataclass(frozen=True)
class MeetingView:
    id: str
    group_id: str
    group_name: str
    group_kind: str
    meeting_type: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    venue_id: str | None
    venue_name: str
    venue_address: str
    venue_text: str
    online_link: str
    chair_member_id: str | None
    chair_name: str
    clerk_name: str
    status: str
    notice_issued_on: date | None
    notice_clear_days: int
    public_count: int
    minutes_status: str
    minutes_text: str
    minutes_approved_at: datetime | None
    minutes_approved_by_meeting_id: str | None
    # "Tue 3 Feb 2026, 19:00": when the meeting that approved the minutes was held.
    minutes_approved_at_meeting: str
    public_summary: str
    items: tuple[AgendaItemView, ...]
    attendance: tuple[AttendanceRow, ...]
    declarations: tuple[DeclarationView, ...]
    motions: tuple[MotionView, ...]
    actions: tuple[ActionView, ...]
    corrections: tuple[CorrectionView, ...]

    @property
    def locked(self) -> bool:
        return self.minutes_status == MinutesStatus.APPROVED

    @property
    def place(self) -> str:
        return place_label(self.venue_name, self.venue_text, self.online_link)

    def item(self, number: int) -> AgendaItemView:
        return next(i for i in self.items if i.number == number)


def place_label(venue_name: str, venue_text: str, online_link: str) -> str:
    where = venue_name or venue_text
    if where and online_link:
        return f"{where} and online"
    return where or ("Online" if online_link else "")


def meeting_title(title: str | None, meeting_type: str, group_name: str) -> str:
    if title:
        return title
    label = MEETING_TYPE_LABELS.get(meeting_type, "Meeting")
    return f"{label} of {group_name}"
