"""The project registry: every mention of a project, in any report, linked to one canonical project.

A report names the same project in several ways ("城南污水处理厂二期工程", "城南污水处理厂二期工程项目",
"城南污水厂二期").  Each name is *folded* (``fold_name``: simplified script, half width, no punctuation or
spaces, no trailing 项目 / 建设项目 / 工程) and then linked, in this order:

1. **exact**: a project of the same region already has that folded name as an alias;
2. **reviewed**: a person declared the name the same as an alias of a project of the region
   (``project_links_reviewed``; a pair declared *different* is never linked, whatever the score);
3. **fuzzy**: ``similarity`` >= ``FUZZY_CUTOFF`` with an alias of a project **of the same region** and the
   same numbers (一期 / 二期, 321国道 / 312国道 are different projects however alike the rest is);
4. otherwise a new project.

The region is the place of the report's issuer ("云溪县住建局" -> "云溪县"; the title's leading place when the
issuer is unknown, see ``region_of``).  A report without a known region links by exact name only, never by
fuzzy match, and never across regions by fuzzy match.

Only ``corpus.store`` calls this module, inside its transactions: linking happens in the same transaction as
the facts it links (``Corpus.add_document``), and ``Corpus.relink_projects`` rebuilds the whole registry.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from sqlalchemy.engine import Connection

from corpus import schema as s
from corpus.errors import CorpusError
from extract.model import FactKind

# Similarity (rapidfuzz ``fuzz.ratio`` of folded names, in [0, 1]) at or above which two names of the same region
# are the same project.  Measured with scripts/measure_linking.py on ../shared/seeds + ../shared/corpus: every
# pair of distinct projects of one region scoring >= 0.7 (22 pairs) is two different projects, the highest
# being 0.875 ("成渝高速公路扩容" / "成雅高速公路扩容") and 0.857 ("省医学科学院" / "省预防医学科学院"): in
# Chinese project names one changed character is usually another project.  0.9 lets through only a character
# more or less in a long name ("城南污水处理厂提标改造" / "城南区污水处理厂提标改造", 0.95).
FUZZY_CUTOFF = 0.9

# A trailing 项目 / 建设项目 / 工程 / 建设 (repeatable: "二期工程项目"): "城南污水处理厂二期工程项目" ->
# "城南污水处理厂二期"; "市民公园建设" -> "市民公园" (the recogniser's canonical names drop 建设 too)
NAME_SUFFIX = re.compile(r"(?:项目|工程|建设)+$")

# The numbers a name carries: 一期 / 二期, 321国道, 3号楼.  Two names whose numbers differ are never fuzzy-linked.
NAME_NUMBERS = re.compile(r"[0-9〇零一二三四五六七八九十百千两]+")

# One place name: a few characters and an administrative suffix ("云溪县", "内蒙古自治区", "白沙镇").  Not
# "全市" / "我县" / "本区" / "关于…" (no place).
PLACE = (
    r"(?:(?!关于|全|我|本|各|该|市|县|区)[\u4e00-\u9fff]{1,7}?"
    r"(?:自治区|自治州|自治县|特别行政区|省|市|县|区|旗|州|盟|镇|乡|街道))"
)
# The leading places of an issuer or title, after a leading year: "2025年湖北省政府工作报告" -> "湖北省",
# "某市某区发改局" -> "某市某区" (``region_of`` keeps the last, most local one: "某区")
REGION = re.compile(rf"^(?:\d{{4}}年(?:度)?)?(?P<places>{PLACE}+)")
PLACE_NAME = re.compile(PLACE)

# Facts whose attrs name a project: PROJECT (attrs name + aliases), the others (attrs project / projects).
LINKED_KINDS = (FactKind.PROJECT, FactKind.FIGURE, FactKind.ISSUE, FactKind.AGREED)


@functools.cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def fold_name(name: str) -> str:
    """A project name folded for matching: script, width, case, punctuation and a trailing 项目/工程 removed.

    Args:
        name: a project name as written.

    Returns:
        The key two names must share to be linked exactly; never empty for a non-empty name (a name that
        is only 项目 keeps it).

    Example:
        >>> fold_name("城南污水處理廠（二期）工程項目")
        '城南污水处理厂二期'
        >>> fold_name("ＸＸ大道 改造")
        'xx大道改造'
    """
    text = _t2s().convert(unicodedata.normalize("NFKC", name)).lower()
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith(("P", "Z", "S", "C")))
    stripped = NAME_SUFFIX.sub("", text)
    return stripped or text


def similarity(a: str, b: str, *, processor: Any = None, score_cutoff: float | None = None) -> float:
    """How alike two project names are, in [0, 1]; 0 when their numbers differ (一期 / 二期).

    Args:
        a: a name (folded with ``fold_name`` unless ``processor`` is given).
        b: another.
        processor: applied to both first, e.g. ``fold_name``.
        score_cutoff: below it the result is 0.

    Example:
        >>> round(similarity("城南污水处理厂提标改造", "城南区污水处理厂提标改造"), 3)
        0.957
        >>> similarity("滨河大道一期", "滨河大道二期")
        0.0
    """
    if processor is not None:
        a, b = processor(a), processor(b)
    if NAME_NUMBERS.findall(a) != NAME_NUMBERS.findall(b):
        return 0.0
    score = fuzz.ratio(a, b) / 100
    if score_cutoff is not None and score < score_cutoff:
        return 0.0
    return score


def region_of(issuer: str | None, title: str | None = None) -> str:
    """The region of a report: the leading place of its issuer, else of its title; "" when unknown.

    The most local place of a leading chain counts ("某市某区发改局" -> "某区"), so a district's reports
    share a region whether or not they name the city first.

    Example:
        >>> region_of("云溪县住建局")
        '云溪县'
        >>> region_of("丰宁市云溪区发展和改革局")
        '云溪区'
        >>> region_of(None, "2025年湖北省政府工作报告")
        '湖北省'
        >>> region_of("全市重点项目办", "关于重点项目的通报")
        ''
    """
    for text in (issuer, title):
        m = REGION.match(text or "")
        if m:
            return PLACE_NAME.findall(m["places"])[-1]
    return ""


def fact_project_names(kind: FactKind | str, attrs: dict[str, Any]) -> list[str]:
    """The project names a fact carries, first the main one.

    Example:
        >>> fact_project_names("agreed", {"project": "东环路", "projects": ["东环路", "西环路"]})
        ['东环路', '西环路']
    """
    kind = FactKind(kind)
    if kind == FactKind.PROJECT:
        names = [attrs.get("name"), *(attrs.get("aliases") or ())]
    elif kind in LINKED_KINDS:
        names = [attrs.get("project"), *(attrs.get("projects") or ())]
    else:
        return []
    return list(dict.fromkeys(n.strip() for n in names if isinstance(n, str) and n.strip()))


class InvalidReview(CorpusError):
    """A reviewed pair that cannot be recorded (not same / different, or one name twice)."""

    code = "E212"


@dataclass(frozen=True, slots=True)
class Link:
    """How one name was linked: to which project, by which rule, with which score."""

    project_id: int
    source: str  # exact | reviewed | fuzzy | new
    score: float | None = None


class Registry:
    """The projects of the database, loaded a region at a time, for linking within one transaction.

    Args:
        conn: the open transaction (``Corpus`` passes its own).
        score_cutoff: the fuzzy cutoff (default ``FUZZY_CUTOFF``).
    """

    def __init__(self, conn: Connection, *, score_cutoff: float = FUZZY_CUTOFF):
        self.conn = conn
        self.score_cutoff = score_cutoff
        self._regions: dict[str, dict[str, int]] = {}  # region -> alias key -> project id
        self._reviewed: dict[str, dict[str, str]] | None = None  # key -> other key -> same | different
        self._seen: dict[int, list[str]] = {}  # project id -> [first, last] dates, written by flush()

    # -- loading

    def _region(self, region: str) -> dict[str, int]:
        keys = self._regions.get(region)
        if keys is None:
            p, a = s.projects, s.project_aliases
            rows = self.conn.execute(
                sa.select(a.c.alias_key, a.c.project_id).join(p, p.c.id == a.c.project_id)
                .where(p.c.region == region).order_by(a.c.id)
            )
            keys = {}
            for key, pid in rows:
                keys.setdefault(key, pid)
            self._regions[region] = keys
        return keys

    def reviewed(self) -> dict[str, dict[str, str]]:
        """Every reviewed pair, both ways round: key -> other key -> decision."""
        if self._reviewed is None:
            t = s.project_links_reviewed
            pairs: dict[str, dict[str, str]] = defaultdict(dict)
            for a, b, decision in self.conn.execute(sa.select(t.c.key_a, t.c.key_b, t.c.decision)):
                pairs[a][b] = decision
                pairs[b][a] = decision
            self._reviewed = dict(pairs)
        return self._reviewed

    # -- matching

    def find(self, name: str, region: str) -> Link | None:
        """The project ``name`` belongs to in ``region``, or None (see the module docstring for the order)."""
        key = fold_name(name)
        keys = self._region(region)
        if key in keys:
            return Link(keys[key], "exact", 1.0)
        decided = self.reviewed().get(key, {})
        for other, decision in decided.items():
            if decision == "same" and other in keys:
                return Link(keys[other], "reviewed")
        if not region:
            # unknown region: an exact name that exactly one region knows, never a fuzzy match
            p, a = s.projects, s.project_aliases
            pids = set(self.conn.scalars(
                sa.select(a.c.project_id).join(p, p.c.id == a.c.project_id).where(a.c.alias_key == key)
            ))
            return Link(pids.pop(), "exact", 1.0) if len(pids) == 1 else None
        if not keys:
            return None
        for other, score, _ in process.extract(
            key, list(keys), scorer=fuzz.ratio, score_cutoff=self.score_cutoff * 100, limit=10
        ):
            if decided.get(other) == "different":
                continue
            if NAME_NUMBERS.findall(other) != NAME_NUMBERS.findall(key):
                continue
            return Link(keys[other], "fuzzy", round(score / 100, 4))
        return None

    # -- writing

    def create(self, name: str, region: str) -> int:
        now = dt.datetime.now(dt.timezone.utc)
        pid = self.conn.execute(
            s.projects.insert().values(name=name, name_key=fold_name(name), region=region, created_at=now)
        ).inserted_primary_key[0]
        return int(pid)

    def add_alias(self, project_id: int, alias: str, region: str, link: Link) -> None:
        """Record ``alias`` for the project unless it is already there."""
        a = s.project_aliases
        found = self.conn.scalar(sa.select(a.c.id).where(a.c.project_id == project_id, a.c.alias == alias))
        if found is None:
            source = "exact" if link.source == "new" else link.source
            self.conn.execute(a.insert().values(
                project_id=project_id, alias=alias, alias_key=fold_name(alias), source=source,
                score=link.score if source == "fuzzy" else None,
            ))
        self._region(region).setdefault(fold_name(alias), project_id)

    def link_names(self, names: list[str], region: str) -> int:
        """The project of one mention given as several spellings; created when none of them is known.

        The first name that links decides; every spelling becomes an alias of that project (a PROJECT fact's
        surface form "城南污水处理厂二期工程项目" of "城南污水处理厂二期工程").
        """
        link = next(filter(None, (self.find(name, region) for name in names)), None)
        if link is None:
            link = Link(self.create(names[0], region), "new")
        for name in names:
            self.add_alias(link.project_id, name, region, link)
        return link.project_id

    def seen(self, project_id: int, date: str | None) -> None:
        if not date:
            return
        span = self._seen.setdefault(project_id, [date, date])
        span[0], span[1] = min(span[0], date), max(span[1], date)

    def flush(self) -> None:
        """Write first_seen / last_seen of the projects seen since the last flush."""
        p = s.projects
        for pid, (first, last) in self._seen.items():
            row = self.conn.execute(sa.select(p.c.first_seen, p.c.last_seen).where(p.c.id == pid)).first()
            if row is None:
                continue
            first = min(filter(None, (row.first_seen, first)))
            last = max(filter(None, (row.last_seen, last)))
            self.conn.execute(sa.update(p).where(p.c.id == pid).values(first_seen=first, last_seen=last))
        self._seen.clear()


def link_reports(conn: Connection, report_ids: Iterable[int], *, registry: Registry | None = None) -> int:
    """Link the facts of these reports to projects (creating projects as needed); returns links written.

    Reports that repeat an earlier report of the same file are skipped: their facts would count twice.
    Facts already linked are left as they are.
    """
    reg = registry or Registry(conn)
    r, f, fp = s.reports, s.facts, s.fact_projects
    written = 0
    for report_id in report_ids:
        rep = conn.execute(
            sa.select(r.c.issuer, r.c.title, r.c.date, r.c.duplicate_of_report_id).where(r.c.id == report_id)
        ).first()
        if rep is None or rep.duplicate_of_report_id is not None:
            continue
        region = region_of(rep.issuer, rep.title)
        linked = set(conn.scalars(
            sa.select(fp.c.fact_id).join(f, f.c.id == fp.c.fact_id).where(f.c.report_id == report_id)
        ))
        rows = conn.execute(
            sa.select(f.c.id, f.c.kind, f.c.attrs)
            .where(f.c.report_id == report_id, f.c.kind.in_([k.value for k in LINKED_KINDS]))
            .order_by(f.c.position)
        ).all()
        # PROJECT facts first: their names are the ones the other facts refer to
        rows.sort(key=lambda x: x.kind != FactKind.PROJECT.value)
        values = []
        for fact_id, kind, attrs in rows:
            if fact_id in linked:
                continue
            names = fact_project_names(kind, attrs or {})
            if not names:
                continue
            if kind == FactKind.PROJECT.value:
                pairs = [(reg.link_names(names, region), names[0])]
            else:
                pairs = [(reg.link_names([name], region), name) for name in names]
            for pid, name in dict(reversed(pairs)).items():  # reversed: the first name wins
                values.append({"fact_id": fact_id, "project_id": pid, "name": name})
                reg.seen(pid, rep.date)
        if values:
            conn.execute(fp.insert(), values)
            written += len(values)
    reg.flush()
    return written


def link_document(conn: Connection, document_id: int) -> int:
    """Link the facts of every report of one document (``Corpus.add_document`` calls it)."""
    ids = conn.scalars(
        sa.select(s.reports.c.id).where(s.reports.c.document_id == document_id).order_by(s.reports.c.position)
    )
    return link_reports(conn, list(ids))


def relink_all(conn: Connection, *, score_cutoff: float = FUZZY_CUTOFF) -> int:
    """Rebuild the registry from the facts: projects, aliases and links are recomputed; reviewed pairs stay."""
    conn.execute(sa.delete(s.fact_projects))
    conn.execute(sa.delete(s.project_aliases))
    conn.execute(sa.delete(s.projects))
    ids = list(conn.scalars(sa.select(s.reports.c.id).order_by(s.reports.c.id)))
    return link_reports(conn, ids, registry=Registry(conn, score_cutoff=score_cutoff))


def review_pair(conn: Connection, alias_a: str, alias_b: str, decision: str, reviewer: str) -> None:
    """Record that two names are the same project or different ones (replacing an earlier decision).

    Raises:
        InvalidReview: ``decision`` is not same / different, or both names fold to the same name.
    """
    if decision not in ("same", "different"):
        raise InvalidReview(f"{alias_a} / {alias_b}", f"结论只能是 same 或 different，不是 {decision!r}")
    (ka, a), (kb, b) = sorted([(fold_name(alias_a), alias_a), (fold_name(alias_b), alias_b)])
    if ka == kb:
        raise InvalidReview(
            f"{alias_a} / {alias_b}", "两个名称去掉标点、繁简、项目/工程等后缀后相同，本来就按同一项目关联",
            "只需复核写法确实不同的两个名称",
        )
    t = s.project_links_reviewed
    conn.execute(sa.delete(t).where(t.c.key_a == ka, t.c.key_b == kb))
    conn.execute(t.insert().values(
        key_a=ka, key_b=kb, alias_a=a, alias_b=b, decision=decision, reviewer=reviewer,
        decided_at=dt.datetime.now(dt.timezone.utc),
    ))
