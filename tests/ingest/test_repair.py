"""Golden cases: real lines from the seeds and the text they must become (before spacing)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from ingest.pipeline import Tools
from ingest.repair import (
    Prepared,
    Usage,
    Words,
    _not_by_middle_dot,
    apply_spacing,
    dehyphenate,
    despread,
    join_lines,
    prepare,
)

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "repair.jsonl"
CASES = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['seed']}:{c['lines'][0]}" for c in CASES])
def test_golden_prepare(case: dict[str, object]) -> None:
    lines = case["input"]
    assert isinstance(lines, list)
    short = lines[0].startswith(" 일 자")
    assert prepare(lines, short_line=short).text == case["expected"], case["note"]


def test_cut_word_is_rejoined_and_marked_for_spacing() -> None:
    text, junctions, joins = join_lines(["본 보고서는 완", "", "전한 비핵화를"])
    assert text == "본 보고서는 완전한 비핵화를"
    assert junctions == [len("본 보고서는 완")]
    assert joins == 1


def test_trailing_tab_means_the_word_ended() -> None:
    text, junctions, _ = join_lines(["북한의\t핵무력을\t", "완성시켰기"])
    assert text == "북한의 핵무력을 완성시켰기"
    assert junctions == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 9 5 3년", "1953년"),
        ("6·2 5전쟁", "6·25전쟁"),
        ("앤저스( A N Z U S )조약", "앤저스(ANZUS)조약"),
        ("1 0월 1일", "10월 1일"),
        ("8 1대 6으로", "81대 6으로"),
        ("8명의", "8명의"),
        ("2/3의 지지", "2/3의 지지"),
        ("1993, 1994년", "1993, 1994년"),
        ("기대할 수 있음5 6 7", "기대할 수 있음5 6 7"),  # footnotes, not a number
        ("그 후 휴전회담의", "그 후 휴전회담의"),  # real one-syllable words stay apart
        ("G20 정상회의", "G20 정상회의"),
    ],
)
def test_despread(raw: str, expected: str) -> None:
    assert despread(raw)[0] == expected


def test_spread_syllables_in_table_cells_only() -> None:
    assert despread("분 류", short_line=True)[0] == "분류"
    assert despread("할 수 있다")[0] == "할 수 있다"


def test_spacer_sees_the_words_around_a_damaged_one(tools: Tools) -> None:
    """seed 000, line 75: alone, "국무부차관보를한국에" ends at the sentence's edge and Kiwi
    reads 한/MM 국/NNG ("한 국에"); with "급파하여" after it, 한국/NNP."""
    text = "로버트슨 국무부차관보를한국에 급파하여이승만대통령에게"
    spaced, counts = apply_spacing(text, [], tools.spacer)
    assert spaced == "로버트슨 국무부 차관보를 한국에 급파하여 이승만 대통령에게"
    assert counts["korean_spacing"] == 4


def test_only_damaged_words_change(tools: Tools) -> None:
    """Context words are analysed with the damaged word, but only its spaces are kept."""
    text = "그는 학교에갔다가 그리고집에 왔다"  # a short word cut by a wrap at 그리고|집
    spaced, _ = apply_spacing(text, [text.index("집")], tools.spacer)
    assert spaced == "그는 학교에갔다가 그리고 집에 왔다"


def test_a_cut_word_follows_the_documents_own_spelling() -> None:
    # ko_guide_ai_semiconductor writes "전산 접수" apart and "선정평가" together elsewhere;
    # a wrap inside either is decided the same way.
    usage = Usage(["□ 사업계획서 전산 접수 안내", "선정평가 일정", "선정평가 결과"])
    assert usage.spaced("전산접수를", 2) is True
    assert usage.spaced("선정평가", 2) is False
    assert usage.spaced("협약체결", 2) is None  # the document does not say


def test_junctions_do_not_vote_for_themselves() -> None:
    prepared = Prepared("전산접수를 통해", (2,), Counter())
    assert Usage.of([prepared]).spaced("전산접수를", 2) is None


def test_no_space_next_to_a_middle_dot_or_its_stand_ins() -> None:
    # "정부ㆍ⏎공공기관" (U+318D between two words of ko_guide_ai_semiconductor)
    assert {2, 3} & _not_by_middle_dot("정부ㆍ공공기관") == set()
    assert {2, 3} & _not_by_middle_dot("정부·공공기관") == set()
    assert 2 in _not_by_middle_dot("정부공공기관")


def test_a_numeral_bullet_or_parenthesis_opening_a_line_starts_a_word() -> None:
    # ko_guide_ai_semiconductor: "…변경될 수 있음" at a page's foot, "Ⅱ 사업 지원 내용" next;
    # "…조정될 수 있음" then "(2차년도) 지원대상·규모와 …".
    text, junctions, _ = join_lines(["변경될 수 있음", "Ⅱ 사업 지원 내용"])
    assert text == "변경될 수 있음 Ⅱ 사업 지원 내용" and junctions == []
    text, junctions, _ = join_lines(["조정될 수 있음", "(2차년도) 지원대상"], laid_out=True)
    assert text == "조정될 수 있음 (2차년도) 지원대상" and junctions == []
    text, junctions, _ = join_lines(["의지를 피력", "(2018.3.5.~6)"])  # seed 002: a text file
    assert text == "의지를 피력(2018.3.5.~6)" and junctions == [6]
    text, junctions, _ = join_lines(["정보통신산업", "진흥원"])
    assert text == "정보통신산업진흥원" and junctions == [6]  # a Hangul wrap stays open


def test_a_hyphen_at_a_wrap_follows_the_documents_spelling() -> None:
    # en_paper_solar writes "notably" and "fine-tuning" elsewhere; "cre-|ating" has no
    # evidence and its halves are no words of the document.
    words = Words("Notably, the model is fine-tuning. We fine-tuning it.")
    assert not words.keeps_hyphen("No", "tably")
    assert words.keeps_hyphen("fine", "tuning")
    assert not words.keeps_hyphen("cre", "ating")
    assert words.keeps_hyphen("non", "aggression")  # seed 002: a prefix
    assert words.keeps_hyphen("Kim", "Lee")  # a capital after lower case
    assert words.keeps_hyphen("B", "matrix")  # no typesetter leaves one letter


def test_dehyphenate_drops_the_typesetters_hyphen_only() -> None:
    text, junctions, _ = join_lines(
        ["the vertical dimension. No-", "tably, the non-", "aggression"]
    )
    assert text == "the vertical dimension. No-tably, the non-aggression"
    prepared = Prepared(text, tuple(junctions), Counter())
    out = dehyphenate(prepared, Words("notably"))
    assert out.text == "the vertical dimension. Notably, the non-aggression"
    assert out.junctions == ()
    assert out.counts["line_end_hyphens"] == 1
