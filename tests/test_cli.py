from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from ingest import ocr
from ingest.pipeline import Ingested
from tests.conftest import CORPUS, SEED_000

runner = CliRunner()
REALDOCS = Path(__file__).resolve().parents[2] / "shared" / "realdocs"


def test_ingest_writes_passages_and_summaries(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "passages.jsonl"
    docs = tmp_path / "documents.jsonl"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    result = runner.invoke(
        app, ["ingest", str(CORPUS), str(bad), "--out", str(out), "--documents", str(docs)]
    )
    assert result.exit_code == 3, result.output  # some failed, the rest ingested
    assert "2 ingested, 1 failed, 0 unsupported" in result.output
    assert "bad.txt" in result.output and "passages" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in rows} and all(r["text"] for r in rows)
    assert len(docs.read_text(encoding="utf-8").splitlines()) == 2


def test_ingest_fails_only_when_nothing_was_ingested(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "passages.jsonl"
    out.write_text("earlier\n")
    bad = tmp_path / "bad.txt"
    bad.write_text("")
    result = runner.invoke(app, ["ingest", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert out.read_text() == "earlier\n"  # never half-written or clobbered
    ok = runner.invoke(app, ["ingest", str(SEED_000), str(bad), "--out", str(out)])
    assert ok.exit_code == 3
    assert out.read_text() != "earlier\n"  # what was ingested is written


def test_ingest_with_no_files_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 2
    assert "no .txt, .pdf, .hwp, .hwpx or .docx files" in result.output


def test_a_folder_ingest_names_every_file_it_skips(tmp_path: Path, data_dir: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "note.txt").write_text(
        "정전 협정은 1953년 7월 27일에 서명되었다.\n", encoding="utf-8"
    )
    (folder / "note.meta.json").write_text('{"title_ko": "정전 협정"}', encoding="utf-8")
    (folder / "report.epub").write_bytes(b"PK\x03\x04")
    (folder / "README").write_text("about this folder\n")
    result = runner.invoke(app, ["ingest", str(folder), "--no-index"])
    assert result.exit_code == 0, result.output
    assert f"SKIPPED {folder / 'report.epub'}: unsupported format (.epub)" in result.output
    assert f"SKIPPED {folder / 'README'}: unsupported format (no extension)" in result.output
    assert "note.meta.json" not in result.output  # a sidecar, read with its document
    assert "1 ingested, 0 failed, 2 unsupported" in result.output


def test_pages_without_text_are_read_by_ocr_or_named(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mixed = REALDOCS / "scan" / "ko_mixed_bizplan.pdf"
    if not mixed.exists():
        pytest.fail(f"the development documents are missing ({REALDOCS})", pytrace=False)
    result = runner.invoke(app, ["ingest", str(mixed), "--no-index"])
    assert result.exit_code == 0, result.output
    assert "OCR: pages 4 had no text layer" in result.output
    assert "WARNING" not in result.output
    # where Tesseract cannot run, the page is named instead
    monkeypatch.setattr(ocr, "available", lambda: "Tesseract is not installed")
    result = runner.invoke(app, ["ingest", str(mixed), "--no-index"])
    assert result.exit_code == 0, result.output
    assert "WARNING pages without text: 4 of 6" in result.output


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh embedded index for one test, through the settings like a user would."""
    from api.settings import get_settings

    monkeypatch.setenv("SEOJI_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def test_ingest_indexes_idempotently_and_search_finds(data_dir: Path) -> None:
    first = runner.invoke(app, ["ingest", str(CORPUS)])
    assert first.exit_code == 0, first.output
    assert first.output.count("(indexed)") == 2
    assert (data_dir / "seoji.db").exists()
    again = runner.invoke(app, ["ingest", str(CORPUS)])
    assert again.output.count("(unchanged)") == 2, again.output

    found = runner.invoke(app, ["search", "한미상호방위조약 발효", "-n", "3", "--json"])
    assert found.exit_code == 0, found.output
    result = json.loads(found.stdout)
    assert result["mode"] == "hybrid" and result["lang"] == "ko"
    assert "조약" in result["terms"]
    assert len(result["hits"]) == 3
    top = result["hits"][0]
    assert top["explain"]["keyword"]["rank"] == 1
    assert "조약" in top["text"] and "<mark>" in top["highlight"]
    assert "휴전회담" in top["title"]
    # the same model as the HTTP API's, field for field
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import get_settings

    with TestClient(create_app(get_settings())) as client:
        served = client.get("/api/search", params={"q": "한미상호방위조약 발효", "size": 3})
    assert served.json() == result

    text = runner.invoke(app, ["search", "security guarantee", "--mode", "keyword", "--lang", "en"])
    assert text.exit_code == 0, text.output
    assert " 1. " in text.stdout
    assert ", en]" in text.stdout and ", ko]" not in text.stdout


def test_ingest_in_batches_reports_a_failed_write_and_keeps_the_rest(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import api.library
    from index.contract import WriteFailed

    monkeypatch.setattr(api.library, "BATCH_PASSAGES", 1)  # every document a batch of its own
    real = api.library.replace_version

    def failing(backend, doc):
        if doc.document.source.endswith("broken.txt"):
            raise WriteFailed("disk full")
        return real(backend, doc)

    monkeypatch.setattr(api.library, "replace_version", failing)
    broken = tmp_path / "broken.txt"
    broken.write_text("정전 협정은 1953년 7월 27일 판문점에서 서명되었다.\n", encoding="utf-8")
    out = tmp_path / "passages.jsonl"
    result = runner.invoke(app, ["ingest", str(CORPUS), str(broken), "--out", str(out)])
    assert result.exit_code == 3, result.output
    assert result.output.count("(indexed)") == 2
    assert "broken.txt: not indexed: disk full" in result.output
    assert "2 ingested, 1 failed, 0 unsupported" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len({r["doc_id"] for r in rows}) == 2  # the passages of the written documents only


def test_changed_file_replaces_its_earlier_version(data_dir: Path, tmp_path: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text(
        "한미 상호 방위 조약은 1953년 10월 1일 워싱턴에서 서명되었다.\n", encoding="utf-8"
    )
    assert runner.invoke(app, ["ingest", str(doc)]).exit_code == 0
    doc.write_text("정전 협정은 1953년 7월 27일 판문점에서 서명되었다.\n", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(doc)]).exit_code == 0
    keyword = ["--mode", "keyword", "--json"]
    hits = json.loads(runner.invoke(app, ["search", "조약", *keyword]).stdout)["hits"]
    assert hits == []
    hits = json.loads(runner.invoke(app, ["search", "판문점", *keyword]).stdout)["hits"]
    assert len(hits) == 1


def test_search_needs_an_index(data_dir: Path) -> None:
    result = runner.invoke(app, ["search", "조약"])
    assert result.exit_code == 1
    assert "seoji ingest" in result.output
    assert runner.invoke(app, ["search", "  "]).exit_code == 2
    assert runner.invoke(app, ["search", "x", "--mode", "fuzzy"]).exit_code == 2


def test_ask_and_cite(data_dir: Path) -> None:
    assert runner.invoke(app, ["ingest", str(CORPUS)]).exit_code == 0
    asked = runner.invoke(app, ["ask", "한미상호방위조약은 언제 정식 발효되었나?", "--json"])
    assert asked.exit_code == 0, asked.output
    top = json.loads(asked.stdout)["answers"][0]
    assert "1954년 11월 17일" in top["sentence"]["text"]
    cited = runner.invoke(app, ["cite", top["passage_id"], "--style", "korean"])
    assert cited.exit_code == 0, cited.output
    assert cited.stdout.startswith("『휴전회담에서 우리는 무엇을 얻었는가?』")
    assert runner.invoke(app, ["cite", top["passage_id"], "--style", "vancouver"]).exit_code == 2
    assert runner.invoke(app, ["cite", "no-such-passage"]).exit_code == 1


def test_the_summary_counts_dropped_characters_and_repeated_passages(data_dir: Path) -> None:
    manual = REALDOCS / "pdf" / "ko_manual_road_rumble.pdf"
    if not manual.exists():
        pytest.fail(f"the development documents are missing ({REALDOCS})", pytrace=False)
    result = runner.invoke(app, ["ingest", str(manual), "--no-index"])
    assert result.exit_code == 0, result.output
    assert "duplicate passages: 1 (the same text as an earlier passage)" in result.output
    # en_paper_hardforget p3 draws an equation's brackets as U+001A and U+001B
    paper = REALDOCS / "pdf" / "en_paper_hardforget.pdf"
    result = runner.invoke(app, ["ingest", str(paper), "--no-index"])
    assert result.exit_code == 0, result.output
    assert "control_chars 2" in result.output  # dropped by the reader, counted


def test_an_edit_outlasts_ingest_and_is_cited(data_dir: Path, seed000: Ingested) -> None:
    doc_id, passage_id = seed000.document.id, seed000.passages[2].id
    assert runner.invoke(app, ["ingest", str(CORPUS)]).exit_code == 0
    sets = ["title_ko=정전협정의 성과", "year=1953", "authors=홍길동", "authors=Jane Smith"]
    edited = runner.invoke(app, ["edit", doc_id, *(x for s in sets for x in ("--set", s))])
    assert edited.exit_code == 0, edited.output
    own = seed000.document.title_ko
    assert f"title_ko: 정전협정의 성과 [user] (ingest found {own} [sidecar])" in edited.output
    assert "authors: 홍길동; Jane Smith [user] (ingest found none)" in edited.output

    again = runner.invoke(app, ["ingest", str(CORPUS)])
    assert again.output.count("(unchanged)") == 2, again.output  # the edit is no change
    assert runner.invoke(app, ["ingest", "--rebuild", str(CORPUS)]).exit_code == 0
    shown = json.loads(runner.invoke(app, ["edit", doc_id, "--json"]).stdout)
    assert (shown["title_ko"], shown["year"]) == ("정전협정의 성과", 1953)
    cited = runner.invoke(app, ["cite", passage_id, "--style", "korean"])
    assert "홍길동" in cited.stdout and "1953" in cited.stdout and "정전협정의 성과" in cited.stdout

    forgot = runner.invoke(
        app, ["edit", doc_id, "--json", "--forget", "title_ko", "--forget", "year"]
    )
    back = json.loads(forgot.stdout)
    assert back["title_ko"] == own and back["year"] is None
    assert {p["field"]: p["source"] for p in back["provenance"]}["title_ko"] == "sidecar"
    assert [e["field"] for e in back["edits"]] == ["authors"]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--set", "year=언젠가"], 2, "year"),
        (["--set", "colour=red"], 2, "colour cannot be edited"),
        (["--forget", "language"], 2, "language cannot be edited"),
        (["--set", "year"], 2, "FIELD=VALUE"),
        (["--set", "year=1", "--forget", "year"], 2, "both set and forgotten"),
        (["--set", "year=1", "--set", "year=2"], 2, "twice"),
    ],
)
def test_edit_says_what_is_wrong(
    data_dir: Path, seed000: Ingested, args: list[str], code: int, says: str
) -> None:
    result = runner.invoke(app, ["edit", seed000.document.id, *args])
    assert result.exit_code == code and says in result.output, result.output


def test_edit_of_an_unknown_document(data_dir: Path) -> None:
    assert runner.invoke(app, ["ingest", str(SEED_000)]).exit_code == 0
    result = runner.invoke(app, ["edit", "nope", "--set", "year=1953"])
    assert result.exit_code == 1 and "no document 'nope'" in result.output
