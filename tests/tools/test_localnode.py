"""The local Elasticsearch node (tools/localnode.py): pure parts, then a real node."""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tools import localnode


def test_sri_sha512_is_the_npm_integrity_form(tmp_path: Path) -> None:
    f = tmp_path / "part.tgz"
    f.write_bytes(b"seoji")
    # Known vector, so a change in how we encode (hex, urlsafe, no padding) shows up.
    assert localnode.sri_sha512(f) == (
        "sha512-7iy1JJu4QO8OIdYBVJorKnNPyzrmW4M8OpXWc8u3XqeYOYOstD+h81+fQ/CQhc7t6YBaMzwUKwLue/1dvEsfWA=="
    )


def test_pinned_checksums_are_well_formed() -> None:
    for sri in localnode.PART_INTEGRITY:
        algo, _, b64 = sri.partition("-")
        assert algo == "sha512"
        assert len(base64.b64decode(b64, validate=True)) == hashlib.sha512().digest_size
    assert len(bytes.fromhex(localnode.TARBALL_SHA512)) == hashlib.sha512().digest_size


def test_config_is_loopback_single_node_without_security(tmp_path: Path) -> None:
    config = yaml.safe_load(localnode.render_config(tmp_path, 9321))
    assert config == {
        "cluster.name": "seoji-local",
        "node.name": "seoji-local-9321",
        "network.host": "127.0.0.1",
        "http.port": 9321,
        "discovery.type": "single-node",
        "path.data": str(tmp_path / "data"),
        "path.logs": str(tmp_path / "logs"),
        "xpack.security.enabled": False,
        "xpack.security.enrollment.enabled": False,
        "xpack.ml.enabled": False,
        "ingest.geoip.downloader.enabled": False,
        "cluster.routing.allocation.disk.threshold_enabled": False,
    }


def test_heap_options_pin_min_and_max() -> None:
    assert localnode.render_heap("512m") == "-Xms512m\n-Xmx512m\n"


@pytest.mark.parametrize("heap", ["", "1", "1gb", "-1g", "0g", "1g -XX:+Foo"])
def test_heap_rejects_what_the_jvm_would_not_take(heap: str) -> None:
    with pytest.raises(localnode.NodeError, match="512m or 1g"):
        localnode.render_heap(heap)


def test_stop_without_a_node_says_so(tmp_path: Path) -> None:
    assert localnode.stop(tmp_path) is False


@pytest.fixture
def impostor() -> Iterator[int]:
    """Something on a port that answers like Elasticsearch, but another build."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps({"version": {"number": "7.17.0", "build_hash": "abc"}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_ensure_running_refuses_another_build_on_the_port(impostor: int, tmp_path: Path) -> None:
    with pytest.raises(localnode.NodeError, match="build_hash abc"):
        localnode.ensure_running(home=tmp_path, port=impostor)
    assert not (tmp_path / "dist").exists()  # it must not go on to provision or start


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read())


def _put(url: str, body: dict | None = None) -> None:
    data = json.dumps(body or {}).encode()
    req = urllib.request.Request(
        url, data=data, method="PUT", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=30):
        pass


@pytest.mark.integration
def test_node_is_the_pinned_release(es_url: str) -> None:
    info = _get(es_url + "/")
    assert info["version"]["number"] == localnode.VERSION
    assert info["version"]["build_hash"] == localnode.BUILD_HASH
    assert _get(es_url + "/_cluster/health")["status"] in ("yellow", "green")


@pytest.mark.integration
def test_delete_matching_removes_indices_and_aliases(es_url: str, es_index_prefix: str) -> None:
    _put(f"{es_url}/{es_index_prefix}-a")
    _put(f"{es_url}/{es_index_prefix}-b", {"aliases": {f"{es_index_prefix}-current": {}}})
    gone = localnode.delete_matching(es_url, f"{es_index_prefix}*")
    assert sorted(gone) == sorted(f"{es_index_prefix}-{s}" for s in ("a", "b", "current"))
    left = _get(f"{es_url}/_resolve/index/{es_index_prefix}*?expand_wildcards=all")
    assert left == {"indices": [], "aliases": [], "data_streams": []}
