"""The spacer's fixes to Kiwi's analysis of unspaced text (``ingest.spacing.analyse``)."""

from __future__ import annotations

from kiwipiepy import Kiwi

from ingest.spacing import LONG_NOUN, Spacer, SpacingModel, analyse

# Kiwi finds no analysis for this run (the rare name at the end) and returns all 34
# syllables as one NNG; KorQuAD dev has hundreds of such runs.
FALLBACK_RUN = "정지룡이일본에체류할때히라도에서마쓰라씨의하급가신인다가와시치자에몬"


def _check_offsets(text: str, toks: list) -> None:
    """In bounds and in order (Kiwi's morphemes may share a syllable: 하/XSV + ᆫ다/EF)."""
    starts = [t.start for t in toks]
    assert starts == sorted(starts)
    assert all(0 <= t.start < t.end <= len(text) for t in toks), toks


def test_long_fallback_noun_is_analysed_again(kiwi: Kiwi) -> None:
    toks = next(analyse(kiwi, [FALLBACK_RUN]))
    _check_offsets(FALLBACK_RUN, toks)
    assert len(toks) > 10
    assert max(t.end - t.start for t in toks) < 2 * LONG_NOUN
    assert Spacer(kiwi).space(FALLBACK_RUN).startswith("정지룡이 일본에 체류할 때")


def test_hashtags_and_serials_do_not_swallow_the_rest(kiwi: Kiwi) -> None:
    text = "#안전솔루션은딥러닝기반으로데이터를수집한다.2020.2.27.선고된판결이다"
    toks = next(analyse(kiwi, [text]))
    _check_offsets(text, toks)
    assert max(t.end - t.start for t in toks) <= 6
    assert " " in Spacer(kiwi).space(text)[:12]


def test_analyse_is_lazy_and_in_order(kiwi: Kiwi) -> None:
    texts = ["학교에갔다", FALLBACK_RUN, "", "가"]
    out = analyse(kiwi, texts)
    assert not isinstance(out, list)
    got = list(out)
    assert len(got) == len(texts)
    assert [t.form for t in got[0]][:2] == ["학교", "에"]
    assert got[2] == []


def test_threshold_comes_from_the_model_file(kiwi: Kiwi) -> None:
    model = SpacingModel.load_packaged()
    assert -1.0 < model.threshold <= 0.0
    strict = Spacer(kiwi, model=SpacingModel(weights=model.weights, threshold=100.0))
    assert strict.space("그는학교에갔다") == "그는학교에갔다"
