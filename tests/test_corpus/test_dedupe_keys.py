"""Match keys and exact hashes (corpus.dedupe.keys)."""

from __future__ import annotations

import pytest

from corpus.dedupe.keys import exact_groups, key_hash, match_key, match_keys, unmasked_chars

# fmt: off
FOLDING = [
    ("项目进度滞后。",                     "项目进度滞后"),             # sentence punctuation folded
    ("項目進度滯後",                        "项目进度滞后"),             # traditional -> simplified
    ("开工率６６％，投资３.２亿元",          "开工率66投资32亿元"),        # full width -> half, % and . folded
    ("资金缺口 较大\t亟待\n解决",            "资金缺口较大亟待解决"),      # whitespace folded
    ("“城南污水厂”（二期）",               "城南污水厂二期"),            # quotes and brackets folded
    ("ABC公司 2023年",                      "ABC公司2023年"),            # letters and digits kept
    ("。，、；",                             ""),                        # nothing left
]
NUMBER_MASKING = [
    ("开工率66%",                   "开工率#"),
    ("完成投资1,250.5万元",          "完成投资#万元"),
    ("议定了十六个具体事项",          "议定了#个具体事项"),
    ("第一次推进会",                 "第#次推进会"),
    ("一是领导重视，统一思想",        "一是领导重视统一思想"),      # numerals inside words are not figures
    ("1#楼主体完工",                 "#楼主体完工"),              # a literal # is not confused with a mask
]
# fmt: on


@pytest.mark.parametrize("text,key", FOLDING)
def test_key_folds_script_width_punctuation_space(text: str, key: str) -> None:
    assert match_key(text) == key


@pytest.mark.parametrize("text,key", NUMBER_MASKING)
def test_number_masking(text: str, key: str) -> None:
    assert match_key(text, mask_numbers=True) == key


def test_numbers_are_not_masked_by_default() -> None:
    assert match_key("开工率66%") == "开工率66"


def test_place_masking_uses_only_the_given_names() -> None:
    text = "云溪县城关镇项目开工率偏低"
    assert match_key(text) == "云溪县城关镇项目开工率偏低"  # default: nothing masked
    assert match_key(text, places={"城关镇"}) == "云溪县@项目开工率偏低"
    # longest name first: 云溪县城关镇 is one place, not 云溪县 + 城关镇
    assert match_key(text, places={"云溪县", "云溪县城关镇"}) == "@项目开工率偏低"


def test_masked_keys_collide_only_when_masked() -> None:
    a, b = "甲县开工率66%", "乙县开工率80%"
    assert match_key(a) != match_key(b)
    assert match_key(a, mask_numbers=True, places={"甲县", "乙县"}) == match_key(
        b, mask_numbers=True, places={"甲县", "乙县"}
    )
    assert unmasked_chars(match_key(a, mask_numbers=True, places={"甲县"})) == 3


def test_exact_hash_identifies_copies_across_script_and_punctuation() -> None:
    a = key_hash(match_key("重點項目督查工作方案，篇一"))
    b = key_hash(match_key("重点项目督查工作方案 篇一"))
    c = key_hash(match_key("重点项目督查工作方案篇二"))
    assert a == b
    assert a != c
    assert len(a) == 40


def test_exact_groups_collapse_identical_keys_in_first_seen_order() -> None:
    keys = match_keys(["征地拆迁难度大。", "资金缺口较大", "徵地拆遷難度大", "征地拆迁难度大"])
    unique, inverse = exact_groups(keys)
    assert unique == ["征地拆迁难度大", "资金缺口较大"]
    assert inverse == [0, 1, 0, 0]
