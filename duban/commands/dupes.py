"""``duban dupes``: duplicate issues, agreed items, passages and reports, with what links them.

Decided: ``duban dupes`` first brings the stored clusters up to date (incremental: only new or dropped items
are compared, only the clusters they touch are rewritten; fast when nothing changed), then shows them.
``--no-update`` only reads what is stored, ``--full`` recomputes the level from scratch.
"""

from __future__ import annotations

import csv
import difflib
import html
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import click
from rich.table import Table

import duban
from corpus.dedupe import DedupeConfig
from corpus.dedupe.store import Cluster, Explanation, Level, explain_pair, load_clusters, refresh_duplicates
from duban.commands.options import db_option, stderr_console, stdout_console

RELATION_NAMES = {
    "same_report": "同一报告",
    "contains": "包含",
    "copied_passage": "照抄段落",
    "recurring_problem": "问题反复出现",
    "template_reuse": "套用模板",
    "shared_figure_only": "仅数据相同",
}


def cluster_json(c: Cluster) -> dict[str, object]:
    """One cluster of ``duban dupes --json``."""
    return {
        "id": c.id,
        "level": c.level,
        "relation": c.relation,
        "representative": c.representative,
        "first_seen": c.first_seen,
        "last_seen": c.last_seen,
        "count": c.count,
        "score": round(c.score, 4),
        "still_open": c.still_open,
        "members": [
            {"report_id": m.report_id, "file": m.file, "title": m.title, "date": m.date, "period": m.period,
             "issuer": m.issuer, "text": m.text, "ref_id": m.ref_id, "role": m.role, "status": m.status}
            for m in c.members
        ],
    }


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def print_clusters(clusters: Sequence[Cluster]) -> None:
    console = stdout_console()
    for c in clusters:
        head = f"[{c.id}] {RELATION_NAMES.get(c.relation, c.relation)}（{c.relation}）· {c.count} 处 · 分数≥{c.score:.2f}"
        if c.first_seen or c.last_seen:
            head += f" · {c.first_seen or '?'} 至 {c.last_seen or '?'}"
        if c.still_open is not None:
            head += " · 最新报告仍未解决" if c.still_open else " · 最新报告已解决"
        console.print(head)
        console.print(f"  代表: {_short(c.representative, 100)}")
        table = Table(show_header=True, pad_edge=False, box=None)
        for name in ("report", "file", "date", "issuer", "role", "text"):
            table.add_column(name, overflow="fold")
        for m in c.members:
            table.add_row(str(m.report_id), m.file, m.date or "", m.issuer or "", m.role, _short(m.text))
        console.print(table)
        console.print()


def write_csv(clusters: Sequence[Cluster], path: Path) -> None:
    """One row per member (cluster fields repeated), UTF-8 with BOM so Excel opens Chinese correctly."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["cluster_id", "relation", "count", "score", "first_seen", "last_seen", "still_open",
                    "representative", "report_id", "file", "title", "date", "issuer", "role", "text"])
        for c in clusters:
            for m in c.members:
                w.writerow([c.id, c.relation, c.count, f"{c.score:.4f}", c.first_seen or "", c.last_seen or "",
                            "" if c.still_open is None else int(c.still_open), c.representative, m.report_id,
                            m.file, m.title or "", m.date or "", m.issuer or "", m.role, m.text])


def diff_html(base: str, other: str) -> str:
    """``other`` escaped, with what differs from ``base`` marked (<ins> added or changed, deleted text as <del>).

    Example:
        >>> diff_html("资金缺口较大", "资金缺口很大")
        '资金缺口<ins>很</ins>大'
    """
    out = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, base, other, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape(other[b0:b1]))
        elif op == "insert":
            out.append(f"<ins>{html.escape(other[b0:b1])}</ins>")
        elif op == "delete":
            out.append(f"<del>{html.escape(base[a0:a1])}</del>")
        else:
            out.append(f"<del>{html.escape(base[a0:a1])}</del><ins>{html.escape(other[b0:b1])}</ins>")
    return "".join(out)


_CSS = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em}
section{border-top:1px solid #999;margin-top:1.5em}
.row{display:flex;gap:1em;overflow-x:auto}.card{flex:1 1 0;min-width:18em;border:1px solid #ccc;padding:.5em}
.meta{color:#555;font-size:90%}ins{background:#cfc;text-decoration:none}del{background:#fcc}
.text{white-space:pre-wrap;max-height:30em;overflow-y:auto}"""


def render_html(clusters: Sequence[Cluster], *, title: str) -> str:
    """A self-contained page: each cluster's members side by side, differences from the first member marked."""
    parts = [f"<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
             f"<style>{_CSS}</style></head><body><h1>{html.escape(title)}</h1>"]
    for c in clusters:
        rel = RELATION_NAMES.get(c.relation, c.relation)
        parts.append(f"<section id=\"{html.escape(c.id)}\"><h2>{html.escape(rel)} · {c.count} 处 · "
                     f"{html.escape(c.id)}</h2><div class=\"row\">")
        base = c.members[0].text if c.members else ""
        for n, m in enumerate(c.members):
            body = html.escape(m.text) if n == 0 else diff_html(base, m.text)
            meta = " · ".join(html.escape(str(x)) for x in (f"报告 {m.report_id}", m.file, m.title, m.date,
                                                            m.issuer, m.role) if x)
            parts.append(f"<div class=\"card\"><div class=\"meta\">{meta}</div><div class=\"text\">{body}</div></div>")
        parts.append("</div></section>")
    parts.append("</body></html>")
    return "".join(parts)


