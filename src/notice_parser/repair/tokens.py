"""Tokens and segments of a damaged region: where a word starts and ends, which tokens are fixed
points (document symbols, section numbers, list markers, slash abbreviations), and where the
language model's context stops (punctuation, blank lines, the end of a heading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import regex_cache
from .casing import caps_word

# A token is a run of letters/digits, possibly with OCR junk glued inside (handled by the channel).
TOKEN = regex_cache.compile(r"[^\W_]+", re.UNICODE)
# Context does not cross these (a single line break inside a paragraph does not break it).
_BREAK = regex_cache.compile(r"[.,;:!?()\[\]{}\"“”«»…/|]|\n\s*\n")
_PUNCT_BREAK = regex_cache.compile(r"[.,;:!?()\[\]{}\"“”«»…/|]")
# A label and its value: "Số: 215/TB-UBND", "Điện thoại: 0912". The colon does not end the
# context when a number follows, so the label is decoded before "<num>" ("số <num>" is one of
# the corpus's commonest bigrams, "sở <num>" a rare one).
_LABEL_COLON = regex_cache.compile(r"[ \t]*:[ \t]*")
# A number left blank before a document symbol ("Số:     /TB-UBND": drafts and templates get their
# number when issued): the label is decoded as if the number were there.
BLANK_NUMBER = regex_cache.compile(r"[ \t]*:[ \t]*/[ \t]*[^\W\d_]")


@dataclass
class Token:
    start: int
    end: int
    text: str
    cands: list[tuple[str, float]]  # lowercase forms with channel log-probabilities
    fixed: bool = False


class Segment(list):
    """The tokens of one segment; ``closed``: it ends at punctuation, so the model scores its
    end (a line break may wrap a sentence anywhere and is not an end)."""
    closed: bool = False


_NON_SPACE = regex_cache.compile(r"\S")
_CLOSERS = frozenset(".,;:!?()[]{}\"“”«»…/|")


def breaks(text: str, last_end: int, t: Token, prev: str | None = None) -> bool:
    """Whether context stops between the previous token (``prev``) and ``t``: at punctuation, or
    at a blank line unless the next line starts lowercase (PDF text layers put blank lines
    between the wrapped lines of one sentence: "... chủ \\n\\n trì cuộc họp") or both words
    are in capitals (a wrapped heading or signature title: "PHÓ CHÁNH VĂN \\n\\n PHÒNG")."""
    if _PUNCT_BREAK.search(text, last_end, t.start):
        return not (t.text[:1].isdigit() and _LABEL_COLON.fullmatch(text, last_end, t.start))
    if not _BREAK.search(text, last_end, t.start) or t.text[:1].islower():
        return False
    return not (prev is not None and caps_word(prev) and caps_word(t.text))


def closed_at(text: str, pos: int) -> bool:
    """Whether the first non-space character from ``pos`` is punctuation that ends a segment."""
    m = _NON_SPACE.search(text, pos)
    return bool(m) and m.group() in _CLOSERS


# One or two letters glued to a slash and a letter: a slash abbreviation of the registry's
# ("b/c" báo cáo, "t/h" thực hiện, "V/v" về việc, "K/T" ký thay), never a syllable to restore.
_SLASH_BEFORE = regex_cache.compile(r"[^\W\d_]/\Z")


def slash_abbreviation(text: str, start: int, end: int) -> bool:
    if end - start > 2:
        return False
    after = text[end:end + 2]
    return ((len(after) == 2 and after[0] == "/" and after[1].isalpha())
            or bool(_SLASH_BEFORE.search(text[max(0, start - 2):start])))


# A document's number and symbol ("số và ký hiệu", Nghị định 30 Phụ lục III): "637/TB-VPCP",
# "66/2025/NQ-CP", "158/CĐ-TTg", "45-KL/TW", "12-TB/VPTW". Its letters are abbreviations, never
# syllables; its parts are joined by '-' or '/' (the party's "…-TB/TW" ends with its issuer).
# Its number starts a word: digits glued to letters ("a0-ể", OCR garble) start no symbol, or
# the token before would be decoded while the one after stayed fixed as a symbol's letters.
DOC_SYMBOL = regex_cache.compile(r"(?<![^\W_])\d+(?:[./]\d+)*[/-](?:\d{4}/)?[^\W\d_][\w&.]*(?:[-/][^\W\d_][\w&.]*)*")
_ROMAN = regex_cache.compile(r"[IVX]{1,4}")
_LINE_START = regex_cache.compile(r"(?:^|\n)[ \t]*\Z")


def is_section_number(text: str, start: int, end: int) -> bool:
    """A roman section number at the start of a line ("I. ĐÁNH GIÁ CHUNG"): a number, not the
    syllable "i" (which English OCR's candidates would turn into "A")."""
    return (bool(_ROMAN.fullmatch(text, start, end)) and text[end:end + 1] == "."
            and bool(_LINE_START.search(text[max(0, start - 80):start])))


# The labels of an enumeration: a roman numeral in lower or upper case ("iii", "XIV") or one
# letter ("a", "đ", "B"). Such a token names a list item and has no syllable to restore: English
# OCR's candidates made "(iii)" "(au)" and "(vi)" "(vì)".
_LABEL_SHAPE = regex_cache.compile(r"[ivx]{1,6}|[IVX]{1,6}|[a-zđA-ZĐ]")
_LABEL_CLOSE = regex_cache.compile(r"[)\]]")
_LABEL_DOT = regex_cache.compile(r"[.)][ \t]")


def list_label(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a list item's label: a label's shape (``_LABEL_SHAPE``) in a
    label's position — closed by a bracket ("a)", "(iii)", "[ii]") anywhere in a line, or at a
    line's start followed by a full stop and a space ("b. Giao ...", "iv. Về ...")."""
    if not _LABEL_SHAPE.fullmatch(text, start, end):
        return False
    if _LABEL_CLOSE.match(text, end):
        return True
    return bool(_LABEL_DOT.match(text, end)) and bool(_LINE_START.search(text[max(0, start - 80):start].rstrip("([")))


def heading_ends(text: str, seg: list[Token], last_end: int, nxt: str | None) -> bool:
    """A segment of two or more words in capitals that ends its line, where the next line does
    not go on in capitals (or nothing follows), is a whole heading or title ("ĐÁNH GIÁ CHUNG",
    "CHÁNH VĂN PHÒNG"): the model scores its end as it scores a sentence's."""
    words = [t.text for t in seg if not t.fixed or t.text.isalpha()]
    if len(words) < 2 or not all(caps_word(w) for w in words[-2:]):
        return False
    if nxt is not None and caps_word(nxt):
        return False
    m = _NON_SPACE.search(text, last_end)
    return m is None or "\n" in text[last_end:m.start()]


def tokenise(text: str, start: int, end: int, token_re: re.Pattern = TOKEN) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in token_re.finditer(text, start, end)]
