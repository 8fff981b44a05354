"""corpus.ingest over real files in tmp_path: idempotence, history, zips, failures, order, limits.

The inputs are written by the tests (fictional 云溪县 reports), or made broken on purpose.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import corpus.ingest as ingest_module
from corpus.ingest import ingest_paths, iter_input_files, with_sizes
from corpus.store import IngestStatus
from extract.readers import DEFAULT_LIMITS

MAY = """云溪县2024年5月重点项目建设进展情况
云溪县重点项目建设推进办公室
2024年6月5日
一、总体进展情况
1-5月累计完成投资27.8亿元，占年度计划的44.6%。
二、存在的问题
滨河大道二期工程征收遗留问题尚未解决，制约项目按期推进。
"""

JUNE = """云溪县2024年6月重点项目建设进展情况
云溪县重点项目建设推进办公室
2024年7月4日
一、总体进展情况
1-6月累计完成投资33.6亿元，占年度计划的53.9%。
"""

MINUTES = """云溪县重点项目建设推进会会议纪要
会议议定：由城东街道牵头，县住建局配合，6月25日前完成剩余12户房屋征收。
云溪县人民政府办公室
2024年6月14日
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.fixture
def reports_dir(tmp_path):
    folder = tmp_path / "月报"
    write(folder / "2024-05.txt", MAY)
    write(folder / "2024-06.txt", JUNE, "gb18030")
    write(folder / "纪要" / "推进会.txt", MINUTES)
    return folder


@pytest.fixture
def db(corpus):
    """The corpus fixture of conftest: SQLite, and PostgreSQL when DUBAN_TEST_PG is set."""
    return corpus


def test_ingest_twice_adds_nothing(db, reports_dir):
    first = ingest_paths(db, [reports_dir])
    counts = db.counts()
    second = ingest_paths(db, [reports_dir])
    assert (first.added, first.failed, first.files) == (3, 0, 3)
    assert first.reports == counts.reports >= 3
    assert (second.added, second.unchanged, second.reports, second.facts) == (0, 3, 0, 0)
    assert db.counts() == counts


def test_second_run_does_not_extract_again(db, reports_dir, monkeypatch):
    ingest_paths(db, [reports_dir])

    def no_extraction(*args, **kwargs):
        raise AssertionError("stored bytes were extracted again")

    monkeypatch.setattr(ingest_module, "extract_path", no_extraction)
    summary = ingest_paths(db, [reports_dir])
    assert (summary.unchanged, summary.failed) == (3, 0)


def test_changed_file_replaces_its_previous_version(db, reports_dir):
    ingest_paths(db, [reports_dir])
    write(reports_dir / "2024-05.txt", MAY.replace("27.8亿元", "27.9亿元"))
    summary = ingest_paths(db, [reports_dir])
    assert (summary.replaced, summary.unchanged, summary.added) == (1, 2, 0)
    counts = db.counts()
    assert (counts.documents, counts.locations, counts.current_locations) == (4, 4, 3)
    texts = [db.get_report(r.id).text for r in db.iter_reports()]
    assert sum("27.9亿元" in t for t in texts) == 1 and not any("27.8亿元" in t for t in texts)
    old = [r for r in db.iter_reports(current_only=False) if not r.current]
    assert len(old) >= 1 and "27.8亿元" in db.get_report(old[0].id).text


def test_same_content_at_two_paths_and_in_a_zip_is_stored_once(db, tmp_path):
    write(tmp_path / "a" / "五月.txt", MAY)
    write(tmp_path / "b" / "五月（副本）.txt", MAY)
    make_zip(tmp_path / "c" / "汇编.zip", {"五月.txt": MAY.encode(), "六月.txt": JUNE.encode()})
    summary = ingest_paths(db, [tmp_path / "a", tmp_path / "b", tmp_path / "c"])
    assert (summary.added, summary.same_content, summary.failed) == (2, 2, 0)
    counts = db.counts()
    assert (counts.documents, counts.locations) == (2, 4)
    may = next(r for r in db.iter_reports() if "5月" in (r.title or ""))
    paths = db.get_report(may.id).paths
    assert [Path(p.split("!")[0]).name for p in paths] == ["五月.txt", "五月（副本）.txt", "汇编.zip"]
    assert paths[2].endswith("汇编.zip!五月.txt")


