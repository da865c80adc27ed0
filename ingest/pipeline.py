"""The ingest pipeline: source file → pages → blocks → repaired text → passages.

Each step is a plain function over plain records; this module only wires them together and
works out the document's structure (sections, abstracts, keywords, titles).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from kiwipiepy import Kiwi

from ingest import doctype, frontmatter
from ingest.blocks import ABSTRACTS, build_blocks, norm, section_title
from ingest.errors import IngestError
from ingest.footnotes import FootnoteScanner
from ingest.lang import lang_of
from ingest.metadata import Metadata, load_sidecar
from ingest.pages import split_pages
from ingest.passages import Unit, cut_passages
from ingest.properties import FILE_CONFIDENCE, authored_year, printed_authors, printed_title
from ingest.readers import read_source
from ingest.records import (
    Block,
    Document,
    Lang,
    Line,
    Page,
    Passage,
    PassageKind,
    Provenance,
    Repairs,
    Source,
    SourceKind,
)
from ingest.repair import Prepared, delete_spans, finish_many, prepare
from ingest.sentences import SentenceSplitter
from ingest.spacing import Spacer
from ingest.tables import cells, rebuild_rows
from ingest.titles import english_title_over_abstract, subtitle_of, title_from_layout
from ingest.trace import align

T = TypeVar("T")


class Tools:
    """The models ingest needs, shared across documents. Nothing loads until first use."""

    def __init__(self, kiwi: Kiwi | None = None) -> None:
        self._kiwi = kiwi
        self._spacer: Spacer | None = None
        self._splitter: SentenceSplitter | None = None

    @property
    def kiwi(self) -> Kiwi:
        if self._kiwi is None:
            self._kiwi = Kiwi()
        return self._kiwi

    @property
    def spacer(self) -> Spacer:
        if self._spacer is None:
            self._spacer = Spacer(self.kiwi)
        return self._spacer

    @property
    def splitter(self) -> SentenceSplitter:
        if self._splitter is None:
            self._splitter = SentenceSplitter(self.kiwi)
        return self._splitter


@dataclass(frozen=True)
class Ingested:
    document: Document
    passages: tuple[Passage, ...]
    source_text: str = ""  # the decoded source the raw offsets point into


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str


@dataclass
class BatchResult:
    ingested: list[Ingested] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


def document_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class _Part:
    """A block's text on its way through repair: one per block, one per table cell."""

    block: Block
    lines: tuple[Line, ...]
    prepared: Prepared
    notes: list[tuple[int, str]] = field(default_factory=list)  # (non-space count, number)
    text: str = ""


def _prepare(lines: Sequence[Line], trusted: bool, *, short_line: bool = False) -> Prepared:
    """A part's lines joined and repaired. ``trusted``: the reader decided the spaces (from a
    PDF's glyph geometry, or an HWP file's own text), so the spacing model only decides
    where that left them open (at line joins)."""
    return prepare(
        [ln.text for ln in lines],
        short_line=short_line,
        trusted=trusted and all(ln.ocr is None for ln in lines),
        wraps=[ln.wraps for ln in lines],
    )


def _prepare_parts(blocks: Sequence[Block], trusted: bool) -> list[_Part]:
    parts: list[_Part] = []
    for b in blocks:
        if b.kind == "table" and b.lines[0].table is not None:
            for ln in b.lines:  # a table the reader found (PDF rules, HWP): one part per row
                parts.append(_Part(b, (ln,), _prepare([ln], trusted, short_line=True)))
        elif b.kind == "table":
            for group in cells(b.lines):
                parts.append(_Part(b, tuple(group), _prepare(group, trusted, short_line=True)))
        else:
            parts.append(_Part(b, b.lines, _prepare(b.lines, trusted)))
    return parts


def _strip_footnotes(parts: Sequence[_Part]) -> None:
    scanner = FootnoteScanner()
    for part in parts:
        text = part.prepared.text
        _, refs, deleted = scanner.strip(text)
        if not deleted:
            continue
        numbers = iter(refs)
        for s, e in deleted:
            nonspace = sum(1 for ch in text[:s] if not ch.isspace())
            for _ in text[s:e].split():
                part.notes.append((nonspace, next(numbers)))
        part.prepared = delete_spans(part.prepared, deleted)
        part.prepared.counts["footnotes"] += len(refs)


def _offset_after(text: str, nonspace: int) -> int:
    seen = 0
    for i, ch in enumerate(text):
        if seen == nonspace:
            return i
        if not ch.isspace():
            seen += 1
    return len(text)


