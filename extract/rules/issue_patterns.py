"""Rules for the ISSUE recogniser (问题/困难): named regexes and the lexicons they are built from.

Every pattern here is compiled once, named, and shown with an example.  Word lists live in
``extract/rules/lexicon/*.txt`` (one entry a line, ``#`` comments) and are loaded lazily; patterns built from a
word list are compiled on first use by :func:`words_regex`.
"""

from __future__ import annotations

import functools
import re

from extract.rules.literals import literal_alternation
from extract.rules.patterns import lexicon_entries


@functools.cache
def lexicon(name: str) -> tuple[str, ...]:
    """The entries of ``lexicon/<name>.txt``: one a line, blank lines and ``#`` comments skipped.

    Example:
        >>> "受阻" in lexicon("issue_cues")
        True
    """
    return lexicon_entries(name)


@functools.cache
def words_regex(name: str) -> re.Pattern[str]:
    """One alternation over a lexicon, longest entries first (so "难度较大" wins over "较大").

    Example:
        >>> words_regex("issue_cues").search("土方回填施工受阻")[0]
        '受阻'
    """
    words = sorted(set(lexicon(name)), key=len, reverse=True)
    return re.compile(literal_alternation(words))


# A sentence (or a ；-separated list member): reports list problems as "一是…；二是…", so ； ends a unit too.
# "一是项目储备不足；二是资金缺口较大。" -> two units
SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")

# Clause separators inside a sentence.  ：also closes a lead-in ("主要表现在：一是…").
# "项目谋划储备不足，前期工作进展缓慢" -> two clauses
CLAUSE_BREAK = re.compile(r"[，,：:]")

# List markers and connectives at the start of a clause, stripped so the span starts at the problem itself.
# "二是信息质量不高" -> "信息质量不高";  "但时序进度仍然不够理想" -> "时序进度仍然不够理想"
LEAD = re.compile(
    r"^(?:\s|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+是?|首先是?|其次是?|再次是?|最后|此外|另外|同时|"
    r"但是?|但也|而且?|并且?|尤其是|特别是|具体(?:讲|说|来说)|[（(][一二三四五六七八九十0-9]+[)）]|"
    r"[0-9]+[、.．]|[一二三四五六七八九十]+、|[其再]次|还有|也)+"
)

# Trailing noise after a problem: sentence punctuation and "等等".
TRAIL = re.compile(r"(?:等等|[。！？!?；;\s])+$")

# A line that opens an outline section: "三、存在的主要问题" "（二）盯住难点" "2、城市建设重点项目"
HEADING = re.compile(r"(?m)^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|[0-9]+[、.．])")

# A sentence that introduces a list of problems; the units after it are read with the weak cues too.
# "工作中还存在一些矛盾和问题：" "差距还很大，问题也不少，主要表现在：" "究其原因，从客观上看：" "二、主要问题"
# ("对存在的问题进行梳理" does not open a list: the lead-in needs 还/也/但/仍 or a colon-style wording.)
PROBLEM_INTRO = re.compile(
    r"(?:还|也|但|仍|同时)[^。；;，,]{0,12}(?:存在|发现|暴露|面临|遇到)(?:了|着|出)?[^。；;，,]{0,10}?"
    r"(?:问题|不足|困难|差距|矛盾|隐忧|短板)"
    r"|(?:问题|不足|差距|困难)[^。]{0,12}主要表现(?:在|为)|主要表现(?:在|为)[^。]{0,6}(?:不平衡|问题|不足)|究其原因|从(?:主观|客观)上?看|问题也不少|问题(?:和|与)教训"
    r"|(?:问题|不足|困难)(?:主要)?(?:有|是|如下)[:：]|(?:三|四|五|几)个不平衡"
)

# An outline heading that names problems: "二、主要问题" "三、存在的主要问题。"
PROBLEM_HEADING = re.compile(
    r"^(?!.*(?:解决|破解|克服|化解|措施|对策))[^。\n]{0,12}(?:问题|不足|差距|困难)[^。\n]{0,10}[。]?$"
)

# A sentence that turns from problems to measures: the list of problems has ended.
# "针对上述问题，我提三点要求。" "四、下一步建议。" "要解决这些问题，关键是…"
REGION_END = re.compile(
    r"针对(?:上述|以上|这些)|(?:提|讲|强调)(?:出)?(?:以下)?[几两三四五]点|下一步|下步工作|建议[。:：]|对策|"
    r"要解决这些问题|以上(?:存在的)?(?:是|问题)|这些(?:问题|客观因素)|希望各级|意见[:：。]"
)

