"""Spacing repair: the insert-only contract, and golden lines from the seed documents."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from kiwipiepy import Kiwi

from ingest.spacing import Spacer, SpacingModel, insert_spaces

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="session")
def spacer(kiwi: Kiwi) -> Spacer:
    return Spacer(kiwi)


def nonspace(text: str) -> str:
    return "".join(text.split())


def test_constructor_does_no_io() -> None:
    s = Spacer()
    assert s._kiwi is None
    assert s._model is None


def test_packaged_model_loads() -> None:
    model = SpacingModel.load_packaged()
    assert len(model.weights) > 1000


def test_model_version_mismatch_says_what_to_do() -> None:
    with pytest.raises(ValueError, match="train_spacing"):
        SpacingModel.from_json({"version": -1, "weights": {}})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # seed 000, first line
        (
            "휴전회담을시작할때부터이승만대통령을정점으로",
            # 휴전^회담 may be written either way (한글 맞춤법 제50항); the booklet itself
            # writes 휴전회담, and so does the spacer since format 3
            "휴전회담을 시작할 때부터 이승만 대통령을 정점으로",
        ),
        (
            "정부와전국민은모두휴전회담을적극반대하고나섰다.",
            "정부와 전 국민은 모두 휴전회담을 적극 반대하고 나섰다.",  # 전(全) stands apart
        ),
        # plain Kiwi never separates a sentence end from a number
        ("졸업하였다.22세에", "졸업하였다. 22세에"),
        # numbers keep their separators
        ("인구는1,158명이며면적은2.42km²이다.", "인구는 1,158명이며 면적은 2.42km²이다."),
        # glued English words split at case changes, Kiwi's multi-word names keep their space
        ("AlexanderMeigsHaig는", "Alexander Meigs Haig는"),
        ("포켓몬스터피카츄", "포켓몬스터 피카츄"),
    ],
)
def test_golden(spacer: Spacer, text: str, expected: str) -> None:
    assert spacer.space(text) == expected


def test_existing_whitespace_is_kept(spacer: Spacer) -> None:
    assert spacer.space("그는 학교에갔다") == "그는 학교에 갔다"
    assert spacer.space("a\tb  c\n\n다") == "a\tb  c\n\n다"
    assert spacer.space("") == ""
    assert spacer.space(" ") == " "


def test_insert_spaces() -> None:
    assert insert_spaces("가나다", [2, 1, 2]) == "가 나 다"
    assert insert_spaces("가나다", []) == "가나다"


def _seed_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines.extend(ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip())
    return lines


def test_only_spaces_are_inserted(spacer: Spacer) -> None:
    """The contract ``ingest.repair`` relies on, over real damaged lines and random mixes of
    Hangul, Latin, digits, punctuation and whitespace (seeded)."""
    rng = random.Random(0)
    alphabet = "가나다라한국의는을를이다.,!?'\"()《》「」·~-/ \t\n0123456789AbCdEfgZ㈜①漢字é😀"
    texts = _seed_lines()[:400]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(400)]
    texts += [ln.replace(" ", "") for ln in texts[:200]]
    outputs = spacer.space_many(texts)
    assert len(outputs) == len(texts)
    for text, out in zip(texts, outputs, strict=True):
        assert nonspace(out) == nonspace(text), (text, out)
        # every original character, spaces included, is still there in order
        it = iter(out)
        assert all(ch in it for ch in text), (text, out)
        assert len(out) - len(text) == out.count(" ") - text.count(" "), (text, out)
    assert spacer.space_many([]) == []
