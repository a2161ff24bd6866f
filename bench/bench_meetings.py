"""How fast the clerk's screens answer, on a hub with 100,000 members and a council with two
years of monthly meetings behind it.

    .venv/bin/python bench/bench_meetings.py --members 100000 --meetings 24 --repeats 15

Measures what the meeting screens do, through the same services (Qt only for the PDF):
- opening a meeting: services.meetings.reading.get_meeting (the Meetings page runs it on its
  worker when a meeting is chosen, and again after every change);
- recording one thing in a meeting and seeing it: a write (a councillor marked present) plus
  the re-read the screen does after it;
- the draft minutes: draft_minutes + minutes_html;
- the minutes as an A4 PDF: the above plus ui.printing.write_pdf;
- the summons: agenda_html + write_pdf.
The council's meetings are added to a copy of the cached seeded database, so runs do not
grow the cache. Figures are medians and 95th percentiles in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import machine, median_ms, p95_ms, seeded_database

from hubapp.models import GroupMembership, stable_id
from hubapp.models.database import Database
from hubapp.models.vocab import GroupKind, GroupRole, InterestKind
from hubapp.services import groups
from hubapp.services.groups import GroupDetails
from hubapp.services.meetings import agenda, approval, attendance, interests, motions
from hubapp.services.meetings.actions import ActionDetails, add_action
from hubapp.services.meetings.agenda import ItemDetails
from hubapp.services.meetings.documents import agenda_html, minutes_html
from hubapp.services.meetings.held import mark_held
from hubapp.services.meetings.minutes import draft_minutes
from hubapp.services.meetings.reading import get_meeting
from hubapp.services.meetings.scheduling import MeetingDetails, schedule_meeting
from hubapp.services.members import MemberDetails, sign_up_member

COUNCILLORS = (
    "Aled",
    "Bethan",
    "Carys",
    "Dafydd",
    "Elin",
    "Ffion",
    "Geraint",
    "Heledd",
    "Iolo",
    "Llinos",
    "Manon",
)
EXTRA_ITEMS = ("Planning applications", "Bench for the green", "Footpaths", "Village hall roof")


def council(db: Database) -> tuple[str, list[str]]:
    group_id = groups.register_group(
        db,
        GroupDetails(name="Bench Parish Council", kind=GroupKind.PARISH_COUNCIL),
        staff_user_id=None,
    ).id
    members: list[str] = []
    for n, first in enumerate(COUNCILLORS):
        details = MemberDetails(
            first_name=first, last_name="Cynghorydd", email=f"{first.lower()}@example.org"
        )
        member_id = sign_up_member(db, details, staff_user_id=None).id
        role = GroupRole.CHAIR if n == 0 else GroupRole.MEMBER
        groups.enlist_member(db, group_id, member_id, role, staff_user_id=None)
        members.append(member_id)
    with db.write(None) as session:  # every councillor votes
        for member_id in members:
            link = session.get(GroupMembership, stable_id("group_membership", group_id, member_id))
            assert link is not None
            link.is_voting = True
    return group_id, members


def full_meeting(db: Database, group_id: str, members: list[str], starts: datetime) -> str:
    """A meeting as a busy council holds it: the standard items and four more, everyone
    accounted for, a declaration, two motions per extra item (one by recorded vote), an
    action per extra item; held, minutes drafted."""
    details = MeetingDetails(
        group_id=group_id,
        starts_at=starts,
        venue_text="Village hall",
        chair_member_id=members[0],
        clerk_name="Clerk",
    )
    meeting_id = schedule_meeting(db, details, staff_user_id=None)
    for n, member_id in enumerate(members):
        status = "apologies" if n == len(members) - 1 else "present"
        attendance.record_attendance(db, meeting_id, member_id, status, staff_user_id=None)
    for title in EXTRA_ITEMS:
        item = agenda.add_item(db, meeting_id, ItemDetails(title=title), staff_user_id=None)
        if title == EXTRA_ITEMS[1]:
            interests.declare_interest(
                db, item, members[4], InterestKind.NON_REGISTRABLE, "Neighbour", staff_user_id=None
            )
        first = motions.propose_motion(
            db, item, f"To approve: {title}", members[1], members[2], staff_user_id=None
        )
        motions.decide_by_show_of_hands(db, first, 6, 3, 1, staff_user_id=None)
        second = motions.propose_motion(
            db, item, f"To defer: {title}", members[3], members[5], staff_user_id=None
        )
        for n, member_id in enumerate(members[:-1]):
            choice = ("for", "against", "abstain")[n % 3]
            motions.cast_vote(db, second, member_id, choice, staff_user_id=None)
        motions.close_recorded_vote(db, second, staff_user_id=None)
        agenda.set_item_notes(db, item, f"Discussion of {title.lower()}. " * 8, staff_user_id=None)
        action = ActionDetails(
            description=f"Write to the county about {title.lower()}",
            owner_member_id=members[2],
            due_on=(starts + timedelta(days=30)).date(),
            agenda_item_id=item,
        )
        add_action(db, meeting_id, action, staff_user_id=None)
    mark_held(db, meeting_id, staff_user_id=None)
    approval.start_minutes(db, meeting_id, staff_user_id=None)
    return meeting_id


def timed(fn: Callable[[], object], repeats: int) -> list[float]:
    fn()  # warm
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--meetings", type=int, default=24)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    print(machine())

    cached = seeded_database(args.members)
    cached.close()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy2(cached.path, folder / cached.path.name)  # closed: the WAL is merged in
        db = Database(folder)
        try:
            run(db, args)
        finally:
            db.close()


def run(db: Database, args: argparse.Namespace) -> None:
    from PySide6.QtGui import QGuiApplication

    from hubapp.ui.printing import write_pdf

    app = QGuiApplication.instance() or QGuiApplication([])
    started = time.perf_counter()
    group_id, members = council(db)
    first = datetime(2025, 1, 14, 19, 0)
    meeting_ids = [
        full_meeting(db, group_id, members, first + timedelta(weeks=4 * n))
        for n in range(args.meetings)
    ]
    for earlier, later in pairwise(meeting_ids):
        approval.approve_minutes(db, earlier, later, staff_user_id=None)
    print(f"Built {args.meetings} meetings in {time.perf_counter() - started:.1f} s")
    # The latest meeting, whose minutes are still a draft, is the one the clerk opens.
    meeting_id = meeting_ids[-1]
    view = get_meeting(db, meeting_id)
    print(
        f"The meeting: {len(view.items)} items, "
        f"{len(view.motions)} motions, {len(members)} councillors"
    )
    pdf = Path(tempfile.gettempdir()) / "hubapp-bench-minutes.pdf"
    chair = members[0]

    def mark_present() -> None:
        attendance.record_attendance(db, meeting_id, chair, "present", staff_user_id=None)
        get_meeting(db, meeting_id)

    def minutes() -> None:
        minutes_html(draft_minutes(db, meeting_id))

    def minutes_pdf() -> None:
        write_pdf(minutes_html(draft_minutes(db, meeting_id)), pdf, title="Minutes")

    def summons_pdf() -> None:
        write_pdf(agenda_html(get_meeting(db, meeting_id), date(2025, 1, 1)), pdf, title="Summons")

    cases: list[tuple[str, Callable[[], object]]] = [
        ("open a meeting (get_meeting)", lambda: get_meeting(db, meeting_id)),
        ("record attendance, then re-read", mark_present),
        ("draft minutes (text and HTML)", minutes),
        ("minutes as an A4 PDF", minutes_pdf),
        ("summons as an A4 PDF", summons_pdf),
    ]
    print(f"\n{'what':<36} {'median ms':>10} {'p95 ms':>8}")
    for name, fn in cases:
        samples = timed(fn, args.repeats)
        print(f"{name:<36} {median_ms(samples):>10.1f} {p95_ms(samples):>8.1f}")
    print(f"\nPDF size: {pdf.stat().st_size / 1024:.0f} KB ({pdf})")
    del app


if __name__ == "__main__":
    main()
