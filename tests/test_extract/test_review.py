"""The review page: every fact highlighted by kind, hover with parsed values and raw text, side table."""

from __future__ import annotations

import copy
from array import array

import lxml.html
import pytest

from extract.errors import UnreadableFile
from extract.model import ExtractedFile, Fact, FactKind, NormalizedText, RawDocument, Report, Source
from extract.pipeline import extract_path
from extract.review import fact_hover, format_attrs, render_review, review_path

# Written for these tests: a half-year report with a figure, a percentage, an issue, an agreed item that holds
# two organisations, a date and a project (overlaps), and a line full of HTML-special characters.
SIMPLIFIED = """关于2023年上半年重点项目推进情况的汇报
县发改局
2023年7月5日
今年以来，城南污水处理厂二期工程完成投资3.2亿元，占年度计划的65%。
会议议定：由县住建局牵头，县财政局配合，于2023年9月30日前完成滨河路改造工程征地拆迁。
注：表中A<B & C>D的数据为估算，约1.5万平方米。<script>alert(1)</script>
"""

# Traditional characters with pinyin notes, as some sites publish them: eight notes in all.
TRADITIONAL = """關於2023年重點項目進展情況的報告
今年以來，全縣重點項目建設(shè)進(jìn)展順利。
城北物流園區(qū)項目完成投資(zī)2.5億元，佔年度計劃的七成。
新建標準化廠房3棟，面積達到1.2萬平方米。
存在的問題：南山隧道項目建設(shè)進(jìn)度滯後，資金缺口較大。
項目建設(shè)進(jìn)展順利
"""


def _extract(tmp_path, name: str, text: str) -> ExtractedFile:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (ef,) = list(extract_path(path))
    assert isinstance(ef, ExtractedFile)
    return ef


@pytest.fixture
def simplified(tmp_path) -> ExtractedFile:
    return _extract(tmp_path, "汇报.txt", SIMPLIFIED)


@pytest.fixture
def traditional(tmp_path) -> ExtractedFile:
    return _extract(tmp_path, "報告.txt", TRADITIONAL)


def _marks(tree, fid: str) -> list:
    return [m for m in tree.iter("mark") if fid in (m.get("data-f") or "").split()]


def _shown(line) -> str:
    """A line's text as the reader sees it, without the underlines and number tags."""
    line = copy.deepcopy(line)
    for tag in line.xpath(".//i"):
        tag.drop_tree()
    return line.text_content()


def _fid(ef: ExtractedFile, fact: Fact) -> str:
    (r,) = [r for r in ef.reports if fact in r.facts]
    return f"d0r{r.index}f{r.facts.index(fact)}"


def _find(ef: ExtractedFile, kind: FactKind, text: str) -> Fact:
    found = [f for r in ef.reports for f in r.facts if f.kind == kind and f.text == text]
    assert found, f"pipeline found no {kind.value} {text!r}"
    return found[0]


def test_every_fact_is_highlighted_with_its_kind(simplified):
    tree = lxml.html.fromstring(render_review([simplified]))
    (report,) = simplified.reports
    assert report.facts
    for n, fact in enumerate(report.facts):
        marks = _marks(tree, f"d0r0f{n}")
        # the marks' own text (not the tags inside) spells the fact
        assert "".join(m.text for m in marks) == fact.text
        assert all(f"k-{fact.kind.value}" in m.get("class").split() for m in marks)
    covered = {i for f in report.facts for i in range(f.source.start, f.source.end)}
    assert sum(len(m.text) for m in tree.iter("mark")) == len(covered)


# fmt: off
HOVERS = [
    (FactKind.FIGURE, "3.2亿元",        "FIGURE 3.2亿元 → value=320000000 unit=元"),
    (FactKind.FIGURE, "65%",            "FIGURE 65% → value=65 unit=%"),
    (FactKind.FIGURE, "约1.5万平方米",  "approx=true"),
    (FactKind.DATE,   "2023年9月30日",  "DATE 2023年9月30日 → iso=2023-09-30"),
    (FactKind.ORG,    "县住建局",       "ORG 县住建局 → name=县住建局"),
]
# fmt: on


@pytest.mark.parametrize("kind,text,expected", HOVERS)
def test_hover_carries_the_parsed_value(simplified, kind, text, expected):
    tree = lxml.html.fromstring(render_review([simplified]))
    marks = _marks(tree, _fid(simplified, _find(simplified, kind, text)))
    assert marks and all(expected in m.get("title") for m in marks)
    assert "原文" not in marks[0].get("title")  # simplified input: written as shown


def test_html_special_characters_are_escaped(simplified):
    page = render_review([simplified], title="<b>标题 & 副标题</b>")
    tree = lxml.html.fromstring(page)
    assert not tree.xpath("//script") and not tree.xpath("//body//b[text()='标题 & 副标题']")
    text = "".join(_shown(p) for p in tree.find_class("ln"))
    assert "<script>alert(1)</script>" in text  # shown as text (the normaliser strips tag-like "<B & C>")
    assert tree.findtext(".//title").startswith("<b>标题 & 副标题</b>")


