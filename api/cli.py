"""The ``seoji`` command line: parses arguments, calls the application layer
(``api.library``) and prints what it returns; the HTTP API calls the same methods."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated, Any, NoReturn

import typer
from tqdm import tqdm

from api.library import InvalidInput, Library, LibraryError, Written, title_of
from api.schemas import DocumentDetail, PassageRef, SearchHit, parse_edit
from api.services import make_library
from api.settings import BackendName, get_settings
from index.contract import IndexError_
from index.search import Mode
from ingest.edits import EDITABLE, check, is_list
from ingest.pipeline import (
    Failure,
    Ingested,
    blank_pages,
    duplicate_passages,
    expand_paths,
    unsupported_in,
)
from ingest.records import Lang

app = typer.Typer(
    help="seoji (서지): a bilingual Korean/English document corpus and search service.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main() -> None:
    """seoji (서지): find, read and cite passages in Korean and English documents."""


def _jsonable(obj: Any) -> Any:
    return dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) else obj  # type: ignore[arg-type]


def _summary(result: Ingested) -> str:
    d = result.document
    repairs = ", ".join(f"{k} {v}" for k, v in sorted(d.repairs.counts.items())) or "none"
    title = title_of(d) or "(untitled)"
    out = (
        f"{d.source}: {len(d.pages)} pages, {len(result.passages)} passages "
        f"[{d.encoding}] {title}\n  repairs: {repairs}"
    )
    read = sorted({p.page for p in result.passages if p.ocr is not None})
    if read:
        low = min(p.ocr for p in result.passages if p.ocr is not None)
        out += (
            f"\n  OCR: pages {', '.join(map(str, read))} had no text layer and were read from "
            f"their images (lowest line confidence {low:.2f}; check quotes against the page)"
        )
    copies = duplicate_passages(result)
    if copies:
        out += f"\n  duplicate passages: {copies} (the same text as an earlier passage)"
    empty = blank_pages(result)
    if empty:
        out += (
            f"\n  WARNING pages without text: {', '.join(map(str, empty))} of {len(d.pages)} "
            "(images without a text layer? run OCR on them, e.g. ocrmypdf, and ingest again)"
        )
    return out


class _AtomicJsonl:
    """Writes JSON lines to a temporary file and renames it into place on success, so an
    interrupted run never leaves a half-written output; ``-`` writes to standard output."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._tmp: str | None = None
        self._fh: IO[str]
        if target == "-":
            self._fh = sys.stdout
        else:
            folder = Path(target).resolve().parent
            folder.mkdir(parents=True, exist_ok=True)
            fd, self._tmp = tempfile.mkstemp(dir=folder, prefix=".seoji-", suffix=".jsonl")
            self._fh = os.fdopen(fd, "w", encoding="utf-8")

    def write(self, record: Any) -> None:
        self._fh.write(json.dumps(_jsonable(record), ensure_ascii=False) + "\n")

    def commit(self) -> None:
        if self._tmp is not None:
            self._fh.close()
            os.replace(self._tmp, self.target)
            self._tmp = None

    def abort(self) -> None:
        if self._tmp is not None:
            self._fh.close()
            os.unlink(self._tmp)
            self._tmp = None


INGEST_HELP = (
    "Repair source texts, cut them into citable passages and index them.\n\n"
    "Indexes into the backend from settings (SEOJI_BACKEND, default the embedded index in "
    "SEOJI_DATA_DIR) or --backend. Re-running is safe: unchanged documents are skipped, a "
    "changed file replaces its earlier version. Prints a summary per document and names each "
    "bad file with its reason, every file of a folder that it cannot read (unsupported "
    "format), and the pages of a document that gave no text.\n\n"
    "Exit status: 0 every file ingested; 3 some files failed (the rest were ingested and "
    "indexed); 1 nothing could be ingested, or the index could not be written; 2 a usage "
    "error (no files found)."
)


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"seoji: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def _reported(command: str) -> Iterator[None]:
    """The library's errors as a message and an exit status: 2 for what the user gave
    (a citation span or style), 1 for the rest (not found, the backend, the model)."""
    try:
        yield
    except InvalidInput as e:
        _fail(f"{command}: {e}", 2)
    except (LibraryError, IndexError_) as e:
        _fail(f"{command}: {e}")


