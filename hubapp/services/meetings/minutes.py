"""Draft minutes generated from what was recorded at a meeting, as a structure (for the
screens and the printable HTML) and as plain text (the editable draft), and the plain-
language public summary of what was decided and what happens next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from hubapp.models import Meeting
from hubapp.models.database import Database
from hubapp.models.vocab import AttendanceMode, AttendanceStatus, MotionOutcome, VoteMethod
from hubapp.services.meetings.guards import live_meeting
from hubapp.services.meetings.interests import INTEREST_LABELS
from hubapp.services.meetings.reading import meeting_view
from hubapp.services.meetings.views import (
    ActionView,
    CorrectionView,
    DeclarationView,
    MeetingView,
    MotionView,
    format_day,
    format_when,
    local_time,
)


@dataclass(frozen=True)
class MinutesItem:
    number: int
    title: str
    confidential: bool
    comings_and_goings: tuple[str, ...]
    declarations: tuple[str, ...]
    notes: str
    motions: tuple[str, ...]  # one sentence each, in the order the meeting took them
    actions: tuple[str, ...]


@dataclass(frozen=True)
class MinutesDraft:
    meeting: MeetingView
    present: tuple[str, ...]
    apologies: tuple[str, ...]
    absent: tuple[str, ...]
    officers: tuple[str, ...]
    public_count: int
    items: tuple[MinutesItem, ...]
    corrections: tuple[CorrectionView, ...]
    next_meeting_at: datetime | None


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _counts(m: MotionView) -> str:
    return (
        f"{m.votes_for} for, {m.votes_against} against, "
        f"{_plural(m.abstentions, 'abstention', 'abstentions')}"
    )


def _proposal_line(m: MotionView) -> str:
    what = "An amendment" if m.is_amendment else "A motion"
    wording = m.moved_text.rstrip()
    stop = "" if wording.endswith((".", "!", "?")) else "."
    return (
        f"{what} was proposed by {m.proposer_name or 'a member'} and seconded by "
        f"{m.seconder_name or 'a member'}: {wording}{stop}"
    )


def _outcome_lines(m: MotionView) -> list[str]:
    if m.outcome == MotionOutcome.WITHDRAWN:
        return ["It was withdrawn."]
    if m.outcome == MotionOutcome.PENDING:
        return ["It was not put to the vote."]
    lines = []
    if m.vote_method == VoteMethod.RECORDED and m.votes:
        lines.append(f"A recorded vote was taken ({_counts(m)}).")
        for choice, label in (("for", "For"), ("against", "Against"), ("abstain", "Abstained")):
            names = [v.member_name for v in m.votes if v.choice == choice]
            lines.append(f"{label}: {', '.join(names) if names else 'none'}.")
    else:
        lines.append(f"On a show of hands: {_counts(m)}.")
    if m.casting_vote:
        lines.append(
            f"The votes being equal, the chair gave a casting vote {m.casting_vote} "
            f"the {'amendment' if m.is_amendment else 'motion'}."
        )
    if m.is_amendment:
        carried = m.outcome == MotionOutcome.CARRIED
        lines.append("The amendment was carried." if carried else "The amendment was lost.")
    elif m.outcome == MotionOutcome.CARRIED:
        amended = " (as amended)" if m.text != m.moved_text else ""
        lines.append(f"RESOLVED{amended} ({m.minute_number}): {m.text}")
    else:
        lines.append("The motion was lost.")
    return lines


def motion_lines(m: MotionView) -> list[str]:
    """How a motion (or an amendment) reads in the minutes, one sentence a line."""
    return [_proposal_line(m), *_outcome_lines(m)]


def item_motion_lines(motions: list[MotionView]) -> list[str]:
    """An item's motions in the order a meeting deals with them: each motion moved, then its
    amendments moved and decided, then the motion (as amended) decided."""
    amendments: dict[str, list[MotionView]] = {}
    for m in motions:
        if m.amends_motion_id is not None:
            amendments.setdefault(m.amends_motion_id, []).append(m)
    known = {m.id for m in motions}
    lines: list[str] = []
    for m in motions:
        if m.amends_motion_id is not None and m.amends_motion_id in known:
            continue  # told with the motion it amends
        lines.append(_proposal_line(m))
        for amendment in amendments.get(m.id, []):
            lines += motion_lines(amendment)
        lines += _outcome_lines(m)
    return lines


def _action_line(a: ActionView) -> str:
    owner = f" ({a.owner_name})" if a.owner_name else ""
    due = f", by {format_day(a.due_on)}" if a.due_on else ""
    return f"Action{owner}: {a.description}{due}."


def _declaration_line(d: DeclarationView) -> str:
    note = f": {d.note}" if d.note else ""
    label = INTEREST_LABELS.get(d.kind, d.kind).lower()
    return f"{d.member_name} declared a {label}{note}."


def build_minutes(view: MeetingView, next_meeting_at: datetime | None = None) -> MinutesDraft:
    present, apologies, absent, officers = [], [], [], []
    for r in view.attendance:
        if r.member_id is None:
            officers.append(r.name + (" (remote)" if r.mode == AttendanceMode.REMOTE else ""))
            continue
        label = r.name + (" (chair)" if r.member_id == view.chair_member_id else "")
        if r.status == AttendanceStatus.PRESENT:
            present.append(label + (" (remote)" if r.mode == AttendanceMode.REMOTE else ""))
        elif r.status == AttendanceStatus.APOLOGIES:
            reason = f": {r.apologies_reason}" if r.apologies_reason else ""
            decided = {True: "accepted", False: "not accepted", None: "not yet considered"}
            apologies.append(f"{label}{reason} ({decided[r.apologies_accepted]})")
        elif r.voting:
            absent.append(label)
    items = []
    for i in view.items:
        moves = [f"{r.name} arrived." for r in view.attendance if r.arrived_at_item == i.number]
        moves += [
            f"{r.name} left the meeting." for r in view.attendance if r.left_at_item == i.number
        ]
        if not i.quorum.quorate:
            moves.append("The meeting was not quorate for this item.")
        motions = item_motion_lines([m for m in view.motions if m.item_number == i.number])
        items.append(
            MinutesItem(
                number=i.number,
                title=i.title,
                confidential=i.confidential,
                comings_and_goings=tuple(moves),
                declarations=tuple(
                    _declaration_line(d) for d in view.declarations if d.item_number == i.number
                ),
                notes=i.notes,
                motions=tuple(motions),
                actions=tuple(_action_line(a) for a in view.actions if a.agenda_item_id == i.id),
            )
        )
    return MinutesDraft(
        view,
        tuple(present),
        tuple(apologies),
        tuple(absent),
        tuple(officers),
        view.public_count,
        tuple(items),
        view.corrections,
        next_meeting_at,
    )


def draft_minutes(db: Database, meeting_id: str) -> MinutesDraft:
    with db.read() as session:
        meeting = live_meeting(session, meeting_id)
        view = meeting_view(session, meeting)
        next_at = session.scalar(
            select(Meeting.starts_at)
            .where(
                Meeting.group_id == meeting.group_id,
                Meeting.deleted.is_(False),
                Meeting.starts_at > meeting.starts_at,
                Meeting.status != "cancelled",
            )
            .order_by(Meeting.starts_at)
            .limit(1)
        )
    return build_minutes(view, next_at)


def minutes_text(draft: MinutesDraft) -> str:
    """The draft as editable plain text: numbered items start a line with "N. ". Which
    meeting it is, and when and where, is the document's heading, not part of the text."""
    out = []
    out.append("Present: " + (", ".join(draft.present) or "none recorded") + ".")
    if draft.officers:
        out.append("In attendance: " + ", ".join(draft.officers) + ".")
    if draft.public_count:
        out.append(f"Members of the public: {draft.public_count}.")
    if draft.apologies:
        out.append("Apologies: " + "; ".join(draft.apologies) + ".")
    if draft.absent:
        out.append("Absent: " + ", ".join(draft.absent) + ".")
    for i in draft.items:
        out += ["", f"{i.number}. {i.title}" + (" (confidential)" if i.confidential else "")]
        out += [*i.comings_and_goings, *i.declarations]
        if i.notes:
            out.append(i.notes)
        out += [*i.motions, *i.actions]
    return "\n".join(out).strip() + "\n"


def public_summary_text(draft: MinutesDraft) -> str:
    """ "What was decided, and what happens next", leaving out confidential items."""
    m = draft.meeting
    open_items = {i.id for i in m.items if not i.confidential}
    decided = [
        x
        for x in m.motions
        if x.agenda_item_id in open_items
        and not x.is_amendment
        and x.outcome == MotionOutcome.CARRIED
    ]
    lines = [
        f"{m.group_name}: {m.title}, {format_day(local_time(m.starts_at).date())}",
        "",
        "What was decided",
    ]
    lines += [f"- {x.text}" for x in decided] or ["- No decisions were made at this meeting."]
    lines += ["", "What happens next"]
    nexts = [
        f"- {a.description}" + (f" (by {format_day(a.due_on)})" if a.due_on else "")
        for a in m.actions
        if a.agenda_item_id is None or a.agenda_item_id in open_items
    ]
    if draft.next_meeting_at is not None:
        nexts.append(f"- The next meeting is on {format_when(draft.next_meeting_at)}.")
    lines += nexts or ["- Nothing further has been arranged yet."]
    return "\n".join(lines) + "\n"
