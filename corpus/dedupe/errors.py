"""Errors of duplicate detection (codes E26x, inside corpus's E2xx range)."""

from __future__ import annotations

from corpus.errors import CorpusError


class DedupeSettingError(CorpusError):
    """A dedupe setting has a value duban does not know (method, scorer, cutoff out of [0, 1])."""

    code = "E260"
