from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from kiwipiepy import Kiwi

from index.embed import Embedder, shared_embedder
from ingest.analysis import Analyzer, shared_analyzer
from ingest.pipeline import Ingested, Tools, ingest_file
from tools import localnode

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED_000 = CORPUS / "000_3333d9c83ece362f.txt"
SEED_002 = CORPUS / "002_1fa036497e7495cd.txt"


# The models load once per session, and they are the process's own (``shared_analyzer``,
# ``shared_embedder``): the CLI and the app under test reuse them instead of loading theirs.


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return shared_analyzer()


@pytest.fixture(scope="session")
def kiwi(analyzer: Analyzer) -> Kiwi:
    return analyzer.kiwi


@pytest.fixture(scope="session")
def tools(kiwi: Kiwi) -> Tools:
    return Tools(kiwi)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return shared_embedder()


@pytest.fixture(scope="session")
def seed000(tools: Tools) -> Ingested:
    return ingest_file(SEED_000, tools)


@pytest.fixture(scope="session")
def seed002(tools: Tools) -> Ingested:
    return ingest_file(SEED_002, tools)


@pytest.fixture(scope="session")
def es_url() -> Iterator[str]:
    """A healthy local Elasticsearch 8.12.2: reused if one answers on :9200, else started.

    Fails, never skips: CI must notice when the integration tests did not run. A node this
    fixture started is stopped at the end of the session; one it found is left alone.
    """
    try:
        url, started = localnode.ensure_running()
    except Exception as e:  # any reason at all is a failure with its message
        pytest.fail(f"Elasticsearch is not available: {e}", pytrace=False)
    yield url
    if started:
        localnode.stop()


@pytest.fixture
def es_index_prefix(es_url: str) -> Iterator[str]:
    """A fresh index-name prefix per test; whatever matches ``<prefix>*`` is deleted after."""
    prefix = f"seoji-test-{uuid.uuid4().hex[:8]}"
    yield prefix
    localnode.delete_matching(es_url, f"{prefix}*")
