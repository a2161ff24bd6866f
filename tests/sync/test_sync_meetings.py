"""A council's meeting, run at one hub, reaches the rest of the network: the meeting, its
agenda, motions and decisions are public records; the councillors' personal details stay with
the hubs that hold them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

import requests
from sqlalchemy import select

from hubapp.models import Attendance, SyncConflict
from hubapp.models.database import Database
from hubapp.services.meetings import attendance, motions
from hubapp.services.meetings.minutes import draft_minutes
from hubapp.services.meetings.reading import get_meeting
from hubapp.services.meetings.scheduling import list_meetings
from hubapp.services.staff import SignedInStaff
from hubapp.sync import commands
from hubapp.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from tests.meetings.council import make_council
from tests.sync.conftest import RunningServer
from tests.sync.hubs import member, replica, set_up, sync

MakeDb = Callable[[str], Database]
REASON = "Hip operation at Glangwili on the day"


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
    attendance.record_attendance(x, meeting_id, m[5], "apologies", staff_user_id=x_staff,
                                 apologies_reason=REASON)  # fmt: skip
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
    # Apologies are public; the reason given is the councillor's own (often their health):
    # only hubs holding them get it (MEMBER_PRIVATE_FIELDS), however it is asked for.
    with y.read() as session:
        there = session.scalars(select(Attendance).where(Attendance.member_id == m[5])).one()
        assert (there.status, there.apologies_reason) == ("apologies", None)
        there_id = there.id
    here = {a.member_id: a for a in get_meeting(x, meeting_id).attendance}
    assert here[m[5]].apologies_reason == REASON
    assert REASON not in json.dumps(list(replica(y).values()), default=str)
    assert REASON not in " ".join(draft_minutes(y, meeting_id).apologies)
    assert REASON in " ".join(draft_minutes(x, meeting_id).apologies)
    token = commands.transport_for(y).token or ""
    row = requests.get(
        f"{server.url}/rows/attendances/{there_id}",
        headers={"Authorization": f"Bearer {token}", PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
        timeout=10,
    )
    assert row.status_code == 200 and "apologies_reason" not in row.json()["fields"]
    assert row.json()["fields"]["status"] == "apologies"


def test_a_conflict_about_an_apologies_reason_stays_with_the_hubs_holding_them(
    server: RunningServer, make_db: MakeDb
) -> None:
    """Two desks of one hub give different reasons offline: the losing reason is kept as a
    conflict, which would otherwise go wherever the (public) attendance goes."""
    x, x2, y = make_db("llanfair"), make_db("llanfair-2"), make_db("talley")
    x_staff = set_up(x, "Llanfair Library")
    set_up(y, "Talley Village Hall")
    x_hub, code = server.add_hub("Llanfair Library")
    commands.enrol(x, server.url, code)
    _y_hub, y_code = server.add_hub("Talley Village Hall")
    commands.enrol(y, server.url, y_code)
    admin = SignedInStaff(x_staff, "rhian", "Rhian Jones", "admin", x.hub_id or "", "")
    council = make_council(x, admin)
    meeting_id = council.meeting(datetime(2027, 3, 2, 19, 0))
    councillor = council.members[5]
    attendance.record_attendance(x, meeting_id, councillor, "apologies", staff_user_id=x_staff,
                                 apologies_reason="Unwell")  # fmt: skip
    assert sync(x).ok
    commands.enrol(x2, server.url, server.code_for(x_hub))
    assert sync(x2).ok
    for db, reason in ((x, REASON), (x2, "Caring for her mother that evening")):
        attendance.record_attendance(db, meeting_id, councillor, "apologies",
                                     staff_user_id=None, apologies_reason=reason)  # fmt: skip
    for db in (x, x2, x, y):
        assert sync(db).ok
    with x.read() as session:
        kept = session.scalars(
            select(SyncConflict).where(SyncConflict.field == "apologies_reason")
        ).all()
    assert len(kept) == 1  # the check can fail: there is a conflict to withhold
    token = commands.transport_for(y).token or ""
    asked = requests.get(
        f"{server.url}/rows/_conflicts/{kept[0].id}",
        headers={"Authorization": f"Bearer {token}", PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
        timeout=10,
    )
    assert asked.status_code == 404  # pseudo-rows only come in pages, under their rules
    with y.read() as session:
        assert session.scalars(select(SyncConflict)).all() == []
        there = session.scalars(select(Attendance).where(Attendance.member_id == councillor))
        assert there.one().apologies_reason is None
