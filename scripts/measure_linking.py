"""Measure project linking on a corpus database: mentions, projects, alias groups, near-cutoff pairs.

    .venv/bin/duban ingest ../shared/seeds ../shared/corpus --db /tmp/m.db
    .venv/bin/python scripts/measure_linking.py /tmp/m.db [--cutoff 0.85]

Prints, per region, the pairs of distinct projects whose names score between 0.7 and the cutoff (what a
lower cutoff would merge) and the fuzzy links made (what the cutoff merged), for a person to judge.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from itertools import combinations

import sqlalchemy as sa

from corpus import schema as s
from corpus.linking import fold_name, similarity
from corpus.store import Corpus


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--cutoff", type=float, default=None)
    args = ap.parse_args()
    with Corpus(args.db) as corpus:
        if args.cutoff is not None:
            corpus.relink_projects(score_cutoff=args.cutoff)
        with corpus.engine.connect() as conn:
            n_mentions = conn.scalar(
                sa.select(sa.func.count()).select_from(s.facts).where(s.facts.c.kind == "project")
            )
            n_links = conn.scalar(sa.select(sa.func.count()).select_from(s.fact_projects))
            projects = conn.execute(sa.select(s.projects.c.id, s.projects.c.name, s.projects.c.region)).all()
            aliases = conn.execute(
                sa.select(s.project_aliases.c.project_id, s.project_aliases.c.alias, s.project_aliases.c.source,
                          s.project_aliases.c.score)
            ).all()
            per_project = conn.execute(
                sa.select(s.fact_projects.c.project_id, sa.func.count(sa.distinct(s.facts.c.report_id)))
                .join(s.facts, s.facts.c.id == s.fact_projects.c.fact_id)
                .group_by(s.fact_projects.c.project_id)
            ).all()
    by_project = defaultdict(list)
    for pid, alias, source, score in aliases:
        by_project[pid].append((alias, source, score))
    regions = defaultdict(list)
    for pid, name, region in projects:
        regions[region].append((pid, name))
    multi = sum(1 for _, n in per_project if n > 1)
    print(f"PROJECT mentions: {n_mentions}; fact->project links: {n_links}; projects: {len(projects)}; "
          f"regions: {len(regions)} (unknown region: {len(regions.get('', []))} projects); "
          f"projects in >1 report: {multi}")
    fuzzy = [(pid, a, sc) for pid, rows in by_project.items() for a, src, sc in rows if src == "fuzzy"]
    print(f"fuzzy aliases: {len(fuzzy)}")
    names = {pid: name for pid, name, _ in projects}
    for pid, alias, score in fuzzy:
        print(f"  FUZZY {score:.3f}  {names[pid]} <- {alias}")
    groups = sorted(((pid, rows) for pid, rows in by_project.items() if len(rows) > 1), key=lambda x: -len(x[1]))
    print(f"alias groups (>1 spelling): {len(groups)}")
    for pid, rows in groups[:15]:
        print(f"  {names[pid]}: " + " | ".join(a for a, _, _ in rows))
    print("near misses (distinct projects, same region, 0.7 <= score < cutoff):")
    for region, items in regions.items():
        if not region:
            continue
        keys = [(pid, name, fold_name(name)) for pid, name in items]
        for (_, n1, k1), (_, n2, k2) in combinations(keys, 2):
            sc = similarity(k1, k2)
            if sc >= 0.7:
                print(f"  {region} {sc:.3f}  {n1} / {n2}")


if __name__ == "__main__":
    main()
