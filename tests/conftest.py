from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import Ingested, Tools, ingest_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED_000 = CORPUS / "000_3333d9c83ece362f.txt"
SEED_002 = CORPUS / "002_1fa036497e7495cd.txt"


@pytest.fixture(scope="session")
def tools() -> Tools:
    return Tools()


@pytest.fixture(scope="session")
def seed000(tools: Tools) -> Ingested:
    return ingest_file(SEED_000, tools)


@pytest.fixture(scope="session")
def seed002(tools: Tools) -> Ingested:
    return ingest_file(SEED_002, tools)
