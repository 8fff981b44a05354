"""Normalisation: raw text -> clean simplified text + an offset map back to the raw text.

Steps, in order (each composes the offset map, so ``NormalizedText.to_raw`` finds any span's raw text):

1. HTML remnants: entities decoded ("&nbsp;" "&#12345;"), tags removed (``<br>``/``<p>`` end a line).
2. Whitespace: zero-width characters deleted; NBSP, U+3000 and other spaces folded to " "; "\\r\\n" -> "\\n".
3. Pinyin notes removed ("設(shè)" -> "設") and GBK-shift mojibake repaired where the bytes tell
   ("F(xiàn)" -> "現", "痹谥袊" -> "在中國") or flagged (``extract.mojibake``).
4. Traditional -> simplified (OpenCC ``tw2s``) when the text is traditional; a simplified document keeps its
   characters ("显著" stays), except lines that are themselves clearly traditional (a copy appended).
5. Width: full-width digits and Latin letters -> ASCII; "％" after a digit, "．＋－" between digits -> ASCII.
   Chinese punctuation (，。：；！？、“”（）) is kept as written: the annotators' text keeps it too.
6. Site boilerplate removed, line by line, by the rules of ``lexicon/boilerplate.txt``; a metadata line
   keeps its timestamp ("2023-01-16 09:10:46 来源: 作者: 点击量:3509" -> "2023-01-16 09:10:46").
7. Layout: spaces trimmed at line edges and collapsed inside; hard-wrapped lines joined; runs of blank lines
   collapsed to one blank line.

Every step is a list of edits ``(start, end, replacement)``; the map is rebuilt per edit with array slices
(``_Text.apply``), and steps that keep the length (space folding, width folding, most of tw2s) leave it
untouched.
"""

from __future__ import annotations

import functools
import html
import re
from array import array
from collections.abc import Callable, Iterable
from difflib import SequenceMatcher

import numpy as np

from extract import mojibake
from extract.model import NormalizedText
from extract.rules import normalize_patterns as P

Edit = tuple[int, int, str]

# t2s changes this share of the Han characters of a traditional line (15–30 % on the seeds) and next to
# none of a simplified one (乾 outside its phrases, a stray variant).
TRADITIONAL_SHARE = 0.05
# A document is traditional when this share of its prose lines (10+ Han characters) is.
PROSE_LINE_HAN = 10
TRADITIONAL_LINES = 0.6
# Otherwise a line is converted only when it has at least this many traditional characters.
TRADITIONAL_LINE_MIN = 3
# A licence footer is removed with everything after it only if that is shorter than this.
FOOTER_MAX_CHARS = 1500
# A line shorter than this is not treated as hard-wrapped (titles, names, short list items).
WRAP_MIN_LINE = 16