BackendOption = Annotated[
    BackendName | None,
    typer.Option("--backend", "-b", help="embedded or elasticsearch (default: SEOJI_BACKEND)."),
]


def _library(backend_name: BackendName | None) -> Library:
    return make_library(get_settings(), backend_name=backend_name)


@app.command(help=INGEST_HELP)
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files (.txt, .pdf, .hwp, .hwpx, .docx) or folders to ingest; folders are "
            "searched."
        ),
    ],
    backend_name: BackendOption = None,
    index: Annotated[
        bool, typer.Option("--index/--no-index", help="Index the passages (default) or not.")
    ] = True,
    rebuild: Annotated[
        bool,
        typer.Option(
            help="Replace the whole index with these documents, switching at once at the end "
            "(needed after changing SEOJI_EMBEDDING_MODEL)."
        ),
    ] = False,
    out: Annotated[
        str | None,
        typer.Option("--out", "-o", help="Also write passages as JSON lines; '-' for stdout."),
    ] = None,
    documents: Annotated[
        str | None,
        typer.Option(help="Also write one JSON line of metadata per document to this file."),
    ] = None,
) -> None:
    """Ingest files into passages and index them; see ``INGEST_HELP``."""
    get_settings()  # validates SEOJI_* settings early, with a clear message
    files = expand_paths(paths)
    skipped = unsupported_in(paths)
    for s in skipped:
        typer.echo(f"SKIPPED {s.path}: {s.reason}", err=True)
    if not files:
        _fail("ingest: no .txt, .pdf, .hwp, .hwpx or .docx files found in the given paths", 2)
    library = _library(backend_name)
    passages_out = _AtomicJsonl(out) if out else None
    docs_out = _AtomicJsonl(documents) if documents else None
    outputs = [o for o in (passages_out, docs_out) if o]
    ok = 0
    failed: list[Failure] = []
    try:
        indexer = library.indexer(rebuild) if index else None
        bar = tqdm(files, desc="ingest", unit="file", disable=None, file=sys.stderr)

        def done(result: Ingested, written: Written | None) -> None:
            nonlocal ok
            if written is not None and written.error is not None:
                reason = f"not indexed: {written.error}"
                failed.append(Failure(result.document.source, reason))
                tqdm.write(f"FAILED {result.document.source}: {reason}", file=sys.stderr)
                return
            ok += 1
            for passage in result.passages if passages_out else ():
                passages_out.write(passage)  # type: ignore[union-attr]
            if docs_out:
                docs_out.write(result.document)
            state = f" ({written.status})" if written else ""
            tqdm.write(_summary(result) + state, file=sys.stderr)

        for result in library.ingest_files(bar):
            if isinstance(result, Failure):
                failed.append(result)
                tqdm.write(f"FAILED {result.path}: {result.reason}", file=sys.stderr)
            elif indexer is None:
                done(result, None)
            else:
                for written in indexer.add(result):
                    done(written.ingested, written)
        for written in indexer.flush() if indexer else []:
            done(written.ingested, written)
        if indexer and ok:
            indexer.finish()
    except IndexError_ as e:
        for o in outputs:
            o.abort()
        _fail(str(e))
    except BaseException:
        for o in outputs:
            o.abort()
        raise
    typer.echo(f"{ok} ingested, {len(failed)} failed, {len(skipped)} unsupported", err=True)
    if ok == 0:
        for o in outputs:
            o.abort()  # leave any earlier output as it was
        raise typer.Exit(1)
    for o in outputs:
        o.commit()
    if failed:
        raise typer.Exit(3)


def _where(ref: PassageRef) -> str:
    """Document · page · section of a hit or an answer."""
    page = f"p. {ref.page_label}" if ref.page_label else f"page {ref.page} (physical)"
    section = " › ".join(ref.section) or "—"
    return f"{ref.title or ref.source or ref.doc_id} · {page} · {section}"


def _hit_line(rank: int, hit: SearchHit) -> str:
    text = " ".join(hit.text.split())
    text = text if len(text) <= 240 else text[:239] + "…"
    explain = [
        f"{name} #{r.rank} ({r.score:{form}})"  # BM25 to 3 digits, cosine to 3 decimals
        for name, r, form in (
            ("keyword", hit.explain.keyword, ".3g"),
            ("semantic", hit.explain.semantic, ".3f"),
            ("translated", hit.explain.translated, ".3g"),
        )
        if r is not None
    ]
    return (
        f"{rank:>2}. {_where(hit)} [{hit.kind}, {hit.lang}]\n"
        f"    {text}\n"
        f"    score {hit.score:.4g}: {', '.join(explain)}"
    )


