"""GET /api/passages/{id}: a passage, its neighbours, and the raw text it was repaired from."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi import Path as PathParam

from api.errors import documented
from api.routers.dependencies import LibraryDep
from api.schemas import PassageContext

router = APIRouter(prefix="/api", tags=["passages"])

MAX_CONTEXT = 20
PassageId = Annotated[
    str,
    PathParam(
        min_length=1,
        max_length=200,
        description="A passage id from /api/search.",
        openapi_examples={
            "ko": {"summary": "Korean passage", "value": "0e3e16069d626c35-00f27525e8dad518"},
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
    library: LibraryDep,
    passage_id: PassageId,
    context: Annotated[
        int,
        Query(ge=0, le=MAX_CONTEXT, description="Neighbouring passages on each side."),
    ] = 1,
) -> PassageContext:
    """The passage, up to ``context`` passages before and after it in the same document, and
    the raw source text (before repair) that it came from, so a quote can be checked."""
    return library.passage_context(passage_id, context)
