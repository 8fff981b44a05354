"""Report metadata (extract.meta): title, date, issuer, kind, period — and agreement with the dev gold.

Agreement with the gold "reports" entries is printed by::

    .venv/bin/pytest tests/test_extract/test_meta.py -k gold -s
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from extract.meta import find_period, parse_date, report_kind, report_metadata, to_simplified
from extract.model import ReportKind
from extract.normalize import normalize
from extract.split import split_reports

BODY = "今年以来，我们坚持问题导向，强化督查落实，各项工作有序推进。\n一、主要做法\n抓项目，促发展。\n"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023-01-16", "2023-01-16"),
        ("2023年1月16日", "2023-01-16"),
        ("2023年01月16日", "2023-01-16"),
        ("二〇二三年一月十六日", "2023-01-16"),
        ("二〇二三年十二月三十一日", "2023-12-31"),
        ("二零一九年五月十七日", "2019-05-17"),
        ("2023.1.16", "2023-01-16"),
        ("2023/01/16", "2023-01-16"),
        ("2022年3月29号", "2022-03-29"),
        # masked or impossible: never guessed
        ("201*年5月17日", None),
        ("20xx年4月3日", None),
        ("20**年4月3日", None),
        ("20XX年6月30日", None),
        ("××年5月1日", None),
        ("2023年2月30日", None),
        ("5月17日", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("text", "date_text", "date", "issuer"),
    [
        # a signature at the end: unit line, then date line
        (
            f"关于重点项目推进情况的汇报\n{BODY}××县发改局\n2023年6月30日",
            "2023年6月30日",
            "2023-06-30",
            "××县发改局",
        ),
        (
            f"关于重点项目推进情况的汇报\n{BODY}XX区人民政府办公室\n2023年7月5日\n",
            "2023年7月5日",
            "2023-07-05",
            "XX区人民政府办公室",
        ),
        (
            f"关于重点项目推进情况的汇报\n{BODY}青山镇人民政府 二〇二三年一月十六日",
            "二〇二三年一月十六日",
            "2023-01-16",
            "青山镇人民政府",
        ),
        # masked year: date None, date_text kept
        (f"重点项目督查方案\n{BODY}县监察局\n201*年5月17日", "201*年5月17日", None, "县监察局"),
        # a dateline under the title
        (f"项目督查汇报材料\n青山镇201*年5月17日\n{BODY}", "201*年5月17日", None, "青山镇"),
        # a web page's publication stamp
        (
            f"青山区重点项目建设提速\n2023-01-16 09:10:46 来源: 作者: 点击量:35\n{BODY}",
            "2023-01-16",
            "2023-01-16",
            "青山区",
        ),
        (f"项目建设提速\n发布时间：2023-03-01\n{BODY}", "2023-03-01", "2023-03-01", None),
        # a speech's dateline
        (
            f"2024年政府工作报告\n——2024年1月19日在市第十届人民代表大会第三次会议上\n{BODY}",
            "2024年1月19日",
            "2024-01-19",
            None,
        ),
        (f"在全县项目推进会上的讲话\n（2023年3月1日）\n{BODY}", "2023年3月1日", "2023-03-01", None),
        (
            f"2024年政府工作报告\n——2024年1月14日市长王某在市第十届人民代表大会第三次会议上的讲话\n{BODY}",
            "2024年1月14日",
            "2024-01-14",
            None,
        ),
        # a date in the body is an event, not the report's date; a sentence ending in a date is no signature
        (
            f"重点项目推进情况\n{BODY}2022年3月29日，召开第一次推进会。\n会议定于2023年1月5日",
            None,
            None,
            None,
        ),
    ],
)
def test_date_and_issuer(text: str, date_text: str | None, date: str | None, issuer: str | None) -> None:
    meta = report_metadata(text)
    assert (meta.date_text, meta.date, meta.issuer) == (date_text, date, issuer)


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("东海新闻网讯 记者王某 通讯员李某\n近日，东海县重点项目建设现场塔吊林立。", "东海新闻网"),
        ("江南新闻网青州讯(记者张某)近日，青州区开展项目建设活动。", "江南新闻网"),
        ("青州日报讯 今年以来，我区项目建设提速。", "青州日报"),
        ("青山区领导干部包保重点项目工作成效显著\n" + BODY, "青山区"),
        ("高新区半年度工作总结\n" + BODY, "高新区"),
        ("青山区项目建设提速\n2023-03-01 10:00 来源：青山区人民政府 作者：王某\n" + BODY, "青山区人民政府"),
        ("项目建设提速\n来源：某某发布\n" + BODY, None),  # a social-media account, not a unit
        # generic or absent places give no issuer
        ("全区重点项目建设提速\n" + BODY, None),
        ("在全县项目推进会上的讲话\n" + BODY, None),
        ("关于青山区项目建设情况的汇报\n" + BODY, None),
        ("城市更新项目推进情况\n" + BODY, None),
        ("两帮两促项目督查汇报材料\n" + BODY, None),
        # the unit that decided a plan
        (
            "督查工作方案\n为推进复学工作，经学校安全稳定工作领导小组研究决定，制定本方案。\n" + BODY,
            "学校安全稳定工作领导小组",
        ),
        ("督查工作方案\n经县政府研究同意，现将有关事项通知如下。\n" + BODY, "县政府"),
        ("实施方案\n经局党组研究，拟定如下实施方案。\n" + BODY, None),  # "this bureau": not named
        # traditional script
        ("東海新聞網訊 記者王某\n近日，東海縣重點項目建設現場塔吊林立。", "東海新聞網"),
    ],
)
def test_issuer(text: str, issuer: str | None) -> None:
    assert report_metadata(text).issuer == issuer


@pytest.mark.parametrize(
    ("text", "hint", "title"),
    [
        (
            "两帮两促项目督查汇报材料\n“两帮两促”项目建设工作督查\n汇报材料\n" + BODY,
            None,
            "两帮两促项目督查汇报材料",
        ),
        # a web page: breadcrumb, furniture, column tag
        (
            "某某网首页 > 资讯 > 本地\n投稿\n\n【头条】青山区项目建设提速\n2023-03-01 10:00 来源：某某网\n"
            + BODY,
            None,
            "青山区项目建设提速",
        ),
        (
            "—— 青州完善包保机制,倒排工期,挂图作战\n△某棚改项目\n" + BODY,
            None,
            "青州完善包保机制,倒排工期,挂图作战",
        ),
        (
            "东海新闻网\n青山区项目建设提速\n" + BODY,
            None,
            "青山区项目建设提速",
        ),  # the site's name is no title
        # the report opens straight into its body: no title
        (
            "东海新闻网讯(记者王某 通讯员李某)近日，东海县各重点项目建设现场塔吊林立，机器轰鸣，一派火热景象，全县上下掀起项目建设新高潮。\n"
            + BODY,
            None,
            None,
        ),
        # the marker line's title is kept whole (the article number tells the articles apart)
        (
            "重点项目督查工作方案篇二\n同志们：\n" + BODY,
            "重点项目督查工作方案篇二",
            "重点项目督查工作方案篇二",
        ),
        # a format title with the site after the headline
        ("青山区项目建设提速\n" + BODY, "青山区项目建设提速 - 某某新闻网", "青山区项目建设提速"),
        ("正文第一段。\n" + BODY, "青山区项目建设提速_某某新闻网", "青山区项目建设提速"),
        # a format title the text does not show yields to the text's own title line
        ("青山区项目建设提速\n" + BODY, "Microsoft Word - 文档1", "青山区项目建设提速"),
        # outline items, salutations and dates are not titles
        ("同志们：\n一、总体要求\n" + BODY, None, None),
    ],
)
def test_title(text: str, hint: str | None, title: str | None) -> None:
    assert report_metadata(text, title_hint=hint).title == title


@pytest.mark.parametrize(
    ("title", "lines", "kind"),
    [
        ("关于全县重点项目督查情况的通报", [], ReportKind.SUPERVISION_BULLETIN),
        ("全市重点项目推进会议纪要", [], ReportKind.MEETING_MINUTES),
        ("在全县重点项目推进会上的讲话", [], ReportKind.SPEECH),
        ("2023年上半年工作总结", [], ReportKind.HALF_YEAR_SUMMARY),
        ("高新区半年度“两帮两促”工作总结", [], ReportKind.HALF_YEAR_SUMMARY),
        ("2022年度工作总结", [], ReportKind.HALF_YEAR_SUMMARY),
        ("重点项目督查工作方案", [], ReportKind.WORK_PLAN),
        ("2023年工作要点", [], ReportKind.WORK_PLAN),
        ("重点项目建设督查管理办法", [], ReportKind.REGULATION),
        ("督查工作实施细则", [], ReportKind.REGULATION),
        ("两帮两促项目督查汇报材料", [], ReportKind.PROGRESS_REPORT),
        ("领导干部包保重点项目工作成效显著", [], ReportKind.PROGRESS_REPORT),
        ("2023年政府工作报告", [], ReportKind.OTHER),
        ("關於全縣重點項目督查情況的通報", [], ReportKind.SUPERVISION_BULLETIN),  # traditional script
        # a collection's title is weaker than the body's opening
        (
            "重点项目督查工作方案篇二",
            ["重点项目督查工作方案篇二", "同志们：", "下面我讲三点意见。"],
            ReportKind.SPEECH,
        ),
        ("重点项目督查工作方案篇十三", ["第一条 为加强重点项目管理，制定本办法。"], ReportKind.REGULATION),
        (
            "重点项目督查工作方案篇三",
            ["根据年度重点工作安排，为加快推进项目建设，确保如期投产。"],
            ReportKind.WORK_PLAN,
        ),
        # no title: the opening decides
        (None, ["同志们：", "今天召开推进会。"], ReportKind.SPEECH),
        (None, ["各乡镇、各部门：", "现将上半年督查情况通报如下。"], ReportKind.SUPERVISION_BULLETIN),
        (None, ["为加快推进全县重点项目建设，特制定本方案。"], ReportKind.WORK_PLAN),
        (None, ["今年上半年，全省重点项目建设开创了新局面。"], ReportKind.HALF_YEAR_SUMMARY),
        (None, ["这是一段没有任何提示词的文字。"], ReportKind.OTHER),
        (None, ["各位代表：", "现在，我代表市人民政府，向大会报告政府工作，请予审议。"], ReportKind.OTHER),
        (None, ["各位代表：", "这次会议的主要任务是部署今年的项目工作。"], ReportKind.SPEECH),
    ],
)
def test_kind(title: str | None, lines: list[str], kind: ReportKind) -> None:
    assert report_kind(title, lines) == kind


def test_news_story_is_a_progress_report() -> None:
    text = "东海新闻网讯 记者王某\n近日，东海县出台重点项目建设工作方案，全县项目建设提速。\n"
    assert report_metadata(text).kind == ReportKind.PROGRESS_REPORT


@pytest.mark.parametrize(
    ("title", "lines", "date", "expected"),
    [
        ("2023年上半年工作总结", [], None, ("2023年上半年", "2023-01-01", "2023-06-30")),
        ("2022年度工作总结", [], None, ("2022年度", "2022-01-01", "2022-12-31")),
        ("2023年一季度项目推进情况", [], None, ("2023年一季度", "2023-01-01", "2023-03-31")),
        ("2023年第三季度督查通报", [], None, ("2023年第三季度", "2023-07-01", "2023-09-30")),
        ("2023年前三季度工作总结", [], None, ("2023年前三季度", "2023-01-01", "2023-09-30")),
        (None, ["1-6月份，全县完成投资5亿元。"], "2023-07-05", ("1-6月份", "2023-01-01", "2023-06-30")),
        (None, ["1至9月，全县完成投资8亿元。"], "2023-10-08", ("1至9月", "2023-01-01", "2023-09-30")),
        (None, ["一季度，全市项目开工率达到60%。"], "2023-04-10", ("一季度", "2023-01-01", "2023-03-31")),
        (None, ["2022年，全区重点项目建设成效显著。"], None, ("2022年", "2022-01-01", "2022-12-31")),
        # a year-less period without a report date, or a masked year: text kept, no ISO
        (None, ["上半年，全县完成投资5亿元。"], None, ("上半年", None, None)),
        ("20xx年上半年工作总结", [], None, ("20xx年上半年", None, None)),
        ("201*年工作要点", [], None, ("201*年", None, None)),
        # a date is not a period
        (None, ["2022年3月4日，印发实施方案。"], None, (None, None, None)),
        (None, ["没有时段的一句话。"], None, (None, None, None)),
    ],
)
def test_period(title: str | None, lines: list[str], date: str | None, expected: tuple) -> None:
    assert find_period(title, lines, date) == expected


def test_to_simplified_keeps_offsets() -> None:
    s = "擴展閱讀：高新區半年度總結"
    assert len(to_simplified(s)) == len(s)
    assert to_simplified(s) == "扩展阅读：高新区半年度总结"


# --- agreement with the dev gold ----------------------------------------------------------------------------


def _masked_date(date_text: str | None) -> str | None:
    """Masked date as the gold writes it: "201*年5月17日" -> "201*-05-17"."""
    if not date_text:
        return None
    m = re.fullmatch(r"(\S{2,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]", date_text)
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else date_text


def gold_agreement(dev: Path) -> dict[str, list[int]]:
    """[agree, total] per field over the dev files' gold "reports" lists (count: per file)."""
    tally = {k: [0, 0] for k in ("count", "title", "date", "issuer", "kind")}
    misses: list[str] = []
    for path in sorted((dev / "inputs").glob("*.txt")):
        gold = json.loads((dev / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))["reports"]
        text = normalize(path.read_text(encoding="utf-8")).text
        segs = [s for s in split_reports(text) if s.duplicate_of is None]
        tally["count"][0] += len(segs) == len(gold)
        tally["count"][1] += 1
        for seg, g in zip(segs, gold, strict=False):
            m = report_metadata(text[seg.start : seg.end], title_hint=seg.title, file_name=path.name)
            got_date = m.date or _masked_date(m.date_text)
            ok = {
                "title": fuzz.ratio(to_simplified(m.title or ""), g["title"] or "") >= 85,
                "date": (to_simplified(got_date) if got_date else None) == g["date"],
                "issuer": (to_simplified(m.issuer) if m.issuer else None) == g["issuer"],
                "kind": m.kind.value == g["kind"],
            }
            for k, v in ok.items():
                tally[k][0] += v
                tally[k][1] += 1
            misses += [f"{path.stem} {k}: {getattr(m, k)!r} vs {g[k]!r}" for k, v in ok.items() if not v]
    print("\n".join(["", *misses, *(f"{k} {a}/{n}" for k, (a, n) in tally.items())]))
    return tally


def test_gold_agreement(shared: Path) -> None:
    """Floors, one below what the rules reach on the normalised dev set (count 21/21, kind 26/26, date 25/26,
    title 24/26, issuer 20/26): raise them when the rules improve, never lower them to make a change pass."""
    tally = gold_agreement(shared / "gold" / "dev")
    assert tally["count"][0] == tally["count"][1]
    assert tally["kind"][0] >= 25
    assert tally["date"][0] >= 24
    assert tally["title"][0] >= 23
    assert tally["issuer"][0] >= 19
