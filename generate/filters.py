"""Jinja2 filters for Chinese official style: numbers, money, percentages, dates, enumerations, lists.

Templates never do arithmetic or formatting themselves; everything a sentence needs comes through these
filters (or is already formatted by ``generate.context``).  Every filter returns a string that reads as
natural official Chinese for any input — no "None", no dangling 、, no empty enumeration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

_CN_DIGITS = "零一二三四五六七八九"
_CN_ORDINAL_ITEMS = ("一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是")


def _dec(value: float | int | Decimal | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _trim(d: Decimal, places: int) -> str:
    """Round half up to ``places`` decimals and drop trailing zeros: 12.350 -> 12.35, 320.0 -> 320."""
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) if places else d.quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    s = format(q, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def cn_money(value: float | int | Decimal | None, *, places: int = 2) -> str:
    """Yuan -> official style: 32000000000 -> "320亿元", 1235000000 -> "12.35亿元", 40310000 -> "4031万元".

    Amounts of at least 1亿 are given in 亿元, of at least 1万 in 万元, smaller ones in 元.
    """
    if value is None:
        return "—"
    d = _dec(value)
    wan = Decimal(_trim(d / Decimal("1e4"), places))
    if abs(d) >= Decimal("1e8") or abs(wan) >= 10000:  # 99999999 rounds to 10000万: say 1亿元
        return f"{_trim(d / Decimal('1e8'), places)}亿元"
    if abs(d) >= Decimal("1e4"):
        return f"{_trim(wan, places)}万元"
    return f"{_trim(d, places)}元"


def cn_percent(value: float | int | Decimal | None, *, places: int = 1) -> str:
    """97 -> "97%", 66.67 -> "66.7%"; a share given as a fraction is the caller's business (no guessing)."""
    if value is None:
        return "—"
    return f"{_trim(_dec(value), places)}%"


def cn_number(value: float | int | Decimal | None, *, places: int = 2) -> str:
    """A plain count or measure: 1250 -> "1250", 3.50 -> "3.5"."""
    if value is None:
        return "—"
    return _trim(_dec(value), places)


def cn_count(value: int | None, unit: str = "个") -> str:
    """A count with its measure word; small counts in Chinese numerals as official prose prefers them.

    3 -> "3个" (Arabic numerals are the GB/T 15835 default for counts in official statistics).
    """
    if value is None:
        return "—"
    return f"{int(value)}{unit}"


def cn_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 23 -> 二十三 (for 下面我讲三点意见, 第二次 …; 0 < n < 100)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return f"{head}十{_CN_DIGITS[ones] if ones else ''}"


def cn_date(value: str | dt.date | None) -> str:
    """ISO -> 2023年6月30日; "2023-06" -> 2023年6月; "2023" -> 2023年; unknown -> "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    parts = str(value).split("-")
    try:
        nums = [int(p) for p in parts]
    except ValueError:
        return str(value)
    labels = ("年", "月", "日")
    return "".join(f"{n}{labels[i]}" for i, n in enumerate(nums[:3]))


def cn_list(items: Iterable[str], *, last: str = "和") -> str:
    """Join names the official way: [A] -> A; [A, B] -> A和B; [A, B, C] -> A、B和C; [] -> ""."""
    xs = [str(x).strip() for x in items if x is not None and str(x).strip()]
    if not xs:
        return ""
    if len(xs) == 1:
        return xs[0]
    return "、".join(xs[:-1]) + last + xs[-1]


def cn_enumerate(items: Sequence[str], *, end: str = "。") -> str:
    """一是……；二是……；三是……。 — clauses joined with their ordinal lead; one item stands alone.

    Trailing punctuation of each item is dropped first, so no "；；" or "。；" appears.
    """
    xs = [str(x).strip().rstrip("。；;，,、 ") for x in items if x is not None and str(x).strip()]
    if not xs:
        return ""
    if len(xs) == 1:
        return xs[0] + end
    leads = _CN_ORDINAL_ITEMS
    parts = [f"{leads[i] if i < len(leads) else cn_numeral(i + 1) + '是'}{x}" for i, x in enumerate(xs)]
    return "；".join(parts) + end


FILTERS = {
    "money": cn_money,
    "percent": cn_percent,
    "number": cn_number,
    "count": cn_count,
    "numeral": cn_numeral,
    "cndate": cn_date,
    "cnlist": cn_list,
    "enumerate_cn": cn_enumerate,
}


def cite(value: object) -> str:
    """A figure with its source: {"text": "12.35亿元", "ref": "F2"} -> "〖12.35亿元|F2〗" (see generate.markup).

    A plain string passes through; a missing value gives "—" rather than "None".
    """
    if value is None:
        return "—"
    if isinstance(value, dict):
        text = str(value.get("text") or "—")
        ref = value.get("ref")
        return f"〖{text}|{ref}〗" if ref else text
    return str(value)


FILTERS["cite"] = cite


def clauses(items: Iterable[str | None], *, sep: str = "，", end: str = "。") -> str:
    """Join the clauses that exist: ["甲", None, "乙"] -> "甲，乙。"; nothing -> "" (no dangling separator)."""
    xs = [str(x).strip().rstrip("，,；;。") for x in items if x is not None and str(x).strip()]
    return sep.join(xs) + end if xs else ""


FILTERS["clauses"] = clauses


def sentence(value: object) -> str:
    """A sentence that ends as a sentence should: adds "。" unless it already ends with 。！？；.

    Accepts a plain string or a cited value ({"text", "ref"}); "" and None give "".
    """
    if value is None:
        return ""
    text = str(value.get("text") or "") if isinstance(value, dict) else str(value)
    if not text.strip():
        return ""
    body = cite(value) if isinstance(value, dict) else text.rstrip("，,、；; ")
    return body if text.rstrip()[-1] in "。！？!?；”" else body + "。"


FILTERS["sentence"] = sentence
