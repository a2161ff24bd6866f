"""The register-a-group (and edit group) form: keyboard first, problems shown under each field,
nothing typed ever lost, and saving twice never makes two groups."""

from __future__ import annotations

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
    QWidget,
)

from hubapp.models.base import uuid7
from hubapp.models.vocab import GroupKind
from hubapp.services.errors import ServiceError, ValidationFailed
from hubapp.services.groups import (
    SUGGESTED_CATEGORIES,
    GroupDetails,
    GroupNameTaken,
    GroupSummary,
    register_group,
    update_group,
    validate_group_details,
)
from hubapp.ui.context import AppContext
from hubapp.ui.groups.words import error_text, kind_labels
from hubapp.ui.widgets.forms import FormField, PageHeader, finish_form_page, form_column

FORM_WIDTH = 680


class GroupForm(QWidget):
    saved = Signal(object)  # GroupSummary
    cancelled = Signal()
    open_existing = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group_id = uuid7()
        self.editing = False
        self.saving = False
        self._taken_id: str | None = None
        self._taken_name = ""
        self._sent = GroupDetails()
        self.header = PageHeader(
            self.tr("Register a group"), self.tr("Fields marked * are needed.")
        )

        self.name = QLineEdit()
        self.welsh_name = QLineEdit()
        self.kind = QComboBox()
        for value, label in kind_labels().items():
            self.kind.addItem(label, value)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category.addItems(list(SUGGESTED_CATEGORIES))
        category_edit = self.category.lineEdit()
        assert category_edit is not None  # editable combo boxes have one
        self.category_edit = category_edit
        category_edit.setPlaceholderText(self.tr("Choose one or type your own"))
        self.purpose = QPlainTextEdit()
        self.purpose.setTabChangesFocus(True)
        self.purpose.setFixedHeight(96)
        self.area_served = QLineEdit()
        self.area_served.setPlaceholderText(self.tr("e.g. Llandovery and the villages around"))
        self.contact_name = QLineEdit()
        self.contact_email = QLineEdit()
        self.contact_phone = QLineEdit()
        self.is_public = QCheckBox(self.tr("&Public: anyone may find this group"))
        self.is_public.setAccessibleName(self.tr("Public group"))

        self.fields: dict[str, FormField] = {
            "name": FormField(self.tr("&Name"), self.name, required=True),
            "welsh_name": FormField(self.tr("&Welsh name"), self.welsh_name),
            "kind": FormField(self.tr("&Kind"), self.kind),
            "category": FormField(self.tr("Ca&tegory"), self.category),
            "purpose": FormField(
                self.tr("What the group &does"),
                self.purpose,
                hint=self.tr("A sentence or two, as you would tell a visitor."),
            ),
            "area_served": FormField(self.tr("&Area served"), self.area_served),
            "contact_name": FormField(self.tr("&Contact person"), self.contact_name),
            "contact_email": FormField(self.tr("Contact &email"), self.contact_email),
            "contact_phone": FormField(self.tr("Contact p&hone"), self.contact_phone),
            "is_public": FormField(
                self.tr("Who can see it"),
                self.is_public,
                hint=self.tr(
                    "Public groups are shown to visitors and shared with other hubs. "
                    "Private groups are seen only by staff."
                ),
            ),
        }
        self.open_taken = QPushButton(self.tr("Open that group"))
        self.open_taken.setObjectName("link")
        self.open_taken.setVisible(False)
        self.open_taken.clicked.connect(self._open_taken)
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.setVisible(False)
        self.save_button = QPushButton(self.tr("&Register group"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(self.tr("Save (Enter)"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Cancel (Esc)"))
        self.cancel_button.clicked.connect(self.cancelled)
        self._lay_out()

        for name, form_field in self.fields.items():
            if isinstance(form_field.field, QLineEdit):
                form_field.field.editingFinished.connect(lambda name=name: self._check_field(name))
        self.category_edit.editingFinished.connect(lambda: self._check_field("category"))
        # Enter in the purpose box starts a new line; Ctrl+Enter saves from anywhere.
        save_key = QShortcut(QKeySequence("Ctrl+Return"), self)
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(self.save)

    def _lay_out(self) -> None:
        def section(title: str) -> QLabel:
            label = QLabel(title)
            label.setObjectName("sectionTitle")
            return label

        def pair(left: str, right: str) -> QHBoxLayout:
            row = QHBoxLayout()
            row.setSpacing(16)
            # Top-aligned, so a message under one field does not push its neighbour down.
            row.addWidget(self.fields[left], 1, Qt.AlignmentFlag.AlignTop)
            row.addWidget(self.fields[right], 1, Qt.AlignmentFlag.AlignTop)
            return row

        column, body = form_column(FORM_WIDTH)
        body.addWidget(self.header)
        body.addWidget(section(self.tr("About the group")))
        body.addWidget(self.fields["name"])
        body.addWidget(self.open_taken, 0, Qt.AlignmentFlag.AlignLeft)
        body.addWidget(self.fields["welsh_name"])
        body.addLayout(pair("kind", "category"))
        body.addWidget(self.fields["purpose"])
        body.addWidget(self.fields["area_served"])
        body.addSpacing(8)
        body.addWidget(section(self.tr("Contact")))
        body.addWidget(self.fields["contact_name"])
        body.addLayout(pair("contact_email", "contact_phone"))
        body.addSpacing(8)
        body.addWidget(self.fields["is_public"])
        finish_form_page(self, column, body, self.form_error, self.save_button, self.cancel_button)

    # -- filling and reading --------------------------------------------------------------

    def start_new(self) -> None:
        """A blank form, with a new group id chosen now (see register_group)."""
        self.editing = False
        self.group_id = uuid7()
        self.header.title.setText(self.tr("Register a group"))
        self.save_button.setText(self.tr("&Register group"))
        self._fill(GroupDetails())
        self.name.setFocus()

    def start_edit(self, group_id: str, details: GroupDetails) -> None:
        self.editing = True
        self.group_id = group_id
        self.header.title.setText(self.tr("Edit %1").replace("%1", details.name))
        self.save_button.setText(self.tr("&Save changes"))
        self._fill(details)
        self.name.setFocus()

    def _fill(self, d: GroupDetails) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        for line, value in (
            (self.name, d.name),
            (self.welsh_name, d.welsh_name),
            (self.area_served, d.area_served),
            (self.contact_name, d.contact_name),
            (self.contact_email, d.contact_email),
            (self.contact_phone, d.contact_phone),
        ):
            line.setText(value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(d.kind)))
        self.category.setCurrentIndex(-1)
        self.category.setEditText(d.category)
        self.purpose.setPlainText(d.purpose)
        self.is_public.setChecked(d.is_public)
        self._clear_errors()

    def details(self) -> GroupDetails:
        return GroupDetails(
            name=self.name.text(),
            welsh_name=self.welsh_name.text(),
            kind=str(self.kind.currentData() or GroupKind.COMMUNITY_GROUP),
            purpose=self.purpose.toPlainText(),
            category=self.category.currentText(),
            area_served=self.area_served.text(),
            contact_name=self.contact_name.text(),
            contact_email=self.contact_email.text(),
            contact_phone=self.contact_phone.text(),
            is_public=self.is_public.isChecked(),
        )

    # -- checking and saving ----------------------------------------------------------------

    def _check_field(self, name: str) -> None:
        """As the user leaves a field: show (or clear) that field's problem only."""
        problem = validate_group_details(self.details()).get(name)
        if problem:
            self.fields[name].show_error(error_text(problem))
        elif name == "name" and self.open_taken.isVisibleTo(self):
            # "Already a group called ..." came from the database: it stands until the
            # name is changed, not merely left.
            if self.name.text() != self._taken_name:
                self.fields[name].clear_error()
                self.open_taken.setVisible(False)
        else:
            self.fields[name].clear_error()

    def _clear_errors(self) -> None:
        for form_field in self.fields.values():
            form_field.clear_error()
        self.form_error.setVisible(False)
        self.open_taken.setVisible(False)

    def save(self) -> None:
        if self.saving:
            return  # a double press: the first save is on its way
        details = self.details()
        problems = validate_group_details(details)
        if problems:
            self._show_problems(problems)
            return
        self.saving = True
        self._sent = details
        self.save_button.setEnabled(False)
        db, staff, group_id, editing = self.ctx.db, self.ctx.staff_id, self.group_id, self.editing

        def work(_progress: object) -> GroupSummary:
            if editing:
                return update_group(db, group_id, details, staff_user_id=staff)
            return register_group(db, details, staff_user_id=staff, group_id=group_id)

        self.ctx.tasks.run(work, on_success=self._saved, on_failure=self._failed)

    def _saved(self, summary: GroupSummary) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.saved.emit(summary)

    def _failed(self, exc: Exception) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self._show_problems(exc.problems)
            if isinstance(exc, GroupNameTaken):
                self._taken_id = exc.existing_id
                self._taken_name = self._sent.name
                self.open_taken.setVisible(True)
        elif isinstance(exc, ServiceError):
            self.form_error.setText("⚠ " + error_text(str(exc)))
            self.form_error.setVisible(True)
        else:
            self.form_error.setText(
                self.tr(
                    "⚠ The group could not be saved. Nothing you typed has been lost; try again."
                )
            )
            self.form_error.setVisible(True)

    def _show_problems(self, problems: dict[str, str]) -> None:
        self._clear_errors()
        for name, message in problems.items():
            if name in self.fields:
                self.fields[name].show_error(error_text(message))
        first = next((n for n in self.fields if n in problems), None)
        if first is not None:
            self.fields[first].field.setFocus()

    def _open_taken(self) -> None:
        if self._taken_id:
            self.open_existing.emit(self._taken_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Line edits pass Enter up to us; the purpose box keeps it for new lines.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)
