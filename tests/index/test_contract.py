"""The backend contract (index/contract.py): one suite, run against every backend."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from index.contract import (
    Backend,
    Filters,
    IndexedDocument,
    IndexMismatch,
    KeywordQuery,
    WriteFailed,
)
from ingest.analysis import Analyzer
from ingest.records import Document, Passage

MODEL, DIM = "test-model", 8


def _vector(seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
    return v / np.linalg.norm(v)


def _passage(
    doc_id: str, ordinal: int, text: str, section: tuple[str, ...], **kw: object
) -> Passage:
    fields: dict[str, object] = {
        "lang": "ko",
        "page": 1,
        "page_label": "1",
        "kind": "body",
        "sentences": ((0, len(text)),),
        "raw_start": ordinal * 1000,
        "raw_end": ordinal * 1000 + len(text),
    }
    fields.update(kw)
    return Passage(
        id=f"{doc_id}-{ordinal}",
        doc_id=doc_id,
        ordinal=ordinal,
        section=section,
        text=text,
        **fields,  # type: ignore[arg-type]
    )


TREATY = Document(
    id="treaty",
    source="treaty.txt",
    media_type="text/plain",
    encoding="utf-8",
    title_ko="휴전회담에서 우리는 무엇을 얻었는가?",
    languages=("ko",),
    year=1953,
)
TREATY_PASSAGES = (
    _passage(
        "treaty",
        0,
        "한미 상호 방위 조약은 1953년 10월 1일 워싱턴에서 서명되었다.",
        ("조약의 체결",),
    ),
    _passage(
        "treaty",
        1,
        "이승만 대통령은 휴전 회담에 반대하며 반공 포로를 석방하였다.",
        ("조약의 체결", "반공 포로 석방"),
        page=2,
        page_label="2",
    ),
    _passage(
        "treaty", 2, "<표> 한미 상호 방위 조약 체결 일정", ("조약의 체결",), kind="table", page=2
    ),
    _passage(
        "treaty",
        3,
        "The treaty entered into force on 17 November 1954.",
        ("요약",),
        lang="en",
        page=3,
    ),
)
REPORT = Document(
    id="report",
    source="report.txt",
    media_type="text/plain",
    encoding="utf-8",
    title_en="Security Guarantee for North Korea",
    languages=("ko", "en"),
)
REPORT_PASSAGES = (
    _passage("report", 0, "북한 비핵화를 위한 미국의 안전보장 법제도를 연구한다.", ("Ⅰ. 서론",)),
    _passage(
        "report",
        1,
        "A security guarantee for North Korea needs the consent of the U.S. Congress.",
        ("Abstract",),
        lang="en",
        kind="abstract",
    ),
)


def _indexed(
    doc: Document, passages: tuple[Passage, ...], analyzer: Analyzer, seed: int = 0
) -> IndexedDocument:
    terms = tuple(tuple(t) for t in analyzer.analyze_many([p.text for p in passages]))
    vectors = np.stack([_vector(seed + i) for i in range(len(passages))])
    source = "\n".join(p.text for p in passages)
    return IndexedDocument(doc, passages, terms, vectors, source)


@pytest.fixture
def filled(backend: Backend, analyzer: Analyzer) -> Backend:
    backend.ensure(MODEL, DIM)
    backend.replace_document(_indexed(TREATY, TREATY_PASSAGES, analyzer, seed=0))
    backend.replace_document(_indexed(REPORT, REPORT_PASSAGES, analyzer, seed=100))
    return backend


NO_FILTERS = Filters()


def _kw(
    backend: Backend, analyzer: Analyzer, text: str, filters: Filters = NO_FILTERS, size: int = 10
) -> list[str]:
    query = KeywordQuery(text, tuple(analyzer.analyze(text)))
    hits = backend.keyword_search(query, filters, size)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))
    return [h.passage_id for h in hits]


def test_ensure_records_model_and_refuses_another(backend: Backend) -> None:
    assert backend.indexed_model() is None
    backend.ensure(MODEL, DIM)
    backend.ensure(MODEL, DIM)  # idempotent
    assert backend.indexed_model() == (MODEL, DIM)
    with pytest.raises(IndexMismatch):
        backend.ensure(MODEL, DIM * 2)
    with pytest.raises(IndexMismatch):
        backend.ensure("another-model", DIM)


def test_documents_and_passages_round_trip(filled: Backend) -> None:
    assert filled.counts().documents == 2
    assert filled.counts().passages == len(TREATY_PASSAGES) + len(REPORT_PASSAGES)
    assert [d.id for d in filled.documents()] == ["report", "treaty"]  # by source path
    assert filled.document("treaty") == TREATY
    assert filled.document("missing") is None
    assert filled.document_passages("treaty") == list(TREATY_PASSAGES)
    wanted = ["report-1", "nope", "treaty-2", "treaty-0"]
    assert [p.id for p in filled.passages(wanted)] == ["report-1", "treaty-2", "treaty-0"]
    assert filled.passages(["treaty-1"])[0] == TREATY_PASSAGES[1]
    assert filled.source_text("treaty") == "\n".join(p.text for p in TREATY_PASSAGES)
    assert filled.source_text("missing") is None


def test_replace_swaps_all_passages_of_a_document(filled: Backend, analyzer: Analyzer) -> None:
    fewer = (
        TREATY_PASSAGES[0],
        _passage("treaty", 9, "정전 협정은 1953년 7월 27일 체결되었다.", ("정전",)),
    )
    filled.replace_document(_indexed(TREATY, fewer, analyzer, seed=7))
    assert [p.id for p in filled.document_passages("treaty")] == ["treaty-0", "treaty-9"]
    assert filled.counts().passages == 2 + len(REPORT_PASSAGES)
    assert _kw(filled, analyzer, "반공 포로") == []  # the old passage is gone from the index
    assert _kw(filled, analyzer, "정전협정") == ["treaty-9"]
    # replacing with the same content again changes nothing
    filled.replace_document(_indexed(TREATY, fewer, analyzer, seed=7))
    assert filled.counts().passages == 2 + len(REPORT_PASSAGES)


def test_failed_replace_keeps_the_previous_state(filled: Backend, analyzer: Analyzer) -> None:
    bad = _indexed(TREATY, TREATY_PASSAGES[:2], analyzer)
    bad = dataclasses.replace(bad, vectors=np.ones((2, DIM + 3), dtype=np.float32))
    with pytest.raises((WriteFailed, IndexMismatch)):
        filled.replace_document(bad)
    assert filled.document_passages("treaty") == list(TREATY_PASSAGES)
    assert _kw(filled, analyzer, "반공 포로") == ["treaty-1"]


def test_delete_document(filled: Backend, analyzer: Analyzer) -> None:
    assert filled.delete_document("treaty") is True
    assert filled.delete_document("treaty") is False
    assert filled.document("treaty") is None
    assert filled.document_passages("treaty") == []
    assert filled.passages(["treaty-0"]) == []
    assert _kw(filled, analyzer, "조약") == []
    assert filled.counts().documents == 1
    assert filled.vector_search(_vector(0), Filters(), 10)[0].passage_id != "treaty-0"


def test_rebuild_replaces_the_whole_index_and_its_model(
    filled: Backend, analyzer: Analyzer
) -> None:
    report = _indexed(REPORT, REPORT_PASSAGES, analyzer, seed=200)
    filled.rebuild(iter([report]), "another-model", DIM)
    assert filled.indexed_model() == ("another-model", DIM)
    assert filled.counts().documents == 1
    assert filled.counts().passages == len(REPORT_PASSAGES)
    assert [d.id for d in filled.documents()] == ["report"]
    assert filled.document("treaty") is None
    assert filled.passages(["treaty-0", "report-1"]) == [REPORT_PASSAGES[1]]
    assert _kw(filled, analyzer, "반공 포로") == []
    assert _kw(filled, analyzer, "security guarantees")[0] == "report-1"
    assert filled.vector_search(_vector(201), Filters(), 1)[0].passage_id == "report-1"
    # the rebuilt index takes writes for its model, and refuses the old one
    filled.replace_document(_indexed(TREATY, TREATY_PASSAGES, analyzer))
    assert filled.counts().documents == 2
    with pytest.raises(IndexMismatch):
        filled.ensure(MODEL, DIM)


def test_rebuild_builds_an_index_that_was_never_set_up(
    backend: Backend, analyzer: Analyzer
) -> None:
    backend.rebuild([_indexed(TREATY, TREATY_PASSAGES, analyzer)], MODEL, DIM)
    assert backend.indexed_model() == (MODEL, DIM)
    assert backend.document_passages("treaty") == list(TREATY_PASSAGES)
    assert _kw(backend, analyzer, "반공포로")[0] == "treaty-1"


def test_failed_rebuild_keeps_the_previous_index(filled: Backend, analyzer: Analyzer) -> None:
    bad = _indexed(TREATY, TREATY_PASSAGES, analyzer)
    bad = dataclasses.replace(bad, vectors=np.ones((len(TREATY_PASSAGES), DIM + 3), np.float32))
    with pytest.raises((WriteFailed, IndexMismatch)):
        filled.rebuild([_indexed(REPORT, REPORT_PASSAGES, analyzer), bad], "another-model", DIM)
    assert filled.indexed_model() == (MODEL, DIM)
    assert filled.counts().documents == 2
    assert filled.document_passages("treaty") == list(TREATY_PASSAGES)
    assert _kw(filled, analyzer, "반공 포로") == ["treaty-1"]


def test_keyword_search_finds_morphemes_whatever_the_spacing(
    filled: Backend, analyzer: Analyzer
) -> None:
    for query in ("한미상호방위조약", "한미 상호방위 조약을", "상호 방위조약"):
        ids = _kw(filled, analyzer, query)
        assert set(ids[:2]) == {"treaty-0", "treaty-2"}, query
    assert _kw(filled, analyzer, "반공포로를석방")[0] == "treaty-1"
    assert _kw(filled, analyzer, "security guarantees")[0] == "report-1"
    assert _kw(filled, analyzer, "Congress")[0] == "report-1"
    assert _kw(filled, analyzer, "미국 안전보장", size=1) == ["report-0"]


def test_keyword_search_takes_user_text_literally(filled: Backend, analyzer: Analyzer) -> None:
    for text in ('title:(a OR b) AND "x', '{"match_all": {}}', "NEAR(조약 * -)", '"', "*"):
        _kw(filled, analyzer, text)  # no error, whatever it finds
    assert _kw(filled, analyzer, "") == []
    assert _kw(filled, analyzer, "조약 OR NOT 포로")[0] in {"treaty-0", "treaty-2", "treaty-1"}


def test_keyword_filters(filled: Backend, analyzer: Analyzer) -> None:
    q = "조약 treaty 안전보장 security"
    assert set(_kw(filled, analyzer, q, Filters(docs=("report",)))) == {"report-0", "report-1"}
    assert set(_kw(filled, analyzer, q, Filters(lang="en"))) == {"treaty-3", "report-1"}
    assert _kw(filled, analyzer, q, Filters(kinds=("table",))) == ["treaty-2"]
    assert set(_kw(filled, analyzer, "조약 포로", Filters(section=("조약의 체결",)))) == {
        "treaty-0",
        "treaty-1",
        "treaty-2",
    }
    assert _kw(
        filled, analyzer, "조약 포로", Filters(section=("조약의 체결", "반공 포로 석방"))
    ) == ["treaty-1"]
    assert (
        _kw(filled, analyzer, "조약 포로", Filters(section=("조약의",))) == []
    )  # whole headings only
    years = set(_kw(filled, analyzer, q, Filters(year_min=1950, year_max=1953)))
    assert years == {"treaty-0", "treaty-2", "treaty-3"}
    assert _kw(filled, analyzer, q, Filters(year_min=1954)) == []  # no year never matches


def test_vector_search(filled: Backend) -> None:
    hits = filled.vector_search(_vector(1), Filters(), 3)
    assert hits[0].passage_id == "treaty-1"
    assert hits[0].score == pytest.approx(1.0, abs=1e-3)
    assert [h.rank for h in hits] == [1, 2, 3]
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))
    assert len(filled.vector_search(_vector(1), Filters(), 100)) == 6
    only_en = filled.vector_search(_vector(1), Filters(lang="en"), 10)
    assert {h.passage_id for h in only_en} == {"treaty-3", "report-1"}
    in_section = filled.vector_search(_vector(0), Filters(section=("조약의 체결",)), 10)
    assert {h.passage_id for h in in_section} == {"treaty-0", "treaty-1", "treaty-2"}
    assert filled.vector_search(_vector(0), Filters(docs=("nope",)), 10) == []


def test_health_and_counts_on_an_empty_index(backend: Backend) -> None:
    backend.ensure(MODEL, DIM)
    health = backend.health()
    assert health.ok, health.detail
    assert health.backend == backend.name
    assert backend.counts().documents == 0
    assert backend.documents() == []
    assert backend.vector_search(_vector(0), Filters(), 10) == []
