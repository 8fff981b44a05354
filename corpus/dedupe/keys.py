"""Match keys: the normalised form two texts are compared on, and exact hashes of it.

A key is a *copy* made for matching; the stored text is never rewritten.  Folding, in order:

1. NFKC (full-width letters, digits and punctuation -> half-width: "６６％" -> "66%");
2. OpenCC ``t2s`` (traditional -> simplified, so a report stored once per script gets one key);
3. optional place masking (policy: only the place names the caller passes; the default masks nothing);
4. optional number masking (Arabic numbers, and Chinese numerals before a measure word);
5. punctuation, symbols and whitespace removed.

Masking is a documented policy, not a default: with numbers masked "甲县开工率66%" and "乙县开工率80%" share a
key, which is what ``template_reuse`` detection wants and what plain duplicate detection must not do (see
``corpus.dedupe.relations``: a pair whose shared content is only masked slots is ``shared_figure_only``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache

from corpus.dedupe import rules


@cache
def _t2s():
    import opencc  # heavy: loaded on first use, not at import time

    return opencc.OpenCC("t2s")


@cache
def _place_pattern(places: frozenset[str]) -> re.Pattern[str] | None:
    names = sorted((p for p in places if p), key=len, reverse=True)  # longest first: 青山区 before 青山
    if not names:
        return None
    return re.compile("|".join(map(re.escape, names)))


def match_key(
    text: str,
    *,
    mask_numbers: bool = False,
    places: Iterable[str] = (),
) -> str:
    """Fold ``text`` into the key duplicates are matched on.

    Args:
        text: a sentence, paragraph or whole report, as written.
        mask_numbers: replace each number (66%, 3.2, 十六个 -> #个) by ``#``.
        places: place names the corpus knows; each occurrence becomes ``@``.  Empty (the default): no place
            is masked.  Pass the names *after* t2s folding (simplified), since masking runs after it.

    Returns:
        The key; "" for text with no letters, digits or ideographs.

    Example:
        >>> match_key("重點項目，開工率６６％。")
        '重点项目开工率66'
        >>> match_key("青山区开工率66%", mask_numbers=True, places={"青山区"})
        '@开工率#'
    """
    t = unicodedata.normalize("NFKC", text)
    t = _t2s().convert(t)
    if mask_numbers or places:
        t = rules.MASK_CHARS.sub(" ", t)
    pattern = _place_pattern(frozenset(places)) if places else None
    if pattern is not None:
        t = pattern.sub(rules.PLACE_MASK, t)
    if mask_numbers:
        t = rules.ARABIC_NUMBER.sub(rules.NUMBER_MASK, t)
        t = rules.CHINESE_NUMBER.sub(rules.NUMBER_MASK, t)
    return rules.NOT_WORD.sub("", t)


def match_keys(texts: Sequence[str], *, mask_numbers: bool = False, places: Iterable[str] = ()) -> list[str]:
    """``match_key`` over many texts (one OpenCC call per text, masks compiled once).

    Example:
        >>> match_keys(["项目进度滞后。", "項目進度滯後"])
        ['项目进度滞后', '项目进度滞后']
    """
    places = frozenset(places)
    return [match_key(t, mask_numbers=mask_numbers, places=places) for t in texts]


def unmasked_chars(key: str) -> int:
    """How many characters of ``key`` are real text rather than a ``#`` / ``@`` mask.

    Example:
        >>> unmasked_chars("@开工率#")
        3
    """
    return len(key) - key.count(rules.NUMBER_MASK) - key.count(rules.PLACE_MASK)


def key_hash(key: str) -> str:
    """A stable hex digest of a key (sha1: identity, not security; 40 hex chars).

    Example:
        >>> key_hash("项目进度滞后") == key_hash(match_key("項目進度滯後。"))
        True
    """
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def exact_groups(keys: Sequence[str]) -> tuple[list[str], list[int]]:
    """Collapse identical keys (verbatim copies are common) before any fuzzy work.

    Args:
        keys: one key per item.

    Returns:
        ``(unique, inverse)``: the distinct keys in order of first appearance, and for each item the index of
        its key in ``unique``.

    Example:
        >>> exact_groups(["甲", "乙", "甲"])
        (['甲', '乙'], [0, 1, 0])
    """
    index: dict[str, int] = {}
    inverse = [index.setdefault(k, len(index)) for k in keys]
    return list(index), inverse
