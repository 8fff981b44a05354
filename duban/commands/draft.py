"""``duban draft`` and ``duban templates``: documents drafted from the database, and what templates can use."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

import duban
from duban.commands.options import db_option
from generate.context import KINDS, PERIOD_EXAMPLES, parse_period
from generate.draft import BadOutput, DraftResult, draft
from generate.preview import render_preview
from generate.render import GenerateError, template_names, template_path, template_variables

DRAFT_HELP = f"""Draft a document from the reports of a period, in the official layout.

KIND is one of: half-year (半年总结), annual (年度总结), speech (推进会讲话),
bulletin (督查通报, with a 红黑榜), ledger (议定事项台账).

OUT ending in .docx writes OUT (every figure taken from the database carries a
Word comment: source report, date, sentence; a figure duban computed says how)
and OUT-印发.docx, the same text without comments, for issuing.  OUT ending in
.md writes Markdown with the sources as footnotes.  An existing file is kept
unless --force.

Where reports disagree on a figure, the latest report wins and the
disagreement is printed as a warning (never averaged).

\b
--period: {PERIOD_EXAMPLES}

\b
Examples:
  duban draft half-year --period 2024H1 -o 上半年总结.docx
  duban draft bulletin --period 2024H1 --region 云溪县 -o 督查通报.docx
  duban draft ledger --period 2024-01..2024-06 -o 台账.md
  duban draft speech --period 2024H1 --reference-docx 本单位模板.docx -o 讲话.docx
  duban draft half-year --period 2024H1 -o 总结.docx --preview   # + 总结-预览/总结-印发.pdf, PNG pages
"""


def print_result(result: DraftResult) -> None:
    """Where the files are, what was used, and what the drafter must check (warnings on stderr)."""
    for p in result.paths:
        click.echo(f"已写入: {p}")
    click.echo(f"引用来源 {result.sources} 处，出自报告 {len(result.reports)} 篇:")
    for title in result.reports:
        click.echo(f"  《{title}》")
    for c in result.conflicts:
        others = "；".join(f"{o['source']} 为 {o['value']}" for o in c["others"])
        click.echo(
            f"注意: {c['what']}各报告不一致，采用最新的 {c['chosen']['source']} 的 {c['chosen']['value']}（{others}），请核实",
            err=True,
        )
    if result.missing:
        click.echo(f"报告中未找到: {'、'.join(result.missing)}（相应语句已略去）", err=True)


@click.command("draft", help=DRAFT_HELP)
@click.argument("kind", type=click.Choice(list(KINDS)))
@click.option("--period", required=True, help=f"The period: {PERIOD_EXAMPLES}.")
@click.option("--region", help="Only reports whose title or issuer names this region (云溪县).")
@click.option("--template", "template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your own .md.j2 template instead of the bundled one (see duban templates).")
@click.option("--reference-docx", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Take styles and page setup from your office's own Word template.")
@click.option("--date", "date", metavar="YYYY-MM-DD", help="The document's date (default: the newest report's).")
@click.option("--speaker", help="Who gives the speech (speech only; default ×××, for you to fill in).")
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: .docx or .md.")
@click.option("--force", is_flag=True, help="Overwrite OUT (and OUT-印发.docx) if they exist.")
@click.option("--preview", is_flag=True,
              help="Also render the pages through LibreOffice: OUT-预览/ gets a PDF and a PNG per page.")
@db_option
def draft_cmd(
    kind: str, period: str, region: str | None, template: Path | None, reference_docx: Path | None,
    date: str | None, speaker: str | None, out: Path, force: bool, preview: bool, db: str | None,
) -> None:
    try:
        if preview and out.suffix.lower() != ".docx":
            raise BadOutput("--preview 只用于 .docx 输出", "去掉 --preview，或用 -o 文件名.docx")
        if date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise BadOutput(f"--date {date!r} 不是日期", "写作 YYYY-MM-DD，如 2024-07-10")
        p = parse_period(period)
        with duban.open(db, create=False) as corpus:
            result = draft(
                corpus, kind, period=p, out=out, region=region, template=template,
                reference_docx=reference_docx, force=force, date=date, speaker=speaker,
            )
    except GenerateError as err:
        raise click.ClickException(str(err)) from err
    print_result(result)
    if preview:
        try:
            # the copy for issuing: comments would take the right margin of every page
            shown = render_preview(result.paths[1], out.with_name(out.stem + "-预览"))
        except GenerateError as err:
            raise click.ClickException(f"文稿已写好，预览失败: {err}") from err
        click.echo(f"预览: {shown.pdf}（{len(shown.pngs)} 页 PNG 在 {shown.pdf.parent}）")
        if shown.note:
            click.echo(shown.note, err=True)


@click.command("templates")
@click.option("--json", "as_json", is_flag=True, help="Print name, file and variables as JSON.")
def templates_cmd(as_json: bool) -> None:
    """List the bundled templates and the variables each one reads.

    Copy one (the path is printed), change the wording, and pass it with
    duban draft KIND --template FILE.  The sample context beside each template
    (NAME.sample.json) shows every variable with an example value.

    \b
    Examples:
      duban templates
      duban templates --json
    """
    kinds = {v: k for k, v in KINDS.items()}
    rows = [
        {"name": n, "kind": kinds.get(n), "file": str(template_path(n)), "variables": sorted(template_variables(n))}
        for n in template_names()
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        head = f"{r['name']}" + (f"  (duban draft {r['kind']})" if r["kind"] else "")
        click.echo(head)
        click.echo(f"  文件: {r['file']}")
        click.echo(f"  变量: {', '.join(r['variables'])}")
