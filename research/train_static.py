"""Build ``index/models/seoji-static``, seoji's bilingual static embedding model.

Multilingual knowledge distillation (Reimers & Gurevych, 2020) into a static student: the
teacher, all-MiniLM-L6-v2, embeds the English side of each parallel pair; the student (a
table of unit vectors, averaged; units in ``index.static``) learns to put both the Korean
and the English side on that embedding. Loss: MSE on both sides, plus an in-batch
contrastive term (InfoNCE, Korean side against the teacher's English) when ``--contrastive``
is above 0.

Data, from ``--data`` (../shared/benchmarks; splits in ``research.heldout``, never trained on):

- the parallel news and example sentences (CC BY-SA 3.0): 6,720 pairs; 1,000 English
  sentences held out for the test, 300 for development;
- LibreOffice's help, English–Korean paragraphs (MPL-2.0): 18,667 pairs; 1,000 English
  paragraphs held out for the test, 500 for development (``--no-libreoffice`` leaves it out);
- only with ``--with-msmarco``: MS MARCO Korean/English (MS MARCO terms, **non-commercial
  research only**): each query pair, each passage pair, and the sentence pairs of passages
  whose Korean and English sentence counts agree; 1,000 items held out for the test, 500 for
  development. Such a build may not replace the shipped model (``--out`` is required).
KorQuAD is never used (its licence allows evaluation only). The held-out MS MARCO items are
always used to *measure* (research use), never to train the shipped model.

Printed report (also written into the model's ``seoji_static.json``), on the test splits:
English query → Korean passage Recall@10 over the 1,000 held-out MS MARCO passages, with the
teacher (as seoji routes English) or the student encoding the query; Korean ↔ English
sentence retrieval accuracy over the 1,000 held-out news pairs and over the 1,000 held-out
LibreOffice paragraphs, both directions averaged.

    python -m research.train_static --final             # the shipped model
    python -m research.train_static --final --with-msmarco --out build/seoji-static-msmarco
    python -m research.train_static --no-save --epochs 8 --contrastive 0   # an experiment:
                                       # picks the epoch that does best on the dev split

Teacher vectors and Kiwi analyses are cached under ``--cache`` (not in the repository).
Deterministic for a given seed, data and library versions (torch set to one thread order).
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.static import (
    MODEL_DIR,
    StaticTable,
    UnitTokenizer,
    has_hangul,
    is_oov_candidate,
    korean_units,
    quantize,
    save_table,
    teacher_path,
)
from research import DEFAULT_DATA, heldout

DIM = 384


def log(msg: str) -> None:
    print(msg, flush=True)


# ---------------------------------------------------------------------------------- data


def sentence_pairs(items: Sequence[heldout.MsMarcoItem]) -> list[tuple[str, str]]:
    """Aligned sentences of the MS MARCO passages whose sentence counts agree."""
    from ingest.sentences import SentenceSplitter

    splitter = SentenceSplitter()
    out: list[tuple[str, str]] = []
    for item in items:
        for ko, en in zip(item.passages_ko, item.passages_en, strict=True):
            ko_s = [ko[s:e] for s, e in splitter.split(ko, "ko")]
            en_s = [en[s:e] for s, e in splitter.split(en, "en")]
            if len(ko_s) == len(en_s) and len(ko_s) > 1:
                out.extend(zip(ko_s, en_s, strict=True))
    return out


def add_data_options(p: argparse.ArgumentParser, default_out: Path) -> None:
    """The options that choose the training data, shared with ``research.train_lexicon``."""
    p.add_argument(
        "--with-msmarco",
        action="store_true",
        help="also train on MS MARCO (non-commercial terms: never the shipped model)",
    )
    p.add_argument("--no-libreoffice", action="store_true", help="leave LibreOffice's help out")
    p.add_argument("--out", type=Path, default=default_out)


def sources_of(args: argparse.Namespace, default_out: Path) -> tuple[str, ...]:
    """The data sources the options name; refuses to write a non-commercial build over the
    shipped model, whose licence says it was not trained on MS MARCO."""
    sources: tuple[str, ...] = ("parallel",)
    if not args.no_libreoffice:
        sources += ("libreoffice",)
    if args.with_msmarco:
        if args.out.resolve() == default_out.resolve() and not args.no_save:
            msg = (
                f"--with-msmarco builds a non-commercial model; give it its own --out, not the "
                f"shipped {default_out}"
            )
            raise SystemExit(msg)
        sources += ("msmarco",)
    return sources


def licence_of(sources: Sequence[str]) -> str:
    """The terms a model trained on these sources is offered under (see the model cards)."""
    if "msmarco" in sources:
        return "non-commercial research only (MS MARCO terms)"
    return "CC BY-SA 3.0"


def training_pairs(
    root: Path, sources: Sequence[str], splits: Sequence[str]
) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """(Korean, English) pairs of the given sources and splits, and their counts."""
    par = heldout.split_parallel(heldout.parallel(root))
    pairs = [(p.ko, p.en) for split in splits for p in par[split]]
    stats: dict[str, Any] = {"parallel_pairs": len(pairs)}
    if "libreoffice" in sources:
        lo = heldout.split_libreoffice(heldout.libreoffice(root))
        lo_pairs = [(p.ko, p.en) for split in splits for p in lo[split]]
        pairs += lo_pairs
        stats["libreoffice_pairs"] = len(lo_pairs)
    if "msmarco" in sources:
        ms = heldout.split_msmarco(heldout.msmarco(root))
        items = [it for split in splits for it in ms[split]]
        queries = [(it.query_ko, it.query_en) for it in items]
        passages = [
            (k, e) for it in items for k, e in zip(it.passages_ko, it.passages_en, strict=True)
        ]
        sentences = sentence_pairs(items)
        pairs += queries + passages + sentences
        stats |= {
            "msmarco_queries": len(queries),
            "msmarco_passages": len(passages),
            "msmarco_sentence_pairs": len(sentences),
        }
    stats["pairs"] = len(pairs)
    return pairs, stats


# ------------------------------------------------------------------------------- units


def korean(tok: UnitTokenizer, texts: Sequence[str]) -> list[list[str]]:
    """The units of Korean texts spelled out (``index.static.korean_units``), with the
    WordPiece units of their non-Hangul stretches appended."""
    from ingest.analysis import normalize

    normalized = [normalize(t) for t in texts]
    tokens = tok.analyzer.tokens_of_normalized(normalized)
    foreign: list[list[str]] = []
    out: list[list[str]] = []
    for text, toks in zip(normalized, tokens, strict=True):
        units, stretches = korean_units(text, toks)
        out.append(units)
        foreign.append(stretches)
    flat = [s for stretches in foreign for s in stretches]
    pieces = iter(tok.english(flat)) if flat else iter(())
    for units, stretches in zip(out, foreign, strict=True):
        for _ in stretches:
            units.extend(next(pieces))
    return out


def units(tok: UnitTokenizer, texts: Sequence[str]) -> list[list[str]]:
    """Units of each text: Korean analysis when it has Hangul, WordPiece otherwise. The
    encoder computes the same units as row ids (``index.static.UnitIds``)."""
    out: list[list[str]] = [[] for _ in texts]
    ko = [i for i, t in enumerate(texts) if has_hangul(t)]
    en = [i for i, t in enumerate(texts) if not has_hangul(t)]
    for i, u in zip(ko, korean(tok, [texts[i] for i in ko]), strict=True):
        out[i] = u
    for i, u in zip(en, tok.english([texts[i] for i in en]), strict=True):
        out[i] = u
    return out


def dequantize(q: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return q.astype(np.float32) * scale[:, None]


def oov_sum(table: StaticTable, unknown: Sequence[str]) -> np.ndarray:
    """The summed OOV vectors of a text's unknown morphemes (zeros for none)."""
    if not unknown:
        return np.zeros(table.dim, dtype=np.float32)
    total: np.ndarray = table.oov(unknown).sum(axis=0)
    return total


