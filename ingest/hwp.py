"""Hancom documents → blocks of text: HWP 5 (binary, OLE) and HWPX (OWPML, a zip of XML).

Both formats hold the same model, so both readers build the same intermediate paragraphs and
one function turns them into ``HwpBlock``s, pages included. Written on ``olefile``, ``zlib``
and ``xml.etree`` from the public format descriptions (HWP 5.0 revision 1.3, OWPML/KS X 6101);
no code of another HWP reader was used.

Rules, each from a file of the development set (``realdocs/hwp``):

- Text is the paragraph's own characters. Controls are dropped, except tab (``\\t``), line
  break (``\\n``), hyphen and the two fixed spaces (``ko_plan_moel_report.hwp`` writes 367
  fixed-width spaces, code 31, in its bullet indents).
- An equation (``eqed``/``hp:equation``) is written where it stands as a plain reading of its
  script: in ``ko_exam_science.hwp`` "원소 [rmX]와 [rmY]에" reads "원소 X와 Y에" and
  "rmCH _{3} COOH" reads "CH3COOH". The Hancom PDF's text layer keeps the letters of
  equations but drops their digits, so comparisons with a PDF read with ``equations=False``.
- Footnote markers are not written into the paragraph; the note is its own block
  (``ko_report_footnotes.hwp``: "플라스틱 액체1)와" reads "플라스틱 액체와").
- Tables are blocks of rows. A spanned cell's text is in its top-left grid position and the
  positions it covers are ``""``, so no text is repeated. A table inside a cell is flattened
  into that cell's text, a row per line and its cells joined by tabs
  (``ko_approval_fire_report.hwpx``: the whole approval form is one 4×1 table holding the
  other five).
- Text boxes of drawing objects and table captions become paragraph blocks after their
  anchor paragraph (``ko_manual_road_rumble.hwpx``: the labels "요철띠", "300㎜" of its
  drawings; ``ko_plan_moel_report.hwp``: the caption "(단위 : 억원, %)").
- Notes come after the paragraph they are anchored in, and after its tables: a footnote in a
  table cell (``ko_report_footnotes.hwp`` note 3, "표안의 각주") follows the table.
- Headers and footers are blocks of their own, left out of ``plain_text``.
- Private-use characters are counted (``HwpDocument.private_use``) and kept, except Hancom's
  U+F0854/U+F0855, which ``ko_report_kdi_market.hwp`` writes around titles ("통계청이 실시한
  [U+F0854]광업․제조업조사[U+F0855]의") and which are 『 and 』. The others are symbol-font
  bullets and circled numbers (``ko_plan_moel_report.hwp`` U+F02B1…,
  ``ko_bizplan_homepage.hwp`` U+F09F) for which the files state no standard character.

Pages come from the layout the saving program stored with each paragraph: the vertical
position of every line on its page (HWP ``PARA_LINE_SEG``, HWPX ``hp:lineseg vertpos``) and
the page/column break flags. Only the lines of top-level body paragraphs count, not those in
cells, notes or text boxes; a line that starts higher than the line before it starts the next
column, and after the last column the next page (``ko_exam_science.hwp`` is two-column A3:
problem 4 starts column 2 of page 1 at the height of problem 1). A new section starts a new
page. On the development set 557 of 571 checkable paragraphs land on the page where the PDF
twin shows them (``benchmarks/bench_hwp.py``). Limits:

- It is the saving program's layout. A PDF printed by another version can differ: in
  ``ko_guide_ai_semiconductor.hwp`` (saved by Hangul 2018, printed by Hangul 2022) the 14
  misses all follow one floating table at a page foot that the PDF moves, with the text after
  it, to the next page; ``ko_press_rda_contest.hwp`` stores 4 pages where its PDF has 8, its
  last table of pictures having grown.
- A table or drawing that runs over several pages moves only the paragraph after it, so the
  pages in between are not counted.
- Without stored line segments (``ko_report_kdi_market.hwp`` has none;
  ``ko_approval_fire_report.hwpx`` has none on its one top-level paragraph) pages are unknown:
  ``pages_known=False`` and every ``page`` is ``None``.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import olefile

from ingest.errors import IngestError
from ingest.layout import LaidOut
from ingest.records import Source

BlockKind = Literal["paragraph", "table", "footnote", "endnote", "header", "footer"]


class HwpError(IngestError):
    """An HWP or HWPX file cannot be read."""


class NotHwpError(HwpError):
    """The file is neither an HWP 5 (OLE) nor an HWPX (zip) document."""


class HwpEncryptedError(HwpError):
    """The document is protected by a password or DRM."""


class HwpDistributionError(HwpError):
    """The document is a distribution copy (배포용 문서): its text is encrypted in ViewText."""


class HwpDamagedError(HwpError):
    """The container opens but a stream or part of it is truncated or corrupt."""


@dataclass(frozen=True)
class HwpBlock:
    """One piece of a document in reading order.

    ``paragraph`` is the index of the top-level paragraph of ``section`` that holds the block:
    its own text, or the anchor of the table, text box, note, header or footer. ``rows`` (for
    tables) has one tuple per table row with a string per grid column; a merged cell's text is
    in its top-left position and the positions it covers are ``""``. A table's ``text`` is its
    rows, one per line, the non-empty cells joined by tabs. ``note`` is the number a footnote
    or endnote carries. ``page`` is that of the anchor paragraph's first line. ``size`` is
    the type size most of a paragraph is set in (0 where the file states none); a table
    none of whose rows holds text in more than one cell (a frame around a title:
    ``ko_report_kdi_market.hwp``'s cover "시 장 구 조 조 사"; ``ko_bizplan_homepage.hwp``'s
    project name over "사 업 수 행 계 획 서" in two rows) also gives its paragraphs with their
    sizes in ``frame``.
    """

    kind: BlockKind
    text: str
    page: int | None
    section: int
    paragraph: int
    rows: tuple[tuple[str, ...], ...] = ()
    note: str | None = None
    heading_level: int = 0
    size: float = 0.0  # a paragraph's type size in points (that of most of its text)
    frame: tuple[tuple[str, float], ...] = ()  # a frame's paragraphs and their sizes


@dataclass(frozen=True)
class HwpDocument:
    """A read document.

    ``pages_known`` says the pages came from the layout the saving program stored; ``pages``
    is then the number of pages it spans (empty trailing pages included). ``private_use``
    counts the private-use characters met in the text, the two mapped to 『』 included.
    ``metadata`` holds only fields the file states with a value: ``title``, ``subject``,
    ``author``, ``keywords``, ``comments``, ``last_saved_by``, ``created``, ``modified`` (ISO
    8601, UTC), ``date`` (Hangul's own date line) and ``application`` (the writing program).
    Summary titles are often a template's (``ko_press_fsc_loan`` says "보험사기 고의의
    입증자료"): they are what the file states, not the printed title.
    """

    path: str
    format: Literal["hwp", "hwpx"]
    version: str
    blocks: tuple[HwpBlock, ...]
    pages_known: bool
    metadata: dict[str, str]
    private_use: int = 0
    pages: int | None = None


# --- the model both readers build --------------------------------------------------------


@dataclass
class _Table:
    rows: list[list[str]]
    notes: list[_Note]
    frame: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class _Note:
    kind: Literal["footnote", "endnote"]
    number: str | None
    text: str


@dataclass
class _Furniture:
    kind: Literal["header", "footer"]
    text: str


@dataclass
class _Box:
    """Text of a drawing object's text box, or of a caption."""

    text: str
    notes: list[_Note]


_Item = _Table | _Note | _Furniture | _Box


@dataclass
class _Para:
    text: str = ""
    page_break: bool = False
    column_break: bool = False
    # Vertical position of each stored line segment on its page (HWPUNIT, 1/7200 inch).
    lines: list[int] = field(default_factory=list)
    # Column count set by a column definition in this paragraph; None when it sets none.
    columns: int | None = None
    heading: int = 0
    size: float = 0.0  # points: the character shape that covers most of the text
    items: list[_Item] = field(default_factory=list)


@dataclass
class _Read:
    format: Literal["hwp", "hwpx"]
    version: str
    sections: list[list[_Para]]
    metadata: dict[str, str]


# --- entry points ------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


def read_hwp(path: Path, *, equations: bool = True) -> HwpDocument:
    """Read an HWP 5 or HWPX file, chosen by its first bytes, not by its name.

    Equations are written as text where they stand (``rmCH _{3} COOH`` → ``CH3COOH``);
    ``equations=False`` leaves them out, as the text layer of a Hancom PDF does.
    """
    name = str(path)
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as e:
        msg = f"cannot open the file ({e.strerror or e}); check the path and permissions"
        raise HwpError(name, msg) from e
    if head.startswith(_OLE_MAGIC):
        read = _read_hwp5(path, name, equations)
    elif head.startswith(_ZIP_MAGIC):
        read = _read_hwpx(path, name, equations)
    else:
        msg = (
            "not an HWP document: an HWP 5 file starts with the OLE signature D0 CF 11 E0 and "
            "an HWPX file is a zip archive; HWP 3.0 and older files must be saved again as "
            "HWP or HWPX in Hangul"
        )
        raise NotHwpError(name, msg)
    blocks, pages, private_use = _blocks(read.sections)
    return HwpDocument(
        path=name,
        format=read.format,
        version=read.version,
        blocks=tuple(blocks),
        pages_known=pages is not None,
        metadata=read.metadata,
        private_use=private_use,
        pages=pages,
    )


def plain_text(doc: HwpDocument) -> str:
    """Body text in reading order, one paragraph per line.

    A paragraph or text box is one line (a line break inside it becomes a space). A table is
    read row by row, a line per paragraph of each non-empty cell (a table nested in a cell: a
    line per row). Footnotes and endnotes follow the paragraph they are anchored in, after its
    tables, without their number. Headers and footers are left out.
    """
    lines: list[str] = []
    for block in doc.blocks:
        if block.kind in ("header", "footer"):
            continue
        if block.kind == "table":
            lines.extend(line for row in block.rows for cell in row for line in cell.split("\n"))
        else:
            lines.append(_one_line(block.text))
    return "\n".join(line.strip() for line in lines if line.strip())


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.split("\n") if part.strip())


