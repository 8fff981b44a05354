"""The docx writer: GB/T 9704-2012 layout checked in the XML, comments on cited figures, a clean copy."""

import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from generate.docx_writer import TYPE_AREA_TWIPS, SourceNote, column_widths, write_docx
from generate.markup import CITE, plain_text
from generate.render import render, sample_context

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _notes(ctx):
    return {k: SourceNote.from_dict(v) for k, v in ctx["sources"].items()}


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    ctx = sample_context("half_year_summary")
    text = render("half_year_summary", ctx)
    out = tmp_path_factory.mktemp("docx") / "总结.docx"
    write_docx(text, _notes(ctx), out)
    clean = out.with_name("总结-印发.docx")
    write_docx(text, _notes(ctx), clean, comments=False)
    return text, ctx, out, clean


def _style(doc, name):
    return doc.styles[name].element


def test_page_setup_is_gbt9704(summary):
    _, _, out, _ = summary
    sec = docx.Document(str(out)).sections[0]
    mm = lambda emu: round(emu / 36000, 1)  # noqa: E731
    assert (mm(sec.page_width), mm(sec.page_height)) == (210.0, 297.0)
    assert (mm(sec.top_margin), mm(sec.bottom_margin), mm(sec.left_margin), mm(sec.right_margin)) == (37, 35, 28, 26)
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    # 22 lines in the 225 mm type area
    assert abs(225 / 25.4 * 1440 / int(grid.get(qn("w:linePitch"))) - 22) < 0.05
    # 28 characters of 16 pt (+ the body style's character spacing, in twips) fill the 156 mm line
    body = docx.Document(str(out)).styles["公文正文"].element
    spacing = body.find(f"{W}rPr/{W}spacing")
    per_char = 16 + int(spacing.get(qn("w:val"))) / 20
    line = 156 / 25.4 * 72
    assert 28 * per_char <= line < 29 * per_char


@pytest.mark.parametrize(
    "style,font,half_points,bold",
    [
        ("公文标题", "方正小标宋简体", 44, None),
        ("公文正文", "仿宋_GB2312", 32, None),
        ("公文一级标题", "黑体", 32, None),
        ("公文二级标题", "楷体_GB2312", 32, None),
        ("公文三级标题", "仿宋_GB2312", 32, True),
    ],
)
def test_styles_set_east_asian_fonts_and_sizes(summary, style, font, half_points, bold):
    _, _, out, _ = summary
    el = _style(docx.Document(str(out)), style)
    fonts = el.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(qn("w:eastAsia")) == font
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    assert el.find(f"{W}rPr/{W}sz").get(qn("w:val")) == str(half_points)
    if bold:
        assert el.find(f"{W}rPr/{W}b") is not None


def test_body_has_two_character_indent_and_title_is_centred(summary):
    _, _, out, _ = summary
    doc = docx.Document(str(out))
    ind = _style(doc, "公文正文").find(f"{W}pPr/{W}ind")
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert doc.paragraphs[0].style.name == "公文标题"
    assert doc.styles["公文标题"].paragraph_format.alignment == 1  # centre


def test_no_theme_font_left_for_chinese(summary):
    _, _, out, _ = summary
    with zipfile.ZipFile(out) as z:
        styles = z.read("word/styles.xml").decode()
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S)[0]
    assert "eastAsiaTheme" not in defaults and 'w:eastAsia="仿宋_GB2312"' in defaults


def test_page_numbers_odd_right_even_left_with_page_field(summary):
    _, _, out, _ = summary
    doc = docx.Document(str(out))
    assert doc.settings.element.find(qn("w:evenAndOddHeaders")) is not None
    sec = doc.sections[0]
    for footer, align in ((sec.footer, 2), (sec.even_page_footer, 0)):
        p = footer.paragraphs[0]
        assert p.alignment == align
        xml = p._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert p.text.startswith("— ") and p.text.endswith(" —")
        fonts = p.runs[0]._r.find(f"{W}rPr/{W}rFonts")
        assert fonts.get(qn("w:eastAsia")) == "宋体"
        assert p.runs[0].font.size.pt == 14


def test_every_cited_figure_has_a_comment_quoting_its_source(summary):
    text, ctx, out, _ = summary
    doc = docx.Document(str(out))
    comments = [c.text for c in doc.comments]
    cited = CITE.findall(text)
    assert cited and len(comments) == len(cited)
    for (figure, ref), comment in zip(cited, comments, strict=True):
        source = ctx["sources"][ref]
        if source.get("derivation"):  # a figure duban computed: the comment says how
            assert comment.startswith("推算：") and source["derivation"] in comment and figure in comment
            continue
        assert figure in source["sentence"] and source["sentence"] in comment
        assert source["title"] in comment