class _Structure:
    """Walks the repaired blocks in order and assigns sections, kinds and languages."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []
        self.units: list[tuple[Block, PassageKind, Lang, tuple[str, ...], str, _Part]] = []
        self.since_boundary: list[int] = []  # unit indexes since the last heading/label
        self.outline: list[tuple[int, str]] = []
        self.keywords: dict[Lang, tuple[str, ...]] = {}
        self.title_en: str | None = None
        self.abstract_section: str | None = None  # a leading label waiting for its content
        self.abstract_page = 0  # the page of that label
        self.pages_known = True  # False: one page holds the whole text, labels only open
        self.heading_notes: list[tuple[int, str]] = []  # footnotes on a heading: go to the
        # first unit of its section

    def section(self) -> tuple[str, ...]:
        return tuple(t for _, t in self.stack)

    def heading(self, level: int, text: str) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, text))
        self.outline.append((level, text))
        self.since_boundary = []
        self.abstract_section = None

    def label(self, block: Block, opens: bool = False) -> None:
        """A box label: of the text before it on its page (seed 002 prints "국문초록" below
        its abstract), or, where text follows it on the page (``opens``: "Abstract" above a
        paper's abstract, "<국문초록>" above ko_paper_kopdp's), of the text up to the next
        heading. Read backwards there, it made en_paper_solar's title and authors its
        abstract. A document without pages (an HWP file saved without layout) is one page, so
        a label never looks back there: ko_report_kdi_market's "요약" had taken its table of
        contents for an abstract."""
        label = block.marker
        page = block.page
        trailing = [
            i
            for i in self.since_boundary
            if self.units[i][0].page == page and self.units[i][1] not in ("table", "caption")
        ]
        if trailing and not opens and self.pages_known:
            for i in trailing:
                b, kind, lang, section, text, part = self.units[i]
                if label in ABSTRACTS:
                    self.units[i] = (b, "abstract", lang, (label,), text, part)
                else:
                    self.units[i] = (b, kind, lang, (*section, label), text, part)
        elif label in ABSTRACTS:
            self.abstract_section, self.abstract_page = label, page
        else:
            self.heading(len(self.stack) + 1, label)
        self.since_boundary = []

    def keywords_block(self, block: Block, part: _Part) -> None:
        """ "Keywords: a, b" / "주제어: 가, 나": the document's keywords, and a unit of its
        abstract's section."""
        words = _KEYWORDS_PREFIX.sub("", part.text)
        lang = lang_of(part.text)
        self.keywords[lang] = tuple(w.strip() for w in _KEYWORD_SEP.split(words) if w.strip())
        section: tuple[str, ...] = ("국문초록",) if lang == "ko" else ("Abstract",)
        self.units.append((block, "keywords", lang, section, part.text, part))
        self.since_boundary = []
        self.abstract_section = None  # the keywords close the abstract above them

    def table(self, block: Block, parts: Sequence[_Part]) -> None:
        """A table's parts (rows or cells) as one unit; its caption names a section."""
        texts, _ = rebuild_rows([p.text for p in parts])
        merged = _Part(block, block.lines, parts[0].prepared)
        merged.text = "\n".join(texts)
        base = 0  # footnote positions count non-space characters from the table's start
        for p in parts:
            merged.notes.extend((base + n, num) for n, num in p.notes)
            base += sum(1 for ch in p.text if not ch.isspace())
        caption = next((t for t in texts if t.startswith("<")), block.marker)
        section = (*self.section(), caption) if caption else self.section()
        self.units.append((block, "table", lang_of(merged.text), section, merged.text, merged))

    def add(self, block: Block, kind: PassageKind, text: str, part: _Part) -> None:
        lang = lang_of(text)
        section = self.section()
        if self.abstract_section and (
            block.page != self.abstract_page or section_title(block.lines[0].text)
        ):
            self.abstract_section = None  # an abstract ends with its page or a section title
        if self.abstract_section and kind == "body":
            kind, section = "abstract", (self.abstract_section,)
        elif kind == "body" and _INLINE_ABSTRACT.match(text):
            kind, section = "abstract", ("Abstract",)
        if self.heading_notes:
            part.notes[:0] = self.heading_notes
            self.heading_notes = []
        self.units.append((block, kind, lang, section, text, part))
        self.since_boundary.append(len(self.units) - 1)


