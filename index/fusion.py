"""Fusion of the keyword, the semantic and the translated ranked lists: weighted reciprocal
rank fusion, or a weighted sum of the lists' scores.

RRF (Cormack, Clarke & Büttcher, SIGIR 2009) scores a passage by Σ wᵢ / (k + rankᵢ) over the
lists it appears in. It uses ranks only, so BM25 scores (unbounded, backend-specific) and
cosine similarities (bounded, model-specific) need no calibration against each other. k = 60
is the paper's constant: it keeps the first few ranks of one list from drowning the others.

Equal weights are wrong when one list is much worse: with an embedder that does not
understand Korean, equal-weight RRF took KorQuAD nDCG@10 from 0.947 (BM25 alone) to 0.33.
So the weights depend on the query's language and on whether the embedding model understands
it (``index.embed.Profile.languages``); ``WEIGHTS`` holds the values tuned by
``benchmarks/bench_retrieval.py --tune`` (see the README for the figures).

Ranks throw away how sure each list is. For an English question over Korean passages the
semantic list leads and the keyword lists are weaker but sometimes decisive, and there a
weighted sum of the scores ranks better (``_score_parts``): the cosine as it is, each BM25
list divided by its own top score, so that its best passage counts 1. On the development
split (model and lexicon trained without it) that took nDCG@10 from 0.759 to 0.804 and R@10
from 0.916 to 0.934 over 1,500 passages, against the RRF weights used before.
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
# Session 7: the same lists fused by their scores (``_score_parts``), chosen on that split
# again, with dev queries over their 500 passages plus 1,000 training passages as
# distractors, so that the choice is not made at R@10 0.96 (R@10 / MRR@10 / nDCG@10):
# RRF 1:2:0.5 0.916 / 0.709 / 0.759; RRF 1:2:0.25 0.922 / 0.711 / 0.763. Scores with
# semantic 1, translated t, keyword k: t 0.1 k 0.2 0.934 / 0.762 / 0.804; t 0.1 k 0.1
# 0.934 / 0.751 / 0.795; t 0.1 k 0.3 0.934 / 0.742 / 0.789; t 0.05 k 0.2 0.928 / 0.751 /
# 0.794; t 0.14 k 0.2 0.926 / 0.760 / 0.801; t 0.1 k 0 0.920 / 0.722 / 0.770; t 0 k 0.2
# 0.908 / 0.721 / 0.767. Over the 500 dev passages alone: RRF 1:2:0.5 0.962 / 0.806 /
# 0.844, scores (k 0.2, t 0.1) 0.968 / 0.852 / 0.881.
# ("en", False): no model shipped with seoji is in this case; the translated list keeps the
# RRF weight it had above, untuned.
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
