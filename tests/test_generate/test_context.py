"""generate.context: periods, figures picked latest-wins with conflicts listed, and the samples' context."""

from __future__ import annotations

import pytest

import duban
from corpus.queries import FactRow
from generate.context import BadPeriod, NoReports, build_context, parse_period, pick_figure

# fmt: off
PERIODS = [
    ("2023H1",            "2023-01-01", "2023-06-30", "上半年"),
    ("2023h2",            "2023-07-01", "2023-12-31", "下半年"),
    ("2023Q1",            "2023-01-01", "2023-03-31", "一季度"),
    ("2023Q3",            "2023-07-01", "2023-09-30", "三季度"),
    ("2024Q1",            "2024-01-01", "2024-03-31", "一季度"),
    ("2023",              "2023-01-01", "2023-12-31", "全年"),
    ("2023-01..2023-06",  "2023-01-01", "2023-06-30", "1-6月"),
    ("2024-02..2024-02",  "2024-02-01", "2024-02-29", "2月"),   # leap year
    ("2023-05",           "2023-05-01", "2023-05-31", "5月"),
    (" 2023-5 ",          "2023-05-01", "2023-05-31", "5月"),
]
BAD_PERIODS = ["2023H3", "2023Q5", "23H1", "2023-13", "2023-06..2023-01", "2022-11..2023-02", "上半年", "", "2023 H"]
# fmt: on


@pytest.mark.parametrize("text,start,end,label", PERIODS)
def test_parse_period(text, start, end, label):
    p = parse_period(text)
    assert (p.start, p.end, p.label) == (start, end, label)


@pytest.mark.parametrize("text", BAD_PERIODS)
def test_bad_period_is_refused_with_examples(text):
    with pytest.raises(BadPeriod) as err:
        parse_period(text)
    assert "2023H1" in str(err.value) and "E304" in str(err.value)


def _figure(fid, report_id, title, date, as_of, text, value, sentence, of="累计完成投资", unit="元"):
    return FactRow(
        id=fid, report_id=report_id, report_title=title, report_date=date, report_as_of=as_of, kind="figure",
        text=text, paragraph=0, start=sentence.index(text), end=sentence.index(text) + len(text),
        attrs={"of": of}, value=value, value_hi=None, unit=unit, sentence=sentence, sentence_start=0,
        paragraph_text=sentence, paragraph_start=0,
    )


def test_reports_disagreeing_latest_wins_and_conflict_is_listed():
    older = _figure(1, 1, "6月进展情况", "2024-07-04", "2024-06-30", "33.6亿元", 3.36e9,
                    "1-6月全县重点项目累计完成投资33.6亿元。")
    newer = _figure(2, 2, "上半年督查通报", "2024-07-08", "2024-06-30", "34.1亿元", 3.41e9,
                    "上半年全县重点项目累计完成投资34.1亿元。")
    picked = pick_figure([older, newer], "completed")
    assert picked.fact is newer
    assert picked.conflict == {
        "what": "累计完成投资",
        "chosen": {"value": "34.1亿元", "source": "《上半年督查通报》（2024年7月8日）"},
        "others": [{"value": "33.6亿元", "source": "《6月进展情况》（2024年7月4日）"}],
    }


def test_an_earlier_cumulative_figure_is_older_news_not_a_conflict():
    may = _figure(1, 1, "5月进展情况", "2024-06-05", "2024-06-05", "27.8亿元", 2.78e9,
                  "1-5月全县重点项目累计完成投资27.8亿元。")
    june = _figure(2, 2, "6月进展情况", "2024-07-04", "2024-06-30", "33.6亿元", 3.36e9,
                   "1-6月全县重点项目累计完成投资33.6亿元。")
    picked = pick_figure([june, may], "completed")
    assert picked.fact is june and picked.conflict is None


