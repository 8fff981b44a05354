"""Structure of a report: paragraphs with outline levels (一、 （一） 1. （1）) and sentences.

    outline(text) -> tuple[Paragraph, ...]       one paragraph per non-empty line, with level, heading, sentences
    split_sentences(text, start, end) -> list[(start, end)]
    outline_marker(line) -> OutlineMarker | None  the numbering a line starts with (used by ``extract.split``)

Levels, as GB/T 9704 numbers the body of an official document:

    1  一、          also 第一章 / 第一编 / 第一部分 (chapters of a regulation)
    2  （一） (一)   also 第一节
    3  1. 1、 1．   also 第一条 (articles of a regulation: numbered items of the body, like 1.)
    4  （1） (1)
    0  body text

The input is the normalised text (simplified script, width folded), but every pattern accepts both the
full-width and the ASCII form of its punctuation, since a report may be read before normalisation is complete.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.model import Paragraph

_NUM_CN = "一二三四五六七八九十百零〇两"

# 一、总体要求 / 三．工作要求 — level 1.  Not "一、二季度完成投资……" (a list of quarters opening a sentence) nor
# "一、二、三产业" (several numerals enumerated inside the sentence).
MARK_L1 = re.compile(
    rf"^\s*(?P<num>[{_NUM_CN}]{{1,3}})\s*[、.．,，](?![{_NUM_CN}]+\s*(?:[、,，]|季度|月|年|产))"
)
# （一）指导思想 / (二)目标任务 — level 2.
MARK_L2 = re.compile(rf"^\s*[（(]\s*(?P<num>[{_NUM_CN}]{{1,3}})\s*[)）]")
# 1.督查范围 / 2、积极配合 / 3．结果运用 — level 3.  Not "1.5亿元" (a decimal) nor "2023.1.16" (a date).
MARK_L3 = re.compile(r"^\s*(?P<num>\d{1,2})\s*(?:[、．]|\.(?!\d))")
# （1）督查一科 / (2)督查二科 — level 4.
MARK_L4 = re.compile(r"^\s*[（(]\s*(?P<num>\d{1,2})\s*[)）]")
# 第一章 总则 / 第二编 / 第三部分 — chapters of a regulation or a long plan: level 1.
MARK_CHAPTER = re.compile(rf"^\s*第\s*(?P<num>[{_NUM_CN}\d]{{1,4}})\s*(?P<unit>章|编|部分)")
# 第一节 — level 2.
MARK_SECTION = re.compile(rf"^\s*第\s*(?P<num>[{_NUM_CN}\d]{{1,4}})\s*节")
# 第一条为有效加强…… / 第十五条 本办法自发布之日起执行 — articles of a regulation: level 3.
MARK_ARTICLE = re.compile(rf"^\s*第\s*(?P<num>[{_NUM_CN}\d]{{1,4}})\s*条")

# Sentence-final punctuation inside a line: a line holding one of these is a sentence, not a heading.
SENTENCE_FINAL = re.compile(r"[。！？!?；;]")
# Any punctuation a heading would not carry (commas and colons too): used for standalone title lines.
CLAUSE_PUNCT = re.compile(r"[。！？!?；;，,：:]")
# A comma inside a marker line's text makes a trailing 。 end a sentence: "（一）要提高认识，抓推进。"
TITLE_COMMA = re.compile(r"[,，]")
# At least two Chinese characters: "3" or "—— 1 ——" (page numbers) are not headings.
HAS_HAN = re.compile(r"[\u4e00-\u9fff].*[\u4e00-\u9fff]")

# Where sentences end: a run of terminators, then the closing quotes/brackets that belong to the sentence
# ("要抓好落实。”" keeps its ”).  A line end also ends a sentence (handled by the caller).
SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)》】]*")
# Spans a sentence must not be split inside: (…) （…） 《…》 without nesting, on one line.  "（小店委办字〔2022〕6号。）"
PROTECTED = re.compile(r"（[^（）\n]*）|\([^()\n]*\)|《[^《》\n]*》")

# Longest text after a marker, and longest standalone line, that still reads as a heading.
HEADING_MAX = 40
STANDALONE_MAX = 30

_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")}
_CN_DIGIT.update({"〇": 0, "两": 2})


def cn_ordinal(num: str) -> int | None:
    """Value of a small ordinal as outline markers write it ("十七" -> 17, "3" -> 3); None if unreadable.

    Args:
        num: the numeral of a marker, Arabic or Chinese, up to 百.

    Example:
        >>> cn_ordinal("十二"), cn_ordinal("二十"), cn_ordinal("7")
        (12, 20, 7)
    """
    if num.isdigit():
        return int(num)
    total, cur = 0, 0
    for ch in num:
        if ch in _CN_DIGIT:
            cur = _CN_DIGIT[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


@dataclass(frozen=True, slots=True)
class OutlineMarker:
    """The numbering a line starts with: ``level`` (1-4), ``style`` ("一、", "第章", …), ``number``, ``end``."""

    level: int
    style: str
    number: int | None
    end: int  # offset in the line where the marker ends


_MARKERS: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (MARK_CHAPTER, 1, "第章"),
    (MARK_SECTION, 2, "第节"),
    (MARK_ARTICLE, 3, "第条"),
    (MARK_L2, 2, "（一）"),
    (MARK_L4, 4, "（1）"),
    (MARK_L1, 1, "一、"),
    (MARK_L3, 3, "1."),
)


def outline_marker(line: str) -> OutlineMarker | None:
    """The outline numbering at the start of ``line``, or None for body text.

    Example:
        >>> outline_marker("（二）目标任务").level
        2
        >>> outline_marker("一、二季度完成投资3亿元。") is None
        True
    """
    for pattern, level, style in _MARKERS:
        m = pattern.match(line)
        if m:
            return OutlineMarker(level, style, cn_ordinal(m["num"]), m.end())
    return None


def is_heading(line: str, marker: OutlineMarker | None = None) -> bool:
    """Whether a line is a heading: a marker with a short title, or a short standalone title line.

    A marker line is a heading when what follows the marker is at most ``HEADING_MAX`` characters and holds no
    sentence-final punctuation (one trailing 。 is tolerated: "一、工作目标。" is still a heading, while
    "（一）要提高认识，抓推进。" with a comma reads as a sentence).  A line without a marker is a heading when it is
    short, has at least two Chinese characters and no clause punctuation at all ("督查工作方案").

    Example:
        >>> is_heading("一、总体要求"), is_heading("一、今年以来，我们认真落实了各项要求。")
        (True, False)
    """
    s = line.strip()
    if not s:
        return False
    if marker is None:
        line, marker = s, outline_marker(s)
    if marker is not None:
        rest = line[marker.end :].strip()
        if len(rest) > HEADING_MAX:
            return False
        # An article of a regulation ("第十五条本办法自发布之日起执行。") is a provision, never a title.
        tolerate = marker.style != "第条" and rest.endswith("。") and not TITLE_COMMA.search(rest)
        body = rest[:-1] if tolerate else rest
        return not SENTENCE_FINAL.search(body)
    return len(s) <= STANDALONE_MAX and bool(HAS_HAN.search(s)) and not CLAUSE_PUNCT.search(s)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``, as offsets into ``text``.

    Sentences end at 。！？!?； (a run of them counts once) with the closing quotes and brackets that follow, and
    at line ends.  A terminator inside （…） or 《…》 does not end the sentence.  Spans are stripped of
    surrounding whitespace; empty ones are dropped.

    Args:
        text: the report text.
        start: where to begin (a paragraph's start).
        end: where to stop (default: the end of ``text``).

    Example:
        >>> t = "他说：“抓落实。”会议要求（见附件。）加快进度！"
        >>> [t[s:e] for s, e in split_sentences(t)]
        ['他说：“抓落实。”', '会议要求（见附件。）加快进度！']
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    line_start = start
    while line_start < end:
        nl = text.find("\n", line_start, end)
        line_end = end if nl < 0 else nl
        protected = [m.span() for m in PROTECTED.finditer(text, line_start, line_end)]
        pi = 0
        pos = line_start
        for m in SENTENCE_END.finditer(text, line_start, line_end):
            while pi < len(protected) and protected[pi][1] <= m.start():
                pi += 1
            if pi < len(protected) and protected[pi][0] < m.start() < protected[pi][1]:
                continue  # inside （…） or 《…》
            _add_span(text, pos, m.end(), spans)
            pos = m.end()
        _add_span(text, pos, line_end, spans)
        line_start = line_end + 1
    return spans


def _add_span(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


def iter_lines(text: str):
    """(start, end) of every line of ``text`` (without its "\\n"), in order; linear time."""
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            yield pos, n
            return
        yield pos, nl
        pos = nl + 1


def outline(text: str) -> tuple[Paragraph, ...]:
    """Paragraphs of a report text (one per non-empty line) with outline level, heading flag and sentences.

    Paragraph offsets exclude the line's leading and trailing whitespace.

    Args:
        text: one report's normalised text.

    Example:
        >>> [(p.level, p.heading) for p in outline("一、总体要求\\n（一）指导思想\\n以发展为主题。")]
        [(1, True), (2, True), (0, False)]
    """
    paras: list[Paragraph] = []
    for ls, le in iter_lines(text):
        s, e = ls, le
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s == e:
            continue
        line = text[s:e]
        marker = outline_marker(line)
        paras.append(
            Paragraph(
                index=len(paras),
                start=s,
                end=e,
                text=line,
                level=marker.level if marker else 0,
                heading=is_heading(line, marker),
                sentences=tuple(split_sentences(text, s, e)),
            )
        )
    return tuple(paras)
