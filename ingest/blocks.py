"""Lines → blocks: headings, paragraphs, bullet items, tables, captions, labels.

Rules, each from a seed line:
- In these extractions most lines are followed by a blank line, so a blank line alone does
  not end a paragraph. A paragraph ends at a line that ends a sentence ("…제공했다."), or,
  where lines are single-spaced (seed 002's 국문초록), at a blank line.
- A bullet item (•, -, ※, △) runs until the next marker or heading, across blank lines and
  page breaks (seed 002 line 849 "…명령으로→체결" continues on the next page "될→수→있어…").
- Headings: Ⅰ/Ⅱ/V, "1.", "가.", "(1)", "■", a box title "<…>", and in seed 000 the short
  title lines that follow a finished sentence ("한미상호방위조약체결배경").
- A table starts at "<표 N>"/"<표>" and runs to its "<출전>" line, the next bullet or heading,
  or the end of the page. A line of single spread syllables before it on the same page is its
  header ("일 자 내 용 장 소 비 고").
- Three or more short lines with no blank between them, inside double-spaced prose, are a
  photo caption (seed 000 lines 114–118). The paragraph around it continues after it.
- Labels printed after their content: 국문초록, Abstract, 생각해 봅시다.

Where the lines come with their boxes (PDF), typography has a say:
- A table-of-contents entry ends in leader dots and a page number ("1. 추진배경 및 목적 ··· 4",
  ko_guide_ai_semiconductor p2): body text, never a heading.
- A numbered line that runs to the right edge and goes on in the next line is a list item,
  not a heading ("1. "중소기업"이라 함은 「중소기업기본법」 … 동법 제2조" on the same
  document's p14); so is "가. 사 업 비: 672,300,000원" (a label and its value).
- A short line set clearly larger than the body text, that does not end a sentence, is a
  heading even without a number ("부록: 데이터 파일 및 변수 목록", ko_paper_kopdp p49). Not when
  that size is one the document's prose is set in: ko_proposal_chrome sets a third of its
  full lines 14 pt high (Latin and brackets in a taller font) over a 10.5 pt body, so
  "월별 주식 수익률 (2010-2024)" and "섹션: 사업의 개요 섹션 (…)" at 14 pt are list lines, not
  display type. Nor is a lead-in that ends in a colon a heading ("TNIC 방법론:", "1. 동시점
  수익률 동조화 (Spec 1, 2, 3):", same document p7): what it introduces follows.
- A numbered line is one of a list, not a heading, when its next sibling is the line right
  after it ("나. OXX사업단 소개 및 RISE사업 소개" then "다. 사업별 발주 및 공모(게시판)",
  ko_bizplan_homepage p3; "1. A - 생활필수품" … "8. H – 전기", ko_paper_kopdp p13), or its
  previous sibling is the line right before it, or stands a few lines above with only its own
  hanging-indented lines between ("3. The inequality constraints in (6c) are of the form"
  after the item "2. The attacker crafts …", en_paper_hardforget p5).
- A numbered line set smaller than the body text is a list item in a box or table, never a
  heading ("1. 최근년도말 부채비율이 300% 이상" at 10.5 pt in a 15 pt document,
  ko_guide_ai_semiconductor p13).
- A line with more text beside it on the same baseline is part of a running line ("15. 그림
  (가)는 원자 W∼Y의" and, right of it, the fraction "제1 이온화 에너지 / 원자 반지름",
  ko_exam_science p3).
- A box title that recurs (three or more times) is the label of a kind of box, not a section:
  "<보 기>" above each exam question's statements (ko_exam_science) stays with the question.
- "<그림 N> …" labels a figure: a caption, not a heading ("<그림 3> 노면요철 포장 절삭형의
  제원", ko_manual_road_rumble p11).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ingest.records import Block, BlockKind, Line

_ROMAN = r"(?:Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|Ⅵ|Ⅶ|Ⅷ|Ⅸ|Ⅹ|VIII|VII|VI|IV|IX|V|X|III|II|I)"
_HEADINGS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(rf"^({_ROMAN})\.?\s+(\S.*)$"), 1),
    (re.compile(r"^(\d{1,2}\.)(?!\d)\s*(\S.*)$"), 2),
    (re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+([^\d\s].*)$"), 3),  # "2.1 Machine learning"
    (re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+([^\d\s].*)$"), 4),
    (re.compile(r"^([가-하]\.)\s+(\S.*)$"), 3),
    (re.compile(r"^(\(\d{1,2}\))\s*(\S.*)$"), 4),
    (re.compile(r"^(■)\s*(\S.*)$"), 4),
    (re.compile(r"^(<)(?!\s*(?:표|출전|그림\s*\d))([^<>]{2,60})>$"), 4),
]
_MAX_HEADING = 60
_TABLE_START = re.compile(r"^<\s*표[\s\-]*\d*\s*>")
_FIGURE = re.compile(r"^<\s*그림\s*\d+\s*>")
_TABLE_SOURCE = re.compile(r"^<\s*출전\s*>")
_ITEM = re.compile(r"^([•\-※△])\s*")
_NUMBERED_ITEM = re.compile(r"^(\d{1,2})\s?\.\s*(\S.*)$")
# "Keywords: a, b", "주제어: 가, 나", and LaTeX's "Keywords machine unlearning · …" without a
# colon (en_paper_hardforget).
# "핵 심 낱 말 가, 나, 다" is KAIST's thesis template's (ko_thesis_template_latex p5).
_KEYWORDS = re.compile(
    r"^(?:(?:핵심어|주제어|키워드|Key\s*words?)\s*:|(?:Keywords|핵\s?심\s?낱\s?말)\s*:?\s+\S)",
    re.IGNORECASE,
)
_TITLE = re.compile(r"^Title\s*:", re.IGNORECASE)
LABELS = {
    "국문초록": "국문초록",
    "초록": "초록",  # a thesis's Korean abstract (ko_thesis_template_latex p5)
    "요약": "요약",
    "영문초록": "영문초록",
    "abstract": "Abstract",
    "생각해봅시다": "생각해 봅시다",
}
ABSTRACTS = frozenset(
    {"국문초록", "초록", "영문초록", "요약", "Abstract"}
)  # the labels of a document's abstract
_SPREAD_HEADER = re.compile(r"^[가-힣](?: [가-힣]){3,}$")
_SENTENCE_END_RAW = re.compile(r"[.?!。][\"'”’」』)]*\s*$")
# "…an option that U.S." ends a line, not a sentence (seed 002 line 907).
_ABBREV_END = re.compile(r"(?:\b[A-Z]\.){2,}\s*$")


# A paper's numbered section title on its own line, "1 Introduction", "2. Related Work":
# LaTeX sets them in a size the heading reader does not always promote (en_paper_solar p1),
# and an abstract or a keywords line ends there all the same.
_SECTION_TITLE = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z][A-Za-z-]*(?:\s+[A-Za-z-]+){0,5}$")
_MAX_KEYWORD_LINES = 3  # "Keywords …" runs over at most this many lines
# What ends keywords before that: another field ("JEL codes: C80, O30") or a footnote ("* 이
# 연구는 …"), both right under ko_paper_kopdp's keywords.
_NEXT_FIELD = re.compile(r"^(?:[^\s:]+(?:\s[^\s:]+)?\s*:|[*∗†])")


def section_title(s: str) -> bool:
    """ "1 Introduction" (en_paper_solar p1), "3 Training Details": a short numbered line."""
    return bool(_SECTION_TITLE.match(norm(s)))


def ends_sentence(s: str) -> bool:
    return bool(_SENTENCE_END_RAW.search(s)) and not _ABBREV_END.search(s)


def norm(text: str) -> str:
    """A line as the classifier sees it: tabs as spaces, trimmed."""
    return re.sub(r"[ \t]+", " ", text.replace("\t", " ")).strip()


def label_of(text: str) -> str | None:
    key = re.sub(r"[\s!！<>〈〉【】]", "", norm(text)).lower()
    return LABELS.get(key)


@dataclass(frozen=True)
class _Heading:
    level: int
    marker: str


# A sentence that ends inside the line: "5. 직전년도 … 자본전액잠식인 경우. 다만, 다음 각 목의"
_INNER_SENTENCE_END = re.compile(r"[가-힣a-z)][.?!]\s+\S")


def heading_of(text: str) -> _Heading | None:
    s = norm(text)
    if len(s) > _MAX_HEADING or ends_sentence(s) or s.endswith((",", ":", "：")):
        return None
    for pattern, level in _HEADINGS:
        m = pattern.match(s)
        if m and _INNER_SENTENCE_END.search(m.group(2)):
            return None
        if m:
            marker = m.group(1)
            if marker == "<":
                marker = "<>"
            return _Heading(level, marker)
    return None


_TOC_ENTRY = re.compile(r"(?:[·.…‥]\s*){1,}\s*\d{1,4}\s*$|[·.…]{3,}")
_LABEL_VALUE = re.compile(r"^\S{1,4}\s+[^:：]{1,20}[:：]\s*\S")
# A size is one prose is set in when full lines of it hold this share of the prose.
PROSE_SHARE = 0.1
# A numbered line in type this much smaller than the body is a list item in a box or table.
SMALL_SIZE = 0.9
# A box title met this many times labels a kind of box ("<보 기>"), not a section.
RECURRING_TITLE = 3
# Lines above a numbered line where its previous sibling may stand, its hanging lines between.
LIST_REACH = 6

_ROMAN_ORDER = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
_HANGUL_ORDER = "가나다라마바사아자차카타파하"
_NUMBERINGS: list[tuple[str, re.Pattern[str]]] = [
    ("roman", re.compile(rf"^([{_ROMAN_ORDER}])\.?\s")),
    ("(n)", re.compile(r"^\((\d{1,2})\)\s*\S")),
    ("n)", re.compile(r"^(\d{1,2})\)\s*\S")),
    ("n.n", re.compile(r"^((?:\d{1,2}\.)+\d{1,2})\.?\s+\S")),
    ("n.", re.compile(r"^(\d{1,2})\.(?!\d)\s*\S")),
    ("가.", re.compile(r"^([가-하])\.\s*\S")),
]


def numbering(text: str) -> tuple[str, str, int] | None:
    """A numbered line's list: (style, parent, number). "2.3 …" → ("n.n", "2", 3)."""
    s = norm(text)
    for style, pattern in _NUMBERINGS:
        m = pattern.match(s)
        if not m:
            continue
        label = m.group(1)
        if style == "roman":
            return style, "", _ROMAN_ORDER.index(label) + 1
        if style == "가.":
            return style, "", _HANGUL_ORDER.index(label) + 1
        if style == "n.n":
            parent, _, last = label.rpartition(".")
            return style, parent, int(last)
        return style, "", int(label)
    return None