def test_unchanged_zip_is_not_extracted_again(db, tmp_path, monkeypatch):
    archive = make_zip(tmp_path / "汇编.zip", {"五月.txt": MAY.encode(), "纪要.txt": MINUTES.encode()})
    assert ingest_paths(db, [archive]).added == 2
    monkeypatch.setattr(ingest_module, "extract_path", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    summary = ingest_paths(db, [archive])
    assert (summary.unchanged, summary.added, summary.failed) == (2, 0, 0)


def test_zip_of_files_already_stored_is_located_without_extraction(db, tmp_path, monkeypatch):
    write(tmp_path / "folder" / "五月.txt", MAY)
    write(tmp_path / "folder" / "纪要.txt", MINUTES)
    archive = make_zip(tmp_path / "汇编.zip", {"五月.txt": MAY.encode(), "纪要.txt": MINUTES.encode()})
    ingest_paths(db, [tmp_path / "folder"])
    monkeypatch.setattr(ingest_module, "extract_path", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    summary = ingest_paths(db, [archive])
    assert (summary.same_content, summary.added, summary.failed) == (2, 0, 0)
    members = sorted(p for p in db.current_locations() if "!" in p)
    assert members == [f"{archive.resolve()}!五月.txt", f"{archive.resolve()}!纪要.txt"]


def test_member_taken_out_of_a_zip_is_no_longer_current(db, tmp_path):
    archive = make_zip(tmp_path / "汇编.zip", {"五月.txt": MAY.encode(), "六月.txt": JUNE.encode()})
    ingest_paths(db, [archive])
    make_zip(archive, {"五月.txt": MAY.encode()})
    summary = ingest_paths(db, [archive])
    assert (summary.unchanged, summary.added, summary.failed) == (1, 0, 0)
    assert sorted(Path(p).name for p in db.current_locations()) == ["汇编.zip!五月.txt"]
    assert [r.title for r in db.iter_reports()] == ["云溪县2024年5月重点项目建设进展情况"]
    assert db.counts().documents == 2  # the June report stays in history


def test_zip_with_a_new_member_is_read_again(db, tmp_path):
    archive = make_zip(tmp_path / "汇编.zip", {"五月.txt": MAY.encode()})
    ingest_paths(db, [archive])
    make_zip(archive, {"五月.txt": MAY.encode(), "六月.txt": JUNE.encode()})
    summary = ingest_paths(db, [archive])
    assert (summary.unchanged, summary.added) == (1, 1)


# Broken inputs made here, each with the code its reader gives.  The batch must store the good file anyway.
# fmt: off
BAD_INPUTS = [
    ("空.txt",         b"",                                   "E10"),    # empty
    ("乱码.txt",       bytes(range(256)) * 8,                 "E101"),   # binary junk named .txt
    ("截断.docx",      None,                                  "E101"),   # a docx cut off half way
    ("图片.docx",      b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,   "E10"),    # a picture named .docx
]
# fmt: on


def _truncated_docx() -> bytes:
    docx = pytest.importorskip("docx")
    buf = io.BytesIO()
    doc = docx.Document()
    for line in MAY.splitlines():
        doc.add_paragraph(line)
    doc.save(buf)
    return buf.getvalue()[: len(buf.getvalue()) // 2]


@pytest.mark.parametrize("name,data,code", BAD_INPUTS)
def test_bad_input_is_recorded_and_the_batch_goes_on(db, tmp_path, name, data, code):
    folder = tmp_path / "in"
    write(folder / "0-好.txt", MAY)
    (folder / name).write_bytes(_truncated_docx() if data is None else data)
    write(folder / "9-好.txt", JUNE)
    summary = ingest_paths(db, [folder])
    assert summary.added == 2
    assert summary.failed == 1
    failure = summary.failures[0]
    assert failure.code.startswith(code)
    assert failure.path.endswith(name)
    assert failure.message.startswith(f"[{failure.code}]") and name in failure.message
    stored = db.failures()
    assert [(f.path, f.code, f.stage) for f in stored] == [(failure.path, failure.code, failure.stage)]


def test_explicitly_named_unsupported_file_fails_with_its_code(db, tmp_path):
    path = write(tmp_path / "台账.xyz", "项目名称\t完成投资\n")
    summary = ingest_paths(db, [path])
    assert [f.code for f in summary.failures] == ["E102"]


def test_empty_file_failure_keeps_its_sha256(db, tmp_path):
    path = write(tmp_path / "空.txt", "")
    ingest_paths(db, [path])
    assert db.failures()[0].sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_an_unexpected_exception_is_recorded_as_internal_and_the_batch_goes_on(db, reports_dir, monkeypatch):
    real = ingest_module.extract_path

    def flaky(path, **kwargs):
        if path.endswith("2024-06.txt"):
            raise RuntimeError("recogniser bug")
        return real(path, **kwargs)

    monkeypatch.setattr(ingest_module, "extract_path", flaky)
    summary = ingest_paths(db, [reports_dir])
    assert (summary.added, summary.failed) == (2, 1)
    failure = db.failures()[0]
    assert (failure.stage, failure.code) == ("internal", "E299")
    assert "RuntimeError" in failure.message and "recogniser bug" in failure.message
    assert db.incomplete_documents() == []


def test_too_large_file_is_refused_by_the_limit(db, tmp_path):
    path = write(tmp_path / "大文件.txt", MAY * 200)
    summary = ingest_paths(db, [path], limits=with_sizes(DEFAULT_LIMITS, file_bytes=10_000))
    assert [f.code for f in summary.failures] == ["E104"]
    assert db.counts().documents == 0


def test_folder_walk_is_sorted_and_skips_hidden_lock_and_non_document_files(tmp_path):
    write(tmp_path / "b" / "2.txt", MAY)
    write(tmp_path / "b" / "1.txt", MAY)
    write(tmp_path / "a.txt", MAY)
    write(tmp_path / ".git" / "x.txt", MAY)
    write(tmp_path / ".隐藏.txt", MAY)
    write(tmp_path / "~$推进会.docx", "lock")
    write(tmp_path / "index.jsonl", "{}")
    skipped: list[str] = []
    files = list(iter_input_files([tmp_path, tmp_path / "a.txt"], skipped=skipped))
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a.txt", "b/1.txt", "b/2.txt"]
    assert [Path(p).name for p in skipped] == ["index.jsonl"]


def test_progress_is_reported_for_every_file_in_order(db, reports_dir):
    seen = []
    ingest_paths(db, [reports_dir], on_progress=lambda done, total, path: seen.append((done, total, Path(path).name)))
    assert seen == [(0, 3, ""), (1, 3, "2024-05.txt"), (2, 3, "2024-06.txt"), (3, 3, "推进会.txt")]


def test_status_values_are_plain_strings():
    # they go into JSON and SQL unchanged
    assert [s.value for s in IngestStatus] == ["added", "replaced", "unchanged", "same_content"]