class _Text:
    """The text being normalised and ``offs``: raw index of each character (+ the raw end)."""

    __slots__ = ("text", "offs")

    def __init__(self, text: str) -> None:
        self.text = text
        self.offs = np.arange(len(text) + 1, dtype=np.int64)

    def apply(self, edits: Iterable[Edit]) -> int:
        """Apply sorted, non-overlapping edits; return how many there were.

        A replacement of the same length keeps the raw positions of what it replaces; a shorter or longer one
        spreads them proportionally; an insertion maps to the raw position it was inserted at.
        """
        edits = edits if isinstance(edits, list) else list(edits)
        if not edits:
            return 0
        if all(not repl for _, _, repl in edits):
            return self._delete(edits)
        parts: list[str] = []
        oparts: list[np.ndarray] = []
        pos = 0
        n = 0
        text, offs = self.text, self.offs
        for start, end, repl in edits:
            n += 1
            parts.append(text[pos:start])
            oparts.append(offs[pos:start])
            if repl:
                parts.append(repl)
                width = end - start
                if len(repl) == width:
                    oparts.append(offs[start:end])
                elif width:
                    oparts.append(offs[start + (np.arange(len(repl)) * width) // len(repl)])
                else:
                    oparts.append(np.full(len(repl), offs[start], dtype=np.int64))
            pos = end
        if not n:
            return 0
        parts.append(text[pos:])
        oparts.append(offs[pos:])
        self.text = "".join(parts)
        self.offs = np.concatenate(oparts)
        return n

    def _delete(self, edits: list[Edit]) -> int:
        """Deletions only (pinyin notes, blank lines): the map is a mask over the old one, built in one go."""
        text = self.text
        bounds = np.array([(s, e) for s, e, _ in edits], dtype=np.int64)
        delta = np.zeros(len(text) + 2, dtype=np.int64)
        np.add.at(delta, bounds[:, 0], 1)
        np.add.at(delta, bounds[:, 1], -1)
        keep = np.cumsum(delta[: len(text) + 1]) == 0
        keep[-1] = True  # the raw end always stays
        parts = []
        pos = 0
        for s, e, _ in edits:
            parts.append(text[pos:s])
            pos = e
        parts.append(text[pos:])
        self.text = "".join(parts)
        self.offs = self.offs[keep]
        return len(edits)

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str | None]) -> int:
        """Like ``pattern.sub`` but keeping the map; a callable may return None to leave a match alone."""
        if isinstance(repl, str):
            fixed = repl
            edits = [(m.start(), m.end(), fixed) for m in pattern.finditer(self.text)]
        else:
            edits = []
            for m in pattern.finditer(self.text):
                r = repl(m)
                if r is not None and r != m[0]:
                    edits.append((m.start(), m.end(), r))
        return self.apply(edits)


def normalize(raw: str) -> NormalizedText:
    """Clean a document's raw text for the recognisers and keep a map back to ``raw``.

    Args:
        raw: the text a reader returned (blocks one a line, table cells separated by tabs).

    Returns:
        The normalised text, its offset map (``offsets[i]`` = raw index of character ``i``), the script the
        raw text was in, and counts of pinyin notes, mojibake spans and boilerplate lines handled.

    Example:
        >>> n = normalize("項目建設(shè)進(jìn)展順利,完成投資３．２億元")
        >>> n.text, n.script, n.pinyin_removed
        ('项目建设进展顺利,完成投资3.2亿元', 'traditional', 2)
    """
    doc = _Text(raw)
    doc.sub(P.CARRIAGE_RETURN, "\n")
    _strip_html(doc)
    doc.sub(P.ZERO_WIDTH, "")
    doc.text = P.WIDE_SPACE.sub(" ", doc.text)  # same length: map unchanged
    repaired, flagged, pinyin = _repair_garbling(doc)
    script = _to_simplified(doc)
    _fold_width(doc)
    boiler = _strip_boilerplate(doc)
    _tidy_layout(doc)
    offsets = array("l")
    offsets.frombytes(doc.offs.astype(np.int64 if array("l").itemsize == 8 else np.int32).tobytes())
    return NormalizedText(
        text=doc.text,
        offsets=offsets,
        script=script,
        pinyin_removed=pinyin,
        mojibake_repaired=repaired,
        mojibake_flagged=flagged,
        boilerplate_removed=boiler,
    )


# --- 1. HTML -------------------------------------------------------------------------------------------


def _strip_html(doc: _Text) -> None:
    if "&" in doc.text:
        doc.sub(P.HTML_ENTITY, lambda m: html.unescape(m[0]) if html.unescape(m[0]) != m[0] else None)
    if "<" in doc.text:
        doc.sub(P.HTML_BLOCK_TAG, "\n")
        doc.sub(P.HTML_CELL_TAG, "\t")
        doc.sub(P.HTML_INLINE_TAG, "")


# --- 3. pinyin notes and mojibake --------------------------------------------------------------------------

_HAN = re.compile(f"[{P.HAN}]")


def _is_han(ch: str) -> bool:
    return bool(ch) and _HAN.match(ch) is not None


