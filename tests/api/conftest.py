"""Fixtures for the HTTP API: the two seed documents indexed once, on each backend.

The real default embedder (seoji-static, from models/) and Kiwi are session-scoped
(``tests/conftest.py``), and the seed documents are analysed and embedded once
(``corpus_docs``); each backend then only stores them. Read-only tests share one index per
backend and module (``indexed``); tests that write get their own (``fresh``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from index.contract import Backend, IndexedDocument
from index.embed import Embedder
from index.embedded import EmbeddedBackend
from index.search import prepare
from ingest.analysis import Analyzer
from ingest.pipeline import Ingested
from tests.conftest import CORPUS
from tools import localnode

API_KEY = "test-key-0123456789"
MAX_UPLOAD = 64 * 1024

BACKENDS = ["embedded", pytest.param("elasticsearch", marks=pytest.mark.integration)]


@pytest.fixture(scope="session")
def corpus_docs(
    seed000: Ingested, seed002: Ingested, embedder: Embedder, analyzer: Analyzer
) -> list[IndexedDocument]:
    return [
        prepare(s.document, s.passages, s.source_text, embedder, analyzer)
        for s in (seed000, seed002)
    ]


def fill(backend: Backend, docs: Sequence[IndexedDocument], embedder: Embedder) -> Backend:
    backend.ensure(embedder.name, embedder.dim)
    for doc in docs:
        backend.replace_document(doc)
    return backend


def settings_for(tmp: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": tmp,
        "corpus_dir": CORPUS,
        "api_key": API_KEY,
        "max_upload_bytes": MAX_UPLOAD,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=BACKENDS)
def indexed(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    corpus_docs: list[IndexedDocument],
    embedder: Embedder,
) -> Iterator[Backend]:
    """The seed documents in one backend, shared by a module's read-only tests."""
    if request.param == "embedded":
        backend: Backend = EmbeddedBackend(tmp_path_factory.mktemp("api") / "seoji.db")
        yield fill(backend, corpus_docs, embedder)
        backend.close()
        return
    from index.elastic import ElasticBackend

    url = request.getfixturevalue("es_url")
    # es_index_prefix is per test; this index lives for the module, so it names its own.
    prefix = f"seoji-test-api-{uuid.uuid4().hex[:8]}"
    backend = ElasticBackend(url, index=prefix)
    try:
        yield fill(backend, corpus_docs, embedder)
    finally:
        backend.close()
        localnode.delete_matching(url, f"{prefix}*")


@pytest.fixture(scope="module")
def client(
    indexed: Backend,
    embedder: Embedder,
    analyzer: Analyzer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[TestClient]:
    app = create_app(settings_for(tmp_path_factory.mktemp("data")), indexed, embedder, analyzer)
    with TestClient(app) as c:
        yield c


@pytest.fixture(params=BACKENDS)
def fresh(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    corpus_docs: list[IndexedDocument],
    embedder: Embedder,
) -> Iterator[Backend]:
    """The seed documents in a backend of this test's own, for tests that write."""
    if request.param == "embedded":
        backend: Backend = EmbeddedBackend(tmp_path / "seoji.db")
    else:
        from index.elastic import ElasticBackend

        url = request.getfixturevalue("es_url")
        backend = ElasticBackend(url, index=request.getfixturevalue("es_index_prefix"))
    yield fill(backend, corpus_docs, embedder)
    backend.close()


@pytest.fixture
def writer(
    fresh: Backend, embedder: Embedder, analyzer: Analyzer, tmp_path: Path
) -> Iterator[TestClient]:
    """A client over ``fresh``, with the API key set."""
    app = create_app(settings_for(tmp_path), fresh, embedder, analyzer)
    with TestClient(app) as c:
        yield c
