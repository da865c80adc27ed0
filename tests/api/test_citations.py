"""Citations: golden outputs for real seed passages in every style, and the rules around them.

The golden files in ``tests/golden/citations`` are what users paste into papers; each was read
by eye against the style's rules before it was frozen. A failing golden test prints both texts:
if the new one is right, copy it into the file and say in the commit which rule changed.
"""

from __future__ import annotations

import dataclasses
import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from api.citations import STYLES, Citation, CitationError, cite, cite_all, csl_item
from ingest.pipeline import Ingested
from ingest.records import Document, Passage

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "citations"

Case = tuple[Document, Passage]


def passage_000(seed: Ingested) -> Passage:
    """A booklet passage on physical page 2, which has no printed page number."""
    (p,) = (p for p in seed.passages if p.text.startswith("이에 당황한 미국 정부는"))
    assert p.page == 2 and p.page_label is None
    return p


def passage_002(seed: Ingested) -> Passage:
    """A report passage on the page whose number "15" is printed (not counted)."""
    (p,) = (p for p in seed.passages if p.text.startswith("• 제네바 기본합의"))
    page = seed.document.pages[p.page - 1]
    assert p.page_label == "15" and page.label == "15" and not page.label_inferred
    return p


def full_002(seed: Ingested) -> Case:
    """The 002 report as if its metadata were complete: two people, a year, a publisher."""
    doc = dataclasses.replace(
        seed.document, authors=("홍길동", "Jane Q. Smith"), year=2019, publisher="서지연구원"
    )
    return doc, passage_002(seed)


def full_000(seed: Ingested) -> Case:
    """The 000 booklet with an organisation that is both its author and its publisher."""
    doc = dataclasses.replace(seed.document, authors=("서지출판",), year=1995, publisher="서지출판")
    return doc, passage_000(seed)


CASES: dict[str, Callable[[Ingested, Ingested], Case]] = {
    "000": lambda s0, s2: (s0.document, passage_000(s0)),
    "002": lambda s0, s2: (s2.document, passage_002(s2)),
    "000-full": lambda s0, s2: full_000(s0),
    "002-full": lambda s0, s2: full_002(s2),
}


def render(c: Citation) -> str:
    """The golden-file text of a citation: the parts a user sees, in labelled sections."""
    return (
        f"=== reference ===\n{c.reference}\n"
        f"=== in_text ===\n{c.in_text}\n"
        f"=== locator ===\n{c.locator}\n"
        f"=== missing ===\n{', '.join(c.missing) or '(none)'}\n"
    )


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, style: str, seed000: Ingested, seed002: Ingested) -> None:
    doc, passage = CASES[case](seed000, seed002)
    expected = (GOLDEN / f"{case}.{style}.txt").read_text(encoding="utf-8")
    assert render(cite(doc, passage, style)) == expected


def test_every_golden_file_is_tested() -> None:
    names = {p.name for p in GOLDEN.glob("*.txt")}
    assert names == {f"{case}.{style}.txt" for case in CASES for style in STYLES}


# ---------------------------------------------------------------- quotes and offsets


def test_quote_span_is_exact(seed002: Ingested) -> None:
    p = passage_002(seed002)
    start = p.text.index("‘연락사무소’")
    end = start + len("‘연락사무소’")
    c = cite(seed002.document, p, "ris", start, end)
    assert (c.quote, c.start, c.end) == ("‘연락사무소’", start, end)
    assert c.quote == p.text[c.start : c.end]
    assert "N1  - Quoted from p. 15: “‘연락사무소’”" in c.reference  # typographic quotes kept


def test_quote_whitespace_trimmed_and_offsets_moved(seed002: Ingested) -> None:
    p = passage_002(seed002)
    word = p.text.index("격상\n")  # "…‘대사급’으로 격상\n• 북·미 …"
    line_end = word + len("격상")
    padded = cite(seed002.document, p, "apa", word - 1, line_end + 1)  # " 격상\n"
    assert (padded.quote, padded.start, padded.end) == ("격상", word, line_end)
    inner = cite(seed002.document, p, "apa", word, line_end + 4)  # "격상\n• 북"
    assert (inner.quote, inner.start, inner.end) == ("격상\n• 북", word, line_end + 4)
    assert inner.quote == p.text[inner.start : inner.end]


def test_span_may_cut_a_word(seed000: Ingested) -> None:
    p = passage_000(seed000)
    start = p.text.index("로버트슨") + 1
    c = cite(seed000.document, p, "korean", start, start + 3)
    assert c.quote == "버트슨"


