"""Records about a member that stay when they are erased, because they belong to a meeting or a
group (models.erasure.LINKED_TEXT): apologies with a reason, a declaration of interest with a
note, feedback naming them with a comment. Shared by the erasure tests of the service and of
sync."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from hubapp.models.database import Database
from hubapp.services import groups as group_service
from hubapp.services.feedback import submit_feedback
from hubapp.services.meetings.attendance import record_attendance
from hubapp.services.meetings.interests import declare_interest
from hubapp.services.meetings.reading import get_meeting
from hubapp.services.meetings.scheduling import MeetingDetails, schedule_meeting

APOLOGIES = "Hospital appointment for her hip"
INTEREST = "Her nephew runs the café bidding for the contract"
COMMENT = "Gwen here: the choir's new time clashes with my carer's visits"
WORDS = [APOLOGIES, INTEREST, COMMENT]


@dataclass
class Linked:
    group_id: str
    meeting_id: str
    feedback_id: str


def add_linked_records(db: Database, staff_id: str, member_id: str, group_id: str = "") -> Linked:
    """`group_id`: a group she is a member of; one is registered and she is enlisted if none."""
    if not group_id:
        group_id = group_service.register_group(
            db, group_service.GroupDetails(name="Côr Llanymddyfri"), staff_user_id=staff_id
        ).id
        group_service.enlist_member(db, group_id, member_id, "member", staff_user_id=staff_id)
    starts = datetime.now().replace(microsecond=0) + timedelta(days=7)
    meeting_id = schedule_meeting(
        db,
        MeetingDetails(group_id=group_id, starts_at=starts, venue_text="Neuadd y Dref"),
        staff_user_id=staff_id,
    )
    record_attendance(
        db, meeting_id, member_id, "apologies", apologies_reason=APOLOGIES, staff_user_id=staff_id
    )
    item = get_meeting(db, meeting_id).items[0]
    declare_interest(db, item.id, member_id, "other_registrable", INTEREST, staff_user_id=staff_id)
    feedback_id = submit_feedback(
        db, "group", group_id, 2, comment=COMMENT, channel="desk", member_id=member_id,
        staff_user_id=staff_id, device_key="desk-1",
    )  # fmt: skip
    assert feedback_id is not None
    return Linked(group_id, meeting_id, feedback_id)


def words_in(data: bytes | str, words: list[str]) -> list[str]:
    """The words found in a database file's bytes or a journal's text, as written or as JSON
    keeps them (a journal's JSON column escapes "é" as "\\u00e9"), ignoring case."""
    raw = data.encode() if isinstance(data, str) else data
    haystack = raw.lower()
    found = []
    for word in words:
        escaped = json.dumps(word.lower())[1:-1].encode()
        if word.lower().encode() in haystack or escaped in haystack:
            found.append(word)
    return found
