"""Highlights: query terms marked on the surface form of the words that carry them."""

from __future__ import annotations

from index.highlight import highlight, highlight_many, matched_spans
from ingest.analysis import Analyzer


def terms(analyzer: Analyzer, query: str) -> list[str]:
    return analyzer.analyze(query)


def test_morpheme_marks_the_word_with_its_particle(analyzer: Analyzer) -> None:
    text = "미 상원은 이 조약을 81 대 6으로 통과시켰다."
    assert highlight(text, terms(analyzer, "조약"), analyzer) == (
        "미 상원은 이 <mark>조약을</mark> 81 대 6으로 통과시켰다."
    )


def test_compound_is_marked_inside_its_brackets(analyzer: Analyzer) -> None:
    text = "「한미상호방위조약」을 체결했다."
    assert highlight(text, terms(analyzer, "조약"), analyzer) == (
        "「<mark>한미상호방위조약</mark>」을 체결했다."
    )


def test_korean_quotes_and_parentheses_stay_outside(analyzer: Analyzer) -> None:
    text = "‘비핵화’를 위한 (비핵화) 조치"
    assert highlight(text, terms(analyzer, "비핵화"), analyzer) == (
        "‘<mark>비핵화</mark>’를 위한 (<mark>비핵화</mark>) 조치"
    )


def test_english_stems(analyzer: Analyzer) -> None:
    text = "The U.S. guarantees security; a guarantee was given."
    out = highlight(text, terms(analyzer, "guarantee"), analyzer)
    assert out == "The U.S. <mark>guarantees</mark> security; a <mark>guarantee</mark> was given."


def test_adjacent_marks_merge(analyzer: Analyzer) -> None:
    text = "한미 상호 방위 조약은 1953년에 서명되었다."
    out = highlight(text, terms(analyzer, "한미상호방위조약"), analyzer)
    assert out == "<mark>한미 상호 방위 조약은</mark> 1953년에 서명되었다."
    # punctuation between matches keeps them apart
    out = highlight("security, guarantee", terms(analyzer, "security guarantee"), analyzer)
    assert out == "<mark>security</mark>, <mark>guarantee</mark>"


def test_html_is_escaped_inside_and_outside_marks(analyzer: Analyzer) -> None:
    text = "<b>AT&T's</b> plan & 조약을"
    out = highlight(text, terms(analyzer, "AT&T 조약"), analyzer)
    assert out == "&lt;b&gt;<mark>AT&amp;T&#x27;s</mark>&lt;/b&gt; plan &amp; <mark>조약을</mark>"


def test_no_terms_no_marks(analyzer: Analyzer) -> None:
    assert highlight("a < b 조약", [], analyzer) == "a &lt; b 조약"
    assert highlight("the and of", terms(analyzer, "the"), analyzer) == "the and of"


def test_spans_slice_the_words(analyzer: Analyzer) -> None:
    text = "휴전 회담을 시작할 때부터 「휴전회담」은"
    spans = matched_spans(text, terms(analyzer, "휴전회담"), analyzer)
    assert [text[s:e] for s, e in spans] == ["휴전 회담을", "휴전회담"]


def test_many_is_one_batch_with_the_same_answers(analyzer: Analyzer) -> None:
    texts = ["조약을 맺었다", "security guarantees", "", "조약 & guarantee"]
    query = terms(analyzer, "조약 guarantee")
    assert highlight_many(texts, query, analyzer) == [highlight(t, query, analyzer) for t in texts]
