"""Readers: every format's happy path and every kind of bad input, on fixtures generated here at run time.

Binary fixtures (docx, pdf, zip) are built by the tests with python-docx, reportlab and zipfile, in our own
words; the real corpus (../shared) is read through the ``shared`` fixture.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from extract.errors import (
    EmptyDocument,
    ExtractError,
    PermissionDenied,
    TooLarge,
    UnreadableFile,
    UnsafeContent,
    UnsupportedFormat,
)
from extract.model import RawDocument
from extract.readers import DEFAULT_LIMITS, MIB, Limits, iter_documents, read_document

ROOT = Path(__file__).resolve().parents[2]

# Our own sentences (never taken from the shared reports).
SIMPLIFIED = (
    "关于城南片区棚户区改造项目推进情况的汇报\n"
    "今年以来，我区坚持问题导向，项目累计完成投资3.2亿元，占年度计划的78%。\n"
    "存在的问题：一是资金缺口较大；二是部分地块征收进度滞后。\n"
)
TRADITIONAL = (
    "關於城南片區棚戶區改造項目推進情況的報告\n"
    "今年以來，我區堅持問題導向，項目累計完成投資3.2億元，達到年度計劃的78%。\n"
    "存在的問題：一是資金缺口較大；二是部分地塊徵收進度滯後。\n"
)


def assert_error(err: object, cls: type[ExtractError], path: str | Path, *words: str) -> None:
    """The error is ``cls``, carries its code, names the file, and its message holds ``words`` (what/fix)."""
    assert isinstance(err, cls), f"expected {cls.__name__}, got {err!r}"
    message = str(err)
    assert message.startswith(f"[{cls.code}] {path}: "), message  # code, then the file
    assert "\n  提示: " in message, message  # every error says how to fix it
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def only(items: list) -> object:
    assert len(items) == 1, items
    return items[0]


# ---------------------------------------------------------------------------------------------- txt
# fmt: off
ENCODINGS = [
    # (text, codec used to write the file, BOM prefix, encoding the reader must record)
    (SIMPLIFIED,  "utf-8",     b"",              "utf-8"),
    (SIMPLIFIED,  "utf-8",     b"\xef\xbb\xbf",  "utf-8-sig"),
    (SIMPLIFIED,  "gb18030",   b"",              "gb18030"),
    (SIMPLIFIED,  "gbk",       b"",              "gb18030"),
    (TRADITIONAL, "big5",      b"",              "big5"),
    (TRADITIONAL, "gb18030",   b"",              "gb18030"),   # traditional hanzi saved as GBK stay GBK
    (SIMPLIFIED,  "utf-16-le", b"\xff\xfe",      "utf-16-le"),
    (SIMPLIFIED,  "utf-16-be", b"\xfe\xff",      "utf-16-be"),
    (SIMPLIFIED,  "utf-16-le", b"",              "utf-16-le"),  # no BOM
    (SIMPLIFIED,  "utf-16-be", b"",              "utf-16-be"),  # no BOM
    (TRADITIONAL, "utf-16-le", b"\xff\xfe",      "utf-16-le"),
    ("進度",       "big5",      b"",              "big5"),      # two characters only
    ("项目",       "gb18030",   b"",              "gb18030"),
    ("Progress report, 2023 H1\n", "ascii", b"", "utf-8"),
]
# fmt: on


@pytest.mark.parametrize("text,codec,bom,expected", ENCODINGS)
def test_txt_encodings(tmp_path, text, codec, bom, expected):
    path = tmp_path / "月报.txt"
    data = bom + text.encode(codec)
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.encoding == expected
    assert doc.text == text
    assert doc.format == "txt"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.size == len(data)
    assert doc.path == str(path)
    assert doc.notes == ()


def test_txt_big5_is_not_taken_for_gb18030(tmp_path):
    """Big5 bytes decode "validly" as GB18030 into garbage; the common-hanzi score must pick Big5."""
    data = TRADITIONAL.encode("big5")
    data.decode("gb18030")  # the trap is real: this succeeds
    path = tmp_path / "彙報.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.encoding == "big5"
    assert "棚戶區改造" in doc.text


def test_txt_line_endings_become_newlines(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("第一段\r\n第二段\r第三段".encode("gb18030"))
    assert read_document(path).text.split("\n") == ["第一段", "第二段", "第三段"]


def test_txt_replaced_bytes_are_noted(tmp_path):
    """A stray undecodable byte is replaced, and the document says so (never silently)."""
    path = tmp_path / "a.txt"
    path.write_bytes(SIMPLIFIED.encode("gb18030") + b"\xff" + "下一步工作安排。".encode("gb18030"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert doc.text.count("\ufffd") == 1
    assert "下一步工作安排" in doc.text
    assert len(doc.notes) == 1 and "1 处" in doc.notes[0]


@pytest.mark.parametrize("name", ["空白.txt", "空白.docx", "空白.pdf", "空白.html", "空白.zip", "空白.doc"])
def test_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    err = only(list(iter_documents(path)))
    assert_error(err, EmptyDocument, path, "空", "提示")


def test_txt_whitespace_only(tmp_path):
    path = tmp_path / "空白.txt"
    path.write_bytes(b" \r\n\t\n")
    with pytest.raises(EmptyDocument):
        read_document(path)


def _junk_png_header() -> bytes:
    return b"\x7fELF\x02\x01\x01" + bytes(9) + random.Random(7).randbytes(3000)


# fmt: off
JUNK = [
    ("random bytes",            random.Random(0).randbytes(4096)),
    ("ELF binary",              _junk_png_header()),
    ("high bytes, no NUL",      bytes(range(0x80, 0x100)) * 40),
    ("control characters",      ("正文" + "\x01\x02\x03\x04\x05" * 50).encode("utf-8")),
    ("NUL in a GBK file",       "督查通报".encode("gbk") + b"\x00\x00\x00\x01\x02" * 20),
]
# fmt: on


@pytest.mark.parametrize("label,data", JUNK, ids=[j[0] for j in JUNK])
def test_txt_binary_junk(tmp_path, label, data):
    path = tmp_path / "看似文本.txt"
    path.write_bytes(data)
    err = only(list(iter_documents(path)))
    assert_error(err, UnreadableFile, path, "不是文本", "提示")


# --------------------------------------------------------------------------------------------- docx
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _run(inner: str) -> str:
    return f"<w:r {NS}>{inner}</w:r>"


def _complex_field(instr: str, result: str) -> list[str]:
    """The five runs of a complex field: begin, instruction, separate, result, end."""
    return [
        _run('<w:fldChar w:fldCharType="begin"/>'),
        _run(f'<w:instrText xml:space="preserve"> {instr} </w:instrText>'),
        _run('<w:fldChar w:fldCharType="separate"/>'),
        _run(f"<w:t>{result}</w:t>"),
        _run('<w:fldChar w:fldCharType="end"/>'),
    ]


def _text_box(paragraphs_xml: str) -> str:
    """A run holding a text box the way Word 2010+ writes it: DrawingML Choice + VML Fallback, same text."""
    return _run(
        "<mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" behindDoc="0" '
        'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="1828800" cy="457200"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        '<wp:docPr id="7" name="文本框 7"/><a:graphic>'
        '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx><w:txbxContent>{paragraphs_xml}'
        "</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
        "</w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:shape id="tb7" style="width:144pt;height:36pt"><v:textbox>'
        f"<w:txbxContent>{paragraphs_xml}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent>"
    )


def build_docx() -> bytes:
    """A report with everything a reader must keep (body, table, text box) and must not (header,
    footer, page-number fields, hidden and deleted text).  Sentinel numbers mark what must not appear."""
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    doc.core_properties.title = "城南片区改造项目推进情况汇报"
    section = doc.sections[0]
    section.header.paragraphs[0].text = "某某县重点项目办（页眉文字）"
    footer = section.footer.paragraphs[0]
    footer.add_run("页脚文字 第")
    footer._p.append(parse_xml(f'<w:fldSimple {NS} w:instr=" PAGE "><w:r><w:t>4321</w:t></w:r></w:fldSimple>'))
    footer._p.append(parse_xml(_text_box(f"<w:p {NS}><w:r><w:t>页脚文本框</w:t></w:r></w:p>")))

    doc.add_paragraph("关于城南片区改造项目推进情况的汇报")
    p = doc.add_paragraph("今年以来，项目累计完成投资3.2亿元")
    hidden = p.add_run("（隐藏批注）")
    hidden.font.hidden = True
    p._p.append(parse_xml(
        f'<w:del {NS} w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z">'
        "<w:r><w:delText>已删除的旧数字</w:delText></w:r></w:del>"
    ))
    p.add_run("。")

    counted = doc.add_paragraph("本汇报共")
    for run in _complex_field("NUMPAGES \\* MERGEFORMAT", "9876"):
        counted._p.append(parse_xml(run))
    counted.add_run("页，详见")
    for run in _complex_field('HYPERLINK "http://example.invalid/a"', "附件一"):
        counted._p.append(parse_xml(run))
    counted._p.append(parse_xml(f'<w:fldSimple {NS} w:instr=" PAGE "><w:r><w:t>5555</w:t></w:r></w:fldSimple>'))
    counted.add_run("。")

    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([("项目名称", "责任单位", "完成投资"), ("安置房一期", "区住建局", "1.2亿元"),
                             ("污水管网", "区水务局", "")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    nested = table.cell(2, 2).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "0.8亿元"
    nested.cell(0, 1).text = "已完工"

    doc.add_paragraph("下一步，加快安置房建设，确保年底前交付。")
    owner = doc.add_paragraph("责任单位：")
    owner._p.append(parse_xml(
        f'<w:sdt {NS}><w:sdtPr><w:alias w:val="单位"/></w:sdtPr>'
        "<w:sdtContent><w:r><w:t>区发改局</w:t></w:r></w:sdtContent></w:sdt>"
    ))
    owner._p.append(parse_xml(
        f'<w:sdt {NS}><w:sdtPr><w:showingPlcHdr/></w:sdtPr>'
        "<w:sdtContent><w:r><w:t>单击或点击此处输入文字。</w:t></w:r></w:sdtContent></w:sdt>"
    ))
    boxed = doc.add_paragraph("附注：")
    box = (
        f"<w:p {NS}><w:r><w:t>文本框：资金缺口约3000万元</w:t></w:r></w:p>"
        f'<w:p {NS}><w:r><w:t>第</w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>6666</w:t></w:r></w:fldSimple>'
        "<w:r><w:t>页</w:t></w:r></w:p>"
    )
    boxed._p.append(parse_xml(_text_box(box)))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


DOCX_LINES = [
    "关于城南片区改造项目推进情况的汇报",
    "今年以来，项目累计完成投资3.2亿元。",
    "本汇报共页，详见附件一。",
    "项目名称\t责任单位\t完成投资",
    "安置房一期\t区住建局\t1.2亿元",
    "污水管网\t区水务局\t0.8亿元 已完工",
    "下一步，加快安置房建设，确保年底前交付。",
    "责任单位：区发改局",
    "附注：",
    "文本框：资金缺口约3000万元",
    "第页",
]


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return build_docx()


def test_docx_body_tables_and_text_boxes_in_order(tmp_path, docx_bytes):
    path = tmp_path / "汇报.docx"
    path.write_bytes(docx_bytes)
    doc = read_document(path)
    assert doc.format == "docx"
    assert doc.text.split("\n") == DOCX_LINES
    assert doc.title == "城南片区改造项目推进情况汇报"
    assert doc.sha256 == hashlib.sha256(docx_bytes).hexdigest()


@pytest.mark.parametrize("junk", ["页眉文字", "页脚文字", "页脚文本框", "4321", "9876", "5555", "6666",
                                  "隐藏批注", "已删除的旧数字", "MERGEFORMAT", "HYPERLINK", "单击或点击此处"])
def test_docx_never_reads_headers_footers_fields_hidden_or_deleted(tmp_path, docx_bytes, junk):
    path = tmp_path / "汇报.docx"
    path.write_bytes(docx_bytes)
    assert junk not in read_document(path).text


def test_docx_text_box_taken_once(tmp_path, docx_bytes):
    """mc:AlternateContent holds the text box twice (Choice and Fallback); it is read once."""
    assert docx_bytes.count(b"mc:Fallback") or b"Fallback" in zipfile.ZipFile(io.BytesIO(docx_bytes)).read(
        "word/document.xml"
    )
    path = tmp_path / "汇报.docx"
    path.write_bytes(docx_bytes)
    assert read_document(path).text.count("资金缺口约3000万元") == 1


def test_docx_truncated(tmp_path, docx_bytes):
    path = tmp_path / "截断.docx"
    path.write_bytes(docx_bytes[: len(docx_bytes) // 2])
    err = only(list(iter_documents(path)))
    assert_error(err, UnreadableFile, path, "docx 文件已损坏或不完整", "另存为")


def test_docx_with_garbage_inside(tmp_path, docx_bytes):
    """A zip whose document.xml is not XML."""
    path = tmp_path / "坏.docx"
    path.write_bytes(_replace_member(docx_bytes, "word/document.xml", b"<w:document><w:body><w:p>"))
    assert_error(only(list(iter_documents(path))), UnreadableFile, path, "docx 文件已损坏或不完整")


def _replace_member(archive: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info))
    return out.getvalue()


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    b' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    b' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
    b' <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">\n]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize("part,xml", [("word/document.xml", BILLION_LAUGHS), ("word/document.xml", EXTERNAL_ENTITY),
                                      ("docProps/core.xml", EXTERNAL_ENTITY)])
def test_docx_with_doctype_is_refused(tmp_path, docx_bytes, part, xml):
    path = tmp_path / "实体.docx"
    path.write_bytes(_replace_member(docx_bytes, part, xml))
    err = only(list(iter_documents(path)))
    assert_error(err, UnsafeContent, path, "DOCTYPE", part, "另存为")


def test_docx_without_body_text(tmp_path):
    from docx import Document

    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "只有页眉"
    doc.add_paragraph("   ")
    path = tmp_path / "空.docx"
    doc.save(path)
    assert_error(only(list(iter_documents(path))), EmptyDocument, path, "没有文字")


def _corpus_docx(shared: Path) -> list[Path]:
    files = sorted((shared / "corpus" / "docx").glob("B0*.docx"))
    assert len(files) == 31, files
    return files


def test_corpus_docx_without_footer_junk(shared):
    """The 31 real reports: all read, no footer page number ("11") anywhere."""
    files = _corpus_docx(shared)
    docs = [read_document(f) for f in files]
    for f, doc in zip(files, docs, strict=True):
        lines = doc.text.split("\n")
        assert not [line for line in lines if re.fullmatch(r"\s*[\d\s—\-/第页]*\s*", line)], f.name
        assert lines[0] == f.stem.split("_", 1)[1], f.name  # each report starts with its title line


def test_corpus_docx_text_matches_python_docx(shared):
    """Independent check: the body text equals python-docx's paragraph text (these files have no tables,
    fields or body text boxes), whitespace aside; and the index's character count agrees."""
    from docx import Document

    index = {}
    for line in (shared / "corpus" / "docx" / "index.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        index[record["file"]] = record
    for f in _corpus_docx(shared):
        text = read_document(f).text
        theirs = "".join("".join(p.text for p in Document(str(f)).paragraphs).split())
        assert "".join(text.split()) == theirs, f.name
        # the index counts characters without line breaks; whitespace-only paragraphs are dropped
        assert abs(len(text) - text.count("\n") - index[f.name]["chars"]) <= 5, f.name


# --------------------------------------------------------------------------------------------- html
PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>关于城东片区改造进展的通报_某某区人民政府</title>
<style>.article {{ color: #333 }} .nav a {{ margin: 0 }}</style>
<script>var tracker = "脚本里的字不是正文";</script></head>
<body>
<div id="top" class="header"><span>某某区人民政府门户网站</span><a href="/en">English</a></div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/hdjl">互动交流</a></li></ul></nav>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 通知公告</div>
<div class="article">
<h1>关于城东片区改造进展的通报</h1>
<p>今年以来，城东片区改造项目累计完成投资2.6亿元，占年度计划的65%。征收工作&ldquo;清零&rdquo;，安置房主体结构封顶。</p>
<p>存在的问题：一是资金缺口较大；二是部分地块手续办理滞后&amp;审批周期长。</p>
<table><tr><td>项目</td><td>完成投资</td></tr><tr><td>安置房</td><td>1.2亿元</td></tr></table>
<p>下一步，将加快推进手续办理，确保年底前全面完工。</p>
</div>
<footer><p>版权所有：某某区人民政府办公室 网站标识码1234567890</p><a href="/map">网站地图</a></footer>
<script>document.write("页面统计代码");</script>
</body></html>
"""
HTML_LINES = [
    "关于城东片区改造进展的通报",
    "今年以来，城东片区改造项目累计完成投资2.6亿元，占年度计划的65%。征收工作“清零”，安置房主体结构封顶。",
    "存在的问题：一是资金缺口较大；二是部分地块手续办理滞后&审批周期长。",
    "项目\t完成投资",
    "安置房\t1.2亿元",
    "下一步，将加快推进手续办理，确保年底前全面完工。",
]


# fmt: off
@pytest.mark.parametrize("charset,codec,expected", [
    ("utf-8",  "utf-8",   "utf-8"),
    ("gb2312", "gb18030", "gb18030"),   # declared GB2312, decoded with its superset
    ("gbk",    "gbk",     "gb18030"),
    ("",       "gb18030", "gb18030"),   # nothing declared: detected
    ("utf-8",  "gbk",     "gb18030"),   # declared wrong: detected
])
# fmt: on
def test_html_main_text_only(tmp_path, charset, codec, expected):
    path = tmp_path / "通报.html"
    html = PAGE.format(charset=charset) if charset else PAGE.replace("; charset={charset}", "")
    path.write_bytes(html.encode(codec))
    doc = read_document(path)
    assert doc.format == "html"
    assert doc.encoding == expected
    assert doc.title == "关于城东片区改造进展的通报_某某区人民政府"
    assert doc.text.split("\n") == HTML_LINES


@pytest.mark.parametrize("junk", ["脚本", "页面统计", "color", "首页", "政务公开", "当前位置", "门户网站", "版权所有",
                                  "网站地图", "&ldquo;", "&amp;", "&gt;"])
def test_html_drops_chrome_and_decodes_entities(tmp_path, junk):
    path = tmp_path / "通报.htm"
    path.write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    assert junk not in read_document(path).text


def test_html_short_page_falls_back_to_body_text(tmp_path):
    path = tmp_path / "短.html"
    path.write_text("<html><head><title>短讯</title></head><body><nav>首页</nav><div>城南片区项目已开工。</div>"
                    "<script>x=1</script></body></html>", encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "城南片区项目已开工。"
    assert doc.title == "短讯"


def test_html_without_text(tmp_path):
    path = tmp_path / "空页.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body><nav>首页</nav></body></html>")
    assert_error(only(list(iter_documents(path))), EmptyDocument, path, "没有正文")


# ---------------------------------------------------------------------------------------------- pdf
def build_pdf(pages: list[list[str]], *, encrypt: str | None = None, footer: str | None = None,
              header: str | None = None) -> bytes:
    """A PDF with a real text layer in reportlab's built-in CID font for Chinese (STSong-Light)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    width, height = A4
    for number, lines in enumerate(pages, start=1):
        c.setFont("STSong-Light", 14)
        if header:
            c.drawCentredString(width / 2, height - 40, header.format(n=number, total=len(pages)))
        y = height - 90
        for line in lines:
            c.drawString(72, y, line)
            y -= 24
        if footer:
            c.drawCentredString(width / 2, 40, footer.format(n=number, total=len(pages)))
        c.showPage()
    c.save()
    return buf.getvalue()


PDF_PAGES = [
    ["关于城东片区改造进展的通报", "今年以来累计完成投资2.6亿元，", "占年度计划的65%。"],
    ["存在的问题：资金缺口较大。", "下一步：确保12月底前完工。"],
]


@pytest.mark.parametrize("footer,header", [("— {n} —", None), ("- {n} -", None), ("第 {n} 页", None),
                                           ("{n}/{total}", None), ("第{n}页 共{total}页", None),
                                           (None, "{n}"), ("{n}", None)])
def test_pdf_text_layer_without_page_numbers(tmp_path, footer, header):
    path = tmp_path / "通报.pdf"
    data = build_pdf(PDF_PAGES, footer=footer, header=header)
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.format == "pdf"
    assert doc.text.split("\n") == [line for page in PDF_PAGES for line in page]
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


def test_pdf_encrypted(tmp_path):
    path = tmp_path / "加密.pdf"
    path.write_bytes(build_pdf(PDF_PAGES, encrypt="mima2024"))
    err = only(list(iter_documents(path)))
    assert_error(err, UnreadableFile, path, "加密", "未加密")


def test_pdf_without_text_layer(tmp_path):
    """A "scan": pages with only drawn shapes."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for _ in range(2):
        c.rect(72, 400, 300, 200, fill=1)
        c.showPage()
    c.save()
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(buf.getvalue())
    err = only(list(iter_documents(path)))
    assert_error(err, UnreadableFile, path, "PDF 无文本层（可能是扫描件）", "OCR")


def test_pdf_truncated(tmp_path):
    path = tmp_path / "残缺.pdf"
    path.write_bytes(build_pdf(PDF_PAGES)[:400])
    assert_error(only(list(iter_documents(path))), UnreadableFile, path, "PDF", "重新")


def test_pdf_some_pages_scanned_is_noted(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 14)
    c.drawString(72, 700, "第一页有文字。")
    c.showPage()
    c.rect(72, 400, 300, 200, fill=1)
    c.showPage()
    c.save()
    path = tmp_path / "混合.pdf"
    path.write_bytes(buf.getvalue())
    doc = read_document(path)
    assert doc.text == "第一页有文字。"
    assert any("第 2 页" in note for note in doc.notes)


# ---------------------------------------------------------------------------------------------- zip
class LegacyName(zipfile.ZipInfo):
    """A member written the way Chinese Windows packers do: GBK name bytes, no UTF-8 flag (0x800).

    zipfile would otherwise store a non-ASCII name as UTF-8 and set the flag.
    """

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's name
        return self.filename.encode("cp437"), self.flag_bits & ~0x800


def add_gbk_member(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = LegacyName(name.encode("gbk").decode("cp437"), date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.flag_bits &= ~0x800
    zf.writestr(info, data)


def test_zip_gbk_member_names(tmp_path, docx_bytes):
    path = tmp_path / "报告.zip"
    with zipfile.ZipFile(path, "w") as zf:
        add_gbk_member(zf, "一月/城南片区汇报.docx", docx_bytes)
        add_gbk_member(zf, "一月/城北片区情况.txt", SIMPLIFIED.encode("gb18030"))
    raw = path.read_bytes()
    assert "城南片区汇报".encode("gbk") in raw  # the fixture really holds GBK names ...
    assert all(not info.flag_bits & 0x800 for info in zipfile.ZipFile(path).infolist())  # ... unflagged
    docs = list(iter_documents(path))
    assert [d.path for d in docs] == [f"{path}!一月/城南片区汇报.docx", f"{path}!一月/城北片区情况.txt"]
    assert docs[0].text.split("\n") == DOCX_LINES
    assert docs[0].sha256 == hashlib.sha256(docx_bytes).hexdigest()
    assert docs[1].encoding == "gb18030" and docs[1].text == SIMPLIFIED


def test_zip_utf8_flagged_names_and_junk_skipped(tmp_path):
    path = tmp_path / "打包.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("材料/", b"")
        zf.writestr("材料/进展情况.txt", SIMPLIFIED.encode("utf-8"))
        zf.writestr("__MACOSX/材料/._进展情况.txt", b"\x00\x05\x16\x07junk")
        zf.writestr("材料/.DS_Store", b"\x00\x00\x00\x01Bud1")
        zf.writestr("材料/~$进展情况.docx", b"\x05user")
    assert [d.path for d in iter_documents(path)] == [f"{path}!材料/进展情况.txt"]


def test_zip_path_traversal_names_are_labels_only(tmp_path):
    path = tmp_path / "traversal.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../etc/passwd.txt", "穿越目录的文件名".encode())
        zf.writestr("/abs/报告.txt", "绝对路径的文件名".encode())
        zf.writestr("C:\\temp\\说明.txt", "盘符路径的文件名".encode())
    before = set(tmp_path.parent.rglob("*"))
    docs = list(iter_documents(path))
    assert [d.path for d in docs] == [f"{path}!etc/passwd.txt", f"{path}!abs/报告.txt", f"{path}!temp/说明.txt"]
    assert [d.text for d in docs] == ["穿越目录的文件名", "绝对路径的文件名", "盘符路径的文件名"]
    assert set(tmp_path.parent.rglob("*")) == before  # nothing written anywhere


def test_zip_corrupt_member_others_still_read(tmp_path):
    good1, good2 = "第一份汇报：项目已开工。" * 50, "第三份汇报：资金已到位。" * 50
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", good1.encode())
        zf.writestr("b.txt", ("第二份汇报：这份会被损坏。" * 200).encode())
        zf.writestr("c.txt", good2.encode())
    data = bytearray(buf.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("b.txt")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 10, start + 40):  # scramble compressed bytes in the middle of b.txt
        data[i] ^= 0x5A
    path = tmp_path / "部分损坏.zip"
    path.write_bytes(bytes(data))
    items = list(iter_documents(path))
    assert [type(i) for i in items] == [RawDocument, UnreadableFile, RawDocument]
    assert items[0].text == good1 and items[2].text == good2
    assert_error(items[1], UnreadableFile, f"{path}!b.txt", "损坏", "重新")


def test_zip_nested_and_depth_limit(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("内层.txt", "内层压缩包里的汇报。".encode())
    level = inner.getvalue()
    for name in ("二层.zip", "三层.zip", "四层.zip"):
        wrapper = io.BytesIO()
        with zipfile.ZipFile(wrapper, "w") as zf:
            zf.writestr(name, level)
        level = wrapper.getvalue()
        if name == "二层.zip":
            two = level
    path = tmp_path / "嵌套.zip"
    path.write_bytes(two)
    doc = only(list(iter_documents(path)))
    assert doc.path == f"{path}!二层.zip!内层.txt" and doc.text == "内层压缩包里的汇报。"
    path.write_bytes(level)  # four archives deep, over the default depth of 3
    err = only(list(iter_documents(path)))
    assert_error(err, UnsafeContent, f"{path}!四层.zip!三层.zip!二层.zip", "嵌套", "解压")


def test_zip_unsupported_member_reported(tmp_path):
    path = tmp_path / "混合.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("照片.jpg", b"\xff\xd8\xff\xe0 not really")
        zf.writestr("汇报.txt", "正文".encode())
    items = list(iter_documents(path))
    assert_error(items[0], UnsupportedFormat, f"{path}!照片.jpg", ".jpg", ".docx")
    assert items[1].text == "正文"


def test_zip_empty(tmp_path):
    path = tmp_path / "空.zip"
    with zipfile.ZipFile(path, "w"):
        pass
    assert_error(only(list(iter_documents(path))), EmptyDocument, path, "没有")


def test_zip_bomb_ratio_with_lowered_limit(tmp_path):
    """A member expanding 1000:1 is refused before it is decompressed; the honest member is still read."""
    path = tmp_path / "比例.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.txt", bytes(8 * MIB))
        zf.writestr("汇报.txt", "正常的汇报。".encode())
    items = list(iter_documents(path, limits=Limits(max_compression_ratio=50)))
    assert_error(items[0], UnsafeContent, f"{path}!zeros.txt", "压缩比", "压缩炸弹")
    assert items[1].text == "正常的汇报。"


def test_zip_bomb_one_gigabyte_at_default_limits(tmp_path):
    """1 GiB of zeros deflated to ~1 MiB (written streaming, so the test never holds it in memory)."""
    path = tmp_path / "bomb.zip"
    info = zipfile.ZipInfo("看似无害.txt")
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", compresslevel=1) as zf, zf.open(info, "w", force_zip64=True) as w:
        block = bytes(MIB)
        for _ in range(1024):
            w.write(block)
    assert path.stat().st_size < 10 * MIB
    tracemalloc.start()
    try:
        err = only(list(iter_documents(path)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(err, (UnsafeContent, TooLarge))
    assert_error(err, UnsafeContent, f"{path}!看似无害.txt", "压缩比", "压缩炸弹")
    assert peak < 16 * MIB


def test_zip_lying_header_cannot_expand(tmp_path):
    """Sizes patched to 64 KiB in both headers: decompression stops at what was declared, the member fails."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("lie.txt", bytes(64 * MIB))
        zf.writestr("ok.txt", "如实申报的成员。".encode())
    data = bytearray(buf.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("lie.txt")
    struct.pack_into("<I", data, info.header_offset + 22, 64 * 1024)  # local header: uncompressed size
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 64 * 1024)  # central directory: uncompressed size
    path = tmp_path / "lie.zip"
    path.write_bytes(bytes(data))
    tracemalloc.start()
    try:
        items = list(iter_documents(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(items[0], (UnreadableFile, UnsafeContent))
    assert str(path) + "!lie.txt" in str(items[0])
    assert items[1].text == "如实申报的成员。"
    assert peak < 8 * MIB


def test_zip_total_size_and_member_count_limits(tmp_path):
    rng = random.Random(3)
    pool = SIMPLIFIED.replace("\n", "")
    text = "".join(rng.choice(pool) for _ in range(500_000)).encode()  # ~1.4 MiB each, compresses < 2:1
    path = tmp_path / "多.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(4):
            zf.writestr(f"{i}.txt", text)
    items = list(iter_documents(path, limits=Limits(max_archive_bytes=3 * MIB)))
    assert [type(i) for i in items] == [RawDocument, RawDocument, TooLarge]  # stops once the total is spent
    assert_error(items[2], TooLarge, f"{path}!2.txt", "总大小", "拆小")
    err = only(list(iter_documents(path, limits=Limits(max_archive_members=3))))
    assert_error(err, UnsafeContent, path, "4 个成员", "拆")
    err = only(list(iter_documents(path, limits=Limits(max_archive_bytes=MIB))))
    assert_error(err, TooLarge, path, "压缩包大小", "--max-archive-size")  # the archive file itself


def test_zip_encrypted_member(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("secret.txt", b"xxxx")
    data = bytearray(buf.getvalue())
    data[6] |= 0x1  # general purpose flag, bit 0: encrypted (local header)
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1  # and in the central directory
    path = tmp_path / "加密.zip"
    path.write_bytes(bytes(data))
    assert_error(only(list(iter_documents(path))), UnreadableFile, f"{path}!secret.txt", "加密", "未加密")


def test_zip_real_archive_with_gbk_names(shared):
    """B032: 31 docx with GBK names (no UTF-8 flag); the same files as the B0xx .docx beside it."""
    folder = shared / "corpus" / "docx"
    archive = folder / "B032_31省区市政府工作报告.zip"
    assert all(not i.flag_bits & 0x800 for i in zipfile.ZipFile(archive).infolist())
    by_title = {f.stem.split("_", 1)[1]: f for f in folder.glob("B0*.docx")}
    docs = list(iter_documents(archive))
    assert len(docs) == 31 and all(isinstance(d, RawDocument) for d in docs)
    names = {d.path.split("!", 1)[1] for d in docs}
    assert names == {f"{title}.docx" for title in by_title}
    for d in docs:
        twin = by_title[d.path.split("!", 1)[1].removesuffix(".docx")]
        assert d.sha256 == hashlib.sha256(twin.read_bytes()).hexdigest()
        assert d.path.startswith(f"{archive}!")


def test_read_document_refuses_a_zip_of_several(tmp_path):
    path = tmp_path / "两份.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", "甲".encode())
        zf.writestr("b.txt", "乙".encode())
    with pytest.raises(UnsupportedFormat, match="iter_documents"):
        read_document(path)


# ------------------------------------------------------------------------------- suffix and magic
@pytest.mark.parametrize("name", ["报表.xlsx", "照片.jpg", "无扩展名", "脚本.py", "压缩.rar"])
def test_unknown_suffix(tmp_path, name):
    path = tmp_path / name
    path.write_bytes("城南片区".encode())
    err = only(list(iter_documents(path)))
    assert_error(err, UnsupportedFormat, path, "不支持", ".docx", ".pdf", ".txt", ".zip")


def test_docx_that_is_really_a_pdf(tmp_path):
    path = tmp_path / "其实是PDF.docx"
    path.write_bytes(build_pdf(PDF_PAGES))
    doc = read_document(path)
    assert doc.format == "pdf"
    assert doc.text.startswith("关于城东片区改造进展的通报")
    assert any(".docx" in n and "PDF" in n for n in doc.notes)


def test_doc_that_is_really_a_docx_needs_no_libreoffice(tmp_path, docx_bytes, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    path = tmp_path / "改名.doc"
    path.write_bytes(docx_bytes)
    doc = read_document(path)
    assert doc.format == "docx" and doc.text.split("\n") == DOCX_LINES


def test_txt_that_is_really_a_web_page(tmp_path):
    path = tmp_path / "网页.txt"
    path.write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html" and doc.text.split("\n") == HTML_LINES


@pytest.mark.parametrize("data,what", [(b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"), (b"Rar!\x1a\x07\x00" + bytes(50), "RAR")])
def test_pdf_that_is_really_something_else(tmp_path, data, what):
    path = tmp_path / "其实不是.pdf"
    path.write_bytes(data)
    assert_error(only(list(iter_documents(path))), UnsupportedFormat, path, what)


def test_xlsx_inside_a_zip_named_docx(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    path = tmp_path / "表格.docx"
    path.write_bytes(buf.getvalue())
    assert_error(only(list(iter_documents(path))), UnsupportedFormat, path, "Excel")


# ------------------------------------------------------------------------------------ size / access
def test_two_hundred_megabyte_text_refused_before_reading(tmp_path):
    path = tmp_path / "巨大.txt"
    block = ("项目推进情况良好，完成投资3.2亿元。\n" * 40_000).encode()[:MIB]
    with open(path, "wb") as f:
        for _ in range(200):
            f.write(block)
    try:
        assert path.stat().st_size == 200 * MIB
        tracemalloc.start()
        try:
            err = only(list(iter_documents(path)))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert_error(err, TooLarge, path, "200.0 MiB", "64.0 MiB", "--max-size")
        assert peak < MIB  # refused from stat(), nothing read
        with pytest.raises(TooLarge):
            read_document(path)
    finally:
        path.unlink()


def test_size_limit_is_configurable(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("汇报".encode() * 1000)
    assert_error(only(list(iter_documents(path, limits=Limits(max_file_bytes=1000)))), TooLarge, path, "--max-size")
    assert read_document(path, limits=Limits(max_file_bytes=10_000)).text == "汇报" * 1000


def test_missing_file(tmp_path):
    path = tmp_path / "不存在.txt"
    assert_error(only(list(iter_documents(path))), UnreadableFile, path, "不存在")


def _python_for_nobody() -> str:
    """An interpreter user "nobody" may run (the venv's may live under root's home)."""
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    for exe in (sys.executable, "/usr/bin/python3", shutil.which("python3", path="/usr/local/bin:/usr/bin:/bin")):
        if not exe:
            continue
        try:
            done = subprocess.run([exe, "-c", "import extract.readers"], user="nobody", env=env, cwd="/",
                                  capture_output=True, timeout=60)
        except PermissionError:
            continue
        if done.returncode == 0:
            return exe
    pytest.fail("no Python that user 'nobody' can run with the checkout on PYTHONPATH (needed to test EACCES as root)")


NOBODY_CODE = (
    "import sys\nfrom extract.readers import iter_documents\n"
    "(err,) = list(iter_documents(sys.argv[1]))\n"
    "print(type(err).__name__)\nprint(err)\n"
)


@pytest.mark.parametrize("case", ["unreadable file", "untraversable directory"])
def test_permission_denied(tmp_path, case):
    """A 0o000 file.  Root reads anything, so as root the check runs as user "nobody" in a subprocess:
    either the directory is open and only the file is locked (open() fails), or nobody cannot even
    enter the directory (stat() fails)."""
    import tempfile

    if case == "unreadable file" and os.geteuid() == 0:
        folder = Path(tempfile.mkdtemp(prefix="duban-perm-", dir="/tmp"))
        folder.chmod(0o755)  # /tmp is world-traversable, so nobody reaches the file itself
    else:
        folder = tmp_path / "locked"  # pytest's tmp dirs are 0o700: nobody cannot enter them
        folder.mkdir()
    path = folder / "机密.txt"
    path.write_bytes("机密汇报".encode())
    path.chmod(0o000)
    try:
        if os.geteuid() != 0:
            if case == "untraversable directory":
                folder.chmod(0o000)
            err = only(list(iter_documents(path)))
            assert_error(err, PermissionDenied, path, "权限", "chmod")
            return
        done = subprocess.run(
            [_python_for_nobody(), "-c", NOBODY_CODE, str(path)], user="nobody", capture_output=True, text=True,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}, cwd="/", timeout=120,
        )
        assert done.returncode == 0, done.stderr
        kind, message = done.stdout.split("\n", 1)
        assert kind == "PermissionDenied"
        assert message.startswith(f"[{PermissionDenied.code}] {path}: "), message
        assert "权限" in message and "提示" in message and "chmod" in message
        assert ("目录不可进入" in message) == (case == "untraversable directory"), message
    finally:
        folder.chmod(0o700)
        path.chmod(0o600)
        if case == "unreadable file" and os.geteuid() == 0:
            shutil.rmtree(folder)


def test_default_limits():
    assert DEFAULT_LIMITS.max_file_bytes == 64 * MIB
    assert DEFAULT_LIMITS.max_compression_ratio == 200


def test_password_protected_docx(tmp_path):
    """Word's "encrypt with password" stores the .docx inside an OLE file with an "EncryptedPackage"
    stream.  Stand-in: the OLE signature plus that directory name (no tool here writes real encryption)."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(200)
    path = tmp_path / "有密码.docx"
    path.write_bytes(ole)
    assert_error(only(list(iter_documents(path))), UnreadableFile, path, "密码", "另存为 .docx")


@pytest.mark.parametrize("codec", ["gb18030", "big5", "utf-16-le"])
def test_txt_encodings_on_real_reports(shared, tmp_path, codec):
    """The real seed and national reports re-encoded at run time (Big5 keeps what Big5 can hold)."""
    files = sorted((shared / "seeds").glob("*.txt")) + sorted((shared / "corpus" / "national").glob("*.txt"))
    assert files
    for f in files:
        data = f.read_text(encoding="utf-8").encode(codec, errors="ignore")
        path = tmp_path / f"{f.stem}.txt"
        path.write_bytes(data)
        doc = read_document(path)
        assert doc.encoding == codec, f.name
        assert doc.text == data.decode(codec).replace("\r\n", "\n").replace("\r", "\n"), f.name


def build_numbered_docx() -> bytes:
    """Headings numbered by Word's list numbering (一、 （一） 1. （1）), which the XML does not spell out."""
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    numbering = doc.part.numbering_part.element
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."), ("decimal", "（%4）")]
    lvl_xml = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        '<w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering.append(parse_xml(f'<w:abstractNum {NS} w:abstractNumId="90">{lvl_xml}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="91"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(parse_xml(
        f'<w:num {NS} w:numId="92"><w:abstractNumId w:val="90"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
    ))
    for level, text, num in [(None, "关于重点项目推进情况的汇报", None), (0, "总体进展", 91), (1, "项目建设", 91),
                             (1, "要素保障", 91), (2, "土地指标已落实", 91), (3, "新增用地120亩", 91),
                             (0, "存在问题", 91), (1, "资金缺口", 91), (0, "下一步打算", 92)]:
        p = doc.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {NS}><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'
            ))
    doc.add_paragraph("第一项工作", style="List Number")  # the template's own "%1." list
    doc.add_paragraph("第二项工作", style="List Number")
    doc.add_paragraph("不编号的圆点项", style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_docx_list_numbers_are_rendered(tmp_path):
    path = tmp_path / "编号.docx"
    path.write_bytes(build_numbered_docx())
    assert read_document(path).text.split("\n") == [
        "关于重点项目推进情况的汇报",
        "一、总体进展",
        "（一）项目建设",
        "（二）要素保障",
        "1.土地指标已落实",
        "（1）新增用地120亩",
        "二、存在问题",
        "（一）资金缺口",
        "五、下一步打算",  # startOverride 5 on a second list instance
        "1.第一项工作",
        "2.第二项工作",
        "不编号的圆点项",
    ]


OLD_PORTAL = """<html><head><meta charset="gb2312"><title>某某镇上半年工作总结</title></head><body>
<table width="100%"><tr><td><a href="/">网站首页</a> | <a href="/x">新闻中心</a> | <a href="/y">信息公开</a></td></tr></table>
<table width="960"><tr><td width="200"><img src="logo.gif"></td>
<td><div id="zoom">&nbsp;&nbsp;&nbsp;&nbsp;今年以来，我镇围绕年度目标任务，扎实推进各项工作。<br>
{body}</div>
<table border="1"><tr><td>项目</td><td>投资</td></tr><tr><td>镇区道路</td><td>1.1亿元</td></tr></table>
<div>相关链接：<a>关于甲事项的通知</a> <a>关于乙事项的通知</a> <a>关于丙事项的通知</a></div></td></tr></table>
</body></html>"""
PORTAL_ITEMS = ["一、重点项目建设。全镇12个重点项目完成投资5.6亿元，占年度计划的58%。",
                "二、存在问题。部分项目用地指标紧张，融资难度较大。",
                "三、下半年打算。加快项目建设进度，确保全年目标完成。"]


@pytest.mark.parametrize("repeat", [1, 6], ids=["short page", "long page"])
def test_html_old_portal_layout_tables_and_line_breaks(tmp_path, repeat):
    """A page laid out in tables, paragraphs separated by <br>: every line stays a line, in order; the
    data table stays a table; link bars are dropped.  (trafilatura flattens short pages: lines restored.)"""
    items = PORTAL_ITEMS * repeat
    body = "".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{item}<br>\n" for item in items)
    path = tmp_path / "总结.htm"
    path.write_bytes(OLD_PORTAL.format(body=body).encode("gb18030"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    lines = doc.text.split("\n")
    assert lines == ["今年以来，我镇围绕年度目标任务，扎实推进各项工作。", *items, "项目\t投资", "镇区道路\t1.1亿元"]


def test_directory_and_pipe_are_not_read(tmp_path):
    folder = tmp_path / "报告.txt"  # a directory with a document's name
    folder.mkdir()
    assert_error(only(list(iter_documents(folder))), UnreadableFile, folder, "目录")
    pipe = tmp_path / "管道.txt"
    os.mkfifo(pipe)  # reading it would block forever
    assert_error(only(list(iter_documents(pipe))), UnreadableFile, pipe, "不是普通文件")


def _pdf_with_stream(payload: bytes) -> bytes:
    """A one-page PDF whose content stream is ``payload`` deflated (written by hand: reportlab cannot)."""
    packed = zlib.compress(payload, 9)
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n"
        + f"4 0 obj << /Length {len(packed)} /Filter /FlateDecode >> stream\n".encode()
        + packed
        + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def test_pdf_decompression_bomb(tmp_path):
    """A content stream of deflated zeros, refused once it expands past the limit (checked before pdfminer,
    which would inflate it whole).  The check follows the limit: allowed more room, the file is merely a PDF
    without text."""
    path = tmp_path / "炸弹.pdf"
    path.write_bytes(_pdf_with_stream(bytes(4 * MIB)))
    assert path.stat().st_size < 16 * 1024
    err = only(list(iter_documents(path, limits=Limits(max_pdf_expanded_bytes=2 * MIB))))
    assert_error(err, UnsafeContent, path, "解压后超过 2.0 MiB", "压缩炸弹", "重新导出")
    path.write_bytes(_pdf_with_stream(bytes(200 * 1024)))
    err = only(list(iter_documents(path, limits=Limits(max_pdf_expanded_bytes=100 * 1024))))
    assert_error(err, UnsafeContent, path, "解压后超过 100.0 KiB")
    assert_error(only(list(iter_documents(path))), UnreadableFile, path, "PDF 无文本层")


# fmt: off
DAMAGED = [
    # (bytes, encoding to record, replaced marks expected)
    (SIMPLIFIED.encode("utf-8")[:-2],                                   "utf-8",   1),  # cut mid-character
    (SIMPLIFIED.encode("utf-8") + "乱".encode("gbk"),                    "utf-8",   2),  # one GBK character pasted in
    (SIMPLIFIED.encode("utf-8")[:40] + b"\xff" + SIMPLIFIED.encode("utf-8")[40:], "utf-8", 4),
    (TRADITIONAL.encode("big5") + b"\xff",                              "big5",    1),
    (SIMPLIFIED.encode("gbk") + "中".encode(),                    "gb18030", 1),
]
# fmt: on


@pytest.mark.parametrize("data,encoding,replaced", DAMAGED)
def test_txt_damaged_bytes_decode_leniently(tmp_path, data, encoding, replaced):
    """A few bad bytes do not make a report unreadable (GB18030 would "decode" UTF-8 strictly into garbage)."""
    path = tmp_path / "受损.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.encoding == encoding
    assert doc.text.count("\ufffd") == replaced
    assert f"{replaced} 处" in doc.notes[0]
    assert "项目" in doc.text or "項目" in doc.text
