"""Size and safety limits every reader obeys (a file, an archive member, what an archive expands to)."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a reader may take in before it refuses.  Every limit has a message naming the option to raise it.

    Example:
        >>> Limits(max_file_bytes=256 * MIB).max_file_bytes  # duban ingest --max-size 256M
        268435456
    """

    max_file_bytes: int = 64 * MIB  # a single document (or zip member, uncompressed)
    max_archive_members: int = 10_000
    max_archive_bytes: int = 512 * MIB  # total uncompressed size of a zip (nested zips included)
    max_compression_ratio: int = 200  # a member expanding more than this is treated as a bomb
    max_archive_depth: int = 3  # zip inside zip inside zip; deeper is refused
    max_pdf_expanded_bytes: int = 512 * MIB  # all compressed streams of one PDF, expanded (a PDF can be a bomb)
    convert_timeout: float = 180.0  # seconds LibreOffice may take to convert one .doc/.wps/.rtf


DEFAULT_LIMITS = Limits()


def human_size(n: int) -> str:
    """Bytes as the operators read them: ``human_size(200 * MIB) == "200.0 MiB"``."""
    if n >= MIB:
        return f"{n / MIB:.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} 字节"
