"""Settings → Staff accounts: the list of accounts, switching one off or on, and adding a new
one. A group organiser's account names the member it is for, chosen in a search dialog."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from hubapp.models.vocab import StaffRole
from hubapp.services import staff as staff_service
from hubapp.services.errors import ServiceError, ValidationFailed
from hubapp.services.organisers import AccountCandidate
from hubapp.services.staff import StaffRow
from hubapp.ui import theme
from hubapp.ui.context import AppContext
from hubapp.ui.signin import error_words, secret_field, suggested_username
from hubapp.ui.staff_accounts.member_chooser import OrganiserMemberChooser
from hubapp.ui.staff_accounts.words import officer_text, role_label
from hubapp.ui.widgets.forms import FormField
from hubapp.ui.widgets.settings_section import SettingsSection

ROLES = (StaffRole.DESK, StaffRole.CLERK, StaffRole.ADMIN, StaffRole.ORGANISER)


class StaffAccounts(SettingsSection):
    """The list of staff accounts, switching one off or on, and adding a new one."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            QCoreApplication.translate("StaffAccounts", "Staff accounts"),
            QCoreApplication.translate(
                "StaffAccounts",
                "Desk staff sign people up and look after groups; clerks also run meetings "
                "and reports; administrators can change everything here. A group organiser "
                "(a group's own officer) sees only Get involved, for their groups.",
            ),
        )
        layout = self.content
        self.ctx = ctx
        self.member: AccountCandidate | None = None
        self.chooser: OrganiserMemberChooser | None = None
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("User name"), self.tr("Role"), self.tr("Account")]
        )
        self.table.setAccessibleName(self.tr("Staff accounts"))
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.switch = QPushButton(self.tr("S&witch off"))
        self.switch.setEnabled(False)
        self.switch.clicked.connect(self._switch_selected)
        layout.addWidget(self.table)
        layout.addWidget(self.switch, 0, Qt.AlignmentFlag.AlignRight)
        layout.addSpacing(8)
        layout.addWidget(self._add_form())
        self.rows: list[StaffRow] = []
        self.refresh()

    def _add_form(self) -> QWidget:
        form = QWidget()
        grid = QGridLayout(form)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        heading = QLabel(self.tr("Add a staff member"))
        heading.setObjectName("subsectionTitle")
        self.new_name, self.new_username = QLineEdit(), QLineEdit()
        self.new_role = QComboBox()
        for role in ROLES:
            self.new_role.addItem(role_label(role), str(role))
        self.new_member = QPushButton(self.tr("Choose a member…"))
        self.new_member.setIcon(theme.icon("mdi6.account-search-outline"))
        self.new_member.setToolTip(self.tr("Find the member this organiser account is for"))
        self.new_member.clicked.connect(self.choose_member)
        self.new_member.setStyleSheet("text-align: left; padding-left: 10px;")  # reads as a field
        self.new_secret, self.new_secret_again = secret_field(), secret_field()
        self.new_fields = {
            "display_name": FormField(self.tr("&Name"), self.new_name, required=True),
            "username": FormField(self.tr("&User name"), self.new_username, required=True),
            "role": FormField(self.tr("&Role"), self.new_role, required=True),
            "member_id": FormField(self.tr("&Member"), self.new_member, required=True, hint=" "),
            "secret": FormField(self.tr("&Password or PIN"), self.new_secret, required=True),
            "secret_again": FormField(
                self.tr("Password or PIN &again"), self.new_secret_again, required=True
            ),
        }
        self.new_fields["member_id"].field.setAccessibleName(self.tr("Member"))
        grid.addWidget(heading, 0, 0, 1, 2)
        top = Qt.AlignmentFlag.AlignTop
        places = {
            "display_name": (1, 0),
            "username": (1, 1),
            "role": (2, 0),
            "member_id": (2, 1),
            "secret": (3, 0),
            "secret_again": (3, 1),
        }
        for key, (r, c) in places.items():
            grid.addWidget(self.new_fields[key], r, c, top)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.add_button = QPushButton(theme.icon("mdi6.account-plus", "on_accent"), "")
        self.add_button.setText(self.tr("Add staff member"))
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add)
        grid.addWidget(self.add_button, 4, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        for edit in (self.new_name, self.new_username, self.new_secret, self.new_secret_again):
            edit.returnPressed.connect(self.add)
        self.new_role.currentIndexChanged.connect(lambda _i: self._role_changed())
        self._role_changed()
        return form

    # -- a group organiser's member -------------------------------------------------------------

    def organiser_chosen(self) -> bool:
        return bool(self.new_role.currentData() == StaffRole.ORGANISER)

    def _role_changed(self) -> None:
        self.new_fields["member_id"].setVisible(self.organiser_chosen())
        self.new_fields["member_id"].clear_error()

    def choose_member(self) -> None:
        """Opens the search for the member (window-modal; `chooser` is kept for tests)."""
        self.chooser = OrganiserMemberChooser(self.ctx, self.window())
        self.chooser.chosen.connect(self.set_member)
        self.chooser.finished.connect(lambda _r: self.new_member.setFocus())
        self.chooser.open()
        self.chooser.search.setFocus()

    def set_member(self, candidate: AccountCandidate | None) -> None:
        self.member = candidate
        member_field = self.new_fields["member_id"]
        member_field.clear_error()
        if candidate is None:
            self.new_member.setText(self.tr("Choose a member…"))
            self.new_member.setAccessibleName(self.tr("Member"))
            member_field.hint.setText(" ")
            member_field.hint.show()
            return
        self.new_member.setText(candidate.display_name)
        self.new_member.setAccessibleName(
            self.tr("Member: %1. Press to choose another.").replace("%1", candidate.display_name)
        )
        if not self.new_name.text().strip():
            self.new_name.setText(candidate.display_name)
        if not self.new_username.text().strip():
            self.new_username.setText(suggested_username(candidate.display_name))
        member_field.hint.setVisible(bool(candidate.roles))  # else the warning says it all
        if candidate.roles:
            member_field.hint.setText(officer_text(candidate.roles))
        else:
            member_field.show_error(error_words(staff_service.NOT_AN_OFFICER).replace(
                "%1", candidate.display_name))  # fmt: skip

    # -- the list -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.rows = staff_service.list_staff(self.ctx.db)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            status = self.tr("In use") if row.active else self.tr("Switched off")
            for c, value in enumerate(
                (row.display_name, row.username, role_label(row.role), status)
            ):
                item = QTableWidgetItem(value)
                if row.member_name:
                    item.setToolTip(
                        self.tr("Group organiser for %1").replace("%1", row.member_name)
                    )
                self.table.setItem(r, c, item)
        # Tall enough for every account (up to ten), so the page scrolls, not the table.
        shown = min(max(len(self.rows), 1), 10)
        height = self.table.horizontalHeader().sizeHint().height()
        height += shown * self.table.verticalHeader().defaultSectionSize() + 4
        self.table.setFixedHeight(height)
        self._selection_changed()

    def selected(self) -> StaffRow | None:
        index = self.table.currentRow()
        rows = self.table.selectionModel().selectedRows()
        return self.rows[index] if rows and 0 <= index < len(self.rows) else None

    def _selection_changed(self) -> None:
        row = self.selected()
        self.switch.setEnabled(row is not None and row.id != self.ctx.staff_id)
        self.switch.setText(
            self.tr("S&witch on") if row is not None and not row.active else self.tr("S&witch off")
        )

    def _switch_selected(self) -> None:
        row = self.selected()
        if row is None or self.ctx.staff is None:
            return
        self._set_active(row, not row.active)

    def _set_active(self, row: StaffRow, active: bool) -> None:
        assert self.ctx.staff is not None
        try:
            staff_service.set_staff_active(self.ctx.db, self.ctx.staff, row.id, active)
        except ServiceError as exc:
            self.ctx.events.notify.emit(error_words(str(exc)), None)
            return
        self.refresh()
        words = self.tr("%1 can sign in again.") if active else self.tr("%1 can no longer sign in.")
        self.ctx.events.notify.emit(
            words.replace("%1", row.display_name), lambda: self._set_active(row, not active)
        )

    # -- adding -------------------------------------------------------------------------------

    def add(self) -> None:
        if not self.add_button.isEnabled() or self.ctx.staff is None:
            return
        for field in self.new_fields.values():
            field.clear_error()
        if self.new_secret.text() != self.new_secret_again.text():
            self._show_problems(
                {"secret_again": self.tr("The two passwords or PINs are not the same.")}
            )
            return
        actor, db = self.ctx.staff, self.ctx.db
        values = (
            self.new_username.text(),
            self.new_name.text(),
            str(self.new_role.currentData()),
            self.new_secret.text(),
        )
        organiser = self.organiser_chosen()
        member_id = self.member.member_id if organiser and self.member is not None else None
        self.add_button.setEnabled(False)
        self.ctx.tasks.run(
            lambda _p: staff_service.add_staff(db, actor, *values, member_id=member_id),
            on_success=self._added,
            on_failure=self._failed,
            parent=self,
        )

    def _added(self, row: StaffRow) -> None:
        self.add_button.setEnabled(True)
        for edit in (self.new_name, self.new_username, self.new_secret, self.new_secret_again):
            edit.clear()
        self.set_member(None)
        self.refresh()
        self.ctx.events.notify.emit(
            self.tr("%1 can now sign in as “%2”.")
            .replace("%1", row.display_name)
            .replace("%2", row.username),
            None,
        )

    def _failed(self, exc: Exception) -> None:
        self.add_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self._show_problems({k: error_words(v) for k, v in exc.problems.items()})
        else:
            self.ctx.events.notify.emit(error_words(str(exc)), None)

    def _show_problems(self, problems: dict[str, str]) -> None:
        first: FormField | None = None
        for key, field in self.new_fields.items():
            if key in problems:
                field.show_error(problems[key])
                first = first or field
        if first is not None:
            first.field.setFocus()
