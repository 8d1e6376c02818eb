"""Unicode clean-up: NFC, stray control and zero-width characters, non-breaking spaces.

Each change is an Edit so offsets map back to the text as ingested.
"""

from __future__ import annotations

import re
import unicodedata

from .. import regex_cache
from ..schema import Edit
from .offsets import apply_edits

# Zero-width and bidi controls that PDF text layers leave behind; soft hyphen; BOM.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\ufffe"
_CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f") + "\x7f"
_SPECIAL = "[" + re.escape(_INVISIBLE + _CONTROL) + r"\u00a0\u2007\u202f]"
# A run of non-ASCII characters with the character before it: a combining mark composes with its
# base letter, which is usually ASCII ("a" + U+0301 → "á" in decomposed text).
_RUN = regex_cache.compile(r"[\x00-\x7f]?[^\x00-\x7f]+|" + _SPECIAL)
_HAS_SPECIAL = regex_cache.compile(_SPECIAL)
_SPACE_LIKE = {"\u00a0": " ", "\u2007": " ", "\u202f": " "}


def clean_unicode(text: str) -> tuple[str, list[Edit]]:
    """NFC-normalise and drop invisible characters; returns the new text and its edits."""
    edits: list[Edit] = []
    if unicodedata.is_normalized("NFC", text) and not _HAS_SPECIAL.search(text):
        return text, edits  # the usual case, decided in one pass
    for m in _RUN.finditer(text):
        before = m.group()
        after = "".join(_SPACE_LIKE.get(c, c) for c in before if c not in _INVISIBLE and c not in _CONTROL)
        after = unicodedata.normalize("NFC", after)
        if after != before:
            edits.append(Edit(start=m.start(), end=m.end(), before=before, after=after, step="unicode"))
    return (apply_edits(text, edits) if edits else text), edits
