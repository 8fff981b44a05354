"""The review page: a report's normalised text with every fact highlighted, for a person to check.

``render_review`` turns ``ExtractedFile`` s into one self-contained HTML page (no scripts, no external
resources): per report a header (file, title, kind, date, issuer, period, what normalisation did), the text
with each fact underlined in its kind's colour, and a side table of the facts by kind.  Hovering a highlighted
character shows every fact that covers it with its parsed values, e.g.::

    FIGURE 3.2亿元 → value=320000000 unit=元 of=完成投资 approx=false
    原文: 3.2億元

The highlighting is spaCy's displaCy "span" style (``manual=True``), which stacks overlapping spans: a project
inside an issue, a figure inside an agreed item.  Three things about displaCy shape the code here:

* its span renderer compares every token with every span, so it is fed one small "doc" per cluster of
  overlapping facts (plain text between clusters is escaped here), which keeps a 100k-character report fast;
* it tokenises nothing itself; tokens are cut here at every fact boundary (so spans are exact) and every few
  characters (so a long agreed item wraps almost like the surrounding Chinese text);
* it escapes the text but has no slot for per-token attributes, so each highlighted token is rendered with a
  placeholder attribute that is filled in afterwards, in order, with the facts that cover it.
"""

from __future__ import annotations

import bisect
import html
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.errors import ExtractError
from extract.model import ExtractedFile, Fact, FactKind, Report, ReportKind

# kind -> (label on the highlight, colour).  Mid-tone colours: black label text stays readable on each.
KIND_STYLE: dict[FactKind, tuple[str, str]] = {
    FactKind.PROJECT: ("项目", "#4fc1b6"),
    FactKind.FIGURE: ("数据", "#f7a35c"),
    FactKind.DATE: ("日期", "#8fb8e8"),
    FactKind.AGREED: ("议定", "#b39ddb"),
    FactKind.ISSUE: ("问题", "#f28b8b"),
    FactKind.ORG: ("单位", "#a5d67a"),
    FactKind.PERSON: ("人员", "#e6a4d0"),
    FactKind.MEETING: ("会议", "#f2d04b"),
    FactKind.DOC_REF: ("文号", "#c4a484"),
}

REPORT_KIND_NAMES: dict[ReportKind, str] = {
    ReportKind.PROGRESS_REPORT: "进展情况",
    ReportKind.MEETING_MINUTES: "会议纪要",
    ReportKind.SUPERVISION_BULLETIN: "督查通报",
    ReportKind.SPEECH: "讲话",
    ReportKind.HALF_YEAR_SUMMARY: "工作总结",
    ReportKind.WORK_PLAN: "工作方案",
    ReportKind.REGULATION: "制度办法",
    ReportKind.OTHER: "其他",
}

# displaCy geometry, in px: the first underline sits below a 16px line of text, far enough that the number tag
# centred on it clears the glyphs; stacked underlines 13px apart so their tags do not touch.
_DISPLACY_OPTIONS_GEOMETRY = {"top_offset": 28, "span_label_offset": 9, "top_offset_step": 13}

# Our templates for displaCy's span renderer (format keys are displaCy's).  The tag on a span's first character
# shows the fact's number only (the colour says the kind): kind words made adjacent tags overlap.  No whitespace inside: the text is
# shown with ``white-space: pre-wrap``.  ``data-x=""`` is the placeholder filled in after rendering; it cannot
# occur in the text, which displaCy escapes (``"`` -> ``&quot;``).
_TPL_TOKEN = '<mark class="tok" data-x="" style="height:{total_height}px">{text}{span_slices}{span_starts}</mark>'
_TPL_SLICE = '<i style="top:{top_offset}px;background:{bg}"></i>'
_TPL_START = '<i class="st" style="top:{top_offset}px;background:{bg}"><b style="background:{bg}">{kb_link}</b></i>'
_TOKEN_PLACEHOLDER = '<mark class="tok" data-x=""'
# Characters per highlighted token at most (see _token_bounds).
TOKEN_CHARS = 4
# displaCy's knowledge-base link, which we use to carry a fact's id: <a style="…" href="#f-d0r0f3">4</a>
_KB_LINK = re.compile(r'\s*<a [^>]*href="#f-([0-9a-z]+)"[^>]*>([^<]*)</a>\s*')
# displaCy wraps each doc in <div class="spans" …>…</div>; our templates hold no <div>, the text is escaped
_DISPLACY_DOC = re.compile(r'<div class="spans"[^>]*>(.*?)</div>', re.S)


