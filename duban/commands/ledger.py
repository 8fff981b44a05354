"""``duban projects``, ``items``, ``issues``, ``figures`` and ``export``: the ledgers the database holds."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click
from rich.table import Table

import duban
from corpus.export import ISSUE_STATUS_LABELS, ITEM_STATUS_LABELS, write_ledger_csv, write_ledger_xlsx
from corpus.ledgers import (
    ISSUE_STATUSES,
    ITEM_STATUSES,
    FigureRow,
    IssueRow,
    ItemRow,
    Origin,
    ProjectRow,
    list_figures,
    list_issues,
    list_items,
    list_projects,
)
from duban.commands.options import db_option, stdout_console

EMPTY = "数据库中没有符合条件的{what}。先运行 duban ingest 文件或文件夹（或 duban demo），或放宽条件。"


def _origin_json(o: Origin | None) -> dict[str, Any] | None:
    return None if o is None else {"report_id": o.report_id, "title": o.title, "date": o.date, "file": o.file}


def _json(rows: Sequence[Any]) -> None:
    def one(row: Any) -> dict[str, Any]:
        d = asdict(row)
        for key in ("origin", "latest_origin"):
            if key in d:
                d[key] = _origin_json(getattr(row, key))
        return d

    click.echo(json.dumps([one(r) for r in rows], ensure_ascii=False, indent=2))


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = Table(show_lines=True, pad_edge=False)
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*row)
    stdout_console().print(table)


def _report(o: Origin | None) -> str:
    return "" if o is None else f"#{o.report_id} {o.title or o.file}"


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} 不是日期：写作 2024-07-01") from None


@click.command("projects")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per project.")
@click.option("--region", metavar="R", help="Only projects of this region (county/district/city, e.g. 云溪县).")
@click.option("--relink", is_flag=True, help="Recompute the project registry from the stored facts first.")
@click.option("--same", nargs=2, metavar="NAME NAME", help="Record that two names are one project (kept for good).")
@click.option("--different", nargs=2, metavar="NAME NAME", help="Record that two names are different projects.")
@click.option("--reviewer", envvar="USER", default="unknown", show_default=True, help="Who reviewed (--same/--different).")
def projects_cmd(db: str | None, as_json: bool, region: str | None, relink: bool, same: tuple[str, str] | None,
                 different: tuple[str, str] | None, reviewer: str) -> None:
    """List the projects: canonical name, other names, region, reports, first/last seen, latest sentence.

    A reviewed pair (--same / --different) overrides the fuzzy matcher from then on; the registry is
    relinked at once.

    \b
    Examples:
      duban projects
      duban projects --region 云溪县 --json
      duban projects --relink
      duban projects --different 城南污水处理厂提标改造 城南区污水处理厂提标改造 --reviewer 张三
    """
    with duban.open(db, create=False) as corpus:
        for pair, is_same in ((same, True), (different, False)):
            if pair:
                corpus.review_project_link(*pair, same=is_same, reviewer=reviewer)
                click.echo(f"已记录：{pair[0]} 与 {pair[1]} {'是' if is_same else '不是'}同一项目（{reviewer}）", err=True)
        if relink:
            n = corpus.relink_projects()
            click.echo(f"已重新关联：事实与项目的关联 {n} 条", err=True)
        rows: list[ProjectRow] = list_projects(corpus, region=region)
    if as_json:
        _json(rows)
        return
    if not rows:
        click.echo(EMPTY.format(what="项目"))
        return
    _table(
        ("项目", "别名", "地区", "报告数", "首见", "最近", "最新进展"),
        [(r.name, "、".join(r.aliases), r.region, str(r.reports), r.first_seen or "", r.last_seen or "",
          r.latest or "") for r in rows],
    )


@click.command("items")
@db_option
@click.option("--status", type=click.Choice(ITEM_STATUSES), help="Only items with this status (overdue is computed).")
@click.option("--owner", metavar="ORG", help="Only items this unit leads or helps with, e.g. 区住建局.")
@click.option("--project", metavar="NAME", help="Only items of this project (any of its names).")
@click.option("--as-of", "as_of", metavar="DATE", callback=_iso_date, help="Judge overdue on this day (default today).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per item.")
def items_cmd(db: str | None, status: str | None, owner: str | None, project: str | None, as_of: str | None,
              as_json: bool) -> None:
    """List the agreed items (议定事项): text, owners, deadline, status, project, report.

    An item is overdue when its deadline has passed (today, or --as-of) and it is not done.

    \b
    Examples:
      duban items --status overdue
      duban items --owner 区住建局 --as-of 2024-07-01 --json
    """
    with duban.open(db, create=False) as corpus:
        rows: list[ItemRow] = list_items(corpus, status=status, owner=owner, project=project, as_of=as_of)
    if as_json:
        _json(rows)
        return
    if not rows:
        click.echo(EMPTY.format(what="议定事项"))
        return
    _table(
        ("议定事项", "责任单位", "配合单位", "完成时限", "状态", "项目", "来源报告", "日期"),
        [(r.text, "、".join(r.owners), "、".join(r.co_owners),
          " / ".join(filter(None, (r.deadline, r.deadline_iso))), ITEM_STATUS_LABELS[r.status],
          "、".join(r.projects), _report(r.origin), r.origin.date or "") for r in rows],
    )


@click.command("issues")
@db_option
@click.option("--status", type=click.Choice(ISSUE_STATUSES), help="Only issues with this status.")
@click.option("--project", metavar="NAME", help="Only issues of this project (any of its names).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per issue.")
def issues_cmd(db: str | None, status: str | None, project: str | None, as_json: bool) -> None:
    """List the reported problems (问题): text, status, project, report.

    \b
    Examples:
      duban issues --status open
      duban issues --project 滨河大道二期工程 --json
    """
    with duban.open(db, create=False) as corpus:
        rows: list[IssueRow] = list_issues(corpus, status=status, project=project)
    if as_json:
        _json(rows)
        return
    if not rows:
        click.echo(EMPTY.format(what="问题"))
        return
    _table(
        ("问题", "状态", "项目", "来源报告", "日期"),
        [(r.text, ISSUE_STATUS_LABELS.get(r.status, r.status), "、".join(r.projects), _report(r.origin),
          r.origin.date or "") for r in rows],
    )


@click.command("figures")
@db_option
@click.option("--project", metavar="NAME", required=True, help="The project (any of its names).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per figure.")
def figures_cmd(db: str | None, project: str, as_json: bool) -> None:
    """List the figures reported about a project: value, unit, what it measures, sentence, report.

    \b
    Examples:
      duban figures --project 城南污水处理厂二期工程
    """
    with duban.open(db, create=False) as corpus:
        rows: list[FigureRow] = list_figures(corpus, project=project)
    if as_json:
        _json(rows)
        return
    if not rows:
        click.echo(EMPTY.format(what="数据"))
        return

    def number(v: float) -> str:
        return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"

    def value(r: FigureRow) -> str:
        if r.value is None:
            return ""
        return f"{number(r.value)}–{number(r.value_hi)}" if r.value_hi is not None else number(r.value)

    _table(
        ("数值", "单位", "指标", "原文", "来源报告", "日期"),
        [(value(r), r.unit or "", r.of or "", r.text, _report(r.origin), r.origin.date or "") for r in rows],
    )


@click.command("export")
@db_option
@click.option("--ledger", "ledger", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.xlsx",
              help="Write the 议定事项台账 and 问题台账 as an Excel workbook ready to print.")
@click.option("--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Also (or instead) write each ledger as DIR/<台账>.csv.")
@click.option("--as-of", "as_of", metavar="DATE", callback=_iso_date, help="Judge overdue on this day (default today).")
@click.option("--force", is_flag=True, help="Replace files that exist.")
def export_cmd(db: str | None, ledger: Path | None, csv_dir: Path | None, as_of: str | None, force: bool) -> None:
    """Export the ledgers (台账) to Excel and/or CSV.

    \b
    Examples:
      duban export --ledger 台账.xlsx
      duban export --ledger 台账.xlsx --csv 台账csv/ --force
    """
    if ledger is None and csv_dir is None:
        raise click.UsageError("请用 --ledger 文件.xlsx 或 --csv 文件夹 指定输出")
    with duban.open(db, create=False) as corpus:
        if ledger is not None:
            books = write_ledger_xlsx(corpus, ledger, as_of=as_of, force=force)
            counts = "，".join(f"{b.sheet} {len(b.rows)} 行" for b in books)
            click.echo(f"已写入 {ledger}：{counts}")
        if csv_dir is not None:
            for path in write_ledger_csv(corpus, csv_dir, as_of=as_of, force=force):
                click.echo(f"已写入 {path}")


LEDGER_COMMANDS = (projects_cmd, items_cmd, issues_cmd, figures_cmd, export_cmd)
