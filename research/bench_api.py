"""Throughput and latency of the HTTP API under a bounded load, over loopback.

Not a test: prints figures. It builds everything it measures from scratch and tears it down:

1. a fresh data folder in a temp directory, filled by ``seoji ingest corpus/`` (a subprocess,
   ``SEOJI_DATA_DIR`` set; for ``--backend elasticsearch`` also ``SEOJI_BACKEND``,
   ``SEOJI_ES_URL`` from ``--es-url`` or a local node, and an index name of its own, deleted
   at the end);
2. ``seoji serve`` on a free port with the same environment (one uvicorn worker, its log in
   the temp folder), ready once ``/api/health`` answers 200;
3. 20 warm-up requests, not counted; then ``--clients`` concurrent clients, for ``--duration``
   seconds, each sending its next request as soon as the previous one is answered (a closed
   loop: the figures are what that many users at once get, not an offered rate);
4. the server is stopped and the index deleted, also after an error or Ctrl-C.

The requests walk a fixed, seeded plan of Korean and English queries (spaced, unspaced and
questions) about the two seed documents, so two runs send the same mix. The clients share
one ``httpx.AsyncClient`` (one keep-alive connection per client) in one asyncio loop, in this
process: client and server share the machine's cores, so the client's and the server's CPU
time are reported with the figures, to show whether the client could have been the limit.

Latency percentiles are over the 2xx answers; everything else is counted by status code or by
exception name. A request started before the deadline is waited for and counted.

    python -m research.bench_api --duration 30 --clients 8
    python -m research.bench_api --backend elasticsearch --json bench-api-es.json
    python -m research.bench_api --endpoints search,ask,cite --mode keyword
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import math
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from research import ROOT

ENDPOINTS = ("search", "ask", "cite")
MODES = ("hybrid", "keyword", "semantic")
WARMUP_REQUESTS = 20
SEARCH_SIZE = 10
CITE_SIZE = 5
SEED = 20240601
START_TIMEOUT_S = 180.0
REQUEST_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0

# What a researcher reading the 1953 ROK–US Mutual Defense Treaty booklet (000) and the report
# on US security guarantees for North Korea (002) would type: keywords, questions, unspaced
# Korean (as copied from a scan), and English, the language of 002's abstract.
QUERIES: tuple[str, ...] = (
    "한미상호방위조약 발효",
    "한미상호방위조약은 언제 서명되었나",
    "휴전회담에서 무엇을 얻었나",
    "휴전회담에서무엇을얻었나",
    "반공포로석방",
    "이승만 대통령 휴전 반대",
    "정전협정의 대가",
    "한미주둔군지위협정",
    "북진통일",
    "북미 수교",
    "북한 체제 안전보장",
    "한반도 비핵화",
    "불가침 조약",
    "평화협정 체결 조건",
    "미국 의회의 조약 비준 동의",
    "싱가포르 북미정상회담 공동성명",
    "security guarantee for North Korea",
    "non-aggression pact",
    "Congress approval of a treaty",
    "US-DPRK diplomatic normalization",
    "peace treaty replacing the armistice",
    "denuclearization of the Korean Peninsula",
    "What did President Trump promise North Korea?",
    "When did the Mutual Defense Treaty enter into force?",
)

# Sentences a researcher might be writing, for POST /api/cite.
CITE_TEXTS: tuple[str, ...] = (
    "한미상호방위조약은 정전협정의 대가로 얻은 최대의 성과였다.",
    "이승만 대통령은 반공포로를 석방하여 미국으로부터 방위조약을 얻어냈다.",
    "북한은 체제 안전보장을 비핵화의 조건으로 요구해 왔다.",
    "미국이 조약으로 안전을 보장하려면 상원의 동의가 필요하다.",
    "The United States promised security guarantees to North Korea.",
    "A non-aggression pact would need the approval of the US Senate.",
)


# --- figures ---------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100) with linear interpolation between closest ranks.

    Same as ``numpy.percentile``'s default; NaN for no values.
    """
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(
    latencies_ms: Sequence[float], errors: Counter[str], elapsed_s: float
) -> dict[str, Any]:
    """Requests, rate, latency percentiles (of the successes) and errors of one run."""
    ok = len(latencies_ms)
    failed = sum(errors.values())
    total = ok + failed

    def ms(p: float) -> float | None:
        value = percentile(latencies_ms, p)
        return None if math.isnan(value) else round(value, 2)

    return {
        "requests": total,
        "ok": ok,
        "errors": failed,
        "elapsed_s": round(elapsed_s, 3),
        "requests_per_s": round(total / elapsed_s, 2) if elapsed_s > 0 else None,
        "ok_per_s": round(ok / elapsed_s, 2) if elapsed_s > 0 else None,
        "latency_ms": {
            "p50": ms(50),
            "p95": ms(95),
            "p99": ms(99),
            "max": round(max(latencies_ms), 2) if latencies_ms else None,
            "mean": round(sum(latencies_ms) / ok, 2) if ok else None,
        },
        "errors_by_kind": dict(sorted(errors.items())),
    }


