"""The corpus -> a template's context: figures, items, problems and progress of a period, each with its source.

``build_context(corpus, "half_year_summary", period=parse_period("2024H1"))`` returns the plain dict a
template reads (the shape of ``templates/<name>.sample.json``), already formatted with ``generate.filters``:
templates do no arithmetic.

Provenance.  Every figure shown is a ``{"text", "ref"}`` pair; ``sources[ref]`` says where it came from:
- a figure taken from a report is shown AS WRITTEN there ("4031万元"), with the report's title, date and the
  sentence that holds it, so the Word comment quotes a sentence that contains the figure;
- a figure duban derives (a count of rows, a rate it computes) has ``derivation`` (how it was computed) and
  ``sentence`` lists the sentences it was computed from.

Conflicts.  When reports disagree on a figure, the latest report wins (by the day its figures stand at, then
its date) and the disagreement is listed in ``conflicts`` — never averaged.  Figures that stand at an earlier
day (the May report's 1-5月 total beside the June report's 1-6月 total) are older news, not a conflict.

Recurring problems.  Until the dedupe tables exist, ``recurring`` comes from ``recurring_problems``: problem
texts of different reports whose jieba tokens overlap (rapidfuzz ``token_set_ratio`` >= 80 with at least
three shared words).  Swap that one function for the dedupe groups when they land.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from corpus.queries import FactRow, ParagraphRow, PeriodReport, facts_of, paragraphs_of, reports_in_period
from corpus.store import Corpus
from extract.pipeline import get_jieba
from generate.filters import cn_date, cn_numeral, cn_percent
from generate.render import GenerateError

KINDS = {
    "half-year": "half_year_summary",
    "annual": "annual_summary",
    "speech": "speech",
    "bulletin": "supervision_bulletin",
    "ledger": "agreed_item_ledger",
}


class BadPeriod(GenerateError):
    code = "E304"


class NoReports(GenerateError):
    code = "E305"


# ------------------------------------------------------------------ periods

@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: ISO first and last day, and how official prose names it."""

    start: str
    end: str
    label: str  # 上半年, 三季度, 全年, 1-6月, 5月
    year: int
    title_label: str  # 2024年上半年, 2024年第三季度, 2024年, 2024年1-6月


_HALF = re.compile(r"^(\d{4})\s*[Hh]([12])$")  # 2023H1
_QUARTER = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")  # 2023Q3
_YEAR = re.compile(r"^(\d{4})$")  # 2023
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")  # 2023-05
_RANGE = re.compile(r"^(\d{4})-(\d{1,2})\s*\.\.\s*(\d{4})-(\d{1,2})$")  # 2023-01..2023-06

PERIOD_EXAMPLES = "2023H1、2023H2、2023Q3、2023、2023-01..2023-06、2023-05"


