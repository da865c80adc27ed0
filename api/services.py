"""Builds the backend, embedder and searcher from settings: the one place that wires them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from api.settings import BackendName, Settings
from index.contract import Backend
from index.embed import Embedder
from index.lexicon import Lexicon, load_lexicon
from index.search import Searcher
from ingest.analysis import Analyzer, shared_analyzer


def make_backend(settings: Settings, name: BackendName | None = None) -> Backend:
    name = name or settings.backend
    if name == "elasticsearch":
        from index.elastic import ElasticBackend

        return ElasticBackend(
            settings.es_url,
            index=settings.es_index,
            shards=settings.es_shards,
            replicas=settings.es_replicas,
            request_timeout=settings.es_timeout,
        )
    from index.embedded import EmbeddedBackend

    return EmbeddedBackend(settings.index_path)


def make_embedder(settings: Settings) -> Embedder:
    return Embedder(
        settings.embedding_model,
        batch_size=settings.embedding_batch_size,
        device=settings.embedding_device,
    )


def make_lexicon(settings: Settings) -> Lexicon | None:
    return _lexicon(settings.lexicon) if settings.lexicon else None


@lru_cache(maxsize=4)
def _lexicon(path: str) -> Lexicon:
    """Read once per process (0.2 s): every app and searcher built here shares it."""
    return load_lexicon(Path(path))


def make_searcher(
    settings: Settings, backend: Backend, analyzer: Analyzer | None = None
) -> Searcher:
    return Searcher(
        backend, make_embedder(settings), analyzer or shared_analyzer(), make_lexicon(settings)
    )
