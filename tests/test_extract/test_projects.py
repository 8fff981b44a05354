"""Project recogniser: tables of report-shaped phrases, one table per rule, negatives included.

All names below are made up for the tests (no report text is copied).
"""

from __future__ import annotations

import pytest

from extract.model import FactKind
from extract.recognize import Context
from extract.recognize.projects import canonical_name, find_projects, is_project_name, non_overlapping


def names(text: str, known: tuple[str, ...] = ()) -> list[str]:
    return sorted({m.attrs["name"] for m in find_projects(text, Context(known_projects=known))})


# fmt: off
SUFFIX = [
    # a name right before 项目 / 建设项目, left edge at punctuation or a cue word
    ("截至年底，青松湾安置房项目已完成主体封顶。",            ["青松湾安置房"]),
    ("(建设中的滨江体育中心项目)",                           ["滨江体育中心"]),
    ("加快推进城北污水处理厂二期工程项目建设。",              ["城北污水处理厂二期工程"]),
    ("区领导深入翠湖科技产业园项目现场办公。",                ["翠湖科技产业园"]),
    ("东郊物流园建设项目完成投资2亿元。",                    ["东郊物流园"]),
    ("目前，兴业大道提升改造项目接近尾声。",                  ["兴业大道提升改造"]),
    ("长林医院门诊楼建设项目正在进行内部装修。",              ["长林医院门诊楼"]),
    ("负责督查的项目:年产3万吨果汁加工项目、蓝山牧场扩建项目。", ["年产3万吨果汁加工", "蓝山牧场扩建"]),
    ("签约落地的华宇新材料有限公司项目已投产。",              ["华宇新材料有限公司"]),
]

NOT_PROJECTS = [
    # generic phrases, campaigns, counts, verbs + 项目
    "全区60个重点项目全部开工。",
    "删除了2个完工项目和10个不具备开工条件的前期项目。",
    "其中实施类项目82个、储备类项目21个。",
    "区级领导开展重点转型项目包保工作。",
    "新建项目要严格落实环评要求。",
    "开展重点项目建设“百日攻坚”活动。",
    "推进“两帮两促”项目建设工作。",
    "区领导包保项目由60个增加为72个。",
    "推动更多洽谈项目早落地、签约项目早开工。",
    "千方百计跑项目、争项目、上项目。",
    "我市新上项目个数不多。",
    "各项目推进组要倒排工期。",
    "全市上下形成了全民动员、全民重视、全民支持项目建设的良好局面。",
    "9月8日市委召开项目推进大会。",
    "项目工作是一项系统工程,牵涉面广。",
    # a company mentioned only as an organisation
    "区领导带领相关部门到华兴科技有限公司召开现场办公会。",
    # a unit
    "区住建局针对部分项目提出的需求加强对接。",
]

LISTS = [
    # "、" lists closed by 等…项目 / a category, or whose items carry project heads
    ("近日，云溪区兴达冶金、华北精铸、南部循环产业园、绿野新材料等项目建设现场塔吊林立。",
     ["兴达冶金", "华北精铸", "南部循环产业园", "绿野新材料"]),
    ("上半年在建道路工程达到了6条，分别是青松路北延、翠柏路、丹桂路东延等。",
     ["青松路北延", "翠柏路", "丹桂路东延"]),
    ("金桂花园、翠湖名邸、云山公寓等在建小区顺利推进。",
     ["金桂花园", "翠湖名邸", "云山公寓"]),
    ("东湖公园改造(占地150亩)、滨河公园建设(占地90亩)同步启动。",
     ["东湖公园改造", "滨河公园"]),
    ("蓝湾路、海棠路5月20日前启动建设。",
     ["海棠路", "蓝湾路"]),
    # a sub-list closed by 等 inside the list, and a lead-in verb on the first item
    ("要着重抓好云峰药业三期改造、青岚集团抗生素生产线、苯酚精制装置等项目、东岭钢铁冷轧工程等工业项目。",
     ["云峰药业三期改造", "青岚集团抗生素生产线", "苯酚精制装置", "东岭钢铁冷轧工程"]),
    # a clause among the items is dropped, the names stay
    ("如北环路拓宽改造、西山水库、南湖公园以及我市下一步将要推进的滨河大道,等等。",
     ["北环路拓宽改造", "西山水库", "南湖公园"]),
]

NOT_LISTS = [
    # clauses, parts of one project, generic categories
    "一期教学楼、学生公寓、实验楼、图书馆等主体工程已经完成。",
    "多次组织开展政策对接、用地对接、建设资金对接等活动。",
    "要通过多种途径、多种方式广泛宣传。",
    "坚持吃苦在一线、战斗在一线。",
    # 平等 is not the 等 that closes a list
    "建设公平正义、文明和谐、民主平等的法律服务民生工程共同体。",
]

TOPICS = [
    # the first clause of a line when the next one describes the project
    ("一、项目建设进展情况\n南山职业学院,占地面积500亩,一期教学楼已经完成。\n",       ["南山职业学院"]),
    ("北岸物流,占地面积300亩,一期库房已完成建设。\n",                                ["北岸物流"]),
    ("二、项目点位及建设时限\n(一)青石镇山水田园综合体。\n建设时限为20xx年。\n",       ["青石镇山水田园综合体"]),
    # a clause that opens with a headed name followed by its progress
    ("城西公园解决了苗木迁移补偿问题。",                                              ["城西公园"]),
    ("…竣工投产,龙潭30万千瓦光伏电站竣工投产。",                                     ["龙潭30万千瓦光伏电站"]),
]

