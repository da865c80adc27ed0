"""The ``seoji`` command line."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from tqdm import tqdm

from api.settings import get_settings
from ingest.pipeline import Failure, Ingested, Tools, expand_paths, ingest_paths

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
    "Repair source texts and cut them into citable passages (no index needed).\n\n"
    "Prints a summary per document (pages, passages, repairs by kind) and names each bad "
    "file with its reason. Exits non-zero only when nothing could be ingested."
)


@app.command(help=INGEST_HELP)
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files (.txt, .pdf) or folders to ingest; folders are searched."),
    ],
    out: Annotated[
        str, typer.Option("--out", "-o", help="Passages as JSON lines; '-' for standard output.")
    ] = "-",
    documents: Annotated[
        str | None,
        typer.Option(help="Also write one JSON line of metadata per document to this file."),
    ] = None,
) -> None:
    """Ingest files into passages; see ``INGEST_HELP``."""
    get_settings()  # validates SEOJI_* settings early, with a clear message
    files = expand_paths(paths)
    if not files:
        typer.echo("seoji ingest: no .txt or .pdf files found in the given paths", err=True)
        raise typer.Exit(2)
    tools = Tools()
    passages_out = _AtomicJsonl(out)
    docs_out = _AtomicJsonl(documents) if documents else None
    ok = 0
    failed: list[Failure] = []
    try:
        bar = tqdm(files, desc="ingest", unit="file", disable=None, file=sys.stderr)
        for result in ingest_paths(bar, tools):
            if isinstance(result, Failure):
                failed.append(result)
                tqdm.write(f"FAILED {result.path}: {result.reason}", file=sys.stderr)
                continue
            ok += 1
            for passage in result.passages:
                passages_out.write(passage)
            if docs_out:
                docs_out.write(result.document)
            tqdm.write(_summary(result), file=sys.stderr)
    except BaseException:
        passages_out.abort()
        if docs_out:
            docs_out.abort()
        raise
    typer.echo(f"{ok} ingested, {len(failed)} failed", err=True)
    if ok == 0:
        passages_out.abort()  # leave any earlier output as it was
        if docs_out:
            docs_out.abort()
        raise typer.Exit(1)
    passages_out.commit()
    if docs_out:
        docs_out.commit()


if __name__ == "__main__":
    app()
