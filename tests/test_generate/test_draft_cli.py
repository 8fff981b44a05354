"""``duban draft`` and ``duban templates`` through click's CliRunner: exit codes, --force, .md footnotes."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from duban.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_draft_writes_docx_and_clean_copy_and_refuses_to_overwrite(sample_db, tmp_path):
    out = tmp_path / "总结.docx"
    r = run("draft", "half-year", "--db", str(sample_db), "--period", "2024H1", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert out.exists() and (tmp_path / "总结-印发.docx").exists()
    assert "引用来源" in r.output and "《关于2024年上半年全县重点项目督查情况的通报》" in r.output
    before = out.stat().st_mtime_ns
    again = run("draft", "half-year", "--db", str(sample_db), "--period", "2024H1", "-o", str(out))
    assert again.exit_code == 1 and "已存在" in again.output and "--force" in again.output
    assert out.stat().st_mtime_ns == before
    forced = run("draft", "half-year", "--db", str(sample_db), "--period", "2024H1", "-o", str(out), "--force")
    assert forced.exit_code == 0


def test_draft_markdown_has_footnotes(sample_db, tmp_path):
    out = tmp_path / "台账.md"
    r = run("draft", "ledger", "--db", str(sample_db), "--period", "2024H1", "-o", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    refs = set(re.findall(r"\[\^(F\d+)\](?!:)", text))
    notes = dict(re.findall(r"^\[\^(F\d+)\]: (.+)$", text, re.M))
    assert refs and refs == set(notes)
    assert all("《云溪县重点项目建设推进会会议纪要》" in n for n in notes.values())
    assert not (tmp_path / "台账-印发.md").exists()


def test_draft_bad_inputs_exit_1_with_a_message(sample_db, tmp_path):
    bad_period = run("draft", "bulletin", "--db", str(sample_db), "--period", "2024H3", "-o", str(tmp_path / "a.docx"))
    assert bad_period.exit_code == 1 and "E304" in bad_period.output and "2023H1" in bad_period.output
    empty = run("draft", "bulletin", "--db", str(sample_db), "--period", "2019", "-o", str(tmp_path / "a.docx"))
    assert empty.exit_code == 1 and "E305" in empty.output
    suffix = run("draft", "bulletin", "--db", str(sample_db), "--period", "2024H1", "-o", str(tmp_path / "a.pdf"))
    assert suffix.exit_code == 1 and ".docx 或 .md" in suffix.output
    assert not list(tmp_path.iterdir())
    unknown = run("draft", "poem", "--period", "2024H1", "-o", str(tmp_path / "a.docx"))
    assert unknown.exit_code == 2


def test_user_template_reaching_into_python_is_refused(sample_db, tmp_path):
    evil = tmp_path / "evil.md.j2"
    evil.write_text("# {{ doc.title }}\n{{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    out = tmp_path / "x.docx"
    r = run("draft", "half-year", "--db", str(sample_db), "--period", "2024H1", "--template", str(evil), "-o", str(out))
    assert r.exit_code == 1 and "E302" in r.output and "evil.md.j2" in r.output
    assert not out.exists()


def test_templates_lists_every_template_with_its_variables():
    r = run("templates", "--json")
    assert r.exit_code == 0
    rows = {row["name"]: row for row in json.loads(r.output)}
    assert rows["half_year_summary"]["kind"] == "half-year"
    assert {"doc", "overview", "investment", "items"} <= set(rows["half_year_summary"]["variables"])
    assert rows["agreed_item_ledger"]["variables"] == ["doc", "ledger", "summary"]
    # annual_summary extends half_year_summary: it reads what its parent reads
    assert rows["annual_summary"]["variables"] == rows["half_year_summary"]["variables"]
    plain = run("templates")
    assert "duban draft bulletin" in plain.output


MONTHLY = """青山县2024年6月重点项目建设进展情况

青山县重点项目建设推进办公室
2024年7月3日

一、总体进展情况
1-6月，全县重点项目累计完成投资20.5亿元，占年度计划的51.2%。新开工项目7个。
"""
BULLETIN = """关于2024年上半年全县重点项目督查情况的通报

青山县委县政府督查室
2024年7月9日

一、总体情况
上半年，全县重点项目累计完成投资21.3亿元，占年度计划的53.2%。新开工项目7个。
"""


def test_two_reports_disagreeing_latest_wins_and_the_cli_warns(tmp_path, db_url):
    (tmp_path / "月报.txt").write_text(MONTHLY, encoding="utf-8")
    (tmp_path / "通报.txt").write_text(BULLETIN, encoding="utf-8")
    db = db_url
    assert run("ingest", "--db", str(db), str(tmp_path / "月报.txt"), str(tmp_path / "通报.txt")).exit_code == 0
    out = tmp_path / "总结.md"
    r = run("draft", "half-year", "--db", str(db), "--period", "2024H1", "-o", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert "累计完成投资21.3亿元" in text and "20.5亿元" not in text  # never averaged (20.9), never the older one
    assert "全县重点项目已开工7个" in text and "暂无" not in text  # a missing project count is not "no projects"
    assert "注意: 累计完成投资各报告不一致，采用最新的 《关于2024年上半年全县重点项目督查情况的通报》（2024年7月9日） 的 21.3亿元" in r.output
    assert "20.5亿元" in r.output
    assert "报告中未找到: 重点项目个数" in r.output


def test_preview_renders_the_clean_copy_to_pdf_and_png(sample_db, tmp_path):
    out = tmp_path / "总结.docx"
    r = run("draft", "half-year", "--db", str(sample_db), "--period", "2024H1", "-o", str(out), "--preview")
    assert r.exit_code == 0, r.output
    shown = tmp_path / "总结-预览"
    assert (shown / "总结-印发.pdf").exists() and (shown / "总结-印发-1.png").exists()
    assert "预览:" in r.output


def test_preview_is_for_docx_only(sample_db, tmp_path):
    r = run("draft", "ledger", "--db", str(sample_db), "--period", "2024H1", "-o", str(tmp_path / "a.md"), "--preview")
    assert r.exit_code == 1 and "--preview" in r.output
    assert not list(tmp_path.iterdir())


def test_speech_takes_the_speaker_and_date(sample_db, tmp_path):
    out = tmp_path / "讲话.md"
    r = run("draft", "speech", "--db", str(sample_db), "--period", "2024H1", "--speaker", "云溪县人民政府副县长",
            "--date", "2024-07-10", "-o", str(out))
    assert r.exit_code == 0, r.output
    head = out.read_text(encoding="utf-8").splitlines()[:5]
    assert "云溪县人民政府副县长" in head and "（2024年7月10日）" in head
    bad = run("draft", "speech", "--db", str(sample_db), "--period", "2024H1", "--date", "7月10日",
              "-o", str(tmp_path / "b.md"))
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output
