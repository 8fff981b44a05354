"""AGREED item recogniser: tasks decided or assigned (议定事项, 交办事项, 明确了…责任单位/时限).

What makes a span an agreed item, each at clause level:

* a decision cue (``lexicon/item_cues.txt``: 会议议定, 研究确定了, 明确了 …): the clause it opens, and each
  further clause of the same sentence that names another decided matter ("研究确定了A选址，B用地90亩，C等问题");
* "由A牵头/负责…" with co-owners after 会同/配合;
* a named unit with a modal — "市环保局要加大…", "公安、检察等部门要…", "市上将成立…" — (not 我们/各级各部门/
  会议强调: exhortations to everyone are not items);
* a deadline with a completion verb — "8月底前要完成…", "确保年底前完成…" (a progress report's plain
  "于5月底完成" is a plan, not an assignment);
* in speeches and bulletins, a bare "要加快/启动/抓好 + a works" ("要迅速启动滨河路建设") and standing
  arrangements ("成立…领导小组", "办公室设在…", "建立…督办机制").

In work plans and regulations only decisions and 由…牵头 assignments are kept: their many "要…" lines are the
plan's own rules, not agreed items.

Attributes: ``owner`` [..], ``co_owners`` [..], ``deadline`` (as written), ``deadline_iso`` (resolved against
``ctx.report_date``; None when it cannot be), ``status`` (done / in_progress / open / overdue / unknown),
``project`` (a PROJECT mention inside the span, else None).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence

from extract.model import FactKind, ReportKind
from extract.recognize import Context, Mention
from extract.recognize._spans import SpanIndex
from extract.recognize.issues import split_units
from extract.rules import item_patterns as P

# A directive item runs over the clauses after its subject while the span stays this short.
MAX_ITEM = 32
# A decision's later clauses are separate items only when they look like matters, not consequences.
_CONSEQUENCE = re.compile(r"有力|有效|从而|进一步|为了|为|使|确保|保障|保证|以便|切实|目前|现已|已经")
_PLAN_KINDS = (ReportKind.WORK_PLAN, ReportKind.REGULATION)
# Kinds in which a leader assigns work aloud or a meeting's decisions are listed.
_SPEECH_KINDS = (ReportKind.SPEECH, ReportKind.MEETING_MINUTES, ReportKind.SUPERVISION_BULLETIN)
# A list of tasks on works ("要加快A、B建设进度，确保如期完成") runs to the end of its unit up to this length.
MAX_TASK = 160
# "由A牵头，B、C配合，于9月底前完成清表" — one assigned item, however many clauses it takes.
MAX_ASSIGNMENT = 90
# Task-verb entries that follow 要 well ("要对…", "要按照…") but do not make "X + verb" an assignment.
_NOT_UNIT_VERBS = frozenset(
    {"对", "按照", "围绕", "结合", "利用", "切实", "积极", "认真", "进一步", "继续", "一定要", "务必"}
)
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}


def resolve_deadline(m: re.Match[str], report_date: dt.date | None) -> str | None:
    """ISO date of a ``DEADLINE`` match, the last day it allows; None when the year is unknown.

    Example:
        >>> resolve_deadline(P.DEADLINE.search("8月底前完成"), dt.date(2023, 5, 4))
        '2023-08-31'
    """
    year_word = m["year"]
    if year_word and year_word.isdigit():
        year = int(year_word)
    elif report_date is None:
        return None
    else:
        year = report_date.year + (1 if year_word == "明" else 0)
    if m["month"]:
        month = int(m["month"])
        if not 1 <= month <= 12:
            return None
        last = calendar.monthrange(year, month)[1]
        day = int(m["day"]) if m["day"] else last
        if m["part"] == "上旬":
            day = 10
        elif m["part"] == "中旬":
            day = 20
        if not 1 <= day <= last:
            return None
        return dt.date(year, month, day).isoformat()
    if m["yearpart"] in ("年底", "年内", "年末", "下半年"):
        return dt.date(year, 12, 31).isoformat()
    if m["yearpart"] == "上半年":
        return dt.date(year, 6, 30).isoformat()
    if m["quarter"]:
        q = _CN_DIGITS.get(m["quarter"]) or int(m["quarter"])
        month = q * 3
        return dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()
    if m["n"] and report_date is not None:
        n = _CN_DIGITS.get(m["n"]) or int(m["n"])
        month0 = report_date.month - 1 + n
        y, mo = report_date.year + month0 // 12, month0 % 12 + 1
        return dt.date(y, mo, min(report_date.day, calendar.monthrange(y, mo)[1])).isoformat()
    return None


def split_owners(subject: str, orgs: list[str]) -> list[str]:
    """The units named in a subject: "市国土局和市环保局" -> ["市国土局", "市环保局"]; [] when none is a unit.

    Example:
        >>> split_owners("公安、检察、法院等部门", [])
        ['公安', '检察', '法院']
    """
    subject = subject.strip().strip('“”"')
    if not subject or P.NOT_OWNER.match(subject):
        return []
    words = P.lexicon("item_owner_words")
    plural = re.search(r"等?(?:部门|单位)$", subject)
    listed = bool(plural) and "、" in subject
    body = subject[: plural.start()] if plural and listed else subject
    parts = [p.strip() for p in P.OWNER_SEP.split(body) if p.strip()]
    if len(parts) > 1 and "等" in parts[-1]:
        last, _, group = parts[-1].partition("等")
        if len(group) <= 8 and P.owner_suffix_regex().fullmatch(group):
            parts[-1] = last  # "A、B等区属国有企业" -> A, B
    owners: list[str] = []
    for part in parts:
        if part in words or part in orgs or listed or _is_unit_name(part):
            owners.append(part)
        else:
            return []
    return owners


def _is_unit_name(name: str) -> bool:
    """A unit's name: something before a unit suffix ("区住建局"; a bare "部门" or "政府" is nobody in particular).

    A one-character suffix other than 局/委/办/厅 needs two characters before it ("城乡" is no township).
    """
    if "的" in name:
        # "首批接入政务网的部门": a described group of units, named by 的 + 部门/单位
        head, _, tail = name.rpartition("的")
        return tail in ("部门", "单位") and 2 <= len(head) <= 16 and not P.NOT_OWNER.match(head)
    m = P.owner_suffix_regex().fullmatch(name)
    if not m:
        return False
    for suffix in sorted(P.lexicon("item_owner_suffixes"), key=len, reverse=True):
        if name.endswith(suffix):
            head = name[: -len(suffix)].lstrip("各全")
            need = 2 if len(suffix) == 1 and suffix not in "局委办厅" else 0 if len(suffix) >= 4 else 1
            if P.words_regex("item_task_verbs").match(head):
                return False
            return len(head) >= need and not P.NOT_OWNER.match(head)
    return False


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in "，,；;：: \n":
        a += 1
    m = P.ITEM_LEAD_AT.match(text, a, b)
    if m and m.end() < b:
        a = m.end()
    while b > a and text[b - 1] in "。；;，,：: \n":
        b -= 1
    return a, b


def _extend(
    clauses: Sequence[tuple[int, int]],
    i: int,
    text: str,
    *,
    limit: int = 0,
    only: re.Pattern[str] | None = None,
    assignment: bool = False,
) -> int:
    """End of a directive item that starts in clause ``i``: later clauses join while the span stays short.

    ``only``: later clauses join only when they match it (a task's purpose clause, "确保如期完成").
    ``assignment``: a "由A牵头，B配合，于9月底前完成…" item takes its co-owners and deadline clauses along.
    """
    limit = limit or MAX_ITEM
    start, end = clauses[i]
    for a, b in clauses[i + 1 :]:
        nxt = text[a:b]
        if re.match(r"^(?:要求|由|会议|责成)", nxt):
            break  # a new assignment opens
        if assignment and b - start <= MAX_ASSIGNMENT and P.ASSIGNMENT_PART.search(nxt):
            end = b
            continue
        if only is not None and (not only.match(nxt) or (nxt.startswith("并") and "完成" in nxt)):
            break  # "…，并完成B" is a second task of its own
        if any(P.COMPLETION.match(nxt[d.end() :]) for d in P.DEADLINE.finditer(nxt)):
            break  # "…，11月底完成生态公园建设" is an item of its own
        if b - start > limit or P.SUBJECT_MODAL.match(nxt.strip()) and _owners_of(nxt.strip(), []):
            break
        if re.match(r"^(?:同时|另一方面|此外|另外)", nxt):
            break
        end = b
    return end


def _states_problem(span: str) -> bool:
    """The span reports a problem ("…还不够平衡", "未完成治理目标"); "解决…问题" as a task's object does not count."""
    return any(
        m[0] not in ("问题", "困难", "难题", "矛盾") for m in P.words_regex("issue_cues").finditer(span)
    )


def _unit_ends(s: str) -> list[int]:
    """Where a unit's name may end near the start of ``s`` (after a unit suffix or owner word), longest first."""
    ends = {m.end() for m in P.unit_end_regex().finditer(s, 0, 26)}
    return sorted((e for e in ends if e >= 2), reverse=True)


def _unit_prefix(rest: str, orgs: list[str]) -> list[str]:
    """Owners named at the start of ``rest``: "省环保厅向中央巡视组提交…" -> ["省环保厅"]."""
    for cut in _unit_ends(rest):
        owners = split_owners(rest[:cut], orgs)
        if owners:
            return owners
    return []


def _unit_before_verb(clause: str, orgs: list[str], *, past_ok: bool = False) -> list[str]:
    """Owners of "省发改委定期召开…" / "旗政府近日专门下发了…": a unit's name, adverbs, then a task verb."""
    # cheap pre-test: no unit word followed (after adverbs) by a task or done verb anywhere, no owner
    if not P.unit_then_verb_regex().search(clause):
        return []
    verbs = P.words_regex("item_task_verbs")
    for cut in _unit_ends(clause):
        owners = split_owners(clause[:cut], orgs)
        if not owners:
            continue
        rest = clause[cut:]
        adverbs = P.UNIT_ADVERB.match(rest)
        rest = rest[adverbs.end() :]
        done = P.words_regex("item_done_verbs").match(rest)
        if past_ok and done and re.match(r"^[^，,。；;的]{0,4}了", rest[done.end() :]):
            return owners
        verb = verbs.match(rest)
        standing = bool(P.UNIT_STANDING.search(adverbs[0]))
        if verb and standing and verb[0] not in _NOT_UNIT_VERBS and not rest[verb.end() :].startswith("的"):
            if P.PAST.search(rest[:8]):
                return []
            return owners
        return []
    return []


def _owners_of(clause: str, orgs: list[str], m: re.Match[str] | None = None) -> list[str]:
    """Owners of "市环保局要…"; ``m`` is ``SUBJECT_MODAL.match(clause)`` when the caller has it already."""
    if m is None:
        m = P.SUBJECT_MODAL.match(clause)
    if not m:
        return []
    # "将各工作组台账信息…进行了通报" is 把-like 将, a past report, not a future task
    if m["modal"] == "将" and P.PAST.search(clause[m.end() :]):
        return []
    return split_owners(m["subj"], orgs)


def _owners_in(span: str, orgs: list[str]) -> list[str]:
    """Owners of an item found by another rule: "由A牵头…" or "A要…" inside it."""
    lead = P.LEAD_BY.search(span)
    if lead:
        return split_owners(lead["owner"], orgs) or [lead["owner"]]
    ask = P.ASK_UNIT.match(span)
    if ask:
        return _unit_prefix(ask["rest"], orgs)
    return _owners_of(span, orgs)


def _status(span: str, *, decided: bool) -> str:
    if P.words_regex("item_status_overdue").search(span):
        return "overdue"
    if P.words_regex("item_status_done").search(span):
        return "done"
    if decided:
        return "done"
    if P.words_regex("item_status_in_progress").search(span):
        return "in_progress"
    return "open"


def find_agreed_items(text: str, ctx: Context) -> list[Mention]:
    """Find the agreed / assigned items of a report, one clause-level span each.

    Args:
        text: normalised text of one report.
        ctx: report date (to resolve deadlines), report kind, and earlier mentions (ORG, PROJECT).

    Returns:
        AGREED mentions in text order with ``owner``, ``co_owners``, ``deadline``, ``deadline_iso``,
        ``status``, ``project``.

    Example:
        >>> ms = find_agreed_items(t := "会议议定：由区住建局牵头，区城管局配合，于9月底前完成清表。", Context())
        >>> [(t[m.start:m.end], m.attrs["owner"]) for m in ms]
        [('由区住建局牵头，区城管局配合，于9月底前完成清表', ['区住建局'])]
    """
    plan = ctx.report_kind in _PLAN_KINDS
    speech = ctx.report_kind in _SPEECH_KINDS
    report = ctx.report_kind in (ReportKind.PROGRESS_REPORT, ReportKind.HALF_YEAR_SUMMARY)
    orgs = [text[m.start : m.end] for m in ctx.of_kind(FactKind.ORG)]
    projects = ctx.of_kind(FactKind.PROJECT)
    named_in = SpanIndex(projects)
    unit_verb = P.unit_then_verb_regex()
    found: list[tuple[int, int, dict]] = []
    agenda_until = -1  # inside "会议议定如下事项：" every unit up to here is an item
    prev_kind: str | None = None  # kind of the item found in the previous ；-unit, for lists of tasks
    prev_end = -1
    for s, e, clauses in split_units(text):
        unit_items = _UnitItems(text, found)
        add = unit_items.add
        kinds = unit_items.kinds

        unit = text[s:e]
        # 0. the matters after a lead-in ("会议议定如下事项：一、…；二、…" / "主要解决的问题有：完善了…")
        if s < agenda_until and clauses:
            first = text[_trim(text, *clauses[0])[0] : clauses[0][1]]
            if _starts_task(first) or P.words_regex("item_done_verbs").match(first) or first.startswith("由"):
                add(s, _extend(clauses, 0, text, assignment=True), "agenda")
        lead = P.AGENDA_LEAD.search(unit)
        if lead:
            nl = text.find("\n", s + lead.end())
            agenda_until = min(nl if nl >= 0 else len(text), e + 600)
            colon = s + lead.end()
            after = [(max(a, colon), b) for a, b in clauses if b > colon + 4]
            if after:
                add(after[0][0], _extend(after, 0, text, assignment=True), "agenda")
        # 1. decisions: "研究确定了A，B，C等问题" -> one item per matter
        for m, weak in _decision_cues(unit):
            if plan and not m[0].startswith(("会议", "议定")):
                continue  # a plan's own "研究决定，启动…督查工作" is how it came about, not an agreed item
            pos = s + m.start()
            idx = next((i for i, (a, b) in enumerate(clauses) if a <= pos < b), None)
            if idx is None:
                continue
            a, b = clauses[idx]
            rest = text[pos + len(m[0]) : b]
            if P.CUE_NOT_ITEM.match(rest) or (weak and not P.DECISION_OBJECT.search(rest)):
                continue
            if len(rest) >= 4:
                # "对企业遇到的难题，包括…，逐一明确了责任单位" : the matters come before the cue
                first = next(
                    (j for j in range(idx) if text[clauses[j][0] : clauses[j][1]].startswith("对")), idx
                )
                start = clauses[first][0] if first < idx else (a if pos - a <= 12 else pos)
                add(start, b, "decision", decided="了" in m[0] or "了" in rest[:8])
            for na, nb in clauses[idx + 1 :]:
                nxt = text[na:nb]
                if _CONSEQUENCE.search(nxt) or len(nxt) < 5 or weak:
                    break
                add(na, nb, "decision", decided="了" in m[0])
        # 2. "由A牵头…"
        for m in P.LEAD_BY.finditer(unit if not plan else ""):
            pos = s + m.start()
            idx = next((i for i, (a, b) in enumerate(clauses) if a <= pos < b), 0)
            a = clauses[idx][0] if pos - clauses[idx][0] <= 12 else pos
            end = max(
                _extend(clauses, idx, text, assignment=True), clauses[min(idx + 1, len(clauses) - 1)][1]
            )
            owners = split_owners(m["owner"], orgs) or [m["owner"]]
            add(a, min(end, a + MAX_ASSIGNMENT), "lead", owner=owners)
        for i, (a, b) in enumerate(clauses):
            ta, _ = _trim(text, a, b)
            clause = text[ta:b]
            if P.EXHORTATION.match(clause):
                continue
            if plan:
                continue
            # 3. "市环保局要…", "要求区住建局加强…", in speeches also "省发改委定期召开…"
            sm = P.SUBJECT_MODAL.match(clause)
            owners = _owners_of(clause, orgs, sm) if sm else []
            if owners:
                start = ta
                if i > 0 and P.TOPIC_BEFORE_UNIT.match(text[clauses[i - 1][0] : clauses[i - 1][1]].strip()):
                    start = clauses[i - 1][0]
                add(start, _extend(clauses, i, text), "directive", owner=owners)
                continue
            # "省发改委、经委、国土等部门，要建立…" / "旗信息化办公室作为…机构，要切实搞好…"
            if i + 1 < len(clauses):
                nxt = text[clauses[i + 1][0] : clauses[i + 1][1]].strip()
                owners = (
                    split_owners(clause.split("作为", 1)[0], orgs) if P.BARE_MODAL_OR_YAO.match(nxt) else []
                )
                if owners:
                    add(ta, _extend(clauses, i + 1, text), "directive", owner=owners)
                    continue
            # "督查结束后，我们要向省政府专题报告督查情况": reporting to a named unit is a concrete task
            report_to = P.REPORT_TO.search(clause)
            if report_to and split_owners(report_to["unit"], orgs):
                add(ta, b, "report")
                continue
            ask = P.ASK_UNIT.match(clause)
            owners = _unit_prefix(ask["rest"], orgs) if ask else []
            if owners:
                add(ta, _extend(clauses, i, text, limit=MAX_ITEM * 2), "directive", owner=owners)
                continue
            every = P.EVERY_TASK.match(clause)
            if every:
                start = ta
                if not every["subj"] and i > 0:
                    start = _trim(text, *clauses[i - 1])[0]
                subj = text[start:ta] if not every["subj"] else every["subj"]
                if not P.EVERY_NOT.search(subj.strip()) and not P.DEADLINE.match(subj.strip()):
                    add(start, _extend(clauses, i, text), "task")
                    continue
            # (the pre-test of _unit_before_verb inlined: most clauses fail it)
            owners = _unit_before_verb(clause, orgs, past_ok=speech) if unit_verb.search(clause) else []
            if owners:
                decided = bool(P.PAST.search(clause))
                add(ta, _extend(clauses, i, text), "unit", owner=owners, decided=decided)
                continue
            # 3c. "其他9个示范村要分别完成30户建房任务": any subject that must complete something
            if sm and sm["modal"] in ("要", "必须", "务必") and P.MUST_COMPLETE.match(clause[sm.end() :]):
                add(ta, _extend(clauses, i, text), "task")
                continue
            # 3b. "凡涉及…的，国土、环保部门必须提前介入" / "对…项目，将优先安排…"
            if i + 1 < len(clauses) and P.TOPIC_CLAUSE.match(clause):
                nxt = text[clauses[i + 1][0] : clauses[i + 1][1]].strip()
                nxt_owners = _owners_of(nxt, orgs)
                if P.BARE_MODAL.match(nxt) or nxt_owners:
                    add(ta, clauses[i + 1][1], "topic", owner=nxt_owners)
                    continue
            # 4. deadlines with a completion verb
            # DEADLINE_HINT: _deadline_item's pre-test, inlined (trimming drops none of its characters)
            if P.DEADLINE_HINT.search(clause) and _deadline_item(
                text, clauses, i, add, loose=speech, strict=report
            ):
                continue
            # 5. bare tasks on works, a list of tasks after a directive, standing arrangements
            if speech and P.TARGET.match(clause):
                add(ta, b, "target")
                continue
            bare = P.BARE_TASK.match(clause)
            opening = speech and P.OPENING_TASK.match(clause)
            named = named_in.count(ta, b) if bare or opening else 0  # projects named in the clause
            if opening:
                opening = named > 1 or P.CONCRETE_LIST.search(clause)
            if (bare and (named > 0 or P.CONCRETE_OBJECT.search(clause))) or opening:
                add(ta, _extend(clauses, i, text, limit=MAX_TASK, only=P.TASK_CONTINUATION), "task")
            elif i == 0 and prev_kind in ("directive", "task") and prev_end == s and _starts_task(clause):
                add(ta, _extend(clauses, i, text, limit=MAX_TASK, only=P.TASK_CONTINUATION), "task")
            elif P.INSTITUTION_HINT.search(clause) and P.INSTITUTION.match(clause):
                add(ta, b, "institution", decided=bool(P.PAST.search(clause)))
        prev_kind = kinds[-1] if kinds and unit.rstrip().endswith(("；", ";")) else None
        prev_end = e
    return [
        _mention(text, a, b, attrs, ctx, orgs, projects) for a, b, attrs in sorted(found, key=lambda f: f[0])
    ]


class _UnitItems:
    """The items of one sentence: no two overlap; exhortations and problems are refused."""

    def __init__(self, text: str, found: list[tuple[int, int, dict]]):
        self.text = text
        self.found = found
        self.taken: list[tuple[int, int]] = []
        self.kinds: list[str] = []

    def add(self, a: int, b: int, kind: str, **attrs) -> None:
        text = self.text
        a, b = _trim(text, a, b)
        # an item that starts inside an earlier one keeps only its own part ("要加快…建设，11月底前完成…")
        overlap = [tb for ta, tb in self.taken if ta < b and a < tb]
        if overlap and max(overlap) < b and kind == "deadline":
            a, b = _trim(text, max(overlap), b)
        if b - a < 5 or any(ta < b and a < tb for ta, tb in self.taken):
            return
        span = text[a:b]
        if kind in ("directive", "task", "topic", "unit", "decision", "agenda") and (
            P.words_regex("item_exhortation").search(span)
            or (kind != "directive" and _states_problem(span))
            or P.BA_JIANG.search(span)
        ):
            return
        self.taken.append((a, b))
        self.kinds.append(kind)
        self.found.append((a, b, attrs))


def _decision_cues(unit: str) -> list[tuple[re.Match[str], bool]]:
    """Decision cues in a unit: (match, weak)."""
    if not P.any_cue_regex().search(unit):
        return []  # most units hold no cue at all
    strong = [(m, False) for m in P.words_regex("item_cues").finditer(unit)]
    spans = [m.span() for m, _ in strong]
    weak = [
        (m, True)
        for m in P.words_regex("item_cues_weak").finditer(unit)
        if not any(a <= m.start() < b for a, b in spans)
    ]
    return sorted(strong + weak, key=lambda x: x[0].start())


def _starts_task(clause: str) -> bool:
    """A clause that opens with a task verb ("加速推进…", "著力解决…") — a member of a list of tasks."""
    m = P.words_regex("item_task_verbs").match(clause)
    return m is not None


def _deadline_item(
    text: str, clauses: Sequence[tuple[int, int]], i: int, add, *, loose: bool, strict: bool
) -> bool:
    """Add the item of clause ``i`` if it holds a deadline with a completion verb ("8月底前要完成…").

    ``loose``: in a speech a bare month also sets a deadline ("11月底完成生态公园建设"); in a progress
    report "5月底完成" is a plan, so there the deadline needs 前/内 or a modal.
    """
    a, b = clauses[i]
    clause = text[a:b]
    if not P.DEADLINE_HINT.search(clause) or P.DEADLINE.search(clause) is None:
        return False
    if _states_problem(clause):
        return False  # "…未完成治理目标" / "见效的项目还不多": a problem, not a task
    if P.LIST_HEAD.match(clause):
        return False  # "三要力争一批重点项目年内开工": the head of a list, its items follow
    for m in P.DEADLINE.finditer(clause):
        after = clause[m.end() :]
        before = clause[: m.start()]
        modal = P.DEADLINE_MODAL.search(before + after[:4])
        if not P.COMPLETION.match(after) or (P.STATISTIC.match(after) and not modal):
            continue
        bounded = m["before"] or m["n"] or m["yearpart"] in ("年内", "近期内")
        if not (bounded or modal or (loose and m["month"] and not before.endswith("于"))):
            continue
        if strict and not modal:
            continue
        if P.PAST.search(after[:12]) and not P.DEADLINE_MODAL.search(clause):
            continue
        start = a
        prev = text[clauses[i - 1][0] : clauses[i - 1][1]] if i > 0 else ""
        if prev and P.DEADLINE_MODAL.search(prev) and not P.DEADLINE.search(prev):
            start = clauses[i - 1][0]
        else:
            # "要马上排出进度表，实行倒计时安排，明年下半年都要陆续开工": the task opens with 要 a clause or two back
            for j in (i - 1, i - 2):
                if j < 0 or a - clauses[j][0] > MAX_ITEM:
                    break
                head = text[_trim(text, *clauses[j])[0] : clauses[j][1]]
                if P.DEADLINE.search(head):
                    break
                if re.match(r"^[^，,。；;]{0,10}?要(?!求)", head):
                    start = clauses[j][0]
                    break
        end = (
            _extend(clauses, i, text, limit=MAX_TASK, only=P.TASK_CONTINUATION) if i + 1 < len(clauses) else b
        )
        add(start, end, "deadline", deadline=m["dl"], deadline_m=m)
        return True
    return False


def _mention(text: str, a: int, b: int, attrs: dict, ctx: Context, orgs: list[str], projects: list[Mention]):
    span = text[a:b]
    owners = attrs.get("owner") or _owners_in(span, orgs)
    co: list[str] = []
    cm = P.CO_OWNERS.search(span)
    if cm:
        co = split_owners(cm["co1"] or cm["co2"], orgs) or [cm["co1"] or cm["co2"]]
        co = [c for c in co if c not in owners]
    dm = attrs.get("deadline_m") or P.DEADLINE.search(span)
    deadline = dm["dl"] if dm and (dm["before"] or dm["yearpart"] or dm["n"]) else attrs.get("deadline")
    iso = resolve_deadline(dm, ctx.report_date) if deadline and dm else None
    inside = list(dict.fromkeys(p.attrs.get("name") for p in projects if p.start < b and p.end > a))
    project = inside[0] if inside else None
    return Mention(
        FactKind.AGREED,
        a,
        b,
        {
            "owner": owners,
            "co_owners": co,
            "deadline": deadline,
            "deadline_iso": iso,
            "status": _status(span, decided=bool(attrs.get("decided"))),
            "project": project,
            "projects": inside,  # every project the item names ("要加快A、B、C建设进度")
        },
    )
