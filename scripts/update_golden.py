"""Regenerate tests/data/golden/<kind>.txt: the bundled samples ingested, each kind drafted, the .docx read back.

    .venv/bin/python scripts/update_golden.py

Review the diff like code: the text must read as natural official Chinese.
"""

from __future__ import annotations

import sys
import tempfile
from importlib import resources
from pathlib import Path

import duban
from corpus.ingest import DOCUMENT_SUFFIXES
from generate.context import KINDS, parse_period
from generate.docx_writer import docx_text
from generate.draft import draft

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "data" / "golden"
PERIODS = {"annual": "2024"}  # the rest: the samples' half year
PERIOD = "2024H1"


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, resources.as_file(resources.files("duban") / "samples") as samples:
        files = sorted(p for p in samples.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES)
        with duban.open(Path(tmp) / "golden.db") as corpus:
            duban.ingest(corpus, files)
            for kind in KINDS:
                out = Path(tmp) / f"{kind}.docx"
                draft(corpus, kind, period=parse_period(PERIODS.get(kind, PERIOD)), out=out)
                (GOLDEN / f"{kind}.txt").write_text(docx_text(out.with_name(f"{kind}-印发.docx")), encoding="utf-8")
                print(f"wrote {GOLDEN / f'{kind}.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
