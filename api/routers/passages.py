"""GET /api/passages/{id}: a passage, its neighbours, and the raw text it was repaired from."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi import Path as PathParam

from api.errors import documented
from api.routers.dependencies import ServicesDep
from api.schemas import PassageContext, document_summary, passage_out

router = APIRouter(prefix="/api", tags=["passages"])

MAX_CONTEXT = 20
PassageId = Annotated[
    str,
    PathParam(
        min_length=1,
        max_length=200,
        description="A passage id from /api/search.",
        openapi_examples={
            "ko": {"summary": "Korean passage", "value": "0e3e16069d626c35-b889bcb988255acd"},
            "en": {"summary": "English passage", "value": "967d274f4ce65dfc-4e64f8e5c65396ec"},
        },
    ),
]


@router.get(
    "/passages/{passage_id}",
    response_model=PassageContext,
    summary="A passage in context",
    responses=documented(404, 422, 503),
)
def get_passage(
    services: ServicesDep,
    passage_id: PassageId,
    context: Annotated[
        int,
        Query(ge=0, le=MAX_CONTEXT, description="Neighbouring passages on each side."),
    ] = 1,
) -> PassageContext:
    """The passage, up to ``context`` passages before and after it in the same document, and
    the raw source text (before repair) that it came from, so a quote can be checked."""
    passage = services.passage(passage_id)
    document = services.document(passage.doc_id)
    siblings = services.backend.document_passages(passage.doc_id)
    at = next((i for i, p in enumerate(siblings) if p.id == passage.id), None)
    before = after = []
    if at is not None:
        before = siblings[max(0, at - context) : at]
        after = siblings[at + 1 : at + 1 + context]
    source_text = services.backend.source_text(passage.doc_id) or ""
    return PassageContext(
        passage=passage_out(passage),
        document=document_summary(document, services.source(document) or document.source),
        before=[passage_out(p) for p in before],
        after=[passage_out(p) for p in after],
        raw_text=source_text[passage.raw_start : passage.raw_end],
    )
