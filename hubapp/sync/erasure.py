"""Erasure on a hub that learns of it by sync (docs/sync-protocol.md, "Erasure"): the pull hook
`purge_erased_on_page`, run at the end of applying each pull page, purges the members this hub
held whose erasure the page brings and re-seals rows merged into an erased member's rows. The
rule itself and the purge are models/erasure.py."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session

from hubapp.models.erasure import (
    purge_conflicts,
    purge_members,
    purge_row_journal,
    truncate_wal,
)
from hubapp.sync.protocol import MEMBER_TABLES

log = logging.getLogger("hubapp.sync")


class PageBlock(Protocol):
    """What the hook reads of a pull page's block (sync.apply.Block)."""

    table: str
    fields: list[str]
    ids: list[str]
    columns: list[list[Any]]
    new: list[int]


def purge_erased_on_page(session: Session, blocks: Iterable[PageBlock]) -> list[str]:
    """After a page is merged, in its transaction: purges the members this hub held whose
    erasure the page brings, and re-seals rows the page merged into an erased member's rows.
    Rows new to the hub need nothing: the server sealed them. Returns the members purged."""
    erased: list[str] = []
    merged: dict[str, list[str]] = {}
    for block in blocks:
        if block.table not in MEMBER_TABLES:
            continue
        new = set(block.new)
        held = [block.ids[i] for i in range(len(block.ids)) if i not in new]
        if not held:
            continue
        merged.setdefault(block.table, []).extend(held)
        if block.table == "members" and "erased_at" in block.fields:
            column = block.columns[block.fields.index("erased_at")]
            erased.extend(
                block.ids[i] for i, v in enumerate(column) if v is not None and i not in new
            )
    if not merged:
        return []
    # After the merge: the members whose erasure this page brought, and those erased before
    # whose rows it wrote to (a late write from a hub that had not heard yet).
    targets = _erased_subjects(session, merged)
    purge_members(session, targets, seal=True, search=bool(erased))
    if erased:
        _truncate_wal_after_commit(session)
    return targets


def _erased_subjects(session: Session, merged: dict[str, list[str]]) -> list[str]:
    """The erased members that the merged rows are about: one query per table, the ids as
    one JSON parameter, read from the ids to the rows (measured at 100,000 members: about
    1 µs a merged member row, 6 to 12 µs a merged row of another table)."""
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    out: list[str] = []
    for table, row_ids in merged.items():
        if table == "members":
            sql = (
                "SELECT m.id FROM json_each(?) AS j CROSS JOIN members AS m ON m.id = j.value "
                "WHERE m.erased_at IS NOT NULL"
            )
        else:
            sql = (
                f'SELECT DISTINCT m.id FROM json_each(?) AS j CROSS JOIN "{table}" AS t '
                "ON t.id = j.value CROSS JOIN members AS m ON m.id = t.member_id "
                "WHERE m.erased_at IS NOT NULL"
            )
        out.extend(found for (found,) in raw.execute(sql, (json.dumps(row_ids),)))
    return list(dict.fromkeys(out))


def overwrite_until_commit(session: Session) -> None:
    """From now until the transaction ends, content freed in the file is overwritten with
    zeros (a pulled value sealed by the erasure rule replaces words the hub held: a hub not
    holding the member, for which purge_members never runs); the log is emptied after."""
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    before = raw.execute("PRAGMA secure_delete").fetchone()
    raw.execute("PRAGMA secure_delete=ON")

    def restore(_session: Session) -> None:
        raw.execute(f"PRAGMA secure_delete={int(before[0]) if before else 0}")

    event.listen(session, "after_commit", restore, once=True)
    event.listen(session, "after_rollback", restore, once=True)
    _truncate_wal_after_commit(session)


def purge_sealed_rows(session: Session, sealed: dict[str, set[str]]) -> None:
    """Journal entries and conflicts about rows given values the server sealed (ERASURE_NODE),
    their personal values blanked."""
    for table, row_ids in sealed.items():
        purge_row_journal(session, table, sorted(row_ids))
    purge_conflicts(session, {t: sorted(r) for t, r in sealed.items()}, personal_only=True)


def _truncate_wal_after_commit(session: Session) -> None:
    raw = session.connection().connection.dbapi_connection

    def after_commit(_session: Session) -> None:
        if raw is not None and not truncate_wal(raw):
            log.info("erasure: the write-ahead log is in use; it will be overwritten later")

    event.listen(session, "after_commit", after_commit, once=True)
