"""Naming what links two matched texts.  Not every match is a duplicate.

Glossary (the value is what gets stored):

SAME_REPORT         同一报告      one report stored twice: another file, site or script (t2s folds the script);
                                  each contains the other.
CONTAINS            包含          report b holds all of report a (seed 004: 篇十二 = 篇七 + 篇二), not vice versa.
COPIED_PASSAGE      照抄段落      a sentence or paragraph of one report repeated, near verbatim, in another of the
                                  same period (or of unknown period).
RECURRING_PROBLEM   问题反复出现  the same issue text in reports of different periods: the problem came back (or
                                  was copied forward unchanged — a reviewer decides which).
TEMPLATE_REUSE      套用模板      the same text once figures (and places) are masked, but different figures or
                                  places: the same template filled in for another period or unit.  Not a duplicate.
SHARED_FIGURE_ONLY  仅数据相同    what the two share is a short metric phrase, a figure or a place ("开工率66%" in
                                  two counties): not a duplicate, and masking must not turn it into one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from enum import Enum

from rapidfuzz import fuzz

from corpus.dedupe import rules
from corpus.dedupe.containment import containment
from corpus.dedupe.keys import match_key, unmasked_chars


class Relation(str, Enum):
    """How two matched texts relate (see the module glossary)."""

    SAME_REPORT = "same_report"
    CONTAINS = "contains"
    COPIED_PASSAGE = "copied_passage"
    RECURRING_PROBLEM = "recurring_problem"
    TEMPLATE_REUSE = "template_reuse"
    SHARED_FIGURE_ONLY = "shared_figure_only"

    @property
    def is_duplicate(self) -> bool:
        """True for the relations that mean "the same text" (merged in a duplicate group)."""
        return self in (Relation.SAME_REPORT, Relation.CONTAINS, Relation.COPIED_PASSAGE,
                        Relation.RECURRING_PROBLEM)


# A sentence must keep at least this many characters besides masked numbers and places for a match to mean
# anything: "乙县开工率66%" keeps 3 (开工率); "乙县项目资金缺口较大" keeps 8.
MIN_CONTENT_CHARS = 8


# Masked keys this similar mean "the same text"; if the figures differ too, the text is a filled-in template.
TEMPLATE_MASKED_RATIO = 0.9


def _figures(text: str) -> list[str]:
    t = unicodedata.normalize("NFKC", text)
    return sorted(rules.ARABIC_NUMBER.findall(t) + rules.CHINESE_NUMBER.findall(t))


def report_relation(a_text: str, b_text: str, *, score_cutoff: float = 0.8) -> Relation | None:
    """The relation between two whole reports, or None when they are unrelated.

    Raw containment (5-gram shingles of the match key) both ways decides SAME_REPORT / CONTAINS; if neither
    direction reaches ``score_cutoff`` but one does once numbers are masked, the reports share a template
    (TEMPLATE_REUSE).

    Example:
        >>> a = "一、上半年完成投资12亿元，开工项目30个，开工率66%。二、存在问题：征地拆迁进度缓慢。"
        >>> b = "一、上半年完成投资15亿元，开工项目41个，开工率80%。二、存在问题：征地拆迁进度缓慢。"
        >>> report_relation(a, a)
        <Relation.SAME_REPORT: 'same_report'>
        >>> report_relation(a, b)
        <Relation.TEMPLATE_REUSE: 'template_reuse'>
    """
    ab, ba = containment(a_text, b_text), containment(b_text, a_text)
    if ab >= score_cutoff and ba >= score_cutoff:
        return Relation.SAME_REPORT
    if max(ab, ba) >= score_cutoff:
        return Relation.CONTAINS
    mab = containment(a_text, b_text, mask_numbers=True)
    mba = containment(b_text, a_text, mask_numbers=True)
    if max(mab, mba) >= score_cutoff:
        return Relation.TEMPLATE_REUSE
    return None


def pair_relation(
    a_text: str,
    b_text: str,
    *,
    places: Iterable[str] = (),
    same_period: bool | None = None,
    score_cutoff: float = 0.7,
    min_content: int = MIN_CONTENT_CHARS,
) -> Relation | None:
    """The relation between two sentences or paragraphs (issues, agreed items, passages), or None.

    Args:
        a_text, b_text: the two texts as written.
        places: place names the corpus knows (masked for the template / figure checks).
        same_period: whether the two reports cover the same period; None when unknown.
        score_cutoff: rapidfuzz ratio (in [0, 1]) of the keys for a match.
        min_content: characters a key must keep besides masks for a match to count (see MIN_CONTENT_CHARS).

    Returns:
        RECURRING_PROBLEM (different periods) or COPIED_PASSAGE for a real match; TEMPLATE_REUSE when only the
        masked keys match, or the texts are the same apart from their figures; SHARED_FIGURE_ONLY when the
        match rests on a short figure/place phrase; None.

    Example:
        >>> pair_relation("甲县项目开工率66%", "乙县项目开工率66%", places={"甲县", "乙县"})
        <Relation.SHARED_FIGURE_ONLY: 'shared_figure_only'>
        >>> pair_relation("城南污水厂征地拆迁进度缓慢，影响开工", "城南污水厂征地拆迁进度缓慢，影响了开工",
        ...               same_period=False)
        <Relation.RECURRING_PROBLEM: 'recurring_problem'>
    """
    places = frozenset(places)
    raw = fuzz.ratio(match_key(a_text), match_key(b_text)) / 100.0
    ma = match_key(a_text, mask_numbers=True, places=places)
    mb = match_key(b_text, mask_numbers=True, places=places)
    masked = fuzz.ratio(ma, mb) / 100.0
    if raw < score_cutoff and masked < score_cutoff:
        return None
    if min(unmasked_chars(ma), unmasked_chars(mb)) < min_content:
        # all the two share is a metric name plus masked slots: 开工率66% in two counties
        return Relation.SHARED_FIGURE_ONLY
    if raw < score_cutoff or (masked >= TEMPLATE_MASKED_RATIO and _figures(a_text) != _figures(b_text)):
        # the same wording around different figures: "第一次推进会……议定了16个具体事项" / "第二次……8个"
        return Relation.TEMPLATE_REUSE
    if same_period is False:
        return Relation.RECURRING_PROBLEM
    return Relation.COPIED_PASSAGE
