"""Benchmark sentence-level duplicate detection on the labelled bench sets.

For each set (1k / 10k / 100k from ../shared/dedupe-bench/data, 1M built into /tmp, see BENCHMARKS.md) and each
candidate method (tfidf, minhash): wall time per stage, peak memory (ru_maxrss of the run and of its worker
processes; every run is a fresh subprocess so peaks do not leak between runs), pair-level and cluster-level
precision / recall against the labels, and — where brute force is feasible (1k, 10k) — candidate recall
against brute force with the same scorer and cutoff.

    .venv/bin/python scripts/bench_dedupe.py --sizes 1000 10000 --methods tfidf minhash --brute
    .venv/bin/python scripts/bench_dedupe.py --sizes 100000 --jobs 1 2
    .venv/bin/python scripts/bench_dedupe.py --sizes 1000000 --data /tmp/dedupe-bench/data --jobs 2
    ... --markdown BENCHMARKS.md   (replace the "## Duplicates" section with the table)

Metric definitions: corpus/dedupe/metrics.py (pairwise = the bench README's baselines; B-cubed too).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "dedupe-bench" / "data"


def load(path: Path) -> tuple[list[str], np.ndarray]:
    texts, groups = [], []
    with path.open(encoding="utf-8") as f:
        for line in f:
            it = json.loads(line)
            texts.append(it["text"])
            groups.append(it["group"])
    return texts, np.asarray(groups)


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024  # Linux: KiB


def cpu_s() -> float:
    """User + system CPU seconds of this process and its finished workers (the machine is shared: wall time
    alone measures the neighbours too)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_one(path: Path, method: str, jobs: int, brute: bool, overrides: dict | None = None) -> dict:
    from corpus.dedupe.find import DedupeConfig, find_duplicates
    from corpus.dedupe.metrics import bcubed_score, pair_score, pairwise_score
    from corpus.dedupe.verify import brute_force_pairs

    texts, truth = load(path)
    config = replace(DedupeConfig(), method=method, jobs=jobs, **(overrides or {}))
    t0, c0 = time.perf_counter(), cpu_s()
    res = find_duplicates(texts, config)
    wall, cpu = time.perf_counter() - t0, cpu_s() - c0
    labels = res.labels
    # pair level on distinct keys: a key's group is the group of its first item (exact copies share a group)
    key_group = np.zeros(len(res.keys), dtype=np.int64)
    key_group[res.key_of[::-1]] = truth[::-1]
    pw, b3 = pairwise_score(labels, truth), bcubed_score(labels, truth)
    pp = pair_score(res.pairs, key_group)
    row = {
        "set": path.stem.replace("bench_", ""), "n": len(texts), "keys": len(res.keys), "method": method,
        "jobs": jobs, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1), **{f"{k}_s": round(v, 1) for k, v in res.timings.items()},
        "peak_mb": round(peak_mb()), "verified": len(res.pairs),
        "pair_p": round(pp.precision, 3), "pair_r": round(pp.recall, 3),
        "pw_p": round(pw.precision, 3), "pw_r": round(pw.recall, 3),
        "b3_p": round(b3.precision, 3), "b3_r": round(b3.recall, 3),
        "config": {k: (sorted(v) if isinstance(v, frozenset) else v) for k, v in asdict(config).items()},
    }
    if brute:
        t0 = time.perf_counter()
        ref = brute_force_pairs(res.keys, score_cutoff=config.score_cutoff, workers=jobs)
        row["brute_s"] = round(time.perf_counter() - t0, 1)
        found = set(zip(res.pairs.i.tolist(), res.pairs.j.tolist(), strict=True))
        ref_set = set(zip(ref.i.tolist(), ref.j.tolist(), strict=True))
        row["brute_pairs"] = len(ref_set)
        row["recall_vs_brute"] = round(len(found & ref_set) / max(1, len(ref_set)), 3)
        rp = pair_score(ref, key_group)
        row["brute_pair_p"], row["brute_pair_r"] = round(rp.precision, 3), round(rp.recall, 3)
    return row


