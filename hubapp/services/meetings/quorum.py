"""Quorum, computed live for each agenda item from the voting members present at it:
max(the group's minimum, the group's fraction of its voting members, rounded up). For a
parish council that is one third of the members and never fewer than three."""

from __future__ import annotations

import math
from collections.abc import Iterable

from hubapp.models.database import Database
from hubapp.services.meetings.attendance import register_rows
from hubapp.services.meetings.guards import live_group, live_meeting, voting_member_ids
from hubapp.services.meetings.views import AttendanceRow, QuorumState


def quorum_needed(voting_members: int, fraction: float, minimum: int) -> int:
    # The tolerance stops float noise (9 * 0.333... = 3.0000000001) from adding a member.
    share = math.ceil(voting_members * fraction - 1e-9) if voting_members else 0
    return max(minimum, share)


def quorum_state(
    rows: Iterable[AttendanceRow],
    item_number: int | None,
    voting_members: int,
    fraction: float,
    minimum: int,
) -> QuorumState:
    """The quorum at item `item_number` (None: the start of the meeting, i.e. item 1 for
    anyone who arrived late)."""
    at = item_number if item_number is not None else 1
    present = sum(1 for r in rows if r.voting and r.present_at(at))
    needed = quorum_needed(voting_members, fraction, minimum)
    quorate = present >= needed
    where = f" at item {item_number}" if item_number is not None else ""
    if quorate:
        message = f"Quorate{where}: {present} voting members present, {needed} needed."
    else:
        message = (
            f"Not quorate{where}: {present} voting "
            f"{'member' if present == 1 else 'members'} present and {needed} needed. No "
            "business can be done until enough members are present."
        )
    return QuorumState(item_number, needed, present, voting_members, quorate, message)


def quorum_at(db: Database, meeting_id: str, item_number: int | None = None) -> QuorumState:
    with db.read() as session:
        meeting = live_meeting(session, meeting_id)
        group = live_group(session, meeting.group_id)
        rows = register_rows(session, meeting)
        voting = len(voting_member_ids(session, meeting.group_id))
        return quorum_state(rows, item_number, voting, group.quorum_fraction, group.quorum_minimum)
