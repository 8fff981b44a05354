"""Speed helpers of extract.rules and extract.recognize: each must give exactly what the plain scan gives."""

from __future__ import annotations

import re

import pytest

from extract.model import FactKind
from extract.recognize import Mention
from extract.recognize._spans import Intervals, SpanIndex
from extract.recognize.issues import iter_clauses, iter_sentences, split_units
from extract.rules import org_patterns as op
from extract.rules import patterns as P
from extract.rules import project_patterns as pp
from extract.rules.literals import literal_alternation
from extract.rules.scan import finditer_anchored, finditer_within

# Our own sentences, written for these tests (places and works are made up).
TEXTS = [
    "",
    "市发改委会同县住建局、区财政局于8月底前完成清表。",
    "经青河市发改局审核，区住建局牵头，镇政府配合；市委办督查室跟踪督办。",
    "省环保厅、省住建厅和县农业农村局要加快推进，市公安局交警支队负责交通疏导。",
    "召开了第三次推进会和全委（扩大）会，县政府常务会议议定了5个事项，动员部署大会在城东召开。",
    "会议要求，联席会议每月一次；座谈会上，委员会、协会、商会的同志发言。",
    "城北污水处理厂项目、滨河公园建设项目、东环路改造项目进展顺利，南湖“一环两带”项目开工。",
    "(一)项目建设：北区学校(二期)项目已竣工，乡村振兴示范区项目完成投资的三分之一，约1/3以上。",
    "全年完成投资12.5亿元，占计划的五分之二左右；3/29召开调度会，2/3的项目开工。",
    "会会会议议议，，，项目项目项目、、、分之分之//",
]


@pytest.mark.parametrize("text", TEXTS)
def test_anchored_department_names_match_plain_scan(text):
    plain = [m.span() for m in op.core_org().finditer(text)]
    fast = [m.span() for m in finditer_anchored(op.core_org(), op.core_word(), text, op.LEVEL_REACH)]
    assert fast == plain


@pytest.mark.parametrize("text", TEXTS)
def test_anchored_meeting_heads_match_plain_scan(text):
    plain = [m.span() for m in P.MEETING_HEAD.finditer(text)]
    fast = [
        m.span() for m in finditer_anchored(P.MEETING_HEAD, P.MEETING_HEAD_ANCHOR, text, P.MEETING_HEAD_REACH)
    ]
    assert fast == plain


def test_anchored_scan_finds_each_match_once():
    pat, anchor = re.compile(r"[省市县]?(?:发改委|住建局)"), re.compile(r"发改委|住建局")
    text = "市发改委会同县住建局，住建局和发改委"
    assert [m[0] for m in finditer_anchored(pat, anchor, text, 1)] == [
        "市发改委",
        "县住建局",
        "住建局",
        "发改委",
    ]
    assert list(finditer_anchored(pat, anchor, "加快推进项目建设", 1)) == []


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(
    ("pattern", "breaks", "hint"),
    [
        (pp.SUFFIX_MENTION, pp.SUFFIX_BREAK, pp.PROJECT_WORD),
        (P.FRACTION, P.CLAUSE_BREAK, P.FRACTION_HINT),
    ],
    ids=["project-suffix", "fraction"],
)
def test_stretch_scan_matches_plain_scan(text, pattern, breaks, hint):
    assert [m.span() for m in finditer_within(pattern, text, breaks=breaks, hint=hint)] == [
        m.span() for m in pattern.finditer(text)
    ]


@pytest.mark.parametrize("text", TEXTS + ["翠湖公园解决了苗木迁移补偿，青山电站竣工投产"])
def test_stretch_scan_of_clause_subjects_matches_plain_scan(text):
    fast = finditer_within(pp.clause_subject(), text, breaks=pp.SUBJECT_BREAK, hint=pp.progress_cue())
    assert [m.span() for m in fast] == [m.span() for m in pp.clause_subject().finditer(text)]


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        (["产业园区", "产业园", "公园"], "建设产业园区和公园", ["产业园区", "公园"]),
        (["产业园区", "产业园", "公园"], "产业园的产业园区", ["产业园", "产业园区"]),
        (["a.b", "a", "(x)"], "a.b a (x) axb", ["a.b", "a", "(x)", "a"]),
    ],
)
def test_trie_alternation_matches_longest_first(words, text, expected):
    assert [m[0] for m in re.finditer(literal_alternation(words), text)] == expected


def test_unsorted_words_keep_their_order():
    # not longest first: the caller's order decides, as in a plain alternation
    assert literal_alternation(["ab", "a", "abc"]) == "ab|a|abc"
    assert re.match(literal_alternation(["a", "ab"]), "ab")[0] == "a"


def test_span_index_counts_mentions_inside():
    ms = [Mention(FactKind.PROJECT, a, b) for a, b in [(8, 12), (2, 6), (5, 9)]]
    idx = SpanIndex(ms)
    assert idx.count(0, 10) == 2  # (2, 6) and (5, 9); (8, 12) runs past 10
    assert idx.count(2, 6) == 1
    assert idx.count(6, 8) == 0
    assert idx.any_inside(8, 12) and not idx.any_inside(9, 20)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(2, 5, True), (3, 10, False), (15, 16, True), (19, 30, True), (20, 30, False), (0, 1, True)],
)
def test_intervals_overlap(a, b, expected):
    assert Intervals([(10, 20), (0, 3)]).overlaps(a, b) is expected


@pytest.mark.parametrize("text", TEXTS)
def test_split_units_is_sentences_with_their_clauses(text):
    assert split_units(text) == tuple(
        (s, e, tuple(iter_clauses(text, s, e))) for s, e in iter_sentences(text)
    )
