"""An English → Korean word lexicon, for a third list in hybrid search: the English query's
words looked up in Korean.

The embedding model answers "When did the Mutual Defense Treaty enter into force?" over
Korean passages by meaning; the keyword list cannot, its English terms are not in Korean
text. This lexicon gives that question a keyword list after all: each English term
(analysed as ``ingest.analysis`` analyses English: stemmed, stopwords out) is replaced by the
Korean index terms it most often translates to (treati → 조약, presid → 대통령), and
BM25 ranks the Korean passages on those. The list makes different mistakes from the
embedding's, which is what fusion needs (figures in the README and the lexicon's card).

The table is IBM Model 1 (Brown et al., 1993): translation probabilities t(korean | english)
estimated by EM over sentence pairs, both sides cut into the same terms the keyword index
uses, so a translation is always a term that can match. ``scripts/train_lexicon.py``
rebuilds it from ``../shared/benchmarks``.

File format (gzip, UTF-8, tab-separated, one translation per line, best first per term):
``english<TAB>korean<TAB>probability``.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent.parent / "models" / "seoji-lexicon"
LEXICON_PATH = LEXICON_DIR / "en-ko.tsv.gz"

# Translations kept per English term at query time, and the least probability of one.
# Chosen on the development split (``scripts/train_lexicon.py`` prints the grid).
TOP = 3
MIN_PROBABILITY = 0.05


@dataclass(frozen=True)
class Lexicon:
    entries: Mapping[str, tuple[tuple[str, float], ...]]  # english → (korean, p), best first

    def translate(
        self, terms: Iterable[str], top: int = TOP, min_probability: float = MIN_PROBABILITY
    ) -> list[str]:
        """The Korean terms for some English terms, in query order, each once."""
        out: dict[str, None] = {}
        for term in terms:
            for korean, p in self.entries.get(term, ())[:top]:
                if p >= min_probability:
                    out.setdefault(korean)
        return list(out)

    def __len__(self) -> int:
        return len(self.entries)


def lexicon_from(rows: Iterable[tuple[str, str, float]]) -> Lexicon:
    """A lexicon from (english, korean, probability) rows, any order."""
    grouped: dict[str, list[tuple[str, float]]] = {}
    for english, korean, p in rows:
        grouped.setdefault(english, []).append((korean, p))
    return Lexicon({e: tuple(sorted(ts, key=lambda t: (-t[1], t[0]))) for e, ts in grouped.items()})


def save_lexicon(lexicon: Lexicon, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime 0: the same lexicon gives the same bytes
    with (
        path.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
    ):
        for english in sorted(lexicon.entries):
            for korean, p in lexicon.entries[english]:
                gz.write(f"{english}\t{korean}\t{p:.4f}\n".encode())


def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read a lexicon file; a clear error if it is missing or malformed."""
    rows: list[tuple[str, str, float]] = []
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 3:
                    msg = f"{path}:{n}: expected english<TAB>korean<TAB>probability"
                    raise ValueError(msg)
                rows.append((parts[0], parts[1], float(parts[2])))
    except OSError as e:
        msg = f"cannot read the lexicon {path}: {e}"
        raise ValueError(msg) from e
    return lexicon_from(rows)


def model1(
    pairs: Sequence[tuple[Sequence[str], Sequence[str]]], iterations: int = 5
) -> dict[str, dict[str, float]]:
    """IBM Model 1: t(korean | english) from (korean terms, english terms) pairs, by EM.

    Each Korean term of a pair is explained by one English term of the same pair or by
    nothing (NULL); EM spreads that explanation in proportion to the current t, starting
    from uniform. Returns english → {korean: t}, NULL left out.
    """
    null = ""
    k_ids: dict[str, int] = {}
    e_ids: dict[str, int] = {null: 0}
    data = [
        (
            [k_ids.setdefault(k, len(k_ids)) for k in ko],
            [0, *(e_ids.setdefault(e, len(e_ids)) for e in en)],
        )
        for ko, en in pairs
        if ko and en
    ]
    t: dict[tuple[int, int], float] = {}
    for _ in range(iterations):
        counts: dict[tuple[int, int], float] = {}
        totals = [0.0] * len(e_ids)
        for ko_ids, en_ids in data:
            for k in ko_ids:
                keys = [(k, e) for e in en_ids]
                weights = [t.get(key, 1.0) for key in keys]
                z = sum(weights)
                for key, w in zip(keys, weights, strict=True):
                    c = w / z
                    counts[key] = counts.get(key, 0.0) + c
                    totals[key[1]] += c
        t = {key: c / totals[key[1]] for key, c in counts.items()}
    korean = {i: k for k, i in k_ids.items()}
    english = {i: e for e, i in e_ids.items()}
    out: dict[str, dict[str, float]] = {}
    for (k, e), p in t.items():
        if e != 0:
            out.setdefault(english[e], {})[korean[k]] = p
    return out
