"""ingest.blocks on PDF lines built by hand: each heading rule with the real line behind it."""

from __future__ import annotations

from ingest.blocks import (
    _Layout,
    box_titles,
    build_blocks,
    classify,
    footnote_lines,
    group_end,
    group_kind,
    plain_line,
    table_takes,
)
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


def _text(rows: list[str], page: int = 1) -> list[Line]:
    """Lines of a text file, without boxes: "" is a blank line between two of them."""
    out: list[Line] = []
    pos = 0
    for text in rows:
        if text:
            out.append(Line(text, pos, pos + len(text), page))
            pos += len(text)
        pos += 1
    return out


def _classify(lines: list[Line], text: str) -> tuple[int, str | None, str | None]:
    """(level, heading marker, item marker) of the line that starts with ``text``."""
    i = next(k for k, ln in enumerate(lines) if ln.text.startswith(text))
    heading, marker = classify(lines, i, _Layout.of(lines), box_titles(lines), set())
    return (heading.level, heading.marker, marker) if heading else (0, None, marker)


def test_classify_a_contents_entry_is_body_text() -> None:
    # ko_guide_ai_semiconductor p2: "1. 추진배경 및 목적 · 4", as the PDF reader gives it.
    rows = [
        ("Ⅰ. 사업 개요 · 3 ", 72.2, 129.9, 528.5, 15.0),
        ("1. 추진배경 및 목적 · 4 ", 77.8, 157.9, 528.5, 14.0),
        ("2. 사업내용 · 4 ", 77.8, 182.1, 528.5, 15.4),
    ]
    assert _classify(_lines(rows), "1. 추진배경") == (0, None, "toc")
    # Without boxes the text alone decides: a numbered heading.
    assert _classify(_text([r[0] for r in rows]), "1. 추진배경") == (2, "1.", None)


def test_classify_demotes_a_label_and_its_value_to_an_item() -> None:
    # ko_guide_ai_semiconductor: "가. 사 업 비: 672,300,000원" states a value, it opens nothing.
    rows = [
        ("가. 사 업 비: 672,300,000원", 52, 300, 220, 12.9),
        ("가. 사업 개요", 52, 340, 140, 12.9),
    ]
    lines = _lines(_prose(100) + rows)
    assert _classify(lines, "가. 사 업 비") == (0, None, "가.")
    assert _classify(lines, "가. 사업 개요") == (3, "가.", None)


def test_classify_promotes_a_short_line_in_display_type() -> None:
    # ko_paper_kopdp p49: "부록: 데이터 파일 및 변수 목록" at 16.9 pt over a 14.3 pt body.
    prose = [(BODY, 57, 100 + 20 * k, 538, 14.3) for k in range(6)]
    display = [("부록: 데이터 파일 및 변수 목록", 57, 300, 244, 16.9)]
    body = [("부록: 데이터 파일 및 변수 목록", 57, 300, 244, 14.3)]
    assert _classify(_lines(prose + display), "부록") == (2, "", None)
    assert _classify(_lines(prose + body), "부록") == (0, None, None)
    # Half again the body's size is a first-level heading.
    large = [("부록: 데이터 파일 및 변수 목록", 57, 300, 300, 21.5)]
    assert _classify(_lines(prose + large), "부록") == (1, "", None)


def test_classify_without_boxes_reads_the_text_only() -> None:
    # Seed 000: "1 .휴전회담에우리국민은어떻게대응했는가?" is a question of a list, not a heading.
    lines = _text(
        ["1 .휴전회담에우리국민은어떻게대응했는가?", "", "2 .미국은왜한미상호방위조약을체결했는가?"]
    )
    assert _classify(lines, "1 .") == (0, None, "1.")


def test_box_titles_counts_box_titles_only() -> None:
    # ko_exam_science: "<보 기>" over each question; "<표 1>" starts a table, not a box, and
    # "■ 간접적인 안전보장" (seed 002) is a heading of another kind.
    lines = _text(["<보 기>", "<보기>", "<표 1> 불가침 조항", "■ 간접적인 안전보장", "<보 기>"])
    assert box_titles(lines) == {"<보기>": 3}


# Seed 002 lines 217–223, the end of <표 1>: its last rows, its source wrapping onto a URL,
# then a heading.
_TABLE_END = [
    "과 정치적 독립에 대한 위협이나 무력 사용을 자제한다. ·불가침협약 미-러 우호협력 \t",
    "헌장 (1992.6.17)",
    "<출전> The Alliance Treaty Obligations and Provisions Project(ATOP) ",
    "https://atop.rice.edu/",
    "",
    "■\t\t\t간접적인\t안전보장\t:\t북·미\t외교관계\t수립",
]


def test_table_takes_rows_to_its_source_and_the_source_s_wrapped_line() -> None:
    lines = _text(_TABLE_END)
    assert table_takes(lines, 1, lines[0], False) == (1, False)
    assert table_takes(lines, 2, lines[1], False) == (2, True)
    # A source line followed by a blank takes no more.
    alone = _text([*_TABLE_END[:3], "", _TABLE_END[3]])
    assert table_takes(alone, 2, alone[1], False) == (1, True)


