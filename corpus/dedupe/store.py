"""Duplicates in the database: stored items, pairs and clusters, updated incrementally.

The one documented exception to "only ``corpus/store.py`` speaks SQL": the dedupe tables (``corpus.schema``,
version 3) are read and written here, in SQLAlchemy Core (no dialect-specific SQL except the optional pg_trgm
candidate source, which only runs on PostgreSQL).  Every refresh is one transaction, as ingest is.

Levels (``Level``): issue (facts of kind issue), item (agreed items), paragraph (body paragraphs of at least
``MIN_PARAGRAPH_KEY`` characters), report (whole reports, in-file repeats included).

Incremental refresh (``refresh_duplicates``), for the text levels:

1. items of the level that are new since the last refresh get a match key and a key hash (``dedupe_items``);
   items whose fact / paragraph / report is gone are dropped, with their pairs;
2. an exact copy of a stored key needs no work (hash lookup); candidates are looked up for the *new* keys only,
   against every stored key: a character-bigram inverted index (a sparse key × bigram product, in independent
   blocks of new keys that ``jobs`` processes run) or, on PostgreSQL, pg_trgm (``candidate_source="pg_trgm"``);
3. candidates are verified with the blend score of ``corpus.dedupe.verify.pair_scores``, with an idf-free
   cosine so that a pair's score does not depend on the rest of the corpus (the condition for "incremental =
   full recompute"), and named by ``corpus.dedupe.relations.pair_relation``;
4. only the connected components (over duplicate pairs) that hold a new or dropped key are re-clustered
   (Leiden CPM, as ``find_duplicates``), and only clusters whose membership changed are rewritten: the others
   keep their ids and rows.

The report level uses containment (``find_containing_reports``), not Jaccard, and ``report_relation`` to name
pairs (same_report, contains, template_reuse); its clusters are cheap and recomputed from the stored pairs,
then diffed against the stored ones the same way.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from corpus import schema as s
from corpus.dedupe.candidates import _run_blocks
from corpus.dedupe.cluster import edge_weights, leiden_clusters
from corpus.dedupe.containment import containment, find_containing_reports
from corpus.dedupe.errors import DedupeSettingError
from corpus.dedupe.find import DedupeConfig
from corpus.dedupe.keys import key_hash, match_key
from corpus.dedupe.pairs import Pairs
from corpus.dedupe.relations import Relation, pair_relation, report_relation
from corpus.dedupe.verify import bag_scores, cosine_scores, score_pairs
from corpus.store import write_transaction


class Level(str, enum.Enum):
    """What is compared.  Glossary:

    ISSUE      问题      facts of kind issue           "滨河大道二期工程征收遗留问题尚未解决"
    ITEM       议定事项  facts of kind agreed          "由县自然资源局牵头，6月底前完成组卷报批"
    PARAGRAPH  段落      body paragraphs               a passage copied from one report into another
    REPORT     报告      whole reports (containment)   seed 004: 篇十二 = 篇七 + 篇二
    """

    ISSUE = "issue"
    ITEM = "item"
    PARAGRAPH = "paragraph"
    REPORT = "report"


# A paragraph shorter than this (in key characters) is a heading or a formula (同志们：, 谢谢大家！): left out.
MIN_PARAGRAPH_KEY = 20

# Bigram candidates: a pair is a candidate when the bigrams it shares reach this share of the smaller key's.
# Measured on the seeds: every verified pair (blend >= 0.6) shares >= 0.45 of its bigrams; 0.3 leaves margin.
BIGRAM_SHARE = 0.3

# Report level: candidate containment floor (report_relation then decides; template reuse with changed figures
# keeps about half of its raw 5-gram shingles) and the cutoff for same_report / contains.
REPORT_CANDIDATE_CUTOFF = 0.3
REPORT_CUTOFF = 0.8

# New keys per block of the bigram product (one block = one task for a worker process).
BLOCK_ROWS = 2000

_NOT_DUPLICATE = (Relation.TEMPLATE_REUSE.value, Relation.SHARED_FIGURE_ONLY.value)


@dataclass(frozen=True, slots=True)
class RefreshStats:
    """What one ``refresh_duplicates`` did (for the CLI summary and the tests)."""

    level: str
    items: int  # items of the level now stored
    new_items: int
    dropped_items: int
    new_keys: int  # distinct keys that were not stored before
    candidates: int
    new_pairs: int
    components: int  # connected components re-clustered
    clusters_written: int  # clusters inserted or rewritten
    clusters_deleted: int
    clusters_kept: int  # untouched: same id, same row


@dataclass(frozen=True, slots=True)
class Member:
    """One member of a duplicate cluster, with what a reader needs to find it."""

    item_id: int
    ref_id: int
    report_id: int
    file: str
    title: str | None
    date: str | None
    period: str | None
    issuer: str | None
    text: str
    role: str
    status: str | None = None


@dataclass(frozen=True, slots=True)
class Cluster:
    """A stored duplicate cluster."""

    id: str
    level: str
    relation: str
    representative: str
    first_seen: str | None
    last_seen: str | None
    count: int
    score: float
    still_open: bool | None
    members: tuple[Member, ...] = ()


@dataclass(frozen=True, slots=True)
class Explanation:
    """How two items were compared: ``duban dupes --explain``."""

    level: str
    a: Member
    b: Member
    key_a: str
    key_b: str
    hash_a: str
    hash_b: str
    candidate_method: str
    candidate_score: float  # bigram share / containment: what made them a candidate
    components: dict[str, float] = field(default_factory=dict)  # ratio, cosine, bag, blend / containments
    score: float = 0.0
    score_cutoff: float = 0.0
    relation: str | None = None
    stored: dict[str, Any] | None = None  # the stored pair row, if any


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _level(level: str | Level) -> Level:
    try:
        return Level(level)
    except ValueError:
        raise DedupeSettingError(
            "level", f"未知的查重层级 {level!r}", "可选 issue（问题）、item（议定事项）、paragraph（段落）、report（报告）"
        ) from None


# ---------------------------------------------------------------- items of a level


def _current_reports(conn: Connection) -> sa.Select:
    """Ids of the reports of documents that still have a current location."""
    loc = s.locations
    return sa.select(s.reports.c.id).where(
        sa.exists().where(loc.c.document_id == s.reports.c.document_id, loc.c.current)
    )


def _source_items(conn: Connection, level: Level) -> dict[int, tuple[int, str]]:
    """ref_id -> (report_id, text) of every item the level should hold now."""
    current = _current_reports(conn)
    if level in (Level.ISSUE, Level.ITEM):
        f = s.facts
        kind = "issue" if level is Level.ISSUE else "agreed"
        rows = conn.execute(
            sa.select(f.c.id, f.c.report_id, f.c.text).where(f.c.kind == kind, f.c.report_id.in_(current))
        )
        return {r.id: (r.report_id, r.text) for r in rows}
    if level is Level.PARAGRAPH:
        p = s.paragraphs
        r = s.reports
        # a paragraph of an in-file repeat is the same paragraph again: only the first copy is compared
        rows = conn.execute(
            sa.select(p.c.id, p.c.report_id, p.c.text)
            .join(r, r.c.id == p.c.report_id)
            .where(~p.c.heading, p.c.report_id.in_(current), r.c.duplicate_of_report_id.is_(None))
        )
        return {x.id: (x.report_id, x.text) for x in rows}
    r = s.reports
    rows = conn.execute(sa.select(r.c.id, r.c.text).where(r.c.id.in_(current)))
    return {x.id: (x.id, x.text) for x in rows}


def _sync_items(conn: Connection, level: Level, now: dt.datetime) -> tuple[int, int, set[str], set[str]]:
    """Bring ``dedupe_items`` up to date.  Returns (new items, dropped items, new key hashes, gone key hashes)."""
    it = s.dedupe_items
    stored = {r.ref_id: (r.id, r.key_hash) for r in conn.execute(
        sa.select(it.c.id, it.c.ref_id, it.c.key_hash).where(it.c.level == level.value))}
    before = {h for _, h in stored.values()}
    source = _source_items(conn, level)
    gone = [stored[ref][0] for ref in stored.keys() - source.keys()]
    for lo in range(0, len(gone), 500):
        conn.execute(sa.delete(it).where(it.c.id.in_(gone[lo : lo + 500])))
    rows = []
    for ref in sorted(source.keys() - stored.keys()):
        report_id, text = source[ref]
        key = match_key(text)
        if level is Level.PARAGRAPH and len(key) < MIN_PARAGRAPH_KEY:
            continue
        if not key:
            continue
        rows.append({"level": level.value, "ref_id": ref, "report_id": report_id, "key": key,
                     "key_hash": key_hash(key), "created_at": now})
    if rows:
        conn.execute(sa.insert(it), rows)
    after = set(conn.scalars(sa.select(it.c.key_hash).where(it.c.level == level.value).distinct()))
    return len(rows), len(gone), after - before, before - after


def _keys(conn: Connection, level: Level) -> dict[str, str]:
    """key_hash -> key of every stored key of the level."""
    it = s.dedupe_items
    return dict(conn.execute(sa.select(it.c.key_hash, it.c.key).where(it.c.level == level.value).distinct()).all())


# ---------------------------------------------------------------- candidates and verification


def bigram_matrix(keys: Sequence[str]) -> sp.csr_matrix:
    """Binary key × character-bigram matrix (a key of one character: that character).

    Example:
        >>> bigram_matrix(["项目进度", "进度滞后"]).sum(axis=1).ravel().tolist()
        [[3, 3]]
    """
    vocab: dict[str, int] = {}
    indptr, indices = [0], []
    for key in keys:
        grams = {key[p : p + 2] for p in range(max(1, len(key) - 1))}
        indices.extend(sorted(vocab.setdefault(g, len(vocab)) for g in grams))
        indptr.append(len(indices))
    data = np.ones(len(indices), np.float32)
    return sp.csr_matrix((data, np.asarray(indices, np.int64), np.asarray(indptr)), shape=(len(keys), len(vocab)))


_BLOCK: dict[str, Any] = {}


def _bigram_block(bounds: tuple[int, int]) -> Pairs:
    m, mt, own, rows, share = _BLOCK["m"], _BLOCK["mt"], _BLOCK["own"], _BLOCK["rows"], _BLOCK["share"]
    lo, hi = bounds
    sel = rows[lo:hi]
    inter = (m[sel] @ mt).tocoo()
    a = sel[inter.row]
    b = inter.col
    smaller = np.minimum(own[a], own[b])
    ratio = inter.data / np.maximum(smaller, 1)
    keep = (a != b) & (ratio >= share)
    return Pairs.from_arrays(a[keep], b[keep], ratio[keep])


def bigram_candidates(keys: Sequence[str], new: Sequence[int], *, share: float = BIGRAM_SHARE, jobs: int = 1) -> Pairs:
    """Candidate pairs (new key, any key) sharing at least ``share`` of the smaller key's bigrams.

    The inverted index is the transposed key × bigram matrix; the new keys are split into blocks of
    ``BLOCK_ROWS`` that ``jobs`` processes multiply independently (a block's result depends on its rows only).
    No bigram is pruned by frequency, so a pair's candidacy never depends on the rest of the corpus.

    Example:
        >>> p = bigram_candidates(["项目资金缺口较大", "项目资金缺口很大", "群众满意度较高"], [1])
        >>> p.i.tolist(), p.j.tolist()
        ([0], [1])
    """
    if not len(new) or len(keys) < 2:
        return Pairs.empty()
    m = bigram_matrix(keys)
    _BLOCK.update(m=m, mt=m.T.tocsc(), own=np.asarray(m.sum(axis=1)).ravel(),
                  rows=np.asarray(sorted(new), np.int64), share=share)
    try:
        blocks = [(lo, min(lo + BLOCK_ROWS, len(new))) for lo in range(0, len(new), BLOCK_ROWS)]
        return Pairs.concat(_run_blocks(_bigram_block, blocks, jobs))
    finally:
        _BLOCK.clear()


def tf_matrix(keys: Sequence[str]) -> sp.csr_matrix:
    """L2-normalised sublinear tf rows over character (1, 2)-grams, *without* idf: a row depends on its key only."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), dtype=np.float32, sublinear_tf=True,
                          lowercase=False, use_idf=False)
    return vec.fit_transform(keys).tocsr()


