"""The application layer: each of seoji's use cases, written once for every edge.

The CLI (``api.cli``), the HTTP routers (``api.routers``) and the web page parse their input,
call one method of ``Library`` and format what it returns; none of them touches the backend,
the models or ingest for these flows:

    library = make_library(get_settings())          # api.services: the wiring
    library.search("한미상호방위조약", size=3)       # → SearchResponse
    library.ask("What did Trump promise?")          # → AskResponse
    library.support("북한은 체제안전의 보장을 요구했다.", style="korean")  # → CiteResponse
    library.cite(passage_id, "apa", 0, 58)          # → CitationOut
    library.add("note.txt", data, {"year": 1953})   # → UploadResponse (ingest + index)
    library.edit(doc_id, {"year": 1953, "publisher": None})  # → DocumentDetail (a correction)
    library.indexer(rebuild=False)                  # many files in batches (seoji ingest)

Results are the HTTP API's response models (``api.schemas``), so ``seoji search --json``
prints exactly what ``GET /api/search`` returns. Failures are the exceptions below and
``index.contract.IndexError_`` (backend down, index built with another model, refused write);
``api.errors`` turns them into an HTTP status and the one JSON error shape, ``api.cli`` into a
message and an exit status.

Constructing a ``Library`` does no I/O: Kiwi and the embedding model load on first use, or
in ``warm()``.
"""

from __future__ import annotations

import dataclasses
import os
import platform
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from api import originals
from api.citations import CitationError
from api.citations import cite as format_citation
from api.schemas import (
    AskAnswer,
    AskResponse,
    CitationOut,
    CiteResponse,
    CiteSupport,
    CountsOut,
    DeleteResponse,
    DocumentDetail,
    DocumentList,
    DocumentSummary,
    EmbeddingOut,
    Explain,
    HealthResponse,
    PassageContext,
    SearchHit,
    SearchResponse,
    Sentence,
    UploadResponse,
    Weights,
    citation_out,
    document_detail,
    document_summary,
    list_rank,
    parse_edit,
    passage_out,
)
from api.settings import Settings
from index.answer import best_sentences
from index.contract import Backend, Filters, IndexedDocument, IndexMismatch, WriteFailed
from index.embed import Encoder
from index.highlight import highlight_many
from index.lexicon import Lexicon
from index.search import (
    BATCH_PASSAGES,
    Mode,
    Searcher,
    SearchResult,
    documents_of,
    is_indexed,
    prepare_many,
    replace_version,
)
from ingest.analysis import Analyzer
from ingest.edits import apply, forget, unedited, user_values
from ingest.errors import IngestError, MetadataError
from ingest.lang import query_lang
from ingest.metadata import PUBLICATION, Metadata, from_dict
from ingest.pipeline import (
    SUFFIXES,
    Failure,
    Ingested,
    Tools,
    blank_pages,
    document_id,
    duplicate_passages,
    ingest_paths,
    ingest_source,
)
from ingest.readers import read_source
from ingest.records import Document, Lang, Passage, PassageKind

# What ask and support quote from: a keyword list or a title line is no answer.
QUOTABLE: tuple[PassageKind, ...] = ("body", "abstract", "table", "caption", "footnote")
UPLOADS = "uploads"  # the folder an uploaded file's source path is given under


# -- errors ----------------------------------------------------------------------------------


