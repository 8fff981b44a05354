"""Write a rendered document as .docx in the layout of GB/T 9704-2012 (党政机关公文格式).

Input is the text a template renders (see ``generate.markup``): a ``# 标题`` line, body paragraphs, outline
headings (一、 （一） 1.), Markdown tables, and cited figures ``〖12.35亿元|3〗`` whose source is in ``sources``.

Layout (GB/T 9704-2012):
- A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; 22 lines × 28 characters (document grid);
- title 方正小标宋简体 二号 (22 pt) centred; body 仿宋_GB2312 三号 (16 pt), first line indented 2 characters;
- 一、 黑体; （一） 楷体_GB2312; 1. 仿宋_GB2312 bold;
- page number "— 1 —" 宋体 四号 (14 pt), odd pages right and even pages left, one character in from the edge.
East Asian fonts are written to ``w:eastAsia`` (python-docx sets only the Latin slots), and the default
template's theme fonts — through which Chinese falls back to MS Mincho — are replaced by explicit fonts.
Every cited figure carries a Word comment (source title, date, sentence); ``write_docx(..., comments=False)``
gives the clean copy for issuing.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from generate.markup import Block, Cite, parse_blocks

# 字号 (Chinese type sizes) in points
SIZE_ER = Pt(22)  # 二号
SIZE_SAN = Pt(16)  # 三号
SIZE_SI = Pt(14)  # 四号
SIZE_XIAOSI = Pt(12)  # 小四

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE = "宋体"
FONT_LATIN = "Times New Roman"

# 22 lines in the 225 mm type area: 225 mm / 22 = 28.95 pt = 579 twips.  28 characters of 16 pt in 156 mm
# (442.2 pt): each character a little narrower.  That is set as character spacing (w:spacing -5 twips,
# -0.25 pt: 28 × 15.75 = 441 pt fit, 29 do not; -4 gave 28 × 15.8 = 442.4 pt, one point too many, and lines
# broke after 27) on the 16 pt styles, with a line-only document grid: LibreOffice lays a linesAndChars grid
# with w:charSpace out at two cells per Chinese character (14 a line); both Word and LibreOffice honour
# character spacing.
LINE_PITCH_TWIPS = 579
CHAR_SPACING_TWIPS = -5
LINE_SPACING = Pt(28.95)

STYLE_TITLE = "公文标题"
STYLE_BODY = "公文正文"
STYLE_H1 = "公文一级标题"
STYLE_H2 = "公文二级标题"
STYLE_H3 = "公文三级标题"
STYLE_TABLE = "公文表格"
SIGN_RIGHT_CHARS = 2  # 署名、成文日期 右空二字 (GB/T 9704-2012 7.3.5.2, documents without a seal)
TYPE_AREA_TWIPS = round(156 / 25.4 * 1440)  # 156 mm between the margins
# table cells: 小四 (12 pt = 240 twips a character) and Word's default cell margins (2 × 0.19 cm ≈ 216 twips)
CELL_CHAR_TWIPS, CELL_PAD_TWIPS = 240, 230
PROSE_CHARS = 12  # a column with a longer cell holds running text: justified, not centred
STYLE_SIGN = "公文落款"
STYLE_CENTER = "公文署名"


@dataclass(frozen=True, slots=True)
class SourceNote:
    """Where a cited figure came from: shown in its Word comment (and as a Markdown footnote)."""

    title: str
    date: str  # as the report gives it, formatted
    sentence: str
    figure_text: str = ""  # the figure as written in the report
    derivation: str = ""  # for a figure duban computed: how ("办结率 = 已办结2项 ÷ 议定事项5项")

    @classmethod
    def from_dict(cls, d: Mapping[str, str]) -> SourceNote:
        """From a context's ``sources`` entry ({title, date, sentence[, derivation]})."""
        return cls(
            str(d.get("title") or ""), str(d.get("date") or ""), str(d.get("sentence") or ""),
            derivation=str(d.get("derivation") or ""),
        )

    def comment_text(self) -> str:
        if self.derivation:
            return f"推算：{self.derivation}" + (f"\n依据：{self.sentence}" if self.sentence else "")
        head = f"来源：《{self.title}》" + (f"（{self.date}）" if self.date else "")
        quoted = f"原文：“{self.sentence}”"
        return f"{head}\n{quoted}"


