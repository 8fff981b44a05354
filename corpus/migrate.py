"""Schema migrations: Alembic revisions in ``corpus/migrations/versions``, run from code on open.

Every database duban opens is brought to the newest revision in place (``Corpus`` calls ``upgrade`` inside its
locked write transaction, so two processes opening an old database at once upgrade it once, and a failed
upgrade leaves the database as it was).  Databases made before duban used Alembic carry only
``meta.schema_version``; they are stamped with the revision of that version first, then upgraded.

To change the schema: edit ``corpus/schema.py``, bump ``SCHEMA_VERSION``, and add a revision that does the same
(``scripts/new_migration.py "what changed"`` writes one with Alembic's autogenerate, for review), with
``REVISION_OF_VERSION`` extended.  ``tests/test_corpus/test_migrations.py`` fails while the revisions and
``schema.py`` disagree, on SQLite and on PostgreSQL.

Example:
    >>> from corpus import migrate
    >>> migrate.head()
    '0004'
"""

from __future__ import annotations

import functools
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import Connection

from corpus import schema as s

MIGRATIONS = Path(__file__).resolve().with_name("migrations")

# schema version (meta.schema_version) -> the revision that made it; databases from before Alembic have no
# alembic_version table, only the version number
REVISION_OF_VERSION = {1: "0001", 2: "0002", 3: "0003", 4: "0004"}


def config(conn: Connection | None = None) -> Config:
    """An Alembic configuration for duban's revisions; ``conn`` is the connection the migrations run on."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


@functools.cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head() -> str:
    """The newest revision this duban knows."""
    found = _scripts().get_current_head()
    assert found is not None, "corpus/migrations/versions holds no revision"
    return found


def known(revision: str) -> bool:
    """Whether this duban has ``revision`` among its migrations (a newer duban's revision is unknown)."""
    try:
        return _scripts().get_revision(revision) is not None
    except CommandError:
        return False


def compare(conn: Connection) -> list:
    """How the database differs from ``corpus/schema.py`` (Alembic's autogenerate diff; empty when equal).

    The search indexes that revision 0004 makes outside the metadata (FTS5 tables, a GIN index over an
    expression) are not compared.
    """
    from alembic.autogenerate import compare_metadata

    from corpus.search import index_objects

    skip = index_objects()

    def include_name(name, type_, parent_names):
        return name not in skip

    ctx = MigrationContext.configure(conn, opts={"include_name": include_name})
    return compare_metadata(ctx, s.metadata)


def current(conn: Connection) -> str | None:
    """The database's revision, or None (a new database, or one made before Alembic)."""
    return MigrationContext.configure(conn).get_current_revision()


def set_schema_version(value: str) -> None:
    """Write ``meta.schema_version`` from inside a revision (each revision says which version it makes)."""
    from alembic import op

    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.execute(meta.update().where(meta.c.key == "schema_version").values(value=value))


def stored_version(conn: Connection) -> int | None:
    """``meta.schema_version``, or None when there is no meta table or no version in it."""
    if not sa.inspect(conn).has_table(s.meta.name):
        return None
    found = conn.scalar(sa.select(s.meta.c.value).where(s.meta.c.key == "schema_version"))
    return None if found is None else int(found)


def upgrade(conn: Connection) -> tuple[str | None, str]:
    """Bring the database on ``conn`` to ``head()`` in the caller's transaction.

    Returns:
        (the revision it had, or None for a new database; the revision it has now).

    Raises:
        KeyError: a pre-Alembic database whose schema version has no revision (not one duban wrote).
    """
    before = current(conn)
    if before is None:
        version = stored_version(conn)
        if version is not None:
            # made before Alembic: its tables are those of ``version``; say so, then upgrade from there
            before = REVISION_OF_VERSION[version]
            command.stamp(config(conn), before)
    command.upgrade(config(conn), "head")
    return before, head()
