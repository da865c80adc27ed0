"""index.fusion: RRF and score fusion of ranked lists (no backend, no model)."""

from __future__ import annotations

import pytest

from index.contract import Scored
from index.fusion import WEIGHTS, K, Weights, fuse


def _scored(*pairs: tuple[str, float]) -> list[Scored]:
    return [Scored(pid, rank, score) for rank, (pid, score) in enumerate(pairs, 1)]


def _order(lists: dict[str, list[Scored]], weights: Weights) -> list[str]:
    return [f.passage_id for f in fuse(lists, weights)]


def test_rrf_parts_are_weight_over_k_plus_rank() -> None:
    lists = {"keyword": _scored(("a", 9.0), ("b", 3.0)), "semantic": _scored(("b", 0.8))}
    fused = {f.passage_id: f for f in fuse(lists, Weights(1.0, 2.0))}
    assert fused["b"].parts == {"keyword": 1 / (K + 2), "semantic": 2 / (K + 1)}
    assert fused["b"].score == pytest.approx(1 / (K + 2) + 2 / (K + 1))
    assert _order(lists, Weights(1.0, 2.0)) == ["b", "a"]


def test_scores_let_a_confident_list_decide_where_ranks_cannot() -> None:
    # Same ranks in both cases; only how far apart the cosines are differs.
    keyword = _scored(("b", 10.0), ("a", 9.0))
    close = {"keyword": keyword, "semantic": _scored(("a", 0.60), ("b", 0.59))}
    far = {"keyword": keyword, "semantic": _scored(("a", 0.60), ("b", 0.30))}
    weights = Weights(0.2, 1.0, 0.0, "scores")
    assert _order(close, weights) == ["b", "a"]  # 0.59 + 0.2 beats 0.60 + 0.18
    assert _order(far, weights) == ["a", "b"]
    assert _order(close, Weights(0.2, 1.0)) == _order(far, Weights(0.2, 1.0))  # RRF: one order


def test_scores_divide_bm25_by_the_lists_top_so_its_scale_does_not_matter() -> None:
    semantic = _scored(("a", 0.50), ("b", 0.45), ("c", 0.40))
    weights = Weights(0.3, 1.0, 0.2, "scores")
    small = {
        "keyword": _scored(("c", 2.0), ("b", 1.0)),
        "semantic": semantic,
        "translated": _scored(("b", 4.0)),
    }
    large = {
        "keyword": _scored(("c", 200.0), ("b", 100.0)),
        "semantic": semantic,
        "translated": _scored(("b", 0.04)),
    }
    assert _order(small, weights) == _order(large, weights) == ["b", "c", "a"]
    fused = {f.passage_id: f for f in fuse(small, weights)}
    assert fused["b"].parts == pytest.approx({"keyword": 0.15, "semantic": 0.45, "translated": 0.2})
    assert fused["b"].score == pytest.approx(0.8)


def test_scores_give_a_passage_missing_from_the_semantic_list_its_lowest_cosine() -> None:
    lists = {"keyword": _scored(("z", 5.0)), "semantic": _scored(("a", 0.7), ("b", 0.2))}
    fused = {f.passage_id: f for f in fuse(lists, Weights(0.2, 1.0, 0.0, "scores"))}
    assert fused["z"].parts == pytest.approx({"keyword": 0.2, "semantic": 0.2})
    assert "semantic" not in fused["z"].ranks
    assert [f.passage_id for f in fuse(lists, Weights(0.2, 1.0, 0.0, "scores"))] == [
        "a",
        "z",
        "b",
    ]


@pytest.mark.parametrize("method", ["rrf", "scores"])
def test_a_list_weighted_zero_brings_in_no_passage_and_moves_none(method: str) -> None:
    lists = {
        "keyword": _scored(("a", 3.0), ("b", 2.0)),
        "semantic": _scored(("c", 0.9), ("b", 0.8), ("a", 0.1)),
    }
    weights = Weights(1.0, 0.0, 0.0, method)  # type: ignore[arg-type]
    fused = fuse(lists, weights)
    assert [f.passage_id for f in fused] == ["a", "b"]
    assert fused[0].ranks["semantic"].rank == 3  # still explained
    assert fused[0].parts.get("semantic", 0.0) == 0.0


def test_scores_with_a_negative_cosine_still_rank_and_keep_the_hit() -> None:
    lists = {"semantic": _scored(("a", -0.05), ("b", -0.2))}
    assert _order(lists, Weights(0.0, 1.0, 0.0, "scores")) == ["a", "b"]


def test_by_list_names_the_lists_only() -> None:
    assert Weights(0.2, 1.0, 0.1, "scores").by_list() == {
        "keyword": 0.2,
        "semantic": 1.0,
        "translated": 0.1,
    }


def test_english_queries_with_a_model_that_reads_english_use_score_fusion() -> None:
    assert WEIGHTS[("en", True)].method == "scores"
    assert WEIGHTS[("ko", True)].method == "rrf"
