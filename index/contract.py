"""The backend contract: what every search index (embedded SQLite, Elasticsearch) provides.

The index stores passages and documents as ingest produced them, the analysed terms of each
passage (``ingest.analysis.Analyzer``) and one normalised float32 vector per passage. It does
not analyse or embed anything itself: ``index.search`` does that once, the same way for every
backend, so the backends differ only in how they store and rank.

Scores are backend-specific (FTS5 bm25, Lucene BM25, cosine) and are never compared across
backends. Fusion (``index.fusion``) combines one query's lists from one backend: by rank
(reciprocal rank fusion), or, for English queries, by score, each BM25 list divided by its
own top score so that it needs no calibration against the cosine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from ingest.records import Document, Lang, Passage

SECTION_SEP = "\x1f"  # joins a section path in both backends; never occurs in headings
# Query terms beyond this many are ignored by every backend, so that both rank a pasted page
# by the same terms and its cost stays bounded (not a 2,000-term OR).
MAX_QUERY_TERMS = 256

Vector = npt.NDArray[np.float32]


class IndexError_(Exception):
    """Base of every error raised by ``index/``; backend client errors never leave it."""


class BackendUnavailable(IndexError_):
    """The backend cannot be reached or opened (a server down, a file unreadable)."""


class IndexMismatch(IndexError_):
    """The index was built with another embedding model or vector size: rebuild it."""


class WriteFailed(IndexError_):
    """A write was refused; the index keeps its previous state. ``failures`` names the items."""

    def __init__(self, message: str, failures: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.failures = tuple(failures)


@dataclass(frozen=True)
class Filters:
    """Restrict a search. Empty fields do not restrict.

    ``section`` is a prefix of the section path: ("Ⅱ. 미국의 안전보장",) matches every passage
    under that heading, at any depth. Years are inclusive and come from the document; a
    document without a year never matches a year filter.
    """

    docs: tuple[str, ...] = ()
    lang: Lang | None = None
    kinds: tuple[str, ...] = ()
    section: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None

    @property
    def empty(self) -> bool:
        return self == Filters()


@dataclass(frozen=True)
class KeywordQuery:
    """A keyword query: the user's text and its analysed terms (same analyser as passages)."""

    text: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Scored:
    """One entry of a backend's ranked list: 1-based rank and the backend's own score."""

    passage_id: str
    rank: int
    score: float


@dataclass(frozen=True)
class Counts:
    documents: int
    passages: int


@dataclass(frozen=True)
class Health:
    ok: bool
    backend: str
    detail: str = ""
    info: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexedDocument:
    """Everything written for one document in one step.

    ``terms[i]`` and ``vectors[i]`` belong to ``passages[i]``. ``source_text`` is the raw
    decoded source (``Source.text``), kept so a reader can check a passage against it.
    """

    document: Document
    passages: tuple[Passage, ...]
    terms: tuple[tuple[str, ...], ...]
    vectors: Vector
    source_text: str


@runtime_checkable
class Backend(Protocol):
    """A passage index. Implementations: ``index.embedded``, ``index.elastic``."""

    name: str

    def ensure(self, model: str, dim: int) -> None:
        """Create the index if missing; raise IndexMismatch if it holds another model's vectors."""
        ...

    def replace_document(self, doc: IndexedDocument) -> None:
        """Replace all passages of ``doc.document.id`` in one step (all or nothing)."""
        ...

    def rebuild(self, docs: Iterable[IndexedDocument], model: str, dim: int) -> None:
        """Replace the whole index with ``docs`` so that readers switch at once (or never)."""
        ...

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document and its passages; False if it was not there."""
        ...

    def keyword_search(self, query: KeywordQuery, filters: Filters, size: int) -> list[Scored]:
        """BM25 over the analysed terms (plus whatever spacing-insensitive field it has)."""
        ...

    def vector_search(self, vector: Vector, filters: Filters, size: int) -> list[Scored]:
        """Nearest passages by cosine similarity."""
        ...

    def passages(self, ids: Sequence[str]) -> list[Passage]:
        """Passages by id, in the order asked; unknown ids are left out."""
        ...

    def document_passages(self, doc_id: str) -> list[Passage]:
        """All passages of a document in reading order (by ordinal)."""
        ...

    def document(self, doc_id: str) -> Document | None: ...

    def documents(self) -> list[Document]:
        """All documents, ordered by source path."""
        ...

    def source_text(self, doc_id: str) -> str | None:
        """The raw decoded source of a document, as ingest read it."""
        ...

    def indexed_model(self) -> tuple[str, int] | None:
        """(embedding model, dimensions) the index was built with, or None if not built."""
        ...

    def counts(self) -> Counts: ...

    def health(self) -> Health: ...

    def close(self) -> None: ...