def in_list(lines: Sequence[Line], i: int, headings: set[int]) -> bool:
    """Line ``i`` is one of a numbered list: its next sibling is the line after it, or its
    previous sibling is the line before it or stands above it with only its own
    hanging-indented lines between, is not a heading, and it heads no list of its own."""
    own = numbering(lines[i].text)
    if own is None:
        return False
    style, parent, number = own
    if i + 1 < len(lines) and numbering(lines[i + 1].text) == (style, parent, number + 1):
        return lines[i + 1].page == lines[i].page
    for j in range(i - 1, max(i - 1 - LIST_REACH, -1), -1):
        if lines[j].page != lines[i].page:
            return False
        other = numbering(lines[j].text)
        if other is None:
            continue
        if other != (style, parent, number - 1) or _heads_sublist(lines, i):
            return False
        if j == i - 1:
            return True
        first = lines[j].box
        return (
            j not in headings
            and first is not None
            and all(ln.box is not None and ln.box[0] > first[0] + 4 for ln in lines[j + 1 : i])
        )
    return False


def _heads_sublist(lines: Sequence[Line], i: int) -> bool:
    """The next line starts a list of another numbering, indented under line ``i``: "4. 과업내용"
    over "가. OXX사업단 웹사이트 구축을 위한 …" (ko_bizplan_homepage p3), a heading even right
    after its sibling "3. 과업기간 : XXXX년 X월 20일 ~ X월 19일"."""
    if i + 1 >= len(lines):
        return False
    own, nxt = lines[i], lines[i + 1]
    below = numbering(nxt.text)
    return (
        below is not None
        and below[0] != (numbering(own.text) or ("",))[0]
        and own.box is not None
        and nxt.box is not None
        and nxt.box[0] > own.box[0] + 4
    )


