"""Citations: GET /api/citations/{passage_id} formats one; POST /api/cite finds passages that
support a sentence being written and cites the best sentence of each."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query

from api.citations import STYLES
from api.errors import documented
from api.routers.dependencies import LibraryDep
from api.routers.passages import PassageId
from api.schemas import CitationOut, CiteRequest, CiteResponse

router = APIRouter(prefix="/api", tags=["citations"])

STYLE_HELP = f"Citation style: {', '.join(STYLES)}."


@router.get(
    "/citations/{passage_id}",
    response_model=CitationOut,
    summary="Cite a passage",
    responses=documented(404, 422, 503),
)
def get_citation(
    library: LibraryDep,
    passage_id: PassageId,
    style: Annotated[
        str,
        Query(
            max_length=20,
            description=STYLE_HELP,
            openapi_examples={
                "ko": {"summary": "Korean academic style", "value": "korean"},
                "en": {"summary": "APA 7", "value": "apa"},
            },
        ),
    ] = "apa",
    start: Annotated[
        int | None, Query(ge=0, description="Start of the quote in the passage text.")
    ] = None,
    end: Annotated[
        int | None, Query(ge=0, description="End of the quote (exclusive); default the end.")
    ] = None,
) -> CitationOut:
    """The passage, or the span [start, end) of its text, cited in one style: the quote,
    the page locator, the reference-list entry and the in-text citation. What the document
    does not state (author, year, …) is listed in ``missing``, never invented."""
    return library.cite(passage_id, style, start, end)


@router.post(
    "/cite",
    response_model=CiteResponse,
    summary="Find and cite support for a sentence",
    responses=documented(422, 503),
)
def cite_text(library: LibraryDep, request: Annotated[CiteRequest, Body()]) -> CiteResponse:
    """For a sentence being written (Korean or English): the passages that support it
    (hybrid search), each with the sentence to quote, its page and a formatted citation."""
    return library.support(request.text, request.size, request.style)
