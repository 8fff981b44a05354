"""GBK-shift mojibake: what can be recovered of text that lost a byte, and pinyin notes.

Web pages copied through a GBK round trip lose a lead byte now and then.  What follows is decoded one byte
out of step ("在中國" shows as "痹谥袊") until an ASCII byte brings the decoder back in step; the lost lead
byte itself shows as "?".  The traditional-script pages of that family also carry pinyin notes after some
characters ("設(shè)"); when the noted character lost its lead byte only its trail byte is left, as an
ASCII letter: "F(xiàn)" is 現 (GBK AC 46, "F" = 0x46).

Two general repairs, no per-case table:

* :func:`char_for_note`: the characters whose GBK code ends in the surviving trail byte and whose reading
  (pypinyin's character table) is the noted syllable.  "F" + "xiàn" -> 現.
* :func:`shift_repair`: re-encode a garbled run as GBK and decode it one byte later; keep the result only
  when it is far more common text (character frequencies of jieba's dictionary) than the run.  The byte cut
  off at each end (the orphan trail byte in front, a dangling lead byte at the back) names a character
  only up to its other byte: it is filled in when exactly one candidate forms a dictionary word with its
  neighbour ("?" + "傮w" -> 總 + 體, because 总体 is a word).  Of the decoded text only what the dictionary
  backs is kept: a second byte lost inside the run yields plausible but wrong characters (隧 for 熱水泵),
  so unbacked characters at either end are dropped (the loss stays marked "?") and a mostly unbacked run
  is left as it was and flagged.

What cannot be told is never guessed: the caller keeps "?" (or the garbled run) and counts it as flagged.

Resources (pypinyin's table, jieba's ``dict.txt``, OpenCC) load on first use, only for documents that show
garbling at all.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from extract.rules.normalize_patterns import TONE_MARKS

# A repair is kept only when the decoded text scores this much better (mean log character frequency) than
# the garbled run.  Garbled runs score ~4 (痹谥袊: 5.6, 锍蹋瑱: 4.1); real text ~9-11.  A correct run of
# rare characters (a name such as 璩骞) shifted gives other rare characters: the margin keeps it.
MIN_GAIN = 3.0
# ... and the decoded text itself must look like ordinary text.
MIN_SCORE = 7.5
# A character is rare below this log frequency (痹 4.9, 覀 0; 的 15, 項/项 13); a clause that is mostly rare
# characters is a candidate shifted run even without a "?" in front of it.
RARE = 7.0
RARE_CLAUSE_SHARE = 0.5
# A decoded character counts as backed by the dictionary when it is part of a word with a neighbour, or is
# a function character this common alone (在 727915, 等 195934; 者 23521 is not).
FUNCTION_CHAR_FREQ = 100_000
# A repair keeps at least this share of backed characters (after dropping unbacked ones at its ends).
MIN_BACKED = 0.6
# A run that already reads like ordinary text is never touched.
MAX_RUN_SCORE = 8.0
# A character filled in from one byte and its neighbour must form a word at least this common (jieba counts:
# 总体 2506, 里程 1371, 无法 9557 pass; 虚实 371 for 為實 and 潜在 533 for ”在 — both wrong — do not).
MIN_WORD_FREQ = 1000


@functools.cache
def _pinyin_table() -> dict[int, tuple[str, ...]]:
    """Code point -> readings (tone-marked), from pypinyin's character table (shipped with the package)."""
    try:
        from pypinyin.pinyin_dict import pinyin_dict
    except ImportError as err:  # pragma: no cover - a dependency of duban
        raise ImportError("需要 pypinyin 来识别拼音注音：pip install pypinyin") from err
    return {cp: tuple(v.split(",")) for cp, v in pinyin_dict.items()}


def strip_tone(syllable: str) -> str:
    """ "xiàn" -> "xian", "lǜ" -> "lü"."""
    out = unicodedata.normalize("NFD", syllable)
    out = "".join(ch for ch in out if unicodedata.category(ch) != "Mn" or ch == "\u0308")
    return unicodedata.normalize("NFC", out)