# "Keywords: a, b" or, without a colon, "Keywords a · b" (en_paper_hardforget).
_KEYWORDS_PREFIX = re.compile(r"^(?:[^:]*:|Keywords|핵\s?심\s?낱\s?말)\s*", re.IGNORECASE)
_KEYWORD_SEP = re.compile(r"[,;·]")
# An abstract run into its label: "Abstract—We propose …", "ABSTRACT: …".
_INLINE_ABSTRACT = re.compile(r"^(?:Abstract|ABSTRACT)\s*[—–:.]")
_TITLE_PREFIX = re.compile(r"^Title\s*:\s*", re.IGNORECASE)


def _title_text(text: str, block: Block) -> str:
    """ "Title: Conditions for Nuclear Free Korean Peninsula" + subtitle line → one title."""
    lines = [norm(ln.text) for ln in block.lines]
    lines[0] = _TITLE_PREFIX.sub("", lines[0])
    return ": ".join(x.rstrip(" :") for x in lines if x)


def ingest_source(source: Source, meta: Metadata, tools: Tools) -> Ingested:
    """Source → pages → blocks → repaired text → sections → passages, and the document
    record: each step is one of the functions below."""
    doc_id = document_id(source.text)
    hints = [t for t in (meta.title_ko, meta.title_en) if t]
    pages, lines = split_pages(source.text, hints, source.layout)
    if not lines:
        raise IngestError(source.path, "no text found after removing page furniture")
    blocks = build_blocks(lines)
    parts, repairs = repair_blocks(blocks, source.media_type != "text/plain", tools.spacer)
    st = structure(blocks, parts, source.pages_known)
    units = to_units(st, tools.splitter)
    passages = cut_passages(doc_id, units, pages)
    # What the reader dropped or could not map is counted with the repairs: control
    # characters (NUL in browser-printed PDFs) and private-use glyphs (symbol fonts).
    found = {"control_chars": source.controls, "private_use": source.private_use}
    repairs = repairs + Repairs({k: n for k, n in found.items() if n})
    document = _document(doc_id, source, meta, pages, st, units, repairs, lines)
    return Ingested(document, tuple(passages), source.text)


def repair_blocks(
    blocks: Sequence[Block], trusted: bool, spacer: Spacer
) -> tuple[list[_Part], Repairs]:
    """Each block's text joined and repaired (one part per block, per table row or cell),
    footnote markers taken out, Korean spacing repaired in one batch for the document."""
    parts = _prepare_parts(blocks, trusted)
    _strip_footnotes(parts)
    repairs = Repairs()
    for part, repaired in zip(parts, finish_many([p.prepared for p in parts], spacer), strict=True):
        part.text = repaired.text
        repairs = repairs + repaired.repairs
    return parts, repairs


def structure(
    blocks: Sequence[Block], parts: Sequence[_Part], pages_known: bool = True
) -> _Structure:
    """Walk the repaired blocks in order: headings and labels open sections, keywords and
    the English title are noted, table parts become one table, the rest is body text."""
    st = _Structure()
    st.pages_known = pages_known
    korean = lang_of(" ".join(p.text for p in parts[:200])) == "ko"  # names the notes' part
    by_block: dict[int, list[_Part]] = {}
    for part in parts:
        by_block.setdefault(id(part.block), []).append(part)
    for k, block in enumerate(blocks):
        bparts = by_block[id(block)]
        if block.kind == "label":
            after = blocks[k + 1] if k + 1 < len(blocks) else None
            opens = (
                after is not None
                and after.page == block.page
                and after.kind in ("paragraph", "item")
            )
            st.label(block, opens)
        elif block.kind == "heading":
            st.heading(block.level, bparts[0].text)
            st.heading_notes.extend((1, num) for _, num in bparts[0].notes)
        elif block.kind == "keywords":
            st.keywords_block(block, bparts[0])
        elif block.kind == "title":
            part = bparts[0]
            st.title_en = _title_text(part.text, block)
            st.units.append((block, "title", lang_of(part.text), ("Abstract",), part.text, part))
            st.since_boundary = []
        elif block.kind == "table":
            st.table(block, bparts)
        elif block.kind == "caption":
            part = bparts[0]
            section = (*st.section(), norm(block.lines[0].text))
            st.units.append((block, "caption", lang_of(part.text), section, part.text, part))
        elif block.kind == "footnote":
            # Under the section it sits in, named as a reader names it: "각주 7)의 내용" asks
            # for it so, and a citation points at it so.
            part = bparts[0]
            name = f"각주 {block.marker}" if korean else f"Footnote {block.marker.rstrip(')')}"
            section = (*st.section(), name)
            st.units.append((block, "footnote", lang_of(part.text), section, part.text, part))
        else:
            st.add(block, "body", bparts[0].text, bparts[0])
    return st