def score_components(keys: Sequence[str], pairs: Pairs, *, jobs: int = 1) -> dict[str, np.ndarray]:
    """ratio, cosine (idf-free), bag and their blend ½·max(ratio, cosine) + ½·bag for every pair."""
    if not len(pairs):
        z = np.zeros(0, np.float32)
        return {"ratio": z, "cosine": z, "bag": z, "blend": z}
    # only the keys the pairs use: an idf-free row depends on its key alone, so this is the same cosine
    used, inv = np.unique(np.concatenate([pairs.i, pairs.j]), return_inverse=True)
    sub = [keys[x] for x in used.tolist()]
    local = Pairs(inv[: len(pairs)].astype(np.int32), inv[len(pairs) :].astype(np.int32), pairs.score)
    ratio = score_pairs(sub, local, workers=jobs)
    cos = cosine_scores(tf_matrix(sub), local)
    bag = bag_scores(sub, local, workers=jobs)
    blend = (0.5 * np.maximum(ratio, cos) + 0.5 * bag).astype(np.float32)
    return {"ratio": ratio, "cosine": cos, "bag": bag, "blend": blend}


def trgm_locale_ok(conn: Connection) -> bool:
    """Whether pg_trgm makes trigrams of Chinese text in this database (it does not under a C ctype)."""
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    found = conn.exec_driver_sql("SELECT show_trgm('项目资金')").scalar()
    return bool(found)


