"""Where the text may not say what the document said: the repair stage's hand-off to extraction.

Repair knows which words it is unsure of — words an OCR engine read with low confidence,
syllables its decoder chose (every such choice is a guess: the edit's score is a channel cost,
not a probability of being right), and words still damaged after it ran. Extraction matches
look-alikes and near-misses (a department name one letter off, "S6" for "Sở", "IH" for the
quarter III) only there, so a clean document is read as written: a near-miss in clean text is
what the document says, not damage to undo.

``Uncertainty()`` is clean text (no span); ``Uncertainty.everywhere()`` a text whose every word
is in doubt (a broadly damaged document, or a caller that knows nothing of the text).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Uncertainty:
    """Sorted, disjoint (start, end) spans of a text; hashable, so per-document caches can key on it."""

    spans: tuple[tuple[int, int], ...] = ()
    whole: bool = False  # every position is uncertain

    @classmethod
    def everywhere(cls) -> "Uncertainty":
        return cls(whole=True)

    @classmethod
    def of_spans(cls, spans: Iterable[tuple[int, int]], text: str | None = None) -> "Uncertainty":
        """Spans merged where they touch; with ``text``, each widened to the words it touches
        (an edit that inserted a dropped letter is a point; the word around it is in doubt)."""
        cleaned = []
        for s, e in spans:
            if text is not None:
                s, e = _word_bounds(text, max(0, min(s, len(text))), max(0, min(e, len(text))))
            if e > s:
                cleaned.append((s, e))
        merged: list[tuple[int, int]] = []
        for s, e in sorted(cleaned):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        return cls(spans=tuple(merged))

    def __bool__(self) -> bool:
        return self.whole or bool(self.spans)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether text[start:end] (an empty range: the position ``start``) touches an uncertain span."""
        if self.whole:
            return True
        end = max(end, start + 1)
        i = bisect.bisect_left(self.spans, (end,)) - 1  # the last span starting before ``end``
        return i >= 0 and self.spans[i][1] > start

    def shifted(self, offset: int) -> "Uncertainty":
        """The same spans for a slice of the text that starts at ``offset``."""
        if self.whole or not offset:
            return self
        return Uncertainty(spans=tuple((max(0, s - offset), e - offset) for s, e in self.spans if e > offset))


CLEAN = Uncertainty()


def _word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) widened to whole words: a point inside or beside a word takes the word."""
    while start > 0 and (text[start - 1].isalnum()):
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    if start == end and end < len(text) and not text[end].isspace():
        end += 1
    return start, end


__all__ = ["Uncertainty", "CLEAN"]
