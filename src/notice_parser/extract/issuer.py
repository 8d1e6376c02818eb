"""The issuing body, completed from what the text reveals.

A header that survived extraction names it ("ỦY BAN NHÂN DÂN / TỈNH BẮC KẠN"); when the
header is missing or names only "UBND tỉnh", the province comes from the place line
("Bà Rịa - Vũng Tàu, ngày ...") or from the province the body names most often
("tỉnh Bắc Kạn", "VNPT Bắc Kạn").
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .. import regex_cache
from ..data import load_json
from .agencies import gazetteer
from .citations import find_citations
from .layout import base_letters, fold_document, name_key, squash
from .places import (committee_alternation, leading_province, level_alternation, level_of_base, level_words,
                     party_committees, people_committee_alternation, province_of, province_regex, provinces)
from .sections import Sections

def _mentioned_province(text: str) -> tuple[str, str] | None:
    folded = fold_document(text)
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for m in province_regex().finditer(folded):
        raw = m.group()
        if not raw[:1].isupper():
            continue  # "quảng" in running text is not a place name
        before = folded[max(0, m.start() - 12):m.start()].lower()
        weight = 3 if re.search(rf"(?:{level_alternation('province')})\s*$", before) else 1
        key = name_key(raw)
        counts[key] += weight
        first.setdefault(key, m.start())
    if not counts:
        return None
    best = max(counts, key=lambda k: (counts[k], -first[k]))
    return provinces()[best]


# Header words are matched on base letters: OCR damages marks in capitals ("NHÂN DẪN", "UY BAN")
# and drops the spaces between them ("UY BANNHAN DÂN").
@lru_cache(maxsize=1)
def _ubnd_head() -> re.Pattern:
    return regex_cache.compile(rf"(?:{people_committee_alternation(base=True)})(?!\w)")


@lru_cache(maxsize=1)
def _header() -> re.Pattern:
    """The body's line may be lost (OCR mixed its case, a column cut it): "TỈNH THÁI NGUYÊN"
    alone is still a UBND's header when it names a province ("TỈNH ỦY X" does not)."""
    return regex_cache.compile(rf"^(?P<head>(?:{people_committee_alternation(base=True)})\s*)?"
                               rf"(?P<level>{_header_levels()})?(?!\w)\s*(?P<name>.*?)(?:\s+(?P<unit>van\s+phong))?$")


def _header_levels() -> str:
    """Levels a UBND header names before its place, on base letters: the province's and the district's."""
    return level_alternation("province", "district", base=True)


def _split_department(name: str) -> tuple[str, str | None]:
    """"ĐỒNG NAI SỞ Y TẾ" → ("ĐỒNG NAI", "Sở Y tế"): a province's name followed by one of its
    departments (as the gazetteer names it) or by another body of the province ("BẮC NINH BAN QUẢN
    LÝ CÁC KHU CÔNG NGHIỆP": a head of data/agencies.json "open_heads" opens it); otherwise the
    name unchanged."""
    lead = leading_province(name)
    if lead:
        rest = name[lead[0]:].strip()
        dept = gazetteer().lookup.get(name_key(rest))
        if dept and dept.startswith("Sở "):
            return name[:lead[0]], dept
        if _unit_head().match(base_letters(rest)) and len(base_letters(rest)) == len(rest):
            return name[:lead[0]], _recase_unit(rest)
    return name, None


# The header of a body under another (Nghị định 30/2020/NĐ-CP: the direct superior, "cơ quan chủ
# quản", stands above the issuer's own name): "SỞ Y TẾ TỈNH LẠNG SƠN / BỆNH VIỆN ĐA KHOA TỈNH",
# "BỘ Y TẾ / BỆNH VIỆN BẠCH MAI". The issuer is the body the last line names; a head of a body
# outside the gazetteer (data/agencies.json "open_heads") opens it, once the words before it are a
# whole body (the gazetteer's, with or without its place) or end with a province's name.
@lru_cache(maxsize=1)
def _unit_head() -> re.Pattern:
    heads = load_json("agencies.json")["open_heads"]
    words = sorted({base_letters(h) for h in heads["capitalised_next"] + heads["any_next"]}, key=len, reverse=True)
    alts = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return regex_cache.compile(rf"(?<!\S)(?:{alts})\s+(?=\S)")


