"""The Elasticsearch backend: Lucene BM25 over analysed terms, HNSW kNN over passage vectors.

Two logical indices, each an alias over a versioned concrete index, so a rebuild can fill a
new version while the old one serves and then switch both aliases in one atomic call:

    seoji-passages  → seoji-passages-v2     one document per passage
    seoji-documents → seoji-documents-v2    one per document, with its raw source text

Korean is analysed in Python (kiwipiepy, ``ingest.analysis``) and indexed into ``terms``
with the ``whitespace`` analyzer, the same terms the embedded backend indexes; this build has
no nori plugin. ``text_cjk`` (built-in ``cjk`` bigrams over ``index.terms.joined_hangul``)
plays the part of the embedded backend's bigram column, and ``text_en`` (``english``) is an
optional extra for English queries.

Every query and mapping is built by a pure function below and tested by equality; user text
only ever goes into ``match`` queries, never into query_string syntax. No ``elasticsearch``
exception leaves this module: they become ``BackendUnavailable``, ``WriteFailed`` or another
``IndexError_``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import elasticsearch
import numpy as np
from elasticsearch import Elasticsearch, helpers

from index.codec import document_from_dict, passage_from_dict, to_dict
from index.contract import (
    MAX_QUERY_TERMS,
    BackendUnavailable,
    Counts,
    Filters,
    Health,
    IndexedDocument,
    IndexError_,
    IndexMismatch,
    KeywordQuery,
    Scored,
    Vector,
    WriteFailed,
)
from index.contract import (
    SECTION_SEP as SEP,
)
from index.terms import joined_hangul
from ingest.lang import has_hangul
from ingest.records import Document, Passage

SCHEMA_VERSION = "1"
# (8.12 itself took a 30,000-character cjk query without complaint; the cap is the contract's.)
MAX_QUERY_CHARS = 512  # of the text sent to the cjk and english fields
# index.max_result_window and the kNN num_candidates ceiling, both 10,000 by default.
MAX_WINDOW = 10_000
BULK_CHUNK = 500
HEALTH_TIMEOUT = 5.0

# Transient or access errors: the cluster is there but will not serve us now.
_UNAVAILABLE_STATUS = frozenset({401, 403, 429, 502, 503, 504})


# -- mappings and queries (pure) ---------------------------------------------------------


def index_settings(shards: int, replicas: int) -> dict[str, Any]:
    return {"number_of_shards": shards, "number_of_replicas": replicas}


def passage_mapping(dim: int) -> dict[str, Any]:
    """Mapping of the passages index. ``record`` is the whole passage, stored, not indexed."""
    return {
        "dynamic": "strict",
        # The vector is only needed by the HNSW graph; in _source it would triple the size of
        # every document. Nothing here reads it back or reindexes from _source.
        "_source": {"excludes": ["vector"]},
        "properties": {
            "doc_id": {"type": "keyword"},
            "lang": {"type": "keyword"},
            "kind": {"type": "keyword"},
            "section_prefixes": {"type": "keyword"},
            "ordinal": {"type": "integer"},
            "year": {"type": "integer"},
            "terms": {"type": "text", "analyzer": "whitespace"},
            "text_cjk": {"type": "text", "analyzer": "cjk"},
            "text_en": {"type": "text", "analyzer": "english"},
            "vector": {
                "type": "dense_vector",
                "dims": dim,
                "index": True,
                "similarity": "cosine",
                "index_options": {"type": "hnsw", "m": 16, "ef_construction": 100},
            },
            "record": {"type": "object", "enabled": False},
        },
    }


def document_mapping() -> dict[str, Any]:
    """Mapping of the documents index: looked up by id, listed by source, never searched."""
    return {
        "dynamic": "strict",
        "properties": {
            "doc_id": {"type": "keyword"},
            "source": {"type": "keyword"},
            "record": {"type": "object", "enabled": False},
            "source_text": {"type": "text", "index": False},
        },
    }


def section_prefixes(section: Sequence[str]) -> list[str]:
    """("A", "B", "C") → ["A", "A␟B", "A␟B␟C"]: a section filter is then one term query."""
    return [SEP.join(section[: i + 1]) for i in range(len(section))]


def passage_source(
    passage: Passage, terms: Sequence[str], vector: Vector, year: int | None
) -> dict[str, Any]:
    """The indexed form of one passage (``_source`` of the passages index)."""
    return {
        "doc_id": passage.doc_id,
        "lang": passage.lang,
        "kind": passage.kind,
        "section_prefixes": section_prefixes(passage.section),
        "ordinal": passage.ordinal,
        "year": year,
        "terms": " ".join(terms),
        "text_cjk": joined_hangul(passage.text),
        "text_en": passage.text,
        "vector": np.asarray(vector, dtype=np.float32).tolist(),
        "record": to_dict(passage),
    }


def document_source(doc: IndexedDocument) -> dict[str, Any]:
    d = doc.document
    return {
        "doc_id": d.id,
        "source": d.source,
        "record": to_dict(d),
        "source_text": doc.source_text,
    }


def filters_clause(filters: Filters) -> list[dict[str, Any]]:
    """Filter clauses (no scoring) for a bool query or a knn search; [] when unrestricted."""
    out: list[dict[str, Any]] = []
    if filters.docs:
        out.append({"terms": {"doc_id": list(filters.docs)}})
    if filters.lang:
        out.append({"term": {"lang": filters.lang}})
    if filters.kinds:
        out.append({"terms": {"kind": list(filters.kinds)}})
    if filters.section:
        out.append({"term": {"section_prefixes": SEP.join(filters.section)}})
    if filters.year_min is not None or filters.year_max is not None:
        years: dict[str, int] = {}
        if filters.year_min is not None:
            years["gte"] = filters.year_min
        if filters.year_max is not None:
            years["lte"] = filters.year_max
        out.append({"range": {"year": years}})
    return out


def keyword_query(
    query: KeywordQuery, filters: Filters, size: int, cjk_boost: float, en_boost: float
) -> dict[str, Any]:
    """Search body for BM25 over ``terms``, plus the bigram and english fields when boosted.

    The terms are de-duplicated (a repeated term would count twice as a repeated clause) and
    capped like the embedded backend's. ``should`` is empty when nothing can match.
    """
    should: list[dict[str, Any]] = []
    terms = list(dict.fromkeys(t for t in query.terms if t.strip()))[:MAX_QUERY_TERMS]
    if terms:
        should.append({"match": {"terms": {"query": " ".join(terms), "operator": "or"}}})
    text = query.text[:MAX_QUERY_CHARS]
    if cjk_boost > 0 and has_hangul(text):
        should.append({"match": {"text_cjk": {"query": joined_hangul(text), "boost": cjk_boost}}})
    if en_boost > 0 and text.strip():
        should.append({"match": {"text_en": {"query": text, "boost": en_boost}}})
    boolean: dict[str, Any] = {"should": should, "minimum_should_match": 1}
    if clauses := filters_clause(filters):
        boolean["filter"] = clauses
    return {"query": {"bool": boolean}, "size": size}


def vector_query(vector: Vector, filters: Filters, size: int) -> dict[str, Any]:
    """Search body for approximate kNN (HNSW) with the filters applied during the search."""
    k = min(size, MAX_WINDOW)
    knn: dict[str, Any] = {
        "field": "vector",
        "query_vector": np.asarray(vector, dtype=np.float32).tolist(),
        "k": k,
        # More candidates per shard than asked for makes HNSW recall close to exact.
        "num_candidates": min(MAX_WINDOW, max(100, 2 * k)),
    }
    if clauses := filters_clause(filters):
        knn["filter"] = clauses
    return {"knn": knn, "size": k}


# -- errors ------------------------------------------------------------------------------


def _safe_url(url: str) -> str:
    """The URL without user:password, for messages and health info."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


