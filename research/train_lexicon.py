"""Build ``index/models/seoji-lexicon``, the English → Korean lexicon of hybrid search.

IBM Model 1 (``model1``) over the same sentence pairs seoji-static learns from
(``research.train_static``: the CC BY-SA 3.0 news sentences and LibreOffice's MPL-2.0 help
paragraphs; only with ``--with-msmarco`` also MS MARCO's Korean/English queries, passages and
aligned passage sentences, under non-commercial terms), train split only; ``--final`` adds
the development split, as the shipped embedding model does. Both sides
are cut into keyword-index terms by ``ingest.analysis``: a translation is always a term that
a Korean passage can be indexed with. Pairs with more than ``--max-terms`` terms on a side
are left out: in a long passage every word co-occurs with every other, which teaches little
and costs most of the time.

Printed report: the translated list alone (BM25 over an English question's Korean
translations, through the embedded backend) on the held-out MS MARCO questions, Recall@10
for a grid of (translations per term, least probability); the development split is the one
to choose on, the test split is printed for the defaults of ``index.lexicon`` only.

    python -m research.train_lexicon --final      # the shipped lexicon
    python -m research.train_lexicon --no-save    # the report only
    python -m research.train_lexicon --final --with-msmarco \
        --out build/seoji-lexicon-msmarco/en-ko.tsv.gz   # non-commercial
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.contract import Filters, IndexedDocument, KeywordQuery
from index.embedded import EmbeddedBackend
from index.lexicon import KO_EN_PATH, LEXICON_PATH, MIN_PROBABILITY, TOP, Lexicon, lexicon_from
from ingest.analysis import Analyzer, english_terms
from research import DEFAULT_DATA, bench_retrieval, heldout
from research.train_static import add_data_options, licence_of, sources_of, training_pairs

EXAMPLES_EN = ("treaty", "defense", "president", "nuclear", "guarantee", "kitchen")
EXAMPLES_KO = ("조약", "국방", "대통령", "핵", "라이선스", "파라미터", "저자")
GRID = ((1, 0.05), (2, 0.05), (3, 0.05), (3, 0.1), (5, 0.02), (8, 0.01))


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def save_lexicon(lexicon: Lexicon, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime 0: the same lexicon gives the same bytes
    with (
        path.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz,
    ):
        for english in sorted(lexicon.entries):
            for korean, p in lexicon.entries[english]:
                gz.write(f"{english}\t{korean}\t{p:.4f}\n".encode())


def model1(
    pairs: Sequence[tuple[Sequence[str], Sequence[str]]], iterations: int = 5
) -> dict[str, dict[str, float]]:
    """IBM Model 1: t(korean | english) from (korean terms, english terms) pairs, by EM.

    Each Korean term of a pair is explained by one English term of the same pair or by
    nothing (NULL); EM spreads that explanation in proportion to the current t, starting
    from uniform. Returns english → {korean: t}, NULL left out.
    """
    null = ""
    k_ids: dict[str, int] = {}
    e_ids: dict[str, int] = {null: 0}
    data = [
        (
            [k_ids.setdefault(k, len(k_ids)) for k in ko],
            [0, *(e_ids.setdefault(e, len(e_ids)) for e in en)],
        )
        for ko, en in pairs
        if ko and en
    ]
    t: dict[tuple[int, int], float] = {}
    for _ in range(iterations):
        counts: dict[tuple[int, int], float] = {}
        totals = [0.0] * len(e_ids)
        for ko_ids, en_ids in data:
            for k in ko_ids:
                keys = [(k, e) for e in en_ids]
                weights = [t.get(key, 1.0) for key in keys]
                z = sum(weights)
                for key, w in zip(keys, weights, strict=True):
                    c = w / z
                    counts[key] = counts.get(key, 0.0) + c
                    totals[key[1]] += c
        t = {key: c / totals[key[1]] for key, c in counts.items()}
    korean = {i: k for k, i in k_ids.items()}
    english = {i: e for e, i in e_ids.items()}
    out: dict[str, dict[str, float]] = {}
    for (k, e), p in t.items():
        if e != 0:
            out.setdefault(english[e], {})[korean[k]] = p
    return out


def analysed(
    pairs: Sequence[tuple[str, str]], analyzer: Analyzer
) -> list[tuple[list[str], list[str]]]:
    out: list[tuple[list[str], list[str]]] = []
    for start in range(0, len(pairs), 2000):
        chunk = pairs[start : start + 2000]
        korean = analyzer.analyze_many([ko for ko, _ in chunk])
        analyzer.forget()  # nothing here is analysed twice
        out.extend((ko, english_terms(en)) for ko, (_, en) in zip(korean, chunk, strict=True))
    return out


def build(
    term_pairs: Sequence[tuple[list[str], list[str]]],
    max_terms: int,
    iterations: int,
    keep: int,
    floor: float,
    direction: str = "en-ko",
) -> Lexicon:
    """The lexicon from (korean terms, english terms) pairs; ``direction`` ko-en learns
    t(english | korean) instead, by handing Model 1 the pairs the other way round."""
    short = [
        (ko, en) for ko, en in term_pairs if 0 < len(ko) <= max_terms and 0 < len(en) <= max_terms
    ]
    if direction == "ko-en":
        short = [(en, ko) for ko, en in short]
    seen = Counter(e for _, en in short for e in set(en))
    log(f"  model 1: {len(short):,} pairs of at most {max_terms} terms, {iterations} iterations")
    t0 = time.perf_counter()
    table = model1(short, iterations)
    log(f"  model 1: {time.perf_counter() - t0:.0f} s")
    rows = [
        (english, korean, p)
        for english, translations in table.items()
        if seen[english] >= 2  # a word seen once is aligned to its sentence, not a word
        for korean, p in sorted(translations.items(), key=lambda kv: -kv[1])[:keep]
        if p >= floor
    ]
    return lexicon_from(rows)


def split_index(
    items: Sequence[heldout.MsMarcoItem], analyzer: Analyzer, tmp: Path, direction: str = "en-ko"
) -> EmbeddedBackend:
    """The passages of held-out items in the target language in an embedded index (terms
    only), built from the same records as ``research.bench_retrieval``'s msmarco-en2ko."""
    ids = [f"msmarco-{it.id}" for it in items]
    if direction == "ko-en":
        texts = [it.passages_en[0] for it in items]
        all_terms = [english_terms(t) for t in texts]
    else:
        texts = [it.passages_ko[0] for it in items]
        all_terms = analyzer.analyze_many(texts)
    data = bench_retrieval.Dataset("msmarco", "msmarco", ids, texts, [() for _ in items], [], [])
    docs = [
        IndexedDocument(d, (p,), (tuple(terms),), np.zeros((1, 1), dtype=np.float32), p.text)
        for (d, p), terms in zip(bench_retrieval.records(data), all_terms, strict=True)
    ]
    backend = EmbeddedBackend(tmp / "heldout.db")
    backend.rebuild(docs, "none", 1)
    return backend


