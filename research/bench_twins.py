"""The same document as HWP/HWPX and as PDF: do their passages say the same thing?

    python -m research.bench_twins [--data ../shared/realdocs]

For each HWP/HWPX file of ``realdocs/hwp`` whose PDF twin is in ``realdocs/pdf``, both are
ingested as ``seoji ingest`` does, and their passages' non-space characters compared: **in
order** is the share matched by difflib (longest common blocks), counted against each side;
**multiset** the share of characters found regardless of order. The goal is 0.99 in order.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import difflib
from collections import Counter
from pathlib import Path

from ingest.metadata import Metadata
from ingest.pipeline import Tools, ingest_source
from ingest.readers import read_source
from research import realdocs

DEFAULT_DATA = realdocs.DEFAULT_DATA


def _chars(path: Path, tools: Tools) -> str:
    result = ingest_source(read_source(path), Metadata(), tools)
    return "".join("".join(p.text.split()) for p in result.passages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    tools = Tools()
    heads = ("hwp chars", "pdf chars", "hwp in pdf", "pdf in hwp", "multiset")
    print(f"{'file':32}" + "".join(f" {h:>10}" for h in heads))
    for hwp in sorted((args.data / "hwp").glob("*.hwp*")):
        pdf = args.data / "pdf" / f"{hwp.stem}.pdf"
        if not pdf.exists():
            continue
        a, b = _chars(hwp, tools), _chars(pdf, tools)
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        same = sum(block.size for block in matcher.get_matching_blocks())
        found = sum((Counter(a) & Counter(b)).values())
        row = (len(a), len(b), same / len(a), same / len(b), found / max(len(a), len(b)))
        print(
            f"{hwp.name:32}"
            + "".join(f" {v:10.3f}" if isinstance(v, float) else f" {v:>10}" for v in row)
        )


if __name__ == "__main__":
    main()
