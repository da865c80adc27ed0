"""Nothing on a page exists only in the outline: every character of a page is accounted for.

For every PDF of ../shared/realdocs/pdf, each non-space character of each page's source text
(``Ingested.source_text`` within the page's raw span) must be found, as a multiset per page,
in what a search can reach:

- the text of a passage cited on that page;
- a heading that is some passage's section (the index stores a passage's headings with its
  terms, ``index.search.context``), where the heading is printed on that page;
- the page's furniture (running titles, page numbers), removed on purpose.

Allowances, each for a repair that removes or moves characters by design:

- a footnote marker stripped from the text is kept as its passage's footnote number
  (``Passage.footnotes``), so those numbers count as the passage's characters;
- repair folds compatibility characters ("㎜" → "mm"): both sides are compared after NFKC;
- a word that straddles a page break is cited on the page it starts on (``ingest.passages``),
  and a page's first word can go with the sentence it ends on the page before: a character
  missing on a page may be found spare on one of the two pages before it (two: where pages
  open with the same word, "List of Tables", "List of Figures", each page's "List" is cited
  a page early and the spare one sits two pages back), never on a later one.

A heading over an empty section, or a line that no block kept, still fails. Ingesting the
thirteen PDFs takes about 10 s on one core.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from ingest.metadata import Metadata
from ingest.pipeline import Ingested, Tools, ingest_source
from ingest.readers import read_source

REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "realdocs"
PDFS = sorted((REALDOCS / "pdf").glob("*.pdf")) if (REALDOCS / "pdf").is_dir() else []


@pytest.fixture(scope="module", autouse=True)
def _realdocs_present() -> None:
    """CI has ../shared beside the repository: there a missing folder fails, elsewhere skips."""
    if len(PDFS) >= 13:
        return
    message = f"realdocs PDFs are missing ({REALDOCS / 'pdf'})"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


_INGESTED: dict[str, Ingested] = {}


def _ingested(name: str, tools: Tools) -> Ingested:
    if name not in _INGESTED:
        source = read_source(REALDOCS / "pdf" / name)
        _INGESTED[name] = ingest_source(source, Metadata(), tools)
    return _INGESTED[name]


_LINE_END_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?=\n[A-Za-z])")


def _chars(text: str) -> Counter[str]:
    return Counter(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())


def _flat(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())


def unaccounted(result: Ingested) -> dict[int, str]:
    """Per page, the characters of its source found nowhere a search reaches."""
    headings = {h for p in result.passages for h in p.section}
    need: dict[int, Counter[str]] = {}
    have: dict[int, Counter[str]] = {}
    for page in result.document.pages:
        raw = list(result.source_text[page.raw_start : page.raw_end])
        for f in page.furniture:
            for k in range(max(f.raw_start, page.raw_start), min(f.raw_end, page.raw_end)):
                raw[k - page.raw_start] = " "
        # a typesetter's hyphen at a line end ("No-|tably") is no character of the text
        text = _LINE_END_HYPHEN.sub("", "".join(raw))
        need[page.number] = _chars(text)
        found: Counter[str] = Counter()
        for p in result.passages:
            if p.page == page.number:
                found += _chars(p.text) + _chars("".join(p.footnotes))
        printed = _flat(text)
        for h in headings:
            # a label is named without the brackets it is printed in ("< 국문초록>")
            printed_as = (f"<{h}>", f"‹{h}›", f"[{h}]", h)
            seen = next((p for p in printed_as if _flat(h) and _flat(p) in printed), None)
            if seen:
                found += _chars(seen)
        have[page.number] = found
    out: dict[int, str] = {}
    early: list[Counter[str]] = []  # spare characters of the two pages before this one
    for n in sorted(need):
        missing = need[n] - have[n]
        for spare in early:
            taken = missing & spare
            spare -= taken
            missing -= taken
        early = [have[n] - need[n], *early[:1]]
        if missing:
            out[n] = "".join(sorted(missing.elements()))
    return out


# Known, exact gaps: the test fails when one grows and when one is fixed (then drop it here).
# ko_thesis_template_latex p9 opens "Chapter 1": its first word is cited a page early
# (ingest.passages), after pages that did the same, a chain longer than the allowance.
KNOWN: dict[str, dict[int, str]] = {"ko_thesis_template_latex.pdf": {9: "t"}}


@pytest.mark.parametrize("name", [p.name for p in PDFS])
def test_every_character_of_a_page_is_searchable(name: str, tools: Tools) -> None:
    assert unaccounted(_ingested(name, tools)) == KNOWN.get(name, {})


def test_a_heading_over_nothing_is_caught(tools: Tools) -> None:
    """The check can fail: a heading kept only in the outline is reported on its page."""
    name = "ko_bizplan_homepage.pdf"
    result = _ingested(name, tools)
    heading = "7. 보고계획"
    dropped = tuple(
        p.__class__(**{**p.__dict__, "section": tuple(s for s in p.section if s != heading)})
        for p in result.passages
    )
    broken = Ingested(result.document, dropped, result.source_text)
    missing = unaccounted(broken)
    assert any(
        "보고계획" in "".join(sorted(v)) or set("보고계획") <= set(v) for v in missing.values()
    )
