"""Headings of the PDF reader on the development documents: how many are content in disguise.

    python -m research.bench_headings [--data ../shared/realdocs] [--files a.pdf,b.pdf]
        [--save before.json] [--baseline before.json] [--all]

For each text PDF of ``realdocs/pdf`` it ingests the document and judges every heading of its
outline (``Ingested.document.outline``) as a real heading or as content mistaken for one. The
rules, in the order they are tried:

1. **recurring**: the same text heads three or more sections of the document ("<보 기>" above
   every exam question's statements): a label of a recurring box, not a section.
2. **caption**: a figure's or table's label ("<그림 3> 노면요철 포장 절삭형의 제원",
   "Table 2: …"): it describes a figure, it does not open a section.
3. **list**: the heading is one of a numbered list, read on the PDF's own lines: the line
   after it is its next sibling ("나." right after "가.", "2)" after "1)"), so it heads
   nothing, or its previous sibling stands a few lines before it as a list item, not a heading
   ("3. The inequality constraints …" after the item "2. The attacker crafts …").
4. Where ``truth.jsonl`` names the document's HWP/HWPX source, the source. Headings and
   source paragraphs are compared space-insensitively, without a leading number or marker
   (Hangul's outline numbering is not in the source's text):
   - the heading is a whole source paragraph, a line of a text box or of a one-cell table
     (a frame around a page of text), or the bracketed first line of a table cell that goes
     on below it (a box's title, "<사업계획(신청)서 전산접수 시 유의사항>") → **heading**;
   - it is a whole cell or a line of a cell of a real table (two or more filled cells) →
     **cell**; a footnote → **note**;
   - it is a part of a longer source paragraph → **part** (a line of a paragraph or an item),
     unless that paragraph is itself heading-shaped and starts with it: a heading broken over
     two lines → **split**, counted as a heading.
5. The shape of the text, with or without a source:
   - a sentence: it ends in "다." "함." "음." (any "." "?" "!" after a Hangul syllable or a
     lower-case word) → **sentence**;
   - a label and its value ("섹션: 사업의 개요 섹션", "출처: FnGuide …"), or a lead-in that ends
     in a colon ("TNIC 방법론:") → **label**; "부록: …", "Appendix: …" are headings;
   - a clause cut by the end of a line: its last word is a particle that needs what follows
     (Kiwi tags it J*: "…원자 W∼Y의", "…등장과") or, in English, an article or preposition,
     or it has a finite verb ("… constraints in (6c) are of the form") → **clause**.

A heading found nowhere in the source and of no such shape stays a heading (unverified, or
"shape" where there is no source).

It prints, per document, the headings and the share that is content, the offenders with the
rule that flags them and their page; then the share over all documents. ``--save`` writes the
real headings found, per document, to a JSON file; ``--baseline`` reads such a file and prints
the real headings of the baseline no longer in the outline (real headings lost). ``--all``
prints every heading with its verdict. Nothing is asserted: the figures are for reading.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kiwipiepy import Kiwi

from ingest import blocks
from ingest.blocks import norm
from ingest.metadata import Metadata
from ingest.pages import split_pages
from ingest.pipeline import Ingested, Tools, ingest_source
from ingest.readers import read_source
from ingest.records import Line, LineBox
from research import realdocs

DEFAULT_DATA = realdocs.DEFAULT_DATA

_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
# A leading number or marker: "Ⅱ.", "(1)", "1)", "3.", "2.1", "가.", "①", "■", "제12편".
_MARKER = re.compile(
    rf"^(?:[{_ROMAN}]\.?|[IVX]+(?:\.|(?=\s|$))|\(\d{{1,2}}\)|\d{{1,2}}\)|\d{{1,2}}(?:\.\d{{1,2}})*(?:\.+|(?=\s))"
    r"|[가-하]\.|[①-⑳]|[■□○●◦▪◆◇▶►•※△ㅇ◎❏❍\-–]|제\d+[편장절])\s*"
)
_CIRCLED = re.compile(r"^([①-⑳])")
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"(?:[가-힣][.?!]|[a-z][.?!])[\"'”’」』)]*$")
_LABEL_VALUE = re.compile(r"^[^:：]{1,24}[:：]\s*\S")
_LEAD_IN = re.compile(r"[:：]$")
_HEADING_LABEL = re.compile(r"^(?:부록|별첨|첨부|Appendix|Chapter|Part)\b", re.IGNORECASE)
_CAPTION = re.compile(r"^<?\s*(?:그림|표|Figure|Fig\.|Table)\s*\d+", re.IGNORECASE)
_OPEN_EN = re.compile(r"\b(?:the|a|an|of|in|on|to|for|and|or|with|by|from|that)$", re.IGNORECASE)
_VERB_EN = re.compile(r"\s(?:is|are|was|were|has|have|had|can|will|would|should)\s", re.IGNORECASE)
RECURRING = 3  # a heading text this many times in one document is a recurring label
LIST_REACH = 6  # lines back to a list's previous sibling


def key(text: str) -> str:
    """Text as compared: NFKC, no leading marker, no spaces, no enclosing <>."""
    s = unicodedata.normalize("NFKC", text).strip()
    for _ in range(2):  # "<그림 1>" and "1. <…>"
        s = _MARKER.sub("", s, count=1).strip()
        s = s.strip("<>〈〉「」 ")
    s = s.replace("ㆍ", "·").replace("∼", "~")
    return _SPACE.sub("", s)


def numbering(text: str) -> tuple[str, str, int] | None:
    """(family, parent, number) of a numbered line: ingest's numbering, and circled numbers
    ("①"), which ingest does not take for headings but which number lists all the same."""
    found = blocks.numbering(text)
    if found is not None:
        return found
    m = _CIRCLED.match(norm(text))
    return ("①", "", ord(m.group(1)) - ord("①") + 1) if m else None


@dataclass(frozen=True)
class Unit:
    """A paragraph of the source: ``where`` is "paragraph", "box", "title", "cell" or "note"."""

    key: str
    text: str
    where: str


def source_units(path: Path) -> list[Unit]:
    from ingest.hwp import read_hwp

    units: list[Unit] = []

    def add(text: str, where: str) -> None:
        text = _SPACE.sub(" ", text).strip()
        if text:
            units.append(Unit(key(text), text, where))

    for block in read_hwp(path).blocks:
        if block.kind in ("header", "footer"):
            continue
        if block.kind in ("footnote", "endnote"):
            add(block.text, "note")
        elif block.kind == "table":
            # A one-row frame around a heading ("Ⅰ" | "3D 프린팅 기술의 등장") or a page of text
            # counts as a box: cells that hold only a number do not make it a table.
            filled = [c for row in block.rows for c in row if c.strip()]
            worded = [c for c in filled if key(c)]
            where = "box" if len(worded) == 1 else "cell"
            rows = [[c for c in row if c.strip()] for row in block.rows]
            rows = [r for r in rows if r]
            title = rows[0][0] if len(rows) > 1 and len(rows[0]) == 1 else None
            for cell in filled:
                boxed = cell == title and cell.strip().startswith("<")
                add(cell, "title" if boxed else where)
                for line in cell.split("\n"):
                    add(line, where)
        else:
            add(block.text, "paragraph")
            if "\n" in block.text:  # a text box: a paragraph per line
                for line in block.text.split("\n"):
                    add(line, "paragraph")
    return units


@cache
def _kiwi() -> Kiwi:
    return Kiwi()


def shape(text: str) -> str | None:
    """Why the text's shape says content, or None."""
    s = unicodedata.normalize("NFKC", text).strip()
    bare = _MARKER.sub("", s, count=1)
    if _SENTENCE.search(s):
        return "sentence"
    if _LEAD_IN.search(s):
        return "label"
    if _LABEL_VALUE.match(bare) and not _HEADING_LABEL.match(bare):
        return "label"
    if _OPEN_EN.search(s) or _VERB_EN.search(f" {s} "):
        return "clause"
    tokens = _kiwi().tokenize(s)
    if tokens and tokens[-1].tag.startswith("J") and re.search("[가-힣]$", s):
        return "clause"
    return None


