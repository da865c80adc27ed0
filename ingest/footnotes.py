"""Footnote markers glued to words: "불신감을 표시1", "사례4", "기대할 수 있음5 6 7".

Seed 002 numbers its footnotes 1 to 26 in reading order, so a marker is recognised only when
it is the next number expected (or one of the two after it, should a marker have been lost).
That keeps real numbers untouched: "20여 년" and "2형" are followed by a letter, "G20" and
"NPR2010" are preceded by Latin letters, "제3항" is followed by Hangul, and none of them is
the number expected next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Digits glued to a Hangul syllable or closing punctuation, then whitespace or the end:
# "표시1", "체결했으며,11 북한에", "(2018.5.24.)14", "있음5 6 7" (spread markers 5, 6, 7).
# After "." or "," the character before must not be a digit: "9.11 테러" is a date.
_MARKER = re.compile(r"(?:(?<=[가-힣)\]」』’”:;])|(?<=[^\d][,.]))(\d{1,3})((?: \d{1,3})*)(?=\s|$)")
_LOOKAHEAD = 2


@dataclass
class FootnoteScanner:
    """Removes footnote markers in document order; ``expected`` is the next number."""

    expected: int = 1
    found: list[int] = field(default_factory=list)

    def strip(self, text: str) -> tuple[str, tuple[str, ...], list[tuple[int, int]]]:
        """Return the text without markers, the marker numbers, and the deleted spans."""
        refs: list[str] = []
        deleted: list[tuple[int, int]] = []
        out: list[str] = []
        pos = 0
        for m in _MARKER.finditer(text):
            first = int(m.group(1))
            if not (self.expected <= first <= self.expected + _LOOKAHEAD):
                continue
            numbers = [first]
            span_end = m.end(1)
            for extra in m.group(2).split():
                n = int(extra)
                if n != numbers[-1] + 1:
                    break
                numbers.append(n)
            if len(numbers) > 1:
                # consume exactly the consecutive spread markers
                tail = " " + " ".join(str(n) for n in numbers[1:])
                span_end = m.end(1) + len(tail)
            out.append(text[pos : m.start(1)])
            deleted.append((m.start(1), span_end))
            pos = span_end
            refs.extend(str(n) for n in numbers)
            self.found.extend(numbers)
            self.expected = numbers[-1] + 1
        out.append(text[pos:])
        return "".join(out), tuple(refs), deleted
