from __future__ import annotations

from importlib import resources

import pytest

import duban
from corpus.ingest import DOCUMENT_SUFFIXES

SAMPLES_PERIOD = "2024H1"  # the bundled samples: 云溪县, reports of June-July 2024 about the first half year


@pytest.fixture(scope="session")
def sample_db(new_shared_db) -> str:
    """The bundled sample reports ingested into a new database, once per back end."""
    db = new_shared_db("samples")
    with resources.as_file(resources.files("duban") / "samples") as samples:
        files = sorted(p for p in samples.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES)
        with duban.open(db) as corpus:
            summary = duban.ingest(corpus, files)
    assert summary.ok and summary.reports == 4
    return db