def check_trgm(conn: Connection) -> None:
    """Raise DedupeSettingError unless pg_trgm is usable on Chinese text in this database.

    Raises:
        DedupeSettingError: not PostgreSQL, pg_trgm missing, or a C / POSIX ctype (no trigrams of CJK).
    """
    if conn.dialect.name != "postgresql":
        raise DedupeSettingError("candidate_source", "pg_trgm 只能用于 PostgreSQL 数据库",
                                 "SQLite 数据库请用默认的 bigram 候选")
    if not trgm_locale_ok(conn):
        ctype = conn.exec_driver_sql(
            "SELECT datctype FROM pg_database WHERE datname = current_database()").scalar()
        raise DedupeSettingError(
            "candidate_source",
            f"数据库的 LC_CTYPE 是 {ctype!r}，pg_trgm 在这种区域设置下不为中文生成三元组，查不出候选",
            "用 UTF-8 区域设置建库：CREATE DATABASE … ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' TEMPLATE template0",
        )


def trgm_candidates(conn: Connection, level: Level | str, new_hashes: Iterable[str], *,
                    threshold: float = BIGRAM_SHARE) -> list[tuple[str, str, float]]:
    """Candidate (hash, hash, similarity) pairs from pg_trgm: each new key against every stored key of the level.

    Uses a GIN trigram index on ``dedupe_items.key`` (made here if missing) and the ``%`` operator with
    ``set_limit(threshold)``.

    Raises:
        DedupeSettingError: see ``check_trgm``.
    """
    check_trgm(conn)
    level = _level(level)
    conn.exec_driver_sql(
        "CREATE INDEX IF NOT EXISTS ix_dedupe_items_key_trgm ON dedupe_items USING gin (key gin_trgm_ops)")
    conn.exec_driver_sql(f"SELECT set_limit({float(threshold)})")
    new_hashes = sorted(set(new_hashes))
    out: list[tuple[str, str, float]] = []
    query = sa.text(
        "SELECT DISTINCT n.key_hash AS a, o.key_hash AS b, similarity(n.key, o.key) AS sim "
        "FROM dedupe_items n JOIN dedupe_items o ON o.level = n.level AND n.key % o.key "
        "WHERE n.level = :level AND n.key_hash IN :hashes AND o.key_hash <> n.key_hash"
    ).bindparams(sa.bindparam("hashes", expanding=True))
    for lo in range(0, len(new_hashes), 500):
        out.extend(conn.execute(query, {"level": level.value, "hashes": new_hashes[lo : lo + 500]}).all())
    return [(a, b, float(sim)) for a, b, sim in out]


# ---------------------------------------------------------------- reports metadata


def _report_meta(conn: Connection, report_ids: Iterable[int]) -> dict[int, Any]:
    r, loc = s.reports, s.locations
    ids = sorted(set(report_ids))
    path = (
        sa.select(loc.c.path).where(loc.c.document_id == r.c.document_id)
        .order_by(loc.c.current.desc(), loc.c.id).limit(1).scalar_subquery()
    )
    out = {}
    for lo in range(0, len(ids), 500):
        q = sa.select(r.c.id, r.c.document_id, r.c.title, r.c.date, r.c.date_text, r.c.issuer, r.c.period_text, r.c.period_start,
                      path.label("path")).where(r.c.id.in_(ids[lo : lo + 500]))
        out.update({x.id: x for x in conn.execute(q)})
    return out


