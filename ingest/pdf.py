"""PDF → pages of lines, built from where each glyph sits on the page (PDFium, via pypdfium2).

Why geometry: a PDF draws glyphs, not words. Engines that follow the drawing order (pypdf)
scramble numbers drawn in a second pass ("achieves 1 . 1 0 % 8" for "81.10%") and put a space
between syllables that a browser positioned one by one ("데 뷔 23 개 월"). Here every glyph
keeps its box, lines are rebuilt from boxes that share a baseline, the glyphs of a line are
read left to right, and a space is written where the ink gap between two glyphs is wide,
whatever the engine guessed. PDFium was chosen by measurement against pdfminer.six/pdfplumber
and poppler (``python -m research.bench_pdf``): with every glyph's box it reads the Hancom
PDFs of the development set faster than pypdf read their text alone, two-column English
papers about half as fast; pdfplumber was slower than both, and PDFium's licence
(Apache-2.0/BSD) fits ours.

Rules, each from a real document of the development set:
- A space is an ink gap wider than ``SPACE_GAP`` of the line's height, or a space glyph the
  producer drew between two glyphs that are not touching. Hancom PDF draws its spaces
  ("Ⅰ. 사업 개요"); Chrome/Skia draws none and leaves a gap of about 0.2 em
  (ko_proposal_chrome p1: "한국 주식시장에서의 텍스트"). In condensed type the gaps are
  measured from the line's usual gap (ko_press_rda_contest p3). Four or more single syllables
  spread by gaps that no space glyph fills are one word ("지 원 규 모" → "지원규모"); spread by
  drawn spaces they are the author's ("강 남 소 방 서").
- At a line's end the word ends where the producer drew a space at the wrap, where the line
  ends short of its column or where the next line opens with a list marker; other wraps
  between syllables are left to the spacing model (Hancom does not always draw a space at a
  wrap), and so are wraps inside table cells.
- Digits drawn in a second pass sit on the line by position: sorting a line's glyphs by x puts
  them back.
- A glyph rotated off the horizontal (the arXiv stamp in the margin of en_paper_solar) is
  margin furniture, not body text.
- Running headers and footers are lines in the top or bottom band of the page that repeat on
  several pages once their digits are masked; a printed page number is a short numeric line in
  a band, or the number at either end of a running header ("… 제00권 … 3"). Browser print
  headers ("6/30/24, 9:51 PM …") and URL footers ("https://… 1/8") are furniture too.
- Ruled tables: Hancom draws cell borders as thin filled rectangles or stroked lines. Where
  horizontal and vertical rules cross to form a grid, the glyphs inside are cells, read row by
  row (see ``ingest.pdftables``).
"""

from __future__ import annotations

import ctypes
import dataclasses
import itertools
import re
import statistics
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from tqdm import tqdm

from ingest import ocr
from ingest.errors import PdfError
from ingest.ocr import OcrPage
from ingest.pdftables import (
    SNAP,
    Grid,
    Rule,
    RuleSet,
    column_span,
    find_columns,
    find_grids,
    keyed_rows,
    page_rules,
    rows_of,
    rule_sets,
)
from ingest.records import LineBox, Source

# An ink gap wider than this share of the line's height is a space. Chosen on the development
# PDFs against their HWP sources (research/bench_pdf.py prints the space error rate).
SPACE_GAP = 0.3
# Between two full-width glyphs the advance boxes touch inside a word, so a smaller gap is a
# space: Chrome leaves 0.28 line heights ("한국 주식시장"), Hancom about 0.6.
WIDE_SPACE_GAP = 0.12
# A producer's own space glyph counts only where the ink gap is at least this wide: Quartz
# draws spaces inside words ("p eriod", "Se oul" in ko_paper_kopdp) with the glyphs touching.
DRAWN_SPACE_MIN_GAP = 0.05
# Ink this far apart (in line heights) is two words, whatever PDFium says: en_paper_solar p6
# sets "‘SFT" and a table's "we can see" on one baseline 1.7 line heights apart, with no
# space between them in PDFium's text.
APART_GAP = 1.0
# Two pieces of text on one baseline farther apart than this (in line heights) are not one
# line: a column gutter, or the cells of a table row.
MAX_WORD_GAP = 2.0
BAND = 0.09  # top and bottom bands of a page, as a share of its height, where furniture sits
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


@dataclass(frozen=True)
class Glyph:
    ch: str
    x0: float  # ink box, points, origin top-left
    x1: float
    lx0: float  # advance box: exact for full-width (Hangul, Hanja) glyphs
    lx1: float
    top: float  # line box (the font's ascent and descent): the same for every glyph of a run
    bottom: float
    order: int  # drawing order
    drawn_space: bool = False  # the producer drew a space glyph right before this one
    engine_space: bool = False  # PDFium put a space before it (from the font's real widths)
    estimated: bool = False  # the ink box is a guess (the font has no outline for it)
    hyphen: bool = False  # a soft hyphen follows: the word goes on on the next line


