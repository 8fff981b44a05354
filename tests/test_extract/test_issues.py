"""ISSUE recogniser: clause-level problem spans, lists split per item, generic self-criticism, status, project."""

from __future__ import annotations

import pytest

from extract.model import FactKind, ReportKind
from extract.recognize import Context, Mention
from extract.recognize.issues import find_issues, iter_clauses, iter_sentences, trim
from extract.rules.issue_patterns import lexicon, words_regex


def spans(text: str, ctx: Context | None = None) -> list[str]:
    return [text[m.start : m.end] for m in find_issues(text, ctx or Context())]


def attrs(text: str, ctx: Context | None = None) -> list[dict]:
    return [m.attrs for m in find_issues(text, ctx or Context())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # strong cues, anywhere; the clause without a cue stays out
        ("今年以来，项目征地受阻，工期滞后。", ["项目征地受阻，工期滞后"]),
        ("受疫情影响，配套资金缺口较大。", ["受疫情影响，配套资金缺口较大"]),
        ("二期厂房审批手续办理缓慢。", ["二期厂房审批手续办理缓慢"]),
        ("安置房建设进度滞后于计划。", ["安置房建设进度滞后于计划"]),
        # a bare 问题 counts when it heads a named problem
        ("目前园区企业招工难的问题比较突出。", ["目前园区企业招工难的问题比较突出"]),
        # 受…影响 is a problem of its own
        (
            "部分项目仍然受征地、资金等因素影响，没有达到进度要求。",
            ["部分项目仍然受征地、资金等因素影响，没有达到进度要求"],
        ),
        # list markers and connectives are trimmed
        ("二是技术人才短缺。", ["技术人才短缺"]),
        ("但施工场地狭小，材料运输困难。", ["材料运输困难"]),
    ],
)
def test_clause_level_spans(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a settled enumeration gives one issue per item
        (
            "厂区道路拆迁、管线迁改、用地报批等多个问题得到有效解决。",
            ["厂区道路拆迁", "管线迁改", "用地报批"],
        ),
        # "A的问题、B的问题都得到了及时协调"
        (
            "仓储项目反映夜间施工扰民的问题、物流项目技术工人返岗的问题都得到了及时协调。",
            ["仓储项目反映夜间施工扰民的问题", "物流项目技术工人返岗的问题"],
        ),
        # "难题，包括A、B以及C等": 以及 keeps its two sides together
        (
            "对企业反映的难题，包括管线迁改、围墙施工以及用地报批等，逐一明确了责任单位。",
            ["包括管线迁改", "围墙施工以及用地报批"],
        ),
    ],
)
def test_lists_of_problems_split_per_item(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


def test_settled_list_items_are_resolved() -> None:
    got = attrs("厂区道路拆迁、管线迁改等多个问题得到有效解决。")
    assert [a["status"] for a in got] == ["resolved", "resolved"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # inside a passage that lists problems, weak cues count too
        (
            "工作中还存在一些问题：一是高新技术项目少；二是信息内容单一。",
            ["高新技术项目少", "信息内容单一"],
        ),
        # a heading opens the passage; its numbered items stay inside it
        (
            "二、主要问题\n1、个别部门报送台账不及时。有的部门甚至长期不报送信息。\n三、下步打算\n项目少的地区要加强谋划。",
            ["个别部门报送台账不及时", "有的部门甚至长期不报送信息"],
        ),
    ],
)
def test_problem_passages(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "高新技术项目少。",  # a weak cue outside a list of problems
        "项目少的地区要加强谋划。",
    ],
)
def test_weak_cues_need_a_problem_passage(text: str) -> None:
    assert spans(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "该同志解决问题的能力很强。",  # 问题 in 解决问题的能力
        "项目进展顺利，成效显著，得到群众好评。",  # praise
        "要协调解决项目建设中遇到的困难和问题。",  # a task, not a reported problem
        "对整改不力的，严肃追究责任。",  # a rule's case
        "提供信息及时不及时，直接影响领导决策。",  # an A-not-A question
        "下面，我讲三个方面的问题。",  # a vague reference
        "针对上述问题，提出三点要求。",
        "虽然任务不多，但时间紧迫。",
    ],
)
def test_not_issues(text: str) -> None:
    assert spans(text) == []


