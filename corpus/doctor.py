"""``duban doctor``: check a corpus database and say what to do about each problem found.

The database is opened as it is: nothing is created, upgraded or repaired, so a broken database is seen as
broken.  Each check gives a ``Finding`` with a severity (``error``: data is wrong or missing; ``warning``: work
is left to do; ``ok``) and, in Chinese, what was found and what to do.

Example:
    >>> from corpus.doctor import diagnose
    >>> for f in diagnose("台账.db"):                    # doctest: +SKIP
    ...     print(f.severity, f.check, f.message)
    ok schema 结构版本 3，与本程序一致
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from corpus import migrate
from corpus import schema as s
from corpus.errors import DatabaseUnavailable
from corpus.store import create_corpus_engine, resolve_db

OK, WARNING, ERROR = "ok", "warning", "error"
EXAMPLES = 5  # ids shown per finding


@dataclass(frozen=True, slots=True)
class Finding:
    """One check's result."""

    check: str  # short name: schema, integrity, incomplete, orphans, locations, failures
    severity: str  # ok | warning | error
    message: str  # what was found (Chinese)
    todo: str = ""  # what to do about it (Chinese); empty when ok
    count: int = 0  # how many rows are concerned
    examples: tuple[str, ...] = ()

    @property
    def problem(self) -> bool:
        return self.severity != OK


def _ids(rows: list) -> tuple[str, ...]:
    return tuple(str(r) for r in rows[:EXAMPLES])


def _check_connect(conn: Connection) -> Finding:
    if conn.dialect.name == "sqlite":
        result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
        if result == ["ok"]:
            return Finding("integrity", OK, "SQLite 完整性检查通过")
        return Finding(
            "integrity", ERROR, f"SQLite 完整性检查发现 {len(result)} 处损坏", count=len(result),
            examples=tuple(result[:EXAMPLES]),
            todo="先备份该文件，再用 sqlite3 旧.db '.recover' | sqlite3 新.db 恢复，或从原始文件重新 duban ingest",
        )
    version = conn.exec_driver_sql("SHOW server_version").scalar() if conn.dialect.name == "postgresql" else "?"
    return Finding("integrity", OK, f"已连接数据库服务（{conn.dialect.name} {version}）")


def _check_schema(conn: Connection) -> Finding:
    if not sa.inspect(conn).has_table(s.meta.name):
        return Finding("schema", ERROR, "没有 meta 表：这不是 duban 的数据库，或尚未建好",
                       todo="用 duban ingest 文件或文件夹 建立数据库，或用 --db 指定正确的数据库")
    found = conn.scalar(sa.select(s.meta.c.value).where(s.meta.c.key == "schema_version"))
    if found is None:
        return Finding("schema", ERROR, "meta 表中没有结构版本", todo="数据库可能被改动过：从原始文件重新 duban ingest 到新库")
    version = int(found)
    if version > s.SCHEMA_VERSION:
        return Finding("schema", ERROR, f"结构版本为 {version}，本程序只认识到 {s.SCHEMA_VERSION}",
                       todo="升级 duban（pip install -U duban）后再检查")
    if version < s.SCHEMA_VERSION:
        return Finding("schema", WARNING, f"结构版本为 {version}，本程序为 {s.SCHEMA_VERSION}",
                       todo="运行任一 duban 命令（如 duban reports）即会就地升级；升级前请先备份")
    missing = sorted(set(s.metadata.tables) - set(sa.inspect(conn).get_table_names()))
    if missing:
        return Finding("schema", ERROR, f"缺少数据表：{'、'.join(missing)}", count=len(missing),
                       todo="数据库不完整：从原始文件重新 duban ingest 到新库")
    revision = migrate.current(conn)
    if revision is not None and not migrate.known(revision):
        return Finding("schema", ERROR, f"迁移版本 {revision} 不是本程序的（本程序到 {migrate.head()}）",
                       todo="升级 duban（pip install -U duban）后再检查")
    if revision not in (None, migrate.head()):
        return Finding("schema", WARNING, f"迁移版本为 {revision}，本程序为 {migrate.head()}",
                       todo="运行任一 duban 命令（如 duban reports）即会就地升级；升级前请先备份")
    if revision is None:
        return Finding("schema", OK, f"结构版本 {version}，与本程序一致（旧版 duban 所建，尚无迁移记录，"
                       f"下次升级时补记为 {migrate.head()}）")
    return Finding("schema", OK, f"结构版本 {version}（迁移版本 {revision}），与本程序一致")