def recall_at_10(
    backend: EmbeddedBackend,
    items: Sequence[heldout.MsMarcoItem],
    lexicon: Lexicon,
    top: int,
    min_probability: float,
    analyzer: Analyzer | None = None,
) -> float:
    """Recall@10 of the translated list alone; with an ``analyzer``, of Korean questions
    (cut by it) over English passages."""
    found = 0
    for it in items:
        query = analyzer.analyze(it.query_ko) if analyzer else english_terms(it.query_en)
        target = tuple(lexicon.translate(query, top, min_probability))
        hits = backend.keyword_search(KeywordQuery("", target), Filters(), 10) if target else []
        found += any(h.passage_id == f"msmarco-{it.id}" for h in hits)
    return found / len(items)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--final", action="store_true", help="train on the dev split too")
    add_data_options(p, LEXICON_PATH)
    p.add_argument("--no-save", action="store_true", help="report only, write nothing")
    p.add_argument("--iterations", type=int, default=5, help="EM iterations")
    p.add_argument("--max-terms", type=int, default=40, help="longest pair side, in terms")
    p.add_argument("--keep", type=int, default=8, help="translations stored per English term")
    p.add_argument("--floor", type=float, default=0.01, help="least probability stored")
    p.add_argument(
        "--direction",
        choices=("en-ko", "ko-en"),
        default="en-ko",
        help="en-ko: English query terms → Korean (the default --out); ko-en: Korean → English"
        f" (default --out {KO_EN_PATH})",
    )
    args = p.parse_args(argv)
    if args.direction == "ko-en" and args.out == LEXICON_PATH:
        args.out = KO_EN_PATH

    t0 = time.perf_counter()
    splits = ["train", "dev"] if args.final else ["train"]
    sources = sources_of(args, LEXICON_PATH)
    pairs, stats = training_pairs(args.data, sources, splits)
    log(f"pairs of {' + '.join(sources)}, from {'+'.join(splits)}: {stats}")
    log(f"licence of the result: {licence_of(sources)}")
    analyzer = Analyzer()
    term_pairs = analysed(pairs, analyzer)
    log(f"  analysed in {time.perf_counter() - t0:.0f} s")
    lexicon = build(
        term_pairs, args.max_terms, args.iterations, args.keep, args.floor, args.direction
    )
    size = sum(len(v) for v in lexicon.entries.values())
    source_lang = "English" if args.direction == "en-ko" else "Korean"
    print(f"lexicon {args.direction}: {len(lexicon):,} {source_lang} terms, {size:,} translations")
    if args.direction == "en-ko":
        examples = [(w, english_terms(w)[0]) for w in EXAMPLES_EN]
    else:
        examples = [(w, w) for w in EXAMPLES_KO]
    for word, term in examples:
        shown = ", ".join(f"{k} {p:.2f}" for k, p in lexicon.entries.get(term, ())[:4])
        print(f"  {word} ({term}): {shown or '—'}")

    split = heldout.split_msmarco(heldout.msmarco(args.data))
    with tempfile.TemporaryDirectory(prefix="seoji-lexicon-") as tmp:
        for name in ("dev", "test"):
            if name == "dev" and args.final:
                continue  # trained on: no figure to choose by
            backend = split_index(split[name], analyzer, Path(tmp) / name, args.direction)
            ko_en = args.direction == "ko-en"
            what = "Korean questions → English" if ko_en else "English questions → Korean"
            try:
                grid = GRID if name == "dev" else ((TOP, MIN_PROBABILITY),)
                for top, floor in grid:
                    r = recall_at_10(
                        backend, split[name], lexicon, top, floor, analyzer if ko_en else None
                    )
                    print(
                        f"translated list alone, held-out {name} ({len(split[name])} {what}"
                        f" passages): top {top}, p ≥ {floor:g}: R@10 {r:.3f}"
                    )
            finally:
                backend.close()
    if not args.no_save:
        save_lexicon(lexicon, args.out)
        print(f"written {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    print(f"done in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