def _reason(error: Any) -> str:
    """One line from an error object: type, reason and any cause that adds something."""
    if not isinstance(error, Mapping):
        return str(error)
    text = f"{error.get('type', 'error')}: {error.get('reason', '')}"
    cause = error.get("caused_by")
    while isinstance(cause, Mapping):
        reason = str(cause.get("reason", ""))
        if reason not in text:
            text += f" (caused by {cause.get('type', '')}: {reason})"
        cause = cause.get("caused_by")
    return text


def _item_failure(info: Mapping[str, Any]) -> str:
    """``"{id}: {reason}"`` for one failed bulk item."""
    return f"{info.get('_id', '?')}: {_reason(info.get('error', info.get('status')))}"


def _api_detail(e: elasticsearch.ApiError) -> str:
    info = e.info if isinstance(e.info, Mapping) else {}
    err = info.get("error")
    if isinstance(err, Mapping):
        root = err.get("root_cause")
        if isinstance(root, list) and root and isinstance(root[0], Mapping):
            err = root[0]
        return f"{e.status_code} {_reason(err)}"
    return f"{e.status_code} {e.message}"


class ElasticBackend:
    """Passages in Elasticsearch 8.12+. Safe to share between threads (the client is)."""

    name = "elasticsearch"

    def __init__(
        self,
        url: str,
        index: str = "seoji",
        shards: int = 1,
        replicas: int = 0,
        request_timeout: float = 30.0,
        cjk_boost: float = 0.3,
        en_boost: float = 0.0,
    ) -> None:
        self.url = url
        self.index = index
        self.shards = shards
        self.replicas = replicas
        self.request_timeout = request_timeout
        self.cjk_boost = cjk_boost
        self.en_boost = en_boost
        self.passages_alias = f"{index}-passages"
        self.documents_alias = f"{index}-documents"
        self._client: Elasticsearch | None = None
        self._lock = threading.Lock()
        self._ready = False  # both aliases seen to exist
        self._version = re.compile(rf"^{re.escape(index)}-(passages|documents)-v(\d+)$")

    # -- plumbing ----------------------------------------------------------------------

    @property
    def client(self) -> Elasticsearch:
        with self._lock:
            if self._client is None:
                self._client = Elasticsearch(self.url, request_timeout=self.request_timeout)
            return self._client

    @contextmanager
    def _errors(self, doing: str, write: bool = False) -> Iterator[None]:
        """Turn client errors into index errors; ``doing`` says what failed, for the message."""
        where = f"Elasticsearch at {_safe_url(self.url)}"
        refused: type[IndexError_] = WriteFailed if write else IndexError_
        try:
            yield
        except (elasticsearch.ConnectionError, elasticsearch.ConnectionTimeout) as e:
            msg = f"{where} is unreachable ({doing}): {e}; is it running?"
            raise BackendUnavailable(msg) from e
        except elasticsearch.UnsupportedProductError as e:
            msg = f"{where} is not Elasticsearch ({doing}): {e}"
            raise BackendUnavailable(msg) from e
        except elasticsearch.ApiError as e:
            msg = f"{where} refused {doing}: {_api_detail(e)}"
            if e.status_code in _UNAVAILABLE_STATUS:
                raise BackendUnavailable(msg) from e
            raise refused(msg) from e
        except (elasticsearch.TransportError, helpers.ScanError) as e:
            msg = f"{where} failed {doing}: {e}"
            raise refused(msg) from e

    def _concrete(self, alias: str) -> str | None:
        """The concrete index behind an alias, or None when the alias does not exist."""
        try:
            found = self.client.indices.get_alias(name=alias)
        except elasticsearch.NotFoundError:
            return None
        names = sorted(found.body)
        if len(names) != 1:
            msg = f"alias {alias} points to {len(names)} indices ({', '.join(names)}), not one"
            raise IndexError_(msg)
        return names[0]

    def _version_of(self, concrete: str) -> int:
        m = self._version.match(concrete)
        if m is None:
            msg = f"index {concrete} is not named like {self.index}-passages-vN; rebuild it"
            raise IndexMismatch(msg)
        return int(m.group(2))

    def _versions(self) -> dict[str, list[int]]:
        """Every existing version of both indices, aliased or left over from a failed run."""
        found = self.client.indices.get(
            index=f"{self.index}-passages-v*,{self.index}-documents-v*",
            ignore_unavailable=True,
            allow_no_indices=True,
            features=["aliases"],
        )
        out: dict[str, list[int]] = {"passages": [], "documents": []}
        for name in found.body:
            if m := self._version.match(name):
                out[m.group(1)].append(int(m.group(2)))
        return out

    def _create(self, kind: str, version: int, model: str, dim: int, alias: bool) -> str:
        name = f"{self.index}-{kind}-v{version}"
        if kind == "passages":
            mappings = passage_mapping(dim) | {
                "_meta": {"model": model, "dim": dim, "schema": SCHEMA_VERSION}
            }
        else:
            mappings = document_mapping()
        aliases: dict[str, Any] | None = {f"{self.index}-{kind}": {}} if alias else None
        self.client.indices.create(
            index=name,
            settings=index_settings(self.shards, self.replicas),
            mappings=mappings,
            aliases=aliases,
        )
        return name

    def _require_ready(self) -> None:
        if self._ready:
            return
        with self._errors("checking the index", write=True):
            p = self.client.indices.exists_alias(name=self.passages_alias)
            d = self.client.indices.exists_alias(name=self.documents_alias)
        if not (p and d):
            msg = f"index {self.index} is not set up in {_safe_url(self.url)}: call ensure() first"
            raise WriteFailed(msg)
        self._ready = True

    def _all_hits(
        self, index: str, query: dict[str, Any], sort: list[Any], source: list[str]
    ) -> list[dict[str, Any]]:
        """Every hit of a query in ``sort`` order: one page when it fits, else a scroll."""
        resp = self.client.search(
            index=index,
            query=query,
            sort=sort,
            size=MAX_WINDOW,
            source_includes=source,
            track_total_hits=True,
            ignore_unavailable=True,
        )
        hits: list[dict[str, Any]] = resp["hits"]["hits"]
        if resp["hits"]["total"]["value"] <= len(hits):
            return hits
        # Past the result window: scroll through all of it, then sort here (the sort keys
        # are not unique while a replace is under way, so search_after could skip hits).
        keys = [next(iter(k)) if isinstance(k, dict) else k for k in sort]
        scanned = list(
            helpers.scan(
                self.client, index=index, query={"query": query}, source_includes=[*source, *keys]
            )
        )
        scanned.sort(key=lambda h: tuple(_sort_value(h["_source"], k) for k in keys))
        return scanned

    def _bulk(
        self, actions: Iterable[dict[str, Any]], created: set[str] | None = None, **kwargs: Any
    ) -> list[dict[str, Any]]:
        """Run a bulk request and return the failed items (their info dicts, ``_id`` and
        ``error`` or ``status``). Ids it newly created are added to ``created`` as they come,
        so a caller still knows them when the connection fails half-way."""
        failed: list[dict[str, Any]] = []
        for ok, item in helpers.streaming_bulk(
            self.client,
            actions,
            chunk_size=BULK_CHUNK,
            raise_on_error=False,
            raise_on_exception=False,
            **kwargs,
        ):
            ((_, info),) = item.items()
            if not ok:
                failed.append(info)
            elif created is not None and info.get("result") == "created":
                created.add(str(info["_id"]))
        return failed

    # -- contract: writes --------------------------------------------------------------

    def ensure(self, model: str, dim: int) -> None:
        with self._errors("creating the index", write=True):
            passages = self._concrete(self.passages_alias)
            documents = self._concrete(self.documents_alias)
            if passages is None or documents is None:
                existing = passages or documents
                version = self._version_of(existing) if existing else 1
                try:
                    if passages is None:
                        self._create("passages", version, model, dim, alias=True)
                    if documents is None:
                        self._create("documents", version, model, dim, alias=True)
                except elasticsearch.BadRequestError as e:
                    # Another process created it between our look and our create: fine,
                    # as long as it holds the same model (checked below).
                    if e.error != "resource_already_exists_exception":
                        raise
        current = self.indexed_model()
        if current is None:
            msg = (
                f"index {self.passages_alias} in {_safe_url(self.url)} was not made by seoji "
                f"(no model in its _meta); delete it or choose another index name"
            )
            raise IndexMismatch(msg)
        if current != (model, dim):
            msg = (
                f"index {self.passages_alias} in {_safe_url(self.url)} holds vectors of "
                f"{current[0]} ({current[1]} dimensions), not {model} ({dim}); rebuild it "
                f"(seoji ingest --rebuild)"
            )
            raise IndexMismatch(msg)
        self._ready = True

    def replace_document(self, doc: IndexedDocument) -> None:
        """Write the new passages, then the document, then drop the stale passages.

        Elasticsearch has no transactions; the order gives readers either the old or the new
        passages (briefly both), never none. Until the document record is written everything
        can be undone: a failure deletes the passages this call created and leaves the
        previous state. Passage ids are derived from content, so an unchanged passage is
        overwritten by itself and never needs undoing.
        """
        d = doc.document
        n = len(doc.passages)
        if len(doc.terms) != n or doc.vectors.shape[0] != n:
            msg = (
                f"{d.id}: {n} passages but {len(doc.terms)} term lists and "
                f"{doc.vectors.shape[0]} vectors"
            )
            raise WriteFailed(msg)
        self._require_ready()
        actions = [
            {
                "_op_type": "index",
                "_index": self.passages_alias,
                "_id": p.id,
                "_source": passage_source(p, terms, vector, d.year),
            }
            for p, terms, vector in zip(doc.passages, doc.terms, doc.vectors, strict=True)
        ]
        created: set[str] = set()
        with self._errors(f"writing the passages of {d.id}", write=True):
            try:
                failed = self._bulk(actions, created, refresh="wait_for", require_alias=True)
            except elasticsearch.TransportError:
                self._undo(created)  # best effort: the connection itself may be gone
                raise
            if failed:
                undo = self._undo(created)
                msg = (
                    f"{d.id}: {len(failed)} of {n} passages were refused; the previous "
                    f"version of the document is kept{undo}"
                )
                raise WriteFailed(msg, [_item_failure(f) for f in failed])
            try:
                self.client.index(
                    index=self.documents_alias,
                    id=d.id,
                    document=document_source(doc),
                    refresh="wait_for",
                    require_alias=True,
                )
            except elasticsearch.ApiError as e:
                undo = self._undo(created)
                msg = (
                    f"{d.id}: the document record was refused ({_api_detail(e)}); the "
                    f"previous version of the document is kept{undo}"
                )
                raise WriteFailed(msg, [f"{d.id}: {_api_detail(e)}"]) from e
            resp = self.client.delete_by_query(
                index=self.passages_alias,
                query={
                    "bool": {
                        "filter": [{"term": {"doc_id": d.id}}],
                        "must_not": [{"ids": {"values": [p.id for p in doc.passages]}}],
                    }
                },
                refresh=True,
                conflicts="proceed",
            )
            if resp.get("failures"):
                stale = [_reason(f.get("cause", f)) for f in resp["failures"]]
                msg = (
                    f"{d.id}: the new passages are written but {len(stale)} stale ones could "
                    f"not be deleted; write the document again"
                )
                raise WriteFailed(msg, [f"{d.id}: {s}" for s in stale])

    def _undo(self, created: set[str]) -> str:
        """Delete passages this call created; a note for the error message if that failed."""
        if not created:
            return ""
        actions = [
            {"_op_type": "delete", "_index": self.passages_alias, "_id": pid}
            for pid in sorted(created)
        ]
        try:
            failed = self._bulk(actions, refresh="wait_for")
        except elasticsearch.TransportError as e:
            return f", but {len(created)} new passages could not be removed ({e})"
        # A 404 means it is already gone, which is what we wanted.
        left = [_item_failure(f) for f in failed if f.get("status") != 404]
        if left:
            return f", but {len(left)} new passages could not be removed: {left[:3]}"
        return ""

    def rebuild(self, docs: Iterable[IndexedDocument], model: str, dim: int) -> None:
        """Fill version N+1 of both indices, then switch both aliases in one atomic call.

        The old version serves searches until the switch; a failure before it deletes the
        new indices and leaves the old ones as they were.
        """
        with self._errors("rebuilding the index", write=True):
            old_passages = self._concrete(self.passages_alias)
            old_documents = self._concrete(self.documents_alias)
            versions = self._versions()
            version = max(versions["passages"] + versions["documents"], default=0) + 1
            new: list[str] = []
            try:
                for kind in ("passages", "documents"):
                    new.append(self._create(kind, version, model, dim, alias=False))
                new_passages, new_documents = new
                # No refreshes while filling an index nobody reads yet.
                self.client.indices.put_settings(
                    index=",".join(new), settings={"index": {"refresh_interval": "-1"}}
                )
                failed = self._bulk(self._rebuild_actions(docs, dim, *new))
                if failed:
                    msg = (
                        f"rebuild of {self.index} failed: {len(failed)} items were refused; "
                        f"the previous index is kept"
                    )
                    raise WriteFailed(msg, [_item_failure(f) for f in failed])
                self.client.indices.put_settings(
                    index=",".join(new), settings={"index": {"refresh_interval": None}}
                )
                self.client.indices.refresh(index=",".join(new))
                actions: list[dict[str, Any]] = [
                    {"add": {"index": new_passages, "alias": self.passages_alias}},
                    {"add": {"index": new_documents, "alias": self.documents_alias}},
                ]
                # remove_index in the same call: the alias moves and the old index goes
                # together, so no moment exists with two indices behind one alias.
                actions += [
                    {"remove_index": {"index": old}} for old in (old_passages, old_documents) if old
                ]
                self.client.indices.update_aliases(actions=actions)
            except BaseException:
                if new:
                    # The original error says more; a leftover is cleaned up next time.
                    with suppress(elasticsearch.ApiError, elasticsearch.TransportError):
                        self.client.indices.delete(index=",".join(new), ignore_unavailable=True)
                raise
            # Versions left over by a rebuild that was killed before it could clean up.
            leftovers = [
                f"{self.index}-{kind}-v{v}"
                for kind, vs in versions.items()
                for v in vs
                if f"{self.index}-{kind}-v{v}" not in (old_passages, old_documents)
            ]
            if leftovers:
                self.client.indices.delete(index=",".join(leftovers), ignore_unavailable=True)
        self._ready = True

    def _rebuild_actions(
        self, docs: Iterable[IndexedDocument], dim: int, passages: str, documents: str
    ) -> Iterator[dict[str, Any]]:
        for doc in docs:
            d = doc.document
            n = len(doc.passages)
            if len(doc.terms) != n or doc.vectors.shape[0] != n:
                msg = f"{d.id}: passages, terms and vectors differ in number"
                raise WriteFailed(msg)
            for p, terms, vector in zip(doc.passages, doc.terms, doc.vectors, strict=True):
                yield {
                    "_op_type": "index",
                    "_index": passages,
                    "_id": p.id,
                    "_source": passage_source(p, terms, vector, d.year),
                }
            yield {
                "_op_type": "index",
                "_index": documents,
                "_id": d.id,
                "_source": document_source(doc),
            }

    def delete_document(self, doc_id: str) -> bool:
        with self._errors(f"deleting {doc_id}", write=True):
            resp = self.client.delete_by_query(
                index=self.passages_alias,
                query={"term": {"doc_id": doc_id}},
                refresh=True,
                conflicts="proceed",
                ignore_unavailable=True,
            )
            removed = int(resp.get("deleted", 0)) > 0
            try:
                self.client.delete(index=self.documents_alias, id=doc_id, refresh="wait_for")
                removed = True
            except elasticsearch.NotFoundError:
                pass
            return removed

    # -- contract: search --------------------------------------------------------------

    def _ranked(self, body: dict[str, Any], **kwargs: Any) -> list[tuple[str, float]]:
        resp = self.client.search(
            index=self.passages_alias,
            **body,
            source=False,
            track_total_hits=False,
            ignore_unavailable=True,
            filter_path=["hits.hits._id", "hits.hits._score"],
            **kwargs,
        )
        hits = resp.body.get("hits", {}).get("hits", [])
        return [(str(h["_id"]), float(h["_score"])) for h in hits]

    def keyword_search(self, query: KeywordQuery, filters: Filters, size: int) -> list[Scored]:
        body = keyword_query(query, filters, min(size, MAX_WINDOW), self.cjk_boost, self.en_boost)
        if size <= 0 or not body["query"]["bool"]["should"]:
            return []
        # With several shards, BM25 statistics differ per shard; dfs gathers global ones first.
        extra = {"search_type": "dfs_query_then_fetch"} if self.shards > 1 else {}
        with self._errors("a keyword search"):
            hits = self._ranked(body, **extra)
        return [Scored(pid, rank, score) for rank, (pid, score) in enumerate(hits, 1)]

    def vector_search(self, vector: Vector, filters: Filters, size: int) -> list[Scored]:
        if size <= 0:
            return []
        body = vector_query(vector, filters, size)
        with self._errors("a vector search"):
            try:
                hits = self._ranked(body)
            except elasticsearch.BadRequestError as e:
                if "dimension" in str(e):
                    msg = (
                        f"a query vector of {len(vector)} dimensions does not fit the index "
                        f"({_api_detail(e)}); was it built with another model?"
                    )
                    raise IndexMismatch(msg) from e
                raise
        # Lucene scores cosine as (1 + cos) / 2 to keep scores positive; give back the cosine
        # itself, the number the embedded backend reports too.
        return [Scored(pid, rank, 2.0 * score - 1.0) for rank, (pid, score) in enumerate(hits, 1)]

    # -- contract: reads ---------------------------------------------------------------

    def passages(self, ids: Sequence[str]) -> list[Passage]:
        if not ids:
            return []
        found: dict[str, Passage] = {}
        unique = list(dict.fromkeys(ids))
        with self._errors("reading passages"):
            for start in range(0, len(unique), 1000):
                try:
                    resp = self.client.mget(
                        index=self.passages_alias,
                        ids=unique[start : start + 1000],
                        source=["record"],
                    )
                except elasticsearch.NotFoundError:
                    return []  # no index yet
                for d in resp["docs"]:
                    if d.get("found"):
                        found[d["_id"]] = passage_from_dict(d["_source"]["record"])
        return [found[i] for i in ids if i in found]

    def document_passages(self, doc_id: str) -> list[Passage]:
        with self._errors(f"reading the passages of {doc_id}"):
            hits = self._all_hits(
                self.passages_alias,
                {"bool": {"filter": [{"term": {"doc_id": doc_id}}]}},
                [{"ordinal": "asc"}],
                ["record"],
            )
        return [passage_from_dict(h["_source"]["record"]) for h in hits]

    def _get(self, doc_id: str, field: str) -> Any:
        with self._errors(f"reading document {doc_id}"):
            try:
                resp = self.client.get(index=self.documents_alias, id=doc_id, source=[field])
            except elasticsearch.NotFoundError:
                return None
        return resp["_source"].get(field)

    def document(self, doc_id: str) -> Document | None:
        record = self._get(doc_id, "record")
        return None if record is None else document_from_dict(record)

    def documents(self) -> list[Document]:
        with self._errors("listing documents"):
            hits = self._all_hits(
                self.documents_alias,
                {"match_all": {}},
                [{"source": "asc"}, {"doc_id": "asc"}],
                ["record", "source", "doc_id"],
            )
        return [document_from_dict(h["_source"]["record"]) for h in hits]

    def source_text(self, doc_id: str) -> str | None:
        text = self._get(doc_id, "source_text")
        return None if text is None else str(text)

    def indexed_model(self) -> tuple[str, int] | None:
        with self._errors("reading the index mapping"):
            try:
                resp = self.client.indices.get_mapping(index=self.passages_alias)
            except elasticsearch.NotFoundError:
                return None
        for mapping in resp.body.values():
            meta = mapping.get("mappings", {}).get("_meta", {})
            if "model" in meta and "dim" in meta:
                return str(meta["model"]), int(meta["dim"])
        return None

    def counts(self) -> Counts:
        with self._errors("counting"):
            docs = self.client.count(index=self.documents_alias, ignore_unavailable=True)
            passages = self.client.count(index=self.passages_alias, ignore_unavailable=True)
        return Counts(int(docs["count"]), int(passages["count"]))

    def health(self) -> Health:
        where = _safe_url(self.url)
        info: dict[str, str] = {"url": where, "index": self.index}
        try:
            quick = self.client.options(request_timeout=HEALTH_TIMEOUT, max_retries=0)
            cluster = quick.cluster.health()
            about = quick.info()
            info |= {
                "cluster": str(cluster["cluster_name"]),
                "status": str(cluster["status"]),
                "version": str(about["version"]["number"]),
            }
            counts = self.counts()
            model = self.indexed_model()
        except Exception as e:  # health reports, never raises
            return Health(False, self.name, f"Elasticsearch at {where}: {e}", info)
        if model:
            info |= {"model": model[0], "dim": str(model[1])}
        ok = cluster["status"] != "red"
        detail = (
            f"cluster {cluster['status']}, {counts.documents} documents, {counts.passages} passages"
        )
        return Health(ok, self.name, detail, info)

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None


def _sort_value(source: Mapping[str, Any], key: str) -> Any:
    value = source.get(key)
    # None sorts last, as Elasticsearch puts missing values last in ascending order.
    return (value is None, value if value is not None else 0)
