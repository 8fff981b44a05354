"""Several ``duban ingest`` processes on one database, with readers running meanwhile (real processes, slow).

Three ingests take overlapping inputs (the same files, in different orders, plus a copy of them under
another folder) on the same SQLite file, and on the same PostgreSQL database.  Every one must exit 0; the
database must then hold each document once, each path once as current, each project of the registry once,
and the same counts as one process ingesting everything alone.  Meanwhile ``duban reports --json`` and
``duban items --json`` run in a loop and must never fail.

The generated reports (fictional 云溪县) all name the same new project, so the processes race to create it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading

import pytest
import sqlalchemy as sa

from corpus import schema
from corpus.store import Corpus

pytestmark = pytest.mark.slow

TIMEOUT = 600

REPORT = """云溪县2024年{month}月重点项目建设进展情况
云溪县重点项目建设推进办公室
2024年{month}月28日
一、总体进展情况
1-{month}月累计完成投资{amount}亿元，占年度计划的{share}%。
二、重点项目推进情况
（一）青石河综合治理项目。该项目总投资12亿元，已完成投资{project}亿元，完成河道清淤{length}公里。
三、存在的问题
青石河综合治理项目第{month}标段征地尚未完成。
"""


def write_inputs(tmp_path, seeds):
    """tmp/a: the seeds and six generated reports; tmp/b: the same files again (same content, other paths)."""
    a = tmp_path / "a"
    a.mkdir()
    for seed in sorted(seeds.glob("*.txt")):
        shutil.copy(seed, a / seed.name)
    for month in range(1, 7):
        text = REPORT.format(month=month, amount=5.1 * month, share=8 * month, project=0.7 * month,
                             length=1.5 * month)
        (a / f"云溪县2024年{month:02d}月进展.txt").write_text(text, encoding="utf-8")
    b = tmp_path / "b"
    shutil.copytree(a, b)
    return a, b


def ingest(db, *paths) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "duban", "ingest", *map(str, paths), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class Readers(threading.Thread):
    """``duban reports --json``, ``duban items --json`` and ``duban draft`` in turn until stopped; keeps every
    failure.  A draft before the first dated report of the period is stored says so ([E305]): not a failure."""

    def __init__(self, db, out):
        super().__init__(daemon=True)
        self.db, self.stop, self.runs, self.drafts, self.failures = str(db), threading.Event(), 0, 0, []
        self.out = out / "半年总结.md"

    def run(self):
        commands = (["reports", "--json"], ["items", "--json", "--as-of", "2024-07-01"],
                    ["draft", "half-year", "--period", "2024H1", "--force", "-o", str(self.out)])
        while not self.stop.is_set():
            for cmd in commands:
                out = subprocess.run([sys.executable, "-m", "duban", *cmd, "--db", self.db],
                                     capture_output=True, text=True, timeout=TIMEOUT)
                if not self.runs and "数据库文件不存在" in out.stderr:
                    continue  # started before the first ingest created the file: not yet a reader's run
                self.runs += 1
                if cmd[0] == "draft":
                    if out.returncode == 0 and self.out.exists():
                        self.drafts += 1
                    elif "[E305]" not in out.stderr:
                        self.failures.append((cmd, out.returncode, out.stderr[-2000:]))
                    continue
                if out.returncode != 0:
                    self.failures.append((cmd, out.returncode, out.stderr[-2000:]))
                    continue
                try:
                    assert isinstance(json.loads(out.stdout or "[]"), list)
                except (ValueError, AssertionError):
                    self.failures.append((cmd, "bad json", out.stdout[:500]))


def state(db) -> dict:
    with Corpus(db) as corpus:
        counts = corpus.counts()
        assert corpus.incomplete_documents() == []
        with corpus.engine.connect() as conn:
            projects = conn.execute(sa.select(schema.projects.c.region, schema.projects.c.name_key)).all()
            dup_sha = conn.execute(
                sa.select(schema.documents.c.sha256).group_by(schema.documents.c.sha256)
                .having(sa.func.count() > 1)).all()
            loc = schema.locations
            dup_current = conn.execute(
                sa.select(loc.c.path).where(loc.c.current).group_by(loc.c.path).having(sa.func.count() > 1)).all()
            dup_loc = conn.execute(
                sa.select(loc.c.path, loc.c.document_id).group_by(loc.c.path, loc.c.document_id)
                .having(sa.func.count() > 1)).all()
            fact_links = conn.scalar(sa.select(sa.func.count()).select_from(schema.fact_projects))
        assert dup_sha == [] and dup_current == [] and dup_loc == []
        assert len(projects) == len(set(projects)), f"a project was created twice: {sorted(projects)}"
        return {
            "counts": (counts.documents, counts.locations, counts.current_locations, counts.reports,
                       counts.repeats, counts.paragraphs, counts.facts, counts.failures),
            "documents": corpus.sha256s(),
            "locations": corpus.current_locations(),
            "projects": sorted(projects),
            "fact_links": fact_links,
        }


@pytest.fixture
def two_dbs(new_db):
    """(database for the concurrent run, database for the single run), on each back end."""
    return new_db("concurrent"), new_db("single")


def test_concurrent_ingests_store_each_report_once(tmp_path, seeds, two_dbs):
    db, single_db = two_dbs
    a, b = write_inputs(tmp_path, seeds)
    readers = Readers(db, tmp_path)
    # the first process creates the database while the others start: opening a new database races too
    procs = [ingest(db, a, b), ingest(db, b, a), ingest(db, a)]
    readers.start()
    outs = [p.communicate(timeout=TIMEOUT) for p in procs]
    readers.stop.set()
    readers.join(timeout=TIMEOUT)
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-3000:]
    assert readers.failures == [], readers.failures
    assert readers.runs >= 2
    final = subprocess.run([sys.executable, "-m", "duban", "draft", "half-year", "--period", "2024H1", "--force",
                            "-o", str(tmp_path / "终稿.md"), "--db", str(db)], capture_output=True, text=True,
                           timeout=TIMEOUT)
    assert final.returncode == 0, final.stderr[-2000:]
    assert "青石河综合治理" in (tmp_path / "终稿.md").read_text(encoding="utf-8")

    single = subprocess.run([sys.executable, "-m", "duban", "ingest", str(a), str(b), "--db", str(single_db)],
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert single.returncode == 0, single.stderr[-3000:]
    got, want = state(db), state(single_db)
    assert got == want
    assert want["counts"][0] == 11 and want["counts"][2] == 22  # 11 documents, each at two current paths
    assert sum("青石河" in key for _region, key in want["projects"]) == 1  # the project all six reports name


def _clusters(db, *flags) -> list[tuple]:
    out = subprocess.run([sys.executable, "-m", "duban", "dupes", "--json", *flags, "--db", str(db)],
                         capture_output=True, text=True, timeout=TIMEOUT)
    assert out.returncode == 0, out.stderr[-3000:]
    clusters = json.loads(out.stdout)["clusters"]
    return sorted((c["id"], c["relation"], c["count"], tuple(sorted(m["text"] for m in c["members"])))
                  for c in clusters)


def test_concurrent_ingests_with_dupes_keep_the_duplicate_tables_whole(tmp_path, seeds, two_dbs):
    """``ingest --dupes`` in two processes and ``duban dupes`` in a third, on one database: the refreshes
    take duban's write lock (SQLite's, or the PostgreSQL advisory lock), so the stored clusters equal a full
    recompute and a single process's run."""
    db, single_db = two_dbs
    a, b = write_inputs(tmp_path, seeds)
    first = subprocess.run([sys.executable, "-m", "duban", "ingest", str(a / "云溪县2024年01月进展.txt"),
                            "--db", str(db)], capture_output=True, text=True, timeout=TIMEOUT)
    assert first.returncode == 0, first.stderr[-3000:]
    procs = [subprocess.Popen([sys.executable, "-m", "duban", "ingest", str(path), "--dupes", "--db", str(db)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for path in (a, b)]
    procs.append(subprocess.Popen([sys.executable, "-m", "duban", "dupes", "--json", "--db", str(db)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for p in procs:
        _out, err = p.communicate(timeout=TIMEOUT)
        assert p.returncode == 0, err[-3000:]
    stored = _clusters(db, "--no-update")
    assert stored, "the seeds and the copies under b/ make duplicate groups"
    assert len({c[0] for c in stored}) == len(stored)
    single = subprocess.run([sys.executable, "-m", "duban", "ingest", str(a), str(b), "--dupes",
                             "--db", str(single_db)], capture_output=True, text=True, timeout=TIMEOUT)
    assert single.returncode == 0, single.stderr[-3000:]
    assert stored == _clusters(single_db, "--no-update")
    assert stored == _clusters(db, "--full")
