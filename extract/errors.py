"""One exception hierarchy for ``extract``.  ``str(err)`` is a complete message for the user.

Every error has a stable code (``[E1xx]``) so operators can search for it, says what went wrong and where,
and — when there is one — how to fix it.  Messages are in Chinese, for the operators.
"""

from __future__ import annotations

from pathlib import Path


class ExtractError(Exception):
    """Base class of everything ``extract`` raises on bad input."""

    code = "E100"
    stage = "extract"

    def __init__(self, path: str | Path, reason: str, hint: str = ""):
        self.path = str(path)
        self.reason = reason
        self.hint = hint
        msg = f"[{self.code}] {self.path}: {reason}"
        if hint:
            msg += f"\n  提示: {hint}"
        super().__init__(msg)


class UnreadableFile(ExtractError):
    """The file exists but cannot be read as a document (corrupt, empty, binary, encrypted, scanned)."""

    code = "E101"
    stage = "read"


class UnsupportedFormat(ExtractError):
    """The file's type is not one duban reads."""

    code = "E102"
    stage = "read"


class MissingTool(ExtractError):
    """Reading this file needs an external program or optional package that is not installed."""

    code = "E103"
    stage = "read"


class TooLarge(ExtractError):
    """The file (or an archive member, or what it expands to) is over the configured limit."""

    code = "E104"
    stage = "read"


class EmptyDocument(ExtractError):
    """The document was read but holds no text."""

    code = "E105"
    stage = "read"


class PermissionDenied(ExtractError):
    """The file cannot be opened for reading."""

    code = "E106"
    stage = "read"


class UnsafeContent(ExtractError):
    """The file tries something hostile (XML entity expansion, external entities, a zip bomb)."""

    code = "E107"
    stage = "read"


class NormalizeError(ExtractError):
    code = "E110"
    stage = "normalize"
