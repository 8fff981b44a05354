"""Dates and periods as reports write them, resolved against the report date.

What ``iso`` holds (documented here because every consumer reads it):

    2022年3月29日            -> "2022-03-29"                       a day
    2022年4月, 4月份          -> "2022-04"                          a month
    2022年                   -> "2022"                             a year
    5月底, 年底               -> "2022-05-31", "2022-12-31"          the last day (a deadline means "by then")
    6月下旬, 3月上旬, 5月初    -> "2022-06-21/2022-06-30", ...        a period "start/end" (ISO interval)
    一季度, 上半年, 1-6月份     -> "2022-01-01/2022-03-31", ...
    今年秋季                  -> "2022-09-01/2022-11-30"
    7月3-6日                  -> "2022-07-03/2022-07-06"
    2007-2008年               -> "2007-01-01/2008-12-31"
    “十一五”期间 / 末          -> "2006-01-01/2010-12-31" / "2010"
    下周五                    -> the Friday of the week after the report date
    201*年5月17日, 20xx年      -> None (masked year: unknown, never guessed); ``partial`` keeps "201*-05-17"

A date without a year takes the year last stated before it in the same report ("2022年3月4日……3月29日"), or
the report date's year when none was; after a masked year ("201*年") it stays unknown.  A day without a month
("28日") takes the month last stated.  With no report date and no year in the text, ``iso`` is None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from extract.rules.numbers import parse_chinese

_SEASONS = {"春季": (3, 5), "夏季": (6, 8), "秋季": (9, 11)}
_HALVES = {"上半年": (1, 6), "下半年": (7, 12)}
_REL_YEARS = {"今年": 0, "当年": 0, "本年": 0, "去年": -1, "上年": -1, "明年": 1, "前年": -2}
_CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


@dataclass(slots=True)
class DateState:
    """What the text has said so far: the year and month a bare "3月29日" or "28日" belongs to.

    ``year`` None with ``masked`` True means the text said a masked year (201*): later dates stay unknown.
    """

    year: int | None = None
    month: int | None = None
    masked: bool = False
    masked_text: str | None = None  # "201*": kept for ``partial``


def _int(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    value = parse_chinese(text)
    return None if value is None else int(value)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _period(y1: int, m1: int, d1: int, y2: int, m2: int, d2: int) -> str:
    return f"{y1:04d}-{m1:02d}-{d1:02d}/{y2:04d}-{m2:02d}-{d2:02d}"


def _months(year: int, m1: int, m2: int) -> str:
    return _period(year, m1, 1, year, m2, _last_day(year, m2))


def _year_part(year: int, part: str) -> str | None:
    if "季度" in part:
        q = _int(part.replace("第", "").replace("季度", ""))
        if q is None or not 1 <= q <= 4:
            return None
        return _months(year, 3 * q - 2, 3 * q)
    if part in _HALVES:
        return _months(year, *_HALVES[part])
    if part in _SEASONS:
        return _months(year, *_SEASONS[part])
    if part == "冬季":
        return _period(year, 12, 1, year + 1, 2, _last_day(year + 1, 2))
    if part == "全年":
        return f"{year:04d}"
    if part == "年初":
        return f"{year:04d}-01"
    if part == "年中":
        return f"{year:04d}-06"
    if part in ("年底", "年末"):
        return f"{year:04d}-12-31"
    return None  # 春节前后: the holiday moves, so the span is not known from the year alone


def _month_part(year: int, month: int, part: str) -> str | None:
    last = _last_day(year, month)
    if part in ("底", "末"):
        return f"{year:04d}-{month:02d}-{last:02d}"
    spans = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "中": (11, 20), "下旬": (21, last)}
    if part not in spans:
        return None
    d1, d2 = spans[part]
    return _period(year, month, d1, year, month, d2)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def resolve_match(m: re.Match[str], report_date: dt.date | None, state: DateState) -> tuple[str | None, str | None]:
    """Resolve one ``patterns.DATE`` match to ``(iso, partial)`` and update ``state``.

    ``partial`` is the ISO shape with a masked year kept as written ("201*-05-17"), for dates whose year is
    masked; otherwise it equals ``iso``.

    Example:
        >>> from extract.rules.patterns import DATE
        >>> resolve_match(DATE.search("2022年3月29日"), None, DateState())
        ('2022-03-29', '2022-03-29')
    """
    if m["iy"]:
        y, mo, d = int(m["iy"]), int(m["im"]), int(m["id"])
        state.year, state.month, state.masked = y, mo, False
        iso = f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None
        return iso, iso

    # --- the year this date belongs to ---
    year: int | None
    masked_text: str | None = None
    if m["year"]:
        ytext = m["year"].translate(_CHINESE_DIGITS)  # 二〇二二 -> 2022
        if ytext.isdigit():
            year = int(ytext)
            state.year, state.masked = year, False
        else:
            year, masked_text = None, ytext
            state.year, state.masked, state.masked_text = None, True, ytext
    elif m["rel"]:
        if report_date is None:
            year = None
        else:
            year = report_date.year + _REL_YEARS[m["rel"]]
        state.year, state.masked = year, False
    elif state.masked:
        year, masked_text = None, state.masked_text
    else:
        year = state.year if state.year is not None else (report_date.year if report_date else None)

    month = _int(m["month"] or m["cmonth"])
    if m["m1"]:
        m1, m2 = int(m["m1"]), int(m["m2"])
        state.month = m2
        if not (1 <= m1 < m2 <= 12):
            return None, None
        if year is None:
            return None, f"{masked_text}-{m1:02d}/{masked_text}-{m2:02d}" if masked_text else None
        iso = _months(year, m1, m2)
        return iso, iso
    if m["lone_day"]:
        month = state.month
        day = int(m["lone_day"])
        if month is None:
            return None, None
        if year is None:
            return None, f"{masked_text}-{month:02d}-{day:02d}" if masked_text else None
        iso = f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None
        return iso, iso
    if month is not None:
        state.month = month
        if not 1 <= month <= 12:
            return None, None
        day = _int(m["day"]) if m["day"] else None
        if m["d1"]:
            if year is None:
                return None, None
            d1, d2 = int(m["d1"]), int(m["d2"])
            if not (_valid(year, month, d1) and _valid(year, month, d2) and d1 < d2):
                return None, None
            iso = _period(year, month, d1, year, month, d2)
            return iso, iso
        if year is None:
            if masked_text is None:
                return None, None
            tail = f"-{day:02d}" if day else ""
            return None, f"{masked_text}-{month:02d}{tail}"
        if day is not None:
            iso = f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None
            return iso, iso
        if m["mpart"]:
            iso = _month_part(year, month, m["mpart"])
            return iso, iso
        iso = f"{year:04d}-{month:02d}"
        return iso, iso
    if m["ypart"] or m["yend"]:
        if year is None:
            return None, None
        iso = _year_part(year, m["ypart"] or "年" + m["yend"])
        return iso, iso
    if m["year"] or m["rel"]:
        if year is None:
            return None, masked_text
        iso = f"{year:04d}"
        return iso, iso
    return None, None


def resolve_year_range(m: re.Match[str]) -> str | None:
    """"2007-2008年" -> "2007-01-01/2008-12-31"; a masked end ("20xx-20xx年") -> None.

    Example:
        >>> from extract.rules.patterns import YEAR_RANGE
        >>> resolve_year_range(YEAR_RANGE.search("2007-2008年"))
        '2007-01-01/2008-12-31'
    """
    y1, y2 = m["y1"], m["y2"]
    if not (y1.isdigit() and y2.isdigit()) or int(y1) >= int(y2):
        return None
    return _period(int(y1), 1, 1, int(y2), 12, 31)


def plan_years(plan: str) -> tuple[int, int] | None:
    """The years of a five-year plan: 十一五 -> (2006, 2010), 一五 -> (1953, 1957).

    The first two plans ran 1953-1957 and 1958-1962; after three years of adjustment the third began in 1966
    and every later one follows on.

    Example:
        >>> plan_years("十四五")
        (2021, 2025)
    """
    n = _int(plan[:-1]) if plan.endswith("五") else None
    if n is None or n < 1:
        return None
    start = {1: 1953, 2: 1958}.get(n, 1966 + 5 * (n - 3))
    return start, start + 4


def resolve_plan(m: re.Match[str]) -> str | None:
    """"“十一五”期间" -> "2006-01-01/2010-12-31", "“十一五”末" -> "2010", "“十二五”初" -> "2011"."""
    years = plan_years(m["plan"])
    if years is None:
        return None
    y1, y2 = years
    part = m["part"]
    if part == "末":
        return f"{y2:04d}"
    if part == "初":
        return f"{y1:04d}"
    return _period(y1, 1, 1, y2, 12, 31)


def resolve_week(m: re.Match[str], report_date: dt.date | None) -> str | None:
    """"下周五" -> the Friday of next week; "本周" -> Monday/Sunday of this week.  None without a report date.

    Example:
        >>> from extract.rules.patterns import REL_WEEK
        >>> resolve_week(REL_WEEK.search("下周五"), dt.date(2023, 1, 16))
        '2023-01-27'
    """
    if report_date is None:
        return None
    shift = {"上": -1, "本": 0, "这": 0, "下": 1}[m["which"]]
    monday = report_date - dt.timedelta(days=report_date.weekday()) + dt.timedelta(weeks=shift)
    if m["wd"]:
        return (monday + dt.timedelta(days=_WEEKDAYS[m["wd"]])).isoformat()
    return f"{monday.isoformat()}/{(monday + dt.timedelta(days=6)).isoformat()}"
