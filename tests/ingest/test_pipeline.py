"""Ingesting corpus/: what the passages and documents of the seed documents must be."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.pipeline import Failure, Ingested, Tools, ingest_file, ingest_paths
from tests.conftest import SEED_000, SEED_002

MIN_CHARS, MAX_CHARS = 200, 700


def _all(*docs: Ingested) -> list:
    return [p for d in docs for p in d.passages]


def test_no_damage_left(seed000: Ingested, seed002: Ingested) -> None:
    for p in _all(seed000, seed002):
        assert "\t" not in p.text
        assert "1 9 5 3" not in p.text and "6·2 5" not in p.text
        assert "A N Z U S" not in p.text


def test_footnotes_leave_the_text(seed002: Ingested) -> None:
    found = [n for p in seed002.passages for n in p.footnotes]
    assert found == [str(n) for n in range(1, 27)]
    glued = ["표시1", "표시2", "사례4", "있음5", "사례8", "7일9", "가능10", "있으며,11", "언급12"]
    glued += ["내용13", ")14", "약속15", "필요16", "실정18", "시도19", "있으며,21", "지속22"]
    glued += ["회복23", "수립24", "거부25", "언급26"]
    for p in seed002.passages:
        for g in glued:
            assert g not in p.text, (g, p.text)
    text = " ".join(p.text for p in seed002.passages)
    for kept in ("20여 년", "NPR2010", "9.11 테러", "2/3"):
        assert kept in text


def test_treaty_in_force_on_last_text_page(seed000: Ingested) -> None:
    # Page 4 holds only the 체결일정 table and the 생각해 봅시다 questions; page 3 is the
    # last page of running text.
    last = max(p.page for p in seed000.passages)
    assert all(
        p.kind == "table" or p.section[-1] == "생각해 봅시다"
        for p in seed000.passages
        if p.page == last
    )
    hits = [p for p in seed000.passages if "1954년 11월 17일 정식 발효" in p.text]
    assert [p.page for p in hits] == [last - 1]


def test_english_abstract_and_metadata(seed002: Ingested) -> None:
    d = seed002.document
    assert d.title_en and d.title_en.startswith("Conditions for Nuclear Free Korean Peninsula")
    assert d.title_ko == "한반도 비핵화를 위한 미국의 북한체제 안전보장 법·제도 연구"
    assert d.abstract_en and d.abstract_en.startswith("“guarantee of the safety of the regime”")
    assert d.abstract_ko and d.abstract_ko.startswith("북한의 김정은 위원장은")
    assert d.keywords_ko == ("비핵화", "평화협정", "북미 수교", "불가침 협약", "유엔안보리 결의")
    assert d.keywords_en[-1] == "UN security council resolution"
    assert d.authors == () and d.publisher is None and d.year is None  # never invented
    en = [p for p in seed002.passages if p.lang == "en"]
    assert {p.kind for p in en} == {"title", "abstract", "keywords"}
    assert all(p.section == ("Abstract",) for p in en)
    ko_abstract = [p for p in seed002.passages if p.kind == "abstract" and p.lang == "ko"]
    assert ko_abstract and all(p.section == ("국문초록",) and p.page == 1 for p in ko_abstract)


def test_sections_from_headings(seed002: Ingested, seed000: Ingested) -> None:
    outline = [t for _, t in seed002.document.outline]
    assert outline[0] == "Ⅰ 문제 제기"
    assert "V 정책 시사점" in outline
    assert "(3) 종합 평가" in outline
    paths = {p.section for p in seed002.passages}
    assert (
        "Ⅱ 비핵화와 안전보장: 안보-안보 등가교환",
        "1. 비핵화와 안전보장의 맞교환",
        "가. 북한의 비핵화 의지에 대한 회의론과 합리적 안보우려",
    ) in paths
    assert len(seed000.document.outline) == 3  # 000's unnumbered title lines


def test_tables_and_captions(seed000: Ingested, seed002: Ingested) -> None:
    table = next(p for p in seed000.passages if p.kind == "table")
    assert "1954. 11. 17 | " in table.text  # rows rebuilt from columns
    row = next(r for r in table.text.split("\n") if r.startswith("1953. 8. 4 |"))
    assert "내한" in row
    caption = next(p for p in seed000.passages if p.kind == "caption")
    assert caption.text.replace(" ", "").startswith("한미상호방위조약가조인식")
    body = " ".join(p.text for p in seed000.passages if p.kind == "body")
    assert "가조인하고있는장면" not in body.replace(" ", "")  # the caption left the prose
    kinds = [p.section[-1] for p in seed002.passages if p.kind == "table"]
    assert any(k.startswith("<표 1>") for k in kinds) and any(k.startswith("<표 2>") for k in kinds)


def test_items_keep_their_boundaries(seed002: Ingested) -> None:
    p = next(p for p in seed002.passages if p.section == ("Ⅰ 문제 제기",))
    lines = p.text.split("\n")
    assert lines[0].startswith("• ") and lines[1].startswith("- ")


def test_passage_sizes_and_sentences(seed000: Ingested, seed002: Ingested) -> None:
    for p in _all(seed000, seed002):
        assert len(p.text) <= MAX_CHARS or len(p.sentences) == 1
        prev = 0
        for s, e in p.sentences:
            assert prev <= s < e <= len(p.text)
            prev = e
    body = [p for p in _all(seed000, seed002) if p.kind in ("body", "abstract")]
    in_range = [p for p in body if MIN_CHARS <= len(p.text) <= MAX_CHARS]
    assert len(in_range) >= 0.6 * len(body)


def test_passages_stay_on_one_page_and_trace_back(seed000: Ingested, seed002: Ingested) -> None:
    for doc, path in ((seed000, SEED_000), (seed002, SEED_002)):
        raw = path.read_text(encoding="utf-8")
        pages = {p.number: p for p in doc.document.pages}
        for p in doc.passages:
            page = pages[p.page]
            assert page.raw_start <= p.raw_start < p.raw_end, p.ordinal
            # At most the one word cut by the page break ("유엔군으로|부터") reaches over.
            overhang = raw[page.raw_end : max(page.raw_end, p.raw_end)]
            assert not overhang.split()[1:], (p.ordinal, overhang)
            if p.kind == "table":
                continue  # rebuilt rows are out of raw order
            clean = re.sub(r"\s", "", p.text)
            source = re.sub(r"\s", "", raw[p.raw_start : p.raw_end])
            it = iter(source)
            assert all(ch in it for ch in clean), p.ordinal  # a subsequence of the raw span


def test_reingest_gives_the_same_ids(tools: Tools, seed002: Ingested) -> None:
    again = ingest_file(SEED_002, tools)
    assert [p.id for p in again.passages] == [p.id for p in seed002.passages]
    assert len({p.id for p in again.passages}) == len(again.passages)


def test_bad_file_in_a_batch_is_reported_and_the_rest_ingested(
    tools: Tools, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    results = list(ingest_paths([bad, SEED_000, empty], tools))
    assert [type(r).__name__ for r in results] == ["Failure", "Ingested", "Failure"]
    failures = [r for r in results if isinstance(r, Failure)]
    assert "PNG" in failures[0].reason and failures[0].path.endswith("bad.txt")
    assert "empty" in failures[1].reason


def test_cp949_source_is_ingested(tools: Tools, tmp_path: Path) -> None:
    path = tmp_path / "euckr.txt"
    path.write_bytes(SEED_000.read_text(encoding="utf-8").encode("cp949"))
    result = ingest_file(path, tools)
    assert result.document.encoding == "cp949"
    assert any("1953년" in p.text for p in result.passages)


def test_pdf_pages_and_labels(tools: Tools) -> None:
    pdf = Path(__file__).resolve().parent.parent / "fixtures" / "sample_ko_en.pdf"
    result = ingest_file(pdf, tools)
    assert [p.label for p in result.document.pages] == ["15", "16", "17"]
    assert {p.page for p in result.passages} == {1, 2, 3}
    assert all("Security Assurances" not in p.text for p in result.passages)
