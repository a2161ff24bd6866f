"""Screenshots of the Opportunities and Feedback sections for docs/screenshots/
(opportunities-*.png, feedback-*.png), the whole main window at 1280x800, from the small hub
in tests/ui/engagement_hub.py: run from the repository root,

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/shots_engagement.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from hubapp.models.database import Database  # noqa: E402
from hubapp.services import staff as staff_service  # noqa: E402
from hubapp.ui import theme  # noqa: E402
from hubapp.ui.app import build_main_window  # noqa: E402
from hubapp.ui.context import AppContext  # noqa: E402
from hubapp.ui.feedback import FeedbackPage  # noqa: E402
from hubapp.ui.main_window import MainWindow  # noqa: E402
from hubapp.ui.members import MembersPage  # noqa: E402
from hubapp.ui.opportunities import OpportunitiesPage  # noqa: E402
from hubapp.ui.tasks import TaskRunner  # noqa: E402
from tests.ui.engagement_hub import EngagementHub, make_engagement_hub  # noqa: E402


def settle(ctx: AppContext, ms: int = 300) -> None:
    """Lets queued work and repaints finish: waits on a timer, never a processEvents loop."""
    for _ in range(3):
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        ctx.tasks.wait(5_000)


def opportunities(window: MainWindow) -> OpportunitiesPage:
    window.show_section("opportunities")
    page = window.page_by_key["opportunities"]
    assert isinstance(page, OpportunitiesPage)
    settle(window.ctx)
    return page


def feedback(window: MainWindow) -> FeedbackPage:
    window.show_section("feedback")
    page = window.page_by_key["feedback"]
    assert isinstance(page, FeedbackPage)
    settle(window.ctx)
    return page


def screens(hub: EngagementHub) -> dict[str, Callable[[MainWindow], None]]:
    def interest(window: MainWindow) -> None:
        page = opportunities(window)
        page.list.select(hub.garden)

    def people(window: MainWindow) -> None:
        page = opportunities(window)
        page.list.select(hub.garden)
        page.view.tabs.setCurrentWidget(page.view.people)

    def form(window: MainWindow) -> None:
        page = opportunities(window)
        page.new_opportunity()
        f = page.form
        f.title.setText("Library book delivery")
        f.description.setPlainText("Taking library books to people who cannot get out.")
        f.when.choose("weekly")
        f.when.weekly.days["wed"].setChecked(True)
        f.when.weekly.start.setText("14:00")
        f.when.weekly.end.setText("1pm")
        f.skills.set_tags(["Driving"])
        f.interests.set_tags(["Supporting older people", "Reading and libraries"])
        f.transport.setChecked(True)
        f.save()

    def member(window: MainWindow) -> None:
        window.show_section("members")
        page = window.page_by_key["members"]
        assert isinstance(page, MembersPage)
        settle(window.ctx)
        page.show_member(hub.sian)
        settle(window.ctx)
        page.profile.scroll_area.ensureWidgetVisible(page.ways, 0, 0)

    def moderation(window: MainWindow) -> None:
        feedback(window)

    def reports(window: MainWindow) -> None:
        page = feedback(window)
        page.show_tab(page.reports)

    def sign_ups(window: MainWindow) -> None:
        page = feedback(window)
        page.show_tab(page.sign_ups)

    return {
        "opportunities-interest": interest,
        "opportunities-people": people,
        "opportunities-form": form,
        "opportunities-member-matches": member,
        "feedback-moderation": moderation,
        "feedback-reports": reports,
        "feedback-sign-ups": sign_ups,
    }


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots"
    only = sys.argv[2:]
    app = QApplication.instance() or QApplication([])
    theme.apply_theme(app)  # type: ignore[arg-type]
    db = Database(Path(tempfile.mkdtemp()))
    admin = staff_service.set_up_hub(db, "Llandovery Library", "rhian", "Rhian Jones", "x" * 12)
    hub = make_engagement_hub(db, admin)
    for name, show in screens(hub).items():
        if only and name not in only:
            continue
        ctx = AppContext(db=db, tasks=TaskRunner(), staff=admin)
        window = build_main_window(ctx)
        window.resize(1280, 800)
        window.show()
        settle(ctx)
        show(window)
        settle(ctx)
        path = out / f"{name}.png"
        shot: QWidget = window
        shot.grab().save(str(path))
        print(path)
        window.close()
        window.deleteLater()
        settle(ctx, 50)


if __name__ == "__main__":
    main()
