"""``duban reports``, ``duban show`` and ``duban failures``: read what the database holds."""

from __future__ import annotations

import json
from collections.abc import Sequence

import click
from rich.table import Table

import duban
from corpus.store import ReportRow, StoredReport
from duban.commands.options import db_option, stdout_console

INDENT = "  "


def report_json(row: ReportRow) -> dict[str, object]:
    """One report of ``duban reports --json``."""
    return {
        "id": row.id,
        "file": row.file,
        "path": row.path,
        "title": row.title,
        "kind": row.kind,
        "date": row.date,
        "chars": row.chars,
        "document_id": row.document_id,
        "position": row.position,
        "duplicate_of": row.duplicate_of,
        "current": row.current,
    }


def print_reports(rows: Sequence[ReportRow]) -> None:
    table = Table(show_lines=False, pad_edge=False)
    for name, justify in (("id", "right"), ("file", "left"), ("title", "left"), ("kind", "left"),
                          ("date", "left"), ("chars", "right")):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for r in rows:
        title = r.title or ""
        if r.duplicate_of is not None:
            title += f"（重复 #{r.duplicate_of}）"
        if not r.current:
            title += "（旧版本）"
        table.add_row(str(r.id), r.file, title, r.kind, r.date or "", f"{r.chars:,}")
    stdout_console().print(table)


REPORTS_HELP = """List the reports in the database: id, file, title, kind, date, chars.

Reports that repeat an earlier report of the same file, and reports of files
since replaced by a newer version, are left out unless --all is given.

\b
Examples:
  duban reports
  duban reports --json > reports.json
  duban reports --all --db 督查台账.db
"""


@click.command("reports", help=REPORTS_HELP)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per report.")
@click.option("--all", "show_all", is_flag=True, help="Include repeats and replaced versions.")
def reports_cmd(db: str | None, as_json: bool, show_all: bool) -> None:
    with duban.open(db, create=False) as corpus:
        rows = list(corpus.iter_reports(current_only=not show_all, include_repeats=show_all))
    if as_json:
        click.echo(json.dumps([report_json(r) for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("数据库中还没有报告。先运行 duban ingest 文件或文件夹（或 duban demo）。")
        return
    print_reports(rows)


def outline_lines(report: StoredReport) -> list[str]:
    """The report's paragraphs, each indented by its outline level (一、 > （一） > 1. > （1）).

    A heading at level n is indented n-1 steps; body text sits one step under the heading above it.
    """
    lines: list[str] = []
    depth = 0
    for p in report.paragraphs:
        if p.level > 0:
            indent = p.level - 1
            depth = p.level
        else:
            indent = depth
        lines.append(INDENT * indent + p.text.strip())
    return lines


def header_lines(report: StoredReport) -> list[str]:
    fields = [
        ("文件", report.paths[0] if report.paths else ""),
        ("种类", report.kind),
        ("日期", report.date or report.date_text),
        ("发文", report.issuer),
        ("时段", report.period_text),
        ("sha256", report.sha256[:16]),
    ]
    lines = [f"# {report.title or '（无标题）'}  [#{report.id}]"]
    lines.append("   ".join(f"{k}: {v}" for k, v in fields if v))
    if report.duplicate_of is not None:
        lines.append(f"（与同一文件中的报告 #{report.duplicate_of} 重复）")
    lines.append(f"{report.chars:,} 字 · {len(report.paragraphs)} 段 · {len(report.facts)} 条事实")
    return lines


def fact_lines(report: StoredReport, raw_text: str) -> list[str]:
    """One line per fact: kind, paragraph, span, text, parsed attrs; and the raw text when it was written
    differently (a pinyin note removed, traditional characters, full-width digits)."""
    lines = []
    for f in report.facts:
        attrs = {k: v for k, v in f.attrs.items() if v not in (None, [], "")}
        extra = f"  {json.dumps(attrs, ensure_ascii=False)}" if attrs else ""
        lines.append(f"{f.kind.value:8} 第{f.paragraph + 1}段 [{f.start}:{f.end}] {f.text}{extra}")
        written = raw_text[f.raw_start : f.raw_end]
        if written != f.text:
            lines.append(f"{'':8} 原文「{written}」")
    return lines


SHOW_HELP = """Show one report: its header, then its text with the outline indented by level.

ID is the number `duban reports` lists.

\b
Examples:
  duban show 3
  duban show 3 --facts
"""


@click.command("show", help=SHOW_HELP)
@click.argument("report_id", metavar="ID", type=int)
@db_option
@click.option("--facts", "with_facts", is_flag=True, help="Also list the facts found, with their spans.")
def show_cmd(report_id: int, db: str | None, with_facts: bool) -> None:
    with duban.open(db, create=False) as corpus:
        report = corpus.get_report(report_id)
        raw_text = corpus.get_texts(report.document_id)[0] if with_facts else ""
    lines = header_lines(report) + [""] + outline_lines(report)
    if with_facts:
        lines += ["", "## 事实"] + fact_lines(report, raw_text)
    click.echo("\n".join(lines))


FAILURES_HELP = """List the inputs that could not be stored, newest last.

Each line has the time, the stage that failed (read, normalize, store,
internal) and the coded message, which says what went wrong and how to fix it.

\b
Examples:
  duban failures
  duban failures --json
"""


@click.command("failures", help=FAILURES_HELP)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def failures_cmd(db: str | None, as_json: bool) -> None:
    with duban.open(db, create=False) as corpus:
        rows = corpus.failures()
    if as_json:
        payload = [
            {"id": f.id, "path": f.path, "sha256": f.sha256, "stage": f.stage, "code": f.code,
             "message": f.message, "time": f.created_at.isoformat(timespec="seconds")}
            for f in rows
        ]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("没有失败记录。")
        return
    for f in rows:
        click.echo(f"{f.created_at:%Y-%m-%d %H:%M:%S}  {f.stage}  {f.message}")
