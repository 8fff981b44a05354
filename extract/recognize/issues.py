"""ISSUE recogniser: concrete problems a report states (问题, 困难, 不足, 受阻, 缺口, 滞后 …).

An issue is the *shortest* span that states the problem: a clause, or a few adjacent clauses of one sentence
("项目谋划储备不足，前期工作进展缓慢"), never a whole paragraph.  How a clause is judged:

* a strong cue (``lexicon/issue_cues.txt``: 受阻, 缺口, 滞后, 不足, 不够 …) makes it an issue anywhere;
* a weak cue (``issue_cues_weak.txt``: 少, 单一, 紧张 …) counts only inside a passage that lists problems,
  opened by a lead-in such as "存在的主要问题" / "主要表现在：" / "究其原因" and closed by the turn to measures
  ("针对上述问题" / "下一步" / the next outline heading);
* cue words used in another sense are masked first (``issue_not_cues.txt``: 解决问题的能力, 克服困难 …), and a
  clause that *asks* for a solution ("要协调解决…困难") is a task, not a reported problem;
* an enumeration of problems ("A、B、C等多个问题得到有效解决", "难题，包括A、B以及C等") gives one issue per item;
* boilerplate self-criticism ("离上级的要求还有一定差距") is an issue with ``generic=True``.

Attributes: ``project`` (canonical name of a PROJECT mention in or just before the span, else None),
``status`` (resolved / open / unknown), ``generic`` (bool).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from extract.model import FactKind, ReportKind
from extract.recognize import Context, Mention
from extract.recognize._spans import SpanIndex
from extract.rules import issue_patterns as P
from extract.rules.literals import literal_alternation

# Adjacent problem clauses of one sentence are reported as one issue while the joined span stays this short:
# "全市项目建设开工不足，推进不够，后劲乏力" is one problem; a long run of clauses is several.
MAX_JOINED = 42
# A run never grows past this, even by consequences ("…受阻，导致工期加长") or a criticised subject's details.
MAX_ISSUE = 80
# How far a problem passage may run without a new lead-in before it is considered closed.
MAX_REGION = 2500

_BARE_PROBLEM_WORDS = frozenset({"困难", "难题", "矛盾", "问题"})


def iter_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Spans of sentences (and ；-separated list members) of ``text``.

    Example:
        >>> list(iter_sentences("一是储备不足；二是进度滞后。"))
        [(0, 7), (7, 14)]
    """
    for m in P.SENTENCE.finditer(text):
        yield m.start(), m.end()