# A problem written as a noun phrase ending in 问题: "园区企业用工难的问题" "增设公交站点的问题".
# Group 1 is the phrase before 问题 within the clause.
NAMED_PROBLEM = re.compile(r"([^，,。；;：:、]{2,40}?)(?:等)?(?:方面)?(?:的)?(?:问题|难题|困难)")

# Determiners that make "…问题" a vague reference, not a stated problem: "存在的问题" "有关问题" "各种矛盾和问题".
VAGUE_PROBLEM = re.compile(
    r"(?:存在|遇到|出现|反映|有关|相关|各种|各类|这些|上述|以上|突出|重大|实际|深层次|一些|诸多|主要|具体|其他|"
    r"这一|这个|那个|什么|所有|类似|共性|个性|前述|以下|如下|新|老|很多|许多|不少|棘手|热点|焦点|难点|矛盾和|困难和|"
    r"问题和|中的|中|里的|上的|方面的|现实|问题|困难|矛盾|难题|发现|出|[一二三四五六七八九十两几]个)(?:的)?$"
)

# "A、B、C等多个问题得到有效解决" / "难题，包括A、B以及C等": an enumeration of problems, one issue per item.
# Group 1 holds the list.
ENUMERATED_PROBLEMS = re.compile(
    r"((?:[^，,。；;：:、]{2,40}、)+[^，,。；;：:、]{2,40}?)等(?:多个|一批|一系列|方面的?|几个|诸多)?(?:问题|困难|难题)"
)
# "A的问题、B的问题都得到了及时协调": problems each named with 问题, settled together.
LISTED_PROBLEMS = re.compile(
    r"((?:[^，,。；;：:、]{2,60}?(?:问题|困难))(?:、[^，,。；;：:、]{2,60}?(?:问题|困难))+)"
    r"(?=(?:都|均|已|已经|基本)*(?:得到|获得))"
)
# "所遇到的难题，包括土方平整、通信塔搬迁、……以及施工环境等" (the items follow 包括).
INCLUDING_LIST = re.compile(
    r"(?:难题|问题|困难)[^。；;]{0,6}[，,：:]\s*(包括(?:[^，,。；;：:、]{2,30}、)+[^，,。；;：:]{2,40}?)等"
)
# Separators inside an enumeration: "拆迁以及施工环境" splits only when both sides are long; 、 always splits.
LIST_SEP = re.compile(r"、")

# Verbs after which the problem is settled, inside the same clause: "解决了…问题" "得到有效解决".
RESOLVED_AFTER = re.compile(
    r"(?:都|均|已|已经|基本)*(?:得到|获得)(?:了)?[^，,。；;]{0,4}?(?:解决|协调|处理|化解|落实)|已(?:基本)?(?:得到)?解决"
)
RESOLVED_BEFORE = re.compile(r"(?:解决|化解|破解|协调处理|排除|理顺)了")

# A directive: the clause asks someone to act ("要加快解决…" "务必…" "必须…"), so a cue in it is a task.
DIRECTIVE = re.compile(
    r"^(?:要|必须|务必|一定要|应当|应该|需要|需|着力|切实|努力|积极|加快|及时|坚决|力争|确保|请|尽量|尽快|想方设法)"
)

# A condition or a rule's case, not a reported fact: "对整改不力的" "凡未按期完成的" "如不及时解决".
# "对未落实防控措施要求造成严重后果的" -> not an issue
CONDITIONAL = re.compile(
    r"^(?:凡|如果|若|假如|一旦|如不|若不|万一|如发现|如有|或|稍有|就可能|可能|否则|哪里|为了|为)"
    r"|的$|的(?:项目|单位|企业|部门|地方|个人)$"
    r"|有可能|可能会|可能造成|可能导致|可能存在|才能|才可能"
)

# A clause opening with 对/因/对于 whose problem only modifies a noun: "对重视不够、工作不力的项目责任单位".
# (Used with the cue position: the 的 must come after the cue.)
TOPIC_OPENER = re.compile(r"^(?:对于|对|因|凡)")

# A concession or a contrast that is not the problem: "虽然任务不多" "尽管…".
CONCESSIVE = re.compile(r"^(?:虽然|虽|尽管|即使|哪怕|不管|无论)")