@pytest.mark.parametrize(
    ("text", "generic"),
    [
        ("但也存在一些缺点和不足，离上级的要求还有一定差距。", True),
        ("队伍建设还存在一些不容忽视的问题。", True),
        ("项目用地指标严重不足。", False),
    ],
)
def test_generic_self_criticism(text: str, generic: bool) -> None:
    got = attrs(text)
    assert len(got) == 1
    assert got[0]["generic"] is generic


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("原料短缺的问题已得到妥善解决。", "resolved"),
        ("通过调度解决了园区企业招工难的问题。", "resolved"),
        ("目前资金缺口仍然较大。", "open"),
        ("电力杆线迁移存在一定困难。", "unknown"),
    ],
)
def test_status(text: str, status: str) -> None:
    got = attrs(text)
    assert [a["status"] for a in got] == [status]


def test_project_from_an_earlier_mention() -> None:
    text = "城南水厂项目管网迁改受阻。"
    name_end = text.index("项目") + 2
    ctx = Context(mentions=[Mention(FactKind.PROJECT, 0, name_end, {"name": "城南水厂"})])
    got = find_issues(text, ctx)
    assert [m.attrs["project"] for m in got] == ["城南水厂"]


def test_plans_report_problems_only_in_problem_passages() -> None:
    text = "对工作不力、进度缓慢的单位，予以通报。"
    assert spans(text, Context(report_kind=ReportKind.WORK_PLAN)) == []


def test_spans_are_verbatim_substrings() -> None:
    text = "一、进展\n项目推进顺利。\n二、存在的主要问题\n一是资金缺口较大；二是审批缓慢。"
    for m in find_issues(text, Context()):
        assert m.kind is FactKind.ISSUE
        assert 0 <= m.start < m.end <= len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一是储备不足；二是进度滞后。", ["一是储备不足；", "二是进度滞后。"]),
        ("第一句。\n第二句！", ["第一句。", "第二句！"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in iter_sentences(text)] == expected


def test_clauses_and_trim() -> None:
    text = "二是储备不足，进度滞后。"
    clauses = [trim(text, a, b) for a, b in iter_clauses(text, 0, len(text))]
    assert [text[a:b] for a, b in clauses] == ["储备不足", "进度滞后"]


@pytest.mark.parametrize(
    "name", ["issue_cues", "issue_cues_weak", "issue_not_cues", "issue_generic", "issue_open"]
)
def test_lexicons_load_without_comments_or_blanks(name: str) -> None:
    entries = lexicon(name)
    assert entries
    assert all(e and not e.startswith("#") and e == e.strip() for e in entries)
    assert len(set(entries)) == len(entries)


@pytest.mark.parametrize(("word", "found"), [("受阻", True), ("缺口", True), ("顺利", False)])
def test_strong_cue_table(word: str, found: bool) -> None:
    assert bool(words_regex("issue_cues").fullmatch(word)) is found


def test_list_items_take_only_their_own_project() -> None:
    text = "城南水厂项目管网不通、渣土清运手续繁琐等问题得到解决。"
    ctx = Context(mentions=[Mention(FactKind.PROJECT, 0, 6, {"name": "城南水厂"})])
    got = find_issues(text, ctx)
    assert [(text[m.start : m.end], m.attrs["project"]) for m in got] == [
        ("城南水厂项目管网不通", "城南水厂"),
        ("渣土清运手续繁琐", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "剩下的工作时间不足六个月。",  # a quantity, not a shortage
        "任何差错都有可能造成无法挽回的后果。",  # hypothetical
        "哪里有困难，领导就到哪里。",
        "会议研究确定了学校选址，服务大楼用地等问题。",  # decided matters
        "有效解决了项目存在的困难和问题。",  # vague pair of problem words
    ],
)
def test_not_issues_either(text: str) -> None:
    assert spans(text) == []


def test_vague_problems_of_a_named_project_count() -> None:
    text = "滨河公园等重点项目遇到的困难和问题已基本得到解决。"
    ctx = Context(mentions=[Mention(FactKind.PROJECT, 0, 4, {"name": "滨河公园"})])
    got = find_issues(text, ctx)
    assert [(text[m.start : m.end], m.attrs["status"]) for m in got] == [
        ("滨河公园等重点项目遇到的困难和问题已基本得到解决", "resolved")
    ]
