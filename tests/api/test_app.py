"""The HTTP API end to end, on the embedded backend and on Elasticsearch.

Read-only tests use ``client`` (the seed documents, indexed once per backend); tests that
write use ``writer`` (a fresh index per test). Every error response is checked against the
one error shape (``assert_error``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from index.contract import Backend, Counts
from index.embed import Embedder
from index.embedded import EmbeddedBackend
from ingest.analysis import Analyzer
from ingest.pipeline import Ingested
from tests.api.conftest import API_KEY, MAX_UPLOAD, settings_for
from tests.conftest import SEED_000

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "realdocs"
KEY = {"X-API-Key": API_KEY}
MARK = re.compile(r"<mark>(.*?)</mark>")


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The one error shape, with this status (and code); returns the error object."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"status", "code", "message", "detail"}, error
    assert error["status"] == status
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code, error
    return dict(error)


def marks(highlight: str) -> list[str]:
    return MARK.findall(highlight)


# -- search --------------------------------------------------------------------------------


def test_search_korean_marks_surface_forms(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "조약", "size": 30})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["query"] == "조약" and body["mode"] == "hybrid" and body["lang"] == "ko"
    assert body["terms"] == ["조약"]
    assert body["total"] >= len(body["hits"]) > 5
    marked = {m for h in body["hits"] for m in marks(h["highlight"])}
    assert "조약을" in marked  # the word as written, particle and all
    # and the English translations it also looked for, in the English abstract
    assert "treati" in body["translations"]
    assert all("조약" in m or m.isascii() for m in marked)
    top = body["hits"][0]
    assert top["explain"]["keyword"]["rank"] == 1
    assert top["source"] == "000_3333d9c83ece362f.txt"  # relative to the corpus folder
    assert top["title"] == "휴전회담에서 우리는 무엇을 얻었는가?"
    for hit in body["hits"]:
        # the highlight is the text, escaped, plus marks: nothing else changes
        assert MARK.sub(r"\1", hit["highlight"]) == html.escape(hit["text"])


def test_search_korean_compound_query_marks_spaced_words(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "한미상호방위조약", "size": 5})
    hits = r.json()["hits"]
    assert "한미상호방위조약" in r.json()["terms"]
    # the spacer spaces it (the booklet itself writes "상호방위조약" where it kept its spaces);
    # adjacent marks merge into one
    assert any(m.startswith("한미 상호방위 조약") for h in hits for m in marks(h["highlight"])), [
        h["highlight"][:80] for h in hits
    ]


def test_search_english_stems(client: TestClient) -> None:
    r = client.get(
        "/api/search", params={"q": "security guarantees", "mode": "keyword", "lang": "en"}
    )
    body = r.json()
    assert r.status_code == 200 and body["lang"] == "en" and body["weights"] is None
    assert body["hits"] and all(h["lang"] == "en" for h in body["hits"])
    marked = {m.lower() for h in body["hits"] for m in marks(h["highlight"])}
    assert "security guarantee" in marked  # "guarantees" in the query, "guarantee" in text
    assert all(h["explain"]["semantic"] is None for h in body["hits"])


def test_search_english_question_finds_korean_passages_by_translated_keywords(
    client: TestClient,
) -> None:
    r = client.get("/api/search", params={"q": "mutual defense treaty", "size": 10})
    body = r.json()
    assert r.status_code == 200 and body["lang"] == "en" and body["mode"] == "hybrid"
    assert "조약" in body["translations"] and body["weights"]["translated"] > 0
    korean = [h for h in body["hits"] if h["lang"] == "ko" and h["explain"]["translated"]]
    assert korean, [h["text"][:40] for h in body["hits"]]
    # the translations are highlighted in the Korean text, as written
    assert any("조약" in m for h in korean for m in marks(h["highlight"]))
    # English queries are fused by scores, and each hit's explanation adds up to its score
    assert body["weights"]["method"] == "scores"
    for hit in body["hits"]:
        parts = [e["contribution"] for e in hit["explain"].values() if e]
        if hit["explain"]["semantic"]:
            assert hit["score"] == pytest.approx(sum(parts))
    assert [h["score"] for h in body["hits"]] == sorted(
        (h["score"] for h in body["hits"]), reverse=True
    )
    keyword_only = client.get(
        "/api/search", params={"q": "mutual defense treaty", "mode": "keyword"}
    ).json()
    assert keyword_only["translations"] == []  # keyword mode searches the words as typed
    assert all(h["explain"]["translated"] is None for h in keyword_only["hits"])


def test_search_korean_question_looks_for_english_translations(client: TestClient) -> None:
    # seed 002's English abstract says "peace treaty" and "non-aggression agreement"
    r = client.get("/api/search", params={"q": "평화조약 불가침 협정", "size": 10})
    body = r.json()
    assert r.status_code == 200 and body["lang"] == "ko"
    assert "treati" in body["translations"]
    assert not set(body["translations"]) & set(body["terms"])
    english = [h for h in body["hits"] if h["lang"] == "en" and h["explain"]["keyword"]]
    assert any("treaty" in h["text"] for h in english), [h["text"][:40] for h in english]
    keyword_only = client.get(
        "/api/search", params={"q": "평화조약 불가침 협정", "mode": "keyword"}
    ).json()
    assert keyword_only["translations"] == []  # keyword mode searches the words as typed


def test_search_semantic_and_filters(client: TestClient, seed002: Ingested) -> None:
    doc = seed002.document.id
    r = client.get(
        "/api/search",
        params={"q": "peace treaty", "mode": "semantic", "doc": doc, "kind": "abstract"},
    )
    hits = r.json()["hits"]
    assert hits and all(h["doc_id"] == doc and h["kind"] == "abstract" for h in hits)
    assert all(h["explain"]["keyword"] is None and h["explain"]["semantic"] for h in hits)


def test_search_pages_with_offset(client: TestClient) -> None:
    params: dict[str, Any] = {"q": "북한 비핵화", "mode": "keyword"}
    ten = client.get("/api/search", params={**params, "size": 10}).json()["hits"]
    second = client.get("/api/search", params={**params, "size": 5, "offset": 5}).json()
    assert second["offset"] == 5
    assert [h["passage_id"] for h in second["hits"]] == [h["passage_id"] for h in ten[5:]]


def test_search_nothing_found(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "zyxwvut", "mode": "keyword"})
    assert r.status_code == 200 and r.json()["hits"] == [] and r.json()["total"] == 0


# -- ask -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("한미상호방위조약은 언제 서명되었나?", "1953년 10월 1일"),
        ("What did President Trump promise North Korea in Singapore?", "Trump"),
    ],
)
def test_ask_returns_sentence_spans(client: TestClient, question: str, expected: str) -> None:
    r = client.get("/api/ask", params={"q": question, "size": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["question"] == question and body["answers"]
    for answer in body["answers"]:
        s = answer["sentence"]
        assert answer["text"][s["start"] : s["end"]] == s["text"] and s["text"].strip()
        assert 0 <= s["score"] <= 1
        assert answer["kind"] not in ("keywords", "title")
    assert any(expected in a["sentence"]["text"] for a in body["answers"]), body


# -- passages --------------------------------------------------------------------------------


def test_passage_with_context_and_raw_text(client: TestClient, seed000: Ingested) -> None:
    passages = seed000.passages
    middle = passages[3]
    r = client.get(f"/api/passages/{middle.id}", params={"context": 2})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["passage"]["id"] == middle.id and body["passage"]["text"] == middle.text
    assert [p["id"] for p in body["before"]] == [p.id for p in passages[1:3]]
    assert [p["id"] for p in body["after"]] == [p.id for p in passages[4:6]]
    raw = seed000.source_text[middle.raw_start : middle.raw_end]
    assert body["raw_text"] == raw
    # the raw text is the unrepaired source: same characters, other spacing
    assert "".join(raw.split())[:20] == "".join(middle.text.split())[:20]
    assert body["document"]["id"] == seed000.document.id

    first = client.get(f"/api/passages/{passages[0].id}", params={"context": 0}).json()
    assert first["before"] == [] and first["after"] == []
    edge = client.get(f"/api/passages/{passages[0].id}", params={"context": 5}).json()
    assert edge["before"] == [] and len(edge["after"]) == 5


# -- citations -------------------------------------------------------------------------------


def test_citation_of_a_passage_and_a_span(client: TestClient, seed002: Ingested) -> None:
    passage = next(p for p in seed002.passages if p.page_label == "15")
    whole = client.get(f"/api/citations/{passage.id}").json()
    assert whole["style"] == "apa" and whole["quote"] == passage.text.strip()
    assert "p. 15" in whole["in_text"]
    s, e = passage.sentences[0]
    span = client.get(
        f"/api/citations/{passage.id}", params={"style": "korean", "start": s, "end": e}
    ).json()
    assert span["quote"] == passage.text[span["start"] : span["end"]]
    assert span["style"] == "korean" and "15쪽" in span["in_text"]


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("한미상호방위조약은 정전협정의 대가로 얻어낸 최대의 성과였다.", None),
        ("President Trump promised security guarantees to North Korea.", "chicago"),
    ],
)
def test_cite_finds_support(client: TestClient, text: str, style: str | None) -> None:
    body: dict[str, Any] = {"text": text, "size": 3}
    if style:
        body["style"] = style
    r = client.post("/api/cite", json=body)
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["style"] == (style or "apa") and result["supports"]
    for support in result["supports"]:
        citation = support["citation"]
        assert citation["style"] == result["style"]
        assert citation["quote"] == support["quote"] and support["quote"].strip()
        assert (citation["start"], citation["end"]) == (
            support["quote_start"],
            support["quote_end"],
        )
        assert citation["passage_id"] == support["passage_id"]
    top = result["supports"][0]["quote"]
    assert ("최대의 성과" in top) if style is None else ("Trump" in top)


# -- documents -------------------------------------------------------------------------------


def test_documents_list_and_detail(client: TestClient, seed002: Ingested) -> None:
    listed = client.get("/api/documents").json()
    assert listed["total"] == 2
    assert [d["source"] for d in listed["documents"]] == [
        "000_3333d9c83ece362f.txt",
        "002_1fa036497e7495cd.txt",
    ]
    doc = seed002.document
    detail = client.get(f"/api/documents/{doc.id}").json()
    assert detail["title_ko"] == doc.title_ko and detail["title_en"] == doc.title_en
    assert detail["abstract_ko"] and detail["abstract_en"]
    assert detail["outline"][0] == {"level": 1, "text": doc.outline[0][1]}
    assert detail["pages"][0]["number"] == 1 and detail["pages"][0]["label"] == "3"
    assert detail["page_count"] == len(doc.pages) and detail["passages"] == len(seed002.passages)


# -- health and OpenAPI ----------------------------------------------------------------------


def test_health(client: TestClient, indexed: Backend) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "ok" and body["backend"] == indexed.name
    assert body["counts"]["documents"] == 2 and body["counts"]["passages"] > 50
    assert body["embedding"]["matches"] is True and body["embedding"]["dim"] == 384
    assert {"seoji", "python"} <= set(body["versions"])
    if indexed.name == "elasticsearch":
        assert body["versions"]["elasticsearch"].startswith("8.")


def test_openapi_documents_endpoints_examples_and_errors(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/search",
        "/api/ask",
        "/api/passages/{passage_id}",
        "/api/citations/{passage_id}",
        "/api/cite",
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/health",
    ):
        assert path in paths, path
    examples = spec["components"]["schemas"]["SearchResponse"]["examples"]
    assert {e["lang"] for e in examples} == {"ko", "en"}
    q = next(p for p in paths["/api/search"]["get"]["parameters"] if p["name"] == "q")
    assert set(q["examples"]) == {"ko", "en"}
    err = paths["/api/search"]["get"]["responses"]["422"]["content"]["application/json"]
    assert err["schema"]["$ref"].endswith("/ErrorResponse")
    assert "X-API-Key" in str(spec["components"]["securitySchemes"])


def test_app_module_builds_without_io() -> None:
    import api.app

    assert api.app.app.title.startswith("seoji")
    assert not hasattr(api.app.app.state, "library")  # nothing built before the lifespan


# -- writes ----------------------------------------------------------------------------------

NOTE = (
    "서지 시험 문서\n\n"
    "한라산 문화 교류 협정은 2024년 제주에서 체결된 가상의 협정이다. "
    "이 문서는 업로드 시험을 위해 만들어졌다.\n"
)


def upload(
    c: TestClient,
    name: str,
    data: bytes,
    headers: dict[str, str] | None = None,
    **fields: Any,
) -> Any:
    return c.post(
        "/api/documents",
        files={"file": (name, data, "application/octet-stream")},
        data=fields,
        headers=KEY if headers is None else headers,
    )


def test_upload_search_reupload_delete(writer: TestClient) -> None:
    meta: dict[str, Any] = {
        "title_ko": "서지 시험 문서",
        "year": "2024",
        "authors": ["홍길동", "Jane Smith"],
    }
    r = upload(writer, "시험.txt", NOTE.encode(), **meta)
    assert r.status_code == 201, r.text
    created = r.json()
    doc = created["document"]
    assert created["status"] == "indexed" and created["replaced"] == []
    assert doc["source"] == "uploads/시험.txt" and doc["year"] == 2024
    assert doc["authors"] == ["홍길동", "Jane Smith"] and created["passages"] >= 1

    found = writer.get("/api/search", params={"q": "한라산", "mode": "keyword"}).json()
    assert found["hits"][0]["doc_id"] == doc["id"]
    assert "한라산" in marks(found["hits"][0]["highlight"])

    for fields in (meta, {}):  # the same metadata, or none: the index keeps what it has
        again = upload(writer, "시험.txt", NOTE.encode(), **fields)
        assert again.status_code == 200 and again.json()["status"] == "unchanged"
        assert again.json()["document"] == doc
    assert writer.get("/api/documents").json()["total"] == 3

    changed = upload(writer, "시험.txt", (NOTE + "추가된 문장이다.\n").encode())
    assert changed.status_code == 201 and changed.json()["replaced"] == [doc["id"]]
    new_id = changed.json()["document"]["id"]
    assert writer.get(f"/api/documents/{doc['id']}").status_code == 404
    assert writer.get("/api/documents").json()["total"] == 3

    gone = writer.delete(f"/api/documents/{new_id}", headers=KEY)
    assert gone.status_code == 200 and gone.json() == {"id": new_id, "deleted": True}
    assert_error(writer.get(f"/api/documents/{new_id}"), 404, "not_found")
    after = writer.get("/api/search", params={"q": "한라산", "mode": "keyword"}).json()
    assert all(h["doc_id"] != new_id for h in after["hits"])
    assert_error(writer.delete(f"/api/documents/{new_id}", headers=KEY), 404, "not_found")
    assert writer.get("/api/documents").json()["total"] == 2


def test_upload_of_an_indexed_text(writer: TestClient, seed000: Ingested) -> None:
    """Ids come from the text: the corpus file uploaded again is the same document."""
    data, doc = SEED_000.read_bytes(), seed000.document
    same = upload(writer, SEED_000.name, data)
    assert same.status_code == 200, same.text
    assert same.json()["status"] == "unchanged"
    kept = same.json()["document"]
    assert kept["source"] == SEED_000.name and kept["title_ko"] == doc.title_ko  # not stripped
    # new metadata for the same text replaces the record
    dated = upload(writer, "booklet.txt", data, title_ko=doc.title_ko, year="1953")
    assert dated.status_code == 201 and dated.json()["status"] == "indexed"
    assert dated.json()["document"]["id"] == doc.id
    assert writer.get(f"/api/documents/{doc.id}").json()["year"] == 1953
    assert writer.get("/api/documents").json()["total"] == 2


def test_upload_pdf(writer: TestClient) -> None:
    r = upload(writer, "sample.pdf", (FIXTURES / "sample_ko_en.pdf").read_bytes())
    assert r.status_code == 201, r.text
    doc = r.json()["document"]
    assert doc["media_type"] == "application/pdf" and doc["page_count"] == 3
    detail = writer.get(f"/api/documents/{doc['id']}").json()
    assert [p["label"] for p in detail["pages"]] == ["15", "16", "17"]


def test_upload_hwpx(writer: TestClient) -> None:
    hwpx = REALDOCS / "hwp" / "ko_notice_water_test.hwpx"
    if not hwpx.exists():
        pytest.fail(f"the development documents are missing ({REALDOCS})", pytrace=False)
    r = upload(writer, "수질검사.hwpx", hwpx.read_bytes())
    assert r.status_code == 201, r.text
    doc = r.json()["document"]
    assert doc["media_type"] == "application/hwp+zip" and doc["source"] == "uploads/수질검사.hwpx"
    found = writer.get("/api/search", params={"q": "수질검사", "mode": "keyword"}).json()
    assert any(h["doc_id"] == doc["id"] for h in found["hits"])


BAD_UPLOADS: list[tuple[str, bytes, dict[str, str], str]] = [
    ("broken.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, {}, "unreadable_document"),
    ("binary.txt", b"\x00\x01\x02\x03" * 10, {}, "unreadable_document"),
    ("empty.txt", b"", {}, "unreadable_document"),
    ("scan.pdf", (FIXTURES / "scanned.pdf").read_bytes(), {}, "unreadable_document"),
    ("fake.pdf", b"<html>not found</html>", {}, "unreadable_document"),
    ("report.epub", b"PK\x03\x04 zip", {}, "unsupported_file"),
    ("report.docx", b"PK\x03\x04 zip", {}, "unreadable_document"),
    ("noext", NOTE.encode(), {}, "unsupported_file"),
    ("note.txt", NOTE.encode(), {"year": "언젠가"}, "invalid_request"),
    ("note.txt", NOTE.encode(), {"title_ko": "가" * 501}, "invalid_request"),
]


def test_failed_upload_leaves_the_index_as_it_was(writer: TestClient, fresh: Backend) -> None:
    before = fresh.counts(), [d.id for d in fresh.documents()]
    for name, data, fields, code in BAD_UPLOADS:
        error = assert_error(upload(writer, name, data, **fields), 422, code)
        assert name in error["message"] or code == "invalid_request", error
        assert (fresh.counts(), [d.id for d in fresh.documents()]) == before, name


def test_upload_too_large(writer: TestClient, fresh: Backend) -> None:
    before = fresh.counts()
    # over the file limit, within the form allowance: refused after parsing
    error = assert_error(upload(writer, "big.txt", b"a" * (MAX_UPLOAD + 1)), 413, "too_large")
    assert "SEOJI_MAX_UPLOAD_BYTES" in error["message"]
    # far over: refused from Content-Length before the body is read
    assert_error(upload(writer, "huge.txt", b"a" * (MAX_UPLOAD * 4)), 413, "too_large")
    # far over without a Content-Length (chunked): refused while it arrives
    form = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="huge.txt"\r\n\r\n'
        + b"a" * (MAX_UPLOAD * 4)
        + b"\r\n--b--\r\n"
    )
    chunked = writer.post(
        "/api/documents",
        content=(form[i : i + 8192] for i in range(0, len(form), 8192)),
        headers={**KEY, "content-type": "multipart/form-data; boundary=b"},
    )
    error = assert_error(chunked, 413, "too_large")
    assert "SEOJI_MAX_UPLOAD_BYTES" in error["message"]
    assert fresh.counts() == before


def test_writes_need_the_key(writer: TestClient, seed000: Ingested) -> None:
    doc_id = seed000.document.id
    assert_error(upload(writer, "n.txt", NOTE.encode(), headers={}), 401, "missing_api_key")
    wrong = {"X-API-Key": "not-the-key"}
    assert_error(upload(writer, "n.txt", NOTE.encode(), headers=wrong), 403, "invalid_api_key")
    assert_error(writer.delete(f"/api/documents/{doc_id}"), 401, "missing_api_key")
    assert_error(writer.delete(f"/api/documents/{doc_id}", headers=wrong), 403, "invalid_api_key")
    assert writer.get(f"/api/documents/{doc_id}").status_code == 200


def test_writes_are_refused_without_a_configured_key(
    indexed: Backend, embedder: Embedder, analyzer: Analyzer, tmp_path: Path
) -> None:
    app = create_app(settings_for(tmp_path, api_key=None), indexed, embedder, analyzer)
    with TestClient(app) as c:
        error = assert_error(upload(c, "n.txt", NOTE.encode()), 403, "writes_disabled")
        assert "SEOJI_API_KEY" in error["message"]
        assert_error(c.delete("/api/documents/x", headers=KEY), 403, "writes_disabled")


# -- corrections -----------------------------------------------------------------------------


def patch(c: TestClient, doc_id: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    return c.patch(
        f"/api/documents/{doc_id}", json=body, headers=KEY if headers is None else headers
    )


def sources(detail: dict[str, Any]) -> dict[str, str]:
    return {p["field"]: p["source"] for p in detail["provenance"]}


def test_a_correction_is_served_and_cited_at_once(writer: TestClient, seed002: Ingested) -> None:
    doc, passage = seed002.document, seed002.passages[3]
    before = writer.get(f"/api/citations/{passage.id}").json()
    assert "1953" not in before["reference"] and "김철수" not in before["reference"]
    body = {"year": 1953, "authors": [" 김철수 ", ""], "publisher": "통일연구원"}
    r = patch(writer, doc.id, body)
    assert r.status_code == 200, r.text
    detail = r.json()
    assert (detail["year"], detail["authors"], detail["publisher"]) == (
        1953,
        ["김철수"],
        "통일연구원",
    )
    assert detail["title_ko"] == doc.title_ko  # fields left out stay as they are
    assert {f: sources(detail)[f] for f in body} == dict.fromkeys(body, "user")
    assert all(p["confidence"] == 1.0 for p in detail["provenance"] if p["source"] == "user")
    assert [e["field"] for e in detail["edits"]] == ["year", "authors", "publisher"]
    assert writer.get(f"/api/documents/{doc.id}").json() == detail
    for style in ("apa", "korean", "bibtex"):
        cited = writer.get(f"/api/citations/{passage.id}", params={"style": style}).json()
        assert "1953" in cited["reference"] and "김철수" in cited["reference"], cited
    found = writer.get("/api/search", params={"q": "비핵화", "mode": "keyword"}).json()
    assert any(h["doc_id"] == doc.id for h in found["hits"])  # the passages are still there


def test_forgetting_a_correction_gives_back_what_ingest_found(
    writer: TestClient, seed000: Ingested
) -> None:
    doc = seed000.document
    own = writer.get(f"/api/documents/{doc.id}").json()
    assert sources(own)["title_ko"] == "sidecar"
    emptied = patch(writer, doc.id, {"title_ko": "", "year": 1953}).json()
    assert emptied["title_ko"] is None and sources(emptied)["title_ko"] == "user"
    assert emptied["edits"][0] == {
        "field": "title_ko",
        "found": doc.title_ko,
        "found_from": {"field": "title_ko", "source": "sidecar", "confidence": 1.0},
    }
    titled = patch(writer, doc.id, {"title_ko": "정전협정의 성과"}).json()
    assert titled["title_ko"] == "정전협정의 성과" and titled["year"] == 1953
    back = patch(writer, doc.id, {"title_ko": None, "year": None}).json()
    assert back == own  # values, provenance and all
    assert patch(writer, doc.id, {"year": None}).json() == own  # nothing to forget: as it was
    assert patch(writer, doc.id, {}).json() == own


def test_a_correction_outlasts_ingest_and_upload(
    writer: TestClient, fresh: Backend, seed000: Ingested
) -> None:
    """Ingest of the same file again, a rebuild, an upload of the same bytes (with or
    without metadata): the user's value wins over the sidecar's, every time."""
    doc = seed000.document
    edited = patch(writer, doc.id, {"title_ko": "정전협정의 성과", "authors": ["홍길동"]}).json()
    library = writer.app.state.library  # type: ignore[attr-defined]

    def ingest(rebuild: bool) -> list[str]:
        indexer = library.indexer(rebuild)
        (result,) = library.ingest_files([SEED_000])
        written = [*indexer.add(result), *indexer.flush()]
        indexer.finish()
        return [w.status for w in written]

    assert ingest(rebuild=False) == ["unchanged"]
    assert writer.get(f"/api/documents/{doc.id}").json() == edited
    assert ingest(rebuild=True) == ["prepared"]
    assert writer.get(f"/api/documents/{doc.id}").json()["title_ko"] == "정전협정의 성과"
    assert fresh.counts().documents == 1  # the rebuild holds what was ingested, edits kept
    for fields in ({}, {"title_ko": "업로드 제목", "year": "1953"}):
        again = upload(writer, SEED_000.name, SEED_000.read_bytes(), **fields)
        assert again.status_code in (200, 201), again.text
        detail = writer.get(f"/api/documents/{doc.id}").json()
        assert detail["title_ko"] == "정전협정의 성과" and detail["authors"] == ["홍길동"]
    assert detail["year"] == 1953 and sources(detail)["year"] == "user"  # the upload's
    back = patch(writer, doc.id, {"title_ko": None, "authors": None}).json()
    assert back["title_ko"] == "업로드 제목" and back["authors"] == []  # the upload's own


def test_a_correction_outlasts_a_new_version_of_the_file(writer: TestClient) -> None:
    first = upload(writer, "메모.txt", NOTE.encode()).json()["document"]
    patch(writer, first["id"], {"doc_type": "memo"})
    changed = upload(writer, "메모.txt", (NOTE + "추가된 문장이다.\n").encode()).json()
    assert changed["replaced"] == [first["id"]]
    assert changed["document"]["doc_type"] == "memo"


def test_corrections_need_the_key_and_a_valid_body(writer: TestClient, seed000: Ingested) -> None:
    doc_id = seed000.document.id
    before = writer.get(f"/api/documents/{doc_id}").json()
    assert_error(patch(writer, doc_id, {"year": 1953}, headers={}), 401, "missing_api_key")
    wrong = {"X-API-Key": "not-the-key"}
    assert_error(patch(writer, doc_id, {"year": 1953}, headers=wrong), 403, "invalid_api_key")
    for body in (
        {"colour": "red"},
        {"language": "en"},  # a sidecar field, but a document's languages are its passages'
        {"year": "1953"},
        {"year": True},
        {"year": 10000},
        {"authors": "홍길동"},
        {"authors": [1]},
        {"title_ko": 5},
        {"title_ko": "가" * 501},
        ["year", 1953],
    ):
        error = assert_error(patch(writer, doc_id, body), 422, "invalid_request")
        assert error["detail"] and error["detail"][0]["loc"][0] == "body", body
    assert_error(patch(writer, "nope", {"year": 1953}), 404, "not_found")
    assert writer.get(f"/api/documents/{doc_id}").json() == before


# -- the error shape, everywhere -------------------------------------------------------------

LONG = "조약" * 501  # 1,002 characters


def _bad_requests(passage_id: str) -> list[tuple[str, str, dict[str, Any], int, str]]:
    """(method, url, request kwargs, status, code) for every error the API can return."""
    p = f"/api/passages/{passage_id}"
    c = f"/api/citations/{passage_id}"
    return [
        ("GET", "/api/search", {"params": {}}, 422, "invalid_request"),
        ("GET", "/api/search", {"params": {"q": ""}}, 422, "invalid_request"),
        ("GET", "/api/search", {"params": {"q": "   "}}, 422, "invalid_request"),
        ("GET", "/api/search", {"params": {"q": LONG}}, 422, "invalid_request"),
        ("GET", "/api/search", {"params": {"q": "조약", "size": 0}}, 422, "invalid_request"),
        ("GET", "/api/search", {"params": {"q": "조약", "size": 101}}, 422, "invalid_request"),
        ("GET", "/api/search", {"params": {"q": "조약", "size": "x"}}, 422, "invalid_request"),
        ("GET", "/api/search", {"params": {"q": "조약", "mode": "fuzzy"}}, 422, "invalid_request"),
        ("GET", "/api/search", {"params": {"q": "조약", "offset": -1}}, 422, "invalid_request"),
        ("GET", "/api/search", {"params": {"q": "조약", "offset": 5000}}, 422, "invalid_request"),
        ("GET", "/api/search", {"params": {"q": "조약", "lang": "ja"}}, 422, "invalid_request"),
        ("GET", "/api/search", {"params": {"q": "조약", "kind": "poem"}}, 422, "invalid_request"),
        ("GET", "/api/ask", {"params": {"q": ""}}, 422, "invalid_request"),
        ("GET", "/api/ask", {"params": {"q": LONG}}, 422, "invalid_request"),
        ("GET", "/api/ask", {"params": {"q": "조약", "size": 21}}, 422, "invalid_request"),
        ("GET", p, {"params": {"context": -1}}, 422, "invalid_request"),
        ("GET", p, {"params": {"context": 21}}, 422, "invalid_request"),
        ("GET", "/api/passages/nope", {}, 404, "not_found"),
        ("GET", c, {"params": {"style": "harvard"}}, 422, "invalid_citation"),
        ("GET", c, {"params": {"start": 5, "end": 2}}, 422, "invalid_citation"),
        ("GET", c, {"params": {"start": 0, "end": 100000}}, 422, "invalid_citation"),
        ("GET", c, {"params": {"start": -1}}, 422, "invalid_request"),
        ("GET", "/api/citations/nope", {}, 404, "not_found"),
        ("POST", "/api/cite", {"json": {"text": ""}}, 422, "invalid_request"),
        ("POST", "/api/cite", {"json": {"text": "  "}}, 422, "invalid_request"),
        ("POST", "/api/cite", {"json": {"text": LONG}}, 422, "invalid_request"),
        ("POST", "/api/cite", {"json": {"text": "조약", "size": 0}}, 422, "invalid_request"),
        ("POST", "/api/cite", {"json": {"text": "조약", "style": "x"}}, 422, "invalid_request"),
        ("POST", "/api/cite", {"json": {}}, 422, "invalid_request"),
        ("POST", "/api/cite", {"content": b"{not json", "headers": _JSON}, 422, "invalid_request"),
        ("POST", "/api/cite", {"content": b"x" * 100_000, "headers": _JSON}, 413, "too_large"),
        ("POST", "/api/cite", {"content": _chunks(100_000), "headers": _JSON}, 413, "too_large"),
        ("GET", "/api/documents/nope", {}, 404, "not_found"),
        ("DELETE", "/api/documents/nope", {"headers": KEY}, 404, "not_found"),
        ("DELETE", "/api/documents/nope", {}, 401, "missing_api_key"),
        ("PATCH", "/api/documents/nope", {"headers": KEY, "json": {"year": 1}}, 404, "not_found"),
        ("PATCH", "/api/documents/nope", {"json": {"year": 1}}, 401, "missing_api_key"),
        ("PATCH", "/api/documents/x", {"headers": KEY, "json": {"x": 1}}, 422, "invalid_request"),
        ("POST", "/api/documents", {"headers": KEY}, 422, "invalid_request"),
        ("GET", "/api/nothing-here", {}, 404, "not_found"),
        ("PUT", "/api/search", {}, 405, "method_not_allowed"),
    ]


_JSON = {"content-type": "application/json"}


def _chunks(n: int) -> Iterator[bytes]:
    """A body of n bytes sent without a Content-Length (chunked)."""
    for _ in range(0, n, 8192):
        yield b"x" * 8192


def test_every_error_has_the_one_shape(client: TestClient, seed000: Ingested) -> None:
    passage_id = seed000.passages[0].id
    for method, url, kwargs, status, code in _bad_requests(passage_id):
        response = client.request(method, url, **kwargs)
        error = assert_error(response, status, code)
        if status == 422 and code == "invalid_request":
            assert error["detail"] and all(
                {"loc", "message", "type"} <= set(d) for d in error["detail"]
            )


def test_validation_message_names_the_parameter(client: TestClient) -> None:
    error = assert_error(client.get("/api/search", params={"q": "조약", "size": 101}), 422)
    assert "size" in error["message"] and error["detail"][0]["loc"] == ["query", "size"]


# -- the backend down, the index built with another model, unexpected errors ---------------


def _down_backends(tmp_path: Path) -> Iterator[Backend]:
    from index.elastic import ElasticBackend

    yield ElasticBackend("http://127.0.0.1:9", request_timeout=2.0)  # nothing listens there
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    yield EmbeddedBackend(blocker / "seoji.db")  # its folder is a file: cannot be opened


def test_backend_down_is_503(
    tmp_path: Path, embedder: Embedder, analyzer: Analyzer, seed000: Ingested
) -> None:
    for backend in _down_backends(tmp_path):
        app = create_app(settings_for(tmp_path), backend, embedder, analyzer)
        with TestClient(app) as c:
            error = assert_error(c.get("/api/health"), 503, "backend_unavailable")
            assert error["detail"]["backend"] == backend.name
            for url in (
                "/api/search?q=조약",
                "/api/search?q=조약&mode=keyword",
                "/api/ask?q=조약",
                "/api/documents",
                f"/api/documents/{seed000.document.id}",
                f"/api/passages/{seed000.passages[0].id}",
                f"/api/citations/{seed000.passages[0].id}",
            ):
                assert_error(c.get(url), 503, "backend_unavailable")
            assert_error(c.post("/api/cite", json={"text": "조약"}), 503, "backend_unavailable")
            assert_error(upload(c, "n.txt", NOTE.encode()), 503, "backend_unavailable")
            assert_error(c.delete("/api/documents/x", headers=KEY), 503, "backend_unavailable")
        backend.close()


def test_an_index_damaged_while_serving_is_503(
    tmp_path: Path, embedder: Embedder, analyzer: Analyzer
) -> None:
    from tests.index.test_embedded import damage, write_index

    path = write_index(tmp_path / "seoji.db")
    backend = EmbeddedBackend(path)
    app = create_app(settings_for(tmp_path), backend, embedder, analyzer)
    with TestClient(app) as c:
        assert c.get("/api/documents").status_code == 200
        damage(path)
        for url in ("/api/passages/d-1", "/api/citations/d-1", "/api/search?q=조약&mode=keyword"):
            assert_error(c.get(url), 503, "backend_unavailable")
    backend.close()


class _OtherModel:
    """An encoder of the right size but another name: its vectors do not fit the index."""

    name = "some/other-model"
    dim = 384
    languages = frozenset({"ko", "en"})

    def encode_queries(self, texts: Any) -> np.ndarray:
        return np.ones((len(texts), self.dim), dtype=np.float32) / np.sqrt(self.dim)

    encode_passages = encode_queries


def test_index_built_with_another_model_is_503(
    indexed: Backend, analyzer: Analyzer, tmp_path: Path
) -> None:
    app = create_app(settings_for(tmp_path), indexed, _OtherModel(), analyzer)
    with TestClient(app) as c:
        error = assert_error(c.get("/api/search?q=조약"), 503, "index_mismatch")
        assert "SEOJI_EMBEDDING_MODEL" in error["message"]
        assert c.get("/api/search?q=조약&mode=keyword").status_code == 200
        assert c.get("/api/health").json()["embedding"]["matches"] is False


class _Broken(EmbeddedBackend):
    def documents(self) -> Any:
        msg = "a bug, with /secret/paths in its message"
        raise RuntimeError(msg)

    def counts(self) -> Counts:
        raise KeyError("another bug")


def test_unexpected_error_is_500_without_internals(
    tmp_path: Path, embedder: Embedder, analyzer: Analyzer
) -> None:
    app = create_app(settings_for(tmp_path), _Broken(tmp_path / "x.db"), embedder, analyzer)
    with TestClient(app, raise_server_exceptions=False) as c:
        error = assert_error(c.get("/api/documents"), 500, "internal_error")
        assert "secret" not in error["message"]


def test_source_is_relative_to_the_corpus_folder() -> None:
    from api.library import relative_source

    assert relative_source(str(SEED_000), SEED_000.parent) == SEED_000.name
    assert relative_source("/elsewhere/x.txt", SEED_000.parent) == "/elsewhere/x.txt"
    assert relative_source("uploads/x.txt", SEED_000.parent) == "uploads/x.txt"
