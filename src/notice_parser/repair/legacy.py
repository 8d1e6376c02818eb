"""Legacy Vietnamese encodings → Unicode: TCVN3 (ABC, ".VnTime"), VNI-Windows and VIQR.

Old archives and PDF text layers built on legacy fonts come out as Latin-1 look-alikes:
"Th«ng b¸o kÕt luËn" (TCVN3), "Thoâng baùo" (VNI), "Tho^ng ba'o" (VIQR). A text is converted
only when it has no Unicode-only Vietnamese letter (ă, đ, ơ, ư, ạ …) and the encoding's own
markers are frequent; otherwise it is left alone. The code pages are the orthography module's
(``notice_parser.vietnamese.legacy_tables``, data in ``data/legacy_encodings.json``).

TCVN3 has no code for a toned capital: "ỦY BAN", "PHÒNG", "Ủy ban" at a sentence's start were
set in a capitals font (".VnTimeH") over the lower-case codes, so the text layer says "ủY BAN",
"PHòNG", "ủy ban". ``restore_case`` has ``repair.recase`` decide again which of those letters
were capitals.
"""

from __future__ import annotations

from ..schema import Edit
from ..vietnamese import detect_legacy as detect, legacy_tables as tables, legacy_words_marked
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
    from .recase import capitals  # (30 KB of code) only for a legacy text with capitals it could not write

    upper = capitals(plain, caseless)
    out = []
    for (s, e, new, _), start in zip(words, where):
        if any(start + i in upper for i in range(len(new))):
            new = "".join(c.upper() if start + i in upper else c for i, c in enumerate(new))
        out.append((s, e, new))
    return out


__all__ = ["convert", "convert_legacy", "detect", "restore_case", "tables"]
