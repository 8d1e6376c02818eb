"""Shorthand the repair stage never re-marks: the forms of data/abbreviations.tsv (titles and units
of the list of recipients, abbreviated terms, slash shorthand) and the abbreviations of document
symbols and bodies (``resources.symbols``: Phụ lục III, the gazetteer).

Such a token has no syllable to restore: decoded, "TTg" became the name "Tùng", "PTTg" "Duo" and
"TTgCP" "ƯỚP". A token written exactly as a listed form is a fixed point of the decoders; one with a
form's base letters where marks were lost reads as that form (``resources.symbols``, which this
table feeds: "QHDP" → "QHĐP").
"""

from __future__ import annotations

from functools import lru_cache

from .. import regex_cache
from ..vietnamese import is_consonant_cluster, is_syllable_shape

_LIST_BEFORE = regex_cache.compile(r"(?:^|[,;:(\[]|\n)[ \t]*\Z")
_LIST_AFTER = regex_cache.compile(r"[ \t]*(?:$|[,;.)\]\n(])")


@lru_cache(maxsize=1)
def abbreviation_table() -> dict[str, str]:
    """form → what it stands for, from data/abbreviations.tsv (validated: two fields, NFC, no
    form twice)."""
    import unicodedata

    from ..data import read_text

    table: dict[str, str] = {}
    for n, line in enumerate(read_text("abbreviations.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0] or not parts[1].strip() or parts[0] != parts[0].strip():
            raise ValueError(f"abbreviations.tsv:{n}: expected 'form<TAB>expansion', got {line!r}")
        form = parts[0]
        if not unicodedata.is_normalized("NFC", form) or form in table:
            raise ValueError(f"abbreviations.tsv:{n}: {form!r} is not NFC or is listed twice")
        table[form] = parts[1].strip()
    return table


def word_forms() -> tuple[str, ...]:
    """The listed forms that are one token (the slash shorthand is two: "b/c")."""
    return tuple(f for f in abbreviation_table() if "/" not in f)


def ambiguous(form: str) -> bool:
    """A form that is also a syllable or a syllable's consonants ("CA" cả, "TH" what is left of
    "THƯ" when its vowel glyph is lost): only a list says it is the abbreviation."""
    low = form.lower()
    return is_syllable_shape(low) or is_consonant_cluster(low)


@lru_cache(maxsize=1)
def _protected() -> frozenset[str]:
    from .resources import symbols

    return frozenset(word_forms()) | frozenset(f for forms in symbols().values() for f in forms)


def protected(text: str, start: int, end: int) -> bool:
    """Whether the token ``text[start:end]`` is listed shorthand to keep as it is: written exactly
    as a listed form (case included: "TTg", "QHĐP"), and, for a form that could be a word, standing
    in a list (after a comma, semicolon, colon, bracket or at a line's start, and before a comma,
    semicolon, full stop, bracket or the line's end: "Lưu: VT, TH (2b)")."""
    tok = text[start:end]
    if tok not in _protected():
        return False
    if not ambiguous(tok):
        return True
    return bool(_LIST_BEFORE.search(text, max(0, start - 80), start)) and bool(_LIST_AFTER.match(text, end))