def test_open_ended_spans(seed000: Ingested) -> None:
    p = passage_000(seed000)
    whole = cite(seed000.document, p)
    assert (whole.quote, whole.start, whole.end) == (p.text, 0, len(p.text))
    tail = cite(seed000.document, p, start=len(p.text) - 5)
    assert tail.quote == p.text[-5:] and tail.end == len(p.text)
    head = cite(seed000.document, p, end=2)
    assert (head.quote, head.start) == ("이에", 0)


def test_quote_does_not_change_the_reference(seed002: Ingested) -> None:
    p = passage_002(seed002)
    a, b = cite(seed002.document, p, "apa"), cite(seed002.document, p, "apa", 2, 8)
    assert (a.reference, a.in_text) == (b.reference, b.in_text)


# ---------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    ("start", "end", "says"),
    [
        (10, 5, "after end"),
        (-1, 5, "outside"),
        (0, 10_000, "outside"),
        (3, 3, "selects no text"),
        ("0", 5, "integer"),
        (0, 5.0, "integer"),
        (True, 5, "integer"),
    ],
)
def test_bad_spans(seed002: Ingested, start: object, end: object, says: str) -> None:
    p = passage_002(seed002)
    with pytest.raises(CitationError, match=says):
        cite(seed002.document, p, "apa", start, end)  # type: ignore[arg-type]


def test_whitespace_only_span(seed002: Ingested) -> None:
    p = passage_002(seed002)
    i = p.text.index("\n")
    with pytest.raises(CitationError, match="only whitespace"):
        cite(seed002.document, p, "apa", i, i + 1)


def test_unknown_style_lists_the_styles(seed002: Ingested) -> None:
    with pytest.raises(CitationError, match=r"unknown citation style 'harvard'.*csl-json"):
        cite(seed002.document, passage_002(seed002), "harvard")


def test_style_name_is_forgiving_about_case(seed002: Ingested) -> None:
    assert cite(seed002.document, passage_002(seed002), " APA ").style == "apa"


def test_passage_of_another_document(seed000: Ingested, seed002: Ingested) -> None:
    with pytest.raises(CitationError, match="belongs to document"):
        cite(seed000.document, passage_002(seed002))
    with pytest.raises(CitationError, match="belongs to document"):
        csl_item(seed000.document, passage_002(seed002))


def test_citation_error_is_a_value_error() -> None:
    assert issubclass(CitationError, ValueError)


# ---------------------------------------------------------------- missing metadata

_EMPTY = re.compile(r"\(\s*\)|\[\s*\]|「\s*」|『\s*』|\{\s*\}|,\s*,|\.\s*\.(?!\s*\.)")


def _texts(c: Citation) -> list[str]:
    return [c.reference, c.in_text, c.locator]


def test_missing_metadata_is_listed_never_printed(seed000: Ingested, seed002: Ingested) -> None:
    for doc, p in (
        (seed000.document, passage_000(seed000)),
        (seed002.document, passage_002(seed002)),
    ):
        for style, c in cite_all(doc, p).items():
            for text in _texts(c):
                assert "None" not in text and "null" not in text, (style, text)
                if style not in ("bibtex", "csl-json"):  # {} and [] are syntax there
                    assert not _EMPTY.search(text), (style, text)
    c0 = cite(seed000.document, passage_000(seed000))
    assert c0.missing == ("author", "year", "publisher", "title_en", "page_label")
    c2 = cite(seed002.document, passage_002(seed002))
    assert c2.missing == ("author", "year", "publisher")


def test_no_author_no_year_per_style(seed002: Ingested) -> None:
    c = cite_all(seed002.document, passage_002(seed002))
    title = seed002.document.title_ko
    assert title is not None
    assert c["apa"].reference.startswith(f"{title} [")  # title in the author position
    assert "(n.d.)" in c["apa"].reference and ", n.d.," in c["apa"].in_text
    assert c["chicago"].in_text == f"({title} n.d., 15)" and c["chicago"].reference.endswith(
        ". n.d."
    )
    assert "n.d." not in c["mla"].reference  # MLA leaves a missing date out
    assert c["korean"].reference == f"『{title}』, 발행처 미상, 연도 미상."
    assert "year" not in c["bibtex"].reference and "author" not in c["bibtex"].reference
    assert "PY  -" not in c["ris"].reference and "AU  -" not in c["ris"].reference
    item = json.loads(c["csl-json"].reference)[0]
    assert "issued" not in item and "author" not in item and "publisher" not in item