def _beside(lines: Sequence[Line], i: int) -> bool:
    """Another line starts just right of line ``i`` on the same baseline: the line goes on
    (an inline fraction split it from the rest of its sentence)."""
    ln = lines[i]
    if ln.box is None:
        return False
    x1, top, bottom = ln.box[2], ln.box[1], ln.box[3]
    reach = 2 * max(ln.height, 1.0)
    for other in lines[max(0, i - 40) : i + 40]:
        if other is ln or other.page != ln.page or other.box is None:
            continue
        overlap = min(bottom, other.box[3]) - max(top, other.box[1])
        least = min(bottom - top, other.box[3] - other.box[1])
        if overlap >= 0.4 * least > 0 and x1 - 1 <= other.box[0] <= x1 + reach:
            return True
    return False


# Larger than the body by this much is display type (headings, titles).
DISPLAY_SIZE = 1.18
# A heading in body-size type takes at most this share of the text width; a list item that
# states a whole rule ("2. "벤처기업"이라 함은 「…」 제2조의 2(…)에 따른 기업") fills it.
HEADING_WIDTH = 0.6


@dataclass(frozen=True)
class _Layout:
    """What the boxes of a document's lines say about its body text."""

    body_height: float
    left: dict[int, float]  # page → left edge of the text
    right: dict[int, float]  # page → right edge of the text
    cover: set[int]  # pages without a line of prose (a cover, a title page)
    prose_sizes: frozenset[float] = frozenset()  # sizes full lines of prose are set in

    @classmethod
    def of(cls, lines: Sequence[Line]) -> _Layout | None:
        boxed = [ln for ln in lines if ln.box is not None and ln.height > 0]
        if not boxed:
            return None
        left: dict[int, float] = {}
        right: dict[int, float] = {}
        for ln in boxed:
            assert ln.box is not None
            left[ln.page] = min(left.get(ln.page, ln.box[0]), ln.box[0])
            right[ln.page] = max(right.get(ln.page, 0.0), ln.box[2])
        # The body's size is the size of most prose: lines that fill most of the width (tables
        # and forms in smaller type can outnumber it in characters).
        weights: dict[float, int] = {}
        for ln in boxed:
            assert ln.box is not None
            if ln.box[2] - ln.box[0] >= 0.6 * (right[ln.page] - left[ln.page]):
                key = round(ln.height, 1)
                weights[key] = weights.get(key, 0) + len(ln.text)
        if not weights:
            for ln in boxed:
                weights[round(ln.height, 1)] = weights.get(round(ln.height, 1), 0) + len(ln.text)
        body = max(weights, key=lambda h: weights[h])
        prose = {
            ln.page
            for ln in boxed
            if ln.box is not None
            and abs(ln.height - body) < 0.5
            and ln.box[2] - ln.box[0] >= 0.6 * (right[ln.page] - left[ln.page])
        }
        cover = {ln.page for ln in boxed} - prose
        total = sum(weights.values())
        sizes = frozenset(h for h, n in weights.items() if n >= PROSE_SHARE * total)
        return cls(body, left, right, cover, sizes)

    def display(self, ln: Line) -> bool:
        """Set in display type, on a page that has prose: the large lines of a cover page are
        its title and issuer (metadata), not the headings every later section sits under.
        A size that full lines of prose are set in is not display type, however large."""
        return (
            ln.height >= DISPLAY_SIZE * self.body_height
            and ln.page not in self.cover
            and not any(abs(ln.height - h) <= 0.25 for h in self.prose_sizes)
        )

    def small(self, ln: Line) -> bool:
        """Set in type smaller than the body text (a box's or a table's)."""
        return 0 < ln.height < SMALL_SIZE * self.body_height

    def short(self, ln: Line) -> bool:
        """Narrower than most of the text width: a heading leaves the line mostly empty."""
        assert ln.box is not None
        width = self.right[ln.page] - self.left[ln.page]
        return ln.box[2] - ln.box[0] <= HEADING_WIDTH * width

    def runs_on(self, lines: Sequence[Line], i: int) -> bool:
        """The line reaches the right edge and the next line carries on below it."""
        ln = lines[i]
        if ln.box is None or i + 1 >= len(lines):
            return False
        nxt = lines[i + 1]
        if nxt.box is None or nxt.page != ln.page or _gap(ln, nxt):
            return False
        # At least as long as the line under it: a heading is shorter than the paragraph after
        # it, while a wrapped line fills its column (also in a two-column page).
        reaches = ln.box[2] >= nxt.box[2] - 2 * max(ln.height, 1.0)
        below = 0 <= nxt.box[1] - ln.box[3] <= 1.5 * max(ln.height, 1.0)
        return reaches and below and nxt.box[0] >= ln.box[0] - 1 and not heading_of(nxt.text)


