"""Relative deadlines, with no calendar date: "trong thời hạn 03 ngày làm việc", "trong vòng 10
ngày kể từ ngày …", "trong tuần này" (relative to a date the text does not give)."""

from __future__ import annotations


from .. import regex_cache
from .dates import _CUES, _FLAGS, _NGAY, _W, _W0, Found, _first_chars, _numbers, _phrases

__all__ = ["relative_phrases"]

_NUMBER_WORDS = rf"\d{{1,3}}|{_numbers()}"
_R = _CUES.relative  # the words of data/date_cues.json "relative"
_RELATIVE_RE = regex_cache.compile(
    rf"(?=[{_first_chars(_R.leads + _R.current_leads)}])"  # a cheap first-character filter
    # "trong tuần này", "trong tháng tới": relative to a date the text does not give
    rf"(?:(?<!\w)(?:{_phrases(_R.current_leads, _W)}){_W}(?:{_phrases(_R.current_periods, _W)}){_W}"
    rf"(?:{_phrases(_R.current_words, _W)})(?!\w)"
    rf"|(?<!\w)(?:{_phrases(_R.leads, _W)})"
    rf"(?:{_W}là)?{_W}(?:{_NUMBER_WORDS})(?:{_W}\([^()\n]{{1,20}}\))?"
    rf"{_W}(?:{_phrases(_R.units, _W)})(?:{_W}(?:{_phrases(_R.working, _W)}))?(?!\w)"
    # "trong 3 tháng qua" looks back, it sets no deadline
    rf"(?!{_W}(?:{_phrases(_R.looking_back, _W)})(?!\w))"
    # the reference point, for the reader: up to a clause boundary, or a whole date
    rf"(?:{_W0},?{_W0}(?:{_phrases(_R.references, _W)})(?!\w)"
    rf"(?:{_W0}{_NGAY}{_W0}\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{4}}(?!\d)|[^.,;:()\n]{{0,80}}))?)",
    _FLAGS,
)


def relative_phrases(text: str) -> list[Found]:
    """Every relative deadline phrase of ``text``."""
    return [Found(m.start(), m.end(), None, None, "relative") for m in _RELATIVE_RE.finditer(text)]
