"""The LibreOffice preview: real soffice, real fonts, the GB/T 9704-2012 layout measured in the PDF it makes.

Measurements are in PDF points (1 mm = 72 / 25.4 pt).  The type area of GB/T 9704 on A4: left 28 mm, right 26 mm,
top 37 mm, bottom 35 mm, so 156 mm × 225 mm, 22 lines of 28 characters of 三号 (16 pt).
"""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict

import pdfplumber
import pytest
from PIL import Image

from generate.docx_writer import SourceNote, write_docx
from generate.preview import (
    Preview,
    PreviewError,
    PreviewToolMissing,
    document_fonts,
    render_preview,
    resolve_fonts,
    write_font_config,
)
from generate.render import render, sample_context

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, PAGE_W - 26 * MM, 37 * MM, PAGE_H - 35 * MM
LINE_PITCH = 225 * MM / 22  # 28.95 pt
CHAR = 156 * MM / 28  # 15.79 pt
# Characters that LibreOffice (like Word) lets hang past the right margin at the end of a line.
HANGING = "，。、；：！？”’）》"

# A body paragraph in our own words with no punctuation inside, 40 characters: two lines at 26 + 14 (after the
# two-character indent), whatever the line breaking rules.
TWO_LINE_PARAGRAPH = (
    "各乡镇各部门要坚持问题导向压实工作责任加强调度督办推动重点项目早开工早投产早见效切实"[:39] + "。"
)


def _notes(ctx):
    return {k: SourceNote(v["title"], v["date"], v["sentence"]) for k, v in ctx["sources"].items()}


def _preview(tmp_path_factory, name: str, text: str, notes) -> Preview:
    folder = tmp_path_factory.mktemp(name)
    docx_path = write_docx(text, notes, folder / f"{name}.docx")
    return render_preview(docx_path, folder / "preview", dpi=100)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Preview:
    ctx = sample_context("half_year_summary")
    return _preview(tmp_path_factory, "半年总结", render("half_year_summary", ctx), _notes(ctx))


@pytest.fixture(scope="module")
def long_sample(tmp_path_factory) -> Preview:
    """The sample summary with its body paragraphs repeated three times: three pages or more."""
    ctx = sample_context("half_year_summary")
    lines = render("half_year_summary", ctx).splitlines()
    body = [line for line in lines if len(line) > 40 and not line.startswith(("#", "@@", "^^", "|"))]
    return _preview(tmp_path_factory, "长文", "\n".join(lines + body * 3), _notes(ctx))


@pytest.fixture(scope="module")
def two_line_paragraphs(tmp_path_factory) -> Preview:
    """A title and 40 paragraphs of exactly two lines each."""
    text = "# 关于重点项目推进情况的通报\n" + "\n".join([TWO_LINE_PARAGRAPH] * 40)
    return _preview(tmp_path_factory, "两行段落", text, {})


def _lines(page) -> list[dict]:
    """The text lines of a PDF page: characters grouped by baseline, left to right."""
    rows: dict[int, list[dict]] = defaultdict(list)
    for c in page.chars:
        if c["text"].strip():
            rows[round(c["bottom"])].append(c)
    out = []
    for _, chars in sorted(rows.items()):
        chars.sort(key=lambda c: c["x0"])
        out.append(
            {
                "text": "".join(c["text"] for c in chars),
                "x0": chars[0]["x0"],
                "x1": chars[-1]["x1"],
                "top": min(c["top"] for c in chars),
                "bottom": max(c["bottom"] for c in chars),
                "size": max(c["size"] for c in chars),
            }
        )
    return out


def _body_lines(page) -> list[dict]:
    """Lines inside the type area (the page number sits below it)."""
    return [line for line in _lines(page) if line["bottom"] <= BOTTOM + 1]


def _page_number(page) -> dict:
    below = [line for line in _lines(page) if line["top"] > BOTTOM]
    assert len(below) == 1, [line["text"] for line in below]
    return below[0]


