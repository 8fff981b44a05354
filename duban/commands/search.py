"""``duban search``: paragraphs of the stored reports that hold some words, newest report first."""

from __future__ import annotations

import json

import click
from rich.text import Text

import duban
from corpus.search import Hit, query_words
from duban.commands.options import db_option, stdout_console

SEARCH_HELP = """Find the paragraphs of the stored reports that hold every word of QUERY.

The query is cut into words as the reports are (jieba): 征地拆迁 finds
paragraphs with 征地 and 拆迁, also inside longer words.  Paragraphs that hold
the query exactly as written come after.  Newest report first; repeats and
replaced versions of a file are left out unless --all is given.

\b
Examples:
  duban search 征地拆迁
  duban search 资金缺口 --region 云溪县 --since 2024
  duban search "城南污水处理厂 进度滞后" --limit 50 --json
"""


def hit_json(h: Hit) -> dict[str, object]:
    """One hit of ``duban search --json``."""
    return {"paragraph_id": h.paragraph_id, "report_id": h.report_id, "title": h.report_title,
            "date": h.report_date, "issuer": h.issuer, "path": h.path, "text": h.text, "snippet": h.snippet,
            "match": h.match}


@click.command("search", help=SEARCH_HELP)
@click.argument("query", nargs=-1, required=True)
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most N paragraphs.")
@click.option("--region", metavar="PLACE", help="Only reports whose issuer names PLACE (云溪县).")
@click.option("--since", metavar="DATE", help="Only reports dated on or after DATE (2023, 2023-06, 2023-06-30).")
@click.option("--all", "show_all", is_flag=True, help="Include repeats and replaced versions.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object per paragraph.")
def search_cmd(query: tuple[str, ...], db: str | None, limit: int, region: str | None, since: str | None,
               show_all: bool, as_json: bool) -> None:
    text = " ".join(query)
    if not query_words(text):
        raise click.UsageError(f"查询 {text!r} 里没有可检索的词（只有空格或标点）")
    with duban.open(db, create=False) as corpus:
        hits = corpus.search(text, limit=limit, region=region, since=since, current_only=not show_all)
    if as_json:
        click.echo(json.dumps([hit_json(h) for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo(f"没有找到含“{text}”的段落。换个说法，或用更短的词再试（duban reports 看库里有哪些报告）。")
        return
    console = stdout_console()  # markup off: report text is full of brackets; styles go on Text objects
    words = sorted(query_words(text), key=len, reverse=True)
    for h in hits:
        where = " · ".join(x for x in (h.report_date or "日期不详", h.issuer, f"报告 #{h.report_id}") if x)
        console.print(Text.assemble((h.report_title or "（无标题）", "bold"), "  ", (where, "dim")))
        snippet = Text("  " + h.snippet)
        snippet.highlight_words(words, style="reverse")
        console.print(snippet)
    more = "（已达 --limit，可能还有更多）" if len(hits) == limit else ""
    console.print(Text(f"共 {len(hits)} 段{more}", style="dim"))
