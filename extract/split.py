"""Splitting: one normalised file text -> the reports it holds.

    split_reports(text: str) -> list[Segment]

A file may hold several reports.  Boundaries, strongest first:

- article markers of a collection: "重点项目督查工作方案篇一" … "篇十七", "第三篇：……", "范文二";
- bracketed sample-text markers: "【城镇环保范文】四。" (not "【小店头条】…", a column tag before a headline);
- an appended reading: "扩展阅读：……" / 相关阅读 / 延伸阅读 / 拓展阅读 followed by real paragraphs (a bare list of
  links after 相关阅读 — short lines, none ending a sentence — is page furniture and splits nothing);
- a restarted outline: "一、" again after "二、"/"三、"… of the report before it, with no chapter heading between.
  The new report starts at the short title line just above the restart when it names a document
  ("督查工作方案": ``lexicon/report_title_words.txt``), else at the paragraph right above the restart when it
  opens like a document ("为加快推进……,特制定本方案。": ``lexicon/report_openings.txt``); otherwise no split.  A lead-in that
  ends with "：" ("具体措施如下：") or an "附件" line means the list continues the same report: no split; so
  does a 一、 right under an outline item (a mis-numbered sub-list), or one that no "二、" follows.

A marker line with nothing under it before the next marker ("篇十二" directly followed by "【…范文】三。") opens
one report, not two.

Preamble: text before the first article marker of a collection (a site's introduction to its 17 samples, or the
collection's own title) is attached to no report when it is short (at most ``PREAMBLE_MAX_LINES`` lines and
``PREAMBLE_MAX_CHARS`` characters, no outline of its own): the segments then start at the first marker and do not
cover it.  Longer text before a marker — or any text before "扩展阅读" — is a report of its own.

Repeats: a segment whose text equals an earlier one after folding whitespace and punctuation, or that has
the same first line and a rapidfuzz ratio of at least ``REPEAT_MIN_RATIO`` with an earlier one (texts of
``REPEAT_MIN_CHARS`` folded characters or more, lengths within 10 %), gets ``duplicate_of`` = that segment's
index: the file posted the same article twice.  Hashes first; the fuzzy comparison only runs between segments
of similar length under the same first line that no hash matched.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from extract.outline import MARK_CHAPTER, cn_ordinal, is_heading, iter_lines, outline_marker
from extract.rules.patterns import lexicon_entries

_NUM = r"[一二三四五六七八九十百零〇两\d]{1,4}"

# "重点项目督查工作方案篇一" / "年度工作总结(篇二)" / "述职报告范文三" — a collection's article title line.
# The title part holds no clause punctuation, so "读了这篇文章，我们……" never matches.
ARTICLE_TITLE_FIRST = re.compile(
    rf"^(?P<title>[^。！？!?；;，,：:\n]{{2,60}}?)\s*[(（【\[]?\s*"
    rf"(?P<marker>篇\s*(?P<num>{_NUM})|[範范]文\s*(?P<num3>{_NUM}))\s*[)）】\]]?\s*$"
)
# "工作方案（第二篇）" / "工作方案 第二篇" — 第X篇 after a title only when set apart, so "这是第一篇" is no marker.
ARTICLE_TITLE_ORDINAL = re.compile(
    rf"^(?P<title>[^。！？!?；;，,：:\n]{{2,60}}?)(?:\s+|\s*[(（【\[]|\s*[—-]+\s*)"
    rf"(?P<marker>第\s*(?P<num>{_NUM})\s*篇)\s*[)）】\]]?\s*$"
)
# "篇一" / "第三篇：督查工作方案" / "范文二 半年工作总结" — the marker opens the line.
ARTICLE_MARKER_FIRST = re.compile(
    rf"^[(（【\[]?\s*(?P<marker>篇\s*(?P<num>{_NUM})|第\s*(?P<num2>{_NUM})\s*篇|(?:精选|精選)?[範范]文\s*(?P<num3>{_NUM}))"
    rf"\s*[)）】\]]?\s*(?:(?:[:：、.．]|\s)\s*(?P<title>[^\n]{{0,60}}))?$"
)
# "【城镇环保范文】四。" / "【工作总结范文】" — a bracketed sample-text marker, with an optional ordinal.
BRACKET_SAMPLE = re.compile(
    rf"^【(?P<title>[^【】\n]{{0,30}}(?:[範范]文|范例|範例|例文|样文|樣文|模板|精选|精選))】\s*"
    rf"(?P<num>{_NUM})?\s*[。.、:：]?\s*$"
)
# "扩展阅读：高新区两帮两促半年度总结材料" / "延伸阅读" — an appended reading (both scripts).
RELATED_READING = re.compile(
    r"^(?P<marker>(?:扩展|擴展|拓展|相关|相關|延伸|推荐|推薦)(?:阅读|閱讀))\s*(?:[:：]\s*(?P<title>[^。！？!?；;\n]{0,60}))?$"
)
# "附件" / "附件2：" — an attachment continues its report even when its outline restarts.
ATTACHMENT = re.compile(r"^\s*附\s*件\s*\d*\s*[:：]?")
# A lead-in to a list: "主要措施如下：" — the 一、 after it belongs to the same report.
LEAD_IN = re.compile(r"[:：]\s*$")
# A line of prose ends a sentence; a link in a list of related articles does not.
PROSE_END = re.compile(r"[。！？!?；;]\s*[”’」』）)]*\s*$")
# A line of digits and dashes only: a page number left by a PDF or Word export ("3", "— 2 —").
PAGE_NUMBER = re.compile(r"^[\s\d—\-－·]*$")

MARKER_LINE_MAX = 80  # a marker line is a short standalone line
PREAMBLE_MAX_LINES = 3
PREAMBLE_MAX_CHARS = 300
RESTART_WINDOW = 3  # lines above a restarted 一、 that may open the new report
RELATED_MIN_LINE = 20  # an appended reading needs at least one sentence of prose, not just a list of links
REPEAT_MIN_RATIO = 95.0
REPEAT_MIN_CHARS = 200

# Punctuation and whitespace are folded away before two segments are compared.
_FOLD = re.compile(r"[\W_]+")


@functools.cache
def _lexicon(name: str) -> tuple[str, ...]:
    """Entries of ``rules/lexicon/<name>.txt``: one a line, ``#`` comment lines and blank lines skipped."""
    return lexicon_entries(name)


