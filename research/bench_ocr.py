"""OCR of scanned pages: character accuracy against the same page's text layer, and speed.

    python -m research.bench_ocr [--data ../shared/realdocs]

The development set holds scans made from its own text PDFs (``realdocs/scan``, see its
README): ``ko_scan_fire_report.pdf`` is page 1 of ``ko_approval_fire_report.pdf``
rasterised, ``ko_mixed_bizplan.pdf`` is ``ko_bizplan_homepage.pdf`` with page 4 replaced by
its image. For every page seoji read by OCR it prints the page's non-space characters as
recall and precision against the text PDF's page (both read by seoji's reader: the multiset
of characters, and in order by difflib), Tesseract's mean confidence, and seconds per page.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import difflib
import time
from collections import Counter
from pathlib import Path

from ingest.readers import read_source
from research import realdocs

DEFAULT_DATA = realdocs.DEFAULT_DATA
# scan → (text PDF, page of the text PDF for each scanned page, in order)
TWINS = {
    "ko_scan_fire_report.pdf": ("ko_approval_fire_report.pdf", {1: 1}),
    "ko_mixed_bizplan.pdf": ("ko_bizplan_homepage.pdf", {4: 4}),
}


def _chars(text: str) -> str:
    """Non-space characters; "*" too goes: the fire report's fields are masked with
    asterisks, which are no text to read."""
    return "".join(ch for ch in text if not ch.isspace() and ch != "*")


def _row(*values: object) -> str:
    return "".join(f" {v:9.3f}" if isinstance(v, float) else f" {v!s:>9}" for v in values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    heads = ("page", "chars", "recall", "precision", "in order", "conf", "s/page")
    print(f"{'scan':28}" + "".join(f" {h:>9}" for h in heads))
    total_ref = total_hit = total_ours = total_seq = 0
    for scan, (twin, pages) in TWINS.items():
        started = time.perf_counter()
        source = read_source(args.data / "scan" / scan)
        seconds = (time.perf_counter() - started) / max(len(source.ocr_pages), 1)
        reference = read_source(args.data / "pdf" / twin).text.split("\f")
        ours = source.text.split("\f")
        conf = [lb.ocr for lb in source.layout if lb.ocr is not None]
        for page, twin_page in pages.items():
            if page not in source.ocr_pages:
                print(f"{scan:28} {page:>4} not read by OCR")
                continue
            ref, got = _chars(reference[twin_page - 1]), _chars(ours[page - 1])
            hit = sum((Counter(ref) & Counter(got)).values())
            seq = sum(
                b.size
                for b in difflib.SequenceMatcher(
                    None, ref, got, autojunk=False
                ).get_matching_blocks()
            )
            total_ref, total_hit, total_ours, total_seq = (
                total_ref + len(ref),
                total_hit + hit,
                total_ours + len(got),
                total_seq + seq,
            )
            mean = sum(conf) / len(conf) if conf else 0.0
            row = (page, len(ref), hit / len(ref), hit / max(len(got), 1), seq / len(ref))
            print(f"{scan:28}" + _row(*row, mean, seconds))
    totals = (total_hit / total_ref, total_hit / max(total_ours, 1), total_seq / total_ref)
    print(f"{'all':28}" + _row("", total_ref, *totals))


if __name__ == "__main__":
    main()
