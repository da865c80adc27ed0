"""The user's corrections of a document's metadata, and how they outlast ingest.

An edit sets a field of ``ingest.metadata.FIELDS`` to the user's value, with provenance
"user" (confidence 1.0), and notes in ``Document.edits`` what ingest had found for it. The
edits live in the document record itself, so every backend stores them with the document,
in the same write, and every reader (citations, the document list, the year filter) sees the
corrected value without knowing about edits.

    edited = apply(document, {"year": 1953, "authors": ("홍길동",)})
    forget(edited, ["year"])                    # the year ingest found, with its provenance
    apply(reingested, user_values(edited))      # a new ingest keeps the user's values

An empty value (None, "", ()) is an edit too: the user says the document states none, where
ingest read one by mistake. Forgetting an edit is the other thing: the field goes back to
what ingest found.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterable, Mapping
from typing import Any

from ingest.metadata import FIELDS
from ingest.records import Document, Edit, MetadataValue, Provenance

# The fields a user can correct: those of FIELDS that a document record holds, with their
# types. ("language" is not one: a document's languages are those of its passages.)
EDITABLE: dict[str, Any] = {
    name: hint
    for name, hint in typing.get_type_hints(Document).items()
    if name in FIELDS and name in {f.name for f in dataclasses.fields(Document)}
}


def _user(name: str) -> Provenance:
    return Provenance(name, "user", 1.0)


def check(name: str) -> str:
    """``name`` if it is a field the user can edit, else ValueError saying which are."""
    if name not in EDITABLE:
        msg = f"{name} cannot be edited; the fields are {', '.join(EDITABLE)}"
        raise ValueError(msg)
    return name


def is_list(name: str) -> bool:
    """Whether a field holds a list (authors) rather than one value."""
    return typing.get_origin(EDITABLE[check(name)]) is tuple


def normal(name: str, value: Any) -> MetadataValue:
    """A value as the record holds it: text stripped ("" is None), lists as tuples of
    non-empty stripped strings. ValueError for a field that cannot be edited."""
    check(name)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list | tuple):
        return tuple(s for s in (str(v).strip() for v in value) if s)
    if value is None and is_list(name):
        return ()
    return typing.cast(MetadataValue, value)


def user_values(document: Document) -> dict[str, MetadataValue]:
    """The fields the user set, with the user's values."""
    return {e.field: getattr(document, e.field) for e in document.edits}


def unedited(document: Document) -> Document:
    """The document as ingest made it: each edited field back to what ingest found."""
    if not document.edits:
        return document
    found = {e.field: e for e in document.edits}
    restored: dict[str, Any] = {name: e.found for name, e in found.items()}
    provenance: list[Provenance] = []
    for p in document.provenance:
        if p.field not in found:
            provenance.append(p)
        elif (before := found[p.field].found_from) is not None:
            provenance.append(before)
    return dataclasses.replace(
        document,
        **restored,
        provenance=tuple(provenance),
        edits=(),
    )


def _compose(base: Document, values: Mapping[str, MetadataValue]) -> Document:
    """``base`` (without edits) with the user's values: each edited field's provenance takes
    the place of the one ingest gave it, or follows the rest in ``EDITABLE`` order, so the
    same edits of the same document always make the same record."""
    ordered = [name for name in EDITABLE if name in values]
    found = {p.field: p for p in base.provenance}
    provenance = [_user(p.field) if p.field in values else p for p in base.provenance]
    provenance += [_user(name) for name in ordered if name not in found]
    changed: dict[str, Any] = {name: values[name] for name in ordered}
    return dataclasses.replace(
        base,
        **changed,
        provenance=tuple(provenance),
        edits=tuple(Edit(name, getattr(base, name), found.get(name)) for name in ordered),
    )


def apply(document: Document, values: Mapping[str, Any]) -> Document:
    """``document`` with ``values`` set by the user, over any edits it has already."""
    given = {name: normal(name, value) for name, value in values.items()}
    return _compose(unedited(document), {**user_values(document), **given})


def forget(document: Document, names: Iterable[str]) -> Document:
    """``document`` without the user's edits of ``names`` (a field not edited is left as
    it is)."""
    drop = {check(name) for name in names}  # an unknown field is an error, not a no-op
    kept = {k: v for k, v in user_values(document).items() if k not in drop}
    return _compose(unedited(document), kept)
