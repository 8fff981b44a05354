"""FIGURE recogniser (extract.recognize.figures): value, unit, approx, ranges; and what is not a figure."""

from __future__ import annotations

import pytest

from extract.recognize import Context
from extract.recognize.figures import find_figures


def figs(text: str) -> list[tuple]:
    return [(f.attrs["value"], f.attrs["unit"], f.attrs["approx"]) for f in find_figures(text, Context())]


# fmt: off
POSITIVE = [
    # money in 元, 万/亿 multiplied out
    ("全年计划总投资86亿元，",               [(8600000000, "元", False)]),
    ("申请补助资金2150万元",                 [(21500000, "元", False)]),
    ("完成投资约3.5亿元",                    [(350000000, "元", True)]),
    ("累计投入三千万元",                     [(30000000, "元", False)]),
    ("已投入资金1,250万元",                  [(12500000, "元", False)]),
    ("新建学校3，150所改造",                 [(150, "所", False)]),      # "，" ends a clause
    ("上半年实现了12.8个亿的投入",            [(1280000000, "元", False)]),   # 个亿 = 亿元
    ("人均可支配收入4860元",                  [(4860, "元", False)]),
    ("缺口不到500万元",                      [(5000000, "元", True)]),
    # areas, lengths, weights: 万 multiplied out, unit variants folded
    ("新建厂房3.2万平方米",                   [(32000, "平方米", False)]),
    ("改造面积12万m2",                       [(120000, "平方米", False)]),
    ("拆除违建860平米",                      [(860, "平方米", False)]),
    ("流转土地1.5万亩",                      [(15000, "亩", False)]),
    ("占地面积320亩",                        [(320, "亩", False)]),
    ("年产能8万吨",                          [(80000, "吨", False)]),
    ("新建道路12.5公里",                     [(12.5, "公里", False)]),
    ("新增装机60万千瓦",                     [(600000, "千瓦", False)]),
    ("新增百亿斤粮食产能",                    [(10000000000, "斤", False)]),
    ("建成2×30万千瓦机组",                    [(600000, "千瓦", False)]),
    # shares and rates
    ("开工率达82%",                          [(82, "%", False)]),
    ("完成率为39.27 %",                      [(39.27, "%", False)]),           # a space before the unit
    ("同比增长12.5％",                       [(12.5, "%", False)]),
    ("增速回落3.4个百分点",                   [(3.4, "个百分点", False)]),
    ("降幅为-21.5%",                         [(-21.5, "%", False)]),
    ("覆盖率达到95%以上",                     [(95, "%", True)]),
    ("自筹资金占三分之一",                    [(33.33, "%", False)]),
    ("外资占1/3以上",                        [(33.33, "%", True)]),
    ("资金到位率达百分之八十",                [(80, "%", False)]),
    ("浓度为52μg/m3",                        [(52, "μg/m3", False)]),
    # counts keep their measure word
    ("全县共有重点项目46个",                  [(46, "个", False)]),
    ("新签约项目12项",                       [(12, "项", False)]),
    ("召开调度会5次",                        [(5, "次", False)]),
    ("已拆除房屋17栋",                       [(17, "栋", False)]),
    ("帮扶企业80家",                         [(80, "家", False)]),
    ("编发简报24期",                         [(24, "期", False)]),
    ("受理信访件38件",                       [(38, "件", False)]),
    ("抽调干部25名",                         [(25, "名", False)]),
    ("接待群众260人次",                      [(260, "人次", False)]),
    ("搬迁群众1.2万户",                      [(12000, "户", False)]),
    ("经历两轮审查",                         [(2, "轮", False)]),
    ("组建五个工作专班",                      [(5, "个", False)]),
    ("统筹推进八大重点项目",                  [(8, "个", False)]),
    ("共谋划二十一个项目",                    [(21, "个", False)]),   # holds the fixed phrase 一个项目
    ("暂定为一年",                           [(1, "年", False)]),
    ("剩余一家商户未签约",                    [(1, "家", False)]),
    ("力争在一个月内完成",                    [(1, "个月", False)]),
    ("用3年左右的时间",                      [(3, "年", True)]),
    ("聘请3位专家",                          [(3, "位", False)]),
    ("发放贷款35笔",                         [(35, "笔", False)]),
    ("主体已建至18层",                       [(18, "层", False)]),
    ("由5部门联合印发",                      [(5, "个", False)]),
    ("抽调3个人组成专班",                    [(3, "个", False)]),
    ("进驻广东等8省",                        [(8, "个", False)]),
    ("考评9市(州)政府",                      [(9, "个", False)]),
    # rates
    ("均价3500元/平方米",                    [(3500, "元/平方米", False)]),
    ("补偿标准1.2万元/亩",                   [(12000, "元/亩", False)]),
    # approx words
    ("近万人参加",                           [(10000, "人", True)]),
    ("走访企业百余次",                       [(100, "次", True)]),
    ("收集意见近300条",                      [(300, "条", True)]),
    ("解决问题160余个",                      [(160, "个", True)]),
    ("品种有20多种",                         [(20, "种", True)]),
    ("道路总长超过35公里",                    [(35, "公里", True)]),
    # ranges
    ("每人联系3-5项",                        [([3, 5], "项", False)]),
    ("每月走访2至3次",                       [([2, 3], "次", False)]),
    ("已历时七、八个月",                      [([7, 8], "个月", True)]),
    ("部分县区投入已达60、70个亿",             [([6000000000, 7000000000], "元", True)]),
    # one unit shared by two numbers
    ("分别高出4.5和12.1个百分点",             [(4.5, "个百分点", False), (12.1, "个百分点", False)]),
    ("面积分别为3万、2.5万平方米",             [(30000, "平方米", False), (25000, "平方米", False)]),
    # lost separators split right
    ("开工率75%124个新建项目",               [(75, "%", False), (124, "个", False)]),
    ("尚有6个和2个未开工",                    [(6, "个", False), (2, "个", False)]),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_figures_found(text, expected):
    got = figs(text)
    assert [(v, u) for v, u, _ in got] == [(v, u) for v, u, _ in expected]
    assert [a for _, _, a in got] == [a for _, _, a in expected]


# fmt: off
NEGATIVE = [
    "2022年3月29日召开推进会",          # dates and years
    "自2019年以来",
    "2021-2023年",
    "1-6月份",
    "第一次推进会",                      # ordinals
    "第3批项目",
    "居全省第2位",
    "位列全国前10名",
    "一是强化领导，二是压实责任",
    "市委三届四次全体会议",              # session numbers
    "省九次党代会",
    "1.加强组织领导",                    # list numbers
    "2、明确责任分工",
    "（3）严格考核",
    "东城委办字〔2021〕12号",            # document numbers
    "省府函〔20xx〕31号",
    "联系电话：0351-5612345",            # phone numbers
    "“四个一”工作机制",                  # fixed phrases
    "“五个一”包保机制",
    "开展两帮两促活动",
    "实行5+2、白加黑工作制",
    "实施十大工程",
    "一线工作法",
    "党政一把手亲自抓",
    "一个项目、一名领导、一个专班、一抓到底",
    "一周一督查、一月一通报",
    "从以下三个方面讲几点意见",
    "落实中央八项规定",
    "四大班子领导",
    "打好三大攻坚战",
    "一期工程已完工，二期工程正在推进",  # phase names
    "该地块***亩",                       # placeholders
    "20xx年完成",
    "××个项目",
    "点击量:3509",                       # page counters
    "阅读 67.6K",
    "浏览次数：125次",
    "提供7×24小时服务",                  # a slogan, not 168 hours
    "落实两个责任",
    "3期工程已开工",                     # a phase, Arabic or not
    "加快推进一批重点项目",              # 一 as an article
    "这是一项系统工程",
    "以一种什么样的精神状态",
    "实现二次创业",
    "这两天我们看了很多项目",            # referred back to
    "前两次会议议定的事项",
    "重大项目特别是几十亿元项目比较少",  # vague
    "亿万人民群众",
    "千家万户",
    "万亩良田",
    "沿207省道布局",                     # place counts only when nothing joins on
    "城区人口超50万县",
    "东三省",
    "实现三个转变",
    "保持两位数增长",
    "招商引资签约亿元以上项目",          # 签约 is not 约 (approx)
]
# fmt: on


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_a_figure(text):
    assert figs(text) == []


def test_figure_span_and_attrs():
    text = "今年计划实施重点项目103个，总投资320亿元。"
    found = find_figures(text, Context())
    assert [text[f.start : f.end] for f in found] == ["103个", "320亿元"]
    money = found[1].attrs
    assert money["value"] == 32000000000 and money["unit"] == "元" and money["of"] == "总投资"
    assert money["project"] is None


def test_count_names_what_it_counts():
    text = "全区40个重点技改项目开展包保服务"
    (fig,) = find_figures(text, Context())
    assert fig.attrs["of"].startswith("重点技改项目")


# fmt: off
UNIT_VARIANTS = [
    ("平米", "平方米"), ("m2", "平方米"), ("m²", "平方米"), ("㎡", "平方米"), ("平方米", "平方米"),
    ("千米", "公里"), ("km", "公里"), ("％", "%"), ("百分点", "个百分点"), ("微克/立方米", "μg/m3"),
]
# fmt: on


@pytest.mark.parametrize(("surface", "unit"), UNIT_VARIANTS)
def test_unit_variants_fold_to_one_unit(surface, unit):
    assert figs(f"面积达到36{surface}，") == [(36, unit, False)]


@pytest.mark.parametrize(
    ("mult", "value"),
    [("万", 30000), ("十万", 300000), ("百万", 3000000), ("千万", 30000000), ("亿", 300000000),
     ("十亿", 3000000000), ("百亿", 30000000000), ("千亿", 300000000000), ("万亿", 3000000000000)],
)
def test_every_multiplier(mult, value):
    assert figs(f"投资3{mult}元，") == [(value, "元", False)]


def test_every_lexicon_unit_is_reachable():
    from extract.rules.patterns import lexicon_entries

    for name in ("units", "measure_words"):
        for entry in lexicon_entries(name):
            surface = entry.partition("=")[0].strip()
            found = figs(f"合计36{surface}。")
            assert found and found[0][0] == 36, (name, surface, found)


def test_figures_inside_a_project_name_are_left_out():
    from extract.model import FactKind
    from extract.recognize import Mention

    text = "新建8万吨乙二醇项目，完成投资2亿元；二期工程50%"
    ctx = Context()
    ctx.mentions.append(Mention(FactKind.PROJECT, 2, 10))  # 8万吨乙二醇项目
    ctx.mentions.append(Mention(FactKind.PROJECT, 19, 26))  # 二期工程50%: a span ending in a figure
    found = [(f.attrs["value"], f.attrs["unit"]) for f in find_figures(text, ctx)]
    assert found == [(200000000, "元"), (50, "%")]
