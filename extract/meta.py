"""Report metadata: title, date (as written and ISO when complete), issuer, kind, period covered.

    report_metadata(text, *, title_hint=None, file_name="") -> ReportMeta

Where each field comes from, in order of trust:

- title: the marker line that opened the report (``title_hint``, e.g. "重点项目督查工作方案篇一", kept whole: the
  article number is what tells the 17 articles of a collection apart), else the first title-like line of the
  report's top lines — a web page's headline, not its breadcrumb ("首页 > 资讯"), column tag ("【小店头条】") or
  lead dash ("—— ").  None when the report opens straight into body text.
- date: the signature at the end ("××县发改局" / "2023年6月30日"), else a dateline or publication stamp in the top
  lines ("白沙镇201*年5月17日", "2023-01-16 09:10:46 来源: …").  Dates in the body are events, not the report's
  date, and are not used.  ``date_text`` is as written; ``date`` is ISO only when year, month and day are all
  known: a masked year (201*, 20xx, ××) gives ``date=None``, never a guess.
- issuer: the news outlet of a news lead ("青岚新闻网讯"), the unit of the signature or of the dateline, the
  source a web page names when it is a unit ("来源：青山区人民政府", not "来源：某某发布"), the unit that decided a plan ("经县政府研究决定"), else the place a headline starts with ("青山区领导干部……" -> 青山区).
  None unless clearly stated.
- kind: cue words of ``lexicon/report_kinds.txt``: the report's own title; then a news report (lead "……网讯")
  is a progress report; then the first lines of the body; then a collection title ("……方案篇二": the
  collection's name, weaker than the body, since 篇二 is a speech); then the whole body; else ``other``.
- period: "2023年上半年", "1-6月份", "一季度", "2022年" in the title, else in the first lines; ``period_start`` /
  ``period_end`` are ISO when the year is known (a year-less period takes the report date's year); None when the
  year is masked.

Text in either script is handled: cue words are matched on an OpenCC t2s copy of the lines examined.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from extract.model import ReportKind
from extract.outline import cn_ordinal, iter_lines, outline_marker
from extract.rules.patterns import lexicon_entries
from extract.split import (
    ARTICLE_MARKER_FIRST,
    ARTICLE_TITLE_FIRST,
    ARTICLE_TITLE_ORDINAL,
    BRACKET_SAMPLE,
    PAGE_NUMBER,
)

TOP_LINES = 8  # lines at the top of a report that may hold its title or dateline
OPENING_LINES = 6  # body lines after the title that may hold an opening cue ("同志们：")
OPENING_LINE_CHARS = 200
SIGNATURE_LINES = 4  # lines at the end that may hold a signature and date
TITLE_MAX = 60
UNIT_MAX = 30

_Y = r"(?P<y>\d{4}|\d{2,3}[*＊xX×]{1,2}|[*＊xX×]{2,4}|[〇零○Ｏ一二三四五六七八九]{4})"
_M = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|[*＊xX×]{1,2}|\?)"
_D = r"(?P<d>3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九]|[*＊xX×]{1,2})"
# "2023年1月16日" / "二〇二三年一月十六日" / "201*年5月17日" / "20xx年4月3日" — a date written out in Chinese.
DATE_CN = re.compile(rf"{_Y}\s*年\s*{_M}\s*月\s*{_D}\s*[日号]")
# "2023-01-16" / "2023.1.16" / "2023/01/16" — a numeric date; not part of a longer number ("12023.1.16.5").
DATE_NUM = re.compile(
    r"(?<![\d.])(?P<y>\d{4}|\d{2}[*xX]{2})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d.])"
)
# A clock time after a publication date: "2023-01-16 09:10:46".
CLOCK = re.compile(r"^\s*\d{1,2}:\d{2}(?::\d{2})?")
# What may follow a date on a publication-stamp line: "来源: 作者: 点击量:3509".
STAMP_TAIL = re.compile(r"^\s*(?:$|来源|來源|作者|发布|發布|点击|點擊|浏览|瀏覽|编辑|編輯|[|｜])")
# What follows the date of a speech's dateline: "——2025年1月19日在自治区第十四届人民代表大会第三次会议上".
# The speaker may stand before or after the meeting: "——2025年1月14日自治区人民政府主席王某在……会议上的讲话",
# "2025年1月13日在省第十四届人民代表大会第三次会议上省长王某作政府工作报告。"  No comma: a sentence of the body
# that starts with a date ("2022年3月29日，第一次推进会……") is no dateline.
SPEECH_DATELINE_TAIL = re.compile(
    r"^[^。！？!?，,；;]{0,80}?[会會][^。！？!?，,；;]{0,60}?(?:上|讲话|講話|发言|發言|报告|報告|致辞|致辭)\s*[。)）]?\s*$"
)
# Dashes and brackets around a dateline: "——2025年1月14日……" / "（2023年1月16日）".
DATELINE_EDGE = re.compile(r"^[\s—\-－–·（(]+|[\s）)]+$")
# "发布时间：2023-01-16" — a label before a publication date.
STAMP_HEAD = re.compile(r"^\s*(?:发布|發布|更新|成文)?(?:时间|時間|日期)\s*[:：]?\s*$")

# A year-level period: "2023年上半年", "2022年度", "20xx年一季度", "2022年" (not the year of "2022年3月4日").
PERIOD_YEAR = re.compile(
    rf"{_Y}\s*年\s*(?P<part>上半年|下半年|全年|度|第?[一二三四1-4]季度|前三季度)?(?!\s*[\d一二三四五六七八九十]+\s*月|\s*[-—至到~])"
)
# "1-6月份" / "1至9月" / "一至六月" — a span of months.
PERIOD_MONTHS = re.compile(
    r"(?<![\d年])(?P<m1>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])\s*[-—–~至到]\s*(?P<m2>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])\s*月份?"
)
# "上半年" / "一季度" / "前三季度" without a year.
PERIOD_PART = re.compile(r"(?P<part>上半年|下半年|前三季度|第?[一二三四1-4]季度)")
# A title starts with its place: "青山区领导干部……" -> 青山区.  One to four characters before the suffix.
# Not a headline that opens with a preposition: "在全县项目推进会上的讲话", "关于全区……".
HEADLINE_PLACE = re.compile(
    r"^(?![在于对從从向为為按据據经經关關])(?P<place>[\u4e00-\u9fff]{1,4}?(?:省|市|区|县|镇|乡|旗|街道))"
)
# "来源：青山区人民政府  作者：" — the source a web page names; up to the next label or the line end.
SOURCE_LINE = re.compile(r"(?:来源|來源)\s*[:：]\s*(?P<src>[^\s:：|｜]{2,30})")
# "经县政府研究决定" / "经学校安全稳定工作领导小组研究，" — the unit that decided a plan (its issuer).
DECIDED_BY = re.compile(r"经(?P<unit>[^，,。；;：:“”]{2,30}?)(?:研究决定|研究同意|研究)")
# A unit named only by its level refers to the writer itself: "局党组" (this bureau's party group), "委办公室".
SELF_REFERENCE = "局委办部厅院所站处科"
# Leading furniture before a headline: "【小店头条】", "—— ", "△".
TITLE_PREFIX = re.compile(r"^(?:【[^】]{1,12}】|[—\-－–△▲·•\s]+)+")
# Parts of a <title> after the headline: "云溪完善包保机制 - 青岚新闻网".
TITLE_SITE_SUFFIX = re.compile(r"\s*(?:[-_|｜–—]{1,2}\s*[^-_|｜–—]{1,20})+$")
# A breadcrumb: "青岚日报新媒体首页 > 资讯 > 国内".
BREADCRUMB = re.compile(r"[>»›]")
# How a body line ends — a sentence or a lead-in ("同志们：") — and a title line does not.
BODY_LINE_END = re.compile(r"[。！？!?；;：:]\s*[”’」』）)]*\s*$")
# Punctuation a unit name does not hold ("××县发改局" yes, "为加快推进……，" no).
UNIT_PUNCT = re.compile(r"[。！？!?；;，,：:“”\"《》]")


@dataclass(frozen=True, slots=True)
class ReportMeta:
    title: str | None = None
    date_text: str | None = None
    date: str | None = None  # ISO, only when complete; masked years (201*, 20xx) stay None
    issuer: str | None = None
    kind: ReportKind = ReportKind.OTHER
    period_text: str | None = None
    period_start: str | None = None
    period_end: str | None = None


# --- lexicons -------------------------------------------------------------------------------------------------


@functools.cache
def _lexicon(name: str) -> tuple[str, ...]:
    """Entries of ``rules/lexicon/<name>.txt``: one a line, ``#`` comment lines and blank lines skipped."""
    return lexicon_entries(name)


