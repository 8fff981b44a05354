"""Scoring a clustering or a pair set against labelled groups (the bench's ``group`` field).

Two cluster-level measures, because they disagree exactly where it matters (one giant chained cluster):

pairwise  precision = share of the item pairs put in one cluster that are true pairs; recall = share of the
          true pairs put in one cluster.  The bench README's baselines (connected components 0.06 / 0.96,
          Leiden 0.95 / 0.80 at 100k) are pairwise: one cluster of 3,101 sentences makes ~4.8M false pairs.
B-cubed   per item: precision = share of its cluster that is in its group, recall = share of its group in its
          cluster; averaged over items.  A giant cluster costs only its own members.

Pair level (the verified edges, before clustering): precision = share of accepted pairs that are true pairs,
recall = share of all true pairs accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corpus.dedupe.pairs import Pairs


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _contingency(pred: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Sizes of the non-empty (predicted cluster, true group) cells."""
    _, p = np.unique(pred, return_inverse=True)
    _, t = np.unique(truth, return_inverse=True)
    code = p.astype(np.int64) * (int(t.max()) + 1) + t
    _, counts = np.unique(code, return_counts=True)
    return counts


def _pairs_of(sizes: np.ndarray) -> int:
    sizes = sizes.astype(np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise_score(pred: np.ndarray, truth: np.ndarray) -> Score:
    """Pairwise precision / recall of a clustering (co-clustered pairs vs same-group pairs).

    Example:
        >>> s = pairwise_score(np.array([0, 0, 0, 1]), np.array([5, 5, 6, 6]))
        >>> (round(s.precision, 3), s.recall)
        (0.333, 0.5)
    """
    pred, truth = np.asarray(pred), np.asarray(truth)
    tp = _pairs_of(_contingency(pred, truth))
    pp = _pairs_of(np.unique(pred, return_counts=True)[1])
    tt = _pairs_of(np.unique(truth, return_counts=True)[1])
    return Score(tp / pp if pp else 1.0, tp / tt if tt else 1.0)


def bcubed_score(pred: np.ndarray, truth: np.ndarray) -> Score:
    """B-cubed precision / recall of a clustering, averaged over items.

    Example:
        >>> s = bcubed_score(np.array([0, 0, 1]), np.array([5, 5, 5]))
        >>> (s.precision, round(s.recall, 3))
        (1.0, 0.556)
    """
    pred, truth = np.asarray(pred), np.asarray(truth)
    _, p = np.unique(pred, return_inverse=True)
    _, t = np.unique(truth, return_inverse=True)
    code = p.astype(np.int64) * (int(t.max()) + 1) + t
    _, cell_of, cell_size = np.unique(code, return_inverse=True, return_counts=True)
    both = cell_size[cell_of].astype(np.float64)
    p_size = np.bincount(p)[p]
    t_size = np.bincount(t)[t]
    return Score(float((both / p_size).mean()), float((both / t_size).mean()))


def pair_score(pairs: Pairs, truth: np.ndarray) -> Score:
    """Precision / recall of accepted item pairs against same-group pairs.

    Example:
        >>> p = Pairs.from_arrays(np.array([0, 0]), np.array([1, 2]), np.ones(2))
        >>> pair_score(p, np.array([7, 7, 8]))
        Score(precision=0.5, recall=1.0)
    """
    truth = np.asarray(truth)
    tt = _pairs_of(np.unique(truth, return_counts=True)[1])
    if len(pairs) == 0:
        return Score(1.0, 0.0 if tt else 1.0)
    tp = int((truth[pairs.i] == truth[pairs.j]).sum())
    return Score(tp / len(pairs), tp / tt if tt else 1.0)
