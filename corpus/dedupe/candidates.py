"""Candidate pairs from an index, never everything against everything.

Two methods, both measured by ``scripts/bench_dedupe.py`` (see BENCHMARKS.md, section Duplicates):

``tfidf``   TF-IDF over character (1, 2)-grams (scikit-learn), cosine by a *blocked* sparse product: a block of
            rows times the whole matrix transposed, keeping each row's top ``k`` with ``numpy.argpartition``, so
            memory is bounded by the block, not by n².  Top-10 loses recall (groups reach 60 members); k >= 50.
            Grams held by more than ``max_df`` texts are left out of the *product* only (they stay in the norms):
            they add little to a cosine but make every row meet every other row (的, 项目, 工作).
``minhash`` MinHash over character 2-grams (datasketch, 128 permutations), LSH bands chosen by datasketch for
            threshold 0.3 (0.4 loses a tenth of the pairs); buckets are enumerated band by band instead of querying the index once per item.

3-gram Jaccard is too strict for 10–60-character sentences, and SimHash finds almost nothing at this length.

Both split the work into independent blocks (row blocks / signature chunks and bands), run by ``jobs``
processes; a block's output depends only on its input, so results are the same for any ``jobs``.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from corpus.dedupe.pairs import Pairs

# Worker state: set in the parent before a fork, read by the block functions (copy-on-write, no pickling of
# the big matrix per task).
_STATE: dict[str, Any] = {}


def _pool(jobs: int):
    # fork: workers inherit _STATE without copying; the platforms duban runs batch jobs on (Linux) have it.
    return mp.get_context("fork").Pool(jobs)


def _run_blocks(func, blocks: list, jobs: int) -> list:
    if jobs <= 1 or len(blocks) <= 1:
        return [func(b) for b in blocks]
    with _pool(jobs) as pool:
        return pool.map(func, blocks, chunksize=1)


# --------------------------------------------------------------------------------------------------- TF-IDF
def tfidf_matrix(keys: Sequence[str], *, ngram_range: tuple[int, int] = (1, 2)) -> sp.csr_matrix:
    """L2-normalised TF-IDF rows over character n-grams of the keys (float32 CSR).

    Example:
        >>> m = tfidf_matrix(["项目进度滞后", "项目进度缓慢"])
        >>> m.shape[0]
        2
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(
        analyzer="char", ngram_range=ngram_range, dtype=np.float32, sublinear_tf=True, lowercase=False
    )
    return vec.fit_transform(keys).tocsr()


def prune_frequent(x: sp.csr_matrix, *, max_df: int, min_grams: int) -> sp.csr_matrix:
    """Drop from ``x`` the grams held by more than ``max_df`` rows, but keep each row's ``min_grams`` rarest.

    The product of the pruned matrix with its transpose scores a pair by the rare grams it shares (a lower
    bound of the cosine).  A frequent gram (的, 项目, 工作 …) makes every row meet every other row, so the
    product — and the time — would grow with n² while adding little to the score.  The per-row floor keeps a
    sentence made only of common grams findable: two copies of it share their rarest grams.  An absolute cap
    (not a share of n) keeps the work per row constant as the corpus grows.

    Example:
        >>> m = tfidf_matrix(["项目进度滞后", "项目资金不足", "项目用地紧张"])
        >>> m.getnnz(axis=1).tolist(), prune_frequent(m, max_df=1, min_grams=1).getnnz(axis=1).tolist()
        ([11, 11, 11], [8, 8, 8])
    """
    x = x.tocsr()
    df = np.bincount(x.indices, minlength=x.shape[1])
    ent_df = df[x.indices]
    rows = np.repeat(np.arange(x.shape[0], dtype=np.int64), np.diff(x.indptr))
    # rank of each entry within its row by document frequency (rarest first)
    order = np.argsort(rows * (int(df.max()) + 1) + ent_df, kind="stable")
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size) - x.indptr[rows[order]]
    keep = (ent_df <= max_df) | (rank < min_grams)
    y = x.copy()
    y.data = np.where(keep, y.data, 0).astype(y.data.dtype)
    y.eliminate_zeros()
    return y


def _tfidf_block(bounds: tuple[int, int]) -> Pairs:
    lo, hi = bounds
    x: sp.csr_matrix = _STATE["x"]
    xt: sp.csc_matrix = _STATE["xt"]
    k: int = _STATE["k"]
    min_score: float = _STATE["min_score"]
    s = (x[lo:hi] @ xt).tocsr()
    s.sort_indices()
    rows_i: list[np.ndarray] = []
    rows_j: list[np.ndarray] = []
    rows_s: list[np.ndarray] = []
    indptr, indices, data = s.indptr, s.indices, s.data
    for r in range(hi - lo):
        a, b = indptr[r], indptr[r + 1]
        if a == b:
            continue
        d = data[a:b]
        c = indices[a:b]
        if b - a > k + 1:  # +1: the row itself is usually its own best match
            top = np.argpartition(d, -(k + 1))[-(k + 1) :]
            d, c = d[top], c[top]
        keep = (d >= min_score) & (c != lo + r)
        rows_i.append(np.full(int(keep.sum()), lo + r, dtype=np.int32))
        rows_j.append(c[keep].astype(np.int32))
        rows_s.append(d[keep])
    if not rows_i:
        return Pairs.empty()
    return Pairs.from_arrays(np.concatenate(rows_i), np.concatenate(rows_j), np.concatenate(rows_s))