def _repair_garbling(doc: _Text) -> tuple[int, int, int]:
    """Pinyin notes and GBK-shift mojibake; returns (repaired, flagged, pinyin notes removed)."""
    if "(" not in doc.text and "（" not in doc.text and "?" not in doc.text:
        return 0, 0, 0
    repaired = flagged = 0
    if "?" in doc.text:
        r, f = _repair_shifted_runs(doc)
        repaired += r
        flagged += f
    r, f, pinyin = _remove_pinyin_notes(doc)
    repaired += r
    flagged += f
    if repaired or flagged:
        # Only a document that already shows the byte loss is searched for unanchored runs: ordinary text
        # with a few rare characters (a name, a place) is never decoded out of step.
        r, f = _repair_rare_clauses(doc)
        repaired += r
        flagged += f
    return repaired, flagged, pinyin


def _repair_rare_clauses(doc: _Text) -> tuple[int, int]:
    """Clauses made mostly of rare characters, decoded one byte later when that reads far better."""
    text = doc.text
    rare = mojibake.rare_counts(text).tolist()  # Python ints: indexing numpy scalars per clause is slow
    edits: list[Edit] = []
    repaired = flagged = 0
    for m in P.GARBLE_CLAUSE.finditer(text):
        s, e = m.span("run")
        if rare[e] - rare[s] < mojibake.RARE_CLAUSE_SHARE * (e - s):
            continue
        trail = m["trail"] or ""
        after = m.end()
        rep = mojibake.shift_repair(
            m["run"], trail, prev_char=_prev_han(text, s), next_char=_next_char(text, after)
        )
        if rep is None:
            flagged += 1
            continue
        end = e + (1 if rep.used_trail else 0)
        # the lost character in front of the run: recovered, or marked "?" like the anchored ones
        edits.append((s, end, (rep.before or "?") + rep.text + rep.after))
        repaired += 1
        flagged += not rep.complete
    doc.apply(edits)
    return repaired, flagged


def _next_char(text: str, pos: int) -> str:
    """The character at ``pos``, a pinyin note skipped ("(shù)服" -> "服")."""
    m = P.PINYIN_NOTE.match(text, pos)
    if m:
        pos = m.end()
    return text[pos : pos + 1]


def _prev_han(text: str, pos: int) -> str:
    """The character before ``pos`` if it is Han (context for the dictionary check), else ""."""
    ch = text[pos - 1 : pos]
    return ch if _is_han(ch) else ""


def _note_after(text: str, pos: int) -> str:
    """The pinyin note starting at ``pos`` ("(nóng)" -> "nóng"), or ""."""
    m = P.PINYIN_NOTE.match(text, pos)
    return m[1] if m else ""


def _repair_shifted_runs(doc: _Text) -> tuple[int, int]:
    """Runs after a lost lead byte ("?"): decode one byte later where that reads far better (see mojibake)."""
    text = doc.text
    edits: list[Edit] = []
    repaired = flagged = 0
    for m in P.GARBLE_ANCHOR.finditer(text):
        note, punct, run, trail = m["note"], m["punct"], m["run"], m["trail"] or ""
        if note and not mojibake.is_pinyin(note[:-1], need_tone=True):
            note = None  # "?ab)" is not a broken note: leave the match as ordinary text
        if not note and not run and not trail:
            continue
        trail_note = _note_after(text, m.end("trail")) if trail else ""
        after_pos = m.end("trail") if trail else m.end("run")
        next_char = _next_char(text, after_pos)
        # A trail byte followed by a note completes the run only if the character reads as the note;
        # otherwise the note step recovers it from its reading ("袊r(nóng)": r stays for 農).
        rep = mojibake.shift_repair(run, trail, next_char=next_char, trail_note=trail_note) if run else None
        start = m.start()
        if rep is not None:
            end = m.end("run") + (1 if rep.used_trail else 0)
            lead = "?" + (punct or "")
            if rep.before and not punct:
                lead = rep.before
            edits.append((start, end, lead + rep.text + rep.after))
            repaired += 1
            if not rep.complete or punct:
                flagged += 1
            continue
        if not run and trail and not trail_note and not punct:
            # "?zé)o法": the "?" is 無's lead byte, "o" its trail; the pinyin fragment is noise.
            ch = mojibake.char_for_trail(trail, next_char)
            if ch:
                edits.append((start, m.end("trail"), ch))
                repaired += 1
                continue
        if note:
            # A pinyin fragment whose "(" went with the lost byte: remove it, flag the "?" it follows.
            edits.append((m.start("note"), m.end("note"), ""))
            flagged += 1
        elif run and mojibake.rare_counts(run)[-1] >= mojibake.RARE_CLAUSE_SHARE * len(run):
            flagged += 1  # garbled-looking but not recoverable: left as it is
    doc.apply(edits)
    return repaired, flagged


