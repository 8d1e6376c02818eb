"""Deadlines of one directive's text: :func:`find_deadlines`.

A deadline is a date or a period *governed by a deadline word* ("trước ngày …", "chậm nhất
ngày …", "trong tháng 04/2024", "trong quý II/2024", "đến hết năm 2024", "vào ngày …"), a
recurrence (:mod:`.recurrence`), a relative delay (:mod:`.relative`) or a Tết (:mod:`.tet`).
A bare date is never a deadline: the date of a cited document ("Quyết định số 155/QĐ-UBND ngày
18/01/2024"), of the meeting, or the start of a recurrence carry no deadline word; and a deadline
word governs its date only where the text sets a deadline (see "whether a deadline phrase
governs an action" below). Every pattern is bounded (see :mod:`.dates`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache

from .. import regex_cache
from ..schema import Deadline, Span
from ..uncertainty import CLEAN, Uncertainty
from .dates import (_CUES, _FLAGS, _NAM, _NGAY, _REL_YEAR, _S, _THANG, _W, _W0, _WEEKDAY, Found, _Date,
                    _date_from_match, _first_chars, _make_date, _period_bounds, _phrases, date_re, keywords_read,
                    period_re)
from .recurrence import RECURRING_TAIL_RE, UNITS, recurrences, starts_after
from .relative import relative_phrases
from .tet import tet_deadline, tet_re

__all__ = ["find_deadlines"]

_SPACES_RE = regex_cache.compile(r"\s+")

# Deadline words and what they do to a period: "before" → the day before it starts,
# "by"/"within" → its last day. A point date is the deadline itself in every case ("trước ngày
# 31/3" is read, as Vietnamese administrations use it, as "by 31/3"); "on_date" words only
# make a deadline of a date ("vào ngày 19 tháng 12", "đến ngày 30/6").
_TRIGGER_RE = regex_cache.compile(
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
_CONNECT_RE = regex_cache.compile(
    rf"(?:{_W0}(?::|(?:là|vào|đến)(?!\w))){{0,2}}{_W0}"
    rf"(?:\d{{1,2}}{_S}(?:giờ|h)(?:{_S}\d{{1,2}}(?:{_S}phút)?)?{_W0},?{_W0})?"
    rf"(?:{_WEEKDAY}(?!\w){_W0},?{_W0})?",
    _FLAGS,
)

# A second date sharing the deadline word: "trước ngày 15/6 và ngày 15/12/2024".
_CHAIN_RE = regex_cache.compile(rf"{_W0}(?:,{_W0})?(?:và|hoặc){_W}", _FLAGS)
_CHAIN_MAX = 3


def _deadline_date(text: str, pos: int, default_year: int | None) -> tuple[re.Match, _Date] | None:
    dm = date_re().match(text, pos)
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


@cache
def _year_end() -> re.Pattern:
    """A deadline word that names an end ("đến cuối", "hết"; data/date_cues.json "year_end_words")."""
    return regex_cache.compile(rf"(?<!\w)(?:{_phrases(_CUES.year_end_words)})(?!\w)", _FLAGS)


# "đến cuối năm", "đến hết năm": the end of the meeting's year (a stated year is a period).
_BARE_YEAR_RE = regex_cache.compile(rf"{_NAM}(?!{_W0}\d)(?!{_W}{_REL_YEAR})(?!\w)", _FLAGS)
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



def _dated(text: str, default_year: int | None, reference: dt.date | None = None,
           uncertain: Uncertainty = CLEAN) -> list[Found]:
    found: list[Found] = []
    for t in _TRIGGER_RE.finditer(text):
        if not _governs_before(text, t):
            continue
        items = _at_trigger(text, t, default_year, reference, uncertain)
        # what the deadline word governs is read only if its date keywords are: "trước ngay 15/3"
        # in clean text is no deadline (the trigger's own words may be unmarked: "ngay trong")
        items = [f for i, f in enumerate(items) if keywords_read(text, f.start if i else t.end(), f.end, uncertain)]
        if items and (items[-1].kind != "within" or _governs_after(text, items[-1].end)):
            found.extend(items)
    return found + _bracketed(text, default_year, reference, uncertain, found)


# A plan's item that ends with its time alone in brackets, as a table's "Thời gian hoàn thành"
# column reads once written out: "- Rà soát quy hoạch (Quý II/2027)." — within that period.
_BRACKET_OPEN_RE = regex_cache.compile(r"\(\s*")
_BRACKET_CLOSE_RE = regex_cache.compile(r"\s*\)\s*(?:[.;]|\Z)")


def _bracketed(text: str, default_year: int | None, reference: dt.date | None, uncertain: Uncertainty,
               found: list[Found]) -> list[Found]:
    out = []
    for b in _BRACKET_OPEN_RE.finditer(text):
        pm = period_re().match(text, b.end())
        if pm is None or _BRACKET_CLOSE_RE.match(text, pm.end()) is None or not _governs_before(text, b):
            continue
        back = text[max(0, b.start() - _CLAUSE_BACK):b.start()]
        cut = [m.end() for m in _CLAUSE_CUT_RE.finditer(back)]
        if _contains([w.lower() for w in _WORD_RE.findall(back[cut[-1]:] if cut else back)], _NG.past):
            continue  # "đã hoàn thành việc số hóa hồ sơ (năm 2025)": when it was done
        if any(f.start <= pm.start() < f.end for f in found):
            continue
        out.extend(_period_chain(text, b.start(), pm, default_year, reference, uncertain))
    return out


def _at_trigger(text: str, t: re.Match, default_year: int | None, reference: dt.date | None,
                uncertain: Uncertainty = CLEAN) -> list[Found]:
    """The deadline(s) a deadline word governs: a Tết, a chain of dates, a period, a recurrence."""
    pos = _CONNECT_RE.match(text, t.end()).end()
    if t.group("within") is None:
        tm = tet_re().match(text, pos)
        if tm is not None:
            return [Found(t.start(), tm.end(), tet_deadline(tm, default_year, reference), None, "by")]
    chain = _date_chain(text, pos, default_year, reference)
    tail = RECURRING_TAIL_RE.match(text, chain[0][1]) if len(chain) == 1 else None
    if tail is None and not chain:
        pm = period_re().match(text, pos)
        tail = RECURRING_TAIL_RE.match(text, pm.end()) if pm else None
    if tail is not None:
        return [Found(t.start(), tail.end(), None, UNITS[tail.group("unit").lower()], "recurring",
                       starts_after(text, tail.end(), default_year))]
    if chain:
        return [Found(t.start(), chain[0][1], chain[0][2], None, "by"),
                *(Found(start, end, date, None, "by") for start, end, date in chain[1:])]
    pm = period_re().match(text, pos) if t.group("on") is None else None
    if pm is None:
        bare = _BARE_YEAR_RE.match(text, pos) if t.group("before") is None else None
        # A default year outside the calendar (a caller's mistake, or a hostile input) names no date.
        if (bare is not None and default_year is not None and dt.MINYEAR <= default_year <= dt.MAXYEAR
                and _year_end().search(t.group())
                and not _during_occasion(text, t.start())):
            return [Found(t.start(), bare.end(), dt.date(default_year, 12, 31), None, "within")]
        return []
    if t.group("before") is not None:
        bounds = _bounds(text, pm, default_year, reference, uncertain)
        date = bounds[0] - dt.timedelta(days=1) if bounds else None
        return [Found(t.start(), pm.end(), date, None, "by")]
    return _period_chain(text, t.start(), pm, default_year, reference, uncertain)


def _bounds(text: str, pm: re.Match, default_year: int | None, reference: dt.date | None,
            uncertain: Uncertainty) -> tuple[dt.date, dt.date] | None:
    """First and last day of the period ``pm`` names; a year-less one more than a month before
    the meeting is next year's."""
    lookalikes = uncertain.overlaps(pm.start(), pm.end())  # "quý IH" for "quý III" only in damaged text
    bounds = _period_bounds(pm, default_year, lookalikes)
    if bounds and reference is not None and not _has_year(pm):
        if _roll_forward(bounds[1], reference) != bounds[1]:
            bounds = _period_bounds(pm, default_year + 1, lookalikes) if default_year is not None else bounds
    return bounds