def _is_cjk(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" or ch in HANGING for ch in text)


def test_pdf_pages_are_a4(sample):
    with pdfplumber.open(sample.pdf) as pdf:
        assert len(pdf.pages) >= 2
        for page in pdf.pages:
            assert page.width == pytest.approx(PAGE_W, abs=1)
            assert page.height == pytest.approx(PAGE_H, abs=1)


def test_text_starts_at_the_28mm_left_margin(sample):
    with pdfplumber.open(sample.pdf) as pdf:
        lines = [line for page in pdf.pages for line in _body_lines(page)]
    assert min(line["x0"] for line in lines) == pytest.approx(LEFT, abs=1.5)
    # body paragraphs start two characters in
    indented = [line["x0"] for line in lines if line["text"].startswith("今年以来")]
    assert indented and indented[0] == pytest.approx(LEFT + 2 * 16, abs=2)


def test_first_line_sits_in_the_first_line_of_the_type_area(long_sample):
    """37 mm from the top edge is the top of the first 28.95 pt line; the 16 pt characters are centred in it."""
    with pdfplumber.open(long_sample.pdf) as pdf:
        first = _body_lines(pdf.pages[1])[0]
    assert first["size"] == pytest.approx(16, abs=0.1)
    centre = (first["top"] + first["bottom"]) / 2
    assert centre - LINE_PITCH / 2 == pytest.approx(TOP, abs=2)


def test_lines_follow_the_28_95pt_pitch_and_stay_in_the_type_area(long_sample):
    with pdfplumber.open(long_sample.pdf) as pdf:
        lines = _body_lines(pdf.pages[1])
    assert lines[-1]["bottom"] <= BOTTOM
    pitch = (lines[-1]["bottom"] - lines[0]["bottom"]) / (len(lines) - 1)
    assert pitch == pytest.approx(LINE_PITCH, abs=0.1)


def test_title_is_centred_in_the_type_area(sample):
    with pdfplumber.open(sample.pdf) as pdf:
        title = _lines(pdf.pages[0])[0]
    assert title["size"] == pytest.approx(22, abs=0.1)  # 二号
    assert title["text"].startswith("青岚县2023年上半年")
    centre = (title["x0"] + title["x1"]) / 2
    assert centre == pytest.approx((LEFT + RIGHT) / 2, abs=2)
    assert centre == pytest.approx(PAGE_W / 2, abs=2 * MM)
    assert title["top"] >= TOP - 1


def test_page_numbers_odd_right_even_left_below_the_type_area(long_sample):
    with pdfplumber.open(long_sample.pdf) as pdf:
        assert len(pdf.pages) >= 3
        for i, page in enumerate(pdf.pages, start=1):
            number = _page_number(page)
            assert number["text"] == f"—{i}—"  # "— 1 —": the spaces are not drawn characters
            assert number["size"] == pytest.approx(14, abs=0.1)  # 四号
            # 7 mm below the type area (GB/T 9704 7.5)
            assert number["top"] == pytest.approx(BOTTOM + 7 * MM, abs=3)
            # one 四号 character (14 pt) in from the right edge on odd pages, from the left on even ones
            if i % 2:
                assert number["x1"] == pytest.approx(RIGHT - 14, abs=2)
            else:
                assert number["x0"] == pytest.approx(LEFT + 14, abs=2)


def test_full_body_lines_hold_28_characters(long_sample):
    with pdfplumber.open(long_sample.pdf) as pdf:
        lines = [line for page in pdf.pages for line in _body_lines(page)]
    full = [
        line
        for line in lines
        if line["size"] == pytest.approx(16, abs=0.1)
        and line["x0"] == pytest.approx(LEFT, abs=2)
        and _is_cjk(line["text"])
        and line["x1"] > RIGHT - CHAR
    ]
    assert len(full) >= 5
    # a full line ends at the margin, or one mark (，。) past it
    counts = {
        len(line["text"].rstrip(HANGING)) if line["x1"] > RIGHT + 2 else len(line["text"]) for line in full
    }
    assert counts == {28}, [line["text"] for line in full]


def test_a_two_line_paragraph_breaks_after_26_characters(two_line_paragraphs):
    with pdfplumber.open(two_line_paragraphs.pdf) as pdf:
        lines = _body_lines(pdf.pages[0])
    first_lines = [line["text"] for line in lines if line["x0"] == pytest.approx(LEFT + 32, abs=2)]
    assert first_lines and set(first_lines) == {TWO_LINE_PARAGRAPH[:26]}


def test_every_full_page_holds_22_lines(two_line_paragraphs):
    with pdfplumber.open(two_line_paragraphs.pdf) as pdf:
        assert len(pdf.pages) >= 3
        counts = [len(_body_lines(page)) for page in pdf.pages[:-1]]
    # page 1: the title, the blank line under it (标题下空一行), then 20 lines of text
    assert counts == [21] + [22] * (len(counts) - 1)


def test_one_blank_line_between_the_title_and_the_body(two_line_paragraphs):
    with pdfplumber.open(two_line_paragraphs.pdf) as pdf:
        title, first = _body_lines(pdf.pages[0])[:2]
    assert title["size"] == pytest.approx(22, abs=0.1) and first["size"] == pytest.approx(16, abs=0.1)
    assert first["bottom"] - title["bottom"] == pytest.approx(2 * LINE_PITCH, abs=2)


def test_pdf_embeds_the_free_stand_in_fonts(sample):
    listing = subprocess.run(["pdffonts", str(sample.pdf)], capture_output=True, text=True, check=True).stdout
    embedded = {re.sub(r"^[A-Z]{6}\+", "", row.split()[0]) for row in listing.splitlines()[2:]}
    for family in ("FandolSong", "FandolFang", "FandolHei", "FandolKai"):
        assert f"{family}-Regular" in embedded, embedded
    assert not {name for name in embedded if "Bold" in name and name.startswith("Fandol")}
    # what the preview reports is what LibreOffice embedded
    for used in sample.substitutes.values():
        assert any(name.startswith(used) for name in embedded), (used, embedded)


def test_preview_names_its_substitute_fonts(sample):
    assert sample.substitutes == {
        "方正小标宋简体": "FandolSong",
        "仿宋_GB2312": "FandolFang",
        "黑体": "FandolHei",
        "楷体_GB2312": "FandolKai",
        "宋体": "FandolSong",
    }
    assert sample.note.startswith("预览使用替代字体：")
    assert "仿宋_GB2312 → FandolFang" in sample.note and "（正式印发请使用标准字体）" in sample.note
    assert "Times New Roman" not in sample.substitutes  # a Latin face is not an official font


def test_png_pages_at_the_requested_resolution(sample):
    assert [p.name for p in sample.pngs] == [f"半年总结-{i}.png" for i in range(1, len(sample.pngs) + 1)]
    with pdfplumber.open(sample.pdf) as pdf:
        assert len(sample.pngs) == len(pdf.pages)
    with Image.open(sample.pngs[0]) as im:
        assert im.format == "PNG"
        width, height = im.size  # A4 at 100 dpi: 826.8 × 1169.3 px, rounded up by pdftoppm
        assert (width, height) == (pytest.approx(827, abs=1), pytest.approx(1169, abs=1))
        # ink on the page: the text is drawn, not blank boxes of a missing font
        assert im.convert("L").getextrema()[0] < 64


def test_one_page_only(sample, tmp_path):
    docx_path = sample.pdf.parent.parent / "半年总结.docx"
    p = render_preview(docx_path, tmp_path, pages="2", dpi=30)
    assert [x.name for x in p.pngs] == ["半年总结-2.png"]
    assert p.pdf.is_file()


# fmt: off
VARIANTS = [
    ("仿宋",            "FandolFang"),
    ("FangSong_GB2312", "FandolFang"),
    ("方正仿宋_GBK",     "FandolFang"),
    ("楷体",            "FandolKai"),
    ("KaiTi_GB2312",    "FandolKai"),
    ("华文中宋",         "FandolSong"),
    ("方正小标宋_GBK",   "FandolSong"),
    ("SimSun",          "FandolSong"),
    ("SimHei",          "FandolHei"),
    ("微软雅黑",         "FandolHei"),
]
# fmt: on


@pytest.mark.parametrize("name,used", VARIANTS)
def test_font_name_variants_map_to_fandol(tmp_path, name, used):
    conf = write_font_config(tmp_path / "fonts.conf")
    substitutes, no_chinese = resolve_fonts([name], conf)
    assert substitutes == {name: used}
    assert no_chinese == []


def test_noto_cjk_stands_in_when_fandol_is_absent(tmp_path):
    conf = write_font_config(tmp_path / "fonts.conf", extra_dirs=[])
    substitutes, _ = resolve_fonts(["仿宋_GB2312", "黑体"], conf)
    assert substitutes == {"仿宋_GB2312": "Noto Serif CJK SC", "黑体": "Noto Sans CJK SC"}


def test_system_fonts_stay_and_latin_names_are_not_taken_over(tmp_path):
    conf = write_font_config(tmp_path / "fonts.conf")
    substitutes, _ = resolve_fonts(["DejaVu Sans", "Times New Roman"], conf)
    assert "DejaVu Sans" not in substitutes  # installed: no stand-in
    # SimSun sits in the system's serif list; our alias must not pull Times New Roman to a Chinese face
    assert not substitutes.get("Times New Roman", "").startswith(("Fandol", "Noto"))


def test_document_fonts_lists_east_asian_and_latin_names(sample):
    names = document_fonts(sample.pdf.parent.parent / "半年总结.docx")
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "Times New Roman"} <= set(names)


def test_missing_soffice_names_the_apt_line(sample, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without LibreOffice
    with pytest.raises(PreviewToolMissing) as err:
        render_preview(sample.pdf.parent.parent / "半年总结.docx", tmp_path)
    assert (
        "[E311]" in str(err.value) and "apt-get install" in str(err.value) and "libreoffice" in str(err.value)
    )


@pytest.mark.parametrize("pages", ["0", "3-1", "一", "1,2"])
def test_bad_page_range_is_refused(sample, tmp_path, pages):
    with pytest.raises(PreviewError, match="页码范围"):
        render_preview(sample.pdf.parent.parent / "半年总结.docx", tmp_path, pages=pages)


def test_missing_document_is_reported(tmp_path):
    with pytest.raises(PreviewError, match="找不到要预览的文档"):
        render_preview(tmp_path / "无此文件.docx", tmp_path)