@dataclass(frozen=True, slots=True)
class Segment:
    """One report's span of the normalised file text: ``text[start:end]``."""

    start: int
    end: int
    title: str | None = None  # the title the marker line gives ("重点项目督查工作方案篇一")
    marker: str | None = None  # "篇一", "扩展阅读", "【城镇环保范文】", "一、" (a restarted outline)
    duplicate_of: int | None = None


@dataclass(frozen=True, slots=True)
class _Boundary:
    line: int  # index into the line list
    marker: str
    title: str | None
    family: str  # "article" | "sample" | "related" | "restart"


def _marker_at(line: str) -> tuple[str, str | None, str] | None:
    """(marker, title, family) when ``line`` (stripped) is a report marker line."""
    if len(line) > MARKER_LINE_MAX:
        return None
    m = ARTICLE_TITLE_FIRST.match(line) or ARTICLE_TITLE_ORDINAL.match(line)
    if m:
        return re.sub(r"\s+", "", m["marker"]), line.rstrip("。."), "article"
    m = ARTICLE_MARKER_FIRST.match(line)
    if m:
        title = (m["title"] or "").strip().rstrip("。.") or None
        return re.sub(r"\s+", "", m["marker"]), title, "article"
    m = BRACKET_SAMPLE.match(line)
    if m:
        return f"【{m['title']}】", line.rstrip("。."), "sample"
    m = RELATED_READING.match(line)
    if m:
        title = (m["title"] or "").strip() or None
        return m["marker"], title, "related"
    return None


