"""corpus.store: identity by sha256, locations and history, the stored text and facts, errors."""

from __future__ import annotations

import datetime as dt
import decimal
import sqlite3
from array import array

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from corpus import schema
from corpus.errors import DatabaseUnavailable, ReportNotFound, SchemaMismatch
from corpus.store import Corpus, IngestStatus, pack_offsets, resolve_db, unpack_offsets
from extract.model import FactKind


def test_same_document_twice_adds_nothing(corpus, kit):
    ef = kit.make_file("/data/五月.txt", kit.MAY, facts=kit.MAY_FACTS)
    status, doc_id = corpus.add_document(ef)
    before = corpus.counts()
    again, again_id = corpus.add_document(ef)
    assert (status, again) == (IngestStatus.ADDED, IngestStatus.UNCHANGED)
    assert again_id == doc_id
    assert corpus.counts() == before
    assert (before.documents, before.reports, before.facts, before.locations) == (1, 1, 3, 1)


def test_same_bytes_at_another_path_is_one_document_two_locations(corpus, kit):
    _, first = corpus.add_document(kit.make_file("/data/五月.txt", kit.MAY))
    status, second = corpus.add_document(kit.make_file("/data/汇编.zip!五月.txt", kit.MAY))
    assert status == IngestStatus.SAME_CONTENT
    assert first == second
    counts = corpus.counts()
    assert (counts.documents, counts.reports, counts.locations, counts.current_locations) == (1, 1, 2, 2)
    report = corpus.get_report(next(corpus.iter_reports()).id)
    assert report.paths == ("/data/五月.txt", "/data/汇编.zip!五月.txt")


def test_add_location_knows_stored_content_only(corpus, kit):
    ef = kit.make_file("/data/五月.txt", kit.MAY)
    assert corpus.add_location(ef.raw.sha256, "/data/copy.txt") is None
    corpus.add_document(ef)
    assert corpus.add_location(ef.raw.sha256, "/data/copy.txt")[0] == IngestStatus.SAME_CONTENT
    assert corpus.add_location(ef.raw.sha256, "/data/copy.txt")[0] == IngestStatus.UNCHANGED


def test_changed_file_replaces_and_keeps_history(corpus, kit):
    path = "/data/月报.txt"
    _, old_id = corpus.add_document(kit.make_file(path, kit.MAY))
    status, new_id = corpus.add_document(kit.make_file(path, kit.JUNE))
    assert status == IngestStatus.REPLACED
    assert new_id != old_id
    with corpus.engine.connect() as conn:
        rows = conn.execute(
            sa.select(schema.locations).where(schema.locations.c.path == path).order_by(schema.locations.c.id)
        ).all()
    assert [(r.document_id, r.current) for r in rows] == [(old_id, False), (new_id, True)]
    assert rows[0].superseded_by == rows[1].id
    assert [r.title for r in corpus.iter_reports()] == ["云溪县2024年6月重点项目建设进展情况"]
    both = list(corpus.iter_reports(current_only=False))
    assert [(r.document_id, r.current) for r in both] == [(old_id, False), (new_id, True)]
    assert corpus.counts().documents == 2  # nothing deleted


def test_file_changed_back_reinstates_its_old_version(corpus, kit):
    path = "/data/月报.txt"
    _, may_id = corpus.add_document(kit.make_file(path, kit.MAY))
    corpus.add_document(kit.make_file(path, kit.JUNE))
    status, doc_id = corpus.add_document(kit.make_file(path, kit.MAY))
    assert (status, doc_id) == (IngestStatus.REPLACED, may_id)
    assert corpus.current_locations() == {path: kit.make_file(path, kit.MAY).raw.sha256}
    assert corpus.counts().documents == 2


def test_facts_are_stored_with_spans_values_and_attrs(corpus, kit):
    corpus.add_document(kit.make_file("/data/五月.txt", kit.MAY, facts=kit.MAY_FACTS))
    report = corpus.get_report(next(corpus.iter_reports()).id)
    kinds = [f.kind for f in report.facts]
    assert kinds == [FactKind.FIGURE, FactKind.FIGURE, FactKind.ISSUE]
    money, share, issue = report.facts
    assert report.text[money.start:money.end] == "完成投资27.8亿元"
    assert (money.value, money.unit, money.attrs["of"]) == (2780000000.0, "元", "完成投资")
    assert (share.value, share.unit) == (44.6, "%")
    assert (issue.value, issue.unit, issue.attrs["project"]) == (None, None, "滨河大道二期工程")
    assert report.paragraphs[issue.paragraph].text.startswith("（一）滨河大道")


