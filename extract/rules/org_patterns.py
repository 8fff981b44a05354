"""Compiled patterns and word lists for organisations and people (``extract.recognize.orgs``).

Word lists (``lexicon/org_core.txt``, ``org_suffixes.txt``, ``org_generic.txt``, ``posts.txt``,
``surnames.txt``) hold general vocabulary only: department names without a place, suffixes, posts, surnames.
"""

from __future__ import annotations

import functools
import re

from extract.rules.project_patterns import PUNCT, alternation, lexicon

_P = PUNCT

# A level or place in front of a department: "区" 住建局, "云溪县" 发改局, "资中" 县委, "国网青山" 供电公司.
# Up to four characters ending in a level word, or a single level character.
# The place part never holds a unit word, so "区委区政府" is two units.
LEVEL = r"(?:[^\W\d_委党政办局厅]{1,4}?[省市县区旗镇乡])?[省市县区旗镇乡]?"

# A preposition glued to the place in front of a department: "经青河市发改局审核" -> "青河市发改局".
# (和, 同, 向 are left alone: 和平区, 同江市, 向阳区.)
PLACE_LEAD = re.compile(r"[经由报在对与及]")

# Cue verbs that are also what a unit does; right before a unit suffix they belong to the name:
# "规划部门", "督查组", "考核办" (not "由规划部门" cut to "部门").
UNIT_WORD_CUE = re.compile(r"规划|督查|督办|建设|招商|审批|考核|协调|管理|监督|检查|推进|统筹|设计|编制|服务")

# Sub-units written right after a unit: "县委办督查科", "城管局执法室", "政府办督查科".
SUB_UNIT = r"(?:督查室|督办室|执法室|综合科|文秘科|调研科|政务公开办|办公室|督查科|综合股)?"

# Words that end like a unit but are not one: "格局", "大局", "督办", "全部", "干部", "核心".
NOT_ORG_END = re.compile(
    r"(?:格局|布局|大局|全局|结局|开局|当局|督办|承办|举办|创办|交办|主办|包办|代办|协办|全部|内部|外部|局部|"
    r"干部|东部|西部|南部|北部|中部|基层部|好处|难处|到处|之处|场所|住所|核心|重心|中心城区|本部|顶部|底部|"
    r"一部|全委|原委|学科|本科)$"
)

# A count in front of a unit word is a number of groups, not a unit: "38个工作小组", "一个专班".
COUNT_LEAD = re.compile(r"^[\d一二三四五六七八九十百两几]+(?:个|支|批)")

# Placeholders that are not names: "xxx", "×××", "某某", "**".
PLACEHOLDER = re.compile(r"[xX×*＊某]{2,}|^[xX×*＊某]")


@functools.cache
def core_org() -> re.Pattern[str]:
    """A department by its general name with an optional level / place and sub-unit.

    "区住建局针对部分项目…" -> "区住建局"; "与县委办督查科联合" -> "县委办督查科".
    """
    cores = alternation(lexicon("org_core"))
    return re.compile(rf"(?P<level>{LEVEL})(?P<core>{cores}){SUB_UNIT}")


@functools.cache
def core_word() -> re.Pattern[str]:
    """The department word of ``core_org`` alone: every ``core_org`` match holds one, at most
    ``LEVEL_REACH`` characters after the match starts (see ``extract.rules.scan``).

    Example:
        >>> core_word().search("区住建局针对")[0]
        '住建局'
    """
    return re.compile(alternation(lexicon("org_core")))


# The longest ``LEVEL``: four characters and a place character, then one more place character.
LEVEL_REACH = 6


@functools.cache
def suffix_org() -> re.Pattern[str]:
    """An organisation suffix of two or more characters; the name runs left from it to the clause start
    (at most ``NAME_WINDOW`` characters) and is then cut at the last cue word.

    "到湖南青岚科技有限公司召开现场办公会" -> suffix "有限公司", name "湖南青岚科技有限公司" (after "到").
    """
    return re.compile(alternation(tuple(s for s in lexicon("org_suffixes") if len(s) >= 2)))


# How far left of its suffix a unit's name may start.
NAME_WINDOW = 20

# A post right after a suffix means the suffix was part of a title: "办公室主任", "领导小组组长".
POST_AFTER = re.compile(r"[^\W\d_]?(?:长|员|书记|主任|人)")

# Clause boundaries (the left limit of a unit's name).
BOUNDARY = re.compile(rf"[{_P}]")


@functools.cache
def left_cue() -> re.Pattern[str]:
    """The last cue word before a unit's name (project cues plus "贯彻", "会同", "报经" …)."""
    words = lexicon("project_left_cues") + lexicon("org_left_cues")
    return re.compile(
        rf".*(?P<cue>{alternation(tuple(sorted(set(words), key=lambda w: (-len(w), w))))})", re.S
    )


# Units too generic to list on their own (kept when a level or place precedes them: "镇党委", "县政府").
BARE_GENERIC = re.compile(
    r"^(?:党委|党组|政府|人民政府|办公室|督查室|督查办|领导小组|工作小组|小组|管委会|研究院|委办|督查组|督导组|"
    r"工作组|推进组|专班|指挥部|部门|日报)$"
)

# Towns and townships in lists: "青石镇、云溪镇、白沙乡" (a two- or three-character name + 镇/乡/街道).
TOWN = re.compile(r"(?<=[、,，:：\s])[^\W\d_]{2,3}(?:镇|乡|街道)(?=[、,，。;；\s])")


@functools.cache
def generic_org() -> re.Pattern[str]:
    """A unit name made only of generic words: "各部门", "有关单位", "相关职能部门"."""
    words = alternation(lexicon("org_generic") + lexicon("generic_project_phrases"))
    return re.compile(rf"(?:{words})+")


@functools.cache
def person() -> re.Pattern[str]:
    """A post followed by a personal name (surname + 1-2 characters), or a name followed by 同志 / a post.

    "副区长张三主持" -> post "副区长", name "张三"; "羅社輝同志" -> name "羅社輝".
    """
    posts = alternation(lexicon("posts"))
    surnames = alternation(lexicon("surnames"))
    return re.compile(
        rf"(?P<post>{posts})(?P<name>(?:{surnames})[^\W\d_a-zA-Z]{{1,2}}?)"
        rf"(?=同志|[,，、。;；:：()（）\s]|主持|表示|带领|率|指出|强调|任|担任|介绍|说|召开|来到|等|一行|亲自|深入|到|在|对|就|带队|陪同|出席|参加|调研|检查|视察|督导|督查|赴|作|讲话|部署|要求|提出|$)"
    )
