"""A document's title from the typography of its first page: the text set largest.

Used only where the user or a sidecar gave none, and only for laid-out PDFs: the largest
type on the first page with text, clearly larger than the body (``MIN_RATIO``), with the
lines right below it in the same size (a title wrapped over two or three lines:
en_paper_solar's "SOLAR 10.7B: Scaling Large Language Models with Simple yet Effective" /
"Depth Up-Scaling"). A trailing footnote mark goes ("내용과 방법*" in ko_paper_kopdp). A
sentence, a number or a line of one letter is no title: then there is none, never a guess.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from ingest.records import Line

MIN_RATIO = 1.3  # the title's type against the document's median line height
SAME_SIZE = 0.05  # lines of one title differ in height by at most this share
MAX_LINES = 3
_MARK = re.compile(r"[\s*†‡∗]+$")
_SENTENCE_END = re.compile(r"(다|요|음|함)\.$")


def title_from_layout(lines: Sequence[Line]) -> str | None:
    laid = [ln for ln in lines if ln.box is not None and ln.height > 0 and ln.ocr is None]
    if not laid:
        return None
    body = statistics.median(ln.height for ln in laid)
    first = min(ln.page for ln in laid)
    page = [ln for ln in laid if ln.page == first and ln.table is None]
    if not page:
        return None
    tallest = max(ln.height for ln in page)
    if tallest < MIN_RATIO * body:
        return None
    start = next(k for k, ln in enumerate(page) if ln.height >= (1 - SAME_SIZE) * tallest)
    title = [page[start]]
    for ln in page[start + 1 : start + MAX_LINES]:
        prev = title[-1]
        assert ln.box is not None and prev.box is not None
        same = abs(ln.height - prev.height) <= SAME_SIZE * prev.height
        close = 0 <= ln.box[1] - prev.box[3] <= prev.height
        if not (same and close):
            break
        title.append(ln)
    text = _MARK.sub("", " ".join(" ".join(ln.text.split()) for ln in title))
    if len(re.findall(r"[가-힣A-Za-z]", text)) < 2 or len(text) > 200:
        return None
    if _SENTENCE_END.search(text):
        return None
    return text
