"""Sync in the app: `SyncController` runs syncs on its own worker thread (now, every few minutes,
soon after local changes; never two at once) and says the truth in the status bar."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from hubapp.sync import commands
from hubapp.sync.engine import SyncSummary
from hubapp.sync.protocol import row_count
from hubapp.sync.status import SyncStatus, sync_status
from hubapp.sync.transport import Retry, SyncError, TransientError, Transport, WireStats
from hubapp.ui.context import AppContext
from hubapp.ui.main_window import SyncState, SyncStatusLabel, count_words
from hubapp.ui.tasks import Progress, TaskRunner

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

    def start_again(self) -> None:
        """Counts from zero for the next sync (the connection is kept)."""
        self.sent = self.received = 0
        self.failure = None
        self.stats = WireStats()

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if self._stop.is_set():
            raise TransientError("stopped")
        try:
            answer = super().post(path, body)
        except SyncError as exc:
            self.failure = exc
            raise
        self.sent += len(answer.get("acks", ())) + len(answer.get("rejects", ()))
        self.received += row_count(answer)
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
        # Kept between syncs (only the worker uses it): its connection stays open, so the
        # next sync on a slow link needs no new one (the server keeps it for 330 s).
        self._transport: _ReportingTransport | None = None
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
        elif self._transport is not None:
            self._transport.close()
            self._transport = None

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
            transport = self._transport_like(base, stop, relay.progressed.emit)
            return commands.sync_once(db, transport), transport.failure

        self.runner.run(work, on_success=self._done, on_failure=self._crashed)

    def _transport_like(
        self, base: Transport, stop: threading.Event, report: Any
    ) -> _ReportingTransport:
        """The kept transport if it still goes to the same server with the same token (the
        worker thread only); otherwise a new one. Its counts start again for this sync."""
        kept = self._transport
        if kept is None or (kept.base_url, kept.token) != (base.base_url, base.token):
            if kept is not None:
                kept.close()
            kept = self._transport = _ReportingTransport(base, stop, report)
        base.close()
        kept.start_again()
        return kept

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
    elif status.conflicts and not (status.refused or status.count_mismatch or view.error):
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
    if status.count_mismatch:
        parts.append(mismatch_words(context, status))
    parts.append(context.tr("Click for details."))
    return " ".join(parts)


def table_words(context: QObject, table: str) -> str:
    """A synced table's name as staff would say it."""
    tr = context.tr
    words = {
        "members": tr("members"),
        "groups": tr("groups"),
        "group_memberships": tr("group memberships"),
        "member_tags": tr("skills and interests"),
        "consent_records": tr("consent records"),
        "meetings": tr("meetings"),
        "opportunities": tr("ways to get involved"),
        "expressions_of_interest": tr("interest shown"),
        "staff_users": tr("staff accounts"),
    }
    return words.get(table, table.replace("_", " "))


def mismatch_words(context: QObject, status: SyncStatus) -> str:
    """The last count check's difference, in words: 'members: 3 here, 4 on the server'."""
    tables = "; ".join(
        context.tr("%1: %2 here, %3 on the server")
        .replace("%1", table_words(context, table))
        .replace("%2", f"{here:,}")
        .replace("%3", f"{there:,}")
        for table, here, there in status.count_mismatch
    )
    return context.tr(
        "This computer and the server hold different numbers of records (%1)."
    ).replace("%1", tables)


def when(moment: datetime) -> str:
    """'19:30' today, else 'Tue 3 Dec 2026 at 19:30', in local time."""
    local = moment.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return local.strftime("%H:%M")
    return f"{local:%a} {local.day} {local:%b %Y} at {local:%H:%M}"
