"""Rules for the AGREED item recogniser (议定事项 / 交办事项): named regexes and the lexicons they use.

Word lists live in ``extract/rules/lexicon/item_*.txt``; alternations over them are compiled on first use with
:func:`extract.rules.issue_patterns.words_regex`.
"""

from __future__ import annotations

import functools
import re

from extract.rules.issue_patterns import lexicon, words_regex
from extract.rules.literals import literal_alternation

__all__ = ["lexicon", "words_regex", "owner_suffix_regex"]


@functools.cache
def owner_suffix_regex() -> re.Pattern[str]:
    """A responsible unit's name as the *whole* of a string: "区住建局", "市发改委", "各项目责任单位".

    Example:
        >>> bool(owner_suffix_regex().fullmatch("市国土局"))
        True
    """
    suffixes = literal_alternation(sorted(lexicon("item_owner_suffixes"), key=len, reverse=True))
    return re.compile(rf"(?:各|全)?[\u4e00-\u9fffA-Za-z0-9“”\"（）()]{{0,14}}?(?:{suffixes})")


@functools.cache
def unit_end_regex() -> re.Pattern[str]:
    """Any unit suffix or owner word: where a unit's name can end ("局", "部门", "市上").

    Example:
        >>> [m.end() for m in unit_end_regex().finditer("市国土局和市环保局要")]  # 国土 is an owner word
        [3, 4, 8, 9]
    """
    words = set(lexicon("item_owner_suffixes")) | set(lexicon("item_owner_words"))
    return re.compile(literal_alternation(sorted(words, key=len, reverse=True)))


# A subject followed by a modal: the subject is a candidate owner.  "市环保局一方面要加大…" -> 市环保局 / 要
# (一方面/也/还 between subject and modal are skipped.)
@functools.cache
def unit_then_verb_regex() -> re.Pattern[str]:
    """A unit word, adverbs, then a task or done verb, anywhere: what "省发改委定期召开…" needs at the least.

    A cheap pre-test before trying each place a unit's name may end (a clause without it names no acting unit).

    Example:
        >>> bool(unit_then_verb_regex().search("省发改委定期召开调度会"))
        True
    """
    verbs = set(lexicon("item_task_verbs")) | set(lexicon("item_done_verbs"))
    return re.compile(
        f"(?:{unit_end_regex().pattern}){UNIT_ADVERB.pattern.removeprefix('^')}"
        f"(?:{literal_alternation(sorted(verbs, key=len, reverse=True))})"
    )


@functools.cache
def any_cue_regex() -> re.Pattern[str]:
    """Any decision cue, strong or weak (``item_cues``, ``item_cues_weak``): a unit without one has no decision.

    Example:
        >>> any_cue_regex().search("加快推进项目建设") is None
        True
    """
    words = set(lexicon("item_cues")) | set(lexicon("item_cues_weak"))
    return re.compile(literal_alternation(sorted(words, key=len, reverse=True)))


# A deadline (see ``DEADLINE``) always holds one of these characters: a cheap pre-test per clause.
# "8月底前" / "年内" / "近期" / "三季度" -> a hit;  "加快推进项目建设" -> none
DEADLINE_HINT = re.compile(r"[月年期季]")

SUBJECT_MODAL = re.compile(
    r"^(?P<subj>[^，,。；;：:！!？?]{2,40}?)(?:一方面|另一方面|今后|近期|随时|也|还|都|则|首先|一定)*"
    r"(?P<modal>一定要|必须|务必|负责(?!人|同志)|要(?!求)|将|应当|需要)"
)

# "由A牵头" / "由A负责": the unit that leads.  "由发改委牵头，会同纪检、监察…" -> 发改委
LEAD_BY = re.compile(r"由(?P<owner>[^，,。；;：:]{2,40}?)(?:牵头|负责(?!人|同志)|主抓|统筹|整理|具体负责)")

