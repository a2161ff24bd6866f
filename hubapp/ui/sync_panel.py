"""Sync in the app: `SyncController` runs syncs on its own worker thread (now, every few minutes,
soon after local changes; never two at once) and says the truth in the status bar; `SyncPage`
shows the details, joins the network, and lists conflicts and refused changes to deal with."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
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
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hubapp.sync import commands
from hubapp.sync.conflicts import RefusedChange, keep_winner, list_refused, restore_losing_value
from hubapp.sync.engine import SyncSummary
from hubapp.sync.status import ConflictDetail, SyncStatus, open_conflicts, subjects, sync_status
from hubapp.sync.transport import Retry, SyncError, TransientError, Transport
from hubapp.ui import theme
from hubapp.ui.context import AppContext
from hubapp.ui.main_window import SyncState, SyncStatusLabel, count_words
from hubapp.ui.settings_page import SettingsSection
from hubapp.ui.tasks import Progress, TaskRunner
from hubapp.ui.widgets.forms import FormField, PageHeader

log = logging.getLogger(__name__)

AUTO_SYNC_MINUTES = 5
AFTER_CHANGE_MS = 20_000  # a burst of edits at the desk goes in one sync
START_DELAY_MS = 3_000  # let the window come up first
LOOK_MS = 15_000  # notice changes made by screens that send no event
OFFLINE_RETRY_MINUTES = (1, 2, 5)  # then every AUTO_SYNC_MINUTES
RETRY_ATTEMPTS = 3  # within one sync; the schedule above does the rest
STOP_WAIT_MS = 5_000


@dataclass(frozen=True)
class SyncView:
    """Everything the status bar and the sync page show, as of now."""

    status: SyncStatus
    syncing: bool = False
    sent: int = 0
    to_send: int = 0
    received: int = 0
    offline: bool = False  # the last try could not reach the server
    error: str | None = None  # the last try's failure, in words
    retry_at: datetime | None = None
    last_summary: SyncSummary | None = None


class _ReportingTransport(Transport):
    """The engine's transport, counting what each round trip sent and received (for the
    progress shown), remembering the kind of the last failure, and stopping on request."""

    def __init__(self, base: Transport, stop: threading.Event, report: Any) -> None:
        def sleep(seconds: float) -> None:
            if stop.wait(seconds):
                raise TransientError("stopped")

        super().__init__(
            base.base_url,
            base.token,
            timeout=(5.0, 30.0),
            retry=Retry(RETRY_ATTEMPTS, 1.0, 8.0, sleep),
        )
        self._stop, self._report = stop, report
        self.sent = self.received = 0
        self.failure: SyncError | None = None

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if self._stop.is_set():
            raise TransientError("stopped")
        try:
            answer = super().post(path, body)
        except SyncError as exc:
            self.failure = exc
            raise
        self.sent += len(answer.get("acks", ())) + len(answer.get("rejects", ()))
        self.received += len(answer.get("rows", ()))
        self._report(self.sent, self.received)
        return answer


class _Relay(QObject):
    """Carries progress from the worker thread to the GUI thread (a queued connection)."""

    progressed = Signal(int, int)


class SyncController(QObject):
    """Runs syncs and keeps `view` current; `changed(view)` after every change of it."""

    changed = Signal(object)
    finished = Signal(object)  # the SyncSummary of a completed try
    enrolled = Signal(str)
    enrol_failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = TaskRunner(self)  # its own worker: a slow link never holds up the desk
        self._stop = threading.Event()
        self._stopped = False
        self._again = False
        self._failures = 0
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._progressed)
        self.view = SyncView(sync_status(ctx.db))
        self._auto = self._timer(AUTO_SYNC_MINUTES * 60_000, self._auto_tick, single=False)
        self._look = self._timer(LOOK_MS, self._look_tick, single=False)
        self._soon = self._timer(AFTER_CHANGE_MS, self.sync_now)
        self._retry = self._timer(60_000, self.sync_now)
        ctx.events.members_changed.connect(self.local_change)
        ctx.events.groups_changed.connect(self.local_change)

    def _timer(self, ms: int, slot: Any, *, single: bool = True) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(ms)
        timer.setSingleShot(single)
        timer.timeout.connect(slot)
        return timer

    @property
    def busy(self) -> bool:
        return self.view.syncing

    @property
    def stopped(self) -> bool:
        return self._stopped

    def start(self) -> None:
        """Begins the automatic syncing (the first one shortly after the window shows)."""
        self._auto.start()
        self._look.start()
        if self.view.status.enrolled:
            self._soon.start(START_DELAY_MS)
        self._emit()

    def stop(self) -> None:
        """On sign-out or close: no new syncs; a sync under way ends after its current round
        trip (what it applied stays applied, the rest stays queued)."""
        if self._stopped:
            return
        self._stopped = True
        self._stop.set()
        for timer in (self._auto, self._look, self._soon, self._retry):
            timer.stop()
        if not self.runner.wait(STOP_WAIT_MS):
            log.warning("a sync was still finishing when hubapp stopped it")

    def refresh(self) -> None:
        """Re-reads the counts from the database (cheap: no network)."""
        if not self._stopped:
            self.view = replace(self.view, status=sync_status(self.ctx.db))
            self._emit()

    def local_change(self) -> None:
        """Something was saved here: show it waiting, and sync soon (one sync per burst)."""
        self.refresh()
        if self.view.status.enrolled and not self.view.offline and not self._stopped:
            self._soon.start(AFTER_CHANGE_MS)

    def sync_now(self) -> None:
        if self._stopped or not self.view.status.enrolled:
            return
        if self.view.syncing:
            self._again = True  # once more when this one ends: it may have missed a change
            return
        self._soon.stop()
        self._retry.stop()
        status = sync_status(self.ctx.db)
        self.view = replace(
            self.view, status=status, syncing=True, sent=0, to_send=status.waiting, received=0
        )
        self._emit()
        db, stop, relay = self.ctx.db, self._stop, self._relay

        def work(_progress: Progress) -> tuple[SyncSummary, SyncError | None]:
            try:
                base = commands.transport_for(db)
            except SyncError as exc:
                return SyncSummary(error=str(exc)), exc
            transport = _ReportingTransport(base, stop, relay.progressed.emit)
            base.close()
            try:
                return commands.sync_once(db, transport), transport.failure
            finally:
                transport.close()

        self.runner.run(work, on_success=self._done, on_failure=self._crashed)

    def _progressed(self, sent: int, received: int) -> None:
        if self.view.syncing and not self._stopped:
            self.view = replace(self.view, sent=sent, received=received)
            self._emit()

    def _done(self, outcome: tuple[SyncSummary, SyncError | None]) -> None:
        if self._stopped:
            return
        summary, failure = outcome
        offline = not summary.ok and (failure is None or isinstance(failure, TransientError))
        retry_at: datetime | None = None
        if summary.ok:
            self._failures = 0
        elif offline:
            steps = OFFLINE_RETRY_MINUTES
            minutes = steps[self._failures] if self._failures < len(steps) else AUTO_SYNC_MINUTES
            self._failures += 1
            self._retry.start(minutes * 60_000)
            retry_at = datetime.now().astimezone() + timedelta(minutes=minutes)
        self.view = SyncView(
            sync_status(self.ctx.db),
            offline=offline,
            error=summary.error,
            retry_at=retry_at,
            last_summary=summary,
        )
        log.info(
            "sync ended: ok=%s pushed=%d pulled=%d", summary.ok, summary.pushed, summary.pulled
        )
        self._emit()
        self.finished.emit(summary)
        if self._again and (summary.ok or not offline):
            self._again = False
            self.sync_now()

    def _crashed(self, exc: Exception) -> None:
        """A bug, not a bad link: say so, keep the app running (the outbox is untouched)."""
        log.error("sync crashed: %s", type(exc).__name__)
        self._done((SyncSummary(error=self.tr("Sync stopped unexpectedly.")), None))

    def _auto_tick(self) -> None:
        # While offline, the retry timer decides when to try again (the time on screen).
        if not self.view.offline:
            self.sync_now()

    def _look_tick(self) -> None:
        before = self.view.status.waiting
        self.refresh()
        if self.view.status.waiting > before and not self._soon.isActive():
            self.local_change()

    def enrol(self, server_url: str, code: str) -> None:
        """Joins the network with a code from the network's administrator, then syncs."""
        if self._stopped:
            return
        db = self.ctx.db

        def work(_progress: Progress) -> str:
            return commands.enrol(db, server_url.strip(), code.strip())

        def failed(exc: Exception) -> None:
            words = str(exc) if isinstance(exc, SyncError) else self.tr("Joining failed.")
            self.enrol_failed.emit(words)

        def joined(hub_id: str) -> None:
            if self._stopped:
                return
            self.refresh()
            self.enrolled.emit(hub_id)
            self.sync_now()

        self.runner.run(work, on_success=joined, on_failure=failed)

    def _emit(self) -> None:
        self.changed.emit(self.view)