@functools.cache
def kind_cues() -> dict[str, tuple[tuple[ReportKind, str, bool], ...]]:
    """``report_kinds.txt`` by scope ("title", "opening", "body"): (kind, cue, at_line_start) in priority order.

    Example:
        >>> (ReportKind.SPEECH, "同志们", True) in kind_cues()["opening"]
        True
    """
    out: dict[str, list[tuple[ReportKind, str, bool]]] = {"title": [], "opening": [], "body": []}
    for entry in _lexicon("report_kinds"):
        kind, scope, cue = entry.split("\t")
        out[scope].append((ReportKind(kind), cue.lstrip("^"), cue.startswith("^")))
    return {k: tuple(v) for k, v in out.items()}


@functools.cache
def _issuer_suffix_re() -> re.Pattern[str]:
    suffixes = sorted(_lexicon("report_issuer_suffixes"), key=len, reverse=True)
    return re.compile(
        rf"^[\u4e00-\u9fff（）()、·×xX*＊]{{1,{UNIT_MAX}}}?(?:{'|'.join(map(re.escape, suffixes))})$"
    )


@functools.cache
def _news_lead_re() -> re.Pattern[str]:
    suffixes = sorted(_lexicon("report_news_sources"), key=len, reverse=True)
    alt = "|".join(map(re.escape, suffixes))
    # "青岚新闻网讯" / "江淮新闻网云溪讯" / "新华社北京1月16日电": outlet, optional place and date, 讯/电.
    return re.compile(
        rf"^[\s（(]*(?P<src>[\u4e00-\u9fff]{{0,10}}?(?:{alt}))[\u4e00-\u9fff\d月日]{{0,10}}?(?:讯|电)"
    )