def _when(meta: Any) -> str | None:
    """A report's point in time for first/last seen: its date, else its period start."""
    return meta.date or meta.period_start


def _period(meta: Any) -> str | None:
    return meta.period_start or meta.period_text or (meta.date[:7] if meta.date else None)


# ---------------------------------------------------------------- clustering


def _components(nodes: Sequence[str], edges: Sequence[tuple[str, str]]) -> list[list[str]]:
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        groups[find(n)].append(n)
    return [sorted(g) for g in groups.values()]


def _cluster_component(keys: list[str], key_of: dict[str, str], edges: dict[tuple[str, str], float],
                       sizes: dict[str, int], config: DedupeConfig) -> list[list[str]]:
    """Leiden CPM on one connected component (nodes sorted by hash, so the result depends on it alone)."""
    if len(keys) == 1:
        return [keys]
    index = {h: x for x, h in enumerate(keys)}
    es = [(index[a], index[b], sc) for (a, b), sc in edges.items() if a in index and b in index]
    pairs = Pairs.from_arrays(np.array([e[0] for e in es]), np.array([e[1] for e in es]),
                              np.array([e[2] for e in es]))
    labels = leiden_clusters(
        len(keys), pairs, resolution=config.resolution,
        weights=edge_weights(pairs, floor=config.score_cutoff - config.weight_margin),
        node_sizes=[sizes[h] for h in keys], seed=config.seed,
    )
    groups: dict[int, list[str]] = defaultdict(list)
    for h, lab in zip(keys, labels.tolist(), strict=True):
        groups[lab].append(h)
    del key_of
    return list(groups.values())


def _stable_id(keys: Iterable[str], prefix: str = "") -> str:
    """sha1 of the smallest member key (16 hex), as ``corpus.dedupe.cluster.cluster_ids``."""
    smallest = min(keys)
    return key_hash(prefix + smallest)[:16] if prefix else key_hash(smallest)[:16]


@dataclass
class _Planned:
    id: str
    relation: str
    members: dict[int, str]  # item id -> role
    representative: str
    first_seen: str | None
    last_seen: str | None
    score: float
    still_open: bool | None


def _plan_cluster(cid: str, relation: str | None, members: dict[int, str], items: dict[int, Any],
                  meta: dict[int, Any], texts: dict[int, str], edges: dict[tuple[str, str], float],
                  statuses: dict[int, str | None], level: Level) -> _Planned:
    ordered = sorted(members, key=lambda i: (_when(meta[items[i].report_id]) or "9999", i))
    hashes = sorted({items[i].key_hash for i in members})
    inner = [sc for (a, b), sc in edges.items() if a in hashes and b in hashes]
    # the representative: the member whose key has the most links inside (ties: the earliest)
    degree = {h: sum(1 for (a, b) in edges if h in (a, b) and a in hashes and b in hashes) for h in hashes}
    rep = max(ordered, key=lambda i: (degree[items[i].key_hash], -ordered.index(i)))
    if level is Level.REPORT and relation == Relation.CONTAINS.value:
        rep = next(i for i, role in members.items() if role == "container")
    if relation is None:
        # recurring: the periods are known and differ, or (issue level, the main use) the problem is written
        # in more than one document; one compilation repeating its own text is a copied passage
        periods = {_period(meta[items[i].report_id]) for i in members} - {None}
        documents = {meta[items[i].report_id].document_id for i in members}
        recurring = len(periods) > 1 or (level is Level.ISSUE and len(documents) > 1)
        relation = (Relation.RECURRING_PROBLEM if recurring else Relation.COPIED_PASSAGE).value
    dates = [d for d in (_when(meta[items[i].report_id]) for i in members) if d]
    still_open = None
    if level is Level.ISSUE:
        dated = [i for i in ordered if _when(meta[items[i].report_id])]
        latest = dated[-1] if dated else ordered[-1]
        still_open = statuses.get(items[latest].ref_id) != "resolved"
    return _Planned(cid, relation, members, texts[rep], min(dates) if dates else None,
                    max(dates) if dates else None, min(inner) if inner else 1.0, still_open)


def _text_clusters(conn: Connection, level: Level, scope: set[str], config: DedupeConfig,
                   items: dict[int, Any]) -> tuple[list[_Planned], int, set[int]]:
    """Re-cluster the connected components holding any key of ``scope``; also returns their item ids."""
    pr = s.dedupe_pairs
    dup_pairs = {(r.a_hash, r.b_hash): float(r.score) for r in conn.execute(
        sa.select(pr.c.a_hash, pr.c.b_hash, pr.c.score).where(
            pr.c.level == level.value, pr.c.relation.not_in(_NOT_DUPLICATE)))}
    hashes = sorted({x.key_hash for x in items.values()})
    by_hash: dict[str, list[int]] = defaultdict(list)
    for i, x in items.items():
        by_hash[x.key_hash].append(i)
    comps = [c for c in _components(hashes, list(dup_pairs)) if scope.intersection(c)]
    meta = _report_meta(conn, {items[i].report_id for c in comps for h in c for i in by_hash[h]})
    texts, statuses = _item_texts(conn, level, [i for c in comps for h in c for i in by_hash[h]], items)
    planned = []
    for comp in comps:
        sizes = {h: len(by_hash[h]) for h in comp}
        for group in _cluster_component(comp, {}, dup_pairs, sizes, config):
            members = {i: "member" for h in group for i in by_hash[h]}
            if len(members) < 2:
                continue
            keys = [items[i].key for i in members]
            sub = {e: sc for e, sc in dup_pairs.items() if e[0] in group and e[1] in group}
            planned.append(_plan_cluster(_stable_id(keys), None, members, items, meta, texts, sub, statuses,
                                         level))
    return planned, len(comps), {i for c in comps for h in c for i in by_hash[h]}


