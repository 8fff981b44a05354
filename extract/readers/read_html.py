"""Web pages: the main text only (no navigation, scripts, styles, breadcrumbs or footer), entities decoded."""

from __future__ import annotations

import codecs
import hashlib

from extract.errors import EmptyDocument, UnreadableFile
from extract.model import RawDocument
from extract.readers.read_txt import Decoded, decode_text
from extract.readers.rules import HTML_CHROME_TOKEN, META_CHARSET, XML_ENCODING

# Elements that are never the report: code, styling, and the site's own chrome.
CHROME_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "iframe", "form",
               "button", "select", "menu")
BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "blockquote", "pre", "dd", "dt", "dl", "center", "hr", "tbody", "thead", "caption",
})
LAYOUT_TAGS = frozenset({"table", "div", "p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"})
# A block with at least this many links, whose text is mostly link text, is navigation.
LINK_LIST_MIN = 3
LINK_SHARE = 0.7
# Declared charsets that name a subset of what the page really uses.
CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
                   "big5": "big5", "x-big5": "big5"}


def decode_html(data: bytes, path: str) -> Decoded:
    """Decode a web page: BOM, then the declared charset (if it decodes cleanly), then detection.

    A page declaring ``charset=gb2312`` is decoded as GB18030 (its superset: pages often hold GBK-only
    characters such as 镕 while declaring GB2312).  A declaration that does not fit the bytes is ignored.

    Example:
        >>> decode_html('<meta charset="gbk"><p>督查</p>'.encode("gbk"), "a.html").encoding
        'gb18030'
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, path)
    head = data[:4096]
    m = META_CHARSET.search(head) or XML_ENCODING.search(head)
    if m:
        declared = m.group(1).decode("ascii", errors="replace").lower()
        encoding = CHARSET_ALIASES.get(declared, declared)
        try:
            name = codecs.lookup(encoding).name
            return Decoded(data.decode(encoding), "utf-8" if name == "utf-8" else encoding)
        except (LookupError, UnicodeDecodeError):
            pass  # wrong or unknown declaration: detect instead
    return decode_text(data, path)


def _is_chrome(el) -> bool:
    if el.get("role") in ("navigation", "banner", "contentinfo"):
        return True
    tokens = f"{el.get('class') or ''} {el.get('id') or ''}".split()
    return any(HTML_CHROME_TOKEN.match(t) for t in tokens)


def _is_link_list(el) -> bool:
    """A block that is mostly links ("首页 | 新闻中心 | 政务公开", "相关链接" lists): navigation, not text."""
    links = [a for a in el.iter("a")]
    if len(links) < LINK_LIST_MIN:
        return False
    total = len("".join(el.text_content().split()).strip("|｜/·"))
    linked = sum(len("".join(a.text_content().split())) for a in links)
    return total > 0 and linked >= LINK_SHARE * total


def _strip_chrome(root) -> None:
    for el in list(root.iter(*CHROME_TAGS)):
        el.drop_tree()
    for el in [el for el in root.iter() if isinstance(el.tag, str) and _is_chrome(el)]:
        if el.getparent() is not None:
            el.drop_tree()
    body = root.find("body")
    for el in list((body if body is not None else root).iter("div", "td", "ul", "ol", "table", "p", "span", "dl")):
        if _attached(el, root) and _is_link_list(el):
            el.drop_tree()
    _unwrap_layout_tables(root)


def _unwrap_layout_tables(root) -> None:
    """Old portals lay whole pages out in tables; turn those into plain blocks so the text keeps its order
    and stays out of tab-joined "rows".  A table is layout when its cells hold blocks (p, div, lists,
    headings, other tables); data tables (cells of inline text) are kept."""
    for table in list(root.iter("table")):
        own = [el for el in table.iter("tr", "td", "th", "tbody", "thead", "tfoot") if _nearest_table(el) is table]
        cells = [el for el in own if el.tag in ("td", "th")]
        if not any(child.tag in LAYOUT_TAGS for cell in cells for child in cell.iter() if child is not cell):
            continue
        table.tag = "div"
        for el in own:
            el.tag = "div"


def _nearest_table(el):
    el = el.getparent()
    while el is not None and el.tag != "table":
        el = el.getparent()
    return el


def _attached(el, root) -> bool:
    while el is not None:
        if el is root:
            return True
        el = el.getparent()
    return False


def _text_dump(root) -> str:
    """Fallback when trafilatura finds no main text: every block of <body>, one per line."""
    body = root.find("body")
    body = body if body is not None else root
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in ("td", "th"):
            el.tail = "\t" + (el.tail or "")
        elif el.tag in BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    lines = (line.strip(" \t\r\u00a0") for line in body.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


# trafilatura's XML: blocks that hold a paragraph's worth of inline text.
TEXT_BLOCKS = frozenset({"p", "head", "item", "quote", "code"})
# A cell holding any of these is page layout (old portals lay pages out in tables), not a data cell.
LAYOUT_CHILDREN = frozenset({"p", "head", "list", "table", "quote"})


def _inline_lines(el) -> list[str]:
    """The text of one block, a line per <lb/> (a <br> in the page)."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return [" ".join(line.split()) for line in "".join(parts).split("\n")]


