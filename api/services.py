"""Builds the backend, embedder, searcher and library from settings: the one place that wires
them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from api.library import Library
from api.settings import BackendName, Settings
from index.contract import Backend
from index.embed import Embedder, Encoder, shared_embedder
from index.lexicon import Lexicon, load_lexicon
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
    """The process's embedder for these settings (``shared_embedder``): a model loads once."""
    return shared_embedder(
        settings.embedding_model,
        batch_size=settings.embedding_batch_size,
        device=settings.embedding_device,
    )


def make_lexicon(settings: Settings) -> Lexicon | None:
    return _lexicon(settings.lexicon) if settings.lexicon else None


def make_lexicon_ko_en(settings: Settings) -> Lexicon | None:
    return _lexicon(settings.lexicon_ko_en) if settings.lexicon_ko_en else None


@lru_cache(maxsize=4)
def _lexicon(path: str) -> Lexicon:
    """Read once per process (0.2 s): every app and searcher built here shares it."""
    return load_lexicon(Path(path))


def make_library(
    settings: Settings,
    backend: Backend | None = None,
    encoder: Encoder | None = None,
    analyzer: Analyzer | None = None,
    *,
    backend_name: BackendName | None = None,
) -> Library:
    """The application layer over what is given, the rest built from settings (no I/O)."""
    return Library(
        settings,
        backend if backend is not None else make_backend(settings, backend_name),
        encoder if encoder is not None else make_embedder(settings),
        analyzer if analyzer is not None else shared_analyzer(),
        make_lexicon(settings),
        make_lexicon_ko_en(settings),
    )
