"""Torture test: N concurrent ``duban ingest`` processes with random SIGKILLs; the result must equal a calm run.

1. Reference: one uninterrupted ``duban ingest INPUTS`` into a fresh SQLite file.
2. Torture: ``--workers`` ingests of the same inputs (in different orders) on ``--db`` at once; ``--kills`` times
   a random running worker is killed with SIGKILL after a random 0.5-4 s and started again.  Every worker is
   restarted until it finishes by itself.
3. Checks: no exit other than the reference's (or -9 for a killed one), no half-stored document, and the same
   documents, current locations, report / paragraph / fact counts, projects and failed paths as the reference
   (with ``--dupes``: the same duplicate groups, ids and members, as the reference's one refresh).

Usage (from the checkout; ../shared beside it)::

    python scripts/torture.py --db /tmp/torture.db --workers 3 --kills 6 --seed 1
    python scripts/torture.py --db postgresql+psycopg://duban@127.0.0.1:5433/torture --workers 3 --kills 6
    python scripts/torture.py --db /tmp/torture.db --dupes        # kills land in the duplicate refresh too

The database given is emptied first.  Prints a JSON summary; exit 1 when a check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import schema  # noqa: E402
from corpus.store import Corpus, resolve_db  # noqa: E402


def ingest_cmd(db: str, inputs: list[str], dupes: bool = False) -> list[str]:
    return [sys.executable, "-m", "duban", "ingest", *inputs, "--db", db, *(["--dupes"] if dupes else [])]


def _clusters(conn) -> list[tuple]:
    """The duplicate groups: level, stable id, relation, size, and the member texts' keys."""
    cl, mb, it = schema.dedupe_clusters, schema.dedupe_members, schema.dedupe_items
    members: dict[tuple[str, str], list[str]] = {}
    for level, cid, key_hash in conn.execute(sa.select(mb.c.level, mb.c.cluster_id, it.c.key_hash)
                                             .join(it, it.c.id == mb.c.item_id)):
        members.setdefault((level, cid), []).append(key_hash)
    return sorted((r.level, r.cluster_id, r.relation, r.count, tuple(sorted(members.get((r.level, r.cluster_id), []))))
                  for r in conn.execute(sa.select(cl.c.level, cl.c.cluster_id, cl.c.relation, cl.c.count)))


def snapshot(db: str) -> dict:
    with Corpus(db) as corpus:
        c = corpus.counts()
        with corpus.engine.connect() as conn:
            projects = sorted(tuple(r) for r in conn.execute(
                sa.select(schema.projects.c.region, schema.projects.c.name_key)))
            clusters = _clusters(conn)
        return {
            "counts": {"documents": c.documents, "locations": c.locations, "current_locations": c.current_locations,
                       "reports": c.reports, "repeats": c.repeats, "paragraphs": c.paragraphs, "facts": c.facts},
            "documents": sorted(corpus.sha256s()),
            "locations": corpus.current_locations(),
            "projects": projects,
            "failed_paths": sorted({f.path for f in corpus.failures()}),
            "incomplete": corpus.incomplete_documents(),
            "clusters": clusters,
        }


def empty(db: str) -> None:
    url = resolve_db(db)
    if url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(url[len("sqlite:///"):] + suffix).unlink(missing_ok=True)
        return
    engine = sa.create_engine(url)
    schema.metadata.drop_all(engine)
    with engine.begin() as conn:  # Alembic's revision table too, so the next open builds the schema anew
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    engine.dispose()


def torture(db: str, inputs: list[str], workers: int, kills: int, rng: random.Random, dupes: bool) -> dict:
    orders = [inputs if i % 2 == 0 else list(reversed(inputs)) for i in range(workers)]
    procs = [subprocess.Popen(ingest_cmd(db, orders[i], dupes), cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for i in range(workers)]
    exits: list[int] = []
    stderr: list[str] = []
    killed = 0
    while killed < kills:
        time.sleep(rng.uniform(0.5, 4.0))
        running = [i for i, p in enumerate(procs) if p.poll() is None]
        if not running:
            break
        victim = rng.choice(running)
        procs[victim].send_signal(signal.SIGKILL)
        procs[victim].wait()
        exits.append(procs[victim].returncode)
        killed += 1
        procs[victim] = subprocess.Popen(ingest_cmd(db, orders[victim], dupes), cwd=ROOT, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.PIPE, text=True)
    for p in procs:
        _out, err = p.communicate()
        exits.append(p.returncode)
        stderr.append(err[-1500:])
    return {"killed": killed, "exits": exits, "stderr": [e for e in stderr if e.strip()]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="SQLite path or SQLAlchemy URL (emptied first)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--dupes", action="store_true",
                        help="ingest --dupes: kills also land in the duplicate refresh; its groups are compared too")
    parser.add_argument("inputs", nargs="*", default=["../shared/seeds", "../shared/corpus"])
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    inputs = [os.path.relpath(Path(p).resolve(), ROOT) for p in args.inputs]

    with tempfile.TemporaryDirectory(prefix="duban-torture-") as tmp:
        reference_db = str(Path(tmp) / "reference.db")
        t0 = time.monotonic()
        ref_run = subprocess.run(ingest_cmd(reference_db, inputs, args.dupes), cwd=ROOT, capture_output=True, text=True)
        calm_s = time.monotonic() - t0
        reference = snapshot(reference_db)

    empty(args.db)
    t0 = time.monotonic()
    run = torture(args.db, inputs, args.workers, args.kills, rng, args.dupes)
    torture_s = time.monotonic() - t0
    got = snapshot(args.db)

    bad_exits = [e for e in run["exits"] if e not in (ref_run.returncode, -signal.SIGKILL)]
    checks = {
        "no_unexpected_exit": not bad_exits,
        "no_incomplete_document": got["incomplete"] == [],
        "same_counts": got["counts"] == reference["counts"],
        "same_documents": got["documents"] == reference["documents"],
        "same_current_locations": got["locations"] == reference["locations"],
        "same_projects": got["projects"] == reference["projects"],
        "same_failed_paths": got["failed_paths"] == reference["failed_paths"],
        "same_duplicate_groups": got["clusters"] == reference["clusters"],
    }
    summary = {
        "db": resolve_db(args.db).split("@")[-1],
        "seed": seed, "workers": args.workers, "kills": run["killed"], "inputs": inputs,
        "calm_run_s": round(calm_s, 1), "torture_s": round(torture_s, 1),
        "reference_exit": ref_run.returncode, "exits": run["exits"], "bad_exits": bad_exits,
        "counts": got["counts"], "reference_counts": reference["counts"],
        "projects": len(got["projects"]), "reference_projects": len(reference["projects"]),
        "duplicate_groups": len(got["clusters"]), "reference_duplicate_groups": len(reference["clusters"]),
        "checks": checks, "ok": all(checks.values()),
    }
    if not summary["ok"]:
        summary["stderr"] = run["stderr"]
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