def _xml_lines(el, lines: list[str]) -> None:
    for child in el:
        if child.tag == "table":
            _table_lines(child, lines)
        elif child.tag in TEXT_BLOCKS:
            lines.extend(_inline_lines(child))
        elif child.tag == "lb":
            continue
        else:
            _xml_lines(child, lines)
        if child.tail and child.tail.strip():
            lines.append(" ".join(child.tail.split()))


def _table_lines(table, lines: list[str]) -> None:
    """A data table: one line per row, cells joined by tabs.  A layout table: its cells' blocks, in order."""
    rows = table.findall("row")
    cells = [cell for row in rows for cell in row.findall("cell")]
    if any(child.tag in LAYOUT_CHILDREN for cell in cells for child in cell):
        for cell in cells:
            if any(child.tag in LAYOUT_CHILDREN for child in cell):
                _xml_lines(cell, lines)
            else:
                lines.extend(_inline_lines(cell))
        return
    for row in rows:
        values = [" ".join(" ".join(_inline_lines(cell)).split()) for cell in row.findall("cell")]
        if any(values):
            lines.append("\t".join(values))


def _main_text(root) -> str:
    """trafilatura's main text (recall-oriented), as lines; data-table rows as cells joined by tabs."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        root, favor_recall=True, include_comments=False, include_tables=True, include_images=False,
        output_format="xml", deduplicate=False,
    )
    if not xml:
        return ""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    main = etree.fromstring(xml.encode("utf-8"), parser).find("main")
    if main is None:
        return ""
    lines: list[str] = []
    _xml_lines(main, lines)
    return "\n".join(line.strip() for line in lines if line.strip())


def _squash(text: str) -> str:
    return "".join(text.split())


def _restore_lines(main: str, dump: str) -> str:
    """Give trafilatura's choice of text back its line breaks when it flattened them.

    On short pages trafilatura falls back to a baseline that joins every <br>-separated line into one
    ("……各项工作。 一、重点项目建设。……"), losing the outline.  When the page's own blocks, kept only where
    trafilatura kept their text, cover the same text in more lines, those lines are used instead.
    """
    if not main:
        return main
    kept = _squash(main)
    lines = [line for line in dump.split("\n") if len(_squash(line)) >= 2 and _squash(line) in kept]
    covered = sum(len(_squash(line)) for line in lines)
    if len(lines) > main.count("\n") + 1 and 0.95 * len(kept) <= covered <= 1.05 * len(kept):
        return "\n".join(lines)
    return main


def read_html(data: bytes, path: str) -> RawDocument:
    """Read a saved web page: its main text, one block per line, and its <title>.

    Args:
        data: the file's bytes.
        path: the path as given.

    Raises:
        EmptyDocument: the page has no text.
        UnreadableFile: binary junk or a page that cannot be parsed.

    Example:
        >>> page = "<title>关于城东片区改造进展的通报</title><p>城东片区项目已开工。</p>"
        >>> read_html(page.encode("gbk"), "通报.html").text
        '城东片区项目已开工。'
    """
    import lxml.html
    from lxml import etree

    if not data.strip():
        raise EmptyDocument(path, "网页文件是空的", "确认保存网页时是否完整")
    decoded = decode_html(data, path)
    text = decoded.text
    m = XML_ENCODING.search(text[:300].encode("utf-8", errors="replace"))
    if m:  # lxml refuses a str that still declares an encoding
        text = text[text.index("?>") + 2 :]
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as err:
        raise UnreadableFile(path, f"网页无法解析（{err}）", "用浏览器打开后另存为“网页，仅 HTML”再导入") from err
    title_el = root.find(".//title")
    title = " ".join((title_el.text_content() if title_el is not None else "").split()) or None
    heading = root.find(".//h1")
    heading_text = " ".join(heading.text_content().split()) if heading is not None else ""
    for el in root.iter("title"):
        el.drop_tree()
    _strip_chrome(root)
    fallback = _text_dump(lxml.html.document_fromstring(lxml.html.tostring(root, encoding="unicode")))
    body = _restore_lines(_main_text(root), fallback) or fallback
    # trafilatura drops the page's own <h1> heading (it takes it for the title); the report needs it.
    if heading_text and heading_text not in body and heading_text in fallback:
        body = f"{heading_text}\n{body}"
    if not body.strip():
        raise EmptyDocument(path, "网页中没有正文文字", "确认保存的是正文页而不是目录页或脚本生成的空页面")
    return RawDocument(
        path=path, sha256=hashlib.sha256(data).hexdigest(), format="html", text=body, size=len(data),
        encoding=decoded.encoding, title=title, notes=decoded.notes,
    )
