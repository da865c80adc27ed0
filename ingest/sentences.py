"""Sentence boundaries: kiwipiepy's splitter for Korean, pysbd for English."""

from __future__ import annotations

import re

import pysbd
from kiwipiepy import Kiwi

from ingest.records import Lang


class SentenceSplitter:
    """Constructing it does no I/O; Kiwi loads on first use (or is shared)."""

    def __init__(self, kiwi: Kiwi | None = None) -> None:
        self._kiwi = kiwi
        self._en = pysbd.Segmenter(language="en", clean=False, char_span=True)

    @property
    def kiwi(self) -> Kiwi:
        if self._kiwi is None:
            self._kiwi = Kiwi()
        return self._kiwi

    def split(self, text: str, lang: Lang) -> list[tuple[int, int]]:
        """[start, end) spans of the sentences of ``text``, trimmed, never empty.

        Line breaks separate bullet items and table rows, so each line is split on its own.
        """
        spans: list[tuple[int, int]] = []
        for m in re.finditer(r"[^\n]+", text):
            base = m.start()
            for s, e in self._split_line(m.group(0), lang):
                spans.append((base + s, base + e))
        return spans

    def _split_line(self, line: str, lang: Lang) -> list[tuple[int, int]]:
        if lang == "en":
            raw = [(sp.start, sp.end) for sp in self._en.segment(line)]
        else:
            raw = [(s.start, s.end) for s in self.kiwi.split_into_sents(line)]
        out: list[tuple[int, int]] = []
        for s, e in raw:
            while s < e and line[s].isspace():
                s += 1
            while e > s and line[e - 1].isspace():
                e -= 1
            if s < e:
                out.append((s, e))
        return out or ([(0, len(line.rstrip()))] if line.strip() else [])
