"""Automatic list numbers of a .docx ("一、", "（一）", "1.", "（1）"), which Word draws but does not store.

Chinese reports often number their headings with Word's list numbering, so the text of "一、总体进展" is
only "总体进展" in the XML; the outline needs the marker back.  This renders labels from numbering.xml
(w:abstractNum levels: start, numFmt, lvlText) for paragraphs with a w:numPr (directly or through
their style), keeping one counter set per abstract numbering as Word does.
"""

from __future__ import annotations

import re

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

CN_DIGITS = "零一二三四五六七八九"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
# "%1、" -> level 1's number; "%1.%2" -> levels 1 and 2.
LEVEL_REF = re.compile(r"%([1-9])")
# A label ending in its own punctuation needs no separator before the text: "一、总体进展", "（一）主要做法".
SELF_SEPARATED = "、，,.．:：)）]】"


def chinese_number(n: int) -> str:
    """Counting in hanzi as Word's chineseCounting writes it: 1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五.

    Example:
        >>> [chinese_number(n) for n in (1, 10, 12, 20, 35, 100, 105)]
        ['一', '十', '十二', '二十', '三十五', '一百', '一百零五']
    """
    if n <= 0:
        return str(n)
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return CN_DIGITS[tens] + "十" + (CN_DIGITS[ones] if ones else "")
    if n < 10000:
        out = []
        zero = False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = n // value % 10
            if digit:
                if zero:
                    out.append("零")
                    zero = False
                out.append(CN_DIGITS[digit] + unit)
            elif out:
                zero = True
        return "".join(out)
    return str(n)


def _letters(n: int) -> str:
    # Word repeats the letter: a..z, aa..zz, aaa..
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    out = []
    for value, numeral in ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str | None:
    """One level's number in Word's ``numFmt``; None for bullets and "none" (no label text).

    Example:
        >>> [format_number(3, f) for f in ("decimal", "chineseCounting", "ideographTraditional", "decimalEnclosedCircle")]
        ['3', '三', '丙', '③']
    """
    if fmt in ("bullet", "none"):
        return None
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"):
        return chinese_number(n)
    if fmt == "ideographTraditional":
        return HEAVENLY_STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return EARTHLY_BRANCHES[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


def _val(el: etree._Element | None, tag: str, default: str | None = None) -> str | None:
    if el is None:
        return default
    child = el.find(W + tag)
    return child.get(W + "val", default) if child is not None else default


class Numbering:
    """Renders the list label of each numbered paragraph, in document order (counters are stateful)."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}  # abstract id -> ilvl -> level
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstract id, start overrides)
        self.style_num: dict[str, tuple[str | None, int | None]] = {}  # styleId -> (numId, ilvl)
        self.counters: dict[str, list[int | None]] = {}  # abstract id -> counter per level (None: not begun)
        self.started: set[str] = set()  # numIds whose start overrides were applied
        if numbering is not None:
            self._load_numbering(numbering)
        if styles is not None:
            self._load_styles(styles)

    def _load_numbering(self, root: etree._Element) -> None:
        for absnum in root.iter(W + "abstractNum"):
            levels: dict[int, tuple[int, str, str, str]] = {}
            for lvl in absnum.iter(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl", "0"))
                start = int(_val(lvl, "start", "1") or 1)
                levels[ilvl] = (start, _val(lvl, "numFmt", "decimal") or "decimal",
                                _val(lvl, "lvlText", "") or "", _val(lvl, "suff", "tab") or "tab")
            self.levels[absnum.get(W + "abstractNumId", "")] = levels
        for num in root.iter(W + "num"):
            overrides = {}
            for override in num.iter(W + "lvlOverride"):
                start = _val(override, "startOverride")
                if start is not None:
                    overrides[int(override.get(W + "ilvl", "0"))] = int(start)
            self.nums[num.get(W + "numId", "")] = (_val(num, "abstractNumId", "") or "", overrides)

    def _load_styles(self, root: etree._Element) -> None:
        based_on: dict[str, str] = {}
        for style in root.iter(W + "style"):
            sid = style.get(W + "styleId", "")
            parent = _val(style, "basedOn")
            if parent:
                based_on[sid] = parent
            ppr = style.find(W + "pPr")
            numpr = ppr.find(W + "numPr") if ppr is not None else None
            if numpr is not None:
                ilvl = _val(numpr, "ilvl")
                self.style_num[sid] = (_val(numpr, "numId"), int(ilvl) if ilvl is not None else None)
        for sid, parent in based_on.items():  # inherit numbering through basedOn chains
            seen = {sid}
            while sid not in self.style_num and parent in based_on and parent not in seen:
                seen.add(parent)
                parent = based_on[parent]
            if sid not in self.style_num and parent in self.style_num:
                self.style_num[sid] = self.style_num[parent]

    def label(self, p: etree._Element) -> str:
        """The label Word shows before paragraph ``p`` ("" if none), advancing the list's counters."""
        ppr = p.find(W + "pPr")
        if ppr is None:
            return ""
        numpr = ppr.find(W + "numPr")
        num_id = ilvl = None
        style = _val(ppr, "pStyle")
        if style in self.style_num:
            num_id, ilvl = self.style_num[style]
        if numpr is not None:
            num_id = _val(numpr, "numId", num_id)
            level = _val(numpr, "ilvl")
            ilvl = int(level) if level is not None else ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = ilvl or 0
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in overrides.items():
                if 0 <= lvl < 9:
                    counters[lvl] = start - 1
        if ilvl >= 9:
            return ""
        current = counters[ilvl]
        counters[ilvl] = levels[ilvl][0] if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        start, fmt, text, suffix = levels[ilvl]

        def ref(m: re.Match[str]) -> str:
            n = int(m.group(1)) - 1
            lvl = levels.get(n)
            value = counters[n]
            if value is None:
                value = lvl[0] if lvl else 1
            return format_number(value, lvl[1] if lvl else "decimal") or ""

        if format_number(1, fmt) is None:  # bullets: a Symbol-font glyph, not text
            return ""
        label = LEVEL_REF.sub(ref, text)
        if not label.strip():
            return ""
        if suffix == "nothing" or label[-1] in SELF_SEPARATED:
            return label
        return label + " "