def split_reports(text: str) -> list[Segment]:
    """Split a normalised file text into the reports it holds, in file order.

    Segments tile the part of the text they cover: each ends where the next begins, the last at the end of
    the text.  Only a short preamble before a collection's first article marker is left uncovered (see the
    module docstring).  Repeats of an earlier segment carry ``duplicate_of``.

    Args:
        text: the file's normalised text (``NormalizedText.text``).

    Returns:
        The segments; a single segment covering everything when nothing splits the file.

    Example:
        >>> t = "工作方案篇一\\n一、目标\\n抓项目。\\n工作方案篇二\\n同志们：\\n要抓落实。"
        >>> [(s.title, s.marker) for s in split_reports(t)]
        [('工作方案篇一', '篇一'), ('工作方案篇二', '篇二')]
    """
    if not text.strip():
        return [Segment(0, len(text))]
    spans = list(iter_lines(text))
    lines = [text[s:e].strip() for s, e in spans]
    bounds = _marker_boundaries(lines)
    bounds = _drop_link_lists(bounds, lines)
    bounds = sorted(bounds + _restart_boundaries(lines, {b.line for b in bounds}), key=lambda b: b.line)
    bounds = _merge(_within_collection(bounds), lines)

    segments: list[Segment] = []
    first_line = bounds[0].line if bounds else len(lines)
    preamble = [ln for ln in lines[:first_line] if ln]
    keep_preamble = bool(preamble) and not (
        bounds
        and bounds[0].family in ("article", "sample")
        and len(preamble) <= PREAMBLE_MAX_LINES
        and sum(map(len, preamble)) <= PREAMBLE_MAX_CHARS
        and not any(outline_marker(ln) for ln in preamble)
    )
    if keep_preamble or not bounds:
        segments.append(Segment(0, spans[first_line][0] if bounds else len(text)))
    for i, b in enumerate(bounds):
        start = spans[b.line][0]
        end = spans[bounds[i + 1].line][0] if i + 1 < len(bounds) else len(text)
        title = b.title
        if b.family == "related" or (b.family == "article" and title is None):
            title = _next_title(lines, b.line) or title
        segments.append(Segment(start, end, title=title, marker=b.marker))
    return _mark_repeats(text, segments)


def _marker_boundaries(lines: list[str]) -> list[_Boundary]:
    out = []
    for i, line in enumerate(lines):
        if not line:
            continue
        found = _marker_at(line)
        if found:
            out.append(_Boundary(i, *found))
    return out


def _within_collection(bounds: list[_Boundary]) -> list[_Boundary]:
    """In a numbered collection (篇一, 篇二 …) the numbered articles are the reports.

    A page that collects "…篇一 … 篇十七" is split into its articles and no further: a 【…范文】 heading or a
    restarted 一、 inside an article is part of that article, as the collection numbers it.  A single article
    (one 篇 marker) is still split by its inner markers.
    """
    articles = [b for b in bounds if b.family == "article"]
    if len({b.marker for b in articles}) < 2:
        return bounds
    first = articles[0].line
    return [b for b in bounds if b.family in ("article", "related") or b.line < first]


def _drop_link_lists(bounds: list[_Boundary], lines: list[str]) -> list[_Boundary]:
    """Drop a 相关阅读 marker whose section is only short lines (a list of links, not a report)."""
    keep = []
    for i, b in enumerate(bounds):
        if b.family == "related":
            stop = bounds[i + 1].line if i + 1 < len(bounds) else len(lines)
            if not any(
                len(ln) >= RELATED_MIN_LINE and PROSE_END.search(ln) for ln in lines[b.line + 1 : stop]
            ):
                continue
        keep.append(b)
    return keep


def _merge(bounds: list[_Boundary], lines: list[str]) -> list[_Boundary]:
    """A marker line with nothing under it opens one report with the marker that follows it."""
    out: list[_Boundary] = []
    for b in bounds:
        if out and not any(lines[out[-1].line + 1 : b.line]):
            continue
        out.append(b)
    return out


