"""Spacing-insensitive text for the bigram field of every backend.

Korean written with broken or missing spaces (한미 상호방위조약 / 한미상호방위 조약) analyses
to mostly the same morphemes, but not always. A second, cruder field catches the rest:
character bigrams over Hangul with the spaces between Hangul syllables taken out, so that
"방위 조약" and "방위조약" both contain 방위, 위조, 조약.

    >>> hangul_bigrams("한미 상호방위조약을")
    ['한미', '미상', '상호', '호방', '방위', '위조', '조약', '약을']
"""

from __future__ import annotations

import re

from ingest.lang import SYLLABLES

_HANGUL_RUN = re.compile(rf"[{SYLLABLES}]+(?:\s+[{SYLLABLES}]+)*")
_SPACE = re.compile(r"\s+")


def joined_hangul(text: str) -> str:
    """Text with the whitespace between two Hangul syllables removed (for a cjk analyzer)."""
    return _HANGUL_RUN.sub(lambda m: _SPACE.sub("", m.group(0)), text)


def hangul_bigrams(text: str) -> list[str]:
    """Overlapping syllable bigrams of every Hangul run, spaces inside the run ignored.

    A run of one syllable gives that syllable, so a one-syllable word is not lost.
    """
    out: list[str] = []
    for match in _HANGUL_RUN.finditer(text):
        run = _SPACE.sub("", match.group(0))
        if len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out
