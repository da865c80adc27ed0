"""Passages and documents to JSON-ready dicts and back, the same for every backend."""

from __future__ import annotations

import dataclasses
from typing import Any

from ingest.records import (
    Document,
    Edit,
    Furniture,
    MetadataValue,
    Page,
    Passage,
    Provenance,
    Repairs,
)


def to_dict(record: Passage | Document) -> dict[str, Any]:
    return dataclasses.asdict(record)


def passage_from_dict(d: dict[str, Any]) -> Passage:
    return Passage(
        id=d["id"],
        doc_id=d["doc_id"],
        ordinal=d["ordinal"],
        lang=d["lang"],
        section=tuple(d["section"]),
        page=d["page"],
        page_label=d["page_label"],
        kind=d["kind"],
        text=d["text"],
        sentences=tuple((s, e) for s, e in d["sentences"]),
        raw_start=d["raw_start"],
        raw_end=d["raw_end"],
        footnotes=tuple(d.get("footnotes", ())),
        boxes=tuple((page, (b[0], b[1], b[2], b[3])) for page, b in d.get("boxes", ())),
        rows=tuple(tuple(row) for row in d.get("rows", ())),
        ocr=d.get("ocr"),
    )


def _page(d: dict[str, Any]) -> Page:
    return Page(
        number=d["number"],
        raw_start=d["raw_start"],
        raw_end=d["raw_end"],
        label=d["label"],
        label_inferred=d["label_inferred"],
        furniture=tuple(Furniture(**f) for f in d.get("furniture", ())),
    )


def document_from_dict(d: dict[str, Any]) -> Document:
    return Document(
        id=d["id"],
        source=d["source"],
        media_type=d["media_type"],
        encoding=d["encoding"],
        title_ko=d.get("title_ko"),
        title_en=d.get("title_en"),
        subtitle=d.get("subtitle"),
        doc_type=d.get("doc_type"),
        languages=tuple(d.get("languages", ())),
        year=d.get("year"),
        authors=tuple(d.get("authors", ())),
        publisher=d.get("publisher"),
        container=d.get("container"),
        volume=d.get("volume"),
        issue=d.get("issue"),
        date=d.get("date"),
        number=d.get("number"),
        doi=d.get("doi"),
        abstract_ko=d.get("abstract_ko"),
        abstract_en=d.get("abstract_en"),
        keywords_ko=tuple(d.get("keywords_ko", ())),
        keywords_en=tuple(d.get("keywords_en", ())),
        pages=tuple(_page(p) for p in d.get("pages", ())),
        outline=tuple((level, text) for level, text in d.get("outline", ())),
        repairs=Repairs(dict(d.get("repairs", {}).get("counts", {}))),
        pages_known=d.get("pages_known", True),
        provenance=tuple(Provenance(**p) for p in d.get("provenance", ())),
        edits=tuple(_edit(e) for e in d.get("edits", ())),
    )


def _value(v: Any) -> MetadataValue:
    """JSON has no tuples: a list field comes back as a list."""
    return tuple(v) if isinstance(v, list) else v


def _edit(d: dict[str, Any]) -> Edit:
    before = d.get("found_from")
    return Edit(
        field=d["field"],
        found=_value(d.get("found")),
        found_from=Provenance(**before) if before else None,
    )
