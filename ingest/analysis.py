"""Keyword analysis: text → index terms for BM25 (SQLite FTS5, Elasticsearch).

One function serves documents and queries, so whatever a document is turned into, a query
typed differently (no spaces, odd spaces, particles attached) is turned into overlapping terms.

Korean goes through kiwipiepy and keeps content morphemes:

    >>> Analyzer().analyze("한미상호방위조약을 체결했다")
    ['한미', '상호', '방위', '조약', '한미상호방위조약', '체결']

- nouns (NNG, NNP), roots (XR) by their form, with inner middle dots removed (한·미 → 한미);
- verb and adjective stems (VV, VA, irregular variants too) as lemma + "다" (먹었다 → 먹다),
  so a verb never collides with a noun spelled like its stem (감다 vs 감);
- a compound, i.e. several noun morphemes written together without a space, gives its parts
  and also the whole word, so 한미상호방위조약 is found by itself and by 방위 조약;
- particles, endings, copulas, auxiliaries, pronouns, determiners and dependent nouns
  (것, 수, 년) are dropped; ``python -m research.bench_keywords`` measures these choices.

Everything that is not Hangul (Latin words, numbers, Hanja, URLs) goes through one English
tokenizer, whether it stands alone or sits inside Korean text; Hanja and other scripts come
out as written (核武器), the stemmer leaves them alone. Kiwi only decides where the
Korean stops; the foreign stretch of the original text is then tokenized the same way as an
English document would be, so "AUMF" in a Korean sentence and in an English one agree.

English: NFKC, lowercase, curly apostrophes made straight, possessive 's dropped, Lucene's
33-word English stopword list dropped, Snowball English (Porter2) stems. Dotted acronyms
lose their dots (U.S. → us, e.g. → eg); "us" is deliberately *not* a stopword so that U.S.,
US and us meet. Numbers with separators stay whole ("6.12", "3.5"); thousands commas go
("1,000" → "1000").

No term ever contains whitespace: the indexes join terms with spaces.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import snowballstemmer
from kiwipiepy import Kiwi, Token
from kiwipiepy.const import Match

from ingest.records import Lang

# Hangul syllables, both jamo blocks and the compatibility jamo: any of these means Kiwi.
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7a3\ud7b0-\ud7ff]")

# Middle-dot look-alikes used between Korean words (한ㆍ미). ㆍ is a compatibility jamo that
# NFKC would turn into a conjoining vowel and Kiwi would then glue into a noun, so all of them
# become U+00B7, which Kiwi treats as punctuation.
_ODD_MIDDLE_DOTS = "ㆍᆞ・･‧∙⋅"
_ODD_APOSTROPHES = "’‘ʼ`´"
_MIDDLE_DOTS = str.maketrans(dict.fromkeys(_ODD_MIDDLE_DOTS, "·"))
_APOSTROPHES = str.maketrans(dict.fromkeys(_ODD_APOSTROPHES, "'"))
# str.translate looks every character up in a dict; most texts have none of these, and a
# regex finds that out ten times faster.
_HAS_MIDDLE_DOT = re.compile(f"[{_ODD_MIDDLE_DOTS}]")
_HAS_APOSTROPHE = re.compile(f"[{_ODD_APOSTROPHES}]")

# Noun-like morphemes kept as terms and joined into compounds.
NOUN_TAGS = frozenset({"NNG", "NNP", "XR"})
# Kept only inside a compound's whole word (비핵화 = 비핵 + 화, 법적 = 법 + 적), never alone.
AFFIX_TAGS = frozenset({"XPN", "XSN"})
# Verb and adjective stems; Kiwi marks irregular ones with a suffix (VA-I, VV-R).
PREDICATE_TAGS = frozenset({"VV", "VA"})

# Kiwi's own hashtag and mention matchers would swallow Korean words (#해시 → W_HASHTAG);
# URLs, e-mails and serials contain no Korean and reach the English tokenizer either way.
_MATCH = Match.URL | Match.EMAIL | Match.SERIAL | Match.EMOJI

# Lucene's EnglishAnalyzer default stopwords (ENGLISH_STOP_WORDS_SET): small and well known.
_LUCENE_STOPWORDS = """
a an and are as at be but by for if in into is it no not of on or such that the their then
there these they this to was will with
"""
ENGLISH_STOPWORDS = frozenset(_LUCENE_STOPWORDS.split())

_ENGLISH_TOKEN = re.compile(
    r"(?P<acronym>(?:[^\W\d_]\.){2,})(?:'s)?"  # U.S., e.g., U.S.'s
    r"|(?P<number>\d+(?:[.,]\d+)+(?!\w))"  # with separators: 1,000  6.12  3.5
    r"|[^\W_]+(?:'[^\W_]+)*"  # word, possibly with inner apostrophes: don't, Korea's
)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")


_shared_lock = threading.Lock()
_shared: dict[str, Analyzer] = {}


def shared_analyzer() -> Analyzer:
    """The process's default analyzer: one Kiwi, and one cache of its analyses.

    The keyword index and seoji's static embedding model (``index.static``) both need Kiwi's
    morphemes of every passage; through this instance the second asks for what the first
    already computed (``Analyzer.tokens_many``) instead of running Kiwi again.
    """
    with _shared_lock:
        if "default" not in _shared:
            _shared["default"] = Analyzer()
        return _shared["default"]


class _TokenCache:
    """The Kiwi tokens of the texts analysed last, by normalised text (thread-safe LRU)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, list[Token]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> list[Token] | None:
        with self._lock:
            tokens = self._items.get(text)
            if tokens is not None:
                self._items.move_to_end(text)
            return tokens

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def put(self, text: str, tokens: list[Token]) -> None:
        with self._lock:
            self._items[text] = tokens
            self._items.move_to_end(text)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class Analyzer:
    """Turns Korean, English or mixed text into index terms. Kiwi loads on first use.

    Terms come out in text order; a compound's whole word follows its parts. Duplicates are
    kept, since BM25 counts term frequency.

    The Kiwi tokens of the last ``cache_size`` texts are kept, so that another consumer of the
    same texts (the static embedding model, right after the keyword analysis at ingest) gets
    them without a second run of Kiwi.
    """

    def __init__(self, kiwi: Kiwi | None = None, *, cache_size: int = 4096) -> None:
        self._kiwi = kiwi
        self._kiwi_lock = threading.Lock()
        self._cache = _TokenCache(cache_size)

    @property
    def kiwi(self) -> Kiwi:
        with self._kiwi_lock:
            if self._kiwi is None:
                # Default arguments: the bundled model and dictionaries, and (num_workers=None)
                # one worker thread per core for analyze_many's batches.
                self._kiwi = Kiwi()
            return self._kiwi

    def forget(self) -> None:
        """Empty the cache of Kiwi analyses (benchmarks start each run cold)."""
        self._cache.clear()

    def tokens_many(self, texts: Sequence[str]) -> list[list[Token]]:
        """Kiwi's tokens of each text, as ``analyze`` sees it: the text is normalised first
        (NFKC, middle dots), and offsets point into ``normalize(text)``. Cached."""
        return self.tokens_of_normalized([normalize(t) for t in texts])

    def tokens_of_normalized(self, normalized: Sequence[str]) -> list[list[Token]]:
        """``tokens_many`` of texts that are already ``normalize``d."""
        out: list[list[Token] | None] = [self._cache.get(t) for t in normalized]
        missing = [i for i, tokens in enumerate(out) if tokens is None]
        if missing:
            batches: Iterator[list[Token]] = self.kiwi.tokenize(
                (normalized[i] for i in missing), match_options=_MATCH
            )
            for i, tokens in zip(missing, batches, strict=True):
                out[i] = tokens
                self._cache.put(normalized[i], tokens)
        return [tokens or [] for tokens in out]

    def analyze(self, text: str, lang: Lang | None = None) -> list[str]:
        """Terms of one text.

        lang=None looks at the text: anything with Hangul goes through Kiwi, whose foreign
        stretches then go through the English tokenizer. lang="ko" always runs Kiwi;
        lang="en" never does (Hangul words are then kept whole, particles and all).
        """
        text = normalize(text)
        if not _needs_kiwi(text, lang):
            return _english_terms(text)
        return _korean_terms(text, self.tokens_of_normalized([text])[0])

    def analyze_many(self, texts: Sequence[str], lang: Lang | None = None) -> list[list[str]]:
        """Terms of each text, in order. Kiwi gets the Korean texts as one batch, which it
        spreads over its worker threads."""
        normalized = [normalize(t) for t in texts]
        korean = [i for i, t in enumerate(normalized) if _needs_kiwi(t, lang)]
        out: list[list[str]] = [[] for _ in normalized]
        korean_set = set(korean)
        for i, text in enumerate(normalized):
            if i not in korean_set:
                out[i] = _english_terms(text)
        if korean:
            tokens = self.tokens_of_normalized([normalized[i] for i in korean])
            for i, toks in zip(korean, tokens, strict=True):
                out[i] = _korean_terms(normalized[i], toks)
        return out


