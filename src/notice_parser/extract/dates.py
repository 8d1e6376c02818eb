"""Dates and deadlines in Vietnamese administrative text.

Three verbs:

* :func:`parse_date` — one date expression ("ngày 10 tháng 4 năm 2024", "15/12/2021",
  "15-12-2021", "15.12.2021", "ngày 27/12" + a default year) → :class:`datetime.date`;
* :func:`find_dates` — every date in a text, with offsets;
* :func:`find_deadlines` — the deadlines of one directive's text as :class:`~notice_parser.schema.Deadline`.

A deadline is a date or a period *governed by a deadline word* ("trước ngày …", "chậm nhất
ngày …", "trong tháng 04/2024", "trong quý II/2024", "đến hết năm 2024"), a recurrence
("hằng tuần", "định kỳ vào thứ 2 hằng tuần", "01 lần/tháng") or a relative delay
("trong thời hạn 03 ngày làm việc"). A bare date is never a deadline: the date of a cited
document ("Quyết định số 155/QĐ-UBND ngày 18/01/2024"), of the meeting, or the start of a
recurrence ("bắt đầu từ ngày 27/12/2021", which goes into ``Deadline.starts``) carry no
deadline word, so they are not picked up.

PDF text is hard-wrapped ("ngày \\n\\n13/12/2019"), so whitespace inside a phrase may be any
run of spaces and newlines — but always a *bounded* run: every quantifier in this module is
bounded or applies to a single character class, so no pattern backtracks catastrophically
(1 MB of hostile text is scanned in linear time).

The text is expected in NFC (the repair stage guarantees it); offsets index the text as given.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from ..data import load_json
from ..schema import Deadline, Span
from . import lunar

__all__ = ["parse_date", "find_dates", "find_deadlines", "match_date", "MIN_YEAR", "MAX_YEAR"]

# Years outside this range are OCR noise or not dates at all (phone numbers, amounts).
MIN_YEAR = 1900
MAX_YEAR = 2199

_FLAGS = re.IGNORECASE

# Whitespace inside a phrase (wrapped lines allowed), always bounded.
_W = r"\s{1,8}"   # at least one
_W0 = r"\s{0,8}"  # possibly none
_S = r"[ \t]{0,2}"  # around a date separator: "15 / 12 / 2021"

# Keywords, also without diacritics: OCR without Vietnamese support yields "ngay 15/12/2021".
_NGAY = r"ng(?:ày|ay)"
_THANG = r"th(?:áng|ang)"
_NAM = r"n(?:ăm|am)"

# A year named relative to the meeting's: "năm nay", "năm sau", "năm tới"; "năm thứ hai" (of a
# plan) cannot be resolved from the text alone.
_REL_YEAR = rf"(?:nay|sau|tới|trước|kế{_W}tiếp|thứ{_W}\w{{1,6}})(?!\w)"

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
# Not inside a longer number or symbol ("1.15/12/2021", "30/2020/NĐ-CP").
_DATE_RE = re.compile(rf"(?=[\dn])(?<![\w/])(?<!\d[.\-]){_DATE_BODY}", _FLAGS)  # lookahead: first-char filter



def _year_tail(g: str) -> str:
    """An optional year after a month or quarter: "04/2024", "4 năm 2024" (groups g1, g2)."""
    return rf"(?:{_S}[/.\-]{_S}(?P<{g}1>\d{{4}})|{_W0},?{_W0}{_NAM}{_W}(?:(?P<{g}2>\d{{4}})|(?P<{g}r>{_REL_YEAR})))?"


# Periods a deadline may name: a month, a quarter, a half-year, a year.
_PERIOD_RE = re.compile(
    r"(?:"
    rf"{_THANG}{_W}(?P<pm>\d{{1,2}})" + _year_tail("pmy") + r"(?![\d/])"
    r"|"
    # OCR reads the quarter's numeral with look-alikes ("IH", "Il", "lV" for III, II, IV)
    rf"(?:quý|quy){_W}(?P<q>IV|III|II|I|[1-4]|[Il|][Il|H]{{0,2}}|[Il|]V)(?!\w)" + _year_tail("qy") + r"(?![\d/])"
    r"|"
    rf"(?P<hn>6|06|sáu){_W}{_THANG}{_W}(?P<hp>đầu|cuối){_W}{_NAM}(?:{_W}(?P<hy>\d{{4}})(?!\d)|{_W}(?P<hyr>{_REL_YEAR}))?"
    r"|"
    rf"{_NAM}{_W}(?:(?P<y>\d{{4}})(?!\d)(?!{_S}[-–]{_S}\d)|(?P<yr>{_REL_YEAR}))"
    r")",
    _FLAGS,
)

class _NotGoverning(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reported: list[str]
    past: list[str]
    after: list[str]
    passive: list[str]
    obligation: list[str]
    negations: list[str]
    plans: list[str]
    period_nouns: list[str]
    purpose: list[str]
    event_time: list[str]


class DateCues(BaseModel):
    """The cue words of ``data/date_cues.json`` (see its ``about``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str
    triggers: dict[Literal["before", "by", "on_date", "within"], list[str]]
    recurrence_words: list[str]
    recurrence_units: dict[str, Literal["daily", "weekly", "monthly", "quarterly", "yearly"]]
    relative_years: dict[str, int]
    not_governing: _NotGoverning


@lru_cache(maxsize=1)
def load_date_cues() -> DateCues:
    return DateCues.model_validate(load_json("date_cues.json"))


def _phrases(words: list[str]) -> str:
    """Cue phrases as one alternation, longest first, a short run of blanks between words."""
    return "|".join(r"\s{1,3}".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


def _first_chars(words) -> str:
    return "".join(sorted({c for w in words for c in (w[0].lower(), w[0].upper())}))


_CUES = load_date_cues()

# Deadline words and what they do to a period: "before" → the day before it starts,
# "by"/"within" → its last day. A point date is the deadline itself in every case ("trước ngày
# 31/3" is read, as Vietnamese administrations use it, as "by 31/3"); "on_date" words only
# make a deadline of a date ("vào ngày 19 tháng 12", "đến ngày 30/6").
_TRIGGER_RE = re.compile(
    rf"(?=[{_first_chars(w for ws in _CUES.triggers.values() for w in ws)}])(?<!\w)(?:"  # first-character filter
    rf"(?P<before>{_phrases(_CUES.triggers['before'])})"
    rf"|(?P<by>{_phrases(_CUES.triggers['by'])})"
    rf"|(?P<on>{_phrases(_CUES.triggers['on_date'])})(?=\s{{1,3}}ng(?:ày|ay)(?!\w))"
    rf"|(?P<within>{_phrases(_CUES.triggers['within'])})"
    r")(?!\w)",
    _FLAGS,
)
# Between a deadline word and its date: "chậm nhất là ngày", "thời hạn: ngày", "chậm nhất đến
# ngày", "trước 17 giờ ngày", "trước thứ Sáu, ngày".
_WEEKDAY = rf"(?:thứ{_W}(?:[2-7]|hai|ba|tư|năm|sáu|bảy)|chủ{_W}nhật)"
_CONNECT_RE = re.compile(
    rf"(?:{_W0}(?::|(?:là|vào|đến)(?!\w))){{0,2}}{_W0}"
    rf"(?:\d{{1,2}}{_S}(?:giờ|h)(?:{_S}\d{{1,2}}(?:{_S}phút)?)?{_W0},?{_W0})?"
    rf"(?:{_WEEKDAY}(?!\w){_W0},?{_W0})?",
    _FLAGS,
)
# "trước Tết Nguyên đán Ất Tỵ", "xong trước Tết năm 2025", "trước Tết Dương lịch": the lunar new
# year (extract/lunar.py) or 1 January; the year from the cycle name, a stated year, or the first
# such day after the meeting.
_TET_RE = re.compile(
    rf"(?:dịp{_W})?tết(?:{_W}nguyên{_W}đán|(?P<solar>{_W}dương{_W}lịch)|{_W}âm{_W}lịch|{_W}cổ{_W}truyền)?"
    rf"(?:{_W}(?P<stem>{'|'.join(lunar.STEMS)}){_W}(?P<branch>{'|'.join(lunar.BRANCHES)}|mẹo|tị))?"
    rf"(?:{_W0}(?:,{_W0})?(?:{_NAM}{_W})?(?P<year>\d{{4}}))?(?!\w)",
    _FLAGS,
)
# "trước ngày 30 tháng 11 hằng năm": a dated deadline that recurs.
_RECURRING_TAIL_RE = re.compile(rf"{_W0}(?:hàng|hằng|mỗi){_W}(?P<unit>tuần|tháng|quý|năm)(?!\w)", _FLAGS)
# A second date sharing the deadline word: "trước ngày 15/6 và ngày 15/12/2024".
_CHAIN_RE = re.compile(rf"{_W0}(?:,{_W0})?(?:và|hoặc){_W}", _FLAGS)
_CHAIN_MAX = 3

_UNITS = {"ngày": "daily", "tuần": "weekly", "tháng": "monthly", "quý": "quarterly", "năm": "yearly"}
_RECURRENCE_RE = re.compile(
    r"(?=[đvsctnhm0-9])(?<!\w)(?:"  # cheap first-character filter
    rf"(?:định{_W}kỳ{_W})?"
    rf"(?:(?:vào{_W})?(?:(?:sáng|chiều){_W})?"
    rf"(?:thứ{_W}(?:[2-7]|hai|ba|tư|năm|sáu|bảy)|chủ{_W}nhật|ngày{_W}\d{{1,2}}|ngày{_W}cuối){_W})?"
    rf"(?:hàng|hằng|mỗi){_W}(?P<unit>ngày|tuần|tháng|quý|năm)"
    r"|"
    rf"(?:01|1|một){_S}lần{_S}/{_S}(?P<unit2>ngày|tuần|tháng|quý|năm)"
    r"|"
    # every six months: "định kỳ 6 tháng", "06 tháng/lần", "6 tháng một lần" (not "6 tháng đầu năm")
    rf"(?P<half>định{_W}kỳ{_W}(?:0?6|sáu){_W}tháng(?:{_W}(?:một|1|01){_W}lần)?"
    rf"|(?:0?6|sáu){_W}tháng(?:{_S}/{_S}|{_W}(?:một|1|01){_W})lần)"
    r")(?!\w)",
    _FLAGS,
)
# "bắt đầu từ ngày 27/12/2021", "kể từ ngày …": the first occurrence of a recurrence.
_STARTS_RE = re.compile(rf"(?<!\w)(?:bắt{_W}đầu(?:{_W}từ)?|(?:kể{_W})?từ)(?!\w){_W0}", _FLAGS)
_STARTS_WINDOW = 200
_SENTENCE_END_RE = re.compile(r"[;!?]|\.(?:\s|$)")

_NUMBER_WORDS = r"\d{1,3}|một|hai|ba|bốn|sáu|bảy|tám|chín|mười(?:\s{1,3}(?:lăm|năm))?|hai\s{1,3}mươi"
_RELATIVE_RE = re.compile(
    r"(?=[tcmks])"  # a cheap first-character filter
    # "trong tuần này", "trong tháng tới": relative to a date the text does not give
    rf"(?:(?<!\w)trong{_W}(?:tuần|tháng|quý){_W}(?:này|tới|sau)(?!\w)"
    r"|(?<!\w)(?:"
    rf"trong(?:{_W}(?:thời{_W}hạn|vòng|thời{_W}gian|khoảng))?"
    rf"|chậm{_W}nhất|muộn{_W}nhất|không{_W}quá|tối{_W}đa|sau"
    rf")(?:{_W}là)?{_W}(?:{_NUMBER_WORDS})(?:{_W}\([^()\n]{{1,20}}\))?"
    rf"{_W}(?:ngày|tuần|tháng|năm|giờ)(?:{_W}làm{_W}việc)?(?!\w)"
    # "trong 3 tháng qua" looks back, it sets no deadline
    rf"(?!{_W}(?:qua|vừa{_W}qua|gần{_W}đây|trước{_W}đây|liên{_W}tiếp|liên{_W}tục|trở{_W}lại)(?!\w))"
    # the reference point, for the reader: up to a clause boundary, or a whole date
    rf"(?:{_W0},?{_W0}(?:kể{_W}từ|tính{_W}từ|sau{_W}khi|từ{_W}khi|từ{_W}ngày)(?!\w)"
    rf"(?:{_W0}{_NGAY}{_W0}\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{4}}(?!\d)|[^.,;:()\n]{{0,80}}))?)",
    _FLAGS,
)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _quarter_numeral(q: str) -> str | None:
    """An OCR-damaged roman quarter ("ih" → "iii", "il" → "ii", "lv" → "iv"), or None."""
    fixed = q.replace("l", "i").replace("|", "i").replace("h", "ii")
    return fixed if fixed in _ROMAN else None
_SPACES_RE = re.compile(r"\s+")


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
    word = " ".join(word.lower().split())
    if word == "nay":
        return default_year
    if word in ("sau", "tới", "kế tiếp"):
        return default_year + 1
    if word == "trước":
        return default_year - 1
    return None  # "năm thứ hai" of a plan whose start the text does not give here


def _acceptable(d: _Date) -> bool:
    """A year-less date counts only after "ngày" ("ngày 27/12"), never as a bare "1/2" or "3-4"."""
    return d.has_year or d.keyword


def parse_date(s: str, default_year: int | None = None) -> dt.date | None:
    """Parse one date expression; ``None`` if ``s`` is not exactly one valid date.

    Accepts "ngày 10 tháng 4 năm 2024", "Ngày 15/12/2021", "01/3/2021", "15-12-2021",
    "15.12.2021", "30 tháng 11 năm 2025", stray whitespace and line breaks inside, and a
    trailing "," or "." ("Ngày 02 tháng 6 năm 2021,"). Without a year ("ngày 27/12") the
    year is ``default_year`` (``None`` if not given). Impossible days (31/02) give ``None``.
    """
    if not isinstance(s, str):
        return None
    s = s.strip().rstrip(",.;:").rstrip()
    m = _DATE_RE.fullmatch(s)
    if m is None:
        return None
    d = _date_from_match(m, default_year)
    if not d.has_year and d.separator is None and not d.keyword:
        return None  # "3 tháng 4" alone is a duration-like phrase, not a date
    return d.date


def match_date(
    text: str, pos: int, default_year: int | None = None, *, require_keyword: bool = False
) -> tuple[int, int, dt.date | None] | None:
    """A date expression starting exactly at ``pos`` ("ngày 18/01/2024", "10 tháng 4 năm 2024").

    Returns ``(start, end)`` of the expression (a leading "ngày" included) and its date
    (``None`` if it is not a real day or has no year and no ``default_year``), or ``None``
    when no date starts there. With ``require_keyword`` the expression must begin with "ngày".
    For other modules that read a date right after something (a document number).
    """
    m = _DATE_RE.match(text, pos)
    if m is None or (require_keyword and m.group("kw") is None):
        return None
    d = _date_from_match(m, default_year)
    if not _acceptable(d):
        return None
    return m.start(), m.end(), d.date


def _iter_dates(text: str, default_year: int | None):
    for m in _DATE_RE.finditer(text):
        d = _date_from_match(m, default_year)
        if _acceptable(d):
            yield d


def find_dates(text: str, default_year: int | None = None) -> list[tuple[int, int, dt.date]]:
    """Every valid date in ``text`` as ``(start, end, date)``, in order.

    The span covers the date itself ("18/01/2024", "10 tháng 4 năm 2024"), not a leading
    "ngày". Year-less dates are found only after "ngày" and only when ``default_year`` is
    given. Parts of document symbols ("30/2020/NĐ-CP") and invalid days are skipped.
    """
    if not text:
        return []
    return [(d.start, d.end, d.date) for d in _iter_dates(text, default_year) if d.date is not None]


# --- periods -------------------------------------------------------------------------

def _period_bounds(m: re.Match, default_year: int | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of the month / quarter / half / year a period match names."""
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
        q = q if q in _ROMAN or q.isdigit() else _quarter_numeral(q)
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


# --- deadlines -----------------------------------------------------------------------

class _Found(NamedTuple):
    start: int
    end: int
    date: dt.date | None
    recurrence: str | None
    kind: str
    starts: dt.date | None = None


def _deadline_date(text: str, pos: int, default_year: int | None) -> tuple[re.Match, _Date] | None:
    dm = _DATE_RE.match(text, pos)
    if dm is None:
        return None
    d = _date_from_match(dm, default_year)
    # After a deadline word a year-less "15/3" is still a date ("trước 15/3"), but not "3-4".
    return (dm, d) if d.has_year or d.keyword or d.separator == "/" else None


# A year-less date or period more than this before the meeting means the next year's
# ("trước 30/6" said in November).
_ROLL_GRACE = dt.timedelta(days=31)


def _roll_forward(date: dt.date | None, reference: dt.date | None) -> dt.date | None:
    if date is None or reference is None or date >= reference - _ROLL_GRACE:
        return date
    try:
        return date.replace(year=date.year + 1)
    except ValueError:  # 29 February
        return date.replace(year=date.year + 1, day=28)


# "đến cuối năm", "đến hết năm": the end of the meeting's year (a stated year is a period).
_BARE_YEAR_RE = re.compile(rf"{_NAM}(?!{_W0}\d)(?!{_W}{_REL_YEAR})(?!\w)", _FLAGS)
_YEAR_GROUPS = ("pmy1", "pmy2", "pmyr", "qy1", "qy2", "qyr", "hy", "hyr", "y", "yr")


def _date_chain(text: str, pos: int, default_year: int | None,
                reference: dt.date | None = None) -> list[tuple[int, int, dt.date | None]]:
    """The date at ``pos`` and those joined to it by "và"/"hoặc"; a later year completes
    earlier year-less ones ("trước ngày 15/6 và 15/12/2024" → both in 2024)."""
    first = _deadline_date(text, pos, default_year)
    if first is None:
        return []
    items = [first]
    while len(items) < _CHAIN_MAX:
        cm = _CHAIN_RE.match(text, items[-1][1].end)
        nxt = _deadline_date(text, cm.end(), default_year) if cm else None
        if nxt is None:
            break
        items.append(nxt)
    out = []
    for i, (dm, d) in enumerate(items):
        date = d.date
        later = None if d.has_year else next((e.date for _, e in items[i + 1:] if e.has_year and e.date), None)
        if later is not None:
            date = _make_date(later.year, int(dm.group("m1") or dm.group("m2")), int(dm.group("d1") or dm.group("d2")))
        elif not d.has_year:
            date = _roll_forward(date, reference)
        out.append((dm.start(), dm.end(), date))
    return out


def _tet_deadline(m: re.Match, default_year: int | None, reference: dt.date | None) -> dt.date | None:
    """The last day before the Tết that ``m`` names (None when its year cannot be told)."""
    solar = m.group("solar") is not None
    near = reference.year if reference else default_year
    if m.group("year"):
        year = int(m.group("year"))
    elif m.group("stem") and near is not None and not solar:
        year = lunar.year_of_cycle_name(m.group("stem"), m.group("branch"), near)
    elif reference is not None:  # the first one after the meeting
        year = reference.year if (not solar and reference < lunar.tet(reference.year)) else reference.year + 1
    else:
        return None
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return (dt.date(year, 1, 1) if solar else lunar.tet(year)) - dt.timedelta(days=1)


def _dated(text: str, default_year: int | None, reference: dt.date | None = None) -> list[_Found]:
    found: list[_Found] = []
    for t in _TRIGGER_RE.finditer(text):
        if not _governs_before(text, t):
            continue
        items = _at_trigger(text, t, default_year, reference)
        if items and (items[-1].kind != "within" or _governs_after(text, items[-1].end)):
            found.extend(items)
    return found


def _at_trigger(text: str, t: re.Match, default_year: int | None, reference: dt.date | None) -> list[_Found]:
    """The deadline(s) a deadline word governs: a Tết, a chain of dates, a period, a recurrence."""
    pos = _CONNECT_RE.match(text, t.end()).end()
    if t.group("within") is None:
        tm = _TET_RE.match(text, pos)
        if tm is not None:
            return [_Found(t.start(), tm.end(), _tet_deadline(tm, default_year, reference), None, "by")]
    chain = _date_chain(text, pos, default_year, reference)
    tail = _RECURRING_TAIL_RE.match(text, chain[0][1]) if len(chain) == 1 else None
    if tail is None and not chain:
        pm = _PERIOD_RE.match(text, pos)
        tail = _RECURRING_TAIL_RE.match(text, pm.end()) if pm else None
    if tail is not None:
        return [_Found(t.start(), tail.end(), None, _UNITS[tail.group("unit").lower()], "recurring",
                       _starts_after(text, tail.end(), default_year))]
    if chain:
        return [_Found(t.start(), chain[0][1], chain[0][2], None, "by"),
                *(_Found(start, end, date, None, "by") for start, end, date in chain[1:])]
    pm = _PERIOD_RE.match(text, pos) if t.group("on") is None else None
    if pm is None:
        bare = _BARE_YEAR_RE.match(text, pos) if t.group("before") is None else None
        if bare is not None and default_year is not None and re.search(r"cuối|hết", t.group(), _FLAGS):
            return [_Found(t.start(), bare.end(), dt.date(default_year, 12, 31), None, "within")]
        return []
    bounds = _period_bounds(pm, default_year)
    if bounds and reference is not None and not any(pm.group(k) for k in _YEAR_GROUPS):
        if _roll_forward(bounds[1], reference) != bounds[1]:
            bounds = _period_bounds(pm, default_year + 1) if default_year is not None else bounds
    if t.group("before") is not None:
        date = bounds[0] - dt.timedelta(days=1) if bounds else None
        return [_Found(t.start(), pm.end(), date, None, "by")]
    return [_Found(t.start(), pm.end(), bounds[1] if bounds else None, None, "within")]


# --- whether a deadline phrase governs an action -------------------------------------------
# A phrase that reports ("tính đến hết ngày 31/10", "đã hoàn thành trong năm 2025"), plans or
# predicts ("có kế hoạch hoàn thành năm 2025", "… sẽ hoàn thành"), describes a noun ("các nhiệm
# vụ được giao trong năm 2025", "mục tiêu … trong năm 2025 của Tỉnh", "những tháng cuối năm"),
# denies ("không có khả năng giải ngân trong năm 2025"), states a range ("từ ngày 15 đến ngày
# 31/12") or sits in a purpose aside ("(để thông qua tại kỳ họp trong tháng 3)") sets no deadline.
# The cue words are data (date_cues.json "not_governing"); the context is the clause before the
# deadline word, cut at its punctuation, and the word right after the phrase.
_CLAUSE_BACK = 80
_CLAUSE_CUT_RE = re.compile(r"[,;:.()!?]")
_WORD_RE = re.compile(r"[^\W\d_]+|\d+")
_NG = _CUES.not_governing
_RANGE_START_RE = re.compile(
    rf"(?:{_NGAY}{_W0})?\d{{1,2}}(?:{_S}[/.\-]{_S}\d{{1,2}}(?:{_S}[/.\-]{_S}\d{{4}})?)?"
    rf"(?:{_W}{_THANG}{_W}\d{{1,2}}(?:{_W}{_NAM}{_W}\d{{4}})?)?{_W0}\Z", _FLAGS)
_AFTER_RE = re.compile(rf"{_W0}(?:{_phrases(_NG.after)})(?!\w)", _FLAGS)
_PURPOSE_RE = re.compile(rf"\({_W0}(?:{_phrases(_NG.purpose)})(?!\w)[^()]*\Z", _FLAGS)
_PURPOSE_BACK = 160
_UNTIL_RE = re.compile(r"đến(?!\w)", _FLAGS)
_YEAR_STATED_RE = re.compile(r"(?<!\d)(?:19|20|21)\d\d(?!\d)")
_EVENT_TIME_RE = re.compile(rf"(?<!\w)(?:{_phrases(_NG.event_time)})(?!\w)", _FLAGS)


def _ends_with(words: list[str], phrases: list[str]) -> bool:
    return any(words[-len(p.split()):] == p.split() for p in phrases if len(p.split()) <= len(words))


def _contains(words: list[str], phrases: list[str]) -> bool:
    joined = f" {' '.join(words)} "
    return any(f" {p} " in joined for p in phrases)


def _governs_before(text: str, t: re.Match) -> bool:
    """Whether the clause before a deadline word lets it govern an action (see above)."""
    start = t.start()
    lo = max(0, start - _CLAUSE_BACK)
    back = text[lo:start]
    cut = [m.end() for m in _CLAUSE_CUT_RE.finditer(back)]
    clause = back[cut[-1]:] if cut else back
    words = [w.lower() for w in _WORD_RE.findall(clause)]
    if _ends_with(words, _NG.reported + _NG.plans + _NG.period_nouns):
        return False
    # the negated verb may take two syllables after "không có khả năng": seven words back
    last3, last7 = words[-3:], words[-7:]
    if _contains(last3, _NG.past) or _contains(last7, _NG.negations):
        return False
    for i, w in enumerate(last3):
        if w in _NG.passive and not _ends_with(words[: len(words) - len(last3) + i], _NG.obligation):
            return False
    if _UNTIL_RE.match(t.group()) and _RANGE_START_RE.search(back) and _event_time(clause):
        return False  # "thời gian kiểm tra ngày 15 đến ngày 31/12": when an event happens
    return _PURPOSE_RE.search(text, max(0, start - _PURPOSE_BACK), start) is None


def _event_time(clause: str) -> bool:
    """The clause names the time of an event ("thời gian trong tuần …", "thời gian kiểm tra …"),
    not a deadline ("thời gian hoàn thành …", a deadline word of its own)."""
    for m in _EVENT_TIME_RE.finditer(clause):
        t = _TRIGGER_RE.match(clause, m.start())
        if t is None or t.end() == m.end():
            return True
    return False


def _governs_after(text: str, end: int) -> bool:
    """Whether the word after a period leaves it a deadline ("trong năm 2025 đã …", "… của" do not)."""
    return _AFTER_RE.match(text, end) is None


def _starts_after(text: str, end: int, default_year: int | None) -> dt.date | None:
    window = text[end:end + _STARTS_WINDOW]
    for sm in _STARTS_RE.finditer(window):
        if _SENTENCE_END_RE.search(window, 0, sm.start()):
            return None  # the start date belongs to another sentence
        dm = _DATE_RE.match(window, sm.end())
        if dm is not None:
            d = _date_from_match(dm, default_year)
            if _acceptable(d) and d.date is not None:
                return d.date
    return None


def _recurring(text: str, default_year: int | None) -> list[_Found]:
    found = []
    for m in _RECURRENCE_RE.finditer(text):
        recurrence = "semiannual" if m.group("half") else _UNITS[(m.group("unit") or m.group("unit2")).lower()]
        found.append(_Found(m.start(), m.end(), None, recurrence, "recurring",
                            _starts_after(text, m.end(), default_year)))
    return found


class _Coverage:
    """Characters of the text already taken by a found item: an overlap test costs the item's
    length, not the number of items found so far (a scan of them all was quadratic)."""

    def __init__(self, length: int, taken: list[_Found]):
        self.marks = bytearray(length + 1)
        for f in taken:
            self.take(f)

    def take(self, f: _Found) -> None:
        self.marks[f.start:f.end] = b"\x01" * (f.end - f.start)

    def overlaps(self, f: _Found) -> bool:
        return f.end > f.start and self.marks.find(1, f.start, f.end) != -1


def find_deadlines(
    text: str,
    *,
    base: int = 0,
    default_year: int | None = None,
    page_of: Callable[[int], int | None] | None = None,
    reference: dt.date | None = None,
    not_before: dt.date | None = None,
) -> list[Deadline]:
    """The deadlines stated in one directive's own text, in textual order.

    ``base`` is the offset of ``text`` in the notice (spans are ``base`` + local offsets);
    ``default_year`` (the meeting year) completes year-less dates and periods;
    ``page_of(offset)`` fills ``span.page``; ``reference`` (the meeting's date) tells which Tết
    "trước Tết" means when the text names no year; a date whose year is stated and which falls
    before ``not_before`` (the document's own date) reports the past and is dropped.

    A deadline word governs its date only where the text sets a deadline: reported, planned,
    predicted, denied or descriptive phrases ("tính đến hết ngày 31/10/2025", "đã hoàn thành
    trong năm 2025", "có kế hoạch hoàn thành năm 2025", "các nhiệm vụ được giao trong năm 2025")
    and the time of an event ("thời gian kiểm tra ngày 15 đến ngày 31/12") are not deadlines
    (cue words in ``data/date_cues.json``).

    * dated (kind "by"): "trước ngày 31/3/2021", "chậm nhất (là) ngày 17/12/2021",
      "hoàn thành trước 30 tháng 11 năm 2025", "đến hết ngày …", "không quá ngày …",
      "trước 17 giờ ngày …"; "trước tháng 6/2024" / "trước quý III/2024" → the day before
      the period starts; "trước Tết Nguyên đán (Ất Tỵ | năm 2025)" → the day before that lunar
      new year, "trước Tết Dương lịch" → 31 December;
    * periods (kind "within"): "trong tháng 04/2024" → last day of the month, "trong quý
      II/2024" → last day of the quarter, "trong năm 2024", "cuối năm 2024", "đến hết quý
      2 năm 2024", "trong 6 tháng đầu năm 2024";
    * recurrences (kind "recurring", date ``None``): "hằng tuần", "định kỳ vào thứ 2 hằng
      tuần", "hàng tháng", "hằng quý", "hằng năm", "hàng ngày", "01 lần/tháng", "định kỳ 6
      tháng" (semiannual); a start
      date stated right after ("(bắt đầu từ ngày 27/12/2021)") goes into ``starts``; a
      deadline word with a recurring date ("trước ngày 30 tháng 11 hằng năm", "trước ngày 20
      hằng tháng") is one recurring deadline, not a date in the meeting year;
    * relative (kind "relative", date ``None``): "trong thời hạn 03 ngày làm việc",
      "trong vòng 10 ngày kể từ ngày …".

    Years may be named relative to ``default_year``: "năm nay", "năm sau"/"năm tới" (+1),
    "năm trước" (−1); "năm thứ hai" (of a plan) is unresolvable. A date or period that cannot be resolved (no year and no ``default_year``, 31/02) is
    kept with date ``None``. Duplicates are dropped: the same (date, recurrence) pair is
    reported once (the first occurrence, with a ``starts`` taken from a later one if the
    first has none); phrases with neither date nor recurrence are deduplicated by text.
    ``Deadline.text`` is the phrase with its whitespace runs collapsed to one space.
    """
    if not text:
        return []
    taken = _dated(text, default_year, reference)
    if not_before is not None:  # a date with its year stated before the document is past, not due
        taken = [f for f in taken if f.date is None or f.date >= not_before or not _YEAR_STATED_RE.search(text, f.start, f.end)]
    coverage = _Coverage(len(text), taken)
    for item in _recurring(text, default_year):
        if not coverage.overlaps(item):
            taken.append(item)
            coverage.take(item)
    for m in _RELATIVE_RE.finditer(text):
        item = _Found(m.start(), m.end(), None, None, "relative")
        if not coverage.overlaps(item):
            taken.append(item)
            coverage.take(item)
    taken.sort(key=lambda f: f.start)

    out: list[Deadline] = []
    index: dict[tuple, int] = {}
    for f in taken:
        phrase = _SPACES_RE.sub(" ", text[f.start:f.end]).strip()
        key = (f.date, f.recurrence) if (f.date or f.recurrence) else ("text", phrase.lower())
        if key in index:
            kept = out[index[key]]
            if kept.starts is None and f.starts is not None:
                out[index[key]] = kept.model_copy(update={"starts": f.starts})
            continue
        start = base + f.start
        span = Span(start=start, end=base + f.end, page=page_of(start) if page_of else None)
        index[key] = len(out)
        out.append(Deadline(text=phrase, date=f.date, recurrence=f.recurrence, kind=f.kind,
                            starts=f.starts, span=span))
    return out
