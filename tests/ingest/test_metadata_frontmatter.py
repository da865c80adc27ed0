"""Metadata from what documents print: each case is a real line of a development document."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.blocks import label_of, section_title
from ingest.frontmatter import (
    authors,
    authors_in,
    english_title,
    issued_year,
    year,
    year_in,
)
from ingest.metadata import Metadata
from ingest.pipeline import Tools, ingest_source
from ingest.properties import authored_year, plausible, printed_authors, printed_title
from ingest.readers import read_source
from ingest.records import Line

PDF_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs" / "pdf"


def _lines(*texts: str, table: int | None = None) -> list[Line]:
    return [Line(t, 0, len(t), 1, table=table) for t in texts]


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("이지홍 임현경 김상동 송근상 정재유", ["이지홍", "임현경", "김상동", "송근상", "정재유"]),
        ("안 진 현 (安 眞 玄 Ahn, Jin-Hyun) ", ["안진현"]),  # ko_thesis_template_latex
        ("학생: 최재필 지도교수: 강장구 교수님 ", ["최재필"]),  # the advisor is no author
        ("서정민 기자", ["서정민"]),
        (
            "Dahyun Kim∗, Chanjun Park∗†, Sanghoon Kim∗†, Wonsung Lee∗†, Wonho Song∗ ",
            ["Dahyun Kim", "Chanjun Park", "Sanghoon Kim", "Wonsung Lee", "Wonho Song"],
        ),
        (
            "Mikyoung Cha, Hwalsuk Lee†, Sunghun Kim† ",
            ["Mikyoung Cha", "Hwalsuk Lee", "Sunghun Kim"],
        ),
        ("Benjamin I. P. Rubinstein ", ["Benjamin I. P. Rubinstein"]),
        ("Upstage AI, South Korea ", []),
        ("School of Computing and Information Systems", []),
        ("Amherst College ", []),
        ("February 10, 2022 ", []),
        ("(서울대학교) ", []),
        ("보도자료 ", []),  # 보 is no surname
        ("한국과학기술원 ", []),
    ],
)
def test_authors_in_a_front_matter_line(line: str, names: list[str]) -> None:
    assert authors_in(line) == names


def test_authors_are_the_names_under_the_title() -> None:
    # en_paper_hardforget p1: names between affiliation and e-mail lines.
    lines = _lines(
        "Hard to Forget: Poisoning Attacks on Certified Machine",
        "Unlearning ",
        "Neil G. Marchant ",
        "School of Computing and Information Systems",
        "University of Melbourne ",
        "nmarchant@unimelb.edu.au ",
        "Scott Alfeld ",
        "Department of Computer Science ",
        "February 10, 2022 ",
        "Abstract ",
        "Jane Doe",
    )
    title = "Hard to Forget: Poisoning Attacks on Certified Machine Unlearning"
    assert authors(lines, title) == ("Neil G. Marchant", "Scott Alfeld")
    assert year(lines) == 2022


def test_no_title_no_authors() -> None:
    # ko_scan_fire_report: the signer of an approval block above an unread title.
    assert authors(_lines("현장대응단장", "김영호"), None) == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2025. 12. 11.", 2025),  # ko_plan_moel_report
        ("(2021. 6)", 2021),  # ko_manual_road_rumble
        ("2019 년 5 월 ", 2019),  # ko_paper_kopdp
        ("2025학년도 대학수학능력시험 문제지", 2025),  # ko_exam_science
        ("2025. 8. 7.(목) 11:00 ", 2025),  # ko_press_rda_contest
        ("February 10, 2022 ", 2022),  # en_paper_hardforget
        ("4 Apr 2024", 2024),
        ("March 2024", 2024),
        ("2020 ", 2020),  # ko_thesis_template_latex: a year on its own
        ("20XX. 1.", None),  # ko_bizplan_homepage: an anonymised date
        ("1. 다음은 일상생활에서 사용하는 제품과", None),
    ],
)
def test_year_of_a_printed_date(line: str, expected: int | None) -> None:
    assert year_in(line) == expected


def test_year_from_a_letterhead_cell_not_a_data_table() -> None:
    # ko_press_fsc_loan: "보도시점 | 2025. 8. 13.(수) 15:00 | 배포 | 2025. 8. 13.(수) 09:00".
    head = Line(
        "보도시점 | 2025. 8. 13.(수) 15:00",
        0,
        1,
        1,
        table=2,
        cells=("보도시점", "2025. 8. 13.(수) 15:00"),
    )
    assert year([head]) == 2025
    # ko_notice_water_test: an inspection date in a results table is not the document's.
    data = Line(
        "검사자 | 남성우 | 채수일 | 2026. 6. 25.",
        0,
        1,
        1,
        table=3,
        cells=("검사자", "남성우", "채수일", "2026. 6. 25."),
    )
    assert year([data]) is None


def test_year_never_from_body_text() -> None:
    body = "올해 공모는 ‘내가 키운 특별한 식물이야기’를 주제로 2025년 3월 31일까지 진행했다."
    assert year(_lines(body, "2020")) is None  # the front ends at the first sentence


def test_year_from_the_arxiv_stamp_in_the_margin() -> None:
    assert year([], ["arXiv:2312.15166v3[cs.CL]4Apr2024"]) == 2024  # en_paper_solar


def test_english_title_right_below_the_korean_one() -> None:
    lines = _lines(
        "석사학위논문 ",
        "탄소 나노튜브의 물리적 특성에 대한 이론 연구",
        "Theoretical Study on Physical Properties of Carbon Nanotubes",
        "2020 ",
    )
    title = "탄소 나노튜브의 물리적 특성에 대한 이론 연구"
    assert (
        english_title(lines, title)
        == "Theoretical Study on Physical Properties of Carbon Nanotubes"
    )
    assert english_title(lines[:2] + _lines("Master’s Thesis"), title) is None


def test_labels_and_section_titles() -> None:
    assert label_of("< 국문초록> ") == "국문초록"  # ko_paper_kopdp p1
    assert label_of("< 영문초록> ") == "영문초록"  # ko_paper_kopdp p2
    assert label_of("요 약") == "요약"
    assert section_title("1 Introduction ")  # en_paper_solar p1
    assert not section_title("1. 다음은 일상생활에서 사용하는 제품과 이와 관련된 성분 (가)와")


def test_file_properties_only_when_plausible_and_printed() -> None:
    assert not plausible("proposal2.md")  # ko_proposal_chrome's PDF Title
    assert not plausible("Microsoft Word - 보고서.docx")
    assert not plausible("제목 없음") and not plausible("untitled") and not plausible("1111")
    assert not plausible("https://example.org/paper")
    page1 = "HardtoForget:PoisoningAttacksonCertifiedMachineUnlearningNeilG.Marchant"
    props = {"title": "Hard to Forget: Poisoning Attacks on Certified Machine Unlearning"}
    assert printed_title(props, page1) == props["title"]
    # ko_exam_science.hwp: the template's name, printed nowhere.
    assert printed_title({"title": "평가원 과탐 양식"}, "2025학년도대학수학능력시험문제지") is None
    assert printed_authors({"author": "모킹버드"}, "2025학년도대학수학능력시험문제지") == ()
    assert printed_authors({"author": "Neil G. Marchant"}, page1) == ("Neil G. Marchant",)


def test_file_dates_only_from_an_authoring_format_saved_within_its_year() -> None:
    hwp = "application/x-hwp"
    # ko_report_footnotes.hwp: a 2016 template saved in 2026 states no year of its own.
    assert (
        authored_year({"created": "2016-08-08T08:57:19Z", "modified": "2026-03-18T06:06:08Z"}, hwp)
        is None
    )
    assert (
        authored_year({"created": "2025-08-01T00:00:00Z", "modified": "2025-08-18T05:52:31Z"}, hwp)
        == 2025
    )
    assert (
        authored_year({"created": "2024-04-05", "modified": "2024-04-05"}, "application/pdf")
        is None
    )


@pytest.fixture(scope="module")
def _pdfs() -> Path:
    if not (PDF_DIR / "en_paper_solar.pdf").exists():
        pytest.fail(f"the development PDFs are missing ({PDF_DIR})", pytrace=False)
    return PDF_DIR


@pytest.mark.parametrize(
    ("name", "start", "keywords"),
    [
        ("en_paper_solar.pdf", "We introduce SOLAR 10.7B", ()),
        (
            "en_paper_hardforget.pdf",
            "The right to erasure requires",
            ("machine unlearning", "adversarial machine learning", "data poisoning"),
        ),
    ],
)
def test_a_paper_abstract_is_the_text_under_its_label(
    _pdfs: Path, tools: Tools, name: str, start: str, keywords: tuple[str, ...]
) -> None:
    # The "Abstract" label is above its text: read backwards, it had made the title and the
    # authors the abstract, and with no end every passage up to the next heading.
    result = ingest_source(read_source(_pdfs / name), Metadata(), tools)
    marked = [p for p in result.passages if p.kind == "abstract"]
    assert marked and len(marked) <= 3 and all(p.page == 1 for p in marked)
    doc = result.document
    assert doc.abstract_en and doc.abstract_en.startswith(start)
    assert doc.keywords_en == keywords
    assert doc.year and doc.authors
    sources = {p.field: p.source for p in doc.provenance}
    assert sources["authors"] == "page1" and sources["year"] == "page1"


def test_english_title_under_the_korean_title_printed_again() -> None:
    # ko_proposal_chrome p1: the title, the student, then "1. 제목 (Title)" with both titles.
    lines = _lines(
        "한국 주식시장에서의 텍스트 기반 산업 모멘텀",
        "학생: 최재필 지도교수: 강장구 교수님 ",
        "1. 제목 (Title) ",
        "한국 주식시장에서의 텍스트 기반 산업 모멘텀 ",
        "Text-Based Industry Momentum in Korean Stock Market ",
        "2. 연구 동기 (Motivation) ",
    )
    title = "한국 주식시장에서의 텍스트 기반 산업 모멘텀"
    assert english_title(lines, title) == "Text-Based Industry Momentum in Korean Stock Market"
    assert english_title(lines[:4], title) is None


def test_authors_from_a_research_team_box() -> None:
    # ko_report_kdi_market's cover: a boxed "< 연 구 진 >" with a member per line.
    def row(*cells: str) -> Line:
        return Line(" | ".join(c for c in cells if c), 0, 0, 1, table=3, cells=cells)

    lines = [
        Line("시 장 구 조 조 사", 0, 0, 1, table=2, cells=("시 장 구 조 조 사",)),
        *_lines("최종보고서", "2019. 11", "한국개발연구원"),
        row("", "", "<", "연  구  진", ">", ""),
        row("▣ ｢시장구조조사｣ 연구진", "", "", "", "", ""),
        row("", "이상무  KDI 전문위원 이재형  KDI 전문위원 양정삼  KDI 전문위원", "", "", "", ""),
        Line("다른 표", 0, 0, 1, table=4, cells=("이재형  KDI 전문위원",)),
    ]
    assert authors(lines, "시장구조조사") == ("이상무", "이재형", "양정삼")
    # A table not labelled as the research team is not read for names.
    assert authors([*lines[:4], *lines[6:]], "시장구조조사") == ()


def test_year_of_an_official_letters_issue_stamp() -> None:
    # ko_notice_water_test.hwpx: the closing box of a 공문, its cells joined by tabs.
    stamp = "주무관\t남성우\t시행\t행정지원과-9859\t(\t2026. 6. 25.\t)\t접수\t(\t) 우\t05397"
    assert issued_year(_lines("검사일: 2025. 6. 25.", stamp)) == 2026
    assert issued_year(_lines("시행일: 2025. 6. 25.", "시행령 개정(2024. 1. 2.)")) is None


def test_a_thesis_korean_abstract_under_its_label(_pdfs: Path, tools: Tools) -> None:
    # KAIST's template prints "초록" over the Korean abstract and "핵 심 낱 말 가, 나, 다"
    # under it, then "Abstract" and "Keywords a, b, c" (ko_thesis_template_latex p5).
    result = ingest_source(read_source(_pdfs / "ko_thesis_template_latex.pdf"), Metadata(), tools)
    doc = result.document
    assert doc.abstract_ko and doc.abstract_ko.startswith("지난 10여 년간 탄소 나노튜브는")
    assert doc.keywords_ko == ("가", "나", "다")
    assert doc.abstract_en and doc.abstract_en.startswith("For the last decade")
    assert doc.keywords_en == ("a", "b", "c")
    assert {p.page for p in result.passages if p.kind == "abstract"} == {5}


def test_a_label_in_a_document_without_pages_does_not_look_back(_pdfs: Path, tools: Tools) -> None:
    # ko_report_kdi_market.hwp has no layout, so its text is one page: its "요약" label,
    # printed after the table of contents, had made the contents its abstract.
    hwp = _pdfs.parent / "hwp" / "ko_report_kdi_market.hwp"
    result = ingest_source(read_source(hwp), Metadata(), tools)
    assert not result.document.pages_known
    assert result.document.abstract_ko is None
    assert not [p for p in result.passages if p.kind == "abstract"]
