"""The project registry: exact aliases, fuzzy match within a region only, reviewed pairs, schema upgrade.

Reports are built by hand (the ``kit`` builders) in our own words, about fictional places (云溪县, 石桥县), so
the linking is tested on exactly the facts it gets.  Each test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa

from corpus import schema, search
from corpus.linking import FUZZY_CUTOFF, fold_name, region_of, similarity
from corpus.store import Corpus
from extract.model import FactKind

# fmt: off
FOLDS = [
    ("城南污水处理厂二期工程",          "城南污水处理厂二期"),
    ("城南污水处理厂二期工程项目",      "城南污水处理厂二期"),
    ("滨河大道改造建设项目",            "滨河大道改造"),
    ("市民公园建设",                    "市民公园"),
    ("城南污水處理廠（二期）",          "城南污水处理厂二期"),   # traditional script, full-width brackets
    ("ＸＸ大道 改造",                   "xx大道改造"),            # full width, a space
    ("“两区”融合发展",                  "两区融合发展"),          # quotes
    ("项目",                            "项目"),                  # nothing but the suffix: kept
]
REGIONS = [
    ("云溪县住建局", None,                         "云溪县"),
    ("丰宁市云溪区发展和改革局", None,             "云溪区"),     # the most local place of the chain
    (None, "云溪县2024年5月重点项目建设进展情况",  "云溪县"),     # no issuer: the title
    (None, "2025年湖北省政府工作报告",             "湖北省"),     # a leading year skipped
    (None, "内蒙古自治区2025年政府工作报告",       "内蒙古自治区"),
    ("全市重点项目办", "关于重点项目的通报",       ""),           # no place named
    (None, "2024年5月重点项目建设进展情况",        ""),
    (None, None,                                   ""),
]
SIMILAR = [
    ("城南污水处理厂提标改造", "城南区污水处理厂提标改造", True),    # one character more in a long name
    ("滨河大道一期",           "滨河大道二期",             False),   # other phase: numbers differ
    ("国道321线云溪段",        "国道312线云溪段",          False),   # other road
    ("成南高速公路扩容",       "成北高速公路扩容",         False),   # one character changed: another project
    ("城东学校",               "城西学校",                 False),
]
# fmt: on


@pytest.mark.parametrize("name,key", FOLDS)
def test_fold_name(name, key):
    assert fold_name(name) == key


@pytest.mark.parametrize("issuer,title,region", REGIONS)
def test_region_of(issuer, title, region):
    assert region_of(issuer, title) == region


@pytest.mark.parametrize("a,b,same", SIMILAR)
def test_similarity_against_cutoff(a, b, same):
    assert (similarity(a, b, processor=fold_name) >= FUZZY_CUTOFF) is same


def _doc(kit, path, title, names, *, date="2024-06-05", extra=()):
    """A one-report document titled ``title`` mentioning each project name in ``names`` (PROJECT facts)."""
    lines = [title] + [f"（{i + 1}）{name}完成年度投资计划的一半。" for i, name in enumerate(names)]
    lines += [text for text, _ in extra]
    text = "\n".join(lines) + "\n"
    facts = [(FactKind.PROJECT, name, {"name": name, "aliases": []}) for name in names]
    facts += [(kind, fragment, attrs) for fragment, (kind, attrs) in extra]
    report = kit.make_report(text, facts=facts, path=path)
    report = dataclasses.replace(report, date=date)
    return kit.make_file(path, text, reports=[report])


def _projects(corpus):
    """{canonical name: (region, sorted aliases)} of the registry."""
    p, a = schema.projects, schema.project_aliases
    with corpus.engine.connect() as conn:
        rows = conn.execute(sa.select(p.c.id, p.c.name, p.c.region)).all()
        aliases = conn.execute(sa.select(a.c.project_id, a.c.alias, a.c.source)).all()
    return {
        name: (region, sorted((al, src) for pid2, al, src in aliases if pid2 == pid)) for pid, name, region in rows
    }


def test_exact_alias_links_across_reports(corpus, kit):
    corpus.add_document(_doc(kit, "5月.txt", "云溪县2024年5月重点项目建设进展情况", ["城南污水处理厂二期工程"],
                             date="2024-05-31"))
    corpus.add_document(_doc(kit, "6月.txt", "云溪县2024年6月重点项目建设进展情况", ["城南污水处理厂二期工程项目"],
                             date="2024-06-28"))
    found = _projects(corpus)
    assert found == {
        "城南污水处理厂二期工程": (
            "云溪县", [("城南污水处理厂二期工程", "exact"), ("城南污水处理厂二期工程项目", "exact")]
        )
    }
    p = schema.projects
    with corpus.engine.connect() as conn:
        assert conn.execute(sa.select(p.c.first_seen, p.c.last_seen)).one() == ("2024-05-31", "2024-06-28")
        assert conn.scalar(sa.select(sa.func.count()).select_from(schema.fact_projects)) == 2


def test_fuzzy_links_within_a_region(corpus, kit):
    corpus.add_document(_doc(kit, "a.txt", "云溪县5月进展", ["城南污水处理厂提标改造"]))
    corpus.add_document(_doc(kit, "b.txt", "云溪县6月进展", ["城南区污水处理厂提标改造"]))
    found = _projects(corpus)
    assert list(found) == ["城南污水处理厂提标改造"]
    assert ("城南区污水处理厂提标改造", "fuzzy") in found["城南污水处理厂提标改造"][1]


def test_no_fuzzy_link_across_regions(corpus, kit):
    corpus.add_document(_doc(kit, "a.txt", "云溪县5月进展", ["城南污水处理厂提标改造"]))
    corpus.add_document(_doc(kit, "b.txt", "石桥县5月进展", ["城南区污水处理厂提标改造"]))
    found = _projects(corpus)
    assert {name: region for name, (region, _) in found.items()} == {
        "城南污水处理厂提标改造": "云溪县", "城南区污水处理厂提标改造": "石桥县",
    }


def test_same_name_in_two_regions_is_two_projects(corpus, kit):
    corpus.add_document(_doc(kit, "a.txt", "云溪县5月进展", ["滨河大道改造工程"]))
    corpus.add_document(_doc(kit, "b.txt", "石桥县5月进展", ["滨河大道改造工程"]))
    p = schema.projects
    with corpus.engine.connect() as conn:
        rows = conn.execute(sa.select(p.c.name, p.c.region).order_by(p.c.region)).all()
    assert rows == [("滨河大道改造工程", "云溪县"), ("滨河大道改造工程", "石桥县")]


def test_unknown_region_links_exactly_never_fuzzily(corpus, kit):
    corpus.add_document(_doc(kit, "a.txt", "5月重点项目进展", ["城南污水处理厂提标改造"]))
    corpus.add_document(_doc(kit, "b.txt", "6月重点项目进展", ["城南区污水处理厂提标改造"]))
    corpus.add_document(_doc(kit, "c.txt", "7月重点项目进展", ["城南污水处理厂提标改造项目"]))
    found = _projects(corpus)
    assert sorted(found) == ["城南区污水处理厂提标改造", "城南污水处理厂提标改造"]
    assert found["城南污水处理厂提标改造"][0] == ""
    assert ("城南污水处理厂提标改造项目", "exact") in found["城南污水处理厂提标改造"][1]


def test_other_phase_is_another_project(corpus, kit):
    corpus.add_document(_doc(kit, "a.txt", "云溪县5月进展", ["滨河大道一期工程", "滨河大道二期工程"]))
    assert sorted(_projects(corpus)) == ["滨河大道一期工程", "滨河大道二期工程"]


def test_reviewed_pairs_override_the_fuzzy_matcher(corpus, kit):
    corpus.add_document(_doc(kit, "a.txt", "云溪县5月进展", ["城南污水处理厂提标改造", "城北水厂"]))
    corpus.add_document(_doc(kit, "b.txt", "云溪县6月进展", ["城南区污水处理厂提标改造", "城北自来水厂扩建"]))
    assert len(_projects(corpus)) == 3  # the two 城北 names are too far apart to match
    corpus.review_project_link("城南污水处理厂提标改造", "城南区污水处理厂提标改造", same=False, reviewer="张三")
    corpus.review_project_link("城北水厂", "城北自来水厂扩建", same=True, reviewer="张三")
    found = _projects(corpus)
    assert sorted(found) == ["城北水厂", "城南区污水处理厂提标改造", "城南污水处理厂提标改造"]
    assert ("城北自来水厂扩建", "reviewed") in found["城北水厂"][1]
    # kept for good: a relink and a later report obey them too
    corpus.relink_projects()
    corpus.add_document(_doc(kit, "c.txt", "云溪县7月进展", ["城南区污水处理厂提标改造"]))
    assert len(_projects(corpus)) == 3
    with corpus.engine.connect() as conn:
        rows = conn.execute(sa.select(schema.project_links_reviewed.c.decision, schema.project_links_reviewed.c.reviewer))
        assert sorted(rows) == [("different", "张三"), ("same", "张三")]


def test_issue_and_item_facts_link_to_their_project(corpus, kit):
    issue = "城南污水处理厂二期工程征地拆迁滞后"
    item = "由县住建局牵头加快城南污水处理厂二期工程征地"
    extra = [
        (issue, (FactKind.ISSUE, {"project": "城南污水处理厂二期工程", "status": "open"})),
        (item, (FactKind.AGREED, {"project": "城南污水处理厂二期工程", "projects": ["城南污水处理厂二期工程"],
                                  "owner": ["县住建局"], "status": "open"})),
    ]
    corpus.add_document(_doc(kit, "a.txt", "云溪县5月进展", ["城南污水处理厂二期工程项目"], extra=extra))
    f, fp, p = schema.facts, schema.fact_projects, schema.projects
    with corpus.engine.connect() as conn:
        rows = conn.execute(
            sa.select(f.c.kind, p.c.name).join(fp, fp.c.fact_id == f.c.id).join(p, p.c.id == fp.c.project_id)
        ).all()
    assert sorted(rows) == [("agreed", "城南污水处理厂二期工程项目"), ("issue", "城南污水处理厂二期工程项目"),
                            ("project", "城南污水处理厂二期工程项目")]


def test_a_fact_without_a_project_is_not_linked(corpus, kit):
    extra = [("资金缺口较大", (FactKind.ISSUE, {"project": None, "status": "open"}))]
    corpus.add_document(_doc(kit, "a.txt", "云溪县5月进展", [], extra=extra))
    with corpus.engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(schema.fact_projects)) == 0
        assert conn.scalar(sa.select(sa.func.count()).select_from(schema.projects)) == 0


V2_TABLES = ("fact_projects", "project_aliases", "project_links_reviewed", "projects")
V3_TABLES = ("dedupe_members", "dedupe_clusters", "dedupe_pairs", "dedupe_items")


def _make_version_1(db, kit, docs):
    """A version-1 database holding ``docs``, as duban wrote it before it used Alembic (no alembic_version):
    versions 2 to 4 only added tables (and an index), so dropping them is version 1."""
    with Corpus(db) as c:
        for doc in docs:
            c.add_document(doc)
        with c.engine.begin() as conn:
            search.drop_index(conn)  # version 4's search index, then the tables versions 2-4 added
            for name in ("paragraph_terms", *V3_TABLES, *V2_TABLES, "alembic_version"):
                conn.exec_driver_sql(f"DROP TABLE {name}")
            conn.execute(sa.update(schema.meta).where(schema.meta.c.key == "schema_version").values(value="1"))


def test_version_1_database_is_upgraded_in_place(corpus, kit):
    url = corpus.url
    corpus.close()
    docs = [
        _doc(kit, "5月.txt", "云溪县5月进展", ["城南污水处理厂二期工程"], date="2024-05-31"),
        _doc(kit, "6月.txt", "云溪县6月进展", ["城南污水处理厂二期工程项目"], date="2024-06-28"),
    ]
    _make_version_1(url, kit, docs)
    engine = sa.create_engine(url)
    assert not set(V2_TABLES) & set(sa.inspect(engine).get_table_names())
    engine.dispose()
    with Corpus(url) as upgraded:
        with upgraded.engine.connect() as conn:
            version = conn.scalar(sa.select(schema.meta.c.value).where(schema.meta.c.key == "schema_version"))
            assert version == str(schema.SCHEMA_VERSION)  # upgraded through every step to the current one
        assert list(_projects(upgraded)) == ["城南污水处理厂二期工程"]
        assert upgraded.counts().reports == 2  # nothing lost
    with Corpus(url) as again:  # opening an upgraded database changes nothing
        assert list(_projects(again)) == ["城南污水处理厂二期工程"]
