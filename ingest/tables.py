"""Tables: group extracted lines into cells, and rebuild rows where columns came out one
after another.

Seed 000's 체결일정 table was extracted column by column: seven dates ("1953. 8. 4" …
"1954. 11. 17"), then seven events, then two places and two notes. When a run of N dates is
followed by at least N more lines, the dates and the next N lines are paired into rows; the
lines left over (here the places and notes, whose counts do not line up) stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.records import Line

_DATE = re.compile(r"^\d{4}\.\s*\d{1,2}\.(?:\s*\d{1,2}\.?)?$")
CELL_MIN = 30  # a table line this long starts a prose cell that may wrap onto more lines


def cells(lines: Sequence[Line]) -> list[list[Line]]:
    """Group table lines: a long line and the lines directly under it (no blank between)
    form one wrapped prose cell (seed 002 <표 1>); other lines stand alone."""
    out: list[list[Line]] = []
    for ln in lines:
        if (
            out
            and len(out[-1][0].text.strip()) >= CELL_MIN
            and ln.raw_start <= out[-1][-1].raw_end + 1
        ):
            out[-1].append(ln)
        else:
            out.append([ln])
    return out


def rebuild_rows(texts: Sequence[str]) -> tuple[list[str], bool]:
    """Pair a column of dates with the column of lines that follows it, when counts allow."""
    i = 0
    while i < len(texts) and not _DATE.match(texts[i].strip()):
        i += 1
    j = i
    while j < len(texts) and _DATE.match(texts[j].strip()):
        j += 1
    n = j - i
    if n < 2 or len(texts) - j < n:
        return list(texts), False
    rows = [f"{texts[i + k].strip()} | {texts[j + k].strip()}" for k in range(n)]
    return [*texts[:i], *rows, *texts[j + n :]], True