def iter_clauses(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the comma-separated clauses of ``text[start:end]``, separators left out.

    Example:
        >>> list(iter_clauses("储备不足，进度滞后。", 0, 10))
        [(0, 4), (5, 10)]
    """
    pos = start
    for m in P.CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if end > pos:
        yield pos, end


@functools.lru_cache(maxsize=4)
def split_units(text: str) -> tuple[tuple[int, int, tuple[tuple[int, int], ...]], ...]:
    """Every sentence of ``text`` with its clauses: ``(start, end, clauses)``, as ``iter_sentences`` and
    ``iter_clauses`` give them.

    Computed once per report and shared: the problem regions, the issue and the agreed-item recognisers all
    read the same sentences (the cache holds the last few texts only).

    Example:
        >>> split_units("储备不足，进度滞后。资金到位。")
        ((0, 10, ((0, 4), (5, 10))), (10, 15, ((10, 15),)))
    """
    return tuple((s, e, tuple(iter_clauses(text, s, e))) for s, e in iter_sentences(text))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop list markers, connectives and trailing punctuation: "二是信息质量不高。" -> "信息质量不高"."""
    seg = text[start:end]
    m = P.LEAD.match(seg)
    if m and m.end() < len(seg):
        start += m.end()
        seg = seg[m.end() :]
    t = P.TRAIL.search(seg)
    if t and t.start() > 0:
        end = start + t.start()
    return start, end


def _masked(s: str) -> str:
    """``s`` with the non-problem uses of cue words blanked out (same length, so offsets still hold)."""
    s = P.words_regex("issue_not_cues").sub(lambda m: "＿" * len(m[0]), s)
    # "及时不及时" "高不高" are questions, not problems; "不足六个月" is a quantity
    s = P.LESS_THAN.sub("＿＿", s)
    return P.A_NOT_A.sub(lambda m: "＿" * len(m[0]), s)


def _is_vague(before: str) -> bool:
    """True when "…问题/困难" is a vague reference ("存在的问题", "各种矛盾和问题"), judged by what precedes it."""
    return not before or bool(P.VAGUE_PROBLEM.search(before))


def _cue_hits(
    clause: str, *, weak: bool, named: bool = False
) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """(strong, weak) cue matches in a clause that really state a problem; weak ones only when asked for.

    ``named``: the clause names a project, so even "遇到的困难和问题" are that project's problems.
    """
    masked = _masked(clause)
    strong = [h for h in P.words_regex("issue_cues").finditer(masked) if _real_cue(masked, h, named=named)]
    weak_hits = list(P.words_regex("issue_cues_weak").finditer(masked)) if weak else []
    weak_hits = [h for h in weak_hits if _real_cue(masked, h, named=named)]
    return strong, weak_hits


def _real_cue(masked: str, h: re.Match[str], *, named: bool = False) -> bool:
    """A bare problem word ("问题", "困难") counts only as the head of a stated problem."""
    if h[0] not in _BARE_PROBLEM_WORDS:
        return True
    if not P.BARE_PROBLEM_TAIL.match(masked[h.end() :]):
        return False
    before = re.sub(r"(?:的|等|方面|和|与|及|、)+$", "", masked[: h.start()])
    if P.REFERRED.search(before):
        return False
    if named and P.RESOLVED_AFTER.search(masked[h.end() :]):
        return True  # "A、B等重点项目遇到的困难和问题已基本得到解决"
    return len(before) >= 2 and not _is_vague(before[-4:]) and not _is_vague(before[-2:])


def _is_task(clause: str) -> bool:
    """A clause that asks for a solution ("要协调解决项目建设中的困难") rather than reports a problem."""
    for solve in P.words_regex("issue_solve_verbs").finditer(clause):
        if P.NEGATED_SOLVE.search(clause[: solve.start()]):
            continue
        rest = clause[solve.end() :]
        if rest.startswith("了") or P.RESOLVED_AFTER.search(clause):
            continue
        return True
    return bool(P.DIRECTIVE.match(clause))


@functools.cache
def _all_cues() -> re.Pattern[str]:
    """Every cue of every list (strong, weak, generic) plus 受…: a pre-test before the careful reading."""
    words = set(P.lexicon("issue_cues")) | set(P.lexicon("issue_cues_weak")) | set(P.lexicon("issue_generic"))
    return re.compile(literal_alternation(sorted(words, key=len, reverse=True)) + "|受")


def _any_cue(clause: str) -> bool:
    return _all_cues().search(clause) is not None


def _generic(clause: str) -> bool:
    return bool(P.words_regex("issue_generic").search(clause))


def _heading_level(text: str, pos: int) -> int:
    """Outline level of the heading that starts at ``pos``: 1 "一、", 2 "（一）", 3 "1、"; 0 when none."""
    m = P.HEADING.match(text, pos)
    if not m:
        return 0
    mark = m[0].strip()
    if mark[0] in "（(":
        return 2
    return 3 if mark[0].isdigit() else 1


def _problem_regions(text: str) -> list[tuple[int, int]]:
    """Spans of the passages that list problems (see the module docstring).

    A passage opened by a heading ("二、主要问题") runs to the next heading of the same or a higher level, so
    its own numbered items ("1、某些职能部门…") stay inside it.
    """
    regions: list[tuple[int, int]] = []
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    heading_lines = {ls: lvl for ls in line_starts if (lvl := _heading_level(text, ls))}
    open_at: int | None = None
    open_level = 9  # the opener's heading level (9: opened by a sentence, any heading closes)
    for s, e, _ in split_units(text):
        sent = text[s:e]
        lead = s + (len(sent) - len(sent.lstrip()))
        level = heading_lines.get(lead) or heading_lines.get(lead - 1, 0)
        line_end = text.find("\n", lead)
        line = text[lead : line_end if line_end >= 0 else len(text)]
        heading_intro = bool(level) and bool(P.PROBLEM_HEADING.match(P.HEADING.sub("", line, count=1)))
        intro = P.PROBLEM_INTRO.search(sent)
        solving = re.search(r"破解|解决|克服|化解|针对|研究", sent[: intro.start()]) if intro else None
        if open_at is not None:
            closing = (
                P.REGION_END.search(sent)
                or (level and level <= open_level and not (intro or heading_intro))
                or s - open_at > MAX_REGION
            )
            if closing:
                regions.append((open_at, s))
                open_at = None
                continue
        if open_at is None and ((intro and not solving) or heading_intro):
            open_at = s
            open_level = level if heading_intro else 9
    if open_at is not None:
        regions.append((open_at, len(text)))
    return regions


def _enumerated(text: str, s: int, e: int) -> list[tuple[int, int, bool]]:
    """Items of problem enumerations in a sentence: (start, end, resolved)."""
    out: list[tuple[int, int, bool]] = []
    sent = text[s:e]
    if "、" not in sent or not P.PROBLEM_NOUN.search(sent):
        return out  # no list, or no problem noun: skip the three list patterns (they backtrack)
    for pat in (P.ENUMERATED_PROBLEMS, P.INCLUDING_LIST, P.LISTED_PROBLEMS):
        for m in pat.finditer(sent):
            tail = sent[m.end() : m.end() + 12]
            resolved = bool(P.RESOLVED_AFTER.match(tail.lstrip("，,")) or P.RESOLVED_AFTER.search(tail))
            # only a list that is settled as a whole ("…等多个问题得到有效解决") or announced ("难题，包括…")
            # is split; "解决了A、B等问题" stays one clause
            if pat is P.ENUMERATED_PROBLEMS and not resolved:
                continue
            base = s + m.start(1)
            pos = 0
            body = m[1]
            # a lead verb before the first item belongs to none of them: "研究解决了A、B" -> A, B
            lead = re.match(r"^.*?(?:解决了|处理了|包括|如)", body)
            if lead and lead.end() < len(body) - 2 and pat is P.ENUMERATED_PROBLEMS:
                pos = lead.end()
            parts = []
            for sep in [*P.LIST_SEP.finditer(body, pos), None]:
                stop = sep.start() if sep else len(body)
                parts.append((pos, stop))
                pos = sep.end() if sep else pos
            if len(parts) < 2:
                continue
            for a, b in parts:
                seg = body[a:b]
                # "拆迁以及施工环境": one entry, kept whole
                if len(seg.strip()) >= 2:
                    out.append((base + a, base + b, resolved))
    return out


def _status(text: str, start: int, end: int, sent_end: int, *, in_region: bool) -> str:
    span = text[start:end]
    after = text[end : min(sent_end, end + 16)]
    if (
        P.RESOLVED_BEFORE.search(span)
        or P.RESOLVED_AFTER.search(span)
        or P.RESOLVED_AFTER.match(after.lstrip("，,"))
    ):
        return "resolved"
    if in_region or P.words_regex("issue_open").search(span):
        return "open"
    return "unknown"


def _project_for(start: int, end: int, sent_start: int, projects: list[Mention]) -> str | None:
    """The project an issue is about: a PROJECT mention inside the span, else the last one before it in its sentence."""
    best: Mention | None = None
    for m in projects:
        if m.start < end and m.end > start:
            return m.attrs.get("name")
        if sent_start <= m.start and m.end <= start and (best is None or m.start > best.start):
            best = m
    return best.attrs.get("name") if best else None


def find_issues(text: str, ctx: Context) -> list[Mention]:
    """Find the problems a report states, one clause-level span each.

    Args:
        text: normalised text of one report.
        ctx: earlier recognisers' mentions (PROJECT ones are used to fill ``project``).

    Returns:
        ISSUE mentions in text order, attrs ``project``, ``status``, ``generic``.

    Example:
        >>> text = "今年以来，项目用地受阻，进度滞后明显。"
        >>> [text[m.start : m.end] for m in find_issues(text, Context())]
        ['项目用地受阻，进度滞后明显']
    """
    projects = ctx.of_kind(FactKind.PROJECT)
    named_in = SpanIndex(projects)
    regions = _problem_regions(text)
    out: list[Mention] = []

    def in_region(pos: int) -> bool:
        return any(a <= pos < b for a, b in regions)

    def emit(
        a: int, b: int, sent: tuple[int, int], *, region: bool, resolved: bool = False, generic: bool = False
    ):
        a, b = trim(text, a, b)
        if b - a < 3:
            return
        status = "resolved" if resolved else _status(text, a, b, sent[1], in_region=region)
        attrs = {"project": _project_for(a, b, sent[0], projects), "status": status, "generic": generic}
        out.append(Mention(FactKind.ISSUE, a, b, attrs))

    plan = ctx.report_kind in (ReportKind.WORK_PLAN, ReportKind.REGULATION)
    for s, e, clauses in split_units(text):
        region = in_region(s)
        if plan and not region:
            continue  # a plan's "对整改不力的…" are its rules' cases, not reported problems
        sent = (s, e)
        covered: list[tuple[int, int]] = []
        for a, b, resolved in _enumerated(text, s, e):
            # a list item's project is named inside it, never borrowed from the item before
            emit(a, b, (a, e), region=region, resolved=resolved)
            covered.append((a, b))
        if not region and _all_cues().search(text, s, e) is None:
            continue  # no clause of it can hold a cue (_classify's pre-test), so no clause is a problem
        groups: list[_Group] = []
        prev_issue = False
        after_summary = False
        decided = bool(P.DECIDED.search(text, s, e))
        for a, b in clauses:
            if covered and any(ca < b and a < cb for ca, cb in covered):
                prev_issue = False
                continue
            if after_summary:
                after_summary = False
                prev_issue = False
                continue
            if P.ANAPHORIC_SUBJECT.match(text[a:b].strip()) and not _any_cue(text[a:b]):
                after_summary = True
                prev_issue = False
                continue
            named = named_in.any_inside(a, b)
            trimmed = trim(text, a, b)
            kind = _classify(text, a, b, region=region, named=named, decided=decided, trimmed=trimmed)
            ta = trimmed[0]
            core = text[ta:b]
            if kind is None:
                # a cue-less clause continues a criticised subject's statement ("有的部门甚至…，为了凑数，上报…")
                g = groups[-1] if groups and prev_issue else None
                if (
                    g is not None
                    and g.critic
                    and not g.strong
                    and not _stops(core)
                    and b - g.start <= MAX_ISSUE
                ):
                    g.end = b
                    continue
                prev_issue = False
                continue
            generic = kind == "generic"
            critic = region and bool(P.CRITIC_SUBJECT.match(core))
            marker = ta > a and bool(re.match(r"\s*[一二三四五六七八九十]+是|\s*首先|\s*其次", text[a:ta]))
            g = groups[-1] if groups and prev_issue else None
            join = (
                g is not None
                and g.generic == generic
                and not critic
                and not marker
                and not P.NEW_STATEMENT.match(core)
                and not (g.head and re.match(r"^(?:在|从|由于)", core))
                and (
                    b - g.start <= MAX_JOINED
                    or (P.CONTINUATION.match(core) and b - g.start <= MAX_JOINED + 20)
                    or (g.critic and not g.strong and b - g.start <= MAX_ISSUE)
                )
            )
            if join and g is not None:
                g.end = b
                g.head = False
                g.strong = g.strong or kind == "issue"
            else:
                groups.append(
                    _Group(a, b, generic=generic, critic=critic, head=marker, strong=kind == "issue")
                )
            prev_issue = True
        for g in groups:
            emit(g.start, g.end, sent, region=region, generic=g.generic)
    out.sort(key=lambda m: m.start)
    return out


@dataclass(slots=True)
class _Group:
    """Adjacent problem clauses of one sentence that state one problem."""

    start: int
    end: int
    generic: bool = False
    critic: bool = False  # opened by a criticised subject ("有的部门…")
    head: bool = False  # a list item's head ("三是部门配合不力"), kept apart from the details after it
    strong: bool = False  # holds a strong cue (then it takes no cue-less clause after it)


def _stops(core: str) -> bool:
    return bool(P.CONDITIONAL.search(core) or P.DIRECTIVE_ANY.search(core) or P.CRITIC_SUBJECT.match(core))


def _classify(
    text: str,
    a: int,
    b: int,
    *,
    region: bool,
    named: bool = False,
    decided: bool = False,
    trimmed: tuple[int, int] | None = None,
) -> str | None:
    """ "issue" (strong cue), "weak" (weak cue or criticised subject), "generic" or None for ``text[a:b]``.

    ``trimmed``: ``trim(text, a, b)`` when the caller has it already.
    """
    ta, tb = trimmed or trim(text, a, b)
    core = text[ta:tb]
    if len(core) < 3:
        return None
    if not region and not _any_cue(core):
        return None  # cheap pre-test: most clauses hold no cue at all
    if P.CONDITIONAL.search(core) or P.CONCESSIVE.match(core) or P.ANAPHORIC.match(core):
        return None
    if P.OVERCOME.search(core):
        return None
    generic = _generic(core)
    if P.PROBLEM_INTRO.search(core) and not generic:
        return None
    open_cue = bool(P.words_regex("issue_open").search(core))
    strong, weak = _cue_hits(core, weak=region or open_cue, named=named)
    if decided:
        # "研究确定了A选址，B用地，C等问题": decided matters, not problems
        strong = [h for h in strong if h[0] not in _BARE_PROBLEM_WORDS]
    held = P.HELD_BACK.search(core)
    if held:
        strong.append(held)
    real_strong = [h for h in strong if h[0] not in _BARE_PROBLEM_WORDS]
    critic = region and bool(P.CRITIC_SUBJECT.match(core))
    if not (strong or weak or generic or critic):
        return None
    if _is_task(core):
        return None
    if P.DIRECTIVE_ANY.search(core) and not real_strong:
        return None
    if len(core) > 70 and not region:
        return None
    first = (real_strong or strong or weak or [None])[0]
    if first is not None and P.TOPIC_OPENER.match(core) and "的" in core[first.end() :]:
        return None
    if generic:
        return "generic"
    return "issue" if real_strong else "weak"