@dataclass
class PdfLine:
    glyphs: list[Glyph]
    text: str = ""
    furniture: str | None = None  # "header", "footer", "page_number", "margin"
    label: str | None = None  # printed page number found in this line
    table: int | None = None  # the table this line is a row of (numbered across the document)
    cells: tuple[str, ...] = ()  # the row's cells, for a table row
    wraps: tuple[int, ...] = ()  # offsets in ``text`` where a cell's lines were joined unspaced

    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0  # the median glyph's line box: one glyph's superscript does not move it
    bottom: float = 0.0
    order: int = 0  # drawing order of its first glyph

    def __post_init__(self) -> None:
        self.measure()

    def measure(self) -> None:
        """Recompute the box after glyphs were added."""
        gs = self.glyphs
        self.x0 = min(g.x0 for g in gs)
        self.x1 = max(g.x1 for g in gs)
        self.top = statistics.median(g.top for g in gs)
        self.bottom = statistics.median(g.bottom for g in gs)
        self.order = min(g.order for g in gs)

    def extend(self, glyphs: Sequence[Glyph]) -> None:
        self.glyphs.extend(glyphs)
        self.measure()

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1))


@dataclass
class PdfPage:
    number: int
    width: float
    height: float
    lines: list[PdfLine] = field(default_factory=list)
    private_use: int = 0
    controls: int = 0


