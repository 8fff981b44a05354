"""The spaCy pipeline: jieba tokens that rebuild the text exactly, every recogniser a component."""

import pytest

from extract.model import FactKind, RawDocument
from extract.pipeline import get_nlp, process_document, recognise
from extract.recognize import Context


@pytest.mark.parametrize("text", ["项目建设进展顺利。", "项目 建设\n\n进展  顺利。", "  a b  ", "", "完成投资3.2亿元，\t占比97%"])
def test_tokens_rebuild_the_text_exactly(text):
    doc = get_nlp().make_doc(text)
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text


def test_every_recogniser_is_a_named_component():
    names = get_nlp().pipe_names
    for expected in ("duban_projects", "duban_figures", "duban_issues", "duban_agreed", "duban_orgs", "duban_dates"):
        assert expected in names


def test_mentions_carry_offsets_into_the_report_text():
    text = "城南污水处理厂二期工程完成投资3.2亿元，项目用地报批滞后。"
    mentions = recognise(text, Context())
    figures = [m for m in mentions if m.kind == FactKind.FIGURE]
    assert figures and text[figures[0].start : figures[0].end].endswith("3.2亿元")
    assert figures[0].attrs["value"] == 320_000_000


def test_facts_keep_their_receipt():
    raw = RawDocument(path="x.txt", sha256="0" * 64, format="txt", text="全县共实施重点项目12个。\n完成投资3.2亿元。", size=10)
    ef = process_document(raw)
    (report,) = ef.reports
    for fact in report.facts:
        src = fact.source
        assert report.text[src.start : src.end] == fact.text
        para = report.paragraphs[src.paragraph]
        assert para.start <= src.start and src.end <= para.end
        assert src.sha256 == raw.sha256
