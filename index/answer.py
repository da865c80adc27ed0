"""The sentence of a passage that best answers a question (or supports a claim).

Search finds passages; a reader wants the one sentence to quote. Each sentence of the
passage (``Passage.sentences``) is scored by two things:

- term overlap: the share of the question's distinct analysed terms that occur in the
  sentence (same analyser as the index, so 조약 meets 한미상호방위조약을); no idf, the
  passage is already the right one and its sentences share its vocabulary;
- embedding similarity: cosine of the question and the sentence, from the search encoder.

The embedding part counts only when the encoder understands both the question's language
and the passage's (``Encoder.languages``). The default, seoji-static, understands Korean and
English; with an English-only model such as all-MiniLM-L6-v2 the cosine between two Korean
texts is noise that would override the term overlap, so it is left out.

    >>> best_sentence("한미상호방위조약은 언제 서명되었나", passage, encoder, analyzer)
    (41, 88, 0.71)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from index.embed import Encoder
from ingest.analysis import Analyzer
from ingest.lang import query_lang
from ingest.records import Passage

# Share of the embedding similarity in the score when it counts at all. Even: overlap says
# the sentence names what was asked about, similarity that it says something about it.
EMBEDDING_WEIGHT = 0.5


@dataclass(frozen=True)
class Answer:
    """The best sentence of one passage: ``passage.text[start:end]``."""

    start: int
    end: int
    score: float
    overlap: float
    similarity: float | None  # None when the encoder does not understand the languages


def sentence_spans(passage: Passage) -> list[tuple[int, int]]:
    """The passage's sentences without surrounding whitespace; the whole text if none."""
    text = passage.text
    spans = []
    for s, e in passage.sentences or ((0, len(text)),):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans or [(0, len(text))]


def _normalized(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return np.asarray(vectors / np.where(norms > 0, norms, 1.0), dtype=np.float32)


def best_sentences(
    question: str, passages: Sequence[Passage], encoder: Encoder, analyzer: Analyzer
) -> list[Answer]:
    """The best sentence of each passage, with one analyser batch and one encoder batch."""
    if not passages:
        return []
    wanted = set(analyzer.analyze(question))
    spans = [sentence_spans(p) for p in passages]
    texts = [p.text[s:e] for p, ss in zip(passages, spans, strict=True) for s, e in ss]
    terms = analyzer.analyze_many(texts)
    overlaps = [len(wanted.intersection(t)) / len(wanted) if wanted else 0.0 for t in terms]

    understood = query_lang(question) in encoder.languages
    semantic = [understood and p.lang in encoder.languages for p in passages]
    similarities: dict[int, float] = {}  # index into ``texts`` → cosine
    if any(semantic):
        owners = [k for k, ss in enumerate(spans) for _ in ss]
        chosen = [i for i, k in enumerate(owners) if semantic[k]]
        query = _normalized(encoder.encode_queries([question]))[0]
        vectors = _normalized(encoder.encode_passages([texts[i] for i in chosen]))
        similarities = dict(zip(chosen, (vectors @ query).tolist(), strict=True))

    answers: list[Answer] = []
    i = 0
    for ss in spans:
        best: Answer | None = None
        for s, e in ss:
            similarity = similarities.get(i)
            score = overlaps[i]
            if similarity is not None:
                score = (1 - EMBEDDING_WEIGHT) * score + EMBEDDING_WEIGHT * max(similarity, 0.0)
            if best is None or score > best.score:  # ties: the earlier sentence
                best = Answer(s, e, float(score), overlaps[i], similarity)
            i += 1
        assert best is not None  # sentence_spans never returns an empty list
        answers.append(best)
    return answers


def best_sentence(
    question: str, passage: Passage, encoder: Encoder, analyzer: Analyzer
) -> tuple[int, int, float]:
    """(start, end, score) of the sentence of ``passage`` that best answers ``question``."""
    answer = best_sentences(question, [passage], encoder, analyzer)[0]
    return answer.start, answer.end, answer.score
