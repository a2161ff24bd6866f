"""The member form, shared by the desk (sign-up) and a member's Edit page: every field of
MemberDetails in reading order, checks as the librarian leaves a field, and problems shown
under the fields they concern. The form scrolls when the window is small."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hubapp.models.vocab import Language, TagKind
from hubapp.services.duplicates import DuplicateProbe
from hubapp.services.errors import FieldProblem, ValidationFailed
from hubapp.services.member_search import group_choices
from hubapp.services.members import MemberDetails, clean_details
from hubapp.services.validation import (
    clean_name,
    format_phone,
    normalise_email,
    normalise_phone,
    normalise_postcode,
)
from hubapp.services.vocabulary import list_tags
from hubapp.ui import theme
from hubapp.ui.context import AppContext
from hubapp.ui.members.availability import AvailabilityGrid
from hubapp.ui.members.consent_section import ConsentSection
from hubapp.ui.members.form_checks import (
    CHECKS,
    parse_date,
    parse_miles,
    quietly,
    show_date,
    show_miles,
)
from hubapp.ui.members.tag_picker import TagPicker
from hubapp.ui.members.words import error_words, heard_about_choices, language_names
from hubapp.ui.widgets.forms import FormField

BODY_MAX_WIDTH = 860
# Fields whose edits may reveal a duplicate as the librarian types.
IDENTITY_FIELDS = ("first_name", "last_name", "email", "phone", "postcode", "address")


def _line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


def set_tab_chain(chain: list[QWidget]) -> None:
    """Tab visits `chain` in order. (Qt's chain is a ring, so the last leads back to the
    first by itself; linking them here would pull the first out of its place.)"""
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)


class MemberForm(QWidget):
    identity_edited = Signal()

    def __init__(
        self, ctx: AppContext, *, offer_groups: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.offer_groups = offer_groups
        tr = self.tr
        self.edits: dict[str, QLineEdit] = {
            "first_name": _line(),
            "last_name": _line(),
            "preferred_name": _line(tr("If different, e.g. Sian for Siân Elisabeth")),
            "date_of_birth": _line(tr("DD/MM/YYYY")),
            "email": _line(tr("name@example.com")),
            "phone": _line(tr("07700 900123")),
            "postcode": _line(tr("SA19 6AB")),
            "address": _line(tr("House and street, town")),
            "access_needs": _line(tr("e.g. uses a wheelchair, needs large print")),
            "travel_miles": _line(tr("e.g. 5")),
        }
        for name in ("email", "phone", "postcode", "date_of_birth", "travel_miles"):
            self.edits[name].setInputMethodHints(Qt.InputMethodHint.ImhNoPredictiveText)
        self.skills = TagPicker(tr("Skills"), tr("Type a skill, e.g. Gardening"))
        self.interests = TagPicker(tr("Interests"), tr("Type an interest, e.g. Local history"))
        self.availability = AvailabilityGrid()
        self.step_free = QCheckBox(tr("Needs step-free access"))
        self.own_transport = QCheckBox(tr("Has their own transport"))
        self.language = QComboBox()
        for value, name in language_names():
            self.language.addItem(name, value)
        self.speaks_welsh = QCheckBox(tr("Speaks Welsh"))
        self.heard_about = QComboBox()
        self.heard_about.setEditable(True)
        self.heard_about.addItems(["", *heard_about_choices()])
        self.heard_about.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for combo in (self.heard_about, self.language):
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.group = QComboBox()
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(72)
        self.consent = ConsentSection()
        self.fields: dict[str, FormField] = {}
        self._build()
        for name, edit in self.edits.items():
            edit.editingFinished.connect(lambda n=name: self.check_field(n))
            edit.textEdited.connect(lambda _t, n=name: self._on_edited(n))
        self.load_choices()
        theme.theme_events().changed.connect(self._restyle)
        self._restyle()

    def _restyle(self) -> None:
        c = theme.colours()
        self.consent.setStyleSheet(
            f"QFrame#noticeBox {{ background: {c.surface}; border: {c.border_width}px solid "
            f"{c.border}; border-left: 4px solid {c.accent}; border-radius: 6px; }}"
        )

    # ----- layout -------------------------------------------------------------------------

    def _field(self, name: str, label: str, widget: QWidget, **kw: object) -> FormField:
        field = FormField(label, widget, **kw)  # type: ignore[arg-type]
        self.fields[name] = field
        return field

    def _build(self) -> None:
        tr = self.tr
        e = self.edits
        body = QWidget()
        body.setObjectName("scrollBody")
        body.setMaximumWidth(BODY_MAX_WIDTH)
        col = QVBoxLayout(body)
        col.setContentsMargins(4, 0, 16, 16)
        col.setSpacing(8)

        grids: list[QGridLayout] = []

        def section(title: str) -> QGridLayout:
            heading = QLabel(title)
            heading.setObjectName("sectionTitle")
            col.addSpacing(8)
            col.addWidget(heading)
            grid = QGridLayout()
            grid.setHorizontalSpacing(24)
            grid.setVerticalSpacing(4)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
            col.addLayout(grid)
            grids.append(grid)
            return grid

        g = section(tr("Name"))
        g.addWidget(self._field("first_name", tr("&First name"), e["first_name"], required=True),
                    0, 0)  # fmt: skip
        g.addWidget(self._field("last_name", tr("La&st name"), e["last_name"]), 0, 1)
        g.addWidget(self._field("preferred_name", tr("P&referred name"), e["preferred_name"]),
                    1, 0)  # fmt: skip
        g.addWidget(self._field("date_of_birth", tr("Date of &birth (optional)"),
                                e["date_of_birth"]), 1, 1)  # fmt: skip

        g = section(tr("Contact"))
        g.addWidget(self._field("email", tr("&Email"), e["email"]), 0, 0)
        g.addWidget(self._field("phone", tr("&Phone"), e["phone"]), 0, 1)
        g.addWidget(self._field("postcode", tr("Post&code"), e["postcode"]), 1, 0)
        g.addWidget(self._field("address", tr("&Address"), e["address"]), 1, 1)

        g = section(tr("Skills and interests"))
        g.addWidget(self._field("skills", tr("S&kills"), self.skills,
                                hint=tr("Enter adds one; Backspace removes the last.")),
                    0, 0, Qt.AlignmentFlag.AlignTop)  # fmt: skip
        g.addWidget(self._field("interests", tr("&Interests"), self.interests),
                    0, 1, Qt.AlignmentFlag.AlignTop)  # fmt: skip

        g = section(tr("When they are free"))
        g.addWidget(self._field("availability", tr("A&vailability"), self.availability,
                                hint=tr("Arrow keys move, Space ticks.")), 0, 0)  # fmt: skip

        g = section(tr("Getting about"))
        g.addWidget(self._field("access_needs", tr("&Mobility and access needs"),
                                e["access_needs"]), 0, 0)  # fmt: skip
        miles = self.miles_box = QWidget()
        row = QHBoxLayout(miles)
        row.setContentsMargins(0, 0, 0, 0)
        e["travel_miles"].setMaximumWidth(96)
        miles.setFocusProxy(e["travel_miles"])
        miles.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        row.addWidget(e["travel_miles"])
        row.addWidget(QLabel(tr("miles")))
        row.addStretch(1)
        travel = self._field("travel_miles", tr("How far they can &travel"), miles)
        travel.label.setBuddy(e["travel_miles"])
        e["travel_miles"].setAccessibleName(tr("How far they can travel, in miles"))
        g.addWidget(travel, 0, 1)
        g.addWidget(self.step_free, 1, 0)
        g.addWidget(self.own_transport, 1, 1)

        g = section(tr("About them"))
        g.addWidget(self._field("preferred_language", tr("Preferred lan&guage"), self.language,
                                hint=tr("We use it for everything we send them.")),
                    0, 0)  # fmt: skip
        g.addWidget(self.speaks_welsh, 0, 1, Qt.AlignmentFlag.AlignVCenter)
        g.addWidget(self._field("heard_about", tr("How they &heard of us"), self.heard_about),
                    1, 0)  # fmt: skip
        self.group_field = self._field("group_id", tr("Sign &up into group"), self.group)
        g.addWidget(self.group_field, 1, 1)
        g.addWidget(self._field("notes", tr("&Notes"), self.notes), 2, 0, 1, 2)

        section(tr("Consent"))
        # Straight into the column, not a grid cell: a grid would size the wrapped notice
        # for the full width and cut its last lines off.
        col.addWidget(self.consent)
        col.addStretch(1)
        # A message under one field must not push its neighbour in the other column down.
        for grid in grids:
            for i in range(grid.count()):
                item = grid.itemAt(i)
                if item is not None and not item.alignment():
                    item.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(body)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)

    def tab_chain(self) -> list[QWidget]:
        """Every control in reading order; the page holding the form sets the Tab order
        once everything is in one window (see `set_tab_chain`)."""
        e = self.edits
        # A widget that hands its focus to a child (a focus proxy) is itself a stop in Qt's
        # chain, so each goes just before the child it hands over to.
        return [
            e["first_name"], e["last_name"], e["preferred_name"], e["date_of_birth"],
            e["email"], e["phone"], e["postcode"], e["address"],
            self.skills, self.skills.input, self.interests, self.interests.input,
            self.availability, *self.availability.focus_chain(),
            e["access_needs"], self.miles_box, e["travel_miles"], self.step_free,
            self.own_transport, self.language, self.speaks_welsh, self.heard_about, self.group,
            self.notes, *self.consent.boxes.values(),
        ]  # fmt: skip

    def load_choices(self) -> None:
        """The vocabulary for the tag pickers, and the groups one can sign up into."""
        with self.ctx.db.read() as session:
            self.skills.set_choices(list_tags(session, TagKind.SKILL))
            self.interests.set_choices(list_tags(session, TagKind.INTEREST))
            groups = group_choices(session) if self.offer_groups else []
        current = self.group.currentData()
        self.group.clear()
        self.group.addItem(self.tr("No group"), None)
        for group in groups:
            self.group.addItem(group.name, group.id)
        self.group.setCurrentIndex(max(self.group.findData(current), 0))
        self.group_field.setVisible(bool(groups))

    # ----- reading and writing ---------------------------------------------------------------

    def details(self) -> tuple[MemberDetails, dict[str, str]]:
        """What is typed, and problems found reading it (dates, miles) before the service."""
        e = self.edits
        problems: dict[str, str] = {}
        try:
            birth = parse_date(e["date_of_birth"].text())
        except FieldProblem as problem:
            birth, problems["date_of_birth"] = None, problem.message
        try:
            miles = parse_miles(e["travel_miles"].text())
        except FieldProblem as problem:
            miles, problems["travel_miles"] = None, problem.message
        details = MemberDetails(
            first_name=e["first_name"].text(),
            last_name=e["last_name"].text(),
            preferred_name=e["preferred_name"].text(),
            email=e["email"].text(),
            phone=e["phone"].text(),
            postcode=e["postcode"].text(),
            address=e["address"].text(),
            date_of_birth=birth,
            preferred_language=self.language.currentData() or Language.ENGLISH,
            speaks_welsh=self.speaks_welsh.isChecked(),
            availability=self.availability.values(),
            needs_step_free=self.step_free.isChecked(),
            access_needs=e["access_needs"].text(),
            travel_miles=miles,
            has_own_transport=self.own_transport.isChecked(),
            heard_about=self.heard_about.currentText(),
            notes=self.notes.toPlainText(),
            skills=self.skills.tags(),
            interests=self.interests.tags(),
            consents=self.consent.answers(),
        )
        return details, problems

    def checked_details(self) -> MemberDetails | None:
        """What is typed, if it passes every check the save will make; otherwise None, with
        every problem shown and the first one focused (see `show_problems`)."""
        details, problems = self.details()
        try:
            clean_details(details)
        except ValidationFailed as failed:
            problems = {**failed.problems, **problems}
        if problems:
            self.show_problems(problems)
            return None
        return details

    def set_details(self, details: MemberDetails) -> None:
        e = self.edits
        for name in ("first_name", "last_name", "preferred_name", "email", "postcode",
                     "address", "access_needs"):  # fmt: skip
            e[name].setText(getattr(details, name))
        e["phone"].setText(format_phone(details.phone) if details.phone else "")
        e["date_of_birth"].setText(show_date(details.date_of_birth))
        e["travel_miles"].setText(show_miles(details.travel_miles))
        self.language.setCurrentIndex(max(self.language.findData(details.preferred_language), 0))
        self.speaks_welsh.setChecked(details.speaks_welsh)
        self.availability.set_values(details.availability)
        self.step_free.setChecked(details.needs_step_free)
        self.own_transport.setChecked(details.has_own_transport)
        self.heard_about.setCurrentText(details.heard_about)
        self.notes.setPlainText(details.notes)
        self.skills.set_tags(details.skills)
        self.interests.set_tags(details.interests)
        self.consent.set_answers(details.consents)
        self.clear_problems()

    def group_id(self) -> str | None:
        return None if self.group_field.isHidden() else self.group.currentData()

    def has_input(self) -> bool:
        """Has anything been typed or ticked? (Esc asks before throwing it away.)"""
        details, _ = self.details()
        return details != MemberDetails(consents=details.consents) or any(details.consents.values())

    def reset(self) -> None:
        self.set_details(MemberDetails())
        self.group.setCurrentIndex(0)
        self.availability.clear()
        self.scroll_area.verticalScrollBar().setValue(0)

    def probe(self) -> DuplicateProbe:
        """What is valid so far, normalised, for the duplicate check."""
        e = self.edits
        return DuplicateProbe(
            first_name=quietly(lambda t: clean_name(t, "first_name"), e["first_name"].text()),
            last_name=quietly(lambda t: clean_name(t, "last_name"), e["last_name"].text()),
            email=quietly(normalise_email, e["email"].text()),
            phone=quietly(normalise_phone, e["phone"].text()),
            postcode=quietly(normalise_postcode, e["postcode"].text()),
            address=e["address"].text().strip(),
        )

    # ----- problems ---------------------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        field = self.fields.get(name)
        if field is not None and field.has_error:
            field.clear_error()
        if name in IDENTITY_FIELDS:
            self.identity_edited.emit()

    def check_field(self, name: str) -> None:
        """As the librarian leaves a field: show the tidy form back, or say what is wrong."""
        edit = self.edits[name]
        check = CHECKS.get(name)
        if check is None or not edit.text().strip():
            return
        try:
            tidy = check(edit.text())
        except FieldProblem as problem:
            self.fields[name].show_error(error_words(problem.message))
            return
        self.fields[name].clear_error()
        if tidy != edit.text():
            edit.setText(tidy)
            if name in IDENTITY_FIELDS:
                self.identity_edited.emit()

    def show_problems(self, problems: dict[str, str]) -> None:
        """Shows every problem and moves the focus to the first one, in reading order."""
        self.clear_problems()
        first: FormField | None = None
        for name, field in self.fields.items():
            if name in problems:
                field.show_error(error_words(problems[name]))
                first = first or field
        if first is not None:
            self.scroll_area.ensureWidgetVisible(first, 0, 48)
            target = first.field.focusProxy() or first.field
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(target, QLineEdit):
                target.selectAll()

    def clear_problems(self) -> None:
        for field in self.fields.values():
            if field.has_error:
                field.clear_error()

    def first_field(self) -> QLineEdit:
        return self.edits["first_name"]
