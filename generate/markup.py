"""The text a template renders, and how it maps to blocks (docx) and Markdown.

A rendered document is plain lines:

    # 标题                       the title (one line)
    一、总体情况                  outline headings, recognised by their markers: 一、 （一） 1.
    正文段落……                    body paragraphs, one per line
    | 项目 | 完成率 |               a Markdown table (the |---| line is optional and skipped)
    @@ ××县重点项目办公室         a right-aligned line (落款: issuer, date)
    ^^ （2023年7月10日）          a centred line under the title (speaker, date of a speech)

Inline, a cited figure is ``〖12.35亿元|3〗``: the figure as shown, and the key of its source.  Markdown
output turns it into ``12.35亿元[^3]`` with a footnote; the docx writer anchors a Word comment on it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

# 〖12.35亿元|F3〗 — a figure with the key of its source sentence
CITE = re.compile(r"〖([^〖〗|]+)\|([^〖〗|]+)〗")
# 一、 … 十九、 at the start of a line
H1 = re.compile(r"^[一二三四五六七八九十]{1,3}、")
# （一） or (一)
H2 = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
# 1. 1． 1、 (not 1.5亿)
H3 = re.compile(r"^\d{1,2}[.．、](?!\d)")
TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass(frozen=True, slots=True)
class Cite:
    text: str
    ref: str


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # title | center | h1 | h2 | h3 | body | sign | table
    parts: tuple[str | Cite, ...] = ()
    rows: tuple[tuple[tuple[str | Cite, ...], ...], ...] = field(default=())

    @property
    def text(self) -> str:
        return "".join(p.text if isinstance(p, Cite) else p for p in self.parts)


def parse_inline(text: str) -> tuple[str | Cite, ...]:
    parts: list[str | Cite] = []
    pos = 0
    for m in CITE.finditer(text):
        if m.start() > pos:
            parts.append(text[pos : m.start()])
        parts.append(Cite(m[1], m[2]))
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:])
    return tuple(parts)


def _split_row(line: str) -> list[str]:
    cells = line.strip().strip("|").split("|")
    return [c.strip() for c in cells]


def parse_blocks(text: str) -> list[Block]:
    """Rendered text -> blocks in order.  Blank lines between paragraphs are dropped (GB/T 9704 has none)."""
    blocks: list[Block] = []
    table: list[tuple[tuple[str | Cite, ...], ...]] = []
    lines = text.splitlines()

    def flush_table() -> None:
        if table:
            blocks.append(Block("table", rows=tuple(table)))
            table.clear()

    for raw in lines:
        line = raw.strip()
        if line.startswith("|"):
            if not TABLE_SEP.match(line):
                table.append(tuple(parse_inline(c) for c in _split_row_cited(line)))
            continue
        flush_table()
        if not line:
            continue
        if line.startswith("# "):
            blocks.append(Block("title", parse_inline(line[2:].strip())))
        elif line.startswith("@@"):
            blocks.append(Block("sign", parse_inline(line[2:].strip())))
        elif line.startswith("^^"):
            blocks.append(Block("center", parse_inline(line[2:].strip())))
        elif H1.match(line):
            blocks.append(Block("h1", parse_inline(line)))
        elif H2.match(line):
            blocks.append(Block("h2", parse_inline(line)))
        elif H3.match(line):
            blocks.append(Block("h3", parse_inline(line)))
        else:
            blocks.append(Block("body", parse_inline(line)))
    flush_table()
    return blocks


def _split_row_cited(line: str) -> list[str]:
    # a cite marker holds "|": protect it before splitting cells
    protected = CITE.sub(lambda m: f"〖{m[1]}\x00{m[2]}〗", line)
    return [c.replace("\x00", "|") for c in _split_row(protected)]


def plain_text(text: str) -> str:
    """The document's text as a reader sees it: markers resolved, no footnotes (for golden tests)."""
    out = []
    for b in parse_blocks(text):
        if b.kind == "table":
            for row in b.rows:
                out.append("\t".join("".join(p.text if isinstance(p, Cite) else p for p in c) for c in row))
        else:
            out.append(b.text)
    return "\n".join(out) + "\n"


def to_markdown(text: str, notes: Mapping[str, str]) -> str:
    """Markdown with provenance as footnotes: 〖12.35亿元|3〗 -> 12.35亿元[^3] and ``[^3]: 来源 …`` at the end."""
    used: list[str] = []

    def cite(m: re.Match) -> str:
        ref = m[2]
        if ref not in used:
            used.append(ref)
        return f"{m[1]}[^{ref}]"

    lines = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith(("@@", "^^")):
            line = line[2:].strip()
        elif H1.match(line.strip()):
            line = "## " + line.strip()
        elif H2.match(line.strip()):
            line = "### " + line.strip()
        lines.append(CITE.sub(cite, line))
    body = "\n".join(lines).strip() + "\n"
    # Markdown needs a blank line between paragraphs
    body = re.sub(r"\n(?!\n|\|)", "\n\n", body).replace("\n\n\n", "\n\n")
    if used:
        body += "\n" + "\n".join(f"[^{r}]: {notes.get(r, '来源不详').replace(chr(10), ' ')}" for r in used) + "\n"
    return body
