"""Duplicates in the database (corpus.dedupe.store): seeds, relations across files, incremental = full.

Runs on SQLite and PostgreSQL (the ``corpus`` fixture).  Texts other than the seeds are written for these tests
(fictional 云溪县 / 青禾镇).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from corpus import schema, search
from corpus.dedupe.errors import DedupeSettingError
from corpus.dedupe.store import (
    bigram_candidates,
    check_trgm,
    cluster_of_hash,
    explain_pair,
    load_clusters,
    refresh_duplicates,
    trgm_candidates,
)
from corpus.ingest import ingest_paths
from corpus.store import Corpus
from extract.model import FactKind

ARTICLE = re.compile(r"篇([一二三四五六七八九十]+)$")


def _article(title: str | None) -> str | None:
    m = ARTICLE.search((title or "").split("\n", 1)[0].strip())
    return m[1] if m else None


# ---------------------------------------------------------------- seeds


@pytest.fixture
def seeded(corpus: Corpus, seeds: Path) -> Corpus:
    summary = ingest_paths(corpus, [seeds])
    assert not summary.failures
    return corpus


def test_seed_004_report_level(seeded: Corpus) -> None:
    """17 of 17 repeated articles are one report each; 篇十二 contains 篇七 and 篇二; nothing else is grouped."""
    stats = refresh_duplicates(seeded.engine, "report")
    assert stats.items == 39
    clusters = load_clusters(seeded.engine, "report")
    same = [c for c in clusters if c.relation == "same_report"]
    assert len(same) == 17
    for c in same:
        arts = {_article(m.title) for m in c.members}
        assert len(c.members) == 2 and len(arts) == 1 and None not in arts
        assert {m.file[:3] for m in c.members} == {"004"}
    assert sorted(_article(c.members[0].title) for c in same) == sorted(
        "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七".split())
    contains = [c for c in clusters if c.relation == "contains"]
    assert len(contains) == 1
    roles = {(_article(m.title), m.role) for m in contains[0].members}
    assert roles == {("十二", "container"), ("七", "contained"), ("二", "contained")}
    assert len(contains[0].members) == 6  # both copies of each
    assert {c.relation for c in clusters} == {"same_report", "contains"}  # no false alarm


def test_seed_issue_level_recurring(seeded: Corpus) -> None:
    refresh_duplicates(seeded.engine, "issue")
    clusters = load_clusters(seeded.engine, "issue")
    assert len(clusters) >= 10
    recurring = [c for c in clusters if c.relation == "recurring_problem"]
    # 征地拆迁难: written in seed 001 (高新区) and again in seed 004 — two files, one problem
    land = [c for c in recurring if all("拆迁难" in m.text for m in c.members)]
    assert land and {m.file[:3] for m in land[0].members} == {"001", "004"}
    assert land[0].still_open is not None
    # 篇十二 repeats the issues of 篇七 inside one compilation: copied passages, not recurring problems
    copied = [c for c in clusters if c.relation == "copied_passage"]
    assert any("存贷差" in c.representative for c in copied)
    for c in clusters:
        assert len(c.members) == c.count >= 2


# ---------------------------------------------------------------- relations across files


SIMPLIFIED = """云溪县2024年上半年重点项目建设情况报告
一、总体情况
今年以来，全县上下紧紧围绕年度目标任务，坚持以项目建设为抓手，强化要素保障，优化营商环境，重点项目建设总体平稳。
二、主要做法
一是强化组织领导，县级领导包联重点项目，每月召开一次调度会议，现场协调解决项目建设中遇到的困难。
二是加快前期工作，对照时间节点倒排工期，设立审批绿色通道，压缩审批时限。
三是强化督查考核，将项目推进情况纳入年度目标考核，对进度滞后的项目进行通报。
三、存在问题
部分项目征地拆迁推进缓慢，建设资金到位不足，施工图设计深度不够。
"""


def _traditional_with_pinyin(text: str) -> str:
    import opencc
    from pypinyin import Style, pinyin

    trad = opencc.OpenCC("s2tw").convert(text)
    # a pinyin note after some characters, as copied web pages carry them: 設(shè)
    out = []
    for n, ch in enumerate(trad):
        out.append(ch)
        if "\u4e00" <= ch <= "\u9fff" and n % 23 == 0:
            out.append(f"({pinyin(ch, style=Style.TONE)[0][0]})")
    return "".join(out)


def test_simplified_and_traditional_copy_are_the_same_report(corpus: Corpus, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "报告.txt").write_text(SIMPLIFIED, encoding="utf-8")
    trad = _traditional_with_pinyin(SIMPLIFIED)
    assert "設計" in trad and "设" not in trad
    assert re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", trad)
    (tmp_path / "b" / "轉載.txt").write_text(trad, encoding="utf-8")
    ingest_paths(corpus, [tmp_path / "a", tmp_path / "b"], recognize=False)
    refresh_duplicates(corpus.engine, "report")
    clusters = load_clusters(corpus.engine, "report")
    assert [c.relation for c in clusters] == ["same_report"]
    assert {m.file for m in clusters[0].members} == {"报告.txt", "轉載.txt"}


FIRST_HALF = """云溪县2023年上半年重点项目推进情况
一、总体进展
1-6月，全县实施重点项目30个，完成投资12.5亿元，占年度计划的48%，其中新开工项目12个，开工率66%。
二、主要措施
坚持领导包联，县级领导每月到包联项目现场办公，协调解决用地、资金、审批等方面的困难和问题。
坚持督查通报，县委督查室每月对项目进度开展督查，对进度滞后的项目进行通报并限期整改。
"""

THIRD_QUARTER = """云溪县2023年前三季度重点项目推进情况
一、总体进展
1-9月，全县实施重点项目41个，完成投资19.2亿元，占年度计划的71%，其中新开工项目17个，开工率80%。
二、主要措施
坚持领导包联，县级领导每月到包联项目现场办公，协调解决用地、资金、审批等方面的困难和问题。
坚持督查通报，县委督查室每月对项目进度开展督查，对进度滞后的项目进行通报并限期整改。
"""


def test_template_reuse_is_shown_not_merged(corpus: Corpus, kit) -> None:
    corpus.add_document(kit.make_file("h1.txt", FIRST_HALF))
    corpus.add_document(kit.make_file("q3.txt", THIRD_QUARTER))
    refresh_duplicates(corpus.engine, "report")
    clusters = load_clusters(corpus.engine, "report")
    assert [c.relation for c in clusters] == ["template_reuse"]
    assert {m.role for m in clusters[0].members} == {"template"}
    assert not load_clusters(corpus.engine, "report", relation="same_report")


def _issue_file(kit, path: str, title: str, issues: list[str]):
    text = title + "\n存在的问题\n" + "\n".join(issues) + "\n"
    facts = [(FactKind.ISSUE, i, {"status": "open"}) for i in issues]
    return kit.make_file(path, text, facts=facts)


def test_shared_figure_alone_is_not_a_duplicate(corpus: Corpus, kit) -> None:
    corpus.add_document(_issue_file(kit, "甲.txt", "甲县2024年5月项目进展", ["甲县项目开工率66%"]))
    corpus.add_document(_issue_file(kit, "乙.txt", "乙县2024年5月项目进展", ["乙县项目开工率66%"]))
    refresh_duplicates(corpus.engine, "issue")
    assert load_clusters(corpus.engine, "issue") == []
    with corpus.engine.connect() as conn:
        relations = conn.scalars(sa.select(schema.dedupe_pairs.c.relation)).all()
    assert relations == ["shared_figure_only"]


# ---------------------------------------------------------------- incremental = full

# fmt: off
BATCH_1 = [
    ("m5.txt", "云溪县2024年5月重点项目进展", ["滨河大道二期工程征收遗留问题尚未解决，影响主线施工",
                                          "城南污水处理厂配套管网建设资金缺口较大",
                                          "部分项目施工图设计深度不够，预算审核周期较长"]),
    ("m6.txt", "云溪县2024年6月重点项目进展", ["滨河大道二期工程征收遗留问题仍未解决，影响主线施工",
                                          "县第二中学迁建项目用地报批手续尚未办结"]),
]
BATCH_2 = [
    ("m7.txt", "云溪县2024年7月重点项目进展", ["城南污水处理厂配套管网建设资金缺口仍然较大",
                                          "青禾镇农贸市场改造项目招标文件编制滞后"]),
]
# fmt: on


def _snapshot(corpus: Corpus, level: str = "issue") -> dict[str, tuple]:
    return {c.id: (c.relation, c.count, c.first_seen, c.last_seen, c.still_open, round(c.score, 5),
                   tuple(sorted(m.ref_id for m in c.members)))
            for c in load_clusters(corpus.engine, level)}


def _rows(corpus: Corpus) -> dict[str, tuple]:
    cl = schema.dedupe_clusters
    with corpus.engine.connect() as conn:
        return {r.cluster_id: tuple(r) for r in conn.execute(sa.select(cl).where(cl.c.level == "issue"))}


def _pairs(corpus: Corpus) -> set[tuple]:
    pr = schema.dedupe_pairs
    with corpus.engine.connect() as conn:
        return {(r.a_hash, r.b_hash, round(r.score, 5), r.relation) for r in conn.execute(
            sa.select(pr).where(pr.c.level == "issue"))}


def test_incremental_update_equals_full_recompute(corpus: Corpus, kit) -> None:
    for path, title, issues in BATCH_1:
        corpus.add_document(_issue_file(kit, path, title, issues))
    first = refresh_duplicates(corpus.engine, "issue")
    assert first.new_items == 5 and first.clusters_written == 1
    before_rows = _rows(corpus)
    (river_id,) = before_rows  # 滨河大道 5月 / 6月

    for path, title, issues in BATCH_2:
        corpus.add_document(_issue_file(kit, path, title, issues))
    second = refresh_duplicates(corpus.engine, "issue")
    assert second.new_items == 2 and second.new_keys == 2
    assert second.components == 2  # only the new keys' components were re-clustered
    assert second.clusters_written == 1 and second.clusters_kept == 1 and second.clusters_deleted == 0
    after_rows = _rows(corpus)
    assert after_rows[river_id] == before_rows[river_id]  # untouched: same id, same row (computed_at too)
    incremental, inc_pairs = _snapshot(corpus), _pairs(corpus)
    assert len(incremental) == 2
    sewage = next(v for k, v in incremental.items() if k != river_id)
    assert sewage[0] == "recurring_problem" and sewage[1] == 2

    again = refresh_duplicates(corpus.engine, "issue")  # nothing new: nothing rewritten
    assert (again.new_items, again.new_pairs, again.clusters_written) == (0, 0, 0)
    assert _rows(corpus) == after_rows

    full = refresh_duplicates(corpus.engine, "issue", full=True)
    assert full.new_items == 7
    assert _snapshot(corpus) == incremental
    assert _pairs(corpus) == inc_pairs


def test_dropped_report_updates_its_cluster(corpus: Corpus, kit) -> None:
    for path, title, issues in BATCH_1:
        corpus.add_document(_issue_file(kit, path, title, issues))
    refresh_duplicates(corpus.engine, "issue")
    assert len(load_clusters(corpus.engine, "issue")) == 1
    # the June file is replaced by a version without the 滨河大道 issue: the cluster goes
    corpus.add_document(_issue_file(kit, "m6.txt", "云溪县2024年6月重点项目进展", ["县第二中学迁建项目用地报批手续尚未办结"]))
    stats = refresh_duplicates(corpus.engine, "issue")
    assert stats.dropped_items == 2 and stats.clusters_deleted == 1
    assert load_clusters(corpus.engine, "issue") == []
    assert cluster_of_hash(corpus.engine, "issue") == {}


def test_explain_shows_components(corpus: Corpus, kit) -> None:
    for path, title, issues in BATCH_1:
        corpus.add_document(_issue_file(kit, path, title, issues))
    refresh_duplicates(corpus.engine, "issue")
    (cluster,) = load_clusters(corpus.engine, "issue")
    a, b = (m.ref_id for m in cluster.members)
    e = explain_pair(corpus.engine, "issue", a, b)
    assert set(e.components) == {"ratio", "cosine", "bag", "blend"}
    assert e.score == e.components["blend"] >= e.score_cutoff == 0.6
    assert e.stored is not None and e.stored["method"] == "bigram+blend"
    assert e.relation == "copied_passage"
    with pytest.raises(DedupeSettingError, match="E260"):
        explain_pair(corpus.engine, "issue", a, 999_999)


def test_bigram_candidates_blocks_give_the_same_pairs() -> None:
    keys = [f"第{n}号项目资金缺口较大亟待解决" for n in range(30)] + ["群众满意度较高"] * 2
    one = bigram_candidates(keys, list(range(len(keys))), jobs=1)
    two = bigram_candidates(keys, list(range(len(keys))), jobs=2)
    assert len(one) > 0
    assert (one.i.tolist(), one.j.tolist()) == (two.i.tolist(), two.j.tolist())


# ---------------------------------------------------------------- pg_trgm


def test_pg_trgm_needs_postgresql(tmp_path: Path) -> None:
    with Corpus(tmp_path / "c.db") as c, c.engine.connect() as conn:
        with pytest.raises(DedupeSettingError, match="PostgreSQL"):
            check_trgm(conn)
        with pytest.raises(DedupeSettingError, match="pg_trgm"):
            refresh_duplicates(c.engine, "issue", candidate_source="nope")


@pytest.mark.postgres
def test_pg_trgm_candidates_on_chinese(pg_server, kit) -> None:
    """In a UTF-8 ctype database pg_trgm finds the Chinese candidates; in a C ctype one it yields no trigram."""
    utf8, c_ctype = pg_server.fresh("trgm", ctype="C.UTF-8"), pg_server.fresh("trgm_c", ctype="C")

    with Corpus(utf8) as c:
        for path, title, issues in BATCH_1 + BATCH_2:
            c.add_document(_issue_file(kit, path, title, issues))
        stats = refresh_duplicates(c.engine, "issue", candidate_source="pg_trgm")
        assert stats.new_pairs == 2
        it = schema.dedupe_items
        with c.engine.begin() as conn:
            key_of = dict(conn.execute(sa.select(it.c.key_hash, it.c.key)).all())
            found = trgm_candidates(conn, "issue", list(key_of))
        assert any(key_of[a].startswith("城南") and key_of[b].startswith("城南") for a, b, _ in found)
        assert any(key_of[a].startswith("滨河") and key_of[b].startswith("滨河") for a, b, _ in found)
        assert not any(key_of[a][:2] != key_of[b][:2] for a, b, _ in found)  # no unrelated pair at 0.3
        clusters = load_clusters(c.engine, "issue")
        assert len(clusters) == 2
        with c.engine.connect() as conn:
            methods = set(conn.scalars(sa.select(schema.dedupe_pairs.c.method)))
        assert methods == {"pg_trgm+blend"}

    with Corpus(c_ctype) as c:
        with c.engine.begin() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            assert conn.exec_driver_sql("SELECT show_trgm('项目资金缺口')").scalar() == []
            assert conn.exec_driver_sql("SELECT show_trgm('abc')").scalar()  # ASCII still works
        with c.engine.begin() as conn, pytest.raises(DedupeSettingError, match="LC_CTYPE"):
            check_trgm(conn)


def test_version_2_database_gets_the_dedupe_tables(corpus: Corpus, kit) -> None:
    corpus.add_document(kit.make_file("m5.txt", kit.MAY, facts=kit.MAY_FACTS))
    dedupe = [schema.dedupe_members, schema.dedupe_clusters, schema.dedupe_pairs, schema.dedupe_items]
    schema.metadata.drop_all(corpus.engine, tables=dedupe)
    with corpus.engine.begin() as conn:  # as duban wrote version 2, before it used Alembic (and search, v4)
        search.drop_index(conn)
        conn.exec_driver_sql("DROP TABLE paragraph_terms")
        conn.exec_driver_sql("DROP TABLE alembic_version")
        conn.execute(sa.update(schema.meta).where(schema.meta.c.key == "schema_version").values(value="2"))
    corpus.close()
    with Corpus(corpus.url) as again:
        with again.engine.connect() as conn:
            version = conn.scalar(sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version"))
            assert version == str(schema.SCHEMA_VERSION)
            assert sa.inspect(conn).has_table("dedupe_clusters")
        assert refresh_duplicates(again.engine, "issue").items == 1