@functools.cache
def _syllables() -> tuple[frozenset[str], frozenset[str]]:
    """(tone-marked syllables, toneless syllables) that occur as readings of some character."""
    toned: set[str] = set()
    for readings in _pinyin_table().values():
        toned.update(readings)
    return frozenset(toned), frozenset(strip_tone(s) for s in toned)


@functools.lru_cache(maxsize=8192)
def is_pinyin(note: str, *, need_tone: bool) -> bool:
    """Whether ``note`` is 1–4 real pinyin syllables ("shè", "jìn", "chuán tǒng").

    A toneless note must have syllables of two letters or more ("(an)" would be too easy to hit by chance);
    with ``need_tone`` at least one syllable must carry a tone mark.

    Example:
        >>> is_pinyin("xiàn", need_tone=True), is_pinyin("2022", need_tone=False), is_pinyin("han", need_tone=True)
        (True, False, False)
    """
    toned, toneless = _syllables()
    has_tone = False
    for syl in note.split(" "):
        if syl in toned and any(ch in TONE_MARKS for ch in syl):
            has_tone = True
        elif not (syl in toneless and len(syl) >= 2):
            return False
    return has_tone or not need_tone


@functools.lru_cache(maxsize=16384)
def reads_as(char: str, note: str) -> bool:
    """Whether ``note`` is one of ``char``'s readings ("設", "shè" / "she": yes; "件", "an": no)."""
    readings = _pinyin_table().get(ord(char), ())
    if any(ch in TONE_MARKS for ch in note):
        return note in readings
    return note in {strip_tone(r) for r in readings}


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("tw2s")


def simplify(text: str) -> str:
    """tw2s, so a traditional candidate can be looked up in jieba's (simplified) dictionary."""
    return _converter().convert(text)


@functools.cache
def _frequencies() -> tuple[dict[str, int], dict[str, float]]:
    """(word -> frequency, character -> log of the summed frequency of the words it occurs in)."""
    import jieba

    words: dict[str, int] = {}
    chars: dict[str, int] = {}
    path = Path(jieba.__file__).parent / "dict.txt"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ", 2)
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            words[word] = freq
            for ch in word:
                chars[ch] = chars.get(ch, 0) + freq
    return words, {ch: math.log(f + 1) for ch, f in chars.items()}


def text_score(text: str) -> float:
    """Mean log character frequency of ``text`` (after tw2s); 0 for an unknown character, -5 for "\ufffd"."""
    if not text:
        return 0.0
    _, chars = _frequencies()
    total = 0.0
    for ch in simplify(text):
        if ch == "\ufffd":
            total -= 5.0
        elif "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e" or ch in "“”‘’—…":
            total += 9.0  # Chinese punctuation in decoded text is as good as a common character
        else:
            total += chars.get(ch, 0.0)
    return total / len(text)


@functools.cache
def _rare_table():
    """uint8[65536]: 1 for a BMP character that is rare (log frequency of its simplified form under ``RARE``).

    Traditional characters are judged by their simplified form (們 as 们), so a traditional text is not
    "rare" throughout; built once from every GBK character in one OpenCC call.
    """
    import numpy as np

    _, chars = _frequencies()
    table = np.ones(0x10000, dtype=np.uint8)
    gbk = []
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                gbk.append(bytes((lead, trail)).decode("gbk"))
            except UnicodeDecodeError:
                continue
    simple = simplify("\n".join(gbk)).split("\n")
    if len(simple) != len(gbk):  # pragma: no cover - one character never converts to a newline
        simple = gbk
    for ch, sc in zip(gbk, simple, strict=True):
        if max(chars.get(ch, 0.0), chars.get(sc, 0.0)) >= RARE:
            table[ord(ch)] = 0
    for ch, logf in chars.items():
        if len(ch) == 1 and ord(ch) < 0x10000 and logf >= RARE:
            table[ord(ch)] = 0
    return table


def rare_counts(text: str):
    """Cumulative count of rare characters: ``out[j] - out[i]`` is how many of ``text[i:j]`` are rare."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    rare = _rare_table()[np.minimum(codes, 0xFFFF)]
    return np.concatenate(([0], np.cumsum(rare, dtype=np.int64)))


def word_freq(word: str) -> int:
    """jieba's frequency of ``word`` (after tw2s), 0 when it is not a word."""
    words, _ = _frequencies()
    return words.get(simplify(word), 0)


