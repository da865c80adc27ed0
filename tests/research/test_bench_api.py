"""The figures and the request plan of research.bench_api (no server)."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from research import bench_api as bench


def test_percentile_interpolates_like_numpy() -> None:
    values = [40.0, 10.0, 30.0, 20.0]  # unsorted on purpose
    assert bench.percentile(values, 0) == 10.0
    assert bench.percentile(values, 50) == 25.0
    assert bench.percentile(values, 95) == pytest.approx(38.5)
    assert bench.percentile(values, 100) == 40.0


def test_percentile_of_one_and_of_none() -> None:
    assert bench.percentile([7.0], 99) == 7.0
    assert math.isnan(bench.percentile([], 50))


def test_summarize_counts_errors_apart_from_latencies() -> None:
    latencies = [float(ms) for ms in range(1, 101)]  # 1 … 100 ms
    errors = Counter({"HTTP 503": 3, "ReadTimeout": 1})
    s = bench.summarize(latencies, errors, elapsed_s=2.0)
    assert (s["requests"], s["ok"], s["errors"]) == (104, 100, 4)
    assert s["requests_per_s"] == 52.0
    assert s["ok_per_s"] == 50.0
    assert s["latency_ms"]["p50"] == 50.5
    assert s["latency_ms"]["p99"] == 99.01
    assert s["latency_ms"]["max"] == 100.0
    assert s["errors_by_kind"] == {"HTTP 503": 3, "ReadTimeout": 1}


def test_summarize_without_successes() -> None:
    s = bench.summarize([], Counter({"ConnectError": 5}), elapsed_s=1.0)
    assert s["ok"] == 0
    assert s["latency_ms"] == {"p50": None, "p95": None, "p99": None, "max": None, "mean": None}


def test_plan_is_deterministic_and_mixes_languages() -> None:
    calls = bench.plan(("search", "cite"))
    assert calls == bench.plan(("search", "cite"))
    assert len(calls) == len(bench.QUERIES) + len(bench.CITE_TEXTS)
    queries = [c.text for c in calls if c.endpoint == "search"]
    assert len(queries) >= 20
    assert any(q.isascii() for q in queries)
    assert any(not q.isascii() for q in queries)
