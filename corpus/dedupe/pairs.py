"""``Pairs``: the one record the dedupe stages pass each other (candidate, verified and brute-force pairs)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Pairs:
    """Undirected item pairs with a score in [0, 1]: ``i[k] < j[k]``, each pair once.

    Indices refer to the key list the stage was given.  Arrays, not tuples, because a 1M-item corpus has tens
    of millions of candidate pairs.
    """

    i: np.ndarray  # int32
    j: np.ndarray  # int32
    score: np.ndarray  # float32, in [0, 1]

    def __len__(self) -> int:
        return int(self.i.shape[0])

    @classmethod
    def empty(cls) -> Pairs:
        return cls(np.empty(0, np.int32), np.empty(0, np.int32), np.empty(0, np.float32))

    @classmethod
    def from_arrays(cls, i: np.ndarray, j: np.ndarray, score: np.ndarray) -> Pairs:
        """Orient every pair as (min, max), drop self-pairs and keep the highest score of repeated pairs.

        Example:
            >>> p = Pairs.from_arrays(np.array([2, 0, 0]), np.array([0, 2, 0]), np.array([0.5, 0.9, 1.0]))
            >>> p.i.tolist(), p.j.tolist(), p.score.tolist()
            ([0], [2], [0.8999999761581421])
        """
        i = np.asarray(i, dtype=np.int64)
        j = np.asarray(j, dtype=np.int64)
        score = np.asarray(score, dtype=np.float32)
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        keep = lo != hi
        lo, hi, score = lo[keep], hi[keep], score[keep]
        if lo.size == 0:
            return cls.empty()
        code = lo * (int(hi.max()) + 1) + hi
        # highest score first, then the first occurrence of each code wins
        order = np.lexsort((-score, code))
        code, lo, hi, score = code[order], lo[order], hi[order], score[order]
        first = np.ones(code.size, dtype=bool)
        first[1:] = code[1:] != code[:-1]
        return cls(lo[first].astype(np.int32), hi[first].astype(np.int32), score[first])

    def select(self, mask: np.ndarray) -> Pairs:
        """The pairs where ``mask`` is true."""
        return Pairs(self.i[mask], self.j[mask], self.score[mask])

    @classmethod
    def concat(cls, parts: list[Pairs]) -> Pairs:
        """Join pairs from independent blocks (dedupes pairs found by more than one block)."""
        parts = [p for p in parts if len(p)]
        if not parts:
            return cls.empty()
        return cls.from_arrays(
            np.concatenate([p.i for p in parts]),
            np.concatenate([p.j for p in parts]),
            np.concatenate([p.score for p in parts]),
        )
