"""Options and output helpers shared by several commands."""

from __future__ import annotations

import re

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


class ByteSize(click.ParamType):
    """A size as operators write it: ``256`` or ``256M`` (megabytes), ``1.5G``, ``800K``, ``256MB``."""

    name = "SIZE"
    # number, then an optional unit: K/M/G with optional B or iB (case-insensitive)
    _PATTERN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$", re.I)
    _FACTORS = {"": 2**20, "k": 2**10, "m": 2**20, "g": 2**30}

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            return value
        m = self._PATTERN.match(str(value))
        if not m or float(m[1]) <= 0:
            self.fail(f"{value!r} 不是大小：写作 256M、1.5G 或 800K（只写数字时单位是 MB）", param, ctx)
        return int(float(m[1]) * self._FACTORS[m[2].lower()])
