"""The steps of ingest_source one by one, on hand-built blocks: repair_blocks → structure →
to_units. A fake spacer stands in for Kiwi (the spacing model is tested on its own)."""

from __future__ import annotations

from collections.abc import Sequence

from ingest.pipeline import repair_blocks, structure, to_units
from ingest.records import Block, Line
from ingest.sentences import SentenceSplitter


class NoSpacer:
    """Puts no space anywhere: what the steps do around the spacer is what is tested."""

    def cuts_many(self, texts: Sequence[str]) -> list[list[int]]:
        return [[] for _ in texts]


def _blocks(*specs: tuple[str, str, int]) -> list[Block]:
    """(kind, text, level) per block, one line each, on page 1, laid out one after another."""
    out, pos = [], 0
    for kind, text, level in specs:
        line = Line(text, pos, pos + len(text), 1)
        out.append(Block(kind, (line,), 1, level))  # type: ignore[arg-type]
        pos += len(text) + 2
    return out


def test_headings_open_nested_sections_and_the_outline() -> None:
    blocks = _blocks(
        ("heading", "Ⅰ. 서론", 1),
        ("paragraph", "정전 협정은 1953년에 서명되었다.", 0),
        ("heading", "1. 배경", 2),
        ("paragraph", "휴전 회담은 2년을 끌었다.", 0),
        ("heading", "Ⅱ. 본론", 1),
        ("paragraph", "평화 협정은 아직 없다.", 0),
    )
    parts, _ = repair_blocks(blocks, True, NoSpacer())  # type: ignore[arg-type]
    st = structure(blocks, parts)
    assert st.outline == [(1, "Ⅰ. 서론"), (2, "1. 배경"), (1, "Ⅱ. 본론")]
    sections = [section for _, kind, _, section, _, _ in st.units if kind == "body"]
    assert sections == [("Ⅰ. 서론",), ("Ⅰ. 서론", "1. 배경"), ("Ⅱ. 본론",)]


def test_keywords_are_noted_and_kept_as_a_unit() -> None:
    blocks = _blocks(("keywords", "Keywords: armistice, peace treaty", 0))
    parts, _ = repair_blocks(blocks, True, NoSpacer())  # type: ignore[arg-type]
    st = structure(blocks, parts)
    assert st.keywords == {"en": ("armistice", "peace treaty")}
    assert [(kind, section) for _, kind, _, section, _, _ in st.units] == [
        ("keywords", ("Abstract",))
    ]


def test_trusted_text_keeps_its_spacing_and_counts_its_joins() -> None:
    # Two lines of one paragraph from a reader that decided the spaces (PDF, HWP): joined,
    # counted, the long word stays whole, and the wrap is the spacer's to decide (this one
    # puts no space).
    a = Line("국립원예특작과학원장상을 받은 작품은", 0, 19, 1, box=(0, 0, 100, 10), height=10)
    b = Line("모두 열다섯 편이다.", 20, 31, 1, box=(0, 12, 60, 22), height=10)
    blocks = [Block("paragraph", (a, b), 1)]
    parts, repairs = repair_blocks(blocks, True, NoSpacer())  # type: ignore[arg-type]
    assert parts[0].text == "국립원예특작과학원장상을 받은 작품은모두 열다섯 편이다."
    assert repairs.counts["line_joins"] == 1


def test_units_drop_empty_text_and_carry_sentences() -> None:
    blocks = _blocks(
        ("paragraph", "첫 문장이다. 둘째 문장이다.", 0),
        ("paragraph", "   ", 0),
    )
    parts, _ = repair_blocks(blocks, True, NoSpacer())  # type: ignore[arg-type]
    units = to_units(structure(blocks, parts), SentenceSplitter())
    assert len(units) == 1
    assert [units[0].text[s:e] for s, e in units[0].sentences] == ["첫 문장이다.", "둘째 문장이다."]
