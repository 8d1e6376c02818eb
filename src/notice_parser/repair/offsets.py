"""Edits and offset mapping between the text before and after repair.

An edit replaces ``original[start:end]`` with ``after``. Edits of one pass never overlap;
applying them and mapping offsets are both linear in the number of edits.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from ..schema import Edit


def apply_edits(text: str, edits: Sequence[Edit], offset: int = 0) -> str:
    """``text`` with ``edits`` made; ``offset``: where ``text`` starts in the text the edits'
    offsets are into (a line of it)."""
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start - offset < pos:
            raise ValueError(f"overlapping edits at {e.start}")
        out.append(text[pos:e.start - offset])
        out.append(e.after)
        pos = e.end - offset
    out.append(text[pos:])
    return "".join(out)


class OffsetMap:
    """Maps offsets of the original text to the repaired text and back."""

    def __init__(self, edits: Iterable[Edit]):
        self._edits = sorted(edits, key=lambda e: (e.start, e.end))
        self._orig_starts = [e.start for e in self._edits]
        # Offsets of each edit in the new text, and the running length difference before it.
        self._new_starts, self._delta_before = [], []
        delta = 0
        for e in self._edits:
            self._delta_before.append(delta)
            self._new_starts.append(e.start + delta)
            delta += len(e.after) - (e.end - e.start)

    def to_new(self, offset: int) -> int:
        i = bisect.bisect_right(self._orig_starts, offset) - 1
        if i < 0:
            return offset
        e = self._edits[i]
        new_start = self._new_starts[i]
        if offset < e.end:  # inside a replaced range: clamp to the replacement's start
            return new_start
        return offset + self._delta_before[i] + len(e.after) - (e.end - e.start)

    def to_original(self, offset: int) -> int:
        i = bisect.bisect_right(self._new_starts, offset) - 1
        if i < 0:
            return offset
        e = self._edits[i]
        new_start = self._new_starts[i]
        if offset < new_start + len(e.after):
            return e.start
        return offset - self._delta_before[i] - (len(e.after) - (e.end - e.start))


class OffsetChain:
    """Offset mapping through several passes, each with edits against the previous pass's output."""

    def __init__(self, maps: Sequence[OffsetMap] = ()):
        self.maps = list(maps)

    def then(self, edits: Iterable[Edit]) -> "OffsetChain":
        return OffsetChain([*self.maps, OffsetMap(edits)])

    def to_new(self, offset: int) -> int:
        for m in self.maps:
            offset = m.to_new(offset)
        return offset

    def to_original(self, offset: int) -> int:
        for m in reversed(self.maps):
            offset = m.to_original(offset)
        return offset
