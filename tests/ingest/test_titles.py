"""Titles from the typography of page 1: each case is a real line of a development document."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pages import split_pages
from ingest.readers import read_source
from ingest.records import Line
from ingest.titles import labelled, title_from_layout, title_from_sizes, unspaced

HWP_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs" / "hwp"


def _sized(*rows: tuple[str, float], table: int | None = None) -> list[Line]:
    return [Line(t, 0, len(t), 1, table=table, size=size) for t, size in rows]


def test_letter_spaced_words_of_one_syllable_are_joined() -> None:
    assert unspaced("시 장 구 조 조 사") == "시장구조조사"  # ko_report_kdi_market's cover
    assert unspaced("고용노동부 업무보고") == "고용노동부 업무보고"
    assert unspaced("목 차 안내") == "목 차 안내"  # not every word one syllable
    assert unspaced("A B") == "A B"


def test_largest_paragraph_of_the_front_is_the_title() -> None:
    # ko_report_kdi_market.hwp: a 32 pt boxed cover title over a 16 pt document type.
    lines = _sized(
        ("시 장 구 조 조 사", 32.0),
        ("최종보고서", 16.0),
        ("2019. 11", 14.0),
        ("한국개발연구원", 19.0),
        *[("본문 문단입니다.", 13.0)] * 8,
    )
    assert title_from_sizes(lines) == "시장구조조사"


def test_a_subtitle_in_smaller_type_stays_out() -> None:
    # ko_press_unification.hwpx: title 20 pt, the "- ｢…｣" line under it 15 pt, body 15 pt.
    lines = _sized(
        ("보도자료", 14.0),
        ("국립통일교육원장, 6. 25.(화) 한미연합사 장병 대상 북한 실상 특강", 20.0),
        ("- ｢북한 경제·사회 실태 인식 보고서｣를 토대로 북한 바로 알기 강의", 15.0),
        *[("□ 고영환 국립통일교육원장은 6. 25.(화) 특강을 실시합니다.", 15.0)] * 5,
    )
    assert (
        title_from_sizes(lines)
        == "국립통일교육원장, 6. 25.(화) 한미연합사 장병 대상 북한 실상 특강"
    )


def test_no_title_where_nothing_is_set_larger() -> None:
    lines = _sized(*[("서울시 상수도 행정에 협조해 주셔서 감사합니다.", 12.0)] * 4)
    assert title_from_sizes(lines) is None


def test_an_official_letter_states_its_title_in_its_label_cell() -> None:
    # ko_notice_water_test.hwpx: the letterhead table of a 공문.
    rows = [("수신자", "강동수도사업소: 내부결재"), ("제목", "수질검사 신청 민원 처리 결과 안내")]
    lines = [Line(" | ".join(r), 0, 0, 1, table=1, cells=r) for r in rows]
    assert labelled(lines) == "수질검사 신청 민원 처리 결과 안내"
    assert labelled(lines[:1]) is None


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("ko_report_kdi_market.hwp", "시장구조조사"),
        ("ko_press_fsc_loan.hwp", "7월중 가계대출 동향(잠정) 및 「가계부채 점검회의」 개최"),
        ("ko_press_fsc_loan.hwpx", "7월중 가계대출 동향(잠정) 및 「가계부채 점검회의」 개최"),
        (
            "ko_press_unification.hwpx",
            "국립통일교육원장, 6. 25.(화) 한미연합사 장병 대상 북한 실상 특강",
        ),
        ("ko_notice_water_test.hwpx", "수질검사 신청 민원 처리 결과 안내"),
    ],
)
def test_hwp_titles_as_printed(name: str, title: str) -> None:
    source = read_source(HWP_DIR / name)
    _, lines = split_pages(source.text, (), source.layout)
    assert title_from_layout(lines) == title