def _has_year(pm: re.Match) -> bool:
    return any(pm.group(k) for k in _YEAR_GROUPS)


def _period_chain(text: str, start: int, pm: re.Match, default_year: int | None, reference: dt.date | None,
                  uncertain: Uncertainty) -> list[Found]:
    """The period at ``pm`` and those joined to it by "và"/"hoặc", each within its last day; a
    later year completes earlier year-less ones ("trong tháng 5 và tháng 6/2027" → both in 2027),
    as ``_date_chain`` does for dates."""
    periods = [pm]
    while len(periods) < _CHAIN_MAX:
        cm = _CHAIN_RE.match(text, periods[-1].end())
        nxt = period_re().match(text, cm.end()) if cm else None
        if nxt is None:
            break
        periods.append(nxt)
    out = []
    for i, p in enumerate(periods):
        later = next((q for q in periods[i + 1:] if _has_year(q)), None) if not _has_year(p) else None
        year_of_later = _bounds(text, later, default_year, reference, uncertain) if later else None
        bounds = (_period_bounds(p, year_of_later[1].year, uncertain.overlaps(p.start(), p.end()))
                  if year_of_later else _bounds(text, p, default_year, reference, uncertain))
        out.append(Found(start if i == 0 else p.start(), p.end(), bounds[1] if bounds else None, None, "within"))
    return out


