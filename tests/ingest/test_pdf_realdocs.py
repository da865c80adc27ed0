"""Golden lines from the development PDFs (../shared/realdocs/pdf): each pins one rule of the
PDF reader's word boundaries to the real line that called for it. The expected text is what
the document's HWP source says there."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest.metadata import Metadata
from ingest.pages import split_pages
from ingest.pipeline import Ingested, Tools, ingest_source
from ingest.readers import read_source
from ingest.records import Line, Source
from ingest.titles import title_from_layout

PDF_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs" / "pdf"


@pytest.fixture(scope="module", autouse=True)
def _realdocs_present() -> None:
    """CI has ../shared beside the repository: missing files are a failure, not a skip."""
    if not (PDF_DIR / "ko_press_rda_contest.pdf").exists():
        pytest.fail(f"the development PDFs are missing ({PDF_DIR})", pytrace=False)


@cache
def _source(name: str) -> Source:
    return read_source(PDF_DIR / name)


def _passages(name: str, tools: Tools) -> Ingested:
    return ingest_source(_source(name), Metadata(), tools)


def test_condensed_type_keeps_its_word_spaces() -> None:
    # p3's table is set in condensed type: neighbouring advance boxes overlap by 3 pt, and a
    # space is a gap of 1 pt. Measured from the line's usual gap, it is a space again.
    text = _source("ko_press_rda_contest.pdf").text
    assert "작품 제목: 밀 키우기를 통해 느낀 식물의 소중함" in text


def test_syllables_spread_by_justification_are_closed_up() -> None:
    # "□ 지원규모 :" is distributed across its width with no space glyph between the
    # syllables; the source has "지원규모".
    text = _source("ko_guide_ai_semiconductor.pdf").text
    assert "□ 지원규모 : 총 4개 컨소시엄" in text
    assert "지 원 규 모" not in text


def test_syllables_spread_by_drawn_spaces_stay_spread() -> None:
    # The sender's name under the letter: Hancom drew a space glyph between each syllable,
    # as the author typed them ("강 남 소 방 서" in the source).
    text = _source("ko_approval_fire_report.pdf").text
    assert "끝.\n강 남 소 방 서\n" in text


def test_a_line_ending_short_of_its_column_ends_its_word(tools: Tools) -> None:
    # "…참여는 불가" ends its paragraph well short of the column; the next line is a new
    # note ("* AI반도체 기업: …"), not the rest of a word.
    texts = [p.text for p in _passages("ko_guide_ai_semiconductor.pdf", tools).passages]
    assert any("컨소시엄 참여는 불가 * AI반도체 기업: AI반도체 시제품" in t for t in texts)


def test_geometry_spacing_is_not_respaced(tools: Tools) -> None:
    # An eleven-syllable award name written whole: the spacing model used to split every
    # long Hangul run ("국립원예 특작과 학원장 상"); spaces read from the glyphs are kept.
    texts = [p.text for p in _passages("ko_press_rda_contest.pdf", tools).passages]
    assert sum(t.count("훈격: 국립원예특작과학원장상") for t in texts) >= 10
    assert not any("특작과 학원장" in t for t in texts)


def test_a_cell_wrap_is_left_to_the_spacing_model(tools: Tools) -> None:
    # "패키지⏎입법" wraps inside a table cell with no space glyph at the wrap, although the
    # source has a space: the wrap is a junction for the spacing model, not a glue.
    source = _source("ko_plan_moel_report.pdf")
    assert "노동시간 단축 패키지입법 지원(5월)" in source.text  # glued in the raw row
    texts = [p.text for p in _passages("ko_plan_moel_report.pdf", tools).passages]
    assert any("노동시간 단축 패키지 입법 지원(5월)" in t for t in texts)


def test_wingdings_bullets_are_bullets() -> None:
    # The security table's items start with Wingdings 0x9F, which PDFium reports as "Ÿ".
    text = _source("ko_bizplan_homepage.pdf").text
    assert "Ÿ" not in text
    assert "• 모든 사업 참여 인원은 업무 착수 전에 반드시 보안서약서" in text


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("ko_manual_road_rumble.pdf", "도로안전시설 설치 및 관리 지침"),
        # two lines in one size; the footnote mark after the title goes
        (
            "ko_guide_ai_semiconductor.pdf",
            "2026년『AI-반도체 해외실증 지원』 사업 공모 안내서(엣지형)",
        ),
        ("ko_paper_kopdp.pdf", "한국 특허 데이터 프로젝트: 내용과 방법"),
        (
            "en_paper_solar.pdf",
            "SOLAR 10.7B: Scaling Large Language Models with Simple yet Effective Depth Up-Scaling",
        ),
    ],
)
def test_the_title_is_what_page_one_prints_largest(name: str, title: str) -> None:
    source = _source(name)
    _, lines = split_pages(source.text, [], source.layout)
    assert title_from_layout(lines) == title


def test_no_title_where_nothing_is_set_large() -> None:
    # body type only (a hand-made fixture): no title rather than a guessed one
    lines = [
        Line("정전 협정은 1953년에 서명되었다.", 0, 10, 1, box=(0, 0, 100, 10), height=10),
        Line("휴전 회담은 2년을 끌었다.", 11, 20, 1, box=(0, 12, 100, 22), height=10),
    ]
    assert title_from_layout(lines) is None


def test_a_typesetters_hyphen_at_a_wrap_goes(tools: Tools) -> None:
    # p12 cuts "No-|tably" and p1 "SO-|LAR": PDFium reports the first hyphen as U+0002, and
    # the paper writes "notably" and "SOLAR" whole elsewhere.
    texts = [p.text for p in _passages("en_paper_solar.pdf", tools).passages]
    assert any("in the vertical dimension. Notably, DUS does not" in t for t in texts)
    assert not any("SO-LAR" in t or "No tably" in t for t in texts)


def test_ink_far_apart_is_two_words() -> None:
    # p6 sets "‘SFT" and a table's "we can see" on one baseline far apart; PDFium's text has
    # no space between them.
    text = _source("en_paper_solar.pdf").text
    assert "SFTwe" not in text
    assert "‘SFT we can see" in text


def test_a_pages_footnote_area_is_its_own_passages(tools: Tools) -> None:
    # p2's notes ("3) 표안의 각주", 9 pt under a 15 pt body) used to sit inside the sentence
    # that runs on to p3: "해외 사이트에서 총 3) 표안의 각주 4) … 설계도의".
    passages = _passages("ko_report_footnotes.pdf", tools).passages
    body = [p.text for p in passages if p.kind == "body"]
    assert any(t.endswith("해외 사이트에서 총 설계도의") for t in body)
    assert not any("표안의 각주" in t for t in body)
    notes = [p for p in passages if p.kind == "footnote"]
    seventh = next(p for p in notes if "7) 다양한 업체에서 만들어지는 제품의 재료 표준화" in p.text)
    assert seventh.page == 3 and seventh.section[-1] == "각주 7)"
    assert seventh.text == "7) 다양한 업체에서 만들어지는 제품의 재료 표준화"