def _recase_unit(words: str) -> str:
    """"BỆNH VIỆN ĐA KHOA TỈNH" → "Bệnh viện Đa khoa tỉnh": the head as the gazetteer writes such
    bodies, the first word of the name after it capitalised, the rest in lower case; a word with no
    vowel is an acronym and keeps its capitals ("TRƯỜNG THPT …")."""
    known = gazetteer().lookup.get(name_key(words))
    if known:
        return known
    head = _unit_head().match(base_letters(words))
    out = []
    for i, w in enumerate(squash(words).split()):
        if not re.search(r"[aeiouy]", base_letters(w)):
            out.append(w)
        elif i == 0 or (head and i == len(head.group().split())):
            out.append(w[:1].upper() + w[1:].lower())
        else:
            out.append(w.lower())
    return " ".join(out)


def _parent_place(parent: str) -> tuple[str, str] | None:
    """(level, province) of a header's superior body as far as it shows one ("SỞ Y TẾ TỈNH LẠNG
    SƠN" → ("tỉnh", "Lạng Sơn"); "BỘ Y TẾ" → ("", "")), or None when the words are no whole body."""
    gz = gazetteer()
    if name_key(parent) in gz.lookup:
        return "", ""
    based = base_letters(parent)
    level = re.search(rf"\s({level_alternation('province', base=True)})\s", based)
    if level and name_key(parent[:level.start()]) in gz.lookup:
        prov = province_of(parent[level.end():])
        if prov:
            return level_of_base()[squash(level.group(1))], prov[0]
    words = parent.split()
    for k in range(min(4, len(words) - 1), 0, -1):
        prov = province_of(" ".join(words[-k:]))
        if prov:  # "ĐẠI HỌC THÁI NGUYÊN": a body named by its place
            return prov[1], prov[0]
    return None


def _unit_under_parent(raw: str) -> tuple[str, bool] | None:
    """The issuer of a header that names its superior first (see ``_unit_head``), and whether the
    superior was recognised (the gazetteer's body or a place) rather than only opened by a head;
    or None."""
    based = base_letters(raw)
    if len(based) != len(raw):
        return None
    for m in _unit_head().finditer(based):
        if m.start() == 0:
            continue
        parent = raw[:m.start()].strip()
        place = _parent_place(parent)
        sure = place is not None
        if not sure and _unit_head().match(base_letters(parent)) and not \
                re.match(rf"(?:{level_alternation(base=True)})(?!\w)", based[m.end():]):
            # "TRƯỜNG ĐẠI HỌC … / PHÒNG ĐÀO TẠO": a body outside the gazetteer over one of its
            # units; a head inside one name is followed by its level ("… THỊ TRƯỜNG TỈNH X").
            # Not sure: the document's own number, where it names a body, is believed before it
            # (a header garbled by OCR keeps the motto: "VĂN PHÒNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI …").
            place = ("", "")
        if place is None:
            continue
        # only a name that ends in a bare level ("… ĐA KHOA TỈNH") takes the superior's province
        return _placed(_recase_unit(raw[m.start():]), "", place[1]), sure
    return None


def _placed(body: str, level: str, province: str) -> str:
    """``body`` of ``province``: "Sở Y tế" → "Sở Y tế tỉnh Đồng Nai"; a name that ends in a bare
    level ("Bệnh viện Đa khoa tỉnh", "Ban Quản lý các Khu công nghiệp tỉnh") takes the province
    after it; with no ``level``, any other name stays as it is."""
    if not province:
        return body
    if re.search(rf"\s(?:{level_alternation('province', base=True)})$", base_letters(body)):
        return f"{body} {province}"
    return f"{body} {level} {province}" if level else body


