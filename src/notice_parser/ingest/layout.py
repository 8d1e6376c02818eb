"""Positioned words → page text in reading order, with two-column blocks kept apart.

Both the PDF text layer (pdfplumber words) and OCR (Tesseract words) end here, so a
scanned page and its text-layer twin come out in the same order. Administrative notices
put two blocks side by side twice: the header (issuing body | Quốc hiệu, Tiêu ngữ, place
and date) and the footer ("Nơi nhận" | signature). Read line by line those interleave
("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI..."); here a run of rows whose words fall on both sides
of a wide empty gutter is read as a left column, then a right column.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float | None = None  # OCR confidence 0–100; None for a text layer
    line: tuple | None = None  # OCR engine's own line id, when it has one

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1e-6)


@dataclass
class Segment:
    """Words of one row that sit together (no wide gap between them)."""

    words: list[Word]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)


@dataclass
class Row:
    segments: list[Segment]
    top: float
    bottom: float


@dataclass
class PlacedWord:
    word: Word
    start: int  # offsets in the page text
    end: int


# A gap wider than this many line heights between two words of a row separates columns;
# word spaces (even justified ones) stay under one line height.
GUTTER = 2.0
# A row pitch this many times the page's usual pitch marks a paragraph break (blank line).
PARAGRAPH_PITCH = 1.35


def _lines(words: list[Word]) -> list[list[Word]]:
    """Group words into text lines: by the engine's line id when given, else by vertical overlap."""
    if words and all(w.line is not None for w in words):
        by_id: dict[tuple, list[Word]] = {}
        for w in words:
            by_id.setdefault(w.line, []).append(w)
        return list(by_id.values())
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        for line in reversed(lines[-4:]):
            ref = line[0]
            if abs((w.top + w.bottom) / 2 - (ref.top + ref.bottom) / 2) < 0.4 * min(w.height, ref.height):
                line.append(w)
                break
        else:
            lines.append([w])
    return lines


def _rows(words: list[Word]) -> list[Row]:
    """Lines that share a vertical band form one row (e.g. both columns' first lines)."""
    lines = sorted(_lines(words), key=lambda ln: min(w.top for w in ln))
    rows: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for line in lines:
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        if bands:
            btop, bbottom = bands[-1]
            overlap = min(bottom, bbottom) - max(top, btop)
            if overlap > 0.5 * min(bottom - top, bbottom - btop):
                rows[-1].extend(line)
                bands[-1] = (min(top, btop), max(bottom, bbottom))
                continue
        rows.append(list(line))
        bands.append((top, bottom))
    out = []
    for row_words, (top, bottom) in zip(rows, bands):
        row_words.sort(key=lambda w: w.x0)
        height = statistics.median(w.height for w in row_words)
        segments = [Segment([row_words[0]])]
        for w in row_words[1:]:
            if w.x0 - segments[-1].x1 > GUTTER * height:
                segments.append(Segment([w]))
            else:
                segments[-1].words.append(w)
        out.append(Row(segments, top, bottom))
    return out