def _item_texts(conn: Connection, level: Level, item_ids: Iterable[int],
                items: dict[int, Any]) -> tuple[dict[int, str], dict[int, str | None]]:
    refs = {items[i].ref_id: i for i in item_ids}
    table = {Level.ISSUE: s.facts, Level.ITEM: s.facts, Level.PARAGRAPH: s.paragraphs, Level.REPORT: s.reports}[level]
    texts: dict[int, str] = {}
    statuses: dict[int, str | None] = {}
    ids = sorted(refs)
    for lo in range(0, len(ids), 500):
        cols = [table.c.id, table.c.text] + ([table.c.attrs] if table is s.facts else [])
        for row in conn.execute(sa.select(*cols).where(table.c.id.in_(ids[lo : lo + 500]))):
            texts[refs[row.id]] = row.text
            if table is s.facts:
                statuses[row.id] = (row.attrs or {}).get("status")
    return texts, statuses


def _report_clusters(conn: Connection, items: dict[int, Any]) -> list[_Planned]:
    """same_report groups (exact copies + same_report pairs), one contains group per container, template pairs."""
    pr = s.dedupe_pairs
    pairs = conn.execute(sa.select(pr.c.a_hash, pr.c.b_hash, pr.c.score, pr.c.relation).where(
        pr.c.level == Level.REPORT.value)).all()
    by_hash: dict[str, list[int]] = defaultdict(list)
    for i, x in items.items():
        by_hash[x.key_hash].append(i)
    meta = _report_meta(conn, {x.report_id for x in items.values()})
    texts, statuses = _item_texts(conn, Level.REPORT, items, items)
    # a report's text can be long: the representative shown is its title line and opening
    texts = {i: t[:300] for i, t in texts.items()}
    same = [(p.a_hash, p.b_hash) for p in pairs if p.relation == Relation.SAME_REPORT.value]
    scores = {(p.a_hash, p.b_hash): float(p.score) for p in pairs}
    planned = []
    for comp in _components(sorted(by_hash), same):
        members = {i: "member" for h in comp for i in by_hash[h]}
        if len(members) >= 2:
            keys = [items[i].key for i in members]
            sub = {e: sc for e, sc in scores.items() if e[0] in comp and e[1] in comp}
            planned.append(_plan_cluster(_stable_id(keys), Relation.SAME_REPORT.value, members, items, meta, texts,
                                         sub, statuses, Level.REPORT))
    for relation, role_a, role_b in ((Relation.CONTAINS, "contained", "container"),
                                     (Relation.TEMPLATE_REUSE, "template", "template")):
        groups: dict[str, set[str]] = defaultdict(set)
        for p in pairs:
            if p.relation == relation.value:
                if relation is Relation.CONTAINS:
                    groups[p.b_hash].add(p.a_hash)  # one group per container
                else:
                    groups[min(p.a_hash, p.b_hash)].add(max(p.a_hash, p.b_hash))
        for head, others in sorted(groups.items()):
            members = {i: role_b for i in by_hash[head]}
            for h in others:
                members.update({i: role_a for i in by_hash[h] if i not in members})
            if len(members) < 2:
                continue
            head_key = items[by_hash[head][0]].key
            sub = {e: sc for e, sc in scores.items() if e[0] in others | {head} and e[1] in others | {head}}
            # a contains group is named after its container: id from the container's key, prefixed
            planned.append(_plan_cluster(_stable_id([head_key], relation.value + ":"), relation.value, members,
                                         items, meta, texts, sub, statuses, Level.REPORT))
    return planned


# ---------------------------------------------------------------- refresh


def _load_items(conn: Connection, level: Level) -> dict[int, Any]:
    it = s.dedupe_items
    return {r.id: r for r in conn.execute(
        sa.select(it.c.id, it.c.ref_id, it.c.report_id, it.c.key, it.c.key_hash).where(it.c.level == level.value))}


def _write_clusters(conn: Connection, level: Level, planned: list[_Planned], scope_ids: set[str] | None,
                    now: dt.datetime, scope_items: set[int] = frozenset()) -> tuple[int, int, int]:
    """Diff planned clusters against the stored ones in scope (None: every stored cluster of the level)."""
    cl, mb = s.dedupe_clusters, s.dedupe_members
    stored_members: dict[str, dict[int, str]] = defaultdict(dict)
    for r in conn.execute(sa.select(mb.c.cluster_id, mb.c.item_id, mb.c.role).where(mb.c.level == level.value)):
        stored_members[r.cluster_id][r.item_id] = r.role
    stored_ids = set(conn.scalars(sa.select(cl.c.cluster_id).where(cl.c.level == level.value)))
    for cid in stored_ids - stored_members.keys():
        stored_members[cid] = {}
    planned_ids = {p.id for p in planned}
    # in scope: clusters sharing an item with a planned cluster, or holding an item of the scope
    items_in_plan = {i for p in planned for i in p.members} | set(scope_items)
    in_scope = {cid for cid, m in stored_members.items()
                if scope_ids is None or cid in scope_ids or items_in_plan.intersection(m) or cid in planned_ids}
    kept_before = len(stored_ids - in_scope)
    written = deleted = kept = 0
    for cid in sorted(in_scope - planned_ids):
        conn.execute(sa.delete(mb).where(mb.c.level == level.value, mb.c.cluster_id == cid))
        conn.execute(sa.delete(cl).where(cl.c.level == level.value, cl.c.cluster_id == cid))
        deleted += 1
    for p in planned:
        row = {"relation": p.relation, "representative": p.representative, "first_seen": p.first_seen,
               "last_seen": p.last_seen, "count": len(p.members), "score": p.score, "still_open": p.still_open}
        if p.id in stored_ids:
            old = conn.execute(sa.select(cl).where(cl.c.level == level.value, cl.c.cluster_id == p.id)).first()
            same = stored_members[p.id] == p.members and all(
                getattr(old, k) == v if not isinstance(v, float) else abs(old.score - v) < 1e-6
                for k, v in row.items())
            if same:
                kept += 1
                continue
            conn.execute(sa.delete(mb).where(mb.c.level == level.value, mb.c.cluster_id == p.id))
            conn.execute(sa.delete(cl).where(cl.c.level == level.value, cl.c.cluster_id == p.id))
        if level is not Level.REPORT:
            # at the text levels an item belongs to one cluster: free it from a stale one first
            conn.execute(sa.delete(mb).where(mb.c.level == level.value, mb.c.item_id.in_(sorted(p.members))))
        conn.execute(sa.insert(cl).values(level=level.value, cluster_id=p.id, computed_at=now, **row))
        conn.execute(sa.insert(mb), [{"level": level.value, "item_id": i, "cluster_id": p.id, "role": role}
                                     for i, role in sorted(p.members.items())])
        written += 1
    kept += kept_before
    # clusters left with fewer than two members after items moved away are gone
    counts = dict(conn.execute(sa.select(mb.c.cluster_id, sa.func.count()).where(mb.c.level == level.value)
                               .group_by(mb.c.cluster_id)).all())
    for cid in sorted(set(conn.scalars(sa.select(cl.c.cluster_id).where(cl.c.level == level.value)))):
        if counts.get(cid, 0) < 2:
            conn.execute(sa.delete(mb).where(mb.c.level == level.value, mb.c.cluster_id == cid))
            conn.execute(sa.delete(cl).where(cl.c.level == level.value, cl.c.cluster_id == cid))
            deleted += 1
    return written, deleted, kept


