"""The application layer's rules, on a small in-memory backend and a fake encoder.

The flows end to end, on the real backends and models, are tested through the HTTP API
(``test_app.py``) and the CLI (``tests/test_cli.py``); here are the rules they share.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from api.library import (
    QUOTABLE,
    InvalidInput,
    Library,
    NotFound,
    TooLarge,
    Unhealthy,
    model_matches,
    title_of,
)
from api.settings import Settings
from index.contract import (
    Counts,
    Filters,
    Health,
    IndexedDocument,
    IndexMismatch,
    KeywordQuery,
    Scored,
    Vector,
)
from ingest.analysis import Analyzer
from ingest.records import Document, Passage

DIM = 4


class FakeEncoder:
    name = "fake-model"
    dim = DIM
    languages = frozenset({"en"})

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.full((len(texts), DIM), 0.5, dtype=np.float32)

    encode_passages = encode_queries


class FakeBackend:
    """A backend in a dict: keyword search finds the passages with any word of the query."""

    name = "fake"

    def __init__(self, model: tuple[str, int] | None = ("fake-model", DIM)) -> None:
        self.model = model
        self.docs: dict[str, IndexedDocument] = {}
        self.filters: list[Filters] = []  # of every search, in order
        self.ok = True

    def _passages(self, filters: Filters) -> list[Passage]:
        self.filters.append(filters)
        return [
            p
            for d in self.docs.values()
            for p in d.passages
            if (not filters.kinds or p.kind in filters.kinds)
            and (not filters.lang or p.lang == filters.lang)
            and (not filters.docs or p.doc_id in filters.docs)
        ]

    def ensure(self, model: str, dim: int) -> None:
        if self.model is not None and self.model != (model, dim):
            raise IndexMismatch("another model")
        self.model = (model, dim)

    def replace_document(self, doc: IndexedDocument) -> None:
        self.docs[doc.document.id] = doc

    def rebuild(self, docs: Iterable[IndexedDocument], model: str, dim: int) -> None:
        self.docs = {d.document.id: d for d in docs}
        self.model = (model, dim)

    def delete_document(self, doc_id: str) -> bool:
        return self.docs.pop(doc_id, None) is not None

    def keyword_search(self, query: KeywordQuery, filters: Filters, size: int) -> list[Scored]:
        words = query.text.lower().split()
        found = [p for p in self._passages(filters) if any(w in p.text.lower() for w in words)]
        return [Scored(p.id, i, 1.0 / i) for i, p in enumerate(found[:size], 1)]

    def vector_search(self, vector: Vector, filters: Filters, size: int) -> list[Scored]:
        found = self._passages(filters)
        return [Scored(p.id, i, 0.5) for i, p in enumerate(found[:size], 1)]

    def passages(self, ids: Sequence[str]) -> list[Passage]:
        by_id = {p.id: p for d in self.docs.values() for p in d.passages}
        return [by_id[i] for i in ids if i in by_id]

    def document_passages(self, doc_id: str) -> list[Passage]:
        return list(self.docs[doc_id].passages) if doc_id in self.docs else []

    def document(self, doc_id: str) -> Document | None:
        return self.docs[doc_id].document if doc_id in self.docs else None

    def documents(self) -> list[Document]:
        return sorted((d.document for d in self.docs.values()), key=lambda d: d.source)

    def source_text(self, doc_id: str) -> str | None:
        return self.docs[doc_id].source_text if doc_id in self.docs else None

    def indexed_model(self) -> tuple[str, int] | None:
        return self.model

    def counts(self) -> Counts:
        return Counts(len(self.docs), sum(len(d.passages) for d in self.docs.values()))

    def health(self) -> Health:
        return Health(self.ok, self.name, "fine" if self.ok else "the disk is on fire")

    def close(self) -> None:
        pass


def _passage(ordinal: int, text: str, kind: str = "body") -> Passage:
    return Passage(
        id=f"treaty-{ordinal}",
        doc_id="treaty",
        ordinal=ordinal,
        lang="en",
        section=("Background",),
        page=1,
        page_label="3",
        kind=kind,  # type: ignore[arg-type]
        text=text,
        sentences=((0, len(text)),),
        raw_start=0,
        raw_end=len(text),
    )


TREATY = Document(
    id="treaty",
    source="/corpus/treaty.txt",
    media_type="text/plain",
    encoding="utf-8",
    title_en="The Mutual Defense Treaty",
    languages=("en",),
)
PASSAGES = (
    _passage(0, "Mutual Defense Treaty", kind="title"),
    _passage(1, "The treaty was signed in Washington on 1 October 1953."),
    _passage(2, "treaty, alliance, Korea", kind="keywords"),
)


@pytest.fixture
def backend() -> FakeBackend:
    b = FakeBackend()
    vectors = np.full((len(PASSAGES), DIM), 0.5, dtype=np.float32)
    b.replace_document(IndexedDocument(TREATY, PASSAGES, ((),) * 3, vectors, "source"))
    return b


def _library(backend: FakeBackend, analyzer: Analyzer, **settings: Any) -> Library:
    values: dict[str, Any] = {"corpus_dir": Path("/corpus"), "lexicon": ""} | settings
    return Library(Settings(**values), backend, FakeEncoder(), analyzer)


def test_title_of_prefers_korean_then_english() -> None:
    assert title_of(TREATY) == "The Mutual Defense Treaty"
    korean = Document(**{**TREATY.__dict__, "title_ko": "한미상호방위조약"})
    assert title_of(korean) == "한미상호방위조약"
    untitled = Document(**{**TREATY.__dict__, "title_en": None})
    assert title_of(untitled) is None
    assert title_of(None) is None


def test_one_rule_for_the_model_the_index_was_built_with() -> None:
    encoder = FakeEncoder()
    assert model_matches(None, encoder) is None
    assert model_matches(("fake-model", DIM), encoder) is True
    assert model_matches(("fake-model", DIM * 2), encoder) is False  # same name, other size
    assert model_matches(("other-model", DIM), encoder) is False


def test_check_model_refuses_another_model_and_says_what_to_do(
    backend: FakeBackend, analyzer: Analyzer
) -> None:
    backend.model = ("other-model", DIM)
    library = _library(backend, analyzer)
    with pytest.raises(IndexMismatch, match="SEOJI_EMBEDDING_MODEL=other-model"):
        library.search("treaty")
    with pytest.raises(IndexMismatch):
        library.ask("When was the treaty signed?")
    assert library.search("treaty", "keyword").hits  # keyword search reads no vectors


def test_an_empty_index_passes_the_check_until_it_is_built(analyzer: Analyzer) -> None:
    backend = FakeBackend(None)
    library = _library(backend, analyzer)
    library.check_model()
    backend.model = ("other-model", DIM)  # built since, by another process
    with pytest.raises(IndexMismatch):
        library.check_model()


def test_search_refers_to_the_document_by_title_and_relative_path(
    backend: FakeBackend, analyzer: Analyzer
) -> None:
    result = _library(backend, analyzer).search("treaty", size=2)
    assert [h.passage_id for h in result.hits] == ["treaty-0", "treaty-1"]
    hit = result.hits[0]
    assert hit.title == "The Mutual Defense Treaty" and hit.source == "treaty.txt"
    assert "<mark>" in result.hits[1].highlight


def test_ask_and_support_quote_from_the_quotable_kinds_only(
    backend: FakeBackend, analyzer: Analyzer
) -> None:
    library = _library(backend, analyzer)
    asked = library.ask("When was the treaty signed?", lang="en")
    assert [a.passage_id for a in asked.answers] == ["treaty-1"]
    assert asked.answers[0].sentence.text == PASSAGES[1].text
    supported = library.support("The treaty was signed in 1953.", style="chicago")
    assert [s.passage_id for s in supported.supports] == ["treaty-1"]
    assert supported.supports[0].citation.style == "chicago"
    assert {f.kinds for f in backend.filters} == {QUOTABLE}


def test_cite_says_not_found_and_invalid_apart(backend: FakeBackend, analyzer: Analyzer) -> None:
    library = _library(backend, analyzer)
    assert library.cite("treaty-1", "apa", 4, 10).quote == "treaty"
    with pytest.raises(NotFound, match="no passage"):
        library.cite("treaty-9")
    with pytest.raises(InvalidInput, match="unknown citation style") as e:
        library.cite("treaty-1", "vancouver")
    assert e.value.code == "invalid_citation"


def test_reads_and_delete(backend: FakeBackend, analyzer: Analyzer) -> None:
    library = _library(backend, analyzer)
    assert library.documents().documents[0].source == "treaty.txt"
    assert library.document_detail("treaty").passages == 3
    context = library.passage_context("treaty-1", context=5)
    assert [p.id for p in context.before] == ["treaty-0"]
    assert [p.id for p in context.after] == ["treaty-2"]
    assert library.delete("treaty").deleted
    for call in (lambda: library.delete("treaty"), lambda: library.document_detail("treaty")):
        with pytest.raises(NotFound):
            call()
    assert library.empty()


def test_an_upload_is_checked_before_anything_is_read(
    backend: FakeBackend, analyzer: Analyzer
) -> None:
    library = _library(backend, analyzer, max_upload_bytes=10)
    with pytest.raises(InvalidInput) as e:
        library.add("notes.epub", b"x", {})
    assert e.value.code == "unsupported_file"
    with pytest.raises(TooLarge):
        library.add("notes.txt", b"x" * 11, {})
    with pytest.raises(InvalidInput) as e:
        library.add("notes.txt", b"", {})
    assert e.value.code == "unreadable_document"
    with pytest.raises(InvalidInput) as e:
        library.add("notes.txt", b"Treaty.", {"pages": 3})
    assert e.value.code == "invalid_metadata"
    assert backend.counts().documents == 1


def test_health_of_a_backend_that_is_down(backend: FakeBackend, analyzer: Analyzer) -> None:
    library = _library(backend, analyzer)
    assert library.health().embedding.matches is True
    backend.ok = False
    with pytest.raises(Unhealthy, match="on fire") as e:
        library.health()
    assert e.value.detail["backend"] == "fake"


def test_a_correction_is_checked_before_anything_is_read(
    backend: FakeBackend, analyzer: Analyzer
) -> None:
    library = _library(backend, analyzer)
    for changes in ({"colour": "red"}, {"year": "1953"}, {"authors": "Kim"}):
        with pytest.raises(InvalidInput) as e:
            library.edit("nope", changes)  # the body is wrong before the id is unknown
        assert e.value.code == "invalid_request"
    with pytest.raises(NotFound):
        library.edit("nope", {"year": 1953})
    edited = library.edit("treaty", {"year": 1953, "title_en": None})
    assert edited.year == 1953 and edited.title_en == TREATY.title_en
    assert backend.document("treaty") != TREATY
