"""A document's title from the typography of its first page: the text set largest.

Used only where the user or a sidecar gave none, for laid-out PDFs and for files that
state type sizes (HWP, HWPX): the largest type on the first page with text, clearly larger
than the body (``MIN_RATIO``), with the lines right below it in the same size (a title
wrapped over two or three lines: en_paper_solar's "SOLAR 10.7B: Scaling Large Language
Models with Simple yet Effective" / "Depth Up-Scaling"). A trailing footnote mark goes
("내용과 방법*" in ko_paper_kopdp). A line right above the largest can change what the title
is (``_with_line_above``). A sentence, a number or a line of one letter is no title: then
there is none, never a guess.
An official letter (공문) states its title in a "제목" cell, and that is taken first where
positions are unknown.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import replace

from ingest.blocks import label_of
from ingest.lang import lang_of
from ingest.records import Line

MIN_RATIO = 1.3  # the title's type against the document's median line height
SAME_SIZE = 0.05  # lines of one title differ in height by at most this share
MAX_LINES = 3
_MARK = re.compile(r"[\s*†‡∗]+$")
_SENTENCE_END = re.compile(r"(다|요|음|함)\.$")
_SYLLABLE = re.compile(r"[가-힣]")
_TITLE_LABEL = re.compile(r"^제\s*목$")
MAX_FRONT = 30  # lines read from the top of a page without positions
CENTRED = 10.0  # points between the centres of two lines of one centred block, at most
SMALLER = 0.15  # a title's first line may be set this share smaller than its second
ABOVE_BODY = 1.1  # the line naming a document above its genre is set at least this large
# The names of document genres: a line ending in one names what the document is.
_GENRE = re.compile(
    r"(?:계획서|보고서|제안서|안내서|설명서|신청서|지침서|명세서|결과서|문제지|보도자료)$"
)
_EN_ABSTRACT = frozenset({"영문초록", "Abstract"})
_GENRE_ALONE = re.compile(r"[가-힣]*" + _GENRE.pattern)


def title_from_layout(lines: Sequence[Line]) -> str | None:
    laid = [ln for ln in lines if ln.box is not None and ln.height > 0 and ln.ocr is None]
    if not laid:
        return labelled(lines) or title_from_sizes(lines)
    body = statistics.median(ln.height for ln in laid)
    first = min(ln.page for ln in laid)
    page = [ln for ln in laid if ln.page == first and ln.table is None]
    if not page:
        return None
    tallest = max(ln.height for ln in page)
    if tallest < MIN_RATIO * body:
        return None
    start = next(k for k, ln in enumerate(page) if ln.height >= (1 - SAME_SIZE) * tallest)
    title = [page[start]]
    for ln in page[start + 1 : start + MAX_LINES]:
        prev = title[-1]
        assert ln.box is not None and prev.box is not None
        same = abs(ln.height - prev.height) <= SAME_SIZE * prev.height
        close = 0 <= ln.box[1] - prev.box[3] <= prev.height
        if not (same and close):
            break
        title.append(ln)
    above = _above(page, title[0])
    stacked = near = False
    if above is not None and above.box is not None and title[0].box is not None:
        gap = title[0].box[1] - above.box[3]
        centred = abs(_centre(above) - _centre(title[0])) <= CENTRED
        stacked, near = centred and gap <= tallest, gap <= 2 * tallest
    return _title_text(_with_line_above(title, above, body, stacked=stacked, near=near))


def _with_line_above(
    title: list[Line], above: Line | None, body: float, *, stacked: bool, near: bool
) -> list[Line]:
    """The title's lines with what the line right above them makes of them. ``stacked``:
    the two are one block (on a PDF page centred on one axis and at most a line apart; in an
    HWP file in one frame); ``near``: one part of a cover (at most two lines apart).

    - A display line right above the largest, stacked on it, that names the document's genre
      is the title, the largest line naming its part: ko_exam_science's "2025학년도
      대학수학능력시험 문제지" over "과학탐구 영역(화학Ⅰ)".
    - A line stacked on it and a size smaller starts it: ko_report_footnotes sets "3D 프린팅
      기술의 등장과" in 18 pt over "기술 발전에 따른 문제점과 정부의 대처 방안" in 20.
    - Where the largest is a genre's name alone, the cover names the document in the line
      above it: ko_bizplan_homepage's "OO교육대학교 OXX사업단 홈페이지 구축 사업" (16 pt over a
      13 pt body) above "사 업 수 행 계 획 서" (29 pt).
    """
    if above is None:
        return title
    top, size = _size(title[0]), _size(above)
    genre = _GENRE.search(_flat(above.text))
    if stacked and genre and size >= MIN_RATIO * body:
        return [above]
    if stacked and not genre and size >= (1 - SMALLER) * top:
        return [above, *title]
    alone = len(title) == 1 and _GENRE_ALONE.fullmatch(_flat(title[0].text))
    if alone and near and not genre and size >= ABOVE_BODY * body:
        return [above]
    return title


def _size(line: Line) -> float:
    return line.size or line.height


def _above(page: Sequence[Line], line: Line) -> Line | None:
    """The line nearest above ``line`` that shares some of its width."""
    assert line.box is not None
    x0, top, x1, _ = line.box
    found = [
        ln
        for ln in page
        if ln.box is not None and ln.box[3] <= top + 1 and ln.box[0] < x1 and ln.box[2] > x0
    ]
    return max(found, key=lambda ln: ln.box[3] if ln.box else 0.0, default=None)


def _centre(line: Line) -> float:
    assert line.box is not None
    return (line.box[0] + line.box[2]) / 2


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def english_title_over_abstract(lines: Sequence[Line]) -> str | None:
    """The English title of a Korean paper that prints it over its English abstract, on a
    page of its own: ko_paper_kopdp p2 sets "Korea Patent Data Project (KoPDP): " / "Contents
    and Methods" in its title's 26 pt over "< 영문초록>" and a 13 pt body. Only lines in
    display type, in English, and nothing else between the page's top and the label."""
    laid = [ln for ln in lines if ln.box is not None and ln.height > 0 and ln.ocr is None]
    if not laid:
        return None
    body = statistics.median(ln.height for ln in laid)
    first = min(ln.page for ln in laid)
    for number in sorted({ln.page for ln in laid if ln.page != first}):
        page = [ln for ln in laid if ln.page == number]
        at = next((k for k, ln in enumerate(page) if label_of(ln.text) in _EN_ABSTRACT), None)
        if at is None:
            continue
        above = page[:at]
        if not 0 < len(above) <= MAX_LINES or any(ln.table is not None for ln in above):
            return None
        size = above[0].height
        if size < MIN_RATIO * body or any(abs(ln.height - size) > SAME_SIZE * size for ln in above):
            return None
        text = _title_text(above)
        return text if text and lang_of(text) == "en" else None
    return None


