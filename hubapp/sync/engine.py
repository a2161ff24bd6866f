"""One sync: push the outbox oldest first, then pull pages until the server has nothing more,
each answer applied in one local transaction, and at the end compare counts with the server.

Round trips are what a poor link charges for, so: a sync with nothing to do is one small
request; pushes go in as few requests as the link bears (fewer changes per request after a
failure, more again after successes); and while one pull page is being applied, the next is
already on its way (one request in flight at a time, pages applied strictly in order)."""

from __future__ import annotations

import gzip
import json
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from hubapp.models import Change, ChangeStatus
from hubapp.models.collector import collector_paused
from hubapp.models.database import Database
from hubapp.sync.apply import BASE_SETTING, CURSOR_SETTING, Applied, GarbledPage, apply_response
from hubapp.sync.counts import MISMATCH_SETTING
from hubapp.sync.protocol import (
    GZIP_LEVEL,
    PAGE_SIZE,
    PUSH_BATCH,
    SyncRequest,
    SyncResponse,
    WireChange,
)
from hubapp.sync.transport import SyncError, TransientError, Transport

log = logging.getLogger("hubapp.sync")
SKEW_WARNING_MS = 5 * 60 * 1000
MAX_ROUND_TRIPS = 100_000  # a bound, not a plan: a sync stops when the server says "no more"
# Compressed bytes of changes per push request. The first push of a sync sends at most 16 KB,
# each success doubles that (an unknown link is not bet 1,000 changes at once); after a
# failure, a fifth of the traffic the link carried between its last two failures (so that a
# cut costs a small part of what got through), until the link carries twice that again.
PUSH_BYTES_START = 16 * 1024
PUSH_BYTES_MAX = 1024 * 1024
PUSH_BYTES_MIN = 2 * 1024
PUSH_SHARE_OF_GAP = 5
PAGE_MIN = 250


@dataclass
class SyncSummary:
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    rejected: int = 0
    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    cursor: int = 0
    skew_ms: int = 0
    error: str | None = None
    # The end-of-sync count check: tables whose counts differ, as (here, on the server).
    counts_differ: dict[str, tuple[int, int]] = field(default_factory=dict)
    counts_checked: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def problems(self) -> list[str]:
        """What a person should look at, in words (the sync itself may have succeeded)."""
        return [
            f"{table.replace('_', ' ')}: {here:,} here but {there:,} on the server"
            for table, (here, there) in sorted(self.counts_differ.items())
        ]

    def __str__(self) -> str:
        head = "Synced" if self.ok else f"Sync failed ({self.error})"
        text = (
            f"{head}: pushed {self.pushed}, pulled {self.pulled}, {self.conflicts} conflicts, "
            f"{self.rejected} rejected; {self.requests} requests, "
            f"{self.bytes_sent / 1024:.1f} KB sent, {self.bytes_received / 1024:.1f} KB received"
        )
        if self.counts_differ:
            text += "; counts differ from the server's (" + "; ".join(self.problems) + ")"
        return text


def pending(db: Database, limit: int) -> list[WireChange]:
    with db.read() as session:
        found = session.scalars(
            select(Change)
            .where(Change.status == ChangeStatus.PENDING, Change.origin == "local")
            .order_by(Change.seq)
            .limit(limit)
        )
        return [
            WireChange(
                change_id=c.change_id,
                table=c.table_name,
                row_id=c.row_id,
                op=c.op,
                fields=c.fields,
                hlc=c.hlc,
            )
            for c in found
        ]


def own_stamp(db: Database) -> str | None:
    """The stamp of the latest write made here that this database holds (its journal keeps
    every local write: pending, sent or refused). The server need not send those back."""
    with db.read() as session:
        latest = [
            session.scalar(select(func.max(Change.seq)).where(Change.status == status))
            for status in (ChangeStatus.PENDING, ChangeStatus.SENT, ChangeStatus.REJECTED)
        ]
        top = max((s for s in latest if s is not None), default=None)
        if top is None:
            return None
        return session.scalar(select(Change.hlc).where(Change.seq == top))


