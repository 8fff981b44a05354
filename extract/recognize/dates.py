"""DATE recogniser: calendar dates and periods, resolved against the report date.

    "2022年3月29日" -> iso 2022-03-29        "5月底" -> iso <year>-05-31       "一季度" -> <year>-01-01/<year>-03-31
    "1-6月份"       -> a period              "201*年5月17日" -> iso None, partial "201*-05-17"

``attrs``: ``iso`` (see ``extract.rules.dates`` for its forms; None when unknown), ``partial`` (the ISO shape
with a masked year kept, for display), ``qualifier`` (前/以来/后 when the text bounds the date: "年底前").
"""

from __future__ import annotations

from extract.model import FactKind
from extract.recognize import Context, Mention
from extract.rules import patterns as P
from extract.rules.dates import DateState, resolve_match, resolve_plan, resolve_week, resolve_year_range


def find_dates(text: str, ctx: Context) -> list[Mention]:
    """Every date or period of one report's text, in text order.

    Example:
        >>> import datetime as dt
        >>> ms = find_dates("2022年3月4日印发；5月底前完成", Context(report_date=dt.date(2023, 1, 16)))
        >>> [m.attrs["iso"] for m in ms]
        ['2022-03-04', '2022-05-31']
    """
    found: list[tuple[int, int, dict]] = []
    for m in P.YEAR_RANGE.finditer(text):
        iso = resolve_year_range(m)
        found.append((m.start(), m.end(), {"iso": iso, "partial": iso}))
    for m in P.PLAN_PERIOD.finditer(text):
        iso = resolve_plan(m)
        found.append((m.start(), m.end(), {"iso": iso, "partial": iso}))
    for m in P.REL_WEEK.finditer(text):
        iso = resolve_week(m, ctx.report_date)
        found.append((m.start(), m.end(), {"iso": iso, "partial": iso}))
    taken = sorted((s, e) for s, e, _ in found)
    state = DateState()
    for m in P.DATE.finditer(text):
        if m.end() == m.start() or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        # a suffix alone ("前", "后") or a bare relative word inside a longer phrase is no date
        core_end = m.start("suffix") if m["suffix"] else m.end()
        if core_end == m.start():
            continue
        iso, partial = resolve_match(m, ctx.report_date, state)
        attrs = {"iso": iso, "partial": partial}
        if m["suffix"]:
            attrs["qualifier"] = m["suffix"]
        # the span is the date itself; "前"/"以来" bound it and go to ``qualifier`` ("年底前" -> 年底)
        found.append((m.start(), core_end, attrs))
    found.sort(key=lambda x: (x[0], -x[1]))
    out: list[Mention] = []
    last_end = -1
    for s, e, attrs in found:
        if s < last_end:
            continue
        out.append(Mention(FactKind.DATE, s, e, attrs))
        last_end = e
    return out