def title_from_sizes(lines: Sequence[Line]) -> str | None:
    """The same rule where the file states type sizes but no positions (HWP, HWPX): the
    paragraph set largest in the front of the first page, clearly larger than the body, and
    the paragraphs right after it in its size. ``ko_press_fsc_loan.hwp`` sets "7월중 가계대출
    동향(잠정) 및 「가계부채 점검회의」 개최" in 22 pt over a 14 pt body, in a one-cell table."""
    sized = [ln for ln in lines if ln.box is None and ln.size > 0 and ln.ocr is None]
    if not sized:
        return None
    body = statistics.median(ln.size for ln in sized)
    first = min(ln.page for ln in sized)
    page = [ln for ln in lines if ln.page == first][:MAX_FRONT]
    tallest = max((ln.size for ln in page), default=0.0)
    if tallest < MIN_RATIO * body:
        return None
    start = next(k for k, ln in enumerate(page) if ln.size >= (1 - SAME_SIZE) * tallest)
    title = [page[start]]
    for ln in page[start + 1 : start + MAX_LINES]:
        if abs(ln.size - title[-1].size) > SAME_SIZE * title[-1].size:
            break
        title.append(ln)
    above = page[start - 1] if start > 0 else None
    framed = above is not None and above.table is not None and above.table == title[0].table
    return _title_text(_with_line_above(title, above, body, stacked=framed, near=framed))


