"""Plain text: find the encoding (UTF-8, UTF-8 BOM, UTF-16, GB18030/GBK, Big5), refuse binary junk."""

from __future__ import annotations

import codecs
import functools
import hashlib
from dataclasses import dataclass

from extract.errors import EmptyDocument, UnreadableFile
from extract.model import RawDocument
from extract.readers.rules import CONTROL_CHARS

# Share of a decoded sample that must be plausible text (ASCII, common hanzi, CJK punctuation);
# a right decoding of a real report scores > 0.9, a wrong one (Big5 read as GB18030) about 0.3-0.6.
MIN_QUALITY = 0.6
# A strict decoding scoring this well is taken without trying lenient ones.
GOOD_QUALITY = 0.9
# Two 8-bit decodings closer than this are a toss-up: charset-normalizer decides.
TIE_MARGIN = 0.1
# More undecodable bytes or control characters than this share and the file is not text.
MAX_BAD_SHARE = 0.02
# ... but a short file may have a character or two cut in half (up to 4 replaced bytes).
MIN_BAD_ALLOWED = 4
SAMPLE_CHARS = 64 * 1024
SAMPLE_BYTES = 256 * 1024

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

BINARY_HINT = "这不是文本文件：请确认文件类型；若是 Word/PDF 等文件被改了扩展名，请改回正确的扩展名"


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with the encoding that worked and what had to be repaired."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


@functools.cache
def _plausible_table() -> dict[int, None]:
    """A ``str.translate`` table that deletes every character a real Chinese report is made of.

    What is left after ``translate`` is implausible: rare or garbage hanzi, kana/Greek/box drawing that a
    wrong 8-bit decoding produces, control characters and U+FFFD.  The common hanzi are the level-1 sets
    of GB2312 (3,755 simplified) and Big5 (5,401 traditional), taken from the codecs themselves.
    """
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):  # GB2312 level 1: B0A1-D7F9
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    trails = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    for lead in range(0xA4, 0xC7):  # Big5 level 1: A440-C67E
        for trail in trails:
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                continue
    chars.update(chr(c) for c in range(0x20, 0x7F))
    chars.update("\t\n\r\f\v\x1a\u00a0\u00b7\u00d7\u00f7\u2116\u25cb\u25cf\u25a0\u25a1\u2605\u2606\u203b")
    for lo, hi in ((0x2010, 0x2027), (0x2030, 0x203B), (0x3000, 0x303F), (0xFF01, 0xFF5E), (0x2160, 0x216B),
                   (0x2460, 0x249B), (0x3220, 0x3229), (0x2190, 0x2193)):
        chars.update(chr(c) for c in range(lo, hi + 1))
    return dict.fromkeys(map(ord, chars))


def quality(text: str) -> float:
    """Share of ``text`` (its first 64 Ki characters) that is plausible report text, in [0, 1].

    Example:
        >>> quality("项目完成投资3.2亿元。") > 0.9
        True
    """
    sample = text[:SAMPLE_CHARS]
    if not sample:
        return 0.0
    return 1.0 - len(sample.translate(_plausible_table())) / len(sample)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _sample(data: bytes, encoding: str) -> str | None:
    """Strictly decode the first ``SAMPLE_BYTES`` (a character cut in two at the end is not an error)."""
    try:
        return codecs.getincrementaldecoder(encoding)().decode(data[:SAMPLE_BYTES], final=len(data) <= SAMPLE_BYTES)
    except UnicodeDecodeError:
        return None


