"""Tables without vertical rules (LaTeX booktabs, browser-printed Markdown), each rule pinned
by a real table of the development PDFs (../shared/realdocs/pdf), and the geometry on its own
with hand-built runs of text."""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from ingest.pdf import Glyph, PdfLine, PdfPage, number_tables
from ingest.pdftables import Rule, column_span, find_columns, rule_sets
from ingest.readers import read_source

PDF_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs" / "pdf"


@pytest.fixture(scope="module", autouse=True)
def _realdocs_present() -> None:
    """CI has ../shared beside the repository: missing files are a failure, not a skip."""
    if not (PDF_DIR / "en_paper_solar.pdf").exists():
        pytest.fail(f"the development PDFs are missing ({PDF_DIR})", pytrace=False)


@cache
def _tables(name: str) -> dict[int, list[tuple[int, tuple[str, ...]]]]:
    """Table number → (page, cells) per row."""
    source = read_source(PDF_DIR / name)
    tables: dict[int, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for box in source.layout:
        if box.table is not None:
            tables[box.table].append((box.page, box.cells))
    return dict(tables)


def _rows_on(name: str, page: int) -> list[list[tuple[str, ...]]]:
    return [
        [c for p, c in rows if p == page] for rows in _tables(name).values() if rows[0][0] == page
    ]


def test_booktabs_table_cells_by_column() -> None:
    # en_paper_solar Table 1: top and bottom rules only, columns by alignment; the header's
    # "Properties" and "Instruction  Alignment" share a row
    (table,) = _rows_on("en_paper_solar.pdf", 3)
    assert table[1][:3] == ("Properties", "", "Instruction")
    assert table[2][1:3] == ("Alpaca-GPT4", "OpenOrca")
    assert table[3] == ("Total # Samples", "52K", "2.91M", "126K", "12.9K", "60.8K", "126K")
    assert table[5] == ("Open Source", "O", "O", "✗", "O", "O", "✗")


def test_stacked_tables_stay_apart() -> None:
    # en_paper_solar p5: Tables 3, 4 and 5 as wide, one under another, captions between
    tables = _rows_on("en_paper_solar.pdf", 5)
    assert [len(t) for t in tables] == [6, 4, 3]
    assert tables[2][-1][:2] == ("DPO v3", "SFT v3 + v4")


def test_papers_tables_found_and_algorithms_not() -> None:
    # en_paper_hardforget: Tables 1-11; Algorithms 1-3 (numbered steps between rules) are not
    tables = _tables("en_paper_hardforget.pdf")
    assert [rows[0][0] for rows in tables.values()] == [3, 7, 8, 8, 9, 10, 16, 17, 17, 18, 18]
    assert not any(c[0].startswith("1:") for rows in tables.values() for _, c in rows)
    # Table 5: a spanning header over two columns, body cells in their own columns
    table5 = _rows_on("en_paper_hardforget.pdf", 9)[0]
    assert table5[-1] == ("Binary-MNIST", "7.88", "8.15")
    # the solar paper: eight of nine (Table 8 has a single column)
    assert len(_tables("en_paper_solar.pdf")) == 8


def test_markdown_table_split_across_pages_is_one_table() -> None:
    # ko_proposal_chrome Table 2: a rule under every row, the header row above the first rule,
    # the last row below the last one, the header repeated on p6
    (rows,) = _tables("ko_proposal_chrome.pdf").values()
    assert {p for p, _ in rows} == {5, 6}
    cells = [c for _, c in rows]
    assert cells[0] == ("Variable", "Spec1", "Spec2", "Spec3", "Spec4", "Spec5", "Spec6", "Spec7")
    assert cells[3] == (
        "log_size",
        "-0.0016",
        "-0.0020",
        "-0.0053***",
        "-0.0016",
        "-0.0014",
        "-0.0024",
        "-0.0021",
    )
    assert cells[-1][:2] == ("N observations", "113,402")
    assert ("tnic_t_4", "", "", "", "", "0.0001", "", "0.0001") in cells


def test_latex_thesis_table() -> None:
    (table,) = _tables("ko_thesis_template_latex.pdf").values()
    assert [c for _, c in table][2] == (
        "E (eV)",
        "0",
        "7.796",
        "7.832",
        "10.418",
        "10.408",
        "11.5",
        "13.2",
    )


def test_heading_boxes_are_not_tables() -> None:
    # ko_report_footnotes: the grids on pp1-2 are one-row section heading boxes ("Ⅰ | 3D 프린팅
    # 기술의 등장"); its HWP source has no other table
    assert _tables("ko_report_footnotes.pdf") == {}


# --- geometry ---------------------------------------------------------------------------------


def test_columns_from_the_fullest_rows() -> None:
    header = [(16.0, 60.0)]  # spans both value columns
    body = [[(0.0, 8.0), (20.0, 30.0), (50.0, 58.0)], [(0.0, 9.0), (22.0, 29.0), (49.0, 60.0)]]
    seps = find_columns([header, *body])
    assert seps is not None and len(seps) == 2
    assert column_span(seps, 16.0, 60.0) == (1, 2)
    assert column_span(seps, 22.0, 29.0) == (1, 1)


def test_no_columns_in_running_text() -> None:
    assert find_columns([[(0.0, 400.0)], [(0.0, 380.0)], [(0.0, 120.0)]]) is None
    assert find_columns([[(0.0, 10.0), (30.0, 40.0)], [(0.0, 400.0)]]) is None


def test_rule_segments_join_and_group_by_width() -> None:
    cells = [Rule(x, 100.0, x + 50.0, 100.5) for x in (0.0, 50.0, 100.0)]
    rules = [*cells, *(Rule(x, 130.0, x + 50.0, 130.5) for x in (0.0, 50.0, 100.0))]
    rules.append(Rule(0.0, 300.0, 40.0, 300.5))  # a footnote rule: too short
    (rs,) = rule_sets(rules)
    assert (rs.x0, rs.x1) == (0.0, 150.0)
    assert rs.ys == pytest.approx((100.25, 130.25))


def _row(mark: int, order: int) -> PdfLine:
    line = PdfLine([Glyph("a", 0, 1, 0, 1, order, order + 1, order)], text="a", cells=("a", "b"))
    line.table = mark
    return line


def test_two_tables_in_a_row_are_numbered_apart() -> None:
    page = PdfPage(1, 600, 800, [_row(-1, 0), _row(-1, 10), _row(-2, 20)])
    nxt = PdfPage(2, 600, 800, [_row(-1, 0)])
    number_tables([page, nxt])
    assert [ln.table for ln in page.lines] == [0, 0, 1]
    assert nxt.lines[0].table == 1  # the second table goes on over the page break
