"""The HTTP API: ``uvicorn api.app:app`` or ``create_app(settings, backend, encoder)``.

Building the app does no I/O: settings are read, the backend is made and the application
layer (``api.library``) is built in the lifespan, which loads the models (Kiwi, the embedder)
once, before the first request. The routers only parse requests and call the library. A
backend passed in belongs to the caller and is not closed at shutdown; one made here is.

Every error, FastAPI's own included, has one JSON shape (``api.errors``). The web page for
researchers (``api.routers.web``) is served at ``/`` by the same app.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors, schemas
from api.library import Library, seoji_version
from api.routers import citations, documents, health, passages, search, web
from api.services import make_backend, make_library
from api.settings import Settings, get_settings
from index.contract import Backend
from index.embed import Encoder
from ingest.analysis import Analyzer

# Request bodies other than uploads are a sentence and a few fields.
MAX_BODY_BYTES = 64 * 1024
# Multipart framing and the metadata fields around an uploaded file.
FORM_OVERHEAD_BYTES = 64 * 1024
UPLOAD_PATH = "/api/documents"

DESCRIPTION = """\
Search, read and cite passages of Korean and English documents (서지).

- **search**: `GET /api/search?q=한미상호방위조약` or `?q=security guarantee`: ranked passages
  with highlights; `GET /api/ask?q=…` answers a question with a sentence per passage.
- **passages**: `GET /api/passages/{id}?context=1`: a passage, its neighbours and its raw
  source text.
- **citations**: `GET /api/citations/{id}?style=apa`; `POST /api/cite` finds support for a
  sentence you are writing and cites it.
- **documents**: list, detail; upload and delete need the `X-API-Key` header.

Every error has one shape: `{"error": {"status", "code", "message", "detail"}}`.
"""


class BodyLimit:
    """413 for request bodies over the limit, before they are read or parsed.

    The upload endpoint takes the file limit from settings plus room for the form; any other
    endpoint ``MAX_BODY_BYTES``. A declared Content-Length is refused at once; a chunked body
    is counted as it arrives.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = MAX_BODY_BYTES
        message = f"the request body is larger than {limit:,} bytes"
        library: Library | None = getattr(scope["app"].state, "library", None)
        if scope["path"] == UPLOAD_PATH and library is not None:
            files = library.settings.max_upload_bytes
            limit = files + FORM_OVERHEAD_BYTES
            message = f"the upload is larger than {files:,} bytes (SEOJI_MAX_UPLOAD_BYTES)"
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            response = errors.error_response(413, "too_large", message)
            await response(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > limit:
                    # FastAPI passes an HTTPException from reading the body on to the handlers.
                    raise StarletteHTTPException(413, message)
            return msg

        await self.app(scope, counted, send)


def _examples_as_written(app: FastAPI) -> None:
    """Serve the models' examples with their nulls.

    FastAPI encodes the OpenAPI document without any null, examples included, so that a
    document example with ``"year": null`` lost its ``year``, a required field, and no
    longer matched its own schema. The examples are put back as the models state them.
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()
            for name, schema in spec.get("components", {}).get("schemas", {}).items():
                model = getattr(schemas, name, None)
                if not isinstance(model, type) or not issubclass(model, BaseModel):
                    continue
                if "examples" in schema:
                    schema["examples"] = jsonable_encoder(model.model_json_schema()["examples"])
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


def create_app(
    settings: Settings | None = None,
    backend: Backend | None = None,
    encoder: Encoder | None = None,
    analyzer: Analyzer | None = None,
) -> FastAPI:
    """The app; each argument left out is built from settings (the environment) at startup."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        s = settings or get_settings()
        b = backend if backend is not None else make_backend(s)
        library = make_library(s, b, encoder, analyzer)
        await run_in_threadpool(library.warm)
        app.version = seoji_version()
        app.state.library = library
        try:
            yield
        finally:
            del app.state.library
            if backend is None:
                b.close()

    app = FastAPI(
        title="seoji (서지)",
        summary="Bilingual Korean/English document search and citation",
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[
            {"name": "search", "description": "Find passages and answers."},
            {"name": "passages", "description": "Read a passage in context."},
            {
                "name": "citations",
                "description": "Cite passages: APA 7, Chicago author-date, MLA 9, Korean, "
                "BibTeX, RIS, CSL-JSON.",
            },
            {"name": "documents", "description": "The corpus; writes need X-API-Key."},
            {"name": "health", "description": "Is the service up."},
        ],
    )
    errors.install(app)
    app.add_middleware(BodyLimit)
    for module in (search, passages, citations, documents, health, web):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=web.STATIC), name="static")
    _examples_as_written(app)
    return app


app = create_app()
