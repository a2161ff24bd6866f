"""Settings: how the app looks on this computer, the screen lock, staff accounts and where the
hub's data lives. Each staff role sees only the parts it may change (a group organiser, only
how the app looks)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hubapp.services import staff as staff_service
from hubapp.services.errors import ServiceError
from hubapp.services.staff import Permission
from hubapp.ui import theme
from hubapp.ui.context import AppContext
from hubapp.ui.signin import error_words
from hubapp.ui.staff_accounts import StaffAccounts
from hubapp.ui.widgets.forms import FormField, PageHeader, card_column
from hubapp.ui.widgets.settings_section import SettingsSection

__all__ = ["SettingsPage", "SettingsSection"]  # SettingsSection: the sync page's cards too


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
        if ctx.can(Permission.SYNC):
            column.addWidget(self._network())
        self.staff_section: StaffAccounts | None = None
        if ctx.can(Permission.STAFF):
            self.staff_section = StaffAccounts(ctx)
            column.addWidget(self.staff_section)
        if ctx.can(Permission.SYNC):
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
