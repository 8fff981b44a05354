"""Batch ingest: files, folders and zip archives -> the corpus, one transaction per document.

``ingest_paths`` is what ``duban ingest`` runs.  Inputs are taken in a fixed order (the arguments as given,
each folder walked in sorted order, hidden files skipped), so two runs over the same tree do the same work.
A file whose bytes are already stored is not extracted again: its sha256 is computed first (cheap) and only
its location is recorded.  A bad input is recorded in ``ingest_failures`` with its coded message, and the
batch goes on.

Example:
    >>> import duban
    >>> from corpus.ingest import ingest_paths
    >>> with duban.open("台账.db") as corpus:                 # doctest: +SKIP
    ...     summary = ingest_paths(corpus, ["2023年报告/", "汇总.zip"])
    >>> summary.added, summary.failed                         # doctest: +SKIP
    (12, 1)
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from corpus.errors import CorpusError, DatabaseReadOnly, DatabaseUnavailable, DiskFull, InternalError
from corpus.store import Corpus, IngestStatus
from extract.errors import ExtractError
from extract.pipeline import extract_path
from extract.readers import DEFAULT_LIMITS, SUPPORTED_SUFFIXES, Limits, iter_documents

# What a folder walk picks up: the formats the readers know.  A file named on the command line is always
# tried (the reader says what is wrong with it); a folder's other files (index.jsonl, images) are skipped.
DOCUMENT_SUFFIXES = SUPPORTED_SUFFIXES

# Word's lock files ("~$报告.docx") hold only the name of whoever had the file open.
_LOCK_FILE_PREFIX = "~$"

ProgressCallback = Callable[[int, int, str], None]  # (files done, files in all, path just done; "" at the start)


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be stored, as recorded in ``ingest_failures``."""

    path: str
    stage: str
    code: str
    message: str
    sha256: str | None = None


