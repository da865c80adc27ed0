"""The original files behind indexed documents, and their pages rendered as images.

The reader shows a PDF passage on its page, so the file it was read from must outlast the
upload: an upload is kept as ``<data dir>/originals/<doc id><suffix>``, written atomically and
removed with the document. A corpus document is read where ingest found it. Pages are
rendered by PDFium once and cached as PNG files under ``<data dir>/pages/``.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

# Points to pixels: 1.5 is 108 dpi, enough to read body text on a laptop screen, and a page
# of an A4 report is about 150 KB as PNG. The page shows boxes at (points × SCALE).
SCALE = 1.5
ORIGINALS = "originals"
PAGES = "pages"

_render_lock = threading.Lock()  # PDFium is not thread-safe


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def original_path(data_dir: Path, doc_id: str, suffix: str) -> Path:
    return data_dir / ORIGINALS / f"{doc_id}{suffix.lower()}"


def keep(data_dir: Path, doc_id: str, suffix: str, data: bytes) -> Path:
    """Store an uploaded file under its document's id."""
    path = original_path(data_dir, doc_id, suffix)
    _atomic_write(path, data)
    return path


def find(data_dir: Path, doc_id: str) -> Path | None:
    """The kept original of an uploaded document, if there is one."""
    folder = data_dir / ORIGINALS
    if not folder.is_dir():
        return None
    return next(iter(sorted(folder.glob(f"{doc_id}.*"))), None)


def remove(data_dir: Path, doc_id: str) -> None:
    """Forget a document's kept original and its rendered pages."""
    found = find(data_dir, doc_id)
    if found is not None:
        found.unlink(missing_ok=True)
    pages = data_dir / PAGES / doc_id
    if pages.is_dir():
        for png in pages.glob("*.png"):
            png.unlink(missing_ok=True)
        pages.rmdir()


def render_page(pdf: Path, page: int, cache: Path) -> Path | None:
    """Page ``page`` (from 1) of ``pdf`` as a PNG at ``SCALE``, cached at ``cache``; None
    when the file has no such page. The cache file is keyed by the PDF's modification time,
    so a changed file is rendered again."""
    stamp = int(pdf.stat().st_mtime)
    out = cache / f"{page}-{stamp}.png"
    if out.exists():
        return out
    import pypdfium2 as pdfium  # only the reader needs it

    with _render_lock:
        doc = pdfium.PdfDocument(pdf)
        try:
            if not 1 <= page <= len(doc):
                return None
            image = doc[page - 1].render(scale=SCALE).to_pil()
        finally:
            doc.close()
    from io import BytesIO

    buf = BytesIO()
    image.save(buf, format="PNG", optimize=True)
    _atomic_write(out, buf.getvalue())
    return out
