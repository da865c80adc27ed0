"""GET /api/search (ranked passages with highlights) and GET /api/ask (answer sentences)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import AfterValidator

from api.errors import documented
from api.routers.dependencies import ServicesDep
from api.schemas import (
    AskAnswer,
    AskResponse,
    Explain,
    SearchHit,
    SearchResponse,
    Sentence,
    Weights,
    list_rank,
    not_blank,
)
from index.answer import best_sentences
from index.contract import Filters
from index.highlight import highlight_many
from index.search import MAX_QUERY_CHARS, Mode, query_lang
from ingest.records import Lang, PassageKind

router = APIRouter(prefix="/api", tags=["search"])

MAX_SIZE = 100
# The searcher reads each list offset + size deep; past this, paging is a scan, not a search.
MAX_OFFSET = 1000
MAX_DOC_FILTERS = 100
# What /api/ask and /api/cite quote from: a keyword list or a title line is no answer.
QUOTABLE: tuple[PassageKind, ...] = ("body", "abstract", "table", "caption")


def _examples(ko: str, en: str) -> dict[str, Any]:
    return {
        "ko": {"summary": "Korean", "value": ko},
        "en": {"summary": "English", "value": en},
    }


QueryText = Annotated[
    str,
    Query(
        min_length=1,
        max_length=MAX_QUERY_CHARS,
        description=f"What to look for, in Korean or English (at most {MAX_QUERY_CHARS} "
        "characters). Spacing does not matter: 휴전회담에서무엇을얻었나 works.",
        openapi_examples=_examples("한미상호방위조약 체결", "security guarantee"),
    ),
    AfterValidator(not_blank),
]
Question = Annotated[
    str,
    Query(
        min_length=1,
        max_length=MAX_QUERY_CHARS,
        description="A question in Korean or English.",
        openapi_examples=_examples(
            "한미상호방위조약은 언제 서명되었나?", "What did President Trump promise North Korea?"
        ),
    ),
    AfterValidator(not_blank),
]
LangFilter = Annotated[Lang | None, Query(description="Only passages in this language.")]
DocFilter = Annotated[
    list[str] | None,
    Query(max_length=MAX_DOC_FILTERS, description="Only this document id (repeatable)."),
]


@router.get(
    "/search",
    response_model=SearchResponse,
    summary="Search passages",
    responses=documented(422, 503),
)
def search(
    services: ServicesDep,
    q: QueryText,
    mode: Annotated[
        Mode,
        Query(
            description="hybrid (both lists fused), keyword (BM25 over Korean morphemes and "
            "English stems) or semantic (embeddings)."
        ),
    ] = "hybrid",
    lang: LangFilter = None,
    doc: DocFilter = None,
    kind: Annotated[
        list[PassageKind] | None, Query(description="Only this passage kind (repeatable).")
    ] = None,
    size: Annotated[int, Query(ge=1, le=MAX_SIZE, description="Hits per page.")] = 10,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Hits to skip.")] = 0,
) -> SearchResponse:
    """Ranked passages, each with its document, page, section, a highlight of the words that
    matched (on their surface form: a search for 조약 marks 조약을 and 한미상호방위조약) and
    where it ranked in the keyword and the semantic list. In hybrid mode an English query
    also ranks passages on the Korean translations of its words (``translations``), so that
    "mutual defense treaty" finds 상호방위조약 by keyword as well as by meaning."""
    if mode != "keyword":
        services.check_model()
    filters = Filters(docs=tuple(doc or ()), lang=lang, kinds=tuple(kind or ()))
    result = services.searcher.search(q, mode, filters, size, offset)
    documents = services.documents_of(h.passage for h in result.hits)
    marked = highlight_many(
        [h.passage.text for h in result.hits],
        (*result.terms, *result.translations),
        services.analyzer,
    )
    hits = []
    for hit, highlight in zip(result.hits, marked, strict=True):
        hits.append(
            SearchHit(
                **services.passage_ref(hit.passage, documents),
                highlight=highlight,
                score=hit.score,
                explain=Explain(
                    keyword=list_rank(hit.keyword),
                    semantic=list_rank(hit.semantic),
                    translated=list_rank(hit.translated),
                ),
            )
        )
    weights = result.weights
    return SearchResponse(
        query=result.query,
        mode=result.mode,
        lang=result.lang,
        terms=list(result.terms),
        translations=list(result.translations),
        weights=Weights(**weights.by_list(), method=weights.method) if weights else None,
        total=result.total,
        offset=offset,
        hits=hits,
    )


@router.get(
    "/ask",
    response_model=AskResponse,
    summary="Answer a question with sentences from the corpus",
    responses=documented(422, 503),
)
def ask(
    services: ServicesDep,
    q: Question,
    size: Annotated[int, Query(ge=1, le=20, description="How many passages.")] = 5,
    lang: LangFilter = None,
    doc: DocFilter = None,
) -> AskResponse:
    """The passages that best match the question (hybrid search) and, in each, the sentence
    that best answers it, with its [start, end) span in the passage text."""
    services.check_model()
    filters = Filters(docs=tuple(doc or ()), lang=lang, kinds=QUOTABLE)
    result = services.searcher.search(q, "hybrid", filters, size)
    passages = [h.passage for h in result.hits]
    found = best_sentences(q, passages, services.encoder, services.analyzer)
    documents = services.documents_of(passages)
    answers = []
    for hit, answer in zip(result.hits, found, strict=True):
        answers.append(
            AskAnswer(
                **services.passage_ref(hit.passage, documents),
                sentence=Sentence(
                    start=answer.start,
                    end=answer.end,
                    text=hit.passage.text[answer.start : answer.end],
                    score=answer.score,
                ),
                score=hit.score,
            )
        )
    return AskResponse(question=result.query, lang=query_lang(result.query), answers=answers)