def tfidf_candidates(
    keys: Sequence[str],
    *,
    k: int = 50,
    score_cutoff: float = 0.3,
    max_df: int | None = None,
    min_grams: int = 8,
    ngram_range: tuple[int, int] = (1, 2),
    block_rows: int = 2000,
    jobs: int = 1,
    x: sp.csr_matrix | None = None,
) -> Pairs:
    """Each key's ``k`` nearest keys by TF-IDF cosine over character (1, 2)-grams.

    Args:
        keys: match keys (``corpus.dedupe.keys.match_key``), ideally unique (``exact_groups`` first).
        k: neighbours kept per key; the pair set is the union over both directions.
        score_cutoff: minimum (product) cosine kept, in [0, 1].
        max_df: grams held by more than this many keys are left out of the product (kept in the norms),
            so the score is a lower bound of the cosine (see ``prune_frequent``).  None: 2 % of the keys,
            clamped to [200, 2000] — a share while the corpus is small, then a fixed cap so the work per key
            stops growing with the corpus (at 100k an absolute 500 loses a tenth of the candidate recall).
        min_grams: each key keeps at least its this many rarest grams in the product.
        ngram_range: character n-gram sizes.
        block_rows: rows per block; memory is about ``block_rows`` × (neighbours per row) × 8 bytes.
        jobs: processes running blocks.
        x: the keys' ``tfidf_matrix`` when the caller already has it (verification needs it too).

    Returns:
        Candidate pairs scored by (pruned) cosine.

    Example:
        >>> p = tfidf_candidates(["项目资金缺口较大", "项目资金缺口很大", "群众满意度较高"], k=5)
        >>> (p.i.tolist(), p.j.tolist())
        ([0], [1])
    """
    n = len(keys)
    if n < 2:
        return Pairs.empty()
    if x is None:
        x = tfidf_matrix(keys, ngram_range=ngram_range)
    if max_df is None:
        max_df = int(min(2000, max(200, 0.02 * n)))
    xp = prune_frequent(x, max_df=max_df, min_grams=min_grams)
    _STATE.update(x=xp, xt=xp.T.tocsc(), k=k, min_score=score_cutoff)
    try:
        blocks = [(lo, min(n, lo + block_rows)) for lo in range(0, n, block_rows)]
        return Pairs.concat(_run_blocks(_tfidf_block, blocks, jobs))
    finally:
        _STATE.clear()


# -------------------------------------------------------------------------------------------------- MinHash
def _shingles(key: str, size: int) -> list[bytes]:
    if len(key) <= size:
        return [key.encode("utf-8")]
    return [key[p : p + size].encode("utf-8") for p in range(len(key) - size + 1)]


def _signature_block(bounds: tuple[int, int]) -> np.ndarray:
    from datasketch import MinHash

    lo, hi = bounds
    keys = _STATE["keys"]
    size, num_perm = _STATE["shingle"], _STATE["num_perm"]
    hashes = MinHash.bulk((_shingles(key, size) for key in keys[lo:hi]), num_perm=num_perm, seed=1)
    # datasketch keeps hash values below 2**32: uint32 halves the memory of a 1M x 128 signature matrix
    return np.vstack([m.hashvalues for m in hashes]).astype(np.uint32)


def minhash_signatures(
    keys: Sequence[str], *, num_perm: int = 128, shingle: int = 2, jobs: int = 1, block_rows: int = 20000
) -> np.ndarray:
    """MinHash signatures (n × num_perm, uint32) of the keys' character ``shingle``-grams (datasketch).

    Example:
        >>> minhash_signatures(["项目进度滞后"], num_perm=16).shape
        (1, 16)
    """
    _STATE.update(keys=list(keys), shingle=shingle, num_perm=num_perm)
    try:
        blocks = [(lo, min(len(keys), lo + block_rows)) for lo in range(0, len(keys), block_rows)]
        parts = _run_blocks(_signature_block, blocks, jobs)
    finally:
        _STATE.clear()
    return np.vstack(parts) if parts else np.empty((0, num_perm), np.uint32)


