"""Trace repaired text back to the raw source.

Repairs only insert or delete whitespace and delete markers, so the non-space characters of
a repaired text appear, in order, among the non-space characters of the raw lines it came
from. ``align`` matches them greedily; every clean offset then has a raw offset.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from ingest.records import Line


def align(clean: str, lines: Sequence[Line]) -> list[int]:
    """Raw offset for each character of ``clean`` (spaces get the next character's)."""
    raw: list[tuple[str, int]] = [
        (ch, ln.raw_start + k) for ln in lines for k, ch in enumerate(ln.text) if not ch.isspace()
    ]
    out: list[int] = [-1] * len(clean)
    r = 0
    for i, ch in enumerate(clean):
        if ch.isspace():
            continue
        k = r
        while k < len(raw) and raw[k][0] != ch:
            k += 1
        if k < len(raw):
            out[i] = raw[k][1]
            r = k + 1
        # An unmatched character (a rebuilt table row) keeps -1 and is filled below.
    fallback = lines[-1].raw_end if lines else 0
    nxt = fallback
    for i in range(len(out) - 1, -1, -1):
        if out[i] < 0:
            out[i] = nxt
        else:
            nxt = out[i]
    return out


def pages_of(offsets: Sequence[int], lines: Sequence[Line]) -> list[int]:
    """The page of each raw offset, by binary search over the lines' starts."""
    starts = [ln.raw_start for ln in lines]
    return [lines[max(0, bisect_right(starts, off) - 1)].page for off in offsets]
