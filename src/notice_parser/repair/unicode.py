"""Unicode clean-up: NFC, stray control and zero-width characters, non-breaking spaces.

Each change is an Edit so offsets map back to the text as ingested.
"""

from __future__ import annotations

import re
import unicodedata

from ..schema import Edit

# Zero-width and bidi controls that PDF text layers leave behind; soft hyphen; BOM.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\ufffe"
_CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f") + "\x7f"
_RUN = re.compile(r"[^\x00-\x7f]+|[" + re.escape(_INVISIBLE + _CONTROL) + r"\u00a0\u2007\u202f]")
_SPACE_LIKE = {"\u00a0": " ", "\u2007": " ", "\u202f": " "}


def clean_unicode(text: str) -> tuple[str, list[Edit]]:
    """NFC-normalise and drop invisible characters; returns the new text and its edits."""
    edits: list[Edit] = []
    for m in _RUN.finditer(text):
        before = m.group()
        after = "".join(_SPACE_LIKE.get(c, c) for c in before if c not in _INVISIBLE and c not in _CONTROL)
        after = unicodedata.normalize("NFC", after)
        if after != before:
            edits.append(Edit(start=m.start(), end=m.end(), before=before, after=after, step="unicode"))
    if not edits:
        return text, edits
    out, pos = [], 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.after)
        pos = e.end
    out.append(text[pos:])
    return "".join(out), edits