def _check_incomplete(conn: Connection) -> Finding:
    d, r, p, f = s.documents, s.reports, s.paragraphs, s.facts
    n_reports = sa.select(sa.func.count()).where(r.c.document_id == d.c.id).scalar_subquery()
    n_paragraphs = (sa.select(sa.func.count()).select_from(p.join(r, r.c.id == p.c.report_id))
                    .where(r.c.document_id == d.c.id).scalar_subquery())
    n_facts = (sa.select(sa.func.count()).select_from(f.join(r, r.c.id == f.c.report_id))
               .where(r.c.document_id == d.c.id).scalar_subquery())
    ids = list(conn.scalars(sa.select(d.c.id).where(
        sa.or_(d.c.n_reports != n_reports, d.c.n_paragraphs != n_paragraphs, d.c.n_facts != n_facts)
    ).order_by(d.c.id)))
    if not ids:
        return Finding("incomplete", OK, "每个文档的报告、段落、事实条数都与存入时一致")
    return Finding(
        "incomplete", ERROR, f"{len(ids)} 个文档的报告、段落或事实条数与存入时不符（数据被删改过）",
        count=len(ids), examples=_ids(ids),
        todo="这些文档的数据不可信：从原始文件重新 duban ingest 到一个新数据库，再换用新库",
    )


def _check_orphans(conn: Connection) -> Finding:
    d, r, p, f, loc = s.documents, s.reports, s.paragraphs, s.facts, s.locations
    checks = (
        ("事实没有所属报告", f, f.c.report_id, r),
        ("段落没有所属报告", p, p.c.report_id, r),
        ("报告没有所属文档", r, r.c.document_id, d),
        ("位置没有所属文档", loc, loc.c.document_id, d),
    )
    found: list[str] = []
    total = 0
    for label, child, ref, parent in checks:
        n = int(conn.scalar(sa.select(sa.func.count()).select_from(child).where(
            ~sa.exists().where(parent.c.id == ref))) or 0)
        if n:
            found.append(f"{label} {n} 条")
            total += n
    if not found:
        return Finding("orphans", OK, "没有孤立的事实、段落、报告或位置")
    return Finding("orphans", ERROR, "；".join(found), count=total,
                   todo="有数据在外键关闭时被删除：从原始文件重新 duban ingest 到一个新数据库")


def _check_locations(conn: Connection) -> Finding:
    d, loc = s.documents, s.locations
    ids = list(conn.scalars(sa.select(d.c.id).where(
        ~sa.exists().where(loc.c.document_id == d.c.id, loc.c.current)).order_by(d.c.id)))
    if not ids:
        return Finding("locations", OK, "每个文档都有当前位置")
    return Finding(
        "locations", WARNING, f"{len(ids)} 个文档已没有当前位置（原文件已被新内容替换或从压缩包中移除）",
        count=len(ids), examples=_ids(ids),
        todo="这是历史版本，duban reports 默认不列出；如需找回，重新 duban ingest 原文件即可",
    )


def _check_failures(conn: Connection) -> Finding:
    t, loc = s.ingest_failures, s.locations
    # a failed path that has been stored since (a later run read it) is resolved; a failure of a zip member
    # is resolved by the member's location too
    stored = sa.exists().where(loc.c.path == t.c.path)
    paths = sorted(set(conn.scalars(sa.select(t.c.path).where(~stored))))
    if not paths:
        return Finding("failures", OK, "没有未解决的读取失败")
    return Finding(
        "failures", WARNING, f"{len(paths)} 个文件读取或存入失败，至今未存入", count=len(paths),
        examples=tuple(paths[:EXAMPLES]),
        todo="用 duban failures 查看原因；修好文件（另存为 .docx、解除加密等）后重新 duban ingest",
    )


def diagnose(db: str | os.PathLike[str] | None = None) -> list[Finding]:
    """Check a corpus database; nothing is written.

    Args:
        db: a SQLite path or a SQLAlchemy URL (None: ``$DUBAN_DB`` or ``./duban.db``).

    Returns:
        One finding per check, in order: connection/integrity, schema, incomplete documents, orphan rows,
        documents without a current location, failures not yet resolved.  The later checks are left out when
        the schema is unusable.

    Raises:
        DatabaseUnavailable: the database does not exist or cannot be reached.

    Example:
        >>> [f.check for f in diagnose("台账.db") if f.problem]          # doctest: +SKIP
        ['failures']
    """
    url = resolve_db(db)
    where = url[len("sqlite:///"):] if url.startswith("sqlite:///") else sa.make_url(url).render_as_string()
    if url.startswith("sqlite:///") and not Path(where).exists():
        raise DatabaseUnavailable(where, "数据库文件不存在", "用 --db 指定已有的数据库")
    engine = create_corpus_engine(url)
    try:
        with engine.connect() as conn:
            findings = [_check_connect(conn), _check_schema(conn)]
            if findings[1].severity == ERROR or findings[1].severity == WARNING:
                return findings
            findings += [_check_incomplete(conn), _check_orphans(conn), _check_locations(conn),
                         _check_failures(conn)]
            return findings
    except SQLAlchemyError as err:
        reason = str(getattr(err, "orig", None) or err).splitlines()[0]
        raise DatabaseUnavailable(where, f"无法读取数据库（{reason}）",
                                  "检查文件是否是 duban 的数据库、数据库服务是否在运行、地址和权限是否正确") from err
    finally:
        engine.dispose()
