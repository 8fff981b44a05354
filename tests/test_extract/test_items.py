"""AGREED item recogniser: decisions, 由…牵头 assignments, unit directives, deadlines; owners, status, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.model import FactKind, ReportKind
from extract.recognize import Context, Mention
from extract.recognize.items import find_agreed_items, resolve_deadline, split_owners
from extract.rules import item_patterns as P

MAY_4 = dt.date(2023, 5, 4)


def items(
    text: str, kind: ReportKind = ReportKind.SPEECH, date: dt.date | None = MAY_4
) -> list[tuple[str, dict]]:
    ctx = Context(report_date=date, report_kind=kind)
    return [(text[m.start : m.end], m.attrs) for m in find_agreed_items(text, ctx)]


def texts(text: str, kind: ReportKind = ReportKind.SPEECH) -> list[str]:
    return [t for t, _ in items(text, kind)]


def test_minutes_item_with_owner_co_owners_and_deadline() -> None:
    got = items("会议议定：由区住建局牵头，区城管局配合，于9月底前完成清表。", ReportKind.MEETING_MINUTES)
    assert got == [
        (
            "由区住建局牵头，区城管局配合，于9月底前完成清表",
            {
                "owner": ["区住建局"],
                "co_owners": ["区城管局"],
                "deadline": "9月底前",
                "deadline_iso": "2023-09-30",
                "status": "open",
                "project": None,
                "projects": [],
            },
        )
    ]


@pytest.mark.parametrize(
    ("text", "owner", "co_owners"),
    [
        (
            "由县发改局牵头，县财政局、县自然资源局配合，3个月内完成前期手续。",
            ["县发改局"],
            ["县财政局", "县自然资源局"],
        ),
        ("由市监察局牵头，会同市财政局共同开展专项检查。", ["市监察局"], ["市财政局"]),
        ("市环保局要加强对项目的前期介入。", ["市环保局"], []),
        ("公安、检察、法院等部门要加大治安综合治理力度。", ["公安", "检察", "法院"], []),
        ("市国土局和市环保局要及时落实用地和环评手续。", ["市国土局", "市环保局"], []),
        ("要求区住建局加快推进清表工作。", ["区住建局"], []),
        ("省发改委定期召开重大项目协调会议。", ["省发改委"], []),
    ],
)
def test_owners(text: str, owner: list[str], co_owners: list[str]) -> None:
    got = items(text, ReportKind.MEETING_MINUTES)
    assert len(got) == 1
    assert got[0][1]["owner"] == owner
    assert got[0][1]["co_owners"] == co_owners


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # deadlines with a completion verb, each its own item
        (
            "8月底前要完成老城区拆迁工作，11月底完成湿地公园建设。",
            ["8月底前要完成老城区拆迁工作", "11月底完成湿地公园建设"],
        ),
        ("确保年底前分别完成30户农户建房任务。", ["确保年底前分别完成30户农户建房任务"]),
        # tasks on works in a speech, with their purpose clause
        (
            "要加快东环路、滨河路改造工程进度，确保如期完成。",
            ["要加快东环路、滨河路改造工程进度，确保如期完成"],
        ),
        # a group that must complete something
        ("其他12个示范村要分别完成20户建房任务。", ["其他12个示范村要分别完成20户建房任务"]),
        # decisions: each decided matter
        (
            "会议研究确定了园区学校选址，园区综合服务楼用地等问题。",
            ["会议研究确定了园区学校选址", "园区综合服务楼用地等问题"],
        ),
        # standing arrangements
        ("领导小组办公室设在县发改局。", ["领导小组办公室设在县发改局"]),
    ],
)
def test_items_found(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("会议强调，各级各部门要提高认识。", ReportKind.SPEECH),  # exhortation to everyone
        ("会议要求大家进一步统一思想。", ReportKind.SPEECH),
        ("我们要深刻认识项目建设的重大意义。", ReportKind.SPEECH),
        ("各地各部门要高度重视环保工作。", ReportKind.SPEECH),
        ("希望有关部门认真做好相关工作。", ReportKind.SPEECH),
        ("项目将于5月底完成主体工程。", ReportKind.PROGRESS_REPORT),  # a plan reported, not assigned
        ("剩余房屋将于6月20日前完成拆迁。", ReportKind.PROGRESS_REPORT),
        ("1-6月完成投资14.9亿元。", ReportKind.SPEECH),  # a statistic
        ("由县考核办牵头，相关部门配合。", ReportKind.WORK_PLAN),  # a plan's own division of labour
        ("县委、县政府将推进招商引资作为重中之重来抓。", ReportKind.SPEECH),  # 把-like 将
        ("市环保部门要率先垂范。", ReportKind.SPEECH),
        ("会议议定了11个具体事项。", ReportKind.PROGRESS_REPORT),  # a count of decisions, not one
        ("5个县区抓项目的力度还不够平衡。", ReportKind.SPEECH),  # a problem, not a task
    ],
)
def test_not_items(text: str, kind: ReportKind) -> None:
    assert texts(text, kind) == []


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("会议研究确定了园区学校选址。", "done"),
        ("由区住建局牵头的清表工作已完成。", "done"),
        ("由区住建局牵头的清表工作逾期未完成。", "overdue"),
        ("要求区住建局加快推进清表工作。", "in_progress"),
        ("市环保局要加强对项目的前期介入。", "open"),
    ],
)
def test_status(text: str, status: str) -> None:
    got = items(text, ReportKind.SUPERVISION_BULLETIN)
    assert [a["status"] for _, a in got] == [status]


@pytest.mark.parametrize(
    ("written", "report_date", "iso"),
    [
        ("8月底前", MAY_4, "2023-08-31"),
        ("年底前", MAY_4, "2023-12-31"),
        ("年内", MAY_4, "2023-12-31"),
        ("明年6月底", MAY_4, "2024-06-30"),
        ("今年10月31日前", MAY_4, "2023-10-31"),
        ("二季度末", MAY_4, "2023-06-30"),
        ("3个月内", MAY_4, "2023-08-04"),
        ("6月中旬", MAY_4, "2023-06-20"),
        ("2024年3月31日前", None, "2024-03-31"),  # the year is written: no report date needed
        ("9月底前", None, None),  # masked or unknown report year: never guessed
        ("2月30日前", MAY_4, None),  # no such day
    ],
)
def test_resolve_deadline(written: str, report_date: dt.date | None, iso: str | None) -> None:
    m = P.DEADLINE.search(written)
    assert m is not None and m["dl"] == written
    assert resolve_deadline(m, report_date) == iso


def test_deadline_iso_is_none_without_report_date() -> None:
    got = items("8月底前要完成老城区拆迁工作。", date=None)
    assert got[0][1]["deadline"] == "8月底前"
    assert got[0][1]["deadline_iso"] is None


@pytest.mark.parametrize(
    ("subject", "owners"),
    [
        ("区住建局", ["区住建局"]),
        ("市县两级发改、财政、审计部门", ["市县两级发改", "财政", "审计"]),
        ("宣传部门和新闻单位", ["宣传部门", "新闻单位"]),
        ("各项目责任单位", ["各项目责任单位"]),
        ("市上", ["市上"]),
        ("各级各部门", []),  # everyone: nobody in particular
        ("我们", []),
        ("城乡", []),  # a one-character suffix needs two characters before it
        ("部门", []),
        ("有关部门", []),
    ],
)
def test_split_owners(subject: str, owners: list[str]) -> None:
    assert split_owners(subject, []) == owners


def test_project_from_an_earlier_mention() -> None:
    text = "要加快东环路改造工程建设进度。"
    start = text.index("东环路")
    ctx = Context(report_kind=ReportKind.SPEECH)
    ctx.mentions.append(Mention(FactKind.PROJECT, start, start + 7, {"name": "东环路改造工程"}))
    got = find_agreed_items(text, ctx)
    assert [m.attrs["project"] for m in got] == ["东环路改造工程"]


def test_minutes_one_item_per_assignment() -> None:
    text = (
        "会议议定以下事项：\n"
        "一、关于污水处理厂管网配套问题。由区住建局牵头，区财政局配合，6月底前完成管网设计招标。\n"
        "二、关于标准厂房建设问题。会议同意由园区管委会负责，按照代建模式推进，"
        "要求区自然资源局于7月15日前完成用地组卷报批。\n"
        "三、会议强调，各单位要高度重视，狠抓落实。"
    )
    got = items(text, ReportKind.MEETING_MINUTES)
    assert [(t, a["owner"], a["deadline_iso"]) for t, a in got] == [
        ("由区住建局牵头，区财政局配合，6月底前完成管网设计招标", ["区住建局"], "2023-06-30"),
        ("会议同意由园区管委会负责，按照代建模式推进", ["园区管委会"], None),
        ("要求区自然资源局于7月15日前完成用地组卷报批", ["区自然资源局"], "2023-07-15"),
    ]


def test_task_opened_by_yao_clauses_back_from_its_deadline() -> None:
    assert texts("这些项目要马上排出进度表，实行倒计时安排，明年下半年都要陆续开工。") == [
        "这些项目要马上排出进度表，实行倒计时安排，明年下半年都要陆续开工"
    ]


def test_report_owed_to_a_unit() -> None:
    assert texts("督查结束后，我们要向市政府专题报告督查情况。") == ["我们要向市政府专题报告督查情况"]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("12月底前全面完成市场建设任务。", "open"),  # the target, not the outcome
        ("市场建设任务已全面完成。", "done"),
    ],
)
def test_done_needs_an_outcome(text: str, status: str) -> None:
    got = items("要求区商务局" + text, ReportKind.SUPERVISION_BULLETIN)
    assert [a["status"] for _, a in got] == [status]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("确保今年全县固定资产投资完成45亿元。", ["确保今年全县固定资产投资完成45亿元"]),
        ("确保完成全年目标任务。", []),  # no figure: a slogan, not a target
        # the rest of a list of works belongs to its task; a new verb opens a new one
        (
            "要抓好东环路、滨河路，城北水厂、南区管网等工程前期工作，力争启动北区公园、西区学校等项目。",
            ["要抓好东环路、滨河路，城北水厂、南区管网等工程前期工作", "力争启动北区公园、西区学校等项目"],
        ),
    ],
)
def test_targets_and_task_lists(text: str, expected: list[str]) -> None:
    assert texts(text) == expected
