"""Readers: a path -> ``RawDocument`` (text exactly as written).  Dispatch on the file's suffix and magic bytes.

STUB — being written.  Interface (stable):

    iter_documents(path, *, limits=DEFAULT_LIMITS) -> Iterator[RawDocument | ExtractError]
        one file -> its documents; a zip yields each member (a bad member yields its error, the rest go on)
    read_document(path, *, limits=DEFAULT_LIMITS) -> RawDocument     (raises ExtractError)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.errors import ExtractError
from extract.model import RawDocument


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 64 * 1024 * 1024  # a single document (or zip member, uncompressed)
    max_archive_members: int = 10_000
    max_archive_bytes: int = 512 * 1024 * 1024  # total uncompressed size of a zip
    max_compression_ratio: int = 200  # a member expanding more than this is treated as a bomb


DEFAULT_LIMITS = Limits()


def read_document(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    p = Path(path)
    data = p.read_bytes()
    return RawDocument(
        path=str(p), sha256=hashlib.sha256(data).hexdigest(), format="txt",
        text=data.decode("utf-8", errors="replace"), size=len(data), encoding="utf-8",
    )


def iter_documents(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[RawDocument | ExtractError]:
    try:
        yield read_document(path, limits=limits)
    except ExtractError as err:
        yield err
