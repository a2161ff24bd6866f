"""The Opportunities section: ways to get involved down the left, the chosen one on the right
(with the interest shown and the people who might fit), and the post-an-opportunity form.
A group organiser's account sees and posts only for its groups (the services see to it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QStackedWidget, QWidget

from hubapp.services.groups import GroupRow, list_groups
from hubapp.services.opportunities import OpportunityDetails
from hubapp.services.opportunity_choices import OpportunityChoices, opportunity_choices
from hubapp.services.organisers import ActingFor, acting_for_groups
from hubapp.ui.context import AppContext
from hubapp.ui.opportunities.form import OpportunityForm
from hubapp.ui.opportunities.opportunity_list import OpportunityList
from hubapp.ui.opportunities.opportunity_view import OpportunityView
from hubapp.ui.opportunities.words import t
from hubapp.ui.widgets.alive import while_alive
from hubapp.ui.widgets.forms import EmptyState


class OpportunitiesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAccessibleName(t("Opportunities"))
        self.list = OpportunityList(ctx)
        self.view = OpportunityView(ctx)
        self.form = OpportunityForm(ctx)
        self.empty = EmptyState(
            t("Ways to get involved: volunteering, roles in groups, one-off help. Post one, "
              "and the kiosk offers it to visitors it suits."),
            t("Post the first opportunity"),
        )  # fmt: skip
        self.empty.button.setAccessibleName(t("Post the first opportunity"))
        self.empty.button.clicked.connect(self.new_opportunity)
        self.right = QStackedWidget()
        for widget in (self.empty, self.view, self.form):
            self.right.addWidget(widget)
        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setObjectName("divider")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.list)
        layout.addWidget(divider)
        layout.addWidget(self.right, 1)
        self.choices_loaded = False
        self.list.open_requested.connect(self.show_opportunity)
        self.list.new_requested.connect(self.new_opportunity)
        self.list.loaded.connect(self._list_loaded)
        self.view.edit_requested.connect(self.edit_opportunity)
        self.view.changed.connect(lambda: self.list.reload())
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self._cancelled)
        ctx.events.groups_changed.connect(self.load_choices)
        # From the list or the opportunity alike (not while the form is open).
        edit_key = QShortcut(QKeySequence("Ctrl+E"), self)
        edit_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        edit_key.activated.connect(self._edit_shown)
        panels = (self.view.interest, self.view.people)[: self.view.tabs.count()]
        for n, panel in enumerate(panels, start=1):
            key = QShortcut(QKeySequence(f"Alt+{n}"), self)
            key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            key.activated.connect(lambda panel=panel: self._show_panel(panel))
        self.list.reload()
        self.load_choices()

    def load_choices(self) -> None:
        """The groups (an organiser's own only), venues, skills and interests the form offers."""
        db, staff = self.ctx.db, self.ctx.staff_id

        def work(_p: object) -> tuple[ActingFor, list[GroupRow], OpportunityChoices]:
            scope = acting_for_groups(db, staff)
            groups = list_groups(db, "", with_counts=False)
            if scope.group_ids is not None:
                groups = [g for g in groups if g.id in scope.group_ids]
            return scope, groups, opportunity_choices(db)

        def done(result: tuple[ActingFor, list[GroupRow], OpportunityChoices]) -> None:
            scope, groups, choices = result
            self.form.set_choices(groups, choices, hub_itself=scope.everything)
            self._set_scope(None if scope.everything else [g.name for g in groups])
            self.choices_loaded = True

        self.ctx.tasks.run(work, on_success=while_alive(self, done))

    def _set_scope(self, group_names: list[str] | None) -> None:
        """What a group organiser's account acts for, said in the list and the empty state."""
        self.list.set_scope(group_names)
        if group_names is None:
            return
        self.empty.button.setVisible(bool(group_names))
        if not group_names:
            self.empty.message.setText(t("Your account posts and follows up the ways to get "
                                         "involved of the groups you are an officer of. You are "
                                         "not an officer of any group at the moment."))  # fmt: skip
            if self.right.currentWidget() is self.form:
                self.right.setCurrentWidget(self.empty)

    def showEvent(self, event: QShowEvent) -> None:
        # Interest keeps arriving from the kiosk (and by sync): coming back shows the latest.
        super().showEvent(event)
        if self.list.has_loaded:
            self.list.reload()
            if self.right.currentWidget() is self.view and self.view.opportunity_id:
                self.view.interest.reload()

    def _edit_shown(self) -> None:
        if self.right.currentWidget() is self.view:
            self.view.edit()

    def _show_panel(self, panel: QWidget) -> None:
        if self.right.currentWidget() is self.view:
            self.view.tabs.setCurrentWidget(panel)

    def show_opportunity(self, opportunity_id: str) -> None:
        self.view.show_opportunity(opportunity_id)
        self.right.setCurrentWidget(self.view)

    def new_opportunity(self) -> None:
        if not self.list.new_button.isEnabled():
            return  # an organiser who is an officer of no group now
        self.load_choices()  # groups, venues and tags may have been added meanwhile
        self.form.start_new()
        self.right.setCurrentWidget(self.form)
        self.form.title.setFocus()

    def edit_opportunity(self, opportunity_id: str, details: OpportunityDetails) -> None:
        self.load_choices()
        self.form.start_edit(opportunity_id, details)
        self.right.setCurrentWidget(self.form)
        self.form.title.setFocus()

    def _saved(self, opportunity_id: str, new: bool) -> None:
        title = " ".join(self.form.title.text().split())
        self.ctx.events.notify.emit(
            (t("%1 posted") if new else t("Changes to %1 saved")).replace("%1", title), None
        )
        if self.list.show_filter.currentData() == "withdrawn" and new:
            self.list.show_filter.setCurrentIndex(0)
        self.list.reload(select=opportunity_id)
        self.show_opportunity(opportunity_id)
        self.list.list.setFocus()

    def _cancelled(self) -> None:
        if self.form.editing:
            self.show_opportunity(self.form.opportunity_id)
        elif self.view.profile is not None:
            self.right.setCurrentWidget(self.view)
        else:
            self.right.setCurrentWidget(self.empty)
        self.list.list.setFocus()

    def _list_loaded(self) -> None:
        if self.right.currentWidget() is self.empty and self.list.rows:
            self.empty.message.setText(
                t("Choose an opportunity on the left to see who has shown interest and who "
                  "might fit.") if self.view.shows_people
                else t("Choose an opportunity on the left to see who has shown interest.")
            )  # fmt: skip
            self.empty.button.setText(t("Post another opportunity"))
            self.empty.button.setAccessibleName(t("Post another opportunity"))