@functools.cache
def _by_trail(trail: int) -> tuple[str, ...]:
    """Every GBK double-byte character whose second byte is ``trail``."""
    out = []
    for lead in range(0x81, 0xFF):
        try:
            out.append(bytes((lead, trail)).decode("gbk"))
        except UnicodeDecodeError:
            continue
    return tuple(out)


@functools.cache
def _by_lead(lead: int) -> tuple[str, ...]:
    """Every GBK double-byte character whose first byte is ``lead``."""
    out = []
    for trail in range(0x40, 0xFF):
        try:
            out.append(bytes((lead, trail)).decode("gbk"))
        except UnicodeDecodeError:
            continue
    return tuple(out)


def char_for_note(trail: str, note: str) -> str | None:
    """The character a lost-lead-byte note stands for: GBK code ending in ``trail``, reading ``note``.

    Among several candidates the most common (jieba character frequency) wins; None when none reads so.

    Example:
        >>> char_for_note("F", "xiàn"), char_for_note("r", "nóng")
        ('現', '農')
    """
    if len(trail) != 1 or not 0x40 <= ord(trail) <= 0x7E or " " in note:
        return None
    table = _pinyin_table()
    toned = any(ch in TONE_MARKS for ch in note)
    found = []
    for cand in _by_trail(ord(trail)):
        readings = table.get(ord(cand), ())
        if not toned:
            readings = tuple(strip_tone(r) for r in readings)
        if note in readings:
            found.append(cand)
    if not found:
        return None
    _, chars = _frequencies()
    return max(found, key=lambda c: chars.get(simplify(c), 0.0))


@functools.cache
def _simplified(cands: tuple[str, ...]) -> tuple[str, ...]:
    """tw2s of each candidate, in one OpenCC call (a newline between them stops phrase rules)."""
    out = tuple(simplify("\n".join(cands)).split("\n"))
    return out if len(out) == len(cands) else cands


def _fill(cands: tuple[str, ...], make_word) -> str | None:
    """The one candidate that forms a clearly most common word; None when none does or it is a toss-up.

    ``make_word`` builds the word from a (simplified) candidate; the neighbour it adds must be simplified.
    """
    words, _ = _frequencies()
    scored = sorted(
        ((words.get(make_word(simple), 0), c) for c, simple in zip(cands, _simplified(cands), strict=True)),
        reverse=True,
    )
    if not scored or scored[0][0] < MIN_WORD_FREQ:
        return None
    if len(scored) > 1 and scored[1][0] * 3 > scored[0][0]:
        return None
    return scored[0][1]


def char_for_trail(trail: str, next_char: str) -> str | None:
    """The character a lone surviving trail byte stands for, told by the word it forms with the next one.

    Example:
        >>> char_for_trail("o", "法")  # "?zé)o法": 無 is GBK 9F 6F
        '無'
    """
    if len(trail) != 1 or not 0x40 <= ord(trail) <= 0x7E or not next_char:
        return None
    nxt = simplify(next_char)
    return _fill(_by_trail(ord(trail)), lambda c: c + nxt)


@dataclass(frozen=True, slots=True)
class ShiftRepair:
    """What :func:`shift_repair` recovered from a run.

    text:     the run decoded one byte later (plus a trail byte that closed it, when one did)
    before:   the character the orphan trail byte in front stands for ("" when it cannot be told)
    after:    the character the dangling lead byte at the end stands for ("" when none or it cannot be told)
    used_trail: the ASCII trail byte after the run was part of it (the repair covers it too)
    complete: no byte was left over unexplained
    """

    text: str
    before: str
    after: str
    used_trail: bool
    complete: bool


