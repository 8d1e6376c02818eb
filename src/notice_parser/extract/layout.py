"""Lines with offsets, page furniture, and a matching copy of the text of the same length.

Extraction never edits the text: it works on line records that point into it, so every
item it finds keeps its offsets.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .. import regex_cache, table_cache
from ..schema import PageInfo, Span
from ..vietnamese import fold_placement



def _latin_letters() -> tuple[str, str]:
    """(capitals, small letters) of the Latin script below U+1F00, from the Unicode names: a
    look-up of 8 000 names (~2 ms) that the table cache keeps per Unicode version."""
    latin = [chr(c) for c in range(0x41, 0x1F00) if unicodedata.name(chr(c), "").startswith("LATIN")]
    return "".join(c for c in latin if c.isupper()), "".join(c for c in latin if c.islower())


def _letters(table) -> tuple[str, str]:
    upper, lower = table
    if not (isinstance(upper, str) and isinstance(lower, str) and upper.isupper() and lower.islower()):
        raise ValueError("not a table of letters")
    return upper, lower


# The code that builds this module's cached table (tests/test_table_cache.py checks it).
TABLE_MODULES = (__name__,)
# Latin letters as regex classes: a range such as "À-Ỹ" would also take in lower-case letters.
UPPER, LOWER = table_cache.load("latin-letters", _latin_letters, _letters, modules=TABLE_MODULES,
                                extra=unicodedata.unidata_version.encode())
CAP_WORD = f"[{UPPER}][{LOWER}{UPPER}'’]*"  # a capitalised word ("Buôn", "IOC", "Đắk")

_TONE_FOLD = str.maketrans({"\u00d0": "Đ"})  # Icelandic eth, a look-alike some fonts map Đ to


def fold(text: str) -> str:
    """Same-length copy with one tone-mark placement ('hoà' → 'hòa') and 'Ð' → 'Đ'."""
    return fold_placement(text.translate(_TONE_FOLD))


@lru_cache(maxsize=4)
def fold_document(text: str) -> str:
    """fold() of a whole document, kept for the few documents in hand: every directive's
    agency search and the issuer inference read the same folded copy."""
    return fold(text)


def base_letters(s: str) -> str:
    """Lower case without tone and vowel marks ('Đắk Lắk' → 'dak lak'), for fuzzy comparison."""
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=4)
def base_document(text: str) -> str:
    """base_letters() of a whole document, kept like fold_document. Same length as an NFC text
    (each letter loses its marks, nothing else changes), so offsets carry over; a text where
    that does not hold gets an empty string (callers then skip base-letter matching)."""
    based = base_letters(text)
    return based if len(based) == len(text) else ""


def squash(s: str) -> str:
    """Whitespace runs to one space, ends stripped (wrapped lines joined)."""
    return " ".join(s.split())


def name_key(s: str) -> str:
    """Comparison key of a name: folded, lower case, one space, no spaces around , & -."""
    return re.sub(r"\s*([,&-])\s*", r"\1", fold(squash(s)).lower())


@dataclass(frozen=True)
class Line:
    start: int  # offset of the first non-blank character
    end: int  # offset just after the last non-blank character
    text: str

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


_PAGE_FURNITURE = regex_cache.compile(r"^(?:[-–]\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*[-–])?$", re.IGNORECASE)


def is_page_furniture(line: Line) -> bool:
    """A page number standing alone on a line ('2', '- 3 -', 'Trang 4', '2/5')."""
    return bool(_PAGE_FURNITURE.match(line.text))


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their offsets (form feeds and blank lines dropped)."""
    lines = []
    for m in re.finditer(r"[^\n\f\r]+", text):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        start = m.start() + lead
        lines.append(Line(start, start + len(stripped), stripped))
    return lines


class PageLocator:
    """Page number (1-based) of an offset, from the pages' start offsets."""

    def __init__(self, pages: list[PageInfo] | None):
        self._pages = sorted(pages or [], key=lambda p: p.start)
        self._starts = [p.start for p in self._pages]

    def __call__(self, offset: int) -> int | None:
        if not self._pages:
            return None
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._pages[max(i, 0)].number

    def span(self, start: int, end: int) -> Span:
        return Span(start=start, end=max(end, start), page=self(start))