# Co-owners: "会同B、C" / "B、C配合" / "协助".  "会同纪检、监察和市委、市政府的两个督查室共同研究" -> 纪检 …
CO_OWNERS = re.compile(
    r"(?:会同|协同|联合)(?P<co1>[^，,。；;：:]{2,40}?)(?:共同|一起|，|,|。|；|;|$)"
    r"|[，,](?P<co2>[^，,。；;：:由]{2,30}?)(?:配合|协助|参与)"
)

# Owner lists split on these.  "市国土局和市环保局" -> 市国土局 / 市环保局
OWNER_SEP = re.compile(r"、|和|及|与|以及|，|,")

# A deadline as written.  "8月底前" "今年10月31日前" "年底前" "年内" "3个月内" "2023年9月份" "一季度末"
DEADLINE = re.compile(
    r"(?P<dl>(?:(?P<year>20\d{2}|今|明|本)年)?"
    r"(?:(?P<month>\d{1,2})月(?:份)?(?:(?P<day>\d{1,2})[日号])?(?P<part>底|末|中旬|上旬|下旬)?"
    r"|(?P<yearpart>年底|年内|年末|年前|上半年|下半年|近期内?)"
    r"|(?P<quarter>[一二三四1-4])季度末?"
    r"|(?P<n>\d{1,2}|[一二三两四五六])个月内)"
    r"(?P<before>前|之前|以前|内|底前)?)"
)

# What a deadline is for: a completion verb close after it.  "8月底前要完成…" "年底前全面完成…"
COMPLETION = re.compile(
    r"^[^，,。；;]{0,8}?(?:完成|建成|启动|开工|竣工|投产|投入使用|交付|办结|到位|取得|实现|达到|开展|动工|交地|报送|上报)"
)

# A progress report's plain future ("于5月底完成土方工程") is a plan, not an assigned item: a deadline
# counts only with 前/内 or a modal ("要", "必须", "确保").
DEADLINE_MODAL = re.compile(r"要|必须|务必|确保|力争|限期|责令")

# Exhortations and audiences that are not owners: "会议强调…" "各级各部门要…" "我们要…" "同志们…".
NOT_OWNER = re.compile(
    r"^(?:我们|大家|同志们|各位|各级|全体|广大|相关|有关|主管|其他|其它|各有关|各相关|各单位|各部门|个别|少数|有的|有些|部分|"
    r"一些|某些|还有|就有|有|例如|比如|为|也为|但|而|并|服务|支持|帮助|引导|鼓励|推动|促进|加强|围绕|面向|聚焦|依托|"
    r"按照|根据|依据|通过|经过|此次|这次|本次|本|该|"
    r"全市上下|全县上下|全区上下|上下|党员|干部|领导干部|各级领导|我|你|他|"
    r"会议|强调|希望|号召|这|那|其|项目|工程|工作|目标|任务|资金|考核|一是|二是|三是|凡|对|在|如|若|如果|通过|"
    r"今后|今年|明年|当前|目前|同时|此外|另外|特别|尤其|重点|关键|首先|其次|主要)"
)

# Heads of exhortation: "会议强调" "希望…" are not agreed items.
EXHORTATION = re.compile(r"^(?:也|还|并|同时)?(?:会议)?(?:强调|指出|希望|号召|要求大家|倡议)")

# A task opened by a bare 要 + verb in a speech: "要加快青年路铺设进度" "要迅速启动滨河路建设".
BARE_TASK = re.compile(
    r"^(?:要|必须|务必|并|同时要|还要|更要)(?P<verb>[^，,。；;]{0,4}?)(?:加快|启动|抓好|抓紧|推进|完成|做好|实施|建成|组织力量|开工|著力|着力|著重|着重|继续)"
)

# Object words that make a bare task concrete (a works, a project, a dated target).
CONCRETE_OBJECT = re.compile(
    r"工程|项目|路|桥|厂|园|中心|小区|市场|广场|大楼|医院|学校|电站|铁路|公路|水库|\d"
)

# "将X作为Y" is a 把-construction, not a future task: "县委、县政府将推进…作为重中之重来抓".
BA_JIANG = re.compile(r"将[^，,。；;]{1,30}?(?:作为|当作|列为|纳入|摆在|放在)")

