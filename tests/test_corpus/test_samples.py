"""The bundled samples (duban/samples/, what `duban demo` ingests) match their sources in scripts/sample_sources/.

If this fails, run `.venv/bin/python scripts/make_samples.py` and commit the result.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "scripts" / "sample_sources"
SAMPLES = ROOT / "duban" / "samples"
HINT = "duban/samples/ is out of date: run .venv/bin/python scripts/make_samples.py and commit the result"


def source_lines(name: str) -> list[str]:
    return [ln for ln in (SOURCES / f"{name}.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]


def docx_lines(path: Path) -> list[str]:
    """Paragraphs and table rows (cells joined by tabs) in body order, as the source writes them."""
    doc = docx.Document(str(path))
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines += ["\t".join(c.text for c in row.cells) for row in block.rows]
        elif block.text.strip():
            lines.append(block.text)
    return lines


def test_every_source_has_its_sample():
    sources = sorted(p.stem for p in SOURCES.glob("*.txt"))
    samples = sorted(p.stem for p in SAMPLES.iterdir() if p.suffix in (".txt", ".docx"))
    assert samples == sources, HINT


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_text_samples_match_their_sources(path):
    data = path.read_bytes()
    text = data.decode("utf-8") if data.startswith("云溪县".encode()) else data.decode("gb18030")
    assert [ln for ln in text.replace("\r\n", "\n").splitlines() if ln.strip()] == source_lines(path.stem), HINT


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.docx")), ids=lambda p: p.name)
def test_docx_samples_match_their_sources(path):
    assert docx_lines(path) == source_lines(path.stem), HINT


def test_one_text_sample_is_gb18030_with_crlf():
    # the demo shows encoding detection at work: one sample is not UTF-8
    june = SAMPLES / "2024年6月重点项目建设进展情况.txt"
    data = june.read_bytes()
    assert b"\r\n" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