# --- whether a deadline phrase governs an action -------------------------------------------
# A phrase that reports ("tính đến hết ngày 31/10", "đã hoàn thành trong năm 2025"), plans or
# predicts ("có kế hoạch hoàn thành năm 2025", "… sẽ hoàn thành", "nguy cơ thiếu trong quý I"), describes a noun ("các nhiệm
# vụ được giao trong năm 2025", "mục tiêu … trong năm 2025 của Tỉnh", "những tháng cuối năm"),
# denies ("không có khả năng giải ngân trong năm 2025"), states a range ("từ ngày 15 đến ngày
# 31/12"), names an occasion during which one acts ("dịp cuối năm", "đợt cao điểm cuối năm") or
# sits in a purpose aside ("(để thông qua tại kỳ họp trong tháng 3)") sets no deadline.
# The cue words are data (date_cues.json "not_governing"); the context is the clause before the
# deadline word, cut at its punctuation, and the word right after the phrase.
_CLAUSE_BACK = 80
_CLAUSE_CUT_RE = regex_cache.compile(r"[,;:.()!?]")
_WORD_RE = regex_cache.compile(r"[^\W\d_]+|\d+")
_NG = _CUES.not_governing
_RANGE_START_RE = regex_cache.compile(
    rf"(?:{_NGAY}{_W0})?\d{{1,2}}(?:{_S}[/.\-]{_S}\d{{1,2}}(?:{_S}[/.\-]{_S}\d{{4}})?)?"
    rf"(?:{_W}{_THANG}{_W}\d{{1,2}}(?:{_W}{_NAM}{_W}\d{{4}})?)?{_W0}\Z", _FLAGS)
_AFTER_RE = regex_cache.compile(rf"{_W0}(?:{_phrases(_NG.after)})(?!\w)", _FLAGS)
_PURPOSE_RE = regex_cache.compile(rf"\({_W0}(?:{_phrases(_NG.purpose)})(?!\w)[^()]*\Z", _FLAGS)
_PURPOSE_BACK = 160
_UNTIL_RE = regex_cache.compile(r"đến(?!\w)", _FLAGS)
_YEAR_STATED_RE = regex_cache.compile(r"(?<!\d)(?:19|20|21)\d\d(?!\d)")
_EVENT_TIME_RE = regex_cache.compile(rf"(?<!\w)(?:{_phrases(_NG.event_time)})(?!\w)", _FLAGS)


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
    if _ends_with(words, _NG.reported + _NG.plans + _NG.period_nouns + _NG.occasions):
        return False
    # the negated verb may take two syllables after "không có khả năng": seven words back
    last3, last7 = words[-3:], words[-7:]
    if _contains(last3, _NG.past) or _contains(last7, _NG.negations):
        return False
    if _contains(words[-5:], _NG.forecasts):  # "có nguy cơ thiếu trong quý I": when the risk would come true
        return False
    for i, w in enumerate(last3):
        if w in _NG.passive and not _ends_with(words[: len(words) - len(last3) + i], _NG.obligation):
            return False
    if _UNTIL_RE.match(t.group()) and _RANGE_START_RE.search(back) and _event_time(clause):
        return False  # "thời gian kiểm tra ngày 15 đến ngày 31/12": when an event happens
    return _PURPOSE_RE.search(text, max(0, start - _PURPOSE_BACK), start) is None


_OCCASION_WORDS = 6


def _during_occasion(text: str, start: int) -> bool:
    """A year's end named by no year after an occasion a few words back ("trong đợt cao điểm mưa lũ
    cuối năm", "mùa mưa bão cuối năm"): the season one acts in, not a deadline."""
    back = text[max(0, start - _CLAUSE_BACK):start]
    cut = [m.end() for m in _CLAUSE_CUT_RE.finditer(back)]
    words = [w.lower() for w in _WORD_RE.findall(back[cut[-1]:] if cut else back)][-_OCCASION_WORDS:]
    return any(w in _NG.occasions for w in words)


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



class _Coverage:
    """Characters of the text already taken by a found item: an overlap test costs the item's
    length, not the number of items found so far (a scan of them all was quadratic)."""

    def __init__(self, length: int, taken: list[Found]):
        self.marks = bytearray(length + 1)
        for f in taken:
            self.take(f)

    def take(self, f: Found) -> None:
        self.marks[f.start:f.end] = b"\x01" * (f.end - f.start)

    def overlaps(self, f: Found) -> bool:
        return f.end > f.start and self.marks.find(1, f.start, f.end) != -1


def find_deadlines(
    text: str,
    *,
    base: int = 0,
    default_year: int | None = None,
    page_of: Callable[[int], int | None] | None = None,
    reference: dt.date | None = None,
    not_before: dt.date | None = None,
    uncertain: Uncertainty = CLEAN,
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
    taken = _dated(text, default_year, reference, uncertain.shifted(base))
    if not_before is not None:  # a date with its year stated before the document is past, not due
        taken = [f for f in taken if f.date is None or f.date >= not_before or not _YEAR_STATED_RE.search(text, f.start, f.end)]
    coverage = _Coverage(len(text), taken)
    for item in [*recurrences(text, default_year), *relative_phrases(text)]:
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

