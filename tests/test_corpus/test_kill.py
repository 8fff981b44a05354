"""A killed ingest leaves no half-stored document, and a rerun ends where an uninterrupted run ends (slow).

Real processes: ``python -m duban ingest ../shared/seeds ../shared/corpus`` is started, and once it has
committed its first document it is killed with SIGKILL after a random 0.5-3 s; a few times over.  Then the
database must hold only whole documents (every document's rows match the counts written in its transaction),
and one more run to the end must give the same database as an uninterrupted run.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from corpus.store import Corpus

pytestmark = pytest.mark.slow

KILLS = 3
START_TIMEOUT = 120  # s for the first commit (imports, dictionaries)


def committed_documents(db) -> int:
    if "://" in str(db):  # PostgreSQL
        try:
            engine = sa.create_engine(db)
            with engine.connect() as conn:
                return conn.exec_driver_sql("SELECT count(*) FROM documents").scalar()
        except sa.exc.SQLAlchemyError:  # schema not created yet
            return 0
        finally:
            engine.dispose()
    db = Path(db)
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:  # schema not created yet, or busy
        return 0


def snapshot(db) -> dict:
    with Corpus(db) as corpus:
        counts = corpus.counts()
        with corpus.engine.connect() as conn:
            report_shas = sorted(conn.exec_driver_sql("SELECT content_sha256 FROM reports").scalars())
        return {
            "counts": (counts.documents, counts.locations, counts.current_locations, counts.reports,
                       counts.repeats, counts.paragraphs, counts.facts),
            "documents": corpus.sha256s(),
            "locations": corpus.current_locations(),
            "reports": report_shas,
        }


@pytest.fixture
def killed_db(new_db):
    """An empty database to kill ingests on (a SQLite file, a PostgreSQL database)."""
    return new_db("killed")


def test_sigkill_leaves_only_whole_documents_and_a_rerun_completes(killed_db, shared, whole, seeds_and_corpus_db):
    reference_db, reference_run = seeds_and_corpus_db
    assert reference_run.returncode == 0, reference_run.stderr
    seed = int(os.environ.get("DUBAN_KILL_SEED", time.time()))
    rng = random.Random(seed)
    db = killed_db
    killed_while_running = 0
    for _ in range(KILLS):
        before = committed_documents(db)
        proc = subprocess.Popen(whole.ingest_command(db, shared), cwd=whole.root,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while proc.poll() is None and committed_documents(db) <= before and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.5, 3.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed_while_running += 1
        proc.wait(timeout=30)
        with Corpus(db) as corpus:
            assert corpus.incomplete_documents() == [], f"half-stored document after kill (seed {seed})"
    assert killed_while_running >= 1, "every run finished before it could be killed"

    final = whole.run_ingest(db, shared)
    assert final.returncode == 0, final.stderr
    assert snapshot(db) == snapshot(reference_db), f"seed {seed}"
