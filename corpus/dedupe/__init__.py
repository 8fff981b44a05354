"""Duplicate detection across the corpus: issues, agreed items, passages and whole reports.

Stages, each usable on its own (no database here; ``corpus.store`` passes texts in and stores the results):

keys         ``match_key`` / ``exact_groups`` / ``key_hash``: folded text (t2s, NFKC, punctuation) and exact copies
candidates   ``tfidf_candidates`` (default) / ``minhash_candidates``: pairs from an index, in independent blocks
verify       ``verify_pairs`` / ``pair_scores``: rapidfuzz on candidate pairs only; ``brute_force_pairs`` reference
cluster      ``leiden_clusters`` (CPM, no chaining) / ``cluster_ids`` (stable ids); ``connected_components`` baseline
find         ``find_duplicates``: the sentence pipeline end to end -> ``DedupeResult``
containment  ``containment`` / ``find_containing_reports``: report level
relations    ``Relation``, ``pair_relation``, ``report_relation``: what a match means
metrics      pairwise / B-cubed / pair-level precision and recall against labels
"""

from corpus.dedupe.containment import containment, find_containing_reports
from corpus.dedupe.find import DedupeConfig, DedupeResult, DuplicateGroup, find_duplicates
from corpus.dedupe.keys import exact_groups, key_hash, match_key, match_keys
from corpus.dedupe.pairs import Pairs
from corpus.dedupe.relations import Relation, pair_relation, report_relation

__all__ = [
    "DedupeConfig",
    "DedupeResult",
    "DuplicateGroup",
    "Pairs",
    "Relation",
    "containment",
    "exact_groups",
    "find_containing_reports",
    "find_duplicates",
    "key_hash",
    "match_key",
    "match_keys",
    "pair_relation",
    "report_relation",
]
