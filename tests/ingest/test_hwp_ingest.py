"""HWP and HWPX files through ingest: read_source → ingest_source, as `seoji ingest` runs them,
on the development documents (../shared/realdocs/hwp)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.citations import cite
from ingest.metadata import Metadata
from ingest.pipeline import SUFFIXES, Tools, expand_paths, ingest_source
from ingest.readers import read_source

HWP_DIR = Path(__file__).resolve().parents[3] / "shared" / "realdocs" / "hwp"
FILES = sorted(HWP_DIR.glob("*.hwp*")) if HWP_DIR.is_dir() else []


@pytest.fixture(scope="module", autouse=True)
def _realdocs_present() -> None:
    """CI has ../shared beside the repository: missing files are a failure, not a skip."""
    if len(FILES) < 13:
        pytest.fail(f"the development HWP/HWPX files are missing ({HWP_DIR})", pytrace=False)


def test_a_folder_ingest_finds_hwp_and_hwpx() -> None:
    assert {".hwp", ".hwpx"} <= set(SUFFIXES)
    found = expand_paths([HWP_DIR])
    assert [p.name for p in found] == [p.name for p in FILES]


@pytest.mark.parametrize(
    "name", ["ko_press_fsc_loan.hwp", "ko_press_fsc_loan.hwpx", "ko_report_footnotes.hwp"]
)
def test_paragraphs_tables_and_pages(name: str, tools: Tools) -> None:
    source = read_source(HWP_DIR / name)
    assert source.encoding == name.rsplit(".", 1)[1] and source.pages_known
    result = ingest_source(source, Metadata(), tools)
    pages = {p.page for p in result.passages}
    assert len(result.document.pages) >= 5 and len(pages) >= 3
    tables = [p for p in result.passages if p.kind == "table"]
    assert tables and all(p.rows for p in tables)
    assert all(not p.boxes for p in result.passages)  # HWP stores no positions


def test_both_formats_of_one_document_give_the_same_passages(tools: Tools) -> None:
    texts = [
        [p.text for p in ingest_source(read_source(path), Metadata(), tools).passages]
        for path in (HWP_DIR / "ko_press_fsc_loan.hwp", HWP_DIR / "ko_press_fsc_loan.hwpx")
    ]
    assert texts[0] == texts[1]


def test_the_authors_spacing_is_kept(tools: Tools) -> None:
    # An HWP file's text is the author's: long words are not re-spaced by the spacing model.
    result = ingest_source(read_source(HWP_DIR / "ko_press_rda_contest.hwp"), Metadata(), tools)
    assert any("국립원예특작과학원장상" in p.text for p in result.passages)
    assert result.document.repairs.counts.get("korean_spacing", 0) == 0


def test_headers_and_footers_are_furniture_not_passages(tools: Tools) -> None:
    source = read_source(HWP_DIR / "ko_bizplan_homepage.hwp")
    result = ingest_source(source, Metadata(), tools)
    furniture = [f.text for p in result.document.pages for f in p.furniture]
    header = "OO대학교 OXX사업단 홈페이지 구축 사업"
    assert furniture == [header]
    # the cover prints the same words as its title: that one stays; the header, on each of
    # the document's six pages, does not
    assert len(result.document.pages) == 6
    assert sum(p.text.count(header) for p in result.passages) == 1


def test_without_stored_layout_no_page_is_cited(tools: Tools) -> None:
    # The one top-level paragraph of this HWPX file stores no line segments: pages unknown.
    source = read_source(HWP_DIR / "ko_approval_fire_report.hwpx")
    assert not source.pages_known and "\f" not in source.text
    result = ingest_source(source, Metadata(), tools)
    assert not result.document.pages_known
    passage = result.passages[0]
    apa = cite(result.document, passage, "apa")
    assert "n.p." in apa.in_text and "p. " not in apa.in_text
    assert "page_label" in apa.missing
    assert apa.locator == "n.p. (the source file states no pages)"
