"""Spacing repair on KorQuAD 1.0 dev paragraphs: ours (through ``ingest.repair``) vs plain Kiwi.

Not a test: prints figures. Two kinds of damage, both from correctly spaced paragraphs:

(a) every space removed;
(b) the seed documents' damage: lines wrapped at about 40 characters in the middle of
    words with a blank line between lines (a wrap on a space keeps it at the line end half
    of the time), 4-digit years before 년 spread ("1 9 5 3년"), 30% of the remaining spaces
    turned into tabs.

Scores are over space positions in the non-space character stream, after any whitespace
run is normalised to one space and the ends stripped.

    python -m research.bench_spacing              # all 964 paragraphs, as `make bench-spacing`
    python -m research.bench_spacing --limit 300  # quicker
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from kiwipiepy import Kiwi

from ingest.repair import repair_paragraphs
from ingest.spacing import Spacer, space_positions
from research import DEFAULT_DATA

_YEAR = re.compile(r"(?<!\d)(\d{4})(?=년)")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int
    mismatched: int  # outputs whose non-space characters differ from the gold

    @property
    def precision(self) -> float:
        return self.tp / max(self.tp + self.fp, 1)

    @property
    def recall(self) -> float:
        return self.tp / max(self.tp + self.fn, 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / max(p + r, 1e-9)

    def line(self) -> str:
        extra = f"  [{self.mismatched} outputs changed non-space text]" if self.mismatched else ""
        return f"P {self.precision:.4f}  R {self.recall:.4f}  F1 {self.f1:.4f}{extra}"


def score(golds: Sequence[str], outputs: Sequence[str]) -> Score:
    tp = fp = fn = bad = 0
    for gold, out in zip(golds, outputs, strict=True):
        gs, g = space_positions(gold)
        os_, o = space_positions(out)
        if gs != os_:
            bad += 1
            continue
        tp += len(g & o)
        fp += len(o - g)
        fn += len(g - o)
    return Score(tp, fp, fn, bad)


def damage(text: str, rng: random.Random, width: int = 40) -> str:
    """The seed documents' damage (b); see the module docstring."""
    text = _YEAR.sub(lambda m: " ".join(m.group(1)), text)
    lines: list[str] = []
    pos = 0
    while len(text) - pos > width + 4:
        cut = pos + rng.randint(width - 4, width + 4)
        if text[cut] == " ":
            lines.append(text[pos:cut] + (" " if rng.random() < 0.5 else ""))
            pos = cut + 1
        else:
            lines.append(text[pos:cut])
            pos = cut
    lines.append(text[pos:])
    out = "\n\n".join(lines)
    return "".join("\t" if ch == " " and rng.random() < 0.3 else ch for ch in out)


def timed(fn: Callable[[], list[str]], runs: int) -> tuple[list[str], float]:
    times: list[float] = []
    result: list[str] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return result, statistics.median(times)


def plain_kiwi(kiwi: Kiwi, texts: list[str]) -> list[str]:
    return [str(t) for t in kiwi.space(texts)]


class KiwiSpacer(Spacer):
    """The old spacer (plain ``Kiwi.space``), to separate what repair does from the spacer."""

    def cuts_many(self, texts: Sequence[str]) -> list[list[int]]:
        spaced = self.kiwi.space(list(texts), reset_whitespace=False)
        return [_inserted_offsets(t, str(s)) for t, s in zip(texts, spaced, strict=True)]


def _inserted_offsets(original: str, spaced: str) -> list[int]:
    """Offsets in ``original`` before which ``spaced`` has an extra space (characters that
    plain Kiwi changed are skipped over)."""
    out: list[int] = []
    i = 0
    for ch in spaced:
        if i < len(original) and ch == original[i]:
            i += 1
        elif ch == " ":
            out.append(i)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="first N paragraphs (0 = all 964)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs; the median is reported")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    squad = json.loads((args.data / "korquad" / "KorQuAD_v1.0_dev.json").read_text("utf-8"))
    golds = [p["context"] for a in squad["data"] for p in a["paragraphs"]]
    if args.limit:
        golds = golds[: args.limit]
    golds = [_WS.sub(" ", g).strip() for g in golds]
    despaced = [g.replace(" ", "") for g in golds]
    damaged = [damage(g, random.Random(args.seed * 100_003 + i)) for i, g in enumerate(golds)]

    kiwi = Kiwi()
    spacer = Spacer(kiwi)
    old = KiwiSpacer(kiwi)
    spacer.space("워밍업")  # load the model outside the timed runs
    n_a = sum(map(len, despaced))
    n_b = sum(map(len, damaged))
    print(f"{len(golds)} KorQuAD dev paragraphs; (a) {n_a} chars, (b) {n_b} chars")

    def pipe(sp: Spacer, inputs: list[list[str]]) -> Callable[[], list[str]]:
        # Batched like ingest, which spaces all damaged words of a document in one call.
        return lambda: [r.text for r in repair_paragraphs(inputs, sp)]

    in_a = [[d] for d in despaced]
    in_b = [d.split("\n") for d in damaged]
    rows: list[tuple[str, Score, float | None]] = []
    for label, inputs, n in (
        ("(a) all spaces removed", in_a, n_a),
        ("(b) seed-like damage", in_b, n_b),
    ):
        out, secs = timed(pipe(spacer, inputs), args.runs)
        rows.append((f"{label}: pipeline + Spacer", score(golds, out), n / secs))
        out, secs = timed(pipe(old, inputs), 1)
        rows.append((f"{label}: pipeline + plain Kiwi.space", score(golds, out), n / secs))
        raw = despaced if inputs is in_a else damaged
        out, secs = timed(partial(plain_kiwi, kiwi, raw), 1)
        rows.append((f"{label}: plain Kiwi().space(text)", score(golds, out), n / secs))
        if inputs is in_b:
            flat = [_WS.sub(" ", d) for d in damaged]
            out, _ = timed(partial(plain_kiwi, kiwi, flat), 1)
            rows.append((f"{label}: plain Kiwi.space, whitespace -> ' '", score(golds, out), None))
            out, secs = timed(partial(spacer.space_many, flat), 1)
            rows.append((f"{label}: Spacer alone, whitespace -> ' '", score(golds, out), n / secs))
    for name, s, cps in rows:
        speed = f"  {cps:,.0f} chars/s" if cps else ""
        print(f"{name:55s} {s.line()}{speed}")
    for i in (0, 3):
        ours, plain = rows[i][1], rows[i + 2][1]
        print(
            f"{rows[i][0].split(':')[0]} ratio ours/plain Kiwi: F1 {ours.f1 / plain.f1:.3f}, "
            f"P {ours.precision / plain.precision:.3f}, R {ours.recall / plain.recall:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
