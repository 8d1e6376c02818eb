"""Words our own OCR was unsure of: their marks are chosen again with the language model.

Tesseract ``vie`` reads Vietnamese well; what it still gets wrong is mostly a tone mark or a
hook (bổ → bố, đổi → đối, chi → chỉ) and look-alike letters in acronyms (IoC → loC). Such
words come with a low confidence (ingestion keeps the spans of words under
``ingest.ocr.LOW_CONFIDENCE``; words read with high confidence were never wrong in our
measurements). For each low-confidence word the candidates are the known syllables with the
same base letters (other marks and hooks), the OCR's own reading ahead by ``OWN_READING_BONUS``;
every other word is fixed and serves as context. The decoder and the document prior are those
of the diacritics step, so a word the document writes intact elsewhere is evidence too.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from ..schema import Edit
from .candidates import case_channel
from .diacritics import decode_paths, path_edits
from .document_prior import document_counts, refine_with_document
from ..vietnamese import canonical, is_syllable_shape, strip_marks
from .lm import SyllableLM
from .tokens import TOKEN, Segment, Token, breaks, closed_at

STEP = "ocr-marks"
# The OCR's reading is itself evidence (it saw the glyph): ahead of the other forms by this
# many nats. Low-confidence words are wrong about two times in three, so the bonus is modest.
OWN_READING_BONUS = 1.0
MAX_VARIANTS = 8
MIN_SHARE = 0.002  # forms rarer than this share of their base letters' uses are not offered
# Letters and digits OCR confuses with capitals inside acronyms ("loC" for "IoC", "I0C").
_ACRONYM_LOOKALIKES = str.maketrans({"l": "I", "0": "O", "1": "I", "|": "I"})
LOOKALIKE_COST = 1.0  # nats, as the hand-written look-alike rows of data/ocr_confusions.tsv


def mark_candidates(model: SyllableLM, tok: str) -> list[tuple[str, float]] | None:
    """Forms with the same base letters as ``tok`` (lowercase, channel log-probabilities), or
    None when there is nothing to choose: numbers, acronyms, unknown or foreign words."""
    if not tok.isalpha() or (len(tok) >= 2 and tok.isupper()) or not is_syllable_shape(tok):
        return None
    low = canonical(tok.lower())
    var = model.variants(strip_marks(low))
    if not any(w == low for w, _ in var):
        return None  # not a known syllable: not a marks error, leave it
    floor = MIN_SHARE * sum(c for _, c in var)
    forms = [w for w, c in var[:MAX_VARIANTS] if c >= floor or w == low]
    if low not in forms:
        forms.append(low)
    if len(forms) < 2:
        return None
    return [(w, (OWN_READING_BONUS if w == low else 0.0) + case_channel(model, tok, w)) for w in forms]


def acronym_fix(model: SyllableLM, tok: str) -> str | None:
    """A mixed-case token that becomes a known acronym when look-alikes are read as capitals
    ("loC" → "IoC"): the token with those characters replaced, case otherwise kept."""
    if len(tok) < 2 or not any(ch.isupper() for ch in tok[1:]):
        return None
    fixed = tok.translate(_ACRONYM_LOOKALIKES)
    if fixed == tok or not fixed.isalpha():
        return None
    low = fixed.lower()
    if model.count(low) >= 3 and not is_syllable_shape(low):
        return fixed
    return None


def _line_regions(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The lines that hold the spans, merged where they touch."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        ls = text.rfind("\n", 0, s) + 1
        le = text.find("\n", e)
        le = len(text) if le < 0 else le
        if out and ls <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], le))
        else:
            out.append((ls, le))
    return out


def recheck(model: SyllableLM, text: str, spans: Sequence[tuple[int, int]]) -> list[Edit]:
    """Edits that re-choose the marks of the words overlapping ``spans`` (offsets into ``text``)."""
    spans = sorted((max(0, s), min(len(text), e)) for s, e in spans if e > s)
    if not spans:
        return []
    starts = [s for s, _ in spans]

    def uncertain(s: int, e: int) -> bool:
        i = bisect.bisect_right(starts, e - 1) - 1  # the last span starting before the token ends
        return i >= 0 and spans[i][1] > s

    edits: list[Edit] = []
    segs: list[Segment] = []
    for rs, re_ in _line_regions(text, spans):
        seg = Segment()
        last_end = rs
        for m in TOKEN.finditer(text, rs, re_):
            s, e, t = m.start(), m.end(), m.group()
            cands = None
            if uncertain(s, e):
                fixed = acronym_fix(model, t)
                if fixed is not None:  # score: LOOKALIKE_COST per character read as a capital
                    cost = LOOKALIKE_COST * sum(a != b for a, b in zip(t, fixed))
                    edits.append(Edit(start=s, end=e, before=t, after=fixed, step=STEP, score=-cost))
                    t = fixed
                else:
                    cands = mark_candidates(model, t)
            tok = Token(s, e, t, cands) if cands else Token(s, e, t, [(canonical(t.lower()), 0.0)], fixed=True)
            if seg and breaks(text, last_end, tok, seg[-1].text):
                seg.closed = closed_at(text, last_end)
                segs.append(seg)
                seg = Segment()
            seg.append(tok)
            last_end = e
        seg.closed = bool(seg) and closed_at(text, last_end)
        segs.append(seg)
    segs = [g for g in segs if any(not t.fixed for t in g)]
    if segs:
        paths = decode_paths(model, segs)
        # the document's intact words (and these first choices) are evidence for each token
        paths = refine_with_document(model, segs, paths, document_counts(text, [(segs, paths)]))
        edits += path_edits(segs, paths, STEP)
    return sorted(edits, key=lambda x: x.start)


__all__ = ["recheck", "mark_candidates", "acronym_fix", "STEP"]
