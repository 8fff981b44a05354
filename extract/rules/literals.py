"""Regex alternations over word lists, compiled as a trie so a long lexicon costs little inside a pattern.

``re`` tries the branches of ``"产业园区|产业园|公园|…"`` one after another at every position it reaches; with
a few hundred entries inside a pattern that is tried at every clause start (``clause_subject``), that is most
of the scan.  The same words as a trie (``"产业园(?:区)?|公园|…"``) are tried one character at a time.

A trie's greedy optional parts try the longest entry first, then shorter ones, exactly as the plain
alternation does when its entries are sorted longest first; so the trie is used only then, and matches,
spans and backtracking stay the same.  Entries given in any other order keep the plain alternation (there the
order is the caller's rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def literal_alternation(words: Iterable[str]) -> str:
    """A regex source (no outer group) that matches any of ``words``, preferring the earlier entries.

    Example:
        >>> literal_alternation(["产业园区", "产业园", "公园"])
        '(?:产(?:业(?:园(?:区)?))|公(?:园))'
        >>> re.fullmatch(literal_alternation(["产业园区", "产业园", "公园"]), "产业园") is not None
        True
    """
    words = list(words)
    lengths = [len(w) for w in words]
    if not words or 0 in lengths or any(a < b for a, b in zip(lengths, lengths[1:], strict=False)):
        # not longest first (or holds an empty entry): the order itself is meaningful, keep it
        return "|".join(map(re.escape, words))
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(root)


def _emit(node: dict[str, dict]) -> str:
    alts = [re.escape(ch) + _emit(child) for ch, child in node.items() if ch]
    if not alts:
        return ""
    body = "(?:" + "|".join(alts) + ")"
    return body + "?" if "" in node else body
