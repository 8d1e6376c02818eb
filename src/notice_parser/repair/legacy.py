"""Legacy Vietnamese encodings → Unicode: TCVN3 (ABC, ".VnTime"), VNI-Windows and VIQR.

Old archives and PDF text layers built on legacy fonts come out as Latin-1 look-alikes:
"Th«ng b¸o kÕt luËn" (TCVN3), "Thoâng baùo" (VNI), "Tho^ng ba'o" (VIQR). A text is converted
only when it has no Unicode-only Vietnamese letter (ă, đ, ơ, ư, ạ …) and the encoding's own
markers are frequent; otherwise it is left alone. The code pages are the orthography module's
(``notice_parser.vietnamese.legacy_tables``, data in ``data/legacy_encodings.json``).

TCVN3 has no code for a toned capital: "ỦY BAN", "PHÒNG", "Ủy ban" at a sentence's start were
set in a capitals font (".VnTimeH") over the lower-case codes, so the text layer says "ủY BAN",
"PHòNG", "ủy ban". Which of those letters were capitals is decided again here (``restore_case``),
from what the text itself and the project know:

* a word whose other letters are capitals is in capitals ("PHòNG" → "PHÒNG", "ủY" → "ỦY");
* a word that the text cannot tell from Title case ("Bộ", "Sở", "á") is in capitals on a line
  whose other words are;
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
from functools import lru_cache
from pathlib import Path

from .. import regex_cache
from ..schema import Edit
from ..vietnamese import detect_legacy as detect, legacy_caseless, legacy_tables as tables, legacy_words_marked
from .offsets import apply_edits


def convert(text: str, encoding: str) -> tuple[str, list[Edit]]:
    """Text converted from ``encoding`` to Unicode, with one edit per converted word."""
    words = restore_case(legacy_words_marked(text, encoding), text)
    edits = [Edit(start=s, end=e, before=text[s:e], after=new, step="legacy") for s, e, new in words]
    return apply_edits(text, edits), edits


def convert_legacy(text: str) -> tuple[str, list[Edit], str | None]:
    """Detect a legacy encoding and convert; (text, edits, encoding or None)."""
    enc = detect(text)
    if enc is None:
        return text, [], None
    new, edits = convert(text, enc)
    return new, edits, enc


# ---- capitals the code page could not write ---------------------------------------------------

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

    def shown(self) -> str:
        return "".join(c.upper() if i in self.upper else c for i, c in enumerate(self.text))


def restore_case(words: list[tuple[int, int, str, tuple[int, ...]]], text: str) -> list[tuple[int, int, str]]:
    """The converted words (``legacy_words_marked``) with the capitals the code page could not
    write put back (see the module's docstring); (start, end, Unicode form) in ``text``."""
    if not any(marked for *_, marked in words):
        return [(s, e, new) for s, e, new, _ in words]
    decoded, where, pos, shift = [], [], 0, 0  # where: each word's start in the decoded text
    for s, e, new, _ in words:
        decoded += [text[pos:s], new]
        where.append(s + shift)
        shift += len(new) - (e - s)
        pos = e
    decoded.append(text[pos:])
    plain = "".join(decoded)
    caseless = {start + i for (_, _, _, marked), start in zip(words, where) for i in marked}
    upper = _capitals(plain, caseless)
    out = []
    for (s, e, new, _), start in zip(words, where):
        if any(start <= p < start + len(new) for p in upper):
            new = "".join(c.upper() if start + i in upper else c for i, c in enumerate(new))
        out.append((s, e, new))
    return out


@dataclass
class _Doc:
    text: str
    runs: list[_Run]
    caps_lines: set[int]
    paragraph_lines: bool  # every line is a paragraph: a line's first word opens it

    def gap(self, k: int) -> str:
        """What stands between ``runs[k - 1]`` (or the text's start) and ``runs[k]``."""
        return self.text[self.runs[k - 1].start + len(self.runs[k - 1].text) if k else 0:self.runs[k].start]

    def joined(self, k: int) -> bool:
        """Whether ``runs[k]`` follows ``runs[k - 1]`` with only spaces between (no punctuation)."""
        return k > 0 and not self.gap(k).strip()


def _capitals(text: str, caseless: set[int]) -> set[int]:
    """Positions of ``text`` (among ``caseless``) whose letter was a capital."""
    runs, line, last = [], 0, 0
    for m in _RUN.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        marked = tuple(i for i in range(len(m.group())) if m.start() + i in caseless)
        runs.append(_Run(m.start(), m.group(), marked, line, set()))
    kinds = {k: _by_word(r) for k, r in enumerate(runs) if r.caseless}
    doc = _Doc(text, runs, set(), False)
    doc.caps_lines = _caps_lines(doc, {k for k, v in kinds.items() if v == _CAPS_OR_TITLE})
    doc.paragraph_lines = _paragraph_lines(doc)
    starts = []
    for k, kind in kinds.items():
        r = runs[k]
        if kind == _CAPS_OR_TITLE and _in_capitals(doc, k, set(kinds)):  # "Bộ TRƯởNG" → "BỘ TRƯỞNG"
            r.upper.update(r.caseless)
        elif kind == _START or kind == _CAPS_OR_TITLE and len(r.text) == 1:  # "ủy", "á"
            starts.append(k)
    _word_starts(doc, starts)
    return {r.start + i for r in runs for i in r.upper}


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
    return doc.runs[k].line in doc.caps_lines


def _votes(doc: _Doc, r: _Run) -> bool:
    """Whether the run's case says something about its line's: a syllable, not an acronym."""
    from ..vietnamese import has_vietnamese_marks, is_syllable_shape

    if len(r.text) < 2 or not is_syllable_shape(r.text):
        return False  # acronyms (UBND, TB)
    if len(r.text) < 3 and not has_vietnamese_marks(r.text):
        return False  # short ones shaped like syllables ("CA", "YT": Công an, Y tế)
    return not _SYMBOL.search(_token(doc.text, r))  # a document symbol's parts ("12/TB-BYT")


def _caps_lines(doc: _Doc, undecided: set[int]) -> set[int]:
    """Lines whose decided syllables are mostly in capitals (a heading, a signer's title). A line
    with no such syllable ("Bộ Y Tế": BỘ Y TẾ or Bộ Y tế) goes with the nearest lines with letters
    above and below it, when those that say anything say capitals (an issuer's name over the
    Quốc hiệu), unless it holds a number or a symbol ("Số: 88/TB-UBND" under the issuer's name)."""
    votes: Counter = Counter()
    numbered = set()  # lines with a number or a symbol: a field ("Số: 88/TB-UBND"), not a name
    for k, r in enumerate(doc.runs):
        if _SYMBOL.search(_token(doc.text, r)):
            numbered.add(r.line)
        elif k not in undecided and _votes(doc, r):
            votes[(r.line, r.shown().isupper())] += 1
    said = {line for line, _ in votes}
    caps = {line for line in said if votes[(line, True)] > votes[(line, False)]}
    lettered = sorted({r.line for r in doc.runs})
    for k, line in enumerate(lettered):
        if line in said or line in numbered:
            continue
        near = [n for n in (lettered[k - 1] if k else None, lettered[k + 1] if k + 1 < len(lettered) else None)
                if n is not None and n in said]
        if near and all(n in caps for n in near):
            caps.add(line)
    return caps


_SYMBOL = regex_cache.compile(r"[\d/&]")


def _token(text: str, r: _Run) -> str:
    """The whitespace-delimited token the run is part of."""
    start = max(text.rfind(c, 0, r.start) for c in " \t\n") + 1
    ends = [i for i in (text.find(c, r.start) for c in " \t\n") if i >= 0]
    return text[start:min(ends, default=len(text))]


# A text whose lines mostly open with a capital where the line before ended without a full stop
# (a statute, a notice saved one paragraph a line) writes a paragraph a line; a text layer that
# wraps its sentences opens many lines in lower case.
PARAGRAPH_LINE_SHARE = 0.9
PARAGRAPH_LINE_MIN = 5


def _paragraph_lines(doc: _Doc) -> bool:
    votes: Counter = Counter()
    for k, r in enumerate(doc.runs):
        if not k or r.line == doc.runs[k - 1].line:
            continue  # not a line's first word
        if doc.gap(k).rsplit("\n", 1)[0].rstrip()[-1:] in tuple(_SENTENCE_END):
            continue  # after a full stop every text opens with a capital
        if doc.runs[k - 1].line in doc.caps_lines or r.line in doc.caps_lines:
            continue
        if _MARKER.fullmatch(r.text) and k + 1 < len(doc.runs) and re.match(r"[.)][ \t]", doc.gap(k + 1)):
            r = doc.runs[k + 1]  # the item's first word, after its letter ("d) Đóng cửa")
        if r.caseless and r.caseless[0] == 0:
            continue  # one whose first letter is what is asked
        votes[r.text[:1].isupper()] += 1
    total = votes[True] + votes[False]
    return total >= PARAGRAPH_LINE_MIN and votes[True] >= PARAGRAPH_LINE_SHARE * total


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
        if prev.line in doc.caps_lines:  # the line after a heading in capitals
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
    if n.line in doc.caps_lines or not (shown[:1].isupper() and (len(shown) == 1 or shown[1:].islower())):
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
            if re.search(r"[\\\[\]()|?*+^$]", phrase):  # a pattern, not a name
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


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for x in node:
            yield from _strings(x)
    elif isinstance(node, dict):
        for k, v in node.items():
            if k not in ("about", "_comment"):
                yield k
                yield from _strings(v)


def _gazetteer_case(doc: _Doc, k: int) -> bool | None:
    pairs, word = _gazetteer_pairs(), doc.runs[k].text.lower()
    if doc.joined(k) and pairs.get(("prev", doc.runs[k - 1].shown(), word)) is False:
        return False  # the end of a name ("Tỉnh ủy", "Đảng ủy")
    if k + 1 < len(doc.runs) and doc.joined(k + 1):
        return pairs.get(("next", doc.runs[k + 1].shown(), word))
    return None


def _title_share(word: str) -> float | None:
    """The share of the word's mid-sentence occurrences in the model's corpus written Title-case;
    None for a single letter (the model keeps no case for those: a lone capital is also all
    caps), a word it does not know, or no model."""
    if len(word) < 2:
        return None
    table = _title_table()
    if table is None:
        return None
    index, counts, title = table
    i = index.get(word)
    if i is None or counts[i] < MIN_CASE_COUNT:
        return None
    return title[i] / counts[i]


# Fewer occurrences than this in the corpus say nothing about how a word is written.
MIN_CASE_COUNT = 20


@lru_cache(maxsize=1)
def _title_table():
    """(index, counts, Title-case counts) of the model's vocabulary, read without numpy; None
    when there is no readable model (the words then stay as decoded)."""
    from .damage import model_path
    from .lexicon import _uint32, load_lexicon

    try:
        lexicon = load_lexicon(Path(model_path()))
        with zipfile.ZipFile(model_path()) as z:
            title = _uint32(z, "title")
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None
    return lexicon.index, lexicon._counts, title


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


__all__ = ["convert", "convert_legacy", "detect", "restore_case", "tables"]
