"""OCR of pages without a text layer, on the development scans (../shared/realdocs/scan):
Tesseract with Korean data must be installed (`make setup` installs it where it can)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import ocr
from ingest.errors import PdfError
from ingest.metadata import Metadata
from ingest.pipeline import Tools, blank_pages, ingest_source
from ingest.readers import read_source

SCAN = Path(__file__).resolve().parents[3] / "shared" / "realdocs" / "scan"


@pytest.fixture(scope="module", autouse=True)
def _ocr_present() -> None:
    """CI has ../shared and Tesseract: missing either is a failure, not a skip."""
    if not (SCAN / "ko_scan_fire_report.pdf").exists():
        pytest.fail(f"the development scans are missing ({SCAN})", pytrace=False)
    why = ocr.available()
    if why:
        pytest.fail(f"OCR cannot run: {why}", pytrace=False)


def test_a_scanned_pdf_is_read_by_ocr(tools: Tools) -> None:
    source = read_source(SCAN / "ko_scan_fire_report.pdf")
    assert source.ocr_pages == (1,)
    assert all(lb.ocr is not None and 0 < lb.ocr <= 1 for lb in source.layout)
    result = ingest_source(source, Metadata(), tools)
    assert result.passages and all(p.ocr is not None for p in result.passages)
    flat = "".join("".join(p.text.split()) for p in result.passages)
    # the attachment lines at the foot of the letter, read from the image
    assert "국가화재정보시스템입력자료1부" in flat
    # masked fields ("*****") that Tesseract reads as "KKEKK…" at confidence 0 are left out
    assert "KKEKK" not in flat
    assert blank_pages(result) == []


def test_only_the_pages_without_text_are_read_by_ocr(tools: Tools) -> None:
    source = read_source(SCAN / "ko_mixed_bizplan.pdf")
    assert source.ocr_pages == (4,)
    result = ingest_source(source, Metadata(), tools)
    assert {p.page for p in result.passages if p.ocr is not None} == {4}
    assert all(p.ocr is None for p in result.passages if p.page != 4)


def test_without_tesseract_a_scan_is_refused_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ocr, "available", lambda: "Tesseract is not installed")
    with pytest.raises(PdfError, match="OCR cannot run here: Tesseract is not installed"):
        read_source(SCAN / "ko_scan_fire_report.pdf")
