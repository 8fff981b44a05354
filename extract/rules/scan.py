"""Scanning with a pattern whose matches always hold a cheap-to-find anchor near their start.

A pattern that opens with optional parts (a place and level before a department's name, ``core_org``) has no
literal prefix, so ``re`` tries it at every position of the text.  When every match holds an anchor (the
department word) that starts at most ``reach`` characters after the match starts, only the few positions
before each anchor need trying; the anchor itself is found by a plain alternation, which ``re`` scans fast.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator


def finditer_anchored(
    pattern: re.Pattern[str], anchor: re.Pattern[str], text: str, reach: int
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, the same ones in the same order, trying ``pattern`` only
    at the ``reach + 1`` positions up to each match of ``anchor``.

    Holds when every match of ``pattern`` is non-empty and contains a match of ``anchor`` that starts at
    most ``reach`` characters after the match's start.

    Example:
        >>> pat, anchor = re.compile(r"[省市县]?(?:发改委|住建局)"), re.compile(r"发改委|住建局")
        >>> [m[0] for m in finditer_anchored(pat, anchor, "市发改委会同县住建局", 1)]
        ['市发改委', '县住建局']
    """
    pos = 0  # where the previous match ended: no match starts before it
    tried = 0  # every position below this has been tried and fails
    a = anchor.search(text)
    while a is not None:
        c = a.start()
        # a match starting before c - reach would hold an anchor before c, and c is the first one from pos
        s = max(pos, c - reach, tried)
        m = None
        while s <= c:
            m = pattern.match(text, s)
            if m is not None:
                break
            s += 1
        if m is None:
            tried = c + 1
            a = anchor.search(text, c + 1)
            continue
        yield m
        pos = tried = m.end()
        a = anchor.search(text, pos)


def finditer_within(
    pattern: re.Pattern[str], text: str, *, breaks: re.Pattern[str], hint: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, the same ones in the same order, scanning only the stretches
    between two ``breaks`` (single characters) that hold a match of ``hint``.

    Holds when no match of ``pattern`` (lookaheads included) holds a break character, every match holds a
    match of ``hint``, and ``hint``'s matches hold no break character either.  Lookbehinds still see the
    text before a stretch (``finditer(text, pos, endpos)`` does not slice the string).

    Example:
        >>> pat = re.compile(r"[^，。]{1,4}项目")
        >>> text = "加快推进，城南项目开工。北区道路"
        >>> [m[0] for m in finditer_within(pat, text, breaks=re.compile("[，。]"), hint=re.compile("项目"))]
        ['城南项目']
    """
    # everything up to the last break before a position, so the stretch's start is found without listing
    # every break of the text (punctuation is common)
    upto_break = _upto_last(breaks)
    done = -1  # end of the last stretch scanned (a break, or the text's end)
    for h in hint.finditer(text):
        if h.start() < done:
            continue  # inside the stretch already scanned
        low = done + 1  # a stretch starts here: no break between it and h can be missed
        last = upto_break.match(text, low, h.start())
        start = last.end() if last else low
        nxt = breaks.search(text, h.end())
        done = nxt.start() if nxt else len(text)
        yield from pattern.finditer(text, start, done)


@functools.cache
def _upto_last(breaks: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(r"(?s:.*)(?:" + breaks.pattern + ")", breaks.flags)
