"""The corpus: a database of documents, where they were seen, their reports, paragraphs and facts.

``Corpus`` is the only object that talks to the database (with ``corpus.schema``).  SQLite by default, in WAL
mode; any SQLAlchemy URL works (``postgresql+psycopg://…``), because nothing here is SQLite-only SQL.

Identity is the sha256 of a document's bytes.  Adding the same bytes again stores nothing new; the same bytes
at another path (a folder and a zip holding the same files) become one more *location* of the same document; a
path whose bytes changed gets a new document, and its previous location stays in history (``current`` false,
``superseded_by`` the new location).  Each document is stored in one transaction: all of its reports,
paragraphs and facts, or nothing.

Example:
    >>> import duban
    >>> with duban.open("台账.db") as corpus:          # doctest: +SKIP
    ...     for ef in duban.extract_file("2024年5月重点项目进展.txt"):
    ...         corpus.add_document(ef)
    (<IngestStatus.ADDED: 'added'>, 1)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import enum
import json
import operator
import os
import sys
import zlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata as importlib_metadata
from itertools import accumulate, chain
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from corpus import linking, migrate, search
from corpus import schema as s
from corpus.errors import DatabaseReadOnly, DatabaseUnavailable, DiskFull, ReportNotFound, SchemaMismatch
from extract.model import ExtractedFile, FactKind, NormalizedText, Report

DEFAULT_DB = "duban.db"  # in the working directory
ENV_DB = "DUBAN_DB"


class IngestStatus(str, enum.Enum):
    """What adding one document did.  Glossary:

    ADDED         新增          new content at a new path
    REPLACED      替换          the path held other content; that version stays in history
    UNCHANGED     未变          this content was already current at this path: nothing stored
    SAME_CONTENT  同内容新位置  content already stored under another path: only the location is recorded
    """

    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"
    SAME_CONTENT = "same_content"


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One line of the report list."""

    id: int
    document_id: int
    path: str  # a current location of the document (the first one seen)
    position: int
    title: str | None
    kind: str
    date: str | None  # ISO when known, else as written
    chars: int
    duplicate_of: int | None  # id of the report this one repeats (same file, same text)
    current: bool  # False when every location of the document was replaced by newer content

    @property
    def file(self) -> str:
        """The file name (for a zip member, the member's name)."""
        return Path(self.path.rsplit("!", 1)[-1]).name


@dataclass(frozen=True, slots=True)
class StoredParagraph:
    position: int
    start: int
    end: int
    level: int
    heading: bool
    text: str
    sentences: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class StoredFact:
    id: int
    kind: FactKind
    text: str
    paragraph: int
    start: int  # in the report's text
    end: int
    raw_start: int  # in the document's raw text
    raw_end: int
    attrs: dict[str, Any]
    value: float | None
    value_hi: float | None
    unit: str | None


@dataclass(frozen=True, slots=True)
class StoredReport:
    """A report read back from the corpus, with what it needs to be shown and cited."""

    id: int
    document_id: int
    sha256: str  # of the document's bytes
    paths: tuple[str, ...]  # every location of the document, current first
    position: int
    title: str | None
    date_text: str | None
    date: str | None
    issuer: str | None
    kind: str
    period_text: str | None
    period_start: str | None
    period_end: str | None
    text: str
    start: int  # offset in the document's normalised text
    content_sha256: str
    duplicate_of: int | None
    paragraphs: tuple[StoredParagraph, ...] = ()
    facts: tuple[StoredFact, ...] = ()

    @property
    def chars(self) -> int:
        return len(self.text)


@dataclass(frozen=True, slots=True)
class FailureRow:
    id: int
    path: str
    sha256: str | None
    stage: str
    code: str
    message: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int = 0
    locations: int = 0
    current_locations: int = 0
    reports: int = 0
    repeats: int = 0  # reports recorded as repeating an earlier report of the same file
    paragraphs: int = 0
    facts: int = 0
    failures: int = 0
    facts_by_kind: dict[str, int] = field(default_factory=dict)


