"""Letters whose case the input does not say, decided again from the text and what the project
knows. Two inputs lose it: TCVN3 has no toned capitals (repair/legacy: "ủY BAN", "PHòNG", a
sentence-initial "ủy ban"), and a font run that dropped a word's first glyph leaves repair to
fill a letter whose case nobody saw (" ai Văn Chính" → "mai").

* a word whose other letters are capitals is in capitals ("PHòNG" → "PHÒNG", "ủY" → "ỦY");
* a word that the text cannot tell from Title case ("Bộ", "Sở", "á") is in capitals beside
  words in capitals, else on a line whose other words are;
* a word opening a sentence, a list item or a paragraph is capitalised;
* elsewhere, how the gazetteers write the word beside its neighbour ("Ủy ban", "Tỉnh ủy",
  "ủy quyền": ``data/agencies.json``, ``positions.json`` …), then whether the language model
  binds it to the Title-case name it continues ("Đông Nam Á"); otherwise lower case.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from bisect import bisect_left, bisect_right
from functools import lru_cache
from pathlib import Path

from .. import regex_cache
from ..schema import Edit
from ..vietnamese import legacy_caseless
from .offsets import OffsetChain, OffsetMap

_RUN = regex_cache.compile(r"[^\W\d_]+")
# What may stand between a sentence's end and its first word: list markers ("(6)", "d)", "iii.",
# "2.1.", "-", "+", "•") and opening quotes or brackets.
_OPENERS = regex_cache.compile(r"(?:\(?(?:\d+(?:\.\d+)*|[a-zđ]|[ivxlc]+)[.)]|[-+•*–—]|[(\[\"“‘'])\s*$", re.IGNORECASE)
_SENTENCE_END = ".!?:…"
# The language model's evidence that a word belongs to the Title-case name before or after it
# ("Đông Nam" + "á": log P −0.8 against −9.1 alone): the pair is likely (log P ≥ BIND_LOGP) and
# far likelier than the word alone (by BIND_GAIN nats). "Đắk Lắk ở" (−11.4) falls short, and so
# does a function word after a name ("nhà thờ Gothic ở": −1.2 against −5.5, a gain of 4.3).
BIND_LOGP = -2.0
BIND_GAIN = 5.0
# Shares of a word's mid-sentence occurrences the corpus writes Title-case: from NAME_TITLE_SHARE
# the word is a name wherever it stands ("Úc" 0.83); below BOUND_TITLE_SHARE never, even bound
# to a name ("án" 0.0002); between, only when bound ("ấn" 0.56: "Ấn Độ" but "ấn định").
NAME_TITLE_SHARE = 0.75
BOUND_TITLE_SHARE = 0.2


@dataclass
class _Run:
    start: int  # in the decoded text
    text: str
    caseless: tuple[int, ...]  # indices of letters whose case the code page did not say
    line: int
    upper: set[int]  # indices decided to be capitals
    symbol: bool | None = None  # part of a number or a symbol (``_in_symbol``), once asked

    def shown(self) -> str:
        return "".join(c.upper() if i in self.upper else c for i, c in enumerate(self.text))


class _Runs:
    """The text's runs of letters, found once (their spans) and made into ``_Run``s only when
    asked: the case of a few filled letters needs the words around them, not every word of the
    document."""

    def __init__(self, text: str, caseless: set[int]):
        spans = [m.span() for m in _RUN.finditer(text)]
        self.text = text
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.newlines = [m.start() for m in _NEWLINE.finditer(text)]
        self.caseless = sorted(caseless)
        self._made: dict[int, _Run] = {}

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, k: int) -> _Run:
        r = self._made.get(k)
        if r is None:
            if not 0 <= k < len(self.starts):
                raise IndexError(k)
            s, e = self.starts[k], self.ends[k]
            lo, hi = bisect_left(self.caseless, s), bisect_left(self.caseless, e)
            r = self._made[k] = _Run(s, self.text[s:e], tuple(i - s for i in self.caseless[lo:hi]),
                                     bisect_left(self.newlines, s), set())
        return r

    def made(self, k: int) -> _Run | None:
        """``self[k]`` if it was made (its case may have been decided), else None."""
        return self._made.get(k)

    def holding(self, positions: set[int]) -> list[int]:
        """The indices of the runs that hold any of ``positions``, in text order."""
        found = set()
        for pos in positions:
            k = bisect_right(self.starts, pos) - 1
            if k >= 0 and self.ends[k] > pos:
                found.add(k)
        return sorted(found)

    def line_span(self, line: int) -> tuple[int, int]:
        """Where ``line`` (counted from 0) starts and ends in the text."""
        return (self.newlines[line - 1] + 1 if line else 0,
                self.newlines[line] if line < len(self.newlines) else len(self.text))

    def on_line(self, line: int) -> range:
        """The indices of the runs on ``line``."""
        lo, hi = self.line_span(line)
        return range(bisect_left(self.starts, lo), bisect_left(self.starts, hi))


_NEWLINE = regex_cache.compile(r"\n")


class _Doc:
    """The text, its runs, and what is decided of its lines, each line when first asked (see
    ``_caps_line``, ``_paragraph_lines``). ``eager``: every line decided up front, before any
    word (the whole-text computation, which the lazy one equals: a test)."""

    def __init__(self, text: str, runs: _Runs, undecided: set[int], eager: bool = False):
        self.text = text
        self.runs = runs
        self.undecided = undecided  # runs whose case their line decides: they do not vote
        self._votes: dict[int, tuple[int, int, bool]] = {}
        self._caps: dict[int, bool] = {}
        self._paragraph_lines: bool | None = None
        if eager:
            for line in sorted({runs[k].line for k in range(len(runs))}):
                self.in_caps(line)
            self._paragraph_lines = _paragraph_lines(self, exact=True)

    def gap(self, k: int) -> str:
        """What stands between ``runs[k - 1]`` (or the text's start) and ``runs[k]``."""
        return self.text[self.runs.ends[k - 1] if k else 0:self.runs.starts[k]]

    def joined(self, k: int) -> bool:
        """Whether ``runs[k]`` follows ``runs[k - 1]`` with only spaces between (no punctuation)."""
        return k > 0 and not self.gap(k).strip()

    def in_caps(self, line: int) -> bool:
        """Whether ``line`` is in capitals (``_caps_line``), decided once."""
        caps = self._caps.get(line)
        if caps is None:
            caps = self._caps[line] = _caps_line(self, line)
        return caps

    def line_votes(self, line: int) -> tuple[int, int, bool]:
        """The line's syllables that say capitals, those that say lower case (``_votes``), and
        whether it holds a number or a symbol (a field, "Số: 88/TB-UBND", not a name)."""
        votes = self._votes.get(line)
        if votes is None:
            runs, text = self.runs, self.text
            up = low = 0
            numbered = False
            # a line without a digit, "/" or "&" has no run in a number or a symbol (a token
            # never crosses a line): its words are read as text, no run made or token looked up
            symbols = _SYMBOL.search(text, *runs.line_span(line)) is not None
            for k in runs.on_line(line):
                r = runs[k] if symbols else runs.made(k)
                if r is None:
                    word = shown = text[runs.starts[k]:runs.ends[k]]
                elif symbols and _in_symbol(text, r):
                    numbered = True
                    continue
                else:
                    word, shown = r.text, r.shown()
                if k not in self.undecided and _syllable_word(word):
                    if shown.isupper():
                        up += 1
                    else:
                        low += 1
            votes = self._votes[line] = (up, low, numbered)
        return votes

    @property
    def paragraph_lines(self) -> bool:
        """Every line is a paragraph: a line's first word opens it (``_paragraph_lines``)."""
        if self._paragraph_lines is None:
            self._paragraph_lines = _paragraph_lines(self)
        return self._paragraph_lines


def capitals(text: str, caseless: set[int], eager: bool = False) -> set[int]:
    """Positions of ``text`` (among ``caseless``) whose letter was a capital. Only the words
    around them and the lines they ask about are looked at (``eager``: every line first)."""
    runs = _Runs(text, caseless)
    asked = runs.holding(caseless)
    kinds = {k: _by_word(runs[k]) for k in asked}
    doc = _Doc(text, runs, {k for k, v in kinds.items() if v == _CAPS_OR_TITLE}, eager)
    starts = []
    for k, kind in kinds.items():
        r = runs[k]
        if kind == _CAPS_OR_TITLE and _in_capitals(doc, k, set(kinds)):  # "Bộ TRƯởNG" → "BỘ TRƯỞNG"
            r.upper.update(r.caseless)
        elif kind == _START or kind == _CAPS_OR_TITLE and len(r.text) == 1:  # "ủy", "á"
            starts.append(k)
    _word_starts(doc, starts)
    return {runs[k].start + i for k in asked for i in runs[k].upper}


# What a word's own letters say about its caseless ones.
_DECIDED = "decided"  # lower case after a lower-case letter, capitals among capitals
_CAPS_OR_TITLE = "caps-or-title"  # "Bộ": BỘ or Bộ; "á": Á or á (the line decides)
_START = "start"  # "ủy": Ủy or ủy (the context decides)


def _by_word(r: _Run) -> str:
    known = [i for i in range(len(r.text)) if i not in r.caseless and r.text[i].lower() != r.text[i].upper()]
    if any(r.text[i].islower() for i in known):
        # Title or lower case: only a first letter can be a capital, which the context decides.
        return _START if r.caseless[0] == 0 else _DECIDED
    if len(known) >= 2 or (known and known[0] != 0) or (known and 0 in r.caseless):
        r.upper.update(r.caseless)  # the other letters are capitals: "PHòNG", "ủY", "áN"
        return _DECIDED
    return _CAPS_OR_TITLE


def _in_capitals(doc: _Doc, k: int, caseless: set[int]) -> bool:
    """Whether ``runs[k]``, a word its letters cannot tell ("Bộ", "á"), is in capitals: as the
    words it stands with (no punctuation between: "GIÁM Hộ", "Tự do"), else as its line."""
    said = set()
    for j in (k - 1, k + 1):
        if 0 <= j < len(doc.runs) and doc.joined(max(j, k)) and doc.runs[j].line == doc.runs[k].line:
            n = doc.runs[j]
            if j in caseless and not n.upper:
                continue  # as undecided as this one (or "ủy", whose case is asked later)
            shown = n.shown()
            if not shown.isupper():  # a word with a lower-case letter is never an acronym
                said.add(False)
            elif _votes(doc, n):
                said.add(True)
    if said:
        return said == {True}
    return doc.in_caps(doc.runs[k].line)


def _votes(doc: _Doc, r: _Run) -> bool:
    """Whether the run's case says something about its line's: a syllable, not an acronym, and
    not a document symbol's part ("12/TB-BYT")."""
    return _syllable_word(r.text) and not _in_symbol(doc.text, r)


@lru_cache(maxsize=1 << 14)
def _syllable_word(word: str) -> bool:
    """Whether the word is a syllable whose case says its line's, not an acronym: not UBND, TB,
    nor a short one shaped like a syllable ("CA", "YT": Công an, Y tế). Kept per word: a
    document repeats its words."""
    from ..vietnamese import has_vietnamese_marks, is_syllable_shape

    if len(word) < 2 or not is_syllable_shape(word):
        return False
    return len(word) >= 3 or has_vietnamese_marks(word)


def _caps_line(doc: _Doc, line: int) -> bool:
    """Whether a line's decided syllables are mostly in capitals (a heading, a signer's title). A
    line with no such syllable ("Bộ Y Tế": BỘ Y TẾ or Bộ Y tế) goes with the nearest lines with
    letters above and below it, when those that say anything say capitals (an issuer's name
    over the Quốc hiệu), unless it holds a number or a symbol ("Số: 88/TB-UBND" under the
    issuer's name)."""
    up, low, numbered = doc.line_votes(line)
    if up or low:
        return up > low
    own = doc.runs.on_line(line)
    if numbered or not own:
        return False
    near = []
    for k in (own.start - 1, own.stop):  # the nearest lines with letters
        if 0 <= k < len(doc.runs):
            up, low, _ = doc.line_votes(doc.runs[k].line)
            if up or low:
                near.append(up > low)
    return bool(near) and all(near)


_SYMBOL = regex_cache.compile(r"[\d/&]")


def _in_symbol(text: str, r: _Run) -> bool:
    """Whether the run is part of a token with a digit, "/" or "&" (a number, a symbol); asked
    of each run twice, so kept on it."""
    if r.symbol is None:
        r.symbol = bool(_SYMBOL.search(_token(text, r)))
    return r.symbol


def _token(text: str, r: _Run) -> str:
    """The whitespace-delimited token the run is part of (delimiters: space, tab, newline)."""
    starts, ends = _token_spans(text)
    i = bisect_right(starts, r.start) - 1
    if i >= 0 and ends[i] > r.start:
        return text[starts[i]:ends[i]]
    return ""  # the run starts on a delimiter: no run does (runs are letters)


_TOKEN = regex_cache.compile(r"[^ \t\n]+")


@lru_cache(maxsize=4)
def _token_spans(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the text's tokens, found once per text: looking for the next tab or
    newline from each word scanned to the end of a text that has none, quadratic in its length
    (a fifth of dropped-glyph repair went there)."""
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    return [a for a, _ in spans], [b for _, b in spans]


# A text whose lines mostly open with a capital where the line before ended without a full stop
# (a statute, a notice saved one paragraph a line) writes a paragraph a line; a text layer that
# wraps its sentences opens many lines in lower case.
PARAGRAPH_LINE_SHARE = 0.9
PARAGRAPH_LINE_MIN = 5


def _paragraph_lines(doc: _Doc, exact: bool = False) -> bool:
    """Whether the text writes a paragraph a line, by the first words of its lines. The lines are
    read in order until the answer is sure: once the lines left, all voting capitals, could not
    make the share (a text that wraps its sentences says so in its first lines); ``exact``: all
    of them (the same answer)."""
    runs, lines = doc.runs, doc.runs.newlines
    up = low = 0
    for n, at in enumerate(lines):
        if not exact:
            left = len(lines) - n  # lines that may still vote, this one included
            if up + low + left < PARAGRAPH_LINE_MIN or 10 * (up + left) < 9 * (up + low + left):
                return False  # a share below PARAGRAPH_LINE_SHARE (0.9) whatever they say
        k = bisect_left(runs.starts, at + 1)  # the first run after the line break ...
        if not k or k == len(runs) or runs[k].line != n + 1:
            continue  # ... is not on the next line (a line with no letters): no line's first word
        r = runs[k]
        if doc.gap(k).rsplit("\n", 1)[0].rstrip()[-1:] in tuple(_SENTENCE_END):
            continue  # after a full stop every text opens with a capital
        if doc.in_caps(runs[k - 1].line) or doc.in_caps(r.line):
            continue
        if _MARKER.fullmatch(r.text) and k + 1 < len(runs) and re.match(r"[.)][ \t]", doc.gap(k + 1)):
            r = runs[k + 1]  # the item's first word, after its letter ("d) Đóng cửa")
        if r.caseless and r.caseless[0] == 0:
            continue  # one whose first letter is what is asked
        if r.text[:1].isupper():
            up += 1
        else:
            low += 1
    total = up + low
    return total >= PARAGRAPH_LINE_MIN and up >= PARAGRAPH_LINE_SHARE * total


def _word_starts(doc: _Doc, starts: list[int]) -> None:
    """Capitalise the words ``runs[k]`` for ``k`` in ``starts`` (a caseless first letter, the rest
    lower case) that open a sentence or that the gazetteers or the language model write Title-case."""
    binding = []
    for k in starts:
        r = doc.runs[k]
        if _opens(doc, k):
            r.upper.add(0)
            continue
        verdict = _gazetteer_case(doc, k)
        if verdict is not None:
            if verdict:
                r.upper.add(0)
            continue
        if _in_named_phrase(doc, k) or _surname_of(doc, k):  # "Nông nghiệp và Môi trường", "Mai Văn Chính"
            r.upper.add(0)
            continue
        # the corpus's own case: a word it writes Title-case mid-sentence is a name's ("Úc");
        # one it writes in lower case ("án": "Bệnh án điện tử") is not, next to a name or not.
        share = _title_share(r.text.lower())
        if share is not None and share >= NAME_TITLE_SHARE:
            r.upper.add(0)
            continue
        if share is not None and share < BOUND_TITLE_SHARE:
            continue
        before, after = _name_word(doc, k, k - 1), _name_word(doc, k, k + 1)
        if before or after:
            before2 = doc.runs[k - 2] if before and doc.joined(k - 1) else None
            binding.append((r, before, after, before2))
    if binding:
        _bind_names(binding)


_MARKER = regex_cache.compile(r"[a-zđ]|[ivxlc]+", re.IGNORECASE)


def _opens(doc: _Doc, k: int) -> bool:
    """Whether ``runs[k]`` opens the text, a sentence, a list item or a paragraph."""
    if k == 0:
        return True
    prev, before = doc.runs[k - 1], doc.gap(k)
    if any(gap.rstrip()[-1:] in tuple(_SENTENCE_END) for gap in (before, _strip_openers(before))):
        return True  # "… tiến độ. (6) Ủy ban", "Điều 4. Áp dụng"
    if "\n" in before:
        if re.search(r"\n[ \t]*\n", before) or doc.paragraph_lines:  # a new paragraph
            return True
        last = before.rsplit("\n", 1)[1]
        if last.strip() and not _strip_openers(last).strip():  # "- ", "2. ", "(3) " open the line
            return True
        if doc.in_caps(prev.line):  # the line after a heading in capitals
            return True
    # a lettered or numbered item: "d) ", "(iii) ", "b. " at a line's or a sentence's start
    if _MARKER.fullmatch(prev.text) and re.match(r"[.)][ \t]", before):
        return k == 1 or "\n" in doc.gap(k - 1) or _opens(doc, k - 1)
    return False


def _strip_openers(before: str) -> str:
    while True:
        stripped = _OPENERS.sub("", before)
        if stripped == before:
            return before
        before = stripped


def _name_word(doc: _Doc, k: int, j: int) -> _Run | None:
    """``runs[j]``, next to ``runs[k]``, when it is a Title-case word of a name: no punctuation
    between, not on a line in capitals, and not a sentence's first word (whose capital says
    nothing)."""
    if not 0 <= j < len(doc.runs) or not doc.joined(max(j, k)):
        return None
    n = doc.runs[j]
    shown = n.shown()
    if doc.in_caps(n.line) or not (shown[:1].isupper() and (len(shown) == 1 or shown[1:].islower())):
        return None
    if j < k and _opens(doc, j):
        return None
    return n


@lru_cache(maxsize=1)
def _gazetteer_pairs() -> dict[tuple[str, str, str], bool]:
    """How the project's gazetteers write a word with a caseless first letter beside its
    neighbour: (side, neighbour as written, word lower-cased) → Title-case or not, by majority.
    ("next", "ban", "ủy") → True ("Ủy ban nhân dân"); ("prev", "Tỉnh", "ủy") → False ("Tỉnh ủy");
    ("next", "quyền", "ủy") → False ("ủy quyền"). The neighbour keeps its case: "Tỉnh ủy" is a
    body, "hoàn thành" before "Ủy ban" is not."""
    from ..data import load_json

    caseless = {c.upper() for c in legacy_caseless("tcvn3")}
    votes: dict[tuple[str, str, str], Counter] = {}
    for name in _GAZETTEERS:
        for phrase in _strings(load_json(name)):
            if _PATTERN.search(phrase):
                continue
            ws = _RUN.findall(unicodedata.normalize("NFC", phrase))
            for i, w in enumerate(ws):
                if w[0].upper() not in caseless or (len(w) > 1 and w.isupper()):
                    continue
                for side, j in (("prev", i - 1), ("next", i + 1)):
                    if 0 <= j < len(ws) and not (len(ws[j]) > 1 and ws[j].isupper()):
                        votes.setdefault((side, ws[j], w.lower()), Counter())[w[0].isupper()] += 1
    return {k: v[True] > v[False] for k, v in votes.items() if v[True] != v[False]}


# The data files that write bodies, titles and document types as they appear in running text.
_GAZETTEERS = ("agencies.json", "positions.json", "admin_levels.json", "doc_types.json", "frame_cues.json")


def _strings(node) -> list[str]:
    """A gazetteer's names: its strings, keys included (a name may key its entry)."""
    from .resources import data_strings

    return data_strings(node, skip=("about", "_comment"), keys=True)


def _gazetteer_case(doc: _Doc, k: int) -> bool | None:
    pairs, word = _gazetteer_pairs(), doc.runs[k].text.lower()
    if doc.joined(k) and pairs.get(("prev", doc.runs[k - 1].shown(), word)) is False:
        return False  # the end of a name ("Tỉnh ủy", "Đảng ủy")
    if k + 1 < len(doc.runs) and doc.joined(k + 1):
        return pairs.get(("next", doc.runs[k + 1].shown(), word))
    return None


@lru_cache(maxsize=1)
def _named_phrases() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """The gazetteers' names of two words or more with a Title-case word, by that word lower-cased:
    "môi" → (("Nông", "nghiệp", "và", "Môi", "trường"), 3), "gia" → (("Gia", "Lai"), 0)."""
    from ..data import load_json

    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for name in (*_GAZETTEERS, "provinces.json"):
        for phrase in _strings(load_json(name)):
            if _PATTERN.search(phrase):
                continue
            ws = tuple(_RUN.findall(unicodedata.normalize("NFC", phrase)))
            if not 2 <= len(ws) <= MAX_PHRASE or any(len(w) > 1 and w.isupper() for w in ws):
                continue
            for i, w in enumerate(ws):
                if w[:1].isupper() and (ws, i) not in index.get(w.lower(), ()):
                    index.setdefault(w.lower(), []).append((ws, i))
    return index


MAX_PHRASE = 8
_PATTERN = regex_cache.compile(r"[\\\[\]()|?*+^$]")  # a data file's pattern, not a name


def _in_named_phrase(doc: _Doc, k: int) -> bool:
    """Whether ``runs[k]`` is the Title-case word of a gazetteer name the text writes around it
    with the same capitals ("Nông nghiệp và môi trường" → "Môi"; not "phát triển nông nghiệp và
    môi trường", whose "nông" says the phrase is not the ministry's name)."""
    for ws, i in _named_phrases().get(doc.runs[k].text.lower(), ()):
        first = k - i
        if first < 0 or first + len(ws) > len(doc.runs):
            continue
        runs = [doc.runs[j] for j in range(first, first + len(ws))]
        if any(r.text.lower() != w.lower() for r, w in zip(runs, ws)):
            continue
        if any(doc.gap(first + j).strip() not in ("", ",", "-") for j in range(1, len(ws))):
            continue
        others = [(r, w) for j, (r, w) in enumerate(zip(runs, ws)) if j != i]
        if any(w[:1].isupper() for _, w in others) and all(
                r.shown()[:1].isupper() == w[:1].isupper() for r, w in others if not (r.caseless and r.caseless[0] == 0)):
            return True
    return False


def _surname_of(doc: _Doc, k: int) -> bool:
    """Whether ``runs[k]`` is part of a person's name: a family name ("mai" in "Chính phủ mai Văn
    Chính", one of data/surnames.txt) before one or two Title-case words of which the model's
    corpus often writes one as a given or middle name ("Văn", "Tiến Dũng"; not "Bộ": "ngày mai
    Bộ Y tế họp"), or a name after a Title-case family name and before a Title-case word
    ("Trịnh mạnh Linh"; not "Phạm vi áp dụng")."""
    def title(j: int) -> bool:
        shown = doc.runs[j].shown()
        return shown[:1].isupper() and shown[1:].islower()

    after = k + 1 < len(doc.runs) and doc.joined(k + 1) and title(k + 1)
    if not after:
        return False
    if k > 0 and doc.joined(k) and title(k - 1) and doc.runs[k - 1].text.lower() in _surnames():
        return True
    if doc.runs[k].text.lower() not in _surnames():
        return False
    names = [k + 1] + ([k + 2] if k + 2 < len(doc.runs) and doc.joined(k + 2) and title(k + 2) else [])
    return any((_name_share(doc.runs[j].text.lower()) or 0.0) >= GIVEN_NAME_SHARE for j in names)


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    from .resources import surnames  # repair's one reader of data/surnames.txt

    return frozenset(surnames())


# A Title-case word the corpus writes as a given or middle name at least this often (of its
# Title-case occurrences) continues a person's name ("Văn" 0.24, "Thị" 0.79, "Minh" 0.69; "Sở"
# 0.001, "Nam" 0.02).
GIVEN_NAME_SHARE = 0.2


def _name_share(word: str) -> float | None:
    """The share of the word's Title-case occurrences in the model's corpus that are a given or
    middle name; None as for ``_title_share``."""
    return _share(word, 3, 2)


def _title_share(word: str) -> float | None:
    """The share of the word's mid-sentence occurrences in the model's corpus written Title-case;
    None for a single letter (the model keeps no case for those: a lone capital is also all
    caps), a word it does not know, or no model."""
    return _share(word, 2, 1) if len(word) > 1 else None


def _share(word: str, part: int, whole: int) -> float | None:
    """count ``part`` / count ``whole`` of ``_title_table()`` for the word, when the whole is
    large enough to say something."""
    table = _title_table()
    if table is None or table[part] is None:
        return None
    i = table[0].get(word)
    if i is None or table[whole][i] < MIN_CASE_COUNT:
        return None
    return table[part][i] / table[whole][i]


# Fewer occurrences than this in the corpus say nothing about how a word is written.
MIN_CASE_COUNT = 20


@lru_cache(maxsize=1)
def _title_table():
    """(index, counts, Title-case counts, given-name counts or None) of the model's vocabulary,
    read without numpy; None when there is no readable model (the words then stay as decoded)."""
    from .damage import model_path
    from .lexicon import _uint32, load_lexicon

    try:
        lexicon = load_lexicon(Path(model_path()))
        with zipfile.ZipFile(model_path()) as z:
            title = _uint32(z, "title")
            name = _uint32(z, "name") if "name.npy" in z.namelist() else None  # older models lack it
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None
    return lexicon.index, lexicon._counts, title, name


def _bind_names(cases: list[tuple[_Run, _Run | None, _Run | None, _Run | None]]) -> None:
    """Capitalise each word the language model binds to the Title-case name beside it:
    (word, name word before, name word after, the word before that)."""
    from .damage import load_toolkit

    kit, _ = load_toolkit(model=True)
    if kit is None:  # no model: the words stay in lower case, as decoded
        return
    import numpy as np

    lm = kit.model

    def logp(*words: str) -> float:
        return float(lm.scores([np.array([lm.id(w.lower())]) for w in words])[0])

    for r, before, after, before2 in cases:
        # a name the model does not know binds nothing ("William Cobbett ở": after an unknown
        # word "ở" is likely, as after any word)
        before = before if before is not None and lm.id(before.text.lower()) != lm.unk else None
        after = after if after is not None and lm.id(after.text.lower()) != lm.unk else None
        if before is not None:
            context = [before2.text] if before2 is not None and lm.id(before2.text.lower()) != lm.unk else []
            p = logp(*context, before.text, r.text)
            if p >= BIND_LOGP and p - logp(r.text) >= BIND_GAIN:
                r.upper.add(0)
                continue
        if after is not None:
            p = logp(r.text, after.text)
            if p >= BIND_LOGP and p - logp(after.text) >= BIND_GAIN:
                r.upper.add(0)



def recase_filled(text: str, passes: list[list[Edit]], steps: frozenset[str] = frozenset({"glyphs"})) -> tuple[str, list[list[Edit]]]:
    """``text`` (the output of ``passes``, each a list of edits against the one before) with the
    capitals put back on the letters repair filled into a word's lost first glyph (an edit of
    ``steps`` whose text opened with the gap: " ai" → "mai"): which of them were capitals nobody
    saw, so ``capitals`` decides. The edits concerned say the capital too."""
    filled: dict[int, tuple[int, int]] = {}  # position in text → (pass, edit)
    for p, edits in enumerate(passes):
        later = OffsetChain([OffsetMap(e) for e in passes[p + 1:]])
        here = OffsetMap(edits)
        for n, e in enumerate(edits):
            if e.step in steps and e.before[:1].isspace() and e.after[:1].islower() and e.after[:1].isalpha():
                pos = later.to_new(here.to_new(e.start))
                if text[pos:pos + len(e.after)] == e.after:  # no later pass rewrote the word
                    filled[pos] = (p, n)
    if not filled:
        return text, passes
    upper = capitals(text, set(filled))
    if not upper:
        return text, passes
    chars = list(text)
    passes = [list(edits) for edits in passes]
    for pos in upper:
        chars[pos] = chars[pos].upper()
        p, n = filled[pos]
        e = passes[p][n]
        passes[p][n] = e.model_copy(update={"after": e.after[:1].upper() + e.after[1:]})
    return "".join(chars), passes


__all__ = ["capitals", "recase_filled"]
