"""Options and output helpers shared by several commands."""

from __future__ import annotations

import click
from rich.console import Console

db_option = click.option(
    "--db",
    envvar="DUBAN_DB",
    show_envvar=True,
    metavar="PATH|URL",
    help="The database: a SQLite file, or a SQLAlchemy URL (postgresql+psycopg://…). Default: ./duban.db.",
)


def stdout_console() -> Console:
    """A console on stdout.  Markup is off: report text is full of brackets like 【…】 and [E101].

    Piped or redirected output is not cut to 80 columns: a table row stays one line, for grep and less.
    """
    console = Console(markup=False, highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console = Console(markup=False, highlight=False, soft_wrap=False, width=200)
    return console


def stderr_console() -> Console:
    return Console(stderr=True, markup=False, highlight=False)