@dataclass(frozen=True, slots=True)
class _Piece:
    """The part of a fact that lies on one line of the report (a fact may run over a line break)."""

    fid: str  # page-wide id of the fact: d<file>r<report>f<index>
    number: int  # 1-based number shown on the label and in the side table
    kind: FactKind
    start: int  # offsets within the line
    end: int
    is_start: bool  # the fact begins on this line (the label links to the table only there)


def render_review(
    files: Sequence[ExtractedFile], *, title: str | None = None, errors: Sequence[ExtractError] = ()
) -> str:
    """Render files' reports as one self-contained HTML review page.

    Args:
        files: what ``extract.pipeline.extract_path`` yielded.
        title: the page title; by default the file names.
        errors: documents that could not be read (e.g. a zip member), listed at the top so nothing is lost.

    Returns:
        The page as a string (write it as UTF-8).

    Example:
        >>> from extract.pipeline import process_document
        >>> from extract.model import RawDocument
        >>> ef = process_document(RawDocument("x.txt", "0" * 64, "txt", "完成投资3.2亿元。", 24))
        >>> page = render_review([ef])
        >>> "value=320000000 unit=元" in page
        True
    """
    files = list(files)
    page_title = title or "、".join(Path(ef.raw.path).name for ef in files) or "duban 审阅"
    counts = Counter(f.kind for ef in files for r in ef.reports for f in r.facts)
    out = [
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(page_title)} · duban 审阅</title><style>{_CSS}</style></head><body>",
        f'<header class="page"><h1>{_esc(page_title)}</h1>{_legend(counts)}',
        '<p class="help">悬停高亮文字：看解析出的值和原文写法。点标签上的编号：跳到右侧事实表；'
        "点表中的编号：跳回原文。同一处有几条事实时，下划线叠在一起。</p></header>",
    ]
    if errors:
        out.append('<section class="errors"><h2>未能读取</h2><ul>')
        out.extend(f"<li>{_esc(str(err))}</li>" for err in errors)
        out.append("</ul></section>")
    if not files:
        out.append('<p class="empty">没有可审阅的文档。</p>')
    for fi, ef in enumerate(files):
        out.extend(_file_section(ef, fi))
    # no timestamp: the same input gives the same page, so two pages can be diffed
    out.append(f"<footer>duban 审阅页 · {len(files)} 个文档 · {sum(counts.values())} 条事实</footer>")
    out.append("</body></html>\n")
    return "".join(out)


def review_path(path: str | Path, *, title: str | None = None) -> tuple[str, tuple[ExtractError, ...]]:
    """Extract one input file and render its review page; the documents that failed come back too.

    Example:
        >>> page, errors = review_path("2023年上半年工作总结.txt")  # doctest: +SKIP
    """
    from extract.pipeline import extract_path  # the pipeline loads spaCy and jieba: only when asked

    files: list[ExtractedFile] = []
    errors: list[ExtractError] = []
    for item in extract_path(path):
        if isinstance(item, ExtractError):
            errors.append(item)
        else:
            files.append(item)
    return render_review(files, title=title or Path(path).name, errors=errors), tuple(errors)


def fact_hover(fact: Fact, written: str | None = None) -> str:
    """The hover text of a fact: kind, text, parsed values; and the raw text when it was written differently.

    Example:
        >>> from extract.model import Source
        >>> f = Fact(FactKind.FIGURE, "3.2亿元", Source("x", "0", 0, 0, 0, 5),
        ...          {"value": 320000000.0, "unit": "元", "of": "完成投资", "approx": False, "project": None})
        >>> fact_hover(f, "3.2億元")
        'FIGURE 3.2亿元 → value=320000000 unit=元 of=完成投资 approx=false\\n原文: 3.2億元'
    """
    values = format_attrs(fact.attrs)
    text = f"{fact.kind.name} {fact.text}" + (f" → {values}" if values else "")
    if written is not None and written != fact.text:
        text += f"\n原文: {written}"
    return text


