"""The English → Korean lexicon: lookup, reading the file, the shipped table."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from index.lexicon import LEXICON_PATH, Lexicon, lexicon_from, load_lexicon
from ingest.analysis import english_terms


def test_translate_keeps_the_best_few_above_the_floor_each_once() -> None:
    lexicon = lexicon_from(
        [
            ("treati", "조약", 0.8),
            ("treati", "체결", 0.1),
            ("treati", "잡음", 0.01),
            ("mutual", "상호", 0.3),
            ("defens", "방어", 0.3),
            ("defens", "조약", 0.2),
        ]
    )
    assert lexicon.translate(["mutual", "defens", "treati"], top=2, min_probability=0.05) == [
        "상호",
        "방어",
        "조약",
        "체결",
    ]
    assert lexicon.translate(["treati"], top=3, min_probability=0.05) == ["조약", "체결"]
    assert lexicon.translate(["unknown"]) == []


def test_a_malformed_or_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as f:
        f.write("treati\t조약\n")
    with pytest.raises(ValueError, match=r"bad\.tsv\.gz:1"):
        load_lexicon(bad)
    with pytest.raises(ValueError, match="cannot read the lexicon"):
        load_lexicon(tmp_path / "missing.tsv.gz")


@pytest.fixture(scope="module")
def shipped() -> Lexicon:
    return load_lexicon(LEXICON_PATH)


@pytest.mark.parametrize(
    ("english", "korean"),
    [("treaty", "조약"), ("president", "대통령"), ("nuclear", "핵"), ("cost", "비용")],
)
def test_the_shipped_lexicon_translates_common_words(
    shipped: Lexicon, english: str, korean: str
) -> None:
    assert korean in shipped.translate(english_terms(english))
