"""ingest.blocks on PDF lines built by hand: each heading rule with the real line behind it."""

from __future__ import annotations

from ingest.blocks import build_blocks
from ingest.records import Block, Line

BODY = "본문은 이 정도 길이로 페이지의 폭을 거의 다 채우며 이어지는 평범한 문장의 한 줄이다"


def _lines(rows: list[tuple[str, float, float, float, float]], page: int = 1) -> list[Line]:
    """(text, x0, top, x1, height) rows → Lines with consecutive raw spans."""
    out: list[Line] = []
    pos = 0
    for text, x0, top, x1, height in rows:
        out.append(Line(text, pos, pos + len(text), page, (x0, top, x1, top + height), height))
        pos += len(text) + 1
    return out


def _prose(top: float, n: int = 6) -> list[tuple[str, float, float, float, float]]:
    return [(BODY, 52, top + 20 * k, 540, 12.9) for k in range(n)]


def _kind(blocks: list[Block], text: str) -> str:
    return next(b.kind for b in blocks if any(ln.text.startswith(text) for ln in b.lines))


def test_a_numbered_line_followed_by_its_sibling_is_a_list_item() -> None:
    # ko_bizplan_homepage p3: "나." … "라." are items of 4. 과업내용, each right above the next.
    rows = [
        ("4. 과업내용", 52, 392, 124, 14.1),
        (
            "가. OXX사업단 웹사이트 구축을 위한 기획, 설계, 개발, 시험, 운영지원 전 과정",
            64,
            417,
            542,
            12.9,
        ),
        ("수행", 88, 441, 111, 12.9),
        ("나. OXX사업단 소개 및 RISE사업 소개", 65, 464, 292, 13.0),
        ("다. 사업별 발주 및 공모(게시판)", 65, 487, 255, 12.9),
        ("라. 공지사항 등 기타 게시판 생성", 65, 511, 264, 12.9),
    ]
    blocks = build_blocks(_lines(_prose(100) + rows))
    assert _kind(blocks, "4. 과업내용") == "heading"  # it heads the list of 가.–라.
    for text in ("나.", "다.", "라."):
        assert _kind(blocks, text) == "item"


def test_a_heading_after_its_inline_sibling_still_heads_its_sublist() -> None:
    # ko_bizplan_homepage p3: "3. 과업기간 : …" right above "4. 과업내용", which heads "가. …".
    rows = [
        ("3. 과업기간 : XXXX년 X월 20일 ~ X월 19일", 52, 342, 342, 14.0),
        ("4. 과업내용", 52, 392, 124, 14.1),
        (
            "가. OXX사업단 웹사이트 구축을 위한 기획, 설계, 개발, 시험, 운영지원 전 과정",
            64,
            417,
            542,
            12.9,
        ),
    ]
    blocks = build_blocks(_lines(_prose(100) + rows))
    assert _kind(blocks, "4. 과업내용") == "heading"


def test_a_numbered_line_after_a_wrapped_sibling_item_is_an_item() -> None:
    # en_paper_hardforget p5: "3. The inequality …" follows the item "2. The attacker crafts …"
    # whose lines hang under its text.
    rows = [
        (
            "2. The attacker crafts the poisoned data using clean reference data as a basis.",
            96,
            520,
            540,
            9.0,
        ),
        (
            "the attacker only modifies features in the reference data, leaving labels",
            108,
            531,
            540,
            9.0,
        ),
        (
            "are label vectors, then the attacker optimizes Xpsn and fixes ypsn = yref.",
            108,
            552,
            388,
            9.0,
        ),
        ("3. The inequality constraints in (6c) are of the form", 96, 568, 299, 9.0),
    ]
    prose = [(BODY, 72, 100 + 12 * k, 540, 9.0) for k in range(8)]
    blocks = build_blocks(_lines(prose + rows))
    assert _kind(blocks, "3. The inequality") == "item"


def test_a_numbered_line_in_small_type_is_not_a_heading() -> None:
    # ko_guide_ai_semiconductor p13: "1. 최근년도말 부채비율이 300% 이상" at 10.5 pt, body 15 pt.
    prose = [(BODY, 57, 100 + 25 * k, 538, 15.0) for k in range(6)]
    rows = [("1. 최근년도말 부채비율이 300% 이상", 368, 300, 487, 10.5)]
    blocks = build_blocks(_lines(prose + rows))
    assert _kind(blocks, "1. 최근년도말") == "item"


