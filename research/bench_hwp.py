"""HWP/HWPX reading on the development documents: speed, and text and pages against the PDF.

    python -m research.bench_hwp [--data ../shared/realdocs] [--runs 3]

For each ``.hwp``/``.hwpx`` of ``realdocs/hwp`` it prints:

- **read ms**: ``ingest.hwp.read_hwp``, median of ``--runs``; **pages** from the stored layout
  (``-`` where the file has none) and **ms/page**; for a file with a PDF twin of the same base
  name in ``realdocs/pdf``, **pdftotext ms/page** on the twin (a subprocess, median of
  ``--runs``) as a yardstick;
- **chars**: non-space characters of ``plain_text``;
- **in order**: the share of the reader's non-space characters that appear in order in the
  twin's ``pdftotext -raw`` text (the order Hangul drew it in), unit by unit (a paragraph, a
  table cell, a note: an exact substring, or else the matched characters of
  ``difflib.SequenceMatcher`` against the twin's pages around the unit's page). Units are
  compared one by one because notes sit at the page foot in the PDF and after their
  paragraph here. Equations are left out (``read_hwp(..., equations=False)``): the PDF's text
  layer drops their digits; **+eqs** is the same share with them in. **doc order** is the
  share for the whole text as one sequence, notes left out. Private-use characters are left
  out everywhere: Hancom PDFs print them as PUA glyphs of their own (U+F000…);
- **page ok**: of the paragraphs (and tables, by their first cell) whose first 20 non-space
  characters pdftotext shows on some page of the twin, the share the reader puts on one of
  those pages.

Nothing here is asserted; ``tests/ingest/test_hwp.py`` holds the thresholds.
"""

from __future__ import annotations

import argparse
import difflib
import re
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ingest.hwp import HwpDocument, plain_text, read_hwp

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdocs"
_DROP = re.compile(r"\s+|[\ue000-\uf8ff\U000f0000-\U0010fffd]")


def nonspace(text: str) -> str:
    """The text without whitespace and private-use characters."""
    return _DROP.sub("", text)


def pdf_pages(pdf: Path) -> list[str]:
    """``pdftotext -raw`` text of each page: the order the producer drew the text in."""
    out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True)
    pages = out.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def units(doc: HwpDocument) -> list[tuple[str, int | None]]:
    """(text, page) of each paragraph, note and table cell of the body, in reading order."""
    out: list[tuple[str, int | None]] = []
    for b in doc.blocks:
        if b.kind == "table":
            out.extend((cell, b.page) for row in b.rows for cell in row if cell)
        elif b.kind not in ("header", "footer"):
            out.append((b.text, b.page))
    return out


def in_order_share(doc: HwpDocument, pages: Sequence[str]) -> tuple[int, int]:
    """(matched, total) non-space characters of the units found in order in the PDF text."""
    flat = [nonspace(p) for p in pages]
    whole = "".join(flat)
    matchers: dict[int | None, difflib.SequenceMatcher[str]] = {}
    matched = total = 0
    for text, page in units(doc):
        u = nonspace(text)
        total += len(u)
        if u in whole:
            matched += len(u)
            continue
        if page not in matchers:
            window = whole if page is None else "".join(flat[max(0, page - 2) : page + 1])
            matchers[page] = difflib.SequenceMatcher(None, autojunk=False)
            matchers[page].set_seq2(window)
        sm = matchers[page]
        sm.set_seq1(u)
        matched += sum(m.size for m in sm.get_matching_blocks())
    return matched, total


def doc_order_share(doc: HwpDocument, pages: Sequence[str]) -> float:
    """The share of the body's non-space characters (notes left out) in order in the PDF."""
    body = HwpDocument(
        doc.path,
        doc.format,
        doc.version,
        tuple(b for b in doc.blocks if b.kind not in ("footnote", "endnote")),
        doc.pages_known,
        doc.metadata,
    )
    a, b = nonspace(plain_text(body)), nonspace("".join(pages))
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(m.size for m in sm.get_matching_blocks()) / max(1, len(a))


