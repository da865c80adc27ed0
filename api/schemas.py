"""Response and request models of the HTTP API: pydantic lives here and nowhere deeper.

Internal records (``ingest.records``, ``index.search``) are frozen dataclasses; the functions
at the end of this module turn them into these models. Every model carries examples, one in
Korean and one in English, that show up in the OpenAPI document (/docs).
"""

from __future__ import annotations

import html
import types
import typing
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model

from api.citations import STYLES, Citation
from index.search import MAX_QUERY_CHARS, ListRank
from ingest.edits import EDITABLE, is_list
from ingest.records import Document, Lang, Page, Passage, PassageKind, Provenance


def not_blank(text: str) -> str:
    """Query texts must hold something: "   " is as empty as ""."""
    if not text.strip():
        msg = "is blank; type a few words in Korean or English"
        raise ValueError(msg)
    return text


def known_style(style: str) -> str:
    key = style.strip().lower()
    if key not in STYLES:
        msg = f"unknown citation style {style!r}; choose one of: {', '.join(STYLES)}"
        raise ValueError(msg)
    return key


# -- errors ------------------------------------------------------------------------------


class ErrorInfo(BaseModel):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(description="A stable word to switch on: not_found, invalid_request, …")
    message: str = Field(description="What went wrong and what to do about it.")
    detail: Any = Field(
        default=None,
        description="Particulars: the invalid parameters of a 422, the health of a 503, or null.",
    )


