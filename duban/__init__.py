"""duban (督办): reports -> a database of projects, figures, agreed items and problems -> drafted documents.

Public API (small on purpose):

    duban.extract_file(path) -> list[ExtractedFile]      no database
"""

from __future__ import annotations

from pathlib import Path

from extract.errors import ExtractError
from extract.model import ExtractedFile
from extract.pipeline import extract_path

__all__ = ["extract_file", "ExtractError", "ExtractedFile"]
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
