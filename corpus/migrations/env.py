"""Alembic's environment for duban: migrations always run on a connection that ``corpus.migrate`` hands over.

duban runs Alembic from code (``corpus.migrate.upgrade``), inside the same locked write transaction that
``Corpus`` uses for every write, so two processes opening an old database at once upgrade it once.  Running
``alembic`` from a shell is not supported: open the database with any ``duban`` command instead.
"""

from __future__ import annotations

from alembic import context

from corpus import schema
from corpus.search import index_objects

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("duban's migrations run through corpus.migrate (any duban command), not the alembic CLI")

skip = index_objects()  # the search indexes revision 0004 makes outside the metadata

context.configure(
    connection=connection,
    target_metadata=schema.metadata,
    include_name=lambda name, type_, parent_names: name not in skip,
    render_as_batch=True,  # SQLite cannot ALTER most things: later revisions copy-and-move tables
    transaction_per_migration=False,
)
with context.begin_transaction():  # joins the caller's transaction
    context.run_migrations()
