"""Write a new Alembic revision for a change to ``corpus/schema.py``, by autogenerate, for review.

    .venv/bin/python scripts/new_migration.py "add reports.source_url"

A throwaway SQLite database is brought to the current head, Alembic compares it with ``corpus/schema.py``
and writes ``corpus/migrations/versions/NNNN_<message>.py`` (NNNN: the next number).  Then:

1. read the revision: autogenerate misses renames and data moves, and SQLite needs ``batch_alter_table``
   for most ALTERs (the environment renders batch operations);
2. bump ``SCHEMA_VERSION`` in ``corpus/schema.py`` and add the new revision to
   ``corpus.migrate.REVISION_OF_VERSION``;
3. run ``pytest tests/test_corpus/test_migrations.py`` (SQLite and PostgreSQL): it fails while the revisions
   and the schema disagree.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from alembic import command

from corpus import migrate
from corpus.store import create_corpus_engine, write_transaction


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("message", help="what the revision changes, in a few words")
    args = parser.parse_args(argv)
    number = f"{int(migrate.head()) + 1:04d}"
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_corpus_engine(f"sqlite:///{Path(tmp) / 'head.db'}")
        with write_transaction(engine) as conn:
            command.upgrade(migrate.config(conn), "head")
        with write_transaction(engine) as conn:
            script = command.revision(migrate.config(conn), message=args.message, autogenerate=True,
                                      rev_id=number)
        engine.dispose()
    print(f"wrote {script.path}: review it, bump SCHEMA_VERSION and REVISION_OF_VERSION, run the migration tests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
