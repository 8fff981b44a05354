"""Acceptance: ``duban ingest ../shared/seeds ../shared/corpus`` on the real files (slow, run in CI).

Report counts per seed depend on the split stage (004 holds 17 articles, then all 17 again).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from corpus import schema
from corpus.store import Corpus

pytestmark = pytest.mark.slow

# A pinyin note left after a Chinese character: 進(jìn), 現(xiàn), 發(fā)
PINYIN_NOTE = re.compile(r"[\u4e00-\u9fff]\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")

# seed file prefix -> (distinct reports, repeats recorded as duplicates)
SEED_REPORTS = {"000": (1, 0), "001": (2, 0), "002": (1, 0), "003": (1, 0), "004": (17, 17)}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def ingested(seeds_and_corpus_db):
    db, result = seeds_and_corpus_db
    with Corpus(db) as corpus:
        yield corpus, result


def test_ingest_succeeds(ingested):
    _, result = ingested
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("prefix,expected", sorted(SEED_REPORTS.items()))
def test_seed_report_counts(ingested, seeds, prefix, expected):
    corpus, _ = ingested
    path = str(next(seeds.glob(f"{prefix}_*.txt")).resolve())
    loc, r = schema.locations, schema.reports
    with corpus.engine.connect() as conn:
        rows = conn.execute(
            sa.select(r.c.duplicate_of_report_id)
            .join(loc, loc.c.document_id == r.c.document_id)
            .where(loc.c.path == path, loc.c.current)
        ).all()
    distinct = sum(1 for row in rows if row.duplicate_of_report_id is None)
    assert (distinct, len(rows) - distinct) == expected


def test_every_provincial_and_national_report_is_stored(ingested, shared):
    corpus, _ = ingested
    current = corpus.current_locations()
    files = sorted((shared / "corpus" / "docx").glob("*.docx")) + sorted((shared / "corpus" / "national").glob("*.txt"))
    assert len(files) == 34
    for f in files:
        assert current.get(str(f.resolve())) == sha256_of(f), f.name


def test_zip_members_are_the_same_content_as_the_folder(ingested, shared):
    corpus, _ = ingested
    docx_dir = shared / "corpus" / "docx"
    folder_shas = {sha256_of(f) for f in docx_dir.glob("*.docx")}
    archive = str(next(docx_dir.glob("*.zip")).resolve())
    members = {path: sha for path, sha in corpus.current_locations().items() if path.startswith(archive + "!")}
    assert len(members) == 31
    assert set(members.values()) == folder_shas
    assert corpus.counts().documents == 5 + 31 + 3  # seeds, provincial (once), national


def test_no_pinyin_note_is_left_in_any_stored_text(ingested):
    corpus, _ = ingested
    with corpus.engine.connect() as conn:
        texts = [
            *conn.scalars(sa.select(schema.documents.c.norm_text)),
            *conn.scalars(sa.select(schema.reports.c.text)),
            *conn.scalars(sa.select(schema.facts.c.text)),
        ]
    found = [m.group() for t in texts for m in PINYIN_NOTE.finditer(t)]
    assert found == []


def test_pinyin_pattern_finds_what_it_should():
    assert PINYIN_NOTE.findall("推進(jìn)項目發(fā)展") == ["進(jìn)", "發(fā)"]
    assert PINYIN_NOTE.findall("城东污水处理厂(二期)、GDP(国内生产总值)") == []


def test_every_document_is_complete(ingested):
    corpus, _ = ingested
    assert corpus.incomplete_documents() == []


def test_second_run_adds_nothing(ingested, seeds_and_corpus_db, shared, whole):
    corpus, _ = ingested
    db, _ = seeds_and_corpus_db
    before = corpus.counts()
    again = whole.run_ingest(db, shared)
    assert again.returncode == 0, again.stderr
    assert "新增 0" in again.stdout and "本次存入报告 0 篇" in again.stdout
    after = corpus.counts()
    assert (after.documents, after.locations, after.reports, after.facts) == (
        before.documents, before.locations, before.reports, before.facts
    )
