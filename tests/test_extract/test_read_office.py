"""Legacy office files through LibreOffice: a real .doc made at run time, and the missing-tool path.

CI installs LibreOffice (Debian: ``apt-get install libreoffice-writer-nogui``); without it these tests fail
with that instruction rather than skip, since reading .doc is a feature.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from extract.errors import MissingTool, UnreadableFile
from extract.readers import Limits, iter_documents, read_document
from extract.readers.read_office import find_soffice

LINES = [
    "关于城西产业园基础设施建设情况的汇报",
    "截至目前，园区道路完成80%，供水管网已全部贯通。",
    "项目\t进度",
    "标准厂房\t主体封顶",
    "下一步将抓紧推进供电工程。",
]


@pytest.fixture(scope="module")
def soffice() -> str:
    exe = find_soffice()
    if exe is None:
        pytest.fail("LibreOffice is needed for the .doc tests: apt-get install -y libreoffice-writer-nogui")
    return exe


@pytest.fixture(scope="module")
def doc_file(tmp_path_factory, soffice) -> Path:
    """A genuine Word 97-2003 .doc: a docx written with python-docx, converted by LibreOffice."""
    from docx import Document

    folder = tmp_path_factory.mktemp("office")
    document = Document()
    document.add_paragraph(LINES[0])
    document.add_paragraph(LINES[1])
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("项目", "进度"), ("标准厂房", "主体封顶")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph(LINES[4])
    source = folder / "source.docx"
    document.save(source)
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc", "--outdir",
         str(folder), str(source)],
        check=True, capture_output=True, timeout=240,
    )
    made = folder / "source.doc"
    assert made.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a real OLE compound file
    return made


def test_doc_read_through_libreoffice(doc_file, tmp_path):
    path = tmp_path / "园区汇报.doc"
    shutil.copy(doc_file, path)
    doc = read_document(path)
    assert doc.format == "doc"
    assert doc.text.split("\n") == LINES
    assert doc.path == str(path)
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.size == path.stat().st_size
    assert any("LibreOffice" in note for note in doc.notes)


def test_wps_named_file_is_converted_too(doc_file, tmp_path):
    path = tmp_path / "园区汇报.wps"
    shutil.copy(doc_file, path)
    doc = read_document(path)
    assert doc.format == "wps" and doc.text.split("\n")[0] == LINES[0]


def test_rtf_read_through_libreoffice(tmp_path, soffice):
    body = "".join(f"\\u{ord(ch)}?" if ord(ch) > 127 else ch for ch in LINES[1])
    path = tmp_path / "纪要.rtf"
    path.write_text("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 SimSun;}}\\f0 " + body + "\\par}", encoding="ascii")
    doc = read_document(path)
    assert doc.format == "rtf" and doc.text == LINES[1]


def test_doc_without_libreoffice_is_missing_tool(doc_file, tmp_path, monkeypatch):
    """PATH without soffice/libreoffice: the real lookup fails (no mock), the error says how to install."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    assert find_soffice() is None
    path = tmp_path / "园区汇报.doc"
    shutil.copy(doc_file, path)
    (err,) = list(iter_documents(path))
    assert isinstance(err, MissingTool)
    message = str(err)
    assert message.startswith(f"[{MissingTool.code}] {path}")
    assert "LibreOffice" in message and "apt-get install libreoffice-writer" in message and "另存为 .docx" in message


def test_doc_conversion_timeout(doc_file, tmp_path):
    path = tmp_path / "慢.doc"
    shutil.copy(doc_file, path)
    (err,) = list(iter_documents(path, limits=Limits(convert_timeout=0.05)))
    assert isinstance(err, UnreadableFile)
    assert str(path) in str(err) and "超时" in str(err) and "另存为 .docx" in str(err)


def test_corrupt_doc(tmp_path, soffice):
    path = tmp_path / "损坏.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    (err,) = list(iter_documents(path))
    assert isinstance(err, UnreadableFile)
    assert str(path) in str(err) and "另存为 .docx" in str(err)