def open_pdf(name: str, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if re.search(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b", data):
            raise PdfError(name, "has no pages; re-export the PDF") from e
        if "password" in str(e).lower():
            msg = (
                "is password-protected; save an unencrypted copy (e.g. print it to PDF) "
                "and ingest that"
            )
            raise PdfError(name, msg) from e
        raise PdfError(name, _damaged(e)) from e


def _damaged(e: Exception) -> str:
    return (
        f"cannot be parsed as a PDF ({type(e).__name__}: {e}); the file is damaged or "
        "truncated: re-download or re-export it"
    )


def read_pdf(name: str, data: bytes, *, use_ocr: bool = True) -> Source:
    """The PDF as a :class:`Source`: one line of text per line on the page, pages joined with
    form feeds, and each line's box and furniture mark in ``Source.layout``. Pages without a
    text layer are read by OCR unless ``use_ocr`` is False (benchmarks of the text path)."""
    document = open_pdf(name, data)
    try:
        if len(document) == 0:
            raise PdfError(name, "has no pages; re-export the PDF")
        pages = read_pages(name, document)
        scanned = _ocr_blank_pages(document, pages) if use_ocr else {}
        properties = pdf_properties(document)
    finally:
        document.close()
    number_tables(pages)
    parts: list[str] = []
    layout: list[LineBox] = []
    pos = 0
    for page in pages:
        if page.number > 1:
            parts.append("\f")
            pos += 1
        if page.number in scanned:
            pos = _put_ocr(scanned[page.number], page.number, parts, layout, pos)
            continue
        prev: PdfLine | None = None
        ordered = reading_order(page.lines)
        leading = _leading(ordered)
        for line in ordered:
            text = line.text
            if prev is not None:
                sep = "\n\n" if _paragraph_gap(prev, line, leading) else "\n"
                parts.append(sep)
                pos += len(sep)
            parts.append(text)
            layout.append(
                LineBox(
                    pos,
                    pos + len(text),
                    page.number,
                    line.box,
                    line.furniture,
                    line.label,
                    line.table,
                    line.cells,
                    line.wraps,
                )
            )
            pos += len(text)
            prev = line
    text = "".join(parts)
    if not text.replace("\f", "").strip():
        why = ocr.available()
        msg = (
            f"has no text layer in any of its {len(pages)} pages (a scan?)"
            + (f" and OCR cannot run here: {why}" if why else " and OCR found no text")
            + "; run OCR first (e.g. ocrmypdf --language kor+eng) and ingest the result"
        )
        raise PdfError(name, msg)
    return Source(
        path=name,
        text=text,
        encoding="pdf",
        media_type="application/pdf",
        layout=tuple(layout),
        private_use=sum(p.private_use for p in pages),
        controls=sum(p.controls for p in pages),
        ocr_pages=tuple(sorted(scanned)),
        properties=properties,
    )


_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")


def pdf_properties(document: pdfium.PdfDocument) -> tuple[tuple[str, str], ...]:
    """The Info dictionary's title, author, producer and dates ("D:20240405…" → 2024-04-05)."""
    try:
        info = document.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        return ()
    out: list[tuple[str, str]] = []
    for key, name in (("Title", "title"), ("Author", "author")):
        if value := " ".join(str(info.get(key, "")).split()):
            out.append((name, value))
    if generators := " ".join(str(info.get(k, "")) for k in ("Creator", "Producer")).strip():
        out.append(("producer", generators))
    for key, name in (("CreationDate", "created"), ("ModDate", "modified")):
        if m := _PDF_DATE.match(str(info.get(key, ""))):
            out.append((name, "-".join(g for g in m.groups() if g)))
    return tuple(out)


def _ocr_blank_pages(document: pdfium.PdfDocument, pages: Sequence[PdfPage]) -> dict[int, OcrPage]:
    """OCR for the pages that gave no text, where Tesseract can run (a progress bar on
    standard error when there are several: about 10 s a page on one core)."""
    blank = [p.number for p in pages if not any(ln.text.strip() for ln in p.lines)]
    if not blank or ocr.available() is not None:
        return {}
    out: dict[int, OcrPage] = {}
    for number in tqdm(
        blank,
        desc="OCR",
        unit="page",
        disable=None if len(blank) > 1 else True,
        file=sys.stderr,
        leave=False,
    ):
        read = ocr.ocr_page(document[number - 1])
        if read.lines:
            out[number] = read
    return out


def _put_ocr(page: OcrPage, number: int, parts: list[str], layout: list[LineBox], pos: int) -> int:
    """An OCR'd page's lines into the text: a blank line between Tesseract's paragraphs."""
    prev = None
    for line in page.lines:
        if prev is not None:
            sep = "\n\n" if line.paragraph != prev else "\n"
            parts.append(sep)
            pos += len(sep)
        parts.append(line.text)
        layout.append(LineBox(pos, pos + len(line.text), number, line.box, ocr=line.confidence))
        pos += len(line.text)
        prev = line.paragraph
    return pos


def number_tables(pages: Sequence[PdfPage]) -> None:
    """Number the tables of the document; a table that ends one page and one with as many
    columns that starts the next are one table split by the page break."""
    count = -1
    last: PdfLine | None = None  # the last body line of the previous page, if a table row
    for page in pages:
        body = [ln for ln in page.lines if ln.furniture is None]
        current = None
        marker = None  # the page's own mark of the table being numbered
        for i, line in enumerate(body):
            if line.table is None:
                current = None
                continue
            if line.table != marker:  # the next table on the page, even right after one
                current = None
                marker = line.table
            if current is None:
                continues = (
                    i == 0
                    and last is not None
                    and last.table is not None
                    and len(last.cells) == len(line.cells)
                )
                count += 0 if continues else 1
                current = last.table if continues and last is not None else count
            line.table = current
        last = body[-1] if body and body[-1].table is not None else None


def reading_order(lines: Sequence[PdfLine]) -> list[PdfLine]:
    """Running headers first, body lines in drawing order, then footers and margin text.

    A body line ends in a space where the geometry says the next line starts a new word:
    the producer drew a space at the wrap, the line ends short of its column (the paragraph
    ended there), or the next line starts with a list marker. Elsewhere the join is left
    open and the spacing model decides at Hangul. (A Hancom page that draws its spaces does
    not always draw one at a wrap: ko_plan_moel_report's "위한⏎기본법" has none, so a missing
    space there is no proof of a cut word.)
    """
    body = [ln for ln in lines if ln.furniture is None]
    heads = sorted((ln for ln in lines if ln.furniture == "header"), key=lambda ln: ln.top)
    feet = [ln for ln in lines if ln.furniture is not None and ln.furniture != "header"]
    feet.sort(key=lambda ln: (ln.furniture == "margin", ln.top))
    prose = [ln for ln in body if ln.table is None]
    for i, (a, b) in enumerate(itertools.pairwise(prose)):
        if a.text.endswith(" "):
            continue
        if (
            (b.glyphs and b.glyphs[0].drawn_space)
            or _ends_short(prose, i)
            or _LIST_MARKER.match(b.text)
        ):
            a.text += " "
    return heads + body + feet


# A line that opens a new paragraph: a bullet or a numbered item ("* AI반도체 기업", "◆ 기업규모
# 구분", "① 신청", "Ⅱ 사업 지원 내용", "1. 개요", "가. 사업비").
_LIST_MARKER = re.compile(
    r"^\s*(?:[*※•◦○●◎◆◇□■▪▶►▷▴☞➢❍ò-]|[oㅇ·ㆍ]\s|[➊-➓❶-❿]|[①-⑳]|[Ⅰ-Ⅻ]|\d{1,2}[.)]\s|[가-하][.)]\s|\(\d{1,2}\)\s)"
)


def _ends_short(prose: Sequence[PdfLine], i: int) -> bool:
    """The line ends more than a line height short of the right edge of the lines around it
    that share its column: the last line of a paragraph, not a wrap."""
    a = prose[i]
    right = a.x1
    for c in prose[max(0, i - 6) : i + 7]:
        overlap = min(a.x1, c.x1) - max(a.x0, c.x0)
        same_size = abs(c.height - a.height) <= 0.2 * a.height
        if same_size and overlap >= 0.5 * min(a.x1 - a.x0, c.x1 - c.x0):
            right = max(right, c.x1)
    return a.x1 < right - 1.2 * a.height


def _leading(lines: Sequence[PdfLine]) -> float:
    """The usual white space between one line and the next on this page."""
    gaps = [
        b.top - a.bottom
        for a, b in itertools.pairwise(lines)
        if a.furniture is None and b.furniture is None and 0 <= b.top - a.bottom < 3 * a.height
    ]
    return statistics.median(gaps) if gaps else 0.5 * max((ln.height for ln in lines), default=10)


def _paragraph_gap(a: PdfLine, b: PdfLine, leading: float) -> bool:
    """A blank line between two lines: more space above the next one than the page's usual
    leading, a jump back up (the next column), or furniture."""
    if a.furniture is not None or b.furniture is not None:
        return True
    return b.top - a.bottom > leading + 0.6 * max(a.height, b.height) or b.top < a.top - a.height


def read_pages(name: str, document: pdfium.PdfDocument) -> list[PdfPage]:
    pages = []
    for index in range(len(document)):
        try:
            page = document[index]
            pages.append(_read_page(index + 1, page))
        except pdfium.PdfiumError as e:
            msg = (
                f"page {index + 1}: text extraction failed ({e}); re-export the PDF "
                "(e.g. print it to PDF) and try again"
            )
            raise PdfError(name, msg) from e
    mark_furniture(pages)
    return pages


def _read_page(number: int, page: pdfium.PdfPage) -> PdfPage:
    width, height = page.get_size()
    out = PdfPage(number, width, height)
    textpage = page.get_textpage()
    glyphs, margin = _glyphs(textpage, height, out)
    rules = page_rules(page)
    grids = find_grids(rules)
    in_grid: dict[int, list[Glyph]] = {}
    free: list[Glyph] = []
    for g in glyphs:
        cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        k = next((k for k, grid in enumerate(grids) if grid.contains(cx, cy)), None)
        if k is None:
            free.append(g)
        else:
            in_grid.setdefault(k, []).append(g)
    verticals = [r for r in rules if not r.horizontal]
    open_lines, free = _open_tables(rule_sets(rules, grids), free, -len(grids) - 1, verticals)
    out.lines = build_lines(free)
    for line in out.lines:
        line.text = line_text(line.glyphs)
    out.lines.extend(open_lines)
    for k, grid in enumerate(grids):
        table_lines = _table_lines(grid, in_grid.get(k, []), -k - 1)
        if table_lines is None:  # a box around text, not a table: read it as lines
            boxed = build_lines(in_grid.get(k, []))
            for line in boxed:
                line.text = line_text(line.glyphs)
            out.lines.extend(boxed)
        else:
            out.lines.extend(table_lines)
    out.lines.sort(key=lambda ln: ln.order)
    for line in margin:
        line.furniture = "margin"
        line.text = line_text(line.glyphs)
    out.lines.extend(margin)
    out.lines = [ln for ln in out.lines if ln.text.strip()]
    return out


def _table_lines(grid: Grid, glyphs: Sequence[Glyph], mark: int) -> list[PdfLine] | None:
    """One line per row of a ruled table, or None when the grid holds no real table (fewer
    than two rows with two filled cells: a framed note or a one-cell box)."""
    by_cell: dict[int, list[Glyph]] = {}
    for g in glyphs:
        k = grid.cell_at((g.x0 + g.x1) / 2, (g.top + g.bottom) / 2)
        if k is not None:
            by_cell.setdefault(k, []).append(g)
    texts = {k: cell_text(gs) for k, gs in by_cell.items()}
    rows = rows_of(grid, texts)
    if sum(1 for _, row in rows if sum(1 for c in row if c) >= 2) < 2:
        return None
    out = []
    for (r, cells), text in zip(rows, keyed_rows([c for _, c in rows]), strict=True):
        row_glyphs = [g for k, gs in by_cell.items() if grid.cells[k][0] == r for g in gs]
        text, wraps = take_wraps(text)
        shown = tuple(take_wraps(c)[0] for c in cells)
        line = PdfLine(row_glyphs or list(glyphs[:1]), text=text, cells=shown, wraps=wraps)
        line.table = mark  # the page's own mark; numbered across the document by number_tables
        out.append(line)
    return out


# Between two glyphs of a row of a table without vertical rules, a gap between their advance
# boxes wider than this many line heights separates two cells. Measured: column gaps from 1.08
# (ko_proposal_chrome's "-0.0053***  -0.0016") up, 1.22 (en_paper_solar Table 1's header),
# 1.35 (ko_thesis_template_latex's "SW-III  CAP"); gaps inside a cell up to 0.41 (the math
# space in "E (eV)"), word spaces 0.28. Ink gaps would not do: italic "W-" leaves 0.6.
COLUMN_GAP = 0.8
# Rows of a table sit close: a band between two rules whose lines are farther apart than this
# (line heights) holds something else (a figure's labels).
ROW_GAP = 1.5
RULE_GAP = 2.5


def _runs(line: PdfLine) -> list[list[Glyph]]:
    """A row's glyphs cut where the gap is wide enough to separate cells."""
    runs: list[list[Glyph]] = []
    right = 0.0
    for g in line.glyphs:
        if runs and g.lx0 - right <= COLUMN_GAP * line.height:
            runs[-1].append(g)
            right = max(right, g.lx1)
        else:
            runs.append([g])
            right = g.lx1
    return runs


def _tabular_band(lines: Sequence[PdfLine], top: float, bottom: float, width: float) -> bool:
    """The lines between two rules could be rows of a table: close together and to the rules,
    one of them cut into cells, and none a line of running text (a caption between two
    stacked tables, a paragraph in a box)."""
    if not any(len(_runs(ln)) >= 2 for ln in lines):
        return False
    if any(len(_runs(ln)) == 1 and ln.x1 - ln.x0 >= 0.6 * width for ln in lines):
        return False
    if lines[0].top - top > RULE_GAP * lines[0].height:
        return False
    if bottom - lines[-1].bottom > RULE_GAP * lines[-1].height:
        return False
    return all(b.top - a.bottom <= ROW_GAP * b.height for a, b in itertools.pairwise(lines))


def _open_tables(
    sets: Sequence[RuleSet], glyphs: Sequence[Glyph], mark: int, verticals: Sequence[Rule] = ()
) -> tuple[list[PdfLine], list[Glyph]]:
    """Rows of the tables ruled by horizontal lines only (``ingest.pdftables.rule_sets``),
    marked ``mark``, ``mark - 1``, …; and the glyphs that are not in them.

    The bands between consecutive rules of one width that look like table rows are joined
    into a table; a band of running text or a wide empty one ends it. A row just above the
    first rule joins too where it is cut into cells (a Markdown table's header row, drawn with
    a rule under it and none above). A stretch crossed by a vertical rule is left alone. The
    columns are the white space the fullest rows share
    (``find_columns``); a table needs two columns and two rows of two filled cells, and at
    least half of its rows with two. Where a rule runs under every row (three bands or more,
    none of more than three lines), a band is one row and a cell wrapped over two lines stays
    one cell; otherwise every line is a row."""
    out: list[PdfLine] = []
    taken: set[int] = set()
    for rs in sets:
        pool = [
            g
            for g in glyphs
            if g.order not in taken
            and rs.x0 - SNAP <= (g.x0 + g.x1) / 2 <= rs.x1 + SNAP
            and rs.ys[0] - 40 <= (g.top + g.bottom) / 2
        ]
        if not pool:
            continue
        pool = [g for g in pool if (g.top + g.bottom) / 2 <= rs.ys[-1] + 40]
        lines = sorted(build_lines(pool), key=lambda ln: ln.top)
        width = rs.x1 - rs.x0
        chains: list[list[list[PdfLine]]] = []
        chain: list[list[PdfLine]] = []
        for top, bottom in itertools.pairwise(rs.ys):
            band = [ln for ln in lines if top < (ln.top + ln.bottom) / 2 < bottom]
            if not band and bottom - top <= 10:
                continue
            if band and _tabular_band(band, top, bottom, width):
                if not chain:
                    above = [ln for ln in lines if ln.bottom <= top + 1]
                    if above:
                        head = above[-1]
                        if top - head.bottom <= head.height and len(_runs(head)) >= 2:
                            chain.append([head])
                chain.append(band)
                continue
            if chain:
                chains.append(chain)
            chain = []
        if chain:
            chains.append(chain)
        for chain in chains:
            top = min(ln.top for ln in chain[0])
            bottom = max(ln.bottom for ln in chain[-1])
            if any(
                rs.x0 - SNAP <= v.x0 <= rs.x1 + SNAP and v.top < bottom and v.bottom > top
                for v in verticals
            ):
                # part of a table with vertical rules that no grid took whole (Hancom's
                # ko_guide_ai_semiconductor p18): left to be read as lines, as before
                continue
            if _ruled_rows(chain):
                # a Markdown table's last row has no rule under it (ko_proposal_chrome p6)
                bottom = max(ln.bottom for ln in chain[-1])
                below = [ln for ln in lines if ln.top >= bottom + 1]
                if below:
                    foot = below[0]
                    rule = next(y for y in rs.ys if y > bottom)
                    if foot.top - rule <= foot.height and len(_runs(foot)) >= 2:
                        chain.append([foot])
            table = _open_table(chain, mark)
            if table is None:
                continue
            out.extend(table)
            mark -= 1
            taken.update(g.order for band in chain for ln in band for g in ln.glyphs)
    return out, [g for g in glyphs if g.order not in taken]


_STEP = re.compile(r"\d{1,3}:")


def _ruled_rows(bands: Sequence[Sequence[PdfLine]]) -> bool:
    """A rule under every row (ko_proposal_chrome): three bands or more, nearly all of one
    line, none of more than two. Booktabs rules between groups of rows (en_paper_hardforget
    Table 4: three rows to a group) are not."""
    ones = sum(1 for band in bands if len(_rows(band)) == 1)
    return (
        len(bands) >= 3
        and all(len(_rows(band)) <= 2 for band in bands)
        and 3 * ones >= 2 * len(bands)
    )


def _rows(lines: Sequence[PdfLine]) -> list[PdfLine]:
    """Lines that share a baseline joined: a table's cells far apart on one row can come out
    of ``build_lines`` as two lines ("Properties" and "Instruction  Alignment" in
    en_paper_solar's Table 1)."""
    rows: list[PdfLine] = []
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        if rows and _same_line(rows[-1], ln):
            rows[-1].extend(ln.glyphs)
            rows[-1].glyphs.sort(key=lambda g: (g.x0, g.order))
        else:
            rows.append(PdfLine(list(ln.glyphs)))
    return rows


def _open_table(chain: Sequence[Sequence[PdfLine]], mark: int) -> list[PdfLine] | None:
    bands = [_rows(band) for band in chain]
    lines = [ln for band in bands for ln in band]
    runs = {id(ln): _runs(ln) for ln in lines}
    seps = find_columns(
        [[(run[0].x0, max(g.x1 for g in run)) for run in runs[id(ln)]] for ln in lines]
    )
    if seps is None:
        return None
    groups = [list(band) for band in bands] if _ruled_rows(bands) else [[ln] for ln in lines]
    rows: list[list[str]] = []
    for group in groups:
        cells = [""] * (len(seps) + 1)
        for ln in group:
            for run in runs[id(ln)]:
                first, _ = column_span(seps, run[0].x0, max(g.x1 for g in run))
                cells[first] = f"{cells[first]} {line_text(run)}".strip()
        rows.append(cells)
    filled = sum(1 for row in rows if sum(1 for c in row if c) >= 2)
    if filled < 2 or 2 * filled < len(rows):
        return None
    numbered = sum(1 for row in rows if _STEP.match(next((c for c in row if c), "")))
    if 2 * numbered >= len(rows):  # an algorithm's numbered steps between its rules
        return None
    out = []
    first = min(g.order for ln in lines for g in ln.glyphs)
    for group, cells, text in zip(groups, rows, keyed_rows(rows), strict=True):
        line = PdfLine([g for ln in group for g in ln.glyphs], text=text, cells=tuple(cells))
        line.table = mark
        # Rows keep their order from top to bottom whatever order they were drawn in: all
        # take the table's first glyph's place, and the page's stable sort keeps them so.
        line.order = first
        out.append(line)
    return out


def cell_text(glyphs: Sequence[Glyph]) -> str:
    """The lines of one cell joined. A wrap is a space where the producer drew one, where the
    line ends short of the cell's text or where a narrow character meets it; a wrap between
    two full-width characters may have cut a word, so it is marked with ``WRAP`` for the
    spacing model to decide (Hancom does not always draw the space at a wrap:
    ko_plan_moel_report's "패키지⏎입법")."""
    lines = build_lines(glyphs)
    lines.sort(key=lambda ln: (round(ln.top), ln.x0))
    right = max((ln.x1 for ln in lines), default=0.0)
    out = ""
    for line, after in itertools.zip_longest(lines, lines[1:]):
        text = line_text(line.glyphs)
        out += text
        if after is None:
            break
        if out.endswith("-"):
            continue
        first = after.glyphs[0]
        short = line.x1 < right - 1.2 * line.height
        if not first.drawn_space and not short and _wide(out[-1]) and _wide(first.ch):
            out += WRAP
        else:
            out += " "
    return out


# Marks a cell's wrap between full-width characters while a row's text is built; the row
# keeps the offsets (``PdfLine.wraps``) and the text loses the mark.
WRAP = "\u2063"


def take_wraps(text: str) -> tuple[str, tuple[int, ...]]:
    """The text without its ``WRAP`` marks, and where they were."""
    wraps: list[int] = []
    out: list[str] = []
    for ch in text:
        if ch == WRAP:
            wraps.append(len(out))
        else:
            out.append(ch)
    return "".join(out), tuple(wraps)


def _glyphs(
    textpage: pdfium.PdfTextPage, height: float, out: PdfPage
) -> tuple[list[Glyph], list[PdfLine]]:
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    loose = pdfium_c.FS_RECTF()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    glyphs: list[Glyph] = []
    rotated: list[Glyph] = []
    space_pending = engine_space = False
    high = 0  # a UTF-16 high surrogate waiting for its pair (math italics: "𝐷")
    wingdings = _FontCheck(raw, "Wingdings")
    for i in range(n):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if pdfium_c.FPDFText_IsGenerated(raw, i):
            engine_space = engine_space or code == 0x20
            continue
        if 0xD800 <= code < 0xDC00:
            high = code
            continue
        if 0xDC00 <= code < 0xE000 and high:
            code = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
        high = 0
        ch = chr(code) if code else ""
        if ch in ("\ufffe", "\x02") and glyphs:
            # PDFium's mark for a hyphen at a line end (U+FFFE, or U+0002 in en_paper_solar's
            # "No-|tably"): the word goes on below. ``ingest.repair`` decides whether the
            # hyphen is the author's.
            glyphs[-1] = dataclasses.replace(glyphs[-1], hyphen=True)
            continue
        if ch in (" ", "\u00a0", "\u3000"):
            space_pending = True
            continue
        control = ch != "\u00ad" and unicodedata.category(ch) in ("Cc", "Cf", "Cs")
        if not ch or ch in "\r\n\ufeff" or control:
            if ch and ch not in "\r\n":
                out.controls += 1
            continue
        if ch in _WINGDINGS and wingdings(i):
            ch = _WINGDINGS[ch]
        if _PRIVATE_USE.match(ch):
            out.private_use += 1
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, loose)
        ok = pdfium_c.FPDFText_GetCharBox(
            raw, i, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top)
        )
        x0, x1 = (left.value, right.value) if ok else (loose.left, loose.right)
        if x1 <= x0:  # no ink (a space-like glyph): take the advance box
            x0, x1 = loose.left, loose.right
        line_height = loose.top - loose.bottom
        estimated = x1 - x0 > 0.8 * line_height and not _wide(ch)
        if estimated:
            # No outline for this glyph, so PDFium gave the font's whole box (Hancom's digits
            # in ko_guide_ai_semiconductor p2: "1" as wide as "추"): assume a typical width.
            x1 = x0 + (0.35 if unicodedata.category(ch).startswith("P") else 0.55) * line_height
        glyph = Glyph(
            ch,
            x0,
            x1,
            loose.left,
            loose.right,
            height - loose.top,
            height - loose.bottom,
            i,
            drawn_space=space_pending,
            engine_space=engine_space,
            estimated=estimated,
        )
        if ch == "\u00ad":
            if glyphs and _same_line(glyphs[-1], glyph) and glyph.x0 >= glyphs[-1].x0:
                # a soft hyphen after the last word of a line: the word goes on below
                glyphs[-1] = dataclasses.replace(glyphs[-1], hyphen=True)
                continue
            # one that opens a line is drawn as a dash: ko_report_footnotes' bullets
            glyph = dataclasses.replace(glyph, ch="-")
        space_pending = engine_space = False
        angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
        if 0.05 < angle < 6.23:  # radians; anything visibly off the horizontal
            rotated.append(glyph)
        else:
            glyphs.append(glyph)
    margin = [PdfLine(rotated)] if rotated else []
    return glyphs, margin


