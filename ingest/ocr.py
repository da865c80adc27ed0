"""OCR for PDF pages without a text layer (scans), with Tesseract through pytesseract.

Only pages that gave no text are read this way. Each page is rendered with PDFium at
``DPI`` in grey and read with Tesseract's Korean and English models (Debian's
``tesseract-ocr-kor`` and ``tesseract-ocr-eng``); words come back with their boxes and
confidences and are grouped into Tesseract's lines and paragraphs. A word Tesseract itself
gives less than ``MIN_CONFIDENCE`` is left out and counted: on ko_scan_fire_report the
masked fields ("*******") come back as "KKEKKKKEKK…" at confidence 0, text the page does not
hold. Tesseract spaces Korean syllable by syllable ("현 장 대 응 단"), so OCR text goes
through the same spacing repair as extracted text, not the trust given to a PDF's glyphs.

Without Tesseract (or its Korean data) nothing is read and the caller names the pages.
"""

from __future__ import annotations

import functools
import shutil
import statistics
from dataclasses import dataclass

import pypdfium2 as pdfium

DPI = 300
LANGUAGES = "kor+eng"
# Page segmentation "a single column of text of variable sizes": on the development scans
# (research/bench_ocr.py) it found 0.53 and 0.72 of the characters where Tesseract's default
# (fully automatic) found 0.12 and 0.24, losing the text around forms and tables.
CONFIG = "--psm 4"
MIN_CONFIDENCE = 30  # Tesseract's own 0–100 word confidence


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
    confidence: float  # mean word confidence of the line, 0–1
    paragraph: int  # Tesseract's block and paragraph, numbered on the page


@dataclass(frozen=True)
class OcrPage:
    lines: tuple[OcrLine, ...]
    dropped: int  # words left out for low confidence


@functools.cache
def available() -> str | None:
    """None when OCR can run here, else why not (said to the user with the pages)."""
    if shutil.which("tesseract") is None:
        return "Tesseract is not installed (Debian: apt-get install tesseract-ocr-kor)"
    try:
        import pytesseract
    except ImportError:
        return "pytesseract is not installed (pip install pytesseract pillow)"
    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception as e:  # pytesseract wraps every failure of the binary
        return f"Tesseract does not run ({e})"
    missing = [lang for lang in LANGUAGES.split("+") if lang not in langs]
    if missing:
        return f"Tesseract has no {'/'.join(missing)} data (Debian: tesseract-ocr-kor)"
    return None


def ocr_page(page: pdfium.PdfPage) -> OcrPage:
    """The page's text by OCR, line by line with boxes and confidences."""
    import pytesseract

    image = page.render(scale=DPI / 72, grayscale=True).to_pil()
    data = pytesseract.image_to_data(
        image, lang=LANGUAGES, config=CONFIG, output_type=pytesseract.Output.DICT
    )
    to_pt = 72 / DPI
    words: dict[tuple[int, int, int], list[int]] = {}
    dropped = 0
    for i, word in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if not word.strip() or conf < 0:
            continue  # Tesseract's rows for blocks, paragraphs and lines carry conf -1
        if conf < MIN_CONFIDENCE:
            dropped += 1
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        words.setdefault(key, []).append(i)
    lines: list[OcrLine] = []
    paragraphs: dict[tuple[int, int], int] = {}
    for (block, par, _), idx in sorted(words.items()):
        x0 = min(data["left"][i] for i in idx)
        top = min(data["top"][i] for i in idx)
        x1 = max(data["left"][i] + data["width"][i] for i in idx)
        bottom = max(data["top"][i] + data["height"][i] for i in idx)
        box = (
            round(x0 * to_pt, 1),
            round(top * to_pt, 1),
            round(x1 * to_pt, 1),
            round(bottom * to_pt, 1),
        )
        text = " ".join(data["text"][i].strip() for i in idx)
        confidence = statistics.fmean(float(data["conf"][i]) for i in idx) / 100
        number = paragraphs.setdefault((block, par), len(paragraphs))
        lines.append(OcrLine(text, box, confidence, number))
    return OcrPage(tuple(lines), dropped)
