"""Legacy Vietnamese encodings → Unicode: TCVN3 (ABC, ".VnTime"), VNI-Windows and VIQR.

Old archives and PDF text layers built on legacy fonts come out as Latin-1 look-alikes:
"Th«ng b¸o kÕt luËn" (TCVN3), "Thoâng baùo" (VNI), "Tho^ng ba'o" (VIQR). A text is converted
only when it has no Unicode-only Vietnamese letter (ă, đ, ơ, ư, ạ …) and the encoding's own
markers are frequent; otherwise it is left alone. The code pages are the orthography module's
(``notice_parser.vietnamese.legacy_tables``, data in ``data/legacy_encodings.json``).
"""

from __future__ import annotations

from ..schema import Edit
from ..vietnamese import detect_legacy as detect, legacy_tables as tables, legacy_words
from .offsets import apply_edits


def convert(text: str, encoding: str) -> tuple[str, list[Edit]]:
    """Text converted from ``encoding`` to Unicode, with one edit per converted word."""
    edits = [Edit(start=s, end=e, before=text[s:e], after=new, step="legacy") for s, e, new in legacy_words(text, encoding)]
    return apply_edits(text, edits), edits


def convert_legacy(text: str) -> tuple[str, list[Edit], str | None]:
    """Detect a legacy encoding and convert; (text, edits, encoding or None)."""
    enc = detect(text)
    if enc is None:
        return text, [], None
    new, edits = convert(text, enc)
    return new, edits, enc


__all__ = ["convert", "convert_legacy", "detect", "tables"]
