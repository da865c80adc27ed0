"""Search over any backend: analyse and embed the query once, rank, fuse, explain.

    searcher = Searcher(backend, embedder, analyzer)
    result = searcher.search("한미상호방위조약 체결일", mode="hybrid", size=10)

Modes: ``keyword`` (BM25 over Kiwi terms and Hangul bigrams), ``semantic`` (cosine over the
embedding model's vectors) and ``hybrid`` (both lists, top ``DEPTH`` of each, fused in
``index.fusion``: by weighted RRF for Korean queries, by weighted scores for English ones).
Every hit says where it ranked, with which score, in each list, and what that added.

An English query in hybrid mode gets a third list when a lexicon is loaded
(``index.lexicon``): BM25 over the Korean translations of its words, so that Korean
passages are found by keywords too, not by the embedding alone. A Korean query in hybrid
mode looks the other way (the Korean → English lexicon): English passages ranked on its terms
and their English translations join its keyword list (``_join_english``), so that English
papers are found by Korean questions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from index.contract import Backend, Filters, IndexedDocument, KeywordQuery, Scored
from index.embed import Encoder
from index.fusion import Weights, fuse, weights_for
from index.lexicon import Lexicon
from ingest.analysis import Analyzer
from ingest.lang import has_hangul, query_lang
from ingest.records import Document, Lang, Passage

Mode = Literal["keyword", "semantic", "hybrid"]
MODES: tuple[Mode, ...] = ("keyword", "semantic", "hybrid")
DEPTH = 100  # how deep each list is read before fusion
MAX_QUERY_CHARS = 1000
CONTEXT_REPEAT = 2  # a passage's title and heading terms count twice; see ``context``
# English translations looked up per Hangul term of a Korean query (docs/experiments.md).
TOP_KO_EN = 2


@dataclass(frozen=True)
class ListRank:
    rank: int
    score: float
    weight: float
    contribution: float  # this list's share of the hit's fused score


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    keyword: ListRank | None = None
    semantic: ListRank | None = None
    translated: ListRank | None = None


@dataclass(frozen=True)
class SearchResult:
    query: str
    mode: Mode
    lang: Lang
    terms: tuple[str, ...]
    total: int  # candidates found (each list is read to DEPTH at most)
    hits: tuple[Hit, ...]
    weights: Weights | None = None
    # the other language's terms the query used: an English query's Korean translated list,
    # or the English translations in a Korean query's keyword list
    translations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ranked:
    """The raw ranked lists of one query, before fusion (the benchmark tunes on these)."""

    query: KeywordQuery
    lang: Lang
    keyword: list[Scored]
    semantic: list[Scored]
    translations: tuple[str, ...] = ()
    translated: list[Scored] = field(default_factory=list)

    def lists(self) -> dict[str, list[Scored]]:
        return {"keyword": self.keyword, "semantic": self.semantic, "translated": self.translated}


@dataclass
class Searcher:
    backend: Backend
    encoder: Encoder
    analyzer: Analyzer = field(default_factory=Analyzer)
    lexicon: Lexicon | None = None  # English → Korean: the translated list
    lexicon_ko_en: Lexicon | None = None  # Korean → English: joins the keyword list
    depth: int = DEPTH

    def keyword_query(self, text: str) -> KeywordQuery:
        return KeywordQuery(text, tuple(self.analyzer.analyze(text)))

    def ranked(self, text: str, mode: Mode, filters: Filters, depth: int) -> Ranked:
        """The raw lists for a query: keyword (for a Korean query in hybrid mode, with the
        English passages its translations find), semantic, and for an English query in hybrid
        mode the keyword list of its Korean translations."""
        query = self.keyword_query(text)
        lang = query_lang(text)
        keyword = semantic = translated = []
        translations: tuple[str, ...] = ()
        if mode == "hybrid" and lang == "ko" and self.lexicon_ko_en is not None:
            known = set(query.terms)
            hangul = [t for t in query.terms if has_hangul(t)]
            translations = tuple(
                t for t in self.lexicon_ko_en.translate(hangul, TOP_KO_EN) if t not in known
            )
        if mode in ("keyword", "hybrid"):
            keyword = self.backend.keyword_search(query, filters, depth)
        if translations and filters.lang != "ko":  # a Korean query's (set just above)
            # English passages ranked on the question's terms and their English translations
            # join its keyword list, each at the better of its two scores. Scaled so that the
            # best of them scores no higher than the best match of the words themselves: in a
            # library of Korean documents a translation ("treati") is rare, so its BM25
            # weight dwarfs that of the Korean word ("조약") it stands for. What else was
            # tried: docs/experiments.md.
            english = self.backend.keyword_search(
                KeywordQuery("", query.terms + translations),
                dataclasses.replace(filters, lang="en"),
                depth,
            )
            keyword = _join_english(keyword, english, depth)
        if mode in ("semantic", "hybrid"):
            vector = self.encoder.encode_queries([text])[0]
            semantic = self.backend.vector_search(vector, filters, depth)
        if mode == "hybrid" and lang == "en" and self.lexicon is not None:
            translations = tuple(self.lexicon.translate(query.terms))
            if translations:
                # no text: the Hangul bigram field would join the translations into
                # bigrams that no passage was written with
                translated = self.backend.keyword_search(
                    KeywordQuery("", translations), filters, depth
                )
        return Ranked(query, lang, keyword, semantic, translations, translated)

    def search(
        self,
        text: str,
        mode: Mode = "hybrid",
        filters: Filters | None = None,
        size: int = 10,
        offset: int = 0,
    ) -> SearchResult:
        if mode not in MODES:
            msg = f"unknown search mode {mode!r}; use one of {', '.join(MODES)}"
            raise ValueError(msg)
        text = text.strip()[:MAX_QUERY_CHARS]
        filters = filters or Filters()
        depth = max(self.depth, offset + size)
        ranked = self.ranked(text, mode, filters, depth)
        weights = (
            weights_for(ranked.lang, self.encoder.languages)
            if mode == "hybrid"
            else Weights(1.0, 0.0)
            if mode == "keyword"
            else Weights(0.0, 1.0)
        )
        fused = fuse(ranked.lists(), weights)
        page = fused[offset : offset + size]
        by_id = {p.id: p for p in self.backend.passages([f.passage_id for f in page])}
        hits = []
        single = None if mode == "hybrid" else mode  # one list: its own score is the score
        by_list = weights.by_list()
        for f in page:
            passage = by_id.get(f.passage_id)
            if passage is None:  # deleted between ranking and fetching
                continue
            explained = {
                n: ListRank(e.rank, e.score, by_list[n], f.parts.get(n, 0.0))
                for n, e in f.ranks.items()
            }
            own = f.ranks[single].score if single else f.score
            hits.append(
                Hit(
                    passage,
                    own,
                    explained.get("keyword"),
                    explained.get("semantic"),
                    explained.get("translated"),
                )
            )
        return SearchResult(
            text,
            mode,
            ranked.lang,
            ranked.query.terms,
            len(fused),
            tuple(hits),
            weights if mode == "hybrid" else None,
            ranked.translations,
        )


def _join_english(keyword: Sequence[Scored], english: Sequence[Scored], depth: int) -> list[Scored]:
    """A Korean query's keyword list with the English passages of its translated query, each
    passage at its better score, the English scores scaled to the keyword list's best."""
    top = max((e.score for e in keyword), default=0.0)
    top_english = max((e.score for e in english), default=0.0)
    scale = min(1.0, top / top_english) if top > 0 and top_english > 0 else 1.0
    best = {e.passage_id: e.score for e in keyword}
    own = set(best)
    for e in english:
        best[e.passage_id] = max(e.score * scale, best.get(e.passage_id, 0.0))
    # a tie goes to the passage that matched the words themselves
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0] not in own, kv[0]))[:depth]
    return [Scored(pid, rank, score) for rank, (pid, score) in enumerate(ranked, 1)]


