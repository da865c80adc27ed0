"""Word documents through ingest. The files are written here with python-docx, the library
that reads them, as Word would save them: heading styles, a table with a merged cell, and
the page breaks Word renders when it saves (w:lastRenderedPageBreak)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement

from api.citations import cite
from ingest.errors import IngestError
from ingest.metadata import Metadata
from ingest.pipeline import Tools, ingest_source
from ingest.readers import read_source


def _write(path: Path, rendered_breaks: bool) -> Path:
    d = docx.Document()
    d.add_heading("정전 협정의 체결", level=1)
    d.add_paragraph("정전 협정은 1953년 7월 27일 판문점에서 서명되었다.")
    d.add_heading("서명 주체", level=2)
    table = d.add_table(rows=3, cols=2)
    for r, (a, b) in enumerate(
        [("서명자", "직위"), ("마크 클라크", "유엔군 사령관"), ("김일성", "")]
    ):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    table.cell(2, 1).merge(table.cell(2, 0))
    p = d.add_paragraph("휴전 회담은 2년 동안 이어졌다.")
    if rendered_breaks:
        run = p.runs[0]._r
        run.insert(0, OxmlElement("w:lastRenderedPageBreak"))
    d.save(str(path))
    return path


def test_headings_tables_and_rendered_pages(tools: Tools, tmp_path: Path) -> None:
    source = read_source(_write(tmp_path / "armistice.docx", rendered_breaks=True))
    assert source.encoding == "docx" and source.pages_known
    result = ingest_source(source, Metadata(), tools)
    assert result.document.outline == ((1, "정전 협정의 체결"), (2, "서명 주체"))
    table = next(p for p in result.passages if p.kind == "table")
    assert table.rows[0] == ("서명자", "직위")
    assert "서명자: 마크 클라크 | 직위: 유엔군 사령관" in table.text
    assert table.rows[2] == ("김일성", "")  # the merged cell's text once
    last = result.passages[-1]
    assert "휴전 회담" in last.text and last.page == 2
    assert last.section == ("정전 협정의 체결", "서명 주체")


def test_without_rendered_pages_no_page_is_cited(tools: Tools, tmp_path: Path) -> None:
    source = read_source(_write(tmp_path / "plain.docx", rendered_breaks=False))
    assert not source.pages_known
    result = ingest_source(source, Metadata(), tools)
    assert "n.p." in cite(result.document, result.passages[0], "apa").in_text


def test_a_damaged_docx_is_refused_with_the_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(IngestError, match="ZIP archive"):
        read_source(bad)
