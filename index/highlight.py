"""Mark the words of a passage that a keyword query matched, on their surface form.

The index matches analysed terms (``ingest.analysis``), not words, so a highlight has to go
back from terms to the words that produced them. Each whitespace-delimited word of the
passage is analysed on its own, the same way as the passage was, and marked when any of its
terms is one of the query's terms:

    >>> highlight("「한미상호방위조약」을 체결했다", ["조약"], Analyzer())
    '「<mark>한미상호방위조약</mark>」을 체결했다'

A hit on the morpheme 조약 marks 조약을 or 한미상호방위조약 where they stand, and a query for
"guarantee" marks "guarantees" (both stem to "guarante"). Brackets and quotation marks split
a word into pieces, so 「한미상호방위조약」을 gives 한미상호방위조약 and 을; punctuation
around a piece is left outside the mark. Marks separated only by whitespace are merged
("<mark>한미 상호 방위 조약</mark>"). Text inside and outside the marks is HTML-escaped.

Words are analysed in one batch per call (``Analyzer.analyze_many``), each distinct word
once, so highlighting a page of hits costs one Kiwi batch.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from ingest.analysis import Analyzer

Span = tuple[int, int]

_WORD = re.compile(r"\S+")
# Brackets and quotation marks inside a word. An apostrophe between Latin letters (Korea's,
# don’t) is part of the word; elsewhere ' and ’ are quotation marks (‘비핵화’를).
_PIECE_BREAK = re.compile(
    r"[()\[\]{}<>〈〉《》「」『』【】〔〕“”„\"‘]|(?<![A-Za-z])['’]|['’](?![A-Za-z])"
)


def _pieces(text: str) -> list[Span]:
    """Spans of the pieces of every word, with surrounding punctuation trimmed off."""
    spans: list[Span] = []
    for word in _WORD.finditer(text):
        start = word.start()
        breaks = [(m.start(), m.end()) for m in _PIECE_BREAK.finditer(word.group())]
        bounds = [0, *(x for b in breaks for x in b), len(word.group())]
        for s, e in zip(bounds[::2], bounds[1::2], strict=True):
            s, e = s + start, e + start
            while s < e and not text[s].isalnum():
                s += 1
            while e > s and not text[e - 1].isalnum():
                e -= 1
            if s < e:
                spans.append((s, e))
    return spans


def _merge(spans: Iterable[Span], text: str) -> list[Span]:
    """Sorted spans with those separated only by whitespace joined into one."""
    merged: list[Span] = []
    for s, e in sorted(spans):
        if merged and not text[merged[-1][1] : s].strip():
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def matched_spans_many(
    texts: Sequence[str], query_terms: Iterable[str], analyzer: Analyzer
) -> list[list[Span]]:
    """``matched_spans`` of several texts with one analyser batch for all of them."""
    wanted = {t for t in query_terms if t}
    pieces = [_pieces(text) for text in texts]
    if not wanted:
        return [[] for _ in texts]
    words = list(
        dict.fromkeys(
            text[s:e] for text, spans in zip(texts, pieces, strict=True) for s, e in spans
        )
    )
    matches = {
        word
        for word, terms in zip(words, analyzer.analyze_many(words), strict=True)
        if not wanted.isdisjoint(terms)
    }
    return [
        _merge(((s, e) for s, e in spans if text[s:e] in matches), text)
        for text, spans in zip(texts, pieces, strict=True)
    ]


def matched_spans(text: str, query_terms: Iterable[str], analyzer: Analyzer) -> list[Span]:
    """[start, end) spans of the words of ``text`` that carry one of ``query_terms``."""
    return matched_spans_many([text], query_terms, analyzer)[0]


def mark(text: str, spans: Sequence[Span], tag: str = "mark") -> str:
    """``text`` HTML-escaped with each span wrapped in ``<tag>…</tag>``."""
    out: list[str] = []
    pos = 0
    for s, e in spans:
        out.append(html.escape(text[pos:s]))
        out.append(f"<{tag}>{html.escape(text[s:e])}</{tag}>")
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out)


def highlight_many(
    texts: Sequence[str], query_terms: Iterable[str], analyzer: Analyzer
) -> list[str]:
    """``highlight`` of several texts with one analyser batch for all of them."""
    spans = matched_spans_many(texts, query_terms, analyzer)
    return [mark(text, s) for text, s in zip(texts, spans, strict=True)]


def highlight(text: str, query_terms: Iterable[str], analyzer: Analyzer) -> str:
    """``text`` HTML-escaped, with the words matching ``query_terms`` in ``<mark>``."""
    return highlight_many([text], query_terms, analyzer)[0]