def english_terms(text: str) -> list[str]:
    """Terms of text analysed as English, Hangul or not; Analyzer.analyze(text, "en")."""
    return _english_terms(normalize(text))


def _english_terms(text: str) -> list[str]:
    """english_terms of already normalised text; also the non-Hangul stretches of Korean."""
    terms: list[str] = []
    for match in _ENGLISH_TOKEN.finditer(text):
        word = match.group().lower()
        if match.group("acronym"):
            word = match.group("acronym").lower().replace(".", "")
        elif match.group("number"):
            if _THOUSANDS.fullmatch(word):
                word = word.replace(",", "")
            terms.append(word)
            continue
        # Possessive first, so that "it's" meets the stopword "it"; other apostrophes go
        # so that don't and dont agree.
        word = word.removesuffix("'s").replace("'", "")
        if not word or word in ENGLISH_STOPWORDS:
            continue
        terms.append(_stem(word))
    return terms


def normalize(text: str) -> str:
    """The form every text takes before analysis: NFKC, one middle dot, straight apostrophes."""
    if _HAS_MIDDLE_DOT.search(text):
        text = text.translate(_MIDDLE_DOTS)
    text = unicodedata.normalize("NFKC", text)
    if _HAS_APOSTROPHE.search(text):
        text = text.translate(_APOSTROPHES)
    return text