@functools.lru_cache(maxsize=16384)
def _is_note_of(char: str, note: str) -> bool:
    """Whether ``note`` after Han ``char`` is a pinyin note to remove.

    The note reads as the character it follows (all 12,710 of the seeds' notes do); a toneless one must, so
    "附件(an)" stays; a tone-marked one may be several syllables ("傳統(chuán tǒng)").
    """
    return mojibake.reads_as(char, note) or mojibake.is_pinyin(note, need_tone=True)


def _remove_pinyin_notes(doc: _Text) -> tuple[int, int, int]:
    """ "設(shè)" -> "設"; "F(xiàn)" -> "現" (lost lead byte); "?(shù)" -> "?" flagged."""
    # The bulk (notes after Han characters) first, as one deletion; then the few after anything else.
    removed = doc.apply(
        [
            (m.start(2) - 1, m.end(), "")
            for m in P.HAN_PINYIN_NOTE.finditer(doc.text)
            if _is_note_of(m[1], m[2])
        ]
    )
    text = doc.text
    edits: list[Edit] = []
    repaired = flagged = 0
    for m in P.OTHER_PINYIN_NOTE.finditer(text):
        start = m.start()
        prev = text[start - 1]
        note = m[1]
        before = text[start - 2 : start - 1]
        if prev == "?" and mojibake.is_pinyin(note, need_tone=True):
            edits.append((start, m.end(), ""))
            removed += 1
            flagged += 1
        elif 0x40 <= ord(prev) <= 0x7E and not (before.isascii() and before.isalnum()):
            if not mojibake.is_pinyin(note, need_tone=True):
                continue
            ch = mojibake.char_for_note(prev, note)
            removed += 1
            if ch:
                edits.append((start - 1, m.end(), ch))
                repaired += 1
            else:
                edits.append((start, m.end(), ""))
                flagged += 1
    doc.apply(_merge_overlaps(edits))
    return repaired, flagged, removed


def _merge_overlaps(edits: list[Edit]) -> list[Edit]:
    """Drop an edit that overlaps the one before it (two notes in a row: "F(xiàn)(xiàn)")."""
    out: list[Edit] = []
    for e in edits:
        if out and e[0] < out[-1][1]:
            continue
        out.append(e)
    return out


# --- 4. traditional -> simplified --------------------------------------------------------------------------


@functools.cache
def _opencc(config: str):
    try:
        import opencc
    except ImportError as err:  # pragma: no cover - a dependency of duban
        raise ImportError("需要 OpenCC 做繁简转换：pip install opencc") from err
    return opencc.OpenCC(config)


def _tw2s():
    return _opencc("tw2s")


def _t2s():
    return _opencc("t2s")


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _decide_script(line_han: np.ndarray, line_changed: np.ndarray) -> tuple[np.ndarray, str]:
    """Which lines to convert, and the script of the document, from per-line counts.

    ``line_han``: Han characters per line; ``line_changed``: how many of them t2s changes.  A document is
    traditional when most of its prose lines (10+ Han characters) carry traditional characters; then every
    line is converted.  Otherwise only the lines that are clearly traditional on their own are (a simplified
    page with a traditional copy appended), and the script is the one most of its characters are in.
    """
    none = np.zeros(len(line_han), dtype=bool)
    n_han = int(line_han.sum())
    n_changed = int(line_changed.sum())
    if not n_han or not n_changed:
        return none, "simplified"
    trad = (line_changed >= 1) & (line_changed >= TRADITIONAL_SHARE * line_han)
    prose = line_han >= PROSE_LINE_HAN
    if prose.any():
        traditional = trad[prose].sum() >= TRADITIONAL_LINES * prose.sum()
    else:
        traditional = n_changed >= TRADITIONAL_SHARE * n_han
    if traditional:
        return np.ones(len(line_han), dtype=bool), "traditional"
    pick = trad & (line_changed >= TRADITIONAL_LINE_MIN)
    script = "traditional" if 2 * int(line_han[pick].sum()) > n_han else "simplified"
    return pick, script


