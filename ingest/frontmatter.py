"""What a document's first page says about itself, under or around its title: authors, the
date it was issued, an English title right below a Korean one.

Only the front of page 1 is read: its lines from the top down to the first abstract label,
keywords line, numbered heading or sentence of body text (``front``). A year is never taken
from the body or from a data table; a name is never guessed from a line that holds anything
but names. What the page does not print stays empty.

Real lines behind the rules:

- "이지홍 임현경 김상동 송근상 정재유" (ko_paper_kopdp): Korean names, 2-4 syllables with a
  common surname; "안 진 현 (安 眞 玄 Ahn, Jin-Hyun)" (a thesis cover): one letter-spaced name;
  "학생: 최재필 지도교수: 강장구 교수님": a labelled author, the advisor left out; "서정민 기자":
  a news byline.
- "Dahyun Kim∗, Chanjun Park∗†, …" (en_paper_solar), "Neil G. Marchant" between affiliation
  lines (en_paper_hardforget): English names split on commas and "and", marks removed.
- "2025. 12. 11.", "(2021. 6)", "2019 년 5 월", "2025학년도", "February 10, 2022", a line
  "2020" alone, "보도시점 | 2025. 8. 13.(수) 15:00" (a labelled date cell of a letterhead),
  and the arXiv stamp in the margin "arXiv:2312.15166v3[cs.CL]4Apr2024".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence

from ingest.blocks import ends_sentence, label_of, norm
from ingest.lang import lang_of
from ingest.records import Line

MAX_FRONT = 30  # lines of page 1 read at most
FIRST_YEAR, LAST_YEAR = 1900, 2100

# The common Korean surnames (over 95% of the population): a token that starts otherwise is
# not read as a name ("보도자료" is not a person).
SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진나지"
    "엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉"
)
_AUTHOR_LABELS = frozenset(
    {"저자", "학생", "작성자", "작성", "글", "연구자", "연구진", "지은이", "발표자", "집필"}
)
_EN_AUTHOR_LABELS = frozenset({"author", "authors", "by"})
# A box of the research team: "< 연 구 진 >", "▣ ｢시장구조조사｣ 연구진", a member per line.
_TEAM = re.compile(r"(?:연구진|집필진)>?$")
_POSITION = re.compile(
    r"(?<!\S)(?:선임연구위원|부연구위원|연구위원|전문위원|책임연구원|선임연구원|연구원|부교수|조교수|교수)"
    r"(?!\S)"
)
_LABELLED = re.compile(r"([^\s:：]+)\s*[:：]\s*")
_MARKS = re.compile(r"[∗*†‡§¶⁎#]+|(?<=[A-Za-z가-힣])\d{1,2}(?=\s|,|$)")
_PARENS = re.compile(r"\([^)]*\)|（[^）]*）")
_HANGUL_NAME = re.compile(r"^[가-힣]{2,4}$")
_EN_WORD = re.compile(r"^(?:[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?|[A-Z]\.(?:-?[A-Z]\.)*)$")
# Words of affiliations and places, never of a person's name.
_NOT_NAMES = frozenset(
    [
        "University",
        "College",
        "Institute",
        "School",
        "Department",
        "Faculty",
        "Laboratory",
        "Lab",
        "Center",
        "Centre",
        "Research",
        "Science",
        "Sciences",
        "Systems",
        "Computing",
        "Engineering",
        "Technology",
        "Korea",
        "China",
        "Japan",
        "America",
        "Germany",
        "France",
        "Kingdom",
        "States",
        "South",
        "North",
        "United",
        "Republic",
        "Inc",
        "Ltd",
        "Corporation",
        "Company",
        "Group",
        "Abstract",
        "Introduction",
        "Contents",
        "Master",
        "Thesis",
        "Dissertation",
        "Report",
    ]
)
_SPLIT_EN = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\.?)\s+\S")
_KEYWORDS = re.compile(r"^(핵심어|주제어|키워드|Key\s*words?|Keywords|JEL)\b", re.IGNORECASE)

_MONTHS = (
    "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    "|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_DATES = (
    re.compile(r"(?<!\d)(\d{4})\s*\.\s*(?:1[0-2]|0?[1-9])\b(?:\s*\.\s*\d{1,2}\.?)?"),
    re.compile(r"(?<!\d)(\d{4})\s*년\s*(?:1[0-2]|0?[1-9])\s*월"),
    re.compile(r"(?<!\d)(\d{4})\s*학년도"),
    re.compile(rf"\b(?:{_MONTHS})\.?\s*\d{{1,2}},?\s*(\d{{4}})\b"),
    re.compile(rf"(?<!\d)\d{{1,2}}\s*(?:{_MONTHS})\.?,?\s*(\d{{4}})\b"),
    re.compile(rf"\b(?:{_MONTHS})\.?,?\s+(\d{{4}})\b"),
)
_YEAR_ALONE = re.compile(r"^\(?((?:19|20)\d{2})\)?$")
# Cells of a letterhead that hold the document's own date.
_DATE_LABEL = re.compile(r"(일자|일시|날짜|보도시점|배포|시행|발행|발간|작성일|Date)")
_ARXIV = re.compile(r"^arXiv:")
_ISSUED = re.compile(
    r"(?:^|\s)시행\s+[^\s()]+-\d+\s*\(\s*(\d{4}\s*\.\s*\d{1,2}\s*\.\s*\d{1,2}\.?)\s*\)"
)


def front(lines: Sequence[Line]) -> list[Line]:
    """The lines of the first page with text, from the top down to what ends its front
    matter (an abstract label, a keywords line, a numbered heading, a sentence of body text)."""
    first = next((ln.page for ln in lines if not ln.blank), None)
    out: list[Line] = []
    for ln in lines:
        if ln.page != first or len(out) >= MAX_FRONT:
            break
        if ln.blank:
            continue
        text = norm(ln.text)
        if label_of(_PARENS.sub("", text).strip("<>〈〉 ")) or label_of(text.strip("<>〈〉 ")):
            break
        if _KEYWORDS.match(text) or (_HEADING.match(text) and out):
            break
        if len(text) >= 40 and ends_sentence(text):
            break
        out.append(ln)
    return out


def _korean_names(text: str) -> list[str]:
    tokens = text.split()
    if tokens and tokens[-1] == "기자":
        tokens = tokens[:-1]
    tokens = [t[:-2] if t.endswith("기자") and len(t) > 4 else t for t in tokens]
    if 2 <= len(tokens) <= 4 and all(len(t) == 1 for t in tokens):
        tokens = ["".join(tokens)]  # "안 진 현": one letter-spaced name
    if tokens and all(_HANGUL_NAME.match(t) and t[0] in SURNAMES for t in tokens):
        return tokens
    return []


def _english_names(text: str) -> list[str]:
    parts = [p for p in _SPLIT_EN.split(text) if p]
    names = []
    for part in parts:
        words = part.split()
        if not 2 <= len(words) <= 4 or not all(_EN_WORD.match(w) for w in words):
            return []
        if any(w in _NOT_NAMES for w in words) or all(w.endswith(".") for w in words):
            return []
        names.append(" ".join(words))
    return names


def authors_in(text: str) -> list[str]:
    """The names a front-matter line holds, or none when it holds anything but names.

    >>> authors_in("Dahyun Kim∗, Chanjun Park∗†, Sanghoon Kim∗†")
    ['Dahyun Kim', 'Chanjun Park', 'Sanghoon Kim']
    >>> authors_in("학생: 최재필 지도교수: 강장구 교수님")
    ['최재필']
    """
    text = norm(_MARKS.sub(" ", text))
    labels = _LABELLED.findall(text)
    if labels:
        names: list[str] = []
        pieces = _LABELLED.split(text)  # ["", label, value, label, value, …]
        for label, value in zip(pieces[1::2], pieces[2::2], strict=True):
            if label in _AUTHOR_LABELS:
                names += _korean_names(_PARENS.sub(" ", value))
            elif label.lower() in _EN_AUTHOR_LABELS:
                names += _english_names(value)
        return names
    if re.match(r"^By\s", text):
        return _english_names(text[3:])
    plain = norm(_PARENS.sub(" ", text))
    if not plain:
        return []
    if lang_of(plain) == "ko":
        return _korean_names(plain)
    return _english_names(plain)


def authors(lines: Sequence[Line], title: str | None) -> tuple[str, ...]:
    """The names printed in the front matter below the title; none without a title (a name
    in an approval block above a report's title is a signer's: ko_scan_fire_report). Tables
    are not read, except one that says it lists the research team ("연구진")."""
    region = front(lines)
    start = _after_title(region, title)
    if not start:
        return ()
    found: list[str] = []
    team: int | None = None  # the table that lists the research team
    for ln in region[start:]:
        if ln.table is not None and ln.table == team:
            names = [n for cell in ln.cells for n in members(cell)]
        elif ln.table is not None:
            if any(_TEAM.search(_flat(cell)) for cell in ln.cells):
                team = ln.table
            continue
        else:
            names = authors_in(ln.text)
        for name in names:
            if name not in found:
                found.append(name)
    return tuple(found)


def members(text: str) -> list[str]:
    """The names of a research-team box's cell, each followed by an affiliation and a
    position, or none when the cell holds anything else (ko_report_kdi_market's cover).

    >>> members("이상무  KDI 전문위원 이재형  KDI 전문위원 양정삼  KDI 전문위원")
    ['이상무', '이재형', '양정삼']
    >>> members("▣ ｢시장구조조사｣ 연구진"), members("한국개발연구원")
    ([], [])
    """
    *people, rest = _POSITION.split(norm(text))
    names: list[str] = []
    for person in people:
        words = person.split()
        if rest.strip() or not 1 <= len(words) <= 3 or not (name := _korean_names(words[0])):
            return []
        names += name
    return names


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _after_title(region: Sequence[Line], title: str | None) -> int:
    """The index of the first front line after the title's lines (0 without a title)."""
    return next(_title_ends(region, title), 0)


def _title_ends(region: Sequence[Line], title: str | None) -> Iterator[int]:
    """The index of the line after each place the title's lines are printed in ``region``."""
    if not title:
        return
    want = _flat(title)
    for i, _ln in enumerate(region):
        seen = ""
        for j in range(i, min(i + 4, len(region))):
            seen += _flat(region[j].text)
            if seen.rstrip("*∗†") == want or _flat(_MARKS.sub("", seen)) == want:
                yield j + 1
                break
            if not want.startswith(seen):
                break


def year_in(text: str) -> int | None:
    """The year of a date printed on a line ("2025. 12. 11." → 2025), if one is.

    >>> year_in("2019 년 5 월"), year_in("February 10, 2022"), year_in("2025학년도 문제지")
    (2019, 2022, 2025)
    """
    text = norm(text)
    if m := _YEAR_ALONE.match(text):
        return int(m.group(1))
    for pattern in _DATES:
        if m := pattern.search(text):
            year = int(m.group(1))
            if FIRST_YEAR <= year <= LAST_YEAR:
                return year
    return None


def year(lines: Sequence[Line], margin: Sequence[str] = ()) -> int | None:
    """The year of the first date printed in the front matter of page 1: on a line of its
    own or after a label, in a letterhead cell labelled as a date, else in a stamp in the
    page's margin (arXiv's). Data tables and body text are not read."""
    for ln in front(lines):
        if ln.table is not None:
            cells = ln.cells or tuple(norm(ln.text).split("|"))
            for label, value in itertools.pairwise(cells):
                if _DATE_LABEL.search(label.split(":")[-1]) and (y := year_in(value)):
                    return y
            continue
        if len(norm(ln.text)) <= 60 and (y := year_in(ln.text)):
            return y
    for text in margin:
        if _ARXIV.match(text) and (y := year_in(re.sub(r"^arXiv:\S*?\]", "", text))):
            return y
    return None


def issued_year(lines: Sequence[Line]) -> int | None:
    """The year of an official letter's (공문) issue stamp, "시행 <처리과>-<번호> (<date>)" in
    its closing box: "시행 행정지원과-9859 ( 2026. 6. 25. )" (ko_notice_water_test.hwpx)."""
    for ln in lines:
        if m := _ISSUED.search(norm(ln.text)):
            return year_in(m.group(1))
    return None


def english_title(lines: Sequence[Line], title: str | None) -> str | None:
    """An English title printed right below a Korean one on page 1, where the title stands
    or where it is printed again ("탄소 나노튜브의 물리적 특성에 대한 이론 연구" / "Theoretical
    Study on Physical Properties of Carbon Nanotubes"; ko_proposal_chrome repeats its title
    under "1. 제목 (Title)" with "Text-Based Industry Momentum in Korean Stock Market")."""
    if not title or lang_of(title) != "ko":
        return None
    first = next((ln.page for ln in lines if not ln.blank), None)
    region = [ln for ln in lines if ln.page == first and not ln.blank][:MAX_FRONT]
    for start in _title_ends(region, title):
        if start < len(region) and (text := _english_line(region[start].text)):
            return text
    return None


def _english_line(text: str) -> str | None:
    text = norm(text)
    words = text.split()
    if lang_of(text) != "en" or len(words) < 3 or not text[:1].isupper():
        return None
    if ends_sentence(text) or year_in(text) or authors_in(text) or "@" in text:
        return None
    return text
