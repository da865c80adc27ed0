"""Metadata sidecars: ``NAME.meta.json`` beside ``NAME.txt`` / ``NAME.pdf``.

Only what the document states goes in: what it does not say stays empty (never invent
authors or publishers).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ingest.errors import MetadataError

FIELDS: tuple[str, ...] = (
    "title_ko",
    "title_en",
    "subtitle",
    "doc_type",
    "language",
    "year",
    "authors",
    "publisher",
)
# Where the document appeared and how it is numbered (see ``ingest.records.Document``).
PUBLICATION = ("container", "volume", "issue", "date", "number", "doi")
FIELDS += PUBLICATION


@dataclass(frozen=True)
class Metadata:
    title_ko: str | None = None
    title_en: str | None = None
    subtitle: str | None = None
    doc_type: str | None = None
    language: str | None = None
    year: int | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    date: str | None = None  # ISO: "2024-06-25", "2024-06" or "2024"
    number: str | None = None
    doi: str | None = None
    source: Literal["user", "sidecar"] = "sidecar"  # who gave it: an upload's form, a sidecar


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + ".meta.json")


def from_dict(
    data: dict[str, Any], where: str, source: Literal["user", "sidecar"] = "sidecar"
) -> Metadata:
    unknown = set(data) - set(FIELDS)
    if unknown:
        msg = f"unknown metadata field(s) {sorted(unknown)}; allowed: {', '.join(FIELDS)}"
        raise MetadataError(where, msg)
    year = data.get("year")
    if year is not None and not isinstance(year, int):
        raise MetadataError(where, f"year must be an integer or null, not {year!r}")
    for name in PUBLICATION:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise MetadataError(where, f"{name} must be a string or null, not {value!r}")
    date = data.get("date") or None
    if date is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        raise MetadataError(where, f"date must be ISO 8601 (2024-06-25, 2024-06 or 2024): {date!r}")
    authors = data.get("authors") or []
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise MetadataError(where, "authors must be a list of strings")
    return Metadata(
        title_ko=data.get("title_ko") or None,
        title_en=data.get("title_en") or None,
        subtitle=data.get("subtitle") or None,
        doc_type=data.get("doc_type") or None,
        language=data.get("language") or None,
        year=year,
        authors=tuple(authors),
        publisher=data.get("publisher") or None,
        **{name: data.get(name) or None for name in PUBLICATION},
        source=source,
    )


def load_sidecar(path: Path) -> Metadata:
    """The sidecar of ``path`` if there is one, else empty metadata."""
    side = sidecar_path(path)
    if not side.exists():
        return Metadata()
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        msg = f"cannot read metadata sidecar: {e}; fix or remove {side.name}"
        raise MetadataError(str(path), msg) from e
    if not isinstance(data, dict):
        raise MetadataError(str(path), f"{side.name} must hold a JSON object")
    return from_dict(data, str(path))
