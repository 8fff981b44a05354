"""``duban ingest`` and ``duban demo``: files -> the database, with a progress bar and a summary."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

import duban
from corpus.dedupe.store import refresh_duplicates
from corpus.ingest import DOCUMENT_SUFFIXES, IngestSummary, ingest_paths, with_sizes
from duban.commands.browse import print_reports
from duban.commands.draft import print_result
from duban.commands.options import ByteSize, db_option, stderr_console
from extract.readers import DEFAULT_LIMITS
from generate.context import parse_period
from generate.draft import draft
from generate.render import GenerateError


def run_ingest(
    db: str | None, paths: list[Path], *, max_size: int | None = None, max_archive_size: int | None = None
) -> tuple[IngestSummary, str]:
    """Ingest ``paths`` into ``db`` with a progress bar on stderr (when it is a terminal)."""
    err = stderr_console()
    with duban.open(db) as corpus, _progress(err) as progress:
        task = progress.add_task("读入", total=None)

        def on_progress(done: int, total: int, path: str) -> None:
            progress.update(task, completed=done, total=total, description=Path(path).name[:30] or "读入")

        limits = with_sizes(DEFAULT_LIMITS, file_bytes=max_size, archive_bytes=max_archive_size)
        summary = ingest_paths(corpus, paths, on_progress=on_progress, limits=limits)
        return summary, corpus.display_url


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def print_summary(summary: IngestSummary, where: str) -> None:
    """The summary on stdout, each failure with its coded message on stderr (plain lines: never wrapped)."""
    click.echo(f"数据库: {where}")
    click.echo(
        f"文件 {summary.files} 个，文档: 新增 {summary.added} · 替换 {summary.replaced} · 未变 {summary.unchanged}"
        f" · 同内容另一位置 {summary.same_content} · 失败 {summary.failed}"
    )
    repeats = f"（其中 {summary.repeats} 篇与同一文件中前文重复，已记为重复）" if summary.repeats else ""
    click.echo(f"本次存入报告 {summary.reports} 篇{repeats}，事实 {summary.facts} 条")
    if summary.skipped:
        click.echo(f"跳过非文档文件 {len(summary.skipped)} 个（如 {Path(summary.skipped[0]).name}）")
    if summary.failures:
        click.echo(f"失败 {summary.failed} 个（已记入数据库，duban failures 可再次查看）:", err=True)
        for failure in summary.failures:
            click.echo(failure.message, err=True)


INGEST_HELP = """Read report files into the database.

PATHS are files, folders (read recursively, in sorted order; hidden files and
files that are not documents are skipped) and .zip archives (each member is a
document).  Each document is stored in one transaction, keyed on the sha256 of
its bytes, so running the same command again adds nothing:

\b
  unchanged      the same bytes at the same path: nothing stored
  same content   the same bytes at another path (a zip member and the file
                 beside it): one document, one more location
  replaced       the path's bytes changed: the new version becomes current,
                 the old one stays in history

A file that cannot be read is recorded (see `duban failures`), printed with its
coded message, and the batch goes on.  Exit status: 0 when every file was
stored, 1 when any failed.

\b
Examples:
  duban ingest 2023年月报/ 推进会纪要.docx
  duban ingest --db 督查台账.db 历年报告.zip
  duban ingest --max-size 256M 历年汇编/
  DUBAN_DB=postgresql+psycopg://duban@localhost/duban duban ingest 报告/
  duban ingest --dupes 新到月报/      (then update the duplicate groups for the new reports)
"""


@click.command("ingest", help=INGEST_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@db_option
@click.option(
    "--max-size",
    type=ByteSize(),
    help=f"Refuse documents (and zip members) larger than SIZE: 256M, 1.5G, 800K; a bare number is MB "
    f"(default {DEFAULT_LIMITS.max_file_bytes // 2**20}M).",
)
@click.option(
    "--max-archive-size",
    type=ByteSize(),
    help=f"Refuse zip archives that hold more than SIZE in all (default {DEFAULT_LIMITS.max_archive_bytes // 2**20}M).",
)
@click.option(
    "--dupes",
    is_flag=True,
    help="After storing, update the duplicate groups (reports and issues) incrementally for what is new.",
)
def ingest_cmd(
    paths: tuple[Path, ...], db: str | None, max_size: int | None, max_archive_size: int | None, dupes: bool
) -> None:
    summary, where = run_ingest(db, list(paths), max_size=max_size, max_archive_size=max_archive_size)
    print_summary(summary, where)
    if dupes:
        with duban.open(db) as corpus:
            for level in ("report", "issue"):
                stats = refresh_duplicates(corpus.engine, level)
                click.echo(
                    f"重复检测（{level}）: 新条目 {stats.new_items}，新配对 {stats.new_pairs}，"
                    f"改写分组 {stats.clusters_written}，保留分组 {stats.clusters_kept}"
                )
    if not summary.ok:
        sys.exit(1)


DEMO_HELP = """Ingest the sample reports that ship with duban and list them.

The samples are fictional reports of 云溪县 (a monthly progress report, the
minutes of a 推进会 with its 议定事项, a supervision bulletin), as .txt and
.docx.  They go into their own database, so your own is left alone.  Then
the half-year summary of those reports is drafted to duban-demo-半年总结.docx
(and duban-demo-半年总结-印发.docx, without comments), beside the database.

\b
Examples:
  duban demo
  duban demo --db /tmp/demo.db && duban show --db /tmp/demo.db 1
"""


DEMO_PERIOD = "2024H1"  # the samples: 云溪县, 2024年5月 to the 上半年 bulletin of 2024-07-08
DEMO_DRAFT = "duban-demo-半年总结.docx"


@click.command("demo", help=DEMO_HELP)
@click.option("--db", default="duban-demo.db", show_default=True, metavar="PATH|URL", help="The demo database.")
def demo_cmd(db: str) -> None:
    with resources.as_file(resources.files("duban") / "samples") as samples:
        files = sorted(p for p in samples.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES)
        summary, where = run_ingest(db, files)
    print_summary(summary, where)
    with duban.open(db) as corpus:
        rows = list(corpus.iter_reports())
    click.echo()
    print_reports(rows)
    click.echo(f"\n下一步: duban show --db {db} {rows[0].id if rows else 1}  看一篇报告的全文和层次")
    if not summary.ok:
        sys.exit(1)
    # The samples are 云溪县's reports of the first half of 2024: draft their half-year summary, beside the
    # demo database (the working folder for the default one).
    out = (Path(db).parent if "://" not in db else Path()) / DEMO_DRAFT
    try:
        with duban.open(db) as corpus:
            result = draft(corpus, "half-year", period=parse_period(DEMO_PERIOD), out=out, force=True)
    except GenerateError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"\n已起草 {DEMO_PERIOD} 半年总结（duban draft half-year --db {db} --period {DEMO_PERIOD} -o {out}）:")
    print_result(result)
    click.echo(f"用 Word 或 LibreOffice 打开 {out.resolve()}：每个数据都带批注，注明出处")
