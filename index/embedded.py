"""The embedded backend: one SQLite file, FTS5 bm25 for keywords, exact cosine for vectors.

No server: the index is ``<data dir>/seoji.db``. SQLite gives what the contract asks for:

- replacing a document is one transaction, so a crash in the middle leaves the previous
  state, and WAL mode lets readers go on reading the last committed state during a write;
- FTS5's bm25() ranks two columns with their own weights: ``terms`` holds the analysed terms
  (``ingest.analysis``) and ``bigrams`` the spacing-insensitive Hangul bigrams
  (``index.terms``).

Vectors are float32 blobs next to each passage. Search is exact: the matrix of all vectors is
loaded once and kept while the index does not change (a generation number in ``meta`` says
when it did), then one matrix–vector product ranks them. At 10⁵ passages of 384 dimensions
that is 150 MB and a few milliseconds; past that, use the Elasticsearch backend (HNSW).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.codec import document_from_dict, passage_from_dict, to_dict
from index.contract import (
    MAX_QUERY_TERMS,
    BackendUnavailable,
    Counts,
    Filters,
    Health,
    IndexedDocument,
    IndexMismatch,
    KeywordQuery,
    Scored,
    Vector,
    WriteFailed,
)
from index.contract import (
    SECTION_SEP as SEP,
)
from index.terms import hangul_bigrams
from ingest.records import Document, Passage

SCHEMA_VERSION = "1"
# Weight of the Hangul-bigram column against the terms column in bm25(): high enough that
# a question typed without spaces finds its passage, without costing spaced questions
# anything (the grid over three Korean sets: docs/experiments.md).
BIGRAM_WEIGHT = 2.0

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    year INTEGER,
    record TEXT NOT NULL,
    source_text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS passages (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    ordinal INTEGER NOT NULL,
    lang TEXT NOT NULL,
    kind TEXT NOT NULL,
    section TEXT NOT NULL,
    year INTEGER,
    record TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id, ordinal);
-- unicode61 without diacritic folding: terms are already normalised by the analyser, and
-- folding would merge Latin words the analyser kept apart.
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    terms, bigrams, tokenize = "unicode61 remove_diacritics 0"
);
INSERT OR IGNORE INTO meta VALUES ('schema', '{SCHEMA_VERSION}');
INSERT OR IGNORE INTO meta VALUES ('generation', '0');
"""


def _quote(term: str) -> str:
    """An FTS5 string literal: user text never becomes FTS5 query syntax."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(terms: Sequence[str], bigrams: Sequence[str]) -> str | None:
    """The FTS5 MATCH expression: any term in ``terms`` or any bigram in ``bigrams``."""
    parts = []
    uniq_terms = list(dict.fromkeys(t for t in terms if t.strip()))[:MAX_QUERY_TERMS]
    uniq_bigrams = list(dict.fromkeys(bigrams))[:MAX_QUERY_TERMS]
    if uniq_terms:
        parts.append("terms : (" + " OR ".join(map(_quote, uniq_terms)) + ")")
    if uniq_bigrams:
        parts.append("bigrams : (" + " OR ".join(map(_quote, uniq_bigrams)) + ")")
    return " OR ".join(parts) or None


def _where(filters: Filters, alias: str = "p") -> tuple[str, list[object]]:
    clauses: list[str] = []
    args: list[object] = []
    if filters.docs:
        clauses.append(f"{alias}.doc_id IN ({','.join('?' * len(filters.docs))})")
        args.extend(filters.docs)
    if filters.lang:
        clauses.append(f"{alias}.lang = ?")
        args.append(filters.lang)
    if filters.kinds:
        clauses.append(f"{alias}.kind IN ({','.join('?' * len(filters.kinds))})")
        args.extend(filters.kinds)
    if filters.section:
        prefix = SEP.join(filters.section)
        clauses.append(f"({alias}.section = ? OR substr({alias}.section, 1, ?) = ?)")
        args.extend([prefix, len(prefix) + 1, prefix + SEP])
    if filters.year_min is not None:
        clauses.append(f"{alias}.year >= ?")
        args.append(filters.year_min)
    if filters.year_max is not None:
        clauses.append(f"{alias}.year <= ?")
        args.append(filters.year_max)
    return (" AND ".join(clauses) or "1"), args


def check_shapes(doc: IndexedDocument, dim: int) -> None:
    """One term list and one vector of the index's size per passage, or WriteFailed."""
    n, vectors = len(doc.passages), doc.vectors
    if len(doc.terms) != n or vectors.shape[0] != n:
        msg = (
            f"{doc.document.id}: {n} passages, {len(doc.terms)} term lists, {len(vectors)} vectors"
        )
        raise WriteFailed(msg)
    if n and (vectors.ndim != 2 or vectors.shape[1] != dim):
        msg = (
            f"{doc.document.id}: vectors of shape {vectors.shape}, the index holds {dim} dimensions"
        )
        raise WriteFailed(msg, [f"{p.id}: wrong vector size" for p in doc.passages])


