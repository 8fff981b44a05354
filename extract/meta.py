"""Report metadata: title, date (as written and ISO when complete), issuer, kind, period covered.

STUB — being written.  Interface (stable):

    report_metadata(text: str, *, title_hint: str | None = None, file_name: str = "") -> ReportMeta
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.model import ReportKind


@dataclass(frozen=True, slots=True)
class ReportMeta:
    title: str | None = None
    date_text: str | None = None
    date: str | None = None  # ISO, only when complete; masked years (201*, 20xx) stay None
    issuer: str | None = None
    kind: ReportKind = ReportKind.OTHER
    period_text: str | None = None
    period_start: str | None = None
    period_end: str | None = None


def report_metadata(text: str, *, title_hint: str | None = None, file_name: str = "") -> ReportMeta:
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), None)
    return ReportMeta(title=title_hint or first)