def test_unlabelled_page_is_marked_as_physical(seed000: Ingested) -> None:
    c = cite_all(seed000.document, passage_000(seed000))
    assert c["apa"].locator == "p. [2] (no printed page number; page 2 of the document)"
    assert c["korean"].locator == "[2]쪽(쪽 번호 미표기, 문서의 2번째 쪽)"
    assert c["apa"].in_text.endswith("p. [2])")
    assert c["bibtex"].in_text == r"\cite[{p.~[2]}]{seoji-0e3e16069d626c35}"
    assert c["csl-json"].in_text == "[@seoji-0e3e16069d626c35, {p. [2]}]"
    assert json.loads(c["csl-json"].reference)[0]["page"] == "[2]"
    assert (c["apa"].page, c["apa"].page_label) == (2, None)


# ---------------------------------------------------------------- full metadata

_MANY = tuple(f"Family{i}, Given{i}" for i in range(1, 23))


def _with_authors(seed: Ingested, authors: tuple[str, ...]) -> Document:
    return dataclasses.replace(seed.document, authors=authors, year=2019, publisher="서지연구원")


def test_full_metadata_reaches_every_style(seed002: Ingested) -> None:
    doc, p = full_002(seed002)
    for style, c in cite_all(doc, p).items():
        assert c.missing == (), style
        assert "2019" in c.reference and "서지연구원" in c.reference, style
        assert "홍길동" in c.reference and "Smith" in c.reference, style


@pytest.mark.parametrize(
    ("count", "style", "in_text"),
    [
        (1, "apa", "(Family1, 2019, p. 15)"),
        (2, "apa", "(Family1 & Family2, 2019, p. 15)"),
        (3, "apa", "(Family1 et al., 2019, p. 15)"),
        (2, "mla", "(Family1 and Family2 15)"),
        (3, "mla", "(Family1 et al. 15)"),
        (3, "korean", "Given1 Family1 외, 『"),
        (3, "chicago", "(Family1, Family2, and Family3 2019, 15)"),
        (4, "chicago", "(Family1 et al. 2019, 15)"),
    ],
)
def test_author_counts(seed002: Ingested, count: int, style: str, in_text: str) -> None:
    c = cite(_with_authors(seed002, _MANY[:count]), passage_002(seed002), style)
    assert c.in_text.startswith(in_text) or c.in_text == in_text


def test_author_lists_in_references(seed002: Ingested) -> None:
    p = passage_002(seed002)
    three = cite_all(_with_authors(seed002, _MANY[:3]), p)
    assert three["apa"].reference.startswith("Family1, G., Family2, G., & Family3, G. (2019).")
    assert three["chicago"].reference.startswith(
        "Family1, Given1, Given2 Family2, and Given3 Family3. "
    )
    assert three["mla"].reference.startswith("Family1, Given1, et al. ")
    assert three["korean"].reference.startswith("Given1 Family1·Given2 Family2·Given3 Family3, ")
    many = cite(_with_authors(seed002, _MANY), p, "apa").reference
    assert many.startswith("Family1, G., ") and ", . . . Family22, G. (2019)." in many
    assert "Family20" not in many
    eleven = cite(_with_authors(seed002, _MANY[:11]), p, "chicago").reference
    assert "Given7 Family7, et al. " in eleven and "Family8" not in eleven


def test_names_initials_and_organisations(seed002: Ingested) -> None:
    p = passage_002(seed002)
    authors = ("Jean-Paul Sartre", "Korea Institute for National Unification", "J.R. Tolkien")
    c = cite_all(_with_authors(seed002, authors), p)
    assert c["apa"].reference.startswith(
        "Sartre, J.-P., Korea Institute for National Unification, & Tolkien, J. R. (2019)."
    )
    assert "{Korea Institute for National Unification}" in c["bibtex"].reference
    assert {"literal": "Korea Institute for National Unification"} in json.loads(
        c["csl-json"].reference
    )[0]["author"]


def test_group_author_that_is_the_publisher(seed000: Ingested) -> None:
    doc, p = full_000(seed000)
    c = cite_all(doc, p)
    assert c["apa"].reference.count("서지출판") == 1  # APA 7 §9.24
    assert c["mla"].reference.startswith("휴전회담에서")  # MLA 9: title first, org as publisher
    assert c["mla"].in_text.startswith("(휴전회담에서")


# ---------------------------------------------------------------- document types and languages


