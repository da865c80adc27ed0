"""Text repair for one block of extracted text.

Every rule here comes from a line in ``corpus/`` (seed ids 000 and 002) and is pinned by a
golden case in ``tests/golden/repair.jsonl``. Repairs never change a non-space character
except by deleting it (footnote markers, elsewhere), so a repaired text can always be aligned
back to the raw source by its non-space characters (see ``ingest.trace``).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.records import Repairs
from ingest.spacing import Spacer, insert_spaces

HANGUL = "가-힣"

# A Korean word with this many syllables and no space is treated as damaged spacing:
# ordinary eojeols (even 한미상호방위조약은, 9) rarely reach it, while seed 000's lines
# ("휴전회담을시작할때부터이승만대통령을정점으로한국") are far beyond it.
LONG_RUN = 10
# When the Hangul words of a block average this many syllables, the whole block lost its
# spaces (seed 000: "전쟁기간중 유엔군측과공산군" keeps a few, most are gone), so every
# Korean word in it is re-spaced. Well-spaced Korean averages about 3.
DAMAGED_MEAN = 5.0


@dataclass(frozen=True)
class Repaired:
    text: str
    repairs: Repairs


def _hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


# Characters that never go on a word from the line before: Roman and circled numerals,
# bullets and reference marks.
_OPENS_A_WORD = frozenset("ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳•◦○●◎◆◇□■▪▶►▷※☞➊➋➌➍➎➏➐➑➒➓❶❷❸❹❺❻❼❽❾❿")


def join_lines(
    lines: Sequence[str], wraps: Sequence[Sequence[int]] = (), laid_out: bool = False
) -> tuple[str, list[int], int]:
    """Join the wrapped lines of one paragraph.

    Returns the text, the offsets of junctions where a word may have been cut at a line
    end (no whitespace before the break, Hangul or a digit on one side: "완\\n전한",
    "북\\n미관계"), and the number of line joins. A line that ends in whitespace (seed
    002's tab-separated lines end in a tab when the word ended there) joins with a space;
    a trailing hyphen joins with nothing ("non-\\naggression"). ``wraps`` gives, per line,
    offsets inside it that are junctions too (a PDF table cell's wrapped lines).
    ``laid_out``: the lines are a layout engine's wraps (PDF, HWP), not a text file's.
    """
    out = ""
    junctions: list[int] = []
    joins = 0
    prev_trailing_ws = False
    for k, raw in enumerate(lines):
        if not raw.strip():
            continue
        line = raw.replace("\t", " ")
        trailing_ws = line != line.rstrip()
        lead = len(line) - len(line.lstrip())
        line = line.strip()
        inner = [w - lead for w in (wraps[k] if k < len(wraps) else ()) if 0 < w - lead < len(line)]
        if out:
            joins += 1
            last, first = out[-1], line[0]
            if prev_trailing_ws:
                out += " "
            elif last == "-":
                if _latin(out[-2:-1]) and _latin(first):
                    junctions.append(len(out))  # "No-|tably" or "non-|aggression": see dehyphenate
            elif last in ",;:!?" or (last == "." and not first.isdigit()):
                out += " "  # "제출,|조속한": punctuation at a line end ends the word
            elif first in _OPENS_A_WORD or (laid_out and first == "(" and _hangul(last)):
                # "있음|Ⅱ 사업 지원 내용": a numeral or bullet starts a word. So, mostly, does a
                # parenthesis after Hangul where a layout engine wrapped: Hancom wraps Korean
                # at spaces by default, and in the development PDFs "있음|(2차년도)",
                # "등|(대기업" had a space at 7 of 9 such wraps. A text file's line ends say
                # nothing of the kind (seed 002: "피력|(2018.3.5.~6)").
                out += " "
            elif (
                _hangul(last)
                or _hangul(first)
                or (last.isalnum() and first.isalnum() and (last.isdigit() or first.isdigit()))
            ):
                # a word cut by the wrap, or a number ("1,3|72m"): the spacer decides.
                # Latin|Latin keeps its space: English wraps between words and hyphenates
                # a word it cuts.
                junctions.append(len(out))
            else:
                out += " "
        junctions.extend(len(out) + w for w in inner)
        out += line
        prev_trailing_ws = trailing_ws
    return out, junctions, joins


# "1 9 5 3년", "6·2 5전쟁", "1 0월", "8 1대": single digits spread by spaces whose last digit
# is glued to a unit. A run that ends at a space or line end ("있음5 6 7": footnotes 5–7)
# is left alone, and so are real numbers ("1993, 1994", "81대 6", "2/3").
_SPREAD_DIGITS = re.compile(r"(?<![\d.,])\d(?: \d)+(?=[^\s\d.,/:~-])")
# "( A N Z U S )" → "(ANZUS)"
_SPREAD_CAPS = re.compile(r"(?<![A-Za-z])[A-Z](?: [A-Z]){2,}(?![A-Za-z])")
_PAREN_INNER_SPACE = re.compile(r"([(\[])\s+|\s+([)\]])")
# "생각해 봅시다! !" → "!!"
_SPREAD_BANG = re.compile(r"([!?]) (?=[!?])")
# "1 .휴전회담에" → "1. 휴전회담에" (a numbered item whose period was spread)
_SPREAD_ITEM_NO = re.compile(r"^(\d{1,2}) \.(?=\S)")
# "일 자 내 용 장 소 비 고": Hangul syllables spread one by one (table headers).
_SPREAD_SYLLABLES_4 = re.compile(f"(?<![{HANGUL}])[{HANGUL}](?: [{HANGUL}]){{3,}}(?![{HANGUL}])")
_SPREAD_SYLLABLES_2 = re.compile(f"(?<![{HANGUL}])[{HANGUL}](?: [{HANGUL}])+(?![{HANGUL}])")


def despread(text: str, *, short_line: bool = False) -> tuple[str, Counter[str]]:
    """Undo characters spread apart by the extractor.

    ``short_line`` also joins runs of two or three single syllables ("분 류", "조 약"); that is
    only safe in short table cells, since running text has "그 후", "할 수".
    """
    counts: Counter[str] = Counter()

    def sub(pattern: re.Pattern[str], kind: str, s: str) -> str:
        def repl(m: re.Match[str]) -> str:
            counts[kind] += 1
            return m.group(0).replace(" ", "")

        return pattern.sub(repl, s)

    text = sub(_SPREAD_DIGITS, "spread_digits", text)
    text = sub(_SPREAD_CAPS, "spread_letters", text)
    syllables = _SPREAD_SYLLABLES_2 if short_line else _SPREAD_SYLLABLES_4
    text = sub(syllables, "spread_syllables", text)
    new = _PAREN_INNER_SPACE.sub(lambda m: m.group(1) or m.group(2), text)
    if new != text:
        counts["bracket_space"] += 1
        text = new
    new = _SPREAD_BANG.sub(r"\1", text)
    if new != text:
        counts["spread_punct"] += 1
        text = new
    new = _SPREAD_ITEM_NO.sub(r"\1. ", text)
    if new != text:
        counts["spread_punct"] += 1
        text = new
    return text, counts


def _damaged_spans(
    text: str, junctions: Sequence[int], trusted: bool = False
) -> list[tuple[int, int, bool]]:
    """Whitespace-delimited words that need Korean spacing: long unspaced Hangul runs, and
    words that contain a line-join junction. The flag says whether only the junction may
    change (a short word cut by the wrap) or the whole word is damaged. ``trusted`` text
    (spaces decided from glyph geometry) is only repaired at its junctions: a long word
    there is the author's ("국립원예특작과학원장상")."""
    spans: list[tuple[int, int, bool]] = []
    jset = sorted(junctions)
    words = [
        (m.start(), m.end(), sum(1 for ch in m.group(0) if _hangul(ch)))
        for m in re.finditer(r"\S+", text)
    ]
    korean = [n for _, _, n in words if n]
    block_damaged = bool(korean) and sum(korean) / len(korean) >= DAMAGED_MEAN
    for s, e, n_hangul in words:
        has_junction = any(s < j < e for j in jset)
        if not trusted and (n_hangul >= LONG_RUN or (block_damaged and n_hangul >= 2)):
            spans.append((s, e, False))
        elif has_junction:
            spans.append((s, e, True))
    return spans


def apply_spacing(text: str, junctions: Sequence[int], spacer: Spacer) -> tuple[str, Counter[str]]:
    """Insert Korean spaces into damaged words only; well-spaced text is left as it is."""
    return apply_spacing_many([(text, junctions)], spacer)[0]


def apply_spacing_many(
    items: Sequence[tuple[str, Sequence[int]]],
    spacer: Spacer,
    trusted: Sequence[bool] = (),
    usage: Usage | None = None,
) -> list[tuple[str, Counter[str]]]:
    """``apply_spacing`` for many texts with one call to the spacer: Kiwi analyses a batch
    on all cores, about twice as fast as one text at a time on two.

    The spacer sees each run of damaged words together with the word before and after it,
    not each word alone: cut off from what follows, Kiwi reads seed 000's
    "국무부차관보를한국에" as 를/JKO 한/MM 국/NNG 에/JKB ("한 국에"); with the next word
    ("급파하여") it finds 한국/NNP. Only spaces inside the damaged words are kept.

    At a junction of a word cut by a wrap, the document's own spelling goes first (``usage``):
    where it writes the two sides together, or apart, more often elsewhere, that decides;
    the spacer decides the rest."""
    trust = list(trusted) or [False] * len(items)
    all_spans = [
        _damaged_spans(text, junctions, t)
        for (text, junctions), t in zip(items, trust, strict=True)
    ]
    all_windows = [
        _context_windows(text, spans) for (text, _), spans in zip(items, all_spans, strict=True)
    ]
    contexts = [
        text[ws:we]
        for (text, _), windows in zip(items, all_windows, strict=True)
        for ws, we, _ in windows
    ]
    all_cuts = iter(spacer.cuts_many(contexts) if contexts else [])
    results: list[tuple[str, Counter[str]]] = []
    for (text, junctions), spans, windows in zip(items, all_spans, all_windows, strict=True):
        # the offsets in ``text`` where the spacer put a space, for the spans each window owns
        inserted: dict[int, list[int]] = {}
        for ws, _, owned in windows:
            cuts = [ws + k for k in next(all_cuts)]
            for i in owned:
                s, e, _ = spans[i]
                inserted[i] = [c - s for c in cuts if s < c < e]
        counts: Counter[str] = Counter()
        out: list[str] = []
        pos = 0
        for i, (s, e, junction_only) in enumerate(spans):
            word = text[s:e]
            new = insert_spaces(word, inserted[i])
            out.append(text[pos:s])
            if junction_only:
                allowed = {j - s for j in junctions if s < j < e}
                new = _keep_spaces_at(word, new, allowed)
                if usage is not None:
                    spaced = set(inserted[i])
                    for a in allowed:
                        said = usage.spaced(word, a)
                        if said is not None:
                            spaced = spaced | {a} if said else spaced - {a}
                    new = _keep_spaces_at(word, insert_spaces(word, spaced), allowed)
            # A middle dot joins what it stands between ("6·25전쟁", "해·공군력", "북·미").
            new = _keep_spaces_at(word, new, _not_by_middle_dot(word))
            added = new.count(" ") - word.count(" ")
            if added:
                counts["korean_spacing" if not junction_only else "line_join_space"] += added
            out.append(new)
            pos = e
        out.append(text[pos:])
        results.append(("".join(out), counts))
    return results


class Usage:
    """How a document spells a pair of syllable runs elsewhere: together ("전산접수") or apart
    ("전산 접수"). Counted over the document's text outside the junctions, so the cut words
    being decided do not vote."""

    LEFT, RIGHT = 3, 2  # syllables taken on each side of a junction

    def __init__(self, texts: Sequence[str]) -> None:
        self.text = "\n".join(texts)

    @classmethod
    def of(cls, prepared: Sequence[Prepared]) -> Usage:
        texts = []
        for p in prepared:
            cuts = sorted(set(p.junctions))
            bounds = [0, *cuts, len(p.text)]
            texts.append("\n".join(p.text[a:b] for a, b in itertools.pairwise(bounds)))
        return cls(texts)

    def spaced(self, word: str, at: int) -> bool | None:
        """True where the document writes the syllables around ``word[at]`` apart more often
        than together, False for the reverse, None when it does not say (or says both
        equally)."""
        left = re.search(f"[{HANGUL}]{{1,{self.LEFT}}}$", word[:at])
        right = re.match(f"[{HANGUL}]{{1,{self.RIGHT}}}", word[at:])
        if not left or not right or len(left.group()) + len(right.group()) < 3:
            return None
        glued = self.text.count(left.group() + right.group())
        apart = self.text.count(left.group() + " " + right.group())
        if glued == apart:
            return None
        return apart > glued


# Prefixes an author hyphenates ("non-aggression", "co-author", "self-attention"): with no other
# evidence, a hyphen after one at a line end is the author's.
# Not "re", "pro", "in": typesetters cut "re-|maining", "pro-|tocols" there too.
_PREFIXES = frozenset({"anti", "cross", "multi", "non", "quasi", "self", "semi"})


class Words:
    """The Latin words a document uses, lower-cased, with hyphenated compounds counted
    whole ("fine-tuning") and apart ("fine", "tuning")."""

    @classmethod
    def of(cls, prepared: Sequence[Prepared]) -> Words:
        """The words of a document's blocks, less the two pieces of each hyphenated line
        end (they would vote for themselves)."""
        texts = []
        for p in prepared:
            text = p.text
            for j in sorted(_hyphen_wraps(p), reverse=True):
                s = j - 1 - len(re.search(r"[A-Za-z]*$", text[: j - 1]).group())  # type: ignore[union-attr]
                e = j + len(re.match(r"[A-Za-z]*", text[j:]).group())  # type: ignore[union-attr]
                text = text[:s] + " " + text[e:]
            texts.append(text)
        return cls("\n".join(texts))

    def __init__(self, text: str) -> None:
        self.compounds: Counter[str] = Counter()
        self.words: Counter[str] = Counter()
        for m in re.finditer(r"(?<![A-Za-z-])[A-Za-z]+(?:-[A-Za-z]+)*(?![A-Za-z])", text):
            token = m.group().lower()
            if "-" in token:
                self.compounds[token] += 1
            self.words.update(token.split("-"))

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """Whether "left-" at a line end and "right" on the next line are a hyphenated
        compound (keep the hyphen) rather than one word the typesetter cut (drop it).

        The document's own spelling decides first: en_paper_solar cuts "No-|tably" and
        writes "notably" elsewhere, but writes "fine-tuning" with its hyphen. With no such
        evidence, two parts that are words of the document on their own ("real-|world")
        or a prefix ("non-|aggression"), or a capital after lower case ("Kim-|Lee") keep it;
        syllables ("intro-|duces", "cre-|ating") lose it. A name written as one word can keep
        a hyphen ("Data-|verse": both halves are words).
        """
        capital = right[0].isupper() and not left.isupper()  # "Kim-|Lee", not "SO-|LAR"
        left, right = left.lower(), right.lower()
        whole = self.compounds[f"{left}-{right}"]
        glued = self.words[left + right]
        if whole != glued:
            return whole > glued
        both_words = len(left) >= 3 and len(right) >= 4 and self.words[left] and self.words[right]
        # A typesetter leaves two letters at least before its hyphen ("B-|matrix" is a name).
        return capital or len(left) < 2 or left in _PREFIXES or bool(both_words)


def _hyphen_wraps(prepared: Prepared) -> list[int]:
    text = prepared.text
    return [
        j
        for j in prepared.junctions
        if 1 < j < len(text) and text[j - 1] == "-" and _latin(text[j - 2]) and _latin(text[j])
    ]


def dehyphenate(prepared: Prepared, words: Words) -> Prepared:
    """Decide the hyphens at line ends between Latin letters (``join_lines`` leaves a
    junction after each): drop the typesetter's, keep the author's (``Words.keeps_hyphen``).
    Either way the junction goes: the Korean spacer has nothing to say inside a Latin word."""
    text = prepared.text
    hyphens = _hyphen_wraps(prepared)
    if not hyphens:
        return prepared
    drop = []
    for j in hyphens:
        left = re.search(r"[A-Za-z]+$", text[: j - 1])
        right = re.match(r"[A-Za-z]+", text[j:])
        if left and right and not words.keeps_hyphen(left.group(), right.group()):
            drop.append((j - 1, j))
    counts = Counter(prepared.counts)
    if drop:
        counts["line_end_hyphens"] += len(drop)
    kept = Prepared(
        text,
        tuple(j for j in prepared.junctions if j not in hyphens),
        counts,
        prepared.trusted,
    )
    return delete_spans(kept, drop)


def _context_windows(
    text: str, spans: Sequence[tuple[int, int, bool]]
) -> list[tuple[int, int, list[int]]]:
    """Group damaged words that follow each other into runs and widen each run by one
    whole word on either side: ``(start, end, indices of the spans it owns)``."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    index = {w: k for k, w in enumerate(words)}
    windows: list[tuple[int, int, list[int]]] = []
    last_word = -2
    for i, (s, e, _) in enumerate(spans):
        k = index[(s, e)]
        if k == last_word + 1 and windows:
            _, _, owned = windows[-1]
            owned.append(i)
        else:
            windows.append((words[max(k - 1, 0)][0], 0, [i]))
        last_word = k
        ws, _, owned = windows[-1]
        windows[-1] = (ws, words[min(k + 1, len(words) - 1)][1], owned)
    return windows


# A middle dot and its stand-ins: "정부ㆍ공공기관" (U+318D) in ko_guide_ai_semiconductor,
# "‧" (U+2027) in ko_press_unification, "･" (U+FF65) in ko_plan_moel_report.
_MIDDLE_DOTS = frozenset("·ㆍ‧･・⋅")


def _not_by_middle_dot(word: str) -> set[int]:
    return {i for i in range(len(word) + 1) if not _MIDDLE_DOTS & set(word[max(0, i - 1) : i + 1])}


def _keep_spaces_at(word: str, spaced: str, allowed: set[int]) -> str:
    """Keep only the spaces the spacer inserted at ``allowed`` offsets of ``word``."""
    out: list[str] = []
    i = 0  # index into word
    for ch in spaced:
        if ch == " " and (i >= len(word) or word[i] != " "):
            if i in allowed:
                out.append(" ")
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@dataclass(frozen=True)
class Prepared:
    """A block's text after the character-level repairs, before Korean spacing."""

    text: str
    junctions: tuple[int, ...]
    counts: Counter[str]
    trusted: bool = False  # spaces decided from glyph geometry: repair only at junctions


def prepare(
    lines: Sequence[str],
    *,
    short_line: bool = False,
    trusted: bool = False,
    wraps: Sequence[Sequence[int]] = (),
) -> Prepared:
    """Tabs become spaces, wrapped lines are joined (cut words rejoined), and spread digits,
    letters and syllables are closed up. ``trusted``: the lines' spaces were decided from
    glyph geometry (see ``Prepared.trusted``); ``wraps``: junctions inside lines."""
    text, junctions, joins = join_lines(lines, wraps, laid_out=trusted)
    counts: Counter[str] = Counter()
    tabs = sum(ln.count("\t") for ln in lines)
    if tabs:
        counts["tabs"] += tabs
    if joins:
        counts["line_joins"] += joins
    text, junctions = _collapse_spaces(text, junctions)
    before = text
    # Syllables spaced out in a PDF laid out by glyphs were spaced by the author ("강 남 소 방
    # 서" under a letter, "구 분" over a column): the reader already closed up what was not.
    text, c = (text, Counter()) if trusted else despread(text, short_line=short_line)
    counts.update(c)
    if text != before:
        junctions = _remap_junctions(before, text, junctions)
    return Prepared(text, tuple(junctions), counts, trusted)


def delete_spans(prepared: Prepared, spans: Sequence[tuple[int, int]]) -> Prepared:
    """Delete character spans (footnote markers) and keep junction offsets in step."""
    if not spans:
        return prepared
    text = prepared.text
    out: list[str] = []
    pos = 0
    for s, e in spans:
        out.append(text[pos:s])
        pos = e
    out.append(text[pos:])

    def shift(j: int) -> int:
        return j - sum(min(e, j) - s for s, e in spans if s < j)

    joined = "".join(out)
    new = re.sub(r" {2,}", " ", joined).strip()
    # Collapsing spaces keeps non-space characters, so junctions follow them.
    junctions = _remap_junctions(joined, new, [shift(j) for j in prepared.junctions])
    return Prepared(new, tuple(junctions), prepared.counts, prepared.trusted)


def finish(prepared: Prepared, spacer: Spacer) -> Repaired:
    """Repair Korean spacing where it is damaged."""
    return finish_many([prepared], spacer)[0]


def finish_many(prepared: Sequence[Prepared], spacer: Spacer) -> list[Repaired]:
    """``finish`` for all blocks of a document in one batch."""
    if any(_hyphen_wraps(p) for p in prepared):  # most Korean documents have none
        words = Words.of(prepared)
        prepared = [dehyphenate(p, words) for p in prepared]
    spaced = apply_spacing_many(
        [(p.text, p.junctions) for p in prepared],
        spacer,
        [p.trusted for p in prepared],
        Usage.of(prepared),
    )
    out: list[Repaired] = []
    for p, (text, c) in zip(prepared, spaced, strict=True):
        counts = Counter(p.counts)
        counts.update(c)
        out.append(Repaired(text=text, repairs=Repairs(dict(counts))))
    return out


def repair_paragraph(lines: Sequence[str], spacer: Spacer, *, short_line: bool = False) -> Repaired:
    """Repair the wrapped lines of one paragraph into clean text (all steps but footnotes,
    which are numbered across the whole document: see ``ingest.footnotes``)."""
    return finish(prepare(lines, short_line=short_line), spacer)


def repair_paragraphs(paragraphs: Sequence[Sequence[str]], spacer: Spacer) -> list[Repaired]:
    """``repair_paragraph`` for many paragraphs, spaced in one batch (as ingest does per
    document)."""
    return finish_many([prepare(lines) for lines in paragraphs], spacer)


def _collapse_spaces(text: str, junctions: list[int]) -> tuple[str, list[int]]:
    out: list[str] = []
    mapping: list[int] = []
    prev_space = False
    for ch in text:
        mapping.append(len(out))
        if ch == " ":
            if prev_space:
                continue
            prev_space = True
        else:
            prev_space = False
        out.append(ch)
    mapping.append(len(out))
    return "".join(out).strip(), [mapping[j] for j in junctions]


def _remap_junctions(before: str, after: str, junctions: list[int]) -> list[int]:
    """Despreading only deletes spaces: map offsets by counting non-space characters."""
    result: list[int] = []
    for j in junctions:
        nonspace = sum(1 for ch in before[:j] if ch != " ")
        k = 0
        seen = 0
        while k < len(after) and seen < nonspace:
            if after[k] != " ":
                seen += 1
            k += 1
        result.append(k)
    return result
