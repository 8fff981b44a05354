"""Structure of a report: paragraphs with outline levels (一、 （一） 1. （1）) and sentences.

STUB — being written.  Interface (stable):

    outline(text: str) -> tuple[Paragraph, ...]       paragraphs of a report text, with levels and sentences
    split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]
"""

from __future__ import annotations

from extract.model import Paragraph


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    return [(start, end)] if end > start else []


def outline(text: str) -> tuple[Paragraph, ...]:
    paras = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if line.strip():
            paras.append(Paragraph(len(paras), s, e, line, sentences=tuple(split_sentences(text, s, e))))
    return tuple(paras)
