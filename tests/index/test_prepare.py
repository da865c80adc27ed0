"""``prepare_many``: several documents in one analysis and one embedding batch."""

from __future__ import annotations

import numpy as np

from index.embed import Embedder
from index.search import prepare, prepare_batches, prepare_many
from ingest.analysis import Analyzer
from ingest.pipeline import Ingested


def test_a_batch_prepares_each_document_as_alone(
    analyzer: Analyzer, embedder: Embedder, seed000: Ingested, seed002: Ingested
) -> None:
    seeds = (seed000, seed002)
    together = prepare_many(
        [(s.document, s.passages, s.source_text) for s in seeds], embedder, analyzer
    )
    alone = [prepare(s.document, s.passages, s.source_text, embedder, analyzer) for s in seeds]
    assert [d.document for d in together] == [s.document for s in seeds]
    for a, b in zip(together, alone, strict=True):
        assert a.passages == b.passages and a.terms == b.terms
        assert a.vectors.shape == (len(a.passages), embedder.dim)
        assert np.allclose(a.vectors, b.vectors, atol=1e-6)
        assert a.source_text == b.source_text
    assert prepare_many([], embedder, analyzer) == []
    items = [(s.document, s.passages, s.source_text) for s in seeds]
    for size in (0, 1, 10_000):  # a batch per document, or one for both
        batched = list(prepare_batches(items, embedder, analyzer, size))
        assert [d.terms for d in batched] == [d.terms for d in together]
