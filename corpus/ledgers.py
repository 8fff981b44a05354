"""The ledgers (台账) read from the corpus: projects, agreed items (议定事项), issues (问题) and figures.

Read-only queries over the tables of ``corpus.schema``.  Only current reports count: a report of a file since
replaced by newer content, or repeating an earlier report of the same file, is left out.  Every row keeps the
report it came from (id, title, date, file), so a ledger line can be traced to its sentence.

Example:
    >>> import duban
    >>> with duban.open("台账.db") as corpus:                      # doctest: +SKIP
    ...     for item in list_items(corpus, status="overdue", as_of="2024-07-01"):
    ...         print(item.text, item.owners, item.deadline)
    由区住建局牵头，于6月底前完成清表 ('区住建局',) 6月底前
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from corpus import schema as s
from corpus.linking import fold_name
from corpus.store import Corpus

# Item statuses as the recogniser writes them, plus "unknown" (no status) and "overdue" (computed).
ITEM_STATUSES = ("open", "in_progress", "done", "overdue", "unknown")
ISSUE_STATUSES = ("open", "resolved", "unknown")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a ledger line comes from."""

    report_id: int
    title: str | None
    date: str | None  # ISO when complete, else as written
    path: str

    @property
    def file(self) -> str:
        return Path(self.path.rsplit("!", 1)[-1]).name


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """One project of the registry with what the reports said of it."""

    id: int
    name: str
    region: str  # "" when unknown
    aliases: tuple[str, ...]  # every other spelling seen
    reports: int  # distinct current reports that mention it
    first_seen: str | None
    last_seen: str | None
    latest: str | None  # the sentence of the latest report about it (progress, preferably with a figure)
    latest_origin: Origin | None


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One agreed item (议定事项)."""

    fact_id: int
    text: str
    owners: tuple[str, ...]
    co_owners: tuple[str, ...]
    deadline: str | None  # as written: "9月底前"
    deadline_iso: str | None  # resolved against the report date
    status: str  # one of ITEM_STATUSES; overdue when the deadline has passed and it is not done
    recorded_status: str  # what the report said (before the deadline check)
    projects: tuple[str, ...]  # canonical names
    origin: Origin


@dataclass(frozen=True, slots=True)
class IssueRow:
    """One reported problem (问题)."""

    fact_id: int
    text: str
    status: str  # one of ISSUE_STATUSES
    projects: tuple[str, ...]
    sentence: str  # the sentence it sits in (原文)
    origin: Origin


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One figure about a project."""

    fact_id: int
    value: float | None
    value_hi: float | None
    unit: str | None
    of: str | None  # what is measured: "完成投资"
    text: str
    projects: tuple[str, ...]
    origin: Origin


def _current_reports() -> sa.Select:
    """Ids of reports that count: a current location, not a repeat of an earlier report of the same file."""
    r, loc = s.reports, s.locations
    has_current = sa.exists().where(loc.c.document_id == r.c.document_id, loc.c.current)
    return sa.select(r.c.id).where(has_current, r.c.duplicate_of_report_id.is_(None))


def _origins(conn: Connection, report_ids: Iterable[int]) -> dict[int, Origin]:
    r, loc = s.reports, s.locations
    ids = sorted(set(report_ids))
    if not ids:
        return {}
    path = (
        sa.select(loc.c.path).where(loc.c.document_id == r.c.document_id)
        .order_by(loc.c.current.desc(), loc.c.id).limit(1).scalar_subquery()
    )
    rows = conn.execute(
        sa.select(r.c.id, r.c.title, r.c.date, r.c.date_text, path.label("path")).where(r.c.id.in_(ids))
    )
    return {x.id: Origin(x.id, x.title, x.date or x.date_text, x.path) for x in rows}


def _fact_projects(conn: Connection, fact_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    fp, p = s.fact_projects, s.projects
    ids = sorted(set(fact_ids))
    out: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(ids), 500):  # bounded IN lists
        rows = conn.execute(
            sa.select(fp.c.fact_id, p.c.name).join(p, p.c.id == fp.c.project_id)
            .where(fp.c.fact_id.in_(ids[start : start + 500])).order_by(fp.c.fact_id, p.c.id)
        )
        for fact_id, name in rows:
            if name not in out[fact_id]:
                out[fact_id].append(name)
    return {k: tuple(v) for k, v in out.items()}


def _project_ids(conn: Connection, name: str) -> set[int]:
    """Projects called ``name``: an alias with the same folded name, else canonical names containing it."""
    a, p = s.project_aliases, s.projects
    key = fold_name(name)
    ids = set(conn.scalars(sa.select(a.c.project_id).where(a.c.alias_key == key)))
    if not ids:
        ids = set(conn.scalars(sa.select(p.c.id).where(p.c.name_key.contains(key, autoescape=True))))
    return ids