def _last_day(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _months(year: int, m0: int, m1: int) -> Period:
    label = f"{m0}月" if m0 == m1 else f"{m0}-{m1}月"
    return Period(f"{year:04d}-{m0:02d}-01", _last_day(year, m1), label, year, f"{year}年{label}")


def parse_period(text: str) -> Period:
    """Parse a period as the CLI takes it.

    Example:
        >>> parse_period("2024H1")
        Period(start='2024-01-01', end='2024-06-30', label='上半年', year=2024, title_label='2024年上半年')
        >>> parse_period("2023-01..2023-06").label
        '1-6月'

    Raises:
        BadPeriod: the text is none of the forms above (the message lists them).
    """
    t = (text or "").strip()
    if m := _HALF.match(t):
        y, h = int(m[1]), int(m[2])
        label = "上半年" if h == 1 else "下半年"
        p = _months(y, 1, 6) if h == 1 else _months(y, 7, 12)
        return Period(p.start, p.end, label, y, f"{y}年{label}")
    if m := _QUARTER.match(t):
        y, q = int(m[1]), int(m[2])
        p = _months(y, 3 * q - 2, 3 * q)
        label = f"{cn_numeral(q)}季度"
        return Period(p.start, p.end, label, y, f"{y}年第{cn_numeral(q)}季度")
    if m := _YEAR.match(t):
        y = int(m[1])
        return Period(f"{y:04d}-01-01", f"{y:04d}-12-31", "全年", y, f"{y}年")
    if m := _MONTH.match(t):
        y, mo = int(m[1]), int(m[2])
        if 1 <= mo <= 12:
            return _months(y, mo, mo)
    if m := _RANGE.match(t):
        y0, m0, y1, m1 = (int(x) for x in m.groups())
        if y0 == y1 and 1 <= m0 <= m1 <= 12:
            return _months(y0, m0, m1)
        raise BadPeriod(
            f"时段 {text!r} 无效：起止月份须在同一年内且起始不晚于结束",
            f"可写作 {PERIOD_EXAMPLES}",
        )
    raise BadPeriod(f"无法识别的时段 {text!r}", f"--period 可写作 {PERIOD_EXAMPLES}")


# ------------------------------------------------------------------ sources

def _display(sentence: str) -> str:
    # table rows are stored with tabs between cells: show them as a reader would see them
    return re.sub(r"\s*\t\s*", "  ", sentence).strip()


@dataclass
class Sources:
    """Hands out refs (F1, F2 …) for figures and remembers where each came from."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    _by_fact: dict[tuple[int, int, str], str] = field(default_factory=dict)

    def _next(self) -> str:
        return f"F{len(self.entries) + 1}"

    def fact(self, f: FactRow, shown: str | None = None) -> dict[str, str]:
        """Cite a report's figure (or text) as written: ``shown`` must be a part of the sentence."""
        text = shown if shown is not None else f.text
        key = (f.report_id, f.sentence_start, text)
        ref = self._by_fact.get(key)
        if ref is None:
            ref = self._next()
            self._by_fact[key] = ref
            self.entries[ref] = {
                "title": f.report_title,
                "date": cn_date(f.report_date) if f.report_date else "",
                "sentence": _display(f.sentence),
            }
        return {"text": text, "ref": ref}

    def derived(self, text: str, derivation: str, basis: Iterable[FactRow] = ()) -> dict[str, str]:
        """Cite a figure duban computed: how, and the sentences it was computed from."""
        ref = self._next()
        if text not in derivation:  # the comment must name the figure it explains
            derivation = f"{derivation} = {text}"
        quoted = []
        for f in basis:
            q = f"《{f.report_title}》：“{_display(f.sentence)}”"
            if q not in quoted:
                quoted.append(q)
        self.entries[ref] = {
            "title": "duban 推算",
            "date": "",
            "sentence": "；".join(quoted),
            "derivation": derivation,
        }
        return {"text": text, "ref": ref}


def _source_label(f: FactRow) -> str:
    return f"《{f.report_title}》" + (f"（{cn_date(f.report_date)}）" if f.report_date else "")


# ------------------------------------------------------------------ picking figures

_AGGREGATE = re.compile(r"重点项目|全[县市区省州旗]")  # "全县重点项目累计完成投资33.6亿元"
_TARGET = re.compile(r"确保|力争|计划完成|目标是|争取")  # "确保前三季度累计完成投资占年度计划的80%以上"
_CUMULATIVE = re.compile(r"累计|共")
_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]是)")


def _of(f: FactRow) -> str:
    return str(f.attrs.get("of") or "")


def _prefix(f: FactRow, width: int = 8) -> str:
    """The words just before the figure in its sentence ("累计新开工" before "12个")."""
    i = f.sentence.find(f.text)
    return f.sentence[max(0, i - width) : i] if i >= 0 else ""


@dataclass(frozen=True, slots=True)
class Cue:
    """Which FIGURE facts speak of one quantity."""

    what: str  # 完成投资 … (named in conflicts)
    unit: str
    of: re.Pattern[str]
    exclude: re.Pattern[str] | None = None
    need_cumulative: bool = False
    prefer_cumulative: bool = False


CUES: dict[str, Cue] = {
    # "全县共安排重点项目48个"
    "project_count": Cue("重点项目个数", "个", re.compile(r"重点项目"), re.compile(r"类|未|开工|竣工")),
    # "总投资215.6亿元"
    "planned_total": Cue("项目总投资", "元", re.compile(r"总投资$")),
    # "年度计划投资62.3亿元" / "占年度计划62.3亿元的53.9%"
    "planned_annual": Cue("年度计划投资", "元", re.compile(r"年度计划")),
    # "1-6月累计完成投资33.6亿元"
    "completed": Cue("累计完成投资", "元", re.compile(r"完成投资"), need_cumulative=True),
    # "占年度计划的53.9%"
    "share": Cue("完成投资占年度计划比例", "%", re.compile(r"占年度计划")),
    # "累计新开工12个"
    "started": Cue("新开工项目个数", "个", re.compile(r"开工"), re.compile(r"未开工|计划新开工"), prefer_cumulative=True),
    # "开工率85.7%"
    "start_rate": Cue("开工率", "%", re.compile(r"开工率")),
    # "累计竣工5个"
    "completed_projects": Cue("竣工项目个数", "个", re.compile(r"竣工"), prefer_cumulative=True),
    # "推进会确定的5项议定事项中"
    "items_total": Cue("议定事项数", "项", re.compile(r"议定事项"), re.compile(r"未")),
    # "已办结2项"
    "items_done": Cue("已办结议定事项数", "项", re.compile(r"办结"), re.compile(r"未")),
    # "办结率81.3%"
    "items_rate": Cue("议定事项办结率", "%", re.compile(r"办结率")),
}


