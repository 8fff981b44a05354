"""Fixtures for the corpus tests: an open corpus in a real SQLite file, and ExtractedFile builders.

The builders make ``extract`` records by hand, so the store is tested on exactly the input it gets, whatever
the readers and recognisers of the day produce.  Texts are written for these tests (fictional 云溪县).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from array import array
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest

from corpus.store import Corpus
from extract.model import (
    ExtractedFile,
    Fact,
    FactKind,
    NormalizedText,
    Paragraph,
    RawDocument,
    Report,
    ReportKind,
    Source,
)

# outline markers -> level, enough for the texts below
_LEVELS = (("一、", 1), ("二、", 1), ("三、", 1), ("（一）", 2), ("（二）", 2), ("1.", 3), ("2.", 3))


def paragraphs_of(text: str) -> tuple[Paragraph, ...]:
    out: list[Paragraph] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        level = next((lv for mark, lv in _LEVELS if line.startswith(mark)), 0)
        out.append(Paragraph(len(out), start, end, line, level=level, heading=level > 0 and len(line) < 20,
                             sentences=((start, end),)))
    return tuple(out)


def make_report(text: str, *, index: int = 0, start: int = 0, facts: Sequence[tuple] = (), path: str = "",
                sha256: str = "", duplicate_of: int | None = None) -> Report:
    """A report; ``facts`` are (kind, fragment, attrs) with the fragment found in ``text``."""
    paras = paragraphs_of(text)
    made = []
    for kind, fragment, attrs in facts:
        s = text.index(fragment)
        para = max(i for i, p in enumerate(paras) if p.start <= s)
        made.append(Fact(kind, fragment, Source(path, sha256, index, para, s, s + len(fragment)), dict(attrs)))
    return Report(
        index=index, text=text, start=start, title=text.split("\n", 1)[0], kind=ReportKind.PROGRESS_REPORT,
        date="2024-06-05", paragraphs=paras, facts=tuple(made), duplicate_of=duplicate_of,
        content_sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def make_file(path: str, text: str, *, facts: Sequence[tuple] = (), raw: str | None = None,
              offsets: Sequence[int] | None = None, reports: Sequence[Report] | None = None) -> ExtractedFile:
    """One document holding ``text`` (one report unless ``reports`` are given)."""
    raw_text = text if raw is None else raw
    sha = hashlib.sha256(raw_text.encode()).hexdigest()
    norm = NormalizedText(text=text, offsets=array("l", offsets if offsets is not None else range(len(text) + 1)))
    if reports is None:
        reports = [make_report(text, facts=facts, path=path, sha256=sha)]
    raw_doc = RawDocument(path=path, sha256=sha, format="txt", text=raw_text, size=len(raw_text.encode()),
                          encoding="utf-8")
    return ExtractedFile(raw=raw_doc, normalized=norm, reports=tuple(reports))


MAY = """云溪县2024年5月重点项目建设进展情况
一、总体进展情况
1-5月累计完成投资27.8亿元，占年度计划的44.6%。
二、存在的问题
（一）滨河大道二期工程征收遗留问题尚未解决。
"""

JUNE = """云溪县2024年6月重点项目建设进展情况
一、总体进展情况
1-6月累计完成投资33.6亿元，占年度计划的53.9%。
"""

MAY_FACTS = (
    (FactKind.FIGURE, "完成投资27.8亿元", {"value": 2780000000.0, "unit": "元", "of": "完成投资", "approx": False}),
    (FactKind.FIGURE, "44.6%", {"value": 44.6, "unit": "%"}),
    (FactKind.ISSUE, "滨河大道二期工程征收遗留问题尚未解决", {"project": "滨河大道二期工程", "status": "open"}),
)


@pytest.fixture
def corpus(db_url):
    """An empty corpus, on each back end (tests/conftest.py: a SQLite file, a new PostgreSQL database)."""
    with Corpus(db_url) as c:
        yield c


@pytest.fixture
def kit():
    """The builders and texts above (test modules cannot import conftest under --import-mode=importlib)."""
    return SimpleNamespace(make_file=make_file, make_report=make_report, paragraphs_of=paragraphs_of,
                           MAY=MAY, JUNE=JUNE, MAY_FACTS=MAY_FACTS)


# ---------------------------------------------------------------- whole-corpus runs (slow tests)

ROOT = Path(__file__).resolve().parents[2]


def ingest_command(db, shared) -> list[str]:
    """``python -m duban ingest ../shared/seeds ../shared/corpus --db DB``, run from the checkout."""
    rel = [os.path.relpath(shared / name, ROOT) for name in ("seeds", "corpus")]
    return [sys.executable, "-m", "duban", "ingest", *rel, "--db", str(db)]


def run_ingest(db, shared, timeout: float = 600):
    return subprocess.run(ingest_command(db, shared), cwd=ROOT, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def seeds_and_corpus_db(tmp_path_factory, shared):
    """A database filled by one uninterrupted ``duban ingest ../shared/seeds ../shared/corpus``."""
    db = tmp_path_factory.mktemp("reference") / "duban.db"
    result = run_ingest(db, shared)
    return db, result


@pytest.fixture
def whole():
    """Helpers for the whole-corpus tests."""
    return SimpleNamespace(ingest_command=ingest_command, run_ingest=run_ingest, root=ROOT)
