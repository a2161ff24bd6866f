"""The one definition of the sync wire format (see docs/sync-protocol.md): request and response
bodies, the protocol version, and which tables sync in which scope."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from hubapp.models import Base
from hubapp.models.base import BOOKKEEPING_COLUMNS
from hubapp.models.subjects import MEMBER_TABLES as MEMBER_TABLES

PROTOCOL_VERSION = 2
# Version 1 pages carry `rows`, one object per row; version 2 pages carry `blocks` (columns).
# The server answers each request in the version it was asked in.
SUPPORTED_VERSIONS = frozenset({1, 2})
PROTOCOL_HEADER = "X-Hubapp-Protocol"

PUSH_BATCH = 1_000  # changes per push request at most (fewer on a link that keeps failing)
# Rows per pull page at most: fewer, larger transactions cost the hub less (sync-benchmarks.md).
PAGE_SIZE = 25_000
GZIP_THRESHOLD = 512
GZIP_LEVEL = 6  # both ways: level 9 costs twice the time for about 1% fewer bytes

# The pseudo-table that carries server-detected conflicts in pull pages.
CONFLICTS_TABLE = "_conflicts"
# The pseudo-table of the end-of-sync count check in version 1 pages (version 2: `counts`).
COUNTS_TABLE = "_counts"

# Tables whose ids are made from their parts (`models.base.stable_id(kind, *parts)`), so every
# hub converges on one row. A version 2 page leaves such ids out when every row of a block
# has exactly that id, and the hub computes them again.
DERIVED_IDS: dict[str, tuple[str, ...]] = {
    "member_tags": ("member_tag", "member_id", "tag_id"),
    "group_memberships": ("group_membership", "group_id", "member_id"),
    "opportunity_tags": ("opportunity_tag", "opportunity_id", "tag_id"),
    "votes": ("vote", "motion_id", "member_id"),
    "interest_declarations": ("interest", "agenda_item_id", "member_id"),
    "expressions_of_interest": ("expression_of_interest", "opportunity_id", "member_id"),
    "tags": ("tag", "kind", "slug"),
}


class Scope(StrEnum):
    PUBLIC = "public"
    MEMBER = "member"
    HUB = "hub"


PUBLIC_TABLES = frozenset(
    {
        "hubs",
        "groups",
        "organisations",
        "venues",
        "tags",
        "meetings",
        "agenda_items",
        "attendances",
        "interest_declarations",
        "motions",
        "votes",
        "action_items",
        "minute_corrections",
        "opportunities",
        "opportunity_tags",
    }
)
# Member scope: MEMBER_TABLES (each table and the column naming the member), imported above
# from models/subjects.py, where the erasure rule reads it too.
HUB_TABLES = frozenset({"staff_users", "feedback"})
# Bookkeeping fields over which no conflict is recorded: the latest write wins like any
# field's, but there is nothing for staff to choose between. `origin_hub_id` says which hub
# wrote a row first; every hub seeds the skills vocabulary with the same ids, so without this
# two hubs joining the network made 34 "problems" about who wrote "Gardening" first.
UNCONTESTED_FIELDS = frozenset({"origin_hub_id"})
# Fields of public rows that are personal to the member the row names (table: the column
# naming the member, and the fields): sent only to hubs that hold that member, like the
# member's own rows. The rest of the row is public. An apologies reason is often about health.
MEMBER_PRIVATE_FIELDS: dict[str, tuple[str, frozenset[str]]] = {
    "attendances": ("member_id", frozenset({"apologies_reason"})),
}


def synced_fields() -> dict[str, frozenset[str]]:
    """Every synced table and the fields a change may carry, from the local ORM schema."""
    out: dict[str, frozenset[str]] = {}
    for name in PUBLIC_TABLES | set(MEMBER_TABLES) | HUB_TABLES:
        table = Base.metadata.tables[name]
        out[name] = frozenset(c.name for c in table.columns if c.name not in BOOKKEEPING_COLUMNS)
    return out


class WireChange(BaseModel):
    """One journal entry on its way to the server."""

    change_id: str = Field(max_length=36)
    table: str = Field(max_length=60)
    row_id: str = Field(max_length=36)
    op: str = Field(pattern="^(insert|update)$")
    fields: dict[str, Any]
    hlc: str = Field(max_length=80)


class SyncRequest(BaseModel):
    protocol: int = PROTOCOL_VERSION
    cursor: int = Field(ge=0)
    pull: bool = True
    changes: list[WireChange] = Field(default_factory=list)
    # Version 2: the latest stamp of this device's own writes that its database holds. The
    # server leaves out of pull pages the fields whose current value is one of those writes
    # (the hub has them already). A restored backup holds fewer, so it is sent them again.
    own: str | None = Field(default=None, max_length=80)
    # Version 2: rows per pull page wanted (fewer on a link that keeps dropping); at most
    # PAGE_SIZE, which is also what the server sends when this is left out.
    page: int | None = Field(default=None, ge=1)
    # Version 2: send the counts (the end-of-sync count check) even if nothing moved, because
    # the hub's last check found a difference: "Sync now" then says whether it still stands.
    check: bool | None = None
    # Version 2: the cursor this hub's pull started from, while a pull of several pages is
    # under way (its last complete pull's cursor; `cursor` is where its pages got to). A row
    # edited after it was inserted moves to the end of the server's sequence: a page must
    # then send every field changed since `base`, not only since `cursor`, or the changes
    # made before the row moved would never reach the hub. Left out: `cursor`.
    base: int | None = Field(default=None, ge=0)


class Reject(BaseModel):
    change_id: str
    code: str
    reason: str


class WireRow(BaseModel):
    """A row's fields changed after the client's cursor, with their stamps."""

    table: str
    row_id: str
    fields: dict[str, Any]
    clock: dict[str, str]


class Block(BaseModel):
    """Version 2: rows of one table that carry the same fields, column by column: the value
    of field `fields[f]` for row `r` is `values[f][r]`, its id `ids[r]` (or, when `derived`,
    `stable_id(*DERIVED_IDS[table])` of its own values) and its stamps `clocks[r]`."""

    table: str
    fields: list[str]
    ids: list[str] = Field(default_factory=list)
    derived: bool = False
    values: list[list[Any]]
    clocks: list[dict[str, str]]

    def size(self) -> int:
        return len(self.clocks)


class SyncResponse(BaseModel):
    acks: list[str] = Field(default_factory=list)
    rejects: list[Reject] = Field(default_factory=list)
    rows: list[WireRow] = Field(default_factory=list)  # version 1
    blocks: list[Block] = Field(default_factory=list)  # version 2
    cursor: int
    more: bool = False
    server_time_ms: int
    # Version 2, on the last page of a sync in which anything moved: how many rows of each
    # table this hub holds on the server as of `cursor` (the end-of-sync count check).
    counts: dict[str, int] | None = None


def row_count(answer: dict[str, Any]) -> int:
    """How many rows a sync answer (as decoded JSON) carries, in either version."""
    blocks = answer.get("blocks") or ()
    return len(answer.get("rows") or ()) + sum(len(b.get("clocks") or ()) for b in blocks)


class EnrolRequest(BaseModel):
    protocol: int = PROTOCOL_VERSION
    code: str = Field(max_length=64)
    device_name: str = Field(default="", max_length=200)
    node_id: str = Field(default="", max_length=36)


class EnrolResponse(BaseModel):
    hub_id: str
    hub_name: str
    device_id: str
    token: str
    server_time_ms: int


class Problem(BaseModel):
    """The body of every error answer: `detail` is words for a person."""

    detail: str
