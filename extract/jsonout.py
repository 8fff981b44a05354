"""The extraction JSON of ``../shared/eval/FORMAT.md``: one object per input document.

Lists run over the whole file (a file may hold several reports); reports that repeat an earlier one in the
same file are listed under ``duplicate_reports`` and contribute no facts.  Extra keys (offsets, report index)
are allowed by the format and kept so every fact can be found again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extract.model import ExtractedFile, Fact, FactKind, Report

# FactKind -> (JSON list name, attrs copied into the entry)
_LISTS: dict[FactKind, tuple[str, tuple[str, ...]]] = {
    FactKind.PROJECT: ("projects", ("name", "aliases")),
    FactKind.FIGURE: ("figures", ("value", "unit", "of", "approx", "project")),
    FactKind.DATE: ("dates", ("iso", "partial", "qualifier")),
    FactKind.AGREED: (
        "agreed_items",
        ("owner", "co_owners", "deadline", "deadline_iso", "status", "project", "projects"),
    ),
    FactKind.ISSUE: ("issues", ("project", "status", "generic")),
    FactKind.ORG: ("orgs", ("name",)),
    FactKind.PERSON: ("people", ("name", "post")),
    FactKind.MEETING: ("meetings", ("name", "date", "count", "projects", "agreed_items")),
    FactKind.DOC_REF: ("doc_refs", ("issuer", "year", "number")),
}


def report_json(r: Report) -> dict[str, Any]:
    first_line = next((p.text.strip() for p in r.paragraphs if p.text.strip()), "")
    return {
        "index": r.index,
        "title": r.title,
        "date": r.date or r.date_text,
        "kind": r.kind.value,
        "issuer": r.issuer,
        "first_line": first_line[:20],
        "period": r.period_text,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "chars": r.chars,
    }


def fact_json(f: Fact) -> dict[str, Any]:
    _, keys = _LISTS[f.kind]
    entry: dict[str, Any] = {"text": f.text}
    for k in keys:
        if k in f.attrs and f.attrs[k] is not None:
            entry[k] = f.attrs[k]
    if f.kind in (FactKind.PROJECT, FactKind.ORG) and "name" not in entry:
        entry["name"] = f.text
    entry["report"] = f.source.report
    entry["span"] = [f.source.start, f.source.end]
    return entry


def file_json(ef: ExtractedFile) -> dict[str, Any]:
    """The FORMAT.md object for one document."""
    out: dict[str, Any] = {
        "file": Path(ef.raw.path.split("!")[-1]).name,
        "path": ef.raw.path,
        "sha256": ef.raw.sha256,
        "format": ef.raw.format,
        "encoding": ef.raw.encoding,
        "reports": [report_json(r) for r in ef.reports if r.duplicate_of is None],
        "duplicate_reports": [
            {"index": r.index, "title": r.title, "duplicate_of": r.duplicate_of}
            for r in ef.reports
            if r.duplicate_of is not None
        ],
        "normalization": {
            "script": ef.normalized.script,
            "pinyin_removed": ef.normalized.pinyin_removed,
            "mojibake_repaired": ef.normalized.mojibake_repaired,
            "mojibake_flagged": ef.normalized.mojibake_flagged,
            "boilerplate_removed": ef.normalized.boilerplate_removed,
        },
    }
    for name, _ in _LISTS.values():
        out[name] = []
    seen_projects: set[str] = set()
    seen_orgs: set[str] = set()
    for r in ef.reports:
        if r.duplicate_of is not None:
            continue
        for f in r.facts:
            name, _ = _LISTS[f.kind]
            entry = fact_json(f)
            # projects and orgs are sets of names per file; everything else is one entry per occurrence
            if f.kind in (FactKind.PROJECT, FactKind.ORG):
                seen = seen_projects if f.kind == FactKind.PROJECT else seen_orgs
                if entry["name"] in seen:
                    continue
                seen.add(entry["name"])
            out[name].append(entry)
    return out
