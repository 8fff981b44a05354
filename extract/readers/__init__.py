"""Readers: a path -> ``RawDocument`` (text exactly as written).  Dispatch on magic bytes, then the suffix.

    iter_documents(path, *, limits=DEFAULT_LIMITS) -> Iterator[RawDocument | ExtractError]
        one file -> its documents; a zip yields each member (a bad member yields its error, the rest go on)
    read_document(path, *, limits=DEFAULT_LIMITS) -> RawDocument     (raises ExtractError)

Formats: .txt (UTF-8, UTF-8 BOM, UTF-16, GB18030/GBK, Big5), .docx, .html/.htm, .pdf (text layer), .zip,
and .doc/.wps/.rtf/.odt through LibreOffice.  Inputs are only ever read: never modified, moved or extracted.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from extract.errors import ExtractError, PermissionDenied, TooLarge, UnreadableFile, UnsupportedFormat
from extract.model import RawDocument
from extract.readers.dispatch import iter_bytes, unsupported
from extract.readers.limits import DEFAULT_LIMITS, MIB, Limits, human_size
from extract.readers.sniff import SUFFIX_FORMAT

__all__ = [
    "DEFAULT_LIMITS",
    "MIB",
    "SUPPORTED_SUFFIXES",
    "Limits",
    "iter_bytes",
    "iter_documents",
    "read_document",
]

# The suffixes duban reads (".txt", ".docx", ".zip", ...): what a folder walk picks up.
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(SUFFIX_FORMAT)

PERMISSION_HINT = "检查文件和所在目录的权限（例如 chmod o+r 文件），或以有读取权限的用户运行"


def _open(path: Path, label: str):
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the caller's with-block
    except PermissionError as err:
        raise PermissionDenied(label, "没有读取这个文件的权限", PERMISSION_HINT) from err
    except FileNotFoundError as err:
        raise UnreadableFile(label, "文件不存在", "检查路径是否写对，文件是否已被移走") from err
    except IsADirectoryError as err:
        raise UnreadableFile(label, "这是一个目录，不是文件", "导入目录请用 duban ingest 目录") from err
    except OSError as err:
        raise UnreadableFile(label, f"无法打开文件（{err.strerror or err}）", "检查磁盘和路径") from err


def _stat(path: Path, label: str) -> os.stat_result:
    try:
        st = path.stat()
    except PermissionError as err:
        raise PermissionDenied(label, "没有访问这个文件的权限（所在目录不可进入）", PERMISSION_HINT) from err
    except FileNotFoundError as err:
        raise UnreadableFile(label, "文件不存在", "检查路径是否写对，文件是否已被移走") from err
    except OSError as err:
        if err.errno == errno.ENAMETOOLONG:
            raise UnreadableFile(label, "文件路径过长", "把文件移到较短的路径下") from err
        raise UnreadableFile(label, f"无法访问文件（{err.strerror or err}）", "检查磁盘和路径") from err
    if stat.S_ISDIR(st.st_mode):
        raise UnreadableFile(label, "这是一个目录，不是文件", "导入目录请用 duban ingest 目录")
    if not stat.S_ISREG(st.st_mode):  # a FIFO or device named .txt would be read forever
        raise UnreadableFile(label, "这不是普通文件（可能是管道或设备）", "请把内容保存为普通文件后再导入")
    return st


def iter_documents(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[RawDocument | ExtractError]:
    """Every document in one file: itself, or each member of a zip (nested zips included).

    Bad input is yielded as the ``ExtractError`` that says what is wrong, never dropped; in a zip, a bad
    member yields its error and the other members are still read.  The file's size is checked (stat)
    before anything is read.

    Args:
        path: the file, as the user gave it (kept as ``RawDocument.path``).
        limits: size and safety limits (``Limits(max_file_bytes=...)`` is what ``--max-size`` sets).

    Yields:
        ``RawDocument`` for each readable document, ``ExtractError`` for each one that is not.

    Example (a zip of reports on disk)::

        [d.path for d in iter_documents("报告.zip")]
        # ['报告.zip!2025年上海市政府工作报告.docx', '报告.zip!2025年云南省政府工作报告.docx']
    """
    label = str(path)
    p = Path(path)
    try:
        st = _stat(p, label)
        suffix = p.suffix.lower()
        if suffix not in SUFFIX_FORMAT:
            raise unsupported(label, suffix)
        is_archive = SUFFIX_FORMAT[suffix] == "zip"
        limit = limits.max_archive_bytes if is_archive else limits.max_file_bytes
        if st.st_size > limit:
            what, option = ("压缩包", "--max-archive-size") if is_archive else ("文件", "--max-size")
            raise TooLarge(
                label,
                f"{what}大小 {human_size(st.st_size)} 超过上限 {human_size(limit)}，未读取",
                f"如确需读取，用 {option} 提高上限（例如 {option} 1024M）；或把文件拆小后再导入",
            )
        with _open(p, label) as f:
            head = f.read(8)
            if is_archive and head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
                from extract.readers.read_zip import iter_zip

                f.seek(0)
                yield from iter_zip(f, label, limits)
                return
            data = head + f.read(max(limit + 1 - len(head), 0))
            if len(data) > limit:  # the file grew after stat(): never read past the limit
                raise TooLarge(label, f"文件大小超过上限 {human_size(limit)}，未读取", "如确需读取，用 --max-size 提高上限")
    except ExtractError as err:
        yield err
        return
    except PermissionError:  # reading can fail after a successful open on some file systems (NFS, FUSE)
        yield PermissionDenied(label, "没有读取这个文件的权限", PERMISSION_HINT)
        return
    yield from iter_bytes(data, label, limits)


def read_document(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Read one document.

    A zip holding exactly one document returns it; a zip with several is refused (use ``iter_documents``).

    Raises:
        ExtractError: a subclass saying what is wrong (UnreadableFile, UnsupportedFormat, MissingTool,
            TooLarge, EmptyDocument, PermissionDenied, UnsafeContent).

    Example (a GBK text file on disk)::

        read_document("城南片区月报.txt").encoding   # 'gb18030'
    """
    docs: list[RawDocument] = []
    for item in iter_documents(path, limits=limits):
        if isinstance(item, ExtractError):
            raise item
        docs.append(item)
    if len(docs) != 1:
        raise UnsupportedFormat(
            str(path), f"压缩包中有 {len(docs)} 个文档，read_document 只能返回一个", "用 iter_documents() 或 duban ingest 逐个读取"
        )
    return docs[0]
