"""Date expressions in Vietnamese administrative text, and the periods a deadline may name.

* :func:`parse_date` — one date expression ("ngày 10 tháng 4 năm 2024", "15/12/2021",
  "15-12-2021", "15.12.2021", "ngày 27/12" + a default year) → :class:`datetime.date`;
* :func:`find_dates` — every date in a text, with offsets;
* :func:`match_date` — a date starting at a given offset (after a document number, a deadline word).

Deadlines are built on these in :mod:`.deadlines` (deadline words and whether they govern an
action), :mod:`.recurrence` ("hằng tuần"), :mod:`.relative` ("trong 03 ngày làm việc") and
:mod:`.tet` ("trước Tết Nguyên đán"); their cue words live in ``data/date_cues.json``, loaded here.

PDF text is hard-wrapped ("ngày \\n\\n13/12/2019"), so whitespace inside a phrase may be any
run of spaces and newlines — but always a *bounded* run: every quantifier in these modules is
bounded or applies to a single character class, so no pattern backtracks catastrophically
(1 MB of hostile text is scanned in linear time).

The text is expected in NFC (the repair stage guarantees it); offsets index the text as given.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import cache, lru_cache
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from .. import regex_cache
from ..data import load_json
from ..uncertainty import CLEAN, Uncertainty

__all__ = ["parse_date", "find_dates", "match_date", "load_date_cues", "DateCues", "Found", "MIN_YEAR", "MAX_YEAR"]

# Years outside this range are OCR noise or not dates at all (phone numbers, amounts).
MIN_YEAR = 1900
MAX_YEAR = 2199

_FLAGS = re.IGNORECASE

# Whitespace inside a phrase (wrapped lines allowed), always bounded.
_W = r"\s{1,8}"   # at least one
_W0 = r"\s{0,8}"  # possibly none
_S = r"[ \t]{0,2}"  # around a date separator: "15 / 12 / 2021"

# Keywords, also without diacritics: OCR without Vietnamese support yields "ngay 15/12/2021".
# The patterns match both forms; an unmarked one is read only where the text is uncertain
# (keywords_read), as every other near-miss is (notice_parser/uncertainty.py).
_NGAY = r"ng(?:ày|ay)"
_THANG = r"th(?:áng|ang)"
_NAM = r"n(?:ăm|am)"
_UNMARKED_KEYWORD = regex_cache.compile(r"(?<!\w)(?:ngay|thang|nam|quy)(?!\w)", re.IGNORECASE)


# Cue words of dates and deadlines (data/date_cues.json).
class _NotGoverning(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reported: list[str]
    past: list[str]
    after: list[str]
    passive: list[str]
    obligation: list[str]
    negations: list[str]
    plans: list[str]
    forecasts: list[str]
    period_nouns: list[str]
    purpose: list[str]
    event_time: list[str]
    occasions: list[str]


class _RecurrenceFrame(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    periodic: list[str]
    parts_of_day: list[str]
    times: list[str]
    starts: list[str]


class _Relative(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    leads: list[str]
    units: list[str]
    working: list[str]
    looking_back: list[str]
    references: list[str]
    current_leads: list[str]
    current_periods: list[str]
    current_words: list[str]


class _Tet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    names: list[str]
    occasions: list[str]
    lunar: list[str]
    solar: list[str]


class _Weekdays(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    numbered: str
    named: list[str]


class DateCues(BaseModel):
    """The cue words of ``data/date_cues.json`` (see its ``about``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str
    triggers: dict[Literal["before", "by", "on_date", "within"], list[str]]
    year_end_words: list[str]
    tet: _Tet
    recurrence_words: list[str]
    recurrence_units: dict[str, Literal["daily", "weekly", "monthly", "quarterly", "yearly"]]
    relative_years: dict[str, int]
    number_words: dict[str, int]
    recurrence_frame: _RecurrenceFrame
    relative: _Relative
    weekdays: _Weekdays
    not_governing: _NotGoverning


@lru_cache(maxsize=1)
def load_date_cues() -> DateCues:
    return DateCues.model_validate(load_json("date_cues.json"))


def _phrases(words: list[str], gap: str = r"\s{1,3}") -> str:
    """Cue phrases as one alternation, longest first, a short run of blanks (``gap``) between words."""
    return "|".join(gap.join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


def _first_chars(words) -> str:
    return "".join(sorted({c for w in words for c in (w[0].lower(), w[0].upper())}))


_CUES = load_date_cues()

# A day of the week: "thứ Sáu", "thứ 2", "chủ nhật" (data/date_cues.json "weekdays").
_WEEKDAY = rf"(?:{re.escape(_CUES.weekdays.numbered)}{_W}[2-7]|{_phrases(_CUES.weekdays.named, _W)})"


def _numbers(value: int | None = None) -> str:
    """Numbers spelled out (data/date_cues.json "number_words"), or those of one ``value``."""
    return _phrases([w for w, n in _CUES.number_words.items() if value is None or n == value])


# A year named relative to the meeting's: "năm nay", "năm sau", "năm tới"; "năm thứ hai" (of a
# plan) cannot be resolved from the text alone.
_REL_YEAR = rf"(?:{_phrases(list(_CUES.relative_years))}|thứ{_W}\w{{1,6}})(?!\w)"

# One date: numeric (/ . - separators, the same one twice) or spelled ("10 tháng 4 năm 2024").
# The year is optional here; callers decide when a year-less date is acceptable.
_DATE_BODY = (
    rf"(?:(?P<kw>{_NGAY}){_W0})?"
    r"(?:"
    rf"(?P<d1>\d{{1,2}}){_S}(?P<sep>[/.\-]){_S}(?P<m1>\d{{1,2}})"
    rf"(?:{_S}(?P=sep){_S}(?P<y1>\d{{4}}))?"
    rf"(?![\d/])(?!{_S}[/.\-]{_S}\d)"
    r"|"
    rf"(?P<d2>\d{{1,2}}){_W}{_THANG}{_W}(?P<m2>\d{{1,2}})"
    rf"(?:{_W0},?{_W0}{_NAM}{_W}(?:(?P<y2>\d{{4}})|(?P<ry2>{_REL_YEAR})))?(?![\d/])"
    r")"
)


@cache
def date_re() -> re.Pattern:
    """One date, not inside a longer number or symbol ("1.15/12/2021", "30/2020/NĐ-CP"); built on
    first use (a process that reads no text pays nothing), kept across processes by regex_cache."""
    return regex_cache.compile(rf"(?=[\dn])(?<![\w/])(?<!\d[.\-]){_DATE_BODY}", _FLAGS)  # lookahead: first-char filter



def _year_tail(g: str) -> str:
    """An optional year after a month or quarter: "04/2024", "4 năm 2024" (groups g1, g2)."""
    return rf"(?:{_S}[/.\-]{_S}(?P<{g}1>\d{{4}})|{_W0},?{_W0}{_NAM}{_W}(?:(?P<{g}2>\d{{4}})|(?P<{g}r>{_REL_YEAR})))?"


@cache
def period_re() -> re.Pattern:
    """Periods a deadline may name: a month, a quarter, a half-year, a year (built on first use)."""
    return regex_cache.compile(_PERIOD_BODY, _FLAGS)


_PERIOD_BODY = (
    r"(?:"
    rf"{_THANG}{_W}(?P<pm>\d{{1,2}})" + _year_tail("pmy") + r"(?![\d/])"
    r"|"
    # OCR reads the quarter's numeral with look-alikes ("IH", "Il", "lV" for III, II, IV)
    rf"(?:quý|quy){_W}(?P<q>IV|III|II|I|[1-4]|[Il|][Il|H]{{0,2}}|[Il|]V)(?!\w)" + _year_tail("qy") + r"(?![\d/])"
    r"|"
    rf"(?P<hn>6|06|sáu){_W}{_THANG}{_W}(?P<hp>đầu|cuối){_W}{_NAM}(?:{_W}(?P<hy>\d{{4}})(?!\d)|{_W}(?P<hyr>{_REL_YEAR}))?"
    r"|"
    rf"{_NAM}{_W}(?:(?P<y>\d{{4}})(?!\d)(?!{_S}[-–]{_S}\d)|(?P<yr>{_REL_YEAR}))"
    r")"
)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _quarter_numeral(q: str) -> str | None:
    """An OCR-damaged roman quarter ("ih" → "iii", "il" → "ii", "lv" → "iv"), or None."""
    fixed = q.replace("l", "i").replace("|", "i").replace("h", "ii")
    return fixed if fixed in _ROMAN else None


class _Date(NamedTuple):
    start: int  # of the day digits (a leading "ngày" is excluded)
    end: int
    date: dt.date | None  # None: no year and no default, or not a real day (31/02)
    has_year: bool
    keyword: bool  # preceded by "ngày"
    separator: str | None  # "/", ".", "-" for numeric dates; None when spelled


def _make_date(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date_from_match(m: re.Match, default_year: int | None) -> _Date:
    if m.group("d1") is not None:
        day, month, year_s, start, sep = m.group("d1"), m.group("m1"), m.group("y1"), m.start("d1"), m.group("sep")
    else:
        day, month, year_s, start, sep = m.group("d2"), m.group("m2"), m.group("y2"), m.start("d2"), None
    has_year = year_s is not None
    year = int(year_s) if has_year else default_year
    if sep is None and m.group("ry2") is not None:  # "… năm sau": stated, relative to the meeting's year
        has_year, year = True, _relative_year(m.group("ry2"), default_year)
    return _Date(start, m.end(), _make_date(year, int(month), int(day)), has_year, m.group("kw") is not None, sep)


def _relative_year(word: str, default_year: int | None) -> int | None:
    if default_year is None:
        return None
    offset = _CUES.relative_years.get(" ".join(word.lower().split()))
    # None: "năm thứ hai" of a plan whose start the text does not give here
    return default_year + offset if offset is not None else None


def _acceptable(d: _Date) -> bool:
    """A year-less date counts only after "ngày" ("ngày 27/12"), never as a bare "1/2" or "3-4"."""
    return d.has_year or d.keyword


def keywords_read(text: str, start: int, end: int, uncertain: Uncertainty = CLEAN) -> bool:
    """Whether the date keywords inside text[start:end] of a date or period match are read: each
    written with its marks, or without them ("ngay", "thang", "nam", "quy") only where
    ``uncertain`` doubts the text. In clean text "ngay 5/3" is the word "ngay" (at once) beside a
    number, and "thang 4" no month: the document says what it says. OCR without Vietnamese
    support prints the unmarked forms; repair marks such words uncertain (or the whole document,
    when it is broadly damaged), and there they are the keywords."""
    return all(uncertain.overlaps(k.start(), k.end()) for k in _UNMARKED_KEYWORD.finditer(text, start, end))


def _read(text: str, m: re.Match | None, uncertain: Uncertainty) -> re.Match | None:
    """A date match as read: itself; without its leading keyword when only that one is unmarked
    in clean text ("ngay 15/12/2021": the date alone); None when a keyword inside it is."""
    if m is None or keywords_read(text, m.start(), m.end(), uncertain):
        return m
    if m.group("kw") is None:
        return None
    again = date_re().match(text, m.start("d1") if m.group("d1") is not None else m.start("d2"))
    return again if again is not None and keywords_read(text, again.start(), again.end(), uncertain) else None


def parse_date(s: str, default_year: int | None = None, *, uncertain: Uncertainty = CLEAN) -> dt.date | None:
    """Parse one date expression; ``None`` if ``s`` is not exactly one valid date.

    Accepts "ngày 10 tháng 4 năm 2024", "Ngày 15/12/2021", "01/3/2021", "15-12-2021",
    "15.12.2021", "30 tháng 11 năm 2025", stray whitespace and line breaks inside, and a
    trailing "," or "." ("Ngày 02 tháng 6 năm 2021,"). Without a year ("ngày 27/12") the
    year is ``default_year`` (``None`` if not given). Impossible days (31/02) give ``None``.
    Keywords without their marks ("ngay 15/12/2021") only where ``uncertain`` (in the offsets of
    ``s`` as given) doubts them: see :func:`keywords_read`.
    """
    if not isinstance(s, str):
        return None
    lead = len(s) - len(s.lstrip())
    s = s.strip().rstrip(",.;:").rstrip()
    m = date_re().fullmatch(s)
    if m is None or not keywords_read(s, 0, len(s), uncertain.shifted(lead)):
        return None
    d = _date_from_match(m, default_year)
    if not d.has_year and d.separator is None and not d.keyword:
        return None  # "3 tháng 4" alone is a duration-like phrase, not a date
    return d.date


def match_date(
    text: str, pos: int, default_year: int | None = None, *, require_keyword: bool = False,
    uncertain: Uncertainty = CLEAN,
) -> tuple[int, int, dt.date | None] | None:
    """A date expression starting exactly at ``pos`` ("ngày 18/01/2024", "10 tháng 4 năm 2024").

    Returns ``(start, end)`` of the expression (a leading "ngày" included) and its date
    (``None`` if it is not a real day or has no year and no ``default_year``), or ``None``
    when no date starts there. With ``require_keyword`` the expression must begin with "ngày".
    For other modules that read a date right after something (a document number). A keyword
    without its marks counts only where ``uncertain`` doubts it (:func:`keywords_read`).
    """
    m = _read(text, date_re().match(text, pos), uncertain)
    if m is None or (require_keyword and m.group("kw") is None):
        return None
    d = _date_from_match(m, default_year)
    if not _acceptable(d):
        return None
    return m.start(), m.end(), d.date


def _iter_dates(text: str, default_year: int | None, uncertain: Uncertainty = CLEAN):
    for m in date_re().finditer(text):
        m = _read(text, m, uncertain)
        if m is None:
            continue
        d = _date_from_match(m, default_year)
        if _acceptable(d):
            yield d


def find_dates(text: str, default_year: int | None = None, *,
               uncertain: Uncertainty = CLEAN) -> list[tuple[int, int, dt.date]]:
    """Every valid date in ``text`` as ``(start, end, date)``, in order.

    The span covers the date itself ("18/01/2024", "10 tháng 4 năm 2024"), not a leading
    "ngày". Year-less dates are found only after "ngày" and only when ``default_year`` is
    given. Parts of document symbols ("30/2020/NĐ-CP") and invalid days are skipped. A keyword
    without its marks counts only where ``uncertain`` doubts it (:func:`keywords_read`).
    """
    if not text:
        return []
    return [(d.start, d.end, d.date) for d in _iter_dates(text, default_year, uncertain) if d.date is not None]


# --- periods -------------------------------------------------------------------------

def _period_bounds(m: re.Match, default_year: int | None, lookalikes: bool = False) -> tuple[dt.date, dt.date] | None:
    """First and last day of the month / quarter / half / year a period match names; with
    ``lookalikes`` (the text there is uncertain), a quarter numeral OCR damaged counts too."""
    g = m.group
    if g("pm") is not None:
        year = _year(g("pmy1") or g("pmy2"), default_year, g("pmyr"))
        month = int(g("pm"))
        if year is None or not 1 <= month <= 12:
            return None
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    if g("q") is not None:
        year = _year(g("qy1") or g("qy2"), default_year, g("qyr"))
        q = g("q").lower()
        q = q if q in _ROMAN or q.isdigit() else _quarter_numeral(q) if lookalikes else None
        if q is None:
            return None
        quarter = _ROMAN[q] if q in _ROMAN else int(q)
        if year is None:
            return None
        first, last = 3 * quarter - 2, 3 * quarter
        return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
    if g("hp") is not None:
        year = _year(g("hy"), default_year, g("hyr"))
        if year is None:
            return None
        if g("hp").lower() == "đầu":
            return dt.date(year, 1, 1), dt.date(year, 6, 30)
        return dt.date(year, 7, 1), dt.date(year, 12, 31)
    year = _year(g("y"), default_year, g("yr"))
    if year is None:
        return None
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _year(s: str | None, default_year: int | None, relative: str | None = None) -> int | None:
    year = int(s) if s else _relative_year(relative, default_year) if relative else default_year
    return year if year is not None and MIN_YEAR <= year <= MAX_YEAR else None



class Found(NamedTuple):
    """A deadline phrase found in a text (local offsets), before it becomes a Deadline."""

    start: int
    end: int
    date: dt.date | None
    recurrence: str | None
    kind: str
    starts: dt.date | None = None
