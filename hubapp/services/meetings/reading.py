"""Reading a whole meeting into one frozen MeetingView: agenda with the quorum at each item,
the register, declarations, motions with their votes, actions and corrections."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import (
    ActionItem,
    InterestDeclaration,
    Meeting,
    MinuteCorrection,
    Motion,
    Venue,
    Vote,
)
from hubapp.models.database import Database
from hubapp.models.vocab import MotionOutcome
from hubapp.services.meetings.agenda import action_view
from hubapp.services.meetings.attendance import register_rows
from hubapp.services.meetings.guards import (
    live_group,
    live_items,
    live_meeting,
    member_names,
    voting_member_ids,
)
from hubapp.services.meetings.quorum import quorum_state
from hubapp.services.meetings.views import (
    AgendaItemView,
    CorrectionView,
    DeclarationView,
    MeetingView,
    MotionView,
    Paper,
    VoteView,
    format_when,
    meeting_title,
)


def get_meeting(db: Database, meeting_id: str) -> MeetingView:
    with db.read() as session:
        return meeting_view(session, live_meeting(session, meeting_id))


def _motions(session: Session, item_ids: list[str], numbers: dict[str, int]) -> list[MotionView]:
    motions = session.scalars(
        select(Motion)
        .where(Motion.agenda_item_id.in_(item_ids), Motion.deleted.is_(False))
        .order_by(Motion.created_at, Motion.id)
    ).all()
    votes = session.scalars(
        select(Vote).where(Vote.motion_id.in_([m.id for m in motions]), Vote.deleted.is_(False))
    ).all()
    names = member_names(
        session,
        [m.proposer_member_id for m in motions]
        + [m.seconder_member_id for m in motions]
        + [v.member_id for v in votes],
    )
    # The wording as it stands: the last carried amendment's, if any (amendments are taken
    # one at a time, so creation order is the order they were decided).
    wording = {m.id: m.text for m in motions}
    for m in motions:
        if m.amends_motion_id and m.outcome == MotionOutcome.CARRIED:
            wording[m.amends_motion_id] = m.text
    views = []
    for m in motions:
        named = sorted(
            (
                VoteView(v.member_id, names.get(v.member_id, ""), v.choice)
                for v in votes
                if v.motion_id == m.id
            ),
            key=lambda v: v.member_name,
        )
        views.append(
            MotionView(
                id=m.id,
                agenda_item_id=m.agenda_item_id,
                item_number=numbers[m.agenda_item_id],
                amends_motion_id=m.amends_motion_id,
                moved_text=m.text,
                text=wording[m.id],
                proposer_id=m.proposer_member_id,
                proposer_name=names.get(m.proposer_member_id or "", ""),
                seconder_id=m.seconder_member_id,
                seconder_name=names.get(m.seconder_member_id or "", ""),
                vote_method=m.vote_method,
                votes_for=m.votes_for,
                votes_against=m.votes_against,
                abstentions=m.abstentions,
                casting_vote=m.casting_vote,
                outcome=m.outcome,
                minute_number=m.minute_number,
                votes=tuple(named),
            )
        )
    return views


def _corrections(session: Session, meeting_id: str) -> list[CorrectionView]:
    rows = session.scalars(
        select(MinuteCorrection)
        .where(MinuteCorrection.meeting_id == meeting_id, MinuteCorrection.deleted.is_(False))
        .order_by(MinuteCorrection.created_at, MinuteCorrection.id)
    ).all()
    out = []
    for c in rows:
        at = session.get(Meeting, c.made_at_meeting_id) if c.made_at_meeting_id else None
        label = f"the meeting on {format_when(at.starts_at)}" if at is not None else ""
        out.append(CorrectionView(c.id, c.text, c.made_at_meeting_id, label, c.created_at))
    return out


def _approved_at(session: Session, meeting: Meeting) -> str:
    if not meeting.minutes_approved_by_meeting_id:
        return ""
    at = session.get(Meeting, meeting.minutes_approved_by_meeting_id)
    return format_when(at.starts_at) if at is not None else ""


def meeting_view(session: Session, meeting: Meeting) -> MeetingView:
    group = live_group(session, meeting.group_id)
    items = live_items(session, meeting.id)
    numbers = {i.id: i.position for i in items}
    rows = register_rows(session, meeting)
    voting = len(voting_member_ids(session, group.id))
    item_views = tuple(
        AgendaItemView(
            id=i.id,
            number=i.position,
            title=i.title,
            description=i.description or "",
            standard_kind=i.standard_kind,
            confidential=i.confidential,
            papers=tuple(
                Paper(str(p.get("name", "")), str(p.get("path", ""))) for p in (i.papers or [])
            ),
            notes=i.discussion_notes or "",
            carried_from_action_id=i.carried_from_action_id,
            quorum=quorum_state(
                rows, i.position, voting, group.quorum_fraction, group.quorum_minimum
            ),
        )
        for i in items
    )
    declarations = session.scalars(
        select(InterestDeclaration).where(
            InterestDeclaration.agenda_item_id.in_(list(numbers)),
            InterestDeclaration.deleted.is_(False),
        )
    ).all()
    actions = session.scalars(
        select(ActionItem)
        .where(ActionItem.meeting_id == meeting.id, ActionItem.deleted.is_(False))
        .order_by(ActionItem.created_at, ActionItem.id)
    ).all()
    names = member_names(
        session,
        [d.member_id for d in declarations]
        + [a.owner_member_id for a in actions]
        + [meeting.chair_member_id],
    )
    venue = session.get(Venue, meeting.venue_id) if meeting.venue_id else None
    decl_views = sorted(
        (
            DeclarationView(
                d.id,
                d.agenda_item_id,
                numbers[d.agenda_item_id],
                d.member_id,
                names.get(d.member_id, ""),
                d.kind,
                d.note or "",
            )
            for d in declarations
        ),
        key=lambda d: (d.item_number, d.member_name),
    )
    return MeetingView(
        id=meeting.id,
        group_id=group.id,
        group_name=group.name,
        group_kind=group.kind,
        meeting_type=meeting.meeting_type,
        title=meeting_title(meeting.title, meeting.meeting_type, group.name),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        venue_id=meeting.venue_id,
        venue_name=venue.name if venue is not None else "",
        venue_address=(venue.address or "") if venue is not None else "",
        venue_text=meeting.venue_text or "",
        online_link=meeting.online_link or "",
        chair_member_id=meeting.chair_member_id,
        chair_name=names.get(meeting.chair_member_id or "", ""),
        clerk_name=meeting.clerk_name or "",
        status=meeting.status,
        notice_issued_on=meeting.notice_issued_on,
        notice_clear_days=group.notice_clear_days,
        public_count=meeting.public_count,
        minutes_status=meeting.minutes_status,
        minutes_text=meeting.minutes_text or "",
        minutes_approved_at=meeting.minutes_approved_at,
        minutes_approved_by_meeting_id=meeting.minutes_approved_by_meeting_id,
        minutes_approved_at_meeting=_approved_at(session, meeting),
        public_summary=meeting.public_summary or "",
        items=item_views,
        attendance=tuple(rows),
        declarations=tuple(decl_views),
        motions=tuple(_motions(session, list(numbers), numbers)),
        actions=tuple(action_view(a, names) for a in actions),
        corrections=tuple(_corrections(session, meeting.id)),
    )
