"""Read-only queries for drafting: the reports of a period and their facts, each fact with its sentence.

Only SELECTs live here (writes stay in ``corpus.store``).  Results are frozen dataclasses, so
``generate.context`` never sees a database row or handle.

Example:
    >>> from corpus.store import Corpus
    >>> with Corpus("台账.db") as corpus:                          # doctest: +SKIP
    ...     reports = reports_in_period(corpus, "2024-01-01", "2024-06-30")
    ...     facts = facts_of(corpus, [r.id for r in reports], ["figure"])
    >>> facts[0].text, facts[0].sentence                             # doctest: +SKIP
    ('215.6亿元', '2024年全县共安排重点项目48个，总投资215.6亿元，年度计划投资62.3亿元。')
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from corpus import schema as s
from corpus.store import Corpus


@dataclass(frozen=True, slots=True)
class PeriodReport:
    """A report as drafting needs it: what it is, when, about which period, by whom."""

    id: int
    title: str
    date: str | None  # ISO, or None when the report gives no complete date
    issuer: str | None
    kind: str
    period_start: str | None
    period_end: str | None
    text: str

    @property
    def as_of(self) -> str | None:
        """The day the report's figures stand at: the end of its period, or its date if that is earlier.

        A report dated 2024-07-04 about 1-6月 speaks of 2024-06-30; a monthly report dated 2024-06-05 whose
        period was read as the whole year speaks of 2024-06-05.
        """
        ends = [d for d in (self.period_end, self.date) if d]
        return min(ends) if ends else None


@dataclass(frozen=True, slots=True)
class ParagraphRow:
    report_id: int
    position: int
    level: int
    heading: bool
    text: str
    start: int  # in the report's text
    end: int
    sentences: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class FactRow:
    """A fact with its receipt: report title and date, paragraph, and the sentence that holds it."""

    id: int
    report_id: int
    report_title: str
    report_date: str | None
    report_as_of: str | None
    kind: str
    text: str
    paragraph: int
    start: int  # in the report's text
    end: int
    attrs: dict[str, Any]
    value: float | None
    value_hi: float | None
    unit: str | None
    sentence: str  # the whole sentence holding the fact (the paragraph when no sentence span covers it)
    sentence_start: int  # where that sentence starts in the report's text
    paragraph_text: str
    paragraph_start: int  # where the paragraph starts in the report's text


def _overlaps(a0: str, a1: str, b0: str, b1: str) -> bool:
    return a0 <= b1 and b0 <= a1


def reports_in_period(corpus: Corpus, start: str, end: str, *, region: str | None = None) -> list[PeriodReport]:
    """The current reports about ``start``..``end`` (ISO days), oldest first (by date, then id).

    A report belongs to the period when what it covers (its period, else its date) overlaps the period and
    it was not written before the period began.  ``region`` keeps reports that name it in their title,
    issuer, opening or sign-off.
    Repeats of an earlier report in the same file are left out.

    Example:
        >>> [r.title for r in reports_in_period(corpus, "2024-01-01", "2024-06-30")]   # doctest: +SKIP
        ['云溪县2024年5月重点项目建设进展情况', …]
    """
    r, loc = s.reports, s.locations
    current = sa.exists().where(loc.c.document_id == r.c.document_id, loc.c.current)
    # Reports that start after the period or end (and were written) before it never qualify: leave them in the
    # database.  The rest is decided below, where a missing period falls back to the date.
    query = (
        sa.select(r.c.id, r.c.title, r.c.date, r.c.issuer, r.c.kind, r.c.period_start, r.c.period_end)
        .where(current, r.c.duplicate_of_report_id.is_(None))
        .where(sa.or_(r.c.date.is_(None), r.c.date >= start))
        .where(sa.or_(r.c.period_start.is_(None), r.c.period_start <= end))
        .order_by(r.c.id)
    )
    out: list[PeriodReport] = []
    with corpus.engine.connect() as conn:
        rows = conn.execute(query).all()
        keep = []
        for row in rows:
            covers0 = row.period_start or row.date
            covers1 = row.period_end or row.date
            if not covers0 or not covers1 or not _overlaps(covers0, covers1, start, end):
                continue
            if row.date and row.date < start:
                continue
            keep.append(row)
        # the texts only of the reports kept (a large corpus holds years of them)
        texts: dict[int, str] = {}
        ids = [row.id for row in keep]
        for i in range(0, len(ids), 500):
            texts.update(conn.execute(sa.select(r.c.id, r.c.text).where(r.c.id.in_(ids[i : i + 500]))).all())
    for row in keep:
        text = texts[row.id]
        # the region is named in the title, the issuer, or the head or sign-off of the text ("云溪县委县政府督查室")
        if region and not any(region in (x or "") for x in (row.title, row.issuer, text[:300], text[-300:])):
            continue
        out.append(
            PeriodReport(
                id=row.id, title=row.title or "（无标题）", date=row.date, issuer=row.issuer, kind=row.kind,
                period_start=row.period_start, period_end=row.period_end, text=text,
            )
        )
    out.sort(key=lambda x: (x.date or "", x.id))
    return out


def paragraphs_of(corpus: Corpus, report_ids: Sequence[int]) -> list[ParagraphRow]:
    """The paragraphs of these reports, in report then reading order."""
    if not report_ids:
        return []
    p = s.paragraphs
    query = sa.select(p).where(p.c.report_id.in_(list(report_ids))).order_by(p.c.report_id, p.c.position)
    with corpus.engine.connect() as conn:
        return [
            ParagraphRow(
                report_id=x.report_id, position=x.position, level=x.level, heading=bool(x.heading), text=x.text,
                start=x.start_char, end=x.end_char, sentences=tuple(tuple(sp) for sp in x.sentences),
            )
            for x in conn.execute(query)
        ]


def _sentence_at(paragraph: ParagraphRow, text: str, pos: int) -> tuple[str, int]:
    spans = paragraph.sentences
    starts = [a for a, _ in spans]
    i = bisect_right(starts, pos) - 1
    if 0 <= i < len(spans) and spans[i][0] <= pos < spans[i][1]:
        a, b = spans[i]
        return text[a:b].strip(), a
    return paragraph.text.strip(), paragraph.start


def facts_of(
    corpus: Corpus, reports: Sequence[PeriodReport], kinds: Iterable[str] | None = None
) -> list[FactRow]:
    """The facts of ``reports`` (optionally only some kinds), each with its sentence, in report order.

    Example:
        >>> f = facts_of(corpus, reports, ["figure"])[0]                       # doctest: +SKIP
        >>> f.text in f.sentence
        True
    """
    if not reports:
        return []
    by_id = {r.id: r for r in reports}
    paras = {(p.report_id, p.position): p for p in paragraphs_of(corpus, list(by_id))}
    f = s.facts
    query = sa.select(f).where(f.c.report_id.in_(list(by_id))).order_by(f.c.report_id, f.c.position)
    if kinds is not None:
        query = query.where(f.c.kind.in_(list(kinds)))
    out: list[FactRow] = []
    with corpus.engine.connect() as conn:
        rows = conn.execute(query).all()
    for x in rows:
        rep = by_id[x.report_id]
        para = paras.get((x.report_id, x.paragraph))
        if para is None:
            sentence, s0, ptext, p0 = x.text, x.start_char, x.text, x.start_char
        else:
            sentence, s0 = _sentence_at(para, rep.text, x.start_char)
            ptext, p0 = para.text, para.start
        out.append(
            FactRow(
                id=x.id, report_id=x.report_id, report_title=rep.title, report_date=rep.date,
                report_as_of=rep.as_of, kind=x.kind, text=x.text, paragraph=x.paragraph, start=x.start_char,
                end=x.end_char, attrs=dict(x.attrs), value=x.value, value_hi=x.value_hi, unit=x.unit,
                sentence=sentence, sentence_start=s0, paragraph_text=ptext, paragraph_start=p0,
            )
        )
    order = {r.id: i for i, r in enumerate(reports)}
    out.sort(key=lambda fr: (order[fr.report_id], fr.start))
    return out


__all__ = ["FactRow", "ParagraphRow", "PeriodReport", "facts_of", "paragraphs_of", "reports_in_period"]
