"""Ledgers written as files: the 议定事项台账 and 问题台账 as an Excel workbook ready to print, or CSV.

The workbook has one sheet per ledger: a merged bold title row, a header row repeated on every printed page,
thin borders, wrapped text, A4 landscape fitted to the page width, "第 &P 页 共 &N 页" in the footer, and status
cells coloured (逾期 red, 已办结 / 已解决 green).  Files are written to a temporary name and moved into place,
and an existing file is only replaced when asked.

Example:
    >>> with duban.open("台账.db") as corpus:                          # doctest: +SKIP
    ...     write_ledger_xlsx(corpus, Path("台账.xlsx"), as_of="2024-07-01")
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import CorpusError
from corpus.ledgers import IssueRow, ItemRow, list_issues, list_items
from corpus.store import Corpus

ITEM_STATUS_LABELS = {"open": "待办", "in_progress": "推进中", "done": "已办结", "overdue": "逾期", "unknown": "未明"}
ISSUE_STATUS_LABELS = {"open": "未解决", "resolved": "已解决", "unknown": "未明"}

ITEMS_TITLE = "重点项目议定事项台账"
ISSUES_TITLE = "重点项目问题台账"
ITEMS_SHEET = "议定事项台账"
ISSUES_SHEET = "问题台账"

# header, column width (characters; a Chinese character is about 2)
ITEM_COLUMNS = (("序号", 6), ("议定事项", 48), ("责任单位", 16), ("配合单位", 16), ("完成时限", 16),
                ("办理状态", 10), ("所属项目", 20), ("来源报告", 24), ("报告日期", 12))
ISSUE_COLUMNS = (("序号", 6), ("问题", 40), ("所属项目", 20), ("状态", 10), ("来源报告", 24), ("报告日期", 12),
                 ("原文", 56))

RED, GREEN = "FFC7CE", "C6EFCE"  # Excel's own "bad" / "good" fills
STATUS_FILLS = {"逾期": RED, "已办结": GREEN, "已解决": GREEN}


class OutputExists(CorpusError):
    """The output file exists and overwriting was not asked for."""

    code = "E211"


@dataclass(frozen=True, slots=True)
class Ledger:
    """One ledger as a table: what a sheet or a CSV file holds."""

    sheet: str
    title: str
    columns: tuple[tuple[str, int], ...]
    rows: list[list[str | int]]
    status_column: int  # 0-based index of the column coloured by status


def _deadline(item: ItemRow) -> str:
    if item.deadline and item.deadline_iso:
        return f"{item.deadline}（{item.deadline_iso}）"
    return item.deadline or item.deadline_iso or ""


def _source(title: str | None, file: str) -> str:
    return title or file


def item_ledger(items: Sequence[ItemRow]) -> Ledger:
    """The 议定事项台账 of these items (rows numbered from 1)."""
    rows: list[list[str | int]] = [
        [i, x.text, "、".join(x.owners), "、".join(x.co_owners), _deadline(x), ITEM_STATUS_LABELS[x.status],
         "、".join(x.projects), _source(x.origin.title, x.origin.file), x.origin.date or ""]
        for i, x in enumerate(items, 1)
    ]
    return Ledger(ITEMS_SHEET, ITEMS_TITLE, ITEM_COLUMNS, rows, status_column=5)


def issue_ledger(issues: Sequence[IssueRow]) -> Ledger:
    """The 问题台账 of these issues (rows numbered from 1)."""
    rows: list[list[str | int]] = [
        [i, x.text, "、".join(x.projects), ISSUE_STATUS_LABELS.get(x.status, x.status),
         _source(x.origin.title, x.origin.file), x.origin.date or "", x.sentence]
        for i, x in enumerate(issues, 1)
    ]
    return Ledger(ISSUES_SHEET, ISSUES_TITLE, ISSUE_COLUMNS, rows, status_column=3)


def ledgers(corpus: Corpus, *, as_of: str | dt.date | None = None) -> list[Ledger]:
    """Both ledgers of the corpus: agreed items (status judged on ``as_of``, default today), then issues."""
    return [item_ledger(list_items(corpus, as_of=as_of)), issue_ledger(list_issues(corpus))]


def _write_atomic(target: Path, write: Callable[[Path], None], *, force: bool) -> None:
    """Write through a temporary file in the same folder, then move it into place."""
    if target.exists() and not force:
        raise OutputExists(str(target), "文件已存在，未覆盖", "换一个文件名，或加 --force 覆盖")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fill_sheet(ws, ledger: Ledger) -> None:  # noqa: ANN001 — an openpyxl Worksheet
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    n = len(ledger.columns)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    ws.title = ledger.sheet
    ws.append([ledger.title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    ws.append([name for name, _ in ledger.columns])
    for col, (_, width) in enumerate(ledger.columns, 1):
        cell = ws.cell(row=2, column=col)
        cell.font = Font(bold=True)
        cell.alignment = centre
        cell.border = border
        cell.fill = PatternFill(fill_type="solid", fgColor="D9D9D9")
        ws.column_dimensions[get_column_letter(col)].width = width
    for values in ledger.rows:
        ws.append(values)
        r = ws.max_row
        for col in range(1, n + 1):
            cell = ws.cell(row=r, column=col)
            cell.border = border
            cell.alignment = centre if col == 1 or col - 1 == ledger.status_column else wrap
        status = ws.cell(row=r, column=ledger.status_column + 1)
        if status.value in STATUS_FILLS:
            status.fill = PatternFill(fill_type="solid", fgColor=STATUS_FILLS[status.value])

    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.7, bottom=0.7, header=0.3, footer=0.3)
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.evenFooter.center.text = "第 &P 页 共 &N 页"


def write_ledger_xlsx(
    corpus: Corpus, target: Path, *, as_of: str | dt.date | None = None, force: bool = False
) -> list[Ledger]:
    """Write the 议定事项台账 and 问题台账 as two sheets of one Excel workbook.

    Args:
        corpus: the open corpus.
        target: the .xlsx file.
        as_of: the day overdue items are judged on; default today.
        force: replace ``target`` if it exists.

    Returns:
        The ledgers written (their rows, for a summary).

    Raises:
        OutputExists: ``target`` exists and ``force`` is false.
    """
    from openpyxl import Workbook

    books = ledgers(corpus, as_of=as_of)

    def write(tmp: Path) -> None:
        wb = Workbook()
        _fill_sheet(wb.active, books[0])
        for ledger in books[1:]:
            _fill_sheet(wb.create_sheet(), ledger)
        wb.save(tmp)

    _write_atomic(target, write, force=force)
    return books


def write_ledger_csv(
    corpus: Corpus, folder: Path, *, as_of: str | dt.date | None = None, force: bool = False
) -> list[Path]:
    """Write each ledger as ``FOLDER/<sheet>.csv`` (UTF-8 with BOM, so Excel opens it as Chinese).

    Raises:
        OutputExists: a file exists and ``force`` is false (nothing is written then).
    """
    books = ledgers(corpus, as_of=as_of)
    targets = [folder / f"{ledger.sheet}.csv" for ledger in books]
    if not force:
        for target in targets:
            if target.exists():
                raise OutputExists(str(target), "文件已存在，未覆盖", "换一个文件夹，或加 --force 覆盖")
    for ledger, target in zip(books, targets, strict=True):
        buf = io.StringIO()
        out = csv.writer(buf)
        out.writerow([name for name, _ in ledger.columns])
        out.writerows(ledger.rows)
        text = buf.getvalue()
        _write_atomic(target, lambda tmp, text=text: tmp.write_text(text, encoding="utf-8-sig"), force=True)
    return targets