def shift_repair(
    run: str, trail: str = "", *, prev_char: str = "", next_char: str = "", trail_note: str = ""
) -> ShiftRepair | None:
    """Decode ``run`` (+ the ASCII ``trail`` byte after it) one byte out of step, if that reads far better.

    Args:
        run: the garbled characters, e.g. "锍蹋瑱".
        trail: an ASCII character right after the run that may be its last trail byte ("C").
        prev_char: the character before the run (context for the dictionary check; "" when it is garbled).
        next_char: the character after the run/trail (a pinyin note skipped), used to tell a dangling lead
            byte's character and as context.
        trail_note: a pinyin note right after ``trail``: the trail byte is then taken into the run only if
            the character it completes reads so ("袊r(nóng)": 0x87 0x72 is not nóng, so "r" stays out).

    Returns:
        The repair, or None when the shifted text is not clearly better (the run is left alone).

    Example:
        >>> r = shift_repair("锍蹋瑱", "C", next_char="場")
        >>> r.text, r.before
        ('程，機', '里')
    """
    try:
        data = run.encode("gbk")
    except UnicodeEncodeError:
        return None
    if len(data) < 2 or text_score(run) >= MAX_RUN_SCORE:
        return None  # ordinary text after a real question mark: "靠什么?还是靠项目"
    orphan, body = data[0], data[1:]
    used_trail = False
    if len(body) % 2 == 1 and trail and 0x40 <= ord(trail) <= 0x7E:
        try:
            last = (body[-1:] + trail.encode("ascii")).decode("gbk")
        except UnicodeDecodeError:
            last = ""
        if last and (not trail_note or trail_note in _pinyin_table().get(ord(last), ())):
            body += trail.encode("ascii")
            used_trail = True
    dangling = body[-1] if len(body) % 2 == 1 else None
    if dangling is not None:
        body = body[:-1]
    try:
        text = body.decode("gbk")
    except UnicodeDecodeError:
        return None
    if len(text) != len(body) // 2 or any(ord(ch) < 0x80 for ch in text):
        return None  # single-byte characters inside: not a shifted run of double-byte text
    if text:
        gain = text_score(text) - text_score(run)
        if gain < MIN_GAIN or text_score(text) < MIN_SCORE:
            return None
    first = simplify(text[:1])
    before = _fill(_by_trail(orphan), lambda c: c + first) if text else None
    after = None
    if dangling is not None:
        left = simplify(text[-1:])
        after = _fill(_by_lead(dangling), lambda c: left + c) if left else None
        nxt = simplify(next_char)
        if after is None and nxt:
            after = _fill(_by_lead(dangling), lambda c: c + nxt)
    if not text and not (before or after):
        return None
    before, after = before or "", after or ""
    # Keep only what the dictionary backs: a byte lost inside the run turns its neighbours into plausible but
    # wrong characters (a garbled "熱水泵安裝" with one byte lost can come back as 隧安裝).  Unbacked characters at either end
    # are dropped (the loss stays marked); a run that is mostly unbacked is not repaired at all.
    backed = _backed(prev_char + before, text, after + next_char)
    lo, hi = 0, len(text)
    while lo < hi and not backed[lo]:
        lo += 1
    while hi > lo and not backed[hi - 1]:
        hi -= 1
    if lo:
        before = ""
    if hi < len(text):
        after = ""
    kept = text[lo:hi]
    if text and (not kept or sum(backed[lo:hi]) < MIN_BACKED * len(kept)):
        return None
    complete = bool(before) and (dangling is None or bool(after)) and lo == 0 and hi == len(text)
    return ShiftRepair(kept, before, after, used_trail, complete)


def _backed(left: str, text: str, right: str) -> list[bool]:
    """For each character of ``text``: is it part of a dictionary word (2–4 characters, context included),
    punctuation, or a function character common enough alone (在 的 和 等)?"""
    words, _ = _frequencies()
    full = simplify(left + text + right)
    if len(full) != len(left) + len(text) + len(right):  # pragma: no cover - tw2s keeps the length
        return [True] * len(text)
    off = len(left)
    out = []
    for i in range(off, off + len(text)):
        ch = full[i]
        ok = not ch.isalnum() or words.get(ch, 0) >= FUNCTION_CHAR_FREQ
        for size in (2, 3, 4):
            if ok:
                break
            for j in range(max(0, i - size + 1), min(i, len(full) - size) + 1):
                if words.get(full[j : j + size], 0) >= 1:
                    ok = True
                    break
        out.append(ok)
    return out