def _facts(conn: Connection, kind: str, project: str | None, *, report_ids: set[int] | None = None) -> list[Any]:
    f = s.facts
    query = (
        sa.select(f.c.id, f.c.report_id, f.c.text, f.c.attrs, f.c.paragraph, f.c.start_char, f.c.end_char,
                  f.c.value, f.c.value_hi, f.c.unit)
        .where(f.c.kind == kind, f.c.report_id.in_(_current_reports()))
        .order_by(f.c.report_id, f.c.position)
    )
    if report_ids is not None:
        query = query.where(f.c.report_id.in_(sorted(report_ids)))
    if project is not None:
        ids = _project_ids(conn, project)
        fp = s.fact_projects
        query = query.where(f.c.id.in_(sa.select(fp.c.fact_id).where(fp.c.project_id.in_(sorted(ids)))))
    return list(conn.execute(query))


# A sentence this short that holds a project's name is a heading ("（一）城南污水处理厂二期工程。"): the paragraph
# it opens says what happened to the project, so that paragraph is the context shown.
HEADING_SENTENCE_CHARS = 24


def _paragraph(conn: Connection, report_id: int, paragraph: int) -> Any:
    p = s.paragraphs
    return conn.execute(
        sa.select(p.c.start_char, p.c.text, p.c.sentences).where(p.c.report_id == report_id, p.c.position == paragraph)
    ).first()


def _sentence_span(para: Any, start: int) -> tuple[int, int, bool]:
    """(start, end, first) of the sentence of ``para`` holding ``start``; the whole paragraph when none does."""
    for i, (a, b) in enumerate(para.sentences or ()):
        if a <= start < b:
            return a, b, i == 0
    return para.start_char, para.start_char + len(para.text), True


def _sentence(conn: Connection, report_id: int, paragraph: int, start: int, *, expand_heading: bool = False) -> str:
    """The sentence of a report holding ``start`` (an offset in its text); the paragraph for a heading."""
    para = _paragraph(conn, report_id, paragraph)
    if para is None:
        return ""
    a, b, first = _sentence_span(para, start)
    if expand_heading and first and b - a <= HEADING_SENTENCE_CHARS:
        return para.text
    return para.text[a - para.start_char : b - para.start_char]


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if v)
    return ()


def item_status(recorded: str | None, deadline_iso: str | None, as_of: str) -> str:
    """The status of an agreed item on ``as_of``: overdue once the deadline has passed and it is not done.

    Example:
        >>> item_status("in_progress", "2024-06-30", "2024-07-01")
        'overdue'
        >>> item_status("done", "2024-06-30", "2024-07-01")
        'done'
        >>> item_status(None, None, "2024-07-01")
        'unknown'
    """
    if recorded == "done":
        return "done"
    if deadline_iso and deadline_iso < as_of:
        return "overdue"
    return recorded if recorded in ITEM_STATUSES else "unknown"


def list_items(
    corpus: Corpus,
    *,
    status: str | None = None,
    owner: str | None = None,
    project: str | None = None,
    as_of: str | dt.date | None = None,
) -> list[ItemRow]:
    """The agreed items (议定事项), in report order.

    Args:
        corpus: the open corpus.
        status: only items with this status (``ITEM_STATUSES``), as computed on ``as_of``.
        owner: only items whose lead or co-owner contains this ("区住建局").
        project: only items linked to this project (any of its names).
        as_of: the day overdue is judged on (ISO date); default today.

    Example:
        >>> [i.owners for i in list_items(corpus, owner="区住建局")]    # doctest: +SKIP
        [('区住建局',)]
    """
    day = (as_of or dt.date.today()).isoformat() if not isinstance(as_of, str) else as_of
    with corpus.engine.connect() as conn:
        facts = _facts(conn, "agreed", project)
        origins = _origins(conn, (x.report_id for x in facts))
        names = _fact_projects(conn, (x.id for x in facts))
    out = []
    for x in facts:
        attrs = x.attrs or {}
        recorded = attrs.get("status") if isinstance(attrs.get("status"), str) else None
        row = ItemRow(
            fact_id=x.id, text=x.text, owners=_strings(attrs.get("owner")), co_owners=_strings(attrs.get("co_owners")),
            deadline=attrs.get("deadline") or None, deadline_iso=attrs.get("deadline_iso") or None,
            status=item_status(recorded, attrs.get("deadline_iso"), day), recorded_status=recorded or "unknown",
            projects=names.get(x.id, ()), origin=origins[x.report_id],
        )
        if status and row.status != status:
            continue
        if owner and not any(owner in o for o in (*row.owners, *row.co_owners)):
            continue
        out.append(row)
    return out


def list_issues(corpus: Corpus, *, status: str | None = None, project: str | None = None) -> list[IssueRow]:
    """The reported problems (问题), in report order, each with the sentence it sits in.

    Args:
        corpus: the open corpus.
        status: only issues with this status (``ISSUE_STATUSES``).
        project: only issues linked to this project (any of its names).
    """
    with corpus.engine.connect() as conn:
        facts = _facts(conn, "issue", project)
        origins = _origins(conn, (x.report_id for x in facts))
        names = _fact_projects(conn, (x.id for x in facts))
        out = []
        for x in facts:
            attrs = x.attrs or {}
            st = attrs.get("status") if attrs.get("status") in ISSUE_STATUSES else "unknown"
            if status and st != status:
                continue
            out.append(IssueRow(
                fact_id=x.id, text=x.text, status=st, projects=names.get(x.id, ()),
                sentence=_sentence(conn, x.report_id, x.paragraph, x.start_char),
                origin=origins[x.report_id],
            ))
    return out


