"""Korean word spacing repair (띄어쓰기 교정).

Contract used by ``ingest.repair``: ``Spacer.space(text)`` only *inserts* spaces. It keeps
every existing space and every non-space character in order, so offsets into the raw
source can always be recovered by aligning non-space characters.

How it works: Kiwi splits the text into morphemes; at every morpheme boundary with no
whitespace a small logistic model (``data/spacing.json.gz``, built by
``python -m research.train_spacing``) decides whether a space belongs there. Its features are the
tags and forms of two morphemes on each side, Kiwi's language-model score of the morphemes
on each side (a rare reading, such as a guessed name, is often glued to its neighbour), the
syllables around the boundary and the lengths of the noun compound before and after it.
Nouns outside Kiwi's dictionary of four syllables or more also get a candidate between
every two of their syllables, scored from the syllables alone: a space Kiwi swallowed into
an unknown noun ("그러나옵셔널벤처스") can still be put back.

Two fixes to Kiwi's analysis of unspaced text come first. Kiwi's hashtag and serial-number
patterns swallow everything after a "#" or a dotted number once the spaces are gone, so they
are switched off. And where Kiwi cannot analyse a long unspaced run it returns the whole run
as one noun ("정지룡이일본에체류할때히라도에서…"); such long nouns are analysed again on
their own with Kiwi's rule-based unknown-word scoring, halved when that fails too.
Plain ``Kiwi.space`` uses fixed tag rules, which shred compounds and names ("청량리 경찰서",
"임종 석") and never separate a sentence from the next one ("졸업하였다.22세"); learning the
decision from spaced text fixes most of both. Glued English words ("AlexanderMeigsHaig")
are one Kiwi token, so a rule splits them at case changes.
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, NamedTuple

from kiwipiepy import Kiwi, Match

MODEL_RESOURCE = "data/spacing.json.gz"
FORMAT_VERSION = 3

# Kiwi's patterns for "#hashtags", "@mentions" and serial numbers ("2020.2.27.") run on to
# the next space, which unspaced text no longer has: one "#" swallowed a whole page of
# AutoRAG's text.
MATCH_OPTIONS = int(Match.ALL) & ~int(Match.HASHTAG | Match.MENTION | Match.SERIAL)
# Nouns at least this long are analysed again on their own (see ``refine``).
LONG_NOUN = 6
_REFINE_DEPTH = 3
# Kiwi gives a form outside its dictionary the id of its tag's placeholder; dictionary
# morphemes come after all of those.
_PLACEHOLDER_IDS = 64
# Inside an unknown noun at least this long, every syllable boundary is a candidate too.
INNER_MIN = 4

# Tags that continue a noun compound ("한미+상호+방위+조약"); how long the compound already is
# decides whether the next noun is glued on (names, 경찰서) or starts a new word.
_NOUNISH = frozenset({"NNG", "NNP", "NNB", "NR", "NP", "XPN", "XSN", "SH", "XR"})
# Punctuation and symbols are few, so their form is a feature of its own.
_SYMBOL_TAGS = frozenset({"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "SB"})
_QUOTES = frozenset("'\"")
# "AlexanderMeigsHaig" → Alexander|Meigs|Haig. The left part needs two lower-case letters so
# that "McDonald" and "iPhone" stay whole.
_CAMEL = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")


_WS = re.compile(r"\s+")


def space_positions(text: str) -> tuple[str, set[int]]:
    """The text without spaces, and the offsets in it that had a space before them
    (whitespace runs count as one space). Training and the benchmark share it, so the model
    is scored on exactly the positions it learned."""
    stream: list[str] = []
    spaces: set[int] = set()
    for ch in _WS.sub(" ", text).strip():
        if ch == " ":
            spaces.add(len(stream))
        else:
            stream.append(ch)
    return "".join(stream), spaces


class _Tok(NamedTuple):
    """The parts of a Kiwi token the features use (Kiwi tokens are slow to read repeatedly)."""

    form: str
    tag: str
    start: int
    end: int
    unknown: bool = False  # a noun outside Kiwi's dictionary (or a run Kiwi could not analyse)
    score: float = 0.0  # Kiwi's language-model score of the morpheme (log-probability)


_EDGE = _Tok("", "^", -1, -1)
# ``map(weights.get, feats, _ZEROS)``: a missing feature weighs 0 (scoring in C, not Python).
_ZEROS = itertools.repeat(0.0)


def _clip(n: int, hi: int) -> int:
    return n if n < hi else hi


def _short(form: str) -> str:
    return form if len(form) <= 4 else "~"


def tokens_of(kiwi_tokens: Sequence[Any]) -> list[_Tok]:
    out: list[_Tok] = []
    for t in kiwi_tokens:
        tag = str(t.tag)
        # Kiwi marks irregular and ambiguous forms ("VV-R"); the base tag is what spacing needs.
        dash = tag.find("-")
        if dash > 0:
            tag = tag[:dash]
        unknown = tag[0] == "N" and t.id < _PLACEHOLDER_IDS
        out.append(_Tok(t.form, tag, t.start, t.start + t.len, unknown, t.score))
    return out


def _shift(toks: Iterable[_Tok], base: int) -> list[_Tok]:
    return [t._replace(start=t.start + base, end=t.end + base) for t in toks]


# Syllables that often end a word (particles, endings): a run Kiwi cannot analyse is halved
# after the one nearest its middle, so that each half starts a word.
_WORD_FINAL = frozenset("은는이가을를의에서로와과도만다고며면서")


def _cut(run: str) -> int:
    mid = len(run) // 2
    lo = LONG_NOUN // 2
    cuts = [k for k in range(lo, len(run) - lo + 1) if run[k - 1] in _WORD_FINAL]
    return min(cuts, key=lambda k: (abs(k - mid), k)) if cuts else mid


def refine(kiwi: Kiwi, text: str, toks: list[_Tok], depth: int = 0) -> list[_Tok]:
    """Analyse long nouns again on their own. When Kiwi finds no analysis for an unspaced
    run (a rare syllable, a foreign name) it returns the whole run, particles and verbs
    included, as one NNG/NNP; alone, and with rule-based unknown-word scores, most of it is
    analysed properly. What still comes back whole is cut in two after a particle-like
    syllable near its middle (``_cut``) and each part tried again."""
    longs = [
        i for i, t in enumerate(toks) if t.tag in ("NNG", "NNP") and t.end - t.start >= LONG_NOUN
    ]
    if not longs:
        return toks
    subs = [text[toks[i].start : toks[i].end] for i in longs]
    again = kiwi.tokenize(subs, match_options=MATCH_OPTIONS, oov_handling="rule")
    replaced: dict[int, list[_Tok]] = {}
    for i, sub, kt in zip(longs, subs, again, strict=True):
        parts = tokens_of(kt)
        if depth < _REFINE_DEPTH:
            if len(parts) > 1:
                parts = refine(kiwi, sub, parts, depth + 1)
            elif len(sub) >= 2 * LONG_NOUN:
                mid = _cut(sub)
                halves = [
                    _Tok(sub[:mid], "NNG", 0, mid, True),
                    _Tok(sub[mid:], "NNG", mid, len(sub), True),
                ]
                parts = refine(kiwi, sub, halves, depth + 1)
        replaced[i] = _shift(parts, toks[i].start)
    if not replaced:
        return toks
    out: list[_Tok] = []
    for i, t in enumerate(toks):
        out.extend(replaced.get(i, (t,)))
    return out


def analyse(kiwi: Kiwi, texts: Sequence[str]) -> Iterator[list[_Tok]]:
    """Kiwi's morphemes for each text, as the spacer uses them (training shares this).

    Lazy: Kiwi's worker threads analyse the next texts while the caller scores this one."""
    analysed = kiwi.tokenize(list(texts), match_options=MATCH_OPTIONS)
    for text, kt in zip(texts, analysed, strict=True):
        yield refine(kiwi, text, tokens_of(kt))


