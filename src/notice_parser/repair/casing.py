"""Capitals: what a token's case says (a heading in capitals, a Title-case name, an acronym) and
how a chosen form takes the case of the token it replaces.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import regex_cache
from ..schema import Edit
from ..vietnamese import is_consonant_cluster, is_syllable_shape, strip_marks
from .offsets import apply_edits
from .resources import symbols

if TYPE_CHECKING:
    from .lexicon import Lexicon


def caps_word(tok: str) -> bool:
    return len(tok) >= 2 and tok.isalpha() and tok.isupper()


def apply_case(src: str, form: str) -> str:
    """Give ``form`` the capitalisation pattern of ``src`` (UPPER, Title or lower); a form that only
    differs in case is the token as written ("IoC" stays "IoC", not "Ioc")."""
    if form == src.lower():
        return src
    letters = src if src.isalpha() else "".join(ch for ch in src if ch.isalpha())  # hot: skip the join
    if len(letters) > 1 and (letters.isupper() or _mostly_capitals(letters)):
        return form.upper()
    if letters[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _mostly_capitals(letters: str) -> bool:
    """A word in capitals with an OCR'd lowercase letter inside ("NGHIiA"): still capitals."""
    return letters[:2].isupper() and letters[-1:].isupper() and sum(ch.isupper() for ch in letters) * 2 > len(letters)


def is_acronym(tok: str, prev: str | None, nxt: str | None) -> bool:
    """ALL-CAPS tokens are acronyms unless their neighbours are ALL-CAPS too (a heading)."""
    if not (len(tok) >= 2 and tok.isupper()):
        return False
    def caps(t):
        return t is not None and len(t) >= 2 and t.isupper()
    return not (caps(prev) or caps(nxt))


def is_title(tok: str | None) -> bool:
    """Title-case (not ALL-CAPS): "Hiền", "Sở"."""
    if tok is None:
        return False
    letters = tok if tok.isalpha() else "".join(ch for ch in tok if ch.isalpha())  # hot: skip the join
    return letters[:1].isupper() and not (len(letters) > 1 and letters.isupper())


# A document in capitals (a telegram typed in capitals, a scanned page of headings) gives the
# model no case to go on, and the capitals themselves mislead the repair steps: every word
# looks like an acronym that lost a letter or the line of a heading, which is slow (sample 004
# in capitals: 0.9 KB/s against 2.9) and less accurate. Such a document is repaired in lower
# case and its capitals are put back on the edits. A document is in capitals when at least
# CAPS_DOCUMENT of its cased letters are capitals: documents as written have 6–27 % (the
# samples, the written notices, the real documents), one in capitals about 100 %.
CAPS_DOCUMENT = 0.75
ACRONYM_COUNT = 100
# Fewer cased letters than this say nothing about a document's case ("UBND", "HÀ NỘI").
CAPS_MIN_LETTERS = 40


_TOKEN = regex_cache.compile(r"[^\W_]+")  # as tokens.TOKEN (which imports this module)


def _splice(folded: str, text: str, kept: list[tuple[int, int]]):
    pos = 0
    for s, e in kept:
        yield folded[pos:s]
        yield text[s:e]
        pos = e
    yield folded[pos:]


def known_acronym(model: Lexicon, tok: str) -> bool:
    """A word in capitals that the corpus uses as an acronym: not a syllable, two letters or
    more, and written at least ACRONYM_COUNT times ("UBND" 16 606, "PCT" 960, "QĐ" 728), or
    a document symbol's letters (Phụ lục III). Below the count are the fragments a dropped
    glyph leaves ("NH" 66, "NG" 39, "CH" 33 for "NHƯ", "NGƯỜI", "CHƯA"): they are folded
    with the words around them so the glyph is refilled as in lower-case text."""
    low = tok.lower()
    if len(low) < 2 or is_syllable_shape(low) or is_consonant_cluster(low):
        return False
    return model.count(low) >= ACRONYM_COUNT or strip_marks(low) in symbols()


def _fold(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch  # "İ" lowers to two characters: left as it is


def _unfold(ch: str) -> str:
    up = ch.upper()
    return up if len(up) == 1 else ch  # "ß" uppers to "SS": left as it is


def in_capitals(text: str) -> bool:
    """Whether ``text`` is a document in capitals (see CAPS_DOCUMENT)."""
    upper = lower = 0
    for ch in text:
        if ch.isupper():
            upper += 1
        elif ch.islower():
            lower += 1
    cased = upper + lower
    return cased >= CAPS_MIN_LETTERS and upper >= CAPS_DOCUMENT * cased


class CaseFold:
    """A document in capitals folded to lower case for the repair steps, and the way back.

    ``text`` is what the steps see, ``original`` the same text in the document's own case; both
    move on with each pass of edits given to ``restore``. Folding changes no length, so an
    offset means the same in both.
    """

    def __init__(self, text: str, acronym: Callable[[str], bool] = lambda tok: False):
        self.original = text
        folded = "".join(map(_fold, text))
        # acronyms stay in capitals (folded, "UBND" would read as an OCR-garbled syllable), and
        # so do codes with digits ("K1", "QL1A"): mixed-case text writes them so too
        kept = [m.span() for m in _TOKEN.finditer(text) if acronym(m.group()) or not m.group().isalpha()]
        self.text = "".join(_splice(folded, text, kept))
        # per character: True unless it is a lowercase letter of the document (spaces and
        # punctuation, which have no case, count with the capitals around them)
        self._capital = [not ch.islower() for ch in text]

    def restore(self, edits: list[Edit]) -> list[Edit]:
        """``edits`` against ``text`` as edits against ``original`` in the document's case.

        An edit that keeps the length is given the case of the characters it replaces, one by
        one; any other edit is in capitals when most of what it replaces is (a glyph refilled
        into a space takes the case of the word around it). Edits that change nothing once the
        case is back are dropped."""
        out: list[Edit] = []
        capital: list[bool] = []  # the new text's marks
        pos = 0
        for e in sorted(edits, key=lambda e: (e.start, e.end)):
            before = self.original[e.start:e.end]
            if len(e.after) == e.end - e.start:
                marks = self._capital[e.start:e.end]
            else:
                around = self._capital[max(0, e.start - 1):e.end + 1]
                marks = [2 * sum(around) > len(around)] * len(e.after)
            after = "".join(_unfold(ch) if up else ch for ch, up in zip(e.after, marks))
            if after != before:
                out.append(e.model_copy(update={"before": before, "after": after}))
            capital += self._capital[pos:e.start]
            capital += marks
            pos = e.end
        capital += self._capital[pos:]
        self.text = apply_edits(self.text, edits)
        self.original = apply_edits(self.original, out)
        self._capital = capital
        return out
