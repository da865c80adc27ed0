"""Source text → pages and lines, with page furniture taken out.

Page boundaries, from the seeds:
- a form feed (PDF text is joined with ``\\f``, one chunk per PDF page);
- in text extractions without form feeds, a line that begins with a single space
  (seed 002, line 24: " Ⅰ 문제 제기"; seed 000, line 82: " 이를토대로정부당국은…");
- page furniture in the middle of such a chunk: a lone page number and the repeated running
  title ("15" then "한반도 비핵화를 위한 미국의 북한체제 안전보장 법·제도 연구", seed 002
  lines 641–643) is the footer of the page before it, so the chunk holds two printed pages.
  The chunks that contain it are twice as long as the others, which bears this out.

Furniture is removed from the text and kept: its number becomes the printed label of the page
it closes. Labels of the other pages are counted from printed ones when every printed label
agrees on the same offset; they are marked ``label_inferred``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.records import Furniture, Line, LineBox, Page

# "15", and "- 15 -" as PDF footers print it
_PAGE_NUMBER = re.compile(r"^\s*[-–—]?\s*(\d{1,4})\s*[-–—]?\s*$")
_MAX_TITLE_LEN = 80


@dataclass(frozen=True)
class _RawLine:
    text: str
    start: int
    end: int
    chunk: int  # form-feed / leading-space chunk


def _raw_lines(text: str) -> list[_RawLine]:
    lines: list[_RawLine] = []
    chunk = 0
    pos = 0
    use_leading_space = "\f" not in text
    for piece in text.split("\n"):
        start = pos
        pos += len(piece) + 1
        # A form feed may sit anywhere in a line; every one starts a new chunk.
        parts = piece.split("\f")
        offset = start
        for i, part in enumerate(parts):
            if i > 0:
                chunk += 1
                offset += 1  # the form feed itself
            if (
                use_leading_space
                and part.startswith(" ")
                and len(part) > 1
                and part[1] != " "
                and part.strip()
                and lines
            ):
                chunk += 1
            lines.append(_RawLine(part, offset, offset + len(part), chunk))
            offset += len(part)
    return lines


def _key(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _running_titles(lines: Sequence[_RawLine], title_hints: Sequence[str]) -> set[str]:
    """Lines that are running titles: a title the document states (sidecar metadata), or a
    short line repeated verbatim as a line of its own right after a lone page number."""
    keys = {_key(t) for t in title_hints if t and t.strip()}
    after_number: Counter[str] = Counter()
    nonblank = [ln for ln in lines if ln.text.strip()]
    for a, b in itertools.pairwise(nonblank):
        if _PAGE_NUMBER.match(a.text) and len(b.text.strip()) <= _MAX_TITLE_LEN:
            after_number[_key(b.text)] += 1
    keys |= {k for k, n in after_number.items() if n >= 2}
    # A title given in the metadata is only furniture where it stands alone on a line.
    return {k for k in keys if k}


def split_pages(
    text: str, title_hints: Sequence[str] = (), layout: Sequence[LineBox] = ()
) -> tuple[list[Page], list[Line]]:
    """Split a source text into pages and the lines on them, furniture removed.

    With a PDF's ``layout`` the reader has already found the furniture by position
    (``ingest.pdf``); the text rules below are for plain-text extractions.
    """
    if layout:
        return _laid_out_pages(text, layout)
    raw = _raw_lines(text)
    titles = _running_titles(raw, title_hints)

    # Find furniture: running-title lines, and page numbers right before or after one.
    furniture_at: dict[int, Furniture] = {}
    nonblank_idx = [i for i, ln in enumerate(raw) if ln.text.strip()]
    for pos, i in enumerate(nonblank_idx):
        ln = raw[i]
        if _key(ln.text) in titles and len(ln.text.strip()) <= _MAX_TITLE_LEN:
            furniture_at[i] = Furniture("running_title", ln.text.strip(), ln.start, ln.end)
            for nb in (pos - 1, pos + 1):
                if 0 <= nb < len(nonblank_idx):
                    j = nonblank_idx[nb]
                    m = _PAGE_NUMBER.match(raw[j].text)
                    if m and raw[j].chunk == ln.chunk:
                        furniture_at[j] = Furniture(
                            "page_number", m.group(1), raw[j].start, raw[j].end
                        )

    if "\f" in text:
        # A PDF page's first or last line, a lone number: its printed page number.
        edges: dict[int, list[int]] = {}
        for i in nonblank_idx:
            if i not in furniture_at:
                edges.setdefault(raw[i].chunk, []).append(i)
        for idxs in edges.values():
            for j in {idxs[0], idxs[-1]}:
                m = _PAGE_NUMBER.match(raw[j].text)
                if m and len(idxs) > 1:
                    furniture_at[j] = Furniture("page_number", m.group(1), raw[j].start, raw[j].end)
        pages, lines = _exact_pages(text, raw, furniture_at)
    else:
        pages, lines = _chunked_pages(text, raw, furniture_at)
    return _infer_labels(pages), lines


def _laid_out_pages(text: str, layout: Sequence[LineBox]) -> tuple[list[Page], list[Line]]:
    n_pages = text.count("\f") + 1
    furn: dict[int, list[Furniture]] = {}
    lines: list[Line] = []
    for lb in layout:
        line_text = text[lb.raw_start : lb.raw_end]
        if lb.furniture is not None:
            kind = lb.furniture
            shown = lb.label if kind == "page_number" and lb.label else line_text.strip()
            furn.setdefault(lb.page, []).append(
                Furniture(kind, shown, lb.raw_start, lb.raw_end)  # type: ignore[arg-type]
            )
            if lb.label and kind != "page_number":
                furn[lb.page].append(Furniture("page_number", lb.label, lb.raw_start, lb.raw_end))
        elif line_text.strip():
            height = lb.box[3] - lb.box[1] if lb.box is not None else 0.0
            lines.append(
                Line(
                    line_text,
                    lb.raw_start,
                    lb.raw_end,
                    lb.page,
                    lb.box,
                    height,
                    lb.table,
                    lb.cells,
                    lb.wraps,
                    lb.ocr,
                    lb.heading,
                    lb.size,
                )
            )
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\f"]
    ends = [i for i, ch in enumerate(text) if ch == "\f"] + [len(text)]
    pages = []
    for number in range(1, n_pages + 1):
        fs = tuple(furn.get(number, ()))
        label = next((f.text for f in fs if f.kind == "page_number"), None)
        pages.append(Page(number, starts[number - 1], ends[number - 1], label, False, fs))
    return pages, lines


def _exact_pages(
    text: str, raw: Sequence[_RawLine], furniture_at: dict[int, Furniture]
) -> tuple[list[Page], list[Line]]:
    """Form-feed text (PDF): chunk N is page N+1, empty pages included; furniture only
    labels the page it stands on."""
    n_chunks = (raw[-1].chunk + 1) if raw else 1
    bounds: dict[int, list[int]] = {}
    furn: dict[int, list[Furniture]] = {}
    lines: list[Line] = []
    for i, ln in enumerate(raw):
        b = bounds.setdefault(ln.chunk, [ln.start, ln.end])
        b[1] = ln.end
        if i in furniture_at:
            furn.setdefault(ln.chunk, []).append(furniture_at[i])
        elif ln.text.strip():
            lines.append(Line(ln.text, ln.start, ln.end, ln.chunk + 1))
    pages = []
    for c in range(n_chunks):
        start, end = bounds.get(c, [len(text), len(text)])
        fs = tuple(furn.get(c, ()))
        label = next((f.text for f in fs if f.kind == "page_number"), None)
        pages.append(Page(c + 1, start, end, label, False, fs))
    return pages, lines


def _chunked_pages(
    text: str, raw: Sequence[_RawLine], furniture_at: dict[int, Furniture]
) -> tuple[list[Page], list[Line]]:
    """Leading-space chunks; furniture in the middle of a chunk closes the page before it."""
    pages: list[Page] = []
    lines: list[Line] = []
    page_start = raw[0].start if raw else 0
    page_furn: list[Furniture] = []
    has_content = False
    pending_split = False
    prev_chunk = raw[0].chunk if raw else 0

    def close(end: int) -> None:
        nonlocal page_start, page_furn, has_content
        label = next((f.text for f in page_furn if f.kind == "page_number"), None)
        pages.append(Page(len(pages) + 1, page_start, end, label, False, tuple(page_furn)))
        page_start = end
        page_furn = []
        has_content = False

    for i, ln in enumerate(raw):
        if not ln.text.strip():
            continue
        if ln.chunk != prev_chunk:
            prev_chunk = ln.chunk
            pending_split = False
            if has_content:
                close(ln.start)
        if i in furniture_at:
            page_furn.append(furniture_at[i])
            if has_content:
                pending_split = True  # a footer: the page ends here
            continue
        if pending_split:
            pending_split = False
            close(ln.start)
        has_content = True
        lines.append(Line(ln.text, ln.start, ln.end, len(pages) + 1))
    if has_content or page_furn or not pages:
        close(len(text))
    return pages, lines


def _infer_labels(pages: list[Page]) -> list[Page]:
    offsets = {int(p.label) - p.number for p in pages if p.label and p.label.isdigit()}
    if len(offsets) != 1:
        return pages
    (offset,) = offsets
    out: list[Page] = []
    for p in pages:
        if p.label is None and p.number + offset >= 1:
            p = Page(p.number, p.raw_start, p.raw_end, str(p.number + offset), True, p.furniture)
        out.append(p)
    return out
