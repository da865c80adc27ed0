"""Fusion of the keyword, the semantic and the translated ranked lists: weighted reciprocal
rank fusion, or a weighted sum of the lists' scores.

RRF (Cormack, Clarke & Büttcher, SIGIR 2009) scores a passage by Σ wᵢ / (k + rankᵢ) over the
lists it appears in. It uses ranks only, so BM25 scores (unbounded, backend-specific) and
cosine similarities (bounded, model-specific) need no calibration against each other. k = 60
is the paper's constant: it keeps the first few ranks of one list from drowning the others.

Equal weights are wrong when one list is much worse: with an embedder that does not
understand Korean, equal-weight RRF took KorQuAD nDCG@10 from 0.947 (BM25 alone) to 0.33.
So the weights depend on the query's language and on whether the embedding model understands
it (``index.embed.Profile.languages``); ``WEIGHTS`` holds the values tuned with
``python -m research.bench_retrieval --tune`` (what was tried: docs/experiments.md).

Ranks throw away how sure each list is. For an English question over Korean passages the
semantic list leads and the keyword lists are weaker but sometimes decisive, and there a
weighted sum of the scores ranks better (``_score_parts``): the cosine as it is, each BM25
list divided by its own top score, so that its best passage counts 1.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from index.contract import Scored

K = 60
Method = Literal["rrf", "scores"]
COSINE_LISTS = frozenset({"semantic"})  # scored by cosine; the others by BM25


@dataclass(frozen=True)
class Weights:
    keyword: float
    semantic: float
    translated: float = 0.0  # an English query's Korean translations (``index.lexicon``)
    method: Method = "rrf"  # how the weighted lists are combined; see ``fuse``

    def by_list(self) -> dict[str, float]:
        """Weight by list name (the names are the fields', all but ``method``)."""
        weights = dataclasses.asdict(self)
        del weights["method"]
        return weights


# (query language, does the model understand it?) → weights. Korean queries: the keyword list
# ranks, a model that understands Korean only breaks ties (0.01; 0.02 already loses). English
# queries over Korean passages: the cosine leads, the keyword and translated BM25 lists add
# what the model misses. Chosen on development splits; the grids are in docs/experiments.md.
WEIGHTS: dict[tuple[str, bool], Weights] = {
    ("ko", True): Weights(1.0, 0.01),
    ("ko", False): Weights(1.0, 0.0),
    ("en", True): Weights(0.2, 1.0, 0.1, "scores"),
    ("en", False): Weights(1.0, 0.0, 0.5),
}


def weights_for(query_lang: str, model_languages: frozenset[str]) -> Weights:
    return WEIGHTS[(query_lang, query_lang in model_languages)]


@dataclass(frozen=True)
class Fused:
    passage_id: str
    score: float
    ranks: Mapping[str, Scored]  # list name → this passage's entry in that list
    parts: Mapping[str, float]  # list name → its share of ``score``


def fuse(lists: Mapping[str, Sequence[Scored]], weights: Weights) -> list[Fused]:
    """The passages of the lists with a weight above 0, best first, by ``weights.method``.

    A list with weight 0 still explains each hit's rank there, but brings in no passage and
    moves none. Ties go to the better rank in the first list, then the next, then to the id.
    """
    by_list = weights.by_list()
    entries: dict[str, dict[str, Scored]] = {}
    for name, ranked in lists.items():
        for entry in ranked:
            entries.setdefault(entry.passage_id, {})[name] = entry
    parts = (
        _rrf_parts(entries, by_list)
        if weights.method == "rrf"
        else _score_parts(lists, entries, by_list)
    )
    names = list(lists)

    def tiebreak(pid: str) -> tuple[int, ...]:
        return tuple(entries[pid][n].rank if n in entries[pid] else 1 << 30 for n in names)

    fused = [
        Fused(pid, sum(parts[pid].values()), found, parts[pid])
        for pid, found in entries.items()
        if any(by_list.get(n, 0.0) > 0 for n in found)
    ]
    fused.sort(key=lambda f: (-f.score, tiebreak(f.passage_id), f.passage_id))
    return fused


def _rrf_parts(
    entries: Mapping[str, Mapping[str, Scored]], weights: Mapping[str, float]
) -> dict[str, dict[str, float]]:
    """Σ wᵢ / (K + rankᵢ) over the lists a passage is in."""
    return {
        pid: {n: weights.get(n, 0.0) / (K + e.rank) for n, e in found.items()}
        for pid, found in entries.items()
    }


def _score_parts(
    lists: Mapping[str, Sequence[Scored]],
    entries: Mapping[str, Mapping[str, Scored]],
    weights: Mapping[str, float],
) -> dict[str, dict[str, float]]:
    """Σ wᵢ × scoreᵢ: a cosine as it is, a BM25 score divided by its list's top score.

    A passage missing from a BM25 list scores 0 there; one missing from a cosine list gets
    that list's lowest cosine, as it ranked below all of the list's passages.
    """
    scale: dict[str, float] = {}
    floor: dict[str, float] = {}
    for name, ranked in lists.items():
        if name in COSINE_LISTS:
            scale[name] = 1.0
            floor[name] = min((e.score for e in ranked), default=0.0)
        else:
            top = max((e.score for e in ranked), default=0.0)
            scale[name] = 1.0 / top if top > 0 else 0.0
            floor[name] = 0.0
    out: dict[str, dict[str, float]] = {}
    for pid, found in entries.items():
        out[pid] = {
            n: weights.get(n, 0.0) * (found[n].score * scale[n] if n in found else floor[n])
            for n in lists
            if n in found or floor[n]
        }
    return out