def format_attrs(attrs: dict[str, Any]) -> str:
    """``key=value`` pairs of the parsed values that are set (``None`` and empty lists left out).

    Example:
        >>> format_attrs({"value": [1.0, 2.5], "unit": "万元", "approx": True, "project": None})
        'value=[1, 2.5] unit=万元 approx=true'
    """
    return " ".join(f"{k}={_format_value(v)}" for k, v in attrs.items() if v not in (None, "", [], {}, ()))


def _format_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        # 3.2亿元 parses to 320000000.0: show it as the integer it is, never as 3.2e+08
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join("null" if x is None else _format_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, default=str)
    return str(v)


# --- page parts ---------------------------------------------------------------------------------------------


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _legend(counts: Counter) -> str:
    items = [
        f'<span class="key"><i style="background:{color}"></i>{label} <small>{kind.value} · {counts.get(kind, 0)}</small></span>'
        for kind, (label, color) in KIND_STYLE.items()
    ]
    return '<div class="legend">' + "".join(items) + "</div>"


def _file_section(ef: ExtractedFile, fi: int) -> Iterator[str]:
    raw, norm = ef.raw, ef.normalized
    yield f'<section class="file" id="d{fi}"><h2>{_esc(raw.path)}</h2>'
    facts = [
        ("格式", raw.format),
        ("编码", raw.encoding),
        ("大小", f"{raw.size:,} 字节"),
        ("sha256", raw.sha256[:16]),
        ("字形", "繁体（已转简体）" if norm.script == "traditional" else "简体"),
        ("去拼音注音", norm.pinyin_removed),
        ("乱码修复", norm.mojibake_repaired),
        ("乱码标记", norm.mojibake_flagged),
        ("去网页杂项", norm.boilerplate_removed),
        ("报告", f"{len(ef.reports)} 篇"),
    ]
    yield _dl(facts)
    if raw.notes:
        yield '<ul class="notes">' + "".join(f"<li>{_esc(n)}</li>" for n in raw.notes) + "</ul>"
    if len(ef.reports) > 1:
        yield '<nav class="toc"><ol>'
        for r in ef.reports:
            dup = f"（与 #{r.duplicate_of + 1} 重复）" if r.duplicate_of is not None else ""
            yield f'<li><a href="#d{fi}r{r.index}">{_esc(r.title or "（无标题）")}</a> <small>{len(r.facts)} 条{dup}</small></li>'
        yield "</ol></nav>"
    for r in ef.reports:
        yield from _report_section(ef, fi, r)
    yield "</section>"


def _dl(pairs: Iterable[tuple[str, object]]) -> str:
    cells = "".join(f"<div><dt>{_esc(k)}</dt><dd>{_esc(v)}</dd></div>" for k, v in pairs if v not in (None, ""))
    return f'<dl class="meta">{cells}</dl>'


def _report_section(ef: ExtractedFile, fi: int, r: Report) -> Iterator[str]:
    rid = f"d{fi}r{r.index}"
    yield f'<article class="report" id="{rid}"><h3>#{r.index + 1} {_esc(r.title or "（无标题）")}</h3>'
    period = r.period_text
    if period and (r.period_start or r.period_end):
        period += f"（{r.period_start or '?'} — {r.period_end or '?'}）"
    kinds = Counter(f.kind for f in r.facts)
    yield _dl(
        [
            ("种类", f"{REPORT_KIND_NAMES.get(r.kind, r.kind.value)}（{r.kind.value}）"),
            ("日期", r.date or r.date_text),
            ("发文", r.issuer),
            ("时段", period),
            ("字数", f"{r.chars:,}"),
            ("事实", " · ".join(f"{KIND_STYLE[k][0]} {n}" for k, n in kinds.items()) or "0"),
        ]
    )
    if r.duplicate_of is not None:
        yield f'<p class="dup">与同一文件中的报告 <a href="#d{fi}r{r.duplicate_of}">#{r.duplicate_of + 1}</a> 重复，正文从略。</p></article>'
        return
    hovers: dict[str, str] = {}
    written: dict[str, str] = {}  # the raw text of the facts written differently (traditional, pinyin notes)
    for n, f in enumerate(r.facts):
        rs, re_ = ef.normalized.to_raw(r.start + f.source.start, r.start + f.source.end)
        fid = f"{rid}f{n}"
        hovers[fid] = fact_hover(f, ef.raw.text[rs:re_])
        if ef.raw.text[rs:re_] != f.text:
            written[fid] = ef.raw.text[rs:re_]
    yield '<div class="cols"><div class="text">'
    yield _render_text(r, rid, hovers)
    yield '</div><aside class="facts">'
    yield _fact_tables(r, rid, written)
    yield "</aside></div></article>"