@functools.cache
def _news_name_re() -> re.Pattern[str]:
    suffixes = sorted(_lexicon("report_news_sources"), key=len, reverse=True)
    return re.compile(rf"[\u4e00-\u9fff]{{1,10}}(?:{'|'.join(map(re.escape, suffixes))})")


@functools.cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(s: str) -> str:
    """``s`` in simplified script for cue matching; ``s`` itself if conversion would change its length.

    Offsets found in the result are offsets in ``s`` (OpenCC t2s maps character to character here).

    Example:
        >>> to_simplified("兩幫兩促項目督查匯報材料")
        '两帮两促项目督查汇报材料'
    """
    out = _t2s().convert(s)
    return out if len(out) == len(s) else s


# --- dates ----------------------------------------------------------------------------------------------------


def parse_date(text: str) -> str | None:
    """ISO form of a complete date as written, or None (masked or impossible).

    Example:
        >>> parse_date("二〇二三年一月十六日"), parse_date("2023.1.16"), parse_date("201*年5月17日")
        ('2023-01-16', '2023-01-16', None)
    """
    m = DATE_CN.fullmatch(text.strip()) or DATE_NUM.fullmatch(text.strip())
    if not m:
        return None
    year, month, day = (_number(m[g]) for g in ("y", "m", "d"))
    if year is None or month is None or day is None or year < 1000:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _number(s: str) -> int | None:
    """A date part as an int: "2023", "二〇二三" (digit by digit), "十六"; None when masked ("201*", "xx")."""
    if s.isdigit():
        return int(s)
    if re.fullmatch(r"[〇零○Ｏ一二三四五六七八九]{4}", s):
        import cn2an

        return int(cn2an.cn2an(s, "direct"))
    return cn_ordinal(s) if re.fullmatch(r"[一二三四五六七八九十]+", s) else None


