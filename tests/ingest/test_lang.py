from __future__ import annotations

import pytest

from ingest.lang import has_hangul, lang_of, query_lang


def test_hangul_is_the_precomposed_syllables() -> None:
    assert has_hangul("한미 상호 방위 조약")
    assert has_hangul("ANZUS 조약")
    assert not has_hangul("Mutual Defense Treaty 1953")
    assert not has_hangul("韓美相互防衛條約")  # Hanja is not Hangul


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("한미 상호 방위 조약은 1953년에 서명되었다.", "ko"),
        ("한미 상호 방위 조약(ROK-US MDT)", "ko"),
        ("The treaty entered into force on 17 November 1954.", "en"),
        ("ANZUS 조약", "en"),  # 2 syllables against 5 letters: under the text share
        ("한미 상호 방위 조약(Mutual Defense Treaty)", "en"),  # 8 against 19
        ("1953. 10. 1.", "en"),  # no letters at all
        ("", "en"),
    ],
)
def test_lang_of_a_text(text: str, lang: str) -> None:
    assert lang_of(text) == lang


@pytest.mark.parametrize(
    ("query", "lang"),
    [
        ("ANZUS 조약", "ko"),  # a Korean query about ANZUS
        ("ANZUS treaty", "en"),
        ("조약 abcdefgh", "ko"),  # 2 syllables, 8 letters: exactly 1 : 4
        ("조약 abcdefghi", "en"),
    ],
)
def test_query_lang_counts_a_syllable_as_four_letters(query: str, lang: str) -> None:
    assert query_lang(query) == lang


def test_pipeline_keeps_its_name_for_it() -> None:
    from ingest.pipeline import lang_of as pipeline_lang_of

    assert pipeline_lang_of is lang_of