def item_marker(text: str) -> str | None:
    s = norm(text)
    m = _ITEM.match(s)
    if m:
        return m.group(1)
    m = _NUMBERED_ITEM.match(s)
    if m and (ends_sentence(s) or len(s) > _MAX_HEADING):
        return m.group(1) + "."  # "1 .휴전회담에우리국민은어떻게대응했는가?"
    return None


def _gap(a: Line, b: Line) -> bool:
    """True when something (blank lines, removed furniture) stood between two lines."""
    return b.raw_start > a.raw_end + 1


def _prose_width(lines: Sequence[Line]) -> float:
    lengths = [len(norm(ln.text)) for ln in lines if len(norm(ln.text)) >= 10]
    return statistics.median(lengths) if lengths else 40.0


def box_titles(lines: Sequence[Line]) -> dict[str, int]:
    """How many times each box title ("<…>") occurs, spaces aside: one met ``RECURRING_TITLE``
    times labels a kind of box ("<보 기>" above each question of ko_exam_science)."""
    titles: dict[str, int] = {}
    for ln in lines:
        found = heading_of(ln.text)
        if found and found.marker == "<>":
            k = re.sub(r"\s+", "", ln.text)
            titles[k] = titles.get(k, 0) + 1
    return titles


def classify(
    lines: Sequence[Line],
    i: int,
    layout: _Layout | None,
    titles: dict[str, int],
    heading_at: set[int],
) -> tuple[_Heading | None, str | None]:
    """Line ``i`` as a heading, as an item (its marker), or as neither (body text).

    Its text decides first (``heading_of``, ``item_marker``); where the lines come with their
    boxes, the layout then has a say: a table-of-contents entry is body text, a numbered line
    the layout shows to be content is demoted to an item (``_not_a_heading``), and a short
    line in display type is promoted to an unnumbered heading (``_display_heading``).
    ``titles`` counts the box titles (``box_titles``), ``heading_at`` holds the indexes of the
    lines made headings so far."""
    heading = heading_of(lines[i].text)
    marker = item_marker(lines[i].text)
    if layout is None:
        return heading, marker
    if _TOC_ENTRY.search(norm(lines[i].text)):
        return None, marker or "toc"
    if heading and _not_a_heading(lines, i, heading, layout, titles, heading_at):
        return None, heading.marker
    if not heading and not marker and _display_heading(lines, i, layout, heading_at):
        level = 1 if lines[i].height >= 1.5 * layout.body_height else 2
        return _Heading(level, ""), marker
    return heading, marker


