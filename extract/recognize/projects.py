"""Named construction / investment projects: "城南污水处理厂二期工程", "翠湖苑项目".

Rules, each a regex pass over the report text (no tokenizer needed):

1. suffix   a name right before 项目 / 建设项目 / 工程项目, its left edge at the last cue word
            ("建设中的青云高速云溪服务区项目" -> 青云高速云溪服务区);
2. list     items of a "、" list that ends in 等项目 / 等在建小区 …, or whose items mostly end in a project
            head (路, 产业园, 二期 …): "恒泰冶金、江南瑞丰、西部循环产业园等项目" -> three projects;
3. topic    the first clause of a line when the next clause describes a project
            ("某某学院,占地面积600亩,…"), and short outline items under a heading about projects;
4. known    names already in the corpus (``ctx.known_projects``).

Every candidate goes through one filter: not only generic words (重点项目, 前期项目, 实施类项目), not a campaign
(两帮两促, 百日攻坚), not a unit.  The canonical name drops a trailing 项目 / 建设项目 (工程 is kept).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from extract.model import FactKind
from extract.recognize import Context, Mention
from extract.rules import project_patterns as pp
from extract.rules.scan import finditer_within

# Priority when two candidates overlap: the more reliable rule wins.
_PRIORITY = {"known": 5, "suffix": 4, "list": 3, "topic": 2, "subject": 1}


# Longest name considered (longer candidates are sentences): is_project_name rejects more than 30.
_MAX_NAME = 40


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    name: str
    rule: str


def find_projects(text: str, ctx: Context) -> list[Mention]:
    """Find the named projects of one report.

    Args:
        text: the normalised text of one report.
        ctx: what else is known; ``ctx.known_projects`` are matched verbatim.

    Returns:
        One ``Mention`` per occurrence, ``attrs={"name": canonical, "aliases": [surface]}``, in text order.

    Example:
        >>> [m.attrs["name"] for m in find_projects("加快推进城南污水处理厂二期工程项目建设。", Context())]
        ['城南污水处理厂二期工程']
    """
    cands: list[_Candidate] = []
    cands += _suffix_candidates(text)
    cands += _list_candidates(text)
    cands += _topic_candidates(text)
    cands += _subject_candidates(text)
    cands += _known_candidates(text, ctx.known_projects)
    kept = _resolve_overlaps(cands)
    out: list[Mention] = []
    for c in kept:
        surface = text[c.start : c.end]
        aliases = [surface] if surface != c.name else []
        out.append(
            Mention(FactKind.PROJECT, c.start, c.end, {"name": c.name, "aliases": aliases, "rule": c.rule})
        )
    return out


def canonical_name(name: str) -> str:
    """The canonical form of a project name: trailing 项目 / 建设项目 / 建设 dropped, 工程 kept.

    Example:
        >>> canonical_name("博物馆和美术馆建设项目")
        '博物馆和美术馆'
    """
    s = _strip_unpaired_quotes(name.strip(" \t"))
    for suf in pp.lexicon("project_suffixes"):
        if s.endswith(suf) and len(s) > len(suf) + 1:
            s = s[: -len(suf)]
            break
    if len(s) > 4:
        s = pp.TRAILING_BUILD.sub("", s)
    if len(s) > 5:
        s = pp.PART_END.sub("", s)
    return s


def is_project_name(name: str, *, allow_org: bool = False) -> bool:
    """Whether ``name`` (already trimmed) can be a specific project rather than a generic phrase.

    A name with a project head (…路, …产业园, …中心, …二期) needs only to be more than generic words;
    one without a head must also be at least 4 characters and free of abstract nouns (工作, 问题, 成效 …).

    Example:
        >>> is_project_name("重点转型"), is_project_name("云溪邮件处理中心"), is_project_name("阶段性成效")
        (False, True, False)
    """
    if len(name) < 3 or len(name) > 30:
        return False
    if not pp.HAS_LETTER.search(name):
        return False
    if pp.generic_only().fullmatch(name) or pp.modifier_end().search(name):
        return False
    if pp.campaign().search(name) or pp.breaker().search(name):
        return False
    if pp.COUNT_LEAD.match(name) or pp.CONJ_END.search(name) or pp.DATE_INSIDE.search(name):
        return False
    if pp.head_end().search(name):
        return True
    if pp.ORG_END.search(name) and not (allow_org and pp.COMPANY_END.search(name)):
        return False
    return len(name) >= 4 and not pp.weak_breaker().search(name) and not pp.verb_end().search(name)


def _trim_left(text: str, start: int, end: int) -> int:
    """Move ``start`` past the last left-boundary cue inside ``text[start:end]``.

    A cue that is the first half of a head ("提升改造") is skipped for an earlier one
    ("滨江大街提升改造" keeps its 提升; "加快推进城南污水处理厂" loses "加快推进").
    """
    start = max(start, end - _MAX_NAME)  # a name is never longer; keeps the scan short on run-on text
    bound = end
    while bound > start:
        m = pp.left_cue().match(text, start, bound)
        if m is None:
            return start
        if not pp.BARE_HEAD.fullmatch(text, m.start("cue"), end):
            return m.end()  # also when nothing is left: "新建(项目)", "区领导包保(项目)" are no names
        bound = m.start("cue")
    return start


def _strip_unpaired_quotes(s: str) -> str:
    """Quotes at the ends that have no partner inside: "“青松湾" -> "青松湾"; "城乡绿化“一环两带”" stays."""
    while s and s[0] in "“”\"'‘’" and not (s[0] == "“" and "”" in s[1:]):
        s = s[1:]
    while s and s[-1] in "“”\"'‘’" and not (s[-1] == "”" and "“" in s[:-1]):
        s = s[:-1]
    return s


def _strip_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    kept = _strip_unpaired_quotes(text[start:end])
    start += text[start:end].index(kept) if kept else end - start
    return start, start + len(kept)


def _make(text: str, start: int, end: int, rule: str, *, allow_org: bool = False) -> _Candidate | None:
    start, end = _strip_quotes(text, start, end)
    while end - start > 3 and text[start] in "及和与或":
        start += 1
    lead = pp.LEADING_VERB.match(text, start, end)
    if lead:
        start = lead.end()
    name = canonical_name(text[start:end])
    if not is_project_name(name, allow_org=allow_org):
        return None
    return _Candidate(start, end, name, rule)


def _make_all(text: str, start: int, end: int, rule: str, *, allow_org: bool = False) -> list[_Candidate]:
    """Like ``_make``, but a name joined by 和 is split when both halves are projects of their own.

    "青岚古镇商业街和云溪家居建材广场" -> two projects; "博物馆和美术馆" stays one (a short first half
    shares the rest of the name); "…安置还房和房地产开发" keeps the half that is a project.
    """
    i = text.find("和", start, end)
    if i < 0 or text.find("和", i + 1, end) >= 0:
        c = _make(text, start, end, rule, allow_org=allow_org)
        return [c] if c else []
    left = _make(text, start, i, rule, allow_org=allow_org)
    right = _make(text, i + 1, end, rule, allow_org=allow_org)
    heads = pp.head_end()
    if left and right and heads.search(left.name) and heads.search(right.name) and i - start >= 5:
        return [left, right]
    if left is None and right is None:
        return []
    if (
        left
        and heads.search(left.name)
        and (right is None or not heads.search(right.name))
        and i - start >= 5
    ):
        return [left]
    c = _make(text, start, end, rule, allow_org=allow_org)
    return [c] if c else []


def _suffix_candidates(text: str) -> list[_Candidate]:
    """Names right before 项目 / 建设项目 (see the module docstring)."""
    out = []
    # a name runs within one stretch between SUFFIX_BREAK characters and ends in 项目: scan only those with 项目
    for m in finditer_within(pp.SUFFIX_MENTION, text, breaks=pp.SUFFIX_BREAK, hint=pp.PROJECT_WORD):
        start, end = m.span("name")
        start = _trim_left(text, start, end)
        if end - start < 2:
            continue
        # a four-character name without a head ("特许经营", "产业发展") is mostly a category; it counts
        # only among sibling projects: "…、杂粮加工项目、…"
        in_list = text[start - 1 : start] == "、" or text[m.end() : m.end() + 1] == "、"
        for c in _make_all(text, start, end, "suffix", allow_org=True):
            if len(c.name) > 4 or in_list or pp.head_end().search(c.name):
                out.append(c)
    return out


def _list_items(text: str, m: re.Match[str]) -> list[tuple[int, int]]:
    """Spans of a list's items: notes in brackets dropped, "A以及B" split in two."""
    items: list[tuple[int, int]] = []
    for part in pp.LIST_ITEM.finditer(m.group("items")):
        s, e = m.start() + part.start(), m.start() + part.end()
        note = pp.LIST_NOTE_END.search(text, s, e)
        if note:
            e = note.start()
        for piece in pp.AND_SPLIT.finditer(text[s:e]):
            items.append((s + piece.start(), s + piece.end()))
    return items