class ErrorResponse(BaseModel):
    """The one shape of every error response."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "error": {
                        "status": 404,
                        "code": "not_found",
                        "message": "no passage 0e3e16069d626c35-0000000000000000",
                        "detail": None,
                    }
                },
                {
                    "error": {
                        "status": 422,
                        "code": "invalid_request",
                        "message": "query parameter size: Input should be less than or equal "
                        "to 100",
                        "detail": [
                            {
                                "loc": ["query", "size"],
                                "message": "Input should be less than or equal to 100",
                                "type": "less_than_equal",
                            }
                        ],
                    }
                },
            ]
        }
    )

    error: ErrorInfo


# -- passages ----------------------------------------------------------------------------

# The examples are real: passages of the two seed documents in corpus/ as ingest cuts them,
# so that the ids work in /docs ("Try it out") and tests/api/test_openapi.py can check them.
_KO_PASSAGE: dict[str, Any] = {
    "id": "0e3e16069d626c35-00f27525e8dad518",
    "doc_id": "0e3e16069d626c35",
    "ordinal": 1,
    "lang": "ko",
    "section": ["한미 상호방위 조약 체결 배경"],
    "page": 1,
    "page_label": None,
    "kind": "body",
    "text": "한미 상호방위 조약은 6·25전쟁에서 한국이 정전협정을 조건으로 미국으로부터 얻어낸 "
    "최대의 성과였다. 전쟁 기간 중 유엔군측과 공산군측간에 휴전회담을 위한 예비회담이 "
    "진행되자 한국은 범국민적 차원에서 휴전회담을 결사적으로 반대했다. 더욱이 1953년에 "
    "이르러 휴전협상이 타결될 단계에 접어들자 국민들은 휴전 반대 운동을 격렬하게 전개했고, "
    "정부에서는 미국에서 휴전회담이 성립될 경우 국군을 유엔군으로부터",
    "sentences": [[0, 56], [57, 129], [130, 225]],
    "raw_start": 296,
    "raw_end": 520,
    "footnotes": [],
    "boxes": [],
    "rows": [],
    "ocr": None,
}
_EN_PASSAGE: dict[str, Any] = {
    "id": "967d274f4ce65dfc-4e64f8e5c65396ec",
    "doc_id": "967d274f4ce65dfc",
    "ordinal": 51,
    "lang": "en",
    "section": ["Abstract"],
    "page": 19,
    "page_label": "21",
    "kind": "abstract",
    "text": "“guarantee of the safety of the regime” is one of the conditions demanded by Kim "
    "Jung un in exchange of the denuclearization. At the Singapore summit, President Trump "
    "promised to provide security guarantees to North Korea including building of peace "
    "regime on the Korean Peninsula, establishing new U.S.-DPRK relations in exchange of the "
    "denuclearization.\nSince the outbreak of the North Korean nuclear crisis, both U.S. and "
    "DPRK have proposed measures to ease each other's security concerns and agreed on those "
    "measures in many forms. However, previous agreements were not satisfactory enough to "
    "ease both countries' security concerns in their contents as well as in their formality.",
    "sentences": [[0, 125], [126, 355], [356, 535], [536, 684]],
    "raw_start": 18951,
    "raw_end": 19649,
    "footnotes": [],
    "boxes": [],
    "rows": [],
    "ocr": None,
}
_KO_SENTENCE = (0, 56)  # what /api/ask and /api/cite quote of each
_EN_SENTENCE = (126, 355)


class PassageOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_KO_PASSAGE, _EN_PASSAGE]})

    id: str
    doc_id: str
    ordinal: int = Field(description="Position in the document, from 0.")
    lang: Lang
    section: list[str] = Field(description="Heading path, outermost first.")
    page: int = Field(description="Physical page, from 1.")
    page_label: str | None = Field(description="Printed page number, when known.")
    kind: PassageKind
    text: str = Field(description="The repaired text.")
    sentences: list[tuple[int, int]] = Field(description="[start, end) offsets into text.")
    raw_start: int = Field(description="Start of the raw source span it was repaired from.")
    raw_end: int
    footnotes: list[str] = Field(description="Footnote numbers referenced in the passage.")
    boxes: list[tuple[int, tuple[float, float, float, float]]] = Field(
        default_factory=list,
        description="PDF only: [page, [x0, top, x1, bottom]] of each region of the page the "
        "passage was read from, in points from the page's top-left corner.",
    )
    rows: list[list[str]] = Field(
        default_factory=list,
        description="A table passage: its rows' cells, header row first when the table has one.",
    )
    ocr: float | None = Field(
        default=None,
        description="Read by OCR from a page without a text layer: the lowest confidence of "
        "its lines (0–1); null for text the file itself holds.",
    )


_KO_DOC: dict[str, Any] = {
    "id": "0e3e16069d626c35",
    "source": "000_3333d9c83ece362f.txt",
    "title_ko": "휴전회담에서 우리는 무엇을 얻었는가?",
    "title_en": None,
    "doc_type": "booklet",
    "year": None,
    "authors": [],
    "publisher": None,
    "languages": ["ko"],
    "media_type": "text/plain",
    "page_count": 4,
    "pages_known": True,
}
_EN_DOC: dict[str, Any] = {
    "id": "967d274f4ce65dfc",
    "source": "002_1fa036497e7495cd.txt",
    "title_ko": "한반도 비핵화를 위한 미국의 북한체제 안전보장 법·제도 연구",
    "title_en": "Conditions for Nuclear Free Korean Peninsula: A Study on Security Guarantee "
    "for North Korea",
    "doc_type": "research report",
    "year": None,
    "authors": [],
    "publisher": None,
    "languages": ["en", "ko"],
    "media_type": "text/plain",
    "page_count": 19,
    "pages_known": True,
}


class DocumentSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_KO_DOC, _EN_DOC]})

    id: str
    source: str = Field(description="Path relative to the corpus folder (or as ingested).")
    title_ko: str | None
    title_en: str | None
    subtitle: str | None = Field(
        default=None, description="Printed with the title: 최종보고서, 노면요철포장 편."
    )
    doc_type: str | None
    year: int | None
    authors: list[str]
    publisher: str | None
    container: str | None = Field(
        default=None, description="The journal or newspaper the document appeared in."
    )
    volume: str | None = None
    issue: str | None = None
    date: str | None = Field(
        default=None,
        description="Date of issue where more than the year is printed (a newspaper "
        "article, a press release): ISO 8601, 2024-06-25 or 2024-06.",
    )
    number: str | None = Field(
        default=None, description="Report number (발간등록번호) or arXiv identifier."
    )
    doi: str | None = Field(default=None, description="DOI, without https://doi.org/.")
    languages: list[str]
    media_type: str
    page_count: int
    pages_known: bool = Field(
        default=True,
        description="False when the source file states no pages (an HWP file saved without "
        "its layout): its text is one page, and citations give no page (n.p.).",
    )


class PageOut(BaseModel):
    number: int = Field(description="Physical page, from 1.")
    label: str | None = Field(description="Printed page number, when printed or inferable.")
    label_inferred: bool = Field(description="True when counted from a printed neighbour.")


class OutlineEntry(BaseModel):
    level: int = Field(description="1 = Ⅰ/Ⅱ, 2 = 1., 3 = 가., 4 = (1)/■/<…>")
    text: str


class ProvenanceOut(BaseModel):
    field: str = Field(description="The metadata field: title_ko, authors, year, …")
    source: Literal["user", "sidecar", "page1", "text", "file"]
    confidence: float = Field(ge=0, le=1)


class EditOut(BaseModel):
    field: str = Field(description="The field the user corrected; its value is the user's.")
    found: str | int | list[str] | None = Field(
        description="What ingest found for it, given back when the edit is forgotten."
    )
    found_from: ProvenanceOut | None = Field(description="Where ingest found it, if anywhere.")


class DocumentDetail(DocumentSummary):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "967d274f4ce65dfc",
                    "source": "002_1fa036497e7495cd.txt",
                    "title_ko": "한반도 비핵화를 위한 미국의 북한체제 안전보장 법·제도 연구",
                    "title_en": "Conditions for Nuclear Free Korean Peninsula: A Study on "
                    "Security Guarantee for North Korea",
                    "doc_type": "research report",
                    "year": None,
                    "authors": [],
                    "publisher": None,
                    "languages": ["en", "ko"],
                    "media_type": "text/plain",
                    "page_count": 19,
                    "pages_known": True,
                    "encoding": "utf-8",
                    "abstract_ko": "북한의 김정은 위원장은 핵무기 포기 조건의 하나로 “체제안전의 "
                    "보장”을 요구하였다.",
                    "abstract_en": "“guarantee of the safety of the regime” is one of the "
                    "conditions demanded by Kim Jung un in exchange of the denuclearization.",
                    "keywords_ko": ["비핵화", "평화협정", "북미 수교"],
                    "keywords_en": ["Denuclearization", "peace treaty", "nonaggression pact"],
                    "outline": [
                        {"level": 1, "text": "Ⅰ 문제 제기"},
                        {"level": 1, "text": "Ⅱ 비핵화와 안전보장: 안보-안보 등가교환"},
                    ],
                    "pages": [{"number": 1, "label": "3", "label_inferred": True}],
                    "passages": 55,
                    "repairs": {"line_joins": 244, "tabs": 3294, "footnotes": 26},
                },
                {
                    "id": "0e3e16069d626c35",
                    "source": "000_3333d9c83ece362f.txt",
                    "title_ko": "휴전회담에서 우리는 무엇을 얻었는가?",
                    "title_en": None,
                    "doc_type": "booklet",
                    "year": None,
                    "authors": [],
                    "publisher": None,
                    "languages": ["ko"],
                    "media_type": "text/plain",
                    "page_count": 4,
                    "pages_known": True,
                    "encoding": "utf-8",
                    "abstract_ko": None,
                    "abstract_en": None,
                    "keywords_ko": [],
                    "keywords_en": [],
                    "outline": [
                        {"level": 2, "text": "한미 상호방위 조약 체결 배경"},
                        {"level": 2, "text": "한미 상호방위 조약 체결을 위한 협상 과정"},
                        {"level": 2, "text": "한미 상호방위 조약 체결"},
                    ],
                    "pages": [{"number": 1, "label": None, "label_inferred": False}],
                    "provenance": [{"field": "title_ko", "source": "sidecar", "confidence": 1.0}],
                    "passages": 10,
                    "repairs": {"line_joins": 54, "korean_spacing": 533, "spread_digits": 20},
                },
            ]
        }
    )

    encoding: str
    abstract_ko: str | None
    abstract_en: str | None
    keywords_ko: list[str]
    keywords_en: list[str]
    outline: list[OutlineEntry] = Field(description="Headings in reading order.")
    provenance: list[ProvenanceOut] = Field(
        default_factory=list,
        description="Where each metadata field came from: user > sidecar > page1 (the first "
        "page's layout) > text (an abstract or keywords block) > file (the file's properties).",
    )
    edits: list[EditOut] = Field(
        default_factory=list,
        description="The fields the user corrected (PATCH /api/documents/{doc_id}), each "
        "with what ingest had found for it.",
    )
    pages: list[PageOut]
    passages: int = Field(description="Number of passages indexed.")
    repairs: dict[str, int] = Field(description="Text repairs made at ingest, by kind.")


class DocumentList(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "total": 2,
                    "documents": [_KO_DOC, _EN_DOC],
                }
            ]
        }
    )

    total: int
    documents: list[DocumentSummary]


class PassageContext(BaseModel):
    """A passage with its neighbours and the raw source text it was repaired from."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "passage": _KO_PASSAGE,
                    "document": _KO_DOC,
                    "before": [],
                    "after": [],
                    "raw_text": "한미상호방위조약은6·2 5전쟁에서한국이정전협정을조건으로미\n\n"
                    "국으로부터얻어낸최대의성과였다. 전쟁기간중 유엔군측과공산군\n\n"
                    "측간에휴전회담을위한예비회담이진행되자한국은범국민적차원에\n\n"
                    "서 휴전회담을결사적으로반대했다. 더욱이 1 9 5 3년에이르러휴전협\n\n"
                    "상이타결될단계에접어들자국민들은휴전반대운동을격렬하게전개\n\n"
                    "했고, 정부에서는미국에서휴전회담이성립될경우국군을유엔군으로\n\n"
                    "휴전회담에서우리는무엇을 얻었는가?\n\n\n\n부터",
                },
                {
                    "passage": _EN_PASSAGE,
                    "document": _EN_DOC,
                    "before": [],
                    "after": [],
                    "raw_text": "“guarantee of the safety of the regime” is one of the "
                    "conditions demanded by Kim Jung un in \n\nexchange of the denuclearization. "
                    "At the Singapore summit, President Trump promised to provide \n\nsecurity "
                    "guarantees to North Korea including building of peace regime on the Korean "
                    "Peninsula, \n\nestablishing new U.S.-DPRK relations in exchange of the "
                    "denuclearization. \n\nSince the outbreak of the North Korean nuclear crisis, "
                    "both U.S. and DPRK have proposed measures \n\nto ease each other's security "
                    "concerns and agreed on those measures in many forms. However, \n\nprevious "
                    "agreements were not satisfactory enough to ease both countries' security "
                    "concerns in \n\ntheir contents as well as in their formality.",
                },
            ]
        }
    )

    passage: PassageOut
    document: DocumentSummary
    before: list[PassageOut] = Field(description="Up to N preceding passages, in order.")
    after: list[PassageOut] = Field(description="Up to N following passages, in order.")
    raw_text: str = Field(description="source text [raw_start:raw_end], before any repair.")