# Symbol-font bullets that PDFium reports by their code in the font: Wingdings' 0x9F is
# "Ÿ" in ko_bizplan_homepage's tables. Only the symbols of the Wingdings chart that we are
# sure of; other characters of that font are left as they are.
_WINGDINGS = {"Ÿ": "•", "l": "●", "n": "■", "q": "❑", "v": "❖", "§": "▪", "Ø": "➢", "ü": "✓"}


class _FontCheck:
    """Whether a character's font is named ``name``, asked once per text object of the page
    (a run of glyphs in one font): "l", "n", "q", "v" are Wingdings bullets in some fonts and
    plain letters in every English paper."""

    def __init__(self, raw: pdfium_c.FPDF_TEXTPAGE, name: str) -> None:
        self.raw, self.name = raw, name
        self.seen: dict[int | None, bool] = {}
        self.buf = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()

    def __call__(self, i: int) -> bool:
        obj = ctypes.cast(pdfium_c.FPDFText_GetTextObject(self.raw, i), ctypes.c_void_p).value
        if obj not in self.seen:
            n = pdfium_c.FPDFText_GetFontInfo(
                self.raw, i, self.buf, len(self.buf), ctypes.byref(self.flags)
            )
            font = self.buf.value[: max(n - 1, 0)].decode("latin-1", "replace")
            self.seen[obj] = self.name in font
        return self.seen[obj]


