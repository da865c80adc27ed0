"""The user's corrections of a document's metadata (``ingest.edits``): pure functions on
the record, so a correction and forgetting it are exact inverses."""

from __future__ import annotations

import dataclasses

import pytest

from index.codec import document_from_dict, to_dict
from ingest.edits import EDITABLE, apply, forget, normal, unedited, user_values
from ingest.metadata import FIELDS
from ingest.records import Document, Edit, Provenance

INGESTED = Document(
    id="d",
    source="corpus/d.pdf",
    media_type="application/pdf",
    encoding="pdf",
    title_ko="원래 제목",
    year=2000,
    provenance=(
        Provenance("title_ko", "page1", 0.8),
        Provenance("authors", "page1", 0.7),
        Provenance("year", "file", 0.5),
    ),
    authors=("홍길동",),
)


def test_every_field_of_the_sidecar_that_a_document_holds_is_editable() -> None:
    names = {f.name for f in dataclasses.fields(Document)}
    assert list(EDITABLE) == [f for f in FIELDS if f in names]
    assert "language" not in EDITABLE  # a document's languages are its passages'


def test_a_correction_takes_the_place_of_what_ingest_found() -> None:
    edited = apply(INGESTED, {"year": 1953, "publisher": " 통일연구원 "})
    assert (edited.year, edited.publisher) == (1953, "통일연구원")
    assert edited.provenance == (
        Provenance("title_ko", "page1", 0.8),
        Provenance("authors", "page1", 0.7),
        Provenance("year", "user", 1.0),
        Provenance("publisher", "user", 1.0),
    )
    assert edited.edits == (
        Edit("year", 2000, Provenance("year", "file", 0.5)),
        Edit("publisher", None, None),
    )
    assert user_values(edited) == {"year": 1953, "publisher": "통일연구원"}


def test_an_empty_value_says_the_document_states_none() -> None:
    edited = apply(INGESTED, {"authors": ["", " "], "title_ko": ""})
    assert edited.authors == () and edited.title_ko is None
    assert {p.field: p.source for p in edited.provenance}["authors"] == "user"
    assert normal("authors", None) == () and normal("year", None) is None


def test_forgetting_gives_back_what_ingest_found_exactly() -> None:
    edited = apply(apply(INGESTED, {"authors": ["김철수"]}), {"year": 1953, "title_ko": "새"})
    assert forget(edited, ["year"]).year == 2000
    assert forget(edited, ["year"]).authors == ("김철수",)
    assert forget(edited, EDITABLE) == unedited(edited) == INGESTED
    assert forget(INGESTED, ["year"]) == INGESTED  # nothing to forget
    with pytest.raises(ValueError, match="cannot be edited"):
        forget(edited, ["language"])
    with pytest.raises(ValueError, match="cannot be edited"):
        apply(edited, {"colour": "red"})


def test_a_second_correction_keeps_what_ingest_found() -> None:
    twice = apply(apply(INGESTED, {"year": 1953}), {"year": 1954})
    assert twice.year == 1954 and twice.edits == (Edit("year", 2000, INGESTED.provenance[2]),)


def test_the_same_corrections_make_the_same_record_in_any_order() -> None:
    """A new ingest of the same document must find it unchanged, however it was edited."""
    one = apply(apply(INGESTED, {"publisher": "가"}), {"doc_type": "보고서"})
    other = apply(apply(INGESTED, {"doc_type": "보고서"}), {"publisher": "가"})
    assert one == other == apply(INGESTED, user_values(one))


def test_corrections_round_trip_through_the_index_record() -> None:
    edited = apply(INGESTED, {"authors": ["김철수", "Jane Smith"], "year": None})
    assert document_from_dict(to_dict(edited)) == edited
