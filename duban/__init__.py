"""duban (督办): reports -> a database of projects, figures, agreed items and problems -> drafted documents.

Public API (small on purpose):

    duban.extract_file(path) -> list[ExtractedFile]      no database
    duban.open(db=None) -> Corpus                        the database (SQLite file, or a SQLAlchemy URL)
    duban.ingest(corpus, paths) -> IngestSummary         files, folders, zips -> the database

Example:
    >>> import duban
    >>> with duban.open("台账.db") as corpus:                         # doctest: +SKIP
    ...     summary = duban.ingest(corpus, ["2024年月报/"])
    ...     for row in corpus.iter_reports():
    ...         print(row.id, row.title)
    1 云溪县2024年5月重点项目建设进展情况
"""

from __future__ import annotations

import os
from pathlib import Path

from corpus.errors import CorpusError
from corpus.ingest import IngestSummary
from corpus.ingest import ingest_paths as ingest
from corpus.store import Corpus, IngestStatus
from extract.errors import ExtractError
from extract.model import ExtractedFile
from extract.pipeline import extract_path

__all__ = [
    "Corpus",
    "CorpusError",
    "ExtractError",
    "ExtractedFile",
    "IngestStatus",
    "IngestSummary",
    "extract_file",
    "ingest",
    "open",
]
__version__ = "0.1.0"


def extract_file(path: str | Path, *, recognize: bool = True) -> list[ExtractedFile]:
    """Read, normalise, split and recognise one file (a zip gives one entry per member).

    Raises the first ``ExtractError`` met; use ``extract.pipeline.extract_path`` to get errors as values.
    """
    out: list[ExtractedFile] = []
    for item in extract_path(path, recognize=recognize):
        if isinstance(item, ExtractError):
            raise item
        out.append(item)
    return out


def open(db: str | os.PathLike[str] | None = None, *, create: bool = True) -> Corpus:  # noqa: A001 - like sqlite3
    """Open (creating when needed) a corpus database.

    Args:
        db: a SQLite file path, a SQLAlchemy URL (``postgresql+psycopg://…``), or None for ``$DUBAN_DB``,
            else ``duban.db`` in the working directory.
        create: create a SQLite file that does not exist (False: raise instead, for read-only use).

    Raises:
        CorpusError: the database cannot be opened (the message says why and what to do).

    Example:
        >>> corpus = duban.open("督查台账.db")          # doctest: +SKIP
        >>> corpus.counts().reports                    # doctest: +SKIP
        23
    """
    return Corpus(db, create=create)
