"""MEETING recogniser: named meetings, with their date and the counts the text gives.

    "2023年4月12日，第一次推进会就6个项目存在的问题和困难进行了研究，议定了11个具体事项"
        -> name 第一次推进会, date 2023-04-12, projects 6, agreed_items 11

``attrs``: ``name`` (as written, without a leading count: "3次推进会" -> 推进会 with ``count`` 3), ``date``
(ISO when the date before it in the same sentence resolves; the masked form "201*-03-17" or the text as
written otherwise; None when no date is given), ``projects`` and ``agreed_items`` (counts stated in the
clause that follows the name, else None), ``count`` (how many times it was held, when stated).
"""

from __future__ import annotations

from extract.model import FactKind
from extract.recognize import Context, Mention
from extract.rules import patterns as P
from extract.rules.scan import finditer_anchored

# A meeting's date is given before it in the same sentence, close by ("2022年3月29日，第一次推进会").
_DATE_WINDOW = 40
# Its counts follow it, before the sentence ends ("……进行了研究，议定了11个具体事项；").
_COUNT_WINDOW = 80
_SENTENCE_END = "。；;！？\n"


def _date_before(text: str, start: int, dates: list[Mention]) -> str | None:
    best = None
    for d in dates:
        if d.end <= start and start - d.end <= _DATE_WINDOW and not any(c in text[d.end : start] for c in "。；;\n"):
            best = d
    if best is None:
        return None
    return best.attrs.get("iso") or best.attrs.get("partial") or text[best.start : best.end]


def _int(s: str | None) -> int | None:
    return int(s) if s and s.isdigit() else None


def _counts(clause: str) -> tuple[int | None, int | None]:
    projects = items = None
    pm = P.MEETING_PROJECTS.search(clause)
    if pm:
        projects = _int(pm["a"] or pm["b"] or pm["c"])
    im = P.MEETING_ITEMS.search(clause)
    if im:
        items = _int(im["a"] or im["b"] or im["c"])
    return projects, items


def find_meetings(text: str, ctx: Context) -> list[Mention]:
    """Every named meeting of one report's text, in text order.

    Example:
        >>> ms = find_meetings("第一次推进会就6个项目存在的问题进行了研究，议定了11个具体事项。", Context())
        >>> ms[0].attrs["name"], ms[0].attrs["projects"], ms[0].attrs["agreed_items"]
        ('第一次推进会', 6, 11)
    """
    dates = ctx.of_kind(FactKind.DATE)
    found: list[tuple[int, int, str | None]] = []  # (start, end, count)
    prev_end = 0
    for h in finditer_anchored(P.MEETING_HEAD, P.MEETING_HEAD_ANCHOR, text, P.MEETING_HEAD_REACH):
        # a name never reaches back into the meeting before it ("联席会议形成会议纪要")
        back = P.MEETING_NAME_BEFORE.search(text, max(prev_end, h.start() - 24), h.start())
        prev_end = h.end()
        head_text = back[0] if back else ""
        if P.MEETING_BACKREF_WORD.search(head_text):
            continue  # "这次会议", "我觉得这次会议": referred back to
        start = h.start() - len(P.MEETING_NAME_LEAD.sub("", head_text))
        opening = P.MEETING_NAME_OPENING.match(text, start, h.start())
        if opening:
            start = opening.end()
        # an unclosed bracket ends the name before it: "重要会议(包括办公会议" -> 办公会议
        cut = max(text.rfind("(", start, h.start()), text.rfind("（", start, h.start()))
        if cut >= 0 and ")" not in text[cut : h.end()] and "）" not in text[cut : h.end()]:
            start = cut + 1
        # a date is said before the name, not part of it: "28日市“双招双引”工作会议"
        for d in dates:
            if d.start <= start < d.end <= h.start():
                start = d.end
        prefix = text[start : h.start()]
        count = None
        cm = P.MEETING_COUNT_LEAD.match(prefix)
        if cm:
            count = cm["count"]
            start += cm.end()
            prefix = prefix[cm.end() :]
        if not prefix and h[0] in ("会议", "大会", "全会"):
            continue  # "会议要求", "大会指出": a meeting, but no name to record
        found.append((start, h.end(), count))
    out: list[Mention] = []
    for i, (start, end, count) in enumerate(found):
        # the counts belong to this meeting up to the end of its sentence or the next meeting
        stop = min(len(text), end + _COUNT_WINDOW)
        for j in range(end, stop):
            if text[j] in _SENTENCE_END:
                stop = j
                break
        if i + 1 < len(found):
            stop = min(stop, found[i + 1][0])
        projects, items = _counts(text[end:stop])
        attrs = {
            "name": text[start:end],
            "date": _date_before(text, start, dates),
            "projects": projects,
            "agreed_items": items,
        }
        if count is not None:
            attrs["count"] = _int(count) if count.isdigit() else count
        out.append(Mention(FactKind.MEETING, start, end, attrs))
    return out
