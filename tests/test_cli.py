from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from tests.conftest import CORPUS, SEED_000

runner = CliRunner()


def test_ingest_writes_passages_and_summaries(tmp_path: Path) -> None:
    out = tmp_path / "passages.jsonl"
    docs = tmp_path / "documents.jsonl"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    result = runner.invoke(
        app, ["ingest", str(CORPUS), str(bad), "--out", str(out), "--documents", str(docs)]
    )
    assert result.exit_code == 0, result.output
    assert "2 ingested, 1 failed" in result.output
    assert "bad.txt" in result.output and "passages" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in rows} and all(r["text"] for r in rows)
    assert len(docs.read_text(encoding="utf-8").splitlines()) == 2


def test_ingest_fails_only_when_nothing_was_ingested(tmp_path: Path) -> None:
    out = tmp_path / "passages.jsonl"
    out.write_text("earlier\n")
    bad = tmp_path / "bad.txt"
    bad.write_text("")
    result = runner.invoke(app, ["ingest", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert out.read_text() == "earlier\n"  # never half-written or clobbered
    ok = runner.invoke(app, ["ingest", str(SEED_000), str(bad), "--out", str(out)])
    assert ok.exit_code == 0


def test_ingest_with_no_files_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 2
    assert "no .txt or .pdf files" in result.output