@dataclass(slots=True)
class IngestSummary:
    """What one ``ingest_paths`` run did."""

    files: int = 0  # input files handled (an archive counts once)
    statuses: Counter[IngestStatus] = field(default_factory=Counter)  # one per document
    reports: int = 0  # reports stored by this run
    repeats: int = 0  # of which repeat an earlier report of the same file
    facts: int = 0
    failures: list[Failure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files in folders that are not documents

    @property
    def added(self) -> int:
        return self.statuses[IngestStatus.ADDED]

    @property
    def replaced(self) -> int:
        return self.statuses[IngestStatus.REPLACED]

    @property
    def unchanged(self) -> int:
        return self.statuses[IngestStatus.UNCHANGED]

    @property
    def same_content(self) -> int:
        return self.statuses[IngestStatus.SAME_CONTENT]

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def ok(self) -> bool:
        return not self.failures


def iter_input_files(paths: Iterable[str | os.PathLike[str]], *, skipped: list[str] | None = None) -> Iterator[Path]:
    """The files to ingest, in a fixed order: each argument in turn, a folder walked sorted.

    Hidden files and folders (".git", ".DS_Store") and Word lock files ("~$报告.docx") are left out; in a
    folder only files with a document suffix are taken (the others are appended to ``skipped``).  A path
    that does not exist is yielded as is (ingest records it as a failure).  Each file comes once.
    """
    seen: set[Path] = set()

    def fresh(p: Path) -> bool:
        key = p.resolve()
        if key in seen:
            return False
        seen.add(key)
        return True

    for arg in paths:
        root = Path(arg)
        if not root.is_dir():
            if fresh(root):
                yield root
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or name.startswith(_LOCK_FILE_PREFIX):
                    continue
                p = Path(dirpath) / name
                if p.suffix.lower() not in DOCUMENT_SUFFIXES:
                    if skipped is not None:
                        skipped.append(str(p))
                    continue
                if fresh(p):
                    yield p


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in chunks."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _archive_member_hashes(path: Path, limits: Limits) -> set[str] | None:
    """sha256 of each member of a zip, or None when the zip is unreadable or over a limit.

    None sends the archive to the reader, which says exactly what is wrong with it.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            members = [i for i in zf.infolist() if not i.is_dir()]
            if len(members) > limits.max_archive_members:
                return None
            if sum(i.file_size for i in members) > limits.max_archive_bytes:
                return None
            found: set[str] = set()
            for info in members:
                name = info.filename.rsplit("/", 1)[-1]
                if not name or name.startswith(".") or info.filename.startswith("__MACOSX/"):
                    continue
                if info.file_size > limits.max_file_bytes:
                    return None
                if info.compress_size and info.file_size / info.compress_size > limits.max_compression_ratio:
                    return None
                with zf.open(info) as fh:
                    found.add(hashlib.file_digest(fh, "sha256").hexdigest())
            return found
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError, EOFError):
        return None


def _within_limit(path: Path, limits: Limits) -> bool:
    try:
        if not path.is_file():
            return False
        size = path.stat().st_size
    except OSError:
        return False
    return size <= (limits.max_archive_bytes if _is_archive(path) else limits.max_file_bytes)


def _is_archive(path: Path) -> bool:
    # by suffix only: .docx files are zips too, and a zip under another name is simply extracted each time
    return path.suffix.lower() == ".zip"


class _Run:
    """One batch: the corpus, the options, and the summary being filled in."""

    def __init__(self, corpus: Corpus, limits: Limits, recognize: bool):
        self.corpus = corpus
        self.limits = limits
        self.recognize = recognize
        self.summary = IngestSummary()

    def fail(self, failure: Failure) -> None:
        self.corpus.record_failure(
            failure.path, stage=failure.stage, code=failure.code, message=failure.message, sha256=failure.sha256
        )
        self.summary.failures.append(failure)

    def fail_extract(self, err: ExtractError, sha256: str | None) -> None:
        self.fail(Failure(err.path, err.stage, err.code, str(err), sha256))

    def ingest_file(self, path: Path) -> None:
        """Store every document of one input file; bad documents are recorded, the others stored."""
        where = str(path.resolve())
        sha256 = None
        # Bytes already stored are not extracted again.  A missing or oversized file is not hashed: the
        # reader refuses it with the proper message.
        if _within_limit(path, self.limits):
            if _is_archive(path):
                if self.archive_already_stored(path, where):
                    return
            else:
                sha256 = file_sha256(path)
                placed = self.corpus.add_location(sha256, where)
                if placed is not None:
                    self.summary.statuses[placed[0]] += 1
                    return
        self.extract_and_store(where, sha256)

    def archive_already_stored(self, path: Path, where: str) -> bool:
        """Handle a zip whose every member is stored content, without extracting; False when one is new.

        Members already current inside this archive are only confirmed.  Members stored from elsewhere (the
        folder beside the zip holds the same files) get this location; the reader is asked for the members'
        names only, and nothing is normalised or recognised again.
        """
        member_hashes = _archive_member_hashes(path, self.limits)
        if not member_hashes:
            return False
        confirmed = self.corpus.touch_archive(where, member_hashes)
        if confirmed is not None:
            self.summary.statuses[IngestStatus.UNCHANGED] += confirmed
            return True
        if self.corpus.known(member_hashes) != member_hashes:
            return False
        members = list(iter_documents(where, limits=self.limits))
        raws = [m for m in members if not isinstance(m, ExtractError)]
        if len(raws) < len(members) or self.corpus.known({m.sha256 for m in raws}) != {m.sha256 for m in raws}:
            return False  # an unreadable member, or one the hashes above did not cover (a nested zip)
        for raw in raws:
            located = self.corpus.add_location(raw.sha256, raw.path)
            if located is not None:  # None only if the document vanished since the lookup above
                self.summary.statuses[located[0]] += 1
        self.corpus.retire_archive_members(where, {raw.path for raw in raws})
        return True

    def extract_and_store(self, where: str, sha256: str | None) -> None:
        stored: set[str] = set()
        for item in extract_path(where, limits=self.limits, recognize=self.recognize):
            if isinstance(item, ExtractError):
                self.fail_extract(item, sha256 if item.path == where else None)
                continue
            status, _ = self.corpus.add_document(item)
            self.summary.statuses[status] += 1
            stored.add(item.raw.path)
        if stored and _is_archive(Path(where)):
            # members taken out of the archive since the last run are no longer its content
            self.corpus.retire_archive_members(where, stored)


def ingest_paths(
    corpus: Corpus,
    paths: Iterable[str | os.PathLike[str]],
    *,
    on_progress: ProgressCallback | None = None,
    limits: Limits = DEFAULT_LIMITS,
    recognize: bool = True,
) -> IngestSummary:
    """Ingest files, folders (recursively) and zip archives into ``corpus``.

    Args:
        corpus: the open corpus to fill.
        paths: files and folders, taken in the order given (folders walked in sorted order).
        on_progress: called with (0, files in all, "") first, then after each input file with
            (files done, files in all, its path).
        limits: size limits for files and archives (``extract.readers.Limits``).
        recognize: run the recognisers (False stores text, paragraphs and reports only).

    Returns:
        The summary: documents added / replaced / unchanged / same content elsewhere, reports stored, failures.
        Every failure is also in ``corpus.failures()``.

    Raises:
        DatabaseUnavailable: the database itself broke (a failure could not even be recorded).

    Example:
        >>> summary = ingest_paths(corpus, ["月报/2024年5月.docx", "月报/"])   # doctest: +SKIP
        >>> summary.added, summary.unchanged                                   # doctest: +SKIP
        (1, 0)
    """
    run = _Run(corpus, limits, recognize)
    before = corpus.counts()
    files = list(iter_input_files(paths, skipped=run.summary.skipped))
    if on_progress is not None:
        on_progress(0, len(files), "")
    for done, path in enumerate(files, 1):
        try:
            run.ingest_file(path)
        except ExtractError as err:  # raised instead of yielded: same treatment
            run.fail_extract(err, None)
        except (DiskFull, DatabaseReadOnly):  # no later file can be stored either: stop with the clear message
            raise
        except Exception as err:  # the one place that catches everything: record it, go on with the batch
            _record_internal(run, path, err)
        run.summary.files += 1
        if on_progress is not None:
            on_progress(done, len(files), str(path))
    after = corpus.counts()
    run.summary.reports = after.reports - before.reports
    run.summary.repeats = after.repeats - before.repeats
    run.summary.facts = after.facts - before.facts
    return run.summary


def _record_internal(run: _Run, path: Path, err: Exception) -> None:
    where = str(path.resolve())
    if isinstance(err, CorpusError | SQLAlchemyError):
        stage, reason = "store", f"存入数据库失败（{type(err).__name__}: {err}）"
    else:
        stage, reason = "internal", f"内部错误（{type(err).__name__}: {err}）"
    wrapped = InternalError(where, reason, "这是 duban 的缺陷或数据库的问题，不是文件本身的问题；请附上该文件报告")
    try:
        run.fail(Failure(where, stage, wrapped.code, str(wrapped)))
    except SQLAlchemyError as db_err:
        raise DatabaseUnavailable(
            run.corpus.display_url, f"数据库无法写入（{db_err}）", "检查磁盘空间和文件权限后重新运行 duban ingest"
        ) from db_err


def with_sizes(limits: Limits, *, file_bytes: int | None = None, archive_bytes: int | None = None) -> Limits:
    """``limits`` with the per-document and per-archive byte limits replaced (None keeps one)."""
    changes = {"max_file_bytes": file_bytes, "max_archive_bytes": archive_bytes}
    return dataclasses.replace(limits, **{k: v for k, v in changes.items() if v is not None})
