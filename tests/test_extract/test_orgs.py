"""Organisation and people recognisers: tables of report-shaped phrases (made up for the tests)."""

from __future__ import annotations

import pytest

from extract.model import FactKind
from extract.recognize import Context, Mention
from extract.recognize.orgs import find_orgs, find_people


def orgs(text: str, ctx: Context | None = None) -> list[str]:
    return sorted({m.attrs["name"] for m in find_orgs(text, ctx or Context())})


# fmt: off
ORGS = [
    # a department by its general name, with its level or place
    ("区住建局加强与市住建局的对接。",                        ["区住建局", "市住建局"]),
    ("由区城管局牵头，会同区财政局办理。",                    ["区城管局", "区财政局"]),
    ("认真落实县委、县政府的工作要求。",                      ["县委", "县政府"]),
    ("经青河市发改局审核后报省发改委。",                      ["省发改委", "青河市发改局"]),
    ("与县委办督查科联合开展跟踪督办。",                      ["县委办督查科"]),
    ("切实贯彻省政府的决策部署。",                            ["省政府"]),
    ("在区委区政府的坚强领导下。",                            ["区委", "区政府"]),
    # a name ending in a unit suffix, left edge at the cue word
    ("领导一行到华兴科技有限公司召开现场办公会。",            ["华兴科技有限公司"]),
    ("国网东城供电公司认真提出解决方案。",                    ["国网东城供电公司"]),
    ("成立了全县招商引资工作领导小组。",                      ["全县招商引资工作领导小组"]),
    ("(一)工业项目督查组\n组长:某某",                        ["工业项目督查组"]),
    ("需经规划部门、消防部门审查。",                          ["消防部门", "规划部门"]),
    # towns listed by name
    ("督查范围:青山镇、白水乡、南湖街道。",                   ["南湖街道", "白水乡", "青山镇"]),
]

NOT_ORGS = [
    "形成了全新的发展格局。",
    "各部门要加强配合。",
    "有关单位要及时上报。",
    "对交办事项实行台账督办。",
    "领导小组下设办公室。",
    "全部干部职工积极参与。",
    "成立38个工作小组。",
    "由一个专班负责。",
    "督查组每周督查一次。",
]

PEOPLE = [
    ("副区长张明主持会议。",                   [("张明", "副区长")]),
    ("管委会主任刘建国召开专题会议。",         [("刘建国", "主任")]),
    ("党工委书记陈亮、管委会副主任周立带队。", [("周立", "副主任"), ("陈亮", "书记")]),
    ("包保领导王红同志深入现场。",             [("王红", "包保领导")]),
]

NOT_PEOPLE = [
    "领导小组组长由xxx担任。",
    "副县长xxx同志分管此项工作。",
    "请各位主任认真落实。",
]
# fmt: on


@pytest.mark.parametrize("text,expected", ORGS)
def test_orgs(text, expected):
    assert orgs(text) == sorted(expected)


@pytest.mark.parametrize("text", NOT_ORGS)
def test_not_orgs(text):
    assert orgs(text) == []


def test_org_inside_a_project_name_is_the_project():
    text = "青松物流中心项目加快建设。"
    ctx = Context(mentions=[Mention(FactKind.PROJECT, 0, 6, {"name": "青松物流中心"})])
    assert orgs(text, ctx) == []


@pytest.mark.parametrize("text,expected", PEOPLE)
def test_people(text, expected):
    found = sorted((m.attrs["name"], m.attrs["post"]) for m in find_people(text, Context()))
    assert found == sorted(expected)


@pytest.mark.parametrize("text", NOT_PEOPLE)
def test_placeholders_are_not_people(text):
    assert find_people(text, Context()) == []


def test_person_span_covers_the_name():
    text = "副区长张明主持会议。"
    (m,) = find_people(text, Context())
    assert m.kind == FactKind.PERSON
    assert text[m.start : m.end] == "张明"