# -- search --------------------------------------------------------------------------------


class ListRankOut(BaseModel):
    rank: int = Field(description="1-based rank in this list.")
    score: float = Field(description="The list's own score: BM25 or cosine.")
    weight: float = Field(description="Weight of this list in the fusion.")
    contribution: float = Field(
        description="This list's share of the hybrid score: weight / (60 + rank) under rank "
        "fusion; under score fusion weight × score, a BM25 score first divided by its list's "
        "top score."
    )


class Explain(BaseModel):
    keyword: ListRankOut | None
    semantic: ListRankOut | None
    translated: ListRankOut | None = Field(
        default=None,
        description="Rank in the keyword list of the query's Korean translations (hybrid "
        "mode, English queries only).",
    )


class PassageRef(BaseModel):
    """Where a passage stands: the fields every search hit and answer shares."""

    passage_id: str
    doc_id: str
    source: str | None = Field(description="Document path relative to the corpus folder.")
    title: str | None
    lang: Lang
    page: int
    page_label: str | None
    section: list[str]
    kind: PassageKind
    text: str


class SearchHit(PassageRef):
    highlight: str = Field(
        description="text, HTML-escaped, with the matched words in <mark>…</mark>."
    )
    score: float = Field(description="Fused score (hybrid) or the one list's own score.")
    explain: Explain


