"""Fixtures for every test: ../shared, and the databases the tests run on (SQLite and PostgreSQL).

Every test that uses a database takes ``db_url`` (or ``new_db`` for more than one) and so runs twice: on a
SQLite file in its tmp_path, and on a new database of a real PostgreSQL server.  The server is the one
``DUBAN_TEST_PG`` names (a URL of any database on it, for a user who may create databases: ``.ci/run``
starts one on a loopback port and sets it), or else a throwaway server that this test process starts itself
(``initdb`` in a temporary folder, as the ``postgres`` user when run as root) and removes at the end.  Each
xdist worker names its databases apart, so workers never share one.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
import sqlalchemy as sa

from corpus.store import resolve_db

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"

PG_ENV = "DUBAN_TEST_PG"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared beside the checkout (CI has it there)."""
    if not SHARED.is_dir():
        pytest.fail(f"../shared not found at {SHARED}: CI keeps it beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> Path:
    return shared / "seeds"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


# ---------------------------------------------------------------- PostgreSQL


class PgServer:
    """A PostgreSQL server the tests may create databases on."""

    def __init__(self, url: str):
        self.url = sa.make_url(resolve_db(url))  # postgresql:// as psql writes it gets duban's driver
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.prefix = f"duban_t_{worker}_"
        self.made: set[str] = set()

    def admin(self) -> sa.Engine:
        """An AUTOCOMMIT engine on the server's ``postgres`` database (CREATE / ALTER / DROP DATABASE)."""
        return sa.create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")

    def name(self, name: str) -> str:
        return self.prefix + re.sub(r"\W", "_", name, flags=re.ASCII).lower()

    def url_of(self, name: str) -> str:
        return self.url.set(database=self.name(name)).render_as_string(hide_password=False)

    def fresh(self, name: str, *, ctype: str | None = None) -> str:
        """The URL of a new, empty database (dropped first if an earlier test left one of that name)."""
        db = self.name(name)
        locale = f" LC_COLLATE '{ctype}' LC_CTYPE '{ctype}'" if ctype else ""
        engine = self.admin()
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            conn.exec_driver_sql(f"""CREATE DATABASE "{db}" ENCODING 'UTF8'{locale} TEMPLATE template0""")
        engine.dispose()
        self.made.add(db)
        return self.url_of(name)

    def drop_all(self) -> None:
        engine = self.admin()
        with engine.connect() as conn:
            for db in sorted(self.made):
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))  # Debian keeps them off the PATH
    return versions[-1].parent if versions else None


def _throwaway_server() -> Iterator[str]:
    """Start a server for this process (trust auth, 127.0.0.1, a free port); yield its URL; stop and delete it."""
    bindir = _postgres_bin()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests: .ci/run installs postgresql; initdb not found")
        pytest.skip(f"PostgreSQL tests need a server: apt-get install postgresql, or set {PG_ENV}")
    # initdb refuses to run as root: run the server as the postgres user when we are root
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"  # sbin may be off a CI's PATH
    as_user = [runuser, "-u", "postgres", "--"] if os.geteuid() == 0 else []
    home = Path(tempfile.mkdtemp(prefix="duban-pg-"))
    if as_user:
        shutil.chown(home, "postgres")
    data, port = home / "data", _free_port()
    run = partial(subprocess.run, check=True, capture_output=True, text=True, timeout=120)
    run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "duban", "--auth=trust", "-E", "UTF8",
         "--locale=C"])
    options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off"
    run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(home / "log"), "-w", "start"])
    try:
        yield f"postgresql+psycopg://duban@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The PostgreSQL server of this test process: $DUBAN_TEST_PG, else a throwaway one started here."""
    if os.environ.get("CI"):
        import psycopg  # noqa: F401  — in CI a missing driver is a failure, never a skip
    pytest.importorskip("psycopg", reason="PostgreSQL tests need psycopg: pip install 'psycopg[binary]'")
    given = os.environ.get(PG_ENV)
    if given:
        server = PgServer(given)
        try:
            yield server
        finally:
            server.drop_all()
        return
    for url in _throwaway_server():
        yield PgServer(url)


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """sqlite | postgresql: each test that takes it (through db_url / new_db) runs on both."""
    return request.param


@pytest.fixture
def new_db(backend, tmp_path, request) -> Callable[[str], str]:
    """``new_db(name)``: a new, empty database of this test's back end (a file path, or a PostgreSQL URL)."""

    def make(name: str = "duban") -> str:
        if backend == "sqlite":
            return str(tmp_path / f"{name}.db")
        return request.getfixturevalue("pg_server").fresh(name)

    return make


@pytest.fixture
def db_url(new_db) -> str:
    """A new, empty database on each back end."""
    return new_db("duban")


@pytest.fixture(scope="session", params=BACKENDS)
def shared_backend(request) -> str:
    """The back end of the databases that several tests share (filled once per module or session)."""
    return request.param


@pytest.fixture(scope="session")
def new_shared_db(shared_backend, tmp_path_factory, request) -> Callable[[str], str]:
    """``new_shared_db(name)``: a new, empty database for a module- or session-scoped fixture to fill."""

    def make(name: str) -> str:
        if shared_backend == "sqlite":
            return str(tmp_path_factory.mktemp(name) / f"{name}.db")
        return request.getfixturevalue("pg_server").fresh(f"shared_{name}")

    return make
