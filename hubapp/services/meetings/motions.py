"""Motions and amendments on an agenda item, and deciding them: by show of hands or by a
named recorded vote, with the chair's casting vote on a tie. One member, one vote; only
voting members present at the item may propose, second or vote, and not anyone who
declared a pecuniary interest in it. A carried amendment becomes the motion's wording."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import AgendaItem, Group, Meeting, Motion, Vote, stable_id
from hubapp.models.database import Database
from hubapp.models.vocab import MotionOutcome, VoteChoice, VoteMethod
from hubapp.services.errors import NotFound, ServiceError, ValidationFailed
from hubapp.services.meetings.attendance import register_rows
from hubapp.services.meetings.guards import (
    editable_item,
    eligible_voters,
    member_names,
    pecuniary_ids,
    present_voters,
    voting_member_ids,
)
from hubapp.services.meetings.numbering import next_minute_number
from hubapp.services.meetings.quorum import quorum_state

_CHOICES = {c.value for c in VoteChoice}


def _why_not(session: Session, item: AgendaItem, meeting: Meeting, member_id: str) -> str:
    """Why a member may not take part in the item's business ("" when they may)."""
    name = member_names(session, [member_id]).get(member_id, "That person")
    if member_id not in voting_member_ids(session, meeting.group_id):
        return f"{name} is not a voting member of the group."
    if member_id not in present_voters(session, meeting, item.position):
        return f"{name} is not recorded as present at item {item.position}."
    if member_id in pecuniary_ids(session, item.id):
        return f"{name} declared a pecuniary interest in this item, so cannot take part."
    return ""


def propose_motion(
    db: Database,
    item_id: str,
    text: str,
    proposer_id: str,
    seconder_id: str,
    *,
    amends_motion_id: str | None = None,
    staff_user_id: str | None,
) -> str:
    """Records a motion (or an amendment to a pending motion on the same item, worded as the
    motion would read if amended) and returns its id."""
    wording = text.strip()
    with db.write(staff_user_id) as session:
        item, meeting = editable_item(session, item_id)
        problems: dict[str, str] = {}
        if not wording:
            problems["text"] = "Write the wording of the motion."
        if proposer_id == seconder_id:
            problems["seconder_id"] = "The seconder must be a different member from the proposer."
        for field, member_id in (("proposer_id", proposer_id), ("seconder_id", seconder_id)):
            why = _why_not(session, item, meeting, member_id)
            if why and field not in problems:
                problems[field] = why
        if amends_motion_id is not None:
            target = session.get(Motion, amends_motion_id)
            if target is None or target.deleted or target.agenda_item_id != item.id:
                problems["amends_motion_id"] = "Amend a motion on this item."
            elif target.amends_motion_id is not None:
                problems["amends_motion_id"] = "An amendment cannot itself be amended."
            elif target.outcome != MotionOutcome.PENDING:
                problems["amends_motion_id"] = "That motion has already been decided."
            elif _pending_amendment(session, target.id) is not None:
                problems["amends_motion_id"] = "Decide the amendment already moved first."
        if problems:
            raise ValidationFailed(problems)
        motion = Motion(
            agenda_item_id=item.id,
            amends_motion_id=amends_motion_id,
            text=wording,
            proposer_member_id=proposer_id,
            seconder_member_id=seconder_id,
        )
        session.add(motion)
        session.flush()
        return motion.id


def _pending_amendment(session: Session, motion_id: str) -> Motion | None:
    return session.scalars(
        select(Motion).where(
            Motion.amends_motion_id == motion_id,
            Motion.deleted.is_(False),
            Motion.outcome == MotionOutcome.PENDING,
        )
    ).first()


def _pending(session: Session, motion_id: str) -> tuple[Motion, AgendaItem, Meeting]:
    motion = session.get(Motion, motion_id)
    if motion is None or motion.deleted:
        raise NotFound("That motion no longer exists.")
    item, meeting = editable_item(session, motion.agenda_item_id)
    if motion.outcome != MotionOutcome.PENDING:
        raise ServiceError(f"This motion has already been decided ({motion.outcome}).")
    return motion, item, meeting


def _ready_to_decide(session: Session, motion: Motion, item: AgendaItem, meeting: Meeting) -> None:
    if _pending_amendment(session, motion.id) is not None:
        raise ServiceError("Decide the amendment to this motion first.")
    group = session.get(Group, meeting.group_id)
    assert group is not None
    voting = len(voting_member_ids(session, meeting.group_id))
    state = quorum_state(
        register_rows(session, meeting),
        item.position,
        voting,
        group.quorum_fraction,
        group.quorum_minimum,
    )
    if not state.quorate:
        raise ServiceError(state.message)


def _settle(session: Session, motion: Motion, meeting: Meeting) -> str:
    """Sets the outcome from the counts (and casting vote); gives a carried motion that is
    not an amendment its minute number."""
    if motion.votes_for != motion.votes_against:
        carried = motion.votes_for > motion.votes_against
    elif motion.casting_vote is not None:
        carried = motion.casting_vote == VoteChoice.FOR
    else:
        return MotionOutcome.PENDING  # tied: the chair's casting vote is awaited
    motion.outcome = MotionOutcome.CARRIED if carried else MotionOutcome.LOST
    if carried and motion.amends_motion_id is None and motion.minute_number is None:
        group = session.get(Group, meeting.group_id)
        assert group is not None
        motion.minute_sequence, motion.minute_number = next_minute_number(session, meeting, group)
    return motion.outcome


