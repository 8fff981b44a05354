"""The sentence-level pipeline: keys -> exact copies -> candidates -> verification -> clusters -> stable ids.

Works on plain texts (issue sentences, agreed items, paragraphs) and knows nothing of the database: the store
passes texts in and saves what comes out (``DedupeResult``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from corpus.dedupe.candidates import minhash_candidates, tfidf_candidates, tfidf_matrix
from corpus.dedupe.cluster import cluster_ids, edge_weights, leiden_clusters, split_off_outliers
from corpus.dedupe.errors import DedupeSettingError
from corpus.dedupe.keys import exact_groups, match_key, match_keys, unmasked_chars
from corpus.dedupe.pairs import Pairs
from corpus.dedupe.relations import MIN_CONTENT_CHARS
from corpus.dedupe.verify import verify_pairs


@dataclass(frozen=True, slots=True)
class DedupeConfig:
    """Settings of ``find_duplicates``; the defaults are the ones measured best on the bench (BENCHMARKS.md).

    method        candidate index: "tfidf" (char (1,2)-gram cosine, sparse top-k) or "minhash" (2-gram LSH)
    k             tfidf: neighbours per key
    score_cutoff  verification: a pair is kept when ``pair_scores`` (ratio, cosine, bag blend) reaches it
    resolution    Leiden CPM resolution: a cluster's internal weight per member pair must exceed it
    weight_margin edge weight = (score − (score_cutoff − margin)) / (1 − that floor): a pair just over the
                  cutoff weighs ~0.1, a verbatim copy 1, so weak links through a shared clause count little
    refine        second verification: detach members linked neither to the medoid nor to half the cluster
    mask_numbers  / places: key policy (see ``corpus.dedupe.keys``); off by default.  A key left with fewer
                  than ``relations.MIN_CONTENT_CHARS`` characters besides its masks is matched unmasked
                  (shared_figure_only: 开工率66% in two counties must not become one issue)
    jobs          processes for the candidate stage
    """

    method: str = "tfidf"
    k: int = 50
    score_cutoff: float = 0.6
    resolution: float = 0.08
    weight_margin: float = 0.05
    refine: bool = False
    mask_numbers: bool = False
    places: frozenset[str] = frozenset()
    jobs: int = 1
    seed: int = 42


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """A cluster of two or more items with the same (near-identical) text."""

    id: str  # stable: hash of the smallest member key
    members: tuple[int, ...]  # item indices, ascending


@dataclass(slots=True)
class DedupeResult:
    """What ``find_duplicates`` found, ready to store.

    ``keys[key_of[i]]`` is item i's match key; ``pairs`` index into ``keys`` (exact copies share a key and need
    no pair); ``cluster_of[i]`` is the stable id of item i's cluster (singletons too).
    """

    keys: list[str]
    key_of: np.ndarray
    pairs: Pairs
    cluster_of: list[str]
    groups: list[DuplicateGroup]
    method: str
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def labels(self) -> np.ndarray:
        """Cluster label per item as small integers (for metrics)."""
        _, inv = np.unique(np.asarray(self.cluster_of), return_inverse=True)
        return inv


def find_candidates(keys: Sequence[str], config: DedupeConfig, *, x=None) -> Pairs:
    """Candidate pairs by the configured index (see ``corpus.dedupe.candidates``)."""
    if config.method == "tfidf":
        return tfidf_candidates(keys, k=config.k, jobs=config.jobs, x=x)
    if config.method == "minhash":
        return minhash_candidates(keys, jobs=config.jobs)
    raise DedupeSettingError(
        "DedupeConfig.method", f"未知的候选方法 {config.method!r}", "可选 'tfidf'（默认）或 'minhash'"
    )


def verify(keys: Sequence[str], candidates: Pairs, config: DedupeConfig, *, x=None) -> Pairs:
    """Score candidates (``pair_scores``) and keep those reaching ``config.score_cutoff``."""
    return verify_pairs(keys, candidates, score_cutoff=config.score_cutoff, workers=config.jobs, x=x)


def _figure_phrases(keys: Sequence[str], places: frozenset[str]) -> np.ndarray:
    """True for keys with a figure or place and fewer than MIN_CONTENT_CHARS other characters."""
    out = np.zeros(len(keys), dtype=bool)
    for x, key in enumerate(keys):
        if len(key) >= 2 * MIN_CONTENT_CHARS + 8:
            continue  # long enough whatever is masked: skip the masking work
        masked = match_key(key, mask_numbers=True, places=places)
        out[x] = masked != key and unmasked_chars(masked) < MIN_CONTENT_CHARS
    return out


def find_duplicates(texts: Iterable[str], config: DedupeConfig | None = None) -> DedupeResult:
    """Group near-identical texts (issue sentences, agreed items, passages) into duplicate clusters.

    Args:
        texts: the texts, as written.
        config: settings (default ``DedupeConfig()``).

    Returns:
        Keys, verified pairs, a stable cluster id per text and the groups of two or more.

    Raises:
        DedupeSettingError: an unknown method or a cutoff outside [0, 1].

    Example:
        >>> r = find_duplicates(["项目资金缺口较大，亟待解决", "项目资金缺口较大，亟需解决", "群众满意度较高"])
        >>> [g.members for g in r.groups]
        [(0, 1)]
    """
    config = config or DedupeConfig()
    if not 0.0 <= config.score_cutoff <= 1.0:
        raise DedupeSettingError(
            "DedupeConfig.score_cutoff", f"阈值 {config.score_cutoff} 不在 [0, 1] 内", "相似度阈值应写成 0.6 这样的小数"
        )
    timings: dict[str, float] = {}
    t = time.perf_counter()
    texts = list(texts)
    keys = match_keys(texts, mask_numbers=config.mask_numbers, places=config.places)
    if config.mask_numbers or config.places:
        # masking must not make a pair match on its own: a key left with too little text besides its masks
        # ("@开工率#" from 甲县开工率66% / 乙县开工率80%) is matched on its unmasked form instead
        short = [x for x, k in enumerate(keys) if unmasked_chars(k) < MIN_CONTENT_CHARS]
        for x, k in zip(short, match_keys([texts[x] for x in short]), strict=True):
            keys[x] = k
    unique, inverse = exact_groups(keys)
    key_of = np.asarray(inverse, dtype=np.int64)
    sizes = np.bincount(key_of, minlength=len(unique)) if len(unique) else np.zeros(0, np.int64)
    timings["keys"] = time.perf_counter() - t

    t = time.perf_counter()
    # one TF-IDF matrix for both the tfidf index and the cosine part of verification
    x = tfidf_matrix(unique) if len(unique) > 1 else None
    timings["tfidf"] = time.perf_counter() - t

    t = time.perf_counter()
    candidates = find_candidates(unique, config, x=x) if len(unique) > 1 else Pairs.empty()
    timings["candidates"] = time.perf_counter() - t

    t = time.perf_counter()
    verified = verify(unique, candidates, config, x=x) if len(candidates) else Pairs.empty()
    if len(verified):
        # shared_figure_only: a key that is little more than a metric, a figure and a place ("甲县项目开工率66%")
        # matches only its exact copies, never a fuzzy neighbour ("乙县项目开工率66%" is another county)
        flagged = _figure_phrases(unique, config.places)
        if flagged.any():
            verified = verified.select(~(flagged[verified.i] | flagged[verified.j]))
    timings["verify"] = time.perf_counter() - t

    t = time.perf_counter()
    if len(unique) == 0:
        labels = np.zeros(0, np.int64)
    else:
        weights = edge_weights(verified, floor=config.score_cutoff - config.weight_margin)
        labels = leiden_clusters(
            len(unique),
            verified,
            resolution=config.resolution,
            weights=weights,
            node_sizes=sizes.tolist(),
            seed=config.seed,
        )
        if config.refine:
            labels = split_off_outliers(labels, verified, score_cutoff=config.score_cutoff)
    ids = cluster_ids(labels, unique)
    cluster_of = [ids[lab] for lab in labels[key_of].tolist()] if len(unique) else []
    members: dict[str, list[int]] = {}
    for item, cid in enumerate(cluster_of):
        members.setdefault(cid, []).append(item)
    groups = sorted(
        (DuplicateGroup(cid, tuple(m)) for cid, m in members.items() if len(m) > 1), key=lambda g: g.members
    )
    timings["cluster"] = time.perf_counter() - t
    return DedupeResult(unique, key_of, verified, cluster_of, groups, config.method, timings)



