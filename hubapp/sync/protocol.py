"""The one definition of the sync wire format (see docs/sync-protocol.md): request and response
bodies, the protocol version, and which tables sync in which scope."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from hubapp.models import Base
from hubapp.models.base import BOOKKEEPING_COLUMNS

PROTOCOL_VERSION = 1
SUPPORTED_VERSIONS = frozenset({1})
PROTOCOL_HEADER = "X-Hubapp-Protocol"

PUSH_BATCH = 1_000
PAGE_SIZE = 2_000
GZIP_THRESHOLD = 512

# The pseudo-table that carries server-detected conflicts in pull pages.
CONFLICTS_TABLE = "_conflicts"


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
# Member-scope tables and the column naming the member ("id": the row is the member).
MEMBER_TABLES = {
    "members": "id",
    "member_tags": "member_id",
    "consent_records": "member_id",
    "activities": "member_id",
    "group_memberships": "member_id",
    "expressions_of_interest": "member_id",
}
HUB_TABLES = frozenset({"staff_users", "feedback"})


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


class SyncResponse(BaseModel):
    acks: list[str] = Field(default_factory=list)
    rejects: list[Reject] = Field(default_factory=list)
    rows: list[WireRow] = Field(default_factory=list)
    cursor: int
    more: bool = False
    server_time_ms: int


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