def _fact_tables(r: Report, rid: str, written: dict[str, str]) -> str:
    by_kind: dict[FactKind, list[int]] = {}
    for n, f in enumerate(r.facts):
        by_kind.setdefault(f.kind, []).append(n)
    if not by_kind:
        return '<p class="empty">未识别出事实。</p>'
    out = []
    for kind in KIND_STYLE:
        numbers = by_kind.get(kind)
        if not numbers:
            continue
        label, color = KIND_STYLE[kind]
        out.append(
            f'<details open class="kind-{kind.value}"><summary><i style="background:{color}"></i>{label} '
            f"<small>{kind.value} · {len(numbers)}</small></summary><table><tbody>"
        )
        for n in sorted(numbers, key=lambda i: r.facts[i].source.start):
            f = r.facts[n]
            fid = f"{rid}f{n}"
            link = f'<a href="#h-{fid}">{n + 1}</a>' if f.source.end > f.source.start else str(n + 1)
            raw = f'<div class="raw">原文: {_esc(written[fid])}</div>' if fid in written else ""
            out.append(
                f'<tr id="f-{fid}" class="k-{kind.value}"><td class="n">{link}</td>'
                f'<td class="t">{_esc(f.text)}{raw}</td><td class="v">{_esc(format_attrs(f.attrs))}</td></tr>'
            )
        out.append("</tbody></table></details>")
    return "".join(out)


# --- the highlighted text -----------------------------------------------------------------------------------


def _render_text(r: Report, rid: str, hovers: dict[str, str]) -> str:
    """The report text, one block per line, each cluster of overlapping facts rendered by displaCy."""
    from spacy import displacy

    text = r.text
    levels = {p.start: (p.level, p.heading) for p in r.paragraphs}
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    # facts cut into per-line pieces (one sweep: facts sorted by start, lines in order)
    pieces: list[list[_Piece]] = [[] for _ in lines]
    order = sorted(range(len(r.facts)), key=lambda i: r.facts[i].source.start)
    starts = [a for a, _ in lines]
    for n in order:
        f = r.facts[n]
        s, e = f.source.start, f.source.end
        if e <= s:
            continue
        li = max(bisect.bisect_right(starts, s) - 1, 0)
        while li < len(lines) and lines[li][0] < e:
            ls, le = lines[li]
            a, b = max(s, ls), min(e, le)
            if b > a:
                pieces[li].append(_Piece(f"{rid}f{n}", n + 1, f.kind, a - ls, b - ls, s >= ls))
            li += 1
    # clusters of overlapping pieces: each becomes one displaCy doc
    docs: list[dict[str, Any]] = []
    token_facts: list[list[_Piece]] = []  # per highlighted token, in render order: the pieces covering it
    layout: list[list[tuple[str, Any]]] = []  # per line: ("text", str) | ("doc", index into docs)
    sentinel = _sentinel(text)
    for (ls, le), line_pieces in zip(lines, pieces, strict=True):
        line = text[ls:le]
        parts: list[tuple[str, Any]] = []
        cursor = 0
        for cluster in _clusters(line_pieces):
            cs, ce = cluster[0].start, max(p.end for p in cluster)
            if cs > cursor:
                parts.append(("text", line[cursor:cs]))
            bounds = _token_bounds(cs, ce, cluster)
            docs.append(_displacy_doc(line, bounds, cluster, sentinel))
            token_facts.extend(_covering(cluster, bounds))
            parts.append(("doc", len(docs) - 1))
            cursor = ce
        if cursor < len(line):
            parts.append(("text", line[cursor:]))
        layout.append(parts)
    rendered: list[str] = []
    if docs:
        colors = {label: color for label, color in KIND_STYLE.values()}
        options = {
            "colors": colors,
            "template": {"span": _TPL_TOKEN, "slice": _TPL_SLICE, "start": _TPL_START},
            **_DISPLACY_OPTIONS_GEOMETRY,
        }
        markup = displacy.render(docs, style="span", manual=True, options=options, jupyter=False)
        rendered = _DISPLACY_DOC.findall(markup)
        if len(rendered) != len(docs):
            raise ValueError(f"displaCy 输出 {len(rendered)} 段，应为 {len(docs)} 段：spaCy 的 span 模板可能已改变")
        rendered = _fill_tokens(rendered, token_facts, hovers, sentinel)
    out = []
    for (ls, _le), parts in zip(lines, layout, strict=True):
        if not parts:
            continue
        level, heading = levels.get(ls, (0, False))
        cls = f"ln lv{level}" + (" hd" if heading else "")
        body = "".join(_esc(v) if k == "text" else rendered[v] for k, v in parts)
        out.append(f'<p class="{cls}">{body}</p>')
    return "".join(out)


