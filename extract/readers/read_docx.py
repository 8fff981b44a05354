"""Word .docx: body paragraphs and tables in document order; never headers, footers or page numbers.

Only the main document body is walked, so header/footer parts never contribute.  Inside the body:
- field results that are not content are dropped (PAGE, NUMPAGES, TOC, DATE ...), both ``w:fldSimple`` and
  complex fields (``w:fldChar`` begin / separate / end with ``w:instrText``);
- ``mc:AlternateContent`` (text boxes, shapes) contributes its first ``mc:Choice`` only, never also the
  ``mc:Fallback`` copy of the same text;
- deleted revisions (``w:del``, ``w:moveFrom``) and hidden runs (``w:vanish``) are not text anyone reads.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from extract.errors import EmptyDocument, UnreadableFile, UnsafeContent
from extract.model import RawDocument
from extract.readers.archive import Budget, open_zip, read_member
from extract.readers.docx_numbering import Numbering
from extract.readers.limits import Limits
from extract.readers.rules import FIELD_NAME, XML_DOCTYPE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

CORRUPT = "docx 文件已损坏或不完整"
CORRUPT_HINT = "用 Word 或 WPS 打开后另存为 .docx 再导入，或重新获取完整的文件"

# Fields whose displayed result is not part of what the author wrote: page numbers ("— 3 —" in a footer
# text box, "第 3 页" in the body), a table of contents (repeats every heading, with page numbers), and
# values Word recomputes on opening (today's DATE would pose as the report date).
DROPPED_FIELDS = frozenset({
    "PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "PAGEREF", "TOC", "DATE", "TIME", "PRINTDATE",
    "SAVEDATE", "EDITTIME", "FILENAME", "FILESIZE", "NUMWORDS", "NUMCHARS", "USERNAME",
})

# Run-level markup that contains more runs (links, tracked insertions, content controls ...).
INLINE_CONTAINERS = frozenset(
    W + t for t in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "dir", "bdo", "sdtContent")
)
BLOCK_CONTAINERS = frozenset(W + t for t in ("sdtContent", "customXml", "ins", "moveTo", "txbxContent"))
SKIPPED = frozenset(W + t for t in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr", "delText", "instrText"))
FALSE_VALUES = frozenset({"0", "false", "off"})


@dataclass(slots=True)
class _Field:
    instr: list[str] = field(default_factory=list)
    in_result: bool = False
    dropped: bool = False


class _BodyWalker:
    """Walks a ``w:body`` (or a text box, or a table cell) and collects its lines."""

    def __init__(self, numbering: Numbering | None = None) -> None:
        self.lines: list[str] = []
        self.fields: list[_Field] = []  # complex fields open at this point, outermost first
        self.numbering = numbering

    # -- blocks ------------------------------------------------------------------------------------------
    def block(self, parent: etree._Element) -> None:
        for el in parent:
            tag = el.tag
            if tag == W + "p":
                self.paragraph(el)
            elif tag == W + "tbl":
                self.table(el)
            elif tag == W + "sdt":
                if not _placeholder(el):
                    self.block_children(el, W + "sdtContent")
            elif tag in BLOCK_CONTAINERS:
                self.block(el)
            elif tag == MC + "AlternateContent":
                choice = _choice(el)
                if choice is not None:
                    self.block(choice)

    def block_children(self, el: etree._Element, tag: str) -> None:
        for child in el:
            if child.tag == tag:
                self.block(child)

    def paragraph(self, p: etree._Element) -> None:
        buf: list[str] = []
        boxes: list[str] = []
        label = self.numbering.label(p) if self.numbering is not None else ""
        self.inline(p, buf, boxes)
        text = "".join(buf)
        if label and text.strip():
            text = label + text.lstrip(" \t")
        for line in text.split("\n"):
            if line.strip():
                self.lines.append(line)
        self.lines.extend(boxes)

    def table(self, tbl: etree._Element) -> None:
        for tr in _children(tbl, W + "tr"):
            cells = [self.cell(tc) for tc in _children(tr, W + "tc")]
            if any(c.strip() for c in cells):
                self.lines.append("\t".join(cells))

    def cell(self, tc: etree._Element) -> str:
        """A cell's paragraphs (and any nested table) on one line, so a table row stays one line."""
        sub = _BodyWalker(self.numbering)
        sub.fields = self.fields
        sub.block(tc)
        return " ".join(line.replace("\t", " ").strip() for line in sub.lines)

    # -- inline content ------------------------------------------------------------------------------------
    def emitting(self) -> bool:
        """False inside a field instruction or inside the result of a dropped field."""
        return not any((not f.in_result) or f.dropped for f in self.fields)

    def inline(self, parent: etree._Element, buf: list[str], boxes: list[str]) -> None:
        for el in parent:
            tag = el.tag
            if tag == W + "r":
                self.run(el, buf, boxes)
            elif tag in INLINE_CONTAINERS:
                self.inline(el, buf, boxes)
            elif tag == W + "sdt":
                if _placeholder(el):
                    continue
                for child in el:
                    if child.tag == W + "sdtContent":
                        self.inline(child, buf, boxes)
            elif tag == W + "fldSimple":
                if not _dropped(el.get(W + "instr", "")):
                    self.inline(el, buf, boxes)
            elif tag == MC + "AlternateContent":
                choice = _choice(el)
                if choice is not None:
                    self.inline(choice, buf, boxes)
            elif tag in (M + "oMath", M + "oMathPara") and self.emitting():
                buf.append("".join(t.text or "" for t in el.iter(M + "t")))

    def run(self, r: etree._Element, buf: list[str], boxes: list[str]) -> None:
        hidden = _hidden(r)
        for el in r:
            tag = el.tag
            if tag == W + "t":
                if not hidden and self.emitting():
                    buf.append(el.text or "")
            elif tag == W + "fldChar":
                self.field_char(el.get(W + "fldCharType"))
            elif tag == W + "instrText":
                if self.fields and not self.fields[-1].in_result:
                    self.fields[-1].instr.append(el.text or "")
            elif tag == W + "tab":
                if not hidden and self.emitting():
                    buf.append("\t")
            elif tag in (W + "br", W + "cr"):
                if self.emitting():
                    buf.append("\n")
            elif tag == W + "noBreakHyphen":
                if not hidden and self.emitting():
                    buf.append("-")
            elif tag in (W + "drawing", W + "pict", W + "object", MC + "AlternateContent"):
                if not hidden and self.emitting():
                    for box in _text_boxes(el):
                        sub = _BodyWalker(self.numbering)
                        sub.block(box)
                        boxes.extend(sub.lines)

    def field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            top = self.fields[-1]
            top.in_result = True
            top.dropped = _dropped("".join(top.instr))
        elif kind == "end" and self.fields:
            self.fields.pop()