def _list_candidates(text: str) -> list[_Candidate]:
    """Items of "、" lists that name projects (see the module docstring)."""
    out = []
    for m in pp.LIST_RUN.finditer(text):
        # the pre-test of _list_group for the whole run: no item can end in a head and no tail can be a
        # LIST_TAIL (each starts inside the run), so no group of it names projects
        if not pp.head_any().search(text, m.start(), m.end()) and not pp.LIST_TAIL_HINT.search(
            text, m.start(), m.end() + 4
        ):
            continue
        items = _list_items(text, m)
        if len(items) < 2:
            continue
        # the last item may run on into the predicate: "青岚湖路5月20日前启动建设"
        last_s, last_e = items[-1]
        cut = pp.RIGHT_CUT.search(text, last_s + 2, last_e)
        if cut:
            items[-1] = (last_s, cut.start())
        # the first item carries the clause's lead-in: "分别是k2路北延" -> "k2路北延"
        items[0] = (_trim_left(text, *items[0]), items[0][1])
        # an item may close a sub-list with 等, which then has its own tail:
        # "…、甲醇精馏生产装置等项目、云溪集团…工程等工业项目", "燃料乙醇、…示范电站等工程可研、论证…"
        group: list[tuple[int, int]] = []
        for s, e in items:
            cut_e = _cut_at_deng(text, s, e)
            group.append((s, cut_e))
            if cut_e < e or (s, e) == items[-1]:
                out += _list_group(text, group, text[cut_e : cut_e + 16])
                group = []
    return out