def _insert_pairs(conn: Connection, level: Level, rows: list[dict[str, Any]]) -> None:
    pr = s.dedupe_pairs
    if not rows:
        return
    seen = set()
    for lo in range(0, len(rows), 1000):
        chunk = [r for r in rows[lo : lo + 1000] if (r["a_hash"], r["b_hash"]) not in seen]
        seen.update((r["a_hash"], r["b_hash"]) for r in chunk)
        if chunk:
            conn.execute(sa.insert(pr), chunk)
    del level


def _text_pairs(conn: Connection, level: Level, new_keys: set[str], config: DedupeConfig, candidate_source: str,
                now: dt.datetime) -> tuple[int, int]:
    keys_by_hash = _keys(conn, level)
    hashes = sorted(keys_by_hash)
    keys = [keys_by_hash[h] for h in hashes]
    index = {h: x for x, h in enumerate(hashes)}
    new = [index[h] for h in sorted(new_keys) if h in index]
    if candidate_source == "bigram":
        cand = bigram_candidates(keys, new, jobs=config.jobs)
        method = "bigram+blend"
    elif candidate_source == "pg_trgm":
        found = trgm_candidates(conn, level, new_keys)
        cand = Pairs.from_arrays(np.array([index[a] for a, _, _ in found], np.int64),
                                 np.array([index[b] for _, b, _ in found], np.int64),
                                 np.array([sc for _, _, sc in found], np.float32))
        method = "pg_trgm+blend"
    else:
        raise DedupeSettingError("candidate_source", f"未知的候选来源 {candidate_source!r}",
                                 "可选 bigram（默认）或 pg_trgm（仅 PostgreSQL）")
    if not len(cand):
        return 0, 0
    comp = score_components(keys, cand, jobs=config.jobs)
    keep = comp["blend"] >= config.score_cutoff
    verified = Pairs(cand.i[keep], cand.j[keep], comp["blend"][keep])
    # name each pair on one text per key (the first stored item of it)
    it = s.dedupe_items
    involved = sorted({hashes[x] for x in verified.i.tolist() + verified.j.tolist()})
    first_item: dict[str, tuple[int, str]] = {}
    for lo in range(0, len(involved), 500):
        for r in conn.execute(sa.select(it.c.ref_id, it.c.key_hash).where(
                it.c.level == level.value, it.c.key_hash.in_(involved[lo : lo + 500])).order_by(it.c.ref_id)):
            first_item.setdefault(r.key_hash, (r.ref_id, ""))
    table = s.paragraphs if level is Level.PARAGRAPH else s.facts
    ref_text = {}
    refs = sorted(ref for ref, _ in first_item.values())
    for lo in range(0, len(refs), 500):
        ref_text.update(conn.execute(sa.select(table.c.id, table.c.text).where(
            table.c.id.in_(refs[lo : lo + 500]))).all())
    rows = []
    for x, y, sc in zip(verified.i.tolist(), verified.j.tolist(), verified.score.tolist(), strict=True):
        a, b = hashes[x], hashes[y]
        rel = pair_relation(ref_text[first_item[a][0]], ref_text[first_item[b][0]], score_cutoff=0.0)
        rows.append({"level": level.value, "a_hash": a, "b_hash": b, "score": float(sc), "method": method,
                     "relation": (rel or Relation.COPIED_PASSAGE).value, "computed_at": now})
    _insert_pairs(conn, level, rows)
    return len(cand), len(rows)


