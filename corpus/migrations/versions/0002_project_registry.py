"""the project registry: projects, aliases, fact links, reviewed pairs (schema version 2)

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from corpus import linking
from corpus.migrate import set_schema_version

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('project_links_reviewed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_a', sa.Text(), nullable=False),
    sa.Column('key_b', sa.Text(), nullable=False),
    sa.Column('alias_a', sa.Text(), nullable=False),
    sa.Column('alias_b', sa.Text(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('reviewer', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_a', 'key_b', name='uq_project_links_reviewed_pair')
    )
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('name_key', sa.Text(), nullable=False),
    sa.Column('region', sa.Text(), nullable=False),
    sa.Column('first_seen', sa.String(length=10), nullable=True),
    sa.Column('last_seen', sa.String(length=10), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_projects_region_key', 'projects', ['region', 'name_key'], unique=False)
    op.create_table('project_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.Text(), nullable=False),
    sa.Column('alias_key', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('score', sa.Double(), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'alias', name='uq_project_aliases_project_alias')
    )
    op.create_index('ix_project_aliases_key', 'project_aliases', ['alias_key'], unique=False)
    op.create_table('fact_projects',
    sa.Column('fact_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['fact_id'], ['facts.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('fact_id', 'project_id')
    )
    op.create_index('ix_fact_projects_project', 'fact_projects', ['project_id'], unique=False)
    set_schema_version('2')
    # a database that had facts before the registry existed: link them now (nothing to do on a new one)
    linking.relink_all(op.get_bind())


def downgrade() -> None:
    set_schema_version('1')
    op.drop_index('ix_fact_projects_project', table_name='fact_projects')
    op.drop_table('fact_projects')
    op.drop_index('ix_project_aliases_key', table_name='project_aliases')
    op.drop_table('project_aliases')
    op.drop_index('ix_projects_region_key', table_name='projects')
    op.drop_table('projects')
    op.drop_table('project_links_reviewed')
