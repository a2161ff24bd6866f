"""A council's meeting, run at one hub, reaches the rest of the network: the meeting, its
agenda, motions and decisions are public records; the councillors' personal details stay with
the hubs that hold them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from hubapp.models.database import Database
from hubapp.services.meetings import attendance, motions
from hubapp.services.meetings.minutes import draft_minutes
from hubapp.services.meetings.reading import get_meeting
from hubapp.services.meetings.scheduling import list_meetings
from hubapp.services.staff import SignedInStaff
from hubapp.sync import commands
from tests.meetings.council import make_council
from tests.sync.conftest import RunningServer
from tests.sync.hubs import member, replica, set_up, sync

MakeDb = Callable[[str], Database]


def test_a_meeting_run_at_one_hub_is_seen_at_another(
    server: RunningServer, make_db: MakeDb
) -> None:
    x, y = make_db("llanfair"), make_db("talley")
    x_staff = set_up(x, "Llanfair Library")
    set_up(y, "Talley Village Hall")
    for db, name in ((x, "Llanfair Library"), (y, "Talley Village Hall")):
        _hub, code = server.add_hub(name)
        commands.enrol(db, server.url, code)
    admin = SignedInStaff(x_staff, "rhian", "Rhian Jones", "admin", x.hub_id or "", "")
    council = make_council(x, admin)
    m = council.members
    meeting_id = council.meeting(datetime(2027, 3, 2, 19, 0))
    for n in range(5):
        attendance.record_attendance(x, meeting_id, m[n], "present", staff_user_id=x_staff)
    item = get_meeting(x, meeting_id).item(5).id
    motion = motions.propose_motion(x, item, "To mend the bus shelter", m[1], m[2],
                                    staff_user_id=x_staff)  # fmt: skip
    motions.decide_by_show_of_hands(x, motion, 4, 1, 0, staff_user_id=x_staff)
    assert sync(x).ok
    assert sync(y).ok

    seen = get_meeting(y, meeting_id)  # the public record, whole
    assert seen.group_name == "Llanfair Parish Council"
    assert [i.title for i in seen.items] == [i.title for i in get_meeting(x, meeting_id).items]
    (decided,) = seen.motions
    assert decided.outcome == "carried" and decided.minute_number
    assert [r.id for r in list_meetings(y, upcoming=True, now=datetime(2027, 1, 1))] == [meeting_id]
    assert "To mend the bus shelter" in "\n".join(
        line for i in draft_minutes(y, meeting_id).items for line in i.motions
    )
    # The councillors' own details stayed at Llanfair.
    assert all(member(y, member_id) is None for member_id in m)
    public = {key for key in replica(x) if key[0] in {"meetings", "agenda_items", "motions"}}
    assert public <= set(replica(y))
    # Who proposed and who attended is part of the public record only as far as this hub
    # holds those people: the others are not named.
    assert decided.proposer_name == "" and get_meeting(x, meeting_id).motions[0].proposer_name
    assert "proposed by a member and seconded by a member" in "\n".join(
        line for i in draft_minutes(y, meeting_id).items for line in i.motions
    )