def _heading_shaped(text: str) -> bool:
    return len(text) <= 80 and shape(text) is None


def heads_sublist(lines: Sequence[Line], i: int) -> bool:
    """The next line is numbered in another style and indented under line ``i``."""
    if i + 1 >= len(lines):
        return False
    own, nxt = lines[i], lines[i + 1]
    below = numbering(nxt.text)
    mine = numbering(own.text)
    return (
        below is not None
        and mine is not None
        and below[0] != mine[0]
        and own.box is not None
        and nxt.box is not None
        and nxt.box[0] > own.box[0] + 4
    )


def in_list(lines: Sequence[Line], i: int, headings: set[int]) -> bool:
    """The list rule: line ``i`` is one of a numbered list, not a heading over content.

    Its next sibling is the line right after it (it heads nothing), or its previous sibling is
    the line right before it, or stands above it with only its own hanging-indented lines
    between (a list item that wrapped: "나. 대중과의 … 위한" / "정보제공 기반 마련"), unless
    the next line starts a list of another numbering indented under it: "4. 과업내용" over
    "가. …" heads that list, even right after its sibling "3. 과업기간 : XXXX년 …".
    """
    own = numbering(lines[i].text)
    if own is None:
        return False
    family, parent, number = own
    if i + 1 < len(lines) and numbering(lines[i + 1].text) == (family, parent, number + 1):
        return True
    if heads_sublist(lines, i):
        return False
    if i == 0 or numbering(lines[i - 1].text) == (family, parent, number - 1):
        return i > 0
    for j in range(i - 1, max(i - 1 - LIST_REACH, -1), -1):
        other = numbering(lines[j].text)
        if other is None:
            continue
        if other != (family, parent, number - 1) or j in headings:
            return False
        sibling = lines[j].box
        return sibling is not None and all(
            ln.box is not None and ln.box[0] > sibling[0] + 4 and ln.page == lines[j].page
            for ln in lines[j + 1 : i]
        )
    return False