@dataclass(frozen=True, slots=True)
class Picked:
    fact: FactRow
    conflict: dict[str, Any] | None


def _matches(f: FactRow, cue: Cue, project_names: Sequence[str]) -> bool:
    if f.value is None or (f.unit or "") != cue.unit:
        return False
    of = _of(f)
    before = _prefix(f)
    if not cue.of.search(of) and not cue.of.search(before):
        return False
    if cue.exclude and (cue.exclude.search(of) or cue.exclude.search(before)):
        return False
    if not _AGGREGATE.search(f.paragraph_text):
        return False
    upto = f.sentence[: max(0, f.sentence.find(f.text))]
    if _TARGET.search(upto):
        return False
    if any(n and n in f.sentence for n in project_names):
        return False
    if cue.need_cumulative and not _CUMULATIVE.search(of + before):
        return False
    return True


def pick_figure(
    facts: Sequence[FactRow], key: str, *, project_names: Sequence[str] = ()
) -> Picked | None:
    """The figure of the latest report for one quantity, and the disagreement if reports differ.

    Within a report a cumulative figure ("累计新开工12个") beats a monthly one ("新开工项目3个") where the cue
    prefers it; across reports the one standing at the latest day wins (then the later report).  Reports
    standing at the same day with another value are the conflict.

    Example:
        >>> p = pick_figure(facts, "completed")                       # doctest: +SKIP
        >>> p.fact.text, p.conflict
        ('33.6亿元', None)
    """
    cue = CUES[key]
    cands = [f for f in facts if _matches(f, cue, project_names)]
    if not cands:
        return None
    best_per_report: dict[int, FactRow] = {}
    for f in cands:
        cur = best_per_report.get(f.report_id)
        if cur is None:
            best_per_report[f.report_id] = f
        elif cue.prefer_cumulative and _CUMULATIVE.search(_of(f) + _prefix(f)) and not _CUMULATIVE.search(
            _of(cur) + _prefix(cur)
        ):
            best_per_report[f.report_id] = f
    ranked = sorted(
        best_per_report.values(), key=lambda f: (f.report_as_of or "", f.report_date or "", f.report_id)
    )
    chosen = ranked[-1]
    others = [
        f for f in ranked[:-1] if f.report_as_of == chosen.report_as_of and (f.value, f.value_hi) != (chosen.value, chosen.value_hi)
    ]
    conflict = None
    if others:
        conflict = {
            "what": cue.what,
            "chosen": {"value": chosen.text, "source": _source_label(chosen)},
            "others": [{"value": f.text, "source": _source_label(f)} for f in others],
        }
    return Picked(chosen, conflict)


# ------------------------------------------------------------------ the pieces of a context

_REGION = re.compile(r"^(.{1,8}?(?:自治州|自治县|[省市县区州旗]))")  # "云溪县重点项目建设推进办公室" -> 云溪县
_SUPERVISION_OFFICE = re.compile(r"([^\s，。、]{2,20}督查室)\s*$", re.M)  # sign-off "云溪县委县政府督查室"
_PROGRESS_SECTION = re.compile(r"进展|进度")  # "二、重点项目进展"
_PROJECT_PARA = re.compile(r"^[（(][一二三四五六七八九十]+[）)](.{2,40}?)。(.+)$", re.S)  # "（一）城东污水处理厂…。正文"
_PROGRESS_CUE = re.compile(r"开工|完成|竣工|推进|进度|%|施工|吊装|封顶|到位|上报|并网|具备")
_SENT = re.compile(r"[^。！？；]+[。！？；]?")
_GENERIC_OWNER = re.compile(r"^各")  # "各责任单位要按照议定事项明确的时限抓好落实": a requirement, not an item
_FRAGMENT_END = re.compile(r"[中里内上下前后，、]$")  # "未开工项目前期工作清单中": a cut-off clause
_MEASURE = re.compile(r"牵头|负责|督促|实行|建立|开展|要求")  # "督查室将对进度滞后项目实行……"
_DONE = re.compile(r"办结|已完成|全部完成|已拨付|已落实")


def _region_of(reports: Sequence[PeriodReport], region: str | None) -> str:
    if region:
        return region
    for r in reversed(reports):
        for text in (r.issuer or "", r.title):
            if m := _REGION.match(text):
                return m[1]
    return ""


def _project_names(facts: Sequence[FactRow]) -> list[str]:
    names = {str(f.attrs.get("name") or f.text) for f in facts if f.kind == "project"}
    return sorted((n for n in names if len(n) >= 4), key=len, reverse=True)


def _ratio_text(num: float, den: float) -> str:
    return cn_percent(num * 100 / den)