# --- text clean-up shared by both formats ---------------------------------------------------

# Hancom's private-use code points with a known standard character. From
# ko_report_kdi_market.hwp: "통계청이 실시한 [U+F0854]광업․제조업조사[U+F0855]의" is
# 『광업․제조업조사』.
_HANCOM_PUA = {0xF0854: "『", 0xF0855: "』"}
_PUA = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _clean(text: str, pua: list[int]) -> str:
    """NFC, no controls, Hancom PUA mapped; ``pua[0]`` counts private-use characters."""
    text = _CONTROLS.sub("", text)
    found = _PUA.findall(text)
    if found:
        pua[0] += len(found)
        text = _PUA.sub(lambda m: _HANCOM_PUA.get(ord(m.group()), m.group()), text)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.strip(" ") for line in text.strip().split("\n"))


# --- pages and blocks ------------------------------------------------------------------------


def _pages(sections: Sequence[Sequence[_Para]]) -> tuple[list[list[int | None]], int | None]:
    """Page of each top-level paragraph (that of its first line), and the page count.

    The rule is in the module docstring. Pages are known only when every non-empty section has
    paragraphs with stored line segments; otherwise every page, and the count, is None.
    """
    if not any(sections) or not all(any(p.lines for p in sec) for sec in sections if sec):
        return [[None] * len(sec) for sec in sections], None
    out: list[list[int | None]] = []
    page, column, columns = 1, 0, 1
    previous: int | None = None  # vertical position of the last body line, None at a top

    def next_column() -> None:
        nonlocal page, column
        column += 1
        if column >= columns:
            page, column = page + 1, 0

    for sec in sections:
        if any(out):  # a section starts on a new page
            page, column, previous = page + 1, 0, None
        columns = 1
        pages: list[int | None] = []
        for para in sec:
            if para.columns:
                columns = para.columns
                column = min(column, columns - 1)
            if previous is not None and para.page_break:
                page, column, previous = page + 1, 0, None
            elif previous is not None and para.column_break:
                next_column()
                previous = None
            first: int | None = None
            for vertpos in para.lines:
                if previous is not None and vertpos < previous:
                    next_column()
                previous = vertpos
                if first is None:
                    first = page
            pages.append(page if first is None else first)
        out.append(pages)
    return out, page


