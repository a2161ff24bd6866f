"""Screenshots of the meeting screens for docs/screenshots/ (meetings-*.png), from a council
with a meeting part-way through: run from the repository root,

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/shots_meetings.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from hubapp.models.database import Database  # noqa: E402
from hubapp.models.vocab import ConsentPurpose, InterestKind  # noqa: E402
from hubapp.services import feedback  # noqa: E402
from hubapp.services import staff as staff_service  # noqa: E402
from hubapp.services.meetings import agenda, attendance, interests, motions  # noqa: E402
from hubapp.services.meetings.agenda import ItemDetails  # noqa: E402
from hubapp.services.members import MemberDetails, sign_up_member  # noqa: E402
from hubapp.ui import theme  # noqa: E402
from hubapp.ui.context import AppContext  # noqa: E402
from hubapp.ui.meetings import MeetingsPage  # noqa: E402
from hubapp.ui.tasks import TaskRunner  # noqa: E402
from tests.meetings.council import make_council  # noqa: E402

SIZE = (1190, 740)


def settle(ctx: AppContext, ms: int = 400) -> None:
    """Lets queued work and repaints finish: waits on a timer, never a processEvents loop."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    ctx.tasks.wait(5_000)
    QTimer.singleShot(100, loop.quit)
    loop.exec()


def save(widget: QWidget, out: Path, name: str) -> None:
    path = out / f"meetings-{name}.png"
    widget.grab().save(str(path))
    print(path)


def give_feedback(db: Database, staff: str, group_id: str, meeting_id: str) -> None:
    """Feedback on the meeting: two residents at the desk (one agreed to be emailed) and two
    anonymous pieces from the kiosk."""
    said = {"Nia": {ConsentPurpose.CONTACT_EMAIL: True}, "Dewi": {}}
    for n, (first, consents) in enumerate(said.items()):
        details = MemberDetails(first_name=first, last_name="Rowlands", consents=consents,
                                email=f"{first.lower()}.rowlands@example.org")  # fmt: skip
        member_id = sign_up_member(db, details, staff_user_id=staff).id
        feedback.submit_feedback(db, "group", group_id, 4, channel="desk",
                                 device_key=f"desk-{n}", meeting_id=meeting_id,
                                 member_id=member_id, staff_user_id=staff)  # fmt: skip
    for n in range(2):
        feedback.submit_feedback(db, "group", group_id, 3, device_key=f"kiosk-{n}",
                                 meeting_id=meeting_id)  # fmt: skip


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    app = QApplication.instance() or QApplication([])
    theme.apply_theme(app)  # type: ignore[arg-type]
    db = Database(Path(tempfile.mkdtemp()))
    admin = staff_service.set_up_hub(db, "Llanfair Library", "rhian", "Rhian", "correct horse")
    council = make_council(db, admin)
    staff, m = admin.id, council.members
    starts = (datetime.now() + timedelta(days=12)).replace(hour=19, minute=30, second=0)
    meeting_id = council.meeting(starts)
    bench = agenda.add_item(db, meeting_id, ItemDetails(title="Bench for the green"),
                            number=7, staff_user_id=staff)  # fmt: skip
    agenda.add_item(db, meeting_id, ItemDetails(title="Public toilets: winter opening"),
                    number=8, staff_user_id=staff)  # fmt: skip
    agenda.add_item(db, meeting_id, ItemDetails(title="Staffing matters", confidential=True),
                    number=9, staff_user_id=staff)  # fmt: skip
    for n in range(6):
        attendance.record_attendance(db, meeting_id, m[n], "present", staff_user_id=staff)
    attendance.record_attendance(db, meeting_id, m[6], "apologies",
                                 apologies_reason="Working away", apologies_accepted=True,
                                 staff_user_id=staff)  # fmt: skip
    interests.declare_interest(db, bench, m[4], InterestKind.PECUNIARY,
                               "Quoted for the bench", staff_user_id=staff)  # fmt: skip
    agenda.set_item_notes(db, bench, "Members discussed the two quotes. The oak bench lasts "
                          "longer; the recycled plastic one needs no upkeep.",
                          staff_user_id=staff)  # fmt: skip
    motion = motions.propose_motion(db, bench, "To buy one oak bench from Pren Cyf for £640",
                                    m[1], m[2], staff_user_id=staff)  # fmt: skip
    amendment = motions.propose_motion(db, bench, "To buy two oak benches from Pren Cyf for "
                                       "£1,280", m[3], m[5], amends_motion_id=motion,
                                       staff_user_id=staff)  # fmt: skip
    motions.decide_by_show_of_hands(db, amendment, 3, 2, 0, staff_user_id=staff)

    give_feedback(db, staff, council.group_id, meeting_id)

    ctx = AppContext(db=db, tasks=TaskRunner(), staff=admin)
    page = MeetingsPage(ctx)
    page.resize(*SIZE)
    page.show()
    settle(ctx)
    page.list.reload(select=meeting_id)
    settle(ctx)
    for name, tab in (("agenda", page.agenda), ("attendance", page.attendance),
                      ("run", page.run), ("minutes", page.minutes)):  # fmt: skip
        page.tabs.setCurrentWidget(tab)
        if tab is page.run:
            page.run.go_to(7)
        if tab is page.minutes:
            page.minutes.generate_button.click()
            settle(ctx)
            page.minutes.summary_button.click()
        settle(ctx)
        save(page, out, name)
    page.minutes.sharing.copy_button.click()  # the summary copied, the addresses shown
    settle(ctx)
    save(page, out, "minutes-sharing")
    page.new_meeting()
    settle(ctx)
    assert page.schedule_dialog is not None
    save(page.schedule_dialog, out, "schedule")
    page.schedule_dialog.reject()
    ctx.tasks.wait(5_000)


if __name__ == "__main__":
    main()