def _to_simplified(doc: _Text) -> str:
    """Convert a traditional text (or the clearly traditional lines of a simplified one); return the script."""
    text = doc.text
    # Detect with plain t2s, convert with tw2s: tw2s also turns 著 into 着 outside its phrase list, so in a
    # simplified text "显著" (simplified 显, no phrase entry) would count as traditional evidence and become
    # "显着"; t2s leaves 著 alone.
    probe = _t2s().convert(text)
    if len(probe) != len(text):
        return _to_simplified_by_line(doc)
    a = _codes(text)
    changed = a != _codes(probe)
    if not changed.any():
        return "simplified"
    han = (a >= 0x3400) & (a <= 0x9FFF)
    breaks = np.flatnonzero(a == 10)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(text)]))
    c_changed = np.concatenate(([0], np.cumsum(changed)))
    c_han = np.concatenate(([0], np.cumsum(han)))
    pick, script = _decide_script(c_han[ends] - c_han[starts], c_changed[ends] - c_changed[starts])
    if not pick.any():
        return script
    conv = _tw2s().convert(text)
    if len(conv) != len(text):
        return _to_simplified_by_line(doc)
    if pick.all():
        doc.text = conv  # same length: the map is unchanged
    else:
        doc.apply((int(s), int(e), conv[s:e]) for s, e in zip(starts[pick], ends[pick], strict=True))
    return script


def _to_simplified_by_line(doc: _Text) -> str:
    """Slow path when a phrase conversion changed the length (rare): convert line by line and align."""
    text = doc.text
    lines = text.split("\n")
    line_han = np.array([len(_HAN.findall(line)) for line in lines], dtype=np.int64)
    line_changed = np.array(
        [sum(1 for x, y in zip(line, _t2s().convert(line), strict=False) if x != y) for line in lines],
        dtype=np.int64,
    )
    pick, script = _decide_script(line_han, line_changed)
    pos = 0
    parts: list[str] = []
    oparts: list[np.ndarray] = []
    for line, take in zip(lines, pick, strict=True):
        offs = doc.offs[pos : pos + len(line)]
        conv = _tw2s().convert(line) if take else line
        parts.append(conv)
        oparts.append(offs if len(conv) == len(line) else _align(line, conv, offs))
        parts.append("\n")
        oparts.append(doc.offs[pos + len(line) : pos + len(line) + 1])
        pos += len(line) + 1
    parts.pop()
    oparts.pop()
    oparts.append(doc.offs[-1:])
    doc.text = "".join(parts)
    doc.offs = np.concatenate(oparts)
    return script


