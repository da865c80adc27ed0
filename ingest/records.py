"""Plain records that flow through ingest: source → pages → blocks → passages.

All records are frozen dataclasses; offsets are Python string indices (code points).
"raw" offsets index ``Source.text``, the decoded (NFC) text of the file, so that any
quote can be traced back to what the file said before repair.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["ko", "en"]
MediaType = Literal[
    "text/plain",
    "application/pdf",
    "application/x-hwp",
    "application/hwp+zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
]
Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left
PassageKind = Literal["body", "abstract", "keywords", "table", "caption", "title", "footnote"]


@dataclass(frozen=True)
class Source:
    """A decoded source file.

    ``text`` is the whole document; for a PDF (and an HWP/HWPX file whose pages are known)
    the pages are joined with form feeds (``\\f``) so that page splitting is the same step
    for every kind of input. ``pages_known`` is False where the file states no pages (an
    HWP file saved without its layout): the text is then one chunk, and no page is cited.
    """

    path: str
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "cp949", "utf-16", "pdf", "hwp", "hwpx"
    media_type: MediaType
    layout: tuple[LineBox, ...] = ()  # PDF, HWP: what each line of ``text`` is (and where)
    private_use: int = 0  # private-use characters (font-specific glyphs with no meaning)
    controls: int = 0  # control characters dropped by the reader
    pages_known: bool = True
    ocr_pages: tuple[int, ...] = ()  # pages read by OCR (no text layer)
    # What the file states about itself (PDF Info, HWP summary, DOCX core properties), as
    # (key, value) with keys "title", "author", "created", "modified" (ISO 8601 dates).
    properties: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LineBox:
    """What one line of a laid-out source is: its raw span, page, box (PDF; None for HWP,
    which stores no positions) and what it is."""

    raw_start: int
    raw_end: int
    page: int
    box: Box | None
    furniture: str | None = None  # "header", "footer", "page_number", "margin"
    label: str | None = None  # a printed page number in the line
    table: int | None = None  # the ruled table this line is a row of, numbered in the document
    cells: tuple[str, ...] = ()  # a table row's cells
    wraps: tuple[int, ...] = ()  # offsets in the line where a cell's wrapped lines were joined
    ocr: float | None = None  # read by OCR: Tesseract's confidence, 0–1
    heading: int = 0  # the file marks this line a heading of this level (DOCX styles)
    size: float = 0.0  # type size in points where the file states it and no box (HWP)


@dataclass(frozen=True)
class Furniture:
    """Page furniture removed from the text: a printed page number or a running title."""

    kind: Literal["page_number", "running_title", "header", "footer", "margin"]
    text: str
    raw_start: int
    raw_end: int


@dataclass(frozen=True)
class Page:
    number: int  # physical page, 1-based
    raw_start: int
    raw_end: int
    label: str | None  # printed page label ("15"), when printed or inferable
    label_inferred: bool  # True when the label was counted from a printed neighbour
    furniture: tuple[Furniture, ...] = ()


@dataclass(frozen=True)
class Line:
    """One physical line of a page, with its raw span (no trailing newline)."""

    text: str
    raw_start: int
    raw_end: int
    page: int
    box: Box | None = None  # PDF: the line's box on its page
    height: float = 0.0  # PDF: the line's height (its font's), in points
    table: int | None = None  # PDF: the ruled table this line is a row of
    cells: tuple[str, ...] = ()  # PDF: a table row's cells
    wraps: tuple[int, ...] = ()  # PDF: offsets where a cell's wrapped lines were joined
    ocr: float | None = None  # read by OCR: its confidence, 0–1
    heading: int = 0  # the file marks it a heading of this level (DOCX styles)
    size: float = 0.0  # HWP: its type size in points (a PDF line's is its height)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


BlockKind = Literal[
    "heading",
    "paragraph",
    "item",
    "table",
    "caption",
    "label",  # 국문초록, Abstract, 생각해 봅시다: a box label printed after its content
    "keywords",
    "title",  # the English "Title:" line(s)
    "footnote",  # one note of a page's footnote area ("7) 다양한 업체에서 …")
]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    lines: tuple[Line, ...]
    page: int
    level: int = 0  # heading depth (1 = Ⅰ/Ⅱ, 2 = "1.", 3 = "가.", 4 = "(1)"/■/<…>)
    marker: str = ""  # bullet or heading marker: "•", "-", "※", "Ⅱ", "1.", "가.", "<표 1>"

    @property
    def raw_start(self) -> int:
        return self.lines[0].raw_start

    @property
    def raw_end(self) -> int:
        return self.lines[-1].raw_end


@dataclass(frozen=True)
class Repairs:
    """Counts of repairs by kind, for the ingest summary."""

    counts: dict[str, int] = field(default_factory=dict)

    def __add__(self, other: Repairs) -> Repairs:
        merged = dict(self.counts)
        for k, v in other.counts.items():
            merged[k] = merged.get(k, 0) + v
        return Repairs(merged)


@dataclass(frozen=True)
class Passage:
    id: str
    doc_id: str
    ordinal: int
    lang: Lang
    section: tuple[str, ...]
    page: int
    page_label: str | None
    kind: PassageKind
    text: str
    sentences: tuple[tuple[int, int], ...]  # [start, end) offsets into ``text``
    raw_start: int  # span of the raw source this passage was repaired from
    raw_end: int
    footnotes: tuple[str, ...] = ()  # footnote numbers referenced in the passage
    boxes: tuple[tuple[int, Box], ...] = ()  # PDF: (page, box) of the regions it came from
    rows: tuple[tuple[str, ...], ...] = ()  # a table passage: its rows' cells, header first
    ocr: float | None = None  # read by OCR (a scanned page): the lowest line confidence, 0–1


@dataclass(frozen=True)
class Document:
    id: str
    source: str  # path as given to ingest
    media_type: str
    encoding: str
    title_ko: str | None = None
    title_en: str | None = None
    subtitle: str | None = None  # printed with the title: "노면요철포장 편", "최종보고서"
    doc_type: str | None = None
    languages: tuple[str, ...] = ()
    year: int | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    # Where the document appeared and how it is numbered, when it says so (a journal's
    # volume and issue, a newspaper's date as ISO "2024-06-25" or "2024-06", a report number
    # or arXiv identifier, a DOI without "https://doi.org/").
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    date: str | None = None
    number: str | None = None
    doi: str | None = None
    abstract_ko: str | None = None
    abstract_en: str | None = None
    keywords_ko: tuple[str, ...] = ()
    keywords_en: tuple[str, ...] = ()
    pages: tuple[Page, ...] = ()
    outline: tuple[tuple[int, str], ...] = ()  # (level, heading) in order
    repairs: Repairs = field(default_factory=Repairs)
    pages_known: bool = True  # False: the source states no pages (see ``Source``)
    provenance: tuple[Provenance, ...] = ()  # where each metadata field came from
    edits: tuple[Edit, ...] = ()  # fields the user corrected (``ingest.edits``)


SourceKind = Literal["user", "sidecar", "page1", "text", "file"]
MetadataValue = str | int | tuple[str, ...] | None


@dataclass(frozen=True)
class Provenance:
    """Where a metadata field of a ``Document`` came from, and how far to trust it (0-1).

    ``source``: "user" (given with an upload, or a correction: ``Edit``), "sidecar"
    (``NAME.meta.json``), "page1" (read from the first page's layout and lines), "text" (an
    abstract or keywords block of the text), "file" (the file's own properties: PDF Info, HWP
    summary, DOCX core properties). Trust goes in that order.
    """

    field: str
    source: SourceKind
    confidence: float


@dataclass(frozen=True)
class Edit:
    """A metadata field the user corrected after ingest: the ``Document`` holds the user's
    value (with provenance "user"); ``found`` and ``found_from`` are what ingest had for it,
    given back when the user forgets the edit. Ingest of the same document again refreshes
    them and keeps the user's value."""

    field: str
    found: MetadataValue
    found_from: Provenance | None
