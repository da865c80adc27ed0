"""A researcher's journeys through the page, in a real browser: search, read, cite, find
support for a sentence, upload and delete. Each step's screenshot is in build/screenshots/."""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.alert import Alert
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.api.conftest import API_KEY, MAX_UPLOAD
from tests.web.conftest import EMBEDDED_ONLY, WAIT, Site

HANGUL = re.compile("[가-힣]")
# Read in one step: the reader replaces the element while it draws another passage.
CURRENT_TEXT = "const n = document.querySelector('#current .ptext'); return n ? n.textContent : '';"
PDF = Path(__file__).resolve().parents[1] / "fixtures" / "sample_ko_en.pdf"


def squeeze(text: str) -> str:
    """Text as the browser shows it, whatever its line breaks and spaces."""
    return re.sub(r"\s+", "", text)


def search(site: Site, query: str) -> None:
    box = site.find("#q")
    box.clear()
    box.send_keys(query, Keys.ENTER)
    site.wait_css("#hit-list li.hit")


def test_korean_search_read_and_cite(site: Site) -> None:
    """한국어 검색 → highlighted hits → the reader → a Korean citation of a selected quote."""
    site.open()
    # Typing alone never searches (an IME composes syllables as keys arrive): only Enter does.
    site.find("#q").send_keys("한미상호방위")
    time.sleep(0.5)
    assert site.find("#results").get_attribute("hidden") is not None
    search(site, "한미상호방위조약")
    site.shot("hits")
    assert parse_qs(urlparse(site.driver.current_url).query)["q"] == ["한미상호방위조약"]
    marks = [m.text for m in site.all("#hit-list li.hit .text mark")]
    assert any("조약" in m for m in marks), marks
    first = site.all("#hit-list li.hit")[0]
    hit_text = first.find_element(By.CSS_SELECTOR, ".text").text

    # The URL is the state: opened again, it shows the same hits.
    site.open(
        urlparse(site.driver.current_url).path + "?" + urlparse(site.driver.current_url).query
    )
    site.wait_css("#hit-list li.hit")
    assert site.all("#hit-list li.hit .text")[0].text == hit_text

    site.all("#hit-list li.hit a.open")[0].click()
    site.wait_css("#current .ptext")
    assert "passage=" in site.driver.current_url
    passage = site.find("#current .ptext").text
    assert squeeze(passage) == squeeze(hit_text)
    assert site.all("#reader-text .neighbour"), "no neighbouring passage"
    assert site.all("#outline-list a"), "no outline"
    site.find("#raw summary").click()
    assert site.find("#raw pre").text.strip()
    site.shot("reader")

    # The outline jumps to a passage of another section, and back again by history.
    here = site.driver.current_url
    entry = next(a for a in site.all("#outline-list a") if not a.get_attribute("aria-current"))
    heading = entry.text
    entry.click()
    WebDriverWait(site.driver, WAIT).until(lambda d: d.current_url != here)
    site.wait_text("#current .where", heading)
    site.driver.back()
    # The URL changes at once; the passage is drawn when its fetch returns.
    WebDriverWait(site.driver, WAIT).until(
        lambda d: squeeze(d.execute_script(CURRENT_TEXT)) == squeeze(passage)
    )
    assert site.driver.current_url == here

    # Select the first 12 characters of the passage and cite just them.
    site.driver.execute_script(
        """const node = document.querySelector('#current .ptext').firstChild;
        const r = document.createRange(); r.setStart(node, 0); r.setEnd(node, 12);
        const s = getSelection(); s.removeAllRanges(); s.addRange(r);"""
    )
    site.wait_text("#cite-selection", "고른 부분")
    site.find("#cite-selection").click()
    korean = site.wait_css("#cite-list li[data-style=korean] pre")
    quote = passage[:12]
    assert quote in korean.text, (quote, korean.text)
    assert HANGUL.search(korean.text)
    assert len(site.all("#cite-list li.citation")) == 7
    site.driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"], "origin": site.url},
    )
    site.find("#cite-list li[data-style=korean] button.copy").click()
    site.wait_text("#copied", "복사했습니다")
    copied = site.driver.execute_async_script(
        "const done = arguments[0];navigator.clipboard.readText().then(done, e => done(String(e)));"
    )
    assert copied == korean.text
    site.shot("citation")


