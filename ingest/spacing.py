"""Korean word spacing repair (띄어쓰기 교정).

Contract used by ``ingest.repair``: ``Spacer.space(text)`` only *inserts* spaces. It keeps
every existing space and every non-space character in order, so offsets into the raw
source can always be recovered by aligning non-space characters.
"""

from __future__ import annotations

from collections.abc import Iterable

from kiwipiepy import Kiwi


class Spacer:
    """Inserts missing spaces into Korean text. Constructing it does no I/O; Kiwi loads on first use."""

    def __init__(self, kiwi: Kiwi | None = None) -> None:
        self._kiwi = kiwi

    @property
    def kiwi(self) -> Kiwi:
        if self._kiwi is None:
            self._kiwi = Kiwi()
        return self._kiwi

    def space(self, text: str) -> str:
        return str(self.kiwi.space(text, reset_whitespace=False))

    def space_many(self, texts: Iterable[str]) -> list[str]:
        return [str(t) for t in self.kiwi.space(list(texts), reset_whitespace=False)]
