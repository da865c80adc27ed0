"""Documents: list, detail, upload (ingest and index one file) and delete.

Writes need the API key (``require_key``). An upload goes through the same steps as
``seoji ingest``: read and decode (``ingest.readers``), repair and cut into passages
(``ingest.pipeline.ingest_source``), analyse and embed (``index.search.prepare``), then one
``replace_document``, which is all or nothing; every failure before it leaves the index as it
was. Ids come from the text, so uploading the same file again changes nothing.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile
from fastapi import Path as PathParam

from api.errors import ApiError, documented
from api.routers.dependencies import Services, ServicesDep, require_key
from api.schemas import (
    DeleteResponse,
    DocumentDetail,
    DocumentList,
    UploadResponse,
    document_detail,
    document_summary,
)
from index.search import is_indexed, prepare, replace_version
from ingest.errors import IngestError, MetadataError
from ingest.metadata import Metadata, from_dict
from ingest.pipeline import SUFFIXES, Ingested, document_id, ingest_source
from ingest.readers import read_source
from ingest.records import Document

router = APIRouter(prefix="/api", tags=["documents"])

UPLOADS = "uploads"  # the folder an uploaded file's source path is given under

DocId = Annotated[
    str,
    PathParam(
        min_length=1,
        max_length=200,
        description="A document id from /api/documents.",
        openapi_examples={
            "ko": {"summary": "휴전회담에서 우리는 무엇을 얻었는가?", "value": "0e3e16069d626c35"},
            "en": {
                "summary": "Conditions for Nuclear Free Korean Peninsula",
                "value": "967d274f4ce65dfc",
            },
        },
    ),
]
Text = Annotated[str | None, Form(max_length=500)]


@router.get(
    "/documents",
    response_model=DocumentList,
    summary="List documents",
    responses=documented(503),
)
def list_documents(services: ServicesDep) -> DocumentList:
    """Every indexed document with its titles and bibliographic metadata, by source path."""
    documents = services.backend.documents()
    return DocumentList(
        total=len(documents),
        documents=[document_summary(d, services.source(d) or d.source) for d in documents],
    )


@router.get(
    "/documents/{doc_id}",
    response_model=DocumentDetail,
    summary="One document",
    responses=documented(404, 422, 503),
)
def get_document(services: ServicesDep, doc_id: DocId) -> DocumentDetail:
    """Metadata, both abstracts and keyword lists, the section outline and the pages (with
    their printed labels)."""
    document = services.document(doc_id)
    passages = len(services.backend.document_passages(doc_id))
    return document_detail(document, services.source(document) or document.source, passages)


def _file_name(name: str | None) -> str:
    """The base name of an uploaded file, whatever path the client sent with it."""
    return PureWindowsPath(PurePosixPath(name or "").name).name.strip()


def _read(services: Services, upload: UploadFile, name: str) -> bytes:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUFFIXES:
        msg = f"{name or 'the upload'} is not a .txt or .pdf file; upload plain text or a PDF"
        raise ApiError(422, "unsupported_file", msg)
    limit = services.settings.max_upload_bytes
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        msg = f"{name} is larger than {limit:,} bytes, the server's limit (SEOJI_MAX_UPLOAD_BYTES)"
        raise ApiError(413, "too_large", msg)
    return data


def _metadata_of(document: Document) -> Metadata:
    return Metadata(
        title_ko=document.title_ko,
        title_en=document.title_en,
        doc_type=document.doc_type,
        year=document.year,
        authors=document.authors,
        publisher=document.publisher,
    )


def _ingest(services: Services, data: bytes, name: str, fields: dict[str, Any]) -> Ingested:
    """Read, repair and cut the upload; 422 with the reason when it cannot be.

    The same text uploaded again without metadata is the document the index already holds
    (ids come from the text): it keeps that document's metadata and source path, so
    uploading a corpus file does not strip the titles its sidecar gave it.
    """
    given = {k: v for k, v in fields.items() if v not in (None, "", [])}
    try:
        meta = from_dict(given, name)
        with tempfile.TemporaryDirectory(prefix="seoji-upload-") as tmp:
            path = Path(tmp) / f"upload{PurePosixPath(name).suffix.lower()}"
            path.write_bytes(data)
            source = read_source(path)
        where = f"{UPLOADS}/{name}"
        known = None if given else services.backend.document(document_id(source.text))
        if known is not None:
            meta, where = _metadata_of(known), known.source
        with services.ingest_lock:
            return ingest_source(dataclasses.replace(source, path=where), meta, services.tools)
    except MetadataError as e:
        raise ApiError(422, "invalid_metadata", f"{name}: {e.reason}") from e
    except IngestError as e:
        raise ApiError(422, "unreadable_document", f"{name} {e.reason}") from e


@router.post(
    "/documents",
    response_model=UploadResponse,
    status_code=201,
    summary="Upload a document",
    dependencies=[Depends(require_key)],
    responses={
        200: {"model": UploadResponse, "description": "The same text was already indexed."},
        **documented(401, 403, 413, 422, 500, 503),
    },
)
def upload_document(
    services: ServicesDep,
    response: Response,
    file: Annotated[UploadFile, File(description="A .txt (UTF-8, UTF-16, CP949) or .pdf file.")],
    title_ko: Text = None,
    title_en: Text = None,
    doc_type: Text = None,
    year: Annotated[int | None, Form(ge=0, le=9999)] = None,
    authors: Annotated[list[str] | None, Form(description="Repeatable.")] = None,
    publisher: Text = None,
) -> UploadResponse:
    """Ingest and index one file. Metadata fields are those of a ``NAME.meta.json`` sidecar:
    give only what the document states. A later upload of a changed file with the same name
    replaces the earlier version; the same text again changes nothing (200, unchanged)."""
    name = _file_name(file.filename)
    data = _read(services, file, name)
    fields = {
        "title_ko": title_ko,
        "title_en": title_en,
        "doc_type": doc_type,
        "year": year,
        "authors": list(authors or []),
        "publisher": publisher,
    }
    ingested = _ingest(services, data, name, fields)
    document = ingested.document
    backend, encoder = services.backend, services.encoder
    backend.ensure(encoder.name, encoder.dim)
    unchanged = is_indexed(backend, document, ingested.passages)
    replaced: list[str] = []
    if unchanged:
        response.status_code = 200
    else:
        doc = prepare(document, ingested.passages, ingested.source_text, encoder, services.analyzer)
        with services.write_lock:
            replaced = replace_version(backend, doc)
    return UploadResponse(
        status="unchanged" if unchanged else "indexed",
        document=document_summary(document, services.source(document) or document.source),
        passages=len(ingested.passages),
        replaced=replaced,
    )


@router.delete(
    "/documents/{doc_id}",
    response_model=DeleteResponse,
    summary="Delete a document",
    dependencies=[Depends(require_key)],
    responses=documented(401, 403, 404, 422, 500, 503),
)
def delete_document(services: ServicesDep, doc_id: DocId) -> DeleteResponse:
    """Remove a document and all its passages from the index."""
    with services.write_lock:
        removed = services.backend.delete_document(doc_id)
    if not removed:
        msg = f"no document {doc_id!r}; /api/documents lists them"
        raise ApiError(404, "not_found", msg)
    return DeleteResponse(id=doc_id, deleted=True)
