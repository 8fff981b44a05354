import json

from click.testing import CliRunner

from duban.cli import cli


def test_extract_json_names_the_file_and_its_reports(seeds):
    path = next(seeds.glob("002_*.txt"))
    result = CliRunner().invoke(cli, ["extract", "--json", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    obj = json.loads(result.output)
    assert obj["file"] == path.name
    assert len(obj["reports"]) >= 1