class LibraryError(Exception):
    """A request the library cannot serve; ``code`` is a stable word a client can switch on."""

    code = "error"

    def __init__(self, message: str, code: str | None = None, detail: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.detail = detail


class NotFound(LibraryError):
    """No passage or document with that id."""

    code = "not_found"


class InvalidInput(LibraryError):
    """What was given cannot be used: a citation span or style, a file, its metadata."""

    code = "invalid_request"


class TooLarge(LibraryError):
    """An upload over the limit in settings."""

    code = "too_large"


class Unhealthy(LibraryError):
    """The backend reports itself down; ``detail`` carries its account and the versions."""

    code = "backend_unavailable"


# -- rules every edge shares -----------------------------------------------------------------


def title_of(document: Document | None) -> str | None:
    """The title to show for a document: the Korean one, else the English one, else None.

    Each edge adds its own last resort ("(untitled)", the source path) where it needs one.
    """
    if document is None:
        return None
    return document.title_ko or document.title_en


def relative_source(source: str, corpus_dir: Path) -> str:
    """A document's path relative to the corpus folder, or as stored when not under it.

    No file system access: both paths are made absolute against the working directory, the
    one ingest ran in when it stored a relative path.
    """
    try:
        rel = Path(os.path.abspath(source)).relative_to(os.path.abspath(corpus_dir))
    except ValueError:
        return source
    return rel.as_posix()


def model_matches(indexed: tuple[str, int] | None, encoder: Encoder) -> bool | None:
    """Whether the index was built with this encoder: the same model name and size.

    None when the index has not been built yet (anything may build it).
    """
    if indexed is None:
        return None
    return indexed == (encoder.name, encoder.dim)


@lru_cache
def seoji_version() -> str:
    try:
        return version("seoji")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown"


def upload_name(name: str) -> str:
    """InvalidInput unless ``name`` is a file seoji can read (.txt, .pdf, .hwp, .hwpx, .docx);
    the name itself."""
    if PurePosixPath(name).suffix.lower() not in SUFFIXES:
        msg = (
            f"{name or 'the upload'} is not a .txt, .pdf, .hwp, .hwpx or .docx file; upload "
            "plain text, a PDF, a Hancom or a Word document"
        )
        raise InvalidInput(msg, "unsupported_file")
    return name


# -- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """What became of one ingested document in ``Indexer``.

    indexed: written now; unchanged: the index already held exactly it; prepared: analysed
    and embedded, written by ``Indexer.finish`` (rebuild); failed: refused, see ``error``.
    """

    ingested: Ingested
    status: Literal["indexed", "unchanged", "prepared", "failed"]
    replaced: tuple[str, ...] = ()  # earlier versions of the same source, deleted
    error: WriteFailed | None = None


class Indexer:
    """Writes ingested documents to the backend in batches of about ``BATCH_PASSAGES``
    passages (``prepare_many``: one Kiwi pass and one embedding pass per batch); or, to
    rebuild, all of them at once in ``finish``.

    ``add`` and ``flush`` return the documents done so far; ``finish`` after the last flush.
    """

    def __init__(self, library: Library, rebuild: bool = False) -> None:
        self.library = library
        self.rebuild = rebuild
        self.waiting: list[Ingested] = []
        self.prepared: list[IndexedDocument] = []  # for the rebuild
        self._edited: dict[str, Document] | None = None  # by source, read on first need
        if not rebuild:
            library.backend.ensure(library.encoder.name, library.encoder.dim)

    def _keep_edits(self, ingested: Ingested) -> Ingested:
        """``ingested`` with the user's edits of the version in the index: the same text, or
        else an earlier version of the same file (a rebuild reads them from the index it
        replaces). The user's values win over the sidecar's and over what ingest read."""
        backend = self.library.backend
        previous = backend.document(ingested.document.id)
        if previous is None:
            if self._edited is None:
                self._edited = {d.source: d for d in backend.documents() if d.edits}
            previous = self._edited.get(ingested.document.source)
        if previous is None or not previous.edits:
            return ingested
        document = apply(ingested.document, user_values(previous))
        return dataclasses.replace(ingested, document=document)

    def add(self, ingested: Ingested) -> list[Written]:
        backend = self.library.backend
        ingested = self._keep_edits(ingested)
        if not self.rebuild and is_indexed(backend, ingested.document, ingested.passages):
            return [Written(ingested, "unchanged")]
        self.waiting.append(ingested)
        if sum(len(r.passages) for r in self.waiting) < BATCH_PASSAGES:
            return []
        return self.flush()

    def flush(self) -> list[Written]:
        """Prepare and write the documents waiting."""
        batch, self.waiting = self.waiting, []
        library = self.library
        items = [(r.document, r.passages, r.source_text) for r in batch]
        docs = prepare_many(items, library.encoder, library.analyzer)
        out: list[Written] = []
        for ingested, doc in zip(batch, docs, strict=True):
            if self.rebuild:
                self.prepared.append(doc)
                out.append(Written(ingested, "prepared"))
                continue
            try:
                with library.write_lock:
                    replaced = replace_version(library.backend, doc)
            except WriteFailed as e:
                out.append(Written(ingested, "failed", error=e))
                continue
            out.append(Written(ingested, "indexed", tuple(replaced)))
        return out

    def finish(self) -> None:
        """For a rebuild: replace the whole index with what was prepared, at once."""
        if not self.rebuild:
            return
        library, docs = self.library, self.prepared
        self.prepared = []
        with library.write_lock:
            library.backend.rebuild(docs, library.encoder.name, library.encoder.dim)


# -- the library -----------------------------------------------------------------------------


@dataclass
class Library:
    """Every use case over one backend, one encoder and one analyzer (one Kiwi for search,
    ingest's spacing and sentences alike). Safe to share between threads."""

    settings: Settings
    backend: Backend
    encoder: Encoder
    analyzer: Analyzer
    lexicon: Lexicon | None = None
    lexicon_ko_en: Lexicon | None = None
    searcher: Searcher = field(init=False)
    # Uploads and deletes one at a time: each is all-or-nothing in the backend, but the
    # clean-up of an earlier version of the same file must not interleave with another write.
    write_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Ingest's tools keep per-call state (pysbd's segmenter), so one document at a time.
    ingest_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _tools: Tools | None = field(default=None, repr=False)
    _model_checked: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        self.searcher = Searcher(
            self.backend, self.encoder, self.analyzer, self.lexicon, self.lexicon_ko_en
        )

    @property
    def tools(self) -> Tools:
        """Ingest's models, on the analyzer's Kiwi: one Kiwi per library, not two."""
        if self._tools is None:
            self._tools = Tools(self.analyzer.kiwi)
        return self._tools

    def warm(self) -> None:
        """Load Kiwi and the embedding model now rather than on the first request."""
        self.analyzer.analyze("한국어 분석기 준비")
        self.encoder.encode_queries(["warm up the embedding model"])

    # -- checks ----------------------------------------------------------------------------

    def check_model(self) -> None:
        """IndexMismatch unless the index was built with this library's encoder.

        Checked once (the answer only changes with a rebuild, which needs a restart with the
        new model anyway); an empty index passes and is checked again next time.
        """
        if self._model_checked:
            return
        indexed = self.backend.indexed_model()
        if model_matches(indexed, self.encoder) is False:
            assert indexed is not None
            msg = (
                f"the index was built with {indexed[0]} ({indexed[1]} dimensions), but the "
                f"embedding model in use is {self.encoder.name} ({self.encoder.dim}); set "
                f"SEOJI_EMBEDDING_MODEL={indexed[0]} or rebuild the index (seoji ingest --rebuild)"
            )
            raise IndexMismatch(msg)
        self._model_checked = indexed is not None

    def health(self) -> HealthResponse:
        """Counts, the model and versions; Unhealthy (with the backend's account) when down."""
        backend, encoder = self.backend, self.encoder
        report = backend.health()
        versions = {"seoji": seoji_version(), "python": platform.python_version()}
        if backend.name == "elasticsearch" and "version" in report.info:
            versions["elasticsearch"] = report.info["version"]
        if "sqlite" in report.info:
            versions["sqlite"] = report.info["sqlite"]
        if not report.ok:
            msg = f"the {report.backend} backend is unavailable: {report.detail}"
            detail = {"backend": report.backend, "info": report.info, "versions": versions}
            raise Unhealthy(msg, detail=detail)
        counts = backend.counts()
        indexed = backend.indexed_model()
        return HealthResponse(
            status="ok",
            backend=report.backend,
            detail=report.detail,
            counts=CountsOut(documents=counts.documents, passages=counts.passages),
            embedding=EmbeddingOut(
                model=encoder.name,
                dim=encoder.dim,
                languages=sorted(encoder.languages),
                indexed_model=indexed[0] if indexed else None,
                matches=model_matches(indexed, encoder),
            ),
            versions=versions,
            info=report.info,
        )

    # -- reading ---------------------------------------------------------------------------

    def empty(self) -> bool:
        """True while the index holds no passage (nothing was ingested yet)."""
        return self.backend.counts().passages == 0

    def source(self, document: Document) -> str:
        return relative_source(document.source, self.settings.corpus_dir)

    def summary(self, document: Document) -> DocumentSummary:
        return document_summary(document, self.source(document))

    def passage(self, passage_id: str) -> Passage:
        found = self.backend.passages([passage_id])
        if not found:
            msg = f"no passage {passage_id!r} in the index; passage ids come from search"
            raise NotFound(msg)
        return found[0]

    def document(self, doc_id: str) -> Document:
        document = self.backend.document(doc_id)
        if document is None:
            msg = f"no document {doc_id!r} in the index; the document list has their ids"
            raise NotFound(msg)
        return document

    def documents(self) -> DocumentList:
        documents = self.backend.documents()
        return DocumentList(total=len(documents), documents=[self.summary(d) for d in documents])

    def document_detail(self, doc_id: str) -> DocumentDetail:
        document = self.document(doc_id)
        passages = len(self.backend.document_passages(doc_id))
        return document_detail(document, self.source(document), passages)

    def passage_context(self, passage_id: str, context: int = 1) -> PassageContext:
        """The passage, ``context`` passages either side and the raw text it came from."""
        passage = self.passage(passage_id)
        document = self.document(passage.doc_id)
        siblings = self.backend.document_passages(passage.doc_id)
        at = next((i for i, p in enumerate(siblings) if p.id == passage.id), None)
        before = after = []
        if at is not None:
            before = siblings[max(0, at - context) : at]
            after = siblings[at + 1 : at + 1 + context]
        source_text = self.backend.source_text(passage.doc_id) or ""
        return PassageContext(
            passage=passage_out(passage),
            document=self.summary(document),
            before=[passage_out(p) for p in before],
            after=[passage_out(p) for p in after],
            raw_text=source_text[passage.raw_start : passage.raw_end],
        )

    def _ref(self, passage: Passage, documents: Mapping[str, Document]) -> dict[str, Any]:
        """The fields every hit and answer shares (``schemas.PassageRef``)."""
        document = documents.get(passage.doc_id)
        return {
            "passage_id": passage.id,
            "doc_id": passage.doc_id,
            "source": self.source(document) if document else None,
            "title": title_of(document),
            "lang": passage.lang,
            "page": passage.page,
            "page_label": passage.page_label,
            "section": list(passage.section),
            "kind": passage.kind,
            "text": passage.text,
        }

    # -- search, ask, support, cite --------------------------------------------------------

    def search(
        self,
        query: str,
        mode: Mode = "hybrid",
        *,
        lang: Lang | None = None,
        docs: Sequence[str] = (),
        kinds: Sequence[str] = (),
        size: int = 10,
        offset: int = 0,
    ) -> SearchResponse:
        """Ranked passages with highlights and where each ranked in each list."""
        if mode != "keyword":  # keyword search reads no vectors
            self.check_model()
        filters = Filters(docs=tuple(docs), lang=lang, kinds=tuple(kinds))
        result = self.searcher.search(query, mode, filters, size, offset)
        documents = documents_of(self.backend, (h.passage for h in result.hits))
        marked = highlight_many(
            [h.passage.text for h in result.hits],
            (*result.terms, *result.translations),
            self.analyzer,
        )
        hits = [
            SearchHit(
                **self._ref(hit.passage, documents),
                highlight=highlight,
                score=hit.score,
                explain=Explain(
                    keyword=list_rank(hit.keyword),
                    semantic=list_rank(hit.semantic),
                    translated=list_rank(hit.translated),
                ),
            )
            for hit, highlight in zip(result.hits, marked, strict=True)
        ]
        weights = result.weights
        return SearchResponse(
            query=result.query,
            mode=result.mode,
            lang=result.lang,
            terms=list(result.terms),
            translations=list(result.translations),
            weights=Weights(**weights.by_list(), method=weights.method) if weights else None,
            total=result.total,
            offset=offset,
            hits=hits,
        )

    def _quotes(
        self, text: str, size: int, filters: Filters
    ) -> tuple[SearchResult, list[tuple[int, int, float]], dict[str, Document]]:
        """Hybrid search over the quotable passages, and the best sentence of each."""
        self.check_model()
        filters = dataclasses.replace(filters, kinds=QUOTABLE)
        result = self.searcher.search(text, "hybrid", filters, size)
        passages = [h.passage for h in result.hits]
        best = best_sentences(text, passages, self.encoder, self.analyzer)
        spans = [(b.start, b.end, b.score) for b in best]
        return result, spans, documents_of(self.backend, passages)

    def ask(
        self, question: str, size: int = 5, *, lang: Lang | None = None, docs: Sequence[str] = ()
    ) -> AskResponse:
        """The passages that best match a question, each with the sentence that answers it."""
        result, spans, documents = self._quotes(
            question, size, Filters(docs=tuple(docs), lang=lang)
        )
        answers = [
            AskAnswer(
                **self._ref(hit.passage, documents),
                sentence=Sentence(
                    start=start, end=end, text=hit.passage.text[start:end], score=score
                ),
                score=hit.score,
            )
            for hit, (start, end, score) in zip(result.hits, spans, strict=True)
        ]
        return AskResponse(question=result.query, lang=query_lang(result.query), answers=answers)

    def support(self, text: str, size: int = 5, style: str = "apa") -> CiteResponse:
        """For a sentence being written: the passages that support it, each with the
        sentence to quote and its citation in ``style``."""
        result, spans, documents = self._quotes(text, size, Filters())
        supports = []
        for hit, (start, end, score) in zip(result.hits, spans, strict=True):
            p = hit.passage
            document = documents.get(p.doc_id)
            if document is None:  # deleted since the search
                continue
            citation = self._citation(document, p, style, start, end)
            supports.append(
                CiteSupport(
                    passage_id=p.id,
                    doc_id=p.doc_id,
                    source=self.source(document),
                    title=title_of(document),
                    lang=p.lang,
                    page=p.page,
                    page_label=p.page_label,
                    section=list(p.section),
                    quote=citation.quote,
                    quote_start=citation.start,
                    quote_end=citation.end,
                    score=hit.score,
                    quote_score=score,
                    citation=citation,
                )
            )
        return CiteResponse(
            text=result.query, lang=query_lang(result.query), style=style, supports=supports
        )

    def cite(
        self, passage_id: str, style: str = "apa", start: int | None = None, end: int | None = None
    ) -> CitationOut:
        """A passage, or the span [start, end) of its text, cited in ``style``."""
        passage = self.passage(passage_id)
        return self._citation(self.document(passage.doc_id), passage, style, start, end)

    @staticmethod
    def _citation(
        document: Document, passage: Passage, style: str, start: int | None, end: int | None
    ) -> CitationOut:
        try:
            return citation_out(format_citation(document, passage, style, start, end))
        except CitationError as e:
            raise InvalidInput(str(e), "invalid_citation") from e

    # -- writing ---------------------------------------------------------------------------

    def indexer(self, rebuild: bool = False) -> Indexer:
        """Batches of ingested documents into the index (``seoji ingest``)."""
        return Indexer(self, rebuild)

    def ingest_files(self, paths: Iterable[Path]) -> Iterator[Ingested | Failure]:
        """Read, repair and cut each file; a bad one is a Failure and the rest go on."""
        for path in paths:
            with self.ingest_lock:
                (result,) = ingest_paths([path], self.tools)
            yield result

    def add(self, name: str, data: bytes, metadata: Mapping[str, Any]) -> UploadResponse:
        """Ingest and index one file given as bytes (an upload): ``name`` is its file name,
        ``metadata`` the fields of a sidecar (empty values are left out).

        The same text again changes nothing (status unchanged); a changed file of the same
        name replaces its earlier version. Every failure before the write leaves the index
        as it was. The file itself is kept under the data dir (``api.originals``), so that
        the reader can show its pages; an earlier version's file goes with it.
        """
        upload_name(name)
        limit = self.settings.max_upload_bytes
        if len(data) > limit:
            msg = (
                f"{name} is larger than {limit:,} bytes, the server's limit "
                "(SEOJI_MAX_UPLOAD_BYTES)"
            )
            raise TooLarge(msg)
        ingested = self._ingest_upload(name, data, metadata)
        indexer = self.indexer()
        (written,) = [*indexer.add(ingested), *indexer.flush()]
        if written.error is not None:
            raise written.error
        document = written.ingested.document  # with the user's edits of an earlier version
        for old in written.replaced:
            originals.remove(self.settings.data_dir, old)
        if document.source.startswith(f"{UPLOADS}/"):
            suffix = PurePosixPath(name).suffix
            originals.keep(self.settings.data_dir, document.id, suffix, data)
        return UploadResponse(
            status="unchanged" if written.status == "unchanged" else "indexed",
            document=self.summary(document),
            passages=len(ingested.passages),
            replaced=list(written.replaced),
            pages_without_text=blank_pages(ingested),
            duplicate_passages=duplicate_passages(ingested),
        )

    def _ingest_upload(self, name: str, data: bytes, metadata: Mapping[str, Any]) -> Ingested:
        """Read, repair and cut an upload; InvalidInput with the reason when it cannot be.

        The same text uploaded again without metadata is the document the index already
        holds (ids come from the text): it keeps that document's metadata and source path,
        so uploading a corpus file does not strip the titles its sidecar gave it. (The
        user's edits of it are kept by ``Indexer``, over whatever the upload gives.)
        """
        given = {k: v for k, v in metadata.items() if v not in (None, "", [], ())}
        try:
            meta = from_dict(given, name, "user")
            with tempfile.TemporaryDirectory(prefix="seoji-upload-") as tmp:
                path = Path(tmp) / f"upload{PurePosixPath(name).suffix.lower()}"
                path.write_bytes(data)
                source = read_source(path)
            where = f"{UPLOADS}/{name}"
            known = None if given else self.backend.document(document_id(source.text))
            if known is not None:
                meta, where = _metadata_of(unedited(known)), known.source
            with self.ingest_lock:
                return ingest_source(dataclasses.replace(source, path=where), meta, self.tools)
        except MetadataError as e:
            raise InvalidInput(f"{name}: {e.reason}", "invalid_metadata") from e
        except IngestError as e:
            raise InvalidInput(f"{name} {e.reason}", "unreadable_document") from e

    def edit(self, doc_id: str, changes: Mapping[str, Any]) -> DocumentDetail:
        """Correct a document's metadata (the fields of ``api.schemas.DocumentEdit``): a
        value sets the field (an empty one says the document states none), None forgets the
        user's edit and gives back what ingest found, with its provenance. Edits outlast
        every later ingest of the document (``Indexer``); the answer is the document as now
        indexed. InvalidInput for an unknown field or a value of the wrong type.
        """
        try:
            given = parse_edit(changes)
        except ValueError as e:
            raise InvalidInput(str(e), "invalid_request") from e
        drop = [name for name, value in given.items() if value is None]
        values = {name: value for name, value in given.items() if value is not None}
        self.check_model()
        with self.write_lock:
            document = self.document(doc_id)
            edited = apply(forget(document, drop), values)
            if edited != document:
                self._rewrite(edited)
        return self.document_detail(doc_id)

    def _rewrite(self, document: Document) -> None:
        """Write an indexed document again with a new record. Its passages stay, but each is
        indexed with its document's titles (``index.search.context``) and year, so they are
        analysed and embedded again; the backend replaces the whole document in one step."""
        passages = self.backend.document_passages(document.id)
        source_text = self.backend.source_text(document.id) or ""
        (doc,) = prepare_many([(document, passages, source_text)], self.encoder, self.analyzer)
        self.backend.replace_document(doc)

    def delete(self, doc_id: str) -> DeleteResponse:
        """Remove a document and all its passages."""
        with self.write_lock:
            removed = self.backend.delete_document(doc_id)
        if not removed:
            msg = f"no document {doc_id!r} in the index; the document list has their ids"
            raise NotFound(msg)
        originals.remove(self.settings.data_dir, doc_id)
        return DeleteResponse(id=doc_id, deleted=True)

    def original(self, document: Document) -> Path | None:
        """The file a document was read from, where it still is: a kept upload, or the
        corpus file."""
        if document.source.startswith(f"{UPLOADS}/"):
            return originals.find(self.settings.data_dir, document.id)
        for path in (
            Path(document.source),
            self.settings.corpus_dir / relative_source(document.source, self.settings.corpus_dir),
        ):
            if path.is_file():
                return path
        return None

    def page_image(self, doc_id: str, page: int) -> Path:
        """A PDF document's page (from 1) as a PNG file (``api.originals``); NotFound when
        the document is no PDF, its file is gone or it has no such page."""
        document = self.document(doc_id)
        pdf = self.original(document)
        if pdf is None or pdf.suffix.lower() != ".pdf":
            msg = f"document {doc_id!r} has no PDF original on this server to show pages from"
            raise NotFound(msg, "no_original")
        image = originals.render_page(pdf, page, self.settings.data_dir / originals.PAGES / doc_id)
        if image is None:
            raise NotFound(f"document {doc_id!r} has no page {page}")
        return image


def _metadata_of(document: Document) -> Metadata:
    """What a user or a sidecar gave the indexed document, to give it again on re-ingest;
    what ingest found in the document itself it finds again (with its provenance)."""
    given = {p.field: p.source for p in document.provenance if p.source in ("user", "sidecar")}
    if not document.provenance:  # indexed before provenance was recorded: all of it given
        given = dict.fromkeys(("title_ko", "title_en", "doc_type", "year", "authors"), "sidecar")
        given["publisher"] = "sidecar"
    return Metadata(
        title_ko=document.title_ko if "title_ko" in given else None,
        title_en=document.title_en if "title_en" in given else None,
        subtitle=document.subtitle if "subtitle" in given else None,
        doc_type=document.doc_type if "doc_type" in given else None,
        year=document.year if "year" in given else None,
        authors=document.authors if "authors" in given else (),
        publisher=document.publisher if "publisher" in given else None,
        **{name: getattr(document, name) if name in given else None for name in PUBLICATION},
        source="user" if "user" in given.values() else "sidecar",
    )