NOT_TOPICS = [
    "根据上述思路,我们要重点抓好以下工作。\n",
    "三、工作要求\n(一)提高认识抓推进。\n",
    "二、重点项目建设情况\n(一)加快推进项目前期工作。\n(二)强化要素保障。\n",
    "主次干道实现全天保洁全覆盖。",
    "总投资1594亿元项目全部开工。",
]

CANONICAL = [
    ("博物馆和美术馆建设项目", "博物馆和美术馆"),
    ("城北污水处理厂二期工程项目", "城北污水处理厂二期工程"),
    ("滨河公园建设", "滨河公园"),
    ("城北商业区一期主体工程", "城北商业区一期"),
    ("“青松湾”安置房项目", "“青松湾”安置房"),   # paired quotes stay
    ("“青松湾安置房项目", "青松湾安置房"),       # an unpaired one goes
    ("城乡绿化“一环两带”项目", "城乡绿化“一环两带”"),
    ("工程", "工程"),
]
# fmt: on


@pytest.mark.parametrize("text,expected", SUFFIX)
def test_suffix_rule(text, expected):
    assert names(text) == sorted(expected)


@pytest.mark.parametrize("text", NOT_PROJECTS)
def test_not_projects(text):
    assert names(text) == []


@pytest.mark.parametrize("text,expected", LISTS)
def test_list_rule(text, expected):
    assert names(text) == sorted(expected)


@pytest.mark.parametrize("text", NOT_LISTS)
def test_not_lists(text):
    assert names(text) == []


@pytest.mark.parametrize("text,expected", TOPICS)
def test_topic_and_subject_rules(text, expected):
    assert names(text) == sorted(expected)


@pytest.mark.parametrize("text", NOT_TOPICS)
def test_not_topics(text):
    assert names(text) == []


@pytest.mark.parametrize("name,expected", CANONICAL)
def test_canonical_name(name, expected):
    assert canonical_name(name) == expected


@pytest.mark.parametrize(
    "name,ok",
    [
        ("重点转型", False),
        ("前期", False),
        ("实施类", False),
        ("新建", False),
        ("两帮两促", False),
        ("百日攻坚", False),
        ("12个专业市场", False),
        ("企业资质和", False),
        ("区住建局", False),
        ("青松湾安置房", True),
        ("翠湖科技产业园", True),
        ("兴达冶金", True),
    ],
)
def test_is_project_name(name, ok):
    assert is_project_name(name) is ok


def test_and_joined_names_split_when_both_are_projects():
    text = "目前，西湖古城商业街和金沙国际家居广场项目进展顺利。"
    assert names(text) == ["西湖古城商业街", "金沙国际家居广场"]


def test_short_and_joined_name_stays_one():
    assert names("负责督查的项目:博物馆和文化馆建设项目、体育馆改造项目。") == [
        "体育馆改造",
        "博物馆和文化馆",
    ]


def test_known_projects_are_found_verbatim():
    text = "会议研究了云杉小镇用地问题。"
    assert names(text) == []
    assert names(text, known=("云杉小镇",)) == ["云杉小镇"]


def test_mentions_carry_span_and_aliases():
    text = "加快推进城北污水处理厂项目。"
    (m,) = find_projects(text, Context())
    assert m.kind == FactKind.PROJECT
    assert text[m.start : m.end] == "城北污水处理厂"
    assert m.attrs["name"] == "城北污水处理厂"
    assert m.attrs["aliases"] == []


def test_non_overlapping_keeps_order_of_preference():
    assert non_overlapping([(0, 5), (3, 8), (6, 9)]) == [(0, 5), (6, 9)]
    assert non_overlapping([(3, 8), (0, 5), (6, 9)]) == [(3, 8)]


@pytest.mark.parametrize(
    "name",
    [
        "project_suffixes",
        "project_heads",
        "project_head_exceptions",
        "project_left_cues",
        "project_modifiers",
        "project_breakers",
        "project_breakers_weak",
        "project_verb_ends",
        "project_progress_cues",
        "generic_project_phrases",
        "campaign_words",
        "org_core",
        "org_suffixes",
        "org_generic",
        "org_left_cues",
        "posts",
        "surnames",
    ],
)
def test_lexicon_entries_are_single_words(name):
    from extract.rules.project_patterns import LEXICON_DIR, lexicon

    words = lexicon(name)
    assert words, f"{name}.txt is empty"
    assert all(w.strip() == w and " " not in w and "\t" not in w for w in words)
    raw = [
        line.split("#", 1)[0].strip()
        for line in (LEXICON_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    ]
    raw = [w for w in raw if w]
    assert len(raw) == len(set(raw)), f"duplicate entries in {name}.txt"


def test_user_dict_lines_are_word_freq_tag():
    from extract.rules.project_patterns import LEXICON_DIR

    for line in (LEXICON_DIR / "user_dict.txt").read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split(" ")
        assert word and freq.isdigit() and tag.isalpha()