def _needs_kiwi(text: str, lang: Lang | None) -> bool:
    if not text or text.isspace():
        return False
    if lang is None:
        return _HANGUL.search(text) is not None
    return lang == "ko"


# A Snowball stemmer keeps the word being stemmed in its own attributes, so threads (the web
# app's thread pool) each get their own.
_stemmers = threading.local()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return str(stemmer.stemWord(word))


def _korean_terms(text: str, tokens: Iterable[Token]) -> list[str]:
    terms: list[str] = []
    compound: list[Token] = []  # current run of noun and affix morphemes written together
    foreign_start = -1  # start of the current stretch of non-Hangul tokens, -1 if none
    foreign_end = -1

    def close_compound() -> None:
        nouns = sum(1 for t in compound if t.tag in NOUN_TAGS)
        if len(compound) > 1 and nouns:
            whole = "".join(_clean(t.form) for t in compound)
            if whole:
                terms.append(whole)
        compound.clear()

    for token in tokens:
        if _HANGUL.search(token.form) is None:
            # A stretch of foreign tokens is closed by the next Korean one, so that
            # "(AUMF, Authorization for Use)" reaches the English tokenizer as written.
            if foreign_start < 0:
                foreign_start = token.start
            foreign_end = token.end
            close_compound()
            continue
        if foreign_start >= 0:
            terms.extend(_english_terms(text[foreign_start:foreign_end]))
            foreign_start = -1
        tag = token.tag.split("-", 1)[0]
        joins = tag in NOUN_TAGS or tag in AFFIX_TAGS
        if compound and (not joins or compound[-1].end != token.start):
            close_compound()
        if joins:
            compound.append(token)
        if tag in NOUN_TAGS:
            term = _clean(token.form)
            if term:
                terms.append(term)
        elif tag in PREDICATE_TAGS:
            terms.append(_clean(token.form) + "다")
    close_compound()
    if foreign_start >= 0:
        terms.extend(_english_terms(text[foreign_start:foreign_end]))
    return terms


def _clean(form: str) -> str:
    """A Korean term without inner punctuation or spaces (한·미 → 한미), lowercased for the odd
    Latin letter Kiwi keeps inside a noun."""
    return "".join(ch for ch in form if ch.isalnum()).lower()