@EMBEDDED_ONLY
def test_english_question_finds_korean_answer(site: Site) -> None:
    """An English question → a Korean passage with its answering sentence marked."""
    site.open()
    search(site, "When was the mutual defense treaty signed?")
    site.wait_css("#answer-list li.hit")
    site.shot("answers")
    first = site.all("#answer-list li.hit")[0]
    sentence = first.find_element(By.CSS_SELECTOR, ".sentence").text
    assert HANGUL.search(sentence), sentence
    assert "1953년 10월 1일" in sentence, sentence
    assert squeeze(first.find_element(By.CSS_SELECTOR, "mark.answer").text) in squeeze(
        first.find_element(By.CSS_SELECTOR, ".text").text
    )
    assert "한국어 번역" in site.find("#query-info").text


@EMBEDDED_ONLY
def test_support_my_sentence(site: Site) -> None:
    """A pasted sentence → passages that support it, each quoted and cited."""
    site.open("/?view=support")
    site.find("#support-text").send_keys("북한은 체제안전의 보장을 요구했다.")
    site.find("#support-form button[type=submit]").click()
    site.wait_css("#support-list li.hit")
    site.shot("supports")
    items = site.all("#support-list li.hit")
    assert any("체제안전" in i.find_element(By.CSS_SELECTOR, ".text").text for i in items)
    for item in items:
        cited = item.find_element(By.CSS_SELECTOR, ".citation pre").text
        quote = item.find_element(By.CSS_SELECTOR, ".text").text
        assert squeeze(quote)[:20] in squeeze(cited)


def upload(site: Site, path: Path, key: str) -> None:
    site.open("/?view=library")
    site.find("#upload-box summary").click()
    site.find("#api-key").clear()
    site.find("#api-key").send_keys(key)
    site.find("#file").send_keys(str(path))
    site.find("#upload-form button[type=submit]").click()


def test_upload_search_read_delete(site: Site, tmp_path: Path) -> None:
    """Upload a PDF with the key → listed, searchable, read on its page image → deleted."""
    assert PDF.stat().st_size < MAX_UPLOAD
    upload(site, PDF, API_KEY)
    site.wait_text("#upload-result", "색인했습니다")
    site.wait_text("#doc-rows", "sample_ko_en.pdf")
    site.shot("uploaded")
    originals = list((tmp_path / "data" / "originals").glob("*.pdf"))
    assert len(originals) == 1
    assert originals[0].read_bytes() == PDF.read_bytes()

    # Searched within the upload alone: a deep link with its id.
    doc_id = originals[0].stem
    site.open(f"/?q=security+assurances&doc={doc_id}")
    site.wait_css("#hit-list li.hit")
    assert site.find("#doc").get_attribute("value") == doc_id
    hits = site.all("#hit-list li.hit")
    assert any("mark" in h.get_attribute("innerHTML") for h in hits)
    hits[0].find_element(By.CSS_SELECTOR, "a.open").click()
    site.wait_css("#page-figure #page-img")
    WebDriverWait(site.driver, WAIT).until(
        lambda d: d.execute_script("return document.getElementById('page-img').naturalWidth") > 0
    )
    assert site.all("#page-wrap .box"), "the passage's region is not marked on the page"
    assert list((tmp_path / "data" / "pages").rglob("*.png")), "the page was not cached"
    site.shot("page-image")

    site.open("/?view=library")
    row = next(r for r in site.all("#doc-rows tr") if "sample_ko_en.pdf" in r.text)
    rows = len(site.all("#doc-rows tr"))
    row.find_element(By.CSS_SELECTOR, "button.delete").click()
    Alert(site.driver).accept()
    WebDriverWait(site.driver, WAIT).until(lambda d: len(site.all("#doc-rows tr")) == rows - 1)
    assert "sample_ko_en.pdf" not in site.find("#doc-rows").text
    assert not list((tmp_path / "data" / "originals").glob("*"))
    site.shot("deleted")


