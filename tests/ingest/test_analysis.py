"""Keyword analysis: the terms BM25 indexes for documents and queries alike.

Korean examples are lines of the seed reports (한미상호방위조약, 「무력사용권한법」), damage
included: missing spaces, tabs for spaces.
"""

from __future__ import annotations

import re

import pytest

from ingest.analysis import Analyzer, Lang, english_terms


def test_constructor_does_not_load_kiwi() -> None:
    assert Analyzer()._kiwi is None


def test_english_only_text_never_loads_kiwi() -> None:
    analyzer = Analyzer()
    assert analyzer.analyze("Mutual Defense Treaty") == ["mutual", "defens", "treati"]
    assert analyzer._kiwi is None


# --- Korean ---------------------------------------------------------------------------------


def test_compound_gives_parts_and_whole(analyzer: Analyzer) -> None:
    terms = analyzer.analyze("미국으로부터한미상호방위조약을얻어냈다.")
    assert {"한미", "상호", "방위", "조약", "한미상호방위조약"} <= set(terms)


@pytest.mark.parametrize(
    "query",
    ["한미상호방위조약", "방위 조약", "한미상호방위조약체결일정", "한 미 상호 방위조약"],
)
def test_query_however_spaced_meets_the_document(analyzer: Analyzer, query: str) -> None:
    spaced = set(analyzer.analyze("한미 상호 방위 조약 체결 일정"))
    unspaced = set(analyzer.analyze("한미상호방위조약체결일정"))
    compound = set(analyzer.analyze("한미상호방위조약은 오늘날 연합방위체제의 법적 근간"))
    terms = set(analyzer.analyze(query))
    assert terms & spaced >= {"방위", "조약"}
    assert terms & unspaced >= {"방위", "조약"}
    assert terms & compound >= {"방위", "조약"}


def test_whole_compound_query_matches_compound_in_document(analyzer: Analyzer) -> None:
    # The whole word is a rarer, sharper term than its parts: both sides must produce it.
    doc = analyzer.analyze("한미상호방위조약은 오늘날 연합방위체제의 법적 근간으로서")
    query = analyzer.analyze("한미상호방위조약")
    assert "한미상호방위조약" in doc
    assert "한미상호방위조약" in query


def test_particles_and_endings_are_dropped(analyzer: Analyzer) -> None:
    assert analyzer.analyze("조약을") == ["조약"]
    assert analyzer.analyze("조약은") == analyzer.analyze("조약이") == ["조약"]
    terms = analyzer.analyze("이조약을한국과체결할수있다는의사를표명했다.")
    assert "조약" in terms and "한국" in terms
    assert not {"을", "과", "는", "를", "다"} & set(terms)


def test_verbs_and_adjectives_by_lemma(analyzer: Analyzer) -> None:
    assert analyzer.analyze("밥을 먹었다") == analyzer.analyze("밥을 먹는") == ["밥", "먹다"]
    assert "아름답다" in analyzer.analyze("아름다운 강산")


def test_middle_dot_spellings_agree(analyzer: Analyzer) -> None:
    expected = analyzer.analyze("한미 동맹")
    assert analyzer.analyze("한·미 동맹") == expected
    assert analyzer.analyze("한ㆍ미 동맹") == expected


def test_numbers_and_hanja_are_kept(analyzer: Analyzer) -> None:
    terms = analyzer.analyze("1953년 10월 1일 核 문제")
    assert {"1953", "10", "1", "核", "문제"} <= set(terms)


# --- English --------------------------------------------------------------------------------


def test_english_stems_and_stopwords() -> None:
    assert english_terms("The treaties were signed by the allies") == [
        "treati",
        "were",
        "sign",
        "alli",
    ]
    assert english_terms("treaty") == english_terms("Treaties")


def test_english_possessives_and_apostrophes() -> None:
    assert english_terms("Korea's alliance") == english_terms("Korea alliance")
    assert english_terms("don’t") == english_terms("dont")
    assert english_terms("it's") == []


