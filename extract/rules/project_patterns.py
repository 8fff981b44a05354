"""Compiled patterns and word lists for recognising named projects (``extract.recognize.projects``).

Every regex here is named, commented and carries an example.  Word lists live in ``lexicon/*.txt``
(one entry a line, ``#`` comments) and are loaded on first use; they hold general vocabulary only
(suffixes, heads, cue verbs, stop phrases), never a project or place name.
"""

from __future__ import annotations

import functools
import re

from extract.rules.literals import literal_alternation
from extract.rules.patterns import LEXICON_DIR, lexicon_entries  # noqa: F401  (tests read the files via LEXICON_DIR)


@functools.cache
def lexicon(name: str) -> tuple[str, ...]:
    """Entries of ``lexicon/<name>.txt``, longest first (so alternations prefer the longest word).

    Example: ``lexicon("project_suffixes")`` -> ``("建设项目", "工程项目", "项目")``.
    """
    return tuple(sorted(dict.fromkeys(lexicon_entries(name)), key=lambda w: (-len(w), w)))


def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of ``words`` (longest first), escaped; a trie when they are longest first."""
    return literal_alternation(words)


# Characters that end a name: punctuation, brackets, quotes, whitespace, list and caption markers.
# "—" is not here: "青石—白沙旅游公路" is one name.
PUNCT = r"\s,，。．.;；:：!！?？、()（）\[\]【】{}「」『』“”\"'‘’《》<>〈〉…·•△▲▼●◆■□☆★※/|~～"
_P = PUNCT

# A short bracketed part inside a name, kept with it: "城东(云溪)农产品物流园", "县经济开发区保障房(公租房)".
# Not outline numbers ("(一)", "(3)") and not notes with digits ("(占地196亩)").
INNER_PAREN = rf"(?<=[^{_P}])[(（](?![一二三四五六七八九十\d]+[)）])[^{_P}\d]{{1,6}}[)）](?=[^{_P}])"

# A short quoted part inside a name, kept with it: "城乡绿化“一环两带”项目" -> 城乡绿化“一环两带”.
INNER_QUOTE = rf"(?<=[^{_P}])[“\"][^“”\"{_P}]{{1,8}}[”\"]"

# A name immediately followed by 项目 / 建设项目 / 工程项目; the name runs left to the previous punctuation
# (the left boundary is refined by the cue words afterwards).
# "…办结率达到97%,翠湖苑项目用地范围内违建拆除" -> name "翠湖苑", suffix "项目"
# The name may only start where a clause starts (or right after the previous 项目), which keeps the scan linear.
SUFFIX_MENTION = re.compile(
    rf"(?:(?<![^{_P}])|(?<=项目))(?P<name>(?:{INNER_PAREN}|{INNER_QUOTE}|(?!项目)[^{_P}])+?)(?P<suffix>建设项目|项目)"
)

# What a SUFFIX_MENTION never holds: punctuation other than the brackets and quotes of INNER_PAREN and
# INNER_QUOTE.  "…达到97%,翠湖苑项目" -> the stretch after ","
SUFFIX_BREAK = re.compile(rf"(?![()（）“”\"])[{_P}]")
# What every SUFFIX_MENTION holds.
PROJECT_WORD = re.compile("项目")

# A run of name characters between punctuation (a clause chunk), used for lists and topics.
# "分别是k2路北延、k9路、g3路" -> "分别是k2路北延", "k9路", "g3路"
CHUNK = re.compile(rf"(?:{INNER_PAREN}|[^{_P}])+")

# A list of names separated by "、" (at least two items, each 2-25 characters, each may carry a bracketed
# note), with what follows it.
# "恒泰冶金、江南瑞丰、西部循环产业园等项目建设现场" -> items + tail "等项目建设现场"
# "东湖公园改造(占地120亩)、市民广场建设(占地80亩)" -> two items, notes dropped
LIST_NOTE = r"(?:[(（][^()（）\n]{1,15}[)）])"
# A list starts where a clause starts; its first item may carry a lead-in ("分别是…"), so it may be longer.
_ITEM = rf"(?:{INNER_PAREN}|[^{_P}])"
LIST_RUN = re.compile(
    rf"(?<![^{_P}])(?P<items>{_ITEM}{{2,40}}{LIST_NOTE}?、(?:{_ITEM}{{2,25}}{LIST_NOTE}?、)*{_ITEM}{{2,25}})"
)

# What comes right after a list of projects: "等项目", "等5个项目", "等一大批重点建设项目", "等在建小区",
# "等17块地段".  Without 等 ("全民动员、全民支持项目建设") the items must speak for themselves.
_LIST_CATEGORY = (
    r"(?:建设项目|工程项目|项目|工程|道路|小区|居住小区|住宅小区|市场|专业市场|园区|地块|地段|区域|电站)"
)
LIST_TAIL = re.compile(rf"^(?:等+|以及其他|及其他)[^,，。;；、]{{0,9}}?{_LIST_CATEGORY}")
# What a LIST_TAIL starts with ("以及其他" ends in 及其他): a cheap pre-test over a whole list.
LIST_TAIL_HINT = re.compile(r"等|及其他")

# A leading place name that a list's first item carries for the whole list ("青岚区恒泰冶金、江南瑞丰…").
# "青岚区恒泰冶金" -> "恒泰冶金" (only stripped from a list's first item, and only when the rest is >= 3 chars)
PLACE_PREFIX = re.compile(r"[^\d\W]{1,4}(?:省|市|县|区|镇|乡|旗)(?=[^\W\d]{3,})(?![委政党])")

# A paragraph-leading topic: the first clause of a line, followed by a description of a project.
# "云溪师范学院分院,占地面积600亩,一期教学楼…" -> topic "云溪师范学院分院"
TOPIC_CUE = re.compile(
    r"^[,，:：]?(?:占地|总占地|用地|总投资|计划总投资|计划投资|项目总投资|投资|位于|规划|建筑面积|总建筑面积|"
    r"一期|二期|建设内容|建设规模|主要建设|新建|该项目|项目)"
)

# Outline markers at the start of a line: "一、" "(一)" "1." "1、" "(1)" "①".
OUTLINE_MARK = re.compile(
    r"^\s*(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|"
    r"\d{1,3}[、.．](?!\d)|[①-⑳])\s*"
)

# Numbers with measure words, which never make a name on their own ("75个", "3000万元以上", "2-4项").
NUMBER_PIECE = r"[\d.\-~～至一二三四五六七八九十百千万亿两几多余]+(?:个|项|批|类|大|家|条|处|所|座|亿元|万元|元|年|月|期)?"


@functools.cache
def generic_only() -> re.Pattern[str]:
    """Matches a candidate made only of generic pieces: "重点转型", "全市重点建设", "75个新开工".

    >>> bool(generic_only().fullmatch("重点转型"))
    True
    """
    words = alternation(lexicon("generic_project_phrases"))
    return re.compile(rf"(?:{words}|{NUMBER_PIECE})+")


@functools.cache
def left_cue() -> re.Pattern[str]:
    """Finds the last left-boundary cue in a candidate: ``.*(cue)``; the name starts at ``m.end()``.

    "建设中的青云高速云溪服务区" -> end after "的"; "加快推进城南污水处理厂" -> end after "推进".
    """
    return re.compile(rf".*(?P<cue>{alternation(lexicon('project_left_cues'))})", re.S)


@functools.cache
def campaign() -> re.Pattern[str]:
    """Campaign / mechanism words: "百日攻坚", "两帮两促", "项目建设攻坚年" are not projects."""
    return re.compile(alternation(lexicon("campaign_words")))


@functools.cache
def _head_end() -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation(lexicon('project_heads'))})$")


@functools.cache
def head_any() -> re.Pattern[str]:
    """A project head anywhere (not only at the end): a cheap pre-test for a run of text that may name none.

    Example:
        >>> head_any().search("全民动员、全民支持") is None
        True
    """
    return re.compile(alternation(lexicon("project_heads")))


@functools.cache
def _head_exception() -> re.Pattern[str]:
    words = lexicon("project_head_exceptions")
    exact = tuple(w for w in words if not w.startswith("*"))
    ending = tuple(w[1:] for w in words if w.startswith("*"))
    return re.compile(rf"^(?:{alternation(exact)})$|(?:{alternation(ending)})$")


class _HeadEnd:
    """``search(name)``: the name ends in a project head ("…产业园", "…路北延", "…二期") and is more than
    a common word that merely ends like one ("思路", "一线", "服务中心", "小区")."""

    def search(self, name: str) -> re.Match[str] | None:
        m = _head_end().search(name)
        if m is None or _head_exception().search(name) or m.start() == 0 and len(name) < 3:
            return None
        return m


_HEAD_END = _HeadEnd()


def head_end() -> _HeadEnd:
    """A name that ends in a project head: "…产业园", "…路北延", "…二期", "…棚户区改造"."""
    return _HEAD_END


@functools.cache
def clause_subject() -> re.Pattern[str]:
    """A clause that opens with a headed name followed by its progress: the name is a project.

    "…竣工投产,青山20万千瓦燃气调峰示范电站竣工投产" -> "青山20万千瓦燃气调峰示范电站";
    "翠湖公园解决了苗木迁移补偿" -> "翠湖公园".
    """
    heads = alternation(lexicon("project_heads"))
    cues = alternation(lexicon("project_progress_cues"))
    return re.compile(
        rf"(?:(?<=[。;；!！?？\n,，:：、])|^)(?P<name>(?:{INNER_PAREN}|[^{_P}]){{1,24}}?(?:{heads}))"
        rf"(?:建设|工程|项目)?(?=(?:{cues}))",
        re.M,
    )


# Where a clause subject may start: right after one of these (or at a line start); a subject never spans one.
# "…竣工投产,青山…电站竣工投产" -> the subject starts after ","
SUBJECT_BREAK = re.compile(r"[。;；!！?？\n,，:：、]")


@functools.cache
def progress_cue() -> re.Pattern[str] | None:
    """Any progress cue of ``clause_subject``; None when a cue holds a ``SUBJECT_BREAK`` character (then a
    clause without a cue cannot be skipped before the full scan).

    Example:
        >>> progress_cue().search("翠湖公园解决了苗木迁移补偿") is not None
        True
    """
    cues = lexicon("project_progress_cues")
    if any(SUBJECT_BREAK.search(c) for c in cues):
        return None
    return re.compile(alternation(cues))


# A trailing word dropped from a canonical name: "生态公园建设" -> "生态公园", "…建设工程" keeps 工程.
TRAILING_BUILD = re.compile(r"(?:建设|新建工程建设)$")

# Company endings: a company named before 项目 or in a list "…等四个项目" is treated as a project.
# "青岚工业园有限公司项目" -> 青岚工业园有限公司
COMPANY_END = re.compile(r"(?:公司|集团|厂)$")

# A count phrase, never a name: "12个专业市场", "15条商业街", "3座大桥"; nor a phase of the project the
# paragraph is about: "一期教学楼已经完成" (the 一期 of "某某学院").
COUNT_LEAD = re.compile(r"^[\d一二三四五六七八九十百千两几]+(?:个|条|座|家|所|处|项|批|块|片|栋|幢|大|期)")

# A name that ends in a conjunction is the first half of a coordination: "企业资质和(项目经历)".
CONJ_END = re.compile(r"(?:和|与|及|以及|或|或者|并|同|跟)$")

# A date inside a candidate means it is a clause: "9月8日县委召开(项目推进大会)".
# "等" inside one means it ran past the end of a list: "12万户危旧房改造等涉及高新技术".
# An amount inside one means it is a figure: "总投资1594亿元".
DATE_INSIDE = re.compile(r"\d{1,2}月\d{1,2}日|\d{2,4}[*＊xX×]*年|等|\d[\d.]*[万亿]?元")

# Organisation endings that make a list item a unit rather than a project ("区住建局", "…有限公司").
ORG_END = re.compile(
    r"(?:局|委|办|厅|部|处|科|室|所|院|会|组|队|站|公司|集团|银行|政府|街道|办事处|管委会|党委|支部)$"
)


@functools.cache
def modifier_end() -> re.Pattern[str]:
    """A candidate ending in a word that only modifies 项目: "成立全县重点" (…重点项目) is not a name."""
    return re.compile(rf"(?:{alternation(lexicon('project_modifiers'))})$")


@functools.cache
def breaker() -> re.Pattern[str]:
    """Adverbs, modals and pronouns that never sit inside a project name: "可操作性更强", "认真分析"."""
    return re.compile(alternation(lexicon("project_breakers")))


@functools.cache
def weak_breaker() -> re.Pattern[str]:
    """Abstract nouns that rule out a candidate without a project head: "阶段性成效", "工作协助"."""
    return re.compile(alternation(lexicon("project_breakers_weak")))


@functools.cache
def verb_end() -> re.Pattern[str]:
    """A headless candidate ending in a verb or locative is the object slot of "动词+项目": "我市新上"."""
    return re.compile(rf"(?:{alternation(lexicon('project_verb_ends'))})$")


# Parts of one project, dropped from the end of a name: "城北商业区一期主体工程" -> "城北商业区一期".
PART_END = re.compile(r"(?:主体工程|主体|配套工程|附属工程)$")

# A leading verb left on a name once the cue before it was cut: "建设生态公园" -> "生态公园".
LEADING_VERB = re.compile(r"(?:建设|新建|开工建设|实施|开发|启动|推进)(?=\S{3,})")

# A heading that introduces a list of projects (its outline items are project names):
# "二、项目点位及建设时限", "(三)重点项目建设情况"
PROJECT_HEADING = re.compile(
    r"项目(?:点位|名称|清单|名单|一览|及建设|安排|布局)|(?:重点|重大|建设)项目(?:情况)?$"
)

# A list tail that names parts of one project, not projects: "一期教学楼、学生公寓、实验楼等主体工程".
LIST_PARTS_TAIL = re.compile(r"^等*(?:主体|配套|附属|单体|基础|公共)")


# The end of a list's last item when no punctuation closes it: "青岚湖路5月20日前启动建设" -> "青岚湖路".
RIGHT_CUT = re.compile(
    r"(?:(?<![平对相同均初高中优上次特超何])等|项目|进度|的|建设|步伐|工作|拆迁|已|于|正在|正|将|进展|均|共|相继|即将|交付|启动|完成|开工|建成|顺利|全面|"
    r"分别|作为|目前|计划|预计|年内|今年|力争|争取|问题|融资|资金|手续|用地|征地|前期|可研|环评|"
    r"\d+月|\d+日|\d{4}年)"
)

# At least one letter (Han or Latin), so "2-4" or "…" never count as a name.
HAS_LETTER = re.compile(r"[^\W\d_]")

# The items of a list run, and a bracketed note closing an item: "东湖公园改造(占地196亩)".
LIST_ITEM = re.compile(r"[^、]+")
LIST_NOTE_END = re.compile(LIST_NOTE + "$")

# "A以及B" inside one list item is two items: "翠湖嘉园二期以及和平路居住小区".
AND_SPLIT = re.compile(r"(?:(?!以及).)+")

# A top-level outline heading ("二、项目点位及建设时限"): it opens or closes a section of project names.
TOP_HEADING = re.compile(r"\s*[一二三四五六七八九十]+[、.．]")

# 等 closing a sub-list inside an item ("甲醇精馏生产装置等项目"), not the 等 of 平等, 对等, 相等 …
DENG = re.compile(r"(?<![平对相同均初高中优上次特超何])等")

# A remainder that is only a head or a change word is no name of its own: "改造", "二期", "提升改造".
BARE_HEAD = re.compile(
    r"(?:提升|升级|拓宽|改扩|改|扩|新|续|迁|技)?(?:改造|建设|工程|二期|三期|一期|四期|扩建|加固|改建)"
)