# A party committee's header: "THÀNH ỦY ĐÀ NẴNG / VĂN PHÒNG", "TỈNH ỦY NGHỆ AN / BAN TỔ CHỨC",
# "ĐẢNG ỦY PHƯỜNG HẢI CHÂU": the committee, its place, then the unit of it that issues (if any).
# Matched on base letters, like the UBND header.
@lru_cache(maxsize=1)
def _party_header() -> re.Pattern:
    return regex_cache.compile(rf"^(?:dang\s+bo\s+.*?\s+)??(?P<committee>{committee_alternation(base=True)})"
                               r"\s+(?P<name>.+?)(?:\s+(?P<unit>van\s+phong|ban\s+.+))?$")


def _recase(words: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in words.split())


def _party_header_issuer(raw: str, based: str) -> str | None:
    """The issuer a party committee's header names ("Văn phòng Thành ủy Đà Nẵng"), or None."""
    m = _party_header().match(based)
    if not m:
        return None
    committee = raw[m.start("committee"):m.end("committee")]
    committee = committee[:1].upper() + committee[1:].lower()
    name = squash(raw[m.start("name"):m.end("name")])
    prov = province_of(name)
    if prov:
        place = prov[0]
    else:  # "ĐẢNG ỦY PHƯỜNG HẢI CHÂU": a level word, then the place
        level = re.match(rf"({level_alternation('commune', base=True)})\s+", base_letters(name))
        place = (f"{level_of_base()[squash(level.group(1))]} {_recase(name[level.end():])}" if level
                 else _recase(name))
    body = f"{committee} {place}"
    if not m.group("unit"):
        return body
    unit = squash(raw[m.start("unit"):m.end("unit")])
    known = gazetteer().lookup.get(name_key(unit))
    if not known and m.group("unit").startswith("van"):
        unit = "Văn phòng"
    elif not known:
        # "BAN TUYÊN GIÁO VÀ DÂN VẬN" → "Ban Tuyên giáo và Dân vận": each field the unit joins is capitalised
        words = unit.lower().split(" ", 1)
        rest = " và ".join(part[:1].upper() + part[1:] for part in words[1].split(" và ")) if len(words) > 1 else ""
        unit = squash(f"{words[0].capitalize()} {rest}")
    unit = known or unit
    return f"{unit} {body}"


def _header_issuer(sec: Sections) -> tuple[str | None, bool]:
    """The issuing body the header names, and whether it was recognised (a UBND's header, a
    party committee's, a gazetteer name) rather than only recased."""
    raw = sec.issuer_text
    if not raw:
        return None, False
    based = base_letters(raw)
    if len(based) == len(raw):
        party = _party_header_issuer(raw, based)
        if party:
            return party, True
    if len(based) == len(raw):
        # A header repeated or garbled by extraction ("ỦY BAN NHÂN DÂN ỦY BAN NHÂN DÂN TỈNH X"): read
        # from the last mention of the body that names its level.
        heads = [h.start() for h in _ubnd_head().finditer(based)
                 if re.match(rf"\s*(?:{_header_levels()})(?!\w)", based[h.end():])]
        if heads:
            raw, based = raw[heads[-1]:], based[heads[-1]:]
        m = _header().match(based)
        if m and (m.group("head") or m.group("level")):
            level = level_of_base()[squash(m.group("level"))] if m.group("level") else ""
            name = squash(raw[m.start("name"):m.end("name")])
            department = None
            if name and province_of(name) is None:
                # "UBND TỈNH ĐỒNG NAI / SỞ Y TẾ": a department of the province issues the notice
                name, department = _split_department(name)
            prov = province_of(name) if name else None
            if m.group("head") or (prov and level in ("tỉnh", "thành phố")):
                if department and prov:
                    return _placed(department, level or prov[1], prov[0]), True
                place = prov[0] if prov else " ".join(w.capitalize() for w in name.split())
                if not level and prov:
                    level = prov[1]
                issuer = squash(f"UBND {level} {place}")
                return (f"Văn phòng {issuer}" if m.group("unit") else issuer), True
    gz = gazetteer()
    key = name_key(raw)
    if key in gz.lookup:
        return gz.lookup[key], True
    # "SỞ Y TẾ TỈNH LONG AN": a body of the gazetteer, then its province
    level = re.search(rf"\s({level_alternation('province', base=True)})\s", based) if len(based) == len(raw) else None
    if level:
        body = gz.lookup.get(name_key(raw[:level.start()]))
        prov = province_of(raw[level.end():])
        if body and prov:
            return f"{body} {level_of_base()[squash(level.group(1))]} {prov[0]}", True
    unit = _unit_under_parent(raw)
    if unit:
        return unit
    return raw[:1] + raw[1:].lower(), False