def _score_bin(score: float) -> int:
    """Kiwi's log-probability of a morpheme in steps of 2, capped: rare or forced readings
    (a name Kiwi guessed, a particle it had to assume) score low."""
    return _clip(int(-score) // 2, 12)


def inner_boundaries(text: str, toks: Sequence[_Tok]) -> Iterator[tuple[int, list[str]]]:
    """Candidates inside unknown nouns: Kiwi returns a run it cannot analyse ("그러나옵셔널
    벤처스") as one noun, so a space inside it could never be chosen. Their features are
    syllables only, apart from the morpheme boundaries' (prefix "i")."""
    for t in toks:
        size = t.end - t.start
        if not t.unknown or size < INNER_MIN:
            continue
        for k in range(1, size):
            b = t.start + k
            lc = text[b - 1]
            rc = text[b]
            l2 = text[b - 2 : b]
            r2 = text[b : b + 2]
            edge = "e" if k == 1 or k == size - 1 else ""
            feats = [
                "ib",
                f"i1:{lc}|{rc}",
                f"i2{edge}:{l2}|{r2}",
                "i3l:" + text[b - 3 : b],
                "i3r:" + text[b : b + 3],
                f"il:{t.tag}|{_clip(k, 6)}|{_clip(size - k, 6)}",
                "ic:" + lc,
                "icr:" + rc,
                "icl2:" + l2,
                "icr2:" + r2,
            ]
            yield b, feats


def boundaries(text: str, toks: Sequence[_Tok]) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(offset, features)`` for every morpheme boundary with no whitespace in
    ``text``, and for the syllable boundaries inside long unknown nouns
    (``inner_boundaries``). The offset is where a space would go (before ``text[offset]``).

    Shared by training and inference so the model sees exactly what it was trained on.
    """
    yield from inner_boundaries(text, toks)
    n = len(toks)
    noun_run = 0  # characters in the noun compound that ends at the current token
    quote_seen: dict[str, int] = {}
    for i in range(n - 1):
        left = toks[i]
        lt = left.tag
        if lt in _NOUNISH:
            noun_run = (
                noun_run + (left.end - left.start)
                if i and toks[i - 1].end == left.start
                else (left.end - left.start)
            )
        else:
            noun_run = 0
        if lt in ("SSO", "SSC", "SS", "SW") and left.form in _QUOTES:
            quote_seen[left.form] = quote_seen.get(left.form, 0) + 1
        right = toks[i + 1]
        b = left.end
        if right.start != b or b <= left.start:
            continue
        rt = right.tag
        prev = toks[i - 1] if i else _EDGE
        nxt = toks[i + 2] if i + 2 < n else _EDGE
        lf = left.form if lt in _SYMBOL_TAGS or len(left.form) <= 4 else "~"
        rf = right.form if rt in _SYMBOL_TAGS or len(right.form) <= 4 else "~"
        lc = text[b - 1]
        rc = text[b]
        l2 = text[b - 2 : b]
        r2 = text[b : b + 2]
        pair = f"{lt}|{rt}"
        lw = f"{lf}/{lt}"
        rw = f"{rf}/{rt}"
        ll = _clip(left.end - left.start, 5)
        rl = _clip(right.end - right.start, 5)
        feats = [
            "b",
            "t:" + pair,
            f"t3l:{prev.tag}|{pair}",
            f"t3r:{pair}|{nxt.tag}",
            f"lw:{lw}|{rt}",
            f"rw:{lt}|{rw}",
            f"ww:{lw}|{rw}",
            f"pw:{_short(prev.form)}/{prev.tag}|{pair}",
            f"nw:{pair}|{_short(nxt.form)}/{nxt.tag}",
            f"lc:{lc}|{rt}",
            f"rc:{lt}|{rc}",
            f"cc:{lc}{rc}",
            f"c4:{l2}|{r2}",
            f"c3l:{text[b - 3 : b]}|{rt}",
            f"c3r:{lt}|{text[b : b + 3]}",
            "c2l:" + l2,
            "c2r:" + r2,
            f"c1:{lc}|{r2}",
            f"c2:{l2}|{rc}",
            f"ll:{pair}|{ll}",
            f"rl:{pair}|{rl}",
            f"rw2:{rw}|{nxt.tag}",
            f"ls:{lt}|{_score_bin(left.score)}",
            f"rs:{rt}|{_score_bin(right.score)}",
        ]
        if lt in _NOUNISH and rt in _NOUNISH:
            # the noun compound that would continue after the boundary
            j = i + 1
            ahead = 0
            while (
                j < n
                and toks[j].tag in _NOUNISH
                and (j == i + 1 or toks[j].start == toks[j - 1].end)
            ):
                ahead += toks[j].end - toks[j].start
                j += 1
            feats += [
                f"nr:{pair}|{_clip(noun_run, 9)}",
                f"nrl:{_clip(noun_run, 9)}|{_clip(right.end - right.start, 4)}",
                f"nn:{left.form}|{right.form}",
                f"nrr:{_clip(noun_run, 9)}|{_clip(ahead, 9)}",
                f"nlf:{left.form}|N",
                f"nrf:N|{right.form}",
                f"nlr:{ll}|{rl}|{pair}",
            ]
        if left.form in _QUOTES:
            feats.append(f"ql:{left.form}{quote_seen.get(left.form, 0) % 2}|{rt}")
        if right.form in _QUOTES:
            feats.append(f"qr:{lt}|{right.form}{quote_seen.get(right.form, 0) % 2}")
        yield b, feats


@dataclass(frozen=True)
class SpacingModel:
    """Feature weights of the boundary classifier; a space goes where the logit > bias."""

    weights: dict[str, float]
    threshold: float = 0.0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SpacingModel:
        if data.get("version") != FORMAT_VERSION:
            msg = (
                f"spacing model has version {data.get('version')}, expected {FORMAT_VERSION}; "
                "rebuild it with python -m research.train_spacing"
            )
            raise ValueError(msg)
        return cls(weights=dict(data["weights"]), threshold=float(data.get("threshold", 0.0)))

    @classmethod
    def load_packaged(cls) -> SpacingModel:
        raw = resources.files("ingest").joinpath(MODEL_RESOURCE).read_bytes()
        return cls.from_json(json.loads(gzip.decompress(raw)))

    def score(self, feats: Iterable[str]) -> float:
        return sum(map(self.weights.get, feats, _ZEROS))

    def probability(self, feats: Iterable[str]) -> float:
        return 1.0 / (1.0 + math.exp(-self.score(feats)))


def insert_spaces(text: str, offsets: Iterable[int]) -> str:
    """Insert one space before each offset (offsets into ``text``; duplicates ignored)."""
    cuts = sorted(set(offsets))
    if not cuts:
        return text
    parts: list[str] = []
    pos = 0
    for c in cuts:
        parts.append(text[pos:c])
        pos = c
    parts.append(text[pos:])
    return " ".join(parts)


def internal_splits(text: str, toks: Sequence[_Tok]) -> list[int]:
    """Spaces inside single Kiwi tokens: multi-word names from Kiwi's dictionary keep their
    space in the form ("포켓몬스터 피카츄"), and glued Latin words split at case changes
    ("AlexanderMeigsHaig")."""
    out: list[int] = []
    for t in toks:
        if " " in t.form:
            pos = t.start
            surface = text[t.start : t.end]
            if t.form.replace(" ", "") != surface:
                continue
            for part in t.form.split(" ")[:-1]:
                pos += len(part)
                out.append(pos)
        elif t.tag == "SL" and t.end - t.start >= 6:
            out.extend(t.start + m.start() for m in _CAMEL.finditer(text[t.start : t.end]))
    return out


class Spacer:
    """Inserts missing spaces into Korean text.

    Constructing it does no I/O; Kiwi and the model load on first use. A custom ``model``
    is for experiments and training; normally the packaged one is used.
    """

    def __init__(self, kiwi: Kiwi | None = None, model: SpacingModel | None = None) -> None:
        self._kiwi = kiwi
        self._model = model

    @property
    def kiwi(self) -> Kiwi:
        if self._kiwi is None:
            self._kiwi = Kiwi()
        return self._kiwi

    @property
    def model(self) -> SpacingModel:
        if self._model is None:
            self._model = SpacingModel.load_packaged()
        return self._model

    def space(self, text: str) -> str:
        return self.space_many([text])[0]

    def space_many(self, texts: Iterable[str]) -> list[str]:
        items = list(texts)
        return [insert_spaces(t, c) for t, c in zip(items, self.cuts_many(items), strict=True)]

    def cuts_many(self, texts: Sequence[str]) -> list[list[int]]:
        """For each text, the sorted offsets before which a space belongs (``space_many``
        inserts them; ``ingest.repair`` maps them onto the source)."""
        out: list[list[int]] = [[] for _ in texts]
        todo = [i for i, t in enumerate(texts) if len(t) > 1 and not t.isspace()]
        if not todo:
            return out
        model = self.model
        get = model.weights.get
        threshold = model.threshold
        analysed = analyse(self.kiwi, [texts[i] for i in todo])
        for i, toks in zip(todo, analysed, strict=True):
            text = texts[i]
            cuts = [
                b for b, feats in boundaries(text, toks) if sum(map(get, feats, _ZEROS)) > threshold
            ]
            cuts.extend(internal_splits(text, toks))
            # Kiwi's offsets are trusted only where they point between two non-space
            # characters, so a surprise in its output can never break the contract.
            n = len(text)
            ok = {b for b in cuts if 0 < b < n}
            out[i] = sorted(b for b in ok if not text[b].isspace() and not text[b - 1].isspace())
        return out