def test_table_takes_nothing_from_a_heading_or_the_next_page() -> None:
    lines = _text(_TABLE_END)
    assert table_takes(lines, 4, lines[3], True) == (0, True)
    assert table_takes(lines, 2, lines[1], True) == (2, True)  # a source line is never a break
    next_page = _text(_TABLE_END[1:2], page=2)
    assert table_takes(next_page, 0, lines[0], False) == (0, True)


def test_keywords_run_to_the_next_heading() -> None:
    # Seed 002 line 23: "핵심어: …" right above the chapter " Ⅰ 문제 제기".
    lines = _text(
        ["핵심어: 비핵화, 평화협정, 북미 수교, 불가침 협약, 유엔안보리 결의", " Ⅰ 문제 제기"]
    )
    assert group_kind(lines[0].text) == "keywords"
    assert group_end(lines, 0, "keywords") == 1


def test_a_title_takes_its_subtitle_and_no_more() -> None:
    # Seed 002 line 873: the English title, its subtitle, then the abstract's first line.
    title = " Title:   Conditions for Nuclear Free Korean Peninsula "
    subtitle = "A Study on Security Guarantee for North Korea"
    prose = "“guarantee of the safety of the regime” is one of the conditions demanded by Kim"
    lines = _text([title, "", subtitle, "", prose])
    assert group_kind(title) == "title"
    assert group_end(lines, 0, "title") == 2
    # Not a line of prose (longer than a heading), even right under the title.
    assert group_end(_text([title, prose]), 0, "title") == 1
    assert group_kind(subtitle) is None
    # Nor a third line, however short (an author's name under the subtitle, say).
    assert group_end(_text([title, subtitle, "Jong-Hyun Lee"]), 0, "title") == 2


# Seed 000 lines 112–121: a paragraph, a photo caption floating in it, the paragraph going on.
_PHOTO = [
    "한미상호방위조약체결은1 9 5 3년 1 0월 1일미국워싱턴에서변영태",
    "",
    "한미상호방위조약가조인식",
    "경무대 회의실에사변영태",
    "외무장관과델레스 국무장관이",
    "한미상호방위조약원안에",
    "가조인하고있는장면",
    "",
    "",
    "",
    "대한민국외무부장관과덜레스미 국무장관이서명함으로써이루어졌",
]
_WIDTH = 37.0  # seed 000's prose lines


def test_plain_line_a_photo_caption_floats_in_its_paragraph() -> None:
    lines = _text(_PHOTO)
    run = lines[:1]
    assert plain_line(lines, 1, False, run, "paragraph", 1, _WIDTH) == ("caption", 5)
    assert plain_line(lines, 6, False, run, "paragraph", 1, _WIDTH) == ("continue", 1)
    # Right under the paragraph's line, with no blank between, the short lines go on with it.
    tight = _text([_PHOTO[0], *_PHOTO[2:7]])
    assert plain_line(tight, 1, False, tight[:1], "paragraph", 1, _WIDTH) == ("continue", 1)


def test_plain_line_a_short_title_line_after_a_finished_sentence() -> None:
    # Seed 000 line 110: "한미상호방위조약체결" after "…가조인했다." and before a full line.
    lines = _text(["조약원안에대해가조인했다. ", "", "한미상호방위조약체결", "", _PHOTO[0]])
    run = lines[:1]
    assert plain_line(lines, 1, False, run, "paragraph", 1, _WIDTH) == ("heading", 1)
    # Where the lines have boxes the layout finds headings, not this rule.
    assert plain_line(lines, 1, True, run, "paragraph", 1, _WIDTH) == ("paragraph", 1)


def test_small_numbered_notes_at_the_foot_of_a_page_are_footnotes() -> None:
    # ko_report_footnotes p2: the sentence runs on to the next page past two 9 pt notes.
    rows = [
        *_prose(100),
        ("-일본에서 3D 프린터로 권총을 만든 남자가 체포, 해외 사이트에서 총", 72, 701, 540, 14.0),
        ("3) 표안의 각주", 72, 750, 140, 9.0),
        ("4) 썀쌍둥이란 샴이란", 72, 762, 160, 9.0),
    ]
    lines = _lines(rows, page=2)
    nxt = _lines([("설계도의 데이터를 다운로드하고 자체제작으로 조립", 72, 80, 400, 15.0)], page=3)
    lines += [
        Line(ln.text, ln.raw_start + 1000, ln.raw_end + 1000, 3, ln.box, ln.height) for ln in nxt
    ]
    assert footnote_lines(lines, _Layout.of(lines)) == {7, 8}
    blocks = build_blocks(lines)
    notes = [b for b in blocks if b.kind == "footnote"]
    assert [b.marker for b in notes] == ["3)", "4)"]
    # the paragraph is not closed by the notes: it takes the next page's first line
    last = next(b for b in blocks if any(ln.text.startswith("-일본에서") for ln in b.lines))
    assert last.lines[-1].text.startswith("설계도의")


def test_small_type_without_a_note_mark_is_no_footnote() -> None:
    # ko_guide_ai_semiconductor p18: a small-type table at the foot of the page, "(25) o …"
    rows = [*_prose(100), ("(25) o 국내 AI생태계 발전 가능성", 72, 740, 300, 9.0)]
    lines = _lines(rows)
    assert footnote_lines(lines, _Layout.of(lines)) == set()