def _blocks(sections: Sequence[Sequence[_Para]]) -> tuple[list[HwpBlock], int | None, int]:
    pages, count = _pages(sections)
    pua = [0]
    blocks: list[HwpBlock] = []
    for s, sec in enumerate(sections):
        for i, para in enumerate(sec):
            at = HwpBlock("paragraph", "", pages[s][i], s, i)
            text = _clean(para.text, pua)
            if text:
                blocks.append(
                    replace(
                        at, kind="paragraph", text=text, heading_level=para.heading, size=para.size
                    )
                )
            notes: list[_Note] = []
            for item in para.items:
                if isinstance(item, _Table):
                    rows = tuple(tuple(_clean(c, pua) for c in row) for row in item.rows)
                    if any(c for row in rows for c in row):
                        frame = tuple((_clean(t, [0]), size) for t, size in item.frame)
                        table = replace(at, kind="table", text=_table_text(rows), rows=rows)
                        blocks.append(replace(table, frame=tuple(f for f in frame if f[0])))
                    notes.extend(item.notes)
                elif isinstance(item, _Box):
                    text = _clean(item.text, pua)
                    if text:
                        blocks.append(replace(at, kind="paragraph", text=text))
                    notes.extend(item.notes)
                elif isinstance(item, _Furniture):
                    text = _clean(item.text, pua)
                    if text:
                        blocks.append(replace(at, kind=item.kind, text=text))
                else:
                    notes.append(item)
            for note in notes:
                text = _clean(note.text, pua)
                if text:
                    blocks.append(replace(at, kind=note.kind, text=text, note=note.number))
    return blocks, count, pua[0]


def _table_text(rows: Sequence[Sequence[str]]) -> str:
    """A table's text: a row per line, the non-empty cells joined by tabs."""
    lines = ("\t".join(_one_line(c) for c in row if c) for row in rows)
    return "\n".join(line for line in lines if line)


def _flatten(paras: Iterable[_Para]) -> tuple[str, list[_Note]]:
    """The text of a cell, text box or note: its paragraphs and what they hold, as lines."""
    lines: list[str] = []
    notes: list[_Note] = []
    for para in paras:
        if para.text.strip():
            lines.append(para.text)
        for item in para.items:
            if isinstance(item, _Table):
                lines.append(_table_text(item.rows))
                notes.extend(item.notes)
            elif isinstance(item, _Box):
                lines.append(item.text)
                notes.extend(item.notes)
            elif isinstance(item, _Note):
                notes.append(item)
    return "\n".join(line for line in lines if line.strip()), notes


def _frame(cells: Sequence[tuple[int, Sequence[_Para]]]) -> list[tuple[str, float]]:
    """The paragraphs (text, size) of a table's cells (row, paragraphs) where no row holds
    text in more than one cell: a frame around a cover's lines, not a grid of data."""
    full = [
        (row, paras)
        for row, paras in cells
        if any(p.text.strip() or any(_nested_lines(i) for i in p.items) for p in paras)
    ]
    if len({row for row, _ in full}) != len(full):
        return []
    lines: list[tuple[str, float]] = []
    for _, paras in full:
        for p in paras:
            if p.text.strip():
                lines.append((p.text, p.size))
            # A table or text box inside the frame is read with it, a line per row, with no
            # size: ko_approval_fire_report.hwpx is one column around the report's own tables,
            # which the frame's lines alone had lost.
            lines.extend((text, 0.0) for item in p.items for text in _nested_lines(item))
    return lines


def _nested_lines(item: _Item) -> list[str]:
    """The text of a table inside a frame, a line per row, cells joined by tabs. A text box
    there is left to the frame's reading as before: ko_exam_science.hwp's page-number box
    "1" sits inside its title's paragraph and would split the title from the line under it."""
    if isinstance(item, _Table):
        rows = ("\t".join(c for c in row if c.strip()) for row in item.rows)
        return [row for row in rows if row.strip()]
    return []


def _grid(cells: Sequence[tuple[int, int, str]], n_rows: int, n_cols: int) -> list[list[str]]:
    """Cells (row, column, text) placed in a grid; positions covered by a span stay ``""``."""
    n_rows = max([n_rows, *(r + 1 for r, _, _ in cells)])
    n_cols = max([n_cols, *(c + 1 for _, c, _ in cells)])
    rows = [[""] * n_cols for _ in range(n_rows)]
    for r, c, text in cells:
        rows[r][c] = text
    return rows


# --- HWP 5 -----------------------------------------------------------------------------------

# Record tags (HWPTAG_BEGIN = 0x10).
_DOC_CHAR_SHAPE = 0x10 + 5
_DOC_PARA_SHAPE = 0x10 + 9
_PARA_HEADER = 0x10 + 50
_PARA_TEXT = 0x10 + 51
_PARA_CHAR_SHAPE = 0x10 + 52
_PARA_LINE_SEG = 0x10 + 53
_CTRL_HEADER = 0x10 + 55
_LIST_HEADER = 0x10 + 56
_TABLE = 0x10 + 61
_EQEDIT = 0x10 + 72

# FileHeader properties (bit 0: compressed; others refuse the file).
_COMPRESSED = 1 << 0
_PASSWORD = 1 << 1
_DISTRIBUTION = 1 << 2
_DRM = 1 << 4
_CERT_ENCRYPTED = 1 << 8
_CERT_DRM = 1 << 10

# PARA_HEADER break type (byte 11).
_BREAK_PAGE = 0x04
_BREAK_COLUMN = 0x08