def test_special_characters_inside_a_fact_are_escaped_in_text_hover_and_table():
    text = '研发中心"R&D<1>"已建成'
    ef = _file(text, [(FactKind.ORG, 0, text.index("已"))])
    tree = lxml.html.fromstring(render_review([ef]))
    marks = _marks(tree, "d0r0f0")
    assert "".join(m.text for m in marks) == '研发中心"R&D<1>"'
    assert marks[0].get("title") == 'ORG 研发中心"R&D<1>" → name=研发中心"R&D<1>"'
    assert '"R&D<1>"' in tree.xpath('//tr[@id="f-d0r0f0"]')[0].text_content()
    assert _shown(tree.find_class("ln")[0]) == text


def test_overlapping_facts_are_both_shown(simplified):
    item = _find(simplified, FactKind.AGREED, "由县住建局牵头，县财政局配合，于2023年9月30日前完成滨河路改造工程征地拆迁")
    org = _find(simplified, FactKind.ORG, "县住建局")
    tree = lxml.html.fromstring(render_review([simplified]))
    both = [m for m in _marks(tree, _fid(simplified, org)) if _fid(simplified, item) in m.get("data-f").split()]
    assert "".join(m.text for m in both) == "县住建局"
    # two underlines stacked on each character, one per fact, and the hover names both
    assert all(len(m.findall("i")) >= 2 for m in both)
    assert all("AGREED" in m.get("title") and "ORG 县住建局" in m.get("title") for m in both)
    # each fact has its own numbered tag, an anchor the side table links to
    for fact in (item, org):
        fid = _fid(simplified, fact)
        (anchor,) = tree.xpath(f'//a[@id="h-{fid}"]')
        assert anchor.get("href") == f"#f-{fid}"


def test_side_table_lists_every_fact_and_links_both_ways(simplified):
    tree = lxml.html.fromstring(render_review([simplified]))
    (report,) = simplified.reports
    ids = [e.get("id") for e in tree.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    for n, fact in enumerate(report.facts):
        (row,) = tree.xpath(f'//tr[@id="f-d0r0f{n}"]')
        assert fact.text in row.text_content()
        assert row.xpath(f'.//a[@href="#h-d0r0f{n}"]') and tree.xpath(f'//*[@id="h-d0r0f{n}"]')
    figure = _find(simplified, FactKind.FIGURE, "3.2亿元")
    (row,) = tree.xpath(f'//tr[@id="f-{_fid(simplified, figure)}"]')
    assert "value=320000000 unit=元" in row.text_content()


def test_report_header_shows_metadata(simplified):
    tree = lxml.html.fromstring(render_review([simplified]))
    (header,) = tree.xpath('//article[@id="d0r0"]/dl')
    text = header.text_content()
    for expected in ("2023-07-05", "县发改局", "2023年上半年", "half_year_summary"):
        assert expected in text
    assert "汇报.txt" in tree.xpath('//section[@id="d0"]/h2')[0].text_content()


def test_traditional_pinyin_input_shows_simplified_text_and_raw_in_hover(traditional):
    tree = lxml.html.fromstring(render_review([traditional]))
    lines = [_shown(p) for p in tree.find_class("ln")]
    assert "项目建设进展顺利" in lines and not any("(shè)" in line for line in lines)
    issue = _find(traditional, FactKind.ISSUE, "南山隧道项目建设进度滞后，资金缺口较大")
    marks = _marks(tree, _fid(traditional, issue))
    assert "".join(m.text for m in marks) == issue.text
    assert "原文: 南山隧道項目建設(shè)進(jìn)度滯後，資金缺口較大" in marks[0].get("title")
    (row,) = tree.xpath(f'//tr[@id="f-{_fid(traditional, issue)}"]')
    assert "原文: 南山隧道項目建設(shè)進(jìn)度滯後" in row.text_content()
    figure = _find(traditional, FactKind.FIGURE, "2.5亿元")
    assert "原文: 2.5億元" in _marks(tree, _fid(traditional, figure))[0].get("title")


def test_file_header_shows_normalisation_counts(traditional):
    tree = lxml.html.fromstring(render_review([traditional]))
    (meta,) = tree.xpath('//section[@id="d0"]/dl')
    pairs = {d.findtext("dt"): d.findtext("dd") for d in meta.findall("div")}
    assert pairs["字形"].startswith("繁体")
    assert pairs["去拼音注音"] == "8"
    assert pairs["乱码修复"] == "0"


def _file(text: str, facts: list[tuple[FactKind, int, int]]) -> ExtractedFile:
    """A hand-made ExtractedFile: normalised text == raw text, facts at the given spans."""
    raw = RawDocument("手写.txt", "0" * 64, "txt", text, len(text.encode()))
    norm = NormalizedText(text, array("l", range(len(text) + 1)))
    made = tuple(Fact(k, text[s:e], Source(raw.path, raw.sha256, 0, 0, s, e), {"name": text[s:e]}) for k, s, e in facts)
    return ExtractedFile(raw, norm, (Report(index=0, text=text, start=0, facts=made),))


def test_fact_running_over_a_line_break_is_highlighted_on_both_lines():
    text = "第一行城南\n片区改造\n第三行"
    ef = _file(text, [(FactKind.PROJECT, 3, 10)])
    tree = lxml.html.fromstring(render_review([ef]))
    marks = _marks(tree, "d0r0f0")
    assert "".join(m.text for m in marks) == "城南片区改造"
    assert len(tree.xpath('//*[@id="h-d0r0f0"]')) == 1  # one anchor, on the line where the fact starts


def test_whitespace_inside_a_fact_is_highlighted_without_extra_spaces():
    text = "甲\t\t乙 丙丁"
    # the project covers only the two tabs, so they become a token of their own inside the organisation
    ef = _file(text, [(FactKind.ORG, 0, 6), (FactKind.PROJECT, 1, 3)])
    page = render_review([ef])
    tree = lxml.html.fromstring(page)
    assert "".join(m.text for m in _marks(tree, "d0r0f0")) == "甲\t\t乙 丙"
    assert [m.text for m in _marks(tree, "d0r0f1")] == ["\t\t"]
    assert _shown(tree.find_class("ln")[0]) == text
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in page)