def _write_text(path: Path, text: str) -> None:
    # temp file then os.replace: a half-written page never replaces a good one
    fd, tmp = tempfile.mkstemp(dir=path.parent or Path("."), suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def print_explanation(e: Explanation) -> None:
    console = stdout_console()
    for tag, m, key, h in (("A", e.a, e.key_a, e.hash_a), ("B", e.b, e.key_b, e.hash_b)):
        console.print(f"{tag}: {e.level} {m.ref_id} · 报告 {m.report_id} {m.file} {m.date or ''}")
        console.print(f"   文本: {_short(m.text, 120)}")
        console.print(f"   匹配键: {_short(key, 120)}")
        console.print(f"   键哈希: {h}")
    console.print(f"候选方式: {e.candidate_method} = {e.candidate_score:.3f}")
    for name, value in e.components.items():
        console.print(f"  {name}: {value:.3f}")
    console.print(f"分数: {e.score:.3f} · 阈值: {e.score_cutoff:.2f} · {'达到' if e.score >= e.score_cutoff else '未达到'}")
    console.print(f"关系: {e.relation or '无'}" + (f"（{RELATION_NAMES[e.relation]}）" if e.relation else ""))
    if e.stored:
        console.print(f"已存储的配对: score {e.stored['score']:.3f} · method {e.stored['method']} · "
                      f"relation {e.stored['relation']}")
    else:
        console.print("已存储的配对: 无")


DUPES_HELP = """Duplicate issues, agreed items, passages and reports, and what links them.

Brings the stored clusters up to date first (incremental: only what was
ingested since the last run is compared), then lists them: relation
(same_report 同一报告, contains 包含, copied_passage 照抄段落,
recurring_problem 问题反复出现, template_reuse 套用模板), members with
report, date and issuer, first and last seen, and for issues whether the
latest report still calls them open.

\b
Levels: issue (default), item (agreed items), paragraph, report.
Report level uses containment: a report pasted into a compilation is found.

\b
Examples:
  duban dupes                                 recurring problems
  duban dupes --level report                  reports stored twice / contained
  duban dupes --level paragraph --html 段落.html
  duban dupes --since 2023 --min-score 0.8 --csv 问题.csv
  duban dupes --explain 120 348               why two issues (fact ids) match
  duban dupes --full --jobs 2                 recompute everything, 2 processes
"""


@click.command("dupes", help=DUPES_HELP)
@click.option("--level", type=click.Choice([x.value for x in Level]), default="issue", show_default=True)
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, help="Weakest pair inside a cluster.")
@click.option("--since", metavar="P", help="Clusters last seen on or after P (2023, 2023-06).")
@click.option("--relation", type=click.Choice(list(RELATION_NAMES)), help="One relation only.")
@click.option("--json", "as_json", is_flag=True, help='Print {"clusters": [...]} as JSON.')
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), help="Write a CSV, one member a row.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an HTML page: members side by side, differences marked.")
@click.option("--explain", nargs=2, type=int, metavar="ID1 ID2",
              help="How two items (fact / paragraph / report ids) were scored.")
@click.option("--no-update", is_flag=True, help="Only show what is stored; compare nothing.")
@click.option("--full", is_flag=True, help="Recompute the level from scratch.")
@click.option("--jobs", type=click.IntRange(1), default=1, show_default=True, help="Processes for the candidate blocks.")
@click.option("--candidates", "candidate_source", type=click.Choice(["bigram", "pg_trgm"]), default="bigram",
              show_default=True, help="Candidate index: bigram (any database) or pg_trgm (PostgreSQL, UTF-8 locale).")
@db_option
def dupes_cmd(level: str, min_score: float, since: str | None, relation: str | None, as_json: bool,
              csv_path: Path | None, html_path: Path | None, explain: tuple[int, int] | None, no_update: bool,
              full: bool, jobs: int, candidate_source: str, db: str | None) -> None:
    config = DedupeConfig(jobs=jobs)
    with duban.open(db) as corpus:
        if not no_update:
            stats = refresh_duplicates(corpus.engine, level, config=config, candidate_source=candidate_source,
                                       full=full)
            stderr_console().print(
                f"{level}: 条目 {stats.items}（新 {stats.new_items}，移除 {stats.dropped_items}）· 新配对 "
                f"{stats.new_pairs} · 重算分组 {stats.clusters_written}，删除 {stats.clusters_deleted}，"
                f"未变 {stats.clusters_kept}")
        if explain:
            e = explain_pair(corpus.engine, level, *explain, config=config)
            if as_json:
                click.echo(json.dumps(asdict(e), ensure_ascii=False, indent=2, default=str))
            else:
                print_explanation(e)
            return
        clusters = load_clusters(corpus.engine, level, min_score=min_score, since=since, relation=relation)
    if csv_path:
        write_csv(clusters, csv_path)
    if html_path:
        _write_text(html_path, render_html(clusters, title=f"duban 查重 · {level}"))
    if as_json:
        click.echo(json.dumps({"clusters": [cluster_json(c) for c in clusters]}, ensure_ascii=False, indent=2))
    elif not (csv_path or html_path):
        print_clusters(clusters)
        stderr_console().print(f"共 {len(clusters)} 组")
