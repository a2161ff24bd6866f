"""What the hub keeps about sync besides the journal: conflicts, with both values, so staff can
see which value won and restore the other. (Cursor and enrolment live in local_settings.)"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hubapp.models.base import Base, utcnow, uuid7


class SyncConflict(Base):
    """Two writes to one field that did not see each other; `winner` is what every replica
    holds, `loser` the value kept so that staff can restore it."""

    __tablename__ = "sync_conflicts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid7)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(60))
    winner_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    winner_stamp: Mapped[str] = mapped_column(String(80))
    loser_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    loser_stamp: Mapped[str] = mapped_column(String(80))
    loser_hub_id: Mapped[str | None] = mapped_column(String(36))
    # "server" (seen there when both writes met) or "hub" (met here, during a sync).
    detected_by: Mapped[str] = mapped_column(String(10), default="server")
    detected_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by: Mapped[str | None] = mapped_column(String(36))

    __table_args__ = (
        Index("ix_sync_conflicts_row", "table_name", "row_id"),
        Index("ix_sync_conflicts_resolved_at", "resolved_at"),
    )