def show_in_status_bar(label: SyncStatusLabel, view: SyncView) -> None:
    """The one line in the status bar, and a tooltip with the rest of the truth."""
    status = view.status
    if not status.enrolled:
        label.set_state(SyncState.OFFLINE)
    elif view.syncing:
        label.set_state(SyncState.SYNCING, done=view.sent, total=view.to_send)
    elif view.offline:
        label.set_state(SyncState.UNREACHABLE, waiting=status.waiting, retry_at=view.retry_at)
    elif status.conflicts and not status.refused and not view.error:
        words = count_words(
            status.conflicts,
            label.tr("1 conflict to review"),
            label.tr("%n conflicts to review"),
        )
        label.set_state(SyncState.PROBLEMS, problems=status.conflicts)
        label.set("mdi6.cloud-alert-outline", words, "warning")
    elif view.error or status.problems:
        label.set_state(SyncState.PROBLEMS, problems=status.problems or 1)
    elif status.waiting:
        label.set_state(SyncState.WAITING, waiting=status.waiting)
    else:
        label.set_state(SyncState.SYNCED, synced_at=status.last_synced_at)
    label.setToolTip(details_line(label, view))


def details_line(context: QObject, view: SyncView) -> str:
    status = view.status
    if not status.enrolled:
        return context.tr("This hub has not joined a network yet. Click for details.")
    parts = []
    if status.last_synced_at is not None:
        parts.append(context.tr("Last synced %1.").replace("%1", when(status.last_synced_at)))
    tr = context.tr
    parts.append(count_words(status.waiting, tr("1 change waiting."), tr("%n changes waiting.")))
    if status.conflicts:
        parts.append(
            count_words(
                status.conflicts, tr("1 conflict to review."), tr("%n conflicts to review.")
            )
        )
    if status.refused:
        parts.append(
            count_words(
                status.refused,
                tr("1 change refused by the server."),
                tr("%n changes refused by the server."),
            )
        )
    parts.append(context.tr("Click for details."))
    return " ".join(parts)


def when(moment: datetime) -> str:
    """'19:30' today, else 'Tue 3 Dec 2026 at 19:30', in local time."""
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return f"{local:%a} {local.day} {local:%b %Y} at {local:%H:%M}"


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
        body = QWidget()
        body.setObjectName("scrollBody")
        body.setMaximumWidth(960)
        body.setLayout(column)
        holder = QWidget()
        holder.setObjectName("scrollBody")
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 8, 0)
        row.addWidget(body, 1)
        row.addStretch(0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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
        self.message.setObjectName("fieldError" if view.error and not view.offline else "")
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

    def _joined(self, _hub_id: str) -> None:
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
