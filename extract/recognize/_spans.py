"""Counting earlier mentions inside a span without scanning them all (a report can name hundreds of projects)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from extract.recognize import Mention


class SpanIndex:
    """Mentions sorted by start, to ask "how many lie inside ``[a, b)``" in logarithmic time.

    Example:
        >>> from extract.model import FactKind
        >>> idx = SpanIndex([Mention(FactKind.PROJECT, 2, 6), Mention(FactKind.PROJECT, 8, 12)])
        >>> idx.count(0, 10), idx.any_inside(0, 7)
        (1, True)
    """

    def __init__(self, mentions: Sequence[Mention]):
        spans = sorted((m.start, m.end) for m in mentions)
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        # the longest mention bounds how far left of ``a`` a mention that ends inside may start
        self.longest = max((b - a for a, b in spans), default=0)

    def count(self, a: int, b: int) -> int:
        """How many mentions lie wholly inside ``[a, b)`` (``a <= start and end <= b``)."""
        n = 0
        ends = self.ends
        for i in range(bisect.bisect_left(self.starts, a), bisect.bisect_left(self.starts, b)):
            if ends[i] <= b:
                n += 1
        return n

    def any_inside(self, a: int, b: int) -> bool:
        """Whether some mention lies wholly inside ``[a, b)``."""
        ends = self.ends
        for i in range(bisect.bisect_left(self.starts, a), bisect.bisect_left(self.starts, b)):
            if ends[i] <= b:
                return True
        return False


class Intervals:
    """Spans sorted by start with the running maximum of their ends, to ask "does any overlap ``[a, b)``" fast.

    Example:
        >>> iv = Intervals([(0, 3), (10, 20)])
        >>> iv.overlaps(2, 5), iv.overlaps(3, 10), iv.overlaps(15, 16)
        (True, False, True)
    """

    def __init__(self, spans: Sequence[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.max_end: list[int] = []
        top = -1
        for _, b in spans:
            top = max(top, b)
            self.max_end.append(top)

    def overlaps(self, a: int, b: int) -> bool:
        """Whether some span ``(s, e)`` has ``s < b and a < e``."""
        k = bisect.bisect_left(self.starts, b)  # spans [0, k) start before b
        return k > 0 and self.max_end[k - 1] > a
