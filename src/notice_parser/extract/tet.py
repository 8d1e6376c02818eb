"""Tết as a deadline: "trước Tết Nguyên đán Ất Tỵ", "xong trước Tết năm 2025", "trước Tết
Dương lịch" — the day before the lunar new year (extract/lunar.py, computed for UTC+7) or
31 December."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from . import lunar
from .. import regex_cache
from .dates import _CUES, _FLAGS, _NAM, _W, _W0, MAX_YEAR, MIN_YEAR, _phrases

__all__ = ["tet_re", "tet_deadline"]


@cache
def tet_re() -> re.Pattern:
    """"trước Tết Nguyên đán Ất Tỵ", "xong trước Tết năm 2025", "trước Tết Dương lịch": the lunar
    new year (extract/lunar.py) or 1 January; the year from the cycle name, a stated year, or the
    first such day after the meeting. Words from data/date_cues.json "tet"; built on first use."""
    t = _CUES.tet
    return regex_cache.compile(
        rf"(?:(?:{_phrases(t.occasions, _W)}){_W})?(?:{_phrases(t.names, _W)})"
        rf"(?:{_W}(?:{_phrases(t.lunar, _W)})|(?P<solar>{_W}(?:{_phrases(t.solar, _W)})))?"
        rf"(?:{_W}(?P<stem>{'|'.join(lunar.STEMS)}){_W}(?P<branch>{'|'.join(lunar.BRANCHES)}|mẹo|tị))?"
        rf"(?:{_W0}(?:,{_W0})?(?:{_NAM}{_W})?(?P<year>\d{{4}}))?(?!\w)",
        _FLAGS,
    )


def tet_deadline(m: re.Match, default_year: int | None, reference: dt.date | None) -> dt.date | None:
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