_CLOSING = frozenset(".,;:!?)]}」』”’%")
_OPENING = frozenset("([{「『“‘")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _same_line(a: Glyph | PdfLine, b: Glyph | PdfLine) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def build_lines(glyphs: Sequence[Glyph]) -> list[PdfLine]:
    """Glyphs in drawing order → lines in reading order.

    First the drawing order is cut into runs wherever it leaves the baseline or jumps; then
    runs that share a baseline and touch are merged, so a number drawn in a second pass joins
    its line. Lines keep the drawing order of their first glyph: every producer in the
    development set draws columns and paragraphs in reading order.
    """
    runs: list[list[Glyph]] = []
    for g in glyphs:
        if runs:
            last = runs[-1][-1]
            h = max(last.bottom - last.top, 1.0)
            if _same_line(last, g) and -0.5 * h <= g.x0 - last.x1 <= MAX_WORD_GAP * h:
                runs[-1].append(g)
                continue
        runs.append([g])
    lines: list[PdfLine] = []
    for run in runs:
        line = PdfLine(run)
        target = None
        previous = lines[-1] if lines else None
        if previous is not None and _same_line(previous, line) and line.x0 >= previous.x1:
            # The next thing drawn, further along the same baseline: the same row, however
            # wide the gap (a table of contents' page number, a form's value).
            previous.extend(run)
            continue
        for cand in reversed(lines[-40:]):
            h = max(cand.height, line.height)
            near = line.x0 <= cand.x1 + MAX_WORD_GAP * h and line.x1 >= cand.x0 - MAX_WORD_GAP * h
            if near and _same_line(cand, line):
                target = cand
                break
        if target is None:
            lines.append(line)
        else:
            target.extend(run)
    for line in lines:
        line.glyphs.sort(key=lambda g: (g.x0, g.order))
    return lines