def to_units(st: _Structure, splitter: SentenceSplitter) -> list[Unit]:
    """The structure's pieces of text as units for cutting: offsets back into the raw
    source, sentences, footnote positions. Empty pieces go."""
    units: list[Unit] = []
    for _block, kind, lang, section, text, part in st.units:
        if not text.strip():
            continue
        offsets = align(text, part.lines)
        notes = tuple((_offset_after(text, n), num) for n, num in part.notes)
        sentences = tuple(splitter.split(text, lang))
        units.append(Unit(kind, lang, section, text, part.lines, tuple(offsets), sentences, notes))
    return units


def _document(
    doc_id: str,
    source: Source,
    meta: Metadata,
    pages: Sequence[Page],
    st: _Structure,
    units: Sequence[Unit],
    repairs: Repairs,
    lines: Sequence[Line] = (),
) -> Document:
    """The document record, each metadata field from the most trusted place that states it
    (``Provenance``): the user's or the sidecar's, else what page 1 prints (its largest type
    for the title, the lines under it for authors and date), else the file's own properties
    where plausible and printed (``ingest.properties``), else for a title a Korean running
    title. What none of them states stays empty."""
    abstracts: dict[Lang, str] = {}
    for u in units:
        if u.kind == "abstract":
            abstracts[u.lang] = (abstracts.get(u.lang, "") + "\n" + u.text).strip()
    facts = _Facts(meta.source)
    props = dict(source.properties)
    first = next((p for p in pages if p.raw_end > p.raw_start), None)
    page1 = re.sub(r"\s+", "", source.text[first.raw_start : first.raw_end] if first else "")
    printed = title_from_layout(lines)
    printed_from: SourceKind = "page1"
    if printed is None and (from_file := printed_title(props, page1)):
        printed, printed_from = from_file, "file"
    printed_ko = printed if printed and lang_of(printed) == "ko" else None
    printed_en = printed if printed and lang_of(printed) == "en" else None
    running = Counter(
        f.text for p in pages for f in p.furniture if f.kind == "running_title"
    ).most_common(1)
    running_ko = running[0][0] if running and lang_of(running[0][0]) == "ko" else None
    given_title = bool(meta.title_ko or meta.title_en)
    title_ko = facts.pick(
        "title_ko",
        (meta.source, meta.title_ko, 1.0),
        (printed_from, None if given_title else printed_ko, _TRUST[printed_from]),
        ("page1", None if given_title else running_ko, 0.3),
    )
    title_en = facts.pick(
        "title_en",
        (meta.source, meta.title_en, 1.0),
        ("page1", st.title_en, 0.8),
        (printed_from, None if given_title else printed_en, _TRUST[printed_from]),
        ("page1", None if given_title else frontmatter.english_title(lines, printed_ko), 0.6),
        (
            "text",
            None if given_title or not printed_ko else english_title_over_abstract(lines),
            0.6,
        ),
    )
    from_page1 = printed_from == "page1" and not given_title
    subtitle = facts.pick(
        "subtitle",
        (meta.source, meta.subtitle, 1.0),
        ("page1", subtitle_of(lines, printed) if from_page1 else None, 0.7),
    )
    names = frontmatter.authors(lines, printed) if printed_from == "page1" else ()
    authors = facts.pick(
        "authors",
        (meta.source, meta.authors, 1.0),
        ("page1", names, 0.7),
        ("file", printed_authors(props, page1), FILE_CONFIDENCE),
    )
    margin = [f.text for f in first.furniture if f.kind == "margin"] if first else []
    year = facts.pick(
        "year",
        (meta.source, meta.year, 1.0),
        ("page1", frontmatter.year(lines, margin), 0.8),
        (
            "page1",
            frontmatter.year_in(printed) if printed_from == "page1" and printed else None,
            0.7,
        ),
        ("text", frontmatter.issued_year(lines), 0.7),
        ("file", authored_year(props, source.media_type), FILE_CONFIDENCE),
    )
    head = source.text[first.raw_start : pages[min(2, len(pages) - 1)].raw_end] if first else ""
    kind = doctype.read_kind(head, margin)
    doc_type = facts.pick(
        "doc_type", (meta.source, meta.doc_type, 1.0), ("page1", kind.doc_type, 0.8)
    )
    publisher = facts.pick(
        "publisher", (meta.source, meta.publisher, 1.0), ("page1", kind.publisher, 0.7)
    )
    stated = {"date": kind.date, "number": kind.number, "doi": kind.doi}
    extra = {
        name: facts.pick(
            name, (meta.source, getattr(meta, name, None), 1.0), ("page1", stated.get(name), 0.8)
        )
        for name in ("container", "volume", "issue", "date", "number", "doi")
    }
    for name, found in (
        ("abstract_ko", abstracts.get("ko")),
        ("abstract_en", abstracts.get("en")),
        ("keywords_ko", st.keywords.get("ko")),
        ("keywords_en", st.keywords.get("en")),
    ):
        facts.pick(name, ("text", found, 0.8))
    return Document(
        id=doc_id,
        source=source.path,
        media_type=source.media_type,
        encoding=source.encoding,
        title_ko=title_ko,
        title_en=title_en,
        subtitle=subtitle,
        doc_type=doc_type,
        languages=tuple(sorted({u.lang for u in units})),
        year=year,
        authors=tuple(authors or ()),
        publisher=publisher,
        container=extra["container"],
        volume=extra["volume"],
        issue=extra["issue"],
        date=extra["date"],
        number=extra["number"],
        doi=extra["doi"],
        abstract_ko=abstracts.get("ko"),
        abstract_en=abstracts.get("en"),
        keywords_ko=st.keywords.get("ko", ()),
        keywords_en=st.keywords.get("en", ()),
        pages=tuple(pages),
        outline=tuple(st.outline),
        repairs=repairs,
        pages_known=source.pages_known,
        provenance=tuple(facts.found),
    )


