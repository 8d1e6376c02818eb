"""The gazetteer (data/agencies.json) compiled once: regexes over folded text for every known
body, department and ministry short names for lists, base-letter variants for names OCR
damaged, and the rule patterns for names the gazetteer cannot list (local bodies, telecom
branches, companies, party committees, bodies named with their province or region)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ... import regex_cache, table_cache  # the big patterns and tables: built once per machine, not per process
from ...data import data_path, level_words, load_json
from ..layout import CAP_WORD as _CAP_WORD, LOWER, UPPER, base_letters, fold, name_key
from ..places import (committee_alternation, level_abbreviations, level_alternation, people_committee_alternation,
                      variant_alternation)
from .cues import alternation

# A proper name: capitalised words, possibly joined by " - " ("Bà Rịa - Vũng Tàu").
PROPER = rf"{_CAP_WORD}(?:(?:\s+-\s+|\s+){_CAP_WORD}){{0,4}}"


def flex(surface: str) -> str:
    """Regex for a surface form that tolerates wrapped lines and spacing around punctuation."""
    out = []
    for ch in fold(surface):
        if ch == " ":
            out.append(r"\s+")
        elif ch in ",&-":
            out.append(r"\s*" + re.escape(ch) + r"\s*")
        else:
            out.append(re.escape(ch))
    return "".join(out)


@dataclass
class Gazetteer:
    regex: re.Pattern
    lookup: dict[str, str]
    short_regex: re.Pattern  # department short names and abbreviations, for lists
    short_lookup: dict[str, str]
    ministry_short_lookup: dict[str, str]
    shorts: list[str]
    ministry_short_regex: re.Pattern  # ministry short names ("Quốc phòng", "Công an"), for lists of Bộ
    issuer_keys: set[str] = field(default_factory=set)
    groups: frozenset[str] = frozenset()  # canonical names of levels named as a whole ("UBND các xã")


def local_levels() -> tuple[str, ...]:
    """The levels below the province ("huyện", "xã", "phường", "đặc khu"; data/admin_levels.json),
    longest first; not "thành phố", which is also a province's level (the province-level entries
    and their city forms name its bodies)."""
    province = set(level_words("province"))
    return tuple(w for w in level_words("district", "commune") if w not in province)


def split_level(name: str) -> tuple[str, str] | None:
    """A name ending in a level below the province: (the name before it, the level word); the
    longest level word wins ("Công an thị xã" ends in "thị xã", not "xã")."""
    for word in local_levels():
        if name.endswith(" " + word):
            return name[: -len(word) - 1], word
    return None


def local_level_bodies(bodies: list[dict]) -> list[dict]:
    """data/agencies.json "bodies" with each body marked ``"levels": "local"`` written out at
    every level below the province: the same kind of body exists at each ("Công an xã", "Công an
    phường", "Công an đặc khu"; "Văn phòng HĐND và UBND huyện" → "… và UBND phường")."""
    out = []
    for body in bodies:
        if body.get("levels") != "local":
            out.append(body)
            continue
        forms = [body["name"], *body.get("aliases", [])]
        stems = [split_level(f) for f in forms]
        if any(s is None for s in stems):
            raise ValueError(f"agencies.json: a local body's forms must end in a level word: {body['name']}")
        for level in local_levels():
            name, *aliases = [f"{stem} {level}" for stem, _ in stems]
            out.append({**body, "name": name, "aliases": aliases})
    return out


def _build_table() -> dict:
    """The gazetteer's look-ups and pattern texts as plain values (table_cache keeps them)."""
    data = load_json("agencies.json")
    lookup: dict[str, str] = {}
    short_lookup: dict[str, str] = {}
    ministry_short: dict[str, str] = {}
    for dept in data["departments"]:
        name = f"Sở {dept['short']}"
        for form in [dept["short"], *dept.get("aliases", [])]:
            lookup[name_key(f"Sở {form}")] = name
            short_lookup[name_key(form)] = name
        for ab in dept.get("abbr", []):
            lookup[name_key(f"Sở {ab}")] = name
            short_lookup.setdefault(name_key(ab), name)
            if len(ab) >= 4 and not ab.startswith("S"):
                lookup.setdefault(name_key(f"S{ab}"), name)  # STTTT, SKHĐT
    for min_ in data["ministries"]:
        name = f"Bộ {min_['short']}"
        for form in [min_["short"], *min_.get("aliases", [])]:
            lookup[name_key(f"Bộ {form}")] = name
            ministry_short[name_key(form)] = name
        for ab in min_.get("abbr", []):
            lookup.setdefault(name_key(f"Bộ {ab}") if not ab.startswith("B") else name_key(ab), name)
    city_forms: dict[str, str] = {}
    groups = sorted(body["name"] for body in data["bodies"] if body.get("group"))
    for body in local_level_bodies(data["bodies"]):
        for form in [body["name"], *body.get("aliases", [])]:
            lookup[name_key(form)] = body["name"]
            # A centrally governed city writes "thành phố" where a province writes "tỉnh" ("Bảo
            # hiểm xã hội thành phố", "Công an thành phố"): the same body at that level, as written.
            if form.endswith(" tỉnh") and body["name"].endswith(" tỉnh"):
                city_forms.setdefault(name_key(form[: -len("tỉnh")] + "thành phố"), body["name"][: -len("tỉnh")] + "thành phố")
    for key, name in city_forms.items():
        lookup.setdefault(key, name)
    issuer_keys = sorted({name_key(x) for x in data["issuer_level"]})
    # longest first; ties in alphabetical order, not a set's (hash-seeded) order, so that every
    # process builds the same pattern (and the compiled-pattern cache keeps one entry, not one a run)
    surfaces = sorted({*lookup, *issuer_keys}, key=lambda s: (-len(s), s))
    # Case-sensitive first letter ("Sở", not "cơ sở"; "Bộ", not "toàn bộ"), the rest case-insensitive.
    alts = []
    for s in surfaces:
        first, rest = s[0], s[1:]
        alts.append(f"[{re.escape(first.upper())}]" + (f"(?i:{flex(rest)})" if rest else ""))
    shorts = sorted(short_lookup, key=len, reverse=True)
    # Names of three words or more on base letters ("phong nong nghiep va phat trien nong thon"):
    # a name whose marks OCR or restoration damaged is still unmistakable (base_gazetteer).
    based: dict[str, str] = {}
    for key, name in lookup.items():
        letters = base_letters(key)
        if len(letters.split()) >= 3 and re.fullmatch(r"[a-z ,&\-]+", letters):
            based.setdefault(name_key(letters), name)
    return {
        "regex": r"(?<![\w&])(?:" + "|".join(alts) + r")(?![\w&])",
        "lookup": lookup,
        "short_regex": r"(?i:" + "|".join(flex(s) for s in shorts) + r")(?![\w&])",
        "short_lookup": short_lookup,
        "ministry_short_lookup": ministry_short,
        "shorts": shorts,
        "ministry_short_regex": r"(?i:" + "|".join(flex(s) for s in sorted(ministry_short, key=len, reverse=True))
                                + r")(?![\w&])",
        "issuer_keys": issuer_keys,
        "groups": groups,
        "base_regex": rf"(?<![\w&])(?:{'|'.join(flex(k) for k in sorted(based, key=len, reverse=True))})(?![\w&])",
        "base_lookup": based,
        "damaged": {head: _damaged_head_table(head, short_lookup if head == "Sở" else ministry_short)
                    for head in ("Sở", "Bộ")},
        "rule": _rule_pattern(),
        "province_suffixed": _province_suffixed_table(),
        "open_heads": _open_heads_pattern(),
    }


def _restore(table: dict) -> dict:
    """The gazetteer and the tables beside it from :func:`_build_table`'s value (patterns
    through regex_cache); KeyError, TypeError or ValueError when the value is malformed."""
    pattern = regex_cache.compile
    province, stems = table["province_suffixed"]
    return {
        "gazetteer": Gazetteer(pattern(table["regex"]), dict(table["lookup"]), pattern(table["short_regex"]),
                               dict(table["short_lookup"]), dict(table["ministry_short_lookup"]),
                               list(table["shorts"]), pattern(table["ministry_short_regex"]),
                               set(table["issuer_keys"]), frozenset(table["groups"])),
        "base": (pattern(table["base_regex"]), dict(table["base_lookup"])),
        "damaged": {head: (pattern(text), dict(shorts)) for head, (text, shorts) in table["damaged"].items()},
        "rule": pattern(table["rule"]),
        "province_suffixed": (pattern(province), dict(stems)),
        "open_heads": pattern(table["open_heads"]),
    }


# What the table is built from: its data files and the code that reads them (the fingerprint of
# table_cache's key; tests/test_table_cache.py checks that a build runs no other module's code).
TABLE_FILES = ("agencies.json", "admin_levels.json", "agency_cues.json")
TABLE_MODULES = (__name__, "notice_parser.extract.layout", "notice_parser.extract.places",
                 "notice_parser.extract.agencies.cues", "notice_parser.data", "notice_parser.vietnamese")


@lru_cache(maxsize=1)
def _tables() -> dict:
    return table_cache.load("gazetteer", _build_table, _restore, modules=TABLE_MODULES,
                            files=[data_path(name) for name in TABLE_FILES])


def gazetteer() -> Gazetteer:
    return _tables()["gazetteer"]


def base_gazetteer() -> tuple[re.Pattern, dict[str, str]]:
    """Gazetteer names of three words or more on base letters ("phong nong nghiep va phat trien
    nong thon"): a name whose marks OCR or restoration damaged is still unmistakable."""
    return _tables()["base"]


def damaged_head(head: str) -> tuple[re.Pattern, dict[str, str]]:
    """A department's (``head`` "Sở") or ministry's ("Bộ") short name of two words or more after
    a capital word OCR made of the head ("SG Nông nghiệp và Phát triển nông thôn", "S6 Tài chính",
    "BG Y tế", "BỘ Nội vụ"), on base letters."""
    return _tables()["damaged"][head]


def _damaged_head_table(head: str, table: dict[str, str]) -> tuple[str, dict[str, str]]:
    """damaged_head's pattern text and look-up, from the short names of ``head`` 's bodies."""
    shorts: dict[str, str] = {}
    for key, name in table.items():
        based = base_letters(key)
        if name.startswith(f"{head} ") and len(based.split()) >= 2 and re.fullmatch(r"[a-z ,&\-]+", based):
            shorts.setdefault(name_key(based), name)
    alts = "|".join(flex(k) for k in sorted(shorts, key=len, reverse=True))
    # the head's base letters ("so"/"bo": "Sở", "Số", "BỘ"), or its first letter and a digit or a
    # consonant ("SG", "S6", "BG", "B6"); not a word such as "Sau" or "Bởi" that can stand before a
    # capitalised phrase
    first = base_letters(head[0])
    return rf"(?<![\w&]){first}(?:o|[0-9bcdfghjklmnpqrstvwxz][0-9]?)\s+(?P<short>{alts})(?![\w&])", shorts


@lru_cache(maxsize=1)
def hyphen_pairs() -> frozenset[tuple[str, str]]:
    """The words that meet at the hyphen of every hyphenated name of the gazetteer, folded and
    lower case ("Công nghiệp - Viễn thông Quân đội" → ("nghiệp", "viễn")): a line wrapped at
    that hyphen leaves the second half on a line that looks like a bullet."""
    pairs: set[tuple[str, str]] = set()

    def walk(value) -> None:
        if isinstance(value, str):
            for m in re.finditer(r"(\w+)\s+-\s+(\w+)", value):
                pairs.add((fold(m.group(1)).lower(), fold(m.group(2)).lower()))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    data = load_json("agencies.json")
    walk({k: v for k, v in data.items() if k != "about"})
    return frozenset(pairs)


@lru_cache(maxsize=1)
def telecoms() -> list[str]:
    return list(load_json("agencies.json")["telecoms"])


def rule_regex() -> re.Pattern:
    return _tables()["rule"]


def _rule_pattern() -> str:
    telecom = "|".join(re.escape(t) for t in sorted(telecoms(), key=len, reverse=True))
    regional = "|".join(flex(h) for h in sorted(load_json("agencies.json")["regional_heads"], key=len, reverse=True))
    province, commune = level_alternation("province"), level_alternation("commune")
    cue = load_json("agency_cues.json")
    organs, leaders = alternation(cue["party_organs"]["words"]), alternation(cue["leaders_without_body"]["words"])
    legal_form = alternation(cue["companies"]["legal_forms"])
    units = alternation(cue["party_organs"]["unit_heads"])
    unit_name = rf"{_CAP_WORD}(?:\s+[{LOWER}]+){{0,2}}?"
    # a level written out, or abbreviated ("TP.", "Tp. Hà Nội", "TX Buôn Hồ")
    abbreviated = "|".join(f"{re.escape(a)}\\.?|{re.escape(a[:1] + a[1:].lower())}\\.?"
                           for a in sorted(level_abbreviations(), key=lambda a: (-len(a), a)))
    return (
        # a leader with no body of their own ("Phó Thủ tướng"), as written with the title and the name
        rf"(?P<person>(?:{leaders})\s+{_CAP_WORD}(?:\s+{_CAP_WORD}){{1,3}})"
        # party committees of a province or city ("Thường trực Tỉnh ủy Thanh Hóa" takes its place after)
        rf"|(?P<committee>(?:(?:{organs})\s+)?{committee_alternation('province')})"
        # a commune-level party committee ("Đảng ủy phường Hải Châu", "Đảng ủy đặc khu Phú Quốc")
        rf"|(?P<commune_party>{committee_alternation('commune')}\s+(?:{commune})\s+{PROPER})"
        # bodies renamed in 2025 and organised by region ("Kho bạc Nhà nước khu vực XII")
        rf"|(?P<region>(?:{regional})\s+[kK]hu\s+vực\s+(?:[IVXLC]+|\d+)(?![\w]))"

        rf"|(?P<local>(?:{people_committee_alternation()}|Công\s+an)\s+(?P<level>{variant_alternation()}|{level_alternation()}|{abbreviated})\s*(?P<lname>{PROPER}))"
        rf"|(?P<tel>(?P<tname>{telecom})(?:\s+(?:{province}))?\s+(?P<tplace>{PROPER}))"
        # a company; in lower case only with its legal form ("công ty TNHH X", not "các công ty")
        rf"|(?P<company>(?:Công\s+ty\s+(?:(?i:{legal_form})\s+)?|công\s+ty\s+(?i:{legal_form})\s+){PROPER})"
        # a party committee's own body ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "Văn phòng Thành ủy")
        rf"|(?P<party>(?:{units})(?:\s+{unit_name}(?:\s+và\s+{unit_name})?)?\s+{committee_alternation('province', 'district')})"
        rf"|(?P<dept>Sở\s+{_CAP_WORD}(?:\s+(?:và\s+)?{_CAP_WORD}){{0,5}})"
        rf"|(?P<bare>(?<![\w])(?:{telecom})(?![\w]))"
    )


def province_suffixed() -> tuple[re.Pattern, dict[str, str]]:
    """Gazetteer bodies of the form "X tỉnh" written with the province's name instead
    ("Kho bạc Nhà nước Quảng Nam", "Cục Thuế tỉnh Nghệ An"): regex over the folded text and
    the canonical name of each stem."""
    return _tables()["province_suffixed"]


def _province_suffixed_table() -> tuple[str, dict[str, str]]:
    data = load_json("agencies.json")
    stems: dict[str, str] = {}
    for body in data["bodies"]:
        for form in [body["name"], *body.get("aliases", [])]:
            if form.endswith(" tỉnh") and len(form.split()) >= 2:
                stems[name_key(form[:-len(" tỉnh")])] = body["name"]
    alts = "|".join(f"[{re.escape(k[0].upper())}](?i:{flex(k[1:])})" for k in sorted(stems, key=len, reverse=True))
    return rf"(?<![\w&])(?P<stem>{alts})\s+(?:(?i:{level_alternation('province')})\s+)?(?P<place>{PROPER})", stems


@lru_cache(maxsize=1)
def named_by_place() -> frozenset[str]:
    """Canonical names ("… tỉnh") of the provincial bodies whose own name carries the province's
    name with no level word (data/agencies.json "named_by_place": "Báo và Phát thanh, Truyền hình
    Lào Cai", "Công ty Điện lực Quảng Trị")."""
    return frozenset(b["name"] for b in load_json("agencies.json")["bodies"] if b.get("named_by_place"))


def open_heads() -> re.Pattern:
    """Heads of bodies outside the gazetteer (data/agencies.json "open_heads")."""
    return _tables()["open_heads"]


def _open_heads_pattern() -> str:
    heads = load_json("agencies.json")["open_heads"]
    cap = "|".join(flex(h) for h in sorted(heads["capitalised_next"], key=len, reverse=True))
    anyw = "|".join(flex(h) for h in sorted(heads["any_next"], key=len, reverse=True))
    # "Vụ Đông Xuân" is a crop season, not a ministry's department: a head before those words opens no name
    not_bodies = "|".join(flex(x) for x in sorted(heads["not_bodies"], key=len, reverse=True))
    return (rf"(?<![\w&])(?!(?:{not_bodies})(?!\w))"
            rf"(?:(?P<any>{anyw})\s+(?=\w)|(?P<cap>{cap})\s+(?=[{UPPER}]))")


@lru_cache(maxsize=1)
def body_names() -> list[tuple[int, str, str]]:
    """(word count, base letters, canonical name) of every Sở and Bộ in the gazetteer."""
    names = {n for n in gazetteer().lookup.values() if n.startswith(("Sở ", "Bộ "))}
    return [(len(n.split()), base_letters(n), n) for n in sorted(names)]


def fuzzy_body(text: str, pos: int, end: int, threshold: float = 0.88) -> tuple[int, str] | None:
    words = list(re.finditer(r"\S+", text[pos:min(end, pos + 120)]))
    best = None
    for k in range(2, min(len(words), max(n for n, _, _ in body_names()) + 1) + 1):
        cand = base_letters(" ".join(w.group() for w in words[:k])).strip(".,;:")
        found = closest_body(cand, k, threshold)
        if found and (best is None or found[0] > best[0]):
            best = (found[0], pos + words[k - 1].end(), found[1])
    if best is None:
        return None
    end_at = best[1]
    while end_at > pos and text[end_at - 1] in ".,;:":
        end_at -= 1
    return end_at, best[2]


@lru_cache(maxsize=4096)
def closest_body(cand: str, words: int, threshold: float) -> tuple[float, str] | None:
    """The gazetteer Sở/Bộ closest to cand (same word count ± 1), if within threshold."""
    best = None
    for n, key, name in body_names():
        if abs(n - words) > 1:
            continue
        sm = difflib.SequenceMatcher(None, cand, key)
        # Cheap upper bounds first: most candidates are rejected without the full comparison.
        if sm.real_quick_ratio() < threshold or sm.quick_ratio() < threshold:
            continue
        ratio = sm.ratio()
        if ratio >= threshold and (best is None or ratio > best[0]):
            best = (ratio, name)
    return best


@lru_cache(maxsize=None)
def head_suffixes(head: str) -> tuple[re.Pattern | None, dict[str, str]]:
    """Gazetteer bodies named "<head> X" ("Tập đoàn Điện lực Việt Nam"), for lists that write the
    head once ("các Tập đoàn: Điện lực Việt Nam, …"): a regex of the X parts over folded text and
    the canonical name of each."""
    prefix = name_key(head) + " "
    suffixes = {key[len(prefix):]: name for key, name in gazetteer().lookup.items() if key.startswith(prefix)}
    if not suffixes:
        return None, {}
    alts = "|".join(flex(k) for k in sorted(suffixes, key=len, reverse=True))
    return regex_cache.compile(rf"(?i:{alts})(?![\w&])"), suffixes