def _require_passages(library: Library, command: str) -> None:
    with _reported(command):
        empty = library.empty()
    if empty:
        _fail(f"{command}: the index is empty; run `seoji ingest corpus/` first")


SEARCH_HELP = (
    "Search the indexed passages and print ranked hits with document, page and section.\n\n"
    "Modes: keyword (BM25 over Korean morphemes and English stems, spacing-insensitive), "
    "semantic (embedding similarity) and hybrid (both fused: a Korean query by weighted "
    "reciprocal rank, an English one by a weighted sum of the lists' scores; the weights "
    "depend on the query's language and the embedding model). In hybrid mode an English "
    "query also gets a translated list: BM25 over the Korean translations of its words; a "
    "Korean query's keyword list also looks for the English translations of its words. "
    "Each hit says where it ranked in each list. --json prints the response of "
    "GET /api/search, field for field."
)


@app.command(help=SEARCH_HELP)
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in Korean or English.")],
    mode: Annotated[Mode, typer.Option("--mode", "-m", help="hybrid, keyword or semantic.")] = (
        "hybrid"
    ),
    size: Annotated[int, typer.Option("--size", "-n", min=1, max=100, help="Hits to show.")] = 10,
    lang: Annotated[
        Lang | None, typer.Option(help="Only passages in this language (ko, en).")
    ] = None,
    doc: Annotated[
        list[str] | None, typer.Option(help="Only this document id (repeatable).")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(help="Only this passage kind: body, abstract, table, … (repeatable)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as JSON (GET /api/search's).")
    ] = False,
    backend_name: BackendOption = None,
) -> None:
    """Search passages; see ``SEARCH_HELP``."""
    if not query.strip():
        _fail("search: the query is empty", 2)
    library = _library(backend_name)
    _require_passages(library, "search")
    with _reported("search"):
        result = library.search(query, mode, lang=lang, docs=doc or (), kinds=kind or (), size=size)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    if not result.hits:
        typer.echo(f"no passages match {query!r} (terms: {' '.join(result.terms) or 'none'})")
        return
    for rank, hit in enumerate(result.hits, 1):
        typer.echo(_hit_line(rank, hit))


@app.command(
    help="Ask a question in Korean or English: the passages that answer it, each with "
    "the sentence that best answers it and where it stands (document, page, section). "
    "--json prints the response of GET /api/ask, field for field."
)
def ask(
    question: Annotated[str, typer.Argument(help="The question.")],
    size: Annotated[int, typer.Option("--size", "-n", min=1, max=20, help="Passages.")] = 3,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the answers as JSON (GET /api/ask's).")
    ] = False,
    backend_name: BackendOption = None,
) -> None:
    """Question lookup: hybrid search, then the best sentence of each passage."""
    if not question.strip():
        _fail("ask: the question is empty", 2)
    library = _library(backend_name)
    _require_passages(library, "ask")
    with _reported("ask"):
        result = library.ask(question, size)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    if not result.answers:
        typer.echo(f"no passage answers {question!r}")
    for rank, answer in enumerate(result.answers, 1):
        s = answer.sentence
        typer.echo(
            f"{rank:>2}. {_where(answer)}\n"
            f"    {s.text}\n    passage {answer.passage_id} [{s.start}:{s.end}]"
        )


CITE_HELP = (
    "Print a citation of a passage (or of a quote inside it, --start/--end offsets into the "
    "passage text): the exact quote, the page and the reference in the chosen style.\n\n"
    "Styles: apa, chicago, mla, korean, bibtex, ris, csl-json. Passage ids come from "
    "`seoji search --json`."
)


