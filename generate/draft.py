"""Draft a document from the corpus: context -> template -> .docx (with comments, and a clean copy) or .md.

``draft(corpus, "half-year", period=parse_period("2024H1"), out="半年总结.docx")`` writes
``半年总结.docx`` (every figure from the database carries a Word comment with its source) and
``半年总结-印发.docx`` (the same text without comments, for issuing).  ``out`` ending in ``.md`` writes Markdown
with the sources as footnotes.  Nothing is written when anything fails, and an existing file is kept unless
``force``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.store import Corpus
from generate.context import KINDS, Period, build_context, missing_data
from generate.docx_writer import SourceNote, write_docx
from generate.markup import to_markdown
from generate.render import GenerateError, render

CLEAN_SUFFIX = "-印发"


class OutputExists(GenerateError):
    code = "E306"


class BadOutput(GenerateError):
    code = "E307"


@dataclass(frozen=True, slots=True)
class DraftResult:
    """What a draft wrote and what the user should know about it."""

    paths: tuple[Path, ...]  # the draft (with comments) first, then the clean copy
    text: str  # the rendered text (markup of generate.markup)
    context: dict[str, Any] = field(repr=False)
    sources: int = 0  # distinct cited sources
    reports: tuple[str, ...] = ()  # titles of the reports cited
    conflicts: tuple[dict[str, Any], ...] = ()
    missing: tuple[str, ...] = ()


def clean_copy_path(out: Path) -> Path:
    """半年总结.docx -> 半年总结-印发.docx"""
    return out.with_name(out.stem + CLEAN_SUFFIX + out.suffix)


def notes_of(sources: Mapping[str, Mapping[str, str]]) -> dict[str, SourceNote]:
    return {ref: SourceNote.from_dict(d) for ref, d in sources.items()}


def _write_text_atomic(text: str, out: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".duban-", suffix=out.suffix, dir=str(out.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def draft(
    corpus: Corpus,
    kind: str,
    *,
    period: Period,
    out: str | Path,
    region: str | None = None,
    template: str | Path | None = None,
    reference_docx: str | Path | None = None,
    force: bool = False,
    date: str | None = None,
    speaker: str | None = None,
) -> DraftResult:
    """Draft one document of ``kind`` (half-year, annual, speech, bulletin, ledger) for ``period``.

    Example:
        >>> draft(corpus, "half-year", period=parse_period("2024H1"), out="云溪县半年总结.docx")  # doctest: +SKIP
        DraftResult(paths=(PosixPath('云溪县半年总结.docx'), PosixPath('云溪县半年总结-印发.docx')), …)

    Raises:
        BadOutput: ``out`` is neither .docx nor .md, or its folder does not exist.
        OutputExists: ``out`` (or its clean copy) exists and ``force`` is false.
        GenerateError: the period has no reports, the template fails or is refused.
    """
    if kind not in KINDS:
        raise BadOutput(f"不认识的文稿类型 {kind!r}", f"可选: {'、'.join(KINDS)}")
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".docx", ".md"):
        raise BadOutput(f"{out}: 只能输出 .docx 或 .md", "如 -o 半年总结.docx 或 -o 半年总结.md")
    if not out.parent.is_dir():
        raise BadOutput(f"{out}: 文件夹 {out.parent} 不存在", "先建立该文件夹，或换一个输出路径")
    targets = [out, clean_copy_path(out)] if suffix == ".docx" else [out]
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise OutputExists(
            f"{'、'.join(str(p) for p in existing)} 已存在，未覆盖", "换一个文件名，或加 --force 覆盖"
        )
    extra = {"speaker": speaker} if speaker else {}
    ctx = build_context(corpus, kind, period=period, region=region, date=date, **extra)
    text = render(template or KINDS[kind], ctx)  # before anything is written: a failing template writes nothing
    notes = notes_of(ctx["sources"])
    if suffix == ".docx":
        write_docx(text, notes, out, comments=True, reference_docx=reference_docx)
        write_docx(text, notes, targets[1], comments=False, reference_docx=reference_docx)
    else:
        _write_text_atomic(to_markdown(text, {r: n.comment_text() for r, n in notes.items()}), out)
    titles = sorted({d["title"] for d in ctx["sources"].values() if not d.get("derivation")})
    return DraftResult(
        paths=tuple(targets), text=text, context=ctx, sources=len(ctx["sources"]), reports=tuple(titles),
        conflicts=tuple(ctx["conflicts"]), missing=tuple(missing_data(ctx)),
    )


__all__ = ["BadOutput", "DraftResult", "OutputExists", "clean_copy_path", "draft", "notes_of"]
