"""Hangul, and which language a text is in: the one definition for ingest, index and api.

Hangul here is the 11,172 precomposed syllables 가–힣, the script Kiwi analyses, the bigram
field indexes and the static model embeds. Readers compose decomposed jamo into syllables
(NFC) before anything else sees the text, so the jamo blocks need no place of their own.

A text's language is the share of Hangul among its Hangul and Latin letters; digits,
punctuation and Hanja do not vote.

    >>> lang_of("한미 상호 방위 조약(ROK-US MDT)")
    'ko'
    >>> lang_of("ANZUS 조약"), query_lang("ANZUS 조약")
    ('en', 'ko')
"""

from __future__ import annotations

import re

from ingest.records import Lang

SYLLABLES = "\uac00-\ud7a3"  # 가-힣, for character classes: f"[{SYLLABLES}]"

_HANGUL = re.compile(f"[{SYLLABLES}]")
_LATIN = re.compile("[A-Za-z]")

# A passage or a heading is Korean when at least this share of its letters is Hangul: a
# Korean sentence that names an English title or acronym stays Korean.
TEXT_SHARE = 0.3
# A query is Korean at a lower share: "ANZUS 조약" is a Korean query about ANZUS. A syllable
# carries about as much as four Latin letters, hence 1 : 4, a share of 0.2.
QUERY_SHARE = 0.2


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def lang_of(text: str, share: float = TEXT_SHARE) -> Lang:
    """ko when Hangul is at least ``share`` of the text's letters (and there is some)."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    return "ko" if hangul and hangul >= share * (hangul + latin) else "en"


def query_lang(text: str) -> Lang:
    """The language of a query: ``lang_of`` at ``QUERY_SHARE``."""
    return lang_of(text, QUERY_SHARE)
