"""What a file really is: magic bytes first, the suffix second (a ".docx" that is a PDF is read as a PDF)."""

from __future__ import annotations

import io
import zipfile

from extract.readers.rules import HTML_START

# Suffix -> the format a reader reads.  Anything else is refused with UnsupportedFormat.
SUFFIX_FORMAT: dict[str, str] = {
    ".txt": "txt", ".text": "txt",
    ".docx": "docx",
    ".doc": "doc", ".wps": "wps", ".rtf": "rtf", ".odt": "odt",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html",
    ".pdf": "pdf",
    ".zip": "zip",
}
SUPPORTED = "、".join(sorted(SUFFIX_FORMAT))
OFFICE_FORMATS = frozenset({"doc", "wps", "rtf", "odt"})

FORMAT_NAMES = {
    "txt": "纯文本", "docx": "Word 文档（.docx）", "doc": "Word 97-2003 文档（.doc）", "wps": "WPS 文档",
    "rtf": "RTF 文档", "odt": "OpenDocument 文本", "html": "网页", "pdf": "PDF", "zip": "zip 压缩包",
}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc / .wps / .xls / .ppt (OLE compound file)

# Types we recognise only to refuse them with a useful hint.
FOREIGN_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG", "PNG 图片", "图片中的文字需要先 OCR 识别"),
    (b"\xff\xd8\xff", "JPEG 图片", "图片中的文字需要先 OCR 识别"),
    (b"GIF8", "GIF 图片", "图片中的文字需要先 OCR 识别"),
    (b"II*\x00", "TIFF 图片", "图片中的文字需要先 OCR 识别"),
    (b"MM\x00*", "TIFF 图片", "图片中的文字需要先 OCR 识别"),
    (b"Rar!\x1a\x07", "RAR 压缩包", "请解压后导入，或重新打包为 zip"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "请解压后导入，或重新打包为 zip"),
    (b"\x1f\x8b", "gzip 压缩文件", "请解压后导入，或重新打包为 zip"),
)


def sniff(head: bytes) -> str | None:
    """The format the first bytes announce: "pdf", "zip", "ole", "rtf", "html", or None (text or unknown).

    Example:
        >>> sniff(b"%PDF-1.7 ...")
        'pdf'
    """
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    text = head.removeprefix(b"\xef\xbb\xbf")
    if text[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = text[2:].decode("utf-16-le" if text[:2] == b"\xff\xfe" else "utf-16-be", errors="ignore").encode()
    if HTML_START.match(text[:4096]):
        return "html"
    return None


def foreign(head: bytes) -> tuple[str, str] | None:
    """(name, hint) for a well-known non-document type (images, rar, 7z, gzip), else None."""
    for magic, name, hint in FOREIGN_MAGIC:
        if head.startswith(magic):
            return name, hint
    return None


def zip_kind(data: bytes) -> str | None:
    """What a zip container holds: "docx", "odt", "xlsx", "pptx", "zip" (an archive), None if unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                mimetype = zf.read("mimetype")[:100]
                return "odt" if mimetype.endswith(b"opendocument.text") else "zip"
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return None
    if "[Content_Types].xml" in names:
        for folder, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
            if any(n.startswith(folder) for n in names):
                return kind
    return "zip"
