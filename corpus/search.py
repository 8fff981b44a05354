"""Full-text search over the stored paragraphs: ``duban search 征地拆迁``.

Paragraphs are indexed by their words as jieba's search mode cuts them (the words and the shorter words inside
them: 征地拆迁 → 征地 拆迁 征地拆迁), so a query word finds the paragraphs that hold it as a word or inside a
longer one.  A query is cut into words by the same dictionary (jieba's default mode; HMM off on both sides,
so an unknown name falls apart into the same pieces in the text and in the query); a paragraph matches
when it holds every word.  When the words find fewer paragraphs than asked for, paragraphs that hold the query
as written (a plain substring) are added, so an exact phrase that jieba cuts differently is still found.

SQLite: an FTS5 index (``paragraph_fts``) over ``paragraph_terms``; PostgreSQL: a GIN index over the terms as
an array (``@>``), which needs no text-search parser and so works in any locale.  Hits come newest report
first on both, so the two back ends give the same answer.

Example:
    >>> with duban.open("台账.db") as corpus:                     # doctest: +SKIP
    ...     for hit in corpus.search("征地拆迁", limit=3):
    ...         print(hit.report_date, hit.report_title, hit.snippet)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from corpus import schema as s

# what is not a word: spaces, punctuation and symbols (a word of these alone is dropped)
_NOT_WORD = re.compile(r"^[\s\W_]+$")
SNIPPET_CHARS = 40  # either side of the first hit
PG_INDEX = "ix_paragraph_terms_words"
FTS_TABLE = "paragraph_fts"


def terms(text: str) -> str:
    """The indexed words of a paragraph, space-separated (jieba search mode; punctuation dropped)."""
    from extract.pipeline import get_jieba  # jieba's dictionary loads on first use, not on import

    seg = get_jieba()
    return " ".join(w for w in seg.cut_for_search(text, HMM=False) if not _NOT_WORD.match(w))


def query_words(query: str) -> list[str]:
    """The words of a query, in order, each once (jieba default mode; punctuation dropped)."""
    from extract.pipeline import get_jieba

    out: list[str] = []
    for w in get_jieba().cut(query, HMM=False):
        w = w.strip()
        if w and not _NOT_WORD.match(w) and w not in out:
            out.append(w)
    return out


def term_rows(rows: Iterable[tuple[int, str]]) -> list[dict[str, object]]:
    """``paragraph_terms`` rows for (paragraph id, text) pairs."""
    return [{"paragraph_id": pid, "terms": terms(text)} for pid, text in rows]


# ---------------------------------------------------------------- the indexes (made by revision 0004)

def create_index(conn: Connection) -> None:
    """The back end's index over ``paragraph_terms`` (and, on SQLite, the triggers that keep it in step)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(terms, content='paragraph_terms', "
            "content_rowid='paragraph_id')"
        )
        conn.exec_driver_sql(
            f"CREATE TRIGGER paragraph_terms_ai AFTER INSERT ON paragraph_terms BEGIN "
            f"INSERT INTO {FTS_TABLE}(rowid, terms) VALUES (new.paragraph_id, new.terms); END"
        )
        conn.exec_driver_sql(
            f"CREATE TRIGGER paragraph_terms_ad AFTER DELETE ON paragraph_terms BEGIN "
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, terms) VALUES ('delete', old.paragraph_id, old.terms); END"
        )
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            f"CREATE INDEX {PG_INDEX} ON paragraph_terms USING gin (string_to_array(terms, ' '))"
        )


def drop_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS paragraph_terms_ai")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS paragraph_terms_ad")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_INDEX}")


def index_objects() -> set[str]:
    """Names of what ``create_index`` makes outside the metadata (for the schema comparison)."""
    return {FTS_TABLE, *(f"{FTS_TABLE}_{part}" for part in ("data", "idx", "docsize", "config", "content")),
            PG_INDEX}


# ---------------------------------------------------------------- searching

@dataclass(frozen=True, slots=True)
class Hit:
    """One paragraph that matches, with its report and a snippet around the first matching word."""

    paragraph_id: int
    report_id: int
    report_title: str | None
    report_date: str | None
    issuer: str | None
    path: str | None  # a current location of the document
    text: str  # the whole paragraph
    snippet: str  # the paragraph around the first hit, … where cut
    match: str  # "words" (the index) or "phrase" (the query as written)


def _word_ids(conn: Connection, words: Sequence[str]) -> list[int]:
    if conn.dialect.name == "sqlite":
        match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
        return [int(r[0]) for r in conn.execute(
            sa.text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q"), {"q": match})]
    return [int(r[0]) for r in conn.execute(  # PostgreSQL
        sa.text("SELECT paragraph_id FROM paragraph_terms WHERE string_to_array(terms, ' ') @> "
                "CAST(:words AS text[])"), {"words": list(words)})]


def _snippet(text: str, needles: Sequence[str]) -> str:
    found = [i for i in (text.find(n) for n in needles) if i >= 0]
    at = min(found) if found else 0
    lo, hi = max(0, at - SNIPPET_CHARS), min(len(text), at + SNIPPET_CHARS * 2)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def search(conn: Connection, query: str, *, limit: int = 20, region: str | None = None,
           since: str | None = None, current_only: bool = True) -> list[Hit]:
    """Paragraphs holding every word of ``query`` (then the query as written), newest report first.

    Args:
        query: words or a phrase, as a user types them (征地拆迁, 资金缺口 城南).
        limit: at most this many hits.
        region: only reports whose issuer contains this (云溪县).
        since: only reports dated on or after this ISO prefix (2023, 2023-06).
        current_only: leave out reports of documents no longer current at any path, and repeats.
    """
    words = query_words(query)
    if not words:
        return []
    p, r, loc = s.paragraphs, s.reports, s.locations
    current_path = (sa.select(sa.func.min(loc.c.path)).where(loc.c.document_id == r.c.document_id, loc.c.current)
                    .scalar_subquery())
    base = (sa.select(p.c.id, p.c.text, r.c.id.label("report_id"), r.c.title, r.c.date, r.c.issuer,
                      current_path.label("path"))
            .join(r, r.c.id == p.c.report_id))
    if current_only:
        base = base.where(r.c.duplicate_of_report_id.is_(None), current_path.is_not(None))
    if region:
        base = base.where(r.c.issuer.contains(region, autoescape=True))
    if since:
        base = base.where(r.c.date >= since)
    order = (r.c.date.is_(None), r.c.date.desc(), r.c.id.desc(), p.c.id)

    hits: list[Hit] = []
    seen: set[int] = set()

    def take(rows, how: str) -> None:
        for row in rows:
            if row.id in seen or len(hits) >= limit:
                continue
            seen.add(row.id)
            hits.append(Hit(row.id, row.report_id, row.title, row.date, row.issuer, row.path, row.text,
                            _snippet(row.text, [query.strip(), *words]), how))

    ids = _word_ids(conn, words)
    if ids:
        rows = []
        for lo in range(0, len(ids), 900):  # bounded IN lists
            rows.extend(conn.execute(base.where(p.c.id.in_(ids[lo:lo + 900]))).all())
        # the order of ``order`` below: paragraphs in text order, then reports newest first (stable sorts)
        rows.sort(key=lambda row: row.id)
        rows.sort(key=lambda row: (row.date is not None, row.date or "", row.report_id), reverse=True)
        take(rows, "words")
    if len(hits) < limit and query.strip():
        phrase = query.strip()
        take(conn.execute(base.where(p.c.text.contains(phrase, autoescape=True)).order_by(*order)
                          .limit(limit + len(seen))).all(), "phrase")
    return hits

