"""PDF reading on the development documents: readers compared, and seoji's text measured.

    python -m research.bench_pdf [--data ../shared/realdocs] [--runs 3] [--readers ...]

For each text PDF of ``realdocs/pdf`` it prints:

- **speed** (pages/s on one core, median of ``--runs``) of seoji's reader (PDFium with glyph
  geometry, ``ingest.pdf``) and, in the same process, of the yardsticks: pypdf's
  ``extract_text`` (the reader seoji used before), pdfplumber/pdfminer.six characters, and
  poppler's ``pdftotext`` (a subprocess) where they are installed;
- **coverage**: per page, the share of pdftotext's non-space characters (a multiset, leader
  dots ignored) found in seoji's text of that page, body and furniture together; the lowest
  page is printed;
- against the document's **HWP/HWPX source** where ``truth.jsonl`` names one: the Hangul
  space error rate of the passages (aligned Hangul–Hangul neighbours whose spacing differs),
  the line-join error rate (the same, at the places where the PDF broke a line), and the share
  of the source's numbers found verbatim in the passages;
- on the passages: line breaks between two syllables (Hangul⏎Hangul; ``cut_words``: those
  where the source has no space, i.e. inside a word), passages holding a running header or
  footer of a page they cover, a browser's print header or URL footer, or control
  characters, the share of one-syllable Hangul words
  (seoji's passages against pdftotext's text), tables found, headings.

Nothing here is asserted: the figures are for reading, and for the docs with the command.
"""

from __future__ import annotations

import argparse
import difflib
import functools
import re
import shutil
import statistics
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from ingest.metadata import Metadata
from ingest.pdf import _WINGDINGS, read_pdf
from ingest.pipeline import Ingested, Tools, ingest_source
from ingest.readers import read_source
from research import realdocs
from research.bench_hwp import _median_s

DEFAULT_DATA = realdocs.DEFAULT_DATA
_LEADERS = re.compile(r"[·.…‥ㆍ]{3,}")
_HANGUL = re.compile("[가-힣]")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# What a browser prints around a page: "6/30/24, 9:51 PM <title>", "https://…/1146878.html 1/8".
_PRINT_LINE = re.compile(
    r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}\s*[AP]M\b|(?:https?|file)://\S+\s+\d{1,3}\s*/\s*\d{1,3}\s*$",
    re.MULTILINE,
)


def _nonspace(text: str) -> tuple[str, list[bool]]:
    """Non-space characters, and for each whether whitespace stood before it."""
    chars: list[str] = []
    spaced: list[bool] = []
    gap = False
    for ch in text:
        if ch.isspace():
            gap = True
            continue
        chars.append(ch)
        spaced.append(gap)
        gap = False
    return "".join(chars), spaced


def _pypdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(path).pages]


