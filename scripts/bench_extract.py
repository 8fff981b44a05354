#!/usr/bin/env python3
"""Speed of the whole extraction against jieba.lcut over the same text, measured in one run.

    .venv/bin/python scripts/bench_extract.py                # dev inputs + national reports + provincial docx
    .venv/bin/python scripts/bench_extract.py --repeat 3 --markdown

For each input: the whole extraction (read, normalise, split, outline, metadata, every recogniser) is timed,
and so is ``jieba.lcut`` over the file's text.  The ratio (extraction chars/s ÷ jieba chars/s) is what the
issue asks to be ≥ 0.5.  Both are measured in the same process, interleaved, so machine noise hits both.
Per stage timings come from cProfile-free wall clocks around each stage.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def inputs() -> list[Path]:
    files = sorted((SHARED / "gold" / "dev" / "inputs").glob("*"))
    files += sorted((SHARED / "corpus" / "national").glob("*.txt"))
    files += sorted((SHARED / "corpus" / "docx").glob("*.docx"))
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=2, help="best of N for each side")
    ap.add_argument("--markdown", action="store_true", help="print a table for BENCHMARKS.md")
    args = ap.parse_args()

    import jieba

    from extract.normalize import normalize
    from extract.pipeline import build_reports, get_nlp
    from extract.readers import read_document

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    get_nlp()  # load once, outside the timings (a one-off cost, like jieba.initialize)

    docs = [read_document(p) for p in inputs()]
    chars = sum(len(d.text) for d in docs)
    t_jieba = t_read = t_norm = t_rest = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for d in docs:
            jieba.lcut(d.text)
        t_jieba = min(t_jieba, time.perf_counter() - t0)

        t0 = time.perf_counter()
        for p in inputs():
            read_document(p)
        t_read = min(t_read, time.perf_counter() - t0)

        norms = []
        t0 = time.perf_counter()
        for d in docs:
            norms.append(normalize(d.text))
        t_norm = min(t_norm, time.perf_counter() - t0)

        t0 = time.perf_counter()
        for d, n in zip(docs, norms, strict=True):
            build_reports(d, n)
        t_rest = min(t_rest, time.perf_counter() - t0)

    total = t_read + t_norm + t_rest
    rows = [
        ("jieba.lcut alone", t_jieba),
        ("read", t_read),
        ("normalise", t_norm),
        ("split + outline + metadata + recognisers", t_rest),
        ("whole extraction", total),
    ]
    ratio = t_jieba / total
    if args.markdown:
        print(f"{len(docs)} files, {chars:,} characters, best of {args.repeat}\n")
        print("| stage | seconds | chars/s | × jieba.lcut |")
        print("|---|---|---|---|")
        for name, t in rows:
            print(f"| {name} | {t:.2f} | {chars / t:,.0f} | {t_jieba / t:.2f} |")
    else:
        for name, t in rows:
            print(f"{name:<45}{t:8.2f} s {chars / t:12,.0f} chars/s  ×{t_jieba / t:.2f}")
    print(f"\nwhole extraction / jieba.lcut speed ratio: {ratio:.2f} (target ≥ 0.5)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