def _not_a_heading(
    lines: Sequence[Line],
    i: int,
    heading: _Heading,
    layout: _Layout,
    titles: dict[str, int],
    heading_at: set[int],
) -> bool:
    """A line shaped like a heading that its layout shows to be content (the rules of the
    module's docstring): it runs on into the next line, states a label and its value, is
    neither display type nor short, is a numbered line in small type, is a recurring box
    title, is one of a numbered list, or has text beside it."""
    ln = lines[i]
    return bool(
        layout.runs_on(lines, i)
        or _LABEL_VALUE.match(norm(ln.text))
        or not (layout.display(ln) or layout.short(ln))
        or (heading.marker not in ("<>", "■") and layout.small(ln))
        or (
            heading.marker == "<>" and titles.get(re.sub(r"\s+", "", ln.text), 0) >= RECURRING_TITLE
        )
        or in_list(lines, i, heading_at)
        or _beside(lines, i)
    )


def _display_heading(lines: Sequence[Line], i: int, layout: _Layout, heading_at: set[int]) -> bool:
    """An unnumbered line that is a heading by its type: short, in display type, standing on
    its own (neither running on nor run onto), with words, not a sentence, not a lead-in
    ending in a colon, not a figure's label, not one of a list, nothing beside it."""
    ln = lines[i]
    s = norm(ln.text)
    return bool(
        layout.display(ln)
        and layout.short(ln)
        and not layout.runs_on(lines, i)
        and not (i > 0 and layout.runs_on(lines, i - 1))
        and re.search("[가-힣A-Za-z]{2}", s)
        and not ends_sentence(s)
        and not s.endswith((":", "："))
        and not _FIGURE.match(s)
        and not in_list(lines, i, heading_at)
        and not _beside(lines, i)
    )


def table_takes(lines: Sequence[Line], i: int, last: Line, structural: bool) -> tuple[int, bool]:
    """What an open table, whose last row so far is ``last``, does with line ``i``: how many
    lines it takes from there (0: the table ended before it) and whether it ends after them.

    A table runs to its "<출전>" line, the next bullet or heading (``structural``), or the end
    of the page."""
    ln = lines[i]
    source = bool(_TABLE_SOURCE.match(norm(ln.text)))
    if ln.page != last.page or (structural and not source):
        return 0, True
    if not source:
        return 1, False
    # The source line may wrap onto one more line (a URL).
    if i + 1 < len(lines) and lines[i + 1].page == ln.page and not _gap(ln, lines[i + 1]):
        return 2, True
    return 1, True


