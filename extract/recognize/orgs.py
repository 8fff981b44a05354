"""Organisations ("区住建局", "国网××供电公司", "××有限公司", "街道办事处") and people with posts.

Two regex passes for units: a department's general name with its level or place in front ("区住建局",
"云溪县发改局", "县委办督查科"), and any name ending in a multi-character unit suffix (…有限公司, …领导小组,
…管委会, …街道) whose left edge is cut at the last cue word, as for projects.  People: a post followed by a
surname-led name ("副区长张三" -> 张三 / 副区长); placeholders such as xxx are never names.
"""

from __future__ import annotations

import bisect

from extract.model import FactKind
from extract.recognize import Context, Mention
from extract.recognize.projects import non_overlapping
from extract.rules import org_patterns as op
from extract.rules import project_patterns as pp
from extract.rules.scan import finditer_anchored


def find_orgs(text: str, ctx: Context) -> list[Mention]:
    """Find the organisations named in one report.

    Args:
        text: the normalised text of one report.
        ctx: unused; part of the recogniser protocol.

    Returns:
        One ``Mention`` per occurrence with ``attrs={"name": name}``, in text order.

    Example:
        >>> [m.attrs["name"] for m in find_orgs("区住建局加强与市住建局的对接", Context())]
        ['区住建局', '市住建局']
    """
    core: list[tuple[int, int, int]] = []
    spans: list[tuple[int, int, int]] = []  # (start, end, priority)
    for m in finditer_anchored(op.core_org(), op.core_word(), text, op.LEVEL_REACH):
        start = _trim_left(text, m.start(), m.start("core"))
        if m.start("core") - start >= 3 and op.PLACE_LEAD.match(text, start):
            start += 1
        core.append((start, m.end(), 2))
    for m in op.TOWN.finditer(text):
        core.append((m.start(), m.end(), 2))
    bounds = [b.start() for b in op.BOUNDARY.finditer(text)]
    prev_end = 0
    for m in op.suffix_org().finditer(text):
        e = m.end()
        if op.POST_AFTER.match(text, e):
            continue
        i = bisect.bisect_left(bounds, m.start())
        clause_start = bounds[i - 1] + 1 if i else 0
        s = max(clause_start, prev_end, m.start() - op.NAME_WINDOW)
        prev_end = e
        s = _trim_left(text, s, e, keep=m.start())
        name = text[s:e]
        if (
            len(name) < 3
            or op.NOT_ORG_END.search(name)
            or op.PLACEHOLDER.search(name)
            or op.COUNT_LEAD.match(name)
        ):
            continue
        if op.generic_org().fullmatch(name) or pp.breaker().search(name) or pp.DATE_INSIDE.search(name):
            continue
        spans.append((s, e, 1))
    # a unit's span that is (part of) a project name is the project: "云溪邮件处理中心"
    projects = [(m.start, m.end) for m in ctx.of_kind(FactKind.PROJECT)]
    out = []
    # "区委区政府" is two units written together: a suffix span tiled by department names is dropped
    by_start: dict[int, list[int]] = {}
    for cs, ce, _ in core:
        by_start.setdefault(cs, []).append(ce)
    spans = [t for t in spans if not _tiled(t[0], t[1], by_start)]
    suffixed = _non_overlapping(spans)
    # "国网东城供电公司" is one unit: its tail "供电公司" is not listed again ("区司法局…领导小组" keeps both)
    ends = {e: s for s, e, _ in suffixed}
    core = [(s, e, p) for s, e, p in core if not (e in ends and ends[e] < s)]
    for s, e, prio in sorted(set(core) | set(suffixed)):
        name = text[s:e]
        if len(name) < 2 or op.BARE_GENERIC.match(name) or op.PLACEHOLDER.search(name):
            continue
        if prio < 2 and op.generic_org().fullmatch(name):
            continue
        if any(ps <= s and e <= pe for ps, pe in projects):
            continue
        out.append(Mention(FactKind.ORG, s, e, {"name": name}))
    return out


def find_people(text: str, ctx: Context) -> list[Mention]:
    """Find people named with their post.

    Args:
        text: the normalised text of one report.
        ctx: unused; part of the recogniser protocol.

    Returns:
        One ``Mention`` per occurrence over the name, ``attrs={"name": name, "post": post}``.

    Example:
        >>> [(m.attrs["name"], m.attrs["post"]) for m in find_people("副区长张三主持会议。", Context())]
        [('张三', '副区长')]
    """
    out = []
    for m in op.person().finditer(text):
        name = m.group("name")
        if op.PLACEHOLDER.search(name):
            continue
        out.append(
            Mention(FactKind.PERSON, m.start("name"), m.end("name"), {"name": name, "post": m.group("post")})
        )
    return out


def _tiled(start: int, end: int, by_start: dict[int, list[int]]) -> bool:
    """Whether ``[start, end)`` is covered exactly by two or more consecutive department-name spans."""
    frontier, steps = {start}, 0
    while frontier and steps < 4:
        steps += 1
        nxt = {e for s in frontier for e in by_start.get(s, ()) if e <= end}
        if end in nxt and steps > 1:
            return True
        frontier = nxt - {end}
    return False


def _trim_left(text: str, start: int, end: int, *, keep: int | None = None) -> int:
    """Move ``start`` past the last cue word (verbs, prepositions) before the unit's own name.

    ``keep`` is where the unit's suffix starts: a cue that runs into the suffix is part of the name
    ("工业项目督查组" keeps its 督查) and an earlier cue is used instead.
    """
    bound = end
    while bound > start:
        m = op.left_cue().match(text, start, bound)
        if m is None:
            return start
        overlaps = keep is not None and m.end() > keep
        names_unit = keep is not None and m.end() == keep and op.UNIT_WORD_CUE.fullmatch(m.group("cue"))
        if not (overlaps or names_unit):
            return m.end()
        bound = m.start("cue")
    return start


def _non_overlapping(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Longest first, then higher priority; a span overlapping one already kept is dropped."""
    ranked = sorted(spans, key=lambda t: (-(t[1] - t[0]), -t[2], t[0]))
    prio = {(s, e): p for s, e, p in reversed(ranked)}
    return [(s, e, prio[(s, e)]) for s, e in non_overlapping([(s, e) for s, e, _ in ranked])]
