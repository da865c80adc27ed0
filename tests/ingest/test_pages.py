from __future__ import annotations

from ingest.pages import split_pages
from tests.conftest import SEED_000, SEED_002


def test_seed_002_pages_and_printed_labels() -> None:
    pages, lines = split_pages(SEED_002.read_text(encoding="utf-8"))
    assert len(pages) == 19
    # Footers "15"/"17" + running title close pages 13 and 15; the rest are counted.
    printed = {p.number: p.label for p in pages if not p.label_inferred}
    assert printed == {13: "15", 15: "17"}
    assert [p.label for p in pages] == [str(n) for n in range(3, 22)]
    title = "한반도 비핵화를 위한 미국의 북한체제 안전보장 법·제도 연구"
    assert all(title not in ln.text for ln in lines)
    assert not any(ln.text.strip() in ("15", "17") for ln in lines)


def test_seed_002_page_starts_at_leading_space() -> None:
    pages, lines = split_pages(SEED_002.read_text(encoding="utf-8"))
    first = {p.number: next(ln for ln in lines if ln.page == p.number) for p in pages}
    assert first[2].text.strip() == "Ⅰ 문제 제기"
    assert first[14].text.lstrip().startswith("-")  # the page after footer "15"
    assert first[19].text.strip().startswith("Title:")


def test_seed_000_running_title_is_furniture_and_ends_a_page() -> None:
    title = "휴전회담에서 우리는 무엇을 얻었는가?"
    pages, lines = split_pages(SEED_000.read_text(encoding="utf-8"), [title])
    assert len(pages) == 4
    assert [f.kind for f in pages[0].furniture] == ["running_title"]
    assert all("얻었는가" not in ln.text for ln in lines)
    assert all(p.label is None for p in pages)  # the booklet prints no page numbers


def test_form_feeds_are_exact_pages_even_when_empty() -> None:
    text = "첫 쪽 본문입니다.\n- 3 -\f\f세 번째 쪽입니다.\n- 5 -"
    pages, lines = split_pages(text)
    assert [p.number for p in pages] == [1, 2, 3]
    assert [p.label for p in pages] == ["3", "4", "5"]
    assert [ln.page for ln in lines] == [1, 3]
