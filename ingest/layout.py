"""Building a laid-out source's text line by line: for readers that know a document's
structure (HWP, DOCX) and write it the way the PDF reader does: a line of ``text`` per
paragraph or table row, what each line is in a :class:`~ingest.records.LineBox`, pages
joined with form feeds."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from ingest.pdftables import keyed_rows
from ingest.records import LineBox


class LaidOut:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.layout: list[LineBox] = []
        self.pos = 0
        self.page = 1
        self.tables = 0

    def new_page(self) -> None:
        self.parts.append("\f")
        self.pos += 1
        self.page += 1

    def put(self, text: str, sep: str = "\n\n", **kind: object) -> None:
        """One line, after ``sep`` (a blank line: a new paragraph) unless a page starts."""
        if self.parts and not self.parts[-1].endswith("\f"):
            self.parts.append(sep)
            self.pos += len(sep)
        self.parts.append(text)
        line = LineBox(self.pos, self.pos + len(text), self.page, None, **kind)  # type: ignore[arg-type]
        self.layout.append(line)
        self.pos += len(text)

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        """A table: a row per line ("header: value | …"), its cells kept with the line."""
        rows = [list(row) for row in rows if any(row)]
        if not rows:
            return
        self.tables += 1
        for k, (text, row) in enumerate(zip(keyed_rows(rows), rows, strict=True)):
            self.put(text, "\n\n" if k == 0 else "\n", table=self.tables, cells=tuple(row))

    def frame(self, paragraphs: Sequence[tuple[str, float]]) -> None:
        """A table that frames lines (a cover's boxed title): a line per paragraph, each with
        its type size, all rows of one table but not rows of keyed cells."""
        paragraphs = [(text, size) for text, size in paragraphs if text]
        if not paragraphs:
            return
        self.tables += 1
        for k, (text, size) in enumerate(paragraphs):
            self.put(text, "\n\n" if k == 0 else "\n", table=self.tables, cells=(text,), size=size)

    def text(self) -> str:
        return unicodedata.normalize("NFC", "".join(self.parts))
