"""The web page in a real browser: first render, a search round trip, and its weight.

Not a test: prints figures. It indexes the seed corpus (``corpus/``) into an embedded index
in a temp folder, serves the app on a free port in this process (uvicorn in a thread) and
drives Debian's headless chromium through chromedriver:

- first render: a fresh load of ``/`` with the browser cache off, from navigation start to
  the page's ``seoji-ready`` mark (its script has run and the first view is drawn);
- search round trip: from submitting the search form to the next frame after the hits are
  in the page (fetch of /api/search, JSON, DOM), for a fixed mix of Korean and English
  queries, hybrid mode;
- page bytes: the HTML, CSS and JavaScript the page loads, uncompressed (it loads no font).

Each figure is the median of ``--runs``. Goals: round trip ≤ 100 ms, page < 200 KB.

    python -m research.bench_web --runs 20
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from api.app import create_app
from api.services import make_library
from api.settings import Settings
from ingest.pipeline import Failure
from research import ROOT

CORPUS = ROOT / "corpus"
QUERIES = (
    "한미상호방위조약",
    "security guarantee",
    "휴전회담에서 무엇을 얻었나",
    "non-aggression agreement",
    "체제안전의 보장",
    "북미 관계 정상화",
)
ROUND_TRIP = """
const [query, done] = arguments;
const list = document.getElementById('hit-list');
const box = document.getElementById('q');
box.value = query;
const t0 = performance.now();
const seen = new MutationObserver(() => {
  seen.disconnect();
  requestAnimationFrame(() => done(performance.now() - t0));
});
seen.observe(list, {childList: true});
document.getElementById('search-form').requestSubmit();
"""


def index_corpus(settings: Settings) -> None:
    library = make_library(settings)
    try:
        indexer = library.indexer(rebuild=True)
        for result in library.ingest_files(sorted(CORPUS.glob("*.txt"))):
            if isinstance(result, Failure):
                raise SystemExit(f"cannot index the seed corpus: {result}")
            indexer.add(result)
        indexer.flush()
        indexer.finish()
    finally:
        library.backend.close()


def serve(settings: Settings) -> tuple[str, uvicorn.Server, threading.Thread]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


def page_bytes(url: str) -> dict[str, int]:
    with httpx.Client(base_url=url) as c:
        html = c.get("/").text
        sizes = {"html": len(html.encode())}
        for name in ("app.js", "i18n.js", "style.css"):
            sizes[name] = len(c.get(f"/static/{name}").content)
    return sizes


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.add_argument("--window-size=1280,900")
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="seoji-bench-web-") as tmp:
        settings = Settings(data_dir=Path(tmp), corpus_dir=CORPUS)
        index_corpus(settings)
        url, server, thread = serve(settings)
        driver = browser()
        try:
            driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
            renders = []
            for _ in range(args.runs):
                driver.get(url + "/")
                WebDriverWait(driver, 30).until(
                    ec.presence_of_element_located((By.CSS_SELECTOR, "body[data-ready]"))
                )
                renders.append(
                    driver.execute_script(
                        "return performance.getEntriesByName('seoji-ready')[0].startTime"
                    )
                )
            driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})
            for query in QUERIES:  # warm-up: models and index pages, not counted
                driver.execute_async_script(ROUND_TRIP, query)
            trips = [
                driver.execute_async_script(ROUND_TRIP, QUERIES[i % len(QUERIES)])
                for i in range(args.runs * 2)
            ]
            sizes = page_bytes(url)
        finally:
            driver.quit()
            server.should_exit = True
            thread.join(10)
    total = sum(sizes.values())
    print(f"bench_web {dt.date.today().isoformat()}  seed corpus (corpus/), embedded backend")
    print(f"first render      median {statistics.median(renders):6.1f} ms  ({args.runs} loads)")
    print(
        f"search round trip median {statistics.median(trips):6.1f} ms  "
        f"p90 {statistics.quantiles(trips, n=10)[-1]:.1f} ms  ({len(trips)} searches, hybrid)"
    )
    parts = ", ".join(f"{k} {v:,}" for k, v in sizes.items())
    print(f"page bytes        {total:,} B = {total / 1024:.1f} KB ({parts}; no fonts)")


if __name__ == "__main__":
    main()