def _overview(facts, sources: Sources, conflicts: list, scope: str) -> dict[str, Any]:
    names = _project_names(facts)

    def get(key: str) -> Picked | None:
        p = pick_figure(facts, key, project_names=names)
        if p and p.conflict:
            conflicts.append(p.conflict)
        return p

    count, started, rate, done = get("project_count"), get("started"), get("start_rate"), get("completed_projects")
    start_rate = sources.fact(rate.fact) if rate else None
    if start_rate is None and count and started and count.fact.value:
        start_rate = sources.derived(
            _ratio_text(started.fact.value, count.fact.value),
            f"开工率 = 已开工项目{started.fact.text} ÷ 重点项目{count.fact.text}",
            [started.fact, count.fact],
        )
    return {
        "scope": scope,
        "project_count": int(count.fact.value) if count else 0,
        "project_count_cite": sources.fact(count.fact) if count else None,
        "started": int(started.fact.value) if started else 0,
        "started_cite": sources.fact(started.fact) if started else None,
        "start_rate": start_rate,
        "completed": int(done.fact.value) if done else 0,
        "completed_cite": sources.fact(done.fact) if done else None,
    }


def _investment(facts, sources: Sources, conflicts: list) -> dict[str, Any]:
    names = _project_names(facts)
    got = {}
    for key in ("planned_total", "planned_annual", "completed", "share"):
        p = pick_figure(facts, key, project_names=names)
        if p and p.conflict:
            conflicts.append(p.conflict)
        got[key] = p
    share = sources.fact(got["share"].fact) if got["share"] else None
    if share is None and got["completed"] and got["planned_annual"] and got["planned_annual"].fact.value:
        c, a = got["completed"].fact, got["planned_annual"].fact
        share = sources.derived(
            _ratio_text(c.value, a.value), f"完成投资{c.text} ÷ 年度计划投资{a.text}", [c, a]
        )
    return {
        "planned_total": sources.fact(got["planned_total"].fact) if got["planned_total"] else None,
        "planned_annual": sources.fact(got["planned_annual"].fact) if got["planned_annual"] else None,
        "completed": sources.fact(got["completed"].fact) if got["completed"] else None,
        "share": share,
    }


def _cite_sentence_part(f: FactRow, text: str, sources: Sources) -> str:
    """A quoted piece of a report (a problem, an item) as a cited run: "〖text|F3〗" (see generate.markup)."""
    clean = text.replace("|", "｜").replace("〖", "").replace("〗", "").strip().rstrip("。；，、")
    c = sources.fact(f, clean)
    return f"〖{c['text']}|{c['ref']}〗"


def _progress(
    reports: Sequence[PeriodReport], paragraphs: Sequence[ParagraphRow], sources: Sources
) -> list[dict[str, Any]]:
    """The latest progress of each project named in a report's 项目进展 section, latest report first."""
    by_report: dict[int, list[ParagraphRow]] = {}
    for p in paragraphs:
        by_report.setdefault(p.report_id, []).append(p)
    seen: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for rep in sorted(reports, key=lambda r: (r.date or "", r.id), reverse=True):
        in_section = False
        for para in by_report.get(rep.id, []):
            if para.level == 1:
                in_section = bool(_PROGRESS_SECTION.search(para.text))
                continue
            if not in_section:
                continue
            m = _PROJECT_PARA.match(para.text.strip())
            if not m:
                continue
            name = m[1].strip()
            key = re.sub(r"(建设)?(工程|项目)$", "", name)
            if any(key in k or k in key for k in seen):
                continue
            body_start = para.text.find(m[2]) + para.start
            parts = []
            for sm in _SENT.finditer(rep.text, body_start, para.end):
                sent = sm[0].strip()
                if sent and _PROGRESS_CUE.search(sent):
                    fake = _sentence_fact(rep, para, sm.start(), sent)
                    parts.append(_cite_sentence_part(fake, sent, sources))
            if parts:
                seen[key] = {"project": name, "text": "。".join(parts)}
                order.append(key)
    # the newest report's order reads best (it is how the office lists its projects)
    return [seen[k] for k in order]


def _progress_by_name(
    reports: Sequence[PeriodReport], facts: Sequence[FactRow], sources: Sources
) -> list[dict[str, Any]]:
    """Reports without a 项目进展 section: for each project the recognisers found, the latest sentence that
    names it and says how far it got ("城南污水处理厂二期工程主体结构已完成80%")."""
    latest: dict[str, FactRow] = {}
    for f in facts:  # facts come oldest report first: a later sentence replaces an earlier one
        if f.kind != "project":
            continue
        name = str(f.attrs.get("name") or f.text)
        if len(name) >= 4 and _PROGRESS_CUE.search(f.sentence) and not _TARGET.search(f.sentence):
            latest[name] = f
    # one entry per project: a short name inside a longer one ("智慧物流园" in "云溪智慧物流园") is the same
    names = sorted(latest, key=len, reverse=True)
    kept = [n for i, n in enumerate(names) if not any(n in m for m in names[:i])]
    out = []
    for name in sorted(kept, key=lambda n: (latest[n].report_id, latest[n].start, latest[n].id)):
        f = latest[name]
        out.append({"project": name, "text": _cite_sentence_part(f, f.sentence, sources)})
    return out