@dataclass
class _Matrix:
    generation: str
    rowids: np.ndarray
    ids: list[str]
    vectors: np.ndarray


class EmbeddedBackend:
    """SQLite FTS5 + exact cosine in one file. Safe to share between threads."""

    name = "embedded"

    def __init__(
        self, path: Path, bigram_weight: float = BIGRAM_WEIGHT, timeout: float = 30.0
    ) -> None:
        self.path = Path(path)
        self.bigram_weight = bigram_weight
        self.timeout = timeout  # seconds to wait for another process's lock on the file
        self._local = threading.local()
        self._matrix: _Matrix | None = None
        self._matrix_lock = threading.Lock()

    # -- connections -------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.executescript(_SCHEMA)
            except (sqlite3.Error, OSError) as e:
                msg = f"cannot open the index at {self.path}: {e}"
                raise BackendUnavailable(msg) from e
            self._local.conn = conn
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; any error rolls it back and leaves the previous state."""
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            msg = f"cannot write to the index at {self.path}: {e}"
            raise WriteFailed(msg) from e
        try:
            yield conn
            conn.execute(
                "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'"
            )
            conn.execute("COMMIT")
        except BaseException as e:
            conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.Error):
                msg = f"write to {self.path} failed and was rolled back: {e}"
                raise WriteFailed(msg) from e
            raise

    def _read(self, sql: str, args: Sequence[object] = ()) -> list[Any]:
        """The rows of one query. A file that is locked, damaged or gone unreadable since it
        was opened is BackendUnavailable, like one that cannot be opened: the index is not
        there to read, whatever the reason (a write refused is WriteFailed, see ``_write``)."""
        try:
            return self._conn().execute(sql, args).fetchall()
        except sqlite3.Error as e:
            msg = f"cannot read the index at {self.path}: {e}"
            raise BackendUnavailable(msg) from e

    def _meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    # -- contract: writes --------------------------------------------------------------

    def ensure(self, model: str, dim: int) -> None:
        current = self.indexed_model()
        if current is not None:
            if current != (model, dim):
                msg = (
                    f"the index at {self.path} holds vectors of {current[0]} ({current[1]} "
                    f"dimensions), not {model} ({dim}); rebuild it (seoji ingest --rebuild)"
                )
                raise IndexMismatch(msg)
            return
        with self._write() as conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('model', ?)", (model,))
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('dim', ?)", (str(dim),))

    def indexed_model(self) -> tuple[str, int] | None:
        model, dim = self._meta("model"), self._meta("dim")
        return None if model is None or dim is None else (model, int(dim))

    def _indexed_dim(self) -> int:
        indexed = self.indexed_model()
        if indexed is None:
            msg = f"the index at {self.path} is not set up: call ensure() first"
            raise WriteFailed(msg)
        return indexed[1]

    def _insert(self, conn: sqlite3.Connection, doc: IndexedDocument) -> None:
        d = doc.document
        conn.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?)",
            (d.id, d.source, d.year, json.dumps(to_dict(d), ensure_ascii=False), doc.source_text),
        )
        vectors = np.ascontiguousarray(doc.vectors, dtype=np.float32)
        for passage, terms, vector in zip(doc.passages, doc.terms, vectors, strict=True):
            cur = conn.execute(
                "INSERT INTO passages (id, doc_id, ordinal, lang, kind, section, year, record,"
                " vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    passage.id,
                    d.id,
                    passage.ordinal,
                    passage.lang,
                    passage.kind,
                    SEP.join(passage.section),
                    d.year,
                    json.dumps(to_dict(passage), ensure_ascii=False),
                    vector.tobytes(),
                ),
            )
            conn.execute(
                "INSERT INTO passages_fts (rowid, terms, bigrams) VALUES (?, ?, ?)",
                (cur.lastrowid, " ".join(terms), " ".join(hangul_bigrams(passage.text))),
            )

    @staticmethod
    def _delete(conn: sqlite3.Connection, doc_id: str) -> bool:
        conn.execute(
            "DELETE FROM passages_fts WHERE rowid IN (SELECT rowid FROM passages WHERE doc_id = ?)",
            (doc_id,),
        )
        conn.execute("DELETE FROM passages WHERE doc_id = ?", (doc_id,))
        return conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount > 0

    def replace_document(self, doc: IndexedDocument) -> None:
        check_shapes(doc, self._indexed_dim())
        with self._write() as conn:
            self._delete(conn, doc.document.id)
            self._insert(conn, doc)

    def rebuild(self, docs: Iterable[IndexedDocument], model: str, dim: int) -> None:
        """Replace the whole index in one transaction (e.g. after changing the model)."""
        with self._write() as conn:
            for table in ("passages_fts", "passages", "documents"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('model', ?)", (model,))
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('dim', ?)", (str(dim),))
            for doc in docs:
                check_shapes(doc, dim)
                self._insert(conn, doc)

    def delete_document(self, doc_id: str) -> bool:
        with self._write() as conn:
            return self._delete(conn, doc_id)

    # -- contract: search --------------------------------------------------------------

    def keyword_search(self, query: KeywordQuery, filters: Filters, size: int) -> list[Scored]:
        bigrams = hangul_bigrams(query.text) if self.bigram_weight > 0 else []
        expression = match_expression(query.terms, bigrams)
        if expression is None or size <= 0:
            return []
        where, args = _where(filters)
        sql = (
            "SELECT p.id, bm25(passages_fts, 1.0, ?) AS s FROM passages_fts"
            " JOIN passages p ON p.rowid = passages_fts.rowid"
            f" WHERE passages_fts MATCH ? AND {where} ORDER BY s, p.rowid LIMIT ?"
        )
        rows = self._read(sql, [self.bigram_weight, expression, *args, size])
        # bm25() is negative, lower is better; the contract's scores are higher-is-better.
        return [Scored(pid, i, -s) for i, (pid, s) in enumerate(rows, 1)]

    def _load_matrix(self) -> _Matrix:
        generation = self._meta("generation") or "0"
        with self._matrix_lock:
            if self._matrix is None or self._matrix.generation != generation:
                rows = self._read("SELECT rowid, id, vector FROM passages ORDER BY rowid")
                rowids, ids, blobs = [], [], []
                for rowid, pid, blob in rows:
                    rowids.append(rowid)
                    ids.append(pid)
                    blobs.append(blob)
                dim = (self.indexed_model() or ("", 0))[1]
                matrix = (
                    np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(ids), dim)
                    if ids
                    else np.zeros((0, dim), dtype=np.float32)
                )
                self._matrix = _Matrix(generation, np.asarray(rowids, dtype=np.int64), ids, matrix)
            return self._matrix

    def vector_search(self, vector: Vector, filters: Filters, size: int) -> list[Scored]:
        m = self._load_matrix()
        if size <= 0 or not m.ids:
            return []
        if vector.shape != (m.vectors.shape[1],):
            msg = (
                f"query vector has shape {vector.shape}, index has {m.vectors.shape[1]} dimensions"
            )
            raise IndexMismatch(msg)
        scores = m.vectors @ vector.astype(np.float32)
        if not filters.empty:
            where, args = _where(filters)
            rows = self._read(f"SELECT rowid FROM passages p WHERE {where}", args)
            allowed = [r for (r,) in rows]
            mask = np.isin(m.rowids, np.asarray(allowed, dtype=np.int64))
            scores = np.where(mask, scores, -np.inf)
            size = min(size, int(mask.sum()))
        if size <= 0:
            return []
        k = min(size, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.lexsort((top, -scores[top]))]
        return [Scored(m.ids[i], rank, float(scores[i])) for rank, i in enumerate(top, 1)]

    # -- contract: reads ---------------------------------------------------------------

    def passages(self, ids: Sequence[str]) -> list[Passage]:
        if not ids:
            return []
        found: dict[str, Passage] = {}
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            sql = f"SELECT id, record FROM passages WHERE id IN ({','.join('?' * len(chunk))})"
            for pid, record in self._read(sql, chunk):
                found[pid] = passage_from_dict(json.loads(record))
        return [found[i] for i in ids if i in found]

    def document_passages(self, doc_id: str) -> list[Passage]:
        sql = "SELECT record FROM passages WHERE doc_id = ? ORDER BY ordinal"
        rows = self._read(sql, (doc_id,))
        return [passage_from_dict(json.loads(r)) for (r,) in rows]

    def document(self, doc_id: str) -> Document | None:
        rows = self._read("SELECT record FROM documents WHERE id = ?", (doc_id,))
        return document_from_dict(json.loads(rows[0][0])) if rows else None

    def documents(self) -> list[Document]:
        rows = self._read("SELECT record FROM documents ORDER BY source, id")
        return [document_from_dict(json.loads(r)) for (r,) in rows]

    def source_text(self, doc_id: str) -> str | None:
        rows = self._read("SELECT source_text FROM documents WHERE id = ?", (doc_id,))
        return str(rows[0][0]) if rows else None

    def counts(self) -> Counts:
        ((docs, passages),) = self._read(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM passages)"
        )
        return Counts(int(docs), int(passages))

    def health(self) -> Health:
        try:
            counts = self.counts()
            model = self.indexed_model()
        except (BackendUnavailable, sqlite3.Error) as e:
            return Health(False, self.name, str(e))
        info = {"path": str(self.path), "sqlite": sqlite3.sqlite_version}
        if model:
            info |= {"model": model[0], "dim": str(model[1])}
        return Health(
            True, self.name, f"{counts.documents} documents, {counts.passages} passages", info
        )

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
