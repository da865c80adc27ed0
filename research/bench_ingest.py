"""What embedding adds to ingest time: the same ingest with no embedding, with seoji-static,
and (``--minilm``) with all-MiniLM-L6-v2, alternating in one process.

Not a test: prints figures. Two workloads:

- ``corpus``: every file under ``--corpus`` end to end, as ``seoji ingest`` does it: read,
  repair, passages (``ingest.pipeline``), keyword analysis and vectors
  (``index.search.prepare_batches``, as ``seoji ingest``), written to a fresh embedded index;
- ``korquad``: the KorQuAD dev paragraphs from ``--data``, one document each, through
  ``prepare_batches`` and the index write (no repair: the text is clean), built as
  ``bench_retrieval`` builds them; a larger, steadier sample of the indexing step.

"none" is an encoder that returns zero vectors instantly: everything ingest does except
embedding. Each run starts cold, as one ``seoji ingest`` in a fresh process would: an empty
Kiwi cache (``Analyzer.forget``), empty seoji-static caches of units and OOV vectors
(``StaticEncoder.forget``) and a new index; models are loaded before timing (a one-off cost
of the process, not of the documents). The runs of the encoders alternate (none, static,
minilm, none, ...), ``--runs`` of each, and the figures are medians, with each encoder's time
as a ratio of "none" from the same process, and the time spent inside the encoder itself
(``Timed``), as a share of "none". Wall time is what the goal is about; the CPU time
of the process (all its threads) is printed too, as it is steadier when other jobs share the
CPUs.

    python -m research.bench_ingest --runs 5
    python -m research.bench_ingest --runs 3 --minilm --workloads korquad
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

from index.embed import MINILM, Embedder, Encoder
from index.embedded import EmbeddedBackend
from index.search import BATCH_PASSAGES, prepare_batches, replace_version
from index.static import SeojiStatic
from ingest.analysis import shared_analyzer
from ingest.pipeline import Failure, Tools, expand_paths, ingest_paths
from ingest.records import Document, Passage
from research import DEFAULT_DATA, ROOT
from research.bench_retrieval import load_korquad, records


class NoEncoder:
    """Zero vectors, at no cost: the floor that embedding is measured against."""

    name = "none"
    dim = 384
    languages = frozenset({"ko", "en"})

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.zeros((len(texts), self.dim), dtype=np.float32)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.zeros((len(texts), self.dim), dtype=np.float32)


class Timed:
    """An encoder that adds up the time spent in its ``encode_passages``: the embedding's own
    share of a run, steadier than the difference of two runs' wall times."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.name, self.dim, self.languages = encoder.name, encoder.dim, encoder.languages
        self.seconds = 0.0

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode_queries(texts)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        t0 = time.perf_counter()
        try:
            return self.encoder.encode_passages(texts)
        finally:
            self.seconds += time.perf_counter() - t0


def forget(encoder: Encoder) -> None:
    """Empty the caches that carry over from one run to the next: Kiwi's, seoji-static's."""
    shared_analyzer().forget()
    if isinstance(encoder, Embedder) and isinstance(encoder.model[0], SeojiStatic):
        encoder.model[0].encoder.forget()


def run_corpus(files: list[Path], encoder: Encoder, tools: Tools, folder: Path, batch: int) -> int:
    backend = EmbeddedBackend(folder / "seoji.db")

    def ingested() -> Iterator[tuple[Document, Sequence[Passage], str]]:
        for result in ingest_paths(files, tools):
            if isinstance(result, Failure):
                raise SystemExit(f"{result.path}: {result.reason}")
            yield result.document, result.passages, result.source_text

    try:
        backend.ensure(encoder.name, encoder.dim)
        passages = 0
        for doc in prepare_batches(ingested(), encoder, shared_analyzer(), batch):
            replace_version(backend, doc)
            passages += len(doc.passages)
        return passages
    finally:
        backend.close()


def run_korquad(
    docs: list[tuple[Document, list[Passage]]], encoder: Encoder, folder: Path, batch: int
) -> int:
    backend = EmbeddedBackend(folder / "seoji.db")
    try:
        items = ((d, ps, ps[0].text) for d, ps in docs)
        prepared = list(prepare_batches(items, encoder, shared_analyzer(), batch))
        backend.rebuild(prepared, encoder.name, encoder.dim)
        return len(prepared)
    finally:
        backend.close()


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--workloads", default="corpus,korquad")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--minilm", action="store_true", help="also time all-MiniLM-L6-v2")
    ap.add_argument(
        "--batch",
        type=int,
        default=BATCH_PASSAGES,
        help="passages per batch, as seoji ingest (0: one document at a time, the earlier way)",
    )
    args = ap.parse_args(argv)

    analyzer = shared_analyzer()
    encoders: dict[str, Encoder] = {"none": NoEncoder(), "seoji-static": Embedder()}
    if args.minilm:
        encoders["minilm"] = Embedder(MINILM)
    for encoder in encoders.values():  # load models outside the timing
        encoder.encode_passages(["한국어 문장을 미리 읽어 둔다.", "warm up"])
    tools = Tools(analyzer.kiwi)
    files = expand_paths([args.corpus])
    work: dict[str, Callable[[Encoder, Path], int]] = {}
    if "corpus" in args.workloads:
        work["corpus"] = lambda enc, folder: run_corpus(files, enc, tools, folder, args.batch)
    if "korquad" in args.workloads:
        docs = [(d, [p]) for d, p in records(load_korquad(args.data))]
        work["korquad"] = lambda enc, folder: run_korquad(docs, enc, folder, args.batch)

    how = f"batches of {args.batch} passages" if args.batch else "one document at a time"
    print(f"{len(files)} corpus files; runs {args.runs} per encoder, alternating; {how}")
    for name, fn in work.items():
        fn(encoders["none"], Path(tempfile.mkdtemp()))  # warm-up: caches of the pipeline
        times: dict[str, list[float]] = {e: [] for e in encoders}
        cpu: dict[str, list[float]] = {e: [] for e in encoders}
        inside: dict[str, list[float]] = {e: [] for e in encoders}
        count = 0
        for _ in range(args.runs):
            for enc_name, encoder in encoders.items():
                forget(encoder)
                timed = Timed(encoder)
                with tempfile.TemporaryDirectory() as folder:
                    t0, c0 = time.perf_counter(), time.process_time()
                    count = fn(timed, Path(folder))
                    times[enc_name].append(time.perf_counter() - t0)
                    cpu[enc_name].append(time.process_time() - c0)
                inside[enc_name].append(timed.seconds)
        base = statistics.median(times["none"])
        cpu_base = statistics.median(cpu["none"])
        print(f"{name}: {count} {'passages' if name == 'corpus' else 'paragraphs'}")
        for enc_name, ts in times.items():
            med = statistics.median(ts)
            ratios = [t / b for t, b in zip(ts, times["none"], strict=True)]
            cpu_med = statistics.median(cpu[enc_name])
            print(
                f"  {enc_name:13s} median {med:7.2f} s  ×{med / base:.3f} of none"
                f"  (paired ratios median ×{statistics.median(ratios):.3f};"
                f" runs {', '.join(f'{t:.2f}' for t in ts)})"
                f"  cpu {cpu_med:.2f} s ×{cpu_med / cpu_base:.3f}"
            )
            if enc_name != "none":
                own = statistics.median(inside[enc_name])
                print(
                    f"  {'':13s} of which embedding itself: median {own:.2f} s,"
                    f" {own / base:.1%} of none's median"
                    f" (runs {', '.join(f'{t:.2f}' for t in inside[enc_name])})"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
