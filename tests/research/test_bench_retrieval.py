"""The metric and fusion helpers of research.bench_retrieval (no data, no model)."""

from __future__ import annotations

import math

import pytest

from index.contract import KeywordQuery, Scored
from index.fusion import Weights
from index.search import Ranked
from research import bench_retrieval as bench


def test_score_first_rank_is_perfect() -> None:
    s = bench.score(["a", "x", "y"], frozenset({"a"}))
    assert (s.ndcg, s.recall, s.mrr) == (1.0, 1.0, 1.0)


def test_score_third_rank() -> None:
    s = bench.score(["x", "y", "a"], frozenset({"a"}))
    assert s.ndcg == pytest.approx(1 / math.log2(4))
    assert s.recall == 1.0
    assert s.mrr == pytest.approx(1 / 3)


def test_score_ignores_hits_below_k() -> None:
    ranked = [f"x{i}" for i in range(10)] + ["a"]
    assert bench.score(ranked, frozenset({"a"})) == bench.Scores(0.0, 0.0, 0.0)


def test_score_several_relevant() -> None:
    # Two relevant, one found at rank 2: the ideal ranking has both at ranks 1 and 2.
    s = bench.score(["x", "b", "y"], frozenset({"a", "b"}))
    assert s.ndcg == pytest.approx((1 / math.log2(3)) / (1 + 1 / math.log2(3)))
    assert s.recall == 0.5
    assert s.mrr == 0.5


def test_mean_scores() -> None:
    s = bench.mean_scores([["a"], ["x"]], [frozenset({"a"}), frozenset({"b"})])
    assert (s.ndcg, s.recall, s.mrr) == (0.5, 0.5, 0.5)


def _ranked(*ids: str) -> list[Scored]:
    return [Scored(pid, rank, 1.0 / rank) for rank, pid in enumerate(ids, 1)]


def _lists(
    keyword: list[Scored], semantic: list[Scored], translated: list[Scored] | None = None
) -> Ranked:
    return Ranked(KeywordQuery("q", ("q",)), "en", keyword, semantic, (), translated or [])


def test_fused_top_zero_weight_keeps_the_keyword_order() -> None:
    keyword, semantic = _ranked("a", "b", "c"), _ranked("c", "b", "d")
    assert bench.fused_top(_lists(keyword, semantic), Weights(1.0, 0.0), k=3) == ["a", "b", "c"]


def test_fused_top_zero_weight_brings_no_hits_of_its_own() -> None:
    keyword, semantic = _ranked("a"), _ranked("b", "a")
    assert bench.fused_top(_lists(keyword, semantic), Weights(1.0, 0.0)) == ["a"]
    assert bench.fused_top(_lists(keyword, semantic), Weights(0.0, 1.0)) == ["b", "a"]


def test_fused_top_equal_weights_rewards_agreement() -> None:
    keyword, semantic = _ranked("a", "b", "c"), _ranked("b", "d", "e")
    assert bench.fused_top(_lists(keyword, semantic), Weights(1.0, 1.0), k=3) == ["b", "a", "d"]


def test_best_weight_maximises_the_worst_margin() -> None:
    hybrid = {"k": {0.0: 0.90, 0.1: 0.93, 0.5: 0.99}, "a": {0.0: 0.80, 0.1: 0.84, 0.5: 0.70}}
    parts = {"k": 0.90, "a": 0.80}
    w, margin = bench.best_weight(hybrid, parts)
    assert w == 0.1
    assert margin == pytest.approx(0.03)


def test_best_weight_ties_go_to_the_smaller_weight() -> None:
    w, margin = bench.best_weight({"k": {0.0: 0.9, 0.01: 0.9}}, {"k": 0.9})
    assert (w, margin) == (0.0, 0.0)


def test_sample_is_deterministic_and_ordered() -> None:
    data = bench.Dataset(
        "t", "T", ["d"], ["text"], [()], [f"q{i}" for i in range(50)], [frozenset()] * 50
    )
    one, two = data.sample(10, seed=3), data.sample(10, seed=3)
    assert one.queries == two.queries
    assert len(one.queries) == 10
    assert one.queries == sorted(one.queries, key=lambda q: int(q[1:]))
    assert data.sample(0, seed=3) is data


def test_records_one_body_passage_per_document() -> None:
    data = bench.Dataset("korquad", "K", ["t#0"], ["본문"], [("제목",)], [], [])
    [(document, passage)] = bench.records(data)
    assert (document.id, document.source, document.title_ko) == ("t#0", "korquad", "제목")
    assert (passage.id, passage.doc_id, passage.section, passage.raw_end) == (
        "t#0",
        "t#0",
        ("제목",),
        2,
    )


def test_fused_top_counts_the_translated_list_by_its_weight() -> None:
    keyword, semantic, translated = _ranked("a"), _ranked("b"), _ranked("c", "b")
    lists = _lists(keyword, semantic, translated)
    assert bench.fused_top(lists, Weights(1.0, 1.0)) == ["a", "b"]
    # a and c tie; the better keyword rank goes first
    assert bench.fused_top(lists, Weights(1.0, 1.0, 1.0)) == ["b", "a", "c"]
