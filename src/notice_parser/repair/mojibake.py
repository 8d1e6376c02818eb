"""Mojibake: UTF-8 text that was decoded as Windows-1252/Latin-1 somewhere on its way
("ThÃ´ng bÃ¡o" for "Thông báo"). ftfy detects and undoes it; we apply it word by word so each
fix is an edit with exact offsets, and only to words ftfy judges bad (clean text is untouched).
"""

from __future__ import annotations

import re

from ..schema import Edit

# Words split at ASCII whitespace only: U+00A0 is the second byte of "à" in mojibake ("Ã\xa0").
_WORD = re.compile(r"[^ \t\r\n]+")
_SUSPECT = re.compile(r"[ÃÂÄÅÆáâºÐ»¼½¾\x80-\x9f]")


def _redecode(word: str) -> str | None:
    """The word's characters taken back to bytes and read as UTF-8, if that works exactly."""
    for codec in ("latin-1", "sloppy-windows-1252"):  # the second is registered by ftfy
        try:
            return word.encode(codec).decode("utf-8")
        except (UnicodeError, LookupError):
            continue
    return None


def fix_mojibake(text: str) -> tuple[str, list[Edit]]:
    if not _SUSPECT.search(text):
        return text, []
    try:
        from ftfy import fix_encoding
        from ftfy.badness import is_bad
    except ImportError:  # ftfy is a declared dependency; without it, leave the text alone
        return text, []
    from .offsets import apply_edits

    if not is_bad(text):  # ftfy's judgement on the whole text; single words are too short to judge
        return text, []
    edits = []
    for m in _WORD.finditer(text):
        w = m.group()
        if _SUSPECT.search(w):
            fixed = _redecode(w) or fix_encoding(w)
            if fixed != w:
                edits.append(Edit(start=m.start(), end=m.end(), before=w, after=fixed, step="mojibake"))
    return (apply_edits(text, edits), edits) if edits else (text, [])