# ------------------------------------------------------------------------------ caching


def _key(texts: Sequence[str], tag: str) -> str:
    h = hashlib.sha256(tag.encode())
    for t in texts:
        h.update(t.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:20]


def teacher_vectors(texts: Sequence[str], cache: Path) -> np.ndarray:
    path = cache / f"teacher-{_key(texts, 'minilm')}.npy"
    if path.exists():
        return np.load(path)
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(teacher_path(), device="cpu")
    t0 = time.perf_counter()
    vectors = model.encode(
        list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
    ).astype(np.float32)
    log(f"  teacher: {len(texts):,} texts in {time.perf_counter() - t0:.0f} s")
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def unit_lists(texts: Sequence[str], tok: UnitTokenizer, cache: Path) -> list[list[str]]:
    path = cache / f"units-{_key(texts, 'units-v1')}.pkl"
    if path.exists():
        with path.open("rb") as f:
            cached: list[list[str]] = pickle.load(f)
        return cached
    t0 = time.perf_counter()
    out: list[list[str]] = []
    for start in range(0, len(texts), 2048):
        out.extend(units(tok, texts[start : start + 2048]))
    log(f"  units: {len(texts):,} texts in {time.perf_counter() - t0:.0f} s")
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(out, f)
    return out


# ------------------------------------------------------------------------------- model


