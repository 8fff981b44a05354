"""Full-text search (``Corpus.search``, ``duban search``) on SQLite (FTS5) and PostgreSQL (GIN), same answers.

Texts are written for these tests (fictional 云溪县 and 青山县).
"""

from __future__ import annotations

import json

from alembic import command
from click.testing import CliRunner

from corpus import migrate
from corpus.search import query_words, terms
from corpus.store import Corpus
from duban.cli import cli

MAY = """云溪县2024年5月重点项目建设进展情况
一、总体进展情况
1-5月累计完成投资27.8亿元。
二、存在的问题
滨河大道二期工程征地拆迁进度滞后，剩余12户尚未签约。
城南污水处理厂二期工程资金缺口较大。
"""

JUNE = """云溪县2024年6月重点项目建设进展情况
一、总体进展情况
1-6月累计完成投资33.6亿元。
二、存在的问题
滨河大道二期工程剩余3户拆迁尚未完成。
"""

QINGSHAN = """青山县2024年6月重点项目建设进展情况
一、存在的问题
工业园区标准厂房项目征地拆迁工作推进缓慢。
"""


def _fill(corpus, kit):
    for path, text, date, issuer in (("5月.txt", MAY, "2024-05-31", "云溪县"), ("6月.txt", JUNE, "2024-06-28", "云溪县"),
                                     ("青山.txt", QINGSHAN, "2024-06-30", "青山县")):
        report = kit.make_report(text)
        report = type(report)(**{**{f: getattr(report, f) for f in report.__dataclass_fields__},
                                 "date": date, "issuer": issuer})
        corpus.add_document(kit.make_file(path, text, reports=[report]))


def test_words_inside_longer_words_are_indexed():
    assert {"征地", "拆迁"} <= set(terms("征地拆迁进度滞后").split())
    assert "，" not in terms("征地拆迁，进度滞后").split()
    words = query_words("征地拆迁 问题，问题")
    assert "".join(words) == "征地拆迁问题" and len(words) == len(set(words))  # punctuation gone, each word once
    assert set(words) <= set(terms("征地拆迁问题").split())  # whatever jieba's words, the index holds them


def test_every_word_must_be_in_the_paragraph_newest_report_first(corpus, kit):
    _fill(corpus, kit)
    hits = corpus.search("拆迁")
    assert [h.report_date for h in hits] == ["2024-06-30", "2024-06-28", "2024-05-31"]
    assert all("拆迁" in h.text for h in hits) and {h.match for h in hits} == {"words"}
    both = corpus.search("征地拆迁")
    assert sorted(h.text for h in both) == sorted(
        ["滨河大道二期工程征地拆迁进度滞后，剩余12户尚未签约。", "工业园区标准厂房项目征地拆迁工作推进缓慢。"])
    assert corpus.search("资金 缺口")[0].text == "城南污水处理厂二期工程资金缺口较大。"
    assert corpus.search("地铁") == []


def test_region_since_and_limit(corpus, kit):
    _fill(corpus, kit)
    assert {h.issuer for h in corpus.search("拆迁", region="云溪县")} == {"云溪县"}
    assert [h.report_date for h in corpus.search("拆迁", since="2024-06-29")] == ["2024-06-30"]
    assert len(corpus.search("拆迁", limit=1)) == 1


def test_a_phrase_jieba_cuts_differently_is_found_as_written(corpus, kit):
    _fill(corpus, kit)
    hits = corpus.search("2户尚未")  # no word of the text starts with 2户: found as a substring
    assert [h.text for h in hits] == ["滨河大道二期工程征地拆迁进度滞后，剩余12户尚未签约。"]
    assert hits[0].match == "phrase" and "2户尚未" in hits[0].snippet


def test_a_replaced_file_is_searched_in_its_new_version_only(corpus, kit):
    corpus.add_document(kit.make_file("月报.txt", MAY))
    corpus.add_document(kit.make_file("月报.txt", JUNE))  # the same path, new content
    assert [h.text for h in corpus.search("拆迁")] == ["滨河大道二期工程剩余3户拆迁尚未完成。"]
    assert len(corpus.search("拆迁", current_only=False)) == 2


def test_a_database_of_version_3_is_indexed_when_upgraded(corpus, kit):
    _fill(corpus, kit)
    with corpus._write() as conn:
        command.downgrade(migrate.config(conn), migrate.REVISION_OF_VERSION[3])
    corpus.close()
    with Corpus(corpus.url) as again:  # revision 0004 tokenises the stored paragraphs
        assert len(again.search("拆迁")) == 3
        with again.engine.connect() as conn:
            assert migrate.compare(conn) == []


def test_search_command(corpus, kit):
    _fill(corpus, kit)
    runner = CliRunner()
    listed = runner.invoke(cli, ["search", "征地", "拆迁", "--db", corpus.url, "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert [r["date"] for r in rows] == ["2024-06-30", "2024-05-31"]
    assert rows[0]["title"] == "青山县2024年6月重点项目建设进展情况" and rows[0]["path"] == "青山.txt"
    shown = runner.invoke(cli, ["search", "资金缺口", "--db", corpus.url])
    assert shown.exit_code == 0 and "城南污水处理厂二期工程资金缺口较大" in shown.stdout and "2024-05-31" in shown.stdout
    none = runner.invoke(cli, ["search", "地铁", "--db", corpus.url])
    assert none.exit_code == 0 and "没有找到" in none.stdout
    bad = runner.invoke(cli, ["search", "，", "--db", corpus.url])
    assert bad.exit_code == 2 and "没有可检索的词" in bad.output
