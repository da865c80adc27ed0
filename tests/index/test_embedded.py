"""The embedded backend's own behaviour, beyond the contract: a file it cannot read."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index.contract import BackendUnavailable, Filters, IndexedDocument
from index.embedded import EmbeddedBackend
from ingest.records import Document, Passage

DIM = 4
TEXT = "한미 상호 방위 조약은 1953년 10월 1일 워싱턴에서 서명되었다. " * 60


def _indexed() -> IndexedDocument:
    document = Document(id="d", source="d.txt", media_type="text/plain", encoding="utf-8")
    passages = tuple(
        Passage(
            id=f"d-{i}",
            doc_id="d",
            ordinal=i,
            lang="ko",
            section=(),
            page=1,
            page_label=None,
            kind="body",
            text=TEXT,
            sentences=((0, len(TEXT)),),
            raw_start=0,
            raw_end=len(TEXT),
        )
        for i in range(20)
    )
    vectors = np.full((len(passages), DIM), 0.5, dtype=np.float32)
    terms = tuple(("조약",) for _ in passages)
    return IndexedDocument(document, passages, terms, vectors, TEXT * 20)


def _reads(backend: EmbeddedBackend) -> dict[str, Callable[[], Any]]:
    return {
        "passages": lambda: backend.passages(["d-1"]),
        "document_passages": lambda: backend.document_passages("d"),
        "source_text": lambda: backend.source_text("d"),
        "vector_search": lambda: backend.vector_search(np.ones(DIM, np.float32), Filters(), 3),
    }


def _unavailable(read: Callable[[], Any], reason: str) -> bool:
    """Whether ``read`` raises BackendUnavailable that gives ``reason``; any other error
    is raised as it is, so that a test shows it."""
    try:
        read()
    except BackendUnavailable as e:
        return reason in str(e)
    return False


def write_index(path: Path) -> Path:
    """An index of one document of 20 passages, all of it in the main file (no WAL)."""
    backend = EmbeddedBackend(path)
    backend.ensure("test-model", DIM)
    backend.replace_document(_indexed())
    backend.close()  # checkpoints
    return path


def damage(path: Path) -> None:
    """Turn the pages past the schema and the meta table to garbage: the file still opens,
    and then its passages cannot be read."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(16 * 4096)
        f.write(b"\xff" * (size - 16 * 4096))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return write_index(tmp_path / "seoji.db")


@pytest.fixture
def locked(path: Path) -> Iterator[Path]:
    """Another process holds the file's lock (exclusive locking mode) for the whole test."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("UPDATE meta SET value = value WHERE key = 'model'")
    other.execute("COMMIT")  # the lock stays until the connection closes
    yield path
    other.close()


def test_a_locked_file_is_unavailable_on_every_read(locked: Path) -> None:
    backend = EmbeddedBackend(locked, timeout=0.05)
    reads = {
        **_reads(backend),
        "documents": backend.documents,
        "document": lambda: backend.document("d"),
        "counts": backend.counts,
        "indexed_model": backend.indexed_model,
    }
    assert [name for name, read in reads.items() if not _unavailable(read, "locked")] == []
    assert not backend.health().ok
    backend.close()


def test_a_file_damaged_after_opening_is_unavailable_not_a_crash(path: Path) -> None:
    backend = EmbeddedBackend(path)
    assert backend.indexed_model() == ("test-model", DIM)  # opened and read
    damage(path)
    reads = _reads(backend)
    assert [name for name, read in reads.items() if not _unavailable(read, "malformed")] == []
    backend.close()
