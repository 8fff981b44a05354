"""FIGURE recogniser: every quantity of substance — number + unit, what it measures, approx, ranges.

    "总投资320亿元"      -> value 32000000000, unit 元, of 总投资
    "6.36万平方米库房"   -> value 63600, unit 平方米
    "每人包保2-4项"      -> value [2, 4], unit 项
    "近300次"            -> value 300, unit 次, approx
    "高7.7和20.3个百分点" -> 7.7 个百分点 and 20.3 个百分点
    "1/3以上"            -> value 33.33, unit %, approx

Not figures: dates and years, ordinals (第一次), session numbers (二届八次), phase names (一期工程), list
numbers, document numbers, phone numbers, placeholders (xx, ***), page counters, the numerals of fixed
phrases (四个一, 5+2, 一线, 一把手, 以下三个方面) and "一X一Y" slogans (一个项目、一名领导).

One regex pass (``patterns.figure_pattern``) finds candidates; each is read by ``extract.rules.numbers`` and
checked against the rules above.  Conventions follow ../shared/gold/GUIDELINES.md: money in 元 with 万/亿
multiplied out, 万平方米/万亩/万吨 (any 万/亿 before a unit) multiplied out, 个百分点 its own unit, fractions
as a percentage, counts keep their measure word as unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from extract.model import FactKind
from extract.recognize import Context, Mention
from extract.recognize._spans import Intervals
from extract.rules import patterns as P
from extract.rules.numbers import MULTIPLIERS, parse_chinese, parse_fraction, parse_number, parse_range
from extract.rules.scan import finditer_within

# Counts whose measure word needs an Arabic number or a counting cue to be a figure: with a Chinese numeral
# they are mostly names or idioms (一期工程, 两级, 一年来, 一天天).
_WEAK_CHINESE_UNITS = frozenset(
    {"期", "级", "年", "周", "道", "口", "眼", "头", "张", "片", "支", "只", "根", "类", "棵", "台", "部",
     "省", "市", "县", "层"}
)


def _blocked(text: str) -> list[tuple[int, int]]:
    """Spans of fixed phrases and document numbers: a figure inside one is not a figure."""
    # a phrase that starts inside a longer number is not that phrase: "二十一个项目" holds "一个项目"
    spans = [
        m.span()
        for m in P.fixed_phrase_pattern().finditer(text)
        if not (m.start() and text[m.start() - 1] in P.NUMBER_CHARS)
    ]
    spans += [m.span() for m in P.DOC_REF.finditer(text)]
    return sorted(spans)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    # spans are few per report; a linear scan is cheaper than bisect bookkeeping for overlapping intervals
    return any(s < end and start < e for s, e in spans)


def _is_chinese(num: str) -> bool:
    return bool(num) and not any(ch.isdigit() for ch in num)


def _value(num: str) -> float | tuple[float, float] | None:
    if _is_chinese(num):
        pair = parse_range(num)
        if pair is not None:
            return pair
        # a bare multiplier (百, 千, 万) is a figure only as 百余/千余 or stacked (百万, 千万): "万亩" is part of
        # a name, "千家万户" an idiom; checked by the caller through _bare_multiplier.
        return parse_chinese(num)
    return parse_number(num)


def _bare_multiplier(num: str) -> bool:
    return num in ("十", "百", "千", "万", "亿")


def _of(text: str, start: int, end: int, unit: str) -> str | None:
    """What the figure measures: a few characters of its clause, before it for measures, after for counts."""
    # the clause around the figure, at most 15 characters to its left and 14 to its right
    lo = max(start - 15, 0)
    last_break = P.CLAUSE_BREAK_LAST.match(text, lo, start)
    left = text[last_break.end() if last_break else lo : start]
    hi = min(end + 14, len(text))
    next_break = P.CLAUSE_BREAK.search(text, end, hi)
    right = text[end : next_break.start() if next_break else hi]
    # counts name what they count after them ("40个重点技改项目"); measures what they measure before them
    # ("总投资320亿元")
    if unit in P.count_units() and right and not right[0].isdigit() and not P.OF_VERB_START.match(right):
        cand = P.OF_TRAILING_NUMBER.sub("", right)[:12]  # the noun right after the count
    else:
        cand = left[-12:]  # the words right before the measure
    cand = P.OF_TRIM_RIGHT.sub("", P.OF_TRIM_LEFT.sub("", cand.strip()))
    return cand or None


def _reject(m: re.Match[str], text: str, unit: str, value) -> bool:
    """True when the match is a number of something else (date, ordinal, name, slogan, boilerplate).

    ``unit`` is the measure word as written (市, not the 个 it is recorded as).
    """
    start, end = m.start("n1"), m.end("unit") if m["unit"] else m.end()
    n1 = m["n1"]
    before = text[max(0, start - 6) : start]
    after = text[end : end + 8]
    chinese = _is_chinese(n1)
    if P.ORDINAL_BEFORE.search(before) or P.BOILERPLATE_BEFORE.search(before):
        return True
    if unit in ("次",) and (P.SESSION_BEFORE.search(before) or P.SESSION_AFTER.match(after)):
        return True
    if unit == "年":
        # "2022年" is a year, "2007-2008年" a span of years; "4年左右的时间" is a duration.
        big = value if not isinstance(value, tuple) else value[1]
        if big >= 100 or (not chinese and len(n1) >= 3):
            return True
    if m["times"] and P.unit_aliases().get(unit, unit) not in P.TIMES_UNITS:
        return True
    if unit in P.RANK_UNITS and P.RANK_BEFORE.search(before):
        return True
    if unit in P.NO_MULTIPLIER_UNITS and (m["mult"] or m["geyi"]):
        return True
    guard = P.NOT_AFTER_UNIT.get(unit)
    if guard is not None and guard.match(text, end) and not m["post"]:
        return True
    if P.VAGUE_BEFORE.search(before):
        return True
    if chinese:
        if P.QUOTE_BEFORE.search(before):
            return True
        if n1 == "一" and unit not in P.ONE_COUNT_UNITS and not P.ONE_COUNT_CUE.search(before):
            return True
        if n1 == "二" and unit not in P.TWO_ORDINAL_UNITS_OK:
            return True
        if P.BACKREF_BEFORE.search(before):
            return True
        if unit in P.TIME_UNITS and P.TIME_BACKREF_BEFORE.search(before):
            return True
        if unit == "元" and not m["mult"] and isinstance(value, float) and value < 100:
            return True
        if _bare_multiplier(n1) and not (m["q1"] or m["q2"] or m["post"] in ("余", "多") or m["pre"]):
            return True
        if unit in _WEAK_CHINESE_UNITS and not P.PHASE_COUNT_CUE.search(before) and not m["pre"]:
            if not (unit == "年" and (m["post"] or text.startswith("的时间", end) or before.endswith("为"))):
                return True
        if P.count_not_after_pattern().match(text, end):
            return True
        if P.QUOTE_AFTER.match(text, end):
            return True
        if value == 1 and P.ONE_SLOGAN.match(text, end):
            return True
    return False


def _figure(m: re.Match[str], text: str) -> Mention | None:
    unit_surface = m["unit"] or "元"  # only "45.6个亿" has no unit: 亿元
    unit = P.unit_aliases().get(unit_surface, unit_surface)
    n1, n2 = m["n1"], m["n2"]
    v1 = _value(n1)
    if v1 is None:
        return None
    value: float | tuple[float, float] | list[float]
    if isinstance(v1, tuple):
        value = v1
    elif n2:
        v2 = _value(n2)
        if v2 is None or isinstance(v2, tuple):
            return None
        if m["sep"] == "、" and not (v1 < v2):
            return None
        value = (v1, v2)
    else:
        value = v1
    if _reject(m, text, unit_surface, value):
        return None
    scale = 1.0
    mult = "个亿" if m["geyi"] else m["mult"]
    if mult:
        scale = MULTIPLIERS.get(mult, 1.0)
    if m["times"]:
        scale *= float(m["times"])
    if m["sign"] and not isinstance(value, tuple):
        value = -value
    if mult == "个亿":
        unit = "元"
    if m["per"]:
        per = m["per"]
        unit = f"{unit}/{P.unit_aliases().get(per, per)}"
    if isinstance(value, tuple):
        out_value: float | list[float] = [_clean(value[0] * scale), _clean(value[1] * scale)]
    else:
        out_value = _clean(value * scale)
    approx = bool(m["pre"] or m["q1"] or m["q2"] or m["post"] or (m["geyi"] and "多" in m["geyi"]))
    approx = approx or (m["sep"] == "、")
    start = m.start("pre") if m["pre"] else m.start()
    return Mention(
        FactKind.FIGURE,
        start,
        m.end(),
        {"value": out_value, "unit": unit, "of": _of(text, start, m.end(), unit), "approx": approx,
         "project": None, "_scale": scale, "_pre": bool(m["pre"])},
    )


def _clean(x: float) -> float | int:
    """Integers as int (JSON "75", not "75.0"); 12 significant digits, so 4.06万亿 is 4060000000000, not
    4059999999999.9995."""
    r = float(f"{x:.12g}")
    return int(r) if r == int(r) and abs(r) < 1e18 else r


def _shared_unit(text: str, figs: list[Mention]) -> Iterator[Mention]:
    """"高7.7和20.3个百分点": the bare 7.7 takes the unit of the figure right after it (and its 万/亿 when it
    has none of its own: "80和90亿元")."""
    by_start = {f.start: f for f in figs}
    found: list[Mention] = []
    # right to left, so that "6万、3.8万、3.3万平方公里" chains back from the last figure
    for m in reversed(list(P.shared_unit_pattern().finditer(text))):
        nxt = by_start.get(m.end())
        if nxt is None or isinstance(nxt.attrs["value"], list) or nxt.attrs.get("_pre"):
            continue
        v = parse_number(m["n"])
        if v is None:
            continue
        scale = MULTIPLIERS[m["mult"]] if m["mult"] in MULTIPLIERS else nxt.attrs["_scale"]
        fig = Mention(
            FactKind.FIGURE,
            m.start("n"),
            m.end("mult") if m["mult"] else m.end("n"),
            {"value": _clean(v * scale), "unit": nxt.attrs["unit"], "of": nxt.attrs["of"], "approx": False,
             "project": None, "_scale": scale},
        )
        by_start[fig.start] = fig
        found.append(fig)
    return iter(found)


def _fractions(text: str, taken: list[tuple[int, int]]) -> Iterator[Mention]:
    # a fraction holds 分之 or / and no clause separator: only the clauses with one are scanned (FRACTION's
    # optional lead-in makes it slow to fail at every position of a text)
    for m in finditer_within(P.FRACTION, text, breaks=P.CLAUSE_BREAK, hint=P.FRACTION_HINT):
        core = text[m.start("den") if m["den"] else m.start("a") : m.end("num") if m["den"] else m.end("b")]
        if _overlaps(taken, m.start(), m.end()):
            continue
        pct = parse_fraction(core)
        if pct is None:
            continue
        yield Mention(
            FactKind.FIGURE,
            m.start(),
            m.end(),
            {"value": pct, "unit": "%", "of": _of(text, m.start(), m.end(), "%"),
             "approx": bool(m["pre"] or m["post"]), "project": None},
        )


def _big_n_projects(text: str, taken: list[tuple[int, int]]) -> Iterator[Mention]:
    for m in P.BIG_N_PROJECTS.finditer(text):
        value = parse_chinese(m["n"])
        if value is None or _overlaps(taken, m.start(), m.end()):
            continue
        yield Mention(
            FactKind.FIGURE,
            m.start(),
            m.end(),
            {"value": _clean(value), "unit": "个", "of": _of(text, m.start(), m.end(), "个"), "approx": False,
             "project": None},
        )


def _outside_names(figs: list[Mention], ctx: Context) -> list[Mention]:
    """Drop the figures that are part of a project's name ("8万吨乙二醇项目", "东侧16米支路").

    The project recogniser runs first; a figure counts as part of a name when the name goes on after it.  A
    figure at the very end of a project span ("二期工程50%") is a statement about the project and stays.
    """
    names = [(m.start, m.end) for m in ctx.of_kind(FactKind.PROJECT)]
    if not names:
        return figs
    # only sizes and capacities ("10万吨", "30万千瓦", "12米") make names; money, shares and counts inside a
    # project span are more likely a span that reached too far, so they stay
    return [
        f
        for f in figs
        if f.attrs["unit"] not in P.NAME_SIZE_UNITS or not any(s <= f.start and f.end < e for s, e in names)
    ]


def find_figures(text: str, ctx: Context) -> list[Mention]:
    """Every figure of one report's normalised text, in text order.

    Example:
        >>> [f.attrs["value"] for f in find_figures("总投资320亿元，其中实施类项目82个", Context())]
        [32000000000, 82]
    """
    blocked = _blocked(text)
    blocked_index = Intervals(blocked)
    figs: list[Mention] = []
    for m in P.figure_pattern().finditer(text):
        if blocked and blocked_index.overlaps(m.start("n1"), m.end("unit") if m["unit"] else m.end()):
            continue
        fig = _figure(m, text)
        if fig is not None:
            figs.append(fig)
    figs += list(_shared_unit(text, figs))
    figs += list(_fractions(text, [(f.start, f.end) for f in figs] + blocked))
    figs += list(_big_n_projects(text, blocked))
    figs = _outside_names(figs, ctx)
    figs.sort(key=lambda f: f.start)
    # the private keys helped the shared-unit pass; the attrs leave clean
    return [Mention(f.kind, f.start, f.end, {k: v for k, v in f.attrs.items() if not k.startswith("_")}) for f in figs]