@app.command(help=CITE_HELP)
def cite(
    passage_id: Annotated[str, typer.Argument(help="The passage to cite.")],
    style: Annotated[str, typer.Option("--style", "-s", help="Citation style.")] = "apa",
    start: Annotated[int | None, typer.Option(help="Quote start (offset in the passage).")] = None,
    end: Annotated[int | None, typer.Option(help="Quote end (offset in the passage).")] = None,
    backend_name: BackendOption = None,
) -> None:
    """Cite a passage; see ``CITE_HELP``."""
    library = _library(backend_name)
    with _reported("cite"):
        c = library.cite(passage_id, style, start, end)
    typer.echo(c.reference)
    typer.echo(f"in text: {c.in_text}", err=True)
    typer.echo(f"quote ({c.locator}): {c.quote}", err=True)
    if c.missing:
        typer.echo(f"missing metadata: {', '.join(c.missing)}", err=True)


EDIT_HELP = (
    "Correct a document's metadata. --set FIELD=VALUE sets a field to your value, which "
    "every later ingest of the same file keeps, over its sidecar and what ingest reads; "
    "citations use it at once. Repeat --set authors=NAME for each author; an empty VALUE "
    "says the document states none. --forget FIELD drops your edit and gives back what "
    "ingest found. Without either, prints the metadata and where each field came from. "
    f"Fields: {', '.join(EDITABLE)}. --json prints the response of "
    "PATCH /api/documents/{id}, field for field."
)


def _changes(sets: list[str], forgets: list[str]) -> dict[str, Any]:
    """--set and --forget as the body of PATCH /api/documents/{id}; BadParameter for a
    malformed one (the library checks names and values, as for the API)."""
    changes: dict[str, Any] = {}
    for name in forgets:
        _field(name)
        changes[name] = None
    for item in sets:
        name, eq, value = item.partition("=")
        if not eq:
            msg = f"--set {item!r}: write FIELD=VALUE, e.g. --set year=1953"
            raise typer.BadParameter(msg)
        if changes.get(_field(name.strip()), "") is None:
            msg = f"{name} is both set and forgotten; choose one"
            raise typer.BadParameter(msg)
        if is_list(name):
            changes.setdefault(name, []).append(value)
        elif name in changes:
            msg = f"--set {name} is given twice; give it once"
            raise typer.BadParameter(msg)
        else:
            changes[name] = value
    try:  # values typed at the command line are text: "1953" is a year here
        return parse_edit(changes, strict=False)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e


def _field(name: str) -> str:
    try:
        return check(name)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e


def _shown(value: str | int | list[str] | None) -> str:
    text = "; ".join(value) if isinstance(value, list) else value
    return "—" if text in (None, "") else str(text)


def _metadata_lines(d: DocumentDetail) -> list[str]:
    """Each editable field with its value and where it came from."""
    sources = {p.field: p.source for p in d.provenance}
    found = {e.field: e for e in d.edits}
    out = [f"{d.id} {d.source}"]
    for name in EDITABLE:
        line = f"  {name}: {_shown(getattr(d, name))}"
        if name in sources:
            line += f" [{sources[name]}]"
        if (edit := found.get(name)) is not None:
            was = edit.found_from
            line += f" (ingest found {_shown(edit.found)} [{was.source}])" if was else ""
            line += "" if was else " (ingest found none)"
        out.append(line)
    return out


@app.command(help=EDIT_HELP)
def edit(
    doc_id: Annotated[
        str,
        typer.Argument(
            help="The document: doc_id in `seoji search --json`, or GET /api/documents."
        ),
    ],
    sets: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="FIELD=VALUE", help="Set a field (repeatable)."),
    ] = None,
    forgets: Annotated[
        list[str] | None,
        typer.Option("--forget", metavar="FIELD", help="Forget your edit of a field."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the document as JSON (PATCH's response).")
    ] = False,
    backend_name: BackendOption = None,
) -> None:
    """Correct a document's metadata; see ``EDIT_HELP``."""
    changes = _changes(sets or [], forgets or [])
    library = _library(backend_name)
    with _reported("edit"):
        detail = library.edit(doc_id, changes)
    if as_json:
        typer.echo(detail.model_dump_json(indent=2))
        return
    typer.echo("\n".join(_metadata_lines(detail)))


@app.command(
    help="Serve the web page (at /) and the HTTP API (OpenAPI docs at /docs) on the indexed corpus."
)
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8000,
    backend_name: BackendOption = None,
) -> None:
    """Run the FastAPI app with uvicorn."""
    import uvicorn

    from api.app import create_app

    settings = get_settings()
    if backend_name:
        settings = settings.model_copy(update={"backend": backend_name})
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


if __name__ == "__main__":
    app()
