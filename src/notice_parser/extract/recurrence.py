"""Recurring deadlines: "hằng tuần", "định kỳ vào thứ 2 hằng tuần", "01 lần/tháng", "định kỳ 6
tháng" (semiannual); a start date stated right after ("(bắt đầu từ ngày 27/12/2021)") goes into
``starts``. The recurrence words and units are data (``date_cues.json``)."""

from __future__ import annotations

import datetime as dt

from .. import regex_cache
from .dates import (_CUES, _FLAGS, _S, _W, _W0, _WEEKDAY, Found, _acceptable, _date_from_match, _first_chars,
                    _numbers, _phrases, date_re)

__all__ = ["RECURRING_TAIL_RE", "UNITS", "recurrences", "starts_after"]

# "hằng" / "hàng" / "mỗi" + a unit; the words and what each unit means are data.
UNITS: dict[str, str] = dict(_CUES.recurrence_units)
_EVERY = _phrases(_CUES.recurrence_words)
_UNIT = _phrases(list(UNITS))
# "trước ngày 30 tháng 11 hằng năm": a dated deadline that recurs (never daily: it has a date).
RECURRING_TAIL_RE = regex_cache.compile(
    rf"{_W0}(?:{_EVERY}){_W}(?P<unit>{_phrases([u for u, r in UNITS.items() if r != 'daily'])})(?!\w)", _FLAGS)

_F = _CUES.recurrence_frame  # data/date_cues.json "recurrence_frame"
_PERIODIC, _TIMES = _phrases(_F.periodic, _W), _phrases(_F.times, _W)
_ONE, _SIX = f"01|1|{_numbers(1)}", f"0?6|{_numbers(6)}"
# a cheap first-character filter: a digit or the first letter of a word that may open the phrase
_OPENERS = _first_chars([*_F.periodic, *_F.parts_of_day, *_CUES.weekdays.named, _CUES.weekdays.numbered,
                         *_CUES.number_words, *_CUES.recurrence_words, "vào", "ngày"])
_RECURRENCE_RE = regex_cache.compile(
    rf"(?=[0-9{_OPENERS}])(?<!\w)(?:"
    rf"(?:(?:{_PERIODIC}){_W})?"
    rf"(?:(?:vào{_W})?(?:(?:{_phrases(_F.parts_of_day, _W)}){_W})?"
    rf"(?:{_WEEKDAY}|ngày{_W}\d{{1,2}}|ngày{_W}cuối){_W})?"
    rf"(?:{_EVERY}){_W}(?P<unit>{_UNIT})"
    r"|"
    rf"(?:{_ONE}){_S}(?:{_TIMES}){_S}/{_S}(?P<unit2>{_UNIT})"
    r"|"
    # every six months: "định kỳ 6 tháng", "06 tháng/lần", "6 tháng một lần" (not "6 tháng đầu năm")
    rf"(?P<half>(?:{_PERIODIC}){_W}(?:{_SIX}){_W}tháng(?:{_W}(?:{_ONE}){_W}(?:{_TIMES}))?"
    rf"|(?:{_SIX}){_W}tháng(?:{_S}/{_S}|{_W}(?:{_ONE}){_W})(?:{_TIMES}))"
    r")(?!\w)",
    _FLAGS,
)
# "bắt đầu từ ngày 27/12/2021", "kể từ ngày …": the first occurrence of a recurrence.
_STARTS_RE = regex_cache.compile(rf"(?<!\w)(?:{_phrases(_F.starts, _W)})(?!\w){_W0}", _FLAGS)
_STARTS_WINDOW = 200
_SENTENCE_END_RE = regex_cache.compile(r"[;!?]|\.(?:\s|$)")


def starts_after(text: str, end: int, default_year: int | None) -> dt.date | None:
    window = text[end:end + _STARTS_WINDOW]
    for sm in _STARTS_RE.finditer(window):
        if _SENTENCE_END_RE.search(window, 0, sm.start()):
            return None  # the start date belongs to another sentence
        dm = date_re().match(window, sm.end())
        if dm is not None:
            d = _date_from_match(dm, default_year)
            if _acceptable(d) and d.date is not None:
                return d.date
    return None


def recurrences(text: str, default_year: int | None) -> list[Found]:
    found = []
    for m in _RECURRENCE_RE.finditer(text):
        recurrence = "semiannual" if m.group("half") else UNITS[(m.group("unit") or m.group("unit2")).lower()]
        found.append(Found(m.start(), m.end(), None, recurrence, "recurring",
                            starts_after(text, m.end(), default_year)))
    return found

