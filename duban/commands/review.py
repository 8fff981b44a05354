"""``duban review``: an HTML page of a file's reports with every recognised fact highlighted."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from extract.review import review_path

REVIEW_HELP = """Write an HTML page of FILE's reports with every recognised fact highlighted, for a person to check.

Hover a highlight to see the parsed value (and the text as originally written); the side table lists the
facts by kind and links back to the text. The page is self-contained: open it in any browser.

\b
Examples:
  duban review 2023年上半年工作总结.docx -o review.html
  duban review 汇编.zip                  (writes 汇编.review.html)
"""


@click.command("review", help=REVIEW_HELP)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="HTML file to write (default: FILE.review.html)."
)
def review_cmd(file: Path, output: Path | None) -> None:
    page, errors = review_path(file)
    for err in errors:
        click.echo(str(err), err=True)
    out = output or file.with_name(f"{file.stem}.review.html")
    out.write_text(page, encoding="utf-8")
    click.echo(f"已写入 {out}")
    if errors:
        sys.exit(1)
