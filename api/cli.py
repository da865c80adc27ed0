"""The ``seoji`` command line."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Annotated, Any, NoReturn

import typer
from tqdm import tqdm

from api.services import make_backend, make_embedder, make_searcher
from api.settings import BackendName, get_settings
from index.contract import Backend, Filters, IndexedDocument, IndexError_, WriteFailed
from index.search import (
    BATCH_PASSAGES,
    Hit,
    Mode,
    SearchResult,
    documents_of,
    is_indexed,
    prepare_many,
    replace_version,
)
from ingest.analysis import shared_analyzer
from ingest.pipeline import Failure, Ingested, Tools, expand_paths, ingest_paths
from ingest.records import Document, Lang

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
    title = d.title_ko or d.title_en or "(untitled)"
    return (
        f"{d.source}: {len(d.pages)} pages, {len(result.passages)} passages "
        f"[{d.encoding}] {title}\n  repairs: {repairs}"
    )


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
    "bad file with its reason. Exits non-zero only when nothing could be ingested."
)


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"seoji: {message}", err=True)
    raise typer.Exit(code)


BackendOption = Annotated[
    BackendName | None,
    typer.Option("--backend", "-b", help="embedded or elasticsearch (default: SEOJI_BACKEND)."),
]


class _Indexer:
    """Writes ingested documents to the backend in batches of about ``BATCH_PASSAGES``
    passages (``prepare_many``: one Kiwi pass and one embedding pass per batch); or, for
    --rebuild, all of them at the end."""

    def __init__(self, backend: Backend, rebuild: bool) -> None:
        settings = get_settings()
        self.backend = backend
        self.embedder = make_embedder(settings)
        self.analyzer = shared_analyzer()
        self.rebuild = rebuild
        self.pending: list[IndexedDocument] = []
        self.waiting: list[Ingested] = []
        if not rebuild:
            backend.ensure(self.embedder.name, self.embedder.dim)

    def add(self, result: Ingested) -> list[tuple[Ingested, str | WriteFailed]]:
        """The documents done now, each with what became of it or why it was not written."""
        if not self.rebuild and is_indexed(self.backend, result.document, result.passages):
            return [(result, "unchanged")]
        self.waiting.append(result)
        if sum(len(r.passages) for r in self.waiting) < BATCH_PASSAGES:
            return []
        return self.flush()

    def flush(self) -> list[tuple[Ingested, str | WriteFailed]]:
        """Prepare and write the documents waiting."""
        batch, self.waiting = self.waiting, []
        items = [(r.document, r.passages, r.source_text) for r in batch]
        docs = prepare_many(items, self.embedder, self.analyzer)
        out: list[tuple[Ingested, str | WriteFailed]] = []
        for result, doc in zip(batch, docs, strict=True):
            if self.rebuild:
                self.pending.append(doc)
                out.append((result, "prepared"))
                continue
            try:
                replace_version(self.backend, doc)
            except WriteFailed as e:
                out.append((result, e))
                continue
            out.append((result, "indexed"))
        return out

    def finish(self) -> None:
        if self.rebuild:
            self.backend.rebuild(self.pending, self.embedder.name, self.embedder.dim)


@app.command(help=INGEST_HELP)
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files (.txt, .pdf) or folders to ingest; folders are searched."),
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
    settings = get_settings()  # validates SEOJI_* settings early, with a clear message
    files = expand_paths(paths)
    if not files:
        _fail("ingest: no .txt or .pdf files found in the given paths", 2)
    tools = Tools()
    passages_out = _AtomicJsonl(out) if out else None
    docs_out = _AtomicJsonl(documents) if documents else None
    outputs = [o for o in (passages_out, docs_out) if o]
    ok = 0
    failed: list[Failure] = []
    try:
        indexer = _Indexer(make_backend(settings, backend_name), rebuild) if index else None
        bar = tqdm(files, desc="ingest", unit="file", disable=None, file=sys.stderr)

        def done(result: Ingested, state: str | WriteFailed | None) -> None:
            nonlocal ok
            if isinstance(state, WriteFailed):
                failed.append(Failure(result.document.source, f"not indexed: {state}"))
                tqdm.write(
                    f"FAILED {result.document.source}: not indexed: {state}", file=sys.stderr
                )
                return
            ok += 1
            for passage in result.passages if passages_out else ():
                passages_out.write(passage)  # type: ignore[union-attr]
            if docs_out:
                docs_out.write(result.document)
            tqdm.write(_summary(result) + (f" ({state})" if state else ""), file=sys.stderr)

        for result in ingest_paths(bar, tools):
            if isinstance(result, Failure):
                failed.append(result)
                tqdm.write(f"FAILED {result.path}: {result.reason}", file=sys.stderr)
                continue
            for one, state in indexer.add(result) if indexer else [(result, None)]:
                done(one, state)
        for one, state in indexer.flush() if indexer else []:
            done(one, state)
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
    typer.echo(f"{ok} ingested, {len(failed)} failed", err=True)
    if ok == 0:
        for o in outputs:
            o.abort()  # leave any earlier output as it was
        raise typer.Exit(1)
    for o in outputs:
        o.commit()


def _hit_line(rank: int, hit: Hit, titles: dict[str, str]) -> str:
    p = hit.passage
    page = f"p. {p.page_label}" if p.page_label else f"page {p.page} (physical)"
    section = " › ".join(p.section) or "—"
    text = " ".join(p.text.split())
    text = text if len(text) <= 240 else text[:239] + "…"
    explain = []
    if hit.keyword:
        explain.append(f"keyword #{hit.keyword.rank} ({hit.keyword.score:.3g})")
    if hit.semantic:
        explain.append(f"semantic #{hit.semantic.rank} ({hit.semantic.score:.3f})")
    if hit.translated:
        explain.append(f"translated #{hit.translated.rank} ({hit.translated.score:.3g})")
    return (
        f"{rank:>2}. {titles.get(p.doc_id, p.doc_id)} · {page} · {section} [{p.kind}, {p.lang}]\n"
        f"    {text}\n"
        f"    score {hit.score:.4g}: {', '.join(explain)}"
    )


def _result_json(result: SearchResult, docs: dict[str, Document]) -> dict[str, Any]:
    hits = []
    for rank, hit in enumerate(result.hits, 1):
        doc = docs.get(hit.passage.doc_id)
        hits.append(
            {
                "rank": rank,
                "score": hit.score,
                "passage": dataclasses.asdict(hit.passage),
                "source": doc.source if doc else None,
                "title": (doc.title_ko or doc.title_en) if doc else None,
                "explain": {
                    "keyword": dataclasses.asdict(hit.keyword) if hit.keyword else None,
                    "semantic": dataclasses.asdict(hit.semantic) if hit.semantic else None,
                    "translated": dataclasses.asdict(hit.translated) if hit.translated else None,
                },
            }
        )
    return {
        "query": result.query,
        "mode": result.mode,
        "lang": result.lang,
        "terms": list(result.terms),
        "translations": list(result.translations),
        "weights": dataclasses.asdict(result.weights) if result.weights else None,
        "total": result.total,
        "hits": hits,
    }


SEARCH_HELP = (
    "Search the indexed passages and print ranked hits with document, page and section.\n\n"
    "Modes: keyword (BM25 over Korean morphemes and English stems, spacing-insensitive), "
    "semantic (embedding similarity) and hybrid (both fused: a Korean query by weighted "
    "reciprocal rank, an English one by a weighted sum of the lists' scores; the weights "
    "depend on the query's language and the embedding model). In hybrid mode an English "
    "query also gets a translated list: BM25 over the Korean translations of its words. "
    "Each hit says where it ranked in each list."
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
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    backend_name: BackendOption = None,
) -> None:
    """Search passages; see ``SEARCH_HELP``."""
    if not query.strip():
        _fail("search: the query is empty", 2)
    settings = get_settings()
    backend = make_backend(settings, backend_name)
    try:
        if backend.counts().passages == 0:
            _fail("search: the index is empty; run `seoji ingest corpus/` first")
        indexed = backend.indexed_model()
        if indexed and indexed[0] != settings.embedding_model:
            _fail(
                f"search: the index was built with {indexed[0]}, settings name "
                f"{settings.embedding_model}; run `seoji ingest corpus/ --rebuild`"
            )
        searcher = make_searcher(settings, backend)
        filters = Filters(docs=tuple(doc or ()), lang=lang, kinds=tuple(kind or ()))
        result = searcher.search(query, mode, filters, size)
        docs = documents_of(backend, (h.passage for h in result.hits))
    except IndexError_ as e:
        _fail(f"search: {e}")
    if as_json:
        typer.echo(json.dumps(_result_json(result, docs), ensure_ascii=False, indent=2))
        return
    if not result.hits:
        typer.echo(f"no passages match {query!r} (terms: {' '.join(result.terms) or 'none'})")
        return
    titles = {i: d.title_ko or d.title_en or d.source for i, d in docs.items()}
    for rank, hit in enumerate(result.hits, 1):
        typer.echo(_hit_line(rank, hit, titles))


@app.command(
    help="Ask a question in Korean or English: the passages that answer it, each with "
    "the sentence that best answers it and where it stands (document, page, section)."
)
def ask(
    question: Annotated[str, typer.Argument(help="The question.")],
    size: Annotated[int, typer.Option("--size", "-n", min=1, max=20, help="Passages.")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answers as JSON.")] = False,
    backend_name: BackendOption = None,
) -> None:
    """Question lookup: hybrid search, then the best sentence of each passage."""
    from index.answer import best_sentences

    if not question.strip():
        _fail("ask: the question is empty", 2)
    settings = get_settings()
    backend = make_backend(settings, backend_name)
    try:
        if backend.counts().passages == 0:
            _fail("ask: the index is empty; run `seoji ingest corpus/` first")
        searcher = make_searcher(settings, backend)
        filters = Filters(kinds=("body", "abstract", "table", "caption"))
        result = searcher.search(question, "hybrid", filters, size)
        passages = [h.passage for h in result.hits]
        answers = best_sentences(question, passages, searcher.encoder, searcher.analyzer)
        docs = documents_of(backend, passages)
    except IndexError_ as e:
        _fail(f"ask: {e}")
    rows: list[dict[str, Any]] = []
    for hit, answer in zip(result.hits, answers, strict=True):
        p = hit.passage
        d = docs.get(p.doc_id)
        rows.append(
            {
                "passage_id": p.id,
                "title": (d.title_ko or d.title_en) if d else None,
                "page": p.page,
                "page_label": p.page_label,
                "section": list(p.section),
                "sentence": p.text[answer.start : answer.end],
                "start": answer.start,
                "end": answer.end,
                "score": answer.score,
            }
        )
    if as_json:
        typer.echo(
            json.dumps({"question": question, "answers": rows}, ensure_ascii=False, indent=2)
        )
        return
    if not rows:
        typer.echo(f"no passage answers {question!r}")
    for rank, row in enumerate(rows, 1):
        page = f"p. {row['page_label']}" if row["page_label"] else f"page {row['page']} (physical)"
        section = " › ".join(row["section"]) or "—"
        where = f"passage {row['passage_id']} [{row['start']}:{row['end']}]"
        typer.echo(
            f"{rank:>2}. {row['title'] or '(untitled)'} · {page} · {section}\n"
            f"    {row['sentence']}\n    {where}"
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
    from api.citations import STYLES, CitationError
    from api.citations import cite as format_citation

    if style.strip().lower() not in STYLES:
        _fail(f"cite: unknown style {style!r}; use one of {', '.join(STYLES)}", 2)
    backend = make_backend(get_settings(), backend_name)
    try:
        found = backend.passages([passage_id])
        if not found:
            _fail(f"cite: no passage {passage_id!r} in the index; find ids with seoji search")
        document = backend.document(found[0].doc_id)
    except IndexError_ as e:
        _fail(f"cite: {e}")
    if document is None:
        _fail(f"cite: the document of passage {passage_id!r} is missing from the index")
    try:
        c = format_citation(document, found[0], style, start, end)
    except CitationError as e:
        _fail(f"cite: {e}", 2)
    typer.echo(c.reference)
    typer.echo(f"in text: {c.in_text}", err=True)
    typer.echo(f"quote ({c.locator}): {c.quote}", err=True)
    if c.missing:
        typer.echo(f"missing metadata: {', '.join(c.missing)}", err=True)


@app.command(help="Serve the HTTP API (OpenAPI docs at /docs) on the indexed corpus.")
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
