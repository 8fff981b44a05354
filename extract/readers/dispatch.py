"""From bytes (a file's or an archive member's) to documents: pick the reader by magic bytes and suffix."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from pathlib import PurePosixPath

from extract.errors import EmptyDocument, ExtractError, UnreadableFile, UnsafeContent, UnsupportedFormat
from extract.model import RawDocument
from extract.readers.archive import Budget
from extract.readers.limits import Limits
from extract.readers.sniff import (
    FORMAT_NAMES,
    OFFICE_FORMATS,
    SUFFIX_FORMAT,
    SUPPORTED,
    foreign,
    sniff,
    zip_kind,
)

# The stream name (UTF-16LE, as OLE directories store names) of an encrypted Office Open XML document.
ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")


def unsupported(path: str, suffix: str) -> UnsupportedFormat:
    shown = suffix or "（无扩展名）"
    return UnsupportedFormat(
        path, f"不支持的文件类型 {shown}", f"duban 能读取 {SUPPORTED}；其他格式请先另存为 .docx、.pdf 或 .txt"
    )


def resolve_format(data: bytes, path: str, suffix: str) -> str:
    """The format to read ``data`` as: magic bytes win over the suffix.

    Raises:
        UnsupportedFormat: an image, rar/7z, a spreadsheet or slides, whatever the suffix says.
    """
    head = data[:8192]
    named = SUFFIX_FORMAT.get(suffix)
    found = foreign(head)
    if found:
        raise UnsupportedFormat(path, f"扩展名是 {suffix or '（无）'}，但内容是{found[0]}", found[1])
    magic = sniff(head)
    if magic == "pdf":
        return "pdf"
    if magic == "zip":
        kind = zip_kind(data)
        if kind in ("xlsx", "pptx"):
            raise UnsupportedFormat(
                path, f"这是{'Excel 表格' if kind == 'xlsx' else 'PowerPoint 演示文稿'}，不是报告文档",
                f"duban 能读取 {SUPPORTED}；请把其中的文字另存为 .docx 或 .txt",
            )
        if kind is None:  # a damaged zip: let the reader its suffix names say so
            return named if named in ("docx", "zip", "odt") else "zip"
        return kind
    if magic == "ole":
        if ENCRYPTED_OOXML in data:
            # Word/WPS "encrypt with password" wraps the .docx in an OLE file holding this stream.
            raise UnreadableFile(
                path, "文档设置了打开密码（已加密），无法读取",
                "用 Word/WPS 输入密码打开，在“文件 > 信息 > 保护文档”中取消密码后另存为 .docx，或索取未加密的版本",
            )
        return named if named in ("doc", "wps") else "doc"
    if magic in ("rtf", "html"):
        return magic
    if named is None:
        raise unsupported(path, suffix)
    return named


def iter_bytes(
    data: bytes, path: str, limits: Limits, *, depth: int = 0, budget: Budget | None = None
) -> Iterator[RawDocument | ExtractError]:
    """Every document in ``data`` (one, or an archive's members): bad input is yielded as its error.

    Args:
        data: the bytes of a file or an archive member.
        path: the label to report (``archive.zip!member.docx`` for a member).
        limits: size and safety limits.
        depth: how many archives ``data`` sits in.
        budget: what the outermost archive may still expand to.
    """
    suffix = PurePosixPath(path.rsplit("!", 1)[-1]).suffix.lower()
    if not data and suffix in SUFFIX_FORMAT:
        yield EmptyDocument(path, "文件是空的（0 字节）", "确认文件是否完整地复制或下载了，或删除这个空文件")
        return
    try:
        fmt = resolve_format(data, path, suffix)
    except ExtractError as err:
        yield err
        return
    if fmt == "zip":
        if depth >= limits.max_archive_depth:
            yield UnsafeContent(
                path, f"压缩包嵌套超过 {limits.max_archive_depth} 层，已拒绝（疑似压缩炸弹）", "请解压后逐层导入"
            )
            return
        from extract.readers.read_zip import iter_zip

        yield from iter_zip(io.BytesIO(data), path, limits, depth=depth + 1, budget=budget)
        return
    try:
        doc = read_as(fmt, data, path, limits)
    except ExtractError as err:
        yield err
        return
    named = SUFFIX_FORMAT.get(suffix)
    if named is not None and named != fmt:
        note = f"扩展名是 {suffix}，内容实际是{FORMAT_NAMES.get(fmt, fmt)}，已按{FORMAT_NAMES.get(fmt, fmt)}读取"
        doc = dataclasses.replace(doc, notes=(note, *doc.notes))
    yield doc


def read_as(fmt: str, data: bytes, path: str, limits: Limits) -> RawDocument:
    """Read ``data`` with the reader for ``fmt`` (never "zip")."""
    if fmt == "txt":
        from extract.readers.read_txt import read_txt

        return read_txt(data, path)
    if fmt == "docx":
        from extract.readers.read_docx import read_docx

        return read_docx(data, path, limits)
    if fmt == "html":
        from extract.readers.read_html import read_html

        return read_html(data, path)
    if fmt == "pdf":
        from extract.readers.read_pdf import read_pdf

        return read_pdf(data, path, limits)
    if fmt in OFFICE_FORMATS:
        from extract.readers.read_office import read_office

        return read_office(data, path, limits, fmt=fmt)
    raise unsupported(path, fmt)