def _local_party_committees() -> set[str]:
    """Party committees that the symbol names only by level ("TU" Tỉnh ủy, "HU" Huyện ủy)."""
    return {party_committees()[w] for w in level_words("province", "district")}


def _header_province(raw: str) -> str | None:
    for word in re.finditer(r"\S+", raw):
        lead = leading_province(raw[word.start():])
        if lead:
            return lead[1]
    return None


def _symbol_issuer(number: str | None) -> str | None:
    """The body the document's own number names ("637/TB-VPCP" → Văn phòng Chính phủ,
    "12-TB/VPTW" → Văn phòng Trung ương Đảng), when the abbreviation tables know it and it is
    more than a level ("412/TB-UBND" names no province)."""
    if not number:
        return None
    found = find_citations(number)
    issuer = found[0].issuer if found else None
    if not issuer or " " not in issuer or _ubnd_head().match(base_letters(issuer)):
        return None
    return issuer


def _ministry_of_signature(text: str, authority: str | None) -> str | None:
    """No header and no number, but signed for a minister ("TL. BỘ TRƯỞNG"): the ministry
    the text names most often (its own voice: "Bộ Tài chính xây dựng kế hoạch …")."""
    if not authority or not re.search(r"\bBỘ\s+TRƯỞNG\b", authority):
        return None
    folded = fold_document(text)
    counts = Counter()
    for name in sorted(set(gazetteer().lookup.values())):
        if name.startswith("Bộ "):
            n = len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", folded))
            if n:
                counts[name] = n
    return counts.most_common(1)[0][0] if counts else None


def infer_issuer(text: str, sec: Sections, document, meeting, authority: str | None = None) -> str | None:
    issuer, recognised = _header_issuer(sec)
    symbol = _symbol_issuer(sec.number)
    if symbol in _local_party_committees() and sec.issuer_text:
        # "ĐẢNG BỘ TỈNH QUẢNG NINH / TỈNH ỦY", "215-TB/TU": the committee of the province the header names
        prov = _header_province(sec.issuer_text)
        symbol = f"{symbol} {prov}" if prov else symbol
    if symbol and (issuer is None or not recognised or name_key(issuer) == name_key(symbol)):
        return symbol  # the symbol's expansion is the body's written form ("Thủ tướng Chính phủ")
    if issuer and not re.fullmatch(rf"(?:Văn phòng )?UBND(?: (?:{level_alternation('province')}))?", issuer):
        return issuer
    ministry = None if issuer else _ministry_of_signature(text, authority)
    if ministry:
        return ministry
    # No header, or one that names only "UBND tỉnh": the body must show it is a UBND's notice.
    body = fold_document(text)
    chair_title = (meeting.chair.title if meeting.chair else "") or ""
    if not issuer and not re.search(people_committee_alternation(), body + " " + chair_title, re.IGNORECASE):
        return None
    prov = province_of(document.place) if document.place else None
    prov = prov or _mentioned_province(text)
    if prov is None:
        # A UBND's notice whose province nothing reveals: say what is known.
        level = re.search(rf"(?:{people_committee_alternation()})\s+({level_alternation('province')})", body + " " + chair_title,
                          re.IGNORECASE)
        return issuer or (f"UBND {squash(level.group(1).lower())}" if level else None)
    name, level = prov
    unit = "Văn phòng " if issuer and issuer.startswith("Văn phòng") else ""
    return f"{unit}UBND {level} {name}"
