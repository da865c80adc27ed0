"""Retrieval quality and speed of every backend and mode, on KorQuAD and AutoRAG.

Not a test: prints figures. Datasets from ``--data`` (see ../shared/benchmarks/README.md):

- KorQuAD 1.0 dev: each paragraph a document (964), every question a query whose one
  relevant document is its paragraph (5,774 queries);
- AutoRAG Korean retrieval: 720 OCR'd PDF chunks, 114 queries, gold chunks in
  ``retrieval_gt`` (needs pyarrow);
- optionally ``korquad-nospace``: the KorQuAD questions with every space removed, against
  the same (embedded once) paragraphs: what the spacing-insensitive bigram field is for;
- optionally ``msmarco-en2ko``: English MS MARCO questions against the Korean translations
  of their passages, the 1,000 items held out from seoji-static's training (cross-lingual);
  ``msmarco-ko2en`` the other way: their Korean questions against the English passages.

Each paragraph or chunk becomes one document of one passage, analysed and embedded once by
``index.search.prepare_batches`` (as ``seoji ingest`` does); the same vectors are written to
every backend. For each query the keyword and the semantic list (``DEPTH`` deep) are read
once through ``Searcher.ranked``; keyword, semantic and hybrid rankings, and the
fusion-weight grid of ``--tune``, are then
computed from those lists with ``index.fusion.fuse``, exactly as ``Searcher.search`` fuses
them. Latency is separate: real ``Searcher.search`` calls, ``--latency-queries`` of them per
mode, the first left out as warm-up; they also check that the offline rankings equal what
``search`` returns. ``--tune`` grids the semantic weight of hybrid fusion (RRF), for English
questions the weights of score fusion, and
``--bigram-weights`` the weight of the bigram field in keyword search (set on the backend
between runs; the index is not rebuilt). The naive baseline (Elasticsearch only) is a
plain index of the raw text with the ``standard`` analyzer and a ``match`` query: what a
user gets without this project.

Relevance is binary. nDCG@10 = DCG / ideal DCG with min(#relevant, 10) ideal hits, Recall@10
= relevant found / #relevant, MRR@10 = 1 / rank of the first relevant hit (0 if none).

    python -m research.bench_retrieval --limit 300 --backends embedded
    python -m research.bench_retrieval --datasets korquad,autorag,korquad-nospace --tune
    python -m research.bench_retrieval --bigram-weights 0,0.1,0.3,0.5,1.0 --json out.json
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from index.contract import Backend, Filters, IndexedDocument
from index.embed import DEFAULT_MODEL, Embedder
from index.embedded import EmbeddedBackend
from index.fusion import WEIGHTS, K, Weights, fuse, weights_for
from index.lexicon import KO_EN_PATH, LEXICON_PATH, load_lexicon
from index.search import (
    DEPTH,
    MAX_QUERY_CHARS,
    MODES,
    Mode,
    Ranked,
    Searcher,
    prepare_batches,
    query_lang,
)
from ingest.analysis import Analyzer
from ingest.records import Document, Lang, Passage
from research import DEFAULT_DATA

TOP_K = 10
DATASETS = ("korquad", "autorag", "korquad-nospace", "msmarco-en2ko", "msmarco-ko2en")
DEFAULT_DATASETS = ("korquad", "autorag")
BACKENDS = ("embedded", "elasticsearch")
# English queries, score fusion: (translated weight, keyword weight), semantic 1
SCORE_GRID = tuple((t, k) for t in (0.0, 0.05, 0.1, 0.2, 0.3) for k in (0.0, 0.1, 0.2, 0.3))
RRF_BEFORE = Weights(1.0, 2.0, 0.5)  # English queries' RRF weights before score fusion
SEMANTIC_GRID = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0)


# -- data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    key: str  # "korquad", "autorag": also the documents' source
    name: str
    doc_ids: list[str]
    docs: list[str]
    sections: list[tuple[str, ...]]
    queries: list[str]
    relevant: list[frozenset[str]]  # per query, the ids of its relevant documents
    corpus: str = ""  # datasets with the same corpus share one analysis and embedding
    lang: Lang = "ko"  # the language of its passages

    def sample(self, limit: int, seed: int) -> Dataset:
        """``limit`` queries drawn without replacement, in their original order (0 = all)."""
        if limit <= 0 or limit >= len(self.queries):
            return self
        keep = sorted(random.Random(seed).sample(range(len(self.queries)), limit))
        return Dataset(
            self.key,
            self.name,
            self.doc_ids,
            self.docs,
            self.sections,
            [self.queries[i] for i in keep],
            [self.relevant[i] for i in keep],
            self.corpus,
            self.lang,
        )


def load_korquad(root: Path) -> Dataset:
    raw = json.loads((root / "korquad" / "KorQuAD_v1.0_dev.json").read_text(encoding="utf-8"))
    doc_ids: list[str] = []
    docs: list[str] = []
    sections: list[tuple[str, ...]] = []
    queries: list[str] = []
    relevant: list[frozenset[str]] = []
    for article in raw["data"]:
        for p, paragraph in enumerate(article["paragraphs"]):
            doc_id = f"{article['title']}#{p}"
            doc_ids.append(doc_id)
            docs.append(paragraph["context"])
            sections.append((article["title"],))
            for qa in paragraph["qas"]:
                queries.append(qa["question"])
                relevant.append(frozenset({doc_id}))
    return Dataset("korquad", "KorQuAD 1.0 dev", doc_ids, docs, sections, queries, relevant)


def load_autorag(root: Path) -> Dataset:
    import pyarrow.parquet as pq  # only this dataset needs it

    corpus = pq.read_table(root / "autorag" / "ocr_corpus_v3.parquet").to_pylist()
    qa = pq.read_table(root / "autorag" / "qa_v4.parquet").to_pylist()
    return Dataset(
        "autorag",
        "AutoRAG ko",
        [row["doc_id"] for row in corpus],
        [row["contents"] for row in corpus],
        [() for _ in corpus],
        [row["query"] for row in qa],
        # retrieval_gt is a list of alternatives, each a list of chunk ids; all count.
        [frozenset(d for group in row["retrieval_gt"] for d in group) for row in qa],
    )


def load_korquad_nospace(root: Path) -> Dataset:
    """KorQuAD with every space removed from the questions (한미상호방위조약체결일은?).

    What the spacing-insensitive bigram field is for; the paragraphs stay as they are.
    """
    data = load_korquad(root)
    return replace(
        data,
        key="korquad-nospace",
        name="KorQuAD q-nospace",
        queries=["".join(q.split()) for q in data.queries],
        corpus="korquad",
    )


def _msmarco(root: Path, ko2en: bool) -> Dataset:
    """The 1,000 MS MARCO items that seoji-static is never trained on (``research.heldout``):
    English questions against their Korean passages, or (``ko2en``) the other way round."""
    from research import heldout

    items = heldout.split_msmarco(heldout.msmarco(root))["test"]
    doc_ids = [f"msmarco-{it.id}" for it in items]
    return Dataset(
        "msmarco-ko2en" if ko2en else "msmarco-en2ko",
        "MS MARCO ko→en" if ko2en else "MS MARCO en→ko",
        doc_ids,
        [(it.passages_en if ko2en else it.passages_ko)[0] for it in items],
        [() for _ in items],
        [it.query_ko if ko2en else it.query_en for it in items],
        [frozenset({d}) for d in doc_ids],
        lang="en" if ko2en else "ko",
    )


def load_msmarco_en2ko(root: Path) -> Dataset:
    """English question → Korean passage (cross-lingual)."""
    return _msmarco(root, ko2en=False)


def load_msmarco_ko2en(root: Path) -> Dataset:
    """Korean question → English passage: the same held-out items the other way round."""
    return _msmarco(root, ko2en=True)


LOADERS: dict[str, Callable[[Path], Dataset]] = {
    "korquad": load_korquad,
    "autorag": load_autorag,
    "korquad-nospace": load_korquad_nospace,
    "msmarco-en2ko": load_msmarco_en2ko,
    "msmarco-ko2en": load_msmarco_ko2en,
}


def records(data: Dataset) -> Iterator[tuple[Document, Passage]]:
    """One document of one body passage per paragraph or chunk."""
    for doc_id, text, section in zip(data.doc_ids, data.docs, data.sections, strict=True):
        document = Document(
            id=doc_id,
            source=data.corpus or data.key,
            media_type="text/plain",
            encoding="utf-8",
            title_ko=section[0] if section else None,
            languages=(data.lang,),
        )
        passage = Passage(
            id=doc_id,
            doc_id=doc_id,
            ordinal=0,
            lang=data.lang,
            section=section,
            page=1,
            page_label=None,
            kind="body",
            text=text,
            sentences=(),
            raw_start=0,
            raw_end=len(text),
        )
        yield document, passage


# -- metrics (pure) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    ndcg: float
    recall: float
    mrr: float


def score(ranked: Sequence[str], relevant: frozenset[str], k: int = TOP_K) -> Scores:
    """nDCG@k, Recall@k and MRR@k of one ranking with binary relevance."""
    gains = [1.0 if d in relevant else 0.0 for d in ranked[:k]]
    dcg = sum(g / math.log2(rank + 2) for rank, g in enumerate(gains))
    ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(relevant), k)))
    mrr = next((1 / (rank + 1) for rank, g in enumerate(gains) if g), 0.0)
    return Scores(dcg / ideal if ideal else 0.0, sum(gains) / max(len(relevant), 1), mrr)


def mean_scores(rankings: Sequence[Sequence[str]], relevant: Sequence[frozenset[str]]) -> Scores:
    each = [score(r, rel) for r, rel in zip(rankings, relevant, strict=True)]
    n = max(len(each), 1)
    return Scores(
        sum(s.ndcg for s in each) / n, sum(s.recall for s in each) / n, sum(s.mrr for s in each) / n
    )


def fused_top(ranked: Ranked, weights: Weights, k: int = TOP_K) -> list[str]:
    """The top ``k`` ids that ``Searcher.search`` would return for these lists and weights.

    Like ``search``, a list weighted 0 brings in no hits of its own.
    """
    return [f.passage_id for f in fuse(ranked.lists(), weights)[:k]]


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(values, q)) if len(values) else float("nan")


def best_weight(
    hybrid: dict[str, dict[float, float]], parts: dict[str, float]
) -> tuple[float, float]:
    """The semantic weight whose worst margin over datasets is largest, and that margin.

    ``hybrid[dataset][w]`` is hybrid nDCG at semantic weight ``w``; ``parts[dataset]`` is the
    better of keyword-only and semantic-only nDCG there. Ties go to the smaller weight.
    """
    grid = sorted(set.intersection(*(set(h) for h in hybrid.values())))
    margins = {w: min(hybrid[d][w] - parts[d] for d in hybrid) for w in grid}
    best = max(grid, key=lambda w: (margins[w], -w))
    return best, margins[best]


# -- running -----------------------------------------------------------------------------


@dataclass
class Latency:
    p50_ms: float
    p95_ms: float
    n: int


@dataclass
class BackendRun:
    backend: str
    index_s: float
    bigram_weight: float  # embedded bigram_weight or ES cjk_boost, as constructed
    ranked: Latency  # Searcher.ranked, both lists, per query
    modes: dict[str, Scores] = field(default_factory=dict)
    latency: dict[str, Latency] = field(default_factory=dict)
    offline_matches_online: str = ""
    tune: dict[str, float] = field(default_factory=dict)  # semantic weight → hybrid nDCG
    # English queries: "t/k" (score fusion, semantic 1) or "rrf" (RRF_BEFORE) → hybrid scores
    tune_translated: dict[str, Scores] = field(default_factory=dict)
    semantic_only: float = float("nan")  # keyword weight 0, semantic 1
    bigrams: dict[str, Scores] = field(default_factory=dict)  # bigram weight → keyword scores


@dataclass
class DatasetRun:
    key: str
    dataset: str
    documents: int
    queries: int
    query_langs: dict[str, int]
    prepare_s: float
    prepare_shared: bool  # the corpus was analysed and embedded for an earlier dataset
    backends: dict[str, BackendRun] = field(default_factory=dict)
    naive: dict[str, Any] | None = None


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def latency_of(times: Sequence[float]) -> Latency:
    ms = [t * 1000 for t in times]
    return Latency(percentile(ms, 50), percentile(ms, 95), len(ms))


def clean(text: str) -> str:
    """What ``Searcher.search`` does to a query before ranking it."""
    return text.strip()[:MAX_QUERY_CHARS]


def mode_top(ranked: Ranked, mode: Mode, languages: frozenset[str]) -> list[str]:
    """Offline ``Searcher.search(mode)``: the lists it would read, fused with its weights."""
    if mode == "keyword":
        return fused_top(ranked, Weights(1.0, 0.0))
    if mode == "semantic":
        return fused_top(ranked, Weights(0.0, 1.0))
    return fused_top(ranked, weights_for(ranked.lang, languages))


def keyword_setter(backend: Backend) -> Callable[[float], None] | None:
    """How to change the weight of the spacing-insensitive bigram field at query time."""
    if isinstance(backend, EmbeddedBackend):
        return lambda w: setattr(backend, "bigram_weight", w)
    if hasattr(backend, "cjk_boost"):
        return lambda w: setattr(backend, "cjk_boost", w)
    return None


def keyword_weight(backend: Backend) -> float:
    return float(getattr(backend, "bigram_weight", getattr(backend, "cjk_boost", float("nan"))))


def run_backend(
    backend: Backend,
    docs: Sequence[IndexedDocument],
    data: Dataset,
    embedder: Embedder,
    analyzer: Analyzer,
    args: argparse.Namespace,
) -> BackendRun:
    start = time.perf_counter()
    backend.rebuild(docs, embedder.name, embedder.dim)
    index_s = time.perf_counter() - start
    log(f"  {backend.name}: written in {index_s:.1f} s")
    searcher = Searcher(backend, embedder, analyzer, args.lexicon_table, args.lexicon_ko_en_table)

    lists: list[Ranked] = []
    times: list[float] = []
    for q in data.queries:
        text = clean(q)
        start = time.perf_counter()
        lists.append(searcher.ranked(text, "hybrid", Filters(), DEPTH))
        times.append(time.perf_counter() - start)
    run = BackendRun(backend.name, index_s, keyword_weight(backend), latency_of(times[1:]))
    log(f"  {backend.name}: {len(lists)} queries ranked, p50 {run.ranked.p50_ms:.1f} ms")

    for mode in MODES:
        tops = [mode_top(item, mode, embedder.languages) for item in lists]
        run.modes[mode] = mean_scores(tops, data.relevant)

    if args.tune:
        for w in SEMANTIC_GRID:
            tops = [fused_top(x, Weights(1.0, w)) for x in lists]
            run.tune[str(w)] = mean_scores(tops, data.relevant).ndcg
        tops = [fused_top(x, Weights(0.0, 1.0)) for x in lists]
        run.semantic_only = mean_scores(tops, data.relevant).ndcg
        if any(x.translated for x in lists):
            for t, k in SCORE_GRID:
                tops = [fused_top(x, Weights(k, 1.0, t, "scores")) for x in lists]
                run.tune_translated[f"{t}/{k}"] = mean_scores(tops, data.relevant)
            tops = [fused_top(x, RRF_BEFORE) for x in lists]
            run.tune_translated["rrf"] = mean_scores(tops, data.relevant)

    setter = keyword_setter(backend)
    if args.bigram_weights and setter is not None:
        original = keyword_weight(backend)
        try:
            for w in args.bigram_weights:
                setter(w)
                tops = [
                    [s.passage_id for s in backend.keyword_search(x.query, Filters(), TOP_K)]
                    for x in lists
                ]
                run.bigrams[str(w)] = mean_scores(tops, data.relevant)
        finally:
            setter(original)

    # Latency as a user of Searcher.search sees it: analysis, embedding, both lists, fusion
    # and fetching the passages. The same calls check that the offline rankings are real.
    # The modes take turns on each query, so that a burst of load on a shared machine falls
    # on all of them alike; the first query of each mode warms up and is not counted.
    sample = latency_sample(data, args.latency_queries, args.seed)
    mode_times: dict[Mode, list[float]] = {mode: [] for mode in MODES}
    same = total = 0
    for n, i in enumerate(sample):
        for mode in MODES[n % 3 :] + MODES[: n % 3]:
            start = time.perf_counter()
            result = searcher.search(data.queries[i], mode, size=TOP_K)
            mode_times[mode].append(time.perf_counter() - start)
            total += 1
            same += [h.passage.id for h in result.hits] == mode_top(
                lists[i], mode, embedder.languages
            )
    run.latency = {mode: latency_of(t[1:]) for mode, t in mode_times.items()}
    run.offline_matches_online = f"{same}/{total}"
    return run


def latency_sample(data: Dataset, n: int, seed: int) -> list[int]:
    count = len(data.queries)
    if n <= 0 or n >= count:
        return list(range(count))
    return random.Random(seed + 1).sample(range(count), n)


@contextlib.contextmanager
def open_backend(
    kind: str, data: Dataset, tmp: Path, es_url: str | None, run_id: str
) -> Iterator[Backend]:
    if kind == "embedded":
        backend: Backend = EmbeddedBackend(tmp / f"{data.key}.db")
        try:
            yield backend
        finally:
            backend.close()
        return
    from index.elastic import ElasticBackend

    assert es_url is not None
    prefix = f"seoji-bench-{run_id}-{data.key}"
    backend = ElasticBackend(es_url, index=prefix)
    try:
        yield backend
    finally:
        backend.close()
        delete_indices(es_url, f"{prefix}-*")


def delete_indices(url: str, pattern: str) -> None:
    """Delete indices by name: wildcard deletes are refused (action.destructive_requires_name)."""
    from elasticsearch import Elasticsearch

    with Elasticsearch(url) as es:
        found = es.indices.get(index=pattern, allow_no_indices=True, expand_wildcards="all")
        names = list(found.body)
        if names:
            es.indices.delete(index=",".join(names), ignore_unavailable=True)


def run_naive(data: Dataset, es_url: str, run_id: str, sample: Sequence[int]) -> dict[str, Any]:
    """Raw text, ``standard`` analyzer, ``match`` query: Elasticsearch out of the box."""
    from elasticsearch import Elasticsearch, helpers

    name = f"seoji-bench-{run_id}-{data.key}-naive"
    with Elasticsearch(es_url, request_timeout=60) as es:
        try:
            start = time.perf_counter()
            es.indices.create(
                index=name,
                settings={"number_of_shards": 1, "number_of_replicas": 0},
                mappings={"properties": {"text": {"type": "text", "analyzer": "standard"}}},
            )
            helpers.bulk(
                es,
                (
                    {"_index": name, "_id": d, "text": t}
                    for d, t in zip(data.doc_ids, data.docs, strict=True)
                ),
                refresh=True,
            )
            index_s = time.perf_counter() - start

            def top(q: str) -> list[str]:
                resp = es.search(
                    index=name,
                    query={"match": {"text": q}},
                    size=TOP_K,
                    source=False,
                    filter_path=["hits.hits._id"],
                )
                return [h["_id"] for h in resp.body.get("hits", {}).get("hits", [])]

            scores = mean_scores([top(q) for q in data.queries], data.relevant)
            times = []
            for i in sample:
                start = time.perf_counter()
                top(data.queries[i])
                times.append(time.perf_counter() - start)
        finally:
            es.indices.delete(index=name, ignore_unavailable=True)
    return {"index_s": index_s, "scores": scores, "latency": latency_of(times[1:])}


def run_dataset(
    data: Dataset,
    embedder: Embedder,
    analyzer: Analyzer,
    args: argparse.Namespace,
    es_url: str | None,
    run_id: str,
    prepared: dict[str, tuple[list[IndexedDocument], float]],
) -> DatasetRun:
    langs = Counter[str](query_lang(clean(q)) for q in data.queries)
    log(f"{data.name}: {len(data.docs)} documents, {len(data.queries)} queries")
    corpus = data.corpus or data.key
    shared = corpus in prepared
    if not shared:
        start = time.perf_counter()
        items = ((d, [p], p.text) for d, p in records(data))
        docs = list(prepare_batches(items, embedder, analyzer))
        prepared[corpus] = docs, time.perf_counter() - start
        log(f"  analysed and embedded in {prepared[corpus][1]:.1f} s")
    docs, prepare_s = prepared[corpus]
    out = DatasetRun(
        data.key, data.name, len(data.docs), len(data.queries), dict(langs), prepare_s, shared
    )
    with tempfile.TemporaryDirectory(prefix="seoji-bench-") as tmp:
        for kind in args.backends:
            with open_backend(kind, data, Path(tmp), es_url, run_id) as backend:
                out.backends[kind] = run_backend(backend, docs, data, embedder, analyzer, args)
    if "elasticsearch" in args.backends and es_url is not None:
        sample = latency_sample(data, args.latency_queries, args.seed)
        out.naive = run_naive(data, es_url, run_id, sample)
    return out


# -- printing ----------------------------------------------------------------------------


def print_dataset(run: DatasetRun) -> None:
    langs = ", ".join(f"{k} {v}" for k, v in sorted(run.query_langs.items()))
    print(f"\n## {run.dataset}: {run.documents} documents, {run.queries} queries ({langs})")
    head = f"{'backend':<14} {'mode':<9} {'nDCG@10':>8} {'R@10':>7} {'MRR@10':>7}"
    print(f"{head} {'p50 ms':>8} {'p95 ms':>8}")
    for name, b in run.backends.items():
        for mode, s in b.modes.items():
            lat = b.latency[mode]
            print(
                f"{name:<14} {mode:<9} {s.ndcg:8.4f} {s.recall:7.4f} {s.mrr:7.4f}"
                f" {lat.p50_ms:8.1f} {lat.p95_ms:8.1f}"
            )
    if run.naive:
        s, lat = run.naive["scores"], run.naive["latency"]
        print(
            f"{'naive ES':<14} {'match':<9} {s.ndcg:8.4f} {s.recall:7.4f} {s.mrr:7.4f}"
            f" {lat.p50_ms:8.1f} {lat.p95_ms:8.1f}"
        )
    shared = " (done once for this corpus)" if run.prepare_shared else ""
    parts = [f"analysis + embedding {run.prepare_s:.1f} s{shared}"]
    parts += [f"{n} write {b.index_s:.1f} s" for n, b in run.backends.items()]
    if run.naive:
        parts.append(f"naive ES {run.naive['index_s']:.1f} s")
    print("indexing: " + "; ".join(parts))
    for n, b in run.backends.items():
        print(
            f"{n} (bigram weight {b.bigram_weight:g}): Searcher.ranked (both lists, depth"
            f" {DEPTH}) p50 {b.ranked.p50_ms:.1f} ms,"
            f" p95 {b.ranked.p95_ms:.1f} ms; latency over {b.latency['hybrid'].n} queries"
            f" per mode; offline = search() on {b.offline_matches_online}"
        )


SHORT = {"embedded": "emb", "elasticsearch": "es", "korquad-nospace": "kq-nospace"}


def label(backend: str, dataset: str) -> str:
    return f"{SHORT.get(backend, backend)}/{SHORT.get(dataset, dataset)}"


def print_tune(runs: Sequence[DatasetRun], backends: Sequence[str]) -> dict[str, Any]:
    """Hybrid nDCG@10 per semantic weight; the weight with the best worst-case margin."""
    print("\n## fusion weights: hybrid nDCG@10, keyword weight 1.0 and semantic weight w")
    print("   (for every query whatever its language; margin = min over datasets of")
    print("   hybrid - max(keyword, semantic), which must not be negative)")
    cols = [(b, r) for b in backends for r in runs if b in r.backends]
    head = "".join(f" {label(b, r.key):>14}" for b, r in cols)
    margins_head = "".join(f" {'margin ' + SHORT.get(b, b):>11}" for b in backends)
    print(f"{'w':>6}{head}{margins_head}")
    parts = {
        b: {
            r.key: max(r.backends[b].modes["keyword"].ndcg, r.backends[b].modes["semantic"].ndcg)
            for r in runs
            if b in r.backends
        }
        for b in backends
    }
    hybrid = {
        b: {
            r.key: {float(w): v for w, v in r.backends[b].tune.items()}
            for r in runs
            if b in r.backends
        }
        for b in backends
    }
    for w in SEMANTIC_GRID:
        row = "".join(f" {r.backends[b].tune[str(w)]:14.4f}" for b, r in cols)
        margins = "".join(
            f" {min(hybrid[b][d][w] - parts[b][d] for d in hybrid[b]):+11.4f}" for b in backends
        )
        print(f"{w:>6}{row}{margins}")
    row = "".join(f" {r.backends[b].semantic_only:14.4f}" for b, r in cols)
    print(f"{'kw 0':>6}{row}   (semantic only)")
    translated = [(b, r) for b, r in cols if r.backends[b].tune_translated]
    if translated:
        print("\n## English queries, score fusion: semantic 1, translated t, keyword k")
        print("   hybrid nDCG@10 / R@10; the last row is RRF at 1 : 2 : 0.5, the weights before")
        print(f"{'t/k':>8}" + "".join(f" {label(b, r.key):>16}" for b, r in translated))
        for key in [f"{t}/{k}" for t, k in SCORE_GRID] + ["rrf"]:
            cells = (r.backends[b].tune_translated[key] for b, r in translated)
            print(f"{key:>8}" + "".join(f" {c.ndcg:8.4f}/{c.recall:6.4f}" for c in cells))
    summary: dict[str, Any] = {}
    for b in backends:
        if not hybrid[b]:
            continue
        w, margin = best_weight(hybrid[b], parts[b])
        summary[b] = {"best_semantic_weight": w, "margin": margin}
        verdict = (
            "hybrid >= the better part everywhere" if margin >= 0 else "hybrid loses somewhere"
        )
        print(f"{b}: best semantic weight {w} (keyword 1.0), worst margin {margin:+.4f}: {verdict}")
    return summary


def print_bigrams(
    runs: Sequence[DatasetRun], backends: Sequence[str], grid: Sequence[float]
) -> dict[str, Any]:
    """Keyword nDCG@10 per bigram weight; the weight whose worst dataset is best."""
    print("\n## bigram field weight (embedded bigram_weight, ES cjk_boost): keyword nDCG@10")
    cols = [(b, r) for b in backends for r in runs if b in r.backends and r.backends[b].bigrams]
    if not cols:
        return {}
    head = "".join(f" {label(b, r.key):>14}" for b, r in cols)
    print(f"{'weight':>6}{head}" + "".join(f" {'min ' + SHORT.get(b, b):>8}" for b in backends))

    def worst(b: str, w: float) -> float:
        return min(r.backends[b].bigrams[str(w)].ndcg for bb, r in cols if bb == b)

    for w in grid:
        row = "".join(f" {r.backends[b].bigrams[str(w)].ndcg:14.4f}" for b, r in cols)
        print(f"{w:>6}{row}" + "".join(f" {worst(b, w):8.4f}" for b in backends))
    summary: dict[str, Any] = {}
    for b in backends:
        if any(bb == b for bb, _ in cols):
            best = max((worst(b, w), -w, w) for w in grid)[2]  # ties: the smaller weight
            summary[b] = {"best_bigram_weight": best, "worst_ndcg": worst(b, best)}
            print(f"{b}: best bigram weight {best:g} (worst dataset {worst(b, best):.4f})")
    return summary


# -- main --------------------------------------------------------------------------------


def floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",") if x.strip()]


def names(allowed: Sequence[str]) -> Callable[[str], list[str]]:
    def parse(text: str) -> list[str]:
        out = [x.strip() for x in text.split(",") if x.strip()]
        unknown = [x for x in out if x not in allowed]
        if unknown:
            msg = f"unknown {', '.join(unknown)}; choose from {', '.join(allowed)}"
            raise argparse.ArgumentTypeError(msg)
        return out

    return parse


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument(
        "--datasets",
        type=names(DATASETS),
        default=list(DEFAULT_DATASETS),
        help=f"any of {', '.join(DATASETS)} (default: {','.join(DEFAULT_DATASETS)})",
    )
    ap.add_argument("--backends", type=names(BACKENDS), default=list(BACKENDS))
    ap.add_argument("--es-url", help="Elasticsearch URL (default: start or reuse a local node)")
    ap.add_argument("--limit", type=int, default=0, help="queries per dataset, 0 = all")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--latency-queries", type=int, default=300, help="Searcher.search calls per mode"
    )
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--tune", action="store_true", help="grid-search the fusion weights")
    ap.add_argument(
        "--lexicon",
        default=str(LEXICON_PATH),
        help="English → Korean lexicon for the translated list ('' for none)",
    )
    ap.add_argument(
        "--lexicon-ko-en",
        default=str(KO_EN_PATH),
        help="Korean → English lexicon for a Korean query's keyword list ('' for none)",
    )
    ap.add_argument("--bigram-weights", type=floats, default=[], help="e.g. 0,0.1,0.3,0.5,1.0")
    ap.add_argument("--json", type=Path, help="write every figure here")
    args = ap.parse_args(argv)

    embedder = Embedder(args.model)
    analyzer = Analyzer()
    args.lexicon_table = load_lexicon(Path(args.lexicon)) if args.lexicon else None  # read once
    args.lexicon_ko_en_table = (
        load_lexicon(Path(args.lexicon_ko_en)) if args.lexicon_ko_en else None
    )
    print(
        f"model {embedder.name} ({embedder.dim} dimensions; understands"
        f" {', '.join(sorted(embedder.languages))}); backends {', '.join(args.backends)};"
        f" datasets {', '.join(args.datasets)}"
    )
    weights = ", ".join(
        f"{lang}/{'yes' if ok else 'no'} {w.keyword:g}:{w.semantic:g}:{w.translated:g}"
        for (lang, ok), w in WEIGHTS.items()
    )
    print(
        f"limit {args.limit or 'all'} (seed {args.seed}); depth {DEPTH}; RRF k {K};"
        f" WEIGHTS (query lang/understood keyword:semantic:translated) {weights};"
        f" lexicon {args.lexicon or 'none'};"
        f" latency {args.latency_queries} queries per mode; {os.cpu_count()} CPUs"
    )

    es_url, started = args.es_url, False
    if "elasticsearch" in args.backends and es_url is None:
        from tools import localnode

        es_url, started = localnode.ensure_running()
        log(f"Elasticsearch at {es_url}{' (started here)' if started else ''}")
    run_id = uuid.uuid4().hex[:8]
    runs: list[DatasetRun] = []
    prepared: dict[str, tuple[list[IndexedDocument], float]] = {}
    try:
        for key in args.datasets:
            data = LOADERS[key](args.data).sample(args.limit, args.seed)
            run = run_dataset(data, embedder, analyzer, args, es_url, run_id, prepared)
            print_dataset(run)
            runs.append(run)
    finally:
        if started:
            from tools import localnode

            localnode.stop()
    tune = print_tune(runs, args.backends) if args.tune else {}
    bigrams = print_bigrams(runs, args.backends, args.bigram_weights) if args.bigram_weights else {}
    if args.json:
        config = {
            "model": embedder.name,
            "dim": embedder.dim,
            "languages": sorted(embedder.languages),
            "backends": args.backends,
            "datasets": args.datasets,
            "limit": args.limit,
            "seed": args.seed,
            "depth": DEPTH,
            "rrf_k": K,
            "latency_queries": args.latency_queries,
            "lexicon": args.lexicon,
        }
        report = {
            "config": config,
            "runs": [asdict(r) for r in runs],
            "tune": tune,
            "bigrams": bigrams,
        }
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
