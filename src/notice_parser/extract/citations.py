"""Citations of other documents: "Quyết định số 155/QĐ-UBND ngày 18/01/2024", "66-NQ/TW", ...

A citation is found by its *số và ký hiệu*, whose grammar Nghị định 30/2020/NĐ-CP fixes:

* state documents: ``number/[year/]TYPE-ISSUER[-UNIT]`` — "155/QĐ-UBND", "30/2020/NĐ-CP",
  "01/2011/TT-BNV", "80/2015/QH13" (a law: year, then the legislature), and the công văn,
  which has no type part: ``number/ISSUER-UNIT`` — "2472/UBND-KGVX", "2333/BTTTT-CĐSQG";
* Party documents: ``number-TYPE/ISSUER`` — "66-NQ/TW", "35-HD/BTGTW".

The type comes from the word before the number ("Quyết định số …", "Văn bản số …"), or else
from the symbol's type abbreviation (Phụ lục III), or else the symbol is a công văn. The
issuer is the symbol's issuing-body abbreviation, expanded when the table knows it. All three
tables live in ``data/doc_types.json``.

Never a citation: dates ("18/01/2024"), ranges ("2024-2028"), phone numbers, and the notice's
own number on its header line ("Số: 12/TB-UBND" at the start of a line).

Every pattern is bounded (no catastrophic backtracking on hostile input).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from .. import regex_cache
from ..data import load_json
from ..schema import Citation, Span
from ..uncertainty import CLEAN, Uncertainty
from .dates import find_dates, keywords_read, match_date

__all__ = ["find_citations", "normalize_number", "DocTypes", "load_doc_types"]


class DocTypes(BaseModel):
    """The tables of ``data/doc_types.json`` (see its ``about``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str
    untyped_doc_type: str
    generic_type_words: list[str]
    joint_types: list[str]
    types: list[str]
    type_abbreviations: dict[str, str]
    party_type_abbreviations: dict[str, str]
    type_words: dict[str, str]
    issuer_default_types: dict[str, str]
    issuer_abbreviations: dict[str, str]
    party_issuer_abbreviations: dict[str, str]
    issuing_verbs: list[str]


@lru_cache(maxsize=1)
def load_doc_types() -> DocTypes:
    """The document-type tables, validated and loaded once."""
    return DocTypes.model_validate(load_json("doc_types.json"))


_FLAGS = re.IGNORECASE
_S = r"[ \t]{0,2}"
# After a slash or a dash the line may wrap ("155/QĐ-\nUBND"); before one it never does, which
# keeps a list bullet on the next line ("…/QĐ-UBND\n- UBND các huyện") out of the symbol.
_WRAP = r"(?:[ \t]{0,2}\r?\n){0,2}[ \t]{0,2}"
_DASH = r"[-–‐]"
# One part of a symbol: an abbreviation, mostly capitals ("QĐ", "UBND", "TTg", "QĐi", "QH13",
# "SGD&ĐT"); never two lower-case letters in a row, so ordinary words ("Trung") are not parts.
# Inside a part a dot or "&" may join capitals ("V.I" in "1234/VPCP-V.I", "KH& ĐT"): the dot
# never ends the part, so a sentence's full stop stays outside.
_PART = r"[A-ZĐÐ](?:[A-ZĐÐ0-9]|&[ \t]?(?=[A-ZĐÐ])|\.(?=[A-ZĐÐ])|[a-zđ](?![a-zđ])){0,15}(?![\w&])"
_PARTS = rf"{_PART}(?:{_S}{_DASH}{_WRAP}{_PART}){{0,5}}"

_SYMBOL_RE = regex_cache.compile(
    r"(?=\d)(?<![\w/.\-–‐])(?:"  # the lookahead is a cheap first-character filter
    # state: 155/QĐ-UBND, 30/2020/NĐ-CP, 80/2015/QH13, 2472/UBND-KGVX
    # a number may carry a sub-number after a dot: 66.4/2025/NQ-CP (the Government's thematic resolutions)
    rf"(?P<num>\d{{1,6}}(?:\.\d{{1,3}})?){_S}/{_WRAP}(?:(?P<year>(?:19|20|21)\d\d){_S}/{_WRAP})?(?P<parts>{_PARTS})"
    r"|"
    # Party: 66-NQ/TW, 35-HD/BTGTW
    rf"(?P<pnum>\d{{1,6}}(?:\.\d{{1,3}})?){_S}{_DASH}{_WRAP}(?P<ptype>{_PART}){_S}/{_WRAP}(?P<pparts>{_PARTS})"
    r")",
)
_SPLIT_PARTS_RE = regex_cache.compile(rf"\s{{0,8}}{_DASH}\s{{0,8}}")
_SPACE_RE = regex_cache.compile(r"\s+")
_DASH_RE = regex_cache.compile(_DASH)
_TRAILING_DIGITS_RE = regex_cache.compile(r"\d+$")

# The notice's own number: "Số: 12/TB-UBND" opening a line ("So:", OCR or stripping having lost
# the mark, only where the text is uncertain: see _is_header).
_HEADER_NUMBER_RE = regex_cache.compile(r"(?<!\w)(?:Số|SỐ|(?P<unmarked>So|SO))[ \t]{0,4}:[ \t]{0,4}\Z")
_HEADER_PREFIX_MAX = 12
_COLUMN_GAP_MIN, _COLUMN_GAP_MAX = 3, 80


@lru_cache(maxsize=1)
def _issuing_verbs() -> str:
    """The issuing verbs of ``doc_types.json`` ("ban hành", "ký", …) as a regex alternation."""
    return "|".join(r"\s{1,3}".join(map(re.escape, v.split())) for v in load_doc_types().issuing_verbs)


@lru_cache(maxsize=1)
def _before_date_re() -> re.Pattern:
    """Between a number and its date: "155/QĐ-UBND ngày …", ", ngày …", "ban hành ngày …",
    "của UBND tỉnh ngày …"."""
    return regex_cache.compile(
        rf"\s{{0,8}}(?:,\s{{0,8}})?(?:(?:{_issuing_verbs()})\s{{1,8}})?"
        r"(?:của\s{1,8}[^,;.()\d\n]{1,60}?\s{1,8})?(?=ng(?:ày|ay)(?!\w))",
        _FLAGS,
    )

# Between two numbers of one list: "A và B", "A, B", "A; số B".
_LIST_GAP_RE = regex_cache.compile(r"\s{0,8}(?:[,;&]\s{0,8})?(?:(?:và|hoặc)\s{1,8})?(?:số\s{0,3}:?\s{0,8})?", _FLAGS)
_LIST_GAP_MAX = 40


@lru_cache(maxsize=1)
def _type_word_re() -> re.Pattern:
    words = sorted(load_doc_types().type_words, key=len, reverse=True)  # longest first
    alternation = "|".join(r"\s{1,3}".join(map(re.escape, w.split())) for w in words)
    first = "".join(sorted({c for w in words for c in (w[0].lower(), w[0].upper())}))
    # the lookahead is a cheap first-character filter: most positions are rejected at once
    return regex_cache.compile(rf"(?=[{re.escape(first)}])(?<!\w)(?:{alternation})(?!\w)", _FLAGS)


# What may stand between a type word and its number: "Quyết định số 155", "Nghị quyết 112",
# "Quyết định số: 155", "Báo cáo (số 1732".
_WORD_GAP_RE = regex_cache.compile(r"(?:\s{1,8}số)?\s{0,8}(?::\s{0,8})?(?:\(\s{0,2}(?:số\s{0,8})?)?", _FLAGS)
_WORD_GAP_MAX = 30


class _TypeWords:
    """Type words of a text found in one pass; ``before(pos)`` is the one that governs a number at ``pos``."""

    def __init__(self, text: str, table: DocTypes):
        self._text = text
        self._found = [(m.end(), m.start(), m.group(0)) for m in _type_word_re().finditer(text)]
        self._ends = [end for end, _, _ in self._found]
        self._canonical = {w.lower(): w for w in table.type_words}
        self._table = table

    def before(self, pos: int) -> tuple[int, str] | None:
        i = bisect.bisect_right(self._ends, pos) - 1
        if i < 0:
            return None
        end, start, word = self._found[i]
        if pos - end > _WORD_GAP_MAX or _WORD_GAP_RE.fullmatch(self._text, end, pos) is None:
            return None
        key = self._canonical[" ".join(word.split()).lower()]
        return start, self._table.type_words[key]


def normalize_number(s: str) -> str:
    """Canonical số và ký hiệu: NFC, no whitespace, "Ð" (U+00D0) → "Đ", dashes → "-"."""
    s = _SPACE_RE.sub("", unicodedata.normalize("NFC", s)).replace("\u00d0", "Đ")
    return _DASH_RE.sub("-", s)


@lru_cache(maxsize=1)
def _d_restorations() -> dict[str, str]:
    """Symbol parts written with "D" where the abbreviation has "Đ" (text stripped of marks or
    read by OCR without Vietnamese: "QD-UBND", "312/SKHDT-DN"): the Đ-less form → the known
    abbreviation, from the document-type tables and the departments' and ministries' abbreviations."""
    t = load_doc_types()
    known = {*t.type_abbreviations, *t.party_type_abbreviations, *t.issuer_abbreviations, *t.party_issuer_abbreviations}
    agencies = load_json("agencies.json")
    for group, prefix in (("departments", "S"), ("ministries", "B")):
        for entry in agencies[group]:
            for ab in entry.get("abbr", []):
                if re.fullmatch(r"[^\W\d_]+", ab):
                    known.update({ab, prefix + ab})
    by_plain: dict[str, set[str]] = {}
    for ab in known:
        if "Đ" in ab:
            by_plain.setdefault(ab.replace("Đ", "D"), set()).add(ab)
    return {plain: next(iter(abs_)) for plain, abs_ in by_plain.items() if len(abs_) == 1 and plain not in known}


def _restore_d(number: str) -> str:
    """``number`` with its Đ-less parts restored; called only where the text is uncertain (in
    clean text "QD" is what the document wrote, not a damaged "QĐ")."""
    if "D" not in number or "Đ" in number:
        return number
    table = _d_restorations()
    return re.sub(r"[^\W\d_]+", lambda m: table.get(m.group(), m.group()), number)


class _Raw(NamedTuple):
    start: int  # of the type word when the citation has one, else of the number
    num_start: int
    num_end: int
    end: int  # of the date when the citation has one, else of the number
    number: str
    word_type: str | None
    abbr_type: str | None
    issuer: str | None
    date: dt.date | None
    dated: bool  # a date expression follows (even if it could not be resolved)


def _expand(part: str, *tables: dict[str, str]) -> str:
    key = _TRAILING_DIGITS_RE.sub("", part) or part  # "QH13" → "QH": the digits are the legislature
    for table in tables:
        if part in table:
            return table[part]
        if key in table:
            return table[key]
    return part


def _as_written(number: str) -> str:
    return number


def _classify(m: re.Match, t: DocTypes, restore: Callable[[str], str] = _as_written) -> tuple[str | None, str | None]:
    """(type from the symbol, issuer) of one symbol match; ``restore`` reads its parts (_restore_d
    where the text is uncertain)."""
    if m.group("pnum") is not None:
        parts = [restore(normalize_number(p)) for p in _SPLIT_PARTS_RE.split(m.group("pparts"))]
        ptype = restore(normalize_number(m.group("ptype")))
        doc_type = t.party_type_abbreviations.get(ptype) or t.type_abbreviations.get(ptype)
        return doc_type, _expand(parts[0], t.party_issuer_abbreviations, t.issuer_abbreviations)
    parts = [restore(normalize_number(p)) for p in _SPLIT_PARTS_RE.split(m.group("parts"))]
    doc_type = None
    if parts[0] in t.type_abbreviations and len(parts) > 1:
        doc_type = t.type_abbreviations[parts.pop(0)]
    issuers = parts if doc_type in t.joint_types else parts[:1]  # joint documents name every issuer
    issuer = ", ".join(_expand(p, t.issuer_abbreviations) for p in issuers)
    if doc_type is None:
        key = _TRAILING_DIGITS_RE.sub("", parts[0]) or parts[0]
        doc_type = t.issuer_default_types.get(key) or t.untyped_doc_type
    return doc_type, issuer


def _is_header(text: str, start: int, uncertain: Uncertainty = CLEAN) -> bool:
    """``start`` follows "Số:" opening a line, or opening the left column of a two-column header
    line ("UBND TỈNH X      Số: 12/TB-UBND"): a wide gap, never a word, before "Số:". An
    unmarked "So:" is that "Số:" only where ``uncertain`` (in ``text``'s offsets) doubts it."""
    m = _HEADER_NUMBER_RE.search(text, max(0, start - _HEADER_PREFIX_MAX), start)
    if m is None or (m.group("unmarked") and not uncertain.overlaps(m.start(), m.end("unmarked"))):
        return False
    i = j = m.start()
    while j > 0 and i - j < _COLUMN_GAP_MAX and text[j - 1] in " \t":
        j -= 1
    if j == 0 or text[j - 1] in "\r\n":
        return True
    return i - j >= _COLUMN_GAP_MIN or "\t" in text[j:i]


def _scan(text: str, uncertain: Uncertainty = CLEAN) -> list[_Raw]:
    t = load_doc_types()
    words = _TypeWords(text, t)
    earlier = _DatesBefore(text, uncertain)
    found: list[_Raw] = []
    for m in _SYMBOL_RE.finditer(text):
        if m.group("num") is not None and m.group("year") is None and not _SPLIT_PARTS_RE.search(m.group("parts")):
            continue  # "12/KH" alone: too little to tell a document number from other slashes
        if _is_header(text, m.start(), uncertain):
            continue
        restore = _restore_d if uncertain.overlaps(m.start(), m.end()) else _as_written
        abbr_type, issuer = _classify(m, t, restore)
        word = words.before(m.start())
        start, word_type = word if word else (m.start(), None)
        end, date, dated = m.end(), None, False
        gap = _before_date_re().match(text, m.end())
        # A year the text does not give is not guessed: "ngày 10/01" alone leaves the date null.
        found_date = (match_date(text, gap.end(), None, require_keyword=True, uncertain=uncertain)
                      if gap is not None else None)
        if found_date is not None:
            end, date, dated = found_date[1], found_date[2], True
        else:
            date = earlier.date_for(start)
            dated = date is not None
        found.append(_Raw(start, m.start(), m.end(), end, restore(normalize_number(m.group(0))), word_type, abbr_type,
                                   issuer, date, dated))
    return found


class _DatesBefore:
    """A date given before the number it dates: "văn bản đề ngày 29/10/2025 số 16/CV-HHTACN",
    "Ngày 23/10/2025, Ngân hàng Nhà nước ban hành Quyết định số 3539/QĐ-NHNN". The date must
    open the same clause, and what lies between says the document was issued then (nothing but
    "số", or an issuing verb of ``issuing_verbs``)."""

    def __init__(self, text: str, uncertain: Uncertainty = CLEAN):
        self._text = text
        self._dates = [(s, e, d) for s, e, d in find_dates(text, uncertain=uncertain)
                       if (kw := _KEYWORD_BEFORE_RE.search(text, max(0, s - 8), s))
                       and keywords_read(text, kw.start(), kw.end(), uncertain)]
        self._ends = [e for _, e, _ in self._dates]
        self._issued = regex_cache.compile(rf"(?<!\w)(?:{_issuing_verbs()})(?!\w)", _FLAGS)

    def date_for(self, start: int) -> dt.date | None:
        i = bisect.bisect_right(self._ends, start) - 1
        if i < 0:
            return None
        _, end, date = self._dates[i]
        gap = self._text[end:start]
        if len(gap) > _DATE_BEFORE_MAX or _CLAUSE_END_RE.search(gap) or _SYMBOL_RE.search(gap):
            return None
        if _NUMBER_WORD_RE.fullmatch(gap) or self._issued.search(gap):
            return date
        return None


_KEYWORD_BEFORE_RE = regex_cache.compile(r"ng(?:ày|ay)\s{0,8}\Z", _FLAGS)
_DATE_BEFORE_MAX = 120
_CLAUSE_END_RE = regex_cache.compile(r"[.;:()]")
_NUMBER_WORD_RE = regex_cache.compile(r"\s{0,8}(?:,\s{0,8})?(?:số\s{0,3}:?\s{0,8})?", _FLAGS)


def _share_within_lists(text: str, raws: list[_Raw]) -> list[_Raw]:
    """Numbers listed together share the list's type word and its trailing date.

    "các Quyết định số 3826/QĐ-UBND và 3827/QĐ-UBND ngày 29/12/2023": both are Quyết định
    of 29/12/2023. A member with its own date closes its part of the list.
    """
    out = list(raws)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        # Only a number of the same kind inherits: "Quyết định số 1/QĐ-UBND; 66-NQ/TW" are not both Quyết định.
        if (_in_list(text, prev, cur) and cur.word_type is None and prev.word_type is not None
                and cur.abbr_type == prev.abbr_type):
            out[i] = cur._replace(word_type=prev.word_type)
    pending: list[int] = []
    for i, cur in enumerate(out):
        if pending and not _in_list(text, out[pending[-1]], cur):
            pending = []
        if cur.dated:
            for j in _consecutive_run(out, pending, cur):
                out[j] = out[j]._replace(date=cur.date)
            pending = []
        else:
            pending.append(i)
    return out


def _serial(number: str) -> int | None:
    m = _SERIAL_RE.match(number)
    return int(m.group()) if m else None


_SERIAL_RE = regex_cache.compile(r"\d+")


def _consecutive_run(raws: list[_Raw], pending: list[int], dated: _Raw) -> list[int]:
    """The undated list members a trailing date also dates: only those numbered right before the
    dated one (3826, 3827 ngày …). An issuer numbers its documents in order, so one day's
    documents are consecutive; "217, 218, 219 và 222 ngày 19/11" dates 222 alone."""
    run, expected = [], _serial(dated.number)
    for j in reversed(pending):
        if expected is None or _serial(raws[j].number) != expected - 1:
            break
        run.append(j)
        expected -= 1
    return run


def _in_list(text: str, prev: _Raw, cur: _Raw) -> bool:
    if prev.dated or cur.start < prev.end or cur.num_start - prev.end > _LIST_GAP_MAX:
        return False
    return _LIST_GAP_RE.fullmatch(text, prev.end, cur.num_start) is not None


def find_citations(
    text: str,
    *,
    base: int = 0,
    page_of: Callable[[int], int | None] | None = None,
    uncertain: Uncertainty = CLEAN,
) -> list[Citation]:
    """Every document number cited in ``text``, in textual order, one entry per occurrence.

    A number cited twice appears twice (each with its own span and date, if any): the caller
    deduplicates at document level. ``base`` is the offset of ``text`` in the notice (spans
    are ``base`` + local offsets), ``page_of(offset)`` fills ``span.page``. A date without a
    year ("ngày 10/01") leaves the citation's date null: the text does not say which year.

    ``text`` is the phrase as written with whitespace runs collapsed: the type word (when
    one precedes the number and is not inherited from a list), the number, and its date. The
    type is the preceding word's ("Văn bản số 2333/BTTTT-CĐSQG" → "Văn bản"), unless that word
    is generic and the symbol has its own type; otherwise the symbol's type abbreviation, or
    "Công văn" for a symbol without one.

    ``uncertain``: where the notice's text may be damaged (in the notice's offsets, like the
    spans); there only an unmarked "So:" is read as the header's "Số:" and an unmarked "QD" as "QĐ".
    """
    if not text:
        return []
    t = load_doc_types()
    generic = {w.lower() for w in t.generic_type_words}
    out = []
    for r in _share_within_lists(text, _scan(text, uncertain.shifted(base))):
        doc_type = r.word_type
        if doc_type is None or (doc_type.lower() in generic and r.abbr_type not in (None, t.untyped_doc_type)):
            doc_type = r.abbr_type
        start = base + r.start
        out.append(Citation(
            text=" ".join(text[r.start:r.end].split()),
            number=r.number,
            doc_type=doc_type,
            issuer=r.issuer,
            date=r.date,
            span=Span(start=start, end=base + r.end, page=page_of(start) if page_of else None),
        ))
    return out
