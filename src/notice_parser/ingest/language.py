"""Is this text Vietnamese at all? Evidence for refusing a non-notice before it is "repaired".

An English memo, a web page's text or random bytes decoded as 8-bit text must not come out
as a notice with tasks: the repair stage would turn "meeting notes lol" into Vietnamese
words. Damaged Vietnamese must still pass — text read by an OCR without Vietnamese has lost
its marks ("Ket luan cua Pho Chu tich"), a PDF text layer may have lost glyphs — so the
evidence is the *shape* of the words, not their marks: Vietnamese is written in syllables
(onset, vowel cluster, one of eight codas) and nearly every word of a notice has that
shape, marks or not; in English text most content words do not ("meeting", "notes",
"world", "report", "please"), while its short function words often do ("to", "in", "the").

Measured on the sixteen real documents, the eleven written ones, their English-OCR
readings and the samples (tests/test_language.py keeps the table): Vietnamese has at least
0.67 of its words in syllable shape (sample 004, glyphs dropped from a PDF text layer; clean
text 0.97 and more, English-OCR readings 0.89 and more), English, French or German prose at
most 0.29.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import regex_cache
from ..vietnamese import is_syllable_shape

_WORD = regex_cache.compile(r"[^\W\d_]+")
# Below this share of syllable-shaped words the text is not Vietnamese, however damaged.
MIN_SYLLABLE_SHARE = 0.5
# So few words cannot tell one language from another ("OK", "Hà Nội"): they are not refused.
MIN_WORDS = 3
# Text read by OCR from a poor scan is garbled whatever its language ("Thiing bo kRi lun" for
# "Thông báo kết luận"): it is judged only on a page's worth of words.
MIN_WORDS_OCR = 40
_SAMPLE_WORDS = 20_000  # words looked at: spread over the text, enough to decide, bounded time


@dataclass(frozen=True)
class LanguageEvidence:
    words: int  # words looked at (two letters or more, acronyms left out)
    syllables: int  # of them, in Vietnamese syllable shape (tone marks ignored)

    @property
    def share(self) -> float:
        return self.syllables / self.words if self.words else 1.0

    @property
    def vietnamese(self) -> bool:
        return self.judged_vietnamese(MIN_WORDS)

    def judged_vietnamese(self, min_words: int) -> bool:
        """Vietnamese, or too few words (under ``min_words``) to say it is not."""
        return self.words < min_words or self.share >= MIN_SYLLABLE_SHARE


def _is_acronym(word: str) -> bool:
    # UBND, HĐND, CNTT, QĐ: short capitals with no syllable shape, frequent in notices. A word in
    # capitals that is a syllable ("THÔNG", "BÁO") still counts.
    return len(word) <= 5 and word.isupper() and not is_syllable_shape(word)


def evidence(text: str) -> LanguageEvidence:
    # One letter is no evidence either way (a list label "a)", an initial, a stray OCR mark).
    words = [w for w in _WORD.findall(text) if len(w) > 1 and not _is_acronym(w)]
    if len(words) > _SAMPLE_WORDS:  # an even spread over the whole text, not just its head
        step = len(words) / _SAMPLE_WORDS
        words = [words[int(i * step)] for i in range(_SAMPLE_WORDS)]
    return LanguageEvidence(words=len(words), syllables=sum(1 for w in words if is_syllable_shape(w)))
