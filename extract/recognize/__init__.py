"""Recognisers: report text -> mentions of projects, figures, dates, agreed items, issues, orgs, ...

Each recogniser is a plain function ``find_x(text: str, ctx: Context) -> list[Mention]`` over the normalised
text of one report.  It does no I/O and keeps no state between calls; rules live in ``extract.rules`` and word
lists in ``extract/rules/lexicon/*.txt``.  ``extract.pipeline`` wraps each one in a spaCy component, in the
order of ``RECOGNISERS``; a later recogniser sees the earlier ones' mentions in ``ctx.mentions`` (issues and
agreed items link to projects that way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from extract.model import FactKind, ReportKind


@dataclass(frozen=True, slots=True)
class Mention:
    """A recognised span of a report's text: ``text[start:end]``, with what was parsed from it."""

    kind: FactKind
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Context:
    """What a recogniser may know besides the text."""

    report_date: dt.date | None = None  # resolves 5月底, 一季度, 下周五 …; None when unknown (masked year)
    report_kind: ReportKind = ReportKind.OTHER
    known_projects: tuple[str, ...] = ()  # canonical names already in the corpus (PhraseMatcher)
    mentions: list[Mention] = field(default_factory=list)  # earlier recognisers' output, in pipeline order

    def of_kind(self, kind: FactKind) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]


Recogniser = Callable[[str, Context], list[Mention]]


def recognisers() -> tuple[tuple[str, Recogniser], ...]:
    """The recognisers in pipeline order, imported on first use (they load lexicons lazily)."""
    found: list[tuple[str, Recogniser]] = []
    for name, module, func in _ORDER:
        try:
            mod = __import__(f"extract.recognize.{module}", fromlist=[func])
        except ModuleNotFoundError as err:
            if err.name == f"extract.recognize.{module}":
                continue  # not written yet
            raise
        found.append((name, getattr(mod, func)))
    return tuple(found)


# (component name, module, function) — order matters: issues and items link to projects found before them.
_ORDER = (
    ("duban_dates", "dates", "find_dates"),
    ("duban_doc_refs", "docrefs", "find_doc_refs"),
    ("duban_projects", "projects", "find_projects"),
    ("duban_orgs", "orgs", "find_orgs"),
    ("duban_people", "orgs", "find_people"),
    ("duban_figures", "figures", "find_figures"),
    ("duban_meetings", "meetings", "find_meetings"),
    ("duban_issues", "issues", "find_issues"),
    ("duban_agreed", "items", "find_agreed_items"),
)