def test_clean_copy_has_no_comments_and_same_text(summary):
    text, _, out, clean = summary
    a, b = docx.Document(str(out)), docx.Document(str(clean))
    assert len(list(b.comments)) == 0
    assert [p.text for p in a.paragraphs] == [p.text for p in b.paragraphs]
    body = "\n".join(p.text for p in b.paragraphs)
    assert "〖" not in body and "|F" not in body
    assert plain_text(text).splitlines()[0] == b.paragraphs[0].text


def test_reference_docx_keeps_the_offices_page_setup(tmp_path):
    ref = docx.Document()
    ref.sections[0].left_margin = docx.shared.Mm(30)
    ref_path = tmp_path / "office.docx"
    ref.save(str(ref_path))
    out = tmp_path / "x.docx"
    write_docx("# 标题\n正文。\n", {}, out, reference_docx=ref_path)
    d = docx.Document(str(out))
    assert round(d.sections[0].left_margin / 36000) == 30
    assert [p.text for p in d.paragraphs] == ["标题", "正文。"]


def test_title_is_followed_by_one_blank_grid_line_and_the_sign_off_stands_two_characters_in(summary):
    _, _, out, _ = summary
    doc = docx.Document(str(out))
    assert doc.styles["公文标题"].paragraph_format.space_after.twips == 579  # 标题下空一行: one 28.95 pt line
    ind = _style(doc, "公文落款").find(f"{W}pPr/{W}ind")
    assert (ind.get(qn("w:rightChars")), ind.get(qn("w:right"))) == ("200", "640")  # 右空二字
    assert doc.styles["公文落款"].paragraph_format.alignment == 2  # right


LEDGER = """# 议定事项台账
| 序号 | 议定事项 | 责任单位 | 完成时限 | 办理状态 |
| --- | --- | --- | --- | --- |
| 1 | 由县住建局牵头，县自然资源局配合，于6月25日前完成剩余12户房屋征收和地上附着物清理 | 县住建局 | 6月25日前 | 已办结 |
| 2 | 由县财政局负责，6月底前拨付专项债资金8000万元 | 县财政局 | 6月底前 | 正在推进 |
"""


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    out = tmp_path_factory.mktemp("ledger") / "台账.docx"
    write_docx(LEDGER, {}, out)
    return docx.Document(str(out))


def test_table_columns_share_the_type_area_by_their_content(ledger):
    table = ledger.tables[0]
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(grid) == TYPE_AREA_TWIPS  # 156 mm, margin to margin
    assert max(grid) == grid[1]  # the running text gets the most room
    for header, width in zip(["序号", "责任单位", "完成时限", "办理状态"], [grid[0], grid[2], grid[3], grid[4]],
                             strict=True):
        assert width >= len(header) * 240, header  # every header on one line of 小四
    assert [c.width.twips for c in table.rows[1].cells] == grid  # the cells say the same, for Word


def test_table_header_repeats_and_cells_leave_the_line_grid(ledger):
    table = ledger.tables[0]
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) == "true"
    snap = ledger.styles["公文表格"].element.find(f"{W}pPr/{W}snapToGrid")
    assert snap is not None and snap.get(qn("w:val")) == "0"
    # running text is justified, short cells (dates, statuses) stay centred
    assert table.cell(1, 1).paragraphs[0].alignment == 3
    assert table.cell(1, 4).paragraphs[0].alignment is None  # the style's centre


@pytest.mark.parametrize(("rows", "expect"), [
    # everything fits: all columns grow alike from their longest cell
    ([[["甲"], ["乙"]], [["一二"], ["一二三四"]]], lambda w: w[1] > w[0] and abs(w[1] / w[0] - 1190 / 710) < 0.01),
    # too long to fit: each header stays on one line, the long column takes the rest
    ([[["序号"], ["内容"], ["状态"]], [["1"], ["很长的内容" * 30], ["已办结"]]],
     lambda w: w[0] >= 710 and w[2] >= 710 and w[1] == max(w)),
    # more headers than room: shrunk alike, still adding up
    ([[["很长的表头名称"] for _ in range(9)]], lambda w: len(set(w[:-1])) == 1),
])
def test_column_widths_add_up_to_the_total(rows, expect):
    widths = column_widths(rows)
    assert sum(widths) == TYPE_AREA_TWIPS
    assert expect(widths), widths
