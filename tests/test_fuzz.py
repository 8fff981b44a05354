"""Hostile input, fuzzed: random bytes and damaged real files through every reader and the pipeline.

Small valid files are made here (txt in UTF-8 and GBK, docx by python-docx, html, pdf by reportlab, a zip of
some of them); hypothesis flips, truncates and inserts bytes, and the result goes through
``extract.readers.iter_bytes`` (the dispatcher behind ``iter_documents``, by the file's suffix) and, for every
document that reads, ``extract.pipeline.process_document`` with the recognisers.  The only exceptions allowed
are duban's own ``ExtractError`` (yielded or raised).  ``normalize`` is fuzzed on random text for its offset
map.  Bounded: a fixed number of examples, no deadline (the first call loads the dictionaries).
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.errors import ExtractError
from extract.model import RawDocument
from extract.normalize import normalize
from extract.pipeline import process_document
from extract.readers import DEFAULT_LIMITS, Limits
from extract.readers.dispatch import iter_bytes

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
# small limits: a mutated length field must not make the test read hundreds of megabytes
LIMITS = Limits(**{**{f: getattr(DEFAULT_LIMITS, f) for f in DEFAULT_LIMITS.__dataclass_fields__},
                   "max_file_bytes": 4 * 2**20, "max_archive_bytes": 8 * 2**20})

TEXT = """云溪县2024年6月重点项目建设进展情况
一、总体进展情况
1-6月累计完成投资33.6亿元，占年度计划的53.9%。
二、存在的问题
（一）滨河大道二期工程征收遗留问题尚未解决。
三、下步工作
1.县住建局牵头，于2024年7月31日前完成征收扫尾。
"""


def _docx() -> bytes:
    import docx

    document = docx.Document()
    for line in TEXT.splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "项目", "完成投资"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf() -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 12)
    for i, line in enumerate(TEXT.splitlines()):
        page.drawString(60, 780 - 18 * i, line)
    page.save()
    return out.getvalue()


def _html() -> bytes:
    body = "".join(f"<p>{line}</p>" for line in TEXT.splitlines())
    return f"<html><head><meta charset='utf-8'><title>进展</title></head><body>{body}</body></html>".encode()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("6月/进展.txt", TEXT.encode())
        zf.writestr("6月/汇报.docx", _docx())
        zf.writestr("../../逃逸.txt", TEXT.encode("gbk"))
    return out.getvalue()


@cache
def samples() -> dict[str, bytes]:
    return {"txt": TEXT.encode(), "gbk.txt": TEXT.encode("gbk"), "docx": _docx(), "html": _html(),
            "pdf": _pdf(), "zip": _zip()}


KINDS = ("txt", "gbk.txt", "docx", "html", "pdf", "zip")


def mutate(data: bytes, ops: list[tuple[str, int, bytes]]) -> bytes:
    buf = bytearray(data)
    for op, where, junk in ops:
        at = where % (len(buf) + 1)
        if op == "flip" and buf:
            buf[at % len(buf)] ^= junk[0] if junk else 0xFF
        elif op == "truncate":
            del buf[at:]
        elif op == "insert":
            buf[at:at] = junk
        elif op == "delete":
            del buf[at:at + len(junk) + 1]
    return bytes(buf)


OPS = st.lists(
    st.tuples(st.sampled_from(("flip", "truncate", "insert", "delete")), st.integers(0, 2**20),
              st.binary(min_size=1, max_size=16)),
    min_size=1, max_size=6,
)


def read_and_process(data: bytes, label: str) -> list:
    """Everything duban makes of ``data``; fails the test on any exception that is not an ExtractError."""
    made: list = []
    try:
        for item in iter_bytes(data, label, LIMITS):
            assert isinstance(item, RawDocument | ExtractError), type(item)
            if isinstance(item, ExtractError):
                assert str(item).startswith("[E1"), str(item)  # coded, with a message for the user
                made.append(item)
                continue
            try:
                made.append(process_document(item))
            except ExtractError as err:
                made.append(err)
    except ExtractError as err:
        made.append(err)
    return made


def test_the_unmutated_samples_read():
    for kind in KINDS:
        made = read_and_process(samples()[kind], f"样本.{kind}")
        assert made and not any(isinstance(m, ExtractError) for m in made), (kind, made)
        assert any("滨河大道二期工程" in m.normalized.text for m in made), kind


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(ops=OPS)
def test_damaged_files_give_only_duban_errors(kind, ops):
    read_and_process(mutate(samples()[kind], ops), f"损坏.{kind}")


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(("txt", "docx", "doc", "html", "pdf", "zip", "xlsx",
                                                             "rtf", "wps")))
def test_random_bytes_give_only_duban_errors(data, suffix):
    read_and_process(data, f"随机.{suffix}")


@FUZZ
@given(prefix=st.sampled_from((b"PK\x03\x04", b"%PDF-1.4\n", b"<html>", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                               b"{\\rtf1", b"\xef\xbb\xbf", b"\xff\xfe")),
       tail=st.binary(max_size=2048), suffix=st.sampled_from(("txt", "docx", "pdf", "zip", "doc")))
def test_magic_numbers_with_junk_give_only_duban_errors(prefix, tail, suffix):
    read_and_process(prefix + tail, f"伪装.{suffix}")


# text a reader can return: any character but lone surrogates, plus the pieces normalize works hardest on
PIECES = st.sampled_from((
    "项目建设(shè)", "進(jìn)展", "（zhòng diǎn）", "(", "）", "３．２億元", "\u3000", "\r\n", "\t", "ｱｲｳ", "é", "ü",
    "锟斤拷", "Ã©", "第一章", "一、", "（一）", "1.", "■", "·", "\u200b", "\ufeff", "ā", "\U0002a6a5",
))
RAW_TEXT = st.lists(st.one_of(PIECES, st.text(st.characters(exclude_categories=("Cs",)), max_size=12)),
                    max_size=40).map("".join)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(raw=RAW_TEXT)
def test_normalize_never_raises_and_keeps_its_offset_map(raw):
    norm = normalize(raw)
    offsets = list(norm.offsets)
    assert len(offsets) == len(norm.text) + 1
    assert all(0 <= o <= len(raw) for o in offsets)
    assert all(a <= b for a, b in zip(offsets, offsets[1:], strict=False))
