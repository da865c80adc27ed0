"""The Elasticsearch backend: pure builders by equality, then what only a real node can show.

The behaviour every backend shares is in test_contract.py; here are the ES-specific parts:
versioned indices behind aliases, bulk failures item by item, DSL-looking user text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import numpy as np
import pytest
from elasticsearch import Elasticsearch

import index.elastic as elastic
from index.codec import to_dict
from index.contract import (
    Backend,
    BackendUnavailable,
    Counts,
    Filters,
    IndexedDocument,
    IndexMismatch,
    KeywordQuery,
    WriteFailed,
)
from index.elastic import (
    ElasticBackend,
    filters_clause,
    index_settings,
    keyword_query,
    passage_mapping,
    passage_source,
    section_prefixes,
    vector_query,
)
from ingest.analysis import Analyzer
from ingest.pipeline import Ingested
from ingest.readers import read_source
from ingest.records import Document, Passage
from tests.conftest import SEED_000

DIM = 8
MODEL = "test-model"


def _vectors(n: int, seed: int = 0, dim: int = DIM) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _passage(doc_id: str, ordinal: int, text: str, **kw: object) -> Passage:
    fields: dict[str, object] = {
        "lang": "ko",
        "section": ("Ⅰ. 서론",),
        "page": 1,
        "page_label": None,
        "kind": "body",
        "sentences": ((0, len(text)),),
        "raw_start": 0,
        "raw_end": len(text),
    }
    fields.update(kw)
    return Passage(id=f"{doc_id}-{ordinal}", doc_id=doc_id, ordinal=ordinal, text=text, **fields)  # type: ignore[arg-type]


def _doc(doc_id: str, texts: list[str], seed: int = 0, dim: int = DIM) -> IndexedDocument:
    """A document whose terms are its words, with random unit vectors."""
    document = Document(doc_id, f"{doc_id}.txt", "text/plain", "utf-8", year=2020)
    passages = tuple(_passage(doc_id, i, t) for i, t in enumerate(texts))
    terms = tuple(tuple(t.split()) for t in texts)
    vectors = _vectors(len(texts), seed, dim)
    return IndexedDocument(document, passages, terms, vectors, "\n".join(texts))


# -- pure: mapping, settings, queries ------------------------------------------------------


def test_index_settings() -> None:
    assert index_settings(3, 1) == {"number_of_shards": 3, "number_of_replicas": 1}


def test_passage_mapping() -> None:
    assert passage_mapping(384) == {
        "dynamic": "strict",
        "_source": {"excludes": ["vector"]},
        "properties": {
            "doc_id": {"type": "keyword"},
            "lang": {"type": "keyword"},
            "kind": {"type": "keyword"},
            "section_prefixes": {"type": "keyword"},
            "ordinal": {"type": "integer"},
            "year": {"type": "integer"},
            "terms": {"type": "text", "analyzer": "whitespace"},
            "text_cjk": {"type": "text", "analyzer": "cjk"},
            "text_en": {"type": "text", "analyzer": "english"},
            "vector": {
                "type": "dense_vector",
                "dims": 384,
                "index": True,
                "similarity": "cosine",
                "index_options": {"type": "hnsw", "m": 16, "ef_construction": 100},
            },
            "record": {"type": "object", "enabled": False},
        },
    }


def test_section_prefixes_make_a_prefix_filter_one_term() -> None:
    assert section_prefixes(("A", "B", "C")) == ["A", "A\x1fB", "A\x1fB\x1fC"]
    assert section_prefixes(()) == []


def test_passage_source() -> None:
    p = _passage("d", 3, "한미 상호방위 조약을 맺었다", section=("Ⅱ. 본론", "1. 조약"))
    vector = np.array([0.6, 0.8], dtype=np.float32)
    assert passage_source(p, ("한미", "상호", "방위", "조약"), vector, 1953) == {
        "doc_id": "d",
        "lang": "ko",
        "kind": "body",
        "section_prefixes": ["Ⅱ. 본론", "Ⅱ. 본론\x1f1. 조약"],
        "ordinal": 3,
        "year": 1953,
        "terms": "한미 상호 방위 조약",
        "text_cjk": "한미상호방위조약을맺었다",
        "text_en": "한미 상호방위 조약을 맺었다",
        "vector": [pytest.approx(0.6), pytest.approx(0.8)],
        "record": to_dict(p),
    }


def test_filters_clause() -> None:
    assert filters_clause(Filters()) == []
    filters = Filters(
        docs=("a", "b"),
        lang="en",
        kinds=("body", "table"),
        section=("Ⅱ", "1."),
        year_min=1950,
        year_max=1960,
    )
    assert filters_clause(filters) == [
        {"terms": {"doc_id": ["a", "b"]}},
        {"term": {"lang": "en"}},
        {"terms": {"kind": ["body", "table"]}},
        {"term": {"section_prefixes": "Ⅱ\x1f1."}},
        {"range": {"year": {"gte": 1950, "lte": 1960}}},
    ]
    assert filters_clause(Filters(year_max=1960)) == [{"range": {"year": {"lte": 1960}}}]


def test_keyword_query_with_every_field() -> None:
    query = KeywordQuery("한미 상호방위 조약 treaty", ("한미", "상호", "방위", "조약", "treati"))
    assert keyword_query(query, Filters(lang="ko"), 10, 0.3, 0.5) == {
        "query": {
            "bool": {
                "should": [
                    {"match": {"terms": {"query": "한미 상호 방위 조약 treati", "operator": "or"}}},
                    {"match": {"text_cjk": {"query": "한미상호방위조약 treaty", "boost": 0.3}}},
                    {"match": {"text_en": {"query": "한미 상호방위 조약 treaty", "boost": 0.5}}},
                ],
                "minimum_should_match": 1,
                "filter": [{"term": {"lang": "ko"}}],
            }
        },
        "size": 10,
    }


def test_keyword_query_leaves_out_unboosted_and_useless_fields() -> None:
    english = KeywordQuery("security guarantee", ("secur", "guarante"))
    assert keyword_query(english, Filters(), 5, 0.3, 0.0) == {
        "query": {
            "bool": {
                "should": [{"match": {"terms": {"query": "secur guarante", "operator": "or"}}}],
                "minimum_should_match": 1,
            }
        },
        "size": 5,
    }
    korean = KeywordQuery("조약", ("조약",))
    should = keyword_query(korean, Filters(), 5, 0.0, 0.0)["query"]["bool"]["should"]
    assert should == [{"match": {"terms": {"query": "조약", "operator": "or"}}}]
    nothing = KeywordQuery("the of", ())
    assert keyword_query(nothing, Filters(), 5, 0.3, 0.0)["query"]["bool"]["should"] == []


def test_keyword_query_counts_each_term_once() -> None:
    query = KeywordQuery("조약 조약", ("조약", "조약", " "))
    should = keyword_query(query, Filters(), 5, 0.0, 0.0)["query"]["bool"]["should"]
    assert should == [{"match": {"terms": {"query": "조약", "operator": "or"}}}]


@pytest.mark.parametrize("text", ['title:(a OR b) AND "x', '{"match_all":{}}', "a* ~1 ^2 \\"])
def test_user_text_only_reaches_match_queries(text: str) -> None:
    body = keyword_query(KeywordQuery(text, tuple(text.split())), Filters(), 10, 0.3, 0.3)
    assert "query_string" not in json.dumps(body)
    for clause in body["query"]["bool"]["should"]:
        assert list(clause) == ["match"]
    assert body["query"]["bool"]["should"][-1]["match"]["text_en"]["query"] == text


def test_vector_query() -> None:
    vector = np.array([1.0, 0.0], dtype=np.float32)
    assert vector_query(vector, Filters(kinds=("table",)), 10) == {
        "knn": {
            "field": "vector",
            "query_vector": [1.0, 0.0],
            "k": 10,
            "num_candidates": 100,
            "filter": [{"terms": {"kind": ["table"]}}],
        },
        "size": 10,
    }
    assert "filter" not in vector_query(vector, Filters(), 10)["knn"]
    assert vector_query(vector, Filters(), 80)["knn"]["num_candidates"] == 160
    capped = vector_query(vector, Filters(), 20_000)
    assert (capped["knn"]["k"], capped["knn"]["num_candidates"], capped["size"]) == (
        10_000,
        10_000,
        10_000,
    )


# -- without a cluster: no I/O in the constructor, errors translated ------------------------


def test_constructor_does_no_io_and_an_unreachable_node_is_reported() -> None:
    backend = ElasticBackend("http://user:secret@127.0.0.1:9", request_timeout=2.0)
    assert isinstance(backend, Backend)
    health = backend.health()  # never raises
    assert not health.ok
    assert health.backend == "elasticsearch"
    assert "secret" not in health.detail and "secret" not in str(health.info)
    with pytest.raises(BackendUnavailable, match="unreachable"):
        backend.counts()
    with pytest.raises(BackendUnavailable):
        backend.ensure(MODEL, DIM)
    backend.close()


# -- against a real node ------------------------------------------------------------------


@pytest.fixture
def es(es_url: str) -> Iterator[Elasticsearch]:
    client = Elasticsearch(es_url)
    yield client
    client.close()


@pytest.fixture
def backend(es_url: str, es_index_prefix: str) -> Iterator[ElasticBackend]:
    b = ElasticBackend(es_url, index=es_index_prefix)
    yield b
    b.close()


def _concrete(es: Elasticsearch, alias: str) -> list[str]:
    return sorted(es.indices.get_alias(name=alias).body)


def _indices(es: Elasticsearch, prefix: str) -> list[str]:
    return sorted(es.indices.get(index=f"{prefix}-*", allow_no_indices=True).body)


def _kw(backend: ElasticBackend, text: str, terms: tuple[str, ...] | None = None) -> list[str]:
    query = KeywordQuery(text, tuple(text.split()) if terms is None else terms)
    return [s.passage_id for s in backend.keyword_search(query, Filters(), 10)]


@pytest.mark.integration
def test_the_cluster_keeps_the_mapping_as_built(
    backend: ElasticBackend, es: Elasticsearch, es_index_prefix: str
) -> None:
    backend.ensure(MODEL, DIM)
    assert _concrete(es, f"{es_index_prefix}-passages") == [f"{es_index_prefix}-passages-v1"]
    assert _concrete(es, f"{es_index_prefix}-documents") == [f"{es_index_prefix}-documents-v1"]
    mapping = es.indices.get_mapping(index=f"{es_index_prefix}-passages")
    (stored,) = mapping.body.values()
    assert stored["mappings"]["_meta"] == {"model": MODEL, "dim": DIM, "schema": "1"}
    built = passage_mapping(DIM)
    assert stored["mappings"]["properties"] == built["properties"]


@pytest.mark.integration
def test_ensure_refuses_another_dimension_and_says_rebuild(backend: ElasticBackend) -> None:
    backend.ensure(MODEL, DIM)
    with pytest.raises(IndexMismatch, match="rebuild"):
        backend.ensure(MODEL, 16)
    assert backend.indexed_model() == (MODEL, DIM)


@pytest.mark.integration
def test_nothing_before_ensure(
    backend: ElasticBackend, es: Elasticsearch, es_index_prefix: str
) -> None:
    assert backend.indexed_model() is None
    assert backend.counts() == Counts(0, 0)
    assert backend.documents() == []
    assert backend.passages(["x"]) == []
    assert _kw(backend, "조약") == []
    with pytest.raises(WriteFailed, match="ensure"):
        backend.replace_document(_doc("a", ["조약 체결"]))
    # A write must not have auto-created an index with a guessed mapping.
    assert _indices(es, es_index_prefix) == []


@pytest.mark.integration
def test_rebuild_switches_both_aliases_and_drops_the_old_version(
    backend: ElasticBackend, es: Elasticsearch, es_index_prefix: str
) -> None:
    backend.ensure(MODEL, DIM)
    backend.replace_document(_doc("old", ["휴전 회담 반대"]))
    new_docs = [_doc("a", ["조약 체결", "방위 조약"], 1, dim=4), _doc("b", ["정전 협정"], 2, dim=4)]
    backend.rebuild(iter(new_docs), "other-model", 4)
    p, d = f"{es_index_prefix}-passages", f"{es_index_prefix}-documents"
    assert _concrete(es, p) == [f"{p}-v2"]
    assert _concrete(es, d) == [f"{d}-v2"]
    assert _indices(es, es_index_prefix) == [f"{d}-v2", f"{p}-v2"]
    assert backend.indexed_model() == ("other-model", 4)
    assert backend.counts() == Counts(2, 3)
    assert backend.document("old") is None
    assert set(_kw(backend, "조약")) == {"a-0", "a-1"}
    assert backend.vector_search(new_docs[1].vectors[0], Filters(), 1)[0].passage_id == "b-0"
    # and once more, back to the first model: v3, v2 gone
    backend.rebuild([_doc("c", ["협정"], seed=3)], MODEL, DIM)
    assert _indices(es, es_index_prefix) == [f"{d}-v3", f"{p}-v3"]
    assert [x.id for x in backend.documents()] == ["c"]


@pytest.mark.integration
def test_failed_rebuild_leaves_the_old_index_serving(
    backend: ElasticBackend, es: Elasticsearch, es_index_prefix: str
) -> None:
    backend.ensure(MODEL, DIM)
    backend.replace_document(_doc("old", ["휴전 회담 반대"]))
    bad = _doc("bad", ["영 벡터", "좋은 벡터"])
    bad.vectors[0] = 0.0  # cosine refuses a zero vector
    with pytest.raises(WriteFailed) as err:
        backend.rebuild([_doc("a", ["조약"]), bad], MODEL, DIM)
    assert len(err.value.failures) == 1
    assert err.value.failures[0].startswith("bad-0: ")
    assert "zero magnitude" in err.value.failures[0]
    p, d = f"{es_index_prefix}-passages", f"{es_index_prefix}-documents"
    assert _indices(es, es_index_prefix) == [f"{d}-v1", f"{p}-v1"]
    assert _kw(backend, "휴전") == ["old-0"]


@pytest.mark.integration
def test_rebuild_clears_versions_left_by_a_killed_rebuild(
    backend: ElasticBackend, es: Elasticsearch, es_index_prefix: str
) -> None:
    backend.ensure(MODEL, DIM)
    es.indices.create(index=f"{es_index_prefix}-passages-v2")  # as if killed mid-rebuild
    backend.rebuild([_doc("a", ["조약"])], MODEL, DIM)
    p, d = f"{es_index_prefix}-passages", f"{es_index_prefix}-documents"
    assert _indices(es, es_index_prefix) == [f"{d}-v3", f"{p}-v3"]


@pytest.mark.integration
def test_bulk_failure_is_reported_item_by_item_and_undone(backend: ElasticBackend) -> None:
    backend.ensure(MODEL, DIM)
    before = _doc("d", ["한미 조약", "방위 조약", "정전 협정"])
    backend.replace_document(before)
    # Keeps d-0 (same id, same content), adds d-3 and d-4; cosine refuses d-4's zero vector.
    passages = (
        before.passages[0],
        _passage("d", 3, "새 문단 하나"),
        _passage("d", 4, "새 문단 둘"),
    )
    vectors = np.stack([before.vectors[0], _vectors(1, seed=9)[0], np.zeros(DIM, np.float32)])
    terms = tuple(tuple(p.text.split()) for p in passages)
    after = IndexedDocument(before.document, passages, terms, vectors, "")
    with pytest.raises(WriteFailed) as err:
        backend.replace_document(after)
    assert [f.split(":")[0] for f in err.value.failures] == ["d-4"]
    assert "kept" in str(err.value)
    # d-3 was written by this call and is gone again; the old passages all stay.
    assert [p.id for p in backend.document_passages("d")] == ["d-0", "d-1", "d-2"]
    assert backend.passages(["d-3", "d-4"]) == []
    assert _kw(backend, "새") == []
    assert backend.counts() == Counts(1, 3)


@pytest.mark.integration
def test_wrong_dimension_names_every_passage(backend: ElasticBackend) -> None:
    backend.ensure(MODEL, DIM)
    backend.replace_document(_doc("d", ["한미 조약"]))
    bad = _doc("d", ["정전 협정", "휴전 회담"], dim=DIM + 1)
    with pytest.raises(WriteFailed) as err:
        backend.replace_document(bad)
    assert sorted(f.split(":")[0] for f in err.value.failures) == ["d-0", "d-1"]
    assert all("dimension" in f for f in err.value.failures)
    assert [p.text for p in backend.document_passages("d")] == ["한미 조약"]
    with pytest.raises(IndexMismatch):
        backend.vector_search(_vectors(1, dim=DIM + 1)[0], Filters(), 5)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('title:(a OR b) AND "x', "d-1"),
        ('{"match_all":{}}', "d-1"),
        ("조약 AND NOT 협정 || (정전~2)^3 [1 TO 5] \\ / * ?", "d-0"),
        ("조약 " * 600, "d-0"),  # a pasted page, cut to MAX_QUERY_CHARS
    ],
)
def test_dsl_looking_user_text_is_searched_as_text(
    es_url: str, es_index_prefix: str, analyzer: Analyzer, text: str, found: str
) -> None:
    # Every field on, so the raw text reaches the cjk and english fields too.
    backend = ElasticBackend(es_url, index=es_index_prefix, cjk_boost=0.3, en_boost=0.5)
    backend.ensure(MODEL, DIM)
    texts = ["한미 조약", "The title of x: match all"]
    terms = tuple(tuple(t) for t in analyzer.analyze_many(texts))
    doc = _doc("d", texts)
    backend.replace_document(IndexedDocument(doc.document, doc.passages, terms, doc.vectors, ""))
    query = KeywordQuery(text, tuple(analyzer.analyze(text)))
    hits = backend.keyword_search(query, Filters(), 10)  # no error, no match-everything
    assert [h.passage_id for h in hits] == [found]
    backend.close()


@pytest.mark.integration
def test_query_bigrams_find_a_differently_spaced_phrase(backend: ElasticBackend) -> None:
    backend.ensure(MODEL, DIM)
    backend.replace_document(_doc("d", ["한미상호방위조약 체결", "정전 협정"]))
    # No analysed term matches; only the cjk bigram field does.
    assert _kw(backend, "방위 조약", terms=()) == ["d-0"]
    cjk_off = ElasticBackend(backend.url, index=backend.index, cjk_boost=0.0)
    assert _kw(cjk_off, "방위 조약", terms=()) == []
    en_on = ElasticBackend(backend.url, index=backend.index, cjk_boost=0.0, en_boost=1.0)
    backend.replace_document(_doc("e", ["The treaties were signed"]))
    assert _kw(en_on, "treaty", terms=()) == ["e-0"]  # english stemming on text_en


@pytest.mark.integration
def test_listing_past_the_result_window_scrolls(
    backend: ElasticBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend.ensure(MODEL, DIM)
    texts = [f"문단 {i}" for i in range(7)]
    doc = _doc("d", texts)
    shuffled = IndexedDocument(
        doc.document, doc.passages[::-1], doc.terms[::-1], doc.vectors[::-1], ""
    )
    backend.replace_document(shuffled)
    backend.replace_document(_doc("c", ["다른 문서"]))
    monkeypatch.setattr(elastic, "MAX_WINDOW", 3)
    assert [p.ordinal for p in backend.document_passages("d")] == list(range(7))
    assert [d.id for d in backend.documents()] == ["c", "d"]


@pytest.mark.integration
def test_a_real_document_round_trips(
    backend: ElasticBackend, seed000: Ingested, analyzer: Analyzer
) -> None:
    passages = seed000.passages
    terms = tuple(tuple(t) for t in analyzer.analyze_many([p.text for p in passages]))
    doc = IndexedDocument(
        seed000.document,
        passages,
        terms,
        _vectors(len(passages), dim=DIM),
        read_source(SEED_000).text,
    )
    backend.ensure(MODEL, DIM)
    backend.replace_document(doc)
    assert backend.document(seed000.document.id) == seed000.document
    assert backend.document_passages(seed000.document.id) == list(passages)
    assert backend.source_text(seed000.document.id) == doc.source_text
    target = passages[len(passages) // 2]
    query = KeywordQuery(target.text, tuple(analyzer.analyze(target.text)))
    assert backend.keyword_search(query, Filters(), 5)[0].passage_id == target.id
    hit = backend.vector_search(doc.vectors[len(passages) // 2], Filters(), 1)[0]
    assert (hit.passage_id, hit.score) == (target.id, pytest.approx(1.0, abs=1e-3))
    if target.section:
        section = Filters(section=target.section)
        found = backend.keyword_search(query, section, 100)
        kept = {p.id for p in passages if p.section[: len(target.section)] == target.section}
        assert {s.passage_id for s in found} <= kept


@pytest.mark.integration
def test_health_reports_the_cluster(backend: ElasticBackend) -> None:
    backend.ensure(MODEL, DIM)
    health = backend.health()
    assert health.ok, health.detail
    assert health.info["version"].startswith("8.")
    assert health.info["model"] == MODEL