def resolve_db(db: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL for ``db``: a URL as is, a path as an absolute SQLite URL.

    ``None`` means ``$DUBAN_DB``, else ``duban.db`` in the working directory; ``":memory:"`` is an
    in-memory SQLite database (tests).

    A PostgreSQL URL without a driver (``postgresql://``, ``postgres://``, as ``psql`` and most hosting
    services write them) gets duban's driver, psycopg 3.

    Example:
        >>> resolve_db("postgresql://duban@localhost/督办")
        'postgresql+psycopg://duban@localhost/督办'
    """
    if db is None:
        db = os.environ.get(ENV_DB) or DEFAULT_DB
    text = os.fspath(db)
    for bare in ("postgresql://", "postgres://"):
        if text.startswith(bare):
            return "postgresql+psycopg://" + text[len(bare):]
    if "://" in text:
        return text
    if text == ":memory:":
        return "sqlite://"
    return "sqlite:///" + Path(text).expanduser().resolve().as_posix()


# Offsets: ``NormalizedText.offsets`` has one int per normalised character (+1).  Stored as the differences
# between neighbours (almost all 1, so they compress to a few bytes per page), 4-byte little-endian, zlib.
_OFFSETS_FORMAT = b"\x01"  # version byte of the packing below


def pack_offsets(offsets: Sequence[int]) -> bytes:
    """An offset map as compact bytes (see ``unpack_offsets``).

    Example:
        >>> unpack_offsets(pack_offsets(array("l", [0, 1, 2, 4, 5])))
        array('l', [0, 1, 2, 4, 5])
    """
    deltas = array("i", map(operator.sub, offsets, chain((0,), offsets)))
    if sys.byteorder == "big":
        deltas.byteswap()
    return _OFFSETS_FORMAT + zlib.compress(deltas.tobytes(), 6)


def unpack_offsets(data: bytes) -> array:
    """The offset map that ``pack_offsets`` packed, as ``array('l')``."""
    if data[:1] != _OFFSETS_FORMAT:
        raise ValueError(f"unknown offset map format {data[:1]!r}")
    deltas = array("i")
    deltas.frombytes(zlib.decompress(data[1:]))
    if sys.byteorder == "big":
        deltas.byteswap()
    return array("l", accumulate(deltas))


def _json_default(obj: Any) -> Any:
    # Recognisers may put Decimal, dates, tuples, sets or enums in Fact.attrs; JSON keeps their plain form.
    if isinstance(obj, decimal.Decimal):
        return float(obj)
    if isinstance(obj, dt.date | dt.datetime):
        return obj.isoformat()
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, set | frozenset | tuple):
        return list(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=_json_default)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | decimal.Decimal):
        return float(value)
    return None


def _figure_columns(attrs: dict[str, Any]) -> tuple[float | None, float | None, str | None]:
    """(value, value_hi, unit) of a FIGURE's attrs: a range ``[lo, hi]`` fills both columns."""
    value = attrs.get("value")
    unit = attrs.get("unit") if isinstance(attrs.get("unit"), str) else None
    if isinstance(value, list | tuple) and len(value) == 2:
        return _number(value[0]), _number(value[1]), unit
    return _number(value), None, unit


def _extractor_version() -> str:
    try:
        return importlib_metadata.version("duban")
    except importlib_metadata.PackageNotFoundError:
        return "unknown"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL: readers never block the writer and a killed writer leaves the last committed state.
    # busy_timeout: a second process waits for the lock instead of failing at once.
    # foreign_keys: SQLite ignores REFERENCES unless asked, every connection.
    # busy_timeout comes first: switching a new file to WAL takes a lock another process may hold.
    # isolation_level None: the driver opens no transaction by itself; _sqlite_begin does (BEGIN IMMEDIATE
    # for writes), so a read-then-write transaction never meets SQLITE_BUSY half-way.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")  # durable against a crashed process in WAL mode
    cur.close()


# How long a writer waits for another process's transaction (SQLite); document transactions last milliseconds.
BUSY_TIMEOUT_MS = 60_000
_WRITE = "duban_write"  # execution option of the connections Corpus writes with
# PostgreSQL: one advisory lock serialises duban's writing transactions across processes, so two ingests never
# race on documents.sha256, a path's current location or a new project of the registry (they wait instead).
_PG_WRITE_LOCK = 0x6475_6261  # "duba"


def _sqlite_begin(conn: Connection) -> None:
    # A write transaction takes the write lock at BEGIN (waiting up to busy_timeout); a deferred one that read
    # first would fail at once with "database is locked" when another process committed meanwhile.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


# how each database says "disk full" and "read-only" (SQLite: message of SQLITE_FULL / SQLITE_READONLY;
# PostgreSQL: SQLSTATE 53100 disk_full, 25006 read_only_sql_transaction, 42501 insufficient_privilege)
_DISK_FULL = ("database or disk is full", "No space left on device", "could not extend file")
_READ_ONLY = ("attempt to write a readonly database", "read-only transaction", "readonly database")


def _write_refused(where: str, err: DBAPIError) -> DiskFull | DatabaseReadOnly | None:
    """The coded error for a write the database refused for lack of space or of permission; None otherwise."""
    text = str(err.orig or err)
    state = getattr(err.orig, "sqlstate", None)
    if state == "53100" or any(words in text for words in _DISK_FULL):
        return DiskFull(where, "磁盘已满，数据库无法再写入（已存入的文档完整无损，本次未完成的文档未存入）",
                        "腾出磁盘空间（或换到空间更大的磁盘，用 --db 指定新位置）后重新运行同一条 duban ingest，"
                        "已存入的文档会被跳过")
    if state in ("25006", "42501") or any(words in text for words in _READ_ONLY):
        return DatabaseReadOnly(where, "数据库只读，无法写入（查询仍可使用）",
                                "检查数据库文件及其所在文件夹的写权限（SQLite 需要在同一文件夹建 -wal/-shm 文件），"
                                "或该数据库用户的写权限；或用 --db 指定一个可写的数据库")
    return None


def create_corpus_engine(url: str) -> Engine:
    """A SQLAlchemy engine for ``url`` with duban's settings (SQLite pragmas, JSON with Chinese unescaped)."""
    kwargs: dict[str, Any] = {"json_serializer": _dumps}
    if url == "sqlite://":
        kwargs["poolclass"] = sa.pool.StaticPool  # one shared in-memory database
        kwargs["connect_args"] = {"check_same_thread": False}
    engine = sa.create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
    return engine




@contextlib.contextmanager
def write_transaction(engine: Engine, where: str | None = None) -> Iterator[Connection]:
    """A transaction for writing to a corpus database, serialised with every other duban writer.

    SQLite: BEGIN IMMEDIATE (the write lock is taken at the start, waiting up to ``BUSY_TIMEOUT_MS``);
    PostgreSQL: duban's advisory lock for the length of the transaction.  A write refused for lack of space
    or permission raises ``DiskFull`` / ``DatabaseReadOnly`` naming ``where`` (default: the engine's URL).
    """
    try:
        with engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_WRITE_LOCK})
                yield conn
    except DBAPIError as err:
        refused = _write_refused(where or engine.url.render_as_string(hide_password=True), err)
        if refused is None:
            raise
        raise refused from err


