"""reference data: postcode-district centroids and reference versions

Revision ID: 0002_reference_data
Revises: 0001_server
Create Date: 2026-12-02 07:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002_reference_data'
down_revision = '0001_server'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('postcode_districts',
    sa.Column('district', sa.String(length=4), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('district', name=op.f('pk_postcode_districts'))
    )
    op.create_table('reference_versions',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('row_count', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_reference_versions'))
    )


def downgrade() -> None:
    op.drop_table('reference_versions')
    op.drop_table('postcode_districts')
