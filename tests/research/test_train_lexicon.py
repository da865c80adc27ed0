"""The lexicon trainer (research.train_lexicon): Model 1 on toy pairs, the file it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.lexicon import lexicon_from, load_lexicon
from research.train_lexicon import model1, save_lexicon


def test_model1_aligns_words_that_recur_across_pairs() -> None:
    # 조약 only ever meets treati; 체결 only sign: EM pulls each apart from the other
    pairs = [
        (["조약", "체결"], ["treati", "sign"]),
        (["조약", "발효"], ["treati", "forc"]),
        (["체결", "발효"], ["sign", "forc"]),
        (["조약"], ["treati"]),
    ]
    table = model1(pairs, iterations=10)
    assert max(table["treati"], key=table["treati"].__getitem__) == "조약"
    assert max(table["sign"], key=table["sign"].__getitem__) == "체결"
    assert max(table["forc"], key=table["forc"].__getitem__) == "발효"
    assert sum(table["treati"].values()) == pytest.approx(1.0, abs=1e-6)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    lexicon = lexicon_from([("treati", "조약", 0.8), ("treati", "체결", 0.1)])
    path = tmp_path / "en-ko.tsv.gz"
    save_lexicon(lexicon, path)
    first = path.read_bytes()
    save_lexicon(lexicon, path)
    assert path.read_bytes() == first  # same lexicon, same bytes
    assert load_lexicon(path) == lexicon
