"""full-text search: paragraph_terms, indexed by FTS5 on SQLite and GIN on PostgreSQL (schema version 4)

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from corpus import search
from corpus.migrate import set_schema_version

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 2000  # paragraphs tokenised per insert when an existing database is indexed


def upgrade() -> None:
    op.create_table(
        "paragraph_terms",
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["paragraph_id"], ["paragraphs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("paragraph_id"),
    )
    conn = op.get_bind()
    # the paragraphs already stored get their words (the text is in the database: no file is read again)
    terms = sa.table("paragraph_terms", sa.column("paragraph_id", sa.Integer), sa.column("terms", sa.Text))
    paragraphs = sa.table("paragraphs", sa.column("id", sa.Integer), sa.column("text", sa.Text))
    last = 0
    while True:
        rows = conn.execute(sa.select(paragraphs.c.id, paragraphs.c.text).where(paragraphs.c.id > last)
                            .order_by(paragraphs.c.id).limit(BATCH)).all()
        if not rows:
            break
        conn.execute(terms.insert(), search.term_rows((r.id, r.text) for r in rows))
        last = rows[-1].id
    search.create_index(conn)
    set_schema_version("4")


def downgrade() -> None:
    set_schema_version("3")
    search.drop_index(op.get_bind())
    op.drop_table("paragraph_terms")
