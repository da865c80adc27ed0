"""The file's own properties (PDF Info, HWP summary, DOCX core properties), and which of them
to believe.

They are filled in by programs and templates more often than by authors: the development
HWP files call themselves "1111", "2015", "5", "평가원 과탐 양식" (the template's name) and
"섬진강댐 재개발 타당성재검증" (another report's); their authors are "user", "nobody",
"USER"; a browser-printed PDF is titled "proposal2.md". So a title or an author from the file
is used only where the document prints nothing better, and only when it is plausible and
printed on the document's first page; a date only from an authoring format (HWP, DOCX) whose
created and modified dates fall in the same year, never from a PDF (its dates say when the
PDF was made: the Hancom PDFs of the development set are dated 2026 for documents of 2025).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

FILE_CONFIDENCE = 0.4
_FILE_NAME = re.compile(r"\.(?:docx?|hwpx?|pdf|txt|md|html?|pptx?|xlsx?|tex|rtf)\s*$", re.I)
_PLACEHOLDERS = re.compile(
    r"^(?:untitled|제목\s*없음|무제|문서\s*\d*|document\s*\d*|new document|title|제목|"
    r"user|admin|administrator|owner|nobody|unknown|사용자|작성자)$",
    re.IGNORECASE,
)
_GENERATOR = re.compile(
    r"Microsoft|Word|Hwp|Hancom|한컴|한글|LaTeX|TeX|Acrobat|Distiller|Ghostscript|Quartz|"
    r"Skia|Chrome|Mozilla|LibreOffice|OpenOffice|PDF",
    re.IGNORECASE,
)


def plausible(value: str, generators: str = "") -> bool:
    """Whether a file-stated title or name could be the document's, by itself.

    >>> plausible("Microsoft Word - 보고서.docx"), plausible("proposal2.md"), plausible("1111")
    (False, False, False)
    >>> plausible("Hard to Forget: Poisoning Attacks on Certified Machine Unlearning")
    True
    """
    text = " ".join(value.split())
    if len(re.findall(r"[가-힣A-Za-z]", text)) < 2:
        return False
    if _FILE_NAME.search(text) or _PLACEHOLDERS.match(text) or "://" in text:
        return False
    if text.lower().startswith(("microsoft word - ", "www.")):
        return False
    if generators and text.lower() in generators.lower():
        return False
    return not (_GENERATOR.search(text) and len(text.split()) <= 3)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed_title(properties: Mapping[str, str], page1: str) -> str | None:
    """The file's title where it is plausible and page 1 prints it."""
    title = " ".join(properties.get("title", "").split())
    if title and plausible(title, properties.get("producer", "")) and _flat(title) in page1:
        return title
    return None


def printed_authors(properties: Mapping[str, str], page1: str) -> tuple[str, ...]:
    """The file's authors where each is plausible and page 1 prints each."""
    names = [n.strip() for n in re.split(r"[;,]|\band\b", properties.get("author", ""))]
    names = [" ".join(n.split()) for n in names if n.strip()]
    if not names or not all(plausible(n) and _flat(n) in page1 for n in names):
        return ()
    return tuple(names)


def authored_year(properties: Mapping[str, str], media_type: str) -> int | None:
    """The year an authoring format (HWP, DOCX) was written in, where its created and
    modified dates agree on it (a template saved years later does not)."""
    if media_type == "application/pdf":
        return None
    created, modified = properties.get("created", ""), properties.get("modified", "")
    if len(created) < 4 or not created[:4].isdigit() or created[:4] != modified[:4]:
        return None
    return int(created[:4])