def page_checks(doc: HwpDocument, pages: Sequence[str]) -> list[tuple[int, int, list[int], str]]:
    """(paragraph, reader's page, pdftotext's pages, key) of each block that can be checked.

    The key is the first 20 non-space characters (before any tab: contents lines end in a tab
    and a page number that the PDF joins with leader dots); blocks with a key shorter than 6,
    or found on no page, cannot be checked.
    """
    flat = [nonspace(p) for p in pages]
    out = []
    for b in doc.blocks:
        if b.page is None or b.kind not in ("paragraph", "table"):
            continue
        text = b.text if b.kind == "paragraph" else next((c for r in b.rows for c in r if c), "")
        key = nonspace(text.split("\t")[0].split("\n")[0])[:20]
        if len(key) < 6:
            continue
        where = [i + 1 for i, p in enumerate(flat) if key in p]
        if where:
            out.append((b.paragraph, b.page, where, key))
    return out


def _median_s(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _dash(value: float | None, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


@dataclass
class Row:
    """The figures of one file; the PDF ones stay None without a twin."""

    ms: float
    pages: int | None
    chars: int
    pdftotext_ms_page: float | None = None
    matched: int = 0
    total: int = 0
    doc_order: float | None = None
    page_right: int = 0
    page_checked: int = 0
    eq_matched: int = 0
    eq_total: int = 0

    @property
    def ms_page(self) -> float | None:
        return self.ms / self.pages if self.pages else None

    @property
    def in_order(self) -> float | None:
        return self.matched / self.total if self.total else None

    @property
    def eq_in_order(self) -> float | None:
        return self.eq_matched / self.eq_total if self.eq_total else None


def measure(path: Path, pdf_dir: Path, runs: int) -> Row:
    """The figures of one file (see the module docstring)."""
    seconds = _median_s(partial(read_hwp, path), runs)
    doc = read_hwp(path)
    row = Row(seconds * 1000, doc.pages, len(nonspace(plain_text(doc))))
    pdf = pdf_dir / (path.stem + ".pdf")
    if not pdf.exists():
        return row
    pages = pdf_pages(pdf)
    row.eq_matched, row.eq_total = in_order_share(doc, pages)
    doc = read_hwp(path, equations=False)  # the PDF's text layer drops equations' digits
    run_pdftotext = partial(subprocess.run, ["pdftotext", str(pdf), "-"], capture_output=True)
    row.pdftotext_ms_page = _median_s(run_pdftotext, runs) * 1000 / len(pages)
    row.matched, row.total = in_order_share(doc, pages)
    row.doc_order = doc_order_share(doc, pages)
    checks = page_checks(doc, pages)
    row.page_right = sum(1 for _, page, where, _ in checks if page in where)
    row.page_checked = len(checks)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = sorted(p for p in (args.data / "hwp").iterdir() if p.suffix in (".hwp", ".hwpx"))
    print(
        f"{'file':31}{'read ms':>9}{'pages':>6}{'ms/page':>9}{'pdftotext ms/page':>19}"
        f"{'chars':>8}{'in order':>10}{'+eqs':>8}{'doc order':>10}{'page ok':>15}"
    )
    rows = []
    for path in files:
        r = measure(path, args.data / "pdf", args.runs)
        rows.append(r)
        pages_ok = "-"
        if r.page_checked:
            pages_ok = f"{r.page_right}/{r.page_checked} {r.page_right / r.page_checked:.3f}"
        print(
            f"{path.name[:30]:31}{r.ms:9.1f}{_dash(r.pages, 'd'):>6}{_dash(r.ms_page, '.2f'):>9}"
            f"{_dash(r.pdftotext_ms_page, '.2f'):>19}{r.chars:8d}{_dash(r.in_order, '.4f'):>10}"
            f"{_dash(r.eq_in_order, '.4f'):>8}"
            f"{_dash(r.doc_order, '.4f'):>10}{pages_ok:>15}"
        )
    matched, total = sum(r.matched for r in rows), sum(r.total for r in rows)
    right, checked = sum(r.page_right for r in rows), sum(r.page_checked for r in rows)
    if total:
        print(
            f"\nfiles with a PDF twin: in order {matched / total:.4f}, "
            f"page ok {right}/{checked} = {right / max(1, checked):.3f}"
        )


if __name__ == "__main__":
    main()
