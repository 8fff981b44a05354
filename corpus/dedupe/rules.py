"""Compiled patterns used to build match keys.  Each has a comment and an example.

Keys are built from text that has already been through NFKC, so full-width digits and punctuation are ASCII
by the time these patterns run ("６６％" -> "66%").
"""

from __future__ import annotations

import re

# Everything that is not a letter, digit, CJK ideograph or one of the two mask markers (# @): punctuation,
# symbols, whitespace.  Folded away so that "资金缺口较大，亟待解决。" and "资金缺口较大 亟待解决" get the same key.
NOT_WORD = re.compile(r"[^0-9A-Za-z#@\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# The mask markers themselves, when the text already has them ("1#楼"): removed before masking so a key's
# # and @ only ever mean "a number / a place was here".
MASK_CHARS = re.compile(r"[#@]")

# An Arabic number with optional thousands separators, decimals and percent: "1,250.5", "66%", "3.2".
# Example: "开工率66%" -> "开工率#".
ARABIC_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")

# A run of Chinese numerals followed by a measure word or unit (the numeral alone is too often part of a word:
# 一是, 统一, 万一).  Example: "议定了十六个具体事项" -> "议定了#个具体事项"; "一是领导重视" is left alone.
# The run starts with a digit numeral, so a bare unit after an Arabic number stays: "1,250万元" -> "#万元".
CHINESE_NUMBER = re.compile(r"[零〇一二三四五六七八九十两][零〇一二三四五六七八九十百千万亿两]*(?=[个项家户次名人元条批座所亩台套件处天年月日%])")

# Markers the masks leave in a key (kept by NOT_WORD, removed from the input first by MASK_CHARS).
NUMBER_MASK = "#"
PLACE_MASK = "@"

# Article marker ending a title line in a compilation file: "重点项目督查工作方案篇十二" -> "篇十二".
# Used by tests and containment helpers that split a compilation into its articles.
ARTICLE_MARKER = re.compile(r"篇[一二三四五六七八九十百]+$")

# Five-character shingles for report-level containment: long enough that two unrelated reports share few
# (the common 4-grams 进一步加强 / 重点项目建 are everywhere), short enough to survive a changed figure.
SHINGLE_SIZE = 5
