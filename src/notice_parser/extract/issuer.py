"""The issuing body, completed from what the text reveals.

A header that survived extraction names it ("ỦY BAN NHÂN DÂN / TỈNH BẮC KẠN"); when the
header is missing or names only "UBND tỉnh", the province comes from the place line
("Bà Rịa - Vũng Tàu, ngày ...") or from the province the body names most often
("tỉnh Bắc Kạn", "VNPT Bắc Kạn").
"""

from __future__ import annotations

import re
from collections import Counter

from .agencies import gazetteer
from .layout import base_letters, fold_document, name_key, squash
from .places import leading_province, province_of, province_regex, provinces
from .sections import _NATIONAL, Sections, is_caps

def _mentioned_province(text: str) -> tuple[str, str] | None:
    folded = fold_document(text)
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for m in province_regex().finditer(folded):
        raw = m.group()
        if not raw[:1].isupper():
            continue  # "quảng" in running text is not a place name
        before = folded[max(0, m.start() - 12):m.start()].lower()
        weight = 3 if re.search(r"(?:tỉnh|thành\s+phố)\s*$", before) else 1
        key = name_key(raw)
        counts[key] += weight
        first.setdefault(key, m.start())
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k]))
    return provinces()[best]


# Header words matched on base letters: OCR damages marks in capitals ("NHÂN DẪN", "UY BAN").
_UBND_HEAD = re.compile(r"(?:uy\s+ban\s+nhan\s+dan|ubnd)(?!\w)")
_LEVELS = {"tinh": "tỉnh", "thanh pho": "thành phố", "huyen": "huyện", "quan": "quận", "thi xa": "thị xã"}
# The body's line may be lost (OCR mixed its case, a column cut it): "TỈNH THÁI NGUYÊN" alone is
# still a UBND's header when it names a province ("TỈNH ỦY X" does not).
_HEADER = re.compile(r"^(?P<head>(?:uy\s+ban\s+nhan\s+dan|ubnd)\s*)?(?P<level>tinh|thanh\s+pho|huyen|quan|thi\s+xa)?(?!\w)\s*"
                     r"(?P<name>.*?)(?:\s+(?P<unit>van\s+phong))?$")


def _split_department(name: str) -> tuple[str, str | None]:
    """"ĐỒNG NAI SỞ Y TẾ" → ("ĐỒNG NAI", "Sở Y tế"): a province's name followed by one of its
    departments (as the gazetteer names it); otherwise the name unchanged."""
    lead = leading_province(name)
    if lead:
        dept = gazetteer().lookup.get(name_key(name[lead[0]:]))
        if dept and dept.startswith("Sở "):
            return name[:lead[0]], dept
    return name, None


def _header_issuer(sec: Sections) -> str | None:
    parts = []
    for line in sec.header:
        text = _NATIONAL.sub(" ", line.text)
        text = re.sub(r"\bS[ốoơở]\s*:.*$", "", text).strip(" -–")
        # OCR specks ("ỦY BAN NHÂN DÂN * ") are not words of the name
        text = " ".join(w for w in text.split() if any(c.isalnum() for c in w))
        if text and is_caps(text):
            parts.append(squash(text))
    if not parts:
        return None
    raw = " ".join(parts)
    based = base_letters(raw)
    if len(based) == len(raw):
        # A header repeated or garbled by extraction ("ỦY BAN NHÂN DÂN ỦY BAN NHÂN DÂN TỈNH X"): read
        # from the last mention of the body that names its level.
        heads = [h.start() for h in _UBND_HEAD.finditer(based)
                 if re.match(r"\s*(?:tinh|thanh\s+pho|huyen|quan|thi\s+xa)(?!\w)", based[h.end():])]
        if heads:
            raw, based = raw[heads[-1]:], based[heads[-1]:]
        m = _HEADER.match(based)
        if m and (m.group("head") or m.group("level")):
            level = _LEVELS[squash(m.group("level"))] if m.group("level") else ""
            name = squash(raw[m.start("name"):m.end("name")])
            department = None
            if name and province_of(name) is None:
                # "UBND TỈNH ĐỒNG NAI / SỞ Y TẾ": a department of the province issues the notice
                name, department = _split_department(name)
            prov = province_of(name) if name else None
            if m.group("head") or (prov and level in ("tỉnh", "thành phố")):
                if department and prov:
                    return f"{department} {level or prov[1]} {prov[0]}"
                place = prov[0] if prov else " ".join(w.capitalize() for w in name.split())
                if not level and prov:
                    level = prov[1]
                issuer = squash(f"UBND {level} {place}")
                return f"Văn phòng {issuer}" if m.group("unit") else issuer
    gz = gazetteer()
    key = name_key(raw)
    if key in gz.lookup:
        return gz.lookup[key]
    return raw[:1] + raw[1:].lower()


def infer_issuer(text: str, sec: Sections, document, meeting) -> str | None:
    issuer = _header_issuer(sec)
    if issuer and not re.fullmatch(r"(?:Văn phòng )?UBND(?: tỉnh| thành phố)?", issuer):
        return issuer
    # No header, or one that names only "UBND tỉnh": the body must show it is a UBND's notice.
    body = fold_document(text)
    chair_title = (meeting.chair.title if meeting.chair else "") or ""
    if not issuer and not re.search(r"UBND|Ủy\s+ban\s+nhân\s+dân", body + " " + chair_title, re.IGNORECASE):
        return None
    prov = province_of(document.place) if document.place else None
    prov = prov or _mentioned_province(text)
    if prov is None:
        # A UBND's notice whose province nothing reveals: say what is known.
        level = re.search(r"UBND\s+(tỉnh|thành\s+phố)|Ủy\s+ban\s+nhân\s+dân\s+(tỉnh|thành\s+phố)", body + " " + chair_title,
                          re.IGNORECASE)
        return issuer or (f"UBND {squash((level.group(1) or level.group(2)).lower())}" if level else None)
    name, level = prov
    unit = "Văn phòng " if issuer and issuer.startswith("Văn phòng") else ""
    return f"{unit}UBND {level} {name}"