# An anaphoric summary of problems already listed: "以上存在的问题和不足" "这些问题".
ANAPHORIC = re.compile(r"^(?:以上|上述|这一|(?:这些|此类|这类)(?:问题|困难|矛盾|不足)|针对|对于)")

# A criticised subject that opens a new problem ("有的部门甚至…" "少数企业…" "个别区县督查力度不够").
# Inside a list of problems such a clause is an issue even without a cue, and takes the cue-less clauses after it.
CRITIC_SUBJECT = re.compile(
    r"^(?:还有|还|也有|更有|甚至有)?(?:有的|(?:有些|少数|个别|极个别|少部分|一部分|相当一部分|部分|一些|某些)"
    r"[^，,。]{0,6}?(?:部门|单位|地方|企业|区县|县区|同志|干部|领导|项目|乡镇|地区|人员|人))"
)

# A clause that starts a new statement inside a sentence, so it is not joined to the problem before it:
# "开工项目不均衡，目前尚有12个重点项目未开工" "…严重不足，这也集中暴露了…"
NEW_STATEMENT = re.compile(r"^(?:对|目前|当前|现在|这|同时|另外|此外|其中|尤其|特别是)")

# A clause that only continues the previous one: a consequence or a bare predicate without its own subject.
# "…受阻，导致工期加长" "…重视不够，工作不得力"
CONTINUATION = re.compile(
    r"^(?:导致|致使|以至|以致|从而|造成|使得|使|甚至|而且|并且?|且|也|还|又|仍|没有|未|不|难以|无法)"
)

# A directive inside a clause ("各责任单位要结合…" "必须…"): with only weak cues the clause is a task.
# ("要求趋严" is a problem, so 要求 is not a directive.)
DIRECTIVE_ANY = re.compile(
    r"(?<!需)(?<!只)(?<!主)(?<!重)(?<!摘)要(?!求|素|害|点|件|闻)|必须|务必|一定要|应当|切实|着力|力争|针对"
)

# A bare problem word counts only where it closes the statement: "…用工难的问题" "环保问题还没解决".
BARE_PROBLEM_TAIL = re.compile(
    r"^(?:[。；;，,：:）)”]|$|还|仍|尚|没有|未|依然|越来越|得到|已|均|都|基本|日益|也|十分|非常|比较|较为|较|很|之外|以外|外)"
)

# A problem held back by something: "仍然受征地、拆迁、资金及其他因素影响" (a strong cue of its own).
HELD_BACK = re.compile(r"受[^，,。；;]{1,40}?(?:影响|制约|困扰|限制)")

# Problems referred to as a batch being handled, not stated: "交办的85个环境问题" "收集的问题".
REFERRED = re.compile(r"交办|举报|收集|梳理|排查|摸排|提出的|反映的|发现的")

# "不足六个月" "不足10%" is a quantity (less than), not a shortage.
LESS_THAN = re.compile(r"不足(?=[\d一二三四五六七八九十两半百千万])")

# A sentence that records decisions ("研究确定了A选址，B用地，C等问题"): its "…等问题" are decided matters.
DECIDED = re.compile(r"研究确定|研究决定|研究安排|研究同意|会议议定|会议决定")

# Negation before a solving verb makes the clause a problem again: "在业务层面上没有解决" "问题还没解决".
NEGATED_SOLVE = re.compile(
    r"(?:没有|没|未|未能|尚未|还未|还没有?|无法|难以|不能)(?:得到|及时|真正|有效|完全)?$"
)

# An A-not-A question ("及时不及时" "高不高"): asks whether, states no problem.
A_NOT_A = re.compile(r"([\u4e00-\u9fff]{1,2})不\1")

# An anaphoric subject clause ("这些客观因素，在一定程度上影响和制约了…"): what follows sums up, states nothing new.
ANAPHORIC_SUBJECT = re.compile(r"^(?:这些|上述|以上|此类|这类)[^，,。；;]{0,12}$")

# A problem noun, the pre-test for the list patterns above.  "…等问题" "…的困难" "难题，包括…"
PROBLEM_NOUN = re.compile(r"问题|困难|难题")

# A problem put behind: "结束了…不通旅客列车的历史" "扭转了…负增长的被动局面" is an achievement.
OVERCOME = re.compile(r"结束了|告别了|摆脱了|扭转了|终结了|彻底改变了")