def _pdfplumber(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return ["".join(c["text"] for c in p.chars) for p in pdf.pages]


def _pdftotext(path: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")


def _seoji(path: Path) -> list[str]:
    """The text path only: pages without a text layer are left to research.bench_ocr."""
    return read_pdf(path.name, path.read_bytes(), use_ocr=False).text.split("\f")


READERS: dict[str, Callable[[Path], list[str]]] = {
    "seoji": _seoji,
    "pypdf": _pypdf,
    "pdfplumber": _pdfplumber,
    "pdftotext": _pdftotext,
}


def _available(name: str) -> bool:
    if name == "pdftotext":
        return shutil.which("pdftotext") is not None
    if name == "pdfplumber":
        try:
            import pdfplumber  # noqa: F401
        except ImportError:
            return False
    return True


def coverage(ours: list[str], reference: list[str]) -> tuple[float, int]:
    """Lowest per-page share of the reference's characters found in ours, and that page."""
    worst, where = 1.0, 0
    for number, ref in enumerate(reference, start=1):
        # pdftotext keeps a soft hyphen drawn as a bullet; seoji writes the dash it shows
        ref_chars = Counter(_nonspace(_LEADERS.sub("", ref).replace("\u00ad", "-"))[0])
        total = sum(ref_chars.values())
        if not total:
            continue
        mine = Counter(_nonspace(ours[number - 1] if number <= len(ours) else "")[0])
        # seoji writes a symbol font's bullets as what they show ("•"); pdftotext keeps the
        # code in the font ("Ÿ", "l"): a written bullet stands for a missing code
        for code, symbol in _WINGDINGS.items():
            moved = min(
                max(ref_chars[code] - mine[code], 0), max(mine[symbol] - ref_chars[symbol], 0)
            )
            mine[code] += moved
            mine[symbol] -= moved
        share = sum(min(mine[c], n) for c, n in ref_chars.items()) / total
        if share < worst:
            worst, where = share, number
    return worst, where


def join_points(result: Ingested) -> list[tuple[str, list[bool], set[int]]]:
    """Each passage's non-space text, its spacing, and where the PDF broke a line in it."""
    out = []
    for p in result.passages:
        text, spaced = _nonspace(p.text)
        raw = result.source_text[p.raw_start : p.raw_end]
        breaks: set[int] = set()
        raw_chars: list[str] = []
        pending = False
        for ch in raw:
            if ch in "\n\f":
                pending = True
            elif not ch.isspace():
                if pending and raw_chars:
                    breaks.add(len(raw_chars))
                raw_chars.append(ch)
                pending = False
        sm = difflib.SequenceMatcher(None, "".join(raw_chars), text, autojunk=False)
        mapped = set()
        for block in sm.get_matching_blocks():
            for k in range(block.size):
                if block.a + k in breaks:
                    mapped.add(block.b + k)
        out.append((text, spaced, mapped))
    return out


def against_source(result: Ingested, source_text: str) -> dict[str, float]:
    """Space and line-join error rates, and numbers found, against the HWP/HWPX text."""
    parts = join_points(result)
    ours, our_spaced, breaks, newline = "", [], set(), set()
    for (text, spaced, mapped), p in zip(parts, result.passages, strict=True):
        breaks |= {len(ours) + k for k in mapped}
        k = -1
        for i, ch in enumerate(p.text):
            if not ch.isspace():
                k += 1
                if i and p.text[i - 1] == "\n":
                    newline.add(len(ours) + k)
        ours += text
        our_spaced += [True, *spaced[1:]] if spaced else []
    ref, ref_spaced = _nonspace(source_text)
    sm = difflib.SequenceMatcher(None, ours, ref, autojunk=False)
    pairs = wrong = joins = joins_wrong = cut_words = 0
    for block in sm.get_matching_blocks():
        for k in range(1, block.size):
            i, j = block.a + k, block.b + k
            differs = our_spaced[i] != ref_spaced[j]
            hangul = bool(_HANGUL.match(ours[i]) and _HANGUL.match(ours[i - 1]))
            cut_words += hangul and i in newline and not ref_spaced[j]
            if i in breaks:
                joins += 1
                joins_wrong += differs
            elif hangul:
                pairs += 1
                wrong += differs
    numbers = [n for n in _NUMBER.findall(source_text) if len(n) >= 2]
    plain = " ".join(p.text for p in result.passages)
    found = sum(1 for n in numbers if n in plain)
    return {
        "space_err": wrong / pairs if pairs else 0.0,
        "join_err": joins_wrong / joins if joins else 0.0,
        "joins": joins,
        "cut_words": cut_words,
        "numbers": found / len(numbers) if numbers else 1.0,
        "matched": sum(b.size for b in sm.get_matching_blocks()) / max(len(ref), 1),
    }


def passage_checks(result: Ingested) -> dict[str, float]:
    """Counts on the passages. ``clutter``: passages holding control characters, a browser
    print header or URL footer line, or a running header/footer text found as furniture on
    a page the passage covers (the title on page 1 is not clutter; its repeat on page 2 is).
    ``broken``: Hangul⏎Hangul inside a passage (a line or paragraph break between two
    syllables; against the source, ``cut_words`` tells which of them cut a word)."""
    where: dict[str, set[int]] = {}
    for page in result.document.pages:
        for f in page.furniture:
            if f.kind in ("header", "footer", "running_title") and len(f.text.strip()) >= 8:
                where.setdefault(re.sub(r"\s+", "", f.text), set()).add(page.number)
    broken = clutter = 0
    words = [w for p in result.passages for w in p.text.split() if _HANGUL.search(w)]
    for p in result.passages:
        broken += len(re.findall("[가-힣]\n[가-힣]", p.text))
        flat = re.sub(r"\s+", "", p.text)
        pages = {page for page, _ in p.boxes} or {p.page}
        leaked = any(f in flat and pages & on for f, on in where.items())
        if leaked or _PRINT_LINE.search(p.text) or _CONTROL.search(p.text):
            clutter += 1
    one = sum(1 for w in words if len(re.sub("[^가-힣]", "", w)) == 1)
    return {
        "broken": broken,
        "clutter": clutter,
        "one_syllable": one / len(words) if words else 0.0,
        "tables": sum(1 for p in result.passages if p.kind == "table"),
        "headings": len(result.document.outline),
        "passages": len(result.passages),
    }


def one_syllable_share(text: str) -> float:
    words = [w for w in text.split() if _HANGUL.search(w)]
    if not words:
        return 0.0
    return sum(1 for w in words if len(re.sub("[^가-힣]", "", w)) == 1) / len(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--readers", default=",".join(READERS))
    parser.add_argument("--files", default="", help="comma-separated file names to keep")
    args = parser.parse_args()
    truth = realdocs.truth(args.data)
    readers = [r for r in args.readers.split(",") if r in READERS and _available(r)]
    tools = Tools()
    files = sorted((args.data / "pdf").glob("*.pdf"))
    if args.files:
        keep = set(args.files.split(","))
        files = [f for f in files if f.name in keep]
    speed: dict[str, list[float]] = {r: [] for r in readers}
    print(f"readers: {', '.join(readers)}; {args.runs} runs each, pages/s on one core")
    header = "file".ljust(30) + "".join(f"{r:>11}" for r in readers)
    print(header)
    quality = []
    for path in files:
        pages = len(_seoji(path))
        row = path.name[:29].ljust(30)
        for r in readers:
            read = READERS[r]
            rate = pages / _median_s(functools.partial(read, path), args.runs)
            speed[r].append(rate)
            row += f"{rate:11.1f}"
        print(row, flush=True)
        source = read_source(path)
        result = ingest_source(source, Metadata(), tools)
        cov, where = (
            coverage(source.text.split("\f"), _pdftotext(path))
            if _available("pdftotext")
            else (float("nan"), 0)
        )
        q: dict[str, object] = {"file": path.name, "coverage": cov, "worst_page": where}
        q |= passage_checks(result)
        if _available("pdftotext"):
            q["one_syllable_pdf"] = one_syllable_share("\n".join(_pdftotext(path)))
        record = truth.get(f"pdf/{path.name}")
        if record and record.get("source_file") and _hwp_reader_available():
            q |= against_source(result, _source_text(args.data / record["source_file"]))
        quality.append(q)
    print()
    for r in readers:
        print(f"{r:>11}: median {statistics.median(speed[r]):7.1f} pages/s over {len(files)} PDFs")
    print()
    cols = ["coverage", "space_err", "join_err", "numbers", "broken", "cut_words", "clutter"]
    cols += ["one_syllable", "one_syllable_pdf", "tables", "headings", "passages"]
    print("file".ljust(30) + "".join(f"{c:>17}" for c in cols))
    for q in quality:
        row = str(q["file"])[:29].ljust(30)
        for c in cols:
            v = q.get(c, "")
            row += f"{v:17.4f}" if isinstance(v, float) else f"{v!s:>17}"
        print(row)


def _hwp_reader_available() -> bool:
    try:
        import ingest.hwp  # noqa: F401
    except ImportError:
        return False
    return True


def _source_text(path: Path) -> str:
    from ingest.hwp import plain_text, read_hwp

    # The text layer of a Hancom PDF keeps an equation's letters and drops its digits
    # ("pH/pOH" is drawn, not written): compare with the source's text without equations.
    return plain_text(read_hwp(path, equations=False))


if __name__ == "__main__":
    main()