@pytest.mark.parametrize(
    "sentence,text",
    [
        ("确保前三季度全县重点项目累计完成投资50亿元。", "50亿元"),  # a target, not a result
        ("6月份，全县重点项目完成投资5.8亿元。", "5.8亿元"),  # a month's, not the cumulative figure
        ("项目累计完成投资1.63亿元。", "1.63亿元"),  # one project, not the whole county
    ],
)
def test_figures_that_are_not_the_total_are_not_picked(sentence, text):
    f = _figure(1, 1, "报告", "2024-07-04", "2024-06-30", text, 1.0, sentence, of=sentence[: sentence.index(text)])
    assert pick_figure([f], "completed") is None


def test_samples_context_has_the_template_shapes(sample_db):
    from generate.render import sample_context

    def shape(v):
        if isinstance(v, dict):
            return {k: shape(x) for k, x in v.items()} if set(v) != {"text", "ref"} else "cite"
        return type(v).__name__

    with duban.open(sample_db) as corpus:
        for kind, name in [("half-year", "half_year_summary"), ("bulletin", "supervision_bulletin"),
                           ("ledger", "agreed_item_ledger"), ("speech", "speech")]:
            ctx = build_context(corpus, kind, period=parse_period("2024H1"))
            sample = sample_context(name)
            assert set(ctx) == set(sample), kind
            for key in ("doc", "overview", "investment", "items", "problems", "meetings", "summary"):
                if key in sample:
                    assert set(ctx[key]) == set(sample[key]), (kind, key)


def test_samples_ledger_statuses_come_from_later_reports(sample_db):
    with duban.open(sample_db) as corpus:
        ctx = build_context(corpus, "ledger", period=parse_period("2024H1"))
    status = {row["owner"]: row["status_label"] for row in ctx["ledger"]}
    # the bulletin of 7月8日: 城东街道 and 县财政局 finished their items on time
    assert status["城东街道"] == "已办结" and status["县财政局"] == "已办结"
    # the 6月30日 deadline had passed by the newest report without a word of it being done
    assert status["县自然资源局"] == "已逾期"
    assert ctx["summary"] == {"done": 2, "in_progress": 2, "open": 0, "overdue": 1}


def test_a_period_without_reports_says_so(sample_db):
    with duban.open(sample_db) as corpus, pytest.raises(NoReports) as err:
        build_context(corpus, "half-year", period=parse_period("2019H1"))
    assert "2019年上半年" in str(err.value) and "duban reports" in str(err.value)


def _project(fid, report_id, name, sentence, date):
    return FactRow(
        id=fid, report_id=report_id, report_title=f"报告{report_id}", report_date=date, report_as_of=date,
        kind="project", text=name, paragraph=0, start=sentence.index(name), end=sentence.index(name) + len(name),
        attrs={"name": name}, value=None, value_hi=None, unit=None, sentence=sentence, sentence_start=0,
        paragraph_text=sentence, paragraph_start=0,
    )


def test_progress_without_a_section_is_the_latest_sentence_naming_the_project():
    from generate.context import Sources, _progress_by_name

    facts = [
        _project(1, 1, "青岚中学新校区", "青岚中学新校区主体结构完成40%。", "2023-05-05"),
        _project(2, 2, "青岚中学新校区", "青岚中学新校区主体结构已封顶，完成投资8000万元。", "2023-06-05"),
        _project(3, 2, "青岚中学新校区", "确保青岚中学新校区9月投入使用。", "2023-06-05"),  # a target
        _project(4, 2, "北山公园", "北山公园景观提升工程开工建设。", "2023-06-05"),
        _project(5, 2, "北山公园景观提升工程", "北山公园景观提升工程开工建设。", "2023-06-05"),
        _project(6, 2, "南湖水系治理", "南湖水系治理方案正在编制。", "2023-06-05"),  # no progress cue
    ]
    sources = Sources()
    got = _progress_by_name([], facts, sources)
    assert [g["project"] for g in got] == ["青岚中学新校区", "北山公园景观提升工程"]
    assert got[0]["text"].startswith("〖青岚中学新校区主体结构已封顶，完成投资8000万元|")
    ref = got[0]["text"].rsplit("|", 1)[1].rstrip("〗")
    assert sources.entries[ref]["title"] == "报告2"
