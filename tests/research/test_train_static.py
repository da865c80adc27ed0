"""The trainer of seoji-static (research.train_static): its units spelled out are the units
the shipped encoder computes as row ids, and its int8 round trip."""

from __future__ import annotations

import numpy as np
import pytest

from index.static import StaticEncoder, has_hangul, quantize
from research import train_static


@pytest.fixture(scope="module")
def encoder() -> StaticEncoder:
    return StaticEncoder()


def test_latin_inside_korean_goes_through_wordpiece(encoder: StaticEncoder) -> None:
    units = train_static.units(encoder.tokenizer, ["ANZUS와 NPT 체제"])[0]
    assert "e:an" in units or any(u.startswith("e:") and "anz" in u for u in units)
    assert "e:np" in units or any(u.startswith("e:") and "np" in u for u in units)
    assert "m:체제/NNG" in units


def test_int8_weights_round_trip_closely() -> None:
    w = np.random.default_rng(0).standard_normal((50, 384)).astype(np.float32)
    q, scale = quantize(w)
    assert q.dtype == np.int8
    back = train_static.dequantize(q, scale)
    cos = (back * w).sum(1) / np.linalg.norm(back, axis=1) / np.linalg.norm(w, axis=1)
    assert cos.min() > 0.999


# Texts for the fast path (``UnitIds``) against the string path: odd spacing and whitespace,
# Latin, numbers, Hanja, a syllable standing alone, jamo endings (한 = 하 + ㄴ), symbols.
TRICKY = [
    "한미상호방위조약은 1954년 11월 17일에 발효되었다.",
    "북한은 핵무기 개발을 계속하고 있다.",
    "한미 상호\t방위\u00a0조약\n체결",
    "가 나 다 A 라",
    "ANZUS와 NPT 체제, 그리고 U.S.-ROK 동맹(1953)",
    "三光作戰 이후 核武器 論議가 이어졌다 ㅋㅋ",
    "2010년 3월 26일 22.5m 길이의 천안함(PCC-772)이 침몰했다!!! 😢",
    "뷁뷁스탄의 쀓쀓 장군은 https://example.com 에서 연설한 큰 인물이다.",
    "한",
]


@pytest.mark.parametrize("text", TRICKY)
def test_the_fast_path_gives_the_units_of_the_string_path(encoder, text) -> None:
    table = encoder.table
    expected = table.lookup(train_static.korean(encoder.tokenizer, [text])[0])
    for _ in range(2):  # cold, then from what it remembered
        got = encoder.ids.korean([text])[0]
        assert sorted(got.ids) == sorted(expected.ids)
        assert sorted(got.unknown) == sorted(expected.unknown)


def test_the_fast_path_gives_the_vectors_of_the_string_path(encoder) -> None:
    """What the model computes is defined by the string path: units, lookup, mean."""
    texts = [*TRICKY, "The treaty entered into force in 1954."]
    table = encoder.table
    expected = table.encode([table.lookup(u) for u in train_static.units(encoder.tokenizer, texts)])
    expected /= np.maximum(np.linalg.norm(expected, axis=1, keepdims=True), 1e-12)
    korean = [has_hangul(t) for t in texts]
    encoder.forget()
    got = encoder.encode(texts)
    assert np.allclose(got[korean], expected[korean], atol=1e-6)
    assert np.allclose(encoder.encode(texts), got, atol=1e-6)  # warm caches, same vectors
