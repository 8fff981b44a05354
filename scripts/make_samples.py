#!/usr/bin/env python3
"""Write duban/samples/ (the reports `duban demo` ingests) from scripts/sample_sources/*.txt.

    .venv/bin/python scripts/make_samples.py

The sources are fictional reports of 云溪县 written for duban (no real place, project or person).  Each one is
written in the form such a report usually arrives in:

    2024年5月重点项目建设进展情况   .txt, UTF-8
    2024年6月重点项目建设进展情况   .txt, GB18030 with CRLF line ends (as saved by an old Windows editor)
    重点项目建设推进会会议纪要       .docx, with a page-number footer
    上半年重点项目督查情况通报       .docx, the tab-separated lines become a Word table

The .docx files are written reproducibly (fixed core properties and zip timestamps), so running this again
without changing a source changes no bytes.  Commit the result.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(__file__).resolve().parent / "sample_sources"
OUT = ROOT / "duban" / "samples"
FIXED_TIME = datetime(2024, 7, 8, 9, 0, 0)

UTF8 = ("2024年5月重点项目建设进展情况",)
GB18030 = ("2024年6月重点项目建设进展情况",)
DOCX = ("重点项目建设推进会会议纪要", "上半年重点项目督查情况通报")

HEADING_MARKS = tuple("一二三四五六七八九十")


def _font(run, east_asian: str, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Times New Roman"
    # python-docx sets only the Latin font; Chinese text needs w:eastAsia as well
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def _page_number_footer(section) -> None:
    """A centred "— PAGE —" footer: a field whose cached result ("1") a reader must not take as text."""
    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(para.add_run("— "), "宋体", 14)
    run = para.add_run()
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "separate")):
        el = OxmlElement(tag)
        if attr:
            el.set(qn("w:fldCharType"), attr)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        run._element.append(el)
    result = para.add_run("1")
    _font(result, "宋体", 14)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    para.add_run()._element.append(end)
    _font(para.add_run(" —"), "宋体", 14)


def _is_signature(lines: list[str], i: int) -> bool:
    # the issuer and date closing the document are right-aligned
    return i >= len(lines) - 2 and bool(lines[i].strip())


def build_docx(title: str, lines: list[str]) -> bytes:
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = "云溪县"
    doc.core_properties.last_modified_by = "云溪县"
    doc.core_properties.created = FIXED_TIME
    doc.core_properties.modified = FIXED_TIME
    doc.core_properties.revision = 1
    _page_number_footer(doc.sections[0])

    table_rows: list[list[str]] = []

    def flush_table() -> None:
        if not table_rows:
            return
        table = doc.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        table.style = "Table Grid"
        for r, cells in enumerate(table_rows):
            for c, text in enumerate(cells):
                cell = table.cell(r, c)
                _font(cell.paragraphs[0].add_run(text), "仿宋_GB2312", 12, bold=r == 0)
        table_rows.clear()

    for i, line in enumerate(lines):
        if "\t" in line:
            table_rows.append(line.split("\t"))
            continue
        flush_table()
        para = doc.add_paragraph()
        if i == 0:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(para.add_run(line), "方正小标宋简体", 22)
        elif "〔" in line and line.endswith("号"):
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(para.add_run(line), "仿宋_GB2312", 16)
        elif _is_signature(lines, i):
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _font(para.add_run(line), "仿宋_GB2312", 16)
        elif line.startswith(HEADING_MARKS) and "、" in line[:3]:
            _font(para.add_run(line), "黑体", 16)
        elif line:
            para.paragraph_format.first_line_indent = Pt(32)
            _font(para.add_run(line), "仿宋_GB2312", 16)
    flush_table()
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every member's timestamp fixed, so the bytes depend only on the content."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in UTF8 + GB18030 + DOCX:
        text = (SOURCES / f"{name}.txt").read_text(encoding="utf-8")
        if name in UTF8:
            (OUT / f"{name}.txt").write_bytes(text.encode("utf-8"))
        elif name in GB18030:
            (OUT / f"{name}.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
        else:
            lines = text.rstrip("\n").split("\n")
            (OUT / f"{name}.docx").write_bytes(build_docx(lines[0], lines))
        print(f"wrote {OUT.relative_to(ROOT) / name}")


if __name__ == "__main__":
    main()