class Weights(BaseModel):
    keyword: float
    semantic: float
    translated: float = Field(
        default=0.0, description="Weight of the translated list (English queries)."
    )
    method: Literal["rrf", "scores"] = Field(
        default="rrf",
        description="rrf: Σ weight / (60 + rank) (Korean queries); scores: Σ weight × score, "
        "the cosine as it is and each BM25 list divided by its top score (English queries).",
    )


_KO_HIT: dict[str, Any] = {
    "passage_id": _KO_PASSAGE["id"],
    "doc_id": _KO_PASSAGE["doc_id"],
    "source": "000_3333d9c83ece362f.txt",
    "title": "휴전회담에서 우리는 무엇을 얻었는가?",
    "lang": "ko",
    "page": 1,
    "page_label": None,
    "section": _KO_PASSAGE["section"],
    "kind": "body",
    "text": _KO_PASSAGE["text"],
    "highlight": "<mark>한미</mark> <mark>상호방위</mark> <mark>조약</mark>"
    + html.escape(_KO_PASSAGE["text"].removeprefix("한미 상호방위 조약")),
    "score": 0.0166,
    "explain": {
        "keyword": {"rank": 1, "score": 7.41, "weight": 1.0, "contribution": 0.0164},
        "semantic": {"rank": 1, "score": 0.52, "weight": 0.01, "contribution": 0.000164},
    },
}
_EN_HIT: dict[str, Any] = {
    "passage_id": _EN_PASSAGE["id"],
    "doc_id": _EN_PASSAGE["doc_id"],
    "source": "002_1fa036497e7495cd.txt",
    "title": "한반도 비핵화를 위한 미국의 북한체제 안전보장 법·제도 연구",
    "lang": "en",
    "page": 19,
    "page_label": "21",
    "section": ["Abstract"],
    "kind": "abstract",
    "text": _EN_PASSAGE["text"],
    "highlight": html.escape(_EN_PASSAGE["text"])
    .replace("security guarantees", "<mark>security guarantees</mark>")
    .replace("security concerns", "<mark>security</mark> concerns"),
    "score": 0.81,
    "explain": {
        "keyword": {"rank": 1, "score": 6.2, "weight": 0.2, "contribution": 0.2},
        "semantic": {"rank": 1, "score": 0.61, "weight": 1.0, "contribution": 0.61},
    },
}


class SearchResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "query": "한미상호방위조약",
                    "mode": "hybrid",
                    "lang": "ko",
                    "terms": ["한미", "상호", "방위", "조약", "한미상호방위조약"],
                    "weights": {
                        "keyword": 1.0,
                        "semantic": 0.01,
                        "translated": 0.0,
                        "method": "rrf",
                    },
                    "total": 23,
                    "offset": 0,
                    "hits": [_KO_HIT],
                },
                {
                    "query": "security guarantee",
                    "mode": "hybrid",
                    "lang": "en",
                    "terms": ["secur", "guarante"],
                    "weights": {
                        "keyword": 0.2,
                        "semantic": 1.0,
                        "translated": 0.1,
                        "method": "scores",
                    },
                    "total": 41,
                    "offset": 0,
                    "hits": [_EN_HIT],
                },
            ]
        }
    )

    query: str
    mode: Literal["keyword", "semantic", "hybrid"]
    lang: Lang = Field(description="The query's language, as detected.")
    terms: list[str] = Field(description="The query's analysed terms.")
    translations: list[str] = Field(
        default_factory=list,
        description="The other language's terms the query used (hybrid mode; empty "
        "otherwise): the Korean terms of an English query's translated list, or the English "
        "translations a Korean query's keyword list also looked for.",
    )
    weights: Weights | None = Field(description="Fusion weights (hybrid only).")
    total: int = Field(description="Candidates found; each list is read 100 deep at most.")
    offset: int
    hits: list[SearchHit]


class Sentence(BaseModel):
    start: int = Field(description="Start offset in the passage text.")
    end: int = Field(description="End offset (exclusive) in the passage text.")
    text: str
    score: float = Field(
        description="Term overlap and, where the model knows the language, "
        "embedding similarity, from 0 to 1."
    )


class AskAnswer(PassageRef):
    sentence: Sentence = Field(description="The sentence that best answers the question.")
    score: float = Field(description="The passage's search score.")


class AskResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "question": "한미상호방위조약은 어떤 성과였나?",
                    "lang": "ko",
                    "answers": [
                        {
                            **{k: _KO_HIT[k] for k in _KO_HIT if k not in ("highlight", "explain")},
                            "sentence": {
                                "start": _KO_SENTENCE[0],
                                "end": _KO_SENTENCE[1],
                                "text": _KO_PASSAGE["text"][slice(*_KO_SENTENCE)],
                                "score": 0.8,
                            },
                        }
                    ],
                },
                {
                    "question": "What did President Trump promise North Korea?",
                    "lang": "en",
                    "answers": [
                        {
                            **{k: _EN_HIT[k] for k in _EN_HIT if k not in ("highlight", "explain")},
                            "sentence": {
                                "start": _EN_SENTENCE[0],
                                "end": _EN_SENTENCE[1],
                                "text": _EN_PASSAGE["text"][slice(*_EN_SENTENCE)],
                                "score": 0.74,
                            },
                        }
                    ],
                },
            ]
        }
    )

    question: str
    lang: Lang
    answers: list[AskAnswer]


# -- cite ----------------------------------------------------------------------------------