class Corpus:
    """A corpus database.  Open with ``duban.open(db)`` (or ``Corpus(db)``); use as a context manager.

    Args:
        db: a path to a SQLite file, a SQLAlchemy URL, or None for ``$DUBAN_DB`` / ``./duban.db``.
        create: create a SQLite file that does not exist yet (False: that is an error, for read-only use).

    Raises:
        DatabaseUnavailable: the database cannot be opened or created.
        SchemaMismatch: the database was written by a newer duban.
    """

    def __init__(self, db: str | os.PathLike[str] | None = None, *, create: bool = True):
        self.url = resolve_db(db)
        where = self.display_url
        # a read-only URI (sqlite:///file:台账.db?mode=ro&uri=true) names its file between "file:" and "?"
        file = where.removeprefix("file:").split("?", 1)[0] if where.startswith("file:") else where
        if not create and self.url.startswith("sqlite:///") and not Path(file).exists():
            raise DatabaseUnavailable(
                where, "数据库文件不存在", "先用 duban ingest 文件或文件夹 建立数据库，或用 --db 指定已有的数据库"
            )
        try:
            self.engine = create_corpus_engine(self.url)
        except (ArgumentError, NoSuchModuleError, ModuleNotFoundError) as err:
            raise DatabaseUnavailable(
                where, f"无法识别的数据库地址（{err}）",
                "SQLite 文件直接给路径（如 台账.db）；PostgreSQL 用 postgresql+psycopg://用户@主机/库名，并安装 psycopg",
            ) from err
        try:
            self._init_schema()
        except SchemaMismatch:
            self.engine.dispose()
            raise
        except SQLAlchemyError as err:
            self.engine.dispose()
            reason = str(getattr(err, "orig", None) or err).splitlines()[0]
            if self.engine.dialect.name == "sqlite":
                hint = "检查路径所在文件夹是否存在、可写，且该文件是 duban 的 SQLite 数据库；或用 --db 指定另一个文件"
            else:
                hint = "检查数据库服务是否在运行，地址、端口、用户名、密码和库名是否正确，该用户能否建表"
            raise DatabaseUnavailable(where, f"无法打开或创建数据库（{reason}）", hint) from err

    @property
    def display_url(self) -> str:
        """The database for messages: the file path for SQLite, the URL without password otherwise."""
        if self.url.startswith("sqlite:///"):
            return self.url[len("sqlite:///") :]
        try:
            return sa.make_url(self.url).render_as_string(hide_password=True)
        except ArgumentError:
            return self.url

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction: BEGIN IMMEDIATE on SQLite, the duban advisory lock on PostgreSQL."""
        with write_transaction(self.engine, self.display_url) as conn:
            yield conn

    def _schema_current(self) -> bool:
        # a reader (or a read-only file) of an up-to-date database needs no write transaction at all
        with self.engine.connect() as conn:
            # a database from before Alembic at the current version has no revision yet: it is stamped at
            # the next upgrade (its tables are those of the revision of its version)
            return (migrate.stored_version(conn) == s.SCHEMA_VERSION
                    and migrate.current(conn) in (None, migrate.head()))

    def _init_schema(self) -> None:
        if self._schema_current():
            return
        # tables made (or upgraded) and version written in one locked transaction: two processes opening a
        # new or old database at once do not both create or upgrade it, and a failed upgrade changes nothing
        with self._write() as conn:
            revision = migrate.current(conn)
            version = migrate.stored_version(conn)
            if (revision is not None and not migrate.known(revision)) or (version or 0) > s.SCHEMA_VERSION:
                raise SchemaMismatch(
                    self.display_url,
                    f"数据库的结构版本为 {version}（迁移版本 {revision}），本程序只认识到 {s.SCHEMA_VERSION}"
                    f"（迁移版本 {migrate.head()}）",
                    "请升级 duban（pip install -U duban），或换一个数据库文件",
                )
            if revision is None and version is not None and version not in migrate.REVISION_OF_VERSION:
                raise SchemaMismatch(self.display_url, f"数据库的结构版本 {version} 不是 duban 写下的",
                                     "用 duban doctor 检查该库，或从原始文件重新 duban ingest 到新库")
            migrate.upgrade(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- writing

    def add_document(self, ef: ExtractedFile, *, path: str | None = None) -> tuple[IngestStatus, int]:
        """Store one extracted document (all its reports, paragraphs and facts) in one transaction.

        Args:
            ef: what ``extract`` made of the document.
            path: where it was seen; default ``ef.raw.path``.

        Returns:
            (what happened, the document's id).  Content already stored is not stored again.

        Example:
            >>> corpus.add_document(ef)           # doctest: +SKIP
            (<IngestStatus.ADDED: 'added'>, 7)
            >>> corpus.add_document(ef)           # doctest: +SKIP
            (<IngestStatus.UNCHANGED: 'unchanged'>, 7)
        """
        where = path or ef.raw.path
        now = _now()
        with self._write() as conn:
            doc_id = conn.scalar(sa.select(s.documents.c.id).where(s.documents.c.sha256 == ef.raw.sha256))
            new_content = doc_id is None
            if doc_id is None:
                doc_id = self._insert_document(conn, ef, now)
                linking.link_document(conn, doc_id)  # same transaction: a stored fact is a linked fact
            status = self._place(conn, doc_id, where, now, new_content=new_content)
        return status, doc_id

    def relink_projects(self, *, score_cutoff: float = linking.FUZZY_CUTOFF) -> int:
        """Recompute the project registry from the stored facts (reviewed pairs are kept and obeyed).

        Returns:
            The number of fact -> project links written.
        """
        with self._write() as conn:
            return linking.relink_all(conn, score_cutoff=score_cutoff)

    def review_project_link(self, alias_a: str, alias_b: str, *, same: bool, reviewer: str) -> int:
        """Declare two project names the same project or different ones, for good, and relink.

        Example:
            >>> corpus.review_project_link("滨河大道改造", "滨河大道整治", same=False, reviewer="张三")  # doctest: +SKIP
        """
        with self._write() as conn:
            linking.review_pair(conn, alias_a, alias_b, "same" if same else "different", reviewer)
            return linking.relink_all(conn)

    def add_location(self, sha256: str, path: str) -> tuple[IngestStatus, int] | None:
        """Record that content already stored was seen at ``path``; None when ``sha256`` is not stored.

        This is how ingest skips extraction for bytes it has seen before.
        """
        now = _now()
        with self._write() as conn:
            doc_id = conn.scalar(sa.select(s.documents.c.id).where(s.documents.c.sha256 == sha256))
            if doc_id is None:
                return None
            return self._place(conn, doc_id, path, now, new_content=False), doc_id

    def touch_archive(self, archive: str, sha256s: set[str]) -> int | None:
        """Mark an archive's members unchanged when each of ``sha256s`` is already current inside it.

        Args:
            archive: the archive's path; its members are located as ``archive!member``.
            sha256s: the sha256 of every member's bytes.

        Returns:
            The number of member locations confirmed, or None when a member is new or gone (read the archive).
        """
        loc, doc = s.locations, s.documents
        prefix = archive + "!"
        with self._write() as conn:
            rows = conn.execute(
                sa.select(loc.c.id, doc.c.sha256)
                .join(doc, doc.c.id == loc.c.document_id)
                .where(loc.c.current, loc.c.path.startswith(prefix, autoescape=True))
            ).all()
            if sha256s != {r.sha256 for r in rows}:  # a member is new, or one is gone
                return None
            ids = [r.id for r in rows if r.sha256 in sha256s]
            conn.execute(sa.update(loc).where(loc.c.id.in_(ids)).values(seen_at=_now()))
            return len(ids)

    def retire_archive_members(self, archive: str, keep: set[str]) -> int:
        """Members no longer in ``archive`` stop being current (they stay in history); returns how many.

        Args:
            archive: the archive's path.
            keep: the member paths (``archive!member``) it holds now.
        """
        loc = s.locations
        stale = sa.and_(loc.c.current, loc.c.path.startswith(archive + "!", autoescape=True), loc.c.path.not_in(keep))
        with self._write() as conn:
            return conn.execute(sa.update(loc).where(stale).values(current=False)).rowcount

    def record_failure(
        self, path: str, *, stage: str, code: str, message: str, sha256: str | None = None
    ) -> int:
        """Keep an input that could not be stored; returns the failure's id.

        Example:
            >>> corpus.record_failure("坏文件.docx", stage="read", code="E101",   # doctest: +SKIP
            ...                       message="[E101] 坏文件.docx: 文件已损坏")
        """
        with self._write() as conn:
            result = conn.execute(
                s.ingest_failures.insert().values(
                    path=path, sha256=sha256, stage=stage, code=code, message=message, created_at=_now()
                )
            )
            return int(result.inserted_primary_key[0])

    def _insert_document(self, conn: Connection, ef: ExtractedFile, now: dt.datetime) -> int:
        raw, norm = ef.raw, ef.normalized
        n_paragraphs = sum(len(r.paragraphs) for r in ef.reports)
        n_facts = sum(len(r.facts) for r in ef.reports)
        doc_id = conn.execute(
            s.documents.insert().values(
                sha256=raw.sha256,
                format=raw.format,
                encoding=raw.encoding,
                size=raw.size,
                title=raw.title,
                script=norm.script,
                pinyin_removed=norm.pinyin_removed,
                mojibake_repaired=norm.mojibake_repaired,
                mojibake_flagged=norm.mojibake_flagged,
                boilerplate_removed=norm.boilerplate_removed,
                notes=list(raw.notes),
                raw_text=raw.text,
                norm_text=norm.text,
                offsets=pack_offsets(norm.offsets),
                n_reports=len(ef.reports),
                n_paragraphs=n_paragraphs,
                n_facts=n_facts,
                extractor=_extractor_version(),
                first_seen=now,
            )
        ).inserted_primary_key[0]
        ids: dict[int, int] = {}
        for report in ef.reports:
            ids[report.index] = self._insert_report(conn, doc_id, report, norm, ids)
        return int(doc_id)

    def _insert_report(
        self, conn: Connection, doc_id: int, r: Report, norm: NormalizedText, ids: dict[int, int]
    ) -> int:
        report_id = conn.execute(
            s.reports.insert().values(
                document_id=doc_id,
                position=r.index,
                title=r.title,
                date_text=r.date_text,
                date=r.date,
                issuer=r.issuer,
                kind=r.kind.value,
                period_text=r.period_text,
                period_start=r.period_start,
                period_end=r.period_end,
                text=r.text,
                start_char=r.start,
                chars=len(r.text),
                content_sha256=r.content_sha256,
                duplicate_of_report_id=ids.get(r.duplicate_of) if r.duplicate_of is not None else None,
            )
        ).inserted_primary_key[0]
        if r.paragraphs:
            conn.execute(
                s.paragraphs.insert(),
                [
                    {
                        "report_id": report_id,
                        "position": p.index,
                        "start_char": p.start,
                        "end_char": p.end,
                        "level": p.level,
                        "heading": p.heading,
                        "text": p.text,
                        "sentences": [list(span) for span in p.sentences],
                    }
                    for p in r.paragraphs
                ],
            )
            # their words for full-text search (corpus.search), in the same transaction
            pp = s.paragraphs
            stored = conn.execute(sa.select(pp.c.id, pp.c.text).where(pp.c.report_id == report_id)).all()
            conn.execute(s.paragraph_terms.insert(), search.term_rows((row.id, row.text) for row in stored))
        if r.facts:
            rows = []
            for i, f in enumerate(r.facts):
                raw_start, raw_end = norm.to_raw(r.start + f.source.start, r.start + f.source.end)
                value, value_hi, unit = _figure_columns(f.attrs) if f.kind == FactKind.FIGURE else (None,) * 3
                rows.append(
                    {
                        "report_id": report_id,
                        "position": i,
                        "kind": f.kind.value,
                        "text": f.text,
                        "paragraph": f.source.paragraph,
                        "start_char": f.source.start,
                        "end_char": f.source.end,
                        "raw_start": raw_start,
                        "raw_end": raw_end,
                        "attrs": dict(f.attrs),
                        "value": value,
                        "value_hi": value_hi,
                        "unit": unit,
                    }
                )
            conn.execute(s.facts.insert(), rows)
        return int(report_id)

    def _place(
        self, conn: Connection, doc_id: int, path: str, now: dt.datetime, *, new_content: bool
    ) -> IngestStatus:
        """Make ``doc_id`` the current content of ``path``; the previous current location is superseded."""
        loc = s.locations
        current = conn.execute(sa.select(loc.c.id, loc.c.document_id).where(loc.c.path == path, loc.c.current)).first()
        if current is not None and current.document_id == doc_id:
            conn.execute(sa.update(loc).where(loc.c.id == current.id).values(seen_at=now))
            return IngestStatus.UNCHANGED
        mine = conn.scalar(sa.select(loc.c.id).where(loc.c.path == path, loc.c.document_id == doc_id))
        if mine is None:
            # inserted not current first: the partial unique index allows one current row per path
            mine = conn.execute(
                loc.insert().values(
                    path=path, document_id=doc_id, current=False, first_seen=now, seen_at=now
                )
            ).inserted_primary_key[0]
        if current is not None:
            conn.execute(sa.update(loc).where(loc.c.id == current.id).values(current=False, superseded_by=mine))
        conn.execute(sa.update(loc).where(loc.c.id == mine).values(current=True, superseded_by=None, seen_at=now))
        if current is not None:
            return IngestStatus.REPLACED
        return IngestStatus.ADDED if new_content else IngestStatus.SAME_CONTENT

    # ---------------------------------------------------------------- reading

    def has_document(self, sha256: str) -> bool:
        """Whether content with this sha256 is stored."""
        with self.engine.connect() as conn:
            return conn.scalar(sa.select(s.documents.c.id).where(s.documents.c.sha256 == sha256)) is not None

    def known(self, sha256s: set[str]) -> set[str]:
        """Which of ``sha256s`` are stored."""
        if not sha256s:
            return set()
        d = s.documents
        with self.engine.connect() as conn:
            return set(conn.scalars(sa.select(d.c.sha256).where(d.c.sha256.in_(sorted(sha256s)))))

    def iter_reports(self, *, current_only: bool = True, include_repeats: bool = False) -> Iterator[ReportRow]:
        """Every report, in the order stored.

        Args:
            current_only: leave out reports of documents whose every location was replaced by newer content.
            include_repeats: include reports that repeat an earlier report of the same file.
        """
        r, d, loc = s.reports, s.documents, s.locations
        has_current = sa.exists().where(loc.c.document_id == d.c.id, loc.c.current)
        path = (
            sa.select(loc.c.path)
            .where(loc.c.document_id == d.c.id)
            .order_by(loc.c.current.desc(), loc.c.id)
            .limit(1)
            .scalar_subquery()
        )
        query = (
            sa.select(
                r.c.id, r.c.document_id, r.c.position, r.c.title, r.c.kind, r.c.date, r.c.date_text,
                r.c.chars, r.c.duplicate_of_report_id, path.label("path"), has_current.label("current"),
            )
            .join(d, d.c.id == r.c.document_id)
            .order_by(r.c.id)
        )
        if current_only:
            query = query.where(has_current)
        if not include_repeats:
            query = query.where(r.c.duplicate_of_report_id.is_(None))
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield ReportRow(
                    id=row.id, document_id=row.document_id, path=row.path, position=row.position,
                    title=row.title, kind=row.kind, date=row.date or row.date_text, chars=row.chars,
                    duplicate_of=row.duplicate_of_report_id, current=bool(row.current),
                )

    def get_report(self, report_id: int) -> StoredReport:
        """One report with its paragraphs and facts.

        Raises:
            ReportNotFound: no report has this id.
        """
        r, d, loc, p, f = s.reports, s.documents, s.locations, s.paragraphs, s.facts
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(r, d.c.sha256).join(d, d.c.id == r.c.document_id).where(r.c.id == report_id)
            ).first()
            if row is None:
                raise ReportNotFound(
                    f"报告 {report_id}", "数据库中没有这个编号的报告", "用 duban reports 列出全部报告及其编号"
                )
            paths = conn.scalars(
                sa.select(loc.c.path).where(loc.c.document_id == row.document_id)
                .order_by(loc.c.current.desc(), loc.c.id)
            ).all()
            paras = conn.execute(sa.select(p).where(p.c.report_id == report_id).order_by(p.c.position)).all()
            facts = conn.execute(sa.select(f).where(f.c.report_id == report_id).order_by(f.c.position)).all()
        return StoredReport(
            id=row.id, document_id=row.document_id, sha256=row.sha256, paths=tuple(paths),
            position=row.position, title=row.title, date_text=row.date_text, date=row.date, issuer=row.issuer,
            kind=row.kind, period_text=row.period_text, period_start=row.period_start,
            period_end=row.period_end, text=row.text, start=row.start_char, content_sha256=row.content_sha256,
            duplicate_of=row.duplicate_of_report_id,
            paragraphs=tuple(
                StoredParagraph(
                    position=x.position, start=x.start_char, end=x.end_char, level=x.level,
                    heading=bool(x.heading), text=x.text, sentences=tuple(tuple(sp) for sp in x.sentences),
                )
                for x in paras
            ),
            facts=tuple(
                StoredFact(
                    id=x.id, kind=FactKind(x.kind), text=x.text, paragraph=x.paragraph, start=x.start_char,
                    end=x.end_char, raw_start=x.raw_start, raw_end=x.raw_end, attrs=dict(x.attrs),
                    value=x.value, value_hi=x.value_hi, unit=x.unit,
                )
                for x in facts
            ),
        )

    def get_texts(self, document_id: int) -> tuple[str, NormalizedText]:
        """A document's raw text and its ``NormalizedText`` (with the offset map), as extracted.

        Enough to re-run recognisers, or to show a fact's span as written, without the file.

        Raises:
            CorpusError: no document has this id.
        """
        d = s.documents
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(d).where(d.c.id == document_id)).first()
        if row is None:
            raise ReportNotFound(f"文档 {document_id}", "数据库中没有这个编号的文档", "用 duban reports 查看")
        return row.raw_text, NormalizedText(
            text=row.norm_text,
            offsets=unpack_offsets(row.offsets),
            script=row.script,
            pinyin_removed=row.pinyin_removed,
            mojibake_repaired=row.mojibake_repaired,
            mojibake_flagged=row.mojibake_flagged,
            boilerplate_removed=row.boilerplate_removed,
        )

    def failures(self) -> list[FailureRow]:
        """Every recorded ingest failure, oldest first."""
        t = s.ingest_failures
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(t).order_by(t.c.id)).all()
        return [
            FailureRow(
                id=x.id, path=x.path, sha256=x.sha256, stage=x.stage, code=x.code, message=x.message,
                created_at=x.created_at,
            )
            for x in rows
        ]

    def search(self, query: str, *, limit: int = 20, region: str | None = None, since: str | None = None,
               current_only: bool = True) -> list[search.Hit]:
        """Paragraphs that hold every word of ``query`` (then the query as written), newest report first.

        See ``corpus.search.search``.

        Example:
            >>> [h.report_title for h in corpus.search("征地拆迁", limit=2)]      # doctest: +SKIP
            ['云溪县2024年6月重点项目建设进展情况', '云溪县2024年5月重点项目建设进展情况']
        """
        with self.engine.connect() as conn:
            return search.search(conn, query, limit=limit, region=region, since=since, current_only=current_only)

    def counts(self) -> Counts:
        """How many of each thing the corpus holds."""
        count = sa.func.count()
        with self.engine.connect() as conn:

            def n(table: sa.Table, *where: Any) -> int:
                return int(conn.scalar(sa.select(count).select_from(table).where(*where)) or 0)

            by_kind = conn.execute(sa.select(s.facts.c.kind, count).group_by(s.facts.c.kind)).all()
            return Counts(
                documents=n(s.documents),
                locations=n(s.locations),
                current_locations=n(s.locations, s.locations.c.current),
                reports=n(s.reports),
                repeats=n(s.reports, s.reports.c.duplicate_of_report_id.is_not(None)),
                paragraphs=n(s.paragraphs),
                facts=n(s.facts),
                failures=n(s.ingest_failures),
                facts_by_kind={k: int(c) for k, c in by_kind},
            )

    def incomplete_documents(self) -> list[int]:
        """Ids of documents whose stored rows do not match the counts written with them (should be none)."""
        d, r, p, f = s.documents, s.reports, s.paragraphs, s.facts
        n_reports = sa.select(sa.func.count()).where(r.c.document_id == d.c.id).scalar_subquery()
        n_paragraphs = (
            sa.select(sa.func.count()).select_from(p.join(r, r.c.id == p.c.report_id))
            .where(r.c.document_id == d.c.id).scalar_subquery()
        )
        n_facts = (
            sa.select(sa.func.count()).select_from(f.join(r, r.c.id == f.c.report_id))
            .where(r.c.document_id == d.c.id).scalar_subquery()
        )
        query = sa.select(d.c.id).where(
            sa.or_(d.c.n_reports != n_reports, d.c.n_paragraphs != n_paragraphs, d.c.n_facts != n_facts)
        )
        with self.engine.connect() as conn:
            return list(conn.scalars(query))

    def sha256s(self) -> set[str]:
        """The sha256 of every stored document."""
        with self.engine.connect() as conn:
            return set(conn.scalars(sa.select(s.documents.c.sha256)))

    def current_locations(self) -> dict[str, str]:
        """path -> sha256 of the content current at that path."""
        loc, d = s.locations, s.documents
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(loc.c.path, d.c.sha256).join(d, d.c.id == loc.c.document_id).where(loc.c.current)
            )
            return {row.path: row.sha256 for row in rows}
