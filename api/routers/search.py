"""GET /api/search (ranked passages with highlights) and GET /api/ask (answer sentences)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import AfterValidator

from api.errors import documented
from api.routers.dependencies import LibraryDep
from api.schemas import AskResponse, SearchResponse, not_blank
from index.search import MAX_QUERY_CHARS, Mode
from ingest.records import Lang, PassageKind

router = APIRouter(prefix="/api", tags=["search"])

MAX_SIZE = 100
# The searcher reads each list offset + size deep; past this, paging is a scan, not a search.
MAX_OFFSET = 1000
MAX_DOC_FILTERS = 100


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
    library: LibraryDep,
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
    "mutual defense treaty" finds 상호방위조약 by keyword as well as by meaning; a Korean
    query's keyword list also looks for the English translations of its words, so that
    "저자" finds "author" in an English paper."""
    return library.search(
        q, mode, lang=lang, docs=doc or (), kinds=kind or (), size=size, offset=offset
    )


@router.get(
    "/ask",
    response_model=AskResponse,
    summary="Answer a question with sentences from the corpus",
    responses=documented(422, 503),
)
def ask(
    library: LibraryDep,
    q: Question,
    size: Annotated[int, Query(ge=1, le=20, description="How many passages.")] = 5,
    lang: LangFilter = None,
    doc: DocFilter = None,
) -> AskResponse:
    """The passages that best match the question (hybrid search) and, in each, the sentence
    that best answers it, with its [start, end) span in the passage text."""
    return library.ask(q, size, lang=lang, docs=doc or ())