def find_date(line: str) -> re.Match[str] | None:
    """The first written date in ``line`` (Chinese or numeric form)."""
    found = [m for m in (DATE_CN.search(line), DATE_NUM.search(line)) if m]
    return min(found, key=lambda m: m.start()) if found else None


# --- the fields -----------------------------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [s for s in (text[a:b].strip() for a, b in iter_lines(text)) if s]


def _is_furniture(line: str) -> bool:
    """Page furniture above a headline: a breadcrumb, "投稿"/"点击量" lines, or just the site's name ("某某新闻网")."""
    if BREADCRUMB.search(line) or any(w in line for w in _lexicon("report_title_skip")):
        return True
    return len(line) <= 12 and bool(_news_name_re().fullmatch(to_simplified(line)))


def _clean_title(line: str) -> str:
    return TITLE_PREFIX.sub("", line).strip().rstrip("。.")


def _is_title_line(line: str) -> bool:
    """A line a person would call a title: short, no sentence punctuation, not a date, outline item or salutation."""
    s = _clean_title(line)
    if BODY_LINE_END.search(line) or not (4 <= len(s) <= TITLE_MAX) or _is_furniture(s) or outline_marker(s):
        return False
    if re.search(r"[。！？!?；;：:]", s) or find_date(s) or s.startswith("同志们"):
        return False
    return bool(re.search(r"[\u4e00-\u9fff]{4}", s))


def find_title(lines: list[str], title_hint: str | None) -> str | None:
    """The report's title: the hint when the text shows it, else the first title-like top line, else the hint.

    A hint from a marker line ("重点项目督查工作方案篇二") is in the text and wins.  A title the file format carries
    (html <title>, docx core properties) is used only as far as the text confirms it ("云溪完善包保机制 - 青岚新闻网"
    -> the headline line), or when the text has no title line of its own: docx properties often hold a template's
    or an old document's title.
    """
    hint = title_hint.strip() if title_hint else ""
    if hint:
        top = lines[:TOP_LINES]
        if any(hint in line or hint in _clean_title(line) for line in top):
            return hint
        for line in map(_clean_title, top):
            if len(line) >= 4 and line in hint and _is_title_line(line):
                return line
    own = _own_title(lines)
    if own or not hint:
        return own
    stripped = TITLE_SITE_SUFFIX.sub("", hint)
    return stripped if len(stripped) >= 4 else hint


def _own_title(lines: list[str]) -> str | None:
    for line in lines[:TOP_LINES]:
        if _is_furniture(line) or PAGE_NUMBER.match(line):
            continue
        if _is_title_line(line):
            return _clean_title(line)
        if len(line) > TITLE_MAX or outline_marker(line) or BODY_LINE_END.search(line):
            return None  # the report opens straight into its body: a title would have come first
    return None


def _unit(s: str) -> str | None:
    """``s`` if it reads as the name of a unit ("××县发改局", "XX区人民政府办公室"), else None."""
    s = s.strip()
    if not s or len(s) > UNIT_MAX or UNIT_PUNCT.search(s):
        return None
    return s if _issuer_suffix_re().match(to_simplified(s)) else None