def _sentinel(text: str) -> str:
    """A private-use character absent from the text.

    displaCy renders whitespace tokens as plain text followed by a space; a whitespace character inside a fact
    (a tab in a table row) is given this marker so it is highlighted like its neighbours, then the marker is
    taken out again.
    """
    for cp in range(0xE000, 0xF8FF):
        if chr(cp) not in text:
            return chr(cp)
    raise ValueError("报告文本用尽了 Unicode 私用区字符，无法生成审阅页")  # pragma: no cover - 6400 distinct PUA chars


def _clusters(pieces: list[_Piece]) -> Iterator[list[_Piece]]:
    """Groups of pieces that overlap one another (transitively), in text order."""
    cluster: list[_Piece] = []
    end = -1
    for p in sorted(pieces, key=lambda p: (p.start, -p.end)):
        if cluster and p.start >= end:
            yield cluster
            cluster = []
        cluster.append(p)
        end = max(end, p.end)
    if cluster:
        yield cluster


def _token_bounds(cs: int, ce: int, cluster: list[_Piece]) -> list[int]:
    """Token boundaries of ``[cs, ce)``: every span start and end, and at least every ``TOKEN_CHARS`` characters.

    A token is one inline block on the page, so a line can only wrap between tokens: short tokens wrap like the
    surrounding text; tokens longer than one character keep the page small (each carries the hover text).
    """
    cuts = sorted({cs, ce, *(p.start for p in cluster), *(p.end for p in cluster)})
    bounds = [cs]
    for a, b in zip(cuts, cuts[1:], strict=False):
        bounds.extend(range(a + TOKEN_CHARS, b, TOKEN_CHARS))
        bounds.append(b)
    return bounds


def _displacy_doc(line: str, bounds: list[int], cluster: list[_Piece], sentinel: str) -> dict[str, Any]:
    """displaCy's manual span format over the tokens of one cluster; every span starts and ends on a token."""
    tokens = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        tok = line[a:b]
        # a token of spaces or a tab inside a fact: displaCy would print it plain with a space after it
        tokens.append(tok + sentinel if tok.isspace() else tok)
    index = {pos: i for i, pos in enumerate(bounds)}
    spans = [
        {
            "start_token": index[p.start],
            "end_token": index[p.end],
            "label": KIND_STYLE[p.kind][0],
            # the knowledge-base link is displaCy's one per-span slot in the label: it carries the fact's id
            "kb_id": str(p.number) if p.is_start else "…",
            "kb_url": f"#f-{p.fid}",
        }
        for p in cluster
    ]
    return {"text": line[bounds[0] : bounds[-1]], "tokens": tokens, "spans": spans}


def _covering(cluster: list[_Piece], bounds: list[int]) -> list[list[_Piece]]:
    """For each token: the pieces covering it, outermost first (displaCy's stacking order)."""
    cover: list[list[_Piece]] = [[] for _ in bounds[1:]]
    index = {pos: i for i, pos in enumerate(bounds)}
    for p in sorted(cluster, key=lambda p: (p.start, -(p.end - p.start), KIND_STYLE[p.kind][0])):
        for i in range(index[p.start], index[p.end]):
            cover[i].append(p)
    return cover