def line_text(glyphs: Sequence[Glyph]) -> str:
    """The glyphs of one line, left to right, with spaces where the ink gaps are wide."""
    if not glyphs:
        return ""
    h = statistics.median(g.bottom - g.top for g in glyphs) or 1.0
    wide_gaps = [
        b.lx0 - a.lx1 for a, b in itertools.pairwise(glyphs) if _wide(a.ch) and _wide(b.ch)
    ]
    # Condensed type (ko_press_rda_contest p3: advance boxes overlap by 3 pt) moves every
    # gap down: measure from the line's usual gap when that is negative.
    usual = min(statistics.median(wide_gaps), 0.0) if len(wide_gaps) >= 3 else 0.0
    spaces = [False]
    for prev, g in itertools.pairwise(glyphs):
        if _wide(prev.ch) and _wide(g.ch):
            space = (g.lx0 - prev.lx1 - usual) / h > WIDE_SPACE_GAP
        else:
            # Next to a narrow glyph the boxes say too little (fonts without outlines give
            # whole-em boxes): PDFium's own decision, made from the font's widths, or the
            # producer's space glyph.
            gap = (g.x0 - prev.x1) / h
            space = (
                g.engine_space
                or (g.drawn_space and gap > DRAWN_SPACE_MIN_GAP)
                or (gap > APART_GAP and not (g.estimated or prev.estimated))
            )
            if space and (g.ch in _CLOSING or prev.ch in _OPENING):
                # "있다 ." and "영 ," in ko_paper_kopdp: Quartz leaves room before the stop;
                # nobody types a space there.
                space = not (g.estimated or prev.estimated) and gap > SPACE_GAP
        spaces.append(space)
    _close_spread(glyphs, spaces)
    out = []
    for g, space in zip(glyphs, spaces, strict=True):
        if space:
            out.append(" ")
        out.append(g.ch)
    if glyphs[-1].hyphen:
        out.append("-")
    return unicodedata.normalize("NFC", "".join(out))