def _list_group(text: str, items: list[tuple[int, int]], tail: str) -> list[_Candidate]:
    """The projects among one list's items, given what follows the list."""
    heads = pp.head_end()
    if len(items) < 2 and not tail.startswith("等") or pp.LIST_PARTS_TAIL.match(tail):
        return []
    tail_ok = bool(pp.LIST_TAIL.match(tail))
    if not tail_ok and not pp.head_any().search(text, items[0][0], items[-1][1]):
        return []  # no item can end in a head (names are parts of the items): no list of projects
    # an item that reads like a clause is dropped; a list made mostly of clauses is no list
    clause = [bool(pp.breaker().search(text[s:e])) for s, e in items]
    if sum(clause) * 2 > len(items):
        return []
    items = [it for it, c in zip(items, clause, strict=True) if not c]
    names = [canonical_name(text[s:e]) for s, e in items]
    if not names:
        return []
    with_head = sum(1 for n in names if heads.search(n))
    if not tail_ok and with_head * 2 <= len(names):
        return []
    place = pp.PLACE_PREFIX.match(text, items[0][0], items[0][1])
    if place and len(names) > 1:
        items[0] = (place.end(), items[0][1])
    out = []
    for s, e in items:
        out += _make_all(text, s, e, "list", allow_org=tail_ok)
    return out


def _cut_at_deng(text: str, start: int, end: int) -> int:
    """The end of an item that runs on past 等 ("甲醇精馏生产装置等项目" -> "甲醇精馏生产装置")."""
    m = pp.DENG.search(text, start + 2, end)
    return m.start() if m else end


