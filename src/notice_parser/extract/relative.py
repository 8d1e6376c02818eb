"""Relative deadlines, with no calendar date: "trong thời hạn 03 ngày làm việc", "trong vòng 10
ngày kể từ ngày …", "trong tuần này" (relative to a date the text does not give)."""

from __future__ import annotations

import re

from .dates import _FLAGS, _NGAY, _W, _W0, Found, _numbers

__all__ = ["relative_phrases"]

_NUMBER_WORDS = rf"\d{{1,3}}|{_numbers()}"
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


def relative_phrases(text: str) -> list[Found]:
    """Every relative deadline phrase of ``text``."""
    return [Found(m.start(), m.end(), None, None, "relative") for m in _RELATIVE_RE.finditer(text)]
