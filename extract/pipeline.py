"""The extraction pipeline: path -> ``ExtractedFile`` s.

    read (extract.readers) -> normalize -> split into reports -> outline + metadata -> recognise (spaCy)

``extract_path`` is the one entry point the corpus and the CLI use.  The spaCy ``Language`` is
``spacy.blank("zh")`` with the jieba segmenter (a private ``jieba.Tokenizer`` loaded with duban's user
dictionary, so the process-wide jieba is untouched); each recogniser of ``extract.recognize`` is a component
that puts its mentions in ``doc.spans[<kind>]`` with the parsed values on ``span._.attrs``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from extract.errors import ExtractError
from extract.meta import report_metadata
from extract.model import (
    ExtractedFile,
    Fact,
    FactKind,
    NormalizedText,
    Paragraph,
    RawDocument,
    Report,
    Source,
)
from extract.normalize import normalize
from extract.outline import outline
from extract.readers import DEFAULT_LIMITS, Limits, iter_documents
from extract.recognize import Context, Mention, recognisers
from extract.split import split_reports

USER_DICT = Path(__file__).parent / "rules" / "lexicon" / "user_dict.txt"


@functools.cache
def get_jieba():
    """A private ``jieba.Tokenizer`` with duban's user dictionary (the module-level jieba is left alone)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    if USER_DICT.exists():
        tok.load_userdict(str(USER_DICT))
    return tok


class JiebaTokenizer:
    """spaCy tokenizer: jieba words, whitespace kept as spaCy expects."""

    def __init__(self, vocab):
        self.vocab = vocab
        self.seg = get_jieba()

    def __call__(self, text: str):
        from spacy.tokens import Doc

        # HMM off: dictionary words only (the recognisers work on the text; tokens serve spans and displaCy).
        # jieba's words concatenate to the text exactly (whitespace comes back as words of its own), so no
        # token carries a trailing space and doc.text == text.
        words = [w for w in self.seg.cut(text, HMM=False) if w]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@functools.cache
def get_nlp():
    """The spaCy pipeline, built on first use (jieba's dictionary takes a second to load)."""
    import spacy
    from spacy.tokens import Span

    if not Span.has_extension("attrs"):
        Span.set_extension("attrs", default=None)
    # "char" at construction so spaCy does not initialise the process-wide jieba; then our own segmenter.
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.tokenizer = JiebaTokenizer(nlp.vocab)
    # No parser or NER keeps per-token state, so long reports (a decade's bulletin in one file) are fine.
    nlp.max_length = 200_000_000
    for name, func in recognisers():
        nlp.add_pipe(_component_factory(name, func), name=name)
    return nlp


def _component_factory(name: str, func):
    """Register ``func`` (a plain recogniser) as a spaCy component called ``name`` and return the name."""
    from spacy.language import Language

    if not Language.has_factory(name):

        @Language.component(name)
        def component(doc):
            ctx: Context = doc.user_data["duban_ctx"]
            # the text is stored once: doc.text rebuilds the string from every token on each call
            found = func(doc.user_data["duban_text"], ctx)
            ctx.mentions.extend(found)
            groups: dict[str, list] = {}
            for m in found:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None:
                    continue
                span._.attrs = {"start": m.start, "end": m.end, **m.attrs}
                groups.setdefault(m.kind.value, []).append(span)
            for key, spans in groups.items():
                doc.spans[key] = (list(doc.spans[key]) if key in doc.spans else []) + spans
            return doc

    return name


def recognise(text: str, ctx: Context) -> list[Mention]:
    """Run every recogniser over one report's text; mentions in pipeline order."""
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["duban_ctx"] = ctx
    doc.user_data["duban_text"] = text
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return list(ctx.mentions)


def _iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def build_reports(
    raw: RawDocument, norm: NormalizedText, *, recognize: bool = True, known_projects: Sequence[str] = ()
) -> tuple[Report, ...]:
    """Split a normalised document into reports and fill each one in."""
    reports: list[Report] = []
    for i, seg in enumerate(split_reports(norm.text)):
        text = norm.text[seg.start : seg.end]
        paras = outline(text)
        meta = report_metadata(text, title_hint=seg.title or (raw.title if i == 0 else None), file_name=raw.path)
        facts: tuple[Fact, ...] = ()
        if recognize and seg.duplicate_of is None:
            ctx = Context(report_date=_iso_date(meta.date), report_kind=meta.kind, known_projects=tuple(known_projects))
            facts = tuple(_to_facts(recognise(text, ctx), text, paras, raw, i))
        reports.append(
            Report(
                index=i,
                text=text,
                start=seg.start,
                title=meta.title,
                date_text=meta.date_text,
                date=meta.date,
                issuer=meta.issuer,
                kind=meta.kind,
                period_text=meta.period_text,
                period_start=meta.period_start,
                period_end=meta.period_end,
                paragraphs=paras,
                facts=facts,
                duplicate_of=seg.duplicate_of,
                content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            )
        )
    return tuple(reports)


def _to_facts(
    mentions: list[Mention], text: str, paras: tuple[Paragraph, ...], raw: RawDocument, report: int
) -> Iterator[Fact]:
    starts = [p.start for p in paras]
    for m in mentions:
        para = max(bisect.bisect_right(starts, m.start) - 1, 0)
        src = Source(raw.path, raw.sha256, report, para, m.start, m.end)
        yield Fact(m.kind, text[m.start : m.end], src, dict(m.attrs))


def process_document(
    raw: RawDocument, *, recognize: bool = True, known_projects: Sequence[str] = ()
) -> ExtractedFile:
    """Normalise, split and recognise one document that a reader returned."""
    norm = normalize(raw.text)
    reports = build_reports(raw, norm, recognize=recognize, known_projects=known_projects)
    return ExtractedFile(raw=raw, normalized=norm, reports=reports)


def extract_path(
    path: str | Path, *, recognize: bool = True, limits: Limits = DEFAULT_LIMITS, known_projects: Sequence[str] = ()
) -> Iterator[ExtractedFile | ExtractError]:
    """One input file -> one ``ExtractedFile`` per document it holds (a zip holds several).

    Bad input is yielded as the ``ExtractError`` that says what is wrong, never dropped.
    """
    for item in iter_documents(path, limits=limits):
        if isinstance(item, ExtractError):
            yield item
            continue
        yield process_document(item, recognize=recognize, known_projects=known_projects)


def mentions_of(ef: ExtractedFile, kind: FactKind) -> Iterator[tuple[Report, Fact]]:
    """Every fact of ``kind`` in the file's distinct reports (repeats skipped)."""
    for r in ef.reports:
        if r.duplicate_of is not None:
            continue
        for f in r.facts:
            if f.kind == kind:
                yield r, f