def decide_by_show_of_hands(
    db: Database,
    motion_id: str,
    votes_for: int,
    votes_against: int,
    abstentions: int = 0,
    *,
    staff_user_id: str | None,
) -> str:
    """Records the counts and returns the outcome ("pending" on a tie: the chair's casting
    vote is awaited)."""
    with db.write(staff_user_id) as session:
        motion, item, meeting = _pending(session, motion_id)
        _ready_to_decide(session, motion, item, meeting)
        counts = {
            "votes_for": votes_for,
            "votes_against": votes_against,
            "abstentions": abstentions,
        }
        problems = {k: "Give a number of votes (0 or more)." for k, v in counts.items() if v < 0}
        may_vote = len(eligible_voters(session, item, meeting))
        if not problems and not sum(counts.values()):
            problems["votes_for"] = "Give the number of votes for, against and abstaining."
        elif not problems and sum(counts.values()) > may_vote:
            problems["votes_for"] = (
                f"That is {sum(counts.values())} votes, but only {may_vote} members may vote "
                "on this item."
            )
        if problems:
            raise ValidationFailed(problems)
        motion.vote_method = VoteMethod.SHOW_OF_HANDS
        motion.votes_for, motion.votes_against, motion.abstentions = (
            votes_for,
            votes_against,
            abstentions,
        )
        return _settle(session, motion, meeting)


def cast_vote(
    db: Database, motion_id: str, member_id: str, choice: str, *, staff_user_id: str | None
) -> None:
    """One member's vote in a recorded vote. Voting again replaces the earlier choice: the
    vote's id is fixed by motion and member, so there is never a second vote."""
    if choice not in _CHOICES:
        raise ValidationFailed({"choice": "Choose for, against or abstain."})
    with db.write(staff_user_id) as session:
        motion, item, meeting = _pending(session, motion_id)
        if motion.casting_vote is not None:
            raise ServiceError("The chair has given a casting vote; the vote is closed.")
        why = _why_not(session, item, meeting, member_id)
        if why:
            raise ValidationFailed({"member_id": why})
        vote_id = stable_id("vote", motion.id, member_id)
        vote = session.get(Vote, vote_id)
        if vote is None:
            session.add(Vote(id=vote_id, motion_id=motion.id, member_id=member_id, choice=choice))
        elif vote.deleted or vote.choice != choice:
            vote.deleted, vote.choice = False, choice
        if motion.vote_method != VoteMethod.RECORDED:
            motion.vote_method = VoteMethod.RECORDED


def close_recorded_vote(db: Database, motion_id: str, *, staff_user_id: str | None) -> str:
    """Counts the named votes and returns the outcome ("pending" on a tie)."""
    with db.write(staff_user_id) as session:
        motion, item, meeting = _pending(session, motion_id)
        _ready_to_decide(session, motion, item, meeting)
        votes = session.scalars(
            select(Vote).where(Vote.motion_id == motion.id, Vote.deleted.is_(False))
        ).all()
        if not votes:
            raise ServiceError("No votes have been recorded for this motion yet.")
        choices = [v.choice for v in votes]
        motion.vote_method = VoteMethod.RECORDED
        motion.votes_for = choices.count(VoteChoice.FOR)
        motion.votes_against = choices.count(VoteChoice.AGAINST)
        motion.abstentions = choices.count(VoteChoice.ABSTAIN)
        return _settle(session, motion, meeting)


def give_casting_vote(
    db: Database, motion_id: str, choice: str, *, staff_user_id: str | None
) -> str:
    """The chair's second, casting vote on a tie; returns the outcome."""
    if choice not in (VoteChoice.FOR, VoteChoice.AGAINST):
        raise ValidationFailed({"casting_vote": "The casting vote is for or against."})
    with db.write(staff_user_id) as session:
        motion, item, meeting = _pending(session, motion_id)
        counted = motion.votes_for + motion.votes_against + motion.abstentions > 0
        if not counted or motion.votes_for != motion.votes_against:
            raise ServiceError("A casting vote is only given when the votes are tied.")
        if not meeting.chair_member_id:
            raise ServiceError("Record who is chairing the meeting before the casting vote.")
        why = _why_not(session, item, meeting, meeting.chair_member_id)
        if why:
            raise ServiceError(f"The chair cannot give a casting vote: {why}")
        motion.casting_vote = choice
        return _settle(session, motion, meeting)


def withdraw_motion(db: Database, motion_id: str, *, staff_user_id: str | None) -> None:
    """The proposer withdraws a motion (with any amendment to it still pending)."""
    with db.write(staff_user_id) as session:
        motion, _, _ = _pending(session, motion_id)
        motion.outcome = MotionOutcome.WITHDRAWN
        pending = _pending_amendment(session, motion.id)
        if pending is not None:
            pending.outcome = MotionOutcome.WITHDRAWN
