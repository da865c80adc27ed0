"""Fixtures for the web page: the app served on a free port, driven by a real browser.

The server is uvicorn in a thread of the test process, over the seed documents in a backend
of the test's own (``tests.api.conftest``), so the models load once per session. The browser
is Debian's chromium through its chromedriver, headless; without them the tests fail, never
skip (``make test`` installs them). Each step's screenshot is written to build/screenshots/.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from api.app import create_app
from index.contract import Backend, IndexedDocument
from index.embed import Embedder
from index.embedded import EmbeddedBackend
from ingest.analysis import Analyzer
from tests.api.conftest import BACKENDS, corpus_docs, fill, settings_for  # noqa: F401
from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SHOTS = ROOT / "build" / "screenshots"
WAIT = 20  # seconds: the first search of a session also warms the backend


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Site:
    """The served app and the browser on it, with the steps every journey takes."""

    def __init__(self, url: str, driver: WebDriver, name: str) -> None:
        self.url = url
        self.driver = driver
        self.name = re.sub(r"[^\w.-]+", "_", name)
        self.step = 0

    def open(self, path: str = "/") -> None:
        self.driver.get(self.url + path)
        self.wait_css("body[data-ready]")

    def wait_css(self, css: str, timeout: float = WAIT) -> WebElement:
        element: WebElement = WebDriverWait(self.driver, timeout).until(
            ec.visibility_of_element_located((By.CSS_SELECTOR, css))
        )
        return element

    def wait_text(self, css: str, text: str, timeout: float = WAIT) -> None:
        WebDriverWait(self.driver, timeout).until(
            ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text)
        )

    def find(self, css: str) -> WebElement:
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def shot(self, label: str) -> Path:
        self.step += 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{self.name}-{self.step:02d}-{label}.png"
        self.driver.save_screenshot(str(path))
        return path


@pytest.fixture(scope="session")
def driver() -> Iterator[WebDriver]:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if missing:
        pytest.fail(
            f"the web tests need {' and '.join(missing)}: apt-get install chromium "
            "chromium-driver (make test does it as root)",
            pytrace=False,
        )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=ko-KR"):
        options.add_argument(arg)
    options.add_argument("--window-size=1280,900")
    options.add_experimental_option("prefs", {"intl.accept_languages": "ko-KR,ko"})
    d = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield d
    d.quit()


def serve(backend: Backend, data: Path, embedder: Embedder, analyzer: Analyzer) -> Iterator[str]:
    app = create_app(settings_for(data), backend, embedder, analyzer)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the web server did not start", pytrace=False)
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def _backend(request: pytest.FixtureRequest, tmp_path: Path, kind: str) -> Backend:
    if kind == "embedded":
        return EmbeddedBackend(tmp_path / "seoji.db")
    from index.elastic import ElasticBackend

    url = request.getfixturevalue("es_url")
    return ElasticBackend(url, index=request.getfixturevalue("es_index_prefix"))


@pytest.fixture(params=BACKENDS)
def site(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    corpus_docs: list[IndexedDocument],  # noqa: F811
    embedder: Embedder,
    analyzer: Analyzer,
    driver: WebDriver,
) -> Iterator[Site]:
    """The page over the seed documents, on each backend; a journey that runs on the
    embedded one alone says so with ``EMBEDDED_ONLY``."""
    backend = fill(_backend(request, tmp_path, request.param), corpus_docs, embedder)
    try:
        for url in serve(backend, tmp_path / "data", embedder, analyzer):
            driver.get(url + "/")
            driver.execute_script("sessionStorage.clear(); localStorage.clear();")
            yield Site(url, driver, request.node.name)
    finally:
        backend.close()


EMBEDDED_ONLY = pytest.mark.parametrize("site", ["embedded"], indirect=True)
