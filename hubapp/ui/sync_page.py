"""The sync page (Settings → Sync): the state, "Sync now", joining the network, and the
conflicts and refused changes staff deal with."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hubapp.sync import commands
from hubapp.sync.conflicts import RefusedChange, keep_winner, list_refused, restore_losing_value
from hubapp.sync.status import ConflictDetail, open_conflicts, subjects
from hubapp.ui import theme
from hubapp.ui.context import AppContext
from hubapp.ui.main_window import SyncStatusLabel, count_words
from hubapp.ui.settings_page import SettingsSection
from hubapp.ui.sync_panel import (
    AUTO_SYNC_MINUTES,
    SyncController,
    SyncView,
    mismatch_words,
    show_in_status_bar,
    when,
)
from hubapp.ui.widgets.forms import FormField, PageHeader, card_column


def _field_words(context: QObject, table: str, field: str) -> str:
    names = {
        "first_name": context.tr("First name"),
        "last_name": context.tr("Last name"),
        "preferred_name": context.tr("Preferred name"),
        "email": context.tr("Email"),
        "phone": context.tr("Phone"),
        "postcode": context.tr("Postcode"),
        "address": context.tr("Address"),
        "date_of_birth": context.tr("Date of birth"),
        "notes": context.tr("Notes"),
        "name": context.tr("Name"),
        "deleted": context.tr("Removed"),
    }
    return names.get(field, field.replace("_", " ").capitalize())


def _table_words(context: QObject, table: str) -> str:
    names = {
        "members": context.tr("Member"),
        "groups": context.tr("Group"),
        "group_memberships": context.tr("Group membership"),
        "hubs": context.tr("Hub"),
        "staff_users": context.tr("Staff account"),
    }
    return names.get(table, table.replace("_", " ").capitalize())


def _value_words(context: QObject, value: Any) -> str:
    if value is None or value == "":
        return context.tr("(empty)")
    if isinstance(value, bool):
        return context.tr("Yes") if value else context.tr("No")
    return str(value)


class SyncPage(QWidget):
    """The sync details: state, "Sync now", joining the network, conflicts, refused changes."""

    def __init__(self, ctx: AppContext, controller: SyncController) -> None:
        super().__init__()
        self.ctx, self.controller = ctx, controller
        self.conflicts: list[ConflictDetail] = []
        self.refused: list[RefusedChange] = []
        self._shown_counts: tuple[int, int] | None = None
        self._key_for: str | None = ""
        self._key_where: str | None = None
        self.header = PageHeader(
            self.tr("Sync with the network"),
            self.tr(
                "Changes made here go to the network; changes made elsewhere come back. "
                "Nothing is lost while the link is down."
            ),
        )
        self.sync_button = QPushButton(theme.icon("mdi6.cloud-sync-outline", "on_accent"), "")
        self.sync_button.setText(self.tr("&Sync now"))
        self.sync_button.setObjectName("primary")
        self.sync_button.setAccessibleName(self.tr("Sync now"))
        self.sync_button.clicked.connect(controller.sync_now)
        self.header.add_action(self.sync_button)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 24)
        column.setSpacing(16)
        column.addWidget(self._status_card())
        self.join_card = self._join_card()
        column.addWidget(self.join_card)
        self.conflicts_card = self._conflicts_card()
        self.refused_card = self._refused_card()
        column.addWidget(self.conflicts_card)
        column.addWidget(self.refused_card)
        column.addStretch(1)
        scroll = card_column(column, 960)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 24, 0)
        layout.addWidget(self.header)
        layout.addWidget(scroll, 1)
        controller.changed.connect(self.show_view)
        controller.finished.connect(lambda _s: self.refresh_lists())
        controller.enrolled.connect(self._joined)
        controller.enrol_failed.connect(self._join_failed)
        self.show_view(controller.view)
        self.refresh_lists()

    # The state ------------------------------------------------------------------------------

    def _status_card(self) -> QFrame:
        card = SettingsSection(self.tr("Status"))
        self.headline = SyncStatusLabel()
        self.headline.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the status bar's one is the link
        self.headline.text.setObjectName("subsectionTitle")
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Sync progress"))
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        self.facts: dict[str, QLabel] = {}
        for r, (key, words) in enumerate(
            (
                ("last", self.tr("Last synced")),
                ("waiting", self.tr("Waiting to be sent")),
                ("server", self.tr("Server")),
                ("key", self.tr("This computer’s key")),
                ("auto", self.tr("Automatic sync")),
            )
        ):
            name = QLabel(words)
            name.setObjectName("fieldLabel")
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(words)
            grid.addWidget(name, r, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, r, 1)
            self.facts[key] = value
        grid.setColumnStretch(1, 1)
        self.facts["auto"].setText(
            self.tr(
                "Every %1 minutes while hubapp is open, and soon after each change. "
                "Nobody needs to wait for it."
            ).replace("%1", str(AUTO_SYNC_MINUTES))
        )
        headline = QHBoxLayout()
        headline.setContentsMargins(0, 0, 0, 0)
        headline.addWidget(self.headline)
        headline.addStretch(1)
        card.content.addLayout(headline)
        card.content.addWidget(self.progress)
        card.content.addWidget(self.message)
        card.content.addSpacing(8)
        card.content.addLayout(grid)
        return card

    def show_view(self, view: SyncView) -> None:
        status = view.status
        show_in_status_bar(self.headline, view)
        self.sync_button.setEnabled(status.enrolled and not view.syncing)
        self.progress.setVisible(view.syncing)
        self.progress.setRange(0, max(view.to_send, 0))
        if view.to_send:
            self.progress.setValue(min(view.sent, view.to_send))
        self.message.setText(self._message(view))
        trouble = (view.error and not view.offline) or status.count_mismatch
        self.message.setObjectName("fieldError" if trouble else "")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(self.message.text()))
        last = status.last_synced_at
        self.facts["last"].setText(when(last) if last else self.tr("Never"))
        waiting = count_words(status.waiting, self.tr("1 change"), self.tr("%n changes"))
        if not status.enrolled:
            waiting += " " + self.tr("(kept here until this hub joins a network)")
        self.facts["waiting"].setText(waiting)
        self.facts["server"].setText(status.server_url or self.tr("None: this hub works alone"))
        if self._key_for != status.server_url:  # asking the keyring is slow: once per server
            self._key_for = status.server_url
            self._key_where = commands.token_location(self.ctx.db) if status.enrolled else None
        where = self._key_where
        self.facts["key"].setText(
            self.tr("Kept in %1").replace("%1", where) if where else self.tr("None yet")
        )
        self.join_card.setVisible(not status.enrolled)
        # A hub working alone has nothing to review; one that left a network may have.
        self.conflicts_card.setVisible(status.enrolled or bool(status.conflicts))
        self.refused_card.setVisible(status.enrolled or bool(status.refused))
        if self._shown_counts != (status.conflicts, status.refused):
            self.refresh_lists()

    def _message(self, view: SyncView) -> str:
        status = view.status
        if not status.enrolled:
            return self.tr(
                "Everything is kept on this computer. To share members and groups with other "
                "hubs and computers, join the network below."
            )
        if view.syncing:
            return (
                self.tr("Sent %1 of %2 changes; received %3.")
                .replace("%1", f"{view.sent:,}")
                .replace("%2", f"{view.to_send:,}")
                .replace("%3", f"{view.received:,}")
            )
        if view.offline:
            words = count_words(
                status.waiting,
                self.tr(
                    "The server could not be reached. Nothing is lost: 1 change is kept on "
                    "this computer and will be sent when the link is back."
                ),
                self.tr(
                    "The server could not be reached. Nothing is lost: %n changes are kept on "
                    "this computer and will be sent when the link is back."
                ),
            )
            if view.retry_at is not None:
                words += " " + self.tr("Next try at %1.").replace(
                    "%1", view.retry_at.strftime("%H:%M")
                )
            return words
        if view.error:
            return self.tr("The last sync did not finish: %1").replace("%1", view.error)
        if status.count_mismatch:
            return (
                mismatch_words(self, status)
                + " "
                + self.tr(
                    "Each sync checks again. If the difference is still here after Sync now, "
                    "tell the network’s administrator: it is a fault to look into."
                )
            )
        return ""

    # Joining --------------------------------------------------------------------------------

    def _join_card(self) -> QFrame:
        card = SettingsSection(
            self.tr("Join the network"),
            self.tr(
                "Ask the network’s administrator for the server address and a joining code. "
                "A code works once; each computer at this hub needs its own."
            ),
        )
        self.server_url = QLineEdit()
        self.server_url.setPlaceholderText("https://hubs.example.org")
        self.join_code = QLineEdit()
        self.server_field = FormField(self.tr("Server &address"), self.server_url, required=True)
        self.code_field = FormField(self.tr("Joining &code"), self.join_code, required=True)
        self.join_button = QPushButton(self.tr("&Join the network"))
        self.join_button.setAccessibleName(self.tr("Join the network"))
        self.join_button.clicked.connect(self.join)
        for edit in (self.server_url, self.join_code):
            edit.returnPressed.connect(self.join)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self.server_field, 2, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.code_field, 1, Qt.AlignmentFlag.AlignTop)
        card.content.addLayout(row)
        card.content.addWidget(self.join_button, 0, Qt.AlignmentFlag.AlignLeft)
        return card

    def join(self) -> None:
        self.server_field.clear_error()
        self.code_field.clear_error()
        url, code = self.server_url.text().strip(), self.join_code.text().strip()
        if not url.startswith(("http://", "https://")):
            self.server_field.show_error(self.tr("Addresses start with https://"))
            self.server_url.setFocus()
            return
        if not code:
            self.code_field.show_error(self.tr("Type the code you were given."))
            self.join_code.setFocus()
            return
        self.join_button.setEnabled(False)
        self.join_button.setText(self.tr("Joining…"))
        self.controller.enrol(url, code)

    def _joined(self, hub_id: str) -> None:
        # Joining may give the hub the network's id for it: the signed-in staff follow.
        if self.ctx.staff is not None and self.ctx.staff.hub_id != hub_id:
            self.ctx.staff = replace(self.ctx.staff, hub_id=hub_id)
        self._reset_join_button()
        self.join_code.clear()
        self.ctx.events.notify.emit(self.tr("This hub has joined the network."), None)

    def _join_failed(self, words: str) -> None:
        self._reset_join_button()
        self.code_field.show_error(words)
        self.join_code.setFocus()

    def _reset_join_button(self) -> None:
        self.join_button.setEnabled(True)
        self.join_button.setText(self.tr("&Join the network"))

    # Conflicts and refused changes ------------------------------------------------------------

    def _conflicts_card(self) -> QFrame:
        card = SettingsSection(
            self.tr("Conflicts to review"),
            self.tr(
                "When the same detail was changed in two places before they synced, the later "
                "change is kept everywhere and the other is set aside here. Check each one: "
                "keep it, or use the set-aside value instead."
            ),
        )
        self.conflict_table = _table(
            [
                self.tr("Noticed"),
                self.tr("About"),
                self.tr("Detail"),
                self.tr("Kept everywhere"),
                self.tr("Set aside"),
            ],
            self.tr("Conflicts to review"),
        )
        header = self.conflict_table.horizontalHeader()
        for column in (0, 2):  # the time and the detail's name are short
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.conflict_table.itemSelectionChanged.connect(self._conflict_chosen)
        self.no_conflicts = QLabel(self.tr("✓ No conflicts to review."))
        self.no_conflicts.setObjectName("success")
        self.conflict_detail = QLabel()
        self.conflict_detail.setWordWrap(True)
        self.conflict_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conflict_detail.setAccessibleName(self.tr("The chosen conflict"))
        self.keep_button = QPushButton(self.tr("&Keep as it is"))
        self.keep_button.setAccessibleName(self.tr("Keep as it is and mark it reviewed"))
        self.keep_button.clicked.connect(self.keep_chosen)
        self.restore_button = QPushButton(self.tr("&Use the set-aside value"))
        self.restore_button.setAccessibleName(self.tr("Use the set-aside value instead"))
        self.restore_button.clicked.connect(self.restore_chosen)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        card.content.addWidget(self.no_conflicts)
        card.content.addWidget(self.conflict_table)
        card.content.addWidget(self.conflict_detail)
        card.content.addLayout(buttons)
        return card

    def _refused_card(self) -> QFrame:
        card = SettingsSection(
            self.tr("Changes the server refused"),
            self.tr(
                "These changes stay on this computer only. Other changes are not held up by "
                "them. Ask for help if one matters."
            ),
        )
        self.refused_table = _table(
            [self.tr("About"), self.tr("Details changed"), self.tr("Why it was refused")],
            self.tr("Changes the server refused"),
        )
        self.no_refused = QLabel(self.tr("✓ The server has taken every change."))
        self.no_refused.setObjectName("success")
        card.content.addWidget(self.no_refused)
        card.content.addWidget(self.refused_table)
        return card

    def refresh_lists(self) -> None:
        db = self.ctx.db
        chosen = self.chosen_conflict()
        self.conflicts = open_conflicts(db)
        self.refused = list_refused(db)
        self._shown_counts = (len(self.conflicts), len(self.refused))
        table = self.conflict_table
        table.setRowCount(len(self.conflicts))
        for r, c in enumerate(self.conflicts):
            about = _table_words(self, c.table) + (f": {c.subject}" if c.subject else "")
            cells = (
                when(c.detected_at),
                about,
                _field_words(self, c.table, c.field),
                _value_words(self, c.kept),
                _value_words(self, c.other),
            )
            for col, text in enumerate(cells):
                table.setItem(r, col, QTableWidgetItem(text))
        _fit(table, len(self.conflicts))
        table.setVisible(bool(self.conflicts))
        self.no_conflicts.setVisible(not self.conflicts)
        ids = [c.id for c in self.conflicts]
        if chosen is not None and chosen.id in ids:
            table.selectRow(ids.index(chosen.id))
        elif self.conflicts:
            table.selectRow(0)
        self._conflict_chosen()
        names = subjects(db, [(change.table, change.row_id) for change in self.refused])
        rows = self.refused_table
        rows.setRowCount(len(self.refused))
        for r, change in enumerate(self.refused):
            about = _table_words(self, change.table)
            if (change.table, change.row_id) in names:
                about += f": {names[(change.table, change.row_id)]}"
            fields = ", ".join(_field_words(self, change.table, f) for f in change.fields)
            reason = change.reason.split(": ", 1)[-1] or self.tr("No reason given")
            for col, text in enumerate((about, fields, reason)):
                rows.setItem(r, col, QTableWidgetItem(text))
        _fit(rows, len(self.refused))
        rows.setVisible(bool(self.refused))
        self.no_refused.setVisible(not self.refused)

    def chosen_conflict(self) -> ConflictDetail | None:
        rows = self.conflict_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.conflicts):
            return None
        return self.conflicts[rows[0].row()]

    def _conflict_chosen(self) -> None:
        c = self.chosen_conflict()
        for widget in (self.conflict_detail, self.keep_button, self.restore_button):
            widget.setVisible(c is not None)
        if c is None:
            return
        here, elsewhere = self.tr("typed on this computer"), self.tr("typed on another computer")
        kept_where = here if c.kept_here else elsewhere
        other_where = here if c.other_here else elsewhere
        if c.other_hub and not c.other_here:
            other_where = self.tr("typed at %1").replace("%1", c.other_hub)
        words = self.tr("%1 · %2\nKept everywhere: “%3” (%4)\nSet aside: “%5” (%6)\nNoticed %7")
        for key, value in (
            ("%1", _table_words(self, c.table) + (f" {c.subject}" if c.subject else "")),
            ("%2", _field_words(self, c.table, c.field)),
            ("%3", _value_words(self, c.kept)),
            ("%4", kept_where),
            ("%5", _value_words(self, c.other)),
            ("%6", other_where),
            ("%7", when(c.detected_at)),
        ):
            words = words.replace(key, value)
        self.conflict_detail.setText(words)

    def keep_chosen(self) -> None:
        self._resolve(keep_winner, self.tr("Marked as reviewed."))

    def restore_chosen(self) -> None:
        self._resolve(restore_losing_value, self.tr("The set-aside value is back; it syncs next."))

    def _resolve(self, action: Any, done_words: str) -> None:
        c = self.chosen_conflict()
        if c is None:
            return
        db, staff_id = self.ctx.db, self.ctx.staff_id
        self.keep_button.setEnabled(False)
        self.restore_button.setEnabled(False)

        def finished(_result: object) -> None:
            self.keep_button.setEnabled(True)
            self.restore_button.setEnabled(True)
            self.refresh_lists()
            self.controller.local_change()
            self.ctx.events.notify.emit(done_words, None)

        def failed(exc: Exception) -> None:
            self.keep_button.setEnabled(True)
            self.restore_button.setEnabled(True)
            self.refresh_lists()
            self.ctx.events.notify.emit(str(exc) if isinstance(exc, LookupError) else "", None)

        self.ctx.tasks.run(
            lambda _p: action(db, c.id, staff_user_id=staff_id),
            on_success=finished,
            on_failure=failed,
        )


def _table(headings: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headings))
    table.setHorizontalHeaderLabels(headings)
    table.setAccessibleName(name)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    return table


def _fit(table: QTableWidget, rows: int) -> None:
    """Tall enough for up to eight rows, so the page scrolls rather than the table."""
    shown = min(max(rows, 1), 8)
    height = table.horizontalHeader().sizeHint().height()
    table.setFixedHeight(height + shown * table.verticalHeader().defaultSectionSize() + 4)