def test_a_line_with_text_beside_it_is_not_a_heading() -> None:
    # ko_exam_science p3: "15. 그림 (가)는 원자 W∼Y의" and, right of it, a fraction.
    prose = [(BODY, 427, 300 + 18 * k, 777, 14.7) for k in range(6)]
    rows = [
        ("15. 그림 (가)는 원자 W∼Y의", 428, 127, 587, 14.7),
        ("제1 이온화 에너지", 594, 119, 685, 14.7),
    ]
    blocks = build_blocks(_lines(rows + prose))
    assert _kind(blocks, "15. 그림") != "heading"


def test_a_recurring_box_title_is_not_a_section() -> None:
    # ko_exam_science: "<보 기>" above every question's statements.
    rows: list[tuple[str, float, float, float, float]] = []
    for k in range(3):
        top = 100 + 150 * k
        rows += [
            ("이에 대한 설명으로 옳은 것만을 <보기>에서 있는 대로 고른 것은?", 80, top, 396, 14.7),
            ("<보 기>", 207, top + 25, 259, 14.7),
            ("ㄱ. Y는 3주기 원소이다.", 79, top + 50, 213, 14.7),
        ]
    blocks = build_blocks(_lines(rows))
    assert not any(b.kind == "heading" for b in blocks)


def test_a_figure_label_is_a_caption() -> None:
    # ko_manual_road_rumble p11: "<그림 3> 노면요철 포장 절삭형의 제원" in display type.
    prose = [(BODY, 52, 100 + 14 * k, 540, 9.9) for k in range(6)]
    rows = [("<그림 3> 노면요철 포장 절삭형의 제원", 180, 300, 384, 14.4)]
    blocks = build_blocks(_lines(prose + rows))
    assert _kind(blocks, "<그림 3>") == "caption"


def test_display_size_that_prose_uses_is_not_display() -> None:
    # ko_proposal_chrome: a third of full prose lines are 14 pt (brackets, Latin) over 10.5 pt;
    # "월별 주식 수익률 (2010-2024)" at 14 pt is a list line, "5. 데이터 (Data)" at 20.9 a heading.
    prose = [(BODY, 44, 100 + 16 * k, 548, 10.5 if k % 2 else 14.0) for k in range(8)]
    rows = [
        ("5. 데이터 (Data)", 45, 300, 148, 20.9),
        ("변수:", 44, 360, 64, 10.5),
        ("월별 주식 수익률 (2010-2024)", 74, 384, 205, 14.0),
        ("거래량 및 발행주식수 (회전율 계산용)", 74, 403, 236, 10.5),
    ]
    blocks = build_blocks(_lines(prose + rows))
    assert _kind(blocks, "5. 데이터") == "heading"
    assert _kind(blocks, "월별 주식") != "heading"


def test_a_lead_in_ending_in_a_colon_is_not_a_heading() -> None:
    # ko_proposal_chrome p7: "1. 동시점 수익률 동조화 (Spec 1, 2, 3):" introduces what follows.
    prose = [(BODY, 44, 100 + 16 * k, 548, 10.5) for k in range(6)]
    rows = [("1. 동시점 수익률 동조화 (Spec 1, 2, 3):", 44, 300, 214, 13.9)]
    blocks = build_blocks(_lines(prose + rows))
    assert _kind(blocks, "1. 동시점") != "heading"


def test_an_unnumbered_heading_takes_the_level_of_its_size() -> None:
    # ko_paper_kopdp p49: "부록: …" in the 16.9 pt of the "Ⅰ."–"Ⅷ." chapters is a chapter.
    prose = [(BODY, 57, 100 + 20 * k, 538, 14.3) for k in range(6)]
    rows = [
        ("Ⅷ. 결론", 57, 300, 105, 16.9),
        (BODY, 57, 330, 538, 14.3),
        ("부록: 데이터 파일 및 변수 목록", 57, 400, 244, 16.9),
        ("1. 한국특허청 특허 자료", 57, 430, 177, 14.3),
        (BODY, 57, 460, 538, 14.3),
    ]
    blocks = build_blocks(_lines(prose + rows))
    levels = {b.lines[0].text: b.level for b in blocks if b.kind == "heading"}
    assert levels["부록: 데이터 파일 및 변수 목록"] == levels["Ⅷ. 결론"] == 1
    assert levels["1. 한국특허청 특허 자료"] == 2