def run_sync(db: Database, transport: Transport) -> SyncSummary:
    """Push then pull until done. Errors end the sync with `summary.error` set; everything
    already applied stays applied and everything unacknowledged stays queued."""
    summary = SyncSummary()
    run = SyncRun(db, transport, summary)
    try:
        run.run()
        if abs(summary.skew_ms) > SKEW_WARNING_MS:
            log.warning(
                "this computer's clock differs from the server's by %d s", summary.skew_ms // 1000
            )
    except SyncError as exc:
        summary.error = str(exc)
        log.warning("sync failed: %s", type(exc).__name__)
    except SQLAlchemyError as exc:
        # e.g. a unique name clash: the page was rolled back whole and will be tried again.
        summary.error = "changes from the server could not be saved here; they will be retried"
        log.error("applying a sync page failed: %s", type(exc).__name__, exc_info=True)
    finally:
        summary.cursor = run.cursor
        summary.requests = transport.stats.requests
        summary.bytes_sent = transport.stats.bytes_sent
        summary.bytes_received = transport.stats.bytes_received
    return summary


class SyncRun:
    def __init__(self, db: Database, transport: Transport, summary: SyncSummary) -> None:
        self.db = db
        self.transport = transport
        self.summary = summary
        self.cursor = int(db.get_setting(CURSOR_SETTING) or 0)
        # Where an unfinished pull started (a hub from before BASE_SETTING: its cursor).
        # Where the pull under way started (no later than the cursor: one set back to 0 pulls
        # everything again). A hub from before sync.base may be part-way through a pull of
        # several pages: 0, so that pull's rows come whole (BASE_SETTING).
        base = db.get_setting(BASE_SETTING)
        self.base = 0 if base is None else min(int(base), self.cursor)
        self.own = own_stamp(db)
        # The last count check found a difference: ask for the counts again whatever moves.
        self.check = db.get_setting(MISMATCH_SETTING) is not None
        self.push_bytes = PUSH_BYTES_START
        self.push_size = 0  # compressed bytes of changes in the last push built
        self.moved = 0  # bytes the link carried since its last failure
        self.gap: int | None = None  # bytes it carried between its last two failures
        self.page: int | None = None  # rows per page asked for; None: the server's choice
        self.failures = 0

    def run(self) -> None:
        retry = self.transport.retry
        # This loop retries itself (smaller requests after a failure), one attempt per post.
        self.transport.retry = replace(retry, attempts=1)
        try:
            self._loop(retry.attempts)
        finally:
            self.transport.retry = retry

    def _loop(self, attempts: int) -> None:
        for _ in range(MAX_ROUND_TRIPS):
            batch, more_to_push = self.next_batch()
            # While more changes wait, push without pulling: each change then reaches the
            # server with the cursor its hub had when it was written (conflict detection).
            request = self.request(self.cursor, pull=not more_to_push, changes=batch)
            answer = self.exchange(request, attempts)
            if answer is None:
                continue  # failed; try again with a smaller request
            self.apply(answer, pulled=request.pull)
            if more_to_push:
                continue
            if answer.more:
                self.pull_rest(attempts)
            return

    def request(
        self, cursor: int, *, pull: bool, changes: list[WireChange] | None = None
    ) -> SyncRequest:
        version = self.transport.protocol  # the body says what the header says
        return SyncRequest(
            protocol=version,
            cursor=cursor,
            pull=pull,
            changes=changes or [],
            own=self.own if version >= 2 else None,
            check=True if version >= 2 and self.check and pull else None,
            base=self.base if version >= 2 and pull else None,
        )

    def next_batch(self) -> tuple[list[WireChange], bool]:
        """The oldest pending changes that fit in one request on this link."""
        batch = pending(self.db, PUSH_BATCH + 1)
        more = len(batch) > PUSH_BATCH
        batch = batch[:PUSH_BATCH]
        while batch:
            body = _json([c.model_dump(mode="json") for c in batch])
            size = len(gzip.compress(body, GZIP_LEVEL))
            self.push_size = size
            if size <= self.push_bytes or len(batch) == 1:
                break
            # Compressed size grows about in step with the changes: aim just under the budget.
            keep = max(1, min(len(batch) - 1, len(batch) * self.push_bytes * 15 // (size * 16)))
            batch, more = batch[:keep], True
        return batch, more

    def exchange(self, request: SyncRequest, attempts: int) -> SyncResponse | None:
        """One round trip; None after a transient failure that is worth another try (with a
        smaller request, after a backoff), a SyncError when tries are used up."""
        body = request.model_dump(mode="json", exclude_none=True)
        stats = self.transport.stats
        before = stats.bytes_sent + stats.bytes_received
        try:
            answer = self.post(body)
        except TransientError:
            self.failures += 1
            if self.failures >= attempts:
                raise
            self.shrink(request)
            retry = self.transport.retry
            retry.sleep(retry.delay(self.failures))
            return None
        self.failures = 0
        self.moved += stats.bytes_sent + stats.bytes_received - before
        if self.gap is None:
            self.push_bytes = min(PUSH_BYTES_MAX, self.push_bytes * 2)
        elif self.moved > 2 * self.gap:
            self.push_bytes = min(PUSH_BYTES_MAX, self.push_bytes * 3 // 2)
        return answer

    def shrink(self, request: SyncRequest) -> None:
        """Smaller requests after a failure: a link that drops every so many bytes lets a
        request through only if it is well under that."""
        self.gap = max(self.moved, self.push_size if request.changes else 0)
        self.moved = 0
        if request.changes:
            self.push_bytes = max(PUSH_BYTES_MIN, self.gap // PUSH_SHARE_OF_GAP)
        else:
            self.page = max(PAGE_MIN, (self.page or PAGE_SIZE) // 4)

    def post(self, body: dict[str, object]) -> SyncResponse:
        if self.page is not None:
            body["page"] = self.page
        raw = self.transport.post("/sync", body)
        try:
            with collector_paused():
                return SyncResponse.model_validate(raw)
        except ValidationError as exc:
            raise TransientError("the server's answer was garbled") from exc

    def apply(self, answer: SyncResponse, *, pulled: bool = True) -> None:
        try:
            applied = apply_response(self.db, answer, pulled=pulled)
        except GarbledPage as exc:
            raise TransientError("the server's answer was garbled") from exc
        self.cursor = answer.cursor
        if pulled and not answer.more:
            self.base = answer.cursor
        self.count(answer, applied)

    def count(self, answer: SyncResponse, applied: Applied) -> None:
        summary = self.summary
        summary.pushed += len(answer.acks)
        summary.rejected += applied.rejected
        summary.pulled += applied.rows
        summary.conflicts += applied.conflicts
        summary.skew_ms = answer.server_time_ms - time.time_ns() // 1_000_000
        if applied.counts_differ is not None:
            summary.counts_checked = True
            summary.counts_differ = applied.counts_differ

    def pull_rest(self, attempts: int) -> None:
        """The remaining pages, each fetched while the one before it is applied."""
        with ThreadPoolExecutor(1, thread_name_prefix="hubapp-sync-fetch") as fetcher:
            ahead: Future[SyncResponse] = fetcher.submit(self.fetch, self.cursor, attempts)
            while True:
                answer = ahead.result()
                if answer.more:
                    ahead = fetcher.submit(self.fetch, answer.cursor, attempts)
                self.apply(answer)
                if not answer.more:
                    return

    def fetch(self, cursor: int, attempts: int) -> SyncResponse:
        """One pull page (no changes: they wait for the push phase of the next sync)."""
        while True:
            request = self.request(cursor, pull=True)
            answer = self.exchange(request, attempts)
            if answer is not None:
                return answer


def _json(data: object) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()