def group_kind(text: str) -> BlockKind | None:
    """ "keywords" for a line that opens the keywords ("핵심어: …", "Keywords: …"), "title"
    for one that opens the English title ("Title: …")."""
    s = norm(text)
    if _KEYWORDS.match(s):
        return "keywords"
    if _TITLE.match(s):
        return "title"
    return None


def group_end(lines: Sequence[Line], i: int, kind: BlockKind) -> int:
    """The end (exclusive) of the keywords or title group that line ``i`` opens: the lines
    after it on its page up to a heading, item or label; a title takes at most one more line
    (its subtitle), and not a long one or a sentence."""
    j = i + 1
    while j < len(lines) and lines[j].page == lines[i].page:
        nxt = norm(lines[j].text)
        if heading_of(nxt) or item_marker(nxt) or label_of(nxt) or section_title(nxt):
            break
        if kind == "keywords" and (j - i >= _MAX_KEYWORD_LINES or _NEXT_FIELD.match(nxt)):
            break
        if kind == "title" and (len(nxt) > _MAX_HEADING or ends_sentence(nxt) or j - i >= 2):
            break
        j += 1
    return j


def _tight_run(lines: Sequence[Line], start: int, boxed: bool) -> int:
    """How many lines from ``start`` follow each other with no blank between, on one page."""
    j = start
    while j + 1 < len(lines) and not _gap(lines[j], lines[j + 1]):
        if lines[j + 1].page != lines[start].page:
            break
        if boxed and heading_of(lines[j + 1].text):
            break  # "1. 제목 (Title)" under "학생: … 지도교수: …" (ko_proposal_chrome p1)
        j += 1
    return j - start + 1


Plain = Literal["caption", "heading", "continue", "paragraph"]


def plain_line(
    lines: Sequence[Line],
    i: int,
    boxed: bool,
    run: list[Line],
    run_kind: str,
    run_tight: int,
    width: float,
) -> tuple[Plain, int]:
    """What a line of plain text (no heading, marker or label) is, and how many lines it takes:
    the first of a photo caption floating in prose ("caption"; the open ``run`` goes on after
    it), one of seed 000's unnumbered title lines ("heading", text without boxes only), a
    line that continues the open run ("continue") or the first of a new paragraph.

    ``run`` is the open paragraph or item, ``run_kind`` its kind and ``run_tight`` the count
    of its last lines with no blank between them; ``width`` the prose's median line length."""
    n = _tight_run(lines, i, boxed)
    short = all(len(norm(x.text)) < 0.7 * width for x in lines[i : i + n])
    if n >= 3 and short and (not run or _gap(run[-1], lines[i])):
        return "caption", n
    if not boxed and _title_line(lines, i, run, width):
        return "heading", 1
    if run and _continues(run, run_kind, run_tight, lines[i], width):
        return "continue", 1
    return "paragraph", 1


# What opens a note in a footnote area: "3) 표안의 각주" (ko_report_footnotes), "20) 1976-2017
# 년에 …" (ko_paper_kopdp). Not "(25)" (a score in ko_guide_ai_semiconductor's small-type
# table at the foot of p18) nor "※ …" (a notice set small under a box, not a note).
_FOOTNOTE_MARK = re.compile(r"^\s*\d{1,3}\)")


def footnote_lines(lines: Sequence[Line], layout: _Layout | None) -> set[int]:
    """The indexes of the lines in footnote areas: at the end of a page's text, set smaller
    than the body, from the first of them that opens a note down. ko_report_footnotes sets its
    notes ("3) 표안의 각주") in 9 pt under a 15 pt body; read as body text, they split the
    sentence that runs on to the next page ("해외 사이트에서 총 3) 표안의 각주 4) … 설계도의").
    A page set small throughout has no footnote area; small lines above the first note (a
    table's source line) stay body text."""
    if layout is None:
        return set()
    by_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        by_page.setdefault(ln.page, []).append(i)
    out: set[int] = set()
    for idx in by_page.values():
        k = len(idx)
        while k > 0 and lines[idx[k - 1]].table is None and layout.small(lines[idx[k - 1]]):
            k -= 1
        if k == 0:
            continue
        area = idx[k:]
        first = next((j for j, i in enumerate(area) if _FOOTNOTE_MARK.match(lines[i].text)), None)
        if first is not None:
            out.update(area[first:])
    return out


