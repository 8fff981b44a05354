"""Outline levels, heading lines and sentence spans (extract.outline)."""

from __future__ import annotations

import pytest

from extract.outline import cn_ordinal, is_heading, outline, outline_marker, split_sentences


@pytest.mark.parametrize(
    ("line", "level", "heading"),
    [
        ("一、总体要求", 1, True),
        ("三．工作要求", 1, True),
        ("一、工作目标。", 1, True),  # one trailing 。 after a short title is still a heading
        ("（一）指导思想", 2, True),
        ("(二)目标任务", 2, True),
        ("（三）加强督查，确保各项任务按期完成。", 2, False),
        ("1.督查范围", 3, True),
        ("2、积极配合", 3, True),
        ("3．结果运用", 3, True),
        ("10.强化考核", 3, True),
        ("（1）督查一科", 4, True),
        ("(2)督查二科", 4, True),
        ("第一章 总则", 1, True),
        ("第二节 工作机制", 2, True),
        ("第三条 本办法所称重点项目，是指经批准的建设项目。", 3, False),
        ("第十五条本办法自发布之日起执行。", 3, False),
        ("督查工作方案", 0, True),  # a standalone short title line
        ("以发展为主题，推进项目建设。", 0, False),
    ],
)
def test_levels_and_headings(line: str, level: int, heading: bool) -> None:
    marker = outline_marker(line)
    assert (marker.level if marker else 0) == level
    assert is_heading(line) is heading


@pytest.mark.parametrize(
    "line",
    [
        "一、二季度完成投资3.2亿元，同比增长12%。",  # a list of quarters, not a heading marker
        "一、二、三产业协调发展。",
        "1.5亿元资金已全部到位。",  # a decimal
        "2023.1.16召开推进会。",  # a date
        "会议指出，一、要加强领导。",  # 一、 inside a sentence
        "12345、编号",  # too many digits for a list number
    ],
)
def test_not_a_marker(line: str) -> None:
    assert outline_marker(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "一、今年以来，我们认真落实县委要求，项目建设有序推进。",  # marker + sentence
        "同志们：",
        "3",  # page number
        "—— 2 ——",
        "经局党组研究，拟定如下实施方案，请各单位认真贯彻执行并及时报送进展。",
        "",
    ],
)
def test_not_a_heading(line: str) -> None:
    assert is_heading(line) is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("抓项目。促发展！", ["抓项目。", "促发展！"]),
        ("他说：“要抓落实。”会议结束。", ["他说：“要抓落实。”", "会议结束。"]),
        (
            "印发《关于加快推进。项目的通知》后，各单位落实。",
            ["印发《关于加快推进。项目的通知》后，各单位落实。"],
        ),
        ("项目（含二期。）已开工；进展顺利", ["项目（含二期。）已开工；", "进展顺利"]),
        ("项目(见附件!)已开工", ["项目(见附件!)已开工"]),
        ("真的吗？！是的。", ["真的吗？！", "是的。"]),
        ("第一行\n第二行。", ["第一行", "第二行。"]),
        ("  前有空格。  后有空格。 ", ["前有空格。", "后有空格。"]),
        ("要求“抓紧办理！”（已办结。）", ["要求“抓紧办理！”", "（已办结。）"]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_split_sentences_window_offsets() -> None:
    text = "标题\n一是抓落实。二是抓进度。\n结尾"
    start = text.index("一是")
    end = text.index("\n结尾")
    spans = split_sentences(text, start, end)
    assert [text[s:e] for s, e in spans] == ["一是抓落实。", "二是抓进度。"]
    assert spans[0][0] == start


def test_outline_paragraphs() -> None:
    text = "督查工作方案\n\n  一、指导思想\n（一）总体要求\n以项目为中心，抓好落实。推进建设。\n1.加强领导\n（1）成立督查组\n"
    paras = outline(text)
    assert [p.text for p in paras] == [
        "督查工作方案",
        "一、指导思想",
        "（一）总体要求",
        "以项目为中心，抓好落实。推进建设。",
        "1.加强领导",
        "（1）成立督查组",
    ]
    assert [p.level for p in paras] == [0, 1, 2, 0, 3, 4]
    assert [p.heading for p in paras] == [True, True, True, False, True, True]
    assert [p.index for p in paras] == list(range(6))
    for p in paras:
        assert text[p.start : p.end] == p.text
        assert all(p.start <= s < e <= p.end for s, e in p.sentences)
    body = paras[3]
    assert [text[s:e] for s, e in body.sentences] == ["以项目为中心，抓好落实。", "推进建设。"]


def test_outline_of_empty_text() -> None:
    assert outline("") == ()
    assert outline("\n \n") == ()


@pytest.mark.parametrize(
    ("num", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("十七", 17),
        ("二十", 20),
        ("二十三", 23),
        ("两", 2),
        ("7", 7),
        ("12", 12),
    ],
)
def test_cn_ordinal(num: str, value: int) -> None:
    assert cn_ordinal(num) == value


def test_cn_ordinal_unreadable() -> None:
    assert cn_ordinal("甲") is None


def test_outline_is_linear_on_a_long_report() -> None:
    # 20 000 lines: a quadratic scan would take minutes (speed is measured by scripts/, not asserted here).
    text = "\n".join(f"（{i % 9 + 1}）第{i}项工作。推进顺利；完成（含附件。）任务！" for i in range(20_000))
    paras = outline(text)
    assert len(paras) == 20_000