def build_vocab(unit_lists_: Sequence[Sequence[str]], min_count: int, max_size: int) -> list[str]:
    counts = Counter(u for units in unit_lists_ for u in units)
    kept = [(u, c) for u, c in counts.items() if c >= min_count or u.startswith("e:")]
    kept.sort(key=lambda uc: (-uc[1], uc[0]))
    return [u for u, _ in kept[:max_size]]


def unit_weights(vocab: Sequence[str], lists: Sequence[Sequence[str]], a: float) -> np.ndarray:
    """SIF weights a / (a + p(unit)) (Arora et al., 2017), p from the training text; all 1
    when a is 0."""
    if a <= 0:
        return np.ones(len(vocab), dtype=np.float32)
    counts = Counter(u for units in lists for u in units)
    total = sum(counts.values())
    p = np.asarray([counts.get(u, 0) / total for u in vocab], dtype=np.float64)
    return (a / (a + p)).astype(np.float32)


class Batches:
    """Unit lists as flat id arrays with offsets, plus the summed OOV vectors of each text."""

    def __init__(
        self, lists: Sequence[Sequence[str]], table: StaticTable, unit_weights: np.ndarray
    ) -> None:
        looked = [table.lookup(u) for u in lists]
        self.ids = [np.asarray(u.ids, dtype=np.int64) for u in looked]
        self.weights = [unit_weights[i] for i in self.ids]
        # Unknown morphemes weigh 1, like the rarest known unit.
        self.counts = np.asarray(
            [
                max(float(w.sum()) + len(u.unknown), 1e-6)
                for w, u in zip(self.weights, looked, strict=True)
            ],
            dtype=np.float32,
        )
        self.oov = np.stack([oov_sum(table, u.unknown) for u in looked]).astype(np.float32)

    def take(self, rows: np.ndarray) -> tuple[Any, Any, Any, Any, Any]:
        import torch

        parts = [self.ids[r] for r in rows]
        lengths = [len(p) for p in parts]
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        flat = np.concatenate(parts) if sum(lengths) else np.zeros(0, dtype=np.int64)
        weights = np.concatenate([self.weights[r] for r in rows]).astype(np.float32)
        return (
            torch.from_numpy(flat),
            torch.from_numpy(offsets),
            torch.from_numpy(weights),
            torch.from_numpy(self.oov[rows]),
            torch.from_numpy(self.counts[rows]),
        )


def train(
    ko: Batches,
    en: Batches,
    target: np.ndarray,
    vocab_size: int,
    args: argparse.Namespace,
    evaluate: Any = None,
    init: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, int]:
    """The table after the epoch that scored best on the development split (or the last
    one, without ``evaluate``), and that epoch."""
    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    # Sparse gradients: a batch touches a few thousand of the table's rows, and a dense
    # update of all of them made an epoch 40 times slower.
    bag = torch.nn.EmbeddingBag(vocab_size, DIM, mode="sum", sparse=True)
    torch.nn.init.normal_(bag.weight, std=args.init_std)
    if init is not None:
        with torch.no_grad():
            bag.weight[init[0]] = torch.from_numpy(init[1])
    opt = torch.optim.SparseAdam(list(bag.parameters()), lr=args.lr)
    y_all = torch.from_numpy(target)
    rng = np.random.default_rng(args.seed)
    n = len(target)
    best: tuple[float, int, np.ndarray] = (-1.0, 0, np.zeros(0))

    def student(b: Batches, rows: np.ndarray) -> Any:
        ids, offsets, weights, oov, counts = b.take(rows)
        return (bag(ids, offsets, per_sample_weights=weights) + oov) / counts[:, None]

    for epoch in range(1, args.epochs + 1):
        order = rng.permutation(n)
        total = 0.0
        t0 = time.perf_counter()
        for start in range(0, n, args.batch):
            rows = order[start : start + args.batch]
            y = y_all[rows]
            s_ko = student(ko, rows)
            s_en = student(en, rows)
            loss = ((s_ko - y) ** 2).sum(1).mean() + ((s_en - y) ** 2).sum(1).mean()
            if args.contrastive > 0:
                a = torch.nn.functional.normalize(s_ko, dim=1)
                logits = a @ y.T / args.temperature
                labels = torch.arange(len(rows))
                ce = torch.nn.functional.cross_entropy
                loss = loss + args.contrastive * 0.5 * (ce(logits, labels) + ce(logits.T, labels))
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(rows)
        msg = f"  epoch {epoch:2d}: loss {total / n:.4f} ({time.perf_counter() - t0:.1f} s)"
        if evaluate is not None:
            weights = bag.weight.detach().numpy().copy()
            scores = evaluate(weights)
            score = scores["en2ko_R@10"] + scores["sent_acc"]
            msg += "  dev " + " ".join(f"{k} {v:.3f}" for k, v in scores.items())
            if score > best[0]:
                best = (score, epoch, weights)
        log(msg)
    if evaluate is None:
        return bag.weight.detach().numpy().copy(), args.epochs
    log(f"  best on dev: epoch {best[1]}")
    return best[2], best[1]