COLUMNS = [
    ("set", "set"), ("method", "method"), ("jobs", "jobs"), ("wall_s", "wall s"), ("cpu_s", "CPU s"), ("candidates_s", "cand s"),
    ("verify_s", "verify s"), ("cluster_s", "cluster s"), ("peak_mb", "peak MB"), ("verified", "verified pairs"),
    ("pair_p", "pair P"), ("pair_r", "pair R"), ("pw_p", "cluster P (pairwise)"), ("pw_r", "cluster R (pairwise)"),
    ("b3_p", "B³ P"), ("b3_r", "B³ R"), ("recall_vs_brute", "recall vs brute"), ("brute_s", "brute s"),
]


def markdown_table(rows: list[dict]) -> str:
    head = "| " + " | ".join(c for _, c in COLUMNS) + " |"
    sep = "|" + "---|" * len(COLUMNS)
    body = ["| " + " | ".join(str(r.get(k, "")) for k, _ in COLUMNS) + " |" for r in rows]
    return "\n".join([head, sep, *body])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", nargs="*", type=int, default=[1000, 10000], help="none: only --markdown")
    ap.add_argument("--methods", nargs="+", default=["tfidf", "minhash"])
    ap.add_argument("--jobs", nargs="+", type=int, default=[1])
    ap.add_argument("--data", type=Path, default=SHARED_DATA, help="folder holding bench_<n>.jsonl")
    ap.add_argument("--brute", action="store_true", help="also brute force (sets up to 10k)")
    ap.add_argument("--results", type=Path, default=Path("/tmp/bench_dedupe.jsonl"), help="rows appended here")
    ap.add_argument("--markdown", type=Path, help="print the table of --results into this file's Duplicates section")
    ap.add_argument("--k", type=int, help="override DedupeConfig.k (tfidf neighbours per key)")
    ap.add_argument("--one", nargs="+", help=argparse.SUPPRESS)  # PATH METHOD JOBS BRUTE [K]
    args = ap.parse_args(argv)

    if args.one:  # child: one measured run, JSON on stdout
        path, method, jobs, brute, k = (args.one + ["-"])[:5]
        overrides = {"k": int(k)} if k != "-" else None
        print(json.dumps(run_one(Path(path), method, int(jobs), brute == "1", overrides), ensure_ascii=False))
        return 0

    if args.sizes:
        for n in args.sizes:
            path = args.data / f"bench_{n}.jsonl"
            if not path.exists():
                path = SHARED_DATA / f"bench_{n}.jsonl"
            for method in args.methods:
                for jobs in args.jobs:
                    brute = "1" if args.brute and n <= 10000 else "0"
                    k = str(args.k) if args.k else "-"
                    cmd = [sys.executable, __file__, "--one", str(path), method, str(jobs), brute, k]
                    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
                    if out.returncode:
                        print(out.stderr, file=sys.stderr)
                        continue
                    row = json.loads(out.stdout.strip().splitlines()[-1])
                    print(json.dumps(row, ensure_ascii=False), flush=True)
                    with args.results.open("a", encoding="utf-8") as f:
                        f.write(json.dumps(row, ensure_ascii=False) + "\n")
    if args.markdown:
        rows = [json.loads(x) for x in args.results.read_text(encoding="utf-8").splitlines() if x.strip()]
        write_section(args.markdown, markdown_table(rows))
    return 0


def write_section(path: Path, table: str) -> None:
    """Replace only the table between the bench_dedupe markers (other sections are never rewritten); without the
    markers, append a Duplicates section holding them."""
    start, end = "<!-- bench_dedupe table: start -->", "<!-- bench_dedupe table: end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{start}\n{table}\n{end}"
    if start in text and end in text:
        a, b = text.index(start), text.index(end) + len(end)
        text = text[:a] + block + text[b:]
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + "## Duplicates\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