_KO_CITATION: dict[str, Any] = {
    "style": "korean",
    "passage_id": "967d274f4ce65dfc-25092f94572550bb",
    "doc_id": "967d274f4ce65dfc",
    "quote": "북한의 김정은 위원장은 핵무기 포기 조건의 하나로 “체제안전의 보장”을 요구하였다.",
    "start": 0,
    "end": 46,
    "page": 1,
    "page_label": "3",
    "locator": "3쪽",
    "reference": "「한반도 비핵화를 위한 미국의 북한체제 안전보장 법·제도 연구」, 연도 미상.",
    "in_text": "「한반도 비핵화를 위한 미국의 북한체제 안전보장 법·제도 연구」, 연도 미상, 3쪽.",
    "missing": ["author", "year", "publisher"],
}
_EN_CITATION: dict[str, Any] = {
    "style": "apa",
    "passage_id": "967d274f4ce65dfc-4e64f8e5c65396ec",
    "doc_id": "967d274f4ce65dfc",
    "quote": _EN_PASSAGE["text"][slice(*_EN_SENTENCE)],
    "start": _EN_SENTENCE[0],
    "end": _EN_SENTENCE[1],
    "page": 19,
    "page_label": "21",
    "locator": "p. 21",
    "reference": "한반도 비핵화를 위한 미국의 북한체제 안전보장 법·제도 연구 "
    "[Conditions for Nuclear Free Korean Peninsula: A Study on Security Guarantee for "
    "North Korea]. (n.d.).",
    "in_text": "(한반도 비핵화를 위한 미국의 북한체제 안전보장 법·제도 연구, n.d., p. 21)",
    "missing": ["author", "year", "publisher"],
}