_TRUST = {"page1": 0.8, "file": FILE_CONFIDENCE}


class _Facts:
    """Picks each field from the first place that states it, and notes where."""

    def __init__(self, given: SourceKind) -> None:
        self.given = given
        self.found: list[Provenance] = []

    def pick(self, name: str, *options: tuple[SourceKind, T | None, float]) -> T | None:
        for where, value, confidence in options:
            if value not in (None, "", ()):
                self.found.append(Provenance(name, where, confidence))
                return value
        return None


def duplicate_passages(result: Ingested) -> int:
    """Passages whose text (spaces aside) is that of an earlier passage of the document:
    repeated form text is real, but a reader should hear that the copies are copies."""
    seen: set[str] = set()
    copies = 0
    for p in result.passages:
        key = "".join(p.text.split())
        copies += key in seen
        seen.add(key)
    return copies


def blank_pages(result: Ingested) -> list[int]:
    """The pages whose text layer gave no text at all (a scanned page in a PDF): nothing of
    them is searchable, and the reader of the summary has to hear it."""
    if not result.document.pages_known:
        return []
    chunks = result.source_text.split("\f")
    return [n for n, chunk in enumerate(chunks, start=1) if not chunk.strip()]


def ingest_file(path: Path, tools: Tools) -> Ingested:
    meta = load_sidecar(path)
    source = read_source(path)
    return ingest_source(source, meta, tools)


SUFFIXES = (".txt", ".pdf", ".hwp", ".hwpx", ".docx")


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files given, and the files of the ``SUFFIXES`` under directories given, in a stable
    order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUFFIXES)
            )
        else:
            out.append(p)
    return out


def unsupported_in(paths: Iterable[Path]) -> list[Failure]:
    """The files under the directories given that ``expand_paths`` leaves out, each with the
    reason, so a folder ingest skips nothing without a word. Metadata sidecars
    (``NAME.meta.json`` beside a document) are not documents and are not listed."""
    out: list[Failure] = []
    for p in paths:
        if not p.is_dir():
            continue
        for q in sorted(q for q in p.rglob("*") if q.is_file()):
            if q.suffix.lower() in SUFFIXES:
                continue
            if q.name.endswith(".meta.json") and any(
                q.with_name(q.name[: -len(".meta.json")] + s).exists() for s in SUFFIXES
            ):
                continue
            kind = q.suffix.lower() or "no extension"
            reason = (
                f"unsupported format ({kind}); seoji reads {', '.join(SUFFIXES)}: convert it "
                "to one of these (a Word file to PDF, say) and ingest it again"
            )
            out.append(Failure(str(q), reason))
    return out


def ingest_paths(paths: Iterable[Path], tools: Tools) -> Iterable[Ingested | Failure]:
    """Ingest each file; a bad file yields a Failure and the batch goes on."""
    for path in paths:
        try:
            yield ingest_file(path, tools)
        except IngestError as e:
            yield Failure(str(path), e.reason)
