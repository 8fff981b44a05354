"""MEETING recogniser (extract.recognize.meetings): names, dates before them, counts after them."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.recognize import Context
from extract.recognize.dates import find_dates
from extract.recognize.meetings import find_meetings


def meetings(text: str, report_date: dt.date | None = None) -> list[dict]:
    ctx = Context(report_date=report_date)
    ctx.mentions.extend(find_dates(text, ctx))  # the pipeline runs dates first
    return [m.attrs for m in find_meetings(text, ctx)]


def test_named_meeting_with_date_and_counts():
    text = "2021年4月8日，第二次推进会就6个项目存在的问题进行了研究，议定了11个具体事项；"
    (m,) = meetings(text)
    assert (m["name"], m["date"], m["projects"], m["agreed_items"]) == ("第二次推进会", "2021-04-08", 6, 11)


def test_counts_written_as_totals():
    (m,) = meetings("3月2日召开项目调度会，研究项目9个，议定事项21个。", dt.date(2021, 5, 1))
    assert (m["name"], m["date"], m["projects"], m["agreed_items"]) == ("项目调度会", "2021-03-02", 9, 21)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("区长主持召开现场办公会，协调解决用地问题。", "现场办公会"),
        ("市政府组织召开联席会议，研究资金问题。", "联席会议"),
        ("在市政府常务会上作了汇报", "市政府常务会"),
        ("全县201*年“双招双引”活动第二次点评会", "全县201*年“双招双引”活动第二次点评会"),
        ("参加了市委三届四次全体会议", "市委三届四次全体会议"),
    ],
)
def test_meeting_names(text, name):
    assert [m["name"] for m in meetings(text)] == [name]


def test_masked_year_date_is_kept_as_written():
    (m,) = meetings("201*年3月17日，在园区召开现场办公会。")
    assert m["date"] == "201*-03-17"


def test_count_before_the_name_is_not_part_of_it():
    (m,) = meetings("一年来，召开了4次项目推进会。")
    assert m["name"] == "项目推进会" and m["count"] == 4


@pytest.mark.parametrize(
    "text",
    ["会议要求各单位抓好落实", "这次会议很重要", "前两次会议议定的事项", "区住建局会同区发改委", "在五楼会议室"],
)
def test_not_named_meetings(text):
    assert meetings(text) == []


def test_organisations_ending_in_hui_are_not_meetings():
    assert meetings("区营商环境咨询委员会、区工商联合会、市建筑业协会") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("本次全县项目观摩推进大会的主要任务是", "全县项目观摩推进大会"),
        ("（二）工作例会。每周一召开", "工作例会"),
        ("出席全市安全生产工作会并讲话", "全市安全生产工作会"),
        ("召开业务培训会", "业务培训会"),
    ],
)
def test_meeting_name_openings_are_trimmed(text, name):
    assert [m["name"] for m in meetings(text)] == [name]


def test_minutes_are_not_a_second_meeting():
    assert [m["name"] for m in meetings("召开联席会议，形成会议纪要。")] == ["联席会议"]
