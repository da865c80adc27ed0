"""Backends for the contract suite: every test here runs once per backend.

The Elasticsearch runs use a real node (the ``es_url`` session fixture starts one, and fails
the run if it cannot); each test gets its own index prefix, deleted afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.contract import Backend
from index.embedded import EmbeddedBackend


@pytest.fixture(params=["embedded", pytest.param("elasticsearch", marks=pytest.mark.integration)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "embedded":
        b: Backend = EmbeddedBackend(tmp_path / "seoji.db")
    else:
        from index.elastic import ElasticBackend

        url = request.getfixturevalue("es_url")
        prefix = request.getfixturevalue("es_index_prefix")
        b = ElasticBackend(url, index=prefix)
    yield b
    b.close()