# ---------------------------------------------------------------------------- evaluation


def _normalize(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)


def recall_at(queries: np.ndarray, docs: np.ndarray, k: int = 10) -> float:
    """Query i's relevant document is document i."""
    sims = _normalize(queries) @ _normalize(docs).T
    top = np.argsort(-sims, axis=1)[:, :k]
    return float(np.mean([i in top[i] for i in range(len(queries))]))


def mrr_at(queries: np.ndarray, docs: np.ndarray, k: int = 10) -> float:
    """Mean reciprocal rank of document i for query i, 0 below rank k."""
    sims = _normalize(queries) @ _normalize(docs).T
    rank = (sims > sims[np.arange(len(sims)), np.arange(len(sims))][:, None]).sum(1)
    return float(np.mean(np.where(rank < k, 1.0 / (rank + 1), 0.0)))


def accuracy(a: np.ndarray, b: np.ndarray) -> float:
    """Sentence retrieval accuracy, both directions averaged (a[i] ↔ b[i])."""
    sims = _normalize(a) @ _normalize(b).T
    right = np.arange(len(a))
    return float((np.mean(sims.argmax(1) == right) + np.mean(sims.argmax(0) == right)) / 2)


class Evaluation:
    """Held-out texts, analysed and teacher-encoded once; scores any weight matrix."""

    def __init__(
        self,
        split: str,
        root: Path,
        tok: UnitTokenizer,
        cache: Path,
        vocab: list[str],
        oov_scale: float,
    ) -> None:
        items = heldout.split_msmarco(heldout.msmarco(root))[split]
        pairs = heldout.split_parallel(heldout.parallel(root))[split]
        help_pairs = heldout.split_libreoffice(heldout.libreoffice(root))[split]
        self.query_en = [it.query_en for it in items]
        self.passage_ko = [it.passages_ko[0] for it in items]
        self.sent_ko = [p.ko for p in pairs]
        self.sent_en = [p.en for p in pairs]
        self.t_query = teacher_vectors(self.query_en, cache)
        self.t_sent = teacher_vectors(self.sent_en, cache)
        self.t_help = teacher_vectors([p.en for p in help_pairs], cache)
        self.vocab = vocab
        self.oov_scale = oov_scale
        self.units = {
            "query_en": unit_lists(self.query_en, tok, cache),
            "passage_ko": unit_lists(self.passage_ko, tok, cache),
            "sent_ko": unit_lists(self.sent_ko, tok, cache),
            "sent_en": unit_lists(self.sent_en, tok, cache),
            "help_ko": unit_lists([p.ko for p in help_pairs], tok, cache),
        }

    def __call__(self, weights: np.ndarray) -> dict[str, float]:
        table = StaticTable(self.vocab, weights, self.oov_scale)
        enc = {k: table.encode([table.lookup(u) for u in v]) for k, v in self.units.items()}
        return {
            "en2ko_R@10": recall_at(self.t_query, enc["passage_ko"]),
            "en2ko_R@10_student": recall_at(enc["query_en"], enc["passage_ko"]),
            "en2ko_MRR@10": mrr_at(self.t_query, enc["passage_ko"]),
            "sent_acc": accuracy(enc["sent_ko"], self.t_sent),
            "sent_acc_student": accuracy(enc["sent_ko"], enc["sent_en"]),
            "help_acc": accuracy(enc["help_ko"], self.t_help),
        }


