"""Named regexes and tables for ``extract.normalize``: one per rule, each with a comment and an example.

Nothing here does work at import time beyond compiling patterns; the boilerplate rules are data
(``lexicon/boilerplate.txt``) and are compiled on first use by :func:`boilerplate_rules`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

LEXICON_DIR = Path(__file__).parent / "lexicon"

# Letters a pinyin note is written with: a-z, the tone-marked vowels and ü (ńňǹḿ occur in 嗯/呣).
PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"

# Han characters (BMP blocks and compatibility ideographs): what a pinyin note follows.
HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# A pinyin note in parentheses: 1–4 syllables, separated by single spaces.  "設(shè)" / "進(jìn)" / "傳(chuán) 統".
# What precedes it and whether each syllable is real pinyin is checked in code (``extract.normalize``),
# so real parenthesised text such as (一) (2022年) (含税) (GDP) never matches as a note.
PINYIN_NOTE = re.compile(rf"[(（]([{PINYIN_LETTERS}]{{1,6}}(?: [{PINYIN_LETTERS}]{{1,6}}){{0,3}})[)）]")

# The same note right after a Han character (the character is group 1, the note's text group 2): the common case,
# one regex pass.  "設(shè)" -> ("設", "shè").
HAN_PINYIN_NOTE = re.compile(
    rf"([{HAN}])[(（]([{PINYIN_LETTERS}]{{1,6}}(?: [{PINYIN_LETTERS}]{{1,6}}){{0,3}})[)）]"
)
# ... and after anything else (a trail byte left by a lost lead byte: "F(xiàn)"; or "?").
OTHER_PINYIN_NOTE = re.compile(
    rf"(?<=[^{HAN}])[(（]([{PINYIN_LETTERS}]{{1,6}}(?: [{PINYIN_LETTERS}]{{1,6}}){{0,3}})[)）]"
)

# A garbled lead byte shows as "?"; what follows it may be the rest of a pinyin note whose "(" was eaten,
# then a run of characters decoded one byte out of step, then the ASCII trail byte where decoding got back
# in step.  "?zé)o法" (無法), "?yán)锍蹋瑱C場" (里程，機場), "??傮w上講" (總體上講), "?!痹谥袊" (”在中國).
GARBLE_ANCHOR = re.compile(
    rf"\?(?P<note>[{PINYIN_LETTERS}]{{1,6}}\))?(?P<punct>[!,;.:](?=[^\x00-\x7f]))?"
    r"(?P<run>[^\x00-\x7f\s\u3000-\u303f\uff01-\uff5e“”‘’—…·]{0,40})"
    r"(?P<trail>[\x40-\x7e](?![A-Za-z0-9]))?"
)

# A clause of double-byte characters (then maybe an ASCII trail byte): in a document that shows garbling,
# one made mostly of rare characters is tried as a shifted run too.  "N覀兊墓ぷ髟趺绰鋵?" (我們的工作怎么落實).
GARBLE_CLAUSE = re.compile(
    r"(?P<run>[^\x00-\x7f\s\u3000-\u303f\uff01-\uff5e“”‘’—…·]{3,40})(?P<trail>[\x40-\x7e](?![A-Za-z0-9]))?"
)

# Zero-width characters and the BOM: deleted.  "项\u200b目" -> "项目".
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")

# Unicode spaces folded to " " (same length: the offset map is untouched).  "一、\u3000总体要求" -> "一、 总体要求".
WIDE_SPACE = re.compile("[\u00a0\u3000\u2002-\u200a\u202f\u205f\x0b\x0c]")

# Line breaks: "\r\n" and "\r" -> "\n".
CARRIAGE_RETURN = re.compile(r"\r\n?")

# Spaces/tabs at the start or end of a line (indentation such as "　　一、" goes).
LINE_EDGE_SPACE = re.compile(r"^[ \t]+|[ \t]+$", re.MULTILINE)

# A run of two or more spaces -> one.  "组  长" -> "组 长" (a single space is kept: "田 丰" is written so).
SPACE_RUN = re.compile(r" {2,}")

# Spaces around a tab (a table cell separator) go; several tabs stay one.  "a \t\t b" -> "a\tb".
TAB_RUN = re.compile(r" *\t[ \t]*")

# Three or more line breaks (two or more blank lines) -> one blank line.
BLANK_LINES = re.compile(r"\n{3,}")

# Blank lines at the very start or end of the document.
DOC_EDGE_BLANK = re.compile(r"\A\n+|\n+\Z")

# HTML left in text: entities ("&nbsp;" "&amp;" "&#12345;" "&#x4e2d;") are decoded ...
HTML_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# ... block tags end a line ("第一段<br>第二段", "</p><p>") ...
HTML_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:br|p|div|tr|li|h[1-6]|table|ul|ol)\b[^<>]{0,200}>", re.IGNORECASE)
# ... cell tags become a tab, inline tags vanish ("<span style=...>", "<b>", "</a>").
HTML_CELL_TAG = re.compile(r"<\s*/?\s*t[dh]\b[^<>]{0,200}>", re.IGNORECASE)
HTML_INLINE_TAG = re.compile(
    r"<\s*/?\s*(?:span|font|b|i|u|em|strong|a|img|sup|sub|tbody|thead|center|section|article|o:p)\b[^<>]{0,300}>",
    re.IGNORECASE,
)

# Full-width digits and Latin letters -> ASCII (same length).  "２０２３年" -> "2023年", "ＧＤＰ" -> "GDP".
WIDE_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ]+")
WIDTH_TABLE = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
}
# Full-width ％ after a digit, and ． ＋ － between digits -> ASCII.  "97％" -> "97%", "3．2亿元" -> "3.2亿元".
WIDE_PERCENT = re.compile(r"(?<=[0-9])％")
WIDE_NUMBER_SIGN = re.compile(r"(?<=[0-9])[．＋－](?=[0-9])")
NUMBER_SIGN_TABLE = {ord("．"): ".", ord("＋"): "+", ord("－"): "-"}

# A line that starts a new block (a heading or a list item): never joined to the line before it.
# "一、总体要求" "（一）指导思想" "(二)" "1、" "2." "第四条" "篇二" "①" "△王家棚改项目" "——云溪……" "【…】"
BLOCK_START = re.compile(
    r"[一二三四五六七八九十百]+[、.．]|[（(〔【\[][一二三四五六七八九十百\d]{1,3}[)）〕】\]]|\d{1,3}[、.．)）](?!\d)"
    r"|第[一二三四五六七八九十百千\d]+[章节条款部分篇项]|[①-⑳❶-❿]|[△▲■□◆◇●○•·※★☆【《—\-*>]"
)

# A line that opens with a short label and a colon is a form field ("成 员:张某某", "负责督查的项目:…"): a line
# break before or after it is layout, not a wrap.
LABEL_LINE = re.compile(r"[^，,。；;:：\n]{1,10}[:：]")
# After the last full stop of a line, this little text is the start of the next item ("…全面工作。 1"), not a
# sentence running on.
ITEM_TAIL = re.compile(r"[。！？!?；;]\s*\S{0,3}$")

# Punctuation that ends a sentence or a heading: a line ending in one of these is never joined on.
LINE_END_FINAL = "。！？!?；;：:…”」』）)】》"
# Punctuation inside a sentence: a line that holds one is prose (not a title), so a break after it may be a wrap.
SENTENCE_INNER = re.compile(r"[，,、；;。]")

# Timestamps kept when a metadata line of a web page is reduced.  "2023-01-16 09:10:46", "2023年1月16日".
DATE_TIME = re.compile(
    r"(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}:\d{2}(?::\d{2})?"
)
# What may separate the fields of such a line: spaces, bars, dots.  "来源：xx | 作者：xx"
FIELD_SEPARATORS = re.compile(r"[\s|｜丨/·•]+")


@dataclass(frozen=True, slots=True)
class BoilerplateRules:
    """The rules of ``lexicon/boilerplate.txt``, compiled.

    lines:   a line that matches one of these in full is removed.
    fields:  a line made only of "label: value" fields (labels from here), timestamps and separators loses
             its fields; the timestamp text stays (the metadata step reads the date from it).
    footers: a line matching one of these in full starts a page footer: it and everything after it is
             removed, when what follows is short (a licence notice, not the report).
    """

    lines: re.Pattern[str]
    field: re.Pattern[str]
    footer: re.Pattern[str]


@functools.cache
def boilerplate_rules() -> BoilerplateRules:
    """Compile ``lexicon/boilerplate.txt`` (``kind regex`` a line, ``#`` comments).

    Example:
        >>> bool(boilerplate_rules().lines.fullmatch("扫一扫在手机打开当前页"))
        True
        >>> boilerplate_rules().field.findall("来源: 作者: 点击量:3509")
        ['来源: ', '作者: ', '点击量:3509']
    """
    kinds: dict[str, list[str]] = {"line": [], "field": [], "footer": []}
    path = LEXICON_DIR / "boilerplate.txt"
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        kind, _, pattern = line.strip().partition(" ")
        pattern = pattern.strip()
        if kind not in kinds or not pattern:
            raise ValueError(f"{path}:{n}: 规则格式应为 “类别 正则”，类别为 line/field/footer: {line!r}")
        re.compile(pattern)  # a bad rule fails here, with its line number in the traceback context
        kinds[kind].append(pattern)
    labels = "|".join(sorted(kinds["field"], key=len, reverse=True))
    # A field: label, colon, then a value that is not itself the next label.  "点击量:3509", "来源: " (empty).
    field = re.compile(rf"(?:{labels})\s*[:：]\s*(?:(?!(?:{labels})\s*[:：])[^\s|｜丨])*")
    return BoilerplateRules(
        lines=re.compile("|".join(f"(?:{p})" for p in kinds["line"])),
        field=field,
        footer=re.compile("|".join(f"(?:{p})" for p in kinds["footer"])),
    )