def _placeholder(sdt: etree._Element) -> bool:
    """A content control still showing its prompt ("单击或点击此处输入文字。"): template text, not content."""
    pr = sdt.find(W + "sdtPr")
    return pr is not None and pr.find(W + "showingPlcHdr") is not None


def _dropped(instr: str) -> bool:
    m = FIELD_NAME.match(instr)
    return bool(m) and m.group(1).upper() in DROPPED_FIELDS


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML wrapped around rows/cells."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent"):
            yield from _children(child, tag)


def _choice(alt: etree._Element) -> etree._Element | None:
    """The first ``mc:Choice`` of an ``mc:AlternateContent`` (the ``mc:Fallback`` repeats it), else the fallback."""
    fallback = None
    for child in alt:
        if child.tag == MC + "Choice":
            return child
        if child.tag == MC + "Fallback":
            fallback = child
    return fallback


def _text_boxes(el: etree._Element) -> Iterator[etree._Element]:
    """Outermost ``w:txbxContent`` under a drawing/picture, through the Choice branch of any AlternateContent."""
    if el.tag == MC + "AlternateContent":
        choice = _choice(el)
        if choice is not None:
            yield from _text_boxes(choice)
        return
    for child in el:
        if child.tag == W + "txbxContent":
            yield child
        elif isinstance(child.tag, str):
            yield from _text_boxes(child)


