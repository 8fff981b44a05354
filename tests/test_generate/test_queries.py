"""corpus.queries: which reports belong to a period or a region, and facts with their sentences."""

from __future__ import annotations

import pytest

import duban
from corpus.queries import facts_of, reports_in_period

SAMPLE_TITLES = {
    "may": "云溪县2024年5月重点项目建设进展情况",
    "june": "云溪县2024年6月重点项目建设进展情况",
    "bulletin": "关于2024年上半年全县重点项目督查情况的通报",
    "minutes": "云溪县重点项目建设推进会会议纪要",
}


@pytest.mark.parametrize(
    "start,end,region,expected",
    [
        ("2024-01-01", "2024-06-30", None, {"may", "june", "bulletin", "minutes"}),
        ("2024-01-01", "2024-12-31", None, {"may", "june", "bulletin", "minutes"}),
        ("2024-06-01", "2024-06-30", None, {"may", "june", "bulletin", "minutes"}),
        # the May report (dated 6月5日) cannot speak of July; the others cover the first half only
        ("2024-07-01", "2024-12-31", None, set()),
        ("2023-01-01", "2023-12-31", None, set()),
        # the bulletin names 云溪县 only in its sign-off
        ("2024-01-01", "2024-06-30", "云溪县", {"may", "june", "bulletin", "minutes"}),
        ("2024-01-01", "2024-06-30", "青山县", set()),
    ],
)
def test_reports_in_period(sample_db, start, end, region, expected):
    with duban.open(sample_db) as corpus:
        got = {r.title for r in reports_in_period(corpus, start, end, region=region)}
    assert got == {SAMPLE_TITLES[k] for k in expected}


def test_reports_come_oldest_first(sample_db):
    with duban.open(sample_db) as corpus:
        dates = [r.date for r in reports_in_period(corpus, "2024-01-01", "2024-06-30")]
    assert dates == sorted(dates) == ["2024-06-05", "2024-06-14", "2024-07-04", "2024-07-08"]


def test_every_fact_sits_in_its_sentence(sample_db):
    with duban.open(sample_db) as corpus:
        reports = reports_in_period(corpus, "2024-01-01", "2024-06-30")
        facts = facts_of(corpus, reports, ["figure", "agreed", "issue"])
    assert facts and {f.kind for f in facts} == {"figure", "agreed", "issue"}
    for f in facts:
        assert f.text in f.sentence, (f.text, f.sentence)
        assert f.report_title in SAMPLE_TITLES.values()
    total = next(f for f in facts if f.text == "215.6亿元")
    assert total.sentence == "2024年全县共安排重点项目48个，总投资215.6亿元，年度计划投资62.3亿元。"
    assert total.report_date == "2024-06-05"