def test_unreadable_documents_are_listed_and_an_empty_page_is_valid():
    page = render_review([], errors=[UnreadableFile("扫描件.pdf", "PDF 无文本层（可能是扫描件）", "请先 OCR")])
    tree = lxml.html.fromstring(page)
    assert "扫描件.pdf" in tree.find_class("errors")[0].text_content()
    assert not list(tree.iter("mark"))


def test_review_path_returns_page_and_errors(tmp_path):
    path = tmp_path / "汇报.txt"
    path.write_text(SIMPLIFIED, encoding="utf-8")
    page, errors = review_path(path)
    assert errors == () and "value=320000000" in page
    assert lxml.html.fromstring(page).findtext(".//title").startswith("汇报.txt")


# fmt: off
ATTRS = [
    ({"value": 320000000.0, "unit": "元", "approx": False}, "value=320000000 unit=元 approx=false"),
    ({"value": [2.0, 4.5], "unit": "项"},                   "value=[2, 4.5] unit=项"),
    ({"value": 0.97, "unit": None, "of": ""},               "value=0.97"),
    ({"owner": ["县住建局", "县财政局"], "co_owners": []},   "owner=[县住建局, 县财政局]"),
    ({"project": None, "generic": True},                    "generic=true"),
    ({},                                                    ""),
]
# fmt: on


@pytest.mark.parametrize("attrs,expected", ATTRS)
def test_format_attrs(attrs, expected):
    assert format_attrs(attrs) == expected


def test_fact_hover_adds_raw_text_only_when_written_differently():
    fact = Fact(FactKind.FIGURE, "3.2亿元", Source("x", "0", 0, 0, 0, 5), {"value": 320000000, "unit": "元"})
    assert fact_hover(fact, "3.2亿元") == "FIGURE 3.2亿元 → value=320000000 unit=元"
    assert fact_hover(fact, "3.2億元").endswith("\n原文: 3.2億元")


def test_long_report_renders_every_fact(tmp_path):
    # ~200k characters, a few thousand facts (speed is measured by scripts, never asserted in tests)
    paragraph = "第{n}项：城南污水处理厂{n}期工程完成投资3.2亿元，由县住建局牵头于2023年9月30日前完成征地拆迁，占计划的65%。\n"
    ef = _extract(tmp_path, "长报告.txt", "".join(paragraph.format(n=n) for n in range(3500)))
    assert sum(r.chars for r in ef.reports) > 150_000
    page = render_review([ef])
    assert page.count("<mark") >= 3500


def test_same_input_gives_the_same_page(simplified):
    assert render_review([simplified]) == render_review([simplified])


def test_a_repeated_report_is_listed_without_its_text():
    text = "城南片区改造"
    first = _file(text, [(FactKind.PROJECT, 0, 6)])
    repeat = Report(index=1, text=text, start=0, title="重复的一篇", duplicate_of=0)
    ef = ExtractedFile(first.raw, first.normalized, (first.reports[0], repeat))
    tree = lxml.html.fromstring(render_review([ef]))
    (article,) = tree.xpath('//article[@id="d0r1"]')
    assert "重复" in article.text_content() and not article.find_class("ln")
    assert tree.xpath('//nav[@class="toc"]//a[@href="#d0r1"]')


def test_review_command_writes_the_page(tmp_path):
    from click.testing import CliRunner

    from duban.cli import cli

    src = tmp_path / "月报.txt"
    src.write_text("云溪县城南污水处理厂二期工程完成投资3.2亿元。\n项目征地拆迁进度滞后。\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["review", str(src), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0 and str(out) in result.output
    page = out.read_text(encoding="utf-8")
    assert "3.2亿元" in page and "value=320000000" in page
