"""Weighted reciprocal rank fusion of the keyword and the semantic ranked lists.

RRF (Cormack, Clarke & Büttcher, SIGIR 2009) scores a passage by Σ wᵢ / (k + rankᵢ) over the
lists it appears in. It uses ranks only, so BM25 scores (unbounded, backend-specific) and
cosine similarities (bounded, model-specific) need no calibration against each other. k = 60
is the paper's constant: it keeps the first few ranks of one list from drowning the others.

Equal weights are wrong when one list is much worse: with an embedder that does not
understand Korean, equal-weight RRF took KorQuAD nDCG@10 from 0.947 (BM25 alone) to 0.33.
So the weights depend on the query's language and on whether the embedding model understands
it (``index.embed.Profile.languages``); ``WEIGHTS`` holds the values tuned by
``benchmarks/bench_retrieval.py --tune`` (see the README for the figures).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from index.contract import Scored

K = 60


@dataclass(frozen=True)
class Weights:
    keyword: float
    semantic: float
    translated: float = 0.0  # an English query's Korean translations (``index.lexicon``)

    def by_list(self) -> dict[str, float]:
        """Weight by list name, as ``rrf`` takes them (the names are the fields')."""
        return dataclasses.asdict(self)


# (query language, does the model understand it?) → weights, from
# ``bench_retrieval.py --tune`` (figures in the README):
# ("ko", False), with all-MiniLM-L6-v2 (semantic nDCG@10 0.058 on KorQuAD, 0.062 on AutoRAG):
# a semantic weight of 0.01 changes nothing, 0.02 already costs 0.007 and 1.0 drops KorQuAD to
# 0.353; so the model's list only explains, never moves.
# ("ko", True), with seoji-static (semantic 0.617 KorQuAD, 0.598 AutoRAG, against keyword
# 0.959 and 0.941): 0.01 ties keyword on KorQuAD, unspaced KorQuAD and AutoRAG, 0.02 loses
# (-0.003), 1.0 drops KorQuAD to 0.802. Korean-to-Korean ranking is the keyword list's, the
# model breaks ties.
# ("en", True), English questions on Korean passages (held-out MS MARCO, seoji-static):
# keyword 0.163, semantic 0.782; hybrid 0.741 at 1:1, 0.7945 at 1:3, flat beyond (0.7948 at
# 1:10). Keyword still helps with names and numbers that the passages keep in Latin script.
# With the translated list (``index.lexicon``, top 3 translations with p >= 0.05), chosen on
# the development split with a model and lexicon trained without it (nDCG@10 / R@10):
# semantic alone 0.831 / 0.940; 1:2 0.841 / 0.952; 1:2:0.5 0.852 / 0.960; 1:2:1 0.843 /
# 0.946; 1:3:0.5 0.849 / 0.956; 1:5:0.5 0.851 / 0.950. More translated weight than 0.5
# loses: the list finds the passage less often than the embedding (R@10 0.78 against 0.94)
# but often enough in the places where the embedding misses.
# ("en", False): no model shipped with seoji is in this case; the translated list keeps the
# weight it has above, untuned.
WEIGHTS: dict[tuple[str, bool], Weights] = {
    ("ko", True): Weights(1.0, 0.01),
    ("ko", False): Weights(1.0, 0.0),
    ("en", True): Weights(1.0, 2.0, 0.5),
    ("en", False): Weights(1.0, 0.0, 0.5),
}


def weights_for(query_lang: str, model_languages: frozenset[str]) -> Weights:
    return WEIGHTS[(query_lang, query_lang in model_languages)]


@dataclass(frozen=True)
class Fused:
    passage_id: str
    score: float
    ranks: Mapping[str, Scored]  # list name → this passage's entry in that list


def rrf(
    lists: Mapping[str, Sequence[Scored]], weights: Mapping[str, float], k: int = K
) -> list[Fused]:
    """Fuse ranked lists; ties go to the better rank in the first list, then to the id.

    A list with weight 0 still explains each hit's rank there, but does not move it.
    """
    entries: dict[str, dict[str, Scored]] = {}
    for name, ranked in lists.items():
        for entry in ranked:
            entries.setdefault(entry.passage_id, {})[name] = entry
    names = list(lists)

    def score(pid: str) -> float:
        return sum(weights.get(n, 0.0) / (k + e.rank) for n, e in entries[pid].items())

    def tiebreak(pid: str) -> tuple[int, ...]:
        return tuple(entries[pid][n].rank if n in entries[pid] else 1 << 30 for n in names)

    fused = [Fused(pid, score(pid), entries[pid]) for pid in entries]
    fused.sort(key=lambda f: (-f.score, tiebreak(f.passage_id), f.passage_id))
    return fused
