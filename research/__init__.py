"""Research beside the product: the benchmark data splits, the trainers of the shipped
models and the benchmark scripts. Run them as modules from the repository root:

    python -m research.bench_retrieval --datasets korquad,msmarco-en2ko --backends embedded
    python -m research.train_static --final

This package depends on seoji (``ingest``, ``index``, ``api``); seoji never imports it, and
the wheel does not ship it. Benchmark data is read from ``--data`` (by default
``../shared/benchmarks``, beside the repository) and never copied into it.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks"