def list_figures(corpus: Corpus, *, project: str) -> list[FigureRow]:
    """The figures about a project: those linked to it, and those in a sentence that names it.

    The recognisers put a project in a figure's attrs when the text says which project it describes; when
    they did not, a figure in the same sentence as a mention of the project is taken ("城南污水处理厂二期
    工程已完成投资1.2亿元"), or in the paragraph a heading-like mention opens ("（一）城南污水处理厂二期工程。
    项目已完成主体结构施工，累计完成投资1.8亿元。").

    Args:
        corpus: the open corpus.
        project: the project, any of its names.
    """
    f, fp = s.facts, s.fact_projects
    with corpus.engine.connect() as conn:
        ids = sorted(_project_ids(conn, project))
        linked = _facts(conn, "figure", project)
        # mentions of the project: their sentences, to take the figures written next to them
        mentions = conn.execute(
            sa.select(f.c.report_id, f.c.paragraph, f.c.start_char, f.c.end_char)
            .join(fp, fp.c.fact_id == f.c.id)
            .where(fp.c.project_id.in_(ids), f.c.report_id.in_(_current_reports()))
        ).all()
        spans: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        for m in mentions:
            para = _paragraph(conn, m.report_id, m.paragraph)
            if para is None:
                continue
            a, b, first = _sentence_span(para, m.start_char)
            if first and b - a <= HEADING_SENTENCE_CHARS:
                a, b = para.start_char, para.start_char + len(para.text)  # a heading: its whole paragraph
            spans[(m.report_id, m.paragraph)].append((a, b))
        nearby = [
            x for x in _facts(conn, "figure", None, report_ids={rid for rid, _ in spans})
            if any(a <= x.start_char < b for a, b in spans.get((x.report_id, x.paragraph), ()))
        ]
        seen: set[int] = set()
        facts = []
        for x in sorted([*linked, *nearby], key=lambda x: (x.report_id, x.start_char)):
            if x.id not in seen:
                seen.add(x.id)
                facts.append(x)
        origins = _origins(conn, (x.report_id for x in facts))
        names = _fact_projects(conn, (x.id for x in facts))
    return [
        FigureRow(
            fact_id=x.id, value=x.value, value_hi=x.value_hi, unit=x.unit, of=(x.attrs or {}).get("of"),
            text=x.text, projects=names.get(x.id, ()), origin=origins[x.report_id],
        )
        for x in facts
    ]


def list_projects(corpus: Corpus, *, region: str | None = None) -> list[ProjectRow]:
    """Every project of the registry mentioned by a current report, most reports first.

    Args:
        corpus: the open corpus.
        region: only projects of this region ("云溪县"; "" for those of unknown region).
    """
    p, a, fp, f = s.projects, s.project_aliases, s.fact_projects, s.facts
    with corpus.engine.connect() as conn:
        query = sa.select(p.c.id, p.c.name, p.c.region, p.c.first_seen, p.c.last_seen).order_by(p.c.id)
        if region is not None:
            query = query.where(p.c.region == region)
        projects = conn.execute(query).all()
        aliases: dict[int, list[str]] = defaultdict(list)
        for pid, alias in conn.execute(sa.select(a.c.project_id, a.c.alias).order_by(a.c.id)):
            aliases[pid].append(alias)
        mentions: dict[int, list[Any]] = defaultdict(list)
        rows = conn.execute(
            sa.select(fp.c.project_id, f.c.report_id, f.c.kind, f.c.paragraph, f.c.start_char, f.c.end_char)
            .join(f, f.c.id == fp.c.fact_id).where(f.c.report_id.in_(_current_reports()))
        )
        for row in rows:
            mentions[row.project_id].append(row)
        origins = _origins(conn, (m.report_id for ms in mentions.values() for m in ms))
        out = []
        for x in projects:
            ms = mentions.get(x.id)
            if not ms:
                continue
            # the latest report (by date, then as stored); in it a figure's sentence, else the first mention's
            latest_report = max({m.report_id for m in ms}, key=lambda rid: (origins[rid].date or "", rid))
            in_latest = sorted((m for m in ms if m.report_id == latest_report), key=lambda m: m.start_char)
            best = next((m for m in in_latest if m.kind == "figure"), in_latest[0])
            out.append(ProjectRow(
                id=x.id, name=x.name, region=x.region, aliases=tuple(al for al in aliases[x.id] if al != x.name),
                reports=len({m.report_id for m in ms}), first_seen=x.first_seen, last_seen=x.last_seen,
                latest=_sentence(conn, best.report_id, best.paragraph, best.start_char, expand_heading=True),
                latest_origin=origins[latest_report],
            ))
    out.sort(key=lambda r: (-r.reports, r.region, r.id))
    return out
