"""One exception hierarchy for ``corpus``.  ``str(err)`` is a complete message for the user.

Codes are ``[E2xx]`` (``extract`` uses ``E1xx``), so an operator can search for them.  Messages are in
Chinese: what went wrong, where, and how to fix it.
"""

from __future__ import annotations


class CorpusError(Exception):
    """Base class of everything ``corpus`` raises."""

    code = "E200"

    def __init__(self, where: str, reason: str, hint: str = ""):
        self.where = where
        self.reason = reason
        self.hint = hint
        msg = f"[{self.code}] {where}: {reason}"
        if hint:
            msg += f"\n  提示: {hint}"
        super().__init__(msg)


class DatabaseUnavailable(CorpusError):
    """The database cannot be opened or created (missing folder, not a database, locked, bad URL)."""

    code = "E201"


class SchemaMismatch(CorpusError):
    """The database was written by a newer duban (its schema version is higher than this one knows)."""

    code = "E202"


class ReportNotFound(CorpusError):
    """No report has the id that was asked for."""

    code = "E203"


class InternalError(CorpusError):
    """Something broke that is not the input's fault: a defect of duban, recorded so the batch goes on.

    Only ``corpus.ingest`` builds it, in the one place that catches every exception.
    """

    code = "E299"


class DiskFull(CorpusError):
    """The database cannot grow: its disk (or quota) is full.  What was committed before stays whole."""

    code = "E205"


class DatabaseReadOnly(CorpusError):
    """The database can be read but not written (file or folder permissions, a read-only server or mount)."""

    code = "E206"
