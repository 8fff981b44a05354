"""``duban projects / items / issues / figures / export`` on a database ingested from two reports written here.

The reports are ours (fictional 云溪县): a May and a June progress report that name one project two ways.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import duban
from corpus.linking import fold_name
from duban.cli import cli

MAY = """云溪县2024年5月重点项目建设进展情况
云溪县发展和改革局
2024年5月31日
一、总体情况
1-5月，全县重点项目累计完成投资12.5亿元，占年度计划的41.2%。
二、重点项目进展
（一）城南污水处理厂二期工程。项目已完成主体结构施工，累计完成投资1.8亿元。
三、存在的问题
（一）城南污水处理厂二期工程征地拆迁进度滞后，影响管网铺设。
四、会议议定事项
5月20日县政府召开重点项目推进会，会议议定：由县住建局牵头，县自然资源局配合，于2024年6月30日前完成城南污水处理厂二期工程征地拆迁。
"""
JUNE = """云溪县2024年6月重点项目建设进展情况
云溪县发展和改革局
2024年6月28日
一、总体情况
1-6月，全县重点项目累计完成投资15.9亿元，占年度计划的52.4%。
二、重点项目进展
（一）城南污水处理厂二期工程项目。项目设备安装基本完成，累计完成投资2.3亿元。
三、存在的问题
（一）滨河大道改造工程资金缺口较大。
四、会议议定事项
6月18日县政府召开专题会议，会议议定：由县财政局牵头，于2024年9月底前筹措滨河大道改造工程建设资金。
"""
PLANT = "城南污水处理厂二期"  # the project's folded name
COMMANDS = ["projects", "items", "issues", "figures", "export"]


def invoke(runner, *args):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory, new_shared_db):
    """The two reports ingested once, on each back end."""
    folder = tmp_path_factory.mktemp("报告")
    (folder / "五月.txt").write_text(MAY, encoding="utf-8")
    (folder / "六月.txt").write_text(JUNE, encoding="utf-8")
    path = new_shared_db("ledger")
    result = invoke(CliRunner(), "ingest", folder, "--db", path)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def runner():
    return CliRunner()


def as_json(runner, *args):
    result = invoke(runner, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("command", COMMANDS)
def test_help(runner, command):
    result = invoke(runner, command, "--help")
    assert result.exit_code == 0 and "--db" in result.output
    assert "Examples:" in result.output and f"duban {command}" in result.output
    assert command in invoke(runner, "--help").output


def test_projects_links_both_spellings(runner, db):
    rows = as_json(runner, "projects", "--db", db, "--json")
    plant = [r for r in rows if fold_name(r["name"]) == PLANT]
    assert len(plant) == 1, rows
    p = plant[0]
    assert {fold_name(a) for a in p["aliases"]} <= {PLANT}
    assert (p["region"], p["reports"], p["first_seen"], p["last_seen"]) == ("云溪县", 2, "2024-05-31", "2024-06-28")
    assert "2.3亿元" in p["latest"] and p["latest_origin"]["date"] == "2024-06-28"
    assert as_json(runner, "projects", "--db", db, "--json", "--region", "石桥县") == []
    table = invoke(runner, "projects", "--db", db)
    assert p["name"] in table.output and "云溪县" in table.output


def test_relink_gives_the_same_registry(runner, db):
    before = as_json(runner, "projects", "--db", db, "--json")
    result = invoke(runner, "projects", "--db", db, "--relink", "--json")
    assert result.exit_code == 0
    after = json.loads(result.stdout)
    strip = [{k: v for k, v in r.items() if k != "id"} for r in before]
    assert [{k: v for k, v in r.items() if k != "id"} for r in after] == strip


def test_items_overdue_owner_project(runner, db):
    items = as_json(runner, "items", "--db", db, "--json", "--as-of", "2024-07-15")
    by_owner = {tuple(i["owners"]): i for i in items}
    housing, finance = by_owner[("县住建局",)], by_owner[("县财政局",)]
    assert (housing["status"], housing["deadline_iso"], housing["co_owners"]) == ("overdue", "2024-06-30", ["县自然资源局"])
    assert [fold_name(p) for p in housing["projects"]] == [PLANT]
    assert (finance["status"], finance["deadline_iso"]) == ("open", "2024-09-30")
    overdue = as_json(runner, "items", "--db", db, "--json", "--as-of", "2024-07-15", "--status", "overdue")
    assert [i["owners"] for i in overdue] == [["县住建局"]]
    early = as_json(runner, "items", "--db", db, "--json", "--as-of", "2024-06-01", "--status", "overdue")
    assert early == []
    assert [i["owners"] for i in as_json(runner, "items", "--db", db, "--json", "--owner", "县自然资源局")] == [["县住建局"]]
    by_project = as_json(runner, "items", "--db", db, "--json", "--project", "城南污水处理厂二期工程项目")
    assert [i["owners"] for i in by_project] == [["县住建局"]]
    table = invoke(runner, "items", "--db", db, "--as-of", "2024-07-15")
    assert "逾期" in table.output and "县住建局" in table.output


def test_items_bad_date(runner, db):
    result = runner.invoke(cli, ["items", "--db", str(db), "--as-of", "7月15日"])
    assert result.exit_code == 2 and "2024-07-01" in result.output


def test_issues(runner, db):
    issues = as_json(runner, "issues", "--db", db, "--json", "--status", "open")
    texts = [i["text"] for i in issues]
    assert any("资金缺口" in t for t in texts)
    assert all(i["status"] == "open" and i["origin"]["report_id"] for i in issues)
    assert as_json(runner, "issues", "--db", db, "--json", "--status", "resolved") == []


def test_figures_of_the_project(runner, db):
    figures = as_json(runner, "figures", "--db", db, "--json", "--project", "城南污水处理厂二期工程")
    values = [(f["value"], f["unit"], f["origin"]["date"]) for f in figures]
    assert (230000000, "元", "2024-06-28") in values
    assert all(f["value"] != 1590000000 for f in figures)  # the county total is not the project's
    result = invoke(runner, "figures", "--db", db, "--project", "城北水厂")
    assert "没有符合条件" in result.output


def test_export_xlsx_and_csv(runner, db, tmp_path):
    target = tmp_path / "台账.xlsx"
    result = invoke(runner, "export", "--db", db, "--ledger", target, "--csv", tmp_path / "csv", "--as-of", "2024-07-15")
    assert result.exit_code == 0, result.output
    wb = load_workbook(target)
    assert wb.sheetnames == ["议定事项台账", "问题台账"]
    rows = [[c.value for c in row] for row in wb["议定事项台账"].iter_rows(min_row=3)]
    assert any(r[2] == "县住建局" and r[5] == "逾期" for r in rows)
    assert {p.name for p in (tmp_path / "csv").iterdir()} == {"问题台账.csv", "议定事项台账.csv"}
    again = runner.invoke(cli, ["export", "--db", str(db), "--ledger", str(target)])
    assert again.exit_code == 1 and "E211" in again.output and "--force" in again.output
    assert invoke(runner, "export", "--db", db, "--ledger", target, "--force").exit_code == 0


def test_export_needs_an_output(runner, db):
    result = runner.invoke(cli, ["export", "--db", str(db)])
    assert result.exit_code == 2 and "--ledger" in result.output


def test_empty_and_missing_database(runner, tmp_path, db_url):
    empty = db_url
    duban.open(empty).close()
    for command in ("projects", "items", "issues"):
        result = invoke(runner, command, "--db", empty)
        assert result.exit_code == 0 and "duban ingest" in result.output
    missing = runner.invoke(cli, ["items", "--db", str(tmp_path / "missing.db")])
    assert missing.exit_code == 1 and "E201" in missing.output


def test_review_pairs(runner, tmp_path, db_url):
    folder = tmp_path / "报告"
    folder.mkdir()
    (folder / "五月.txt").write_text(MAY, encoding="utf-8")
    db = db_url
    invoke(runner, "ingest", folder, "--db", db)
    same_name = runner.invoke(cli, ["projects", "--db", str(db), "--same", "城南污水处理厂二期工程", "城南污水处理厂二期项目"])
    assert same_name.exit_code == 1 and "E212" in same_name.output
    result = invoke(runner, "projects", "--db", db, "--json", "--reviewer", "张三",
                    "--different", "城南污水处理厂二期工程", "城南区污水处理厂二期工程")
    assert result.exit_code == 0 and "张三" in result.stderr
    assert [fold_name(p["name"]) for p in json.loads(result.stdout)] == [PLANT]