def _fill_tokens(
    rendered: list[str], token_facts: list[list[_Piece]], hovers: dict[str, str], sentinel: str
) -> list[str]:
    """Fill each highlighted token's placeholder with its kinds, fact ids and hover text, in render order."""
    it = iter(token_facts)
    cache: dict[tuple[str, ...], str] = {}
    used = 0

    def fill(_m: re.Match) -> str:
        nonlocal used
        used += 1
        covering = next(it)
        key = tuple(p.fid for p in covering)
        attrs = cache.get(key)
        if attrs is None:
            kinds = " ".join(dict.fromkeys(f"k-{p.kind.value}" for p in covering))
            title = "\n\n".join(hovers[p.fid] for p in covering)
            attrs = f'<mark class="tok {kinds}" data-f="{" ".join(key)}" title="{_esc(title)}"'
            cache[key] = attrs
        return attrs

    def link(m: re.Match) -> str:
        fid, number = m.group(1), m.group(2)
        # only the line where the fact begins carries the anchor the side table links to
        anchor = f' id="h-{fid}"' if number.isdigit() else ""
        return f'<a class="ref"{anchor} href="#f-{fid}" title="{_esc(hovers[fid])}">{number}</a>'

    out = []
    for part in rendered:
        part = part.replace(sentinel, "")
        part = re.sub(re.escape(_TOKEN_PLACEHOLDER), fill, part)
        out.append(_KB_LINK.sub(link, part))
    if used != len(token_facts):
        raise ValueError(f"displaCy 输出 {used} 个高亮片段，应为 {len(token_facts)} 个：spaCy 的 span 模板可能已改变")
    return out


_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","Noto Serif CJK SC",sans-serif;
 margin:0 auto;max-width:1500px;padding:0 1.2rem 3rem;color:#222;background:#fafafa;font-size:16px}
h1{font-size:1.4rem;margin:1rem 0 .4rem}h2{font-size:1.15rem;margin:1.6rem 0 .3rem;word-break:break-all}
h3{font-size:1.1rem;margin:1.2rem 0 .3rem}
header.page{padding:.3rem 0;border-bottom:1px solid #ddd}
.help{margin:.3rem 0;color:#666;font-size:.85rem}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.9rem}
.legend .key i,summary i{display:inline-block;width:1.4em;height:.6em;border-radius:2px;margin-right:.3em;vertical-align:middle}
.legend small,summary small{color:#777}
dl.meta{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;margin:.3rem 0;font-size:.88rem}
dl.meta div{display:flex;gap:.3em}dl.meta dt{color:#777}dl.meta dd{margin:0}
.notes,.errors{color:#a33;font-size:.9rem}.dup,.empty{color:#777}
nav.toc{font-size:.9rem;max-height:14rem;overflow:auto;border:1px solid #e3e3e3;background:#fff;padding:.2rem .5rem}
nav.toc small{color:#888}
article.report{border-top:2px solid #ccc;margin-top:1.2rem}
.cols{display:flex;gap:1.2rem;align-items:flex-start}
.text{flex:3;min-width:0;background:#fff;border:1px solid #e3e3e3;padding:.6rem 1rem}
aside.facts{flex:2;min-width:0;position:sticky;top:.5rem;max-height:calc(100vh - 1rem);overflow:auto;font-size:.85rem}
p.ln{margin:.45em 0;line-height:1.9;white-space:pre-wrap;word-break:break-all}
p.hd{font-weight:bold}p.lv1{font-weight:bold}p.lv2{padding-left:1em}p.lv3{padding-left:2em}p.lv4{padding-left:3em}
mark.tok{background:none;color:inherit;display:inline-block;position:relative;line-height:1.5}
mark.tok:hover{background:#fff3b0}
mark.tok>i{position:absolute;left:0;right:-1px;height:4px;display:block;font-style:normal}
mark.tok>i.st{border-radius:3px 0 0 3px}
mark.tok>i.st>b{position:absolute;top:-.55em;left:0;z-index:10;white-space:nowrap;font-size:10px;line-height:1;
 padding:1px 3px;border-radius:3px;color:#000;font-weight:normal}
a.ref{color:#000;text-decoration:none}
a.ref:target{outline:2px solid #d00;outline-offset:1px}
details{margin:.2rem 0 .6rem;background:#fff;border:1px solid #e3e3e3}
summary{cursor:pointer;padding:.2rem .4rem;font-weight:bold;background:#f3f3f3}
table{border-collapse:collapse;width:100%}
td{border-top:1px solid #eee;padding:.15rem .35rem;vertical-align:top}
td.n{width:2.5em;text-align:right}td.n a{text-decoration:none}
td.v{color:#555;word-break:break-all;font-family:ui-monospace,monospace;font-size:.8rem}
td .raw{color:#a05a00;font-size:.8rem}
tr:target{background:#fff3b0}
footer{margin-top:2rem;color:#999;font-size:.8rem}
"""