def _sentence_fact(rep: PeriodReport, para: ParagraphRow, start: int, sentence: str) -> FactRow:
    """A sentence of a report as a citable row (progress sentences are quoted whole)."""
    return FactRow(
        id=0, report_id=rep.id, report_title=rep.title, report_date=rep.date, report_as_of=rep.as_of,
        kind="sentence", text=sentence, paragraph=para.position, start=start, end=start + len(sentence),
        attrs={}, value=None, value_hi=None, unit=None, sentence=sentence, sentence_start=start,
        paragraph_text=para.text, paragraph_start=para.start,
    )


def _meetings(reports, facts, period: Period, sources: Sources) -> dict[str, Any]:
    dated: dict[str, FactRow] = {}
    for f in facts:
        if f.kind != "meeting":
            continue
        day = str(f.attrs.get("date") or "")
        if day and period.start <= day <= period.end and day not in dated:
            dated[day] = f
    if not dated:
        return {"count": 0, "count_cite": None, "names": []}
    rows = [dated[d] for d in sorted(dated)]
    names = [str(f.attrs.get("name") or f.text).strip() for f in rows]
    detail = "、".join(f"{n}（{cn_date(d)}）" for n, d in zip(names, sorted(dated), strict=True))
    count = len(rows)
    cite = sources.derived(f"{count}次", f"按报告中注明日期的会议逐次计数，共{count}次：{detail}", rows)
    return {"count": count, "count_cite": cite, "names": names}


@dataclass
class Item:
    fact: FactRow
    text: str  # the item as written (a following clause of the same sentence joined on)
    owner: str
    co_owners: str
    deadline: str
    deadline_iso: str | None
    status: str  # done | overdue | in_progress
    evidence: FactRow | None = None


def _agreed_items(reports, facts, as_of: str | None) -> list[Item]:
    """The 议定事项 of the period: from meeting minutes when there are any (other reports' 要…/确保… clauses are
    work plans, not decisions), each with its status checked against later reports."""
    agreed = [f for f in facts if f.kind == "agreed"]
    minutes = {r.id for r in reports if r.kind == "meeting_minutes"}
    if minutes:
        agreed = [f for f in agreed if f.report_id in minutes]
    items: list[Item] = []
    for f in agreed:
        owners = [str(o) for o in f.attrs.get("owner") or []]
        if f.paragraph_text.lstrip().startswith("会议要求") or (owners and _GENERIC_OWNER.match(owners[0])):
            continue
        prev = items[-1] if items else None
        if not owners and prev and prev.fact.report_id == f.report_id and prev.fact.sentence_start == f.sentence_start:
            # "由城东街道牵头……6月25日前完成……清理，确保7月初施工单位全面进场": one decision, one item
            a, b = prev.fact.start, f.end
            whole = f.sentence[a - f.sentence_start : b - f.sentence_start] if a >= f.sentence_start else prev.text
            prev.text = whole
            continue
        items.append(
            Item(
                fact=f, text=f.text, owner="、".join(owners),
                co_owners="、".join(str(o) for o in f.attrs.get("co_owners") or []),
                deadline=str(f.attrs.get("deadline") or ""), deadline_iso=f.attrs.get("deadline_iso"),
                status="done" if f.attrs.get("status") == "done" else (
                    "in_progress" if f.attrs.get("status") == "in_progress" else "open"
                ),
            )
        )
    # Later reports close items: a clause that names the item's owner, says 办结/已完成, and shares a
    # phrase of at least 4 characters with the item ("城东街道于6月24日完成……剩余12户房屋征收，议定事项按期办结").
    later = [f for f in facts if f.kind in ("figure", "issue", "agreed", "org", "date", "project")]
    clauses = _later_clauses(reports, later)
    for it in items:
        if it.status == "done":
            continue
        for rep_id, clause, row in clauses:
            if rep_id == it.fact.report_id or not it.owner:
                continue
            if it.owner.split("、")[0] in clause and _DONE.search(clause) and _shared(it.text, clause) >= 4:
                it.status, it.evidence = "done", row
                break
        if it.status != "done" and it.deadline_iso and as_of and it.deadline_iso < as_of:
            it.status = "overdue"
    return items


def _later_clauses(reports, facts) -> list[tuple[int, str, FactRow]]:
    out = []
    seen = set()
    for f in facts:
        key = (f.report_id, f.sentence_start)
        if key in seen:
            continue
        seen.add(key)
        for clause in re.split(r"[；;]", f.sentence):
            if clause.strip():
                out.append((f.report_id, clause, f))
    return out


