"""seoji-static, the bilingual model shipped with seoji: loads offline, aligns Korean and
English, matches the index's dimension, reuses the keyword analysis."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.embed import DEFAULT_MODEL, Embedder, resolve_model
from index.static import (
    MODEL_DIR,
    WORDPIECE_NAME,
    StaticEncoder,
    StaticTable,
    korean_units,
    load_table,
    oov_basis,
    oov_vectors,
    save_table,
)
from ingest.analysis import Analyzer, shared_analyzer

# Written for this test (none of them is in the training data): each Korean sentence and its
# English translation, on the subjects seoji's users write about, and on others.
PAIRS = [
    (
        "한미상호방위조약은 1954년 11월 17일에 발효되었다.",
        "The Mutual Defense Treaty entered into force on 17 November 1954.",
    ),
    ("북한은 핵무기 개발을 계속하고 있다.", "North Korea continues to develop nuclear weapons."),
    ("대통령은 어제 기자회견을 열었다.", "The president held a press conference yesterday."),
    ("이 식당의 김치찌개는 아주 맛있다.", "The kimchi stew at this restaurant is very tasty."),
    ("비가 와서 경기가 취소되었다.", "The game was cancelled because of the rain."),
    ("학생들은 도서관에서 시험 공부를 했다.", "The students studied for the exam in the library."),
]


@pytest.fixture(scope="module")
def st_model(embedder: Embedder):
    """The default model as sentence-transformers loads it: the session's embedder's."""
    assert embedder.name == DEFAULT_MODEL
    return embedder.model


@pytest.fixture(scope="module")
def encoder(st_model) -> StaticEncoder:
    """The encoder inside the session's default model (its table and MiniLM loaded once)."""
    encoder = st_model[0].encoder
    assert isinstance(encoder, StaticEncoder)
    return encoder


def test_the_default_model_is_seoji_static_shipped_in_the_package() -> None:
    assert DEFAULT_MODEL == "seoji-static"
    assert resolve_model(DEFAULT_MODEL) == str(MODEL_DIR)
    assert Embedder().languages == frozenset({"ko", "en"})
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size <= 25 * 1024 * 1024, size


def test_it_loads_with_sentence_transformers_offline(monkeypatch, st_model) -> None:
    from sentence_transformers import SentenceTransformer

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    model = SentenceTransformer(str(MODEL_DIR), trust_remote_code=True, device="cpu")
    vectors = model.encode(["한국어 문장", "an English sentence"])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert model.get_embedding_dimension() == 384


def test_the_dimension_matches_the_index(tmp_path, embedder: Embedder) -> None:
    from index.embedded import EmbeddedBackend

    backend = EmbeddedBackend(tmp_path / "seoji.db")
    try:
        backend.ensure(embedder.name, embedder.dim)
        assert backend.indexed_model() == (embedder.name, 384)
        assert embedder.encode_passages([PAIRS[0][0]]).shape == (1, 384)
    finally:
        backend.close()


@pytest.mark.parametrize("i", range(len(PAIRS)))
def test_a_korean_sentence_is_closest_to_its_translation_both_ways(st_model, i) -> None:
    ko = st_model.encode([k for k, _ in PAIRS])
    en = st_model.encode([e for _, e in PAIRS])
    sims = ko @ en.T
    assert sims[i].argmax() == i, np.round(sims[i], 3)  # Korean → English
    assert sims[:, i].argmax() == i, np.round(sims[:, i], 3)  # English → Korean


def test_english_goes_to_minilm_and_korean_to_the_table(encoder: StaticEncoder) -> None:
    english = "The treaty entered into force in 1954."
    routed = encoder.encode([english])[0]
    own = StaticEncoder(route_english=False).encode([english])[0]
    teacher = encoder.teacher.encode([english], normalize_embeddings=True)[0]
    assert np.allclose(routed, teacher, atol=1e-5)
    assert not np.allclose(own, teacher, atol=1e-2)


def test_units_ignore_how_korean_is_spaced(analyzer: Analyzer) -> None:
    def bigrams(text: str) -> list[str]:
        tokens = analyzer.tokens_many([text])[0]
        return [u for u in korean_units(text, tokens)[0] if u.startswith("b:")]

    assert bigrams("한미 상호 방위 조약") == bigrams("한미상호방위조약")
    assert "b:미상" in bigrams("한미 상호")


