"""Titles from the typography of page 1: each case is a real line of a development document."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ingest.pages import split_pages
from ingest.readers import read_source
from ingest.records import Line
from ingest.titles import (
    english_title_over_abstract,
    labelled,
    subtitle_of,
    title_from_layout,
    title_from_sizes,
    unspaced,
)

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
        # The Hancom sources of PDFs: the title their PDF twin shows, by the same rules.
        ("ko_bizplan_homepage.hwp", "OO교육대학교 OXX사업단 홈페이지 구축 사업"),  # 2 framed rows
        ("ko_exam_science.hwp", "2025학년도 대학수학능력시험 문제지"),  # 21 pt over 40 pt
        (
            "ko_report_footnotes.hwp",
            "3D 프린팅 기술의 등장과 기술 발전에 따른 문제점과 정부의 대처 방안",
        ),
        (
            "ko_press_rda_contest.hwp",
            "“식물과 가까워졌어요” 어린이 농업 농촌 글짓기 공모전 시상식 열려",
        ),
        ("ko_approval_fire_report.hwpx", None),  # its title is in a table nested in the form
    ],
)
def test_hwp_titles_as_printed(name: str, title: str | None) -> None:
    source = read_source(HWP_DIR / name)
    _, lines = split_pages(source.text, (), source.layout)
    assert title_from_layout(lines) == title


def _laid(*rows: tuple[str, tuple[float, float, float, float]], body: float = 13.0) -> list[Line]:
    """Page-1 lines with their boxes (as the PDF reader gives them), then body lines."""
    lines = [Line(t, 0, len(t), 1, box=b, height=b[3] - b[1]) for t, b in rows]
    text = "본문은 이 크기로 짜여 있습니다"
    return lines + [Line(text, 0, 0, 2, box=(60, 100, 500, 100 + body), height=body)] * 20


def test_a_title_over_two_lines_in_two_sizes() -> None:
    # ko_report_footnotes p1: an 18 pt line centred over a 20 pt one, then a chapter heading.
    lines = _laid(
        ("3D 프린팅 기술의 등장과 ", (191, 124, 405, 142)),
        ("기술 발전에 따른 문제점과 정부의 대처 방안 ", (88, 153, 507, 173)),
        ("3D 프린팅 기술의 등장 ", (110, 221, 306, 239)),
        body=15.0,
    )
    want = "3D 프린팅 기술의 등장과 기술 발전에 따른 문제점과 정부의 대처 방안"
    assert title_from_layout(lines) == want


def test_the_line_naming_the_document_above_its_part() -> None:
    # ko_exam_science p1: the paper's name over the 51 pt name of its section.
    lines = _laid(
        ("2025학년도 대학수학능력시험 문제지", (272, 60, 593, 87)),
        ("제4교시", (71, 116, 141, 144)),
        ("과학탐구 영역(화학Ⅰ) ", (252, 99, 626, 150)),
        ("성명", (117, 171, 148, 192)),
        body=14.7,
    )
    assert title_from_layout(lines) == "2025학년도 대학수학능력시험 문제지"


def test_a_genre_alone_is_no_title_when_the_cover_names_the_document() -> None:
    # ko_bizplan_homepage p1: the project's name over the letter-spaced genre.
    rows = [
        ("OO교육대학교 OXX사업단 홈페이지 구축 사업", (55, 138, 389, 154)),
        ("사 업 수 행 계 획 서", (110, 184, 482, 214)),
        ("20XX. 1. ", (260, 434, 333, 452)),
        ("주식회사 OOO소O트", (210, 621, 385, 640)),
    ]
    assert title_from_layout(_laid(*rows, body=12.9)) == "OO교육대학교 OXX사업단 홈페이지 구축 사업"
    # With nothing above it, the genre's name is what the cover prints.
    assert title_from_layout(_laid(*rows[1:], body=12.9)) == "사업수행계획서"


def test_english_title_over_the_english_abstract() -> None:
    # ko_paper_kopdp: the Korean title on p1, the English one in the same 26 pt on p2.
    page1 = [("한국 특허 데이터 프로젝트: 내용과 방법*", (116, 135, 488, 161))]
    lines = _laid(*page1, body=13.0)
    page2 = [
        ("Korea Patent Data Project (KoPDP): ", (127, 67, 476, 93)),
        ("Contents and Methods ", (192, 101, 413, 127)),
        ("< 영문초록> ", (275, 170, 330, 184)),
        ("In this paper, we describe the contents and methods of", (58, 189, 538, 202)),
    ]
    lines += [Line(t, 0, len(t), 3, box=b, height=b[3] - b[1]) for t, b in page2]
    want = "Korea Patent Data Project (KoPDP): Contents and Methods"
    assert english_title_over_abstract(lines) == want
    # Body text between the top of the page and the label: no title there.
    body = Line("The project collects all utility patents", 0, 0, 3, box=(58, 140, 538, 153))
    lines.insert(-2, replace(body, height=13.0))
    assert english_title_over_abstract(lines) is None


def test_subtitle_under_the_title() -> None:
    # ko_report_kdi_market.hwp: the genre under the cover title
    kdi = _sized(
        ("시 장 구 조 조 사", 32.0),
        ("최종보고서", 16.0),
        ("2019. 11", 14.0),
        ("한국개발연구원", 19.0),
        *[("본문 문단입니다.", 13.0)] * 8,
    )
    assert subtitle_of(kdi, title_from_sizes(kdi)) == "최종보고서"
    # ko_press_unification.hwpx: the "- …" line under a press release's title
    press = _sized(
        ("보도자료", 14.0),
        ("국립통일교육원장, 6. 25.(화) 한미연합사 장병 대상 북한 실상 특강", 20.0),
        ("- ｢북한 경제·사회 실태 인식 보고서｣를 토대로 북한 바로 알기 강의", 15.0),
        *[("□ 고영환 국립통일교육원장은 6. 25.(화) 특강을 실시합니다.", 15.0)] * 5,
    )
    assert subtitle_of(press, title_from_sizes(press)) == (
        "｢북한 경제·사회 실태 인식 보고서｣를 토대로 북한 바로 알기 강의"
    )


def test_a_date_or_body_under_the_title_is_no_subtitle() -> None:
    # ko_guide_ai_semiconductor's cover: the date under the title
    cover = _sized(
        ("2026년『AI-반도체 해외실증 지원』", 30.0),
        ("사업 공모 안내서(엣지형)", 30.0),
        ("2026. 2.", 16.0),
        *[("본문 문단입니다.", 13.0)] * 8,
    )
    assert subtitle_of(cover, title_from_sizes(cover)) is None
    assert subtitle_of(cover, None) is None
    assert subtitle_of(cover, "인쇄되지 않은 제목") is None


@pytest.mark.parametrize(
    ("name", "subtitle"),
    [
        ("ko_exam_science.pdf", "과학탐구 영역(화학Ⅰ)"),  # the largest line, under its title
        ("ko_bizplan_homepage.pdf", "사업수행계획서"),  # letter-spaced genre in display type
        ("ko_manual_road_rumble.pdf", "노면요철포장 편"),  # "- 노면요철포장 편 -"
        ("ko_report_footnotes.pdf", None),
    ],
)
def test_subtitles_of_development_pdfs(name: str, subtitle: str | None) -> None:
    pdf = HWP_DIR.parent / "pdf" / name
    if not pdf.exists():
        pytest.fail(f"the development documents are missing ({pdf})", pytrace=False)
    source = read_source(pdf)
    _, lines = split_pages(source.text, [], source.layout)
    assert subtitle_of(lines, title_from_layout(lines)) == subtitle
