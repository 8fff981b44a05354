"""Schema migrations (Alembic): the revisions build exactly ``corpus/schema.py``, go down and up again, and
bring a database of every earlier version to the current one in place, without losing what it holds.

Every test runs on SQLite and on PostgreSQL (``db_url`` / the ``corpus`` fixture).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import sqlalchemy as sa
from alembic import command

from corpus import migrate, schema
from corpus.errors import SchemaMismatch
from corpus.store import Corpus, create_corpus_engine, resolve_db, write_transaction
from extract.model import FactKind

# the tables each schema version added (corpus/schema.py's version notes)
ADDED = {
    1: {"meta", "documents", "locations", "reports", "paragraphs", "facts", "ingest_failures"},
    2: {"projects", "project_aliases", "fact_projects", "project_links_reviewed"},
    3: {"dedupe_items", "dedupe_pairs", "dedupe_clusters", "dedupe_members"},
    4: {"paragraph_terms"},
}
SEARCH_INDEX = {"paragraph_fts", "paragraph_fts_data", "paragraph_fts_idx", "paragraph_fts_docsize",
                "paragraph_fts_config"}  # SQLite's FTS5 tables, made by revision 0004 outside the metadata


def _tables(conn) -> set[str]:
    return set(sa.inspect(conn).get_table_names()) - {"alembic_version"} - SEARCH_INDEX


def _doc(kit, path: str, project: str):
    text = f"云溪县{path}重点项目进展\n一、总体进展情况\n{project}完成投资1.2亿元。\n"
    return kit.make_file(path, text, facts=[(FactKind.PROJECT, project, {"name": project})])


def test_revisions_build_exactly_the_schema(corpus):
    with corpus.engine.connect() as conn:
        assert migrate.compare(conn) == []
        assert migrate.current(conn) == migrate.head() == migrate.REVISION_OF_VERSION[schema.SCHEMA_VERSION]
        assert migrate.stored_version(conn) == schema.SCHEMA_VERSION
        assert _tables(conn) == set(schema.metadata.tables)


def test_every_revision_goes_down_and_up_again(db_url):
    engine = create_corpus_engine(resolve_db(db_url))
    with write_transaction(engine) as conn:
        assert migrate.upgrade(conn) == (None, migrate.head())
    for version in sorted(migrate.REVISION_OF_VERSION, reverse=True)[1:]:
        with write_transaction(engine) as conn:
            command.downgrade(migrate.config(conn), migrate.REVISION_OF_VERSION[version])
        with engine.connect() as conn:
            want = set().union(*(ADDED[v] for v in ADDED if v <= version))
            assert _tables(conn) == want
            assert migrate.stored_version(conn) == version
            assert migrate.current(conn) == migrate.REVISION_OF_VERSION[version]
    with write_transaction(engine) as conn:
        command.downgrade(migrate.config(conn), "base")
    with engine.connect() as conn:
        assert _tables(conn) == set()
    with write_transaction(engine) as conn:
        assert migrate.upgrade(conn) == (None, migrate.head())
    with engine.connect() as conn:
        assert migrate.compare(conn) == []
    engine.dispose()


def test_a_downgraded_database_with_reports_is_upgraded_in_place(corpus, kit):
    corpus.add_document(_doc(kit, "5月.txt", "城南污水处理厂二期工程"))
    corpus.add_document(_doc(kit, "6月.txt", "城南污水处理厂二期工程项目"))
    before = corpus.counts()
    with corpus._write() as conn:
        command.downgrade(migrate.config(conn), migrate.REVISION_OF_VERSION[1])
    corpus.close()
    with Corpus(corpus.url) as again:
        assert again.counts() == before  # reports, paragraphs and facts all kept
        with again.engine.connect() as conn:
            assert migrate.current(conn) == migrate.head()
            names = list(conn.scalars(sa.select(schema.projects.c.name)))
        assert names == ["城南污水处理厂二期工程"]  # the registry, dropped with version 2, rebuilt from the facts


def test_a_database_of_a_newer_duban_is_refused(corpus):
    with corpus.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    corpus.close()
    with pytest.raises(SchemaMismatch) as err:
        Corpus(corpus.url)
    assert "[E202]" in str(err.value) and "9999_from_the_future" in str(err.value)


def test_a_schema_version_duban_never_wrote_is_refused(corpus):
    with corpus.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE alembic_version")
        conn.execute(sa.update(schema.meta).where(schema.meta.c.key == "schema_version").values(value="0"))
    corpus.close()
    with pytest.raises(SchemaMismatch) as err:
        Corpus(corpus.url)
    assert "[E202]" in str(err.value)


def test_two_processes_opening_an_old_database_upgrade_it_once(corpus, kit):
    corpus.add_document(_doc(kit, "5月.txt", "城南污水处理厂二期工程"))
    corpus.add_document(_doc(kit, "6月.txt", "滨河大道二期工程"))
    with corpus._write() as conn:  # back to version 1 as duban wrote it before Alembic
        command.downgrade(migrate.config(conn), migrate.REVISION_OF_VERSION[1])
        conn.exec_driver_sql("DROP TABLE alembic_version")
    corpus.close()
    cmd = [sys.executable, "-m", "duban", "projects", "--json", "--db", str(corpus.url)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-2000:]
    with Corpus(corpus.url) as again, again.engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        names = sorted(conn.scalars(sa.select(schema.projects.c.name)))
    assert names == ["城南污水处理厂二期工程", "滨河大道二期工程"]  # linked once, not once per process