def test_an_unknown_name_still_matches_itself() -> None:
    table = StaticTable(["m:가/JKS"], np.ones((1, 4), np.float32), oov_scale=1.0)
    units = table.lookup(["m:뷁뷁/NNP", "m:가/JKS", "m:뷁뷁/EF"])
    assert units.ids == [0] and units.unknown == ["m:뷁뷁/NNP"]  # endings get no vector
    basis = oov_basis(384)
    a, again, other = oov_vectors(["m:뷁뷁/NNP", "m:뷁뷁/NNP", "m:뷁똻/NNP"], basis, 1.0)
    assert np.array_equal(a, again)
    assert np.array_equal(a, oov_vectors(["m:뷁뷁/NNP"], oov_basis(384), 1.0)[0])
    assert abs(float(a @ other)) < 0.3
    assert np.isclose(np.linalg.norm(a), 1.0)


def test_oov_vectors_of_different_words_are_nearly_orthogonal() -> None:
    words = [f"m:{chr(0xAC00 + i)}{chr(0xB000 + i)}/NNP" for i in range(2000)]
    v = oov_vectors(words, oov_basis(384), 2.0)
    assert np.allclose(np.linalg.norm(v, axis=1), 2.0, atol=1e-4)
    cos = (v @ v.T) / 4.0
    off = np.abs(cos[~np.eye(len(words), dtype=bool)])
    # Gaussian noise at dimension 384 (sd 0.05), plus the odd shared basis row (0.25).
    assert off.mean() < 0.06 and off.max() < 0.6


def test_a_batch_encodes_each_text_with_its_own_unknown_words() -> None:
    table = StaticTable(["m:가/JKS"], np.ones((1, 4), np.float32), oov_scale=1.0)
    lists = [["m:뷁/NNP", "m:가/JKS"], ["m:가/JKS"], ["m:똻/NNG", "m:뷁/NNP"]]
    together = table.encode([table.lookup(u) for u in lists])
    alone = np.concatenate([table.encode([table.lookup(u)]) for u in lists])
    assert np.allclose(together, alone)


def test_a_loaded_table_stays_int8_and_encodes_as_its_float_weights(
    encoder: StaticEncoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = encoder.table
    assert table.weights.dtype == np.int8 and table.row_scale is not None
    floats = table.weights.astype(np.float32) * table.row_scale[:, None]
    dense = StaticTable(table.vocab, floats, table.oov_scale)
    units = encoder.ids.korean(["한미상호방위조약은 1954년 11월 17일 발효되었다.", "뷁뷁이 왔다"])
    assert np.allclose(table.encode(units), dense.encode(units), atol=1e-6)
    # The int8 table sums rows with torch's 8-bit embedding bag: the same sums, empty lists 0.
    lists = [[0, 5, 5, len(table.vocab) - 1], [], [7]]
    expected = np.stack([dense.row_sum(lists[0]), np.zeros(table.dim), dense.row_sum([7])])
    assert np.allclose(table.row_sums(lists), expected, atol=1e-5)
    monkeypatch.setattr("index.static._has_byte_bag", lambda: False)  # a torch without it
    assert np.allclose(table.row_sums(lists), expected, atol=1e-5)
    save_table(tmp_path, table, encoder.path / WORDPIECE_NAME, {})
    again, _ = load_table(tmp_path)
    assert np.array_equal(again.weights, table.weights)
    assert np.array_equal(again.row_scale, table.row_scale)


def test_embedding_after_keyword_analysis_runs_kiwi_once() -> None:
    class CountingKiwi:
        def __init__(self, kiwi):
            self.kiwi = kiwi
            self.texts = 0

        def tokenize(self, texts, **kwargs):
            texts = list(texts)
            self.texts += len(texts)
            return iter(list(self.kiwi.tokenize(texts, **kwargs)))

    counting = CountingKiwi(shared_analyzer().kiwi)
    analyzer = Analyzer(counting)  # type: ignore[arg-type]
    encoder = StaticEncoder(analyzer=analyzer)
    texts = ["한미상호방위조약을 체결했다.", "휴전회담을 시작할 때부터 이승만 대통령은 반대했다."]
    analyzer.analyze_many(texts)
    assert counting.texts == 2
    encoder.encode(texts)
    assert counting.texts == 2  # the embedder took the analyses from the cache
