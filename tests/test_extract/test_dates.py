"""DATE recogniser and date rules (extract.recognize.dates, extract.rules.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.recognize import Context
from extract.recognize.dates import find_dates
from extract.rules.dates import plan_years

REPORT = dt.date(2023, 1, 16)  # a Monday


def dates(text: str, report_date: dt.date | None = REPORT) -> list[tuple[str, str | None]]:
    return [(text[m.start : m.end], m.attrs["iso"]) for m in find_dates(text, Context(report_date=report_date))]


# fmt: off
RESOLVED = [
    ("于2022年3月29日召开",   [("2022年3月29日", "2022-03-29")]),
    ("发布时间：2023-01-16",  [("2023-01-16", "2023-01-16")]),
    ("2022年4月开工",         [("2022年4月", "2022-04")]),
    ("2022年，全区",          [("2022年", "2022")]),
    ("5月底前完成",           [("5月底", "2023-05-31")]),
    ("截至2022年12月底",      [("2022年12月底", "2022-12-31")]),
    ("力争2022年底投用",      [("2022年底", "2022-12-31")]),
    ("年底前完工",            [("年底", "2023-12-31")]),
    ("一季度",                [("一季度", "2023-01-01/2023-03-31")]),
    ("第三季度",              [("第三季度", "2023-07-01/2023-09-30")]),
    ("上半年",                [("上半年", "2023-01-01/2023-06-30")]),
    ("1-6月份",               [("1-6月份", "2023-01-01/2023-06-30")]),
    ("3—4月份",               [("3—4月份", "2023-03-01/2023-04-30")]),
    ("3月至6月",              [("3月至6月", "2023-03-01/2023-06-30")]),
    ("7月3-6日",              [("7月3-6日", "2023-07-03/2023-07-06")]),
    ("6月下旬",               [("6月下旬", "2023-06-21/2023-06-30")]),
    ("今年秋季",              [("今年秋季", "2023-09-01/2023-11-30")]),
    ("去年3月",               [("去年3月", "2022-03")]),
    ("明年上半年",            [("明年上半年", "2024-01-01/2024-06-30")]),
    ("下周五",                [("下周五", "2023-01-27")]),
    ("本周",                  [("本周", "2023-01-16/2023-01-22")]),
    ("2007-2008年",           [("2007-2008年", "2007-01-01/2008-12-31")]),
    ("“十一五”期间",          [("“十一五”期间", "2006-01-01/2010-12-31")]),
    ("十二月底",              [("十二月底", "2023-12-31")]),
    ("二〇二二年三月二十九日", [("二〇二二年三月二十九日", "2022-03-29")]),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), RESOLVED)
def test_dates_resolved(text, expected):
    assert dates(text) == expected


# fmt: off
MASKED = [
    ("201*年5月17日",   [("201*年5月17日", None)]),
    ("20xx年",          [("20xx年", None)]),
    ("××年",            [("××年", None)]),
    ("20xx-20xx年",     [("20xx-20xx年", None)]),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_masked_years_are_never_guessed(text, expected):
    assert dates(text) == expected


def test_bounding_word_is_a_qualifier_not_part_of_the_span():
    (m,) = find_dates("确保9月底前完成", Context(report_date=REPORT))
    assert m.attrs["qualifier"] == "前" and m.attrs["iso"] == "2023-09-30"


def test_masked_year_keeps_its_shape_in_partial():
    (m,) = find_dates("201*年5月17日", Context(report_date=REPORT))
    assert m.attrs["partial"] == "201*-05-17"


def test_later_dates_take_the_year_last_stated():
    # months after a stated year belong to it; after a masked year they stay unknown
    assert dates("2022年3月4日印发，3月29日召开") == [("2022年3月4日", "2022-03-04"), ("3月29日", "2022-03-29")]
    assert dates("201*年初，5月20日开工") == [("201*年初", None), ("5月20日", None)]


def test_a_day_alone_takes_the_month_last_stated():
    assert dates("2022年2月12日……28日") == [("2022年2月12日", "2022-02-12"), ("28日", "2022-02-28")]


def test_without_report_date_relative_dates_are_unknown():
    assert dates("5月底", report_date=None) == [("5月底", None)]
    assert dates("下周五", report_date=None) == [("下周五", None)]


@pytest.mark.parametrize("text", ["每人包保2-4项", "一月一调度", "召开了3次推进会", "增长5.2%", "第3批"])
def test_not_dates(text):
    assert dates(text) == []


@pytest.mark.parametrize(("plan", "years"), [("一五", (1953, 1957)), ("三五", (1966, 1970)), ("十四五", (2021, 2025))])
def test_plan_years(plan, years):
    assert plan_years(plan) == years
