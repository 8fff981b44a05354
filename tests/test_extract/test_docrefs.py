"""DOC_REF recogniser (extract.recognize.docrefs): 文号 with real, masked and empty years."""

from __future__ import annotations

import pytest

from extract.recognize import Context
from extract.recognize.docrefs import find_doc_refs


def refs(text: str) -> list[str]:
    return [text[m.start : m.end] for m in find_doc_refs(text, Context())]


# fmt: off
CASES = [
    ("印发《实施方案》（东城委办字〔2021〕12号）", ["东城委办字〔2021〕12号"]),
    ("按照省府函〔20xx〕31号要求",                ["省府函〔20xx〕31号"]),
    ("根据县政办发[ 2014 ]8号文件",               ["县政办发[ 2014 ]8号"]),
    ("〔政办发()27号〕",                          ["政办发()27号"]),
    ("见[2023]12号通知",                          ["[2023]12号"]),
    ("转发市办字[xxx1]74号、市办发[xxx2]22号",     ["市办字[xxx1]74号", "市办发[xxx2]22号"]),
    ("印发了区府函〔2020〕第5号",                  ["区府函〔2020〕第5号"]),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_doc_refs(text, expected):
    assert refs(text) == expected


@pytest.mark.parametrize("text", ["（3）12号楼", "（二）5号地块", "2022年3月6号", "联系电话12345号"])
def test_not_doc_refs(text):
    assert refs(text) == []


def test_doc_ref_attrs():
    (m,) = find_doc_refs("东城委办字〔2021〕12号", Context())
    assert m.attrs == {"issuer": "东城委办字", "year": "2021", "number": "12"}