@EMBEDDED_ONLY
def test_bad_key_and_large_file_are_explained(site: Site, tmp_path: Path) -> None:
    """A wrong key, a file over the limit and an unknown passage each show the API's
    message in the page."""
    upload(site, PDF, "not-the-key")
    site.wait_text("#status", "403")
    assert "API key" in site.find("#status").text
    site.shot("bad-key")

    big = tmp_path / "big.txt"
    big.write_text("가나다라마바사 " * (MAX_UPLOAD // 10), encoding="utf-8")
    upload(site, big, API_KEY)
    site.wait_text("#status", "413")
    assert "SEOJI_MAX_UPLOAD_BYTES" in site.find("#status").text
    site.shot("too-large")

    site.open("/?passage=no-such-passage")
    site.wait_text("#status", "404")
    site.shot("not-found")


@EMBEDDED_ONLY
@pytest.mark.parametrize("width", [390])
def test_phone_width(site: Site, width: int) -> None:
    """At a phone's width the search box and hits fit without sideways scrolling."""
    site.driver.set_window_size(width, 800)
    try:
        site.open("/?q=%ED%9C%B4%EC%A0%84%ED%9A%8C%EB%8B%B4")
        site.wait_css("#hit-list li.hit")
        site.shot("phone")
        scroll = site.driver.execute_script("return document.documentElement.scrollWidth")
        inner = site.driver.execute_script("return window.innerWidth")
        assert scroll <= inner
    finally:
        site.driver.set_window_size(1280, 900)


@EMBEDDED_ONLY
def test_language_switch_is_remembered_and_keyboard_reaches_the_page(site: Site) -> None:
    """The interface follows the browser (Korean here), switches to English and stays so
    after a reload; the first Tab reaches the skip link, which moves focus to the content."""
    site.open()
    assert site.find("#search-form button[type=submit]").text == "검색"
    assert site.driver.execute_script("return document.documentElement.lang") == "ko"
    site.find("#lang-switch").click()
    assert site.find("#search-form button[type=submit]").text == "Search"
    site.open()
    assert site.find("#search-form button[type=submit]").text == "Search"
    assert site.driver.execute_script("return document.documentElement.lang") == "en"
    site.shot("english")
    site.find("body").send_keys(Keys.TAB)
    skip = site.driver.switch_to.active_element
    assert skip.get_attribute("class") == "skip"
    skip.send_keys(Keys.ENTER)
    assert site.driver.switch_to.active_element.get_attribute("id") == "main"


@EMBEDDED_ONLY
def test_marked_passages_export_as_one_bibtex_file(site: Site) -> None:
    """Two marked passages of this tab → one BibTeX file with an entry for each."""
    site.open()
    search(site, "휴전회담")
    for button in site.all("#hit-list li.hit button.mark")[:2]:
        button.click()
    assert site.find("#marked-count").text == "2"
    site.find("nav a[data-view=marked]").click()
    site.wait_css("#marked-list li.hit")
    assert len(site.all("#marked-list li.hit")) == 2
    # The file is handed to the browser as a Blob: keep it to read it back, download nothing.
    site.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "deny"})
    site.driver.execute_script(
        "const made = URL.createObjectURL;"
        "URL.createObjectURL = (blob) => { window.exported = blob; return made(blob); };"
    )
    site.find("#export-bibtex").click()
    WebDriverWait(site.driver, WAIT).until(lambda d: d.execute_script("return !!window.exported"))
    text = site.driver.execute_async_script(
        "const done = arguments[0]; window.exported.text().then(done);"
    )
    assert len(re.findall(r"^@\w+\{", text, re.M)) == 2, text
    site.shot("marked")


@EMBEDDED_ONLY
def test_library_edits_metadata_and_forgets_the_edit(site: Site) -> None:
    """A document's year set in the library is listed and in its form; forgetting it gives
    back what ingest found (no year)."""

    def shown() -> tuple[str, str]:
        # Read in one step: saving draws the list and then the form again.
        year, listed = site.driver.execute_script(
            "const f = document.querySelector('#edit-form input[name=year]');"
            "const c = document.querySelector('#doc-rows tr td');"
            "return [f ? f.value : null, c ? c.textContent : null];"
        )
        return year, listed

    site.open("/?view=library")
    site.driver.execute_script(f"sessionStorage.setItem('seoji.key', '{API_KEY}')")
    site.all("#doc-rows tr th a")[0].click()
    site.wait_css("#edit-form")
    assert shown() == ("", "")
    site.find("#edit-form input[name=year]").send_keys("1953")
    site.find("#edit-form button[type=submit]").click()
    site.wait_text("#notice", "저장했습니다")
    WebDriverWait(site.driver, WAIT).until(lambda d: shown() == ("1953", "1953"))
    site.shot("edited")
    site.find("#edit-form input[name=forget_year]").click()
    site.find("#edit-form button[type=submit]").click()
    WebDriverWait(site.driver, WAIT).until(lambda d: shown() == ("", ""))
