"""What the repair stage is unsure of, as spans of the repaired text (``notice_parser.uncertainty``).

Three sources, all mapped to offsets of the repaired text:

* words an OCR engine read with low confidence (``IngestedText.low_confidence``);
* syllables the damage steps changed (dropped glyphs refilled, marks decoded, OCR marks
  re-chosen): every one is the decoder's guess. Edit scores are channel costs, not the
  probability that the guess is right, so no threshold on them would mean anything;
* words still suspicious after repair (no known syllable, or unmarked where the language
  writes marks): damage the decoder could not undo, or did not try to;
* tokens holding a symbol no Vietnamese document writes ("~¢)" for the list letter "c)"): the
  residue of a glyph OCR or a font's text layer could not read, wherever the text came from;
* on pages read by OCR, the tokens the detector cannot judge — capitals that are no syllable,
  letters mixed with digits ("IH" for the quarter "III", "S6" for "Sở"): an acronym or a
  look-alike misread, which OCR makes with high confidence too.

No document-wide flag: with these spans alone every damaged set (written notices stripped,
dropped, English-OCR; the real documents' dropped, TCVN3 and garbled inputs) scores exactly as
with fuzzy matching everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import regex_cache
from ..schema import Edit
from ..uncertainty import Uncertainty
from ..vietnamese import is_syllable_shape
from .offsets import OffsetChain

# Steps whose edits are decisions under doubt; the encoding steps (mojibake, legacy, unicode)
# are table look-ups that are right whenever they apply.
GUESSING_STEPS = frozenset({"glyphs", "diacritics", "ocr", "ocr-marks"})
_WORD = regex_cache.compile(r"[^\W\d_]+")
# Symbols that stand for nothing in an administrative text (currency signs but "₫" and "$",
# spacing accents, tildes, broken bars): what is left of a glyph that was misread.
_STRAY = regex_cache.compile(r"\S*[~¢£¥¤©®¬¦¨´`^]\S*")
# A ")" opening a line before a capital ("⏎ ) Bộ Xây dựng …"): a list letter whose glyph a font's
# text layer lost, not a parenthesis (a wrapped one closes before lower case: "⏎) của UBND tỉnh").
_LOST_LETTER = regex_cache.compile(r"(?m)^[ \t]*\)(?=[ \t]+[^\W\d_])")


def assess(repaired: str, chain: OffsetChain, edits: Iterable[Edit], low_confidence: Iterable[tuple[int, int]] = (),
           read_by_ocr: Iterable[tuple[int, int]] = ()) -> Uncertainty:
    """The uncertainty of ``repaired``. ``edits``, ``low_confidence`` (words) and ``read_by_ocr``
    (pages) are in offsets of the text as ingested, which ``chain`` maps to ``repaired``."""
    from .damage import load_toolkit

    spans = ocr_only(low_confidence, chain, repaired, read_by_ocr).spans
    spans += tuple((chain.to_new(e.start), chain.to_new(e.end)) for e in edits if e.step in GUESSING_STEPS)
    kit, _ = load_toolkit()
    if kit is not None:
        spans += tuple(m.span() for m in _WORD.finditer(repaired) if kit.detector.suspicious(m.group()))
    spans += tuple(m.span() for m in _STRAY.finditer(repaired))
    spans += tuple(m.span() for m in _LOST_LETTER.finditer(repaired) if repaired[m.end():].lstrip()[:1].isupper())
    return Uncertainty.of_spans(spans, repaired)


def ocr_only(low_confidence: Iterable[tuple[int, int]], chain: OffsetChain, text: str,
             read_by_ocr: Iterable[tuple[int, int]] = ()) -> Uncertainty:
    """What OCR leaves in doubt: its low-confidence words, and on its pages the tokens no
    detector can judge (the whole uncertainty of a text the damage steps did not see)."""
    spans = [(chain.to_new(s), chain.to_new(e)) for s, e in low_confidence]
    for s, e in read_by_ocr:
        spans += [m.span() for m in _TOKEN.finditer(text, chain.to_new(s), chain.to_new(e)) if _unjudged(m.group())]
    return Uncertainty.of_spans(spans, text)


_TOKEN = regex_cache.compile(r"[^\W_]+")


def _unjudged(token: str) -> bool:
    """Capitals that are no syllable ("IH", "SG", "UBND"), or letters mixed with digits ("S6", "I0C")."""
    letters = any(c.isalpha() for c in token)
    if letters and any(c.isdigit() for c in token):
        return True
    return letters and len(token) >= 2 and token.isupper() and not is_syllable_shape(token.lower())


__all__ = ["assess", "ocr_only", "GUESSING_STEPS"]