# Standing arrangements announced as decided: "成立…领导小组" "办公室设在发改委" "继续实行…制度".
INSTITUTION = re.compile(
    r"^(?:[^，,。；;]{0,12}?)(?:将|已|专门)(?:成立|组建|组成)(?:了)?[^，,。；;]{0,20}?(?:领导小组|工作组|督查组|工作专班|专班|指挥部)"
    r"|^(?:[^，,。；;]{0,8}?)(?:成立|组建)了[^，,。；;]{0,20}?(?:领导小组|工作组|督查组|工作专班|专班|指挥部)"
    r"|^(?:领导小组)?办公室设在"
    r"|^(?:要)?继续(?:实行|推行)[^，,。；;]{0,24}?(?:制度|机制)"
)

# Every ``INSTITUTION`` holds one of these: a cheap pre-test.  "成立了…领导小组" -> a hit
INSTITUTION_HINT = re.compile(r"成立|组建|组成|办公室设在|继续")

# What a weak decision cue ("明确了", "确定了") must settle to be an agreed item.
DECISION_OBJECT = re.compile(r"责任|要求|时限|时间|分工|牵头|选址|方案|措施|事项|单位")

# A lead-in that announces a list of decided or settled matters: "会议议定以下事项：" "主要解决的问题有："
AGENDA_LEAD = re.compile(
    r"(?:议定|决定|明确|确定|交办|解决的问题有|事项如下|如下事项|以下事项)[^。；;，,]{0,8}[：:]"
)

# A clause of conditions or a topic before the modal clause: "凡涉及土地征用的，国土部门必须提前介入" /
# "对已竣工的…项目，要切实强化后期管理".
TOPIC_CLAUSE = re.compile(r"^(?:今后)?(?:凡|对)[^，,。；;]{2,40}$")

# A modal clause with no subject of its own, completing a topic clause: "将优先安排…" "必须剔除" "要切实强化…"
BARE_MODAL = re.compile(r"^(?:都|也|则|均)?(?:将|必须|务必|一律)")

# "要求/建议/请 + unit + task": "要求区住建局加强协调" "建议两办今后注重加强这方面工作".
ASK_UNIT = re.compile(r"^(?:会议|明确)?(?:要求|建议|请|责成|责令)(?P<rest>[^，,。；;]{4,})")

# A decision cue that only counts decisions or names them: "议定了11个具体事项" "议定事项的落实情况".
CUE_NOT_ITEM = re.compile(
    r"^(?:了)?(?:\d+|[一二三四五六七八九十两几]+)个|^(?:的)?事项|^的|^(?:了)?(?:以下|如下|下列)|^(?:，|,)?由"
)

# A completion verb followed by an amount is a statistic, not a task: "1-6月完成投资14.9亿元".
STATISTIC = re.compile(
    r"^[^，,。；;]{0,6}?(?:完成|实现|达到)(?:了)?(?:投资|产值|总额|任务的)[\d.]|^[^，,。；;]{0,6}?(?:完成|实现)[\d.]+[万亿]?元"
)

# Time words and adverbs between a unit and its verb: "省发改委定期召开…" "旗政府近日专门下发了…"
UNIT_ADVERB = re.compile(
    r"^(?:近日|近期|今后|定期|及时|专门|负责|统一|继续|已经|已|也|还|都|先后|首先|要|将)*"
)

# The adverbs that make "unit + verb" a standing assignment rather than a past event: "省发改委定期召开…".
UNIT_STANDING = re.compile(r"定期|负责|统一|今后|将|要")

# Past markers: an item decided or done already.  "研究确定了…" "成立了…"
PAST = re.compile(r"了|已|已经")