def labelled(lines: Sequence[Line]) -> str | None:
    """The title an official letter (공문) states in its "제목" cell, in the front of its
    first page: "제목 | 수질검사 신청 민원 처리 결과 안내" (ko_notice_water_test.hwpx)."""
    first = next((ln.page for ln in lines), None)
    for ln in [ln for ln in lines if ln.page == first][:MAX_FRONT]:
        cells = [c.strip() for c in ln.cells if c.strip()]
        if len(cells) >= 2 and _TITLE_LABEL.match(cells[0]):
            return _title_text([replace(ln, text=cells[1])])
    return None


def _title_text(lines: Sequence[Line]) -> str | None:
    """The title's lines as one text, or None where that is no title (a sentence, a number).
    A title letter-spaced over one-syllable words is written without the spaces ("시 장 구 조
    조 사" → "시장구조조사")."""
    text = _MARK.sub("", " ".join(" ".join(ln.text.split()) for ln in lines))
    if len(re.findall(r"[가-힣A-Za-z]", text)) < 2 or len(text) > 200:
        return None
    if _SENTENCE_END.search(text):
        return None
    return unspaced(text)


def unspaced(text: str) -> str:
    """A letter-spaced Korean line without its spaces, where every word is one syllable.

    >>> unspaced("시 장 구 조 조 사"), unspaced("목 차 안내")
    ('시장구조조사', '목 차 안내')
    """
    words = text.split()
    if len(words) >= 2 and all(_SYLLABLE.fullmatch(w) for w in words):
        return "".join(words)
    return text


_DASHED = re.compile(r"^[-–―]\s*(\S.*?)\s*[-–―]?$")  # "- 노면요철포장 편 -"


def subtitle_of(lines: Sequence[Line], title: str | None) -> str | None:
    """The subtitle printed with the title on the first page, or None.

    - Where the title is the line above the largest type (``_with_line_above``), the largest
      line names the document's part or genre: ko_exam_science's "과학탐구 영역(화학Ⅰ)" under
      "2025학년도 대학수학능력시험 문제지", ko_bizplan_homepage's "사 업 수 행 계 획 서".
    - Else the line right under the title when it is set between dashes (ko_manual_road_rumble's
      "- 노면요철포장 편 -", a press release's first "- …" line) or names a genre alone
      (ko_report_kdi_market's "최종보고서" under "시 장 구 조 조 사").
    """
    if not title:
        return None
    first = next((ln.page for ln in lines if not ln.blank), None)
    page = [ln for ln in lines if ln.page == first and not ln.blank and len(ln.cells) < 2]
    span = _span_of(page, _flat(title))
    if span is None:
        return None
    start, end = span
    after = page[end] if end < len(page) else None
    if after is None:
        return None
    largest = max(page, key=lambda ln: _size(ln) if (ln.size or ln.box) else 0.0)
    if largest is after and _size(after) > max(_size(ln) for ln in page[start:end]):
        return _title_text([after])
    text = " ".join(after.text.split())
    if m := _DASHED.match(text):
        return m.group(1)
    if _GENRE_ALONE.fullmatch(_flat(text)):
        return unspaced(text)
    return None


def _span_of(page: Sequence[Line], title: str) -> tuple[int, int] | None:
    """The lines [start, end) of ``page`` that print ``title`` (spaces aside), at most
    ``MAX_LINES`` of them."""
    for start in range(len(page)):
        text = ""
        for end in range(start, min(start + MAX_LINES, len(page))):
            text += _flat(page[end].text)
            if text == title:
                return start, end + 1
            if not title.startswith(text):
                break
    return None
