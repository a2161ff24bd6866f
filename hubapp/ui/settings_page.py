"""Settings: how the app looks on this computer, the screen lock, staff accounts and where the
hub's data lives. Each staff role sees only the parts it may change."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hubapp.models.vocab import StaffRole
from hubapp.services import staff as staff_service
from hubapp.services.errors import ServiceError, ValidationFailed
from hubapp.services.staff import Permission, StaffRow
from hubapp.ui import theme
from hubapp.ui.context import AppContext
from hubapp.ui.signin import error_words, secret_field
from hubapp.ui.widgets.forms import FormField, PageHeader, card_column


def role_label(role: str) -> str:
    labels: dict[str, str] = {
        StaffRole.DESK: QCoreApplication.translate("roles", "Desk"),
        StaffRole.CLERK: QCoreApplication.translate("roles", "Clerk"),
        StaffRole.ADMIN: QCoreApplication.translate("roles", "Administrator"),
    }
    return labels.get(role, role)


class SettingsSection(QFrame):
    """A card with a heading, a line saying what it is for, and its controls in `content`."""

    def __init__(self, title: str, description: str = "") -> None:
        super().__init__()
        self.setObjectName("card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.content = QVBoxLayout(self)
        self.content.setContentsMargins(24, 16, 24, 24)
        self.content.setSpacing(8)
        heading = QLabel(title)
        heading.setObjectName("sectionTitle")
        self.content.addWidget(heading)
        if description:
            words = QLabel(description)
            words.setObjectName("muted")
            words.setWordWrap(True)
            self.content.addWidget(words)


class SettingsPage(QWidget):
    idle_minutes_changed = Signal(int)
    sync_page_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 24)
        column.setSpacing(16)
        column.addWidget(self._appearance())
        if ctx.can(Permission.SETTINGS):
            column.addWidget(self._screen_lock())
        column.addWidget(self._network())
        self.staff_section: StaffAccounts | None = None
        if ctx.can(Permission.STAFF):
            self.staff_section = StaffAccounts(ctx)
            column.addWidget(self.staff_section)
        column.addWidget(self._this_computer())
        column.addStretch(1)
        scroll = card_column(column, 820)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 24, 0)
        layout.addWidget(
            PageHeader(self.tr("Settings"), self.tr("How hubapp looks and works at this hub."))
        )
        layout.addWidget(scroll, 1)

    def _appearance(self) -> QFrame:
        card = SettingsSection(
            self.tr("Appearance"), self.tr("Applies to this computer. Changes show at once.")
        )
        layout = card.content
        self.theme_choice = QComboBox()
        for choice, words in (
            (theme.ThemeChoice.SYSTEM, self.tr("Follow this computer (light or dark)")),
            (theme.ThemeChoice.LIGHT, self.tr("Light")),
            (theme.ThemeChoice.DARK, self.tr("Dark")),
            (theme.ThemeChoice.HIGH_CONTRAST, self.tr("High contrast")),
        ):
            self.theme_choice.addItem(words, str(choice))
        stored = theme.parse_choice(self.ctx.db.get_setting(theme.THEME_SETTING))
        self.theme_choice.setCurrentIndex(max(0, self.theme_choice.findData(str(stored))))
        self.theme_choice.currentIndexChanged.connect(self._theme_chosen)
        layout.addWidget(FormField(self.tr("&Theme"), self.theme_choice))
        return card

    def _theme_chosen(self) -> None:
        choice = theme.parse_choice(self.theme_choice.currentData())
        self.ctx.db.set_setting(theme.THEME_SETTING, str(choice))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, choice)

    def _screen_lock(self) -> QFrame:
        card = SettingsSection(
            self.tr("Screen lock"),
            self.tr(
                "When nobody has used the keyboard or mouse for this long, hubapp hides "
                "everything behind a lock screen until the same person types their password "
                "or PIN."
            ),
        )
        layout = card.content
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(self.tr(" minutes"))
        self.idle_minutes.setValue(staff_service.idle_lock_minutes(self.ctx.db))
        self.idle_minutes.setMaximumWidth(200)
        # Style sheets cannot pad the text field inside a spin box; its margins can.
        inner = self.idle_minutes.findChild(QLineEdit)
        if inner is not None:
            inner.setTextMargins(6, 0, 0, 0)
        save = QPushButton(self.tr("Save screen lock time"))
        save.clicked.connect(self._save_idle_minutes)
        self.idle_minutes_save = save
        row = QHBoxLayout()
        row.addWidget(FormField(self.tr("Loc&k after"), self.idle_minutes))
        row.addWidget(save, 0, Qt.AlignmentFlag.AlignBottom)
        row.addStretch(1)
        layout.addLayout(row)
        return card

    def _save_idle_minutes(self) -> None:
        assert self.ctx.staff is not None
        minutes = self.idle_minutes.value()
        try:
            staff_service.set_idle_lock_minutes(self.ctx.db, self.ctx.staff, minutes)
        except ServiceError as exc:
            self.ctx.events.notify.emit(error_words(str(exc)), None)
            return
        self.idle_minutes_changed.emit(minutes)
        self.ctx.events.notify.emit(
            self.tr("The screen now locks after %1 minutes.").replace("%1", str(minutes)), None
        )

    def _network(self) -> QFrame:
        card = SettingsSection(
            self.tr("Network sync"),
            self.tr(
                "Joining the network, syncing now, and conflicts or refused changes to deal "
                "with. The status bar at the foot of the window says how sync stands."
            ),
        )
        self.sync_button = QPushButton(
            theme.icon("mdi6.cloud-sync-outline"), self.tr("Open &sync settings")
        )
        self.sync_button.clicked.connect(self.sync_page_requested)
        row = QHBoxLayout()
        row.addWidget(self.sync_button)
        row.addStretch(1)
        card.content.addLayout(row)
        return card

    def _this_computer(self) -> QFrame:
        card = SettingsSection(
            self.tr("Data folder"),
            self.tr("This hub’s database, its backups and the log are kept here."),
        )
        layout = card.content
        folder = QLabel(str(self.ctx.db.data_dir))
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder.setAccessibleName(self.tr("Data folder"))
        folder.setWordWrap(True)
        open_folder = QPushButton(theme.icon("mdi6.folder-open-outline"), self.tr("Open &folder"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.db.data_dir)))
        )
        row = QHBoxLayout()
        row.addWidget(folder, 1)
        row.addWidget(open_folder)
        layout.addLayout(row)
        self.data_folder = folder
        return card


class StaffAccounts(SettingsSection):
    """The list of staff accounts, switching one off or on, and adding a new one."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            QCoreApplication.translate("StaffAccounts", "Staff accounts"),
            QCoreApplication.translate(
                "StaffAccounts",
                "Desk staff sign people up and look after groups; clerks also run meetings "
                "and reports; administrators can change everything here.",
            ),
        )
        layout = self.content
        self.ctx = ctx
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
        for role in (StaffRole.DESK, StaffRole.CLERK, StaffRole.ADMIN):
            self.new_role.addItem(role_label(role), str(role))
        self.new_secret, self.new_secret_again = secret_field(), secret_field()
        self.new_fields = {
            "display_name": FormField(self.tr("&Name"), self.new_name, required=True),
            "username": FormField(self.tr("&User name"), self.new_username, required=True),
            "role": FormField(self.tr("&Role"), self.new_role, required=True),
            "secret": FormField(self.tr("&Password or PIN"), self.new_secret, required=True),
            "secret_again": FormField(
                self.tr("Password or PIN &again"), self.new_secret_again, required=True
            ),
        }
        grid.addWidget(heading, 0, 0, 1, 2)
        top = Qt.AlignmentFlag.AlignTop
        places = {
            "display_name": (1, 0),
            "username": (1, 1),
            "role": (2, 0),
            "secret": (3, 0),
            "secret_again": (3, 1),
        }
        for key, (r, c) in places.items():
            grid.addWidget(self.new_fields[key], r, c, top)
        self.add_button = QPushButton(theme.icon("mdi6.account-plus", "on_accent"), "")
        self.add_button.setText(self.tr("Add staff member"))
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add)
        grid.addWidget(self.add_button, 4, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        for edit in (self.new_name, self.new_username, self.new_secret, self.new_secret_again):
            edit.returnPressed.connect(self.add)
        return form

    def refresh(self) -> None:
        self.rows = staff_service.list_staff(self.ctx.db)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            status = self.tr("In use") if row.active else self.tr("Switched off")
            for c, value in enumerate(
                (row.display_name, row.username, role_label(row.role), status)
            ):
                self.table.setItem(r, c, QTableWidgetItem(value))
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
        self.add_button.setEnabled(False)
        self.ctx.tasks.run(
            lambda _p: staff_service.add_staff(db, actor, *values),
            on_success=self._added,
            on_failure=self._failed,
            parent=self,
        )

    def _added(self, row: StaffRow) -> None:
        self.add_button.setEnabled(True)
        for edit in (self.new_name, self.new_username, self.new_secret, self.new_secret_again):
            edit.clear()
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