def _report_pairs(conn: Connection, new_keys: set[str], now: dt.datetime) -> tuple[int, int]:
    keys_by_hash = _keys(conn, Level.REPORT)
    if not new_keys:
        return 0, 0
    it = s.dedupe_items
    text_of: dict[str, str] = {}
    rows = conn.execute(sa.select(it.c.key_hash, s.reports.c.text).join(s.reports, s.reports.c.id == it.c.ref_id)
                        .where(it.c.level == Level.REPORT.value).order_by(it.c.ref_id)).all()
    for h, text in rows:
        text_of.setdefault(h, text)
    found = find_containing_reports({h: text_of[h] for h in sorted(keys_by_hash)},
                                    score_cutoff=REPORT_CANDIDATE_CUTOFF)
    out = []
    for a, b, sc in found:
        if a not in new_keys and b not in new_keys:
            continue  # both stored before: already compared
        rel = report_relation(text_of[a], text_of[b], score_cutoff=REPORT_CUTOFF)
        if rel is None:
            continue
        out.append({"level": Level.REPORT.value, "a_hash": a, "b_hash": b, "score": float(sc),
                    "method": "containment", "relation": rel.value, "computed_at": now})
    _insert_pairs(conn, Level.REPORT, out)
    return len(found), len(out)


def refresh_duplicates(engine: Engine, level: Level | str, *, config: DedupeConfig | None = None,
                       candidate_source: str = "bigram", full: bool = False) -> RefreshStats:
    """Bring the stored items, pairs and clusters of ``level`` up to date with the corpus, in one transaction.

    Args:
        engine: the corpus database (``Corpus.engine``).
        level: issue | item | paragraph | report.
        config: score_cutoff, Leiden resolution, seed and ``jobs`` (processes for the candidate blocks).
        candidate_source: "bigram" (any database) or "pg_trgm" (PostgreSQL with a UTF-8 ctype).
        full: drop what is stored for the level and recompute everything.

    Returns:
        What was done (new items, pairs, clusters rewritten / kept).

    Raises:
        DedupeSettingError: unknown level or candidate source; pg_trgm unusable.

    Example:
        >>> with duban.open("台账.db") as corpus:               # doctest: +SKIP
        ...     refresh_duplicates(corpus.engine, "issue").clusters_written
        12
    """
    level = _level(level)
    config = config or DedupeConfig()
    if candidate_source not in ("bigram", "pg_trgm"):
        raise DedupeSettingError("candidate_source", f"未知的候选来源 {candidate_source!r}",
                                 "可选 bigram（默认）或 pg_trgm（仅 PostgreSQL）")
    now = _now()
    # duban's write transaction: serialised with ingests (SQLite write lock, PostgreSQL advisory lock), and a
    # full disk or read-only database is the coded error an ingest would give
    with write_transaction(engine) as conn:
        if full:
            for table in (s.dedupe_members, s.dedupe_clusters, s.dedupe_pairs, s.dedupe_items):
                conn.execute(sa.delete(table).where(table.c.level == level.value))
        new_items, dropped, new_keys, gone_keys = _sync_items(conn, level, now)
        pr = s.dedupe_pairs
        # pairs of keys no longer held by any item go; the clusters that held them are re-planned
        gone = sorted(gone_keys)
        touched_by_gone: set[str] = set()
        for lo in range(0, len(gone), 500):
            part = gone[lo : lo + 500]
            for r in conn.execute(sa.select(pr.c.a_hash, pr.c.b_hash).where(
                    pr.c.level == level.value, sa.or_(pr.c.a_hash.in_(part), pr.c.b_hash.in_(part)))):
                touched_by_gone.update((r.a_hash, r.b_hash))
            conn.execute(sa.delete(pr).where(pr.c.level == level.value,
                                             sa.or_(pr.c.a_hash.in_(part), pr.c.b_hash.in_(part))))
        if level is Level.REPORT:
            n_cand, n_pairs = _report_pairs(conn, new_keys, now)
        else:
            n_cand, n_pairs = _text_pairs(conn, level, new_keys, config, candidate_source, now)
        items = _load_items(conn, level)
        if level is Level.REPORT:
            planned, n_comp, scope_ids, scope_items = _report_clusters(conn, items), 0, None, set()
        else:
            scope = (new_keys | touched_by_gone) - gone_keys
            planned, n_comp, scope_items = _text_clusters(conn, level, scope, config, items)
            scope_ids = set()
            if dropped:
                # clusters that lost an item (its member row went with it) are in scope even when no new key
                # touches them: their stored count no longer matches their members
                mb, cl = s.dedupe_members, s.dedupe_clusters
                have = dict(conn.execute(sa.select(mb.c.cluster_id, sa.func.count()).where(
                    mb.c.level == level.value).group_by(mb.c.cluster_id)).all())
                for cid, count in conn.execute(sa.select(cl.c.cluster_id, cl.c.count).where(cl.c.level == level.value)):
                    if have.get(cid, 0) != count:
                        scope_ids.add(cid)
                        scope_items.update(conn.scalars(sa.select(mb.c.item_id).where(
                            mb.c.level == level.value, mb.c.cluster_id == cid)))
        written, deleted, kept = _write_clusters(conn, level, planned, scope_ids, now, scope_items)
    return RefreshStats(level.value, len(items), new_items, dropped, len(new_keys), n_cand, n_pairs, n_comp,
                        written, deleted, kept)


# ---------------------------------------------------------------- reading


def _member_rows(conn: Connection, level: Level, cluster_ids: Sequence[str]) -> dict[str, list[Member]]:
    mb, it = s.dedupe_members, s.dedupe_items
    rows = []
    ids = list(cluster_ids)
    for lo in range(0, len(ids), 500):
        rows.extend(conn.execute(
            sa.select(mb.c.cluster_id, mb.c.item_id, mb.c.role, it.c.ref_id, it.c.report_id, it.c.key_hash,
                      it.c.key)
            .join(it, it.c.id == mb.c.item_id)
            .where(mb.c.level == level.value, mb.c.cluster_id.in_(ids[lo : lo + 500]))).all())
    items = {r.item_id: r for r in rows}
    meta = _report_meta(conn, {r.report_id for r in rows})
    texts, statuses = _item_texts(conn, level, items, items)
    out: dict[str, list[Member]] = defaultdict(list)
    for r in rows:
        m = meta[r.report_id]
        out[r.cluster_id].append(Member(
            item_id=r.item_id, ref_id=r.ref_id, report_id=r.report_id, file=_file(m.path), title=m.title,
            date=m.date or m.date_text, period=m.period_text, issuer=m.issuer, text=texts[r.item_id], role=r.role,
            status=statuses.get(r.ref_id)))
    for members in out.values():
        members.sort(key=lambda x: (x.date or "9999", x.report_id, x.ref_id))
    return out


