"""The command line: every command through CliRunner on a real SQLite file and a real PostgreSQL database.

Inputs are written by the tests (fictional 云溪县 reports) or are the samples that ship with duban.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from duban.cli import cli
from duban.commands.options import ByteSize

REPORT = """云溪县2024年5月重点项目建设进展情况
云溪县重点项目建设推进办公室
2024年6月5日
今年以来，全县重点项目建设总体平稳推进。现将5月份进展情况报告如下。
一、总体进展情况
1-5月累计完成投资27.8亿元，占年度计划的44.6%。
二、重点项目进展
（一）城东污水处理厂提标改造工程
生化池主体结构已完成80%，5月完成投资3100万元。
（二）滨河大道二期工程
已完成路基施工2.9公里，受房屋征收未完成影响，部分路段无法进场施工。
"""

MINUTES = """云溪县重点项目建设推进会会议纪要
会议议定：由城东街道牵头，县住建局配合，6月25日前完成剩余12户房屋征收。
云溪县人民政府办公室
2024年6月14日
"""

COMMANDS = ["ingest", "reports", "show", "failures", "demo", "extract", "search", "dupes", "draft", "templates", "review", "projects", "items", "issues", "figures", "export", "doctor"]


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    (folder / "五月.txt").write_text(REPORT, encoding="utf-8")
    (folder / "纪要.txt").write_text(MINUTES, encoding="utf-8")
    return folder


@pytest.fixture
def db(db_url):
    """A new database on each back end: a SQLite file, a PostgreSQL database (tests/conftest.py)."""
    return db_url


def invoke(runner, *args, **kwargs):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)


def test_ingest_reports_what_it_did_and_a_second_run_adds_nothing(runner, inputs, db):
    first = invoke(runner, "ingest", "--db", db, inputs)
    assert first.exit_code == 0, first.output
    assert "新增 2" in first.stdout and "失败 0" in first.stdout
    second = invoke(runner, "ingest", "--db", db, inputs)
    assert second.exit_code == 0
    assert "新增 0" in second.stdout and "未变 2" in second.stdout and "本次存入报告 0 篇" in second.stdout


def test_ingest_exits_1_and_prints_each_failure_with_its_code(runner, inputs, db):
    (inputs / "空.txt").write_bytes(b"")
    (inputs / "坏.docx").write_bytes(b"PK\x03\x04 this is not a docx")
    result = invoke(runner, "ingest", "--db", db, inputs)
    assert result.exit_code == 1
    assert "新增 2" in result.stdout and "失败 2" in result.stdout
    messages = result.stderr.splitlines()
    assert any(line.startswith("[E10") and "空.txt: " in line for line in messages)  # one line, path whole
    assert any(line.startswith("[E10") and "坏.docx: " in line for line in messages)
    assert "Traceback" not in result.output


def test_failures_lists_what_ingest_recorded(runner, inputs, db):
    (inputs / "空.txt").write_bytes(b"")
    invoke(runner, "ingest", "--db", db, inputs)
    listed = invoke(runner, "failures", "--db", db)
    assert listed.exit_code == 0
    rows = json.loads(invoke(runner, "failures", "--db", db, "--json").stdout)
    assert [(r["stage"], Path(r["path"]).name) for r in rows] == [("read", "空.txt")]
    assert rows[0]["code"].startswith("E10") and rows[0]["message"].startswith(f"[{rows[0]['code']}]")
    assert f"read  {rows[0]['message'].splitlines()[0]}" in listed.stdout


def test_failures_on_a_clean_database(runner, inputs, db):
    invoke(runner, "ingest", "--db", db, inputs)
    assert "没有失败记录" in invoke(runner, "failures", "--db", db).stdout


def test_reports_json_is_one_object_per_report(runner, inputs, db):
    invoke(runner, "ingest", "--db", db, inputs)
    result = invoke(runner, "reports", "--db", db, "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and len(rows) == 2
    for row in rows:
        assert {"id", "file", "title", "kind", "date", "chars"} <= set(row)
        assert isinstance(row["id"], int) and isinstance(row["chars"], int) and row["chars"] > 0
    assert sorted(r["file"] for r in rows) == ["五月.txt", "纪要.txt"]
    may = next(r for r in rows if r["file"] == "五月.txt")
    assert may["title"] == "云溪县2024年5月重点项目建设进展情况"


def test_reports_table_lists_ids_and_titles(runner, inputs, db):
    invoke(runner, "ingest", "--db", db, inputs)
    result = invoke(runner, "reports", "--db", db)
    assert result.exit_code == 0
    assert "云溪县2024年5月重点项目建设进展情况" in result.stdout and "五月.txt" in result.stdout


def test_reports_on_an_empty_database_says_what_to_do(runner, db, tmp_path):
    (tmp_path / "空.txt").write_bytes(b"")
    invoke(runner, "ingest", "--db", db, tmp_path / "空.txt")  # creates the database, stores nothing
    result = invoke(runner, "reports", "--db", db)
    assert result.exit_code == 0 and "duban ingest" in result.stdout


@pytest.mark.parametrize("command", [["reports"], ["show", "1"], ["failures"]])
def test_reading_a_database_that_does_not_exist_does_not_create_it(runner, tmp_path, command):
    missing = tmp_path / "没有.db"
    result = invoke(runner, *command, "--db", missing)
    assert result.exit_code == 1
    assert "[E201]" in result.stderr and "duban ingest" in result.stderr
    assert not missing.exists()


def test_show_prints_the_text_with_the_outline_indented(runner, inputs, db):
    invoke(runner, "ingest", "--db", db, inputs)
    rows = json.loads(invoke(runner, "reports", "--db", db, "--json").stdout)
    report_id = next(r["id"] for r in rows if r["file"] == "五月.txt")
    result = invoke(runner, "show", "--db", db, report_id)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# 云溪县2024年5月重点项目建设进展情况")
    assert "一、总体进展情况" in lines  # level 1: not indented
    assert "  （一）城东污水处理厂提标改造工程" in lines  # level 2: one step
    assert "    生化池主体结构已完成80%，5月完成投资3100万元。" in lines  # body under (一): two steps


def test_show_facts_lists_spans(runner, inputs, db):
    invoke(runner, "ingest", "--db", db, inputs)
    rows = json.loads(invoke(runner, "reports", "--db", db, "--json").stdout)
    result = invoke(runner, "show", "--db", db, "--facts", rows[0]["id"])
    assert result.exit_code == 0 and "## 事实" in result.stdout


def test_show_unknown_id_is_a_message_not_a_traceback(runner, inputs, db):
    invoke(runner, "ingest", "--db", db, inputs)
    result = invoke(runner, "show", "--db", db, 999)
    assert result.exit_code == 1
    assert "[E203]" in result.stderr and "duban reports" in result.stderr
    assert "Traceback" not in result.output


def test_show_needs_a_number(runner, db):  # usage error before the database is touched
    result = invoke(runner, "show", "--db", db, "abc")
    assert result.exit_code == 2


def test_database_in_a_missing_folder_is_a_message_not_a_traceback(runner, inputs, tmp_path):
    result = invoke(runner, "ingest", "--db", tmp_path / "没有" / "x.db", inputs)
    assert result.exit_code == 1
    assert "[E201]" in result.stderr and "Traceback" not in result.output


def test_missing_input_path_is_a_usage_error(runner, db, tmp_path):
    result = invoke(runner, "ingest", "--db", db, tmp_path / "没有这个文件.txt")
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_max_size_refuses_large_files(runner, inputs, db):
    result = invoke(runner, "ingest", "--db", db, "--max-size", "0.1K", inputs / "五月.txt")
    assert result.exit_code == 1 and "[E104]" in result.stderr


def test_max_archive_size_refuses_large_zips(runner, inputs, db):
    import zipfile

    archive = inputs.parent / "汇编.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("五月.txt", REPORT * 20)
    result = invoke(runner, "ingest", "--db", db, "--max-archive-size", "1K", archive)
    assert result.exit_code == 1 and "[E104]" in result.stderr


# fmt: off
SIZES = [
    ("256",    256 * 2**20),   # a bare number is MB
    ("256M",   256 * 2**20),
    ("256MB",  256 * 2**20),
    ("256MiB", 256 * 2**20),
    ("1.5G",   3 * 2**29),
    ("800k",   800 * 2**10),
]
BAD_SIZES = ["abc", "-1", "0", "12T", ""]
# fmt: on


@pytest.mark.parametrize("text,size", SIZES)
def test_sizes_are_read_as_operators_write_them(text, size):
    assert ByteSize().convert(text, None, None) == size


@pytest.mark.parametrize("text", BAD_SIZES)
def test_a_bad_size_is_a_usage_error(runner, inputs, db, text):
    result = invoke(runner, "ingest", "--db", db, "--max-size", text, inputs)
    assert result.exit_code == 2 and "256M" in result.stderr


def test_db_can_come_from_the_environment(runner, inputs, tmp_path):
    env_db = tmp_path / "环境.db"
    result = invoke(runner, "ingest", inputs, env={"DUBAN_DB": str(env_db)})
    assert result.exit_code == 0 and env_db.exists()
    assert len(json.loads(invoke(runner, "reports", "--json", env={"DUBAN_DB": str(env_db)}).stdout)) == 2


def test_default_db_is_duban_db_in_the_working_directory(runner, inputs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUBAN_DB", raising=False)
    assert invoke(runner, "ingest", inputs).exit_code == 0
    assert (tmp_path / "duban.db").exists()


def test_demo_ingests_the_bundled_samples_and_lists_them(runner, tmp_path, db, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, "demo", "--db", db)
    assert result.exit_code == 0, result.output
    assert "新增 4" in result.stdout and "失败 0" in result.stdout
    for name in ("2024年5月重点项目建设进展情况.txt", "2024年6月重点项目建设进展情况.txt",
                 "重点项目建设推进会会议纪要.docx", "上半年重点项目督查情况通报.docx"):
        assert name in result.stdout
    rows = json.loads(invoke(runner, "reports", "--db", db, "--json").stdout)
    assert len(rows) == 4 and all("云溪县" in (r["title"] or "") or "全县" in (r["title"] or "") for r in rows)
    again = invoke(runner, "demo", "--db", db)
    assert again.exit_code == 0 and "未变 4" in again.stdout


def test_demo_samples_read_as_written(runner, tmp_path, db, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # the June report is GB18030 with CRLF, the bulletin a docx with a table: both must read cleanly
    invoke(runner, "demo", "--db", db)
    rows = json.loads(invoke(runner, "reports", "--db", db, "--json").stdout)
    june = next(r for r in rows if r["file"].startswith("2024年6月"))
    text = invoke(runner, "show", "--db", db, june["id"]).stdout
    assert "1-6月累计完成投资33.6亿元" in text and "\ufffd" not in text
    bulletin = next(r for r in rows if r["file"].startswith("上半年"))
    text = invoke(runner, "show", "--db", db, bulletin["id"]).stdout
    assert "滨河大道二期工程" in text and "37.3%" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples(runner, command):
    result = invoke(runner, command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and f"duban {command}" in result.stdout


def test_top_level_help_names_the_commands(runner):
    result = invoke(runner, "--help")
    for command in COMMANDS:
        assert command in result.stdout


def test_show_facts_gives_the_raw_text_when_it_was_written_differently(runner, tmp_path, db):
    # traditional characters with a pinyin note and full-width digits: normalised for matching, shown as written
    path = tmp_path / "繁體.txt"
    path.write_text("推進(jìn)城東污水處理廠提標改造工程，完成投資３１００萬元。\n", encoding="utf-8")
    invoke(runner, "ingest", "--db", db, path)
    result = invoke(runner, "show", "--db", db, "--facts", 1)
    assert "推进城东污水处理厂提标改造工程，完成投资3100万元。" in result.stdout
    assert "原文「３１００萬元」" in result.stdout


def test_ingest_dupes_updates_the_duplicate_groups(tmp_path, db):
    """`duban ingest --dupes`: the same report under two names becomes one same_report group."""
    text = "云溪县重点项目进展情况\n全县重点项目推进顺利，城南污水处理厂二期工程完成投资3.2亿元，项目征地拆迁进度滞后。\n" * 3
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", "--db", db, "--dupes", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert result.exit_code == 0, result.output
    assert "重复检测（report）" in result.output
    listed = runner.invoke(cli, ["dupes", "--db", db, "--level", "report", "--no-update", "--json"])
    clusters = json.loads(listed.output)["clusters"]
    assert any(c["relation"] == "same_report" and len(c["members"]) == 2 for c in clusters)
