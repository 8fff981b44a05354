"""Numbers as Chinese reports write them: Arabic, Chinese numerals, mixed (3.2万), fractions.

The Chinese-numeral arithmetic itself is cn2an's (``cn2an.cn2an(..., "normal")``); this module only prepares
what cn2an does not take: a bare leading 百/千/万/亿 (百余次, 千万吨, 万亿元), full-width digits, thousands
separators, the 万/亿 multipliers after an Arabic number, and fractions (三分之一, 1/3).

jionlp was considered and not used: it unzips dictionaries on import (seconds, and it writes files), and its
money/time parsers misread counts such as ``2-4项`` as dates.
"""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation

from extract.rules.patterns import ARABIC_NUMBER, ARABIC_WITH_MULTIPLIER, CHINESE_PAIR, FRACTION

# 万/亿 and friends as they follow a number: "4.2万亩", "320亿元", "45.6个亿", "百万吨".
MULTIPLIERS: dict[str, float] = {
    "十": 1e1,
    "百": 1e2,
    "千": 1e3,
    "万": 1e4,
    "十万": 1e5,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "个亿": 1e8,
    "十亿": 1e9,
    "百亿": 1e10,
    "千亿": 1e11,
    "万亿": 1e12,
}

# Characters cn2an reads as digits or units; 两 and 〇 are everyday variants of 二 and 零.
CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")


@functools.cache
def _cn2an():
    # cn2an loads its tables on import (~0.1 s): do it on first use, not when duban is imported.
    import cn2an

    return cn2an


def parse_arabic(text: str) -> float | None:
    """Parse an Arabic number, with thousands separators and full-width digits.

    Example:
        >>> parse_arabic("1,250.5")
        1250.5
        >>> parse_arabic("３２０")
        320.0
    """
    s = text.strip().translate(_FULLWIDTH)
    if not ARABIC_NUMBER.fullmatch(s):
        return None
    return float(s.replace(",", ""))


@functools.lru_cache(maxsize=4096)  # pure, and reports write the same few numerals over and over
def parse_chinese(text: str) -> float | None:
    """Parse a Chinese numeral (一千二百万, 两, 百, 十二, 二十三点五) with cn2an.

    A leading bare multiplier is read as one of it (百 -> 100, 千万 -> 10000000, 万亿 -> 1e12), as in
    "百余次", "千万吨钢", "万亿元GDP".  Returns None for what is not a numeral.

    Example:
        >>> parse_chinese("一千二百万")
        12000000.0
        >>> parse_chinese("百")
        100.0
    """
    s = text.strip().replace("〇", "零")
    if not s or any(ch not in CHINESE_DIGITS + "点" for ch in s):
        return None
    if s[0] in "百千万亿佰仟":
        s = "一" + s
    try:
        value = _cn2an().cn2an(s, "normal")
    except (ValueError, KeyError, IndexError):
        value = None
    if value is None:
        # cn2an rejects stacked multipliers written without digits between them ("一百万" passes, "一千万亿"
        # does not); peel a trailing 万/亿 off and multiply.
        for mult in ("亿", "万"):
            if s.endswith(mult) and len(s) > 1:
                head = parse_chinese(s[:-1])
                return None if head is None else head * MULTIPLIERS[mult]
        return None
    return float(value)


def parse_number(text: str) -> float | None:
    """Parse any number a report writes: Arabic, Chinese, or Arabic with a 万/亿 multiplier.

    Example:
        >>> parse_number("3.2万")
        32000.0
        >>> parse_number("两")
        2.0
        >>> parse_number("若干") is None
        True
    """
    s = text.strip().translate(_FULLWIDTH)
    if not s:
        return None
    value = parse_arabic(s)
    if value is not None:
        return value
    # Arabic head + multiplier tail: "4.2万", "1.5亿", "45.6个亿", "1.2千万"
    m = ARABIC_WITH_MULTIPLIER.fullmatch(s.lstrip("+-"))
    if m and m["mult"] in MULTIPLIERS and parse_arabic(m["head"]) is not None:
        # in decimal, so that 4.06万亿 is 4060000000000 and not 4059999999999.9995
        try:
            head = Decimal(m["head"].translate(_FULLWIDTH).replace(",", ""))
        except InvalidOperation:
            return None
        value = float(head * Decimal(int(MULTIPLIERS[m["mult"]])))
        return -value if s.startswith("-") else value
    return parse_chinese(s)


def parse_range(text: str) -> tuple[float, float] | None:
    """Two neighbouring Chinese digits as a vague range: 七八 -> (7, 8), 两三 -> (2, 3).

    Example:
        >>> parse_range("七八")
        (7.0, 8.0)
    """
    m = CHINESE_PAIR.fullmatch(text.strip())
    if not m:
        return None
    a, b = parse_chinese(m["a"]), parse_chinese(m["b"])
    if a is None or b is None or b != a + 1:
        return None
    return a, b


def parse_fraction(text: str) -> float | None:
    """A fraction as a percentage, rounded to 2 decimals: 三分之一 -> 33.33, 1/3 -> 33.33, 四分之三 -> 75.0.

    Reports write shares as fractions ("占全省项目资金的1/3以上"); the gold set records them as a
    percentage (unit %), which is also how every other share in a report is written.

    Example:
        >>> parse_fraction("三分之一")
        33.33
    """
    m = FRACTION.fullmatch(text.strip().translate(_FULLWIDTH))
    if not m or m["pre"] or m["post"]:
        return None
    if m["den"]:
        den, num = parse_number(m["den"]), parse_number(m["num"])
    else:
        num, den = float(m["a"]), float(m["b"])
    if num is None or not den:
        return None
    return round(num / den * 100, 2)
