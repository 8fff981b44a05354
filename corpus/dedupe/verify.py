"""Verification: score candidate pairs with rapidfuzz, and the brute-force reference they are measured against.

Only candidate pairs are scored (``rapidfuzz.process.cpdist``: distances for two aligned lists), in chunks so a
1M-item corpus with tens of millions of candidates stays within memory.  Scores are in [0, 1].
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from corpus.dedupe.errors import DedupeSettingError
from corpus.dedupe.pairs import Pairs

SCORERS: dict[str, Callable[..., float]] = {
    "ratio": fuzz.ratio,  # normalised Indel similarity: order-sensitive, the default
    "token_set_ratio": fuzz.token_set_ratio,  # only meaningful on space-separated tokens
    "partial_ratio": fuzz.partial_ratio,  # best-matching substring: for containment, not duplicates
}


def _scorer(name: str) -> Callable[..., float]:
    try:
        return SCORERS[name]
    except KeyError:
        raise DedupeSettingError(
            "scorer", f"未知的相似度算法 {name!r}", "可选 'blend'（默认）或 " + "、".join(map(repr, SCORERS))
        ) from None


def score_pairs(
    keys: Sequence[str], pairs: Pairs, *, scorer: str = "ratio", workers: int = 1, chunk: int = 2_000_000
) -> np.ndarray:
    """The rapidfuzz similarity (in [0, 1]) of every pair.

    Example:
        >>> p = Pairs.from_arrays(np.array([0]), np.array([1]), np.array([0.0]))
        >>> float(score_pairs(["项目进度滞后", "项目进度缓慢"], p)[0]) > 0.6
        True
    """
    func = _scorer(scorer)
    out = np.empty(len(pairs), np.float32)
    for a in range(0, len(pairs), chunk):
        b = min(len(pairs), a + chunk)
        left = [keys[x] for x in pairs.i[a:b].tolist()]
        right = [keys[x] for x in pairs.j[a:b].tolist()]
        out[a:b] = process.cpdist(left, right, scorer=func, dtype=np.float32, workers=workers) / 100.0
    return out


def bag_scores(keys: Sequence[str], pairs: Pairs, *, workers: int = 1) -> np.ndarray:
    """Similarity of the pairs' character multisets (ratio of the sorted keys = Dice over characters), in [0, 1].

    Blind to order, so a variant with two clauses swapped scores 1.0, while a composite that shares one clause
    with a sentence (the hard negatives) shares only that clause's characters.

    Example:
        >>> p = Pairs.from_arrays(np.array([0]), np.array([1]), np.array([0.0]))
        >>> float(bag_scores(["资金紧张进度滞后", "进度滞后资金紧张"], p)[0])
        1.0
    """
    return score_pairs(["".join(sorted(k)) for k in keys], pairs, workers=workers)


def pair_scores(keys: Sequence[str], candidates: Pairs, *, workers: int = 1, x=None) -> np.ndarray:
    """The verification score: ½·max(ratio, TF-IDF cosine) + ½·bag, in [0, 1].

    Measured on the bench (BENCHMARKS.md): ratio alone misses variants with a clause inserted, dropped or
    swapped (ratio falls under 0.6 while the gram profile barely moves); cosine recovers those; the bag score
    (character multisets, ``verify.bag_scores``) is what best separates true variants from composites that
    share one clause with them.  Edge precision / recall on the 100k candidates: ratio 0.91 / 0.81, max(ratio,
    cosine) 0.90 / 0.94, this blend 0.94 / 0.93 (a sample of 200k candidate pairs, best cutoff each).

    Example:
        >>> p = Pairs.from_arrays(np.array([0]), np.array([1]), np.array([0.0]))
        >>> float(pair_scores(["资金紧张进度滞后", "进度滞后资金紧张"], p)[0]) >= 0.75
        True
    """
    from corpus.dedupe.candidates import tfidf_matrix

    ratio = score_pairs(keys, candidates, workers=workers)
    cos = cosine_scores(tfidf_matrix(keys) if x is None else x, candidates)
    bag = bag_scores(keys, candidates, workers=workers)
    return (0.5 * np.maximum(ratio, cos) + 0.5 * bag).astype(np.float32)


def verify_pairs(
    keys: Sequence[str],
    pairs: Pairs,
    *,
    scorer: str = "blend",
    score_cutoff: float = 0.6,
    workers: int = 1,
    x=None,
) -> Pairs:
    """Keep the candidate pairs whose similarity reaches ``score_cutoff``; the score is replaced.

    Args:
        keys: the keys the pairs index into.
        pairs: candidate pairs.
        scorer: "blend" (``pair_scores``, the default) or a name in ``SCORERS``.
        score_cutoff: minimum similarity, in [0, 1].
        workers: rapidfuzz threads (-1: all cores).
        x: the keys' ``candidates.tfidf_matrix`` if already built (the blend needs it).

    Returns:
        The verified pairs, scored by ``scorer``.

    Example:
        >>> keys = ["项目资金缺口较大", "项目资金缺口很大", "群众满意度较高"]
        >>> p = Pairs.from_arrays(np.array([0, 0]), np.array([1, 2]), np.zeros(2))
        >>> verify_pairs(keys, p).j.tolist()
        [1]
    """
    if scorer == "blend":
        score = pair_scores(keys, pairs, workers=workers, x=x)
    else:
        score = score_pairs(keys, pairs, scorer=scorer, workers=workers)
    keep = score >= score_cutoff
    return Pairs(pairs.i[keep], pairs.j[keep], score[keep])


def brute_force_pairs(
    keys: Sequence[str],
    *,
    scorer: str = "blend",
    score_cutoff: float = 0.6,
    workers: int = 1,
    block_rows: int = 1000,
) -> Pairs:
    """Every pair whose similarity reaches ``score_cutoff``, by comparing everything with everything.

    The reference candidate recall is measured against: ``rapidfuzz.process.cdist`` over row blocks, with the
    same scorer as verification ("blend" = ``pair_scores``: cdist ratio, cdist over sorted keys, and a dense
    block of TF-IDF cosines), or one of ``SCORERS``.  Quadratic: seconds for 10k sentences, hours for 1M — for
    tests and benchmarks, not for a corpus.

    Example:
        >>> brute_force_pairs(["项目资金缺口较大", "群众满意度较高", "项目资金缺口很大"]).j.tolist()
        [2]
    """
    n = len(keys)
    keys = list(keys)
    if scorer == "blend":
        from corpus.dedupe.candidates import tfidf_matrix

        x = tfidf_matrix(keys)
        xt = x.T.tocsc()
        bags = ["".join(sorted(k)) for k in keys]
    out_i, out_j, out_s = [], [], []
    for lo in range(0, n, block_rows):
        hi = min(n, lo + block_rows)
        if scorer == "blend":
            ratio = process.cdist(keys[lo:hi], keys[lo:], scorer=fuzz.ratio, dtype=np.float32, workers=workers)
            bag = process.cdist(bags[lo:hi], bags[lo:], scorer=fuzz.ratio, dtype=np.float32, workers=workers)
            cos = np.asarray((x[lo:hi] @ xt[:, lo:]).todense(), dtype=np.float32) * 100
            m = 0.5 * np.maximum(ratio, cos) + 0.5 * bag
            m[m < score_cutoff * 100] = 0
        else:
            m = process.cdist(
                keys[lo:hi], keys[lo:], scorer=_scorer(scorer), score_cutoff=score_cutoff * 100,
                dtype=np.float32, workers=workers,
            )
        r, c = np.nonzero(m)
        keep = c > r  # the block's columns start at row lo: upper triangle only
        out_i.append((r[keep] + lo).astype(np.int32))
        out_j.append((c[keep] + lo).astype(np.int32))
        out_s.append(np.minimum(m[r[keep], c[keep]] / 100.0, 1.0).astype(np.float32))
    if not out_i:
        return Pairs.empty()
    return Pairs(np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_s))


def cosine_scores(x, pairs: Pairs, *, chunk: int = 200_000) -> np.ndarray:
    """Cosine of each pair from L2-normalised sparse rows ``x`` (``candidates.tfidf_matrix``), in [0, 1].

    Example:
        >>> from corpus.dedupe.candidates import tfidf_matrix
        >>> p = Pairs.from_arrays(np.array([0]), np.array([1]), np.array([0.0]))
        >>> round(float(cosine_scores(tfidf_matrix(["项目进度滞后", "项目进度滞后"]), p)[0]), 3)
        1.0
    """
    out = np.empty(len(pairs), np.float32)
    for a in range(0, len(pairs), chunk):
        b = min(len(pairs), a + chunk)
        prod = x[pairs.i[a:b]].multiply(x[pairs.j[a:b]])
        out[a:b] = np.asarray(prod.sum(axis=1)).ravel()
    return np.clip(out, 0.0, 1.0)
