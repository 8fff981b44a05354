"""Named regexes for numbers, figures, dates, document numbers and meetings.

Every pattern is compiled once, named, and shown with an example.  Patterns that are built from a word list
(units, measure words) are compiled on first use by a ``functools.cache`` function, because the word lists
are data files in ``extract/rules/lexicon/`` loaded lazily.  Other recognisers keep their own rules modules
(``issue_patterns.py`` ...); this one holds what is about numbers and time.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from extract.rules.literals import literal_alternation

LEXICON_DIR = Path(__file__).parent / "lexicon"


@functools.cache
def lexicon_entries(name: str) -> tuple[str, ...]:
    """The entries of ``lexicon/<name>.txt``: one a line; blank lines and lines starting with ``#`` skipped.

    Only whole-line comments: "%" and "μg/m3" are entries, and a unit list may need "#" one day.

    Example:
        >>> "个百分点" in lexicon_entries("units")
        True
    """
    path = LEXICON_DIR / f"{name}.txt"
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            out.append(entry)
    return tuple(out)


@functools.cache
def unit_aliases() -> dict[str, str]:
    """Surface unit -> canonical unit, from ``units.txt`` ("平米 = 平方米") and ``measure_words.txt``.

    Example:
        >>> unit_aliases()["平米"]
        '平方米'
    """
    out: dict[str, str] = {}
    for name in ("units", "measure_words"):
        for entry in lexicon_entries(name):
            surface, _, canonical = (part.strip() for part in entry.partition("="))
            out[surface] = canonical or surface
    return out


@functools.cache
def count_units() -> frozenset[str]:
    """The units recorded for counts (measure words, canonical): 个, 项, 次, 个月 ...

    Example:
        >>> "项" in count_units() and "元" not in count_units()
        True
    """
    return frozenset(
        (canonical.strip() or surface.strip())
        for surface, _, canonical in (e.partition("=") for e in lexicon_entries("measure_words"))
    )


def _alternation(words) -> str:
    # longest first, so "个百分点" wins over "个" and "平方米" over "平方"
    return literal_alternation(sorted(set(words), key=lambda w: (-len(w), w)))


# --- number fragments (strings, combined below) ------------------------------------------------------------

# Arabic number: "320", "1,250", "123.9", "３２０" (full width).  A comma is a thousands separator only before
# exactly three digits ("1,250万元"), otherwise it separates list items ("2,3,4"); the Chinese comma "，"
# always ends a clause ("新建学校3，150所改造" is 3 and 150).
NUM_ARABIC = r"[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?"

# A whole string that is one Arabic number, sign allowed: "-33.9", "1,250".  "1,2" is a list, not a number.
ARABIC_NUMBER = re.compile(rf"[+-]?{NUM_ARABIC}")

# Chinese numeral: "一千二百万", "两", "百", "十二", "三十五".  Checked by numbers.parse_chinese.
NUM_CHINESE = r"[零〇一二两三四五六七八九十百千万亿]+"

# Characters a number is written with, Arabic or Chinese.
NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千万亿")

# Multiplier after an Arabic number: "4.2万亩", "320亿元", "45.6个亿", "5千万元".  千 is not a multiplier
# in front of 米/瓦/克 (5千米 is 5 公里, 千瓦 is a unit).
MULTIPLIER = r"(?:个亿|万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千(?![米瓦克])|百(?![分]))"

# Words that make a figure approximate, before the number ("近300次", "约3亿元", "超过22公里") and after it
# ("220余个", "10多种", "4年左右", "80%以上").  FORMAT.md names 近/余/多/约/左右/以上; the gold notes add
# 超过/不到/不足/不低于 (bounds), which are recorded as approx too.
APPROX_BEFORE = (
    r"(?<![附最靠临就逼贴])近|(?<![签制节相公条预邀契集])约|大约|将近|接近|超过|逾|不到|不足|不少于|不低于|不会低于|"
    r"不超过|多达"
)
APPROX_AFTER = r"左右|以上|上下|之多|多(?![功样元种彩层媒方项])|余"

# The denominator of a rate: "3500元/平方米", "1.2万元/亩", "80元/人".
RATE_PER = r"平方米|平米|㎡|m2|亩|吨|人|户|月|年|天|日|小时|公里|千瓦时|度|立方米|辆|个|次|件|公斤|千克|kg|斤|台|套"

# Range separator between two numbers: "2-4项", "3至5个", "七、八个月", "80、90个亿".
RANGE_SEP = r"[-—–~～至到、]|——"


@functools.cache
def figure_pattern() -> re.Pattern[str]:
    """A number, an optional range end, multiplier and approx words, then a unit or measure word.

    Groups: pre (approx word before), sign, n1, n2 (range end), times (the "2" of "2×60万千瓦"), q1/q2
    (余/多 inside), mult (万/亿 ...), unit, post (approx word after).

    Example:
        >>> figure_pattern().search("总投资320亿元，其中")["unit"]
        '元'
        >>> figure_pattern().search("每人包保2-4项重点")["n2"]
        '4'
    """
    units = _alternation(unit_aliases())
    num = rf"(?:{NUM_ARABIC}|{NUM_CHINESE})"
    return re.compile(
        # cheap first-character test: most positions of a text cannot start a figure (speed, not meaning)
        r"(?=[近约大将接超逾不多0-9０-９零〇一二两三四五六七八九十百千万亿\-−])"
        rf"(?P<pre>{APPROX_BEFORE})?"
        rf"(?:(?P<times>[0-9]+)[×xX*])?"
        rf"(?P<sign>(?<![0-9A-Za-z])[-−])?"
        # an Arabic number never starts inside another number, a word or a placeholder ("20xx", "pm2.5")
        rf"(?(times)|(?<![0-9０-９.．A-Za-z×*＊]))(?P<n1>{num})"
        rf"(?:(?P<sep>{RANGE_SEP})(?P<n2>{num}))?"
        # "45.6个亿", "80、90个亿": colloquial 亿元, the unit 元 left out
        rf"(?:(?P<geyi>个多?亿)元?|(?P<q1>余|多)?(?P<mult>{MULTIPLIER})?(?P<q2>余|多)?"
        rf"[ \u3000]?(?P<unit>{units})(?:/(?P<per>{RATE_PER}))?)"
        rf"(?P<post>{APPROX_AFTER})?"
    )


@functools.cache
def shared_unit_pattern() -> re.Pattern[str]:
    """A number that shares the unit of the figure right after it: "高7.7和20.3个百分点" -> 7.7 个百分点,
    "分别为6万、3.8万、3.3万平方公里" -> 60000 and 38000 平方公里.

    Group ``n`` is the number, ``mult`` its own multiplier; the figure after it must start at ``end()``.

    Example:
        >>> shared_unit_pattern().search("分别高7.7和20.3个百分点")["n"]
        '7.7'
    """
    return re.compile(
        rf"(?<![0-9０-９.．A-Za-z])(?P<n>{NUM_ARABIC})(?P<mult>{MULTIPLIER})?(?:和|及|与|、)(?={NUM_ARABIC})"
    )


# "九大重点项目": N大 counts projects when 项目 follows (other N大 are slogans: 三大攻坚战, 十大工程, 四大班子).
BIG_N_PROJECTS = re.compile(r"(?<![第0-9一二两三四五六七八九十])(?P<n>[一二两三四五六七八九十]+)大(?=(?:重点|重大)?项目)")

# Fraction written out: "三分之一", "1/3以上" (percent in the gold set).  A slash fraction needs a one-digit
# denominator so that dates such as 3/29 never read as fractions.
FRACTION = re.compile(
    rf"(?P<pre>{APPROX_BEFORE})?"
    rf"(?:(?P<den>[一二三四五六七八九十百千]+|[0-9]+)分之(?P<num>[一二三四五六七八九十百]+|[0-9]+(?:\.[0-9]+)?)"
    r"|(?<![0-9./])(?P<a>[0-9])/(?P<b>[2-9])(?![0-9/]))"
    rf"(?P<post>{APPROX_AFTER})?"
)
# What every FRACTION holds: "三分之一" "1/3".
FRACTION_HINT = re.compile(r"分之|/")

# An Arabic head with a multiplier tail, as numbers.parse_number reads it: "4.2万", "45.6个亿".
ARABIC_WITH_MULTIPLIER = re.compile(rf"(?P<head>{NUM_ARABIC})(?P<mult>{MULTIPLIER})")

# Two neighbouring Chinese digits are a vague range: "七八个" -> [7, 8], "两三次" -> [2, 3].
CHINESE_PAIR = re.compile(r"(?P<a>[一二两三四五六七八九])(?P<b>[二三四五六七八九十])")

# --- what a figure is not ----------------------------------------------------------------------------------

# 第 before a number makes it an ordinal: "第一次推进会", "第3批", "居全国第2位".
ORDINAL_BEFORE = re.compile(r"第\s*$")

# Session numbers of a meeting: "二届八次全体会议", "省九次党代会", "十四次全体会议".
SESSION_AFTER = re.compile(r"(?:全体|全会|全委|党代会|代表大会|常委|常务)")
SESSION_BEFORE = re.compile(r"届[^，。；,;]{0,6}$")

# Phase names: "一期318亩用地", "二期工程", "三期" — a Chinese numeral with 期 is a phase unless counted
# ("分两期", "共三期").
PHASE_COUNT_CUE = re.compile(r"(?:分为|分成|分|共|计|办|出|编制了?|刊发了?)\s*$")

# A Chinese "一" with a measure word is mostly an article ("一批项目", "一项系统工程", "一种形式"); it is a
# count only after a word that stresses the number ("剩余一家砂场", "至少保持一人在班", "暂定为一年") or with a
# measure word that is rarely used as an article.
ONE_COUNT_CUE = re.compile(r"(?:至少|仅|只有|只|剩余|剩下|暂定为|还有|尚有)[^，。；,;]{0,3}$")
ONE_COUNT_UNITS = frozenset({"栋", "幢", "个月", "座", "宗", "户", "亩"})

# "二" (not 两) before a measure word is an ordinal or a compound: 二次创业, 二元体制, 二期, 二级 — but 二人.
TWO_ORDINAL_UNITS_OK = frozenset({"人", "名", "人次"})

# Counts referred back to ("这两天我们看了", "前两次会议", "近两年") are not new figures; 近 only for time
# spans ("近300次" is an approximate count).
BACKREF_BEFORE = re.compile(r"(?:这|那|前|上述|以上)$")
TIME_BACKREF_BEFORE = re.compile(r"(?:这|那|前|近|头|最近)$")
TIME_UNITS = frozenset({"天", "年", "周", "个月", "小时"})

# Ranks: "居全省第2位" (第 is caught by ORDINAL_BEFORE), "位列全国前10名", "排名前5位" are places, not counts.
RANK_BEFORE = re.compile(r"(?:居|列|排|前)[^，。；,;]{0,3}$")
RANK_UNITS = frozenset({"位", "名"})

# Units of size and capacity that appear inside project names: "8万吨乙二醇", "20万千瓦光伏电站", "16米支路".
NAME_SIZE_UNITS = frozenset({"吨", "千瓦", "兆瓦", "mw", "米", "立方米", "平方米", "亩", "公里", "辆", "标准箱", "千瓦时"})

# Measure words never counted in 万/亿: "城区人口超50万县" counts people, "400亿级产业" is a class of size.
NO_MULTIPLIER_UNITS = frozenset({"省", "市", "县", "级", "类"})

# A count whose clause goes on with a verb names what it counts before it: "由75个增加为98个".
OF_VERB_START = re.compile(r"(?:增加|减少|增长|下降|提高|达到|已|正在|为|被|是|完成|占|比|以上|以下|左右|的)")

# Vague multiples: "几十亿元", "数百个", "上千家" are not figures.
VAGUE_BEFORE = re.compile(r"(?:几|数|若干)$")

# An opening quote before a Chinese numeral starts a slogan: “四个全面”, “四个大讨论”.
QUOTE_BEFORE = re.compile(r"[“\"‘「『]$")

# A figure directly before these is part of a name or a time, not a quantity: "2个月" is fine, but
# "一次性" (adverb), "两年内" is fine.  Keyed by unit.
NOT_AFTER_UNIT: dict[str, re.Pattern[str]] = {
    "次": re.compile(r"性"),
    "个": re.compile(r"(?:体|别|性)"),
    "期": re.compile(r"(?:工程|项目|用地|建设|厂房|开发|间|限|望|待|盼)"),  # "3期工程" is a phase
    "批": re.compile(r"(?:准|复|示|评|发|判)"),
    "座": re.compile(r"(?:谈)"),
    "部": re.compile(r"(?:署|分|长|队|委)"),
    "层": re.compile(r"(?:面|级|次)"),
    "位": re.compile(r"(?:于|置|居|列)"),
    "列": re.compile(r"(?:入|为|出|席|举)"),
    "架": re.compile(r"(?:构|设|空)"),
    "年": re.compile(r"(?:[月度底初末终中代级]|以来|来|前|后)"),
    "天": re.compile(r"(?:[下]|津)"),
    "周": re.compile(r"(?:[一二三四五六日天末年岁])"),
    "名": re.compile(r"(?:列|次|单|义|称|牌|片|录)"),
    "件": re.compile(r"(?:事)"),
    "处": re.compile(r"(?:长|级|理|置)"),
    "道": re.compile(r"(?:路|德)"),
    "头": re.compile(r"(?:脑)"),
    "场": re.compile(r"(?:所|地|景)"),
    "口": re.compile(r"(?:号|径)"),
    "组": re.compile(r"(?:织|成|长)"),
    "级": re.compile(r"(?:别|领|政|党|以上|干部|部门|单位|重点|财政|机关)"),
    "类": re.compile(r"(?:似)"),
    "种": re.compile(r"(?:植|子)"),
    "起": re.compile(r"(?:来|到|草|步|始)"),
    "台": re.compile(r"(?:阶)"),
    "支": re.compile(r"(?:持|付|撑|出)"),
    "张": re.compile(r"(?:力)"),
    "片": re.compile(r"(?:区)"),
    # "207省道", "市场", "县城": a count of provinces / cities / counties only when nothing joins on
    "省": re.compile(r"(?:道|级|委|政府|内|外|份|长|会|直|属|部)"),
    "市": re.compile(r"(?:场|民|区|委|政府|级|县|直|长|值|政|容|属|面|内|外|级)"),
    "县": re.compile(r"(?:级|委|政府|城|域|长|区|市|内|外|直|属)"),
}

@functools.cache
def fixed_phrase_pattern() -> re.Pattern[str]:
    """Any entry of ``fixed_phrases.txt``: a figure inside one is not a figure.

    Example:
        >>> fixed_phrase_pattern().search("建立“四个一”机制")[0]
        '四个一'
    """
    words = sorted(lexicon_entries("fixed_phrases"), key=len, reverse=True)
    return re.compile(literal_alternation(words))


@functools.cache
def count_not_after_pattern() -> re.Pattern[str]:
    """Any entry of ``count_not_after.txt``, matched right after a Chinese-numeral count's measure word.

    Example:
        >>> count_not_after_pattern().match("方面讲几点意见") is not None
        True
    """
    words = sorted(lexicon_entries("count_not_after"), key=len, reverse=True)
    return re.compile("(?:" + literal_alternation(words) + ")")


# Slogans built from 一: "一个项目、一名领导、一个专班、一抓到底", "一周一督查", "一村一律师" — a "一" count
# whose clause repeats "一" right after a 、 or after one or two characters.
ONE_SLOGAN = re.compile(r"[^，。；：,;:\n]{0,8}?(?:、一|一[^一二三四五六七八九十个]{0,2}(?:[、，。”]|$))")

# Quoted slogans counted by 个: 五个“比”、四个“防”, 四个“一”.
QUOTE_AFTER = re.compile(r"[“\"‘「『]")

# Web-page counters and boilerplate: "点击量:3509", "阅读 67.6K".
BOILERPLATE_BEFORE = re.compile(
    r"(?:点击量|点击数|点击|浏览量|浏览次数|浏览|阅读量|阅读数|阅读|访问量|访问|评论|转发|点赞|分享|收藏)\s*[:：]?\s*$"
)

# "2×60万千瓦" multiplies out (two units of 60万千瓦); "7×24小时" is a slogan, not 168 hours.
TIMES_UNITS = frozenset({"千瓦", "兆瓦", "mw", "吨", "台", "套", "立方米"})

# Clause separators, used to cut a figure's ``of`` out of its sentence.
CLAUSE_BREAK = re.compile(r"[，。；：！？,;:!?\n（）()“”\"《》【】、]")

# Everything up to and including the last clause separator (``match(text, pos, endpos)``: where the clause
# before ``endpos`` starts is ``m.end()``).  "共有，其中12个" -> "共有，"
CLAUSE_BREAK_LAST = re.compile(r"(?s:.*)" + CLAUSE_BREAK.pattern)

# Leading/trailing words trimmed off a figure's ``of``: "其中实施类项目" -> "实施类项目", "占投资总额的" -> ...
OF_TRIM_LEFT = re.compile(r"^(?:其中|其余|共有|共|累计|合计|总计|全市|全县|全区|全省|已|并|对|将|把|有|和|及|与|为|在)+")
# A count's ``of`` stops at the next number: "2个完工项目和10个前期项目" -> 完工项目.
OF_TRAILING_NUMBER = re.compile(r"[0-9０-９.].*$")
OF_TRIM_RIGHT = re.compile(r"(?:的|为|达|达到|了|是|约|近|超过|已|共|计|到|至|由|从|增加|突破)+$")

# --- dates -------------------------------------------------------------------------------------------------

# Month and day: "3月29日", "3月份", "十二月底" (a Chinese month needs 份, a day or a part after it, so that
# slogans such as "一月一调度" are not dates).
MONTH = (
    r"(?:(?P<month>1[0-2]|0?[1-9])\s*月份?"
    r"|(?P<cmonth>十[一二]?|[一二三四五六七八九])\s*月(?=份|[0-9一二三四五六七八九十]+[日号]|上旬|中旬|下旬|初|底|末)份?)"
)
DAY = r"(?P<day>3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]"

# Parts of a month and of a year.
MONTH_PART = r"(?P<mpart>上旬|中旬|下旬|初|中|底|末)"
YEAR_PART = (
    r"(?P<ypart>第?[一二三四1-4]季度|上半年|下半年|全年|年初|年中|年底|年末|"
    r"春季|夏季|秋季|冬季|春节前后|春节前|春节后)"
)

# A year: "2022年", "201*年" (masked), "20xx年", "××年".  Masked years are kept, never guessed.
YEAR = (
    r"(?P<year>(?:19|20)[0-9]{2}|(?:19|20)[0-9]?[*＊xX×]+|[xX×*＊]{2,4}[0-9]?|[一二][〇零一二三四五六七八九]{3})"
    r"\s*年(?:度)?"
)

# Relative years: "今年", "去年", "明年", "前年".
REL_YEAR = r"(?P<rel>今年|去年|明年|前年|上年|当年|本年)"

RANGE_DASH = r"(?:-|—|–|~|～|至|到)"

# One date or period.  Examples: "2022年3月29日", "201*年5月17日", "5月底", "2022年12月底", "一季度",
# "今年秋季", "1-6月份", "3—4月份", "7月3-6日", "3月至6月", "2023-01-16", "28日", "年底前".
DATE = re.compile(
    # cheap first-character test: most positions of a text cannot start a date (speed, not meaning)
    r"(?=[0-9xX×*＊一二三四五六七八九十今去明前上当本第下全年春夏秋冬])"
    r"(?<![0-9０-９A-Za-z])(?:"
    # numeric dates: "2023-01-16", "2023.1.16", "2023/01/16"
    r"(?P<iy>(?:19|20)[0-9]{2})[-./](?P<im>1[0-2]|0?[1-9])[-./](?P<id>3[01]|[12][0-9]|0?[1-9])(?![0-9])"
    "|"
    rf"(?:(?:{YEAR}|{REL_YEAR})\s*)?(?:"
    # month range: "1-6月份", "3—4月份", "1~6月", "3月至6月"
    rf"(?P<m1>1[0-2]|0?[1-9])\s*(?:月份?\s*)?{RANGE_DASH}\s*(?P<m2>1[0-2]|0?[1-9])\s*月份?(?![0-9])"
    "|"
    # month, then a day, a day range ("7月3-6日") or a part of the month
    rf"{MONTH}\s*(?:(?P<d1>3[01]|[12][0-9]|0?[1-9])\s*{RANGE_DASH}\s*(?P<d2>3[01]|[12][0-9]|0?[1-9])\s*日"
    rf"|{DAY}|{MONTH_PART})?"
    "|"
    rf"{YEAR_PART}"
    "|"
    # right after a year: "2022年底", "今年年初" is YEAR_PART
    r"(?P<yend>初|底|末)"
    ")?"
    "|"
    # a day alone, the month said before: "28日"
    r"(?P<lone_day>3[01]|[12][0-9]|0?[1-9])\s*日"
    ")"
    r"(?P<suffix>以前|以来|之前|前|后)?"
)

# Relative days and weeks: "下周五", "本周三", "上周", "明天".
REL_WEEK = re.compile(r"(?P<which>上|本|这|下)(?:个)?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天])?")

# A span of years: "2007-2008年", "20xx-20xx年" (masked, kept as written).
YEAR_RANGE = re.compile(
    r"(?<![0-9])(?P<y1>(?:19|20)[0-9]{2}|20[xX*]{2})\s*(?:-|—|–|~|～|至|到)\s*(?P<y2>(?:19|20)[0-9]{2}|20[xX*]{2})\s*年"
)

# Five-year-plan periods: "十一五", "“十一五”期间", "“十一五”末".
PLAN_PERIOD = re.compile(r"“?(?P<plan>十[一二三四五六七八九]?五|[一二三四五六七八九]五)”?(?P<part>期间|时期|末|初|规划)")

# --- document numbers --------------------------------------------------------------------------------------

# 文号: issuer abbreviation + 〔year〕 + number + 号.  The year may be masked (20xx, xxx1) or empty (〔〕).
# Examples: "小店委办字〔2022〕6号", "川府函〔20xx〕57号", "县政办发[ 2014 ]8号", "政办发()49号", "[2023]12号".
# This is the bracket-and-number core; the issuer before it is read by DOC_ISSUER.
DOC_REF = re.compile(
    r"[〔［\[【（(]\s*(?P<year>(?:19|20)[0-9]{2}|[0-9xX*＊×]{2,4}|)\s*[〕］\]】）)]"
    r"\s*(?:第\s*)?(?P<no>[0-9]{1,5})\s*号"
)

# The issuer abbreviation right before the bracket ends in a document-type character: 委办字, 府函, 政办发.
# Matched against the (up to 10) characters before the bracket.
DOC_ISSUER = re.compile(r"(?P<issuer>[\u4e00-\u9fff]{0,7}[字发函办令呈报复通电规文委局府厅部室])\s*$")

# Words that end a sentence part before an issuer: "印发了县政办发〔2014〕8号" -> issuer "县政办发".
DOC_ISSUER_LEAD = re.compile(r"^.*(?:印发|下发|转发|根据|按照|依据|参照|执行|关于|通过|以|的|了|和|及|与|见|即|、)")

# --- meetings ----------------------------------------------------------------------------------------------

# A named meeting ends in one of these words: "第一次推进会", "现场办公会", "调度会", "联席会议", "市委三届四次全体
# 会议".  "会议" is not read inside "会议定" (推进会议定的事项 = 推进会 + 议定).  Organisations that end in 会
# (委员会, 协会, 商会, 工会) are not meetings and are not in the list.
MEETING_HEAD = re.compile(
    r"(?:联席|常务|全体|专题|工作|推进|调度|协调|现场|汇报|座谈|部署|动员|观摩|点评|讲评|总结|办公)?会议(?![定题程室纪])"
    r"|(?:推进|调度|协调|办公|座谈|汇报|讲评|点评|动员|部署|现场|观摩|督办|督查|联席|常务|碰头|分析|交流|见面|"
    r"推介|恳谈|论证|评审|听证|务虚|述职|表彰|总结|工作|培训|全委\(扩大\)|全委（扩大）)会(?![议计员所长场社])"
    r"|例会|全会|党代会|(?:动员|推进|表彰|总结|点评|誓师|动员部署|工作)大会"
)

# Every MEETING_HEAD holds a 会 at most this many characters after its start ("全委（扩大）会": 6), so only the
# positions just before each 会 need trying (extract.rules.scan.finditer_anchored).
MEETING_HEAD_ANCHOR = re.compile("会")
MEETING_HEAD_REACH = 6

# The characters a meeting's name is made of, read backwards from its head: "全县201*年“双招双引”活动第二次点评会".
MEETING_NAME_BEFORE = re.compile(r"[\u4e00-\u9fff“”\"0-9（）()*xX×]{0,24}$")

# Where a meeting's name starts: after the last of these words ("召开了……推进会", "在市政府常务会上").
MEETING_NAME_LEAD = re.compile(
    r"^.*(?:组织召开|召开了|召开|参加了|参加|出席了|出席|举行了|举行|主持|列席|传达|学习|贯彻|落实|通过|根据|按照|"
    r"经过|经|在|于|由|和|及|与|的|了|是|将|并|就|为|对|从|以|向|或|到|围绕|拟定|筹划|筹备|召集|，|。)"
)

# "这次会议", "前两次会议", "我觉得这次会议": a meeting referred back to, not a new one.
MEETING_BACKREF_WORD = re.compile(r"(?:这|那|此|本|该|前|上|下)(?:[0-9一二两三四五六七八九十]*[个次场])$|^(?:这|那|此|该)$")

# "本次督查信息工作大会" -> 督查信息工作大会; "(二)工作例会" -> 工作例会: words that open a name but are not in it.
MEETING_NAME_OPENING = re.compile(r"(?:[（(][一二三四五六七八九十0-9]+[）)]|本次|这次|此次|该次|本届|这个)+")

# A count in front of a meeting's name is not part of it: "3次推进会" -> 推进会, held 3 times.
MEETING_COUNT_LEAD = re.compile(r"^(?P<count>[0-9]+|[一二两三四五六七八九十]+)次(?!会)")

# Counts stated for a meeting: "研究项目8个", "就8个项目……进行了研究", "议定事项11个", "议定了11个具体事项".
MEETING_PROJECTS = re.compile(
    r"(?:研究(?:了)?(?:项目)?(?P<a>[0-9]+)个|(?P<b>[0-9]+)个项目[^。；]{0,20}?研究|研究[^。；]{0,6}?(?P<c>[0-9]+)个项目)"
)
MEETING_ITEMS = re.compile(
    r"(?:议定(?:了)?(?:事项)?(?P<a>[0-9]+)(?:个|项|条)|议定(?:了)?(?P<b>[0-9]+)(?:个|项|条)[^。；，]{0,6}?事项|"
    r"交办(?:了)?(?:事项)?(?P<c>[0-9]+)(?:个|项|条))"
)
