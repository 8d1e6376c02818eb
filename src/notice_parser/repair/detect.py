"""Damage detection per line, so the expensive decoding runs only where text is damaged.

Three kinds of damage, told apart by cheap token statistics against the model's inventory:

* ``stripped``: marks removed — most letter tokens are ASCII forms that the corpus almost
  always writes with marks ("tinh", "cac", "nhiem");
* ``ocr``: English-language OCR — invalid syllables with look-alike characters ("ciia", "Phé");
* ``glyphs``: dropped glyphs replaced by spaces — many fragments that are not syllables
  ("ti n đ ", "Đắ  Lắ ") and runs of two or more spaces inside the line.

Clean text has almost none of these, so it is left untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import regex_cache
from ..vietnamese import is_syllable_shape, strip_marks
from .lexicon import Lexicon

_WORD = regex_cache.compile(r"[^\W\d_]+", re.UNICODE)
_INNER_GAP = regex_cache.compile(r"\S {2,}(?=\S)|(?<=\s)[^\W\d_](?= )")
# ASCII spellings whose accented variants are this many times more frequent look stripped.
_STRIPPED_RATIO = 0.1
# Distinct tokens judged before the caches start afresh (a notice has a few hundred).
_CACHED = 1 << 17


@dataclass
class LineStats:
    tokens: int = 0
    invalid: int = 0      # not a known syllable (fragment or garble)
    stripped: int = 0     # ASCII where the language writes marks
    marked: int = 0       # carries Vietnamese marks
    fragments: int = 0    # one- or two-letter invalid pieces
    gaps: int = 0         # runs of 2+ spaces between non-space characters
    unseen: int = 0       # marked, syllable-shaped, but a form the corpus (almost) never writes

    @property
    def damage(self) -> float:
        return (self.invalid + self.stripped) / self.tokens if self.tokens else 0.0


class Detector:
    def __init__(self, model: Lexicon, min_count: int = 3):
        self.model = model
        self.min_count = min_count
        self._cache: dict[str, tuple[bool, bool, bool]] = {}
        # per word as written: (marked, invalid, stripped, unseen) and whether it is suspicious.
        # Every line of every document asks again for the same words ("của", "tỉnh", "UBND").
        self._words: dict[str, tuple[bool, bool, bool, bool]] = {}
        self._suspicious: dict[str, bool] = {}

    def _classify(self, low: str) -> tuple[bool, bool, bool]:
        """(invalid, stripped-looking, unseen marked form) for one lowercase token."""
        hit = self._cache.get(low)
        if hit is not None:
            return hit
        count = self.model.count(low)
        total = self.model.variant_total(strip_marks(low))
        # Invalid: not a syllable, or one nobody writes with any marks ("ciia", "th");
        # "cuoc" is a stripped "cuộc", not garbage.
        invalid = not is_syllable_shape(low) or (count < self.min_count and total < self.min_count)
        stripped = low.isascii() and not invalid and count < _STRIPPED_RATIO * total
        # A marked form the corpus never writes although its letters are a common syllable:
        # English OCR's 'é' for ệ/ể ("huyén", "trién"). Alone not damage (rare words exist);
        # in a broadly damaged document it is (damage.plan).
        unseen = not invalid and not low.isascii() and count < self.min_count
        self._keep(self._cache, low, (invalid, stripped, unseen))
        return invalid, stripped, unseen

    def _keep(self, table: dict, key: str, value) -> None:
        if len(table) >= _CACHED:  # a stream of garbage must not grow the caches without bound
            self._cache.clear()
            self._words.clear()
            self._suspicious.clear()
        table[key] = value

    def _word(self, word: str) -> tuple[bool, bool, bool, bool]:
        hit = self._words.get(word)
        if hit is None:
            low = word.lower()
            hit = (not low.isascii(), *self._classify(low))
            self._keep(self._words, word, hit)
        return hit

    def line(self, line: str) -> LineStats:
        st = LineStats()
        words = _WORD.findall(line)
        for i, w in enumerate(words):
            if len(w) >= 2 and w.isupper():  # acronyms are not judged; headings in capitals are
                if not is_syllable_shape(w):
                    continue
                prev_caps = i > 0 and words[i - 1].isupper() and len(words[i - 1]) >= 2
                next_caps = i + 1 < len(words) and words[i + 1].isupper() and len(words[i + 1]) >= 2
                if not (prev_caps or next_caps):
                    continue
            st.tokens += 1
            marked, invalid, stripped, unseen = self._word(w)
            st.marked += marked
            st.invalid += invalid
            st.stripped += stripped
            st.unseen += unseen
            st.fragments += invalid and len(w) <= 2
        st.gaps = len(_INNER_GAP.findall(line.rstrip()))
        return st

    def suspicious(self, word: str) -> bool:
        """Whether one word looks damaged: no known syllable, or unmarked where the language
        writes marks. Acronyms (capitals that are no syllable: "UBND") are not judged."""
        hit = self._suspicious.get(word)
        if hit is None:
            if len(word) >= 2 and word.isupper() and not is_syllable_shape(word):
                hit = False
            else:
                invalid, stripped, _ = self._classify(word.lower())
                hit = invalid or stripped
            self._keep(self._suspicious, word, hit)
        return hit

    def kind(self, st: LineStats) -> str | None:
        """The damage kind of a line, or None when it looks clean."""
        if st.tokens < 3 or st.damage < 0.3:
            return None
        if st.gaps >= 2 and st.fragments >= 2:
            return "glyphs"
        if st.invalid == 0 and st.marked <= 0.05 * st.tokens:
            return "stripped"
        return "ocr"
