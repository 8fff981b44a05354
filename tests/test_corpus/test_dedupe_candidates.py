"""Candidate generation and verification on the 1k bench and small hand-made sets."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from corpus.dedupe.candidates import minhash_candidates, prune_frequent, tfidf_candidates, tfidf_matrix
from corpus.dedupe.keys import exact_groups, match_keys
from corpus.dedupe.pairs import Pairs
from corpus.dedupe.verify import brute_force_pairs, pair_scores, verify_pairs

CUTOFF = 0.6  # the default verification cutoff (DedupeConfig.score_cutoff)


@pytest.fixture(scope="module")
def bench_1k(shared: Path) -> tuple[list[str], np.ndarray]:
    """Distinct keys of the 1k bench and each key's group."""
    items = [json.loads(x) for x in (shared / "dedupe-bench/data/bench_1000.jsonl").open(encoding="utf-8")]
    keys, inverse = exact_groups(match_keys([it["text"] for it in items]))
    group = np.zeros(len(keys), dtype=np.int64)
    group[np.asarray(inverse)] = [it["group"] for it in items]
    return keys, group


@pytest.fixture(scope="module")
def brute_1k(bench_1k) -> set[tuple[int, int]]:
    ref = brute_force_pairs(bench_1k[0], score_cutoff=CUTOFF)
    return set(zip(ref.i.tolist(), ref.j.tolist(), strict=True))


def _verified(keys: list[str], cand: Pairs) -> set[tuple[int, int]]:
    score = pair_scores(keys, cand)
    keep = score >= CUTOFF
    return set(zip(cand.i[keep].tolist(), cand.j[keep].tolist(), strict=True))


def test_brute_force_finds_most_true_pairs_and_few_false(bench_1k, brute_1k) -> None:
    # sanity of the reference itself: it is the scorer, not the index, that decides what a duplicate is
    _, group = bench_1k
    same = sum(group[i] == group[j] for i, j in brute_1k)
    assert same / len(brute_1k) > 0.9


@pytest.mark.parametrize("method", ["tfidf", "minhash"])
def test_candidates_recall_brute_force_pairs_on_1k(method: str, bench_1k, brute_1k) -> None:
    keys, _ = bench_1k
    cand = tfidf_candidates(keys, k=50) if method == "tfidf" else minhash_candidates(keys)
    found = _verified(keys, cand)
    assert len(found & brute_1k) / len(brute_1k) >= 0.95
    # never everything with everything: far fewer candidates than the n²/2 pairs
    assert len(cand) < 0.1 * len(keys) * (len(keys) - 1) / 2


def test_top_10_loses_recall_compared_with_top_50(bench_1k, brute_1k) -> None:
    keys, _ = bench_1k
    r10 = len(_verified(keys, tfidf_candidates(keys, k=10)) & brute_1k)
    r50 = len(_verified(keys, tfidf_candidates(keys, k=50)) & brute_1k)
    assert r10 < r50


def test_candidates_do_not_depend_on_jobs(bench_1k) -> None:
    keys, _ = bench_1k
    one = tfidf_candidates(keys, k=50, jobs=1, block_rows=250)
    two = tfidf_candidates(keys, k=50, jobs=2, block_rows=250)
    assert np.array_equal(one.i, two.i) and np.array_equal(one.j, two.j)
    m1, m2 = minhash_candidates(keys, jobs=1), minhash_candidates(keys, jobs=2)
    assert np.array_equal(m1.i, m2.i) and np.array_equal(m1.j, m2.j)


# fmt: off
NEAR = [
    ("项目资金缺口较大，亟待解决",          "项目资金缺口较大，亟需解决"),         # one character
    ("征地拆迁进度缓慢，影响项目开工",      "影响项目开工，征地拆迁进度缓慢"),     # clauses swapped
    ("目前，部分村组土地流转难度较大",      "部分村组土地流转难度较大"),           # formulaic clause dropped
]
FAR = [
    ("项目资金缺口较大，亟待解决",          "群众对项目建设满意度较高"),
    ("征地拆迁进度缓慢，影响项目开工",      "要加强组织领导，明确工作责任"),
]
# fmt: on


@pytest.mark.parametrize("a,b", NEAR)
def test_near_copies_are_candidates_and_verified(a: str, b: str) -> None:
    filler = ["要切实加强组织领导", "全年完成固定资产投资", "群众满意度明显提升", "督查发现部分单位台账不全"]
    keys = match_keys([a, b, *filler])
    for cand in (tfidf_candidates(keys, k=3), minhash_candidates(keys)):
        assert (0, 1) in set(zip(cand.i.tolist(), cand.j.tolist(), strict=True))
    both = Pairs.from_arrays(np.array([0]), np.array([1]), np.zeros(1))
    assert len(verify_pairs(keys, both, score_cutoff=CUTOFF)) == 1


@pytest.mark.parametrize("a,b", FAR)
def test_unrelated_sentences_are_not_verified(a: str, b: str) -> None:
    keys = match_keys([a, b])
    both = Pairs.from_arrays(np.array([0]), np.array([1]), np.zeros(1))
    assert float(pair_scores(keys, both)[0]) < CUTOFF


def test_pruning_keeps_each_rows_rarest_grams() -> None:
    keys = match_keys(["项目进度滞后", "项目进度缓慢", "项目资金不足", "项目用地紧张"])
    x = tfidf_matrix(keys)
    pruned = prune_frequent(x, max_df=1, min_grams=2)
    assert (pruned.getnnz(axis=1) >= 2).all()
    assert pruned.nnz < x.nnz
    # 项 / 目 / 项目 are in every row: pruned everywhere (each row has rarer grams to keep)
    assert pruned.nnz <= x.nnz - 3 * 4