class CitationOut(BaseModel):
    """A formatted citation of a passage, or of a span of it (``api.citations``)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_KO_CITATION, _EN_CITATION]})

    style: str
    passage_id: str
    doc_id: str
    quote: str = Field(description="Exactly passage.text[start:end].")
    start: int = Field(description="Start offset of the quote in the passage text.")
    end: int = Field(description="End offset (exclusive), whitespace trimmed.")
    page: int = Field(description="Physical page, from 1.")
    page_label: str | None = Field(description="Printed page number, when there is one.")
    locator: str = Field(description='"p. 15" / "15쪽", with a note when not printed.')
    reference: str = Field(description="Reference-list entry (or BibTeX/RIS/CSL-JSON text).")
    in_text: str = Field(description="Parenthetical citation or note.")
    missing: list[str] = Field(description="What the document does not state.")


class CiteSupport(BaseModel):
    passage_id: str
    doc_id: str
    source: str | None
    title: str | None
    lang: Lang
    page: int
    page_label: str | None
    section: list[str]
    quote: str = Field(description="The passage's sentence that best supports the text.")
    quote_start: int
    quote_end: int
    score: float = Field(description="The passage's search score.")
    quote_score: float = Field(description="How well the quote matches the text, 0 to 1.")
    citation: CitationOut


class CiteResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": "북한은 핵무기 포기의 조건으로 체제안전의 보장을 요구했다.",
                    "lang": "ko",
                    "style": "korean",
                    "supports": [
                        {
                            "passage_id": _KO_CITATION["passage_id"],
                            "doc_id": _KO_CITATION["doc_id"],
                            "source": "002_1fa036497e7495cd.txt",
                            "title": "한반도 비핵화를 위한 미국의 북한체제 안전보장 법·제도 연구",
                            "lang": "ko",
                            "page": 1,
                            "page_label": "3",
                            "section": ["국문초록"],
                            "quote": _KO_CITATION["quote"],
                            "quote_start": 0,
                            "quote_end": 46,
                            "score": 0.0164,
                            "quote_score": 0.57,
                            "citation": _KO_CITATION,
                        }
                    ],
                },
                {
                    "text": "Trump promised security guarantees to North Korea in Singapore.",
                    "lang": "en",
                    "style": "apa",
                    "supports": [
                        {
                            "passage_id": _EN_CITATION["passage_id"],
                            "doc_id": _EN_CITATION["doc_id"],
                            "source": "002_1fa036497e7495cd.txt",
                            "title": "한반도 비핵화를 위한 미국의 북한체제 안전보장 법·제도 연구",
                            "lang": "en",
                            "page": 19,
                            "page_label": "21",
                            "section": ["Abstract"],
                            "quote": _EN_CITATION["quote"],
                            "quote_start": _EN_SENTENCE[0],
                            "quote_end": _EN_SENTENCE[1],
                            "score": 0.0328,
                            "quote_score": 0.81,
                            "citation": _EN_CITATION,
                        }
                    ],
                },
            ]
        }
    )

    text: str
    lang: Lang
    style: str
    supports: list[CiteSupport]


class CiteRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"text": "한미상호방위조약은 정전협정의 대가로 얻은 최대의 성과였다.", "size": 3},
                {
                    "text": "The United States promised security guarantees to North Korea.",
                    "size": 3,
                    "style": "chicago",
                },
            ]
        }
    )

    text: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_QUERY_CHARS,
            description="The sentence being written, in Korean or English.",
        ),
        AfterValidator(not_blank),
    ]
    size: int = Field(default=5, ge=1, le=20, description="How many supporting passages.")
    style: Annotated[
        str,
        Field(max_length=20, description=f"Citation style: {', '.join(STYLES)}."),
        AfterValidator(known_style),
    ] = "apa"


# -- documents -----------------------------------------------------------------------------


class UploadResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "indexed",
                    "document": _KO_DOC,
                    "passages": 10,
                    "replaced": [],
                    "pages_without_text": [],
                    "duplicate_passages": 0,
                },
                {
                    "status": "unchanged",
                    "document": _EN_DOC,
                    "passages": 55,
                    "replaced": [],
                    "pages_without_text": [],
                    "duplicate_passages": 0,
                },
            ]
        }
    )

    status: Literal["indexed", "unchanged"] = Field(
        description="indexed: written now; unchanged: the same text was already indexed."
    )
    document: DocumentSummary
    passages: int
    replaced: list[str] = Field(
        description="Ids of earlier versions of the same file name, now deleted."
    )
    pages_without_text: list[int] = Field(
        default_factory=list,
        description="Pages whose text layer gave no text (scans): nothing on them is "
        "searchable until they are OCRed and uploaded again.",
    )
    duplicate_passages: int = Field(
        default=0,
        description="Passages whose text repeats an earlier passage of the document "
        "(repeated form text): indexed, and counted here.",
    )


TEXT_MAX = 500  # characters of a metadata text, as in an upload's form
# Bounds of some fields beyond their type; any other field of EDITABLE needs none.
_BOUNDS: dict[str, dict[str, Any]] = {"year": {"ge": 0, "le": 9999}}


def _edit_field(name: str, hint: Any) -> tuple[Any, Any]:
    """The type of one field of ``DocumentEdit``: the record's type as JSON gives it (a list
    for a tuple), or null; absent by default, so that absent and null differ."""
    if is_list(name):
        item: Any = Annotated[typing.get_args(hint)[0], Field(max_length=TEXT_MAX)]
        kind: Any = types.GenericAlias(list, (item,)) | None
        bounds: dict[str, Any] = {"max_length": 100}
    else:
        kind, bounds = hint | None, {"max_length": TEXT_MAX} if hint == str | None else {}
    return kind, Field(default=None, **{**bounds, **_BOUNDS.get(name, {})})


def edit_model() -> type[BaseModel]:
    """The body of PATCH /api/documents/{doc_id}, one optional field per editable field
    (``ingest.edits.EDITABLE``), so a field added there is editable here too."""
    fields: dict[str, Any] = {name: _edit_field(name, hint) for name, hint in EDITABLE.items()}
    return create_model(
        "DocumentEdit",
        __doc__="The metadata fields to correct; fields left out stay as they are. A value "
        "sets the field and outlasts every later ingest (the user's value wins over a "
        'sidecar and over what ingest reads); "" (or [] for authors) says the document '
        "states none; null forgets your edit, giving back what ingest found.",
        __config__=ConfigDict(
            extra="forbid",
            strict=True,
            json_schema_extra={
                "examples": [
                    {"year": 1953, "doc_type": "booklet"},
                    {
                        "title_en": "What Did We Gain at the Armistice Talks?",
                        "authors": [],
                        "publisher": None,
                    },
                ]
            },
        ),
        **fields,
    )


if TYPE_CHECKING:  # built from EDITABLE at import; to the type checker, a model like any
    DocumentEdit = BaseModel
else:
    DocumentEdit = edit_model()


def parse_edit(changes: Mapping[str, Any], *, strict: bool = True) -> dict[str, Any]:
    """The fields of a ``DocumentEdit`` given in ``changes`` (None: forget the edit), or
    ValueError naming each problem. Not ``strict``, text is converted ("1953" to a year), as
    the command line needs."""
    try:
        edit = DocumentEdit.model_validate(dict(changes), strict=strict)
    except ValidationError as e:
        problems = [f"{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors()]
        raise ValueError("; ".join(problems)) from e
    return edit.model_dump(exclude_unset=True)


class DeleteResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"id": "0e3e16069d626c35", "deleted": True}]}
    )

    id: str
    deleted: bool


# -- health --------------------------------------------------------------------------------


class CountsOut(BaseModel):
    documents: int
    passages: int


class EmbeddingOut(BaseModel):
    model: str = Field(description="The embedding model the server loaded.")
    dim: int
    languages: list[str] = Field(description="Languages the model understands.")
    indexed_model: str | None = Field(description="The model the index was built with.")
    matches: bool | None = Field(description="Whether the two agree (null: index not built).")


class HealthResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "ok",
                    "backend": "embedded",
                    "detail": "2 documents, 65 passages",
                    "counts": {"documents": 2, "passages": 65},
                    "embedding": {
                        "model": "seoji-static",
                        "dim": 384,
                        "languages": ["en", "ko"],
                        "indexed_model": "seoji-static",
                        "matches": True,
                    },
                    "versions": {"seoji": "0.1.0", "python": "3.11.9", "sqlite": "3.45.1"},
                    "info": {"path": "data/seoji.db"},
                },
                {
                    "status": "ok",
                    "backend": "elasticsearch",
                    "detail": "cluster green, 2 documents, 65 passages",
                    "counts": {"documents": 2, "passages": 65},
                    "embedding": {
                        "model": "seoji-static",
                        "dim": 384,
                        "languages": ["en", "ko"],
                        "indexed_model": "seoji-static",
                        "matches": True,
                    },
                    "versions": {
                        "seoji": "0.1.0",
                        "python": "3.11.9",
                        "elasticsearch": "8.12.2",
                    },
                    "info": {"url": "http://127.0.0.1:9200", "index": "seoji"},
                },
            ]
        }
    )

    status: Literal["ok"]
    backend: str
    detail: str
    counts: CountsOut
    embedding: EmbeddingOut
    versions: dict[str, str] = Field(description="seoji, python and the backend's server.")
    info: dict[str, str] = Field(description="What the backend reports about itself.")


# -- from internal records -----------------------------------------------------------------


def passage_out(p: Passage) -> PassageOut:
    return PassageOut(
        id=p.id,
        doc_id=p.doc_id,
        ordinal=p.ordinal,
        lang=p.lang,
        section=list(p.section),
        page=p.page,
        page_label=p.page_label,
        kind=p.kind,
        text=p.text,
        sentences=list(p.sentences),
        raw_start=p.raw_start,
        raw_end=p.raw_end,
        footnotes=list(p.footnotes),
        boxes=list(p.boxes),
        rows=[list(r) for r in p.rows],
        ocr=p.ocr,
    )


def document_summary(d: Document, source: str) -> DocumentSummary:
    return DocumentSummary(
        id=d.id,
        source=source,
        title_ko=d.title_ko,
        title_en=d.title_en,
        subtitle=d.subtitle,
        doc_type=d.doc_type,
        year=d.year,
        authors=list(d.authors),
        publisher=d.publisher,
        container=d.container,
        volume=d.volume,
        issue=d.issue,
        date=d.date,
        number=d.number,
        doi=d.doi,
        languages=list(d.languages),
        media_type=d.media_type,
        page_count=len(d.pages),
        pages_known=d.pages_known,
    )


def _page(p: Page) -> PageOut:
    return PageOut(number=p.number, label=p.label, label_inferred=p.label_inferred)


def _provenance(p: Provenance) -> ProvenanceOut:
    return ProvenanceOut(field=p.field, source=p.source, confidence=p.confidence)


def document_detail(d: Document, source: str, passages: int) -> DocumentDetail:
    return DocumentDetail(
        **document_summary(d, source).model_dump(),
        encoding=d.encoding,
        abstract_ko=d.abstract_ko,
        abstract_en=d.abstract_en,
        keywords_ko=list(d.keywords_ko),
        keywords_en=list(d.keywords_en),
        outline=[OutlineEntry(level=level, text=text) for level, text in d.outline],
        provenance=[_provenance(p) for p in d.provenance],
        edits=[
            EditOut(
                field=e.field,
                found=list(e.found) if isinstance(e.found, tuple) else e.found,
                found_from=_provenance(e.found_from) if e.found_from else None,
            )
            for e in d.edits
        ],
        pages=[_page(p) for p in d.pages],
        passages=passages,
        repairs=dict(d.repairs.counts),
    )


def list_rank(r: ListRank | None) -> ListRankOut | None:
    if r is None:
        return None
    return ListRankOut(rank=r.rank, score=r.score, weight=r.weight, contribution=r.contribution)


def citation_out(c: Citation) -> CitationOut:
    return CitationOut(
        style=c.style,
        passage_id=c.passage_id,
        doc_id=c.doc_id,
        quote=c.quote,
        start=c.start,
        end=c.end,
        page=c.page,
        page_label=c.page_label,
        locator=c.locator,
        reference=c.reference,
        in_text=c.in_text,
        missing=list(c.missing),
    )