def _set_run_fonts(rpr, east_asia: str, latin: str = FONT_LATIN) -> None:
    """Write all four font slots; drop theme-font attributes that override them."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


def _fix_doc_defaults(doc) -> None:
    """Replace the default template's theme fonts (Chinese would fall back to MS Mincho) and language."""
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults"))
    rpr = rpr_default.find(qn("w:rPrDefault")).find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is None:
        return
    _set_run_fonts(rpr, FONT_BODY)
    # The document grid's character pitch is the DEFAULT font size plus w:charSpace: at the template's 11 pt
    # LibreOffice snaps each 16 pt character to two grid cells (14 characters a line instead of 28).
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(int(SIZE_SAN.pt * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _paragraph_style(doc, name: str, *, font: str, size, bold=False, align=None, indent_chars=0, base=None):
    styles = doc.styles
    if name in [s.name for s in styles]:
        return styles[name]
    st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = styles[base] if base else styles["Normal"]
    st.quick_style = True
    st.font.size = size
    st.font.bold = bold
    st.font.name = FONT_LATIN
    _set_run_fonts(st.element.get_or_add_rPr(), font)
    if size == SIZE_SAN:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
        st.element.get_or_add_rPr().append(spacing)
    pf = st.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE_SPACING
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    # GB/T 9704 fills every page with 22 lines: widow/orphan control would push a paragraph's first line over
    pf.widow_control = False
    if align is not None:
        pf.alignment = align
    ppr = st.element.get_or_add_pPr()
    if indent_chars:
        ind = OxmlElement("w:ind")
        ind.set(qn("w:firstLineChars"), str(indent_chars * 100))
        ind.set(qn("w:firstLine"), str(int(indent_chars * 320)))  # 2 × 16 pt in twips, for readers ignoring Chars
        ppr.append(ind)
    return st


def _ensure_styles(doc) -> None:
    _fix_doc_defaults(doc)
    normal = doc.styles["Normal"]
    normal.font.name = FONT_LATIN
    normal.font.size = SIZE_SAN
    _set_run_fonts(normal.element.get_or_add_rPr(), FONT_BODY)
    title = _paragraph_style(doc, STYLE_TITLE, font=FONT_TITLE, size=SIZE_ER, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.space_after = LINE_SPACING  # 标题下空一行: one grid line, so the body stays on the grid
    _paragraph_style(doc, STYLE_BODY, font=FONT_BODY, size=SIZE_SAN, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_chars=2)
    _paragraph_style(doc, STYLE_H1, font=FONT_H1, size=SIZE_SAN, indent_chars=2)
    _paragraph_style(doc, STYLE_H2, font=FONT_H2, size=SIZE_SAN, indent_chars=2)
    _paragraph_style(doc, STYLE_H3, font=FONT_BODY, size=SIZE_SAN, bold=True, indent_chars=2)
    sign = _paragraph_style(doc, STYLE_SIGN, font=FONT_BODY, size=SIZE_SAN, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _indent_right_chars(sign, SIGN_RIGHT_CHARS)
    _paragraph_style(doc, STYLE_CENTER, font=FONT_H2, size=SIZE_SAN, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(doc, STYLE_TABLE, font=FONT_BODY, size=SIZE_XIAOSI, align=WD_ALIGN_PARAGRAPH.CENTER)
    tst = doc.styles[STYLE_TABLE]
    tst.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # cells are not snapped to the 28.95 pt line grid: 小四 rows would otherwise take a whole grid line or two
    ppr = tst.element.get_or_add_pPr()
    if ppr.find(qn("w:snapToGrid")) is None:
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        ppr.append(snap)


def _indent_right_chars(style, chars: int) -> None:
    """Indent a paragraph style ``chars`` characters (of 三号) from the right margin."""
    ppr = style.element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:rightChars"), str(chars * 100))
    ind.set(qn("w:right"), str(chars * 320))  # 16 pt = 320 twips a character, for readers ignoring Chars


def _page_setup(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(28) - Mm(7)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def _add_page_field(paragraph) -> None:
    """— PAGE — in 宋体 四号: a real PAGE field, so Word and LibreOffice number every page."""

    def run(text: str | None = None, *, fld: str | None = None, instr: str | None = None):
        r = paragraph.add_run()
        r.font.size = SIZE_SI
        r.font.name = FONT_LATIN
        _set_run_fonts(r._r.get_or_add_rPr(), FONT_PAGE, FONT_PAGE)
        if text is not None:
            r.text = text
        if fld is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), fld)
            r._r.append(el)
        if instr is not None:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            r._r.append(el)
        return r

    run("— ")
    run(fld="begin")
    run(instr=" PAGE ")
    run(fld="separate")
    run("1")
    run(fld="end")
    run(" —")


def _page_numbers(doc, section) -> None:
    """Odd pages right, even pages left, one character (14 pt) in from the edge."""
    settings = doc.settings.element
    if settings.find(qn("w:evenAndOddHeaders")) is None:
        settings.append(OxmlElement("w:evenAndOddHeaders"))
    section.different_first_page_header_footer = False
    odd = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(14)
    for r in list(odd.runs):
        r._r.getparent().remove(r._r)
    _add_page_field(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(14)
    for r in list(even.runs):
        r._r.getparent().remove(r._r)
    _add_page_field(even)


def _clear_body(doc) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _style_for(block: Block) -> str:
    return {
        "title": STYLE_TITLE,
        "h1": STYLE_H1,
        "h2": STYLE_H2,
        "h3": STYLE_H3,
        "sign": STYLE_SIGN,
        "center": STYLE_CENTER,
    }.get(block.kind, STYLE_BODY)


def _add_inline(doc, paragraph, parts: Sequence[str | Cite], sources: Mapping[str, SourceNote], comments: bool):
    for part in parts:
        if isinstance(part, Cite):
            run = paragraph.add_run(part.text)
            note = sources.get(part.ref)
            if comments and note is not None:
                doc.add_comment(run, text=note.comment_text(), author="duban", initials="DB")
        elif part:
            paragraph.add_run(part)


def _run_in_head(block: Block) -> str:
    """The heading of a third-level item that runs on into body text ("1.名称。"), else ""."""
    if block.kind != "h3" or not block.parts or not isinstance(block.parts[0], str):
        return ""
    first = block.parts[0]
    i = first.find("。")
    if i < 0 or (i == len(first) - 1 and len(block.parts) == 1):
        return ""
    return first[: i + 1]


def build_document(
    text: str,
    sources: Mapping[str, SourceNote],
    *,
    comments: bool = True,
    reference_docx: str | Path | None = None,
):
    """Build the python-docx ``Document`` for a rendered text (not written anywhere yet)."""
    if reference_docx:
        doc = Document(str(reference_docx))
        _clear_body(doc)
        _ensure_styles(doc)  # adds duban's styles only where the office template lacks them
    else:
        doc = Document()
        _clear_body(doc)
        _ensure_styles(doc)
        _page_setup(doc.sections[0])
    _page_numbers(doc, doc.sections[0])
    for block in parse_blocks(text):
        if block.kind == "table":
            _add_table(doc, block, sources, comments)
            continue
        head = _run_in_head(block)
        if head:
            # "1.城东污水处理厂提标改造工程。生化池……": only the heading is bold, the text after it is body text
            p = doc.add_paragraph(style=STYLE_BODY)
            p.add_run(head).font.bold = True
            rest = (block.parts[0][len(head):], *block.parts[1:])
            _add_inline(doc, p, rest, sources, comments)
            continue
        p = doc.add_paragraph(style=_style_for(block))
        _add_inline(doc, p, block.parts, sources, comments)
    return doc


def _display_chars(parts: Sequence[str | Cite]) -> float:
    """How many characters wide a cell's text is: a Chinese character 1, a Latin letter or digit ½."""
    text = "".join(p.text if isinstance(p, Cite) else p for p in parts)
    return sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text)


def column_widths(rows: Sequence[Sequence[Sequence[str | Cite]]], total: int = TYPE_AREA_TWIPS) -> list[int]:
    """Column widths in twips that add up to ``total``, by the automatic table layout of CSS 2.1 (17.5.2.2).

    A column's maximum width holds its longest cell on one line; its minimum holds its header on one line
    (Chinese text may break between any two characters, so the header is the least a reader should get).
    When the maxima fit, every column gets its maximum and all grow alike; otherwise each gets its minimum
    plus a part of what is left in proportion to how much more it would like.

    Example:
        >>> column_widths([[["序号"], ["议定事项"]], [["1"], ["由县住建局牵头，于9月底前完成滨河大道征收扫尾工作" * 2]]])
        [710, 8134]
    """
    ncols = max(len(r) for r in rows)
    cols = [[r[j] for r in rows if j < len(r)] for j in range(ncols)]
    most = [max(_display_chars(c) for c in col) * CELL_CHAR_TWIPS + CELL_PAD_TWIPS for col in cols]
    head = [_display_chars(rows[0][j]) if j < len(rows[0]) else 0.0 for j in range(ncols)]
    least = [min(m, max(h, 2) * CELL_CHAR_TWIPS + CELL_PAD_TWIPS) for h, m in zip(head, most, strict=True)]
    if sum(most) <= total:
        widths = [m * total / sum(most) for m in most]
    elif sum(least) >= total:
        widths = [x * total / sum(least) for x in least]
    else:
        spare, wanted = total - sum(least), sum(most) - sum(least)
        widths = [lo + spare * (hi - lo) / wanted for lo, hi in zip(least, most, strict=True)]
    out = [int(w) for w in widths]
    out[-1] += total - sum(out)
    return out


def _add_table(doc, block: Block, sources: Mapping[str, SourceNote], comments: bool) -> None:
    rows = block.rows
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = doc.styles["Table Grid"] if "Table Grid" in [s.name for s in doc.styles] else None
    table.autofit = False
    widths = column_widths(rows)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Twips(width)
    # the header row repeats at the top of every page the table runs onto
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    # columns of running text (a cell longer than a short phrase) read left to right, justified; the rest
    # (numbers, units, dates, statuses) stay centred
    prose = {j for j in range(ncols) if max(_display_chars(r[j]) for r in rows[1:] if j < len(r)) > PROSE_CHARS} \
        if len(rows) > 1 else set()
    for i, row in enumerate(rows):
        for j in range(ncols):
            cell = table.cell(i, j)
            cell.width = Twips(widths[j])  # Word reads the cell widths, LibreOffice the grid
            p = cell.paragraphs[0]
            p.style = doc.styles[STYLE_TABLE]
            parts = row[j] if j < len(row) else []
            _add_inline(doc, p, parts, sources, comments)
            if i > 0 and j in prose:
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if i == 0:
                for r in p.runs:
                    r.font.bold = True


def write_docx(
    text: str,
    sources: Mapping[str, SourceNote],
    out: str | Path,
    *,
    comments: bool = True,
    reference_docx: str | Path | None = None,
) -> Path:
    """Write the document atomically (temp file, then ``os.replace``)."""
    out = Path(out)
    doc = build_document(text, sources, comments=comments, reference_docx=reference_docx)
    fd, tmp = tempfile.mkstemp(prefix=".duban-", suffix=".docx", dir=str(out.parent or "."))
    os.close(fd)
    try:
        doc.save(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


def docx_text(path: str | Path) -> str:
    """The text of a .docx as a reader sees it: paragraphs and tables (cells joined by tabs) in body order.

    For golden tests: compare this, never the zip bytes.
    """
    doc = Document(str(path))
    lines: list[str] = []
    for item in doc.iter_inner_content():
        if hasattr(item, "rows"):
            for row in item.rows:
                lines.append("\t".join(c.text for c in row.cells))
        else:
            lines.append(item.text)
    return "\n".join(lines) + "\n"


__all__ = ["SourceNote", "build_document", "docx_text", "write_docx"]
