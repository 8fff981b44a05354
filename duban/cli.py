"""The ``duban`` command line: one thin click command per job; the work is done by the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from corpus.errors import CorpusError
from duban.commands.browse import failures_cmd, reports_cmd, show_cmd
from duban.commands.doctor import doctor_cmd
from duban.commands.draft import draft_cmd, templates_cmd
from duban.commands.dupes import dupes_cmd
from duban.commands.ingest import demo_cmd, ingest_cmd
from duban.commands.ledger import LEDGER_COMMANDS
from duban.commands.review import review_cmd
from duban.commands.search import search_cmd
from extract.errors import ExtractError
from extract.jsonout import file_json
from extract.pipeline import extract_path


class DubanGroup(click.Group):
    """The one boundary where library errors become messages: no traceback for bad input or a bad database."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (ExtractError, CorpusError) as err:
            raise click.ClickException(str(err)) from err


@click.group(cls=DubanGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="duban")
def cli() -> None:
    """督办 duban: 把历年报告变成项目、数据、议定事项和问题的数据库，并据此起草新文稿。

    \b
    Start here:
      duban demo                        the bundled samples -> duban-demo.db -> a drafted 半年总结
      duban ingest 报告/ 汇编.zip        your own files into ./duban.db (or --db, $DUBAN_DB)
      duban reports / show 3            what is in the database; one report with its outline
      duban search 征地拆迁              paragraphs that hold the words, newest first
    duban projects / items / issues   projects, 议定事项 (--status overdue), problems
      duban export --ledger 台账.xlsx    the ledgers as print-ready Excel
      duban dupes                       problems that keep coming back; --level report: copied reports
      duban draft half-year --period 2024H1 -o 总结.docx   a document in GB/T 9704 layout
      duban review 月报.docx             every recognised fact highlighted, for checking
      duban doctor                      check the database and say what to do
    """


@cli.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction JSON (../shared/eval/FORMAT.md).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Write DIR/<stem>.json per input.")
@click.option("--text", "as_text", is_flag=True, help="Print the normalised text of each report.")
def extract_cmd(files: tuple[Path, ...], as_json: bool, out: Path | None, as_text: bool) -> None:
    """Extract facts from FILES without a database.

    Prints, per file, the extraction JSON (reports, projects, figures, dates, agreed items, issues, orgs …;
    see ../shared/eval/FORMAT.md), or the normalised text of each report with --text.

    \b
    Examples:
      duban extract --json 月报.docx
      duban extract --json --out pred/ 报告/*.txt
      duban extract --text 汇编.zip
    """
    failed = 0
    if out:
        out.mkdir(parents=True, exist_ok=True)
    for path in files:
        docs = []
        for item in extract_path(path):
            if isinstance(item, ExtractError):
                click.echo(str(item), err=True)
                failed += 1
                continue
            docs.append(item)
        if as_text:
            for ef in docs:
                for r in ef.reports:
                    click.echo(f"=== {ef.raw.path} #{r.index} {r.title or ''}")
                    click.echo(r.text)
            continue
        payload = [file_json(ef) for ef in docs]
        obj = payload[0] if len(payload) == 1 else {"file": path.name, "documents": payload}
        text = json.dumps(obj, ensure_ascii=False, indent=2)
        if out:
            (out / f"{path.stem}.json").write_text(text, encoding="utf-8")
        else:
            click.echo(text)
    if failed:
        sys.exit(1)


COMMANDS = (
    ingest_cmd,
    reports_cmd,
    show_cmd,
    failures_cmd,
    demo_cmd,
    review_cmd,
    search_cmd,
    *LEDGER_COMMANDS,
    dupes_cmd,
    draft_cmd,
    templates_cmd,
    doctor_cmd,
)
for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="duban")
