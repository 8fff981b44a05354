"""``duban doctor``: check a database and say what to do."""

from __future__ import annotations

import dataclasses
import json
import sys

import click

from corpus.doctor import diagnose
from duban.commands.options import db_option

_MARK = {"ok": "正常", "warning": "注意", "error": "错误"}


@click.command("doctor")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per check.")
def doctor_cmd(db: str | None, as_json: bool) -> None:
    """Check the database: schema version, integrity, half-stored or orphan rows, unresolved failures.

    Exits 1 when a problem is found, with what to do about each one.

    \b
    Examples:
      duban doctor
      duban doctor --db postgresql+psycopg://duban@localhost/督办 --json
    """
    findings = diagnose(db)
    if as_json:
        payload = [dict(dataclasses.asdict(f), problem=f.problem) for f in findings]
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for f in findings:
            click.echo(f"[{_MARK[f.severity]}] {f.check}: {f.message}")
            if f.examples:
                click.echo(f"    例如: {'，'.join(f.examples)}")
            if f.todo:
                click.echo(f"    处理: {f.todo}")
        problems = sum(f.problem for f in findings)
        click.echo("检查完毕：没有发现问题。" if not problems else f"检查完毕：发现 {problems} 个问题，见上。")
    if any(f.problem for f in findings):
        sys.exit(1)