def find_signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, date_text) of a closing signature: a date line at the end, the unit above it or before it."""
    tail = lines[-SIGNATURE_LINES:]
    for k in range(len(tail) - 1, -1, -1):
        line = tail[k]
        m = find_date(line)
        if not m or line[m.end() :].strip(" 。."):
            continue
        before = line[: m.start()].strip()
        issuer = _unit(before) if before else (_unit(tail[k - 1]) if k > 0 else None)
        if before and issuer is None:
            continue  # a sentence that ends with a date, not a signature
        return issuer, m[0]
    return None, None


def find_dateline(lines: list[str]) -> tuple[str | None, str | None]:
    """(issuer, date_text) of a dateline or publication stamp in the top lines."""
    for i, line in enumerate(lines[:TOP_LINES]):
        m = find_date(line)
        if not m:
            continue
        before, after = line[: m.start()].strip(), line[m.end() :]
        clock = CLOCK.match(after)
        if clock:
            after = after[clock.end() :]
        before = DATELINE_EDGE.sub("", before)
        after = DATELINE_EDGE.sub("", after)
        if not (STAMP_TAIL.match(after) or SPEECH_DATELINE_TAIL.match(after)):
            continue
        if not before or STAMP_HEAD.match(before):
            issuer = _unit(lines[i - 1]) if i > 0 and not before else None
            return issuer, m[0]
        unit = _unit(before)
        if unit:
            return unit, m[0]
    return None, None


def find_news_source(lines: list[str]) -> str | None:
    """The outlet of a news lead: "青岚新闻网讯 记者……" -> 青岚新闻网."""
    for line in lines[:TOP_LINES]:
        m = _news_lead_re().match(to_simplified(line[:40]))
        if m:
            return line[m.start("src") : m.end("src")]
    return None


def find_source_unit(lines: list[str]) -> str | None:
    """The unit a web page names as its source ("来源：青山区人民政府"), if it reads as a unit or an outlet."""
    for line in lines[:TOP_LINES] + lines[-SIGNATURE_LINES:]:
        m = SOURCE_LINE.search(line)
        if m:
            src = m["src"].strip()
            if _unit(src) or _news_name_re().fullmatch(to_simplified(src)):
                return src
    return None


def find_deciding_unit(lines: list[str]) -> str | None:
    """The unit that decided a plan, as its opening says: "经学校安全稳定工作领导小组研究决定" -> the 领导小组."""
    for line in lines[:OPENING_LINES]:
        for m in DECIDED_BY.finditer(line[:OPENING_LINE_CHARS]):
            unit = _unit(m["unit"])
            # "经局党组研究": 局 here is "this bureau", which the text does not name.
            if unit and unit[0] not in SELF_REFERENCE:
                return unit
    return None


def headline_place(title: str | None) -> str | None:
    """The place a headline starts with ("青山区领导干部开展……" -> 青山区), unless generic ("全区", "城市")."""
    if not title:
        return None
    m = HEADLINE_PLACE.match(to_simplified(title))
    if not m:
        return None
    place = m["place"]
    generic = set(_lexicon("report_generic_places"))
    if place in generic or place[:2] in generic or place[0] in "全我本各该此":
        return None
    return title[: m.end()]


def _is_series_title(title: str | None) -> bool:
    """A collection's article title ("……方案篇二", "【……范文】四"): it names the collection, not this report."""
    if not title:
        return False
    return any(
        p.match(title)
        for p in (ARTICLE_TITLE_FIRST, ARTICLE_TITLE_ORDINAL, ARTICLE_MARKER_FIRST, BRACKET_SAMPLE)
    )


def _cue_in(scope: str, lines: list[str]) -> ReportKind | None:
    simple = [to_simplified(ln) for ln in lines]
    joined = "\n".join(simple)
    for kind, cue, at_start in kind_cues()[scope]:
        if at_start:
            if any(s.startswith(cue) for s in simple):
                return kind
        elif cue in joined:
            return kind
    return None


def report_kind(title: str | None, lines: list[str], *, news: bool = False) -> ReportKind:
    """The kind of a report from cue words (see the module docstring for the order).

    Example:
        >>> report_kind("关于全县重点项目督查情况的通报", [])
        <ReportKind.SUPERVISION_BULLETIN: 'supervision_bulletin'>
        >>> report_kind("重点项目督查工作方案篇二", ["同志们：", "下面我讲三点意见。"])
        <ReportKind.SPEECH: 'speech'>
    """
    series = _is_series_title(title)
    if title and not series:
        kind = _cue_in("title", [title])
        if kind:
            return kind
    body = lines[1:] if lines and title and (title in lines[0] or lines[0] in title) else lines
    opening = [ln[:OPENING_LINE_CHARS] for ln in body[:OPENING_LINES]]
    if news:
        # A news story about projects reports progress, whatever plan or meeting it mentions on the way.
        return ReportKind.PROGRESS_REPORT
    kind = _cue_in("opening", opening)
    if kind:
        return kind
    if title and series:
        kind = _cue_in("title", [title])
        if kind:
            return kind
    return _cue_in("body", body) or ReportKind.OTHER


