"""Report level: is one whole report contained in another?

Jaccard is the wrong measure for documents: seed 004's 篇十二 is 篇七 followed by 篇二, so 篇七 shares almost all
of its text with 篇十二 while their Jaccard is about one half.  Containment of A in B is the share of A's
character 5-gram shingles (of the match key: t2s, NFKC, punctuation folded) that also occur in B.  Five
characters: short enough to survive a changed figure or an edited word, long enough that two unrelated reports
on the same subject share few (进一步加强, 重点项目建 occur everywhere, so they are ignored when very common).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import scipy.sparse as sp

from corpus.dedupe import rules
from corpus.dedupe.keys import match_key


def shingles(text: str, *, size: int = rules.SHINGLE_SIZE, mask_numbers: bool = False) -> set[str]:
    """The set of character ``size``-grams of the text's match key (a key shorter than ``size``: itself).

    Example:
        >>> sorted(shingles("项目进度，滞后", size=5))
        ['目进度滞后', '项目进度滞']
    """
    key = match_key(text, mask_numbers=mask_numbers)
    if len(key) <= size:
        return {key} if key else set()
    return {key[p : p + size] for p in range(len(key) - size + 1)}


def containment(
    a_text: str, b_text: str, *, size: int = rules.SHINGLE_SIZE, mask_numbers: bool = False
) -> float:
    """Share of ``a_text`` found in ``b_text``: |shingles(a) ∩ shingles(b)| / |shingles(a)|, in [0, 1].

    Not symmetric: a short report copied into a long one is fully contained in it (1.0) while the long one is
    only partly contained in the short one.  An empty ``a_text`` is contained in nothing (0.0).
    ``mask_numbers`` compares with figures masked (``template_reuse`` detection).

    Example:
        >>> a = "一是领导重视，责任明确。二是加强督查，严格管理。"
        >>> containment(a, "同志们：" + a + "三是分类指导，强化服务。")
        1.0
        >>> containment("三是分类指导，强化服务。", a)
        0.0
    """
    sa = shingles(a_text, size=size, mask_numbers=mask_numbers)
    if not sa:
        return 0.0
    return len(sa & shingles(b_text, size=size, mask_numbers=mask_numbers)) / len(sa)


def _shingle_matrix(texts: Sequence[str], size: int) -> sp.csr_matrix:
    vocab: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    for text in texts:
        cols = sorted({vocab.setdefault(s, len(vocab)) for s in shingles(text, size=size)})
        indices.extend(cols)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sp.csr_matrix((data, np.asarray(indices, np.int64), np.asarray(indptr)), shape=(len(texts), len(vocab)))


def find_containing_reports(
    reports: Mapping[Hashable, str] | Sequence[str],
    *,
    score_cutoff: float = 0.8,
    size: int = rules.SHINGLE_SIZE,
    block_rows: int = 500,
) -> list[tuple[Hashable, Hashable, float]]:
    """Every (a, b, score) where report ``a`` is contained in report ``b`` with ``score >= score_cutoff``.

    Shingles are indexed once (a sparse report × shingle matrix); intersections come from a blocked sparse
    product, so reports sharing no shingle are never compared.  Each unordered pair is listed once, in its
    stronger direction (``a`` is the report more contained in the other); when both directions are equal (the
    same report stored twice) ``a`` is the earlier.  ``corpus.dedupe.relations.report_relation`` names the
    relation (same_report when both directions reach the cutoff, contains otherwise).

    Args:
        reports: report texts, by id (a mapping) or by position (a sequence).
        score_cutoff: minimum containment, in [0, 1].
        size: shingle length in characters.
        block_rows: reports per block of the product.

    Returns:
        Triples sorted by (a, b) position.

    Example:
        >>> base = "一是领导重视，责任明确。二是加强督查，严格管理。"
        >>> find_containing_reports({"甲": base, "乙": base + "三是分类指导，强化服务。", "丙": "谢谢大家！"})
        [('甲', '乙', 1.0)]
    """
    if isinstance(reports, Mapping):
        ids = list(reports)
        texts = [reports[i] for i in ids]
    else:
        ids = list(range(len(reports)))
        texts = list(reports)
    n = len(texts)
    if n < 2:
        return []
    m = _shingle_matrix(texts, size)
    own = np.asarray(m.sum(axis=1)).ravel()
    mt = m.T.tocsc()
    found: dict[tuple[int, int], float] = {}
    for lo in range(0, n, block_rows):
        inter = (m[lo : lo + block_rows] @ mt).tocoo()
        a = inter.row + lo
        b = inter.col
        keep = (a != b) & (own[a] > 0)
        a, b, c = a[keep], b[keep], inter.data[keep] / own[a[keep]]
        for x, y, s in zip(a.tolist(), b.tolist(), c.tolist(), strict=True):
            if s >= score_cutoff:
                found[(x, y)] = s
    out: list[tuple[Hashable, Hashable, float]] = []
    for (x, y), s in sorted(found.items()):
        back = found.get((y, x), 0.0)
        # one entry per unordered pair, in the stronger direction; a tie (the same report twice) lists the
        # earlier report first
        if back > s or (back == s and y < x):
            continue
        out.append((ids[x], ids[y], s))
    return out
