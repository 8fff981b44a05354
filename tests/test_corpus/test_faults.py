"""A full disk and a read-only database: a clear coded error, no traceback, and nothing half-stored.

Full disk: the SQLite file lives on a 2 MB tmpfs mounted for the test (root is needed; CI and the
development machines run the tests as root), and ``duban ingest ../shared/seeds ../shared/corpus`` is run
until the disk is full.  On PostgreSQL the database's tables go to a tablespace on such a tmpfs (its
``default_tablespace``), so the server's own files and WAL stay on the big disk, as when a data volume fills.  Read-only: a SQLite database opened through a ``mode=ro`` URI, and a PostgreSQL
database whose transactions are read-only by default.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from corpus.doctor import diagnose
from corpus.store import Corpus

pytestmark = pytest.mark.slow


@pytest.fixture
def tiny_disk(tmp_path):
    """A 2 MB filesystem (tmpfs) at tmp_path/disk, unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.fail(f"the full-disk test mounts a 2 MB tmpfs and needs root: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


@pytest.fixture
def tiny_tablespace(pg_server):
    """A 2 MB tmpfs owned by the server's user, as the tablespace ``duban_tiny``; dropped afterwards."""
    if pg_server.url.host not in ("127.0.0.1", "localhost", "::1") or os.geteuid() != 0:
        pytest.fail("the PostgreSQL full-disk test needs a server on this machine and root to mount a tmpfs")
    disk = Path(tempfile.mkdtemp(prefix="duban-pgdisk-"))  # under /tmp: the server's user can reach it
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.fail(f"the full-disk test mounts a 2 MB tmpfs and needs root: {mounted.stderr.strip()}")
    # the test servers run as the postgres user when we are root (initdb refuses root)
    if _user_exists("postgres"):
        shutil.chown(disk, "postgres")
    engine = pg_server.admin()
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("DROP TABLESPACE IF EXISTS duban_tiny")
            conn.exec_driver_sql(f"CREATE TABLESPACE duban_tiny LOCATION '{disk}'")
        yield "duban_tiny"
    finally:
        with engine.connect() as conn:
            for db in sorted(pg_server.made):
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            pg_server.made.clear()
            conn.exec_driver_sql("DROP TABLESPACE IF EXISTS duban_tiny")
        engine.dispose()
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
        shutil.rmtree(disk, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def duban(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "duban", *args], capture_output=True, text=True, timeout=600)


def test_full_disk_stops_with_a_clear_error_and_no_half_document(tiny_disk, shared):
    db = tiny_disk / "duban.db"
    run = duban("ingest", str(shared / "seeds"), str(shared / "corpus"), "--db", str(db))
    assert run.returncode == 1
    assert "[E205]" in run.stderr and "磁盘已满" in run.stderr and "提示" in run.stderr, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    # the database opens, SQLite finds no damage, and every stored document is whole
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    con.close()
    with Corpus(db) as corpus:
        assert corpus.counts().documents > 0  # something was stored before the disk filled up
        assert corpus.incomplete_documents() == []
    assert [f.check for f in diagnose(db) if f.severity == "error"] == []


@pytest.mark.postgres
def test_full_disk_on_postgresql_stops_with_a_clear_error_and_no_half_document(pg_server, tiny_tablespace, shared):
    url = pg_server.fresh("full")
    admin = pg_server.admin()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'ALTER DATABASE "{pg_server.name("full")}" SET default_tablespace = {tiny_tablespace}')
    admin.dispose()
    run = duban("ingest", str(shared / "seeds"), str(shared / "corpus"), "--db", url)
    assert run.returncode == 1
    assert "[E205]" in run.stderr and "磁盘已满" in run.stderr and "提示" in run.stderr, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    with Corpus(url) as corpus:
        assert corpus.counts().documents > 0  # something was stored before the disk filled up
        assert corpus.incomplete_documents() == []
    assert [f.check for f in diagnose(url) if f.severity == "error"] == []


def test_read_only_sqlite_refuses_the_first_write_and_still_reads(tmp_path, seeds):
    db = tmp_path / "ro.db"
    first, second = sorted(seeds.glob("*.txt"))[:2]
    assert duban("ingest", str(first), "--db", str(db)).returncode == 0
    read_only = f"sqlite:///file:{db}?mode=ro&uri=true"
    before = db.read_bytes()
    run = duban("ingest", str(second), "--db", read_only)
    assert run.returncode == 1
    assert "[E206]" in run.stderr and "只读" in run.stderr and "Traceback" not in run.stderr
    assert db.read_bytes() == before
    listed = duban("reports", "--json", "--db", read_only)
    assert listed.returncode == 0 and first.name in listed.stdout


def test_read_only_postgresql_refuses_the_first_write_and_still_reads(pg_server, seeds):
    url = pg_server.fresh("ro")
    server = pg_server.admin()
    first, second = sorted(seeds.glob("*.txt"))[:2]
    assert duban("ingest", str(first), "--db", url).returncode == 0
    with server.connect() as conn:
        conn.exec_driver_sql(f'ALTER DATABASE "{pg_server.name("ro")}" SET default_transaction_read_only = on')
    server.dispose()
    run = duban("ingest", str(second), "--db", url)
    assert run.returncode == 1
    assert "[E206]" in run.stderr and "Traceback" not in run.stderr, run.stderr[-2000:]
    listed = duban("reports", "--json", "--db", url)
    assert listed.returncode == 0 and first.name in listed.stdout
    with Corpus(url) as corpus:
        assert corpus.counts().documents == 1

