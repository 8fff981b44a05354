"""duplicate detection: items, pairs, clusters, members (schema version 3)

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from corpus.migrate import set_schema_version

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dedupe_clusters',
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('cluster_id', sa.String(length=40), nullable=False),
    sa.Column('relation', sa.String(length=32), nullable=False),
    sa.Column('representative', sa.Text(), nullable=False),
    sa.Column('first_seen', sa.String(length=10), nullable=True),
    sa.Column('last_seen', sa.String(length=10), nullable=True),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('score', sa.Double(), nullable=False),
    sa.Column('still_open', sa.Boolean(), nullable=True),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('level', 'cluster_id')
    )
    op.create_table('dedupe_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('a_hash', sa.String(length=40), nullable=False),
    sa.Column('b_hash', sa.String(length=40), nullable=False),
    sa.Column('score', sa.Double(), nullable=False),
    sa.Column('method', sa.String(length=32), nullable=False),
    sa.Column('relation', sa.String(length=32), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('level', 'a_hash', 'b_hash', name='uq_dedupe_pairs_level_pair')
    )
    op.create_index('ix_dedupe_pairs_level_b', 'dedupe_pairs', ['level', 'b_hash'], unique=False)
    op.create_table('dedupe_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('key_hash', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('level', 'ref_id', name='uq_dedupe_items_level_ref')
    )
    op.create_index('ix_dedupe_items_level_hash', 'dedupe_items', ['level', 'key_hash'], unique=False)
    op.create_table('dedupe_members',
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('cluster_id', sa.String(length=40), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['dedupe_items.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('level', 'cluster_id', 'item_id')
    )
    op.create_index('ix_dedupe_members_item', 'dedupe_members', ['level', 'item_id'], unique=False)
    set_schema_version('3')


def downgrade() -> None:
    set_schema_version('2')
    op.drop_index('ix_dedupe_members_item', table_name='dedupe_members')
    op.drop_table('dedupe_members')
    op.drop_index('ix_dedupe_items_level_hash', table_name='dedupe_items')
    op.drop_table('dedupe_items')
    op.drop_index('ix_dedupe_pairs_level_b', table_name='dedupe_pairs')
    op.drop_table('dedupe_pairs')
    op.drop_table('dedupe_clusters')