@pytest.mark.parametrize(
    ("doc_type", "csl", "bibtex", "ris", "korean"),
    [
        ("research report", "report", "@techreport{", "TY  - RPRT", "『"),
        ("booklet", "pamphlet", "@booklet{", "TY  - BOOK", "『"),
        ("book", "book", "@book{", "TY  - BOOK", "『"),
        ("leaflet", "article", "@misc{", "TY  - GEN", "『"),
        (None, "article", "@misc{", "TY  - GEN", "『"),
        ("석사학위논문", "thesis", "@mastersthesis{", "TY  - THES", "「"),
        ("doctoral dissertation", "thesis", "@phdthesis{", "TY  - THES", "「"),
        ("thesis", "thesis", "@misc{", "TY  - THES", "「"),
        ("journal article", "article-journal", "@article{", "TY  - JOUR", "「"),
        ("신문 기사", "article-newspaper", "@article{", "TY  - NEWS", "「"),
        ("보도자료", "report", "@misc{", "TY  - RPRT", "「"),
        ("preprint", "article", "@misc{", "TY  - UNPB", "「"),
    ],
)
def test_document_types(
    seed002: Ingested, doc_type: str | None, csl: str, bibtex: str, ris: str, korean: str
) -> None:
    doc = dataclasses.replace(seed002.document, doc_type=doc_type)
    p = passage_002(seed002)
    assert csl_item(doc)["type"] == csl
    assert cite(doc, p, "bibtex").reference.startswith(bibtex)
    assert cite(doc, p, "ris").reference.startswith(ris)
    assert cite(doc, p, "korean").reference.startswith(korean)


def test_english_document(seed002: Ingested) -> None:
    doc = dataclasses.replace(
        seed002.document, title_ko=None, languages=("en",), authors=("Smith, John",), year=2019
    )
    c = cite_all(doc, passage_002(seed002))
    assert c["apa"].reference == (
        "Smith, J. (2019). Conditions for Nuclear Free Korean Peninsula: "
        "A Study on Security Guarantee for North Korea."
    )
    # Korean words around a Western work: 발행처 미상, 쪽; its title as printed, no 『』
    assert c["korean"].in_text == (
        "John Smith, Conditions for Nuclear Free Korean Peninsula: A Study on Security "
        "Guarantee for North Korea, 발행처 미상, 2019, 15쪽."
    )
    assert c["csl-json"].reference.count('"language": "en"') == 1
    assert "TT  -" not in c["ris"].reference
    assert c["apa"].missing == ("publisher",)


def test_csl_item_without_a_passage_has_no_page(seed002: Ingested) -> None:
    item = csl_item(seed002.document)
    assert "page" not in item
    assert item["id"] == "seoji-967d274f4ce65dfc" and item["language"] == "ko"
    with_page = csl_item(seed002.document, passage_002(seed002))
    assert with_page["page"] == "15"


def test_csl_json_reference_is_the_item(seed002: Ingested) -> None:
    p = passage_002(seed002)
    c = cite(seed002.document, p, "csl-json")
    assert json.loads(c.reference) == [csl_item(seed002.document, p)]


# ---------------------------------------------------------------- escaping and Unicode


def test_bibtex_escapes_special_characters(seed002: Ingested) -> None:
    doc = dataclasses.replace(
        seed002.document, title_ko="R&D 50% {정책} #1 a_b ~x^2 C:\\dir", title_en=None
    )
    ref = cite(doc, passage_002(seed002), "bibtex").reference
    assert (
        r"title = {{R\&D 50\% \{정책\} \#1 a\_b \textasciitilde{}x\textasciicircum{}2 "
        r"C:\textbackslash{}dir}}," in ref
    )
    body = re.sub(r"\\[{}]", "", ref)
    depth = 0
    for ch in body:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0


def test_output_is_nfc(seed002: Ingested) -> None:
    nfd_title = unicodedata.normalize("NFD", "한반도 “비핵화” 연구")
    doc = dataclasses.replace(seed002.document, title_ko=nfd_title, authors=("홍길동",))
    for style, c in cite_all(doc, passage_002(seed002)).items():
        for text in _texts(c):
            assert unicodedata.is_normalized("NFC", text), style
        assert "한반도 “비핵화” 연구" in c.reference, style


def test_cite_all_covers_every_style(seed002: Ingested) -> None:
    p = passage_002(seed002)
    out = cite_all(seed002.document, p, 2, 8)
    assert tuple(out) == STYLES
    assert {c.quote for c in out.values()} == {p.text[2:8]}
    assert all(c.style == s for s, c in out.items())
