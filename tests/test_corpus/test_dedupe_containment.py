"""Report-level containment and relation names (corpus.dedupe.containment, corpus.dedupe.relations)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus.dedupe.containment import containment, find_containing_reports
from corpus.dedupe.relations import Relation, pair_relation, report_relation
from extract.normalize import normalize
from extract.split import split_reports

# Made-up reports (our own words).
PART_A = (
    "一、基本情况。今年以来，全县重点项目建设总体平稳，完成投资十二亿元。"
    "二、存在问题。部分项目征地拆迁进度缓慢，资金到位率偏低。"
)
PART_B = "三、下步打算。加强要素保障，落实领导包保责任，确保项目按期竣工投产。"
OTHER = "同志们：今天召开全市安全生产工作会议，主要任务是总结去年工作，部署今年任务。"


def test_containment_is_one_way() -> None:
    assert containment(PART_A, PART_A + PART_B) == 1.0
    assert containment(PART_A + PART_B, PART_A) < 0.8
    assert containment(PART_B, OTHER) == 0.0


def test_containment_folds_script_and_punctuation() -> None:
    assert containment("部分項目徵地拆遷進度緩慢，資金到位率偏低", PART_A) == 1.0


def test_containment_survives_a_changed_figure() -> None:
    edited = PART_A.replace("十二亿元", "十五亿元")
    assert 0.8 <= containment(edited, PART_A + PART_B) < 1.0


def test_empty_text_is_contained_in_nothing() -> None:
    assert containment("", PART_A) == 0.0
    assert containment("。，", PART_A) == 0.0


def test_find_containing_reports_small() -> None:
    reports = {"合订本": PART_A + PART_B, "上半年": PART_A, "转载": PART_A + PART_B, "讲话": OTHER}
    found = {(a, b): round(s, 3) for a, b, s in find_containing_reports(reports)}
    assert found == {("上半年", "合订本"): 1.0, ("上半年", "转载"): 1.0, ("合订本", "转载"): 1.0}
    assert report_relation(reports["合订本"], reports["转载"]) is Relation.SAME_REPORT
    assert report_relation(reports["上半年"], reports["合订本"]) is Relation.CONTAINS
    assert report_relation(reports["讲话"], reports["合订本"]) is None


def test_template_reuse_is_not_containment() -> None:
    first = "1-6月，全县开工项目30个，开工率66%，完成投资12.5亿元，占年度计划的48%。"
    second = "1-9月，全县开工项目41个，开工率80%，完成投资19.2亿元，占年度计划的71%。"
    assert max(containment(first, second), containment(second, first)) < 0.8
    assert report_relation(first, second) is Relation.TEMPLATE_REUSE


ARTICLE_LINE = re.compile(r"篇[一二三四五六七八九十]+\s*$")


def _articles_004(seeds: Path) -> list[tuple[str, str]]:
    """Seed 004 as (marker, text) per article: 17 articles, then the same 17 again."""
    raw = next(seeds.glob("004_*.txt")).read_text(encoding="utf-8")
    text = normalize(raw).text
    segments = split_reports(text)
    if len(segments) >= 34:
        return [(s.marker or "", text[s.start : s.end]) for s in segments]
    # splitter still a stub: split on the article-marker lines ourselves
    lines = text.split("\n")
    starts = [n for n, line in enumerate(lines) if ARTICLE_LINE.search(line.strip())]
    return [
        (ARTICLE_LINE.search(lines[a].strip())[0], "\n".join(lines[a:b]))
        for a, b in zip(starts, starts[1:] + [len(lines)], strict=True)
    ]


def test_seed_004_all_known_pairs_and_no_false_alarm(seeds: Path) -> None:
    """The 25 known pairs of seed 004, found with no other pair.

    How the pairs were verified, by reading the text: the file holds articles 篇一 … 篇十七 and then the same
    seventeen again, word for word (17 same_report pairs, i ↔ i+17).  篇十二 is two pieces pasted together:
    "【城镇环保范文】三。" followed by the body of 篇七 (the speech "为加速我市项目推进战略的实施……", same 23
    paragraphs, one figure "“”期间" filled in as "十一五") and "【城镇环保范文】四。" followed by the body of 篇二
    (the speech on 工业污染 整治, "20xx年" shortened to "20").  So each copy of 篇十二 contains each copy of 篇七
    and of 篇二: 2 × 2 × 2 = 8 contains pairs.  17 + 8 = 25.  Every other pair of articles shares under a third
    of its shingles.
    """
    arts = _articles_004(seeds)
    assert len(arts) == 34
    markers = [m for m, _ in arts]
    assert markers[:17] == markers[17:]
    found = find_containing_reports([t for _, t in arts])
    pairs = {(a, b) for a, b, _ in found}
    same = {(i, i + 17) for i in range(17)}
    twelve = [i for i, m in enumerate(markers) if m == "篇十二"]
    parts = [i for i, m in enumerate(markers) if m in ("篇二", "篇七")]
    contains = {(p, t) for p in parts for t in twelve}
    assert pairs == same | contains
    for a, b, score in found:
        kind = report_relation(arts[a][1], arts[b][1])
        assert kind is (Relation.SAME_REPORT if (a, b) in same else Relation.CONTAINS), (a, b, score)
    # margin: nothing else even reaches 0.3
    assert len(find_containing_reports([t for _, t in arts], score_cutoff=0.3)) == 25


# fmt: off
PAIR_RELATIONS = [
    # a, b, keyword arguments, relation
    ("甲县项目开工率66%", "乙县项目开工率66%", {"places": {"甲县", "乙县"}},  Relation.SHARED_FIGURE_ONLY),
    ("甲县项目开工率66%", "乙县项目开工率80%", {"places": {"甲县", "乙县"}},  Relation.SHARED_FIGURE_ONLY),
    ("城南污水厂征地拆迁进度缓慢，影响开工", "城南污水厂征地拆迁进度缓慢，影响了开工", {"same_period": False},
     Relation.RECURRING_PROBLEM),
    ("城南污水厂征地拆迁进度缓慢，影响开工", "城南污水厂征地拆迁进度缓慢，影响了开工", {},
     Relation.COPIED_PASSAGE),
    ("2022年3月29日，第一次推进会就8个项目存在的问题进行了研究，议定了16个具体事项",
     "2022年5月26日，第二次推进会就4个项目存在的问题进行了研究，议定了8个具体事项", {},
     Relation.TEMPLATE_REUSE),
    ("城南污水厂征地拆迁进度缓慢，影响开工", "要切实加强组织领导，明确工作责任", {}, None),
]
# fmt: on


@pytest.mark.parametrize("a,b,kwargs,relation", PAIR_RELATIONS)
def test_pair_relation(a: str, b: str, kwargs: dict, relation: Relation | None) -> None:
    assert pair_relation(a, b, **kwargs) is relation


def test_duplicate_relations() -> None:
    assert Relation.SAME_REPORT.is_duplicate and Relation.RECURRING_PROBLEM.is_duplicate
    assert not Relation.TEMPLATE_REUSE.is_duplicate and not Relation.SHARED_FIGURE_ONLY.is_duplicate
