"""A row's current state on the server as the push works on it, and the small pieces around it
(refusals, stamps' nodes, conversion to and from the `rows` table)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class Refused(Exception):
    """One pushed change refused: `code` for machines (unknown_table, bad_field, bad_value,
    unknown_row, out_of_scope), `reason` in words."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass
class RowState:
    table: str
    row_id: str
    data: dict[str, Any]
    clock: dict[str, str]
    fseq: dict[str, int]
    scope: str
    subject_id: str | None
    scope_hub_id: str | None
    seq: int = 0
    new: bool = False
    dirty: bool = False


def node_of(stamp: str) -> str:
    return stamp.split("-", 2)[2] if stamp.count("-") >= 2 else ""


def state_of(found: Any) -> RowState:
    return RowState(
        found.table_name,
        found.row_id,
        dict(found.data),
        dict(found.clock),
        dict(found.fseq),
        found.scope,
        found.subject_id,
        found.scope_hub_id,
        found.seq,
    )


def values_of(state: RowState) -> dict[str, Any]:
    return {
        "table_name": state.table,
        "row_id": state.row_id,
        "seq": state.seq,
        "data": state.data,
        "clock": state.clock,
        "fseq": state.fseq,
        "scope": str(state.scope),
        "subject_id": state.subject_id,
        "scope_hub_id": state.scope_hub_id,
    }


def vars_of(refused: Refused) -> dict[str, str]:
    return {"code": refused.code, "reason": refused.reason}