def _lenient(data: bytes, encoding: str) -> tuple[str, tuple[str, ...]]:
    """Decode replacing bad bytes; the note says how many were replaced (never silently)."""
    text = data.decode(encoding, errors="replace")
    replaced = text.count("\ufffd")
    notes = (f"{replaced} 处字节无法按 {encoding} 解码，已替换为 \ufffd",) if replaced else ()
    return text, notes


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a BOM (NUL bytes beside every ASCII character): the plausible endianness."""
    even = data[: len(data) // 2 * 2]
    best: tuple[float, str, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        text = _strict(even, encoding)
        if text is None or CONTROL_CHARS.search(text[:SAMPLE_CHARS]):
            continue
        q = quality(text)
        if q >= MIN_QUALITY and (best is None or q > best[0]):
            best = (q, encoding, text)
    return (best[1], best[2]) if best else None


def _arbitrate(data: bytes, candidates: list[tuple[str, str]]) -> str:
    """Ask charset-normalizer which of two near-equal candidate encodings the bytes are in."""
    from charset_normalizer import from_bytes

    names = [enc for enc, _ in candidates]
    best = from_bytes(data[: 256 * 1024], cp_isolation=names).best()
    if best is not None:
        found = codecs.lookup(best.encoding).name
        for enc in names:
            if codecs.lookup(enc).name == found:
                return enc
    return names[0]


def decode_text(data: bytes, path: str) -> Decoded:
    """Decode the bytes of a text file, trying encodings strictly in a sensible order.

    Order: BOM (UTF-8/UTF-16) -> UTF-8 -> UTF-16 without BOM -> GB18030 / Big5 / UTF-16, scored by the
    share of common hanzi (Big5 bytes often decode "validly" as GB18030 into garbage) and, when the scores
    are close, by charset-normalizer.  Only when nothing decodes strictly are bad bytes replaced, and a
    note says how many.

    Args:
        data: the file's bytes.
        path: the file's name, for messages.

    Raises:
        UnreadableFile: binary junk (NUL bytes, control characters, mostly undecodable).

    Example:
        >>> decode_text("督查通报".encode("gb18030"), "a.txt").encoding
        'gb18030'
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None:
                text, notes = _lenient(data, encoding)
                _check_text(text, path)
                return Decoded(text.removeprefix("\ufeff"), encoding, notes)
            return Decoded(text.removeprefix("\ufeff"), encoding)
    text = _strict(data, "utf-8")
    if text is not None:
        _check_text(text, path)
        return Decoded(text, "utf-8")
    if b"\x00" in data[:4096]:
        found = _utf16_without_bom(data)
        if found is None:
            raise UnreadableFile(path, "文件含有 NUL 字节，是二进制数据而不是文本", BINARY_HINT)
        return Decoded(found[1], found[0])

    # Candidates are judged on a sample; only the chosen one decodes the whole file (a 64 MiB file must
    # not be decoded five times over).
    candidates: list[tuple[str, str]] = []
    for encoding in ("gb18030", "big5", "cp950", "utf-16-le", "utf-16-be"):
        if encoding == "cp950" and any(enc == "big5" for enc, _ in candidates):
            continue  # cp950 is Big5 plus a few Microsoft additions: only needed when big5 fails
        if encoding.startswith("utf-16") and len(data) % 2:
            continue
        sample = _sample(data, encoding)
        if sample is not None:
            candidates.append((encoding, sample))
    scored = sorted(((quality(t), enc, True) for enc, t in candidates), reverse=True)
    if not scored or scored[0][0] < GOOD_QUALITY:
        # No strict decoding reads well: a UTF-8 (or GBK) file with a few bad bytes (cut off mid-character,
        # one pasted GBK character) decodes leniently into near-perfect text, while GB18030 "decodes" the
        # same UTF-8 bytes strictly into garbage.  Replacement marks count against the lenient candidates.
        head = data[:SAMPLE_BYTES]
        lenient = [(quality(head.decode(enc, errors="replace")), enc, False) for enc in ("utf-8", "gb18030", "big5")]
        scored = sorted(scored + lenient, key=lambda s: (s[0], s[2]), reverse=True)
    close = [s for s in scored if s[2] and scored[0][0] - s[0] < TIE_MARGIN]
    if scored[0][2] and len(close) > 1:
        pick = _arbitrate(data, [(enc, "") for _, enc, _ in close])
        scored.sort(key=lambda s: not (s[1] == pick and s[2]))  # stable: the pick first, the rest in order
    best_q, encoding, strict = scored[0]
    notes: tuple[str, ...] = ()
    full = _strict(data, encoding) if strict else None
    if full is None:  # lenient pick, or an error past the sample: replace the bad bytes and say so
        full, notes = _lenient(data, encoding)
    text = full
    _check_text(text, path)
    if best_q < MIN_QUALITY:
        raise UnreadableFile(
            path, f"无法确定文本编码（最好的尝试 {encoding} 只有 {best_q:.0%} 是可读文字），多半不是文本文件",
            BINARY_HINT + "；若确是文本，请另存为 UTF-8 再导入",
        )
    return Decoded(text, encoding, notes)


def _check_text(text: str, path: str) -> None:
    """Refuse text that is mostly control characters or replacement marks: binary junk named .txt."""
    sample = text[:SAMPLE_CHARS]
    if not sample:
        return
    bad = len(CONTROL_CHARS.findall(sample)) + sample.count("\ufffd")
    if "\x00" in sample or bad > max(MIN_BAD_ALLOWED, len(sample) * MAX_BAD_SHARE):
        raise UnreadableFile(path, f"文件含有大量控制字符或无法解码的字节（{bad} 个），是二进制数据而不是文本",
                             BINARY_HINT)


def split_lines(text: str) -> str:
    """One line per paragraph, "\\n" only (files come with \\r\\n or old Mac \\r)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_txt(data: bytes, path: str) -> RawDocument:
    """Read a plain-text report.

    Args:
        data: the file's bytes.
        path: the path as given (for a zip member ``archive.zip!member.txt``).

    Raises:
        EmptyDocument: no text at all.
        UnreadableFile: binary junk.

    Example:
        >>> read_txt("一、项目进展\\n城南污水厂".encode("gbk"), "月报.txt").encoding
        'gb18030'
    """
    if not data.strip(b" \t\r\n\x00\x1a"):
        raise EmptyDocument(path, "文件是空的（没有文字）", "确认导出的文件是否完整，或删除这个空文件")
    decoded = decode_text(data, path)
    text = split_lines(decoded.text)
    if not text.strip():
        raise EmptyDocument(path, "文件只有空白字符，没有文字", "确认导出的文件是否完整，或删除这个空文件")
    return RawDocument(
        path=path, sha256=hashlib.sha256(data).hexdigest(), format="txt", text=text, size=len(data),
        encoding=decoded.encoding, notes=decoded.notes,
    )
