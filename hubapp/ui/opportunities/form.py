"""The post-an-opportunity (and edit) form: what, which group, when, where, who it suits.
Keyboard first, problems shown under each field, nothing typed ever lost, and saving twice
never posts it twice (the id is chosen when the form opens)."""

from __future__ import annotations

import re
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hubapp.models.base import uuid7
from hubapp.services.errors import ServiceError, ValidationFailed
from hubapp.services.groups import GroupRow
from hubapp.services.opportunities import (
    OpportunityDetails,
    clean_opportunity,
    post_opportunity,
    update_opportunity,
)
from hubapp.services.opportunity_choices import OpportunityChoices
from hubapp.ui.context import AppContext
from hubapp.ui.members.tag_picker import TagPicker
from hubapp.ui.opportunities.form_when import WhenChooser
from hubapp.ui.opportunities.words import error_text, location_labels, t
from hubapp.ui.widgets.alive import while_alive
from hubapp.ui.widgets.forms import FormField, PageHeader, finish_form_page, form_column

FORM_WIDTH = 720
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class OpportunityForm(QWidget):
    saved = Signal(str, bool)  # opportunity id, whether it was new
    cancelled = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.opportunity_id = uuid7()
        self.editing = False
        self.saving = False
        self._wanted: tuple[str | None, str | None] = (None, None)  # group, venue
        self.header = PageHeader(t("Post an opportunity"), t("Fields marked * are needed."))
        self.title = QLineEdit()
        self.title.setPlaceholderText(t("e.g. Community garden helpers"))
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(88)
        self.group = QComboBox()
        self.when = WhenChooser()
        self.location = QComboBox()
        for value, label in location_labels().items():
            self.location.addItem(label, value)
        self.venue = QComboBox()
        self.postcode = QLineEdit()
        self.postcode.setPlaceholderText("SA20 0AB")
        self.postcode.setMaximumWidth(200)
        self.skills = TagPicker(t("Skills wanted"), t("Type a skill, e.g. Gardening"))
        self.interests = TagPicker(t("Interests it suits"), t("Type an interest, e.g. Environment"))
        self.step_free = QCheckBox(t("Step-free &access"))
        self.transport = QCheckBox(t("Transport can be arranged"))
        self.under_18 = QCheckBox(t("Suitable for under-1&8s"))
        self.welsh = QCheckBox(t("Welsh spea&kers needed"))
        self.time_commitment = QLineEdit()
        self.time_commitment.setPlaceholderText(t("e.g. 2 hours a week"))
        self.fields = self._fields()
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.setVisible(False)
        self.save_button = QPushButton(t("&Post opportunity"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(t("Save (Ctrl+Enter)"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(t("Cancel"))
        self.cancel_button.setToolTip(t("Cancel (Esc)"))
        self.cancel_button.clicked.connect(self.cancelled)
        self._lay_out()
        self._tab_order()
        self.location.currentIndexChanged.connect(self._where_changed)
        for name in ("title", "postcode", "time_commitment"):
            line = self.fields[name].field
            assert isinstance(line, QLineEdit)
            line.editingFinished.connect(lambda name=name: self._check_field(name))
        self.when.weekly.end.editingFinished.connect(lambda: self._check_field("recurrence"))
        save_key = QShortcut(QKeySequence("Ctrl+Return"), self)
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(self.save)
        self._where_changed()

    def _fields(self) -> dict[str, FormField]:
        self.needs = QWidget()
        boxes = QVBoxLayout(self.needs)
        boxes.setContentsMargins(0, 0, 0, 0)
        boxes.setSpacing(10)
        for box in (self.step_free, self.transport, self.under_18, self.welsh):
            boxes.addWidget(box)
        self.needs.setFocusProxy(self.step_free)
        return {
            "title": FormField(t("&Title"), self.title, required=True),
            "description": FormField(t("&Description"), self.description,
                                     hint=t("What people would do, as you would tell a visitor.")),
            "group_id": FormField(t("&Group"), self.group),
            "one_off_at": FormField(t("&When"), self.when),
            "recurrence": FormField("", QWidget()),  # problems with the days and times
            "location_kind": FormField(t("Whe&re"), self.location),
            "venue_id": FormField(t("&Venue"), self.venue),
            "postcode": FormField(t("Post&code"), self.postcode, hint=" "),
            "skills": FormField(t("&Skills wanted"), self.skills,
                                hint=t("Choose from the list or type your own; Enter adds one.")),
            "interests": FormField(t("&Interests it suits"), self.interests),
            "access": FormField(t("Good to know"), self.needs),
            "time_commitment": FormField(t("Time co&mmitment"), self.time_commitment),
        }  # fmt: skip

    def _lay_out(self) -> None:
        def section(title: str) -> QLabel:
            label = QLabel(title)
            label.setObjectName("sectionTitle")
            return label

        self.fields["recurrence"].label.hide()
        column, body = form_column(FORM_WIDTH)
        body.addWidget(self.header)
        body.addWidget(section(t("What")))
        for name in ("title", "description", "group_id"):
            body.addWidget(self.fields[name])
        body.addSpacing(8)
        body.addWidget(section(t("When and where")))
        body.addWidget(self.fields["one_off_at"])
        body.addWidget(self.fields["recurrence"])
        where = QHBoxLayout()
        where.setSpacing(16)
        for name in ("location_kind", "venue_id", "postcode"):
            where.addWidget(self.fields[name], 1, Qt.AlignmentFlag.AlignTop)
        body.addLayout(where)
        body.addSpacing(8)
        body.addWidget(section(t("Who it suits")))
        body.addWidget(self.fields["skills"])
        body.addWidget(self.fields["interests"])
        body.addWidget(self.fields["access"])
        body.addWidget(self.fields["time_commitment"])
        self.scroll_area = finish_form_page(
            self, column, body, self.form_error, self.save_button, self.cancel_button
        )

    def _tab_order(self) -> None:
        chain: list[QWidget] = [
            self.title, self.description, self.group, *self.when.focus_chain(), self.location,
            self.venue, self.postcode, self.skills.input, self.interests.input, self.step_free,
            self.transport, self.under_18, self.welsh, self.time_commitment, self.save_button,
            self.cancel_button,
        ]  # fmt: skip
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- filling and reading --------------------------------------------------------------

    def set_choices(
        self, groups: list[GroupRow], choices: OpportunityChoices, *, hub_itself: bool = True
    ) -> None:
        """Fresh choices (read when the form opens): what was chosen stays chosen, and a
        group or venue the details name but the old choices lacked is chosen now. A group
        organiser is offered only their own groups, and not the hub itself."""
        group = self.group.currentData() or self._wanted[0]
        venue = self.venue.currentData() or self._wanted[1]
        self.group.clear()
        if hub_itself:
            self.group.addItem(t("No group: the hub itself"), None)
        for row in sorted(groups, key=lambda g: g.name.casefold()):
            self.group.addItem(row.name, row.id)
        self.group.setCurrentIndex(max(0, self.group.findData(group)))
        self.venue.clear()
        self.venue.addItem(t("Choose a venue"), None)
        for v in choices.venues:
            self.venue.addItem(f"{v.name}, {v.postcode}" if v.postcode else v.name, v.id)
        self.venue.setCurrentIndex(max(0, self.venue.findData(venue)))
        self.skills.set_choices(choices.skills)
        self.interests.set_choices(choices.interests)

    def start_new(self, group_id: str | None = None) -> None:
        self.editing = False
        self.opportunity_id = uuid7()
        self.header.title.setText(t("Post an opportunity"))
        self.save_button.setText(t("&Post opportunity"))
        self._fill(OpportunityDetails(group_id=group_id))

    def start_edit(self, opportunity_id: str, details: OpportunityDetails) -> None:
        self.editing = True
        self.opportunity_id = opportunity_id
        self.header.title.setText(t("Change “%1”").replace("%1", details.title))
        self.save_button.setText(t("Save c&hanges"))
        self._fill(details)

    def _fill(self, d: OpportunityDetails) -> None:
        self._wanted = (d.group_id, d.venue_id)
        self.saving = False
        self.save_button.setEnabled(True)
        self.title.setText(d.title)
        self.description.setPlainText(d.description)
        self.group.setCurrentIndex(max(0, self.group.findData(d.group_id)))
        self.when.set_when(d.one_off_at, d.recurrence)
        self.location.setCurrentIndex(max(0, self.location.findData(d.location_kind)))
        self.venue.setCurrentIndex(max(0, self.venue.findData(d.venue_id)))
        self.postcode.setText(d.postcode)
        self.skills.set_tags(d.skills)
        self.interests.set_tags(d.interests)
        self.step_free.setChecked(d.step_free)
        self.transport.setChecked(d.transport_available)
        self.under_18.setChecked(d.under_18_ok)
        self.welsh.setChecked(d.welsh_needed)
        self.time_commitment.setText(d.time_commitment)
        self._clear_errors()
        self._where_changed()
        self.scroll_area.verticalScrollBar().setValue(0)

    def details(self) -> OpportunityDetails:
        location = str(self.location.currentData() or "hub")
        venue = self.venue.currentData()
        return OpportunityDetails(
            title=self.title.text(),
            description=self.description.toPlainText(),
            group_id=self.group.currentData() or None,
            one_off_at=self.when.one_off_at(),
            recurrence=self.when.recurrence(),
            location_kind=location,
            venue_id=str(venue) if venue and location == "venue" else None,
            postcode=self.postcode.text() if location != "venue" else "",
            skills=self.skills.tags(),
            interests=self.interests.tags(),
            step_free=self.step_free.isChecked(),
            transport_available=self.transport.isChecked(),
            under_18_ok=self.under_18.isChecked(),
            welsh_needed=self.welsh.isChecked(),
            time_commitment=self.time_commitment.text(),
        )

    def _where_changed(self) -> None:
        """A venue has its own postcode; elsewhere a postcode helps work out distances."""
        where = self.location.currentData()
        self.fields["venue_id"].setVisible(where == "venue")
        self.fields["postcode"].setVisible(where != "venue")
        self.fields["postcode"].hint.setText(
            t("The area it serves, to work out distances.") if where == "home"
            else t("Leave empty for the hub’s own postcode.")
        )  # fmt: skip

    # -- checking and saving ----------------------------------------------------------------

    @staticmethod
    def problems_in(details: OpportunityDetails) -> dict[str, str]:
        try:
            clean_opportunity(details)
        except ValidationFailed as exc:
            return dict(exc.problems)
        return {}

    def _check_field(self, name: str) -> None:
        """As the user leaves a field: show (or clear) that field's problem only."""
        problem = self.problems_in(self.details()).get(name)
        if problem:
            self.fields[name].show_error(error_text(problem))
        else:
            self.fields[name].clear_error()

    def _clear_errors(self) -> None:
        for form_field in self.fields.values():
            form_field.clear_error()
        self.form_error.setVisible(False)

    def save(self) -> None:
        if self.saving:
            return  # a double press: the first save is on its way
        details = self.details()
        problems = self.problems_in(details)
        if problems:
            self._show_problems(problems)
            return
        self.saving = True
        self.save_button.setEnabled(False)
        db, staff, ident, editing = (
            self.ctx.db,
            self.ctx.staff_id,
            self.opportunity_id,
            self.editing,
        )

        def work(_progress: object) -> str:
            if editing:
                update_opportunity(db, ident, details, staff_user_id=staff)
                return ident
            return post_opportunity(db, details, staff_user_id=staff, opportunity_id=ident)

        self.ctx.tasks.run(
            work,
            on_success=while_alive(self, self._saved),
            on_failure=while_alive(self, self._failed),
        )

    def _saved(self, opportunity_id: str) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.saved.emit(opportunity_id, not self.editing)

    def _failed(self, exc: Exception) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self._show_problems(exc.problems)
            return
        if isinstance(exc, ServiceError):
            words = error_text(str(exc))
        else:
            words = t("The opportunity could not be saved. Nothing you typed has been lost; "
                      "try again.")  # fmt: skip
        self.form_error.setText("⚠ " + words)
        self.form_error.setVisible(True)

    def _show_problems(self, problems: dict[str, str]) -> None:
        self._clear_errors()
        for name, message in problems.items():
            target = self.fields.get(name)
            if target is not None:
                target.show_error(error_text(message))
            else:
                self.form_error.setText("⚠ " + error_text(message))
                self.form_error.setVisible(True)
        first = next((n for n in self.fields if n in problems), None)
        if first == "recurrence":
            self._focus_recurrence()
        elif first is not None:
            self.fields[first].field.setFocus()
            self.scroll_area.ensureWidgetVisible(self.fields[first])

    def _focus_recurrence(self) -> None:
        """The part of a weekly slot that is wrong: the days, else the first bad time."""
        weekly = self.when.weekly
        slot = weekly.recurrence()
        if not slot.days:
            weekly.days["mon"].setFocus()
            return
        bad_start = slot.start and not TIME.match(slot.start)
        target = weekly.start if bad_start or (slot.end and not slot.start) else weekly.end
        target.setFocus()
        target.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Line edits pass Enter up to us; the description keeps it for new lines.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)
