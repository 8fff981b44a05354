"""Zip archives of reports: every member (nested zips too), names decoded right, bombs refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import IO

from extract.errors import EmptyDocument, ExtractError, TooLarge
from extract.model import RawDocument
from extract.readers.archive import Budget, clean_label, member_name, open_zip, read_member
from extract.readers.dispatch import iter_bytes, unsupported
from extract.readers.limits import Limits
from extract.readers.rules import ZIP_JUNK_NAME
from extract.readers.sniff import SUFFIX_FORMAT


def iter_zip(
    source: IO[bytes], path: str, limits: Limits, *, depth: int = 1, budget: Budget | None = None
) -> Iterator[RawDocument | ExtractError]:
    """Yield each member's document (``archive.zip!member/name.docx``) or the error that stopped it.

    Members are decompressed into memory, never written to disk, so a name like "../../etc/passwd" is only
    a label (and is cleaned as one).  Directories, ``__MACOSX/`` and other packer junk are skipped; a member
    with a suffix duban does not read is reported (UnsupportedFormat) without being decompressed.

    Args:
        source: the open archive (a file or ``io.BytesIO``).
        path: the archive's label.
        limits: size and bomb limits; ``budget`` carries the total across nested archives.
        depth: nesting level of this archive (1 for a file on disk).
        budget: bytes the outermost archive may still expand to.

    Example (a file on disk)::

        with open("月报.zip", "rb") as f:
            [d.path for d in iter_zip(f, "月报.zip", DEFAULT_LIMITS)]
        # ['月报.zip!一月/城南片区.docx', '月报.zip!一月/城北片区.pdf']
    """
    budget = budget if budget is not None else Budget(limits.max_archive_bytes)
    try:
        zf = open_zip(source, path, limits)
    except ExtractError as err:
        yield err
        return
    found = 0
    with zf:
        for info in zf.infolist():
            name = member_name(info)
            if info.is_dir() or name.endswith(("/", "\\")) or ZIP_JUNK_NAME.search(name.replace("\\", "/")):
                continue
            found += 1
            label = f"{path}!{clean_label(name)}"
            suffix = PurePosixPath(clean_label(name)).suffix.lower()
            if suffix not in SUFFIX_FORMAT:
                yield unsupported(label, suffix)
                continue
            try:
                data = read_member(zf, info, label, limits, budget)
            except TooLarge as err:
                yield err
                if info.file_size <= limits.max_file_bytes:
                    return  # the archive's total is spent: every further member would fail the same way
                continue
            except ExtractError as err:
                yield err
                continue
            yield from iter_bytes(data, label, limits, depth=depth, budget=budget)
    if not found:
        yield EmptyDocument(path, "压缩包里没有任何文件", "确认打包时是否选中了报告文件")