# Clause-opening list markers to skip: "一要" "（一）" "1、".
ITEM_LEAD = re.compile(
    r"^(?:\s|[一二三四五六七八九十]+是|[一二三四五六七八九十]+要|第[一二三四五六七八九十]+|[（(][一二三四五六七八九十0-9]+[)）]|"
    r"[0-9]+[、.．]|[一二三四五六七八九十]+、|同时|另外|此外|其中|特别是|尤其是|而且?)+"
)
# ``ITEM_LEAD`` without its ^, for ``match(text, pos, endpos)`` (^ would only match at the string's start).
ITEM_LEAD_AT = re.compile(ITEM_LEAD.pattern.removeprefix("^"))

# What may follow the first clause of a task on works and still belong to it: its purpose, a second verb, or
# the rest of its list of works.  "要加快A、B工程进度，确保如期完成" / "要抓好A、B，C、D等工程前期工作"
TASK_CONTINUATION = re.compile(
    r"^(?:确保|争取|促其|以便|以|推进|加快|并|同时抓紧|抓紧)|^(?!力争|争取|加快|推进|启动|抓好|要)[^，,。；;]*、[^，,。；;]*等"
)

# What a subject "must complete": "其他9个示范村要分别完成30户建房任务" / "…必须按期建成".
MUST_COMPLETE = re.compile(r"^(?:分别|全部|全面|按时|按期|如期)?(?:完成|建成|竣工|开工|启动|投产|交付)")

# A speech's list of works may open without 要: "加快A、B、C建设步伐，确保…按时完成".
OPENING_TASK = re.compile(
    r"^(?:加快|加速推进|加速|推进|启动|力争启动|抓紧|著力解决|着力解决|著力抓好|着力抓好|继续抓好)"
)
CONCRETE_LIST = re.compile(
    r"、[^，,。；;]*(?:工程|项目|路|桥|厂|园|中心|小区|市场|广场|大楼|医院|学校|电站|铁路|公路|水库|区)"
)

# The modal that opens the clause after a unit named on its own: "省发改委、经委等部门，要建立…".
BARE_MODAL_OR_YAO = re.compile(r"^(?:都|也|则|均)?(?:要|必须|务必|负责(?!人))")

# A task laid on every member of a group: "每一个重点项目都要成立一个工作小组" / "四大班子的领导，都要联系…".
# Group "subj" is the group (in the clause, or the whole clause before a clause opening with 都要).
EVERY_TASK = re.compile(r"^(?P<subj>[^，,。；;]{2,30}?)都要(?!在|有)|^都要(?!在|有)")
EVERY_NOT = re.compile(r"^(?:各级|全体|大家|我们|同志们|这|那|希望|也希望|上下|对)|都要")

# The head of a list of tasks in a speech: "一要确保一批重点项目如期建成" "三要力争一批重点项目年内开工".
LIST_HEAD = re.compile(r"^\s*[一二三四五六七八九十]+要")

# A topic clause before a unit's assignment: "尤其是18个未开工的项目，责任单位要倒排工期".
TOPIC_BEFORE_UNIT = re.compile(
    r"^(?:尤其是|特别是|其中|对于|对)[^，,。；;]{2,40}(?:项目|工程|问题|单位|企业)$"
)

# The parts of an assignment after "由A牵头": co-owners, a deadline, the work itself.
# "区城管局配合" "于9月底前完成清表" "会同县财政局"
ASSIGNMENT_PART = re.compile(r"配合|协助|参与|会同|前完成|之前完成|内完成|底前|完成时限|限期")

# A report owed to a named unit: "我们要向省政府专题报告督查情况" "须向市委书面报告".
REPORT_TO = re.compile(
    r"(?:要|须|必须|务必|及时)向(?P<unit>[^，,。；;]{2,12}?)(?:专题|书面|及时|定期)?(?:报告|汇报|提交|报送|上报)"
)

# A numeric target set for the year: "确保今年全县固定资产投资完成45亿元" "力争全年实现产值50亿元".
TARGET = re.compile(
    r"^(?:确保|力争)(?:今年|全年|年内|年底)?[^，,。；;]{0,20}?(?:完成|达到|突破|实现|超过)[^，,。；;]{0,6}?\d"
)
