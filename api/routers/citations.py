"""Citations: GET /api/citations/{passage_id} formats one; POST /api/cite finds passages that
support a sentence being written and cites the best sentence of each."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query

from api.citations import STYLES, CitationError, cite
from api.errors import ApiError, documented
from api.routers.dependencies import ServicesDep
from api.routers.passages import PassageId
from api.routers.search import QUOTABLE
from api.schemas import CitationOut, CiteRequest, CiteResponse, CiteSupport, citation_out
from index.answer import best_sentences
from index.contract import Filters
from index.search import query_lang

router = APIRouter(prefix="/api", tags=["citations"])

STYLE_HELP = f"Citation style: {', '.join(STYLES)}."


@router.get(
    "/citations/{passage_id}",
    response_model=CitationOut,
    summary="Cite a passage",
    responses=documented(404, 422, 503),
)
def get_citation(
    services: ServicesDep,
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
    passage = services.passage(passage_id)
    document = services.document(passage.doc_id)
    try:
        return citation_out(cite(document, passage, style, start, end))
    except CitationError as e:
        raise ApiError(422, "invalid_citation", str(e)) from e


@router.post(
    "/cite",
    response_model=CiteResponse,
    summary="Find and cite support for a sentence",
    responses=documented(422, 503),
)
def cite_text(services: ServicesDep, request: Annotated[CiteRequest, Body()]) -> CiteResponse:
    """For a sentence being written (Korean or English): the passages that support it
    (hybrid search), each with the sentence to quote, its page and a formatted citation."""
    services.check_model()
    result = services.searcher.search(request.text, "hybrid", Filters(kinds=QUOTABLE), request.size)
    passages = [h.passage for h in result.hits]
    quotes = best_sentences(request.text, passages, services.encoder, services.analyzer)
    documents = services.documents_of(passages)
    supports = []
    for hit, quote in zip(result.hits, quotes, strict=True):
        p = hit.passage
        document = documents.get(p.doc_id)
        if document is None:  # deleted since the search
            continue
        try:
            citation = cite(document, p, request.style, quote.start, quote.end)
        except CitationError as e:
            raise ApiError(422, "invalid_citation", str(e)) from e
        supports.append(
            CiteSupport(
                passage_id=p.id,
                doc_id=p.doc_id,
                source=services.source(document),
                title=document.title_ko or document.title_en,
                lang=p.lang,
                page=p.page,
                page_label=p.page_label,
                section=list(p.section),
                quote=citation.quote,
                quote_start=citation.start,
                quote_end=citation.end,
                score=hit.score,
                quote_score=quote.score,
                citation=citation_out(citation),
            )
        )
    return CiteResponse(
        text=result.query,
        lang=query_lang(result.query),
        style=request.style,
        supports=supports,
    )
