"""Zip containers read safely, in memory: bounded decompression, honest member names, no writes to disk.

Used by ``read_zip`` (archives of reports) and ``read_docx`` (a .docx is a zip too, and can be a bomb).
A member's name is only ever a label: nothing is extracted to disk, so "../../etc/passwd" is harmless.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from extract.errors import TooLarge, UnreadableFile, UnsafeContent
from extract.readers.limits import MIB, Limits, human_size
from extract.readers.rules import CONTROL_CHARS

CHUNK = MIB
# Below this size a high compression ratio is harmless (a 300 KiB XML part of zeros-like markup).
RATIO_FLOOR = MIB
UTF8_FLAG = 0x800
ENCRYPTED_FLAG = 0x1
UNICODE_PATH_EXTRA = 0x7075  # Info-ZIP Unicode Path extra field: the UTF-8 name beside a legacy one

SIZE_HINT = "如确需读取，用 --max-size 提高单个文件的上限（例如 --max-size 256M）"
BOMB_HINT = "这个压缩包解压后远大于其本身，疑似“压缩炸弹”，已拒绝；如确认来源可信，请先解压再逐个导入"


@dataclass(slots=True)
class Budget:
    """Bytes an archive (with everything nested in it) may still expand to."""

    remaining: int


def open_zip(source: IO[bytes], path: str, limits: Limits) -> zipfile.ZipFile:
    """Open a zip for reading; refuse corrupt archives and absurd member counts.

    Raises:
        UnreadableFile: not a zip, or its directory is damaged.
        UnsafeContent: more members than ``limits.max_archive_members``.
    """
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as err:
        raise UnreadableFile(path, f"压缩包已损坏或不完整（{err}）", "重新下载或重新打包这个文件") from err
    if len(zf.infolist()) > limits.max_archive_members:
        count = len(zf.infolist())
        zf.close()
        raise UnsafeContent(
            path, f"压缩包有 {count} 个成员，超过上限 {limits.max_archive_members}", "拆成几个较小的压缩包再导入"
        )
    return zf


def _unicode_path(info: zipfile.ZipInfo) -> str | None:
    """The UTF-8 name some packers (Info-ZIP, 7-Zip) store in extra field 0x7075 beside a legacy name."""
    extra = info.extra
    i = 0
    while i + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, i)
        body = extra[i + 4 : i + 4 + size]
        if kind == UNICODE_PATH_EXTRA and len(body) > 5 and body[0] == 1:
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        i += 4 + size
    return None


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name.

    Without the UTF-8 flag (bit 0x800) zipfile decodes a name as cp437, but Chinese Windows packers write
    GBK: ``"2025─Ω╔╧║ú.docx"`` is really ``"2025年上海.docx"``.  Re-encode as cp437 and decode as UTF-8
    (some packers forget the flag), then GB18030; keep the cp437 name when neither fits.

    Example:
        >>> info = zipfile.ZipInfo("2025年报告.docx".encode("gbk").decode("cp437"))
        >>> member_name(info)
        '2025年报告.docx'
    """
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    unicode_path = _unicode_path(info)
    if unicode_path:
        return unicode_path
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    if raw.isascii():
        return info.filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def clean_label(name: str) -> str:
    """A member name made safe to show: no "..", no leading "/", no drive letter, no control characters.

    Example:
        >>> clean_label("../../etc/passwd")
        'etc/passwd'
    """
    name = CONTROL_CHARS.sub("_", name.replace("\\", "/")).replace("\n", "_").replace("\r", "_")
    parts = [p for p in name.split("/") if p not in ("", ".", "..")]
    if parts and len(parts[0]) == 2 and parts[0][1] == ":":
        parts = parts[1:]  # "C:/报告/a.docx"
    return "/".join(parts) or "(无名文件)"


def read_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, limits: Limits, budget: Budget
) -> bytes:
    """Decompress one member into memory, refusing bombs before and while decompressing.

    The declared sizes are checked first (ratio, member size, archive total); then the member is read in
    1 MiB chunks and the same limits are enforced on what actually comes out, since headers can lie.

    Raises:
        UnsafeContent: compression ratio over ``limits.max_compression_ratio``, or more data than declared.
        TooLarge: the member, or the archive in total, expands past its limit.
        UnreadableFile: encrypted, damaged, or an unsupported compression method.
    """
    if info.flag_bits & ENCRYPTED_FLAG:
        raise UnreadableFile(label, "压缩包成员已加密，无法读取", "请提供未加密的压缩包（解压后重新打包，不设密码）")
    declared, packed = info.file_size, max(info.compress_size, 1)
    _check_ratio(label, declared, packed, limits)
    _check_size(label, declared, limits, budget)
    chunks: list[bytes] = []
    total = 0
    try:
        with zf.open(info) as f:
            while chunk := f.read(CHUNK):
                total += len(chunk)
                if total > declared:
                    raise UnsafeContent(
                        label, f"成员解压出的数据多于其声明的 {human_size(declared)}（文件头被篡改）", BOMB_HINT
                    )
                _check_ratio(label, total, packed, limits)
                _check_size(label, total, limits, budget)
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as err:  # ValueError: bad seek, bad name
        raise UnreadableFile(label, f"压缩包成员已损坏（{err}）", "重新下载或重新打包这个压缩包") from err
    except NotImplementedError as err:
        raise UnreadableFile(
            label, f"压缩包成员使用了不支持的压缩方式（{err}）", "请用常见的 zip（Deflate）格式重新打包"
        ) from err
    except RuntimeError as err:  # zipfile: "File ... is encrypted, password required"
        raise UnreadableFile(label, f"压缩包成员无法读取（{err}）", "请提供未加密的压缩包") from err
    budget.remaining -= total
    return b"".join(chunks)


def _check_ratio(label: str, size: int, packed: int, limits: Limits) -> None:
    if size > RATIO_FLOOR and size / packed > limits.max_compression_ratio:
        raise UnsafeContent(
            label,
            f"压缩比 {size / packed:.0f}:1 超过上限 {limits.max_compression_ratio}:1"
            f"（{human_size(packed)} 解压为 {human_size(size)}以上）",
            BOMB_HINT,
        )


def _check_size(label: str, size: int, limits: Limits, budget: Budget) -> None:
    if size > limits.max_file_bytes:
        raise TooLarge(
            label, f"解压后大小 {human_size(size)} 超过单个文件上限 {human_size(limits.max_file_bytes)}", SIZE_HINT
        )
    if size > budget.remaining:
        raise TooLarge(
            label,
            f"压缩包解压后的总大小超过上限 {human_size(limits.max_archive_bytes)}",
            "把压缩包拆小，或解压后逐个导入；如确需读取，用 --max-archive-size 提高上限",
        )
