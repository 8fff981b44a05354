"""``duban doctor`` on sound and deliberately broken databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import sqlite3

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from corpus import schema
from corpus.doctor import diagnose
from corpus.errors import DatabaseUnavailable
from duban.cli import cli


def problems(url) -> dict[str, str]:
    return {f.check: f.severity for f in diagnose(url) if f.problem}


def fill(corpus, kit):
    corpus.add_document(kit.make_file("5月.txt", kit.MAY, facts=kit.MAY_FACTS))
    corpus.add_document(kit.make_file("6月.txt", kit.JUNE))


def without_foreign_keys(corpus, sql: str) -> None:
    """Run ``sql`` as a careless tool would: foreign keys off (SQLite pragma, PostgreSQL replica role)."""
    with corpus.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("COMMIT")  # the pragma is ignored inside a transaction
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.exec_driver_sql(sql)
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        else:
            conn.exec_driver_sql("SET session_replication_role = replica")
            conn.exec_driver_sql(sql)
            conn.exec_driver_sql("SET session_replication_role = origin")
        conn.commit()


def test_sound_database_has_no_problem(corpus, kit):
    fill(corpus, kit)
    findings = diagnose(corpus.url)
    assert [f.check for f in findings] == ["integrity", "schema", "incomplete", "orphans", "locations", "failures"]
    assert problems(corpus.url) == {}
    result = CliRunner().invoke(cli, ["doctor", "--db", corpus.url])
    assert result.exit_code == 0, result.output
    assert "没有发现问题" in result.output


def test_deleted_report_is_found_with_what_to_do(corpus, kit):
    fill(corpus, kit)
    without_foreign_keys(corpus, "DELETE FROM reports WHERE id = (SELECT min(id) FROM reports)")
    assert problems(corpus.url) == {"incomplete": "error", "orphans": "error"}
    orphans = next(f for f in diagnose(corpus.url) if f.check == "orphans")
    assert "事实没有所属报告" in orphans.message and "段落没有所属报告" in orphans.message
    assert "重新 duban ingest" in orphans.todo
    result = CliRunner().invoke(cli, ["doctor", "--db", corpus.url])
    assert result.exit_code == 1
    assert "[错误] orphans" in result.output and "处理:" in result.output


def test_deleted_document_leaves_orphan_reports_and_locations(corpus, kit):
    fill(corpus, kit)
    without_foreign_keys(corpus, "DELETE FROM documents WHERE id = (SELECT max(id) FROM documents)")
    orphans = next(f for f in diagnose(corpus.url) if f.check == "orphans")
    assert orphans.severity == "error"
    assert "报告没有所属文档 1 条" in orphans.message and "位置没有所属文档 1 条" in orphans.message


def test_failures_count_until_the_path_is_stored(corpus, kit):
    fill(corpus, kit)
    corpus.record_failure("坏.docx", stage="read", code="E101", message="[E101] 坏.docx: 文件已损坏")
    corpus.record_failure("7月.txt", stage="read", code="E101", message="[E101] 7月.txt: 读不出")
    failures = next(f for f in diagnose(corpus.url) if f.check == "failures")
    assert (failures.severity, failures.count, failures.examples) == ("warning", 2, ("7月.txt", "坏.docx"))
    corpus.add_document(kit.make_file("7月.txt", kit.JUNE.replace("6月", "7月")))  # fixed and read again
    failures = next(f for f in diagnose(corpus.url) if f.check == "failures")
    assert (failures.count, failures.examples) == (1, ("坏.docx",))
    payload = json.loads(CliRunner().invoke(cli, ["doctor", "--db", corpus.url, "--json"]).output)
    assert {p["check"]: p["problem"] for p in payload}["failures"] is True


def test_document_without_current_location_is_a_warning(corpus, kit):
    fill(corpus, kit)
    with corpus.engine.begin() as conn:
        conn.execute(sa.update(schema.locations).values(current=False).where(schema.locations.c.path == "6月.txt"))
    assert problems(corpus.url) == {"locations": "warning"}


@pytest.mark.parametrize(("version", "severity", "words"), [
    ("99", "error", "升级 duban"),
    ("1", "warning", "就地升级"),
])
def test_schema_version_other_than_the_code(corpus, kit, version, severity, words):
    fill(corpus, kit)
    with corpus.engine.begin() as conn:
        conn.execute(sa.update(schema.meta).where(schema.meta.c.key == "schema_version").values(value=version))
    found = diagnose(corpus.url)
    assert [f.check for f in found] == ["integrity", "schema"]  # nothing else is checked on another schema
    assert found[1].severity == severity and words in found[1].todo


@pytest.mark.parametrize(("revision", "severity", "words"), [
    ("9999_newer", "error", "升级 duban"),
    ("0001", "warning", "就地升级"),
])
def test_migration_revision_other_than_the_code(corpus, kit, revision, severity, words):
    fill(corpus, kit)
    with corpus.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{revision}'")
    schema_finding = next(f for f in diagnose(corpus.url) if f.check == "schema")
    assert schema_finding.severity == severity and words in schema_finding.todo
    assert revision in schema_finding.message


def test_database_from_before_alembic_is_sound_and_says_so(corpus, kit):
    fill(corpus, kit)
    with corpus.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE alembic_version")
    assert problems(corpus.url) == {}
    schema_finding = next(f for f in diagnose(corpus.url) if f.check == "schema")
    assert "尚无迁移记录" in schema_finding.message


def test_sqlite_corruption_is_found(tmp_path, kit):
    from corpus.store import Corpus

    db = tmp_path / "broken.db"
    with Corpus(db) as corpus:
        fill(corpus, kit)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    data = bytearray(db.read_bytes())
    page = 4096
    for i in range(2 * page + 200, min(len(data), 5 * page), 7):  # scribble over b-tree pages, not the header
        data[i] = 0xA5
    db.write_bytes(bytes(data))
    try:
        found = {f.check: f for f in diagnose(db)}
    except DatabaseUnavailable as err:  # so broken that the schema cannot be read: a clear coded error
        assert "[E201]" in str(err)
        return
    assert found["integrity"].severity == "error"
    assert ".recover" in found["integrity"].todo


def test_missing_database_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["doctor", "--db", str(tmp_path / "无.db")])
    assert result.exit_code == 1
    assert "[E201]" in result.output and "Traceback" not in result.output
