"""Splitting: one normalised file text -> the reports it holds.

STUB — being written.  Interface (stable):

    split_reports(text: str) -> list[Segment]
        segments in file order, covering every report; a segment whose text repeats an earlier one has
        ``duplicate_of`` set to that segment's index (seed 004: 17 articles, then all 17 again).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    title: str | None = None  # the title the marker line gives ("重点项目督查工作方案篇一" -> its title)
    marker: str | None = None  # "篇一", "扩展阅读", "【…范文】"
    duplicate_of: int | None = None


def split_reports(text: str) -> list[Segment]:
    return [Segment(0, len(text))]
