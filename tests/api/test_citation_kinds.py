"""Citations per kind of document: each kind's metadata as ingest reads it from a real
document of ``../shared/realdocs``, and each style's output for it, frozen in
``tests/golden/citations/kinds``; every CSL-JSON item valid against the CSL-JSON schema.

The development set has no journal article and no newspaper article: those two are the seed
report's passage with the metadata a user would give it (``seoji edit``), so their forms are
checked all the same. A failing golden test prints both texts: if the new one is right, copy
it into the file and say in the commit which rule changed.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from api.citations import STYLES, cite, cite_all, csl_item
from ingest.pipeline import Ingested, Tools, ingest_file
from ingest.records import Document, Passage
from research.bench_metadata import csl_validator, english_in_korean
from tests.api.test_citations import CASES, passage_002, render

REALDOCS = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs"
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "citations" / "kinds"

Case = tuple[Document, Passage]


@pytest.fixture(scope="module")
def real(tools: Tools) -> Callable[[str], Ingested]:
    cache: dict[str, Ingested] = {}

    def get(name: str) -> Ingested:
        if name not in cache:
            path = REALDOCS / name
            if not path.exists():
                pytest.fail(f"the development documents are missing ({path})", pytrace=False)
            cache[name] = ingest_file(path, tools)
        return cache[name]

    return get


def _first_body(result: Ingested, page: int = 1) -> Passage:
    return next(p for p in result.passages if p.kind == "body" and p.page >= page)


# The real documents, with what ingest must read from them: (file, expected fields).
REAL = {
    "thesis": (
        "pdf/ko_thesis_template_latex.pdf",
        {
            "title_ko": "탄소 나노튜브의 물리적 특성에 대한 이론 연구",
            "title_en": "Theoretical Study on Physical Properties of Carbon Nanotubes",
            "authors": ("안진현",),
            "year": 2020,
            "doc_type": "석사학위논문",
            "publisher": "한국과학기술원",
        },
    ),
    "preprint": (
        "pdf/en_paper_hardforget.pdf",
        {
            "title_en": "Hard to Forget: Poisoning Attacks on Certified Machine Unlearning",
            "authors": ("Neil G. Marchant", "Benjamin I. P. Rubinstein", "Scott Alfeld"),
            "year": 2022,
            "doc_type": "preprint",
            "number": "arXiv:2109.08266v2",
        },
    ),
    "press": (
        "pdf/ko_press_rda_contest.pdf",
        {
            "title_ko": "“식물과 가까워졌어요” 어린이 농업 농촌 글짓기 공모전 시상식 열려",
            "year": 2025,
            "doc_type": "보도자료",
            "date": "2025-08-07",
        },
    ),
    "report": (
        "hwp/ko_report_kdi_market.hwp",
        {
            "title_ko": "시장구조조사",
            "authors": ("이상무", "이재형", "양정삼"),
            "year": 2019,
            "doc_type": "report",
            "publisher": "한국개발연구원",
            "number": "11-1130000-000344-11",
        },
    ),
}


def _given(s002: Ingested, **fields: object) -> Case:
    return dataclasses.replace(s002.document, **fields), passage_002(s002)  # type: ignore[arg-type]


def _case(kind: str, real: Callable[[str], Ingested], s002: Ingested) -> Case:
    if kind in REAL:
        result = real(REAL[kind][0])
        return result.document, _first_body(result, 2 if kind == "thesis" else 1)
    if kind == "article":
        return _given(
            s002,
            authors=("홍길동", "Jane Q. Smith"),
            year=2019,
            doc_type="journal article",
            container="통일정책연구",
            volume="28",
            issue="1",
            publisher="통일연구원",
            doi="10.33072/ujpr.2019.28.1.1",
        )
    return _given(
        s002,
        authors=("서정민",),
        doc_type="news",
        container="한겨레",
        date="2019-06-30",
        title_en=None,
    )


KINDS = (*REAL, "article", "news")


@pytest.mark.parametrize("kind", REAL)
def test_metadata_read_from_the_document(kind: str, real: Callable[[str], Ingested]) -> None:
    name, expected = REAL[kind]
    doc = real(name).document
    assert {k: getattr(doc, k) for k in expected} == expected
    sources = {p.field: p.source for p in doc.provenance}
    assert sources["doc_type"] == "page1"


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("kind", KINDS)
def test_golden_per_kind(
    kind: str, style: str, real: Callable[[str], Ingested], seed002: Ingested
) -> None:
    doc, passage = _case(kind, real, seed002)
    expected = (GOLDEN / f"{kind}.{style}.txt").read_text(encoding="utf-8")
    assert render(cite(doc, passage, style)) == expected


def test_every_kind_golden_file_is_tested() -> None:
    names = {p.name for p in GOLDEN.glob("*.txt")}
    assert names == {f"{kind}.{style}.txt" for kind in KINDS for style in STYLES}


def test_csl_json_is_valid_against_the_schema(
    real: Callable[[str], Ingested], seed000: Ingested, seed002: Ingested
) -> None:
    validator = csl_validator()
    cases = [_case(kind, real, seed002) for kind in KINDS]
    cases += [make(seed000, seed002) for make in CASES.values()]
    for doc, passage in cases:
        for items in ([csl_item(doc)], json.loads(cite(doc, passage, "csl-json").reference)):
            errors = [e.message for e in validator.iter_errors(items)]
            assert not errors, (doc.id, errors)
    assert list(validator.iter_errors([{"id": "x", "type": "document-of-no-kind"}]))


def test_the_korean_style_is_korean_throughout(
    real: Callable[[str], Ingested], seed000: Ingested, seed002: Ingested
) -> None:
    cases = [_case(kind, real, seed002) for kind in KINDS]
    cases += [make(seed000, seed002) for make in CASES.values()]
    for doc, passage in cases:
        assert english_in_korean(cite(doc, passage, "korean"), doc) == [], doc.id
    english = dataclasses.replace(seed002.document, title_ko=None, year=None)
    assert english_in_korean(cite(english, passage_002(seed002), "apa"), english) == ["n.d.", "p."]


def test_every_style_for_every_kind_lists_what_is_missing(
    real: Callable[[str], Ingested], seed002: Ingested
) -> None:
    for kind in KINDS:
        doc, passage = _case(kind, real, seed002)
        for style, c in cite_all(doc, passage).items():
            assert "None" not in c.reference and "None" not in c.in_text, (kind, style)
    news = cite(*_case("news", real, seed002), "apa")
    assert "container" not in news.missing and "publisher" not in news.missing