def _hidden(r: etree._Element) -> bool:
    rpr = r.find(W + "rPr")
    if rpr is None:
        return False
    vanish = rpr.find(W + "vanish")
    return vanish is not None and vanish.get(W + "val", "true").lower() not in FALSE_VALUES


def _numbering(document) -> Numbering:
    """List numbering definitions and styles of a python-docx ``Document`` (either may be absent)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = document.part
    numbering = styles = None
    for rel in part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype == RT.NUMBERING:
            numbering = getattr(rel.target_part, "element", None)
        elif rel.reltype == RT.STYLES:
            styles = getattr(rel.target_part, "element", None)
    return Numbering(numbering, styles)


def _check_parts(data: bytes, path: str, limits: Limits) -> None:
    """Read every part within the bomb limits and refuse any XML part with a DOCTYPE or ENTITY.

    A DOCTYPE is never needed in OOXML; it is how "billion laughs" entity expansion and external entities
    (file or network reads) get in, so the whole file is refused rather than parsed with entities off.
    """
    budget = Budget(limits.max_archive_bytes)
    with open_zip(io.BytesIO(data), path, limits) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            part = read_member(zf, info, f"{path}!{info.filename}", limits, budget)
            if not (info.filename.endswith((".xml", ".rels")) or part.lstrip()[:5] == b"<?xml"):
                continue
            if part[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in part[:200]:
                part = part.decode("utf-16", errors="replace").encode("utf-8")
            if XML_DOCTYPE.search(part):
                raise UnsafeContent(
                    path,
                    f"文档部件 {info.filename} 含有 DOCTYPE/ENTITY 声明（可被用于实体膨胀或读取外部文件），已拒绝",
                    "正常的 Word 文件不含 DOCTYPE：请用 Word/WPS 打开后另存为新的 .docx，或确认文件来源",
                )


def read_docx(data: bytes, path: str, limits: Limits, *, fmt: str = "docx") -> RawDocument:
    """Read a .docx: the body's paragraphs and table rows in order, one per line.

    Args:
        data: the file's bytes.
        path: the path as given (``archive.zip!member.docx`` for a zip member).
        limits: size and bomb limits (a .docx is a zip).
        fmt: what to record as ``RawDocument.format`` ("doc" when LibreOffice converted a .doc).

    Raises:
        UnreadableFile: truncated or corrupt ("docx 文件已损坏或不完整").
        UnsafeContent: a DOCTYPE / ENTITY in any XML part, or a zip bomb.
        EmptyDocument: no text in the body.

    Example (a file on disk)::

        doc = read_docx(Path("月报.docx").read_bytes(), "月报.docx", DEFAULT_LIMITS)
        doc.text.splitlines()[0]   # '关于城南污水处理厂二期工程推进情况的汇报'
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        _check_parts(data, path, limits)
    except UnreadableFile as err:
        raise UnreadableFile(path, CORRUPT, CORRUPT_HINT + f"（{err.reason}）") from err
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, PackageNotFoundError, etree.XMLSyntaxError, EOFError) as err:
        raise UnreadableFile(path, CORRUPT, CORRUPT_HINT + f"（{err}）") from err
    except ValueError as err:  # python-docx: "file ... is not a Word file, content type is ..."
        raise UnreadableFile(path, f"不是 Word 文档（{err}）", "确认文件类型；宏文档/模板请另存为 .docx") from err
    walker = _BodyWalker(_numbering(document))
    walker.block(document.element.body)
    text = "\n".join(walker.lines)
    if not text.strip():
        raise EmptyDocument(path, "Word 文档正文没有文字（页眉页脚不计）", "确认文件内容；若正文是图片，请先 OCR")
    title = (document.core_properties.title or "").strip() or None
    return RawDocument(
        path=path, sha256=hashlib.sha256(data).hexdigest(), format=fmt, text=text, size=len(data), title=title
    )
