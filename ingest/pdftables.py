"""Ruled tables on a PDF page: grids of rules → cells → rows keyed by their column headers.

Hancom PDF draws every cell border as a thin filled rectangle (ko_bizplan_homepage p4: 37
of them, 0.7 pt wide); Quartz draws 2 pt strokes (ko_paper_kopdp p10). Where at least two
horizontal and two vertical rules meet in one connected grid, the glyphs inside are a table:
read cell by cell, row by row, instead of line by line across the cells ("평일 3월 17:00
14:0018:304월 5월" is what reading across gives).

Cells that span columns or rows are found by the rules that are missing: no vertical rule
between two grid cells over a row means one cell spans both. A spanning cell's text is given
once per row it spans, so every row reads whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

RULE_MAX_THICKNESS = 2.5  # points: thicker is a shaded box, not a rule
RULE_MIN_LENGTH = 5.0
SNAP = 2.0  # rules this close are one boundary; they touch when this close


@dataclass(frozen=True)
class Rule:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.x1 - self.x0 >= self.bottom - self.top


@dataclass
class Grid:
    """One ruled table: its column and row boundaries and the cells (spans merged)."""

    xs: list[float]
    ys: list[float]
    cells: list[tuple[int, int, int, int]]  # row0, col0, row1, col1 (exclusive ends)

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]

    def cell_at(self, x: float, y: float) -> int | None:
        col = _band(self.xs, x)
        row = _band(self.ys, y)
        if col is None or row is None:
            return None
        for k, (r0, c0, r1, c1) in enumerate(self.cells):
            if r0 <= row < r1 and c0 <= col < c1:
                return k
        return None


def _band(bounds: Sequence[float], v: float) -> int | None:
    for i in range(len(bounds) - 1):
        if bounds[i] - SNAP / 2 <= v <= bounds[i + 1] + SNAP / 2:
            return i
    return None


def page_rules(page: pdfium.PdfPage) -> list[Rule]:
    height = page.get_height()
    rules = []
    for obj in page.get_objects(max_depth=4):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if min(w, h) <= RULE_MAX_THICKNESS and max(w, h) >= RULE_MIN_LENGTH:
            rules.append(Rule(left, height - top, right, height - bottom))
    return rules


def _touch(a: Rule, b: Rule) -> bool:
    return (
        a.x0 - SNAP <= b.x1
        and b.x0 - SNAP <= a.x1
        and a.top - SNAP <= b.bottom
        and b.top - SNAP <= a.bottom
    )


def _snap(values: Sequence[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


def find_grids(rules: Sequence[Rule]) -> list[Grid]:
    """Connected sets of rules with at least two horizontal and two vertical ones."""
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(rules):
        for j in range(i + 1, len(rules)):
            if _touch(a, rules[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Rule]] = {}
    for i, r in enumerate(rules):
        groups.setdefault(find(i), []).append(r)
    grids = []
    for group in groups.values():
        hs = [r for r in group if r.horizontal]
        vs = [r for r in group if not r.horizontal]
        if len(hs) < 2 or len(vs) < 2:
            continue
        ys = _snap([(r.top + r.bottom) / 2 for r in hs])
        xs = _snap([(r.x0 + r.x1) / 2 for r in vs])
        if len(xs) < 2 or len(ys) < 2:
            continue
        grids.append(Grid(xs, ys, _cells(xs, ys, hs, vs)))
    grids.sort(key=lambda g: (g.ys[0], g.xs[0]))
    return grids


def _covers(rules: Sequence[Rule], horizontal: bool, at: float, lo: float, hi: float) -> bool:
    """Some rule lies along ``at`` over most of the span [lo, hi]."""
    need = 0.6 * (hi - lo)
    for r in rules:
        if horizontal:
            if abs((r.top + r.bottom) / 2 - at) <= SNAP and min(r.x1, hi) - max(r.x0, lo) >= need:
                return True
        elif abs((r.x0 + r.x1) / 2 - at) <= SNAP and min(r.bottom, hi) - max(r.top, lo) >= need:
            return True
    return False


def _cells(
    xs: Sequence[float], ys: Sequence[float], hs: Sequence[Rule], vs: Sequence[Rule]
) -> list[tuple[int, int, int, int]]:
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def find(k: tuple[int, int]) -> tuple[int, int]:
        while parent[k] != k:
            k = parent[k]
        return k

    for r in range(rows):
        for c in range(cols - 1):
            if not _covers(vs, False, xs[c + 1], ys[r], ys[r + 1]):
                parent[find((r, c + 1))] = find((r, c))
    for r in range(rows - 1):
        for c in range(cols):
            if not _covers(hs, True, ys[r + 1], xs[c], xs[c + 1]):
                a, b = find((r + 1, c)), find((r, c))
                if a != b:
                    parent[a] = b
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for k in parent:
        spans.setdefault(find(k), []).append(k)
    out = []
    for members in spans.values():
        r0 = min(r for r, _ in members)
        c0 = min(c for _, c in members)
        r1 = max(r for r, _ in members) + 1
        c1 = max(c for _, c in members) + 1
        out.append((r0, c0, r1, c1))
    out.sort()
    return out


def rows_of(grid: Grid, texts: dict[int, str]) -> list[tuple[int, list[str]]]:
    """(grid row, cell texts) row by row; a cell spanning rows is repeated in each, one
    spanning columns appears once. Rows with no text at all are dropped."""
    rows: list[tuple[int, list[str]]] = []
    for r in range(len(grid.ys) - 1):
        found = sorted(
            (c0, texts.get(k, "")) for k, (r0, c0, r1, _c1) in enumerate(grid.cells) if r0 <= r < r1
        )
        cells = [t for _, t in found]
        if any(c.strip() for c in cells):
            rows.append((r, cells))
    return rows


def keyed_rows(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as text: the first row is the header; each later row names its columns
    ("국가: 미국 | 1분기: 85.0"). A table of one row, or whose header is empty, is plain."""
    if len(rows) < 2:
        return [" | ".join(c for c in row if c) for row in rows]
    header = rows[0]
    out = [" | ".join(c for c in header if c)]
    for row in rows[1:]:
        if len(row) == len(header) and any(header):
            parts = [f"{h}: {v}" if h and v else v for h, v in zip(header, row, strict=True)]
        else:
            parts = list(row)
        out.append(" | ".join(p for p in parts if p))
    return out


