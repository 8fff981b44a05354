"""The data model: what a file becomes on its way through ``extract``.

Flow (one way): ``RawDocument`` (reader) -> ``NormalizedText`` (normalize) -> ``Report`` s (split, outline,
metadata, recognisers) -> ``ExtractedFile``.  Every record here is a frozen dataclass; plain dicts appear only
in ``Fact.attrs`` (kind-specific parsed values) and at the JSON / template boundary.

Offsets: ``Report.text`` is a slice of ``NormalizedText.text`` starting at ``Report.start``.  A ``Source`` span
is relative to the report text; ``NormalizedText.to_raw`` maps a normalised span back to the raw text, so any
fact can be shown as it was written.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class ReportKind(str, Enum):
    """What a report is.  Glossary:

    PROGRESS_REPORT       进展情况 / 工作汇报 / 信息      "……项目包保工作成效显著"
    MEETING_MINUTES       会议纪要 / 推进会议定事项        "会议议定如下事项"
    SUPERVISION_BULLETIN  督查通报 / 督办通报              "关于……督查情况的通报"
    SPEECH                讲话                             "同志们：……下面我讲三点意见"
    HALF_YEAR_SUMMARY     上半年工作总结 / 年度总结         "2023年上半年工作总结"
    WORK_PLAN             工作方案 / 实施方案 / 计划        "……督查工作方案"
    REGULATION            办法 / 制度 / 规定                "……管理办法"
    OTHER                 anything else (政府工作报告 …)
    """

    PROGRESS_REPORT = "progress_report"
    MEETING_MINUTES = "meeting_minutes"
    SUPERVISION_BULLETIN = "supervision_bulletin"
    SPEECH = "speech"
    HALF_YEAR_SUMMARY = "half_year_summary"
    WORK_PLAN = "work_plan"
    REGULATION = "regulation"
    OTHER = "other"


class FactKind(str, Enum):
    """What a Fact records.  Glossary:

    PROJECT  项目      named undertaking   "城南污水处理厂二期工程"
    FIGURE   数据/指标  number + unit      "完成投资3.2亿元"
    DATE     日期/时段  date or period     "2022年3月29日", "5月底", "一季度"
    AGREED   议定事项   meeting decision    "会议同意由市财政局牵头……"
    ISSUE    问题/困难  reported problem    "项目资金缺口较大"
    ORG      单位       organisation       "区住建局"
    PERSON   人员       person with a post "包保领导张某某"
    MEETING  会议       named meeting      "第一次推进会"
    DOC_REF  文号       document number    "小店委办字〔2022〕6号"
    """

    PROJECT = "project"
    FIGURE = "figure"
    DATE = "date"
    AGREED = "agreed"
    ISSUE = "issue"
    ORG = "org"
    PERSON = "person"
    MEETING = "meeting"
    DOC_REF = "doc_ref"


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One readable document as a reader returns it: text exactly as written, nothing cleaned.

    ``text`` holds the document's blocks in order, one per line ("\\n" between paragraphs); a table row is
    one line with its cells separated by "\\t".  ``path`` is what the user gave (for a zip member:
    ``archive.zip!member.docx``); ``sha256`` is of the file's (or member's) bytes: the document's identity.
    """

    path: str
    sha256: str
    format: str  # txt | docx | html | pdf | doc | wps | rtf | odt
    text: str
    size: int  # bytes
    encoding: str | None = None  # txt/html: the encoding that decoded it ("utf-8", "gb18030", "big5", ...)
    title: str | None = None  # a title the format itself carries (html <title>, docx core properties)
    notes: tuple[str, ...] = ()  # warnings worth keeping (e.g. "3 个字节无法解码，已替换")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Clean text plus a map back to the raw text.

    ``offsets[i]`` is the raw index of normalised character ``i``; ``offsets[len(text)]`` is the raw end.
    Inserted characters map to the raw position they were inserted at.
    """

    text: str
    offsets: array  # array('l'), len(text) + 1
    script: str = "simplified"  # "simplified" | "traditional": what the raw text was
    pinyin_removed: int = 0
    mojibake_repaired: int = 0
    mojibake_flagged: int = 0
    boilerplate_removed: int = 0

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span ``[start, end)`` to the raw span it came from."""
        if start >= end:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True, slots=True)
class Source:
    """The receipt every fact keeps: where exactly it was read."""

    path: str  # the document's path (zip members: archive.zip!member)
    sha256: str  # of the document's bytes
    report: int  # index of the report within the file
    paragraph: int  # index into Report.paragraphs
    start: int  # character offsets within Report.text
    end: int


@dataclass(frozen=True, slots=True)
class Fact:
    """A recognised fact.  ``text`` is exactly as in the (normalised) report, never rewritten.

    ``attrs`` holds what the recogniser parsed, by kind (see ``extract.jsonout`` for the JSON shape):
      FIGURE  value (float | [lo, hi] | None), unit, of, approx, project
      DATE    iso (None when unknown), resolved_from
      AGREED  owner [..], co_owners [..], deadline, deadline_iso, status, project, projects [..]
      ISSUE   project, status, generic
      PROJECT name (canonical), aliases [..]
      ORG     name;  PERSON name, post;  MEETING name, date, projects, agreed_items;  DOC_REF —
    A value that could not be parsed is ``None``; the fact is still kept.
    """

    kind: FactKind
    text: str
    source: Source
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of a report.  ``start``/``end`` are offsets in ``Report.text``."""

    index: int
    start: int
    end: int
    text: str
    level: int = 0  # outline level: 0 body, 1 一、 2 （一） 3 1. 4 （1）
    heading: bool = False  # a heading line (short, no sentence-final punctuation after the marker)
    sentences: tuple[tuple[int, int], ...] = ()  # spans in Report.text


@dataclass(frozen=True, slots=True)
class Report:
    """One report.  A file may hold several (篇一 … 篇十七, 扩展阅读, 【…范文】)."""

    index: int  # position within the file
    text: str  # normalised text of this report
    start: int  # offset of ``text`` in the file's NormalizedText.text
    title: str | None = None
    date_text: str | None = None  # as written: "2023-01-16", "201*年5月17日"
    date: str | None = None  # ISO when complete ("2023-01-16"), else None — masked years are never guessed
    issuer: str | None = None
    kind: ReportKind = ReportKind.OTHER
    period_text: str | None = None  # as written: "2023年上半年", "1-6月份"
    period_start: str | None = None  # ISO date
    period_end: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    facts: tuple[Fact, ...] = ()
    duplicate_of: int | None = None  # index of an earlier report in the same file with the same text
    content_sha256: str = ""  # of ``text``: what identifies a report across files

    @property
    def chars(self) -> int:
        return len(self.text)


@dataclass(frozen=True, slots=True)
class ExtractedFile:
    """Everything ``extract`` knows about one document."""

    raw: RawDocument
    normalized: NormalizedText
    reports: tuple[Report, ...]