# Characters that take 8 code units in PARA_TEXT (inline and extended controls).
_WIDE_CONTROLS = frozenset([*range(1, 10), 11, 12, *range(14, 24)])
_ONE_UNIT = {9: "\t", 10: "\n", 24: "-", 30: " ", 31: " "}
_CONTROL_CHAR = re.compile("[\x00-\x1f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPECIAL = re.compile("[\x00-\x1f\ud800-\udfff]")


class _Rec:
    __slots__ = ("children", "data", "level", "tag")

    def __init__(self, tag: int, level: int, data: bytes) -> None:
        self.tag = tag
        self.level = level
        self.data = data
        self.children: list[_Rec] = []


def _records(data: bytes) -> Iterator[tuple[int, int, int, int]]:
    """(tag, level, start, end) of each record: a 32-bit header (tag 10 bits, level 10 bits,
    size 12 bits); a size of 0xFFF means the size follows as 32 bits."""
    i, n = 0, len(data)
    unpack = struct.unpack_from
    while i < n:
        if i + 4 > n:
            msg = f"a record header is cut off at byte {i}"
            raise ValueError(msg)
        (h,) = unpack("<I", data, i)
        i += 4
        size = h >> 20
        if size == 0xFFF:
            if i + 4 > n:
                msg = f"a record size is cut off at byte {i}"
                raise ValueError(msg)
            (size,) = unpack("<I", data, i)
            i += 4
        if i + size > n:
            msg = f"a record of {size} bytes runs past the end of the stream at byte {i}"
            raise ValueError(msg)
        yield h & 0x3FF, (h >> 10) & 0x3FF, i, i + size
        i += size


# Leaf records the reader never looks at (range tags): skipping them saves work on
# ko_report_kdi_market.hwp, whose 53,000 paragraphs each have one.
_SKIPPED = frozenset([0x10 + 54])


def _tree(data: bytes) -> list[_Rec]:
    """Records nested by their level: a record's children are the deeper ones after it."""
    roots: list[_Rec] = []
    stack: list[_Rec] = []
    for tag, level, start, end in _records(data):
        if tag in _SKIPPED:
            continue
        rec = _Rec(tag, level, data[start:end])
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(rec)
        stack.append(rec)
    return roots


def _para_text(raw: bytes, equations: Iterator[str]) -> str:
    """PARA_TEXT (UTF-16LE) without its controls; tab, line break, hyphen, spaces kept.

    An equation control (``eqed``, its id in code units 1-2 of the control) is replaced by
    the next of ``equations``, the equations' text in the order of their CTRL_HEADERs.
    """
    s = raw[: len(raw) // 2 * 2].decode("utf-16-le", "surrogatepass")
    if s.endswith("\r") and not _SPECIAL.search(s, 0, len(s) - 1):
        return s[:-1]  # most paragraphs: plain text and the paragraph end
    out: list[str] = []
    i = 0
    while True:
        m = _CONTROL_CHAR.search(s, i)
        if m is None:
            out.append(s[i:])
            break
        at = m.start()
        out.append(s[i:at])
        code = ord(m.group())
        if code == 13:  # paragraph end
            break
        out.append(_ONE_UNIT.get(code, ""))
        if code == 11 and s[at + 1 : at + 3] == _EQED:
            out.append(next(equations, ""))
        i = at + (8 if code in _WIDE_CONTROLS else 1)
    text = "".join(out)
    if not _SURROGATE.search(text):
        return text
    # Join surrogate pairs (supplementary PUA such as U+F0854); a lone half becomes U+FFFD.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


# The id of an equation control as it sits in PARA_TEXT: "eqed" reversed, as two code units.
_EQED = b"deqe".decode("utf-16-le")

# Hancom equation script → plain text, for the scripts of ko_exam_science.hwp ("rmX SIM Z",
# "rmCH _{3} COOH", "{1} over {12}", "25 CENTIGRADE", "1`rmg") and ko_report_kdi_market.hwp
# ("HHI= sum _{i=1} ^{N} S _{i} ^{2}"). Font commands glue to the next word ("rmA", "itaq",
# "simZ"); spaces in a script mean nothing, ` and ~ are the editor's small and normal spaces.
_EQ_WORDS = {
    "rm": "",
    "it": "",
    "bold": "",
    "LEFT": "",
    "RIGHT": "",
    "left": "",
    "right": "",
    "SIM": "∼",
    "sim": "∼",
    "TIMES": "×",
    "times": "×",
    "over": "/",
    "CENTIGRADE": "℃",
    "DEG": "°",
    "CDOTS": "⋯",
    "cdots": "⋯",
    "LDOTS": "…",
    "cdot": "·",
    "rarrow": "→",
    "larrow": "←",
    "LRARROW": "⇔",
    "RARROW": "⇒",
    "sum": "∑",
    "SUM": "∑",
    "int": "∫",
    "sqrt": "√",
    "pm": "±",
    "leq": "≤",
    "geq": "≥",
    "neq": "≠",
    "inf": "∞",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "DELTA": "Δ",
    "theta": "θ",
    "lambda": "λ",
    "mu": "μ",
    "pi": "π",
    "sigma": "σ",
    "omega": "ω",
}
_EQ_PREFIXES = ("bold", "TIMES", "times", "RIGHT", "LEFT", "SIM", "sim", "rm", "it")
_EQ_TOKEN = re.compile(r"[A-Za-z]+|[^\sA-Za-z]")


def _equation_text(script: str) -> str:
    """A readable line for an equation script: ``rmCH _{3} COOH`` → ``CH3COOH``."""
    out: list[str] = []
    for token in _EQ_TOKEN.findall(script):
        if token in "{}^_&":
            continue
        if token in "`~#":
            out.append(" ")
            continue
        while token:
            if token in _EQ_WORDS or not token[0].isalpha():
                out.append(_EQ_WORDS.get(token, token))
                break
            prefix = next((p for p in _EQ_PREFIXES if token.startswith(p)), None)
            if prefix is None:
                out.append(token)
                break
            out.append(_EQ_WORDS[prefix])
            token = token[len(prefix) :]
    return re.sub(" {2,}", " ", "".join(out)).strip()


class _Hwp5Body:
    """Paragraph records of one HWP 5 document → ``_Para``s."""

    def __init__(self, headings: Sequence[int], equations: bool, sizes: Sequence[float]) -> None:
        self.headings = headings
        self.equations = equations
        self.sizes = sizes

    def paragraphs(self, recs: Sequence[_Rec]) -> list[_Para]:
        return [self.paragraph(r) for r in recs if r.tag == _PARA_HEADER]

    def size(self, runs: bytes, length: int) -> float:
        """PARA_CHAR_SHAPE: (start u32, char shape id u32) per run; the size of the longest."""
        starts = [struct.unpack_from("<II", runs, k) for k in range(0, len(runs) - 7, 8)]
        spans: dict[float, int] = {}
        for (start, shape), (end, _) in zip(starts, [*starts[1:], (length, 0)], strict=True):
            if shape < len(self.sizes):
                spans[self.sizes[shape]] = spans.get(self.sizes[shape], 0) + max(end - start, 0)
        return max(spans, key=lambda s: spans[s]) if spans else 0.0

    def paragraph(self, rec: _Rec) -> _Para:
        head = rec.data
        para = _Para()
        if len(head) >= 12:
            (shape,) = struct.unpack_from("<H", head, 8)
            para.page_break = bool(head[11] & _BREAK_PAGE)
            para.column_break = bool(head[11] & _BREAK_COLUMN)
            para.heading = self.headings[shape] if shape < len(self.headings) else 0
        length = struct.unpack_from("<I", head, 0)[0] & 0x7FFFFFFF if len(head) >= 4 else 0
        equations = iter(
            [
                self.equation(c)
                for c in rec.children
                if c.tag == _CTRL_HEADER and c.data[:4] == b"deqe"
            ]
        )
        for child in rec.children:
            if child.tag == _PARA_TEXT:
                para.text = _para_text(child.data, equations)
            elif child.tag == _PARA_LINE_SEG:
                # 36-byte items: textStart, vertPos, lineHeight, textHeight, baseline,
                # spacing, horzPos, segWidth, flags. Wrapped segments of one line share vertPos.
                para.lines = [
                    struct.unpack_from("<i", child.data, k + 4)[0]
                    for k in range(0, len(child.data) - 35, 36)
                ]
            elif child.tag == _PARA_CHAR_SHAPE:
                para.size = self.size(child.data, length)
            elif child.tag == _CTRL_HEADER:
                self.control(child, para)
        return para

    def control(self, rec: _Rec, para: _Para) -> None:
        ctrl = rec.data[:4][::-1].decode("latin-1")
        if ctrl == "tbl ":
            para.items.extend(self.table(rec))
        elif ctrl in ("fn  ", "en  "):
            text, notes = _flatten(self.lists(rec))
            number = str(struct.unpack_from("<I", rec.data, 4)[0]) if len(rec.data) >= 8 else None
            kind: Literal["footnote", "endnote"] = "footnote" if ctrl == "fn  " else "endnote"
            para.items.append(_Note(kind, number, text))
            para.items.extend(notes)
        elif ctrl in ("head", "foot"):
            text, _ = _flatten(self.lists(rec))
            para.items.append(_Furniture("header" if ctrl == "head" else "footer", text))
        elif ctrl == "cold" and len(rec.data) >= 6:
            (prop,) = struct.unpack_from("<H", rec.data, 4)
            para.columns = max(1, (prop >> 2) & 0xFF)
        elif ctrl == "gso ":
            for group in self.groups(rec):
                text, notes = _flatten(group)
                para.items.append(_Box(text, notes))
        # Everything else (equations, fields, bookmarks, page numbers, hidden comments,
        # overlapping characters) holds no body text.

    def equation(self, rec: _Rec) -> str:
        """EQEDIT: property u32, script length u16, script (UTF-16LE), …"""
        if not self.equations:
            return ""
        for child in rec.children:
            if child.tag == _EQEDIT and len(child.data) >= 6:
                (n,) = struct.unpack_from("<H", child.data, 4)
                return _equation_text(child.data[6 : 6 + 2 * n].decode("utf-16-le", "replace"))
        return ""

    def lists(self, rec: _Rec) -> list[_Para]:
        """All paragraphs directly under a control (its LIST_HEADER groups in order)."""
        return self.paragraphs(rec.children)

    def groups(self, rec: _Rec) -> Iterator[list[_Para]]:
        """Runs of sibling paragraphs anywhere under a drawing object (one per text box)."""
        run: list[_Rec] = []
        for child in rec.children:
            if child.tag == _PARA_HEADER:
                run.append(child)
                continue
            if run:
                yield self.paragraphs(run)
                run = []
            if child.tag != _CTRL_HEADER:
                yield from self.groups(child)
        if run:
            yield self.paragraphs(run)

    def table(self, rec: _Rec) -> list[_Item]:
        """A table control: its caption (a list before the TABLE record) and its cells."""
        items: list[_Item] = []
        n_rows = n_cols = 0
        seen_table = False
        cells: list[tuple[int, int, str]] = []
        read: list[tuple[int, list[_Para]]] = []
        notes: list[_Note] = []
        current: tuple[int, int] | None = None
        paras: list[_Rec] = []
        caption: list[_Rec] = []

        def close() -> None:
            if current is not None:
                read.append((current[0], self.paragraphs(paras)))
                text, found = _flatten(read[-1][1])
                cells.append((current[0], current[1], text))
                notes.extend(found)

        for child in rec.children:
            if child.tag == _TABLE and len(child.data) >= 8:
                n_rows, n_cols = struct.unpack_from("<HH", child.data, 4)
                seen_table = True
            elif child.tag == _LIST_HEADER and seen_table:
                close()
                # LIST_HEADER: count u16, u16, flags u32, then col, row, colSpan, rowSpan u16.
                if len(child.data) >= 12:
                    col, row = struct.unpack_from("<HH", child.data, 8)
                    current, paras = (row, col), []
                else:
                    current, paras = None, []
            elif child.tag == _PARA_HEADER:
                (paras if seen_table else caption).append(child)
        close()
        if caption:
            text, found = _flatten(self.paragraphs(caption))
            items.append(_Box(text, found))
        items.insert(0, _Table(_grid(cells, n_rows, n_cols), notes, _frame(read)))
        return items


def _ole_stream(ole: olefile.OleFileIO, name: str, compressed: bool, path: str) -> bytes:
    try:
        data = ole.openstream(name).read()
        if len(data) != ole.get_size(name):
            msg = f"{len(data)} of its {ole.get_size(name)} bytes could be read"
            raise ValueError(msg)
        return zlib.decompress(data, -15) if compressed else data
    except (OSError, zlib.error, ValueError) as e:
        msg = f"the {name} stream is damaged ({e}); the file may be truncated — get a new copy"
        raise HwpDamagedError(path, msg) from e


def _read_hwp5(path: Path, name: str, equations: bool) -> _Read:
    try:
        ole = olefile.OleFileIO(str(path))
    except Exception as e:  # olefile raises OSError, struct.error, IndexError … on bad files
        msg = f"the OLE container is damaged or truncated ({e}); get a new copy of the file"
        raise HwpDamagedError(name, msg) from e
    with ole:
        if ole.parsing_issues:  # olefile opens a cut file and reads its streams as empty
            _, problem = ole.parsing_issues[0]
            msg = (
                f"the OLE container is damaged or truncated ({problem}); get a new copy of the file"
            )
            raise HwpDamagedError(name, msg)
        if not ole.exists("FileHeader"):
            msg = "an OLE file without a FileHeader stream is not an HWP 5 document"
            raise NotHwpError(name, msg)
        header = ole.openstream("FileHeader").read()
        if not header.startswith(b"HWP Document File") or len(header) < 40:
            msg = "the FileHeader does not carry the HWP 5 signature; not an HWP document"
            raise NotHwpError(name, msg)
        version_raw, flags = struct.unpack_from("<II", header, 32)
        version = ".".join(str((version_raw >> s) & 0xFF) for s in (24, 16, 8, 0))
        if flags & (_PASSWORD | _DRM | _CERT_ENCRYPTED | _CERT_DRM):
            msg = "the document is encrypted (password or DRM); save it without protection"
            raise HwpEncryptedError(name, msg)
        sections = _section_streams(ole, "BodyText")
        if flags & _DISTRIBUTION or (not sections and _section_streams(ole, "ViewText")):
            msg = (
                "the document is a distribution copy (배포용 문서) whose text is encrypted; "
                "ask for the original or a PDF"
            )
            raise HwpDistributionError(name, msg)
        if not sections:
            msg = "the file has no BodyText/Section streams; it is damaged or not a document"
            raise HwpDamagedError(name, msg)
        compressed = bool(flags & _COMPRESSED)
        try:
            docinfo = _ole_stream(ole, "DocInfo", compressed, name)
            headings, sizes = _hwp5_headings(docinfo), _hwp5_sizes(docinfo)
        except (HwpDamagedError, ValueError, struct.error):
            headings, sizes = [], []  # optional: the text does not depend on DocInfo
        body = _Hwp5Body(headings, equations, sizes)
        paras: list[list[_Para]] = []
        for stream in sections:
            data = _ole_stream(ole, stream, compressed, name)
            try:
                paras.append(body.paragraphs(_tree(data)))
            except (ValueError, struct.error) as e:
                msg = f"the {stream} stream is damaged ({e}); get a new copy of the file"
                raise HwpDamagedError(name, msg) from e
        metadata = _hwp5_metadata(ole)
    return _Read("hwp", version, paras, metadata)


def _section_streams(ole: olefile.OleFileIO, storage: str) -> list[str]:
    found: list[tuple[int, str]] = []
    for entry in ole.listdir(streams=True, storages=False):
        if len(entry) == 2 and entry[0] == storage and entry[1].startswith("Section"):
            number = entry[1][len("Section") :]
            if number.isdigit():
                found.append((int(number), "/".join(entry)))
    return [name for _, name in sorted(found)]


def _hwp5_headings(docinfo: bytes) -> list[int]:
    """Heading level of each paragraph shape: outline level + 1 where it is an outline."""
    levels: list[int] = []
    for tag, _, start, end in _records(docinfo):
        if tag == _DOC_PARA_SHAPE and end - start >= 4:
            (prop,) = struct.unpack_from("<I", docinfo, start)
            # bits 23-24 heading type (1 = outline), bits 25-27 level 0-6
            levels.append(((prop >> 25) & 7) + 1 if (prop >> 23) & 3 == 1 else 0)
    return levels


def _hwp5_sizes(docinfo: bytes) -> list[float]:
    """Base size in points of each character shape (CHAR_SHAPE: 7 face ids u16, 7 ratios,
    7 spacings, 7 relative sizes, 7 offsets u8, then the size in 1/100 pt as i32)."""
    sizes: list[float] = []
    for tag, _, start, end in _records(docinfo):
        if tag == _DOC_CHAR_SHAPE and end - start >= 46:
            sizes.append(struct.unpack_from("<i", docinfo, start + 42)[0] / 100)
    return sizes


# Property ids of the summary information property set that HWP writes.
_SUMMARY_FIELDS = {
    2: "title",
    3: "subject",
    4: "author",
    5: "keywords",
    6: "comments",
    8: "last_saved_by",
    9: "application",  # HWP stores the writing program's version here ("9, 1, 1, 5656 …")
    12: "created",
    13: "modified",
    20: "date",  # Hangul's own date line ("2009년 3월 11일 수요일 오전 9:40:20")
}


def _hwp5_metadata(ole: olefile.OleFileIO) -> dict[str, str]:
    stream = "\x05HwpSummaryInformation"
    if not ole.exists(stream):
        return {}
    try:
        props = _property_set(ole.openstream(stream).read())
    except (ValueError, struct.error, OSError):
        return {}  # a damaged summary loses the metadata, not the document
    out: dict[str, str] = {}
    for pid, key in _SUMMARY_FIELDS.items():
        value = props.get(pid)
        if isinstance(value, datetime):
            out[key] = value.strftime("%Y-%m-%dT%H:%M:%SZ")
        elif isinstance(value, str) and value.strip():
            out[key] = value.strip()
    return out


_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


def _property_set(data: bytes) -> dict[int, str | datetime | int]:
    """The first section of an OLE property set: VT_LPWSTR, VT_LPSTR, VT_FILETIME, VT_I4.

    olefile's ``getproperties`` reads VT_LPWSTR lengths as bytes, so ``ko_press_fsc_loan.hwp``
    came back as "보험사기 고의의 입증자료\\x00\\x1f…금융감독원…"; this reads them as characters.
    """
    (offset,) = struct.unpack_from("<I", data, 44)
    _, count = struct.unpack_from("<II", data, offset)
    out: dict[int, str | datetime | int] = {}
    for k in range(count):
        pid, rel = struct.unpack_from("<II", data, offset + 8 + 8 * k)
        at = offset + rel
        (vtype,) = struct.unpack_from("<I", data, at)
        if vtype == 0x1F:  # VT_LPWSTR: character count (with NUL), UTF-16LE
            (n,) = struct.unpack_from("<I", data, at + 4)
            raw = data[at + 8 : at + 8 + 2 * n]
            out[pid] = raw.decode("utf-16-le", "replace").split("\x00", 1)[0]
        elif vtype == 0x1E:  # VT_LPSTR: byte count, code page text
            (n,) = struct.unpack_from("<I", data, at + 4)
            out[pid] = data[at + 8 : at + 8 + n].decode("cp949", "replace").split("\x00", 1)[0]
        elif vtype == 0x40:  # VT_FILETIME: 100 ns since 1601, UTC
            (ticks,) = struct.unpack_from("<Q", data, at + 4)
            if ticks:
                out[pid] = _FILETIME_EPOCH + timedelta(microseconds=ticks // 10)
        elif vtype == 0x03:
            out[pid] = struct.unpack_from("<i", data, at + 4)[0]
    return out


# --- HWPX ------------------------------------------------------------------------------------

_OPF_FIELDS = {
    "title": "title",
    "subject": "subject",
    "creator": "author",
    "keyword": "keywords",
    "description": "comments",
    "lastsaveby": "last_saved_by",
    "CreatedDate": "created",
    "ModifiedDate": "modified",
    "date": "date",
}
_HWPX_INLINE = {"tab": "\t", "lineBreak": "\n", "hyphen": "-", "nbSpace": " ", "fwSpace": " "}
_SECTION_PART = re.compile(r"Contents/section(\d+)\.xml")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _HwpxBody:
    """OWPML section elements → ``_Para``s."""

    def __init__(self, headings: dict[str, int], equations: bool, sizes: dict[str, float]) -> None:
        self.headings = headings
        self.equations = equations
        self.sizes = sizes

    def paragraphs(self, parent: ET.Element) -> list[_Para]:
        return [self.paragraph(p) for p in parent if _local(p.tag) == "p"]

    def paragraph(self, p: ET.Element) -> _Para:
        para = _Para(
            page_break=p.get("pageBreak") == "1",
            column_break=p.get("columnBreak") == "1",
            heading=self.headings.get(p.get("paraPrIDRef", ""), 0),
        )
        text: list[str] = []
        spans: dict[float, int] = {}
        for child in p:
            name = _local(child.tag)
            if name == "run":
                before = len("".join(text))
                for obj in child:
                    self.run_object(obj, para, text)
                if (size := self.sizes.get(child.get("charPrIDRef", ""), 0.0)) > 0:
                    spans[size] = spans.get(size, 0) + len("".join(text)) - before
            elif name == "linesegarray":
                para.lines = [int(s.get("vertpos", "0")) for s in child]
        para.text = "".join(text)
        para.size = max(spans, key=lambda s: spans[s]) if any(spans.values()) else 0.0
        return para

    def run_object(self, obj: ET.Element, para: _Para, text: list[str]) -> None:
        name = _local(obj.tag)
        if name == "t":
            text.append(obj.text or "")
            for sub in obj:
                text.append(_HWPX_INLINE.get(_local(sub.tag), ""))
                text.append(sub.tail or "")
        elif name == "tbl":
            para.items.extend(self.table(obj))
        elif name == "ctrl":
            for c in obj:
                self.control(c, para)
        elif name == "equation":
            if self.equations:
                script = next((c.text or "" for c in obj if _local(c.tag) == "script"), "")
                text.append(_equation_text(script))
        elif name == "secPr":
            for c in obj.iter():
                if _local(c.tag) == "colPr":
                    self.control(c, para)
        else:  # drawing objects, pictures (captions), containers
            for sub in self.sublists(obj):
                body, notes = _flatten(self.paragraphs(sub))
                para.items.append(_Box(body, notes))

    def control(self, c: ET.Element, para: _Para) -> None:
        name = _local(c.tag)
        if name in ("footNote", "endNote"):
            sub = next(self.sublists(c), None)
            body, notes = _flatten(self.paragraphs(sub)) if sub is not None else ("", [])
            kind: Literal["footnote", "endnote"] = "footnote" if name == "footNote" else "endnote"
            para.items.append(_Note(kind, c.get("number"), body))
            para.items.extend(notes)
        elif name in ("header", "footer"):
            sub = next(self.sublists(c), None)
            body = _flatten(self.paragraphs(sub))[0] if sub is not None else ""
            para.items.append(_Furniture("header" if name == "header" else "footer", body))
        elif name == "colPr":
            para.columns = max(1, int(c.get("colCount", "1") or 1))

    def sublists(self, elem: ET.Element) -> Iterator[ET.Element]:
        """The outermost ``hp:subList``s under an element, in document order."""
        for child in elem:
            if _local(child.tag) == "subList":
                yield child
            else:
                yield from self.sublists(child)

    def table(self, tbl: ET.Element) -> list[_Item]:
        cells: list[tuple[int, int, str]] = []
        read: list[tuple[int, list[_Para]]] = []
        notes: list[_Note] = []
        items: list[_Item] = []
        for child in tbl:
            name = _local(child.tag)
            if name == "tr":
                for tc in child:
                    if _local(tc.tag) != "tc":
                        continue
                    addr = next((e for e in tc if _local(e.tag) == "cellAddr"), None)
                    sub = next((e for e in tc if _local(e.tag) == "subList"), None)
                    if addr is None or sub is None:
                        continue
                    row = int(addr.get("rowAddr", 0))
                    read.append((row, self.paragraphs(sub)))
                    body, found = _flatten(read[-1][1])
                    cells.append((row, int(addr.get("colAddr", 0)), body))
                    notes.extend(found)
            elif name == "caption":
                for sub in self.sublists(child):
                    body, found = _flatten(self.paragraphs(sub))
                    items.append(_Box(body, found))
        rows = _grid(cells, int(tbl.get("rowCnt", 0)), int(tbl.get("colCnt", 0)))
        return [_Table(rows, notes, _frame(read)), *items]


def _read_hwpx(path: Path, name: str, equations: bool) -> _Read:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        msg = f"the zip container is damaged or truncated ({e}); get a new copy of the file"
        raise HwpDamagedError(name, msg) from e
    with archive:
        names = set(archive.namelist())
        mimetype = _part(archive, "mimetype", name).decode("ascii", "replace").strip()
        parts = sorted(
            (int(m.group(1)), n) for n in names if (m := _SECTION_PART.fullmatch(n)) is not None
        )
        if mimetype != "application/hwp+zip" and not parts:
            msg = "a zip file that is not an HWPX document (no Contents/section*.xml)"
            raise NotHwpError(name, msg)
        if not parts:
            msg = "the HWPX file has no Contents/section*.xml; it is damaged"
            raise HwpDamagedError(name, msg)
        if "META-INF/manifest.xml" in names and (
            b"encryption-data" in _part(archive, "META-INF/manifest.xml", name)
        ):
            msg = "the document is encrypted (password); save it without protection"
            raise HwpEncryptedError(name, msg)
        version, metadata = "", {}
        if "version.xml" in names:
            root = _xml(_part(archive, "version.xml", name), "version.xml", name)
            version = ".".join(root.get(k, "0") for k in ("major", "minor", "micro", "buildNumber"))
            if app := (root.get("appVersion") or "").strip():
                metadata["application"] = app
        if "Contents/content.hpf" in names:
            metadata.update(_hpf_metadata(_part(archive, "Contents/content.hpf", name), name))
        headings: dict[str, int] = {}
        sizes: dict[str, float] = {}
        if "Contents/header.xml" in names:
            header = _part(archive, "Contents/header.xml", name)
            headings, sizes = _hwpx_headings(header, name), _hwpx_sizes(header, name)
        body = _HwpxBody(headings, equations, sizes)
        sections = [
            body.paragraphs(_xml(_part(archive, part, name), part, name)) for _, part in parts
        ]
    return _Read("hwpx", version, sections, metadata)


def _part(archive: zipfile.ZipFile, part: str, name: str) -> bytes:
    try:
        return archive.read(part)
    except KeyError:
        return b""
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as e:
        msg = f"the part {part} is damaged ({e}); the file may be truncated — get a new copy"
        raise HwpDamagedError(name, msg) from e


def _xml(data: bytes, part: str, name: str) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError as e:
        msg = f"the part {part} is not well-formed XML ({e}); get a new copy of the file"
        raise HwpDamagedError(name, msg) from e


def _hpf_metadata(data: bytes, name: str) -> dict[str, str]:
    """``opf:title`` and the ``opf:meta`` fields that carry a value."""
    out: dict[str, str] = {}
    for e in _xml(data, "Contents/content.hpf", name).iter():
        tag = _local(e.tag)
        if tag == "title":
            key = "title"
        elif tag == "meta":
            key = _OPF_FIELDS.get(e.get("name", ""), "")
        else:
            continue
        if key and (value := (e.text or "").strip()):
            out[key] = value
    return out


def _hwpx_headings(data: bytes, name: str) -> dict[str, int]:
    """Heading level of each ``hh:paraPr`` id: outline level + 1 where it is an outline."""
    out: dict[str, int] = {}
    for e in _xml(data, "Contents/header.xml", name).iter():
        if _local(e.tag) != "paraPr" or e.get("id") is None:
            continue
        heading = next((h for h in e.iter() if _local(h.tag) == "heading"), None)
        if heading is not None and heading.get("type") == "OUTLINE":
            out[e.get("id", "")] = int(heading.get("level", "0") or 0) + 1
    return out


def _hwpx_sizes(data: bytes, name: str) -> dict[str, float]:
    """Size in points of each ``hh:charPr`` id (``height`` is in 1/100 pt)."""
    out: dict[str, float] = {}
    for e in _xml(data, "Contents/header.xml", name).iter():
        if _local(e.tag) == "charPr" and e.get("id") is not None:
            height = e.get("height", "")
            if height.isdigit():
                out[e.get("id", "")] = int(height) / 100
    return out


# --- as a source for ingest ----------------------------------------------------------------


def hwp_source(doc: HwpDocument) -> Source:
    """The document as a :class:`~ingest.records.Source`, laid out like a PDF's: a paragraph
    per line with a blank line between paragraphs, a table row per line ("header: value |
    …", its cells in ``LineBox.cells``), a footnote as its own paragraph after its anchor
    ("1) …"), headers and footers as furniture; a frame (``HwpBlock.frame``) a line per
    paragraph of it. Lines carry their type size (``LineBox.size``). Pages are joined with
    form feeds where the file stored its layout; where it did not, the text is one chunk and
    ``Source.pages_known`` is False, so no page is ever cited that the file does not state.
    """
    known = doc.pages_known and doc.pages is not None
    n_pages = (doc.pages or 1) if known else 1
    by_page: list[list[HwpBlock]] = [[] for _ in range(n_pages)]
    page = 1
    for block in doc.blocks:
        if known and block.page is not None:
            page = min(max(block.page, 1), n_pages)
        by_page[page - 1].append(block)
    out = LaidOut()
    for number, blocks in enumerate(by_page, start=1):
        if number > 1:
            out.new_page()
        for block in blocks:
            if block.kind == "table" and block.frame:
                out.frame([(_one_line(t), size) for t, size in block.frame])
            elif block.kind == "table":
                out.table([[_one_line(c) for c in row] for row in block.rows])
            elif block.kind in ("header", "footer"):
                out.put(_one_line(block.text), furniture=block.kind)
            elif block.kind in ("footnote", "endnote"):
                mark = f"{block.note}) " if block.note else ""
                out.put(mark + _one_line(block.text))
            else:
                out.put(_one_line(block.text), size=block.size)
    text = out.text()
    return Source(
        path=doc.path,
        text=text,
        encoding=doc.format,
        media_type="application/x-hwp" if doc.format == "hwp" else "application/hwp+zip",
        layout=tuple(out.layout),
        private_use=doc.private_use,
        pages_known=known,
        properties=tuple(
            (k, doc.metadata[k])
            for k in ("title", "author", "created", "modified")
            if k in doc.metadata
        ),
    )