class _Builder:
    """The blocks of a page's lines as they are built: the open run (a paragraph or an item,
    which later lines may continue), the open table, the spread header lines waiting for their
    table, and the indexes of the lines made headings so far (``in_list`` reads them)."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = lines
        self.width = _prose_width(lines)
        self.layout = _Layout.of(lines)
        self.titles = box_titles(lines) if self.layout is not None else {}
        self.blocks: list[Block] = []
        self.run: list[Line] = []
        self.run_kind: BlockKind = "paragraph"
        self.run_marker = ""
        self.run_tight = 1  # lines at the end of the run without a blank between them
        self.table: list[Line] | None = None
        self.table_marker = ""
        self.pending_header: list[Line] = []
        self.heading_at: set[int] = set()
        self.footnotes = footnote_lines(lines, self.layout)

    def add(self, kind: BlockKind, lines: Sequence[Line], level: int = 0, marker: str = "") -> None:
        self.blocks.append(Block(kind, tuple(lines), lines[0].page, level, marker))

    def heading(self, i: int, level: int, marker: str) -> None:
        self.add("heading", [self.lines[i]], level, marker)
        self.heading_at.add(i)

    def start(self, ln: Line, kind: BlockKind, marker: str) -> None:
        self.close()
        self.run, self.run_kind, self.run_marker, self.run_tight = [ln], kind, marker, 1

    def close(self) -> None:
        if self.run:
            self.add(self.run_kind, self.run, 0, self.run_marker)
        self.run, self.run_kind, self.run_marker = [], "paragraph", ""

    def close_table(self) -> None:
        if self.table:
            self.add("table", self.table, 0, self.table_marker)
        self.table = None

    def step(self, i: int) -> int:
        """Line ``i``, and the lines it takes with it, into blocks: the index of the next line."""
        ln = self.lines[i]
        if i in self.footnotes:
            return self.footnote(i)
        if ln.heading:  # a heading the file itself marks (a Word heading style)
            self.close()
            self.close_table()
            self.heading(i, ln.heading, "")
            return i + 1
        if ln.table is not None:
            return self.ruled_table(i)
        heading, marker = classify(self.lines, i, self.layout, self.titles, self.heading_at)
        if self.table is not None:
            structural = bool(heading or marker or label_of(ln.text))
            taken, ends = table_takes(self.lines, i, self.table[-1], structural)
            self.table.extend(self.lines[i : i + taken])
            if ends:
                self.close_table()
            if taken:
                return i + taken
        return self.place(i, heading, marker)

    def footnote(self, i: int) -> int:
        """One note of a footnote area, with the lines it wraps onto. The open paragraph stays
        open: the page's text goes on after its notes. The index after the note."""
        self.close_table()
        j = i + 1
        while (
            j in self.footnotes
            and self.lines[j].page == self.lines[i].page
            and not _FOOTNOTE_MARK.match(self.lines[j].text)
        ):
            j += 1
        mark = _FOOTNOTE_MARK.match(self.lines[i].text)
        self.add("footnote", self.lines[i:j], 0, mark.group().strip() if mark else "")
        return j

    def ruled_table(self, i: int) -> int:
        """A ruled table the PDF reader found: its rows, as read. The index after them."""
        table = self.lines[i].table
        self.close()
        self.close_table()
        j = i
        while j < len(self.lines) and self.lines[j].table == table:
            j += 1
        self.add("table", self.lines[i:j])
        return j

    def place(self, i: int, heading: _Heading | None, marker: str | None) -> int:
        """Line ``i``, classified and not a row of an open table, into blocks: a table's start
        or spread header, a heading, a figure's caption, a label, keywords or a title, an
        item, or plain text. The index of the next line."""
        ln = self.lines[i]
        s = norm(ln.text)
        if _TABLE_START.match(s):
            self.close()
            self.table = [h for h in self.pending_header if h.page == ln.page] + [ln]
            self.pending_header = []
            self.table_marker = re.sub(r"\s+", " ", _TABLE_START.match(s).group(0))  # type: ignore[union-attr]
            return i + 1
        if _SPREAD_HEADER.match(s):
            self.close()
            self.pending_header.append(ln)
            return i + 1
        lab = label_of(ln.text)
        if lab:  # before headings: "< 국문초록>" (ko_paper_kopdp) is bracketed like one
            self.close()
            self.add("label", [ln], 0, lab)
            return i + 1
        if heading:
            self.close()
            self.heading(i, heading.level, heading.marker)
            return i + 1
        if self.layout is not None and _FIGURE.match(s):
            self.close()
            self.add("caption", [ln])
            return i + 1
        kind = group_kind(ln.text)
        if kind:
            self.close()
            j = group_end(self.lines, i, kind)
            self.add(kind, self.lines[i:j])
            return j
        if marker:
            self.start(ln, "item", marker)
            return i + 1
        return self.plain(i)

    def plain(self, i: int) -> int:
        """A line of plain text: a caption floating in prose, a continuation, or a new
        paragraph."""
        ln = self.lines[i]
        what, n = plain_line(
            self.lines,
            i,
            self.layout is not None,
            self.run,
            self.run_kind,
            self.run_tight,
            self.width,
        )
        if what == "caption":
            self.add("caption", self.lines[i : i + n])
        elif what == "heading":
            self.close()
            self.add("heading", [ln], 2, "")
        elif what == "continue":
            self.run_tight = 1 if _gap(self.run[-1], ln) else self.run_tight + 1
            self.run.append(ln)
        else:
            self.start(ln, "paragraph", "")
        return i + n

    def finish(self) -> list[Block]:
        """The blocks, in the order of the source: open runs closed, a spread header that no
        table followed left as a paragraph."""
        self.close()
        self.close_table()
        for h in self.pending_header:
            self.add("paragraph", [h])
        self.blocks.sort(key=lambda b: b.raw_start)
        return self.blocks


