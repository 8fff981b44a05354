"""Ledger queries (projects, agreed items, issues, figures) and the Excel / CSV export, on hand-built facts.

Texts are ours (fictional 云溪县); facts are given with the attrs the recognisers write.  SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import dataclasses

import pytest
from openpyxl import load_workbook

from corpus.export import OutputExists, write_ledger_csv, write_ledger_xlsx
from corpus.ledgers import item_status, list_figures, list_issues, list_items, list_projects
from extract.model import FactKind

MAY = """云溪县2024年5月重点项目建设进展情况
（一）城南污水处理厂二期工程。项目完成主体结构，累计完成投资1.8亿元。
（二）滨河大道改造工程完成路基3.2公里。
会议议定：由县住建局牵头，县自然资源局配合，于6月30日前完成城南污水处理厂二期工程征地。
会议议定：由县交通局牵头，于5月20日前完成滨河大道改造工程交通导改方案。
城南污水处理厂二期工程征地拆迁滞后。
全县用工紧张。
"""
MAY_FACTS = (
    (FactKind.PROJECT, "城南污水处理厂二期工程", {"name": "城南污水处理厂二期工程", "aliases": []}),
    (FactKind.FIGURE, "1.8亿元", {"value": 180000000, "unit": "元", "of": "完成投资", "project": None}),
    (FactKind.PROJECT, "滨河大道改造工程", {"name": "滨河大道改造工程", "aliases": []}),
    (FactKind.FIGURE, "3.2公里", {"value": 3.2, "unit": "公里", "of": "完成路基", "project": None}),
    (FactKind.AGREED, "由县住建局牵头，县自然资源局配合，于6月30日前完成城南污水处理厂二期工程征地",
     {"owner": ["县住建局"], "co_owners": ["县自然资源局"], "deadline": "6月30日前", "deadline_iso": "2024-06-30",
      "status": "open", "project": "城南污水处理厂二期工程", "projects": ["城南污水处理厂二期工程"]}),
    (FactKind.AGREED, "由县交通局牵头，于5月20日前完成滨河大道改造工程交通导改方案",
     {"owner": ["县交通局"], "co_owners": [], "deadline": "5月20日前", "deadline_iso": "2024-05-20",
      "status": "done", "project": "滨河大道改造工程", "projects": ["滨河大道改造工程"]}),
    (FactKind.ISSUE, "城南污水处理厂二期工程征地拆迁滞后", {"project": "城南污水处理厂二期工程", "status": "open"}),
    (FactKind.ISSUE, "全县用工紧张", {"project": None, "status": "resolved"}),
)
JUNE = """云溪县2024年6月重点项目建设进展情况
城南污水处理厂二期工程项目设备安装基本完成，累计完成投资2.3亿元。
"""
JUNE_FACTS = (
    (FactKind.PROJECT, "城南污水处理厂二期工程项目", {"name": "城南污水处理厂二期工程", "aliases": ["城南污水处理厂二期工程项目"]}),
    (FactKind.FIGURE, "2.3亿元", {"value": 230000000, "unit": "元", "of": "完成投资", "project": None}),
)


def _file(kit, path, text, facts, date):
    report = dataclasses.replace(kit.make_report(text, facts=facts, path=path), date=date)
    return kit.make_file(path, text, reports=[report])


@pytest.fixture
def ledger_corpus(corpus, kit):
    corpus.add_document(_file(kit, "2024-05.txt", MAY, MAY_FACTS, "2024-05-31"))
    corpus.add_document(_file(kit, "2024-06.txt", JUNE, JUNE_FACTS, "2024-06-28"))
    return corpus


# fmt: off
STATUSES = [
    ("open",        "2024-06-30", "2024-07-01", "overdue"),
    ("open",        "2024-06-30", "2024-06-30", "open"),      # due today is not late
    ("in_progress", "2024-06-30", "2024-07-01", "overdue"),
    ("done",        "2024-06-30", "2024-07-01", "done"),
    ("open",        None,         "2024-07-01", "open"),      # no deadline, never overdue
    (None,          None,         "2024-07-01", "unknown"),
    ("overdue",     None,         "2024-07-01", "overdue"),   # the report said so
]
# fmt: on


@pytest.mark.parametrize("recorded,deadline,as_of,expected", STATUSES)
def test_item_status(recorded, deadline, as_of, expected):
    assert item_status(recorded, deadline, as_of) == expected


def test_projects_ledger(ledger_corpus):
    rows = {r.name: r for r in list_projects(ledger_corpus)}
    assert set(rows) == {"城南污水处理厂二期工程", "滨河大道改造工程"}
    plant = rows["城南污水处理厂二期工程"]
    assert (plant.region, plant.reports, plant.first_seen, plant.last_seen) == ("云溪县", 2, "2024-05-31", "2024-06-28")
    assert plant.aliases == ("城南污水处理厂二期工程项目",)
    assert plant.latest == "城南污水处理厂二期工程项目设备安装基本完成，累计完成投资2.3亿元。"
    assert plant.latest_origin.report_id != rows["滨河大道改造工程"].latest_origin.report_id
    assert list_projects(ledger_corpus, region="石桥县") == []
    assert [r.name for r in list_projects(ledger_corpus, region="云溪县")][0] == "城南污水处理厂二期工程"


def test_items_ledger_statuses_and_filters(ledger_corpus):
    items = list_items(ledger_corpus, as_of="2024-07-01")
    assert [(i.owners, i.status, i.projects) for i in items] == [
        (("县住建局",), "overdue", ("城南污水处理厂二期工程",)),
        (("县交通局",), "done", ("滨河大道改造工程",)),
    ]
    first = items[0]
    assert (first.co_owners, first.deadline, first.deadline_iso, first.recorded_status) == (
        ("县自然资源局",), "6月30日前", "2024-06-30", "open")
    assert first.origin.date == "2024-05-31" and first.origin.file == "2024-05.txt"
    assert [i.status for i in list_items(ledger_corpus, as_of="2024-06-01")] == ["open", "done"]
    assert [i.owners for i in list_items(ledger_corpus, status="overdue", as_of="2024-07-01")] == [("县住建局",)]
    assert [i.owners for i in list_items(ledger_corpus, owner="县自然资源局")] == [("县住建局",)]  # a co-owner
    assert list_items(ledger_corpus, owner="县财政局") == []
    by_alias = list_items(ledger_corpus, project="城南污水处理厂二期工程项目")
    assert [i.owners for i in by_alias] == [("县住建局",)]


def test_issues_ledger(ledger_corpus):
    issues = list_issues(ledger_corpus)
    assert [(i.text, i.status, i.projects) for i in issues] == [
        ("城南污水处理厂二期工程征地拆迁滞后", "open", ("城南污水处理厂二期工程",)),
        ("全县用工紧张", "resolved", ()),
    ]
    assert issues[0].sentence == "城南污水处理厂二期工程征地拆迁滞后。"
    assert [i.text for i in list_issues(ledger_corpus, status="resolved")] == ["全县用工紧张"]
    assert [i.text for i in list_issues(ledger_corpus, project="滨河大道改造")] == []


def test_figures_of_a_project(ledger_corpus):
    figures = list_figures(ledger_corpus, project="城南污水处理厂二期工程")
    assert [(f.value, f.unit, f.of, f.origin.date) for f in figures] == [
        (180000000, "元", "完成投资", "2024-05-31"),  # in the paragraph its heading opens
        (230000000, "元", "完成投资", "2024-06-28"),  # in the sentence naming it
    ]
    assert [f.text for f in list_figures(ledger_corpus, project="滨河大道改造工程")] == ["3.2公里"]
    assert list_figures(ledger_corpus, project="城北水厂") == []


def test_xlsx_ledger_reads_back(ledger_corpus, tmp_path):
    target = tmp_path / "台账.xlsx"
    write_ledger_xlsx(ledger_corpus, target, as_of="2024-07-01")
    wb = load_workbook(target)
    assert wb.sheetnames == ["议定事项台账", "问题台账"]
    ws = wb["议定事项台账"]
    assert ws["A1"].value == "重点项目议定事项台账"
    assert ws["A1"].font.bold and ws["A1"].font.sz == 16
    assert "A1:I1" in [str(r) for r in ws.merged_cells.ranges]
    assert [c.value for c in ws[2]] == ["序号", "议定事项", "责任单位", "配合单位", "完成时限", "办理状态", "所属项目",
                                        "来源报告", "报告日期"]
    assert [c.value for c in ws[3]] == [
        1, "由县住建局牵头，县自然资源局配合，于6月30日前完成城南污水处理厂二期工程征地", "县住建局", "县自然资源局",
        "6月30日前（2024-06-30）", "逾期", "城南污水处理厂二期工程", "云溪县2024年5月重点项目建设进展情况", "2024-05-31",
    ]
    assert ws["F3"].fill.fgColor.rgb.endswith("FFC7CE")  # 逾期 red
    assert ws["F4"].value == "已办结" and ws["F4"].fill.fgColor.rgb.endswith("C6EFCE")
    assert ws["B3"].alignment.wrap_text and ws["B3"].border.left.style == "thin"
    assert ws.freeze_panes == "A3"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$2"
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width
    issues = wb["问题台账"]
    assert [c.value for c in issues[2]] == ["序号", "问题", "所属项目", "状态", "来源报告", "报告日期", "原文"]
    assert [c.value for c in issues[4]][:4] == [2, "全县用工紧张", None, "已解决"]
    assert issues.max_row == 4


def test_xlsx_refuses_to_overwrite(ledger_corpus, tmp_path):
    target = tmp_path / "out" / "台账.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"not ours")
    with pytest.raises(OutputExists, match="--force"):
        write_ledger_xlsx(ledger_corpus, target)
    assert target.read_bytes() == b"not ours"
    write_ledger_xlsx(ledger_corpus, target, force=True)
    assert load_workbook(target).sheetnames == ["议定事项台账", "问题台账"]
    assert [p.name for p in target.parent.iterdir()] == ["台账.xlsx"]  # no temporary file left behind


def test_csv_ledgers(ledger_corpus, tmp_path):
    paths = write_ledger_csv(ledger_corpus, tmp_path / "csv", as_of="2024-07-01")
    assert [p.name for p in paths] == ["议定事项台账.csv", "问题台账.csv"]
    with paths[0].open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["序号", "议定事项", "责任单位"] and rows[1][5] == "逾期"
    with pytest.raises(OutputExists):
        write_ledger_csv(ledger_corpus, tmp_path / "csv")
