"""The end-of-sync count check (Anki's sanity check): after a sync in which anything moved, the
server says how many rows of each table this hub holds there, and the hub compares its own
counts, in the transaction that applied the last page. A difference is a fault to report
(a page half-lost, a row that never reached the server), never something to ignore."""

from __future__ import annotations

import json
import logging

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from hubapp.models import Base, Change, ChangeStatus, LocalSetting
from hubapp.sync.protocol import synced_fields

log = logging.getLogger("hubapp.sync")
# The last check's differences, as {"table": [here, on the server]}; absent when they agreed.
MISMATCH_SETTING = "sync.count_mismatch"


def local_counts(session: Session) -> dict[str, int] | None:
    """Rows of each synced table here that the server should hold too; None while local
    changes still wait to be sent (the next sync checks instead)."""
    waiting = session.scalar(
        select(Change.seq).where(Change.status == ChangeStatus.PENDING).limit(1)
    )
    if waiting is not None:
        return None
    # Rows whose insert the server refused are here only (and already reported as refused).
    refused = dict(
        session.execute(
            select(Change.table_name, func.count(distinct(Change.row_id)))
            .where(
                Change.status == ChangeStatus.REJECTED,
                Change.origin == "local",
                Change.op == "insert",
            )
            .group_by(Change.table_name)
        ).all()
    )
    out = {}
    for table in sorted(synced_fields()):
        held = session.scalar(select(func.count()).select_from(Base.metadata.tables[table]))
        out[table] = int(held or 0) - int(refused.get(table, 0))
    return out


def check_counts(session: Session, server: dict[str, int]) -> dict[str, tuple[int, int]] | None:
    """The tables whose counts differ, as (here, on the server), saved for the status screen
    (empty when they agree); None if no check could be made now."""
    here = local_counts(session)
    if here is None:
        return None
    differ = {
        table: (n, server.get(table, 0)) for table, n in here.items() if n != server.get(table, 0)
    }
    found = session.get(LocalSetting, MISMATCH_SETTING)
    if differ:
        log.warning("sync count check: %s differ from the server", ", ".join(sorted(differ)))
        text = json.dumps({t: list(v) for t, v in differ.items()}, sort_keys=True)
        if found is None:
            session.add(LocalSetting(key=MISMATCH_SETTING, value=text))
        else:
            found.value = text
    elif found is not None:
        session.delete(found)
    return differ


def saved_mismatch(text: str | None) -> dict[str, tuple[int, int]]:
    """The differences a setting holds, for the status screen."""
    if not text:
        return {}
    return {table: (int(v[0]), int(v[1])) for table, v in json.loads(text).items()}
