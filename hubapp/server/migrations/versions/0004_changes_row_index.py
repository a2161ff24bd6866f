"""an index of stored changes by row

Erasing a member rewrites the stored changes of that member's rows; without this index that
read the whole changes table while the push held the sequence lock.

Revision ID: 0004_changes_row_index
Revises: 0003_count_indexes
Create Date: 2026-12-02 10:40:00.000000
"""

from __future__ import annotations

from alembic import op


revision = "0004_changes_row_index"
down_revision = "0003_count_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.create_index("ix_changes_row", ["row_id", "table_name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("changes", schema=None) as batch_op:
        batch_op.drop_index("ix_changes_row")