def _shared(a: str, b: str) -> int:
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size


_STATUS_LABEL = {"done": "已办结", "overdue": "已逾期", "in_progress": "正在推进", "open": "正在推进"}


def _items(items: list[Item], facts, sources: Sources, conflicts: list) -> dict[str, Any]:
    total = pick_figure(facts, "items_total")
    done = pick_figure(facts, "items_done")
    rate = pick_figure(facts, "items_rate")
    for p in (total, done, rate):
        if p and p.conflict:
            conflicts.append(p.conflict)
    n_done_rows = sum(it.status == "done" for it in items)
    basis = [it.fact for it in items]
    if total:
        total_n, total_cite = int(total.fact.value), sources.fact(total.fact)
    elif items:
        total_n = len(items)
        total_cite = sources.derived(f"{total_n}项", f"会议纪要所列议定事项逐项计数，共{total_n}项", basis)
    else:
        total_n, total_cite = 0, None
    if done:
        done_n, done_cite = int(done.fact.value), sources.fact(done.fact)
    elif items:
        done_n = n_done_rows
        evid = [it.evidence for it in items if it.evidence] or basis
        done_cite = sources.derived(f"{done_n}项", f"据后续报告逐项核对办理情况，已办结{done_n}项", evid)
    else:
        done_n, done_cite = 0, None
    if rate:
        rate_cite = sources.fact(rate.fact)
    elif total_n and done_n:
        used = [p.fact for p in (done, total) if p]
        rate_cite = sources.derived(
            _ratio_text(done_n, total_n), f"办结率 = 已办结{done_n}项 ÷ 议定事项{total_n}项", used or basis
        )
    else:
        rate_cite = None
    open_rows = []
    for it in items:
        if it.status == "done":
            continue
        summary = _cite_sentence_part(it.fact, it.text, sources)
        if not it.owner:
            summary += "（责任单位待明确）"
        if it.status == "overdue":
            summary += "（已超过办理时限）"
        open_rows.append(
            {"summary": summary, "text": it.text, "owner": it.owner, "deadline": it.deadline, "status": it.status}
        )
    return {
        "total": total_n, "total_cite": total_cite, "done": done_n, "done_cite": done_cite, "rate": rate_cite,
        "open": open_rows,
    }


# ------------------------------------------------------------------ problems

def _words(text: str) -> list[str]:
    return [w for w in get_jieba().lcut(re.sub(r"[^\w%]", " ", text)) if w.strip()]