def _file(path: str | None) -> str:
    if not path:
        return ""
    return path.rsplit("!", 1)[-1].rsplit("/", 1)[-1]


def load_clusters(engine: Engine, level: Level | str, *, min_score: float = 0.0, since: str | None = None,
                  relation: str | None = None) -> list[Cluster]:
    """The stored clusters of ``level``, largest first, with their members.

    Args:
        min_score: keep clusters whose weakest inside pair reaches it.
        since: keep clusters last seen on or after this ISO date prefix ("2023", "2023-06").
        relation: keep one relation only.
    """
    level = _level(level)
    cl = s.dedupe_clusters
    q = sa.select(cl).where(cl.c.level == level.value, cl.c.score >= min_score)
    if since:
        q = q.where(cl.c.last_seen >= since)
    if relation:
        q = q.where(cl.c.relation == relation)
    with engine.connect() as conn:
        rows = conn.execute(q.order_by(cl.c.count.desc(), cl.c.cluster_id)).all()
        members = _member_rows(conn, level, [r.cluster_id for r in rows])
    return [Cluster(r.cluster_id, r.level, r.relation, r.representative, r.first_seen, r.last_seen, r.count,
                    float(r.score), r.still_open, tuple(members.get(r.cluster_id, ()))) for r in rows]


def explain_pair(engine: Engine, level: Level | str, a_ref: int, b_ref: int, *,
                 config: DedupeConfig | None = None) -> Explanation:
    """Score two items (fact / paragraph / report ids) step by step, as ``refresh_duplicates`` would.

    Raises:
        DedupeSettingError: an id that is not an item of the level (run ``duban dupes`` first).
    """
    level = _level(level)
    config = config or DedupeConfig()
    it = s.dedupe_items
    with engine.connect() as conn:
        found = {r.ref_id: r for r in conn.execute(sa.select(it).where(
            it.c.level == level.value, it.c.ref_id.in_([a_ref, b_ref])))}
        for ref in (a_ref, b_ref):
            if ref not in found:
                raise DedupeSettingError(
                    f"{level.value} {ref}", "不是这一层级已登记的查重条目",
                    "先运行 duban dupes --level 同一层级；问题/议定事项用事实编号，段落用段落编号，报告用报告编号")
        items = {found[r].id: found[r] for r in (a_ref, b_ref)}
        texts, statuses = _item_texts(conn, level, items, items)
        meta = _report_meta(conn, {x.report_id for x in items.values()})
        pr = s.dedupe_pairs
        ha, hb = found[a_ref].key_hash, found[b_ref].key_hash
        stored = conn.execute(sa.select(pr).where(pr.c.level == level.value, sa.or_(
            sa.and_(pr.c.a_hash == ha, pr.c.b_hash == hb), sa.and_(pr.c.a_hash == hb, pr.c.b_hash == ha)))).first()

    def member(ref: int) -> Member:
        x = found[ref]
        m = meta[x.report_id]
        return Member(x.id, ref, x.report_id, _file(m.path), m.title, m.date or m.date_text, m.period_text,
                      m.issuer, texts[x.id], "member", statuses.get(ref))

    ta, tb = texts[found[a_ref].id], texts[found[b_ref].id]
    ka, kb = found[a_ref].key, found[b_ref].key
    if level is Level.REPORT:
        comps = {"containment_a_in_b": containment(ta, tb), "containment_b_in_a": containment(tb, ta),
                 "masked_a_in_b": containment(ta, tb, mask_numbers=True),
                 "masked_b_in_a": containment(tb, ta, mask_numbers=True)}
        rel = report_relation(ta, tb, score_cutoff=REPORT_CUTOFF)
        score = max(comps["containment_a_in_b"], comps["containment_b_in_a"])
        cand_method, cand_score, cutoff = "containment (5-gram shingles)", score, REPORT_CUTOFF
    else:
        cand = bigram_candidates([ka, kb], [0], share=0.0)
        cand_score = float(cand.score[0]) if len(cand) else 0.0
        p = Pairs(np.array([0], np.int32), np.array([1], np.int32), np.zeros(1, np.float32))
        comps = {k: float(v[0]) for k, v in score_components([ka, kb], p).items()}
        score = comps["blend"]
        rel = pair_relation(ta, tb, score_cutoff=0.0) if ha == hb or score >= config.score_cutoff else None
        if ha == hb:
            comps, score = {"exact_key": 1.0}, 1.0
        cand_method = "exact key hash" if ha == hb else f"character bigrams (share >= {BIGRAM_SHARE})"
        cutoff = config.score_cutoff
    return Explanation(level.value, member(a_ref), member(b_ref), ka, kb, ha, hb, cand_method, cand_score,
                       comps, score, cutoff, rel.value if rel else None,
                       dict(stored._mapping) if stored is not None else None)


def cluster_of_hash(engine: Engine, level: Level | str) -> dict[str, str]:
    """key_hash -> cluster id of every clustered key of the level (for tests and comparisons)."""
    level = _level(level)
    mb, it = s.dedupe_members, s.dedupe_items
    with engine.connect() as conn:
        return dict(conn.execute(sa.select(it.c.key_hash, mb.c.cluster_id).join(it, it.c.id == mb.c.item_id)
                                 .where(mb.c.level == level.value)).all())
