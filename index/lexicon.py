"""An English → Korean word lexicon, for a third list in hybrid search: the English query's
words looked up in Korean.

The embedding model answers "When did the Mutual Defense Treaty enter into force?" over
Korean passages by meaning; the keyword list cannot, its English terms are not in Korean
text. This lexicon gives that question a keyword list after all: each English term
(analysed as ``ingest.analysis`` analyses English: stemmed, stopwords out) is replaced by the
Korean index terms it most often translates to (treati → 조약, presid → 대통령), and
BM25 ranks the Korean passages on those. The list makes different mistakes from the
embedding's, which is what fusion needs (figures in the lexicon's card and docs/benchmarks.md).

The table is IBM Model 1 (Brown et al., 1993): translation probabilities t(korean | english)
estimated by EM over sentence pairs, both sides cut into the same terms the keyword index
uses, so a translation is always a term that can match. ``python -m research.train_lexicon``
trains it; this module only reads and uses it.

File format (gzip, UTF-8, tab-separated, one translation per line, best first per term):
``english<TAB>korean<TAB>probability``.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

# Shipped inside the package (package data), so that an installed wheel finds it.
LEXICON_DIR = Path(__file__).resolve().parent / "models" / "seoji-lexicon"
LEXICON_PATH = LEXICON_DIR / "en-ko.tsv.gz"
KO_EN_PATH = LEXICON_DIR / "ko-en.tsv.gz"  # the other way: Korean query terms → English

# Translations kept per English term at query time, and the least probability of one.
# Chosen on the development split (``python -m research.train_lexicon`` prints the grid).
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