class _Run:
    """A two-column run being grown row by row; ``lo``–``hi`` is the empty gutter so far."""

    def __init__(self, row: Row):
        left, right = row.segments
        self.left_ref, self.right_ref = left, right
        self.lo, self.hi = left.x1, right.x0
        self.h = statistics.median(w.height for s in row.segments for w in s.words)
        self.left: list[Row] = [Row([left], row.top, row.bottom)]
        self.right: list[Row] = [Row([right], row.top, row.bottom)]

    def _aligned(self, s: Segment, ref: Segment) -> bool:
        # Column lines are either centred on their column (header, signature) or flush with
        # its left edge (lists): a page-centred title or a body line is neither.
        return abs((s.x0 + s.x1) / 2 - (ref.x0 + ref.x1) / 2) < 2 * self.h or abs(s.x0 - ref.x0) < 0.5 * self.h

    def side(self, s: Segment, lo: float, hi: float) -> str | None:
        mid = (lo + hi) / 2
        if s.x1 <= hi and (s.x0 + s.x1) / 2 < mid and self._aligned(s, self.left_ref):
            return "left"
        if s.x0 >= lo and (s.x0 + s.x1) / 2 > mid and self._aligned(s, self.right_ref):
            return "right"
        return None

    def sides(self, row: Row) -> list[str] | None:
        """Which column each segment of ``row`` belongs to, or None when the row breaks the run."""
        if len(row.segments) > 2:
            return None
        lo, hi = self.lo, self.hi
        out = []
        for s in row.segments:
            side = self.side(s, lo, hi)
            if side is None:
                return None
            if side == "left":
                lo = max(lo, s.x1)
            else:
                hi = min(hi, s.x0)
            out.append(side)
        if hi - lo < self.h or (len(out) == 2 and out != ["left", "right"]):
            return None
        return out

    def add(self, row: Row, sides: list[str], front: bool = False) -> None:
        for s, side in zip(row.segments, sides):
            target = self.left if side == "left" else self.right
            item = Row([s], row.top, row.bottom)
            if front:
                target.insert(0, item)
            else:
                target.append(item)
            if side == "left":
                self.lo = max(self.lo, s.x1)
            else:
                self.hi = min(self.hi, s.x0)


def _blocks(rows: list[Row]) -> list[list[Row]]:
    """Split rows into flowing text and two-column runs; a two-column run becomes two flows.

    A run starts at a row with two segments and goes on while each row's segments fall on
    one side of the gutter, aligned with that column; a row that crosses the gutter (a body
    line, a centred title) ends it. Right-column rows just before the start are taken in
    too: a signature block often begins a line above "Nơi nhận".
    """
    flows: list[list[Row]] = []
    current: list[Row] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if len(row.segments) != 2 or row.segments[0].x1 >= row.segments[1].x0:
            # One segment flows on; three or more (tables, tab stops) read left to right.
            current.append(row)
            i += 1
            continue
        run = _Run(row)
        back: list[tuple[Row, list[str]]] = []
        k = len(current) - 1
        while k >= 0 and len(current[k].segments) == 1 and (sd := run.sides(current[k])) is not None:
            back.insert(0, (current[k], sd))
            k -= 1
        while back and back[0][1] == ["left"]:  # left-only rows read the same either way: leave them
            back.pop(0)
        for r, sd in reversed(back):
            run.add(r, sd, front=True)
        if back:
            del current[len(current) - len(back):]
        j = i + 1
        while j < len(rows) and (sd := run.sides(rows[j])) is not None:
            run.add(rows[j], sd)
            j += 1
        if current:
            flows.append(current)
            current = []
        flows.extend(f for f in (run.left, run.right) if f)
        i = j
    if current:
        flows.append(current)
    return flows


def reading_order(words: list[Word]) -> tuple[str, list[PlacedWord]]:
    """Text of one page in reading order, and where each word landed in it."""
    words = [w for w in words if w.text.strip()]
    if not words:
        return "", []
    rows = _rows(words)
    pitches = [b.top - a.top for a, b in zip(rows, rows[1:]) if b.top > a.top]
    pitch = statistics.median(pitches) if pitches else 0.0
    parts: list[str] = []
    placed: list[PlacedWord] = []
    pos = 0

    def emit(s: str) -> None:
        nonlocal pos
        parts.append(s)
        pos += len(s)

    for n, flow in enumerate(_blocks(rows)):
        if n:
            emit("\n\n")
        for k, row in enumerate(flow):
            if k:
                gap = row.top - flow[k - 1].top
                emit("\n\n" if pitch and gap > PARAGRAPH_PITCH * pitch else "\n")
            for m, seg in enumerate(row.segments):
                if m:
                    emit("\t")  # a third column or tab stop: keep it visibly apart
                for q, w in enumerate(seg.words):
                    if q:
                        emit(" ")
                    placed.append(PlacedWord(w, pos, pos + len(w.text)))
                    emit(w.text)
    return "".join(parts), placed
