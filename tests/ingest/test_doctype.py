"""The kind of a document from the words its first pages print (``ingest.doctype``).

Each case is cut from a real first page of ``../shared/realdocs``.
"""

from __future__ import annotations

from ingest.doctype import Kind, read_kind

# ko_thesis_template_latex.pdf, pages 1-3 (pdfium's lines)
THESIS = """석사학위논문
Master’s Thesis
탄소 나노튜브의 물리적 특성에 대한 이론 연구
Theoretical Study on Physical Properties of Carbon Nanotubes
2020
안 진 현 (安 眞 玄 Ahn, Jin-Hyun)
한국과학기술원
Korea Advanced Institute of Science and Technology\f석사학위논문
탄소 나노튜브의 물리적 특성에 대한 이론 연구
안 진 현
위 논문은 한국과학기술원 석사학위논문으로
학위논문 심사위원회의 심사를 통과하였음
2020년 11월 30일 """

# ko_press_rda_contest.pdf, page 1 (the stray "광" is the logo's)
PRESS = """광
보도자료
보도 시점
2025. 8. 7.(목) 11:00
8. 8.(금) 조간
배포 2025. 8. 7.(목) 09:00
“식물과 가까워졌어요” 어린이 농업 농촌 글짓기 공모전 시상식 열려
- 국립원예특작과학원 7일 우장춘 박사 기리는 글짓기 공모전 시상식 """

# ko_press_unification.hwpx: the release table read as one row
PRESS_TABLE = """보도자료
보도시점 | 배포 즉시 | 배포 | 2024. 6. 24.(월)
국립통일교육원장, 6. 25.(화) 한미연합사 장병 대상 북한 실상 특강"""

# ko_report_kdi_market.hwp, its cover
REPORT = """발간등록번호
발간등록번호: 11-1130000-000344-11
시 장 구 조 조 사
최종보고서
2019. 11
한국개발연구원"""

# en_paper_hardforget.pdf: page 1 and the stamp pdfium finds in its left margin
PAPER = """Hard to Forget: Poisoning Attacks on Certified Machine
Unlearning
Neil G. Marchant
February 10, 2022
Abstract """
ARXIV_MARGIN = ("arXiv:2109.08266v2[cs.LG]10Feb2022",)


def test_a_thesis_names_its_degree_and_school() -> None:
    assert read_kind(THESIS) == Kind(doc_type="석사학위논문", publisher="한국과학기술원")


def test_an_english_thesis_cover() -> None:
    cover = "Doctoral Dissertation\nA Study of Things\nSeoul National University"
    assert read_kind(cover).doc_type == "Doctoral dissertation"
    assert read_kind("Master's Thesis\nTitle").doc_type == "Master's thesis"


def test_a_thesis_without_the_approval_sentence_takes_the_cover_school() -> None:
    cover = THESIS.split("\f")[0]
    assert read_kind(cover).publisher == "한국과학기술원"


def test_thesis_words_inside_a_sentence_are_not_a_kind() -> None:
    # the approval sentence alone, and a body line that mentions theses
    assert read_kind("위 논문은 한국과학기술원 석사학위논문으로").doc_type is None
    assert read_kind("본 연구는 석사학위논문 심사 기준을 다룬다.").doc_type is None


def test_a_press_release_and_its_release_date() -> None:
    assert read_kind(PRESS) == Kind(doc_type="보도자료", date="2025-08-07")
    assert read_kind(PRESS_TABLE) == Kind(doc_type="보도자료", date="2024-06-24")


def test_press_release_only_at_the_head_of_the_document() -> None:
    body = "\n".join(["본문"] * 10 + ["보도자료", "2025. 8. 7."])
    assert read_kind(body).doc_type is None


def test_a_report_by_its_registration_number() -> None:
    assert read_kind(REPORT) == Kind(
        doc_type="report", publisher="한국개발연구원", number="11-1130000-000344-11"
    )


def test_the_organisation_named_alone_on_page_1() -> None:
    # ko_bizplan_homepage's cover, ko_approval_fire_report's closing sender (letter-spaced),
    # ko_notice_water_test's letterhead
    cover = "OO교육대학교 OXX사업단 홈페이지 구축 사업\n사 업 수 행 계 획 서\n20XX. 1.\n"
    cover += "주식회사 OOO소O트"
    assert read_kind(cover).publisher == "주식회사 OOO소O트"
    closing = "2. 국가화재정보시스템 입력자료 1부. 끝.\n강 남 소 방 서\n[현장대응단]\n- 1 -"
    assert read_kind(closing).publisher == "강남소방서"
    letter = "강동수도사업소\n수신자 | 강동수도사업소: 내부결재\n(경유)"
    assert read_kind(letter).publisher == "강동수도사업소"


def test_an_organisation_in_a_sentence_or_a_table_is_not_the_publisher() -> None:
    # ko_press_rda_contest's first sentence; ko_press_unification's contact table
    assert (
        read_kind("농촌진흥청 국립원예특작과학원은 우장춘 박사 서거 66주기를 앞둔").publisher
        is None
    )
    assert read_kind("담당 부서 | 국립통일교육원 | 책임자 | 과  장").publisher is None
    # only page 1: a name on a later page is not the issuer
    assert read_kind("제목\f한국개발연구원").publisher is None


def test_an_arxiv_preprint_by_its_margin_stamp() -> None:
    assert read_kind(PAPER, ARXIV_MARGIN) == Kind(doc_type="preprint", number="arXiv:2109.08266v2")
    assert read_kind(PAPER) == Kind()


def test_a_doi_without_its_trailing_punctuation() -> None:
    # No development document prints a DOI: these are the two forms DOIs are printed in
    # (the DOI Handbook's "https://doi.org/" link and the "DOI:" label of Korean journals).
    line = "https://doi.org/10.1145/3340531.3412000."
    assert read_kind(f"Title\n{line}").doi == "10.1145/3340531.3412000"
    assert read_kind("DOI: 10.22883/kjda.2021.33.1.001").doi == "10.22883/kjda.2021.33.1.001"


def test_nothing_printed_nothing_found() -> None:
    assert read_kind("") == Kind()
    assert read_kind("2026년 AI-반도체 해외실증 지원 사업 공모 안내서") == Kind()
