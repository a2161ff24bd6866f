"""One opportunity: what, when, where and who it suits, Edit and Withdraw (or Reopen), and two
panels: the interest people have shown, and the people who might fit. The second ranks the
hub's members, so it is only for accounts that may see members (not group organisers')."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from hubapp.services.opportunities import (
    OpportunityProfile,
    get_opportunity,
    reopen_opportunity,
    withdraw_opportunity,
)
from hubapp.services.staff import Permission
from hubapp.ui.context import AppContext
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.meetings.banner import Banner
from hubapp.ui.meetings.state import problem_text
from hubapp.ui.opportunities.interest_panel import InterestPanel
from hubapp.ui.opportunities.people_panel import PeoplePanel
from hubapp.ui.opportunities.words import facts_text, location_labels, t
from hubapp.ui.widgets.alive import while_alive
from hubapp.ui.widgets.forms import PageHeader


def _value(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class OpportunityView(QWidget):
    edit_requested = Signal(str, object)  # id, OpportunityDetails
    changed = Signal()  # withdrawn, reopened, or interest changed: the list may move
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.opportunity_id = ""
        self.profile: OpportunityProfile | None = None
        self._generation = 0
        icons = IconKeeper(self)
        self.header = PageHeader("", " ")
        self.edit_button = self.header.add_action(QPushButton(t("&Edit")))
        icons.set(self.edit_button, "mdi6.pencil-outline")
        self.edit_button.setToolTip(t("Change the details (Ctrl+E)"))
        self.withdraw_button = self.header.add_action(QPushButton(t("&Withdraw")))
        icons.set(self.withdraw_button, "mdi6.archive-arrow-down-outline")
        self.withdraw_button.setToolTip(t("Take it off the kiosk and out of matching"))
        self.reopen_button = self.header.add_action(QPushButton(t("&Reopen")))
        icons.set(self.reopen_button, "mdi6.archive-arrow-up-outline")
        self.edit_button.clicked.connect(self.edit)
        self.withdraw_button.clicked.connect(lambda: self._set_active(False))
        self.reopen_button.clicked.connect(lambda: self._set_active(True))
        for button in (self.edit_button, self.withdraw_button, self.reopen_button):
            button.setAutoDefault(True)
        self.banner = Banner(closable=True)
        self.about = _value("")
        self.wants = _value("")
        self.wants.setObjectName("muted")
        self.interest = InterestPanel(ctx)
        self.people = PeoplePanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(t("Interest and people"))
        self.tabs.tabBar().setAccessibleName(t("Interest and people"))
        self.tabs.setStyleSheet("QTabBar::tab { padding: 8px 16px; font-weight: 600; }")
        self.tabs.addTab(self.interest, t("Interest shown"))
        self.shows_people = ctx.can(Permission.DESK)
        if self.shows_people:
            self.tabs.addTab(self.people, t("People who might fit"))
        for n in range(self.tabs.count()):  # the page gives Alt+1 and Alt+2
            self.tabs.setTabToolTip(n, f"{self.tabs.tabText(n)} (Alt+{n + 1})")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.about)
        layout.addWidget(self.wants)
        layout.addWidget(self.tabs, 1)
        for panel in (self.interest, self.people):
            panel.problem.connect(lambda text: self.banner.show_message("error", text))
        self.interest.changed.connect(self._interest_changed)
        self.interest.loaded.connect(self._count_interest)
        self.people.changed.connect(self._recorded)

    def show_opportunity(self, opportunity_id: str) -> None:
        if opportunity_id != self.opportunity_id:
            self.banner.hide()
        # Until it is read again (after an edit, too), Edit and Withdraw wait for it.
        self.profile = None
        self.opportunity_id = opportunity_id
        self.reload()
        self.interest.show_opportunity(opportunity_id)

    def reload(self) -> None:
        self._generation += 1
        generation, db, ident = self._generation, self.ctx.db, self.opportunity_id
        staff = self.ctx.staff_id
        self.ctx.tasks.run(
            lambda _p: get_opportunity(db, ident, staff_user_id=staff),
            on_success=while_alive(self, lambda profile: self._show(profile, generation)),
            on_failure=while_alive(
                self, lambda exc: self.banner.show_message("error", problem_text(exc))
            ),
        )

    def _show(self, profile: OpportunityProfile, generation: int) -> None:
        if generation != self._generation or profile.id != self.opportunity_id:
            return
        first_time = self.profile is None or self.profile.active != profile.active
        self.profile = profile
        d = profile.details
        self.header.title.setText(profile.details.title)
        place = profile.place_text
        if d.location_kind == "hub" and not profile.place_text:
            place = location_labels()["hub"]
        parts = [profile.group_name or t("Run by the hub"), profile.when_text, place]
        if d.postcode and d.location_kind != "venue":
            parts[-1] += f" ({d.postcode})"
        self.header.subtitle.setText(" · ".join(p for p in parts if p))
        self.withdraw_button.setVisible(profile.active)
        self.reopen_button.setVisible(not profile.active)
        if not profile.active:
            words = t("Withdrawn: not shown on the kiosk and left out of matching. Reopen it "
                      "to bring it back.")  # fmt: skip
            self.banner.show_message("info", words)
        elif self.banner.kind == "info":
            self.banner.hide()
        self.about.setText(d.description)
        self.about.setVisible(bool(d.description))
        self.wants.setText(self._wants_text(profile))
        if first_time and self.shows_people:
            self.people.show_opportunity(profile.id, profile.active)
        self.loaded.emit()

    @staticmethod
    def _wants_text(profile: OpportunityProfile) -> str:
        d = profile.details
        lines = []
        if d.skills:
            lines.append(t("Skills wanted: %1").replace("%1", ", ".join(d.skills)))
        if d.interests:
            lines.append(t("Suits interests: %1").replace("%1", ", ".join(d.interests)))
        facts = facts_text(profile)
        if d.time_commitment:
            facts.append(d.time_commitment)
        if facts:
            lines.append(" · ".join(facts))
        return "\n".join(lines)

    def edit(self) -> None:
        if self.profile is not None:
            self.edit_requested.emit(self.profile.id, self.profile.details)

    def _set_active(self, active: bool) -> None:
        if self.profile is None:
            return
        db, staff, ident, title = (
            self.ctx.db,
            self.ctx.staff_id,
            self.profile.id,
            self.profile.details.title,
        )
        say = (t("%1 reopened") if active else t("%1 withdrawn")).replace("%1", title)

        def work(_p: object) -> None:
            if active:
                reopen_opportunity(db, ident, staff_user_id=staff)
            else:
                withdraw_opportunity(db, ident, staff_user_id=staff)

        def done(_r: object) -> None:
            self.ctx.events.notify.emit(say, None)
            self.changed.emit()
            self.reload()

        def failed(exc: Exception) -> None:
            self.banner.show_message("error", problem_text(exc))

        self.ctx.tasks.run(
            work, on_success=while_alive(self, done), on_failure=while_alive(self, failed)
        )

    def _count_interest(self) -> None:
        shown, new = len(self.interest.model.rows), self.interest.new_count()
        text = t("Interest shown")
        if shown:
            text += f" ({shown})" if not new else " " + t("(%1, %2 new)").replace(
                "%1", str(shown)).replace("%2", str(new))  # fmt: skip
        self.tabs.setTabText(0, text)

    def _interest_changed(self) -> None:
        self.changed.emit()

    def _recorded(self) -> None:
        self.interest.reload()
        self.changed.emit()