# fmt: off
FIGURE_VALUES = [
    ({"value": 1.5e9, "unit": "元"},            1.5e9, None, "元"),
    ({"value": [80, 90], "unit": "%"},          80.0, 90.0,  "%"),
    ({"value": decimal.Decimal("3.2"), "unit": "亿元"}, 3.2, None, "亿元"),
    ({"value": None, "unit": None},             None, None,  None),   # unparsed: kept, no value
    ({"value": "若干", "unit": "万元"},          None, None,  "万元"),
    ({"value": True},                           None, None,  None),   # a flag is not a number
]
# fmt: on


@pytest.mark.parametrize("attrs,value,value_hi,unit", FIGURE_VALUES)
def test_figure_value_columns(corpus, kit, attrs, value, value_hi, unit):
    corpus.add_document(kit.make_file("/data/f.txt", kit.MAY, facts=[(FactKind.FIGURE, "27.8亿元", attrs)]))
    fact = corpus.get_report(next(corpus.iter_reports()).id).facts[0]
    assert (fact.value, fact.value_hi, fact.unit) == (value, value_hi, unit)


def test_attrs_with_dates_and_decimals_round_trip_as_json(corpus, kit):
    attrs = {"deadline_iso": dt.date(2024, 6, 25), "owner": ("城东街道",), "value": decimal.Decimal("12")}
    corpus.add_document(kit.make_file("/data/f.txt", kit.MAY, facts=[(FactKind.AGREED, "滨河大道", attrs)]))
    fact = corpus.get_report(next(corpus.iter_reports()).id).facts[0]
    assert fact.attrs == {"deadline_iso": "2024-06-25", "owner": ["城东街道"], "value": 12.0}


def test_span_maps_back_to_the_raw_text_as_written(corpus, kit):
    # the normaliser removed a pinyin note: raw 推進(jìn) -> normalised 推进, 5 raw chars dropped
    raw = "推進(jìn)城东污水处理厂提标改造工程完成投资3100万元"
    norm = "推进城东污水处理厂提标改造工程完成投资3100万元"
    offsets = [0, 1] + [i + 5 for i in range(2, len(norm) + 1)]
    facts = [(FactKind.PROJECT, "推进城东", {}), (FactKind.FIGURE, "完成投资3100万元", {"value": 31e6, "unit": "元"})]
    _, doc_id = corpus.add_document(kit.make_file("/data/p.txt", norm, raw=raw, offsets=offsets, facts=facts))
    report = corpus.get_report(next(corpus.iter_reports()).id)
    raw_text, normalized = corpus.get_texts(doc_id)
    assert raw_text == raw and normalized.text == norm
    assert list(normalized.offsets) == offsets
    shown = [raw_text[f.raw_start:f.raw_end] for f in report.facts]
    assert shown == ["推進(jìn)城东", "完成投资3100万元"]


def test_repeats_point_at_the_report_they_repeat(corpus, kit):
    article = "重点项目督查工作方案\n一、工作目标\n确保按期完成。"
    text = article + "\n" + article
    reports = [kit.make_report(article, index=0), kit.make_report(article, index=1, start=len(article) + 1,
                                                                   duplicate_of=0)]
    corpus.add_document(kit.make_file("/data/合集.txt", text, reports=reports))
    rows = list(corpus.iter_reports(include_repeats=True))
    assert [r.duplicate_of for r in rows] == [None, rows[0].id]
    assert [r.id for r in corpus.iter_reports()] == [rows[0].id]
    assert corpus.counts().repeats == 1


def test_a_document_is_stored_whole_or_not_at_all(corpus, kit):
    # the second report's fact cannot be written as JSON: the whole document must roll back
    good = kit.make_report(kit.MAY, facts=kit.MAY_FACTS)
    bad = kit.make_report(kit.JUNE, index=1, start=len(kit.MAY), facts=[(FactKind.FIGURE, "33.6亿元",
                                                                          {"value": object()})])
    ef = kit.make_file("/data/两篇.txt", kit.MAY + kit.JUNE, reports=[good, bad])
    with pytest.raises((TypeError, sa.exc.StatementError)):  # psycopg raises before the statement
        corpus.add_document(ef)
    counts = corpus.counts()
    assert (counts.documents, counts.reports, counts.paragraphs, counts.facts, counts.locations) == (0, 0, 0, 0, 0)
    corpus.add_document(kit.make_file("/data/五月.txt", kit.MAY, facts=kit.MAY_FACTS))
    assert corpus.incomplete_documents() == []


def test_incomplete_documents_finds_rows_missing_behind_the_counts(corpus, kit):
    _, doc_id = corpus.add_document(kit.make_file("/data/五月.txt", kit.MAY, facts=kit.MAY_FACTS))
    assert corpus.incomplete_documents() == []
    with corpus.engine.begin() as conn:
        conn.execute(sa.delete(schema.facts).where(schema.facts.c.kind == "issue"))
    assert corpus.incomplete_documents() == [doc_id]