def is_indexed(backend: Backend, document: Document, passages: Sequence[Passage]) -> bool:
    """True when the index already holds exactly this document and these passages.

    Passage ids come from their text; a change of metadata alone shows in the document.
    """
    indexed = [p.id for p in backend.document_passages(document.id)]
    return indexed == [p.id for p in passages] and backend.document(document.id) == document


def replace_version(backend: Backend, doc: IndexedDocument) -> list[str]:
    """Write ``doc``, then delete earlier versions of the same source; returns their ids.

    A file whose text changed has a new id, so its old version is found by its source path,
    and only removed once the new one is in.
    """
    backend.replace_document(doc)
    new = doc.document
    stale = [d.id for d in backend.documents() if d.source == new.source and d.id != new.id]
    for doc_id in stale:
        backend.delete_document(doc_id)
    return stale


def documents_of(backend: Backend, passages: Iterable[Passage]) -> dict[str, Document]:
    """The documents of some passages, each looked up once."""
    out: dict[str, Document] = {}
    for doc_id in dict.fromkeys(p.doc_id for p in passages):
        document = backend.document(doc_id)
        if document is not None:
            out[doc_id] = document
    return out


def context(document: Document, passage: Passage) -> str:
    """What a passage is about beyond its own words: its document's titles and its headings.

    Indexed with the passage's terms, because a passage rarely repeats the name of what it
    discusses: KorQuAD questions name the article ("이순신은 …") that its paragraphs take
    as given. Measured on KorQuAD dev (BM25 over the terms, k1 1.2, b 0.75): nDCG@10 0.952
    without the title, 0.959 with its terms once, 0.961 twice (``CONTEXT_REPEAT``), 0.961
    three times. Repeating is the field boost that works the same on every backend.
    """
    seen = dict.fromkeys(t for t in (document.title_ko, document.title_en, *passage.section) if t)
    return "\n".join(seen)