def judge(
    heading: str, units: Sequence[Unit] | None, *, recurring: bool = False, listed: bool = False
) -> tuple[str, str]:
    """(verdict, reason): verdict "heading" or "content"; the reason names the rule."""
    if recurring:
        return "content", "recurring"
    if _CAPTION.match(norm(heading)):
        return "content", "caption"
    if listed:
        return "content", "list"
    k = key(heading)
    if units is not None and k:
        whole = [u for u in units if u.key == k]
        if any(u.where in ("paragraph", "box", "title") for u in whole):
            reason = shape(heading)
            return ("content", reason) if reason == "sentence" else ("heading", "paragraph")
        if any(u.where == "cell" for u in whole):
            return "content", "cell"
        if any(u.where == "note" for u in whole):
            return "content", "note"
        longer = [u for u in units if k in u.key and len(u.key) > len(k)]
        if any(u.key.startswith(k) and _heading_shaped(u.text) for u in longer):
            return "heading", "split"
        if longer:
            return "content", "part"
    reason = shape(heading)
    if reason:
        return "content", reason
    return "heading", "unverified" if units is not None else "shape"


def heading_lines(result: Ingested, lines: Sequence[Line]) -> list[int | None]:
    """For each outline heading, the index of its line (matched in order, space-insensitive)."""
    keys = [_SPACE.sub("", ln.text) for ln in lines]
    out: list[int | None] = []
    cursor = 0
    for _, text in result.document.outline:
        k = _SPACE.sub("", text)
        found = next((j for j in range(cursor, len(lines)) if k and keys[j] == k), None)
        if found is None:  # repaired text may differ: the first line it starts
            found = next(
                (j for j in range(cursor, len(lines)) if k[:6] and keys[j].startswith(k[:6])), None
            )
        out.append(found)
        if found is not None:
            cursor = found + 1
    return out


def verdicts(
    result: Ingested, units: Sequence[Unit] | None, layout: Sequence[LineBox]
) -> list[tuple[str, int, str, str]]:
    """(heading, page, verdict, reason) for each heading of the outline."""
    source = result.source_text
    _, lines = split_pages(source, [], layout)
    where = heading_lines(result, lines)
    found = {j for j in where if j is not None}
    counts = Counter(key(t) for _, t in result.document.outline)
    out = []
    for (_, text), j in zip(result.document.outline, where, strict=True):
        listed = j is not None and in_list(lines, j, found)
        recurring = counts[key(text)] >= RECURRING
        verdict, reason = judge(text, units, recurring=recurring, listed=listed)
        out.append((text, lines[j].page if j is not None else 0, verdict, reason))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--files", default="", help="comma-separated file names to keep")
    parser.add_argument("--save", type=Path, help="write the real headings found here (JSON)")
    parser.add_argument("--baseline", type=Path, help="a --save file: print headings lost")
    parser.add_argument("--all", action="store_true", help="print every heading and verdict")
    args = parser.parse_args()
    truth = realdocs.truth(args.data)
    baseline: dict[str, list[str]] = {}
    if args.baseline:
        baseline = json.loads(args.baseline.read_text(encoding="utf-8"))
    files = sorted((args.data / "pdf").glob("*.pdf"))
    if args.files:
        keep = set(args.files.split(","))
        files = [f for f in files if f.name in keep]
    tools = Tools()
    saved: dict[str, list[str]] = {}
    total = content_total = lost_total = 0
    rows = []
    for path in files:
        source = read_source(path)
        result = ingest_source(source, Metadata(), tools)
        record = truth.get(f"pdf/{path.name}") or {}
        units = None
        if record.get("source_file"):
            units = source_units(args.data / record["source_file"])
        judged = verdicts(result, units, source.layout)
        content = [v for v in judged if v[2] == "content"]
        saved[path.name] = [t for t, _, v, _ in judged if v == "heading"]
        now = {key(t) for _, t in result.document.outline}
        lost = [t for t in baseline.get(path.name, []) if key(t) not in now]
        total += len(judged)
        content_total += len(content)
        lost_total += len(lost)
        share = len(content) / len(judged) if judged else 0.0
        rows.append((path.name, len(judged), len(content), share, len(lost)))
        src = "source" if units is not None else "shape only"
        print(f"== {path.name} ({src}): {len(judged)} headings, {len(content)} content")
        for text, page, verdict, reason in judged:
            if verdict == "content" or args.all:
                print(f"   p{page:<3} {verdict:8} {reason:10} {text!r}")
        for text in lost:
            print(f"   lost                {text!r}")
    print()
    print("file".ljust(32) + f"{'headings':>9}{'content':>9}{'share':>8}{'lost':>6}")
    for name, n, c, share, lost_n in rows:
        print(
            name[:31].ljust(32)
            + f"{n:9}{c:9}{share:8.1%}"
            + (f"{lost_n:6}" if args.baseline else "")
        )
    overall = content_total / total if total else 0.0
    print(
        "all".ljust(32)
        + f"{total:9}{content_total:9}{overall:8.1%}"
        + (f"{lost_total:6}" if args.baseline else "")
    )
    if args.save:
        args.save.write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