def find_period(
    title: str | None, lines: list[str], report_date: str | None
) -> tuple[str | None, str | None, str | None]:
    """(period_text, period_start, period_end) from the title, else the first lines.

    Example:
        >>> find_period("2023年上半年工作总结", [], None)
        ('2023年上半年', '2023-01-01', '2023-06-30')
        >>> find_period(None, ["1-6月份，全县完成投资5亿元。"], "2023-07-05")
        ('1-6月份', '2023-01-01', '2023-06-30')
    """
    for where in ([title] if title else []) + [ln[:OPENING_LINE_CHARS] for ln in lines[:OPENING_LINES]]:
        where = to_simplified(where)
        hits = [
            m
            for m in (PERIOD_YEAR.search(where), PERIOD_MONTHS.search(where), PERIOD_PART.search(where))
            if m
        ]
        if not hits:
            continue
        m = min(hits, key=lambda h: (h.start(), -len(h[0])))
        text = m[0].strip()
        year: int | None
        if "y" in m.re.groupindex:
            year = _number(m["y"])
        else:
            year = int(report_date[:4]) if report_date else None
        months = _period_months(m)
        if year is None or year < 1000 or months is None:
            return text, None, None
        first, last = months
        start = dt.date(year, first, 1).isoformat()
        end = dt.date(year, last, calendar.monthrange(year, last)[1]).isoformat()
        return text, start, end
    return None, None, None


_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _period_months(m: re.Match[str]) -> tuple[int, int] | None:
    gi = m.re.groupindex
    if "m1" in gi:
        a, b = cn_ordinal(m["m1"]), cn_ordinal(m["m2"])
        return (a, b) if a and b and 1 <= a <= b <= 12 else None
    part = m["part"] if "part" in gi else None
    if not part or part in ("全年", "度"):
        return 1, 12
    if part == "上半年":
        return 1, 6
    if part == "下半年":
        return 7, 12
    if part == "前三季度":
        return 1, 9
    q = _QUARTER[part.lstrip("第")[0]]
    return 3 * q - 2, 3 * q


def report_metadata(text: str, *, title_hint: str | None = None, file_name: str = "") -> ReportMeta:
    """Title, date, issuer, kind and period of one report.

    Args:
        text: the report's normalised text.
        title_hint: the title its marker line gives, or the one its file format carries (html <title>).
        file_name: the document's path (kept for the interface; a file name is not used as a title).

    Returns:
        The metadata; fields that the text does not state are None (kind: ``ReportKind.OTHER``).

    Example:
        >>> m = report_metadata("关于重点项目推进情况的汇报\\n一、进展情况\\n……\\n××县发改局\\n2023年6月30日")
        >>> m.title, m.date, m.issuer, m.kind.value
        ('关于重点项目推进情况的汇报', '2023-06-30', '××县发改局', 'progress_report')
    """
    lines = _lines(text)
    title = find_title(lines, title_hint)
    issuer, date_text = find_signature(lines)
    top_issuer, top_date = find_dateline(lines)
    date_text = date_text or top_date
    news = find_news_source(lines)
    issuer = (
        news
        or issuer
        or top_issuer
        or find_source_unit(lines)
        or find_deciding_unit(lines)
        or headline_place(title)
    )
    date_iso = parse_date(date_text) if date_text else None
    kind = report_kind(title, lines, news=news is not None)
    period_text, period_start, period_end = find_period(title, lines, date_iso)
    return ReportMeta(
        title=title,
        date_text=date_text,
        date=date_iso,
        issuer=issuer,
        kind=kind,
        period_text=period_text,
        period_start=period_start,
        period_end=period_end,
    )
