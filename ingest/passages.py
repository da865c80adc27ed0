"""Units (repaired blocks with their section) → citable passages.

A passage holds a few sentences, about 200–700 characters, and never crosses a section,
kind, language or page boundary. A sentence that runs over a page break (seed 002: "…대통령의
명령으로 체결" | "될 수 있어…") is cut at the first word boundary after the break, so each
part is cited with the page it is printed on. Ids derive from content, so re-ingesting the
same document yields the same ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.records import Box, Lang, Line, Page, Passage, PassageKind
from ingest.trace import pages_of

MIN_CHARS = 200
MAX_CHARS = 700
SOFT_CHARS = 450  # at a unit (item/paragraph) boundary, cut once a passage is this long


@dataclass(frozen=True)
class Unit:
    """One repaired block with its place in the document."""

    kind: PassageKind
    lang: Lang
    section: tuple[str, ...]
    text: str
    lines: tuple[Line, ...]
    offsets: tuple[int, ...]  # raw offset of each character of ``text``
    sentences: tuple[tuple[int, int], ...]
    footnotes: tuple[tuple[int, str], ...] = ()  # (offset in text, footnote number)


@dataclass
class _Piece:
    unit: Unit
    start: int
    end: int
    page: int


def _pieces(unit: Unit) -> list[_Piece]:
    """Sentences of a unit, cut where they cross a page break."""
    out: list[_Piece] = []
    pages = pages_of(unit.offsets, unit.lines)  # once per unit, not once per character
    for s, e in unit.sentences:
        start = s
        page = pages[s]
        k = s
        while k < e:
            p = pages[k]
            if p != page and not unit.text[k].isspace():
                # the word that straddles the break stays on the page it started on
                cut = k
                while cut < e and not unit.text[cut].isspace():
                    cut += 1
                if cut >= e:
                    break
                out.append(_Piece(unit, start, cut, page))
                start = cut
                while start < e and unit.text[start].isspace():
                    start += 1
                page = pages[start] if start < e else p
                k = start
                continue
            k += 1
        if start < e:
            out.append(_Piece(unit, start, e, page))
    return out


def _passage_id(doc_id: str, key: str, seen: dict[str, int]) -> str:
    n = seen.get(key, 0)
    seen[key] = n + 1
    digest = hashlib.sha256(f"{doc_id}\x1f{key}\x1f{n}".encode()).hexdigest()[:16]
    return f"{doc_id}-{digest}"


def cut_passages(doc_id: str, units: Sequence[Unit], pages: Sequence[Page]) -> list[Passage]:
    labels = {p.number: p.label for p in pages}
    groups: list[list[_Piece]] = []
    for unit in units:
        for piece in _pieces(unit):
            cur = groups[-1] if groups else None
            if cur is not None:
                head = cur[0]
                same = (
                    head.unit.kind == unit.kind
                    and head.unit.lang == unit.lang
                    and head.unit.section == unit.section
                    and head.page == piece.page
                    # a table or title merges only with itself, never with the next one
                    and (unit.kind not in ("table", "title") or cur[-1].unit is unit)
                )
                length = _length(cur)
                new_unit = cur[-1].unit is not unit
                add = piece.end - piece.start + (1 if new_unit else 0)
                if same and length + add <= MAX_CHARS and not (new_unit and length >= SOFT_CHARS):
                    cur.append(piece)
                    continue
                if same and length < MIN_CHARS and piece.end - piece.start < MIN_CHARS:
                    cur.append(piece)  # keep tiny remainders together rather than alone
                    continue
            groups.append([piece])

    passages: list[Passage] = []
    seen: dict[str, int] = {}
    for ordinal, group in enumerate(groups):
        text, sentences, raw_start, raw_end, notes = _assemble(group)
        head = group[0]
        key = "\x1f".join([head.unit.kind, *head.unit.section, str(head.page), text])
        lines = _lines_in(group, raw_start, raw_end)
        confidences = [ln.ocr for ln in lines if ln.ocr is not None]
        passages.append(
            Passage(
                id=_passage_id(doc_id, key, seen),
                doc_id=doc_id,
                ordinal=ordinal,
                lang=head.unit.lang,
                section=head.unit.section,
                page=head.page,
                page_label=labels.get(head.page),
                kind=head.unit.kind,
                text=text,
                sentences=tuple(sentences),
                raw_start=raw_start,
                raw_end=raw_end,
                footnotes=tuple(notes),
                boxes=boxes_of(lines),
                rows=tuple(ln.cells for ln in lines if ln.cells),
                ocr=round(min(confidences), 3) if confidences else None,
            )
        )
    return passages


def _lines_in(group: Sequence[_Piece], raw_start: int, raw_end: int) -> list[Line]:
    """The lines of a passage's units that its raw span overlaps, in order, once each."""
    seen: dict[int, Line] = {}
    for piece in group:
        for ln in piece.unit.lines:
            if ln.raw_start < raw_end and ln.raw_end > raw_start:
                seen.setdefault(ln.raw_start, ln)
    return [seen[k] for k in sorted(seen)]


def boxes_of(lines: Sequence[Line]) -> tuple[tuple[int, Box], ...]:
    """Regions of the page a passage came from: the boxes of its lines, merged while each
    line sits right under the last one on the same page."""
    out: list[tuple[int, Box]] = []
    for ln in lines:
        if ln.box is None:
            continue
        if out:
            page, (x0, top, x1, bottom) = out[-1]
            bx0, btop, bx1, bbottom = ln.box
            under = 0 <= btop - bottom <= 2 * max(ln.height, 1.0) or btop < bottom
            if page == ln.page and under and bx0 < x1 and bx1 > x0:
                out[-1] = (page, (min(x0, bx0), min(top, btop), max(x1, bx1), max(bottom, bbottom)))
                continue
        out.append((ln.page, ln.box))
    return tuple(out)


def _length(group: Sequence[_Piece]) -> int:
    return sum(p.end - p.start for p in group) + len(group) - 1


def _assemble(
    group: Sequence[_Piece],
) -> tuple[str, list[tuple[int, int]], int, int, list[str]]:
    """Join pieces: a space within a unit, a line break between units (item boundaries)."""
    parts: list[str] = []
    sentences: list[tuple[int, int]] = []
    notes: list[str] = []
    pos = 0
    prev: _Piece | None = None
    for piece in group:
        if parts and prev is not None:
            between = piece.unit.text[prev.end : piece.start] if piece.unit is prev.unit else "\n"
            sep = "\n" if "\n" in between else " "
            parts.append(sep)
            pos += 1
        chunk = piece.unit.text[piece.start : piece.end]
        parts.append(chunk)
        sentences.append((pos, pos + len(chunk)))
        pos += len(chunk)
        for off, number in piece.unit.footnotes:
            if piece.start < off <= piece.end:
                notes.append(number)
        prev = piece
    first, last = group[0], group[-1]
    raw_start = first.unit.offsets[first.start]
    raw_end = last.unit.offsets[last.end - 1] + 1
    if raw_end <= raw_start:  # rebuilt table rows are out of raw order
        raw_start = min(ln.raw_start for p in group for ln in p.unit.lines)
        raw_end = max(ln.raw_end for p in group for ln in p.unit.lines)
    return "".join(parts), sentences, raw_start, raw_end, notes
