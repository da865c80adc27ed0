"""The best sentence of a passage for a question: term overlap, and embeddings where the
model understands the language (a small fake encoder stands in for the model)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from index.answer import best_sentence, best_sentences, sentence_spans
from ingest.analysis import Analyzer
from ingest.records import Passage

# The fake encoder's three axes: texts about signing, about the senate, everything else.
AXES = (("sign", "서명"), ("senat", "상원"))


class FakeEncoder:
    name = "fake"
    dim = 3

    def __init__(self, languages: frozenset[str] = frozenset({"ko", "en"})) -> None:
        self.languages = languages
        self.passage_batches: list[int] = []

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for t in texts:
            low = t.lower()
            rows.append([*(float(any(w in low for w in axis)) for axis in AXES), 0.1])
        return np.asarray(rows, dtype=np.float32)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._vectors(texts)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passage_batches.append(len(texts))
        return self._vectors(texts)


def passage(text: str, lang: str = "en", pid: str = "d-1") -> Passage:
    """A passage whose sentences are split at ". " (offsets include the trailing space)."""
    sentences, start = [], 0
    for part in text.split(". "):
        end = min(len(text), start + len(part) + 2)
        sentences.append((start, end))
        start = end
    return Passage(
        id=pid,
        doc_id="d",
        ordinal=0,
        lang=lang,  # type: ignore[arg-type]
        section=(),
        page=1,
        page_label=None,
        kind="body",
        text=text,
        sentences=tuple(sentences),
        raw_start=0,
        raw_end=len(text),
    )


EN = passage(
    "The war ended in 1953. The treaty was signed in Washington on 1 October 1953. "
    "The Senate ratified it in January 1954."
)
KO = passage(
    "전쟁은 1953년에 끝났다. 조약은 1953년 10월 1일 워싱턴에서 서명되었다. "
    "미 상원은 1954년 1월에 비준했다.",
    lang="ko",
)


def test_term_overlap_picks_the_sentence(analyzer: Analyzer) -> None:
    start, end, score = best_sentence("When was the treaty signed?", EN, FakeEncoder(), analyzer)
    assert EN.text[start:end] == "The treaty was signed in Washington on 1 October 1953."
    assert 0 < score <= 1


def test_korean_question_on_korean_passage(analyzer: Analyzer) -> None:
    encoder = FakeEncoder(frozenset({"en"}))  # no Korean: overlap alone decides
    start, end, _ = best_sentence("조약은 언제 서명되었나?", KO, encoder, analyzer)
    assert KO.text[start:end] == "조약은 1953년 10월 1일 워싱턴에서 서명되었다."
    assert encoder.passage_batches == []  # nothing embedded for a language it cannot read


def test_embedding_decides_when_no_terms_overlap(analyzer: Analyzer) -> None:
    # "ratify" shares no term with any sentence; the fake embedding puts it by the senate
    question = "Which senate vote approved it?"
    answer = best_sentences(question, [EN], FakeEncoder(), analyzer)[0]
    assert EN.text[answer.start : answer.end] == "The Senate ratified it in January 1954."
    assert answer.similarity is not None and answer.similarity > 0.9


def test_embedding_ignored_when_the_model_does_not_know_the_language(
    analyzer: Analyzer,
) -> None:
    # The fake embedding would prefer the senate sentence; without Korean it is not asked.
    question = "상원 전쟁"
    with_model = best_sentences(question, [KO], FakeEncoder(), analyzer)[0]
    without = best_sentences(question, [KO], FakeEncoder(frozenset({"en"})), analyzer)[0]
    assert without.similarity is None
    assert KO.text[without.start : without.end] == "전쟁은 1953년에 끝났다."
    assert KO.text[with_model.start : with_model.end] == "미 상원은 1954년 1월에 비준했다."


def test_spans_are_trimmed_and_never_empty() -> None:
    s, e = sentence_spans(EN)[0]
    assert EN.text[s:e] == "The war ended in 1953."  # the trailing space is not quoted
    bare = dataclasses.replace(EN, sentences=())
    assert sentence_spans(bare) == [(0, len(EN.text))]


def test_many_passages_one_encoder_batch(analyzer: Analyzer) -> None:
    encoder = FakeEncoder()
    answers = best_sentences("When was the treaty signed?", [EN, KO, EN], encoder, analyzer)
    assert len(answers) == 3 and answers[0] == answers[2]
    assert encoder.passage_batches == [len(sentence_spans(EN)) * 2 + len(sentence_spans(KO))]
    assert best_sentences("anything", [], encoder, analyzer) == []