def recurring_problems(
    issues: Sequence[FactRow], *, score_cutoff: float = 80, min_shared: int = 3
) -> list[list[FactRow]]:
    """Group problem texts that say the same thing (a stand-in for the dedupe tables).

    Two texts are one problem when rapidfuzz's ``token_set_ratio`` over their jieba words is at least
    ``score_cutoff`` and they share at least ``min_shared`` words; groups are closed transitively.

    Example:
        >>> [len(g) for g in recurring_problems(issues)]             # doctest: +SKIP
        [4, 1, 1]
    """
    from rapidfuzz import fuzz

    words = [_words(f.text) for f in issues]
    parent = list(range(len(issues)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(issues)):
        for j in range(i + 1, len(issues)):
            shared = set(words[i]) & set(words[j])
            if len(shared) < min_shared:
                continue
            if fuzz.token_set_ratio(" ".join(words[i]), " ".join(words[j]), score_cutoff=score_cutoff):
                parent[find(j)] = find(i)
    groups: dict[int, list[FactRow]] = {}
    for i, f in enumerate(issues):
        groups.setdefault(find(i), []).append(f)
    return list(groups.values())


def _is_headline(f: FactRow) -> bool:
    """"（一）项目用地问题仍未解决。" — the problem an outline item is about."""
    return f.start - f.paragraph_start <= 6 and bool(_MARKER.match(f.paragraph_text))


def _problems(reports, facts, sources: Sources, *, group: Callable = recurring_problems):
    # "关于……问题" is a minutes heading; "县发改局牵头建立……清单" is a measure the recogniser took for a problem
    issues = [f for f in facts if f.kind == "issue" and not f.text.startswith("关于") and not _MEASURE.search(f.text)]
    headlines = [f for f in issues if _is_headline(f) and f.attrs.get("status") != "unknown"]
    groups = group(headlines)
    n_reports = len({f.report_id for f in headlines})
    total = len(groups)
    resolved = sum(
        1 for g in groups if max(g, key=lambda f: (f.report_date or "", f.report_id)).attrs.get("status") == "resolved"
    )
    latest_id = max(((f.report_date or "", f.report_id) for f in headlines), default=("", None))[1]
    open_rows = [
        {"text": _cite_sentence_part(f, f.text, sources), "project": str(f.attrs.get("project") or "")}
        for f in headlines
        if f.report_id == latest_id and f.attrs.get("status") != "resolved"
    ]
    total_cite = (
        sources.derived(
            f"{total}个",
            f"汇总{n_reports}份报告“存在的问题”部分列出的问题，表述相近的合并计为一个，共{total}个",
            headlines,
        )
        if total
        else None
    )
    recurring = []
    all_groups = group([f for f in issues if f.attrs.get("status") != "unknown"])
    for g in all_groups:
        rep_ids = {f.report_id for f in g}
        if len(rep_ids) < 2:
            continue
        g = sorted(g, key=lambda f: (f.report_date or "", f.report_id))
        # say it as an outline item said it; a clause cut off at a localiser ("……清单中") is no name for it
        named = [f for f in g if _is_headline(f)] or [f for f in g if not _FRAGMENT_END.search(f.text)]
        if not named:
            continue
        shortest = min(named, key=lambda f: len(f.text))
        # a name for the problem, not the whole clause: "征收完成后施工单位进场组织不力，机械和人员投入不足" -> its head
        head = shortest.text.split("，")[0]
        label = head if len(head) >= 6 else shortest.text
        titles = "、".join(dict.fromkeys(f"《{f.report_title}》" for f in g))
        recurring.append(
            {
                "text": _cite_sentence_part(shortest, label, sources),
                "count": len(rep_ids),
                "count_cite": sources.derived(
                    f"{len(rep_ids)}份", f"表述相近的问题（rapidfuzz 词集相似度≥80）出现在{titles}，共{len(rep_ids)}份报告", g
                ),
                "first_seen": g[0].report_date or "",
                "last_seen": g[-1].report_date or "",
                "still_open": g[-1].attrs.get("status") != "resolved",
            }
        )
    return (
        {"total": total, "total_cite": total_cite, "resolved": resolved, "open_count": total - resolved,
         "open": open_rows},
        recurring,
    )


# ------------------------------------------------------------------ ranking (红黑榜)

_TABLE_HEADER = re.compile(r"完成率")


def _ranking(reports, paragraphs, facts, sources: Sources) -> dict[str, Any]:
    """Projects ranked by the completion rate a report's table gives (the latest report that has one)."""
    by_para = {}
    for f in facts:
        if f.kind == "figure" and f.unit == "%":
            by_para.setdefault((f.report_id, f.paragraph), []).append(f)
    for rep in sorted(reports, key=lambda r: (r.date or "", r.id), reverse=True):
        paras = [p for p in paragraphs if p.report_id == rep.id]
        rows = []
        col = None
        for p in paras:
            cells = p.text.split("\t")
            if col is None:
                if len(cells) > 2 and _TABLE_HEADER.search(p.text):
                    col = next(i for i, c in enumerate(cells) if _TABLE_HEADER.search(c))
                continue
            if len(cells) <= col:
                break
            rate = next((f for f in by_para.get((rep.id, p.position), []) if f.text == cells[col].strip()), None)
            if rate is not None:
                rows.append((cells[0].strip(), rate))
        if len(rows) >= 2:
            rows.sort(key=lambda r: -(r[1].value or 0))
            k = min(3, len(rows) // 2)
            ranked = [{"rank": i + 1, "name": n, "rate": sources.fact(f)} for i, (n, f) in enumerate(rows)]
            basis = f"数据取自{_source_label(rows[0][1])}所列各项目完成率。"
            return {"basis": basis, "red": ranked[:k], "black": ranked[-k:]}
    return {"basis": "", "red": [], "black": []}


# ------------------------------------------------------------------ the whole context

def _ledger(items: list[Item], sources: Sources) -> tuple[list[dict[str, Any]], dict[str, int]]:
    rows = []
    for it in items:
        rows.append(
            {
                "text": {**sources.fact(it.fact, it.text.strip().rstrip("。；，"))},
                "owner": it.owner,
                "co_owners": it.co_owners,
                "deadline": it.deadline,
                "status_label": _STATUS_LABEL[it.status],
                "source": it.fact.report_title,
            }
        )
    summary = {
        "done": sum(it.status == "done" for it in items),
        "in_progress": sum(it.status in ("in_progress", "open") for it in items),
        "open": 0,
        "overdue": sum(it.status == "overdue" for it in items),
    }
    return rows, summary


def build_context(
    corpus: Corpus,
    template: str,
    *,
    period: Period,
    region: str | None = None,
    date: str | None = None,
    speaker: str = "×××",
) -> dict[str, Any]:
    """The context of one template for a period, from the corpus.

    Args:
        template: a bundled template name (``half_year_summary`` …) or a CLI kind (``half-year`` …); a user
            template gets the union of all keys (use the name of the bundled one it follows).
        period: from ``parse_period``.
        region: keep reports whose title or issuer names it ("云溪县"); also the name used in titles.
        date: the document's date (ISO); default the date of the newest report used.
        speaker: who gives the speech (the reports do not say; "×××" for the drafter to fill in).

    Raises:
        NoReports: no report of the corpus falls in the period (the message says which periods there are).
    """
    template = KINDS.get(template, template)
    reports = reports_in_period(corpus, period.start, period.end, region=region)
    if not reports:
        raise NoReports(
            f"数据库中没有 {period.title_label}（{period.start} 至 {period.end}）"
            + (f"、{region}" if region else "") + " 的报告",
            "用 duban reports 查看库中报告的日期，再换一个 --period（如 2024H1）" + ("或去掉 --region" if region else ""),
        )
    facts = facts_of(corpus, reports)
    paragraphs = paragraphs_of(corpus, [r.id for r in reports])
    sources = Sources()
    conflicts: list[dict[str, Any]] = []
    place = _region_of(reports, region)
    scope = place[-1] if place else "县"
    dates = [r.date for r in reports if r.date]
    as_of = max(dates) if dates else None
    doc_date = cn_date(date or as_of or period.end)
    issuer = next((r.issuer for r in reversed(reports) if r.issuer), None) or f"{place}重点项目建设办公室"

    items = _agreed_items(reports, facts, as_of)
    ctx: dict[str, Any] = {}
    if template == "agreed_item_ledger":
        rows, summary = _ledger(items, sources)
        ctx["doc"] = {"title": f"{place}重点项目推进会议定事项台账", "date": cn_date(as_of or period.end),
                      "issuer": issuer}
        ctx["ledger"], ctx["summary"] = rows, summary
    else:
        ctx["overview"] = _overview(facts, sources, conflicts, scope)
        ctx["investment"] = _investment(facts, sources, conflicts)
        ctx["progress"] = _progress(reports, paragraphs, sources) or _progress_by_name(reports, facts, sources)
        ctx["meetings"] = _meetings(reports, facts, period, sources)
        ctx["items"] = _items(items, facts, sources, conflicts)
        ctx["problems"], ctx["recurring"] = _problems(reports, facts, sources)
        if template == "supervision_bulletin":
            office = None
            for r in reversed(reports):
                if r.kind == "supervision_bulletin" and (m := _SUPERVISION_OFFICE.search(r.text[-200:])):
                    office = m[1]
                    break
            ctx["ranking"] = _ranking(reports, paragraphs, facts, sources)
            ctx["doc"] = {
                "title": f"关于{period.title_label}重点项目推进情况的督查通报",
                "issuer": office or issuer, "date": doc_date, "period_label": period.label,
            }
        elif template == "speech":
            ctx["doc"] = {
                "title": f"在{place}重点项目建设推进会上的讲话", "speaker": speaker, "date": doc_date,
                "meeting": f"{place}重点项目建设推进会", "period_label": period.label,
            }
        else:
            what = "全年" if period.label == "全年" else period.label
            ctx["doc"] = {
                "title": f"{place}{period.title_label}重点项目建设工作总结",
                "opening": (
                    f"{'今年以来' if period.label != '全年' else str(period.year) + '年'}，{place}坚持把重点项目建设作为推动"
                    f"高质量发展的重要抓手，强化调度、督查和要素保障，重点项目建设总体平稳推进。现将{what}工作总结如下。"
                ),
                "period_label": period.label,
                "issuer": issuer,
                "date": doc_date,
            }
    ctx["sources"] = sources.entries
    ctx["conflicts"] = conflicts
    return ctx


def missing_data(ctx: dict[str, Any]) -> list[str]:
    """What the reports did not give (for the CLI summary): "年度计划投资" …"""
    names = {
        ("overview", "project_count_cite"): "重点项目个数",
        ("overview", "started_cite"): "开工项目个数",
        ("overview", "completed_cite"): "竣工项目个数",
        ("investment", "planned_total"): "项目总投资",
        ("investment", "planned_annual"): "年度计划投资",
        ("investment", "completed"): "累计完成投资",
        ("items", "total_cite"): "议定事项数",
    }
    out = [label for (a, b), label in names.items() if a in ctx and not ctx[a].get(b)]
    if "ranking" in ctx and not ctx["ranking"]["red"]:
        out.append("各项目完成率（红黑榜）")
    if "ledger" in ctx and not ctx["ledger"]:
        out.append("议定事项")
    return out


__all__ = [
    "KINDS", "PERIOD_EXAMPLES", "BadPeriod", "NoReports", "Period", "Sources", "build_context", "missing_data",
    "parse_period", "pick_figure", "recurring_problems",
]
