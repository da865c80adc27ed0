"""docker-compose.yml and Dockerfile: the wiring we cannot run here (no Docker), read instead."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tools import localnode


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return compose["services"]


def _env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):  # both compose forms are legal: KEY=value items or a mapping
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def test_elasticsearch_is_the_pinned_release(services: dict[str, Any]) -> None:
    image = services["elasticsearch"]["image"]
    assert image == f"docker.elastic.co/elasticsearch/elasticsearch:{localnode.VERSION}"


def test_elasticsearch_is_one_local_node_without_security(services: dict[str, Any]) -> None:
    es = services["elasticsearch"]
    env = _env(es)
    assert env["discovery.type"] == "single-node"
    assert env["xpack.security.enabled"] == "false"
    assert re.search(r"-Xms(\w+)\b.*-Xmx\1\b", env["ES_JAVA_OPTS"])
    # Security is off, so the port must not be reachable from other machines.
    assert es["ports"] == ["127.0.0.1:9200:9200"]
    assert any(v.endswith(":/usr/share/elasticsearch/data") for v in es["volumes"])


def test_elasticsearch_healthcheck_waits_for_yellow(services: dict[str, Any]) -> None:
    check = services["elasticsearch"]["healthcheck"]
    command = " ".join(check["test"])
    assert "_cluster/health" in command
    assert "yellow" in command
    assert "green" in command


def test_api_waits_for_a_healthy_elasticsearch(services: dict[str, Any]) -> None:
    api = services["api"]
    assert api["build"] == "."
    assert api["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
    env = _env(api)
    assert env["SEOJI_BACKEND"] == "elasticsearch"
    assert env["SEOJI_ES_URL"] == "http://elasticsearch:9200"
    assert env["SEOJI_DATA_DIR"] == "/data"
    assert any(str(p).endswith("8000:8000") for p in api["ports"])
    assert "seoji ingest corpus/" in api["command"]
    assert "seoji serve" in api["command"]


def test_dockerfile_installs_cpu_torch_before_the_project() -> None:
    runs = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.startswith("RUN ")
    ]
    torch = next(i for i, r in enumerate(runs) if "torch==2.13.0" in r)
    project = next(i for i, r in enumerate(runs) if re.search(r"pip install \.(\s|$)", r))
    assert "--index-url https://download.pytorch.org/whl/cpu" in runs[torch]
    assert torch < project


def test_dockerfile_uses_the_models_shipped_in_the_package() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    # The wheel carries the models; a path set here would hide a wheel that lost them.
    assert "SEOJI_EMBEDDING_MODEL" not in dockerfile
    assert "SEOJI_LEXICON" not in dockerfile
    assert "COPY models/" not in dockerfile
