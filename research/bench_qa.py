"""Questions on the development documents: is the passage holding the answer in the top 3?

    python -m research.bench_qa [--data ../shared/realdocs] [--top 3] [--ask] [--json out.json]

The product's goal: a Korean question puts the passage holding its answer in the top 3 at
least 90% of the time. Every PDF of ``realdocs/truth.jsonl`` that has questions (``pdf/`` and
``scan/``) is ingested and indexed together in one embedded index in a temporary folder, as
``seoji ingest`` does (``api.library``: default model, lexicon and settings); each question
then runs the default search (hybrid, as ``seoji search`` and ``GET /api/search``). Per
language of the question (``ko``, ``en``), per document, overall and by the document's
language it prints the share of questions whose top ``--top`` holds:

- **text**: a passage of the question's document whose text contains the answer, compared
  with all whitespace removed (PDF text layers break lines and letter-space words);
- **text+page**: that, or a passage of the document on the answer's page (``page`` or
  ``also_on``): the passage a reader would open to find the answer;
- **doc**: any passage of the question's document.

A scan and the PDF it was made from (``derived_from``) are the same document here: their
passages are the same text, and either one answers. A file ingest refuses (an image-only
scan: seoji does no OCR) is marked in the table; its questions are answered through its twin
or not at all. The figures are also printed for ``pdf/`` alone.

Every miss is listed with the top hits (document, page, first 80 characters) and a diagnosis:
the rank (in a deeper hybrid search) of the first passage holding the answer when one does,
else where the answer's text is to be found: split across two passages, only in a heading
(a passage's section or the document's outline), in page furniture, in the raw text but in
no passage, or not in the text the reader produced at all. ``--ask`` also runs
``Library.ask`` (``seoji ask``) and counts the questions whose answer is in one of the
sentences it picks from its top passages.

Nothing here is asserted: the figures are for reading, and for the docs with the command.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from api.library import Library
from api.schemas import SearchHit
from api.services import make_library
from api.settings import Settings
from ingest.pipeline import Failure, Ingested
from research import realdocs

DEEP = 100  # how deep the diagnosis looks for the answering passage
_SPACE = re.compile(r"\s+")


def flat(text: str) -> str:
    """Text with all whitespace removed: how answers are compared."""
    return _SPACE.sub("", text)


def folded(text: str) -> str:
    """``flat`` after NFKC: tells a character changed by repair (Ⅰ→I) from one lost."""
    return flat(unicodedata.normalize("NFKC", text))


@dataclass
class Question:
    file: str  # the document the question is on, as in truth.jsonl
    q: str
    answer: str
    lang: str
    pages: tuple[int, ...]
    same: tuple[str, ...]  # files that are the same document (the file, its scan twin)
    doc_lang: str = ""  # the document's language, ``language`` in truth.jsonl


@dataclass
class Outcome:
    question: Question
    text: bool
    page: bool
    doc: bool
    top: list[dict[str, Any]]
    diagnosis: str = ""
    ask: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def load_questions(data: Path) -> tuple[list[str], list[Question]]:
    """The PDF files with questions, and their questions."""
    records = list(realdocs.truth(data).values())
    twins: dict[str, set[str]] = defaultdict(set)
    for r in records:
        twins[r["file"]].add(r["file"])
        if r.get("derived_from"):
            twins[r["file"]].add(r["derived_from"])
            twins[r["derived_from"]].add(r["file"])
    files, questions = [], []
    for r in records:
        if not r["file"].endswith(".pdf") or not r.get("questions"):
            continue
        files.append(r["file"])
        for q in r["questions"]:
            pages = tuple(p for p in (q.get("page"), *q.get("also_on", ())) if p is not None)
            same = tuple(sorted(twins[r["file"]]))
            questions.append(
                Question(r["file"], q["q"], q["answer"], q["lang"], pages, same, r["language"])
            )
    return files, questions


def build(
    library: Library, data: Path, files: Sequence[str]
) -> tuple[dict[str, Ingested], dict[str, str]]:
    """Ingest and index the files as ``seoji ingest`` does: what was ingested, what failed."""
    ingested: dict[str, Ingested] = {}
    failed: dict[str, str] = {}
    indexer = library.indexer()
    written = []
    for result in library.ingest_files(data / f for f in files):
        if isinstance(result, Failure):
            failed[Path(result.path).relative_to(data).as_posix()] = result.reason
            continue
        ingested[library.source(result.document)] = result
        written += indexer.add(result)
    written += indexer.flush()
    for w in written:
        if w.error is not None:
            failed[library.source(w.ingested.document)] = f"not indexed: {w.error}"
    return ingested, failed


def holds(hit: SearchHit, question: Question) -> tuple[bool, bool]:
    """Whether a hit of the question's document holds the answer's text, or its page."""
    if hit.source not in question.same:
        return False, False
    return flat(question.answer) in flat(hit.text), hit.page in question.pages


def diagnose(
    library: Library, question: Question, ingested: dict[str, Ingested], failed: dict[str, str]
) -> str:
    """Where the answer is: ranked low, or lost by ingest (and how)."""
    answer = flat(question.answer)
    deep = library.search(question.q, size=DEEP)
    for rank, hit in enumerate(deep.hits, 1):
        if holds(hit, question)[0]:
            ex = hit.explain
            lists = ", ".join(
                f"{name} #{r.rank}"
                for name, r in (("keyword", ex.keyword), ("semantic", ex.semantic))
                if r is not None
            )
            return f"retrieval: answering passage at hybrid rank {rank} ({lists or 'no list'})"
    results = [ingested[f] for f in question.same if f in ingested]
    if not results:
        reasons = "; ".join(failed.get(f, "not ingested") for f in question.same)
        return f"ingest: document not indexed ({reasons})"
    found = []
    for result in results:
        passages = result.passages
        if any(answer in flat(p.text) for p in passages):
            return f"retrieval: answering passage below hybrid rank {DEEP}"
        headings = [h for p in passages for h in p.section] + [
            h for _, h in result.document.outline
        ]
        if any(answer in flat(h) for h in headings):
            found.append("only in a heading (a section or the outline), in no passage")
        elif any(answer in flat(a.text + b.text) for a, b in itertools.pairwise(passages)):
            found.append("split across two passages")
        elif any(answer in folded(p.text) for p in passages):
            found.append("in a passage after NFKC only (characters changed)")
        elif any(answer in flat(f.text) for page in result.document.pages for f in page.furniture):
            found.append("only in page furniture")
        elif answer in flat(result.source_text):
            found.append("in the raw text, in no passage (dropped or garbled on the way)")
        elif folded(question.answer) in folded(result.source_text):
            found.append("in the raw text after NFKC only")
        else:
            found.append("not in the text the reader produced")
    return "ingest: " + "; ".join(dict.fromkeys(found))


def _line(hit: SearchHit) -> dict[str, Any]:
    return {"doc": hit.source, "page": hit.page, "kind": hit.kind, "text": flat_start(hit.text)}


def flat_start(text: str, n: int = 80) -> str:
    return " ".join(text.split())[:n]


def share(outcomes: Iterable[Outcome], attr: str) -> tuple[int, int]:
    values = [getattr(o, attr) for o in outcomes]
    return sum(1 for v in values if v), len(values)


def _fmt(hit_total: tuple[int, int]) -> str:
    hit, total = hit_total
    return f"{hit / total:6.1%} ({hit:>2}/{total:<2})" if total else "     —      "


def report(outcomes: list[Outcome], lang: str, with_ask: bool, failed: dict[str, str]) -> None:
    mine = [o for o in outcomes if o.question.lang == lang]
    if not mine:
        return
    cols = ["text", "page", "doc"] + (["ask"] if with_ask else [])
    names = {"text": "text", "page": "text+page", "doc": "doc", "ask": "ask sentence"}
    print(f"\n== {lang} questions: {len(mine)} ==")
    print("document".ljust(36) + "".join(f"{names[c]:>16}" for c in cols))
    by_file: dict[str, list[Outcome]] = defaultdict(list)
    for o in mine:
        by_file[o.question.file].append(o)
    for file, group in by_file.items():
        note = "  (refused by ingest)" if file in failed else ""
        row = "".join(f"{_fmt(share(group, c)):>16}" for c in cols)
        print(file[:35].ljust(36) + row + note)
    rows = [("all", mine), ("pdf/ only", [o for o in mine if o.question.file.startswith("pdf/")])]
    for doc_lang in sorted({o.question.doc_lang for o in mine}):
        on = [o for o in mine if o.question.doc_lang == doc_lang]
        rows += [
            (f"on {doc_lang} documents", on),
            (
                f"on {doc_lang} documents, pdf/ only",
                [o for o in on if o.question.file[:4] == "pdf/"],
            ),
        ]
    for name, group in rows:
        print(f"{name:<36}" + "".join(f"{_fmt(share(group, c)):>16}" for c in cols))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=realdocs.DEFAULT_DATA)
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--ask", action="store_true", help="also run Library.ask (seoji ask)")
    parser.add_argument("--files", default="", help="comma-separated truth files to keep")
    parser.add_argument("--json", type=Path, help="write every outcome here")
    args = parser.parse_args()
    files, questions = load_questions(args.data)
    if args.files:
        keep = set(args.files.split(","))
        files = [f for f in files if f in keep or Path(f).name in keep]
        questions = [q for q in questions if q.file in files]
    with tempfile.TemporaryDirectory(prefix="seoji-bench-qa-") as tmp:
        settings = Settings(data_dir=Path(tmp), corpus_dir=args.data)
        library = make_library(settings, backend_name="embedded")
        ingested, failed = build(library, args.data, files)
        passages = sum(len(r.passages) for r in ingested.values())
        print(
            f"{len(ingested)} PDFs indexed ({passages} passages), {len(failed)} refused; "
            f"{len(questions)} questions; model {library.encoder.name}; top {args.top}"
        )
        for file, reason in failed.items():
            print(f"  refused {file}: {reason}")
        outcomes = []
        for question in questions:
            result = library.search(question.q, size=args.top)
            marks = [holds(h, question) for h in result.hits]
            outcome = Outcome(
                question,
                text=any(t for t, _ in marks),
                page=any(t or p for t, p in marks),
                doc=any(h.source in question.same for h in result.hits),
                top=[_line(h) for h in result.hits],
            )
            if not outcome.text:
                outcome.diagnosis = diagnose(library, question, ingested, failed)
            if args.ask:
                asked = library.ask(question.q, size=args.top)
                outcome.ask = any(
                    a.source in question.same and flat(question.answer) in flat(a.sentence.text)
                    for a in asked.answers
                )
            outcomes.append(outcome)
    for lang in ("ko", "en"):
        report(outcomes, lang, args.ask, failed)
    for lang in ("ko", "en"):
        misses = [o for o in outcomes if o.question.lang == lang and not o.text]
        print(f"\n== {lang} misses (text): {len(misses)} ==")
        for o in misses:
            q = o.question
            pages = ",".join(map(str, q.pages)) or "—"
            flag = " [page hit]" if o.page else ""
            print(f"- {q.file} p{pages}: {q.q}  →  {q.answer!r}{flag}")
            print(f"    {o.diagnosis}")
            for rank, t in enumerate(o.top, 1):
                print(f"    {rank}. {t['doc']} p{t['page']} [{t['kind']}] {t['text']}")
    if args.json:
        args.json.write_text(
            json.dumps([asdict(o) for o in outcomes], ensure_ascii=False, indent=1), "utf-8"
        )


if __name__ == "__main__":
    main()
