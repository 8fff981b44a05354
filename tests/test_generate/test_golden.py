"""The bundled samples -> ingest -> every kind of draft -> .docx, read back and compared with reviewed text.

A failing comparison means the drafted text changed: if the change is intended, regenerate the golden files
with ``.venv/bin/python scripts/update_golden.py`` and review the diff like code.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

import duban
from generate.context import KINDS, parse_period
from generate.docx_writer import docx_text
from generate.draft import draft
from generate.markup import CITE

GOLDEN_CMD = ".venv/bin/python scripts/update_golden.py"
PERIODS = {"annual": "2024"}  # as scripts/update_golden.py
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def drafts(sample_db, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("drafts")
    results = {}
    with duban.open(sample_db) as corpus:
        for kind in KINDS:
            out = out_dir / f"{kind}.docx"
            results[kind] = (draft(corpus, kind, period=parse_period(PERIODS.get(kind, "2024H1")), out=out), out)
    return results


@pytest.mark.parametrize("kind", list(KINDS))
def test_docx_text_equals_reviewed_golden_text(drafts, data_dir, kind):
    result, out = drafts[kind]
    golden = (data_dir / "golden" / f"{kind}.txt").read_text(encoding="utf-8")
    got = docx_text(result.paths[1])
    assert got == golden, f"{kind}: the drafted text differs from tests/data/golden/{kind}.txt; if intended, run {GOLDEN_CMD}"
    assert docx_text(out) == golden  # the copy with comments reads the same


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_cited_figure_has_a_comment_that_quotes_or_derives_it(drafts, kind):
    result, out = drafts[kind]
    cited = CITE.findall(result.text)
    comments = [c.text for c in docx.Document(str(out)).comments]
    assert cited and len(comments) == len(cited)
    for (figure, ref), comment in zip(cited, comments, strict=True):
        source = result.context["sources"][ref]
        if source.get("derivation"):
            assert comment.startswith("推算：") and figure in source["derivation"], (figure, comment)
        else:
            assert figure in source["sentence"], (figure, source["sentence"])
            assert source["sentence"] in comment and source["title"] in comment


# Amounts, percentages and counts with a measure word, as they appear in the drafted prose
FIGURE = re.compile(r"\d+(?:\.\d+)?(?:亿元|万元|%|个|项|次|份)")


@pytest.mark.parametrize("kind", ["half-year", "bulletin", "speech"])
def test_no_figure_in_the_prose_is_left_without_a_source(drafts, kind):
    result, _ = drafts[kind]
    uncited = CITE.sub("", result.text)
    # outline numbers (1.) and the sign-off date are not figures; what is left must all be cited
    assert FIGURE.findall(uncited) == []


def test_half_year_of_the_samples_uses_the_latest_figures(drafts):
    result, _ = drafts["half-year"]
    text = docx_text(result.paths[1])
    assert "累计完成投资33.6亿元" in text and "27.8亿元" not in text  # the May figure is older news
    assert "一是项目用地问题仍未解决" in text
    assert result.conflicts == ()


def test_layout_of_the_drafted_docx(drafts):
    _, out = drafts["half-year"]
    d = docx.Document(str(out))
    sec = d.sections[0]
    mm = lambda emu: round(emu / 36000)  # noqa: E731
    assert (mm(sec.top_margin), mm(sec.bottom_margin), mm(sec.left_margin), mm(sec.right_margin)) == (37, 35, 28, 26)
    assert [p.style.name for p in d.paragraphs[:3]] == ["公文标题", "公文正文", "公文一级标题"]
    body = d.styles["公文正文"].element
    assert body.find(f"{W}rPr/{W}rFonts").get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.find(f"{W}rPr/{W}sz").get(qn("w:val")) == "32"
    title = d.styles["公文标题"].element
    assert title.find(f"{W}rPr/{W}rFonts").get(qn("w:eastAsia")) == "方正小标宋简体"
    footers = [sec.footer, sec.even_page_footer]
    assert all("PAGE" in "".join(ft._element.xpath(".//w:instrText/text()")) for ft in footers)


def test_the_docx_opens_in_libreoffice(drafts, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed for this test (CI installs it): apt-get install libreoffice-writer"
    _, out = drafts["half-year"]
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(out)],
        capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "half-year.pdf"
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= 1
        first = doc.pages[0].extract_text() or ""
    assert "云溪县2024年上半年重点项目建设工作总结" in first.replace("\n", "").replace(" ", "")