# --- requests --------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    endpoint: str
    text: str


def plan(endpoints: Sequence[str], seed: int = SEED) -> list[Call]:
    """Every query (or cite sentence) once per endpoint, in a seeded order."""
    calls = [Call(e, t) for e in endpoints for t in (CITE_TEXTS if e == "cite" else QUERIES)]
    random.Random(seed).shuffle(calls)
    return calls


def send(client: httpx.AsyncClient, call: Call, mode: str) -> Any:
    """The request for a call (a coroutine)."""
    if call.endpoint == "search":
        params: dict[str, str | int] = {"q": call.text, "mode": mode, "size": SEARCH_SIZE}
        return client.get("/api/search", params=params)
    if call.endpoint == "ask":
        return client.get("/api/ask", params={"q": call.text})
    return client.post("/api/cite", json={"text": call.text, "size": CITE_SIZE})


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    by_endpoint: dict[str, list[float]] = field(default_factory=dict)


async def _client(
    client: httpx.AsyncClient,
    calls: Iterator[Call],
    mode: str,
    deadline: float,
    tally: Tally,
) -> None:
    while time.perf_counter() < deadline:
        call = next(calls)
        began = time.perf_counter()
        try:
            response = await send(client, call, mode)
        except httpx.HTTPError as e:
            tally.errors[type(e).__name__] += 1
            continue
        took = (time.perf_counter() - began) * 1000
        if 200 <= response.status_code < 300:
            tally.latencies_ms.append(took)
            tally.by_endpoint.setdefault(call.endpoint, []).append(took)
        else:
            tally.errors[f"HTTP {response.status_code}"] += 1


async def load(
    base_url: str, calls: list[Call], mode: str, clients: int, duration: float
) -> tuple[Tally, float, int]:
    """Warm up, then run the clients; (tally, elapsed seconds, warm-up failures)."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timeout = httpx.Timeout(REQUEST_TIMEOUT_S)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout) as client:
        warm_failures = 0
        for call in itertools.islice(itertools.cycle(calls), WARMUP_REQUESTS):
            try:
                response = await send(client, call, mode)
                warm_failures += not response.is_success
            except httpx.HTTPError:
                warm_failures += 1
        tally = Tally()
        began = time.perf_counter()
        deadline = began + duration
        # Each client starts at its own place in the plan, so they do not ask in lockstep.
        step = max(1, len(calls) // clients)
        walks = [itertools.islice(itertools.cycle(calls), i * step, None) for i in range(clients)]
        await asyncio.gather(*(_client(client, w, mode, deadline, tally) for w in walks))
        return tally, time.perf_counter() - began, warm_failures


# --- the server and its index ----------------------------------------------------------


class BenchError(Exception):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seoji_command() -> list[str]:
    """The venv's ``seoji`` console script, else the same CLI through ``python -m``."""
    script = Path(sys.executable).parent / "seoji"
    if script.exists():
        return [str(script)]
    found = shutil.which("seoji")
    return [found] if found else [sys.executable, "-m", "api.cli"]


def _tail(path: Path, lines: int = 25) -> str:
    with contextlib.suppress(OSError):
        text = path.read_text(errors="replace").splitlines()[-lines:]
        return f"\n--- last {len(text)} lines of {path} ---\n" + "\n".join(text)
    return ""