def test_acronyms_and_numbers() -> None:
    # "us" is not a stopword, so U.S., US and us all meet.
    assert english_terms("U.S.") == english_terms("US") == english_terms("U.S.'s") == ["us"]
    assert english_terms("ROK") == ["rok"]
    assert english_terms("1,000 troops, 6.12 summit, 3.5%") == [
        "1000",
        "troop",
        "6.12",
        "summit",
        "3.5",
    ]


def test_fullwidth_is_folded() -> None:
    assert english_terms("ＡＵＭＦ　２０１８") == ["aumf", "2018"]


# --- Mixed and edge cases -------------------------------------------------------------------

AUMF_LINE = (
    "•\t\t「무력사용권한법」(AUMF,\tAuthorization\tfor\tUse\tof\tMilitary\tForce):\t"
    "미\t의회가\t대통령에게\t무"
)


def test_mixed_korean_and_english(analyzer: Analyzer) -> None:
    terms = analyzer.analyze(AUMF_LINE)
    assert {"무력", "사용", "권한", "법", "무력사용권한법", "의회", "대통령"} <= set(terms)
    # The English inside Korean text is analysed exactly as English text would be.
    english = english_terms("AUMF, Authorization for Use of Military Force")
    assert english == ["aumf", "author", "use", "militari", "forc"]
    start = terms.index("aumf")
    assert terms[start : start + len(english)] == english


def test_english_word_with_particle(analyzer: Analyzer) -> None:
    assert analyzer.analyze("AUMF를 근거로") == ["aumf", "근거"]


@pytest.mark.parametrize("text", ["", " ", "\t\n", "。、…"])
def test_empty_or_punctuation_only_text(analyzer: Analyzer, text: str) -> None:
    assert analyzer.analyze(text) == []
    assert analyzer.analyze(text, lang="ko") == []
    assert analyzer.analyze(text, lang="en") == []


@pytest.mark.parametrize(
    "text",
    [
        AUMF_LINE,
        "한미상호방위조약체결은1 9 5 3년 1 0월 1일미국워싱턴에서변영태",
        "의\t2의\t동의를\t통해\t비준절차를\t거치는\t‘조약(treaties)’\t방식과\t그",
        "리핀, 미국과일본, 앤저스( A N Z U S )조약과같은상호방위조약및동맹",
        "<출전> The Alliance Treaty Obligations and Provisions Project(ATOP)\nhttps://atop.rice.edu/",
        "뉴욕 타임스 국제 연합 안전 보장 이사회 😀 東京",
    ],
)
def test_no_term_contains_whitespace_or_is_empty(analyzer: Analyzer, text: str) -> None:
    langs: list[Lang | None] = [None, "ko", "en"]
    for lang in langs:
        terms = analyzer.analyze(text, lang=lang)
        assert terms
        assert all(term and not re.search(r"\s", term) for term in terms), terms


def test_analyze_many_matches_analyze(analyzer: Analyzer) -> None:
    texts = [AUMF_LINE, "", "Mutual Defense Treaty", "한미상호방위조약체결일정", "조약을"]
    assert analyzer.analyze_many(texts) == [analyzer.analyze(t) for t in texts]
    assert analyzer.analyze_many(texts, lang="ko") == [analyzer.analyze(t, "ko") for t in texts]
    assert analyzer.analyze_many([]) == []


def test_lang_en_keeps_hangul_words_whole(analyzer: Analyzer) -> None:
    assert analyzer.analyze("조약을 체결", lang="en") == ["조약을", "체결"]


def test_normalize_unifies_middle_dots_and_apostrophes_before_and_after_nfkc() -> None:
    from ingest.analysis import normalize

    assert normalize("한ㆍ미 한･미 한‧미") == "한·미 한·미 한·미"
    # NFKC turns the fullwidth grave accent into "`", which then becomes "'".
    assert normalize("don’t ｀x") == "don't 'x"
    assert normalize("ＡＮＺＵＳ １９５３년") == "ANZUS 1953년"
    assert normalize("plain text 그대로") == "plain text 그대로"
