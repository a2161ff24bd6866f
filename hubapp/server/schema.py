"""The server's own tables (SQLAlchemy Core); migrations live in hubapp/server/migrations."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
    Text,
)

from hubapp.models.base import NAMING_CONVENTION

metadata = MetaData(naming_convention=NAMING_CONVENTION)

hubs = Table(
    "hubs",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("hub_id", String(36), ForeignKey("hubs.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("node_id", String(36)),
    # SHA-256 of the bearer token: a stolen database gives no working token.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)

enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("hub_id", String(36), ForeignKey("hubs.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
)

# One row: the last server sequence number handed out. Taken under a row lock held until
# commit, so sequence numbers become visible in order and a pull can never skip one.
counters = Table(
    "counters",
    metadata,
    Column("name", String(20), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

changes = Table(
    "changes",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("change_id", String(36), nullable=False, unique=True),
    Column("hub_id", String(36), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("table_name", String(60), nullable=False),
    Column("row_id", String(36), nullable=False),
    Column("op", String(10), nullable=False),
    Column("fields", JSON, nullable=False),
    Column("hlc", String(80), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    # A row's stored changes (erasure rewrites those of the erased member's rows).
    Index("ix_changes_row", "row_id", "table_name"),
)

# The current state of every row: values, row clock, and per field the seq of its last change.
rows = Table(
    "rows",
    metadata,
    Column("table_name", String(60), primary_key=True),
    Column("row_id", String(36), primary_key=True),
    Column("seq", BigInteger, nullable=False, index=True),
    Column("data", JSON, nullable=False),
    Column("clock", JSON, nullable=False),
    Column("fseq", JSON, nullable=False),
    Column("scope", String(10), nullable=False),
    Column("subject_id", String(36)),
    Column("scope_hub_id", String(36)),
    # A member's rows (re-sequencing, counting what a hub holds), and rows by scope (counting
    # public and hub rows): both cover the count check, which then reads no row itself.
    Index("ix_rows_subject", "subject_id", "scope", "table_name"),
    Index("ix_rows_scope", "scope", "scope_hub_id", "table_name"),
)

# Which hubs hold which member (registered there, or in a group the hub runs).
member_holders = Table(
    "member_holders",
    metadata,
    Column("member_id", String(36), primary_key=True),
    Column("hub_id", String(36), primary_key=True),
    Index("ix_member_holders_hub", "hub_id", "member_id"),  # a hub's members
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("table_name", String(60), nullable=False),
    Column("row_id", String(36), nullable=False),
    Column("field", String(60), nullable=False),
    Column("winner_value", JSON),
    Column("winner_stamp", String(80), nullable=False),
    Column("loser_value", JSON),
    Column("loser_stamp", String(80), nullable=False),
    Column("loser_hub_id", String(36)),
    Column("detected_at", DateTime(timezone=True), nullable=False),
    Column("note", Text),
)

# Reference data every hub receives (docs/reference-data.md): postcode-district centroids,
# loaded by `hubapp-server import-postcodes`, and the version of each reference table.
postcode_districts = Table(
    "postcode_districts",
    metadata,
    Column("district", String(4), primary_key=True),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
)

reference_versions = Table(
    "reference_versions",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("version", BigInteger, nullable=False),
    Column("row_count", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
