"""Clustering (Leiden vs connected components), stable ids, metrics and the whole sentence pipeline."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from corpus.dedupe.cluster import cluster_ids, connected_components, leiden_clusters, renumber
from corpus.dedupe.find import DedupeConfig, find_duplicates
from corpus.dedupe.keys import key_hash, match_key
from corpus.dedupe.metrics import bcubed_score, pair_score, pairwise_score
from corpus.dedupe.pairs import Pairs


def _clique(nodes: list[int], score: float) -> list[tuple[int, int, float]]:
    return [(a, b, score) for x, a in enumerate(nodes) for b in nodes[x + 1 :]]


def _pairs(edges: list[tuple[int, int, float]]) -> Pairs:
    i, j, s = zip(*edges, strict=True)
    return Pairs.from_arrays(np.array(i), np.array(j), np.array(s))


# Two groups of near-identical sentences (0-4 and 6-10) and a composite (5) that shares a clause with each:
# it is verified against two members of each group, so the two groups are chained through it.
CHAIN = _pairs(_clique([0, 1, 2, 3, 4], 0.9) + _clique([6, 7, 8, 9, 10], 0.9)
               + [(5, 3, 0.62), (5, 4, 0.62), (5, 6, 0.62), (5, 7, 0.62)])


def test_connected_components_chain_through_a_composite() -> None:
    labels = connected_components(11, CHAIN)
    assert len(set(labels.tolist())) == 1  # one cluster of 11: the failure Leiden is for


def test_leiden_keeps_chained_groups_apart() -> None:
    labels = leiden_clusters(11, CHAIN, resolution=0.2)
    assert len({labels[x] for x in range(5)}) == 1
    assert len({labels[x] for x in range(6, 11)}) == 1
    assert labels[0] != labels[6]
    # the composite joins at most one of them
    assert sum(labels[5] == labels[g] for g in (0, 6)) <= 1


def test_node_sizes_count_exact_copies() -> None:
    # a key held by 20 items weighs 20 in the CPM penalty: a weak edge to it does not drag a singleton in
    p = _pairs([(0, 1, 0.61)])
    assert len(set(leiden_clusters(2, p, resolution=0.2).tolist())) == 1
    assert len(set(leiden_clusters(2, p, resolution=0.2, node_sizes=[20, 1]).tolist())) == 2


def test_renumber_is_by_first_appearance() -> None:
    assert renumber(np.array([5, 5, 2, 9, 2])).tolist() == [0, 0, 1, 2, 1]


TEXTS = [
    "项目资金缺口较大，亟待解决",
    "项目资金缺口较大，亟需解决",
    "目前，项目资金缺口较大，亟待解决",
    "征地拆迁进度缓慢，影响项目开工",
    "征地拆迁进度缓慢，影响了项目开工",
    "群众对项目建设满意度较高",
    "要切实加强组织领导，明确工作责任",
]


def test_find_duplicates_groups_near_copies_only() -> None:
    res = find_duplicates(TEXTS)
    assert [g.members for g in res.groups] == [(0, 1, 2), (3, 4)]
    assert len(set(res.cluster_of)) == 4  # two groups + two singletons


def test_cluster_ids_are_stable_across_input_order() -> None:
    first = find_duplicates(TEXTS)
    order = list(range(len(TEXTS)))
    random.Random(7).shuffle(order)
    second = find_duplicates([TEXTS[x] for x in order])
    for new, old in enumerate(order):
        assert second.cluster_of[new] == first.cluster_of[old]
    # the id is derived from the smallest member key, not from a counter
    smallest = min(match_key(TEXTS[x]) for x in (3, 4))
    assert first.cluster_of[3] == key_hash(smallest)[:16]


def test_cluster_ids_follow_keys_not_labels() -> None:
    a = cluster_ids(np.array([0, 0, 1]), ["乙", "甲", "丙"])
    b = cluster_ids(np.array([1, 1, 0]), ["乙", "甲", "丙"])
    assert a[0] == b[1] and a[1] == b[0]


def test_exact_copies_share_a_key_and_a_cluster() -> None:
    res = find_duplicates(["項目資金缺口較大。", "项目资金缺口较大", "群众满意度较高"])
    assert res.key_of.tolist() == [0, 0, 1]
    assert res.cluster_of[0] == res.cluster_of[1] != res.cluster_of[2]
    assert len(res.pairs) == 0  # exact copies need no verified pair


def test_empty_and_single_inputs() -> None:
    assert find_duplicates([]).groups == []
    assert find_duplicates(["只有一句"]).groups == []


# fmt: off
METRICS = [
    # pred, truth, pairwise (P, R), B-cubed (P, R)
    ([0, 0, 1, 1], [0, 0, 1, 1], (1.0, 1.0), (1.0, 1.0)),
    ([0, 0, 0, 0], [0, 0, 1, 1], (1 / 3, 1.0), (0.5, 1.0)),
    ([0, 1, 2, 3], [0, 0, 1, 1], (1.0, 0.0), (1.0, 0.5)),
]
# fmt: on


@pytest.mark.parametrize("pred,truth,pw,b3", METRICS)
def test_metrics(pred, truth, pw, b3) -> None:
    s = pairwise_score(np.array(pred), np.array(truth))
    assert (s.precision, s.recall) == pytest.approx(pw)
    s = bcubed_score(np.array(pred), np.array(truth))
    assert (s.precision, s.recall) == pytest.approx(b3)


def test_pair_score() -> None:
    s = pair_score(_pairs([(0, 1, 1.0), (1, 2, 1.0)]), np.array([4, 4, 5]))
    assert (s.precision, s.recall) == (0.5, 1.0)


def test_bench_1k_cluster_quality(shared: Path) -> None:
    items = [json.loads(x) for x in (shared / "dedupe-bench/data/bench_1000.jsonl").open(encoding="utf-8")]
    truth = np.array([it["group"] for it in items])
    texts = [it["text"] for it in items]
    res = find_duplicates(texts)
    pw = pairwise_score(res.labels, truth)
    assert pw.precision >= 0.95 and pw.recall >= 0.9
    cc = connected_components(len(res.keys), res.pairs)[res.key_of]
    assert pairwise_score(cc, truth).precision <= pw.precision
    # minhash candidates give the same quality within a few points; jobs do not change the result
    res2 = find_duplicates(texts, DedupeConfig(method="minhash", jobs=2))
    assert pairwise_score(res2.labels, truth).precision >= 0.95
    res3 = find_duplicates(texts, DedupeConfig(jobs=2))
    assert res3.cluster_of == res.cluster_of


def test_bad_settings_raise_coded_errors() -> None:
    from corpus.dedupe.errors import DedupeSettingError
    from corpus.dedupe.verify import verify_pairs

    with pytest.raises(DedupeSettingError, match=r"\[E260\].*simhash"):
        find_duplicates(TEXTS, DedupeConfig(method="simhash"))
    with pytest.raises(DedupeSettingError, match=r"\[E260\]"):
        find_duplicates(TEXTS, DedupeConfig(score_cutoff=60))
    with pytest.raises(DedupeSettingError, match="jaro"):
        verify_pairs(["甲乙", "甲丙"], _pairs([(0, 1, 0.0)]), scorer="jaro")


# fmt: off
FIGURE_ONLY = [
    "甲县项目开工率66%",
    "乙县项目开工率66%",                                # same figure, another county
    "乙县项目开工率80%",
    "甲县项目开工率66%",                                # a verbatim copy: still the same sentence
    "甲县城南污水处理厂征地拆迁完成66%，进度明显滞后",
    "乙县城南污水处理厂征地拆迁完成80%，进度明显滞后",     # long: a real near-copy with other figures
]
# fmt: on


@pytest.mark.parametrize("config", [DedupeConfig(), DedupeConfig(mask_numbers=True, places=frozenset({"甲县", "乙县"}))])
def test_shared_figure_only_is_not_a_duplicate(config: DedupeConfig) -> None:
    res = find_duplicates(FIGURE_ONLY, config)
    assert [g.members for g in res.groups] == [(0, 3), (4, 5)]
