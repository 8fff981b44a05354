from decimal import Decimal

import pytest

from generate.filters import (
    cite,
    clauses,
    cn_date,
    cn_enumerate,
    cn_list,
    cn_money,
    cn_numeral,
    cn_percent,
    sentence,
)

# fmt: off
MONEY = [
    (32_000_000_000, "320亿元"),
    (1_235_000_000, "12.35亿元"),
    (40_310_000, "4031万元"),
    (12_000_000, "1200万元"),
    (Decimal("100000000"), "1亿元"),
    (5600, "5600元"),
    (99_999_999, "1亿元"),       # 9999.9999万 rounds to 10000万: said as 1亿元
    (None, "—"),
]
# fmt: on


@pytest.mark.parametrize("value,expected", MONEY)
def test_cn_money(value, expected):
    assert cn_money(value) == expected


@pytest.mark.parametrize(
    "value,expected", [(97, "97%"), (66.666, "66.7%"), (Decimal("57.40"), "57.4%"), (0, "0%"), (None, "—")]
)
def test_cn_percent(value, expected):
    assert cn_percent(value) == expected


@pytest.mark.parametrize(
    "value,expected",
    [("2023-06-30", "2023年6月30日"), ("2023-06", "2023年6月"), ("2023", "2023年"), (None, "—"), ("", "—")],
)
def test_cn_date(value, expected):
    assert cn_date(value) == expected


@pytest.mark.parametrize(
    "items,expected",
    [([], ""), (["甲"], "甲"), (["甲", "乙"], "甲和乙"), (["甲", "乙", "丙"], "甲、乙和丙"), (["甲", None, " ", "乙"], "甲和乙")],
)
def test_cn_list(items, expected):
    assert cn_list(items) == expected


@pytest.mark.parametrize(
    "items,expected",
    [
        ([], ""),
        (["用地报批滞后。"], "用地报批滞后。"),
        (["用地报批滞后；", "资金缺口较大。"], "一是用地报批滞后；二是资金缺口较大。"),
        (["甲", "乙", "丙"], "一是甲；二是乙；三是丙。"),
    ],
)
def test_cn_enumerate(items, expected):
    assert cn_enumerate(items) == expected


@pytest.mark.parametrize("n,expected", [(1, "一"), (3, "三"), (10, "十"), (12, "十二"), (20, "二十"), (23, "二十三")])
def test_cn_numeral(n, expected):
    assert cn_numeral(n) == expected


def test_clauses_drop_missing_and_never_dangle():
    assert clauses(["甲，", None, "", "乙"]) == "甲，乙。"
    assert clauses([None, ""]) == ""


def test_cite_and_sentence():
    assert cite({"text": "12.35亿元", "ref": "F2"}) == "〖12.35亿元|F2〗"
    assert cite({"text": "12.35亿元"}) == "12.35亿元"
    assert cite(None) == "—"
    assert sentence("已完成路基施工，") == "已完成路基施工。"
    assert sentence("已完成。") == "已完成。"
    assert sentence({"text": "主体完工", "ref": "F1"}) == "〖主体完工|F1〗。"
    assert sentence(None) == ""
