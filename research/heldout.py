"""Which benchmark items the trained models never see: one definition, shared by the trainers
(``research.train_static``, ``research.train_lexicon``) and ``research.bench_retrieval``.

Items are ordered by a hash of their key (blake2b, no randomness), the first N are the test
split and the next M the development split (used to pick training settings); the rest train.
Parallel sentences are keyed by their English side, so the two Korean renderings of one
English sentence (korean-english-park and its North Korean twin) fall on the same side.

The data and its terms (``../shared/benchmarks/README.md``):

- the news and example sentence pairs (``PARALLEL_FILES``): CC BY-SA 3.0;
- LibreOffice's help, English–Korean paragraph pairs (``libreoffice``): MPL-2.0;
- MS MARCO's queries and passages with their Korean translations (``msmarco``): MS MARCO's
  terms, non-commercial research only. The shipped models are never trained on it; its test
  split is the cross-lingual benchmark.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

MSMARCO_TEST = 1000
MSMARCO_DEV = 500
PARALLEL_TEST = 1000
PARALLEL_DEV = 300
LIBREOFFICE_TEST = 1000
LIBREOFFICE_DEV = 500
LIBREOFFICE_FILE = "libreoffice-help.ko-en.tsv"  # english<TAB>korean, under parallel/

# The licence of each source, as the trainers put it on record in a model's config.
LICENCES = {
    "parallel": "CC BY-SA 3.0",
    "libreoffice": "MPL-2.0",
    "msmarco": "MS MARCO terms: non-commercial research only",
}

# (Korean file, English file) under parallel/
PARALLEL_FILES = (
    ("jhe-koen-dev.ko", "jhe-koen-dev.en"),
    ("korean-english-park.dev.ko", "korean-english-park.dev.en"),
    ("northkorean-english.dev.nk", "northkorean-english.dev.en"),
    ("northkorean-english.test.nk", "northkorean-english.test.en"),
    # The South Korean rendering of the same 2,000 English sentences as the file above; last,
    # so the test and dev splits keep the earlier rendering and their figures stay comparable.
    ("korean-english-park.test.ko", "korean-english-park.test.en"),
)


def _order(key: str) -> bytes:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()


@dataclass(frozen=True)
class MsMarcoItem:
    id: int
    query_ko: str
    query_en: str
    passages_ko: tuple[str, ...]
    passages_en: tuple[str, ...]


@dataclass(frozen=True)
class Pair:
    ko: str
    en: str
    source: str


def msmarco(root: Path) -> list[MsMarcoItem]:
    """msmarco_kor and msmarco_eng aligned by id (items whose positives disagree in number
    are dropped)."""
    ko = json.loads((root / "msmarco_kor" / "msmarco_kor.json").read_text(encoding="utf-8"))
    en = json.loads((root / "msmarco_kor" / "msmarco_eng.json").read_text(encoding="utf-8"))
    by_id = {item["id"]: item for item in en}
    out: list[MsMarcoItem] = []
    for item in ko:
        other = by_id.get(item["id"])
        if other is None or len(other["positive"]) != len(item["positive"]):
            continue
        out.append(
            MsMarcoItem(
                int(item["id"]),
                item["query"],
                other["query"],
                tuple(item["positive"]),
                tuple(_fix_mojibake(p) for p in other["positive"]),
            )
        )
    return out


def _fix_mojibake(text: str) -> str:
    """MS MARCO's English passages carry UTF-8 read as Latin-1 ("â\\x80\\x93" for "–")."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def split_msmarco(items: list[MsMarcoItem]) -> dict[str, list[MsMarcoItem]]:
    ordered = sorted(items, key=lambda it: _order(f"msmarco:{it.id}"))
    test = ordered[:MSMARCO_TEST]
    dev = ordered[MSMARCO_TEST : MSMARCO_TEST + MSMARCO_DEV]
    train = ordered[MSMARCO_TEST + MSMARCO_DEV :]
    return {"test": test, "dev": dev, "train": train}


def parallel(root: Path) -> list[Pair]:
    pairs: list[Pair] = []
    for ko_name, en_name in PARALLEL_FILES:
        ko_lines = (root / "parallel" / ko_name).read_text(encoding="utf-8").splitlines()
        en_lines = (root / "parallel" / en_name).read_text(encoding="utf-8").splitlines()
        for ko, en in zip(ko_lines, en_lines, strict=True):
            if ko.strip() and en.strip():
                pairs.append(Pair(ko.strip(), en.strip(), ko_name))
    return pairs


def split_parallel(pairs: list[Pair]) -> dict[str, list[Pair]]:
    """Split by English sentence. The test and dev splits keep one Korean rendering per
    English sentence (the first file's), so that a retrieval pool has no duplicates."""
    return _split_by_english(pairs, "parallel", PARALLEL_TEST, PARALLEL_DEV)


def libreoffice(root: Path) -> list[Pair]:
    """LibreOffice's help: English–Korean paragraph pairs, one ``english<TAB>korean`` a line."""
    lines = (root / "parallel" / LIBREOFFICE_FILE).read_text(encoding="utf-8").splitlines()
    pairs: list[Pair] = []
    for line in lines:
        en, _, ko = line.partition("\t")
        if ko.strip() and en.strip():
            pairs.append(Pair(ko.strip(), en.strip(), LIBREOFFICE_FILE))
    return pairs


def split_libreoffice(pairs: list[Pair]) -> dict[str, list[Pair]]:
    """Split by English paragraph, as ``split_parallel``."""
    return _split_by_english(pairs, "libreoffice", LIBREOFFICE_TEST, LIBREOFFICE_DEV)


def _split_by_english(
    pairs: list[Pair], key: str, n_test: int, n_dev: int
) -> dict[str, list[Pair]]:
    english = sorted({p.en for p in pairs}, key=lambda en: _order(f"{key}:{en}"))
    test_en = set(english[:n_test])
    dev_en = set(english[n_test : n_test + n_dev])
    out: dict[str, list[Pair]] = {"test": [], "dev": [], "train": []}
    seen: set[str] = set()
    for p in pairs:
        if p.en in test_en or p.en in dev_en:
            if p.en in seen:
                continue
            seen.add(p.en)
            out["test" if p.en in test_en else "dev"].append(p)
        else:
            out["train"].append(p)
    return out
