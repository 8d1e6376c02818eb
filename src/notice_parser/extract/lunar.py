"""The Vietnamese lunar new year (Tết Nguyên đán), for deadlines such as "xong trước Tết
Nguyên đán Ất Tỵ".

Tết is the first day of the first lunar month, computed for Vietnam's time zone (UTC+7) with
the astronomical approximations of Hồ Ngọc Đức's published lunar-calendar algorithm (new moons
and the sun's longitude after Meeus). The Vietnamese and Chinese calendars differ in some years
(1985, 2007: one day) because of the time zone, so a Chinese-calendar package would be wrong
there. Lunar years are also named by the sexagenary cycle ("Giáp Thìn" = 2024).
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

TIME_ZONE = 7.0
_SYNODIC = 29.530588853

# Heavenly stems and earthly branches: year Y is STEMS[(Y - 4) % 10] + BRANCHES[(Y - 4) % 12].
STEMS = ("Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý")
BRANCHES = ("Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi")
_BRANCH_VARIANTS = {"mẹo": "mão", "tị": "tỵ"}


def _jd_from_date(d: dt.date) -> int:
    return d.toordinal() + 1721425


def _date_from_jd(jd: int) -> dt.date:
    return dt.date.fromordinal(jd - 1721425)


def _new_moon(k: int) -> float:
    """Julian day of the k-th new moon after 1900-01-01 (Meeus' approximation)."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 += -0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 += -0.0004 * math.sin(dr * 3 * mpr)
    c1 += 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 += -0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 += -0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 += 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - delta_t


def _sun_longitude(jdn: float) -> float:
    """The sun's longitude (radians, 0..2π) at Julian day jdn."""
    t = (jdn - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    lon = (l0 + dl) * dr
    return lon - math.pi * 2 * math.floor(lon / (math.pi * 2))


def _new_moon_day(k: int) -> int:
    return math.floor(_new_moon(k) + 0.5 + TIME_ZONE / 24)


def _sun_sector(day: int) -> int:
    """Which of the 12 solar-term sectors the sun is in at the start of a local day."""
    return math.floor(_sun_longitude(day - 0.5 - TIME_ZONE / 24) / math.pi * 6)


def _month11_start(year: int) -> int:
    """Julian day that starts the 11th lunar month (the one holding the winter solstice) of ``year``."""
    off = _jd_from_date(dt.date(year, 12, 31)) - 2415021
    k = math.floor(off / _SYNODIC)
    nm = _new_moon_day(k)
    if _sun_sector(nm) >= 9:
        nm = _new_moon_day(k - 1)
    return nm


def _leap_month_offset(a11: int) -> int:
    k = math.floor((a11 - 2415021.076998695) / _SYNODIC + 0.5)
    i = 1
    arc = _sun_sector(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_sector(_new_moon_day(k + i))
        if arc == last or i >= 14:
            break
    return i - 1


@lru_cache(maxsize=256)
def tet(year: int) -> dt.date:
    """Gregorian date of Tết Nguyên đán (lunar 1/1) that falls in ``year``."""
    a11, b11 = _month11_start(year - 1), _month11_start(year)
    k = math.floor(0.5 + (a11 - 2415021.076998695) / _SYNODIC)
    off = 2  # lunar month 1 is two months after month 11
    if b11 - a11 > 365:  # a leap month this lunar year: it shifts month 1 when it comes first
        if off >= _leap_month_offset(a11):
            off += 1
    return _date_from_jd(_new_moon_day(k + off))


def year_of_cycle_name(stem: str, branch: str, near: int) -> int | None:
    """The Gregorian year (of its Tết) named "stem branch" closest to ``near``."""
    branch = _BRANCH_VARIANTS.get(branch.lower(), branch.lower())
    stems = [s.lower() for s in STEMS]
    branches = [b.lower() for b in BRANCHES]
    if stem.lower() not in stems or branch not in branches:
        return None
    s, b = stems.index(stem.lower()), branches.index(branch)
    if (s - b) % 2:  # stems and branches advance together: odd differences never occur
        return None
    candidates = [y for y in range(near - 30, near + 31) if (y - 4) % 10 == s and (y - 4) % 12 == b]
    return min(candidates, key=lambda y: abs(y - near))
