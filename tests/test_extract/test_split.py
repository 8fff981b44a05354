"""Splitting a file into reports (extract.split), on normalised text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.normalize import normalize
from extract.split import Segment, split_reports

# Article bodies written for these tests: a plan with an outline, a speech, a short notice.
PLAN = (
    "为加快推进全县重点项目建设，特制定本方案。\n"
    "一、指导思想\n以项目建设为中心，坚持问题导向，强化督查落实。\n"
    "二、督查内容\n（一）项目前期工作进展情况。\n（二）项目开工建设情况。\n"
    "三、工作要求\n各单位要高度重视，按时报送项目进展情况，确保督查工作取得实效。\n"
)
SPEECH = (
    "同志们：\n今天召开全市重点项目推进会，主要任务是总结前段工作，安排部署下一步任务。\n"
    "一、充分肯定成绩\n今年以来，全市上下齐心协力，项目建设取得明显成效。\n"
    "二、正视存在问题\n部分项目进度滞后，要素保障不足，必须引起高度重视。\n谢谢大家！\n"
)
NOTICE = "各乡镇、各部门：\n现将上半年重点项目督查情况通报如下。全县已开工项目三十个，开工率百分之六十。\n"


def texts(text: str, segs: list[Segment]) -> list[str]:
    return [text[s.start : s.end] for s in segs]


def assert_tiles(text: str, segs: list[Segment]) -> None:
    """Segments are in file order, each ends where the next begins, the last at the end of the text."""
    assert segs, "at least one segment"
    for a, b in zip(segs, segs[1:], strict=False):
        assert a.end == b.start
        assert a.start < a.end
    assert segs[-1].end == len(text)


@pytest.mark.parametrize(
    ("marker_a", "marker_b", "title_a", "marker"),
    [
        ("年度督查工作方案篇一", "年度督查工作方案篇二", "年度督查工作方案篇一", "篇一"),
        ("年度督查工作方案(篇一)", "年度督查工作方案(篇二)", "年度督查工作方案(篇一)", "篇一"),
        ("篇一：重点项目督查方案", "篇二：推进会讲话", "重点项目督查方案", "篇一"),
        ("第一篇 重点项目督查方案", "第二篇 推进会讲话", "重点项目督查方案", "第一篇"),
        ("重点项目督查方案（第一篇）", "推进会讲话（第二篇）", "重点项目督查方案（第一篇）", "第一篇"),
        ("精选范文一", "精选范文二", None, "范文一"),
        ("【项目督查范文】一。", "【项目督查范文】二。", "【项目督查范文】一", "【项目督查范文】"),
        # the same markers in traditional script (before tw2s)
        ("年度督查工作方案篇一", "年度督查工作方案篇十七", "年度督查工作方案篇一", "篇一"),
        ("【項目督查範文】一。", "【項目督查範文】二。", "【項目督查範文】一", "【項目督查範文】"),
    ],
)
def test_article_markers(marker_a: str, marker_b: str, title_a: str | None, marker: str) -> None:
    text = f"{marker_a}\n{PLAN}{marker_b}\n{SPEECH}"
    segs = split_reports(text)
    assert len(segs) == 2
    assert_tiles(text, segs)
    assert texts(text, segs)[0].startswith(marker_a)
    assert texts(text, segs)[1].startswith(marker_b)
    assert segs[0].marker == marker
    if title_a is not None:
        assert segs[0].title == title_a
    assert all(s.duplicate_of is None for s in segs)


@pytest.mark.parametrize(
    "line",
    [
        "读了这篇文章，我们深受启发。",  # 篇 inside a sentence
        "这篇一定要认真学习",
        "我们来看第一篇",  # 第X篇 not set apart from the words before it
        "第二篇章：开启项目建设新征程",  # 篇章, not 第X篇
        "年度工作总结范文（精选5篇）",  # a collection's own title, not an article marker
        "篇幅所限，不再一一列举。",
        "【小店头条】青山区重点项目建设提速",  # a column tag before a headline, not a sample marker
        "相关阅读：关于进一步加强项目管理的通知，请各单位认真学习并结合实际抓好贯彻落实，确保各项措施落到实处。",
    ],
)
def test_not_a_marker(line: str) -> None:
    text = f"重点项目推进情况汇报\n{PLAN}{line}\n{NOTICE}"
    segs = split_reports(text)
    assert segs == [Segment(0, len(text))]


def test_short_preamble_before_first_article_is_not_a_report() -> None:
    preamble = "方案是解决问题的方法和步骤，以下范文供参考。\n"
    text = f"{preamble}督查方案篇一\n{PLAN}督查方案篇二\n{SPEECH}"
    segs = split_reports(text)
    assert len(segs) == 2
    assert segs[0].start == len(preamble)  # the preamble is covered by no segment
    assert_tiles(
        text[segs[0].start :], [Segment(s.start - segs[0].start, s.end - segs[0].start) for s in segs]
    )


def test_long_text_before_first_marker_is_a_report() -> None:
    text = f"重点项目推进情况汇报\n{PLAN}督查方案篇二\n{SPEECH}"
    segs = split_reports(text)
    assert len(segs) == 2
    assert segs[0].start == 0 and segs[0].marker is None
    assert_tiles(text, segs)


@pytest.mark.parametrize("label", ["扩展阅读", "延伸阅读", "相关阅读", "拓展阅读", "擴展閱讀"])
def test_appended_reading_is_a_separate_report(label: str) -> None:
    main = f"重点项目推进情况汇报\n{PLAN}"
    text = f"{main}{label}：高新区上半年工作总结材料\n高新区上半年项目工作总结\n{SPEECH}"
    segs = split_reports(text)
    assert len(segs) == 2
    assert_tiles(text, segs)
    assert segs[0].start == 0 and segs[1].start == len(main)
    assert segs[1].marker == label
    # the title line under the marker is the report's title
    assert segs[1].title == "高新区上半年项目工作总结"


def test_related_links_list_is_not_a_report() -> None:
    text = f"重点项目推进情况汇报\n{PLAN}相关阅读\n关于加强项目管理的通知\n全县项目观摩会召开\n"
    assert split_reports(text) == [Segment(0, len(text))]


def test_marker_with_nothing_under_it_merges_with_the_next() -> None:
    text = f"督查方案篇一\n【项目督查范文】三。\n{SPEECH}督查方案篇二\n{PLAN}"
    segs = split_reports(text)
    assert len(segs) == 2
    assert segs[0].title == "督查方案篇一"
    assert texts(text, segs)[0].startswith("督查方案篇一\n【项目督查范文】三。")


def test_restarted_outline_opens_a_new_report_at_its_title_line() -> None:
    first = f"督查方案篇一\n{PLAN}"
    text = f"{first}3\n年度督查工作方案\n督查工作是推动落实的重要手段。\n一、工作目标\n抓落实。\n二、工作措施\n强督查。\n"
    segs = split_reports(text)
    assert len(segs) == 2
    assert texts(text, segs)[1].startswith("年度督查工作方案\n")
    assert segs[1].title == "年度督查工作方案"
    assert_tiles(text, segs)


def test_restarted_outline_after_body_paragraph() -> None:
    first = f"督查方案篇一\n{PLAN}"
    second = "为加快推进全年重点项目建设，促进项目早开工，特制定本方案。\n一、指导思想\n抓项目。\n二、督查范围\n全县重点项目。\n"
    text = first + second
    segs = split_reports(text)
    assert [t for t in texts(text, segs)] == [first, second]
    assert segs[1].title is None


@pytest.mark.parametrize(
    "between",
    [
        "具体措施如下：\n",  # a lead-in: the list belongs to the same report
        "附件：督查工作细则\n",  # an attachment continues its report
        "下半年工作打算\n",  # a part heading, not a document's title
        "",  # the paragraph above does not open a document ("各单位要高度重视……")
    ],
)
def test_restarted_outline_that_continues_the_report(between: str) -> None:
    text = f"督查方案篇一\n{PLAN}{between}一、加强领导\n成立领导小组。\n二、强化考核\n纳入年度考核。\n"
    assert len(split_reports(text)) == 1


def test_restart_right_under_an_item_is_a_sub_list() -> None:
    # no line between the last outline item and 一、: a mis-numbered sub-list, not a new report
    text = "督查方案\n一、目标\n抓落实。\n二、措施\n（一）强化督查\n一、加强领导\n成立领导小组。\n二、强化考核\n纳入考核。\n"
    assert len(split_reports(text)) == 1


def test_outline_restarting_under_a_new_chapter_is_one_report() -> None:
    text = (
        "重点项目督查管理办法\n第一章 总则\n为加强管理，制定本办法。\n一、适用范围\n全县重点项目。\n二、基本原则\n依法督查。\n"
        "第二章 督查内容\n为明确督查重点，规定如下。\n一、前期工作\n手续办理。\n二、建设进度\n形象进度。\n"
    )
    assert len(split_reports(text)) == 1


def test_restart_needs_a_following_second_item() -> None:
    text = f"督查方案篇一\n{PLAN}另行通知的事项如下。\n一、其他事项\n按有关规定执行。\n"
    assert len(split_reports(text)) == 1


def test_repeated_articles_point_to_their_first_copy() -> None:
    articles = f"督查方案篇一\n{PLAN}督查方案篇二\n{SPEECH}督查方案篇三\n{NOTICE}"
    text = articles + articles
    segs = split_reports(text)
    assert len(segs) == 6
    assert [s.duplicate_of for s in segs] == [None, None, None, 0, 1, 2]
    assert_tiles(text, segs)


def test_repeat_tolerates_whitespace_and_punctuation() -> None:
    copy = f"督查方案篇一\n{PLAN}".replace("，", ",").replace("\n", "\n  ")
    text = f"督查方案篇一\n{PLAN}督查方案篇二\n{SPEECH}{copy}\n"
    segs = split_reports(text)
    assert [s.duplicate_of for s in segs] == [None, None, 0]


def test_repeat_tolerates_a_small_edit_in_a_long_text() -> None:
    long_notice = NOTICE * 8
    edited = long_notice.replace("开工率", "开工比例", 1)
    text = f"督查方案篇一\n{long_notice}督查方案篇二\n{SPEECH}督查方案篇一\n{edited}"
    segs = split_reports(text)
    assert [s.duplicate_of for s in segs] == [None, None, 0]


def test_same_body_under_another_title_is_not_a_repeat() -> None:
    text = f"督查方案篇一\n{SPEECH}督查方案篇二\n{SPEECH}"
    segs = split_reports(text)
    assert [s.duplicate_of for s in segs] == [None, None]


def test_empty_text() -> None:
    assert split_reports("") == [Segment(0, 0)]


# --- the seeds and the dev set (read from ../shared at run time, normalised first) ---------------------------


@pytest.mark.parametrize(("stem", "distinct"), [("000", 1), ("001", 2), ("002", 1), ("003", 1)])
def test_seed_counts(seeds: Path, stem: str, distinct: int) -> None:
    (path,) = seeds.glob(f"{stem}_*.txt")
    text = normalize(path.read_text(encoding="utf-8")).text
    segs = split_reports(text)
    assert sum(s.duplicate_of is None for s in segs) == distinct
    assert all(s.duplicate_of is None for s in segs)
    assert_tiles(text, segs)


def test_seed_004_articles_and_their_repeats(seeds: Path) -> None:
    """17 articles (篇一…篇十七), all posted twice: 17 reports and 17 repeats (the ingest acceptance).

    In a numbered collection the articles are the reports; the plans and 【…范文】 headings inside an article stay
    in it (a single article on its own is split further: see test_dev_report_counts)."""
    (path,) = seeds.glob("004_*.txt")
    text = normalize(path.read_text(encoding="utf-8")).text
    segs = split_reports(text)
    first = [s for s in segs if s.duplicate_of is None]
    repeats = [s for s in segs if s.duplicate_of is not None]
    assert len(first) == 17 and len(repeats) == 17
    assert [s.marker for s in first] == [f"篇{n}" for n in "一二三四五六七八九"] + [
        "篇十",
        *[f"篇十{n}" for n in "一二三四五六七"],
    ]
    for s in repeats:
        original = segs[s.duplicate_of]
        assert original.duplicate_of is None and original.marker == s.marker
        assert segs.index(original) < segs.index(s)
    # the site's introduction before 篇一 is no report
    assert segs[0].start > 0 and segs[0].marker == "篇一"
    for a, b in zip(segs, segs[1:], strict=False):
        assert a.end == b.start


def test_dev_report_counts(shared: Path) -> None:
    """Each dev file splits into as many distinct reports as its gold lists."""
    dev = shared / "gold" / "dev"
    wrong = []
    for path in sorted((dev / "inputs").glob("*.txt")):
        gold = json.loads((dev / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))["reports"]
        text = normalize(path.read_text(encoding="utf-8")).text
        got = sum(s.duplicate_of is None for s in split_reports(text))
        if got != len(gold):
            wrong.append((path.stem, got, len(gold)))
    assert not wrong


def test_long_single_reports_stay_whole(shared: Path) -> None:
    """National government work reports (long, one outline 一、…九、 each, many sub-lists) are one report each."""
    paths = sorted((shared / "corpus" / "national").glob("*.txt"))
    assert paths
    for path in paths:
        text = normalize(path.read_text(encoding="utf-8")).text
        segs = split_reports(text)
        assert len(segs) == 1, path.name
        assert segs[0] == Segment(0, len(text))