# ------------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "seoji" / "static")
    add_data_options(p, MODEL_DIR)
    p.add_argument("--no-save", action="store_true", help="train and report, write nothing")
    p.add_argument(
        "--final",
        action="store_true",
        help="train on the train and dev splits for exactly --epochs (no selection on dev)",
    )
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--init-std", type=float, default=0.01)
    p.add_argument("--contrastive", type=float, default=0.3, help="weight of InfoNCE")
    p.add_argument("--temperature", type=float, default=0.1)
    p.add_argument("--sif", type=float, default=0.0, help="SIF weighting a (0: plain mean)")
    p.add_argument("--min-count", type=int, default=2, help="for Korean units")
    p.add_argument("--max-vocab", type=int, default=60_000)
    p.add_argument("--oov-scale", type=float, default=1.0, help="norm of an OOV vector")
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args(argv)

    from tokenizers import Tokenizer

    t_start = time.perf_counter()
    wordpiece_file = Path(teacher_path()) / "tokenizer.json"
    tok = UnitTokenizer(Tokenizer.from_file(str(wordpiece_file)))

    log("data")
    splits = ("train", "dev") if args.final else ("train",)
    sources = sources_of(args, MODEL_DIR)
    pairs, stats = training_pairs(args.data, sources, splits)
    log("  " + ", ".join(f"{k} {v:,}" for k, v in stats.items()))
    ko_texts = [k for k, _ in pairs]
    en_texts = [e for _, e in pairs]
    target = teacher_vectors(en_texts, args.cache)
    ko_units = unit_lists(ko_texts, tok, args.cache)
    en_units = unit_lists(en_texts, tok, args.cache)

    vocab = build_vocab(ko_units + en_units, args.min_count, args.max_vocab)
    kinds = Counter(u[:2] for u in vocab)
    log(f"  vocabulary {len(vocab):,} units: " + ", ".join(f"{k} {v:,}" for k, v in kinds.items()))

    # OOV vectors are inputs in training too (fixed, not learned), at the same scale.
    scale = args.oov_scale
    table = StaticTable(vocab, np.zeros((len(vocab), DIM), np.float32), scale)
    dev = None if args.final else Evaluation("dev", args.data, tok, args.cache, vocab, scale)
    uw = unit_weights(vocab, ko_units + en_units, args.sif)
    ko_b, en_b = Batches(ko_units, table, uw), Batches(en_units, table, uw)
    oov_share = sum(1 for u in ko_units for x in u if is_oov_candidate(x) and x not in table.index)
    log(f"  Korean OOV content morphemes in training text: {oov_share:,}")

    log("train")
    # A text's vector is the weighted mean of its units; the weights are folded into the
    # rows afterwards (the direction of a sum does not depend on its denominator).
    raw, best_epoch = train(
        ko_b,
        en_b,
        target,
        len(vocab),
        args,
        evaluate=None if dev is None else (lambda w: dev(w * uw[:, None])),
    )
    weights = raw * uw[:, None]
    stats["best_epoch"] = best_epoch
    train_s = time.perf_counter() - t_start

    log("test (held out)")
    test = Evaluation("test", args.data, tok, args.cache, vocab, scale)
    figures = test(weights)
    q, s = quantize(weights)
    figures_int8 = test(dequantize(q, s))
    for name, value in figures.items():
        log(f"  {name:20s} {value:.4f}   int8 {figures_int8[name]:.4f}")
    size_mb = (q.nbytes + s.nbytes) / 1e6
    log(f"  weights {size_mb:.1f} MB int8; built in {train_s:.0f} s")

    if args.no_save:
        return 0
    config = {
        "route_english": True,
        "units_version": 1,
        "training": {
            "data": " + ".join(f"{s} ({heldout.LICENCES[s]})" for s in sources),
            "licence": licence_of(sources),
            **stats,
            "vocabulary": len(vocab),
            "args": {
                k: (str(v) if isinstance(v, Path) else v)
                for k, v in vars(args).items()
                if k not in ("data", "out", "cache", "no_save", "threads")
            },
        },
        "test": {"float32": figures, "int8": figures_int8},
    }
    save_table(args.out, StaticTable(vocab, dequantize(q, s), scale), wordpiece_file, config)
    log(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
