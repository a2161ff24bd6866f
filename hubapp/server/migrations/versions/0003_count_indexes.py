"""indexes for the end-of-sync count check and pull pages

Counting what a hub holds reads only its rows: public and hub rows by scope, member rows
through the hub's members (member_holders by hub) and each member's rows (covered by the
subject index, which now also carries scope and table).

Revision ID: 0003_count_indexes
Revises: 0002_reference_data
Create Date: 2026-12-02 08:00:00.000000
"""

from __future__ import annotations

from alembic import op


revision = '0003_count_indexes'
down_revision = '0002_reference_data'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rows', schema=None) as batch_op:
        batch_op.drop_index('ix_rows_subject_id')
        batch_op.create_index('ix_rows_subject', ['subject_id', 'scope', 'table_name'], unique=False)
        batch_op.create_index('ix_rows_scope', ['scope', 'scope_hub_id', 'table_name'], unique=False)
    with op.batch_alter_table('member_holders', schema=None) as batch_op:
        batch_op.create_index('ix_member_holders_hub', ['hub_id', 'member_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('member_holders', schema=None) as batch_op:
        batch_op.drop_index('ix_member_holders_hub')
    with op.batch_alter_table('rows', schema=None) as batch_op:
        batch_op.drop_index('ix_rows_scope')
        batch_op.drop_index('ix_rows_subject')
        batch_op.create_index('ix_rows_subject_id', ['subject_id'], unique=False)
