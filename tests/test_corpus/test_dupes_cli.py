"""``duban dupes`` end to end on a database of reports written for the test (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus.store import Corpus
from duban.cli import cli
from extract.model import FactKind

# fmt: off
FILES = [
    ("m5.txt", "云溪县2024年5月重点项目进展", ["滨河大道二期工程征收遗留问题尚未解决，影响主线施工",
                                          "城南污水处理厂配套管网建设资金缺口较大<script>"]),
    ("m6.txt", "云溪县2024年6月重点项目进展", ["滨河大道二期工程征收遗留问题仍未解决，影响主线施工",
                                          "县第二中学迁建项目用地报批手续尚未办结"]),
]
# fmt: on


@pytest.fixture
def db(corpus: Corpus, kit) -> str:
    for path, title, issues in FILES:
        text = title + "\n存在的问题\n" + "\n".join(issues) + "\n"
        corpus.add_document(kit.make_file(path, text, facts=[(FactKind.ISSUE, i, {"status": "open"}) for i in issues]))
    return corpus.url


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_dupes_json(db: str) -> None:
    result = run("dupes", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    (cluster,) = data["clusters"]
    assert cluster["relation"] == "recurring_problem" and cluster["count"] == 2
    assert {m["file"] for m in cluster["members"]} == {"m5.txt", "m6.txt"}
    assert all(m["text"].startswith("滨河大道二期工程征收遗留问题") for m in cluster["members"])
    assert {"report_id", "title", "date", "issuer"} <= set(cluster["members"][0])
    assert cluster["still_open"] is True
    # a second run compares nothing new and shows the same cluster id
    again = json.loads(run("dupes", "--db", db, "--json").stdout)
    assert again["clusters"][0]["id"] == cluster["id"]


def test_dupes_text_csv_html(db: str, tmp_path: Path) -> None:
    result = run("dupes", "--db", db)
    assert result.exit_code == 0
    assert "问题反复出现" in result.stdout and "m6.txt" in result.stdout
    out_csv, out_html = tmp_path / "d.csv", tmp_path / "d.html"
    assert run("dupes", "--db", db, "--csv", str(out_csv), "--html", str(out_html)).exit_code == 0
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8-sig")))
    assert len(rows) == 2 and {r["file"] for r in rows} == {"m5.txt", "m6.txt"}
    page = out_html.read_text(encoding="utf-8")
    assert "<ins>仍</ins>" in page and "<del>尚</del>" in page  # 尚未 -> 仍未 marked


def test_dupes_html_escapes(db: str, tmp_path: Path, kit) -> None:
    with Corpus(db) as c:
        text = "云溪县2024年7月重点项目进展\n存在的问题\n城南污水处理厂配套管网建设资金缺口较大<script>\n"
        c.add_document(kit.make_file("m7.txt", text, facts=[(FactKind.ISSUE, "城南污水处理厂配套管网建设资金缺口较大<script>", {})]))
    out = tmp_path / "d.html"
    assert run("dupes", "--db", db, "--html", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "<script>" not in page


def test_dupes_explain(db: str) -> None:
    data = json.loads(run("dupes", "--db", db, "--json").stdout)
    a, b = (m["ref_id"] for m in data["clusters"][0]["members"])
    result = run("dupes", "--db", db, "--explain", str(a), str(b))
    assert result.exit_code == 0
    for word in ("匹配键", "候选方式", "ratio", "cosine", "bag", "blend", "阈值: 0.60", "bigram+blend"):
        assert word in result.stdout
    bad = CliRunner().invoke(cli, ["dupes", "--db", db, "--explain", str(a), "999999"])
    assert bad.exit_code == 1 and "[E260]" in bad.output


def test_dupes_report_level_and_filters(db: str) -> None:
    assert json.loads(run("dupes", "--db", db, "--level", "report", "--json").stdout) == {"clusters": []}
    assert json.loads(run("dupes", "--db", db, "--since", "2030", "--json").stdout) == {"clusters": []}
    assert json.loads(run("dupes", "--db", db, "--min-score", "0.99", "--json").stdout) == {"clusters": []}
    assert len(json.loads(run("dupes", "--db", db, "--full", "--jobs", "2", "--json").stdout)["clusters"]) == 1
    assert "--explain" in run("dupes", "--help").stdout