def build_blocks(lines: Sequence[Line]) -> list[Block]:
    builder = _Builder(lines)
    i = 0
    while i < len(lines):
        i = builder.step(i)
    return _levels_by_size(builder.finish())


def _levels_by_size(blocks: list[Block]) -> list[Block]:
    """An unnumbered heading takes the level of the numbered headings set in its size.

    ko_paper_kopdp sets "부록: 데이터 파일 및 변수 목록" (p49) in the 16.9 pt of its "Ⅰ."–"Ⅷ."
    chapters: it is a chapter, and "1. 한국특허청 특허 자료" under it a section of it, not its
    sibling (which would leave the appendix heading over nothing)."""
    levels: dict[float, list[int]] = {}
    for b in blocks:
        if b.kind == "heading" and b.marker not in ("", "<>") and b.lines[0].height > 0:
            levels.setdefault(round(b.lines[0].height), []).append(b.level)
    if not levels:
        return blocks
    out = []
    for b in blocks:
        same = levels.get(round(b.lines[0].height)) if b.kind == "heading" else None
        if same and b.marker == "" and b.lines[0].box is not None:
            b = replace(b, level=max(set(same), key=same.count))
        out.append(b)
    return out


def _title_line(lines: Sequence[Line], i: int, cur: list[Line], width: float) -> bool:
    """Seed 000's unnumbered headings: a short Hangul line after a finished sentence, not
    itself a sentence, followed (after a blank) by a full line of text."""
    s = norm(lines[i].text)
    if not re.search("[가-힣]", s) or len(s) >= 0.7 * width or ends_sentence(s):
        return False
    if cur and (cur[-1].page == lines[i].page) and not ends_sentence(norm(cur[-1].text)):
        return False
    if cur and cur[-1].page != lines[i].page and not ends_sentence(norm(cur[-1].text)):
        return False
    if i + 1 >= len(lines) or not _gap(lines[i], lines[i + 1]):
        return False
    return len(norm(lines[i + 1].text)) >= 0.7 * width


def _script(s: str) -> str:
    hangul = len(re.findall("[가-힣]", s))
    latin = len(re.findall("[A-Za-z]", s))
    return "ko" if hangul >= latin else "en"


def _continues(cur: list[Line], kind: str, tight: int, ln: Line, width: float) -> bool:
    last = cur[-1]
    if kind == "item":
        return True
    last_text = norm(last.text)
    if _script(last_text) != _script(norm(ln.text)):
        return False  # an English line after a Korean one (or back) starts a new paragraph
    if ln.page != last.page:
        return not ends_sentence(last_text)
    if not _gap(last, ln):
        # single-spaced text (PDF): a short line that ends a sentence ends the paragraph
        return not (ends_sentence(last_text) and len(last_text) < 0.8 * width)
    if tight >= 2:
        return False  # single-spaced text: a blank line ends the paragraph
    return not ends_sentence(norm(last.text))
