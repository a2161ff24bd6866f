"""One sync: push the outbox oldest first, then pull pages until the server has nothing more,
one round trip at a time, each answer applied in one local transaction."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from hubapp.models import Change, ChangeStatus
from hubapp.models.database import Database
from hubapp.sync.apply import CURSOR_SETTING, apply_response
from hubapp.sync.protocol import PUSH_BATCH, SyncRequest, SyncResponse, WireChange
from hubapp.sync.transport import SyncError, TransientError, Transport

log = logging.getLogger("hubapp.sync")
SKEW_WARNING_MS = 5 * 60 * 1000
MAX_ROUND_TRIPS = 100_000  # a bound, not a plan: a sync stops when the server says "no more"


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

    @property
    def ok(self) -> bool:
        return self.error is None

    def __str__(self) -> str:
        head = "Synced" if self.ok else f"Sync failed ({self.error})"
        return (
            f"{head}: pushed {self.pushed}, pulled {self.pulled}, {self.conflicts} conflicts, "
            f"{self.rejected} rejected; {self.requests} requests, "
            f"{self.bytes_sent / 1024:.1f} KB sent, {self.bytes_received / 1024:.1f} KB received"
        )


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


def run_sync(db: Database, transport: Transport) -> SyncSummary:
    """Push then pull until done. Errors end the sync with `summary.error` set; everything
    already applied stays applied and everything unacknowledged stays queued."""
    summary = SyncSummary()
    cursor = int(db.get_setting(CURSOR_SETTING) or 0)
    try:
        for _ in range(MAX_ROUND_TRIPS):
            batch = pending(db, PUSH_BATCH + 1)
            # While more changes wait, push without pulling: each change then reaches the
            # server with the cursor its hub had when it was written (conflict detection).
            more_to_push = len(batch) > PUSH_BATCH
            batch = batch[:PUSH_BATCH]
            request = SyncRequest(cursor=cursor, pull=not more_to_push, changes=batch)
            try:
                answer = SyncResponse.model_validate(
                    transport.post("/sync", request.model_dump(mode="json"))
                )
            except ValidationError as exc:
                raise TransientError("the server's answer was garbled") from exc
            applied = apply_response(db, answer)
            cursor = answer.cursor
            summary.pushed += len(answer.acks)
            summary.rejected += applied.rejected
            summary.pulled += applied.rows
            summary.conflicts += applied.conflicts
            summary.skew_ms = answer.server_time_ms - time.time_ns() // 1_000_000
            if not more_to_push and not answer.more:
                break
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
        summary.cursor = cursor
        summary.requests = transport.stats.requests
        summary.bytes_sent = transport.stats.bytes_sent
        summary.bytes_received = transport.stats.bytes_received
    return summary