def _close_spread(glyphs: Sequence[Glyph], spaces: list[bool]) -> None:
    """Close up four or more single syllables spread by gaps that no space glyph fills: a
    heading distributed across its cell ("지 원 규 모", "요 철 포 장 띠" in Hancom PDFs whose
    sources have "지원규모"), a LaTeX cover's "석 사 학 위 논 문". Spaces the producer drew are
    the author's ("강 남 소 방 서" under a Hancom letter) and stay."""
    n = len(glyphs)
    single = [
        "가" <= g.ch <= "힣" and (k == 0 or spaces[k]) and (k == n - 1 or spaces[k + 1])
        for k, g in enumerate(glyphs)
    ]
    k = 0
    while k < n:
        if not single[k]:
            k += 1
            continue
        end = k
        while end + 1 < n and single[end + 1] and not glyphs[end + 1].drawn_space:
            end += 1
        if end - k >= 3:
            for j in range(k + 1, end + 1):
                spaces[j] = False
        k = end + 1


# --- furniture --------------------------------------------------------------------------------

_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:p(?:age|\.)?\s*)?(\d{1,4})(?:\s*[-–—])?(?:\s*/\s*\d{1,4})?\s*(?:쪽|페이지)?\s*$",
    re.IGNORECASE,
)
_EDGE_NUMBER = re.compile(r"^(\d{1,4})\s+\S|\S\s+(\d{1,4})$")
_BROWSER_HEADER = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?\b", re.I)
_URL_FOOTER = re.compile(r"^(?:https?://|file://|www\.)\S*(?:\s+\d{1,4}\s*/\s*\d{1,4})?\s*$")