def ingest(env: dict[str, str], log: Path) -> float:
    """``seoji ingest corpus/`` into the environment's index; seconds taken."""
    began = time.perf_counter()
    with log.open("w") as out:
        done = subprocess.run(
            [*seoji_command(), "ingest", "corpus/"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode != 0:
        msg = f"seoji ingest corpus/ exited with {done.returncode}{_tail(log)}"
        raise BenchError(msg)
    return time.perf_counter() - began


@contextlib.contextmanager
def serving(env: dict[str, str], log: Path, timeout: float) -> Iterator[tuple[str, int]]:
    """``seoji serve`` on a free port until /api/health is 200; (base URL, pid). Always stopped."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        # Its own session: a Ctrl-C in the terminal reaches only us, and we stop it in order.
        server = subprocess.Popen(
            [*seoji_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_healthy(server, url, log, timeout)
        yield url, server.pid
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown runs the lifespan
            try:
                server.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_healthy(server: subprocess.Popen[bytes], url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            msg = f"seoji serve exited with {server.returncode} before it was healthy{_tail(log)}"
            raise BenchError(msg)
        try:
            response = httpx.get(f"{url}/api/health", timeout=5.0)
            if response.status_code == 200:
                return
            last = f"HTTP {response.status_code}: {response.text[:300]}"
        except httpx.HTTPError as e:
            last = f"{type(e).__name__}: {e}"
        time.sleep(0.25)
    msg = f"{url}/api/health was not 200 after {timeout:.0f} s (last: {last}){_tail(log)}"
    raise BenchError(msg)


@contextlib.contextmanager
def elasticsearch(es_url: str | None) -> Iterator[tuple[str, str, int | None]]:
    """(URL, index name of our own, the pid of the node when it is the local one).

    The index is deleted after; a node started here is stopped, one found running is not.
    """
    from tools import localnode

    started = False
    if es_url is None:
        try:
            es_url, started = localnode.ensure_running()
        except localnode.NodeError as e:
            msg = f"no Elasticsearch: {e}"
            raise BenchError(msg) from e
    index = f"seoji-bench-api-{uuid.uuid4().hex[:8]}"
    local = localnode.status()
    pid = local["pid"] if local["url"] == es_url.rstrip("/") else None
    try:
        yield es_url, index, pid
    finally:
        try:
            localnode.delete_matching(es_url, f"{index}-*")
        except localnode.NodeError as e:
            print(f"warning: could not delete the index {index}: {e}", file=sys.stderr)
        if started:
            localnode.stop()


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process, from /proc (Linux); None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the ")" closing comm, utime and stime are the 12th and 13th fields.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _self_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- main ------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    endpoints = tuple(e.strip() for e in args.endpoints.split(",") if e.strip())
    calls = plan(endpoints)
    config: dict[str, Any] = {
        "backend": args.backend,
        "clients": args.clients,
        "duration_s": args.duration,
        "mode": args.mode,
        "endpoints": list(endpoints),
        "server_workers": 1,
        "warmup_requests": WARMUP_REQUESTS,
        "search_size": SEARCH_SIZE,
        "distinct_requests": len(calls),
        "cpu_cores": os.cpu_count(),
        "client": "httpx.AsyncClient, one asyncio loop, same machine as the server",
    }
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="seoji-bench-api-")))
        # Other SEOJI_ settings (the embedding model, say) pass through to ingest and serve.
        env = dict(os.environ)
        env["SEOJI_DATA_DIR"] = str(tmp / "data")
        env["SEOJI_BACKEND"] = args.backend
        pids: dict[str, int] = {}
        if args.backend == "elasticsearch":
            es_url, index, es_pid = stack.enter_context(elasticsearch(args.es_url))
            if es_pid is not None:
                pids["elasticsearch"] = es_pid
            env["SEOJI_ES_URL"] = es_url
            env["SEOJI_ES_INDEX"] = index
            config["es_url"] = es_url
        print(f"ingesting corpus/ into a fresh {args.backend} index …", file=sys.stderr)
        config["ingest_s"] = round(ingest(env, tmp / "ingest.log"), 1)
        print("starting seoji serve …", file=sys.stderr)
        began = time.perf_counter()
        url, pids["server"] = stack.enter_context(
            serving(env, tmp / "server.log", args.start_timeout)
        )
        config["server_start_s"] = round(time.perf_counter() - began, 1)
        print(
            f"{url}: {WARMUP_REQUESTS} warm-up requests, then {args.clients} clients "
            f"for {args.duration:g} s …",
            file=sys.stderr,
        )
        # Others' work on the machine shows here; the figures are only as quiet as it was.
        config["load_avg_1m_before"] = round(os.getloadavg()[0], 2)
        client_cpu, before = _self_cpu_seconds(), {k: _cpu_seconds(p) for k, p in pids.items()}
        tally, elapsed, warm_failures = asyncio.run(
            load(url, calls, args.mode, args.clients, args.duration)
        )
        client_cpu = _self_cpu_seconds() - client_cpu
        after = {k: _cpu_seconds(p) for k, p in pids.items()}
    figures = summarize(tally.latencies_ms, tally.errors, elapsed)
    figures["warmup_failures"] = warm_failures
    figures["latency_ms_by_endpoint"] = {
        e: {"ok": len(v), "p50": round(percentile(v, 50), 2), "p95": round(percentile(v, 95), 2)}
        for e, v in sorted(tally.by_endpoint.items())
    }
    # Includes the warm-up: a few percent of a 30 s run, and on the safe (higher) side.
    cpu = {"client_s": round(client_cpu, 2)}
    for name, start in before.items():
        end = after[name]
        if start is not None and end is not None:
            cpu[f"{name}_s"] = round(end - start, 2)
    figures["cpu"] = cpu
    return {"config": config, "figures": figures}


def report(result: dict[str, Any]) -> str:
    c, f = result["config"], result["figures"]
    lat, cpu = f["latency_ms"], f["cpu"]

    def pct(seconds: float) -> str:
        return f"{100 * seconds / f['elapsed_s']:.0f}% of one core" if f["elapsed_s"] else "?"

    lines = [
        f"backend {c['backend']} · endpoints {','.join(c['endpoints'])} · mode {c['mode']} · "
        f"clients {c['clients']} · duration {c['duration_s']:g} s · server workers "
        f"{c['server_workers']} · {c['cpu_cores']} CPU cores shared by client and server",
        f"requests      {f['requests']} ({f['ok']} ok) in {f['elapsed_s']:.1f} s",
        f"requests/s    {f['requests_per_s']} ({f['ok_per_s']} ok/s)",
        f"latency ms    p50 {lat['p50']}  p95 {lat['p95']}  p99 {lat['p99']}  max {lat['max']}",
    ]
    for endpoint, e in f["latency_ms_by_endpoint"].items():
        lines.append(f"  {endpoint:<11} {e['ok']} ok, p50 {e['p50']}  p95 {e['p95']}")
    errors = ", ".join(f"{k}: {v}" for k, v in f["errors_by_kind"].items()) or "none"
    lines.append(f"errors        {errors} (warm-up failures: {f['warmup_failures']})")
    used = [f"{k.removesuffix('_s')} {v} s ({pct(v)})" for k, v in cpu.items()]
    lines.append(f"CPU           {', '.join(used)}")
    lines.append(
        f"(ingest {c['ingest_s']} s, server ready in {c['server_start_s']} s, "
        f"1-minute load average before the run {c['load_avg_1m_before']})"
    )
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds (default 30)")
    parser.add_argument("--mode", choices=MODES, default="hybrid", help="search mode")
    parser.add_argument("--backend", choices=("embedded", "elasticsearch"), default="embedded")
    parser.add_argument(
        "--es-url", default=None, help="Elasticsearch URL (default: find or start a local node)"
    )
    parser.add_argument(
        "--endpoints",
        default="search",
        help="comma-separated mix of search, ask, cite (default search)",
    )
    parser.add_argument("--start-timeout", type=float, default=START_TIMEOUT_S)
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args(argv)
    unknown = {e.strip() for e in args.endpoints.split(",")} - set(ENDPOINTS)
    if unknown or not args.endpoints.strip():
        parser.error(f"--endpoints takes a comma-separated mix of {', '.join(ENDPOINTS)}")
    if args.clients < 1 or args.duration <= 0:
        parser.error("--clients must be at least 1 and --duration positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the server is stopped and the index deleted.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        result = run(args)
    except BenchError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the server is stopped", file=sys.stderr)
        return 130
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
