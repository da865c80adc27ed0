"""Word documents (.docx) → a source laid out like an HWP file's, with python-docx (MIT).

Paragraphs and tables in document order; a paragraph in a heading style ("Heading 1"…,
"Title") is a heading of that level, marked on its line so that ingest takes the file's word
for it; a table is a row per line ("header: value | …", its cells in ``LineBox.cells``),
the cells a merged cell covers left empty. Word does not store pages: where the file holds
the page breaks Word rendered when it last saved it (``w:lastRenderedPageBreak``, written
by Word, not by every program) and explicit page breaks, pages are counted from them;
otherwise the text is one chunk with ``pages_known`` False and no page is cited. Footnotes,
headers and footers are not read (python-docx does not expose footnotes).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any, Final

from ingest.errors import IngestError
from ingest.layout import LaidOut
from ingest.records import Source

MEDIA_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_HEADING_STYLE = re.compile(r"^(?:Heading|heading|제목)\s*(\d)$")


class DocxError(IngestError):
    """A .docx file that cannot be read."""


def is_docx(path: Path) -> bool:
    """A zip whose content types name a Word document."""
    try:
        with zipfile.ZipFile(path) as z:
            return b"wordprocessingml.document.main" in z.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def read_docx(path: Path) -> Source:
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    name = str(path)
    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises many kinds on damaged packages
        msg = f"the Word document is damaged or not a .docx ({e}); open and save it again"
        raise DocxError(name, msg) from e
    body = document.element.body
    rendered = bool(body.findall(".//" + qn("w:lastRenderedPageBreak")))
    explicit = any(b.get(qn("w:type")) == "page" for b in body.iter(qn("w:br")))
    known = rendered or explicit
    out = LaidOut()

    def breaks(el: Any) -> int:
        """Page breaks in a paragraph's or table's XML element."""
        if rendered:
            return len(el.findall(".//" + qn("w:lastRenderedPageBreak")))
        return len([b for b in el.iter(qn("w:br")) if b.get(qn("w:type")) == "page"])

    for item in document.iter_inner_content():
        if known and (n := breaks(item._element)):
            for _ in range(n):
                out.new_page()
        if isinstance(item, Paragraph):
            text = " ".join(item.text.split())
            if not text:
                continue
            style = item.style.name if item.style is not None else ""
            level = 1 if style == "Title" else 0
            if m := _HEADING_STYLE.match(style or ""):
                level = int(m.group(1))
            out.put(text, heading=level)
        elif isinstance(item, Table):
            out.table(_rows(item))
    text = out.text()
    if not text.replace("\f", "").strip():
        raise DocxError(name, "holds no text (only images or drawings?)")
    return Source(
        path=name,
        text=text,
        encoding="docx",
        media_type=MEDIA_TYPE,
        layout=tuple(out.layout),
        pages_known=known,
        properties=_core_properties(document),
    )


def _core_properties(document: Any) -> tuple[tuple[str, str], ...]:
    """docProps/core.xml: title, author (dc:creator), created and modified dates."""
    core = document.core_properties
    out: list[tuple[str, str]] = []
    for key, value in (("title", core.title), ("author", core.author)):
        if value and value.strip():
            out.append((key, " ".join(value.split())))
    for key, when in (("created", core.created), ("modified", core.modified)):
        if when is not None:
            out.append((key, when.strftime("%Y-%m-%dT%H:%M:%SZ")))
    return tuple(out)


def _rows(table: object) -> list[list[str]]:
    """The table's rows as cell texts; a merged cell's text in its first position only."""
    out: list[list[str]] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            key = id(cell._tc)
            cells.append("" if key in seen else " ".join(cell.text.split()))
            seen.add(key)
        if any(cells):
            out.append(cells)
    return out
