"""Normalisation: raw text -> clean simplified text + an offset map back to the raw text.

STUB — being written.  Interface (stable):  normalize(raw: str) -> NormalizedText
"""

from __future__ import annotations

from array import array

from extract.model import NormalizedText


def normalize(raw: str) -> NormalizedText:
    offsets = array("l", range(len(raw) + 1))
    return NormalizedText(text=raw, offsets=offsets)