def _subject_candidates(text: str) -> list[_Candidate]:
    """Clause-leading names with a project head followed by their progress ("翠湖公园解决了…")."""
    out = []
    for m in _subject_matches(text):
        start, end = m.span("name")
        start = _trim_left(text, start, end)
        out += [c for c in _make_all(text, start, end, "subject") if pp.head_end().search(c.name)]
    return out


def _subject_matches(text: str) -> Iterator[re.Match[str]]:
    """``clause_subject`` matches, scanning only the clauses that hold a progress cue.

    A subject and the cue after it lie inside one clause (between ``SUBJECT_BREAK`` characters), so a clause
    without any cue holds no match; most clauses have none, and the pattern's lazy name is slow to fail at
    every clause start.
    """
    cue = pp.progress_cue()
    if cue is None:
        return pp.clause_subject().finditer(text)
    return finditer_within(pp.clause_subject(), text, breaks=pp.SUBJECT_BREAK, hint=cue)


def _topic_candidates(text: str) -> list[_Candidate]:
    """Paragraph-leading topics ("某某学院,占地面积600亩,…") and outline items under a project heading."""
    out = []
    heads = pp.head_end()
    pos = 0
    in_project_section = False
    for line in text.splitlines(keepends=True):
        start = pos
        pos += len(line)
        mark = pp.OUTLINE_MARK.match(line)
        body_s = start + (mark.end() if mark else 0)
        if mark and pp.TOP_HEADING.match(line):
            in_project_section = bool(pp.PROJECT_HEADING.search(line.strip().rstrip("。.:：")))
            continue
        chunk = pp.CHUNK.match(text, body_s, pos)
        if not chunk:
            continue
        s, e = chunk.span()
        if e - s > 25 or e - s < 3:
            continue
        rest = text[e : e + 12]
        s = _trim_left(text, s, e)
        name = canonical_name(text[s:e])
        whole_line = not text[e:pos].strip(" \t\r\n。.;；")
        if (
            pp.TOPIC_CUE.match(rest)
            or (heads.search(name) and rest[:1] in ",，")
            or (mark and in_project_section and whole_line)
        ):
            c = _make(text, s, e, "topic")
            if c is not None:
                out.append(c)
    return out


@functools.lru_cache(maxsize=8)
def _known_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    usable = tuple(sorted({n for n in names if len(n) >= 2}, key=lambda n: (-len(n), n)))
    if not usable:
        return None
    return re.compile(pp.alternation(usable))


def _known_candidates(text: str, known: tuple[str, ...]) -> list[_Candidate]:
    pat = _known_pattern(tuple(known))
    if pat is None:
        return []
    return [_Candidate(m.start(), m.end(), canonical_name(m.group()), "known") for m in pat.finditer(text)]


def _resolve_overlaps(cands: list[_Candidate]) -> list[_Candidate]:
    """Keep, among overlapping candidates, the one of the more reliable rule (then the longer one)."""
    ranked = sorted(cands, key=lambda c: (-_PRIORITY[c.rule], -(c.end - c.start), c.start))
    keep = [(c.start, c.end) for c in ranked]
    chosen = set(non_overlapping(keep))
    taken = [c for c in ranked if (c.start, c.end) in chosen]
    seen: set[tuple[int, int]] = set()
    out = []
    for c in sorted(taken, key=lambda c: c.start):
        if (c.start, c.end) not in seen:
            seen.add((c.start, c.end))
            out.append(c)
    return out


def non_overlapping(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Greedy selection in the given order: a span that overlaps one already kept is dropped.

    O(n log n) with a sorted list of kept spans (they never overlap, so starts and ends sort alike).

    Example:
        >>> non_overlapping([(0, 5), (3, 8), (6, 9)])
        [(0, 5), (6, 9)]
    """
    starts: list[int] = []
    ends: list[int] = []
    for s, e in spans:
        i = bisect.bisect_left(starts, e)
        if i > 0 and ends[i - 1] > s:
            continue
        if i < len(starts) and starts[i] < e:
            continue
        starts.insert(i, s)
        ends.insert(i, e)
    return list(zip(starts, ends, strict=True))