def _key(text: str) -> str:
    return _DIGITS.sub("#", re.sub(r"\s+", "", text))


def _in_band(line: PdfLine, page: PdfPage) -> str | None:
    if line.bottom <= page.height * BAND * 1.5 and line.top <= page.height * BAND:
        return "header"
    if line.top >= page.height * (1 - BAND):
        return "footer"
    return None


def _band_lines(page: PdfPage) -> list[tuple[PdfLine, str]]:
    """Lines in the top or bottom band: at most the first and last two body lines."""
    body = [ln for ln in page.lines if ln.furniture is None]
    if not body:
        return []
    by_top = sorted(body, key=lambda ln: ln.top)
    cands = by_top[:3] + by_top[-3:]
    out = []
    seen: set[int] = set()
    for ln in cands:
        if id(ln) in seen:
            continue
        seen.add(id(ln))
        band = _in_band(ln, page)
        if band:
            out.append((ln, band))
    return out


def mark_furniture(pages: Sequence[PdfPage]) -> None:
    """Mark running headers and footers, page numbers, browser headers and URL footers."""
    counts: Counter[tuple[str, str]] = Counter()
    per_page = [_band_lines(p) for p in pages]
    for lines in per_page:
        for key in {(band, _key(ln.text)) for ln, band in lines}:
            counts[key] += 1
    repeat = max(2, round(0.25 * len(pages)))
    for lines in per_page:
        for ln, band in lines:
            text = ln.text.strip()
            m = _PAGE_NUMBER.match(text)
            if m:
                ln.furniture, ln.label = "page_number", m.group(1)
                continue
            if _BROWSER_HEADER.match(text) or _URL_FOOTER.match(text):
                ln.furniture = band
                m2 = re.search(r"(\d{1,4})\s*/\s*\d{1,4}\s*$", text)
                if m2 and band == "footer":
                    ln.label = m2.group(1)
            elif counts[(band, _key(text))] >= repeat:
                ln.furniture = band
                m3 = _EDGE_NUMBER.search(text)
                if m3:
                    ln.label = m3.group(1) or m3.group(2)
