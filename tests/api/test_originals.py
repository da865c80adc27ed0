"""Uploaded originals are kept under the data dir for the reader, their pages rendered once
and cached, and both removed with the document; the page shell and its files are served."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.test_app import FIXTURES, KEY, assert_error, upload

PDF = FIXTURES / "sample_ko_en.pdf"


def test_pdf_upload_kept_rendered_and_removed(writer: TestClient, tmp_path: Path) -> None:
    r = upload(writer, "sample.pdf", PDF.read_bytes())
    assert r.status_code == 201, r.text
    doc_id = r.json()["document"]["id"]
    kept = tmp_path / "originals" / f"{doc_id}.pdf"
    assert kept.read_bytes() == PDF.read_bytes()

    page = writer.get(f"/pages/{doc_id}/2.png")
    assert page.status_code == 200 and page.headers["content-type"] == "image/png"
    assert page.content.startswith(b"\x89PNG")
    (cached,) = (tmp_path / "pages" / doc_id).glob("2-*.png")
    assert cached.read_bytes() == page.content
    assert_error(writer.get(f"/pages/{doc_id}/4.png"), 404, "not_found")  # 3 pages

    assert writer.delete(f"/api/documents/{doc_id}", headers=KEY).status_code == 200
    assert not kept.exists() and not (tmp_path / "pages" / doc_id).exists()
    assert_error(writer.get(f"/pages/{doc_id}/1.png"), 404, "not_found")


def test_text_document_has_no_page_images(client: TestClient) -> None:
    doc_id = client.get("/api/documents").json()["documents"][0]["id"]
    assert_error(client.get(f"/pages/{doc_id}/1.png"), 404, "no_original")


def test_page_and_its_files_are_served_and_out_of_the_schema(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<input id="q"' in page.text and "/static/app.js" in page.text
    for name in ("app.js", "i18n.js", "style.css"):
        assert client.get(f"/static/{name}").status_code == 200, name
    paths = client.get("/openapi.json").json()["paths"]
    assert all(p.startswith("/api/") for p in paths), sorted(paths)