def _band_block(band_ids: list[int]) -> Pairs:
    sig: np.ndarray = _STATE["sig"]
    r: int = _STATE["rows"]
    max_bucket: int = _STATE["max_bucket"]
    out_i: list[np.ndarray] = []
    out_j: list[np.ndarray] = []
    distinct = 0
    for band in band_ids:
        cols = sig[:, band * r : (band + 1) * r].astype(np.uint64)
        # one 64-bit bucket code per row of the band (a polynomial hash of its r values; collisions only add
        # candidates, which verification removes)
        code = np.zeros(sig.shape[0], dtype=np.uint64)
        for c in range(r):
            code = code * np.uint64(0x9E3779B97F4A7C15) + cols[:, c]
        order = np.argsort(code, kind="stable")
        sc = code[order]
        starts = np.flatnonzero(np.r_[True, sc[1:] != sc[:-1]])
        sizes = np.diff(np.r_[starts, sc.size])
        # all buckets of one size at once: an (buckets × m) member matrix and one triu index pair for m
        for m in np.unique(sizes[sizes > 1]).tolist():
            s0 = starts[sizes == m]
            if m > max_bucket:
                # a huge bucket (a boilerplate phrase repeated thousands of times): link each member to its
                # next 8 neighbours only, so one bucket cannot emit millions of pairs
                for start in s0.tolist():
                    members = order[start : start + m]
                    for step in range(1, 9):
                        out_i.append(members[:-step])
                        out_j.append(members[step:])
                continue
            members = order[s0[:, None] + np.arange(m)[None, :]]
            ii, jj = np.triu_indices(m, k=1)
            out_i.append(members[:, ii].ravel())
            out_j.append(members[:, jj].ravel())
        # a pair usually shares many bands: compact now and then so memory follows the distinct pairs
        raw = sum(x.size for x in out_i)
        if raw > 2 * distinct + 2_000_000:
            i, j = _unique_pairs(out_i, out_j, sig.shape[0])
            out_i, out_j, distinct = [i], [j], i.size
    if not out_i:
        return Pairs.empty()
    i, j = _unique_pairs(out_i, out_j, sig.shape[0])
    return Pairs(i, j, np.zeros(i.size, np.float32))


def _unique_pairs(out_i: list[np.ndarray], out_j: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    i = np.concatenate(out_i).astype(np.int64)
    j = np.concatenate(out_j).astype(np.int64)
    code = np.unique(np.minimum(i, j) * n + np.maximum(i, j))
    lo, hi = code // n, code % n
    keep = lo != hi
    return lo[keep].astype(np.int32), hi[keep].astype(np.int32)


def _estimate_jaccard(sig: np.ndarray, pairs: Pairs, chunk: int = 100_000) -> np.ndarray:
    out = np.empty(len(pairs), np.float32)
    for a in range(0, len(pairs), chunk):
        b = min(len(pairs), a + chunk)
        out[a:b] = (sig[pairs.i[a:b]] == sig[pairs.j[a:b]]).mean(axis=1)
    return out


def minhash_candidates(
    keys: Sequence[str],
    *,
    num_perm: int = 128,
    threshold: float = 0.3,
    shingle: int = 2,
    score_cutoff: float = 0.0,
    max_bucket: int = 500,
    jobs: int = 1,
) -> Pairs:
    """Pairs that share at least one LSH band of their 2-gram MinHash signatures.

    Args:
        keys: match keys, ideally unique.
        num_perm: permutations per signature.
        threshold: Jaccard threshold the band layout is tuned for (datasketch's optimal (bands, rows)): 0.3
            gives 37 bands of 3 rows.  At 0.4 (32 bands of 4) the verified pairs found on the 1k bench fall
            to 0.89 of brute force; at 0.3 they are 0.96.
        shingle: character n-gram size.
        score_cutoff: minimum estimated Jaccard kept.
        max_bucket: buckets larger than this link each member to its next 8 neighbours only.
        jobs: processes (signature chunks, then groups of bands).

    Returns:
        Candidate pairs scored by estimated Jaccard.

    Example:
        >>> p = minhash_candidates(["项目资金缺口较大", "项目资金缺口很大", "群众满意度较高"])
        >>> (p.i.tolist(), p.j.tolist())
        ([0], [1])
    """
    from datasketch.lsh import _optimal_param

    if len(keys) < 2:
        return Pairs.empty()
    sig = minhash_signatures(keys, num_perm=num_perm, shingle=shingle, jobs=jobs)
    bands, rows = _optimal_param(threshold, num_perm, 0.5, 0.5)
    _STATE.update(sig=sig, rows=rows, max_bucket=max_bucket)
    try:
        groups = [list(range(b, bands, max(1, jobs))) for b in range(min(bands, max(1, jobs)))]
        pairs = Pairs.concat(_run_blocks(_band_block, groups, jobs))
    finally:
        _STATE.clear()
    score = _estimate_jaccard(sig, pairs)
    return Pairs(pairs.i, pairs.j, score).select(score >= score_cutoff)