def prepare(
    document: Document,
    passages: Sequence[Passage],
    source_text: str,
    encoder: Encoder,
    analyzer: Analyzer,
) -> IndexedDocument:
    """Terms (passage + context) and vectors (passage text only) for every passage."""
    return prepare_many([(document, passages, source_text)], encoder, analyzer)[0]


# Passages per batch of ``prepare_many`` at ingest: their texts and contexts stay well within
# the analyzer's cache of 4,096 analyses, which the static model reads.
BATCH_PASSAGES = 1000


def prepare_many(
    items: Sequence[tuple[Document, Sequence[Passage], str]],
    encoder: Encoder,
    analyzer: Analyzer,
) -> list[IndexedDocument]:
    """``prepare`` for several documents: Kiwi analyses all their passages first, then the
    encoder embeds them all, in one batch each.

    Cheaper than one document at a time. The static model reads Kiwi's analyses from the
    analyzer's cache; right after Kiwi has run, its unit table is out of the CPU's caches, so
    one pass over many passages pays for that once rather than per document
    (``research/bench_ingest.py``). Kiwi, too, spreads a larger batch over its threads.
    Keep a batch within the analyzer's cache (``Analyzer(cache_size=...)``, 4,096 texts).
    """
    texts = [p.text for _, passages, _ in items for p in passages]
    contexts = [context(d, p) for d, passages, _ in items for p in passages]
    unique = list(dict.fromkeys(contexts))
    context_terms = dict(zip(unique, analyzer.analyze_many(unique), strict=True))
    terms = [
        (*own, *(context_terms[c] * CONTEXT_REPEAT))
        for own, c in zip(analyzer.analyze_many(texts), contexts, strict=True)
    ]
    vectors = (
        encoder.encode_passages(texts) if texts else np.zeros((0, encoder.dim), dtype=np.float32)
    )
    out: list[IndexedDocument] = []
    at = 0
    for document, passages, source_text in items:
        end = at + len(passages)
        out.append(
            IndexedDocument(
                document, tuple(passages), tuple(terms[at:end]), vectors[at:end], source_text
            )
        )
        at = end
    return out


def prepare_batches(
    items: Iterable[tuple[Document, Sequence[Passage], str]],
    encoder: Encoder,
    analyzer: Analyzer,
    size: int = BATCH_PASSAGES,
) -> Iterator[IndexedDocument]:
    """``prepare_many`` over consecutive batches of about ``size`` passages, in order (one
    document a batch when ``size`` is 0)."""
    batch: list[tuple[Document, Sequence[Passage], str]] = []
    count = 0
    for item in items:
        batch.append(item)
        count += len(item[1])
        if count >= size:
            yield from prepare_many(batch, encoder, analyzer)
            batch, count = [], 0
    if batch:
        yield from prepare_many(batch, encoder, analyzer)
