"""Documents: list, detail, upload (ingest and index one file), correct metadata, delete.

Writes need the API key (``require_key``). An upload goes through the same steps as
``seoji ingest``, in the same code (``api.library.Library.add``): read and decode, repair and
cut into passages, analyse and embed, then one ``replace_document``, which is all or nothing;
every failure before it leaves the index as it was. Ids come from the text, so uploading the
same file again changes nothing. A correction of the metadata (``Library.edit``) is written
into the document record, which every later ingest of the same file keeps.
"""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile
from fastapi import Path as PathParam

from api.errors import documented
from api.library import upload_name
from api.routers.dependencies import LibraryDep, require_key
from api.schemas import (
    DeleteResponse,
    DocumentDetail,
    DocumentEdit,
    DocumentList,
    UploadResponse,
)

router = APIRouter(prefix="/api", tags=["documents"])

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
def list_documents(library: LibraryDep) -> DocumentList:
    """Every indexed document with its titles and bibliographic metadata, by source path."""
    return library.documents()


@router.get(
    "/documents/{doc_id}",
    response_model=DocumentDetail,
    summary="One document",
    responses=documented(404, 422, 503),
)
def get_document(library: LibraryDep, doc_id: DocId) -> DocumentDetail:
    """Metadata, both abstracts and keyword lists, the section outline and the pages (with
    their printed labels)."""
    return library.document_detail(doc_id)


def _file_name(name: str | None) -> str:
    """The base name of an uploaded file, whatever path the client sent with it."""
    return PureWindowsPath(PurePosixPath(name or "").name).name.strip()


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
    library: LibraryDep,
    response: Response,
    file: Annotated[UploadFile, File(description="A .txt (UTF-8, UTF-16, CP949) or .pdf file.")],
    title_ko: Text = None,
    title_en: Text = None,
    subtitle: Text = None,
    doc_type: Text = None,
    year: Annotated[int | None, Form(ge=0, le=9999)] = None,
    authors: Annotated[list[str] | None, Form(description="Repeatable.")] = None,
    publisher: Text = None,
    container: Text = None,
    volume: Text = None,
    issue: Text = None,
    date: Annotated[
        str | None, Form(description="ISO 8601 date of issue: 2024-06-25, 2024-06 or 2024.")
    ] = None,
    number: Text = None,
    doi: Text = None,
) -> UploadResponse:
    """Ingest and index one file. Metadata fields are those of a ``NAME.meta.json`` sidecar:
    give only what the document states. A later upload of a changed file with the same name
    replaces the earlier version; the same text again changes nothing (200, unchanged)."""
    name = upload_name(_file_name(file.filename))
    # One byte past the limit is enough to know the upload is too large.
    data = file.file.read(library.settings.max_upload_bytes + 1)
    fields = {
        "title_ko": title_ko,
        "title_en": title_en,
        "subtitle": subtitle,
        "doc_type": doc_type,
        "year": year,
        "authors": list(authors or []),
        "publisher": publisher,
        "container": container,
        "volume": volume,
        "issue": issue,
        "date": date,
        "number": number,
        "doi": doi,
    }
    uploaded = library.add(name, data, fields)
    if uploaded.status == "unchanged":
        response.status_code = 200
    return uploaded


@router.patch(
    "/documents/{doc_id}",
    response_model=DocumentDetail,
    summary="Correct a document's metadata",
    dependencies=[Depends(require_key)],
    responses=documented(401, 403, 404, 422, 500, 503),
)
def edit_document(library: LibraryDep, doc_id: DocId, changes: DocumentEdit) -> DocumentDetail:
    """Set the fields given to your values, which every later ingest of the same file keeps
    (over its sidecar and what ingest reads from the file); citations use them at once. ""
    (or [] for authors) says the document states none; null forgets your edit and gives back
    what ingest found, with its provenance. Fields left out stay as they are. Answers the
    document as now indexed: ``provenance`` says "user" for each corrected field, ``edits``
    what ingest had found for it."""
    return library.edit(doc_id, changes.model_dump(exclude_unset=True))


@router.delete(
    "/documents/{doc_id}",
    response_model=DeleteResponse,
    summary="Delete a document",
    dependencies=[Depends(require_key)],
    responses=documented(401, 403, 404, 422, 500, 503),
)
def delete_document(library: LibraryDep, doc_id: DocId) -> DeleteResponse:
    """Remove a document and all its passages from the index."""
    return library.delete(doc_id)