def _restart_boundaries(lines: list[str], taken: set[int]) -> list[_Boundary]:
    """Boundaries where the level-1 outline (一、二、三、) starts again at 一、 inside one report."""
    out: list[_Boundary] = []
    max_l1 = 0  # highest 一、-style number seen since the last boundary or chapter heading
    last_marker = -1  # index of the last line with any outline marker
    for i, line in enumerate(lines):
        if not line:
            continue
        if i in taken:
            max_l1, last_marker = 0, i
            continue
        m = outline_marker(line)
        if m is None:
            continue
        if MARK_CHAPTER.match(line):
            max_l1, last_marker = 0, i
            continue
        if m.style == "一、":
            if m.number == 1 and max_l1 >= 2 and _continues(lines, i):
                start = _restart_start(lines, last_marker, i)
                if start is not None:
                    title = lines[start] if is_heading(lines[start]) else None
                    out.append(_Boundary(start, "一、", title, "restart"))
                    max_l1 = 0
            max_l1 = max(max_l1, m.number or 0)
        last_marker = i
    return out


def _continues(lines: list[str], i: int) -> bool:
    """A restarted outline opens a report only if "二、" follows it."""
    for line in lines[i + 1 :]:
        m = outline_marker(line) if line else None
        if m and m.style == "一、":
            return m.number == 2
    return False


def _restart_start(lines: list[str], last_marker: int, restart: int) -> int | None:
    """The first line of the report that a restarted 一、 at ``restart`` opens, or None for no split."""
    window = [j for j in range(max(last_marker + 1, restart - RESTART_WINDOW), restart) if lines[j]]
    window = [j for j in window if not PAGE_NUMBER.match(lines[j])]
    if not window:
        return None
    if any(ATTACHMENT.match(lines[j]) for j in window) or LEAD_IN.search(lines[window[-1]]):
        return None
    titles = [j for j in window if is_heading(lines[j])]
    if titles:
        # "督查工作方案" opens a document; "下半年工作打算" heads the next part of the same one.
        return titles[0] if any(w in lines[titles[0]] for w in _lexicon("report_title_words")) else None
    # Without a title line, only the paragraph right above the restart opens the new report, and only if it
    # opens like a document ("为加快推进……"): the lines before it are more likely the last item's body.
    return window[-1] if lines[window[-1]].startswith(_lexicon("report_openings")) else None


def _next_title(lines: list[str], i: int) -> str | None:
    """The title line just under a marker ("扩展阅读" then "高新区半年度工作总结"), if it reads as a title."""
    for line in lines[i + 1 : i + 3]:
        if line:
            return line if is_heading(line) and not outline_marker(line) else None
    return None


def _first_line(text: str, seg: Segment) -> str:
    nl = text.find("\n", seg.start, seg.end)
    return text[seg.start : seg.end if nl < 0 else nl]


def _mark_repeats(text: str, segments: list[Segment]) -> list[Segment]:
    folded = [_FOLD.sub("", text[s.start : s.end]) for s in segments]
    # A near-identical copy counts as a repeat only under the same first line: the same article posted again.
    # Two articles of a collection may share a body under different titles (篇七 and 篇十二 of one collection);
    # they stay two reports here, and cross-report dedupe (corpus.dedupe) pairs them.
    heads = [_FOLD.sub("", _first_line(text, s)) for s in segments]
    first_of: dict[str, int] = {}  # folded text -> first segment holding it (dict lookup: hash first)
    distinct: list[int] = []
    out: list[Segment] = []
    for i, (seg, f) in enumerate(zip(segments, folded, strict=True)):
        dup = first_of.get(f)
        if dup is None and len(f) >= REPEAT_MIN_CHARS:
            for j in distinct:
                g = folded[j]
                if (
                    heads[j] == heads[i]
                    and abs(len(g) - len(f)) <= 0.1 * max(len(g), len(f))
                    and fuzz.ratio(f, g, score_cutoff=REPEAT_MIN_RATIO)
                ):
                    dup = j
                    break
        if dup is None:
            first_of.setdefault(f, i)
            distinct.append(i)
            out.append(seg)
        else:
            out.append(replace(seg, duplicate_of=dup))
    return out


__all__ = ["Segment", "split_reports", "cn_ordinal"]