def _align(line: str, conv: str, offs: np.ndarray) -> np.ndarray:
    """Map each character of ``conv`` (phrase-converted ``line``) to a raw offset of ``line``.

    The character-by-character conversion (a newline between characters stops phrase rules) lines up with
    ``line``; runs of two or more characters it shares with ``conv`` anchor the map, and what lies between
    two anchors (a converted phrase: 網際網路 -> 互联网) is spread proportionally over its raw span.  A single
    shared character is an anchor only if conversion left it alone ("。"): 网 of 互联网 is not 網 of 網際網路.
    """
    by_char = _tw2s().convert("\n".join(line)).split("\n")
    if len(by_char) != len(line):  # pragma: no cover - a character never converts to a newline
        by_char = list(line)
    out = np.empty(len(conv), dtype=np.int64)
    sm = SequenceMatcher(None, "".join(c[:1] for c in by_char), conv, autojunk=False)
    i = j = 0
    for a, b, size in sm.get_matching_blocks():
        last = a == len(line) and b == len(conv)
        if size == 1 and by_char[a][:1] != line[a] or size == 0 and not last:
            continue
        if b > j:  # a converted stretch between anchors
            width = max(a - i, 1)
            base = min(i, len(line) - 1)
            out[j:b] = offs[np.minimum(base + (np.arange(b - j) * width) // (b - j), len(line) - 1)]
        out[b : b + size] = offs[a : a + size]
        i, j = a + size, b + size
    return out


# --- 5. width ----------------------------------------------------------------------------------------------


def _fold_width(doc: _Text) -> None:
    doc.text = P.WIDE_ALNUM.sub(lambda m: m[0].translate(P.WIDTH_TABLE), doc.text)  # same length
    if "％" in doc.text:
        doc.text = P.WIDE_PERCENT.sub("%", doc.text)  # same length: map unchanged
    if "．" in doc.text or "＋" in doc.text or "－" in doc.text:
        doc.text = P.WIDE_NUMBER_SIGN.sub(lambda m: m[0].translate(P.NUMBER_SIGN_TABLE), doc.text)


# --- 6. boilerplate ----------------------------------------------------------------------------------------

_LINE = re.compile(r"[^\n]+")


def _strip_boilerplate(doc: _Text) -> int:
    """Remove boilerplate lines (see ``lexicon/boilerplate.txt``); return how many lines went or were reduced."""
    rules = P.boilerplate_rules()
    text = doc.text
    edits: list[Edit] = []
    count = 0
    for m in _LINE.finditer(text):
        line = m[0]
        body = line.strip()
        if not body:
            continue
        s, e = m.start(), m.end()
        if rules.footer.fullmatch(body) and len(text) - e < FOOTER_MAX_CHARS:
            edits.append((s, len(text), ""))
            count += 1
            break
        if rules.lines.fullmatch(body):
            edits.append((s, min(e + 1, len(text)), ""))
            count += 1
            continue
        fields = list(rules.field.finditer(line))
        if not fields:
            continue
        rest = rules.field.sub(" ", line)
        rest = P.DATE_TIME.sub(" ", rest)
        if P.FIELD_SEPARATORS.sub("", rest):
            continue  # the line says more than page fields: keep it whole ("资金来源：省级财政")
        count += 1
        if P.DATE_TIME.search(line):
            for f in fields:
                edits.append((s + f.start(), s + f.end(), ""))
        else:
            edits.append((s, min(e + 1, len(text)), ""))
    doc.apply(edits)
    return count


# --- 7. layout ---------------------------------------------------------------------------------------------


def _tidy_layout(doc: _Text) -> None:
    doc.sub(P.TAB_RUN, "\t")
    doc.sub(P.LINE_EDGE_SPACE, "")
    doc.sub(P.SPACE_RUN, lambda m: " ")
    _join_wrapped_lines(doc)
    doc.sub(P.BLANK_LINES, "\n\n")
    doc.sub(P.DOC_EDGE_BLANK, "")


def _join_wrapped_lines(doc: _Text) -> None:
    """Delete the line break of a line hard-wrapped mid-sentence ("……全面完\\n成青苗土地丈量测算").

    A break is a wrap when the line before is prose (long enough, with a comma or similar inside), does not
    end in sentence-final punctuation, and the next line starts with text, not a heading or list marker.
    """
    text = doc.text
    edits: list[Edit] = []
    for m in _LINE.finditer(text):
        e = m.end()
        if e >= len(text) - 1 or text[e + 1] == "\n":
            continue
        line = m[0]
        if len(line) < WRAP_MIN_LINE or line[-1] in P.LINE_END_FINAL or "\t" in line:
            continue
        if not P.SENTENCE_INNER.search(line) or P.ITEM_TAIL.search(line):
            continue
        if P.LABEL_LINE.match(line) or P.LABEL_LINE.match(text, e + 1):
            continue
        nxt = text[e + 1]
        if not (_is_han(nxt) or nxt.isalnum() or nxt in "“‘"):
            continue
        if P.BLOCK_START.match(text, e + 1) or P.BLOCK_START.match(line) and len(line) < 2 * WRAP_MIN_LINE:
            continue
        edits.append((e, e + 1, ""))
    doc.apply(edits)
