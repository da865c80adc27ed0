"""BM25 over ``ingest.analysis`` terms vs a whitespace-split baseline.

Not a test: prints figures. Two datasets from ``--data`` (see ../shared/benchmarks/README.md):

- KorQuAD 1.0 dev: each paragraph a document, each question a query whose one relevant
  document is its paragraph (964 documents, 5,774 queries);
- AutoRAG Korean retrieval: 720 OCR'd PDF chunks, 114 queries, gold chunks in ``retrieval_gt``
  (needs pyarrow);
- KorQuAD again with every space removed from the questions, to show that unspaced queries
  still meet spaced text.

BM25 is Lucene's (k1=1.2, b=0.75, idf = ln(1 + (N - df + 0.5) / (df + 0.5))), each distinct
query term counted once. The baseline splits on whitespace and nothing else, which is what
Elasticsearch's whitespace analyzer would index. Analysis speed is chars/s of
``Analyzer.analyze_many`` over all KorQuAD paragraphs, the median of ``--runs`` runs after a
warm-up that loads Kiwi; query latency is the median time of ``analyze`` on one question.

    python -m research.bench_keywords
    python -m research.bench_keywords --data ../shared/benchmarks --runs 5
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ingest.analysis import Analyzer
from research import DEFAULT_DATA
from research.bench_retrieval import Dataset, load_autorag, load_korquad

TOP_K = 10


@dataclass(frozen=True)
class Scores:
    ndcg: float
    recall: float
    mrr: float


class BM25:
    """Plain in-memory BM25 over pre-tokenized documents."""

    def __init__(self, docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self.n = len(docs)
        self.lengths = [len(d) for d in docs]
        self.avg_length = sum(self.lengths) / max(self.n, 1)
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                self.postings.setdefault(term, []).append((i, tf))

    def idf(self, term: str) -> float:
        df = len(self.postings.get(term, ()))
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def top(self, query: Sequence[str], k: int = TOP_K) -> list[int]:
        scores: dict[int, float] = {}
        for term in set(query):
            idf = self.idf(term)
            for i, tf in self.postings.get(term, ()):
                norm = self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avg_length)
                scores[i] = scores.get(i, 0.0) + idf * tf * (self.k1 + 1) / (tf + norm)
        # Ties are broken by document order so that runs are repeatable.
        return sorted(scores, key=lambda i: (-scores[i], i))[:k]


def evaluate(data: Dataset, tokenize: Callable[[Sequence[str]], list[list[str]]]) -> Scores:
    index = BM25(tokenize(data.docs))
    ndcg = recall = mrr = 0.0
    for terms, relevant in zip(tokenize(data.queries), data.relevant, strict=True):
        ranked = [data.doc_ids[i] for i in index.top(terms)]
        gains = [1.0 if d in relevant else 0.0 for d in ranked]
        dcg = sum(g / math.log2(rank + 2) for rank, g in enumerate(gains))
        ideal = sum(1 / math.log2(rank + 2) for rank in range(min(len(relevant), TOP_K)))
        ndcg += dcg / ideal
        recall += sum(gains) / len(relevant)
        mrr += next((1 / (rank + 1) for rank, g in enumerate(gains) if g), 0.0)
    n = len(data.queries)
    return Scores(ndcg / n, recall / n, mrr / n)


def whitespace(texts: Sequence[str]) -> list[list[str]]:
    return [t.split() for t in texts]


def chars_per_second(analyzer: Analyzer, texts: Sequence[str], runs: int) -> float:
    analyzer.analyze_many(texts[:8])  # loads Kiwi outside the timing
    chars = sum(len(t) for t in texts)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        analyzer.analyze_many(texts)
        times.append(time.perf_counter() - start)
    return chars / statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--runs", type=int, default=3, help="timed runs; the median is reported")
    ap.add_argument("--skip-autorag", action="store_true", help="KorQuAD only (no pyarrow)")
    args = ap.parse_args(argv)

    analyzer = Analyzer()
    korquad = load_korquad(args.data)
    # The same questions typed without any space: the analyzer must still meet the spaced
    # paragraphs (한미상호방위조약체결일정 vs 한미 상호 방위 조약).
    unspaced = replace(
        korquad,
        name="KorQuAD q-nospace",
        queries=["".join(q.split()) for q in korquad.queries],
    )
    datasets = [korquad, unspaced]
    if not args.skip_autorag:
        datasets.append(load_autorag(args.data))
    methods: list[tuple[str, Callable[[Sequence[str]], list[list[str]]]]] = [
        ("whitespace", whitespace),
        ("kiwi analyzer", analyzer.analyze_many),
    ]
    print(f"{'dataset':<18} {'method':<14} {'nDCG@10':>8} {'R@10':>7} {'MRR@10':>7}")
    for data in datasets:
        for name, tokenize in methods:
            s = evaluate(data, tokenize)
            print(f"{data.name:<18} {name:<14} {s.ndcg:8.4f} {s.recall:7.4f} {s.mrr:7.4f}")
        print(f"  ({len(data.docs)} documents, {len(data.queries)} queries)")

    cps = chars_per_second(analyzer, korquad.docs, args.runs)
    total = sum(len(t) for t in korquad.docs)
    print(f"analyze_many: {cps:,.0f} chars/s over {total:,} chars (median of {args.runs} runs)")
    questions = korquad.queries[:1000]
    times = []
    for q in questions:
        start = time.perf_counter()
        analyzer.analyze(q)
        times.append(time.perf_counter() - start)
    print(f"analyze, one question: median {statistics.median(times) * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
