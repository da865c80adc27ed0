"""What the routers share: the services built in the app's lifespan, and the write key check."""

from __future__ import annotations

import hmac
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from api.errors import ApiError
from api.settings import Settings
from index.contract import Backend, IndexMismatch
from index.embed import Encoder
from index.search import Searcher, documents_of
from ingest.analysis import Analyzer
from ingest.pipeline import Tools
from ingest.records import Document, Passage


def relative_source(source: str, corpus_dir: Path) -> str:
    """A document's path relative to the corpus folder, or as stored when not under it.

    No file system access: both paths are made absolute against the working directory, the
    one ingest ran in when it stored a relative path.
    """
    try:
        rel = Path(os.path.abspath(source)).relative_to(os.path.abspath(corpus_dir))
    except ValueError:
        return source
    return rel.as_posix()


@dataclass
class Services:
    """Built once per app in the lifespan; routers reach it through ``get_services``."""

    settings: Settings
    backend: Backend
    encoder: Encoder
    analyzer: Analyzer
    tools: Tools
    searcher: Searcher
    # Uploads and deletes one at a time: each is all-or-nothing in the backend, but the
    # clean-up of an earlier version of the same file must not interleave with another write.
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    # Ingest's tools keep per-call state (pysbd's segmenter), so one document at a time.
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)
    _model_checked: bool = False

    def check_model(self) -> None:
        """IndexMismatch unless the index was built with the encoder the server loaded.

        Checked once (the answer only changes with a rebuild, which needs a restart with the
        new model anyway); an empty index passes and is checked again next time.
        """
        if self._model_checked:
            return
        indexed = self.backend.indexed_model()
        if indexed is None:
            return
        if indexed != (self.encoder.name, self.encoder.dim):
            msg = (
                f"the index was built with {indexed[0]} ({indexed[1]} dimensions) but the "
                f"server loaded {self.encoder.name} ({self.encoder.dim}); set "
                f"SEOJI_EMBEDDING_MODEL={indexed[0]} or rebuild the index (seoji ingest --rebuild)"
            )
            raise IndexMismatch(msg)
        self._model_checked = True

    def source(self, document: Document | None) -> str | None:
        if document is None:
            return None
        return relative_source(document.source, self.settings.corpus_dir)

    def documents_of(self, passages: Iterable[Passage]) -> dict[str, Document]:
        return documents_of(self.backend, passages)

    def passage_ref(self, passage: Passage, documents: dict[str, Document]) -> dict[str, Any]:
        """The fields every hit and answer shares (``schemas.PassageRef``)."""
        document = documents.get(passage.doc_id)
        return {
            "passage_id": passage.id,
            "doc_id": passage.doc_id,
            "source": self.source(document),
            "title": (document.title_ko or document.title_en) if document else None,
            "lang": passage.lang,
            "page": passage.page,
            "page_label": passage.page_label,
            "section": list(passage.section),
            "kind": passage.kind,
            "text": passage.text,
        }

    def passage(self, passage_id: str) -> Passage:
        found = self.backend.passages([passage_id])
        if not found:
            msg = f"no passage {passage_id!r}; passage ids come from /api/search"
            raise ApiError(404, "not_found", msg)
        return found[0]

    def document(self, doc_id: str) -> Document:
        document = self.backend.document(doc_id)
        if document is None:
            msg = f"no document {doc_id!r}; /api/documents lists them"
            raise ApiError(404, "not_found", msg)
        return document


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="Needed for writes (upload, delete); the server's SEOJI_API_KEY.",
)


def require_key(
    services: ServicesDep, key: Annotated[str | None, Security(api_key_header)]
) -> None:
    """401 without a key, 403 with a wrong one or when the server has none configured."""
    expected = services.settings.api_key
    if not expected:
        msg = "writes are disabled on this server; set SEOJI_API_KEY and restart it"
        raise ApiError(403, "writes_disabled", msg)
    if not key:
        msg = "this endpoint needs an API key: send it in the X-API-Key header"
        raise ApiError(401, "missing_api_key", msg)
    if not hmac.compare_digest(key.encode(), expected.encode()):
        raise ApiError(403, "invalid_api_key", "the API key in X-API-Key is not valid")