# --- tables ruled by horizontal lines only ----------------------------------------------------
#
# A LaTeX booktabs table (en_paper_solar, en_paper_hardforget, ko_thesis_template_latex) has a
# top, a header and a bottom rule across its width and no vertical rules; a browser-printed
# Markdown table (ko_proposal_chrome) has a rule under every row, drawn cell by cell. The
# rules give the rows' extent; the columns come from the white space that the rows share.

SAME_RULE = 3.0  # points: rules closer than this are one (booktabs' double bottom rule)
OPEN_RULE_MIN_LENGTH = 60.0  # points: shorter horizontal rules are underlines or \cmidrule


@dataclass(frozen=True)
class RuleSet:
    """Horizontal rules of one width, top to bottom: the rules of a table or of several
    stacked tables as wide, or unrelated rules that share the width (a page's running head
    rule)."""

    x0: float
    x1: float
    ys: tuple[float, ...]


def rule_sets(rules: Sequence[Rule], grids: Sequence[Grid] = ()) -> list[RuleSet]:
    """Horizontal rules outside any grid, the segments of one rule joined (Chrome draws each
    cell's border on its own), grouped by their left and right ends."""
    hs = sorted(
        (r for r in rules if r.horizontal and not any(_inside(g, r) for g in grids)),
        key=lambda r: ((r.top + r.bottom) / 2, r.x0),
    )
    joined: list[list[float]] = []  # x0, x1, y
    for r in hs:
        y = (r.top + r.bottom) / 2
        for seg in joined:
            if abs(seg[2] - y) <= SNAP / 2 and r.x0 <= seg[1] + SNAP and seg[0] <= r.x1 + SNAP:
                seg[0], seg[1] = min(seg[0], r.x0), max(seg[1], r.x1)
                break
        else:
            joined.append([r.x0, r.x1, y])
    groups: list[tuple[float, float, list[float]]] = []
    for x0, x1, y in sorted(joined, key=lambda s: s[2]):
        if x1 - x0 < OPEN_RULE_MIN_LENGTH:
            continue
        for gx0, gx1, ys in groups:
            if abs(gx0 - x0) <= SAME_RULE and abs(gx1 - x1) <= SAME_RULE:
                if y - ys[-1] > SAME_RULE:
                    ys.append(y)
                break
        else:
            groups.append((x0, x1, [y]))
    return [RuleSet(x0, x1, tuple(ys)) for x0, x1, ys in groups if len(ys) >= 2]


def _inside(grid: Grid, r: Rule) -> bool:
    x0, y0, x1, y1 = grid.box
    return x0 - SNAP <= r.x0 and r.x1 <= x1 + SNAP and y0 - SNAP <= r.top and r.bottom <= y1 + SNAP


def find_columns(rows: Sequence[Sequence[tuple[float, float]]]) -> list[float] | None:
    """Column separators (x positions) from the rows' runs of text (x0, x1), or None where
    the rows share no column structure.

    The rows with the most runs (at least 80% of the most any row has, or as many as the
    second fullest: the body rows, where every cell is filled) set the columns: a separator
    is the middle of white space that all of them share. Headers that span columns
    ("Training Datasets" over six) and rows with empty cells take no part; they are placed
    by :func:`column_span`. Needs two such rows with two runs or more."""
    counts = sorted((len(r) for r in rows), reverse=True)
    if len(counts) < 2 or counts[1] < 2:
        return None
    # a lone fuller row (a header over a column of labels spanning two rows: en_paper_hardforget
    # Table 4) does not set the bar alone
    need = min(0.8 * counts[0], counts[1])
    anchors = [sorted(r) for r in rows if len(r) >= need]
    if len(anchors) < 2:
        return None
    spans = sorted(run for row in anchors for run in row)
    seps = []
    right = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 > right:
            seps.append((right + x0) / 2)
        right = max(right, x1)
    return seps or None


def column_span(seps: Sequence[float], x0: float, x1: float) -> tuple[int, int]:
    """The first and last column a run of text (x0, x1) lies in."""
    first = sum(1 for s in seps if s < x0)
    last = sum(1 for s in seps if s < x1)
    return first, last