def test_failures_are_kept_in_order(corpus):
    corpus.record_failure("/data/坏.docx", stage="read", code="E101", message="[E101] /data/坏.docx: 文件已损坏")
    corpus.record_failure("/data/空.txt", stage="read", code="E105", message="[E105] /data/空.txt: 没有文字",
                          sha256="e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    rows = corpus.failures()
    assert [(f.path, f.code, f.stage) for f in rows] == [("/data/坏.docx", "E101", "read"), ("/data/空.txt", "E105", "read")]
    assert rows[0].sha256 is None and rows[1].sha256.startswith("e3b0")
    assert corpus.counts().failures == 2


def test_get_report_of_unknown_id_says_how_to_find_ids(corpus):
    with pytest.raises(ReportNotFound) as err:
        corpus.get_report(42)
    assert "[E203]" in str(err.value) and "duban reports" in str(err.value)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    with Corpus(tmp_path / "c.db") as corpus, corpus.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_reopening_keeps_the_data(tmp_path, kit):
    with Corpus(tmp_path / "c.db") as c:
        c.add_document(kit.make_file("/data/五月.txt", kit.MAY))
    with Corpus(tmp_path / "c.db") as c:
        assert c.counts().reports == 1
        assert c.add_document(kit.make_file("/data/五月.txt", kit.MAY))[0] == IngestStatus.UNCHANGED


def test_in_memory_corpus_for_quick_use(kit):
    with Corpus(":memory:") as c:
        c.add_document(kit.make_file("/data/五月.txt", kit.MAY))
        assert c.counts().documents == 1


def test_resolve_db(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUBAN_DB", raising=False)
    assert resolve_db() == f"sqlite:///{tmp_path.resolve().as_posix()}/duban.db"
    assert resolve_db("台账.db") == f"sqlite:///{tmp_path.resolve().as_posix()}/台账.db"
    assert resolve_db("postgresql+psycopg://u@h/duban") == "postgresql+psycopg://u@h/duban"
    assert resolve_db("postgresql://u:p@h:5433/督办") == "postgresql+psycopg://u:p@h:5433/督办"  # psql's form
    assert resolve_db("postgres://u@h/duban") == "postgresql+psycopg://u@h/duban"
    monkeypatch.setenv("DUBAN_DB", "sqlite:////srv/督办.db")
    assert resolve_db() == "sqlite:////srv/督办.db"
    assert resolve_db(":memory:") == "sqlite://"


@pytest.mark.postgres
def test_a_plain_postgresql_url_opens_with_psycopg(pg_server, kit):
    url = pg_server.fresh("plain").replace("postgresql+psycopg://", "postgresql://")
    with Corpus(url) as c:
        c.add_document(kit.make_file("/data/五月.txt", kit.MAY))
        assert c.engine.dialect.driver == "psycopg" and c.counts().documents == 1


def test_folder_that_does_not_exist_is_a_clear_error(tmp_path):
    with pytest.raises(DatabaseUnavailable) as err:
        Corpus(tmp_path / "没有这个目录" / "c.db")
    assert "[E201]" in str(err.value) and "提示" in str(err.value)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    junk = tmp_path / "报告.txt"
    junk.write_text("这不是数据库文件。" * 200, encoding="utf-8")
    with pytest.raises(DatabaseUnavailable) as err:
        Corpus(junk)
    assert "[E201]" in str(err.value)


def test_unknown_url_scheme_is_a_clear_error():
    with pytest.raises(DatabaseUnavailable) as err:
        Corpus("nosuchdb://localhost/duban")
    assert "[E201]" in str(err.value)


def test_database_from_a_newer_duban_is_refused(tmp_path):
    Corpus(tmp_path / "c.db").close()
    con = sqlite3.connect(tmp_path / "c.db")
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(schema.SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    with pytest.raises(SchemaMismatch) as err:
        Corpus(tmp_path / "c.db")
    assert "[E202]" in str(err.value)


@given(st.lists(st.integers(min_value=0, max_value=2**31 - 1), max_size=300))
def test_offsets_pack_and_unpack(values):
    offsets = array("l", sorted(values))
    assert unpack_offsets(pack_offsets(offsets)) == offsets


def test_packed_offsets_are_small_for_a_long_identity_map():
    offsets = array("l", range(500_001))
    assert len(pack_offsets(offsets)) < 5_000


def test_opening_to_read_does_not_create_a_database(tmp_path):
    with pytest.raises(DatabaseUnavailable) as err:
        Corpus(tmp_path / "没有.db", create=False)
    assert "[E201]" in str(err.value) and not (tmp_path / "没有.db").exists()
    Corpus(tmp_path / "有.db").close()
    Corpus(tmp_path / "有.db", create=False).close()
