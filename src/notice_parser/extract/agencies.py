"""Agencies: find the bodies a directive names, give each its canonical name, and decide
which ones the directive assigns, as lead or as support.

Names come from the gazetteer (data/agencies.json), from rules for names outside it
("UBND huyện X", "VNPT Bắc Kạn", "Công ty Cổ phần X", unknown "Sở X"), and from list
expansion ("các Sở: Tài chính, Nội vụ" → "Sở Tài chính", "Sở Nội vụ"; "Sở Văn hóa, Thể thao
và Du lịch" is one body with commas inside). Roles come from where a name stands:
the subject of the clause or the object of "giao", "yêu cầu", "đề nghị", or followed by
"chủ trì" → lead; after "phối hợp (với)", "cùng với", "hỗ trợ" → support; a list continues
the role of its first member. A name anywhere else ("báo cáo UBND tỉnh", "gửi Sở Tài chính",
"đề xuất của Sở X") is not assigned anything.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..data import load_json, load_lines
from .layout import CAP_WORD as _CAP_WORD, LOWER, UPPER, base_document, base_letters, fold, fold_document, name_key, squash
from .places import leading_province, province_of, snap_province

# A proper name: capitalised words, possibly joined by " - " ("Bà Rịa - Vũng Tàu").
_PROPER = rf"{_CAP_WORD}(?:(?:\s+-\s+|\s+){_CAP_WORD}){{0,4}}"


def _flex(surface: str) -> str:
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
class Mention:
    start: int
    end: int
    names: list[str]  # canonical names (a list expansion gives several)
    surface: str
    generic: bool = False  # "các sở, ngành liên quan": takes part in lists and roles, never reported
    issuer: bool = False  # the issuing authority itself (UBND tỉnh): never an assignee
    role: str | None = None
    via: str | None = None  # how the role was decided: subject, object, chair, support, list


@dataclass
class Gazetteer:
    regex: re.Pattern
    lookup: dict[str, str]
    short_regex: re.Pattern  # department short names and abbreviations, for lists
    short_lookup: dict[str, str]
    ministry_short_lookup: dict[str, str]
    shorts: list[str]
    issuer_keys: set[str] = field(default_factory=set)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
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
    for body in data["bodies"]:
        for form in [body["name"], *body.get("aliases", [])]:
            lookup[name_key(form)] = body["name"]
            # A centrally governed city writes "thành phố" where a province writes "tỉnh" ("Bảo
            # hiểm xã hội thành phố", "Công an thành phố"): the same body at that level, as written.
            if form.endswith(" tỉnh") and body["name"].endswith(" tỉnh"):
                city_forms.setdefault(name_key(form[: -len("tỉnh")] + "thành phố"), body["name"][: -len("tỉnh")] + "thành phố")
    for key, name in city_forms.items():
        lookup.setdefault(key, name)
    issuer_keys = {name_key(x) for x in data["issuer_level"]}
    surfaces = sorted({*lookup, *issuer_keys}, key=len, reverse=True)
    # Case-sensitive first letter ("Sở", not "cơ sở"; "Bộ", not "toàn bộ"), the rest case-insensitive.
    alts = []
    for s in surfaces:
        first, rest = s[0], s[1:]
        alts.append(f"[{re.escape(first.upper())}]" + (f"(?i:{_flex(rest)})" if rest else ""))
    regex = re.compile(r"(?<![\w&])(?:" + "|".join(alts) + r")(?![\w&])")
    shorts = sorted(short_lookup, key=len, reverse=True)
    short_regex = re.compile(r"(?i:" + "|".join(_flex(s) for s in shorts) + r")(?![\w&])")
    return Gazetteer(regex, lookup, short_regex, short_lookup, ministry_short, shorts, issuer_keys)


@lru_cache(maxsize=1)
def _base_gazetteer() -> tuple[re.Pattern, dict[str, str]]:
    """Gazetteer names of three words or more on base letters ("phong nong nghiep va phat trien
    nong thon"): a name whose marks OCR or restoration damaged is still unmistakable."""
    lookup: dict[str, str] = {}
    for key, name in gazetteer().lookup.items():
        based = base_letters(key)
        if len(based.split()) >= 3 and re.fullmatch(r"[a-z ,&\-]+", based):
            lookup.setdefault(name_key(based), name)
    alts = "|".join(_flex(k) for k in sorted(lookup, key=len, reverse=True))
    return re.compile(rf"(?<![\w&])(?:{alts})(?![\w&])"), lookup


@lru_cache(maxsize=1)
def _damaged_so() -> tuple[re.Pattern, dict[str, str]]:
    """A department's short name of two words or more after a capital S-word OCR made of "Sở"
    ("SG Nông nghiệp và Phát triển nông thôn", "S6 Tài chính"), on base letters."""
    shorts: dict[str, str] = {}
    for key, name in gazetteer().short_lookup.items():
        based = base_letters(key)
        if name.startswith("Sở ") and len(based.split()) >= 2 and re.fullmatch(r"[a-z ,&\-]+", based):
            shorts.setdefault(name_key(based), name)
    alts = "|".join(_flex(k) for k in sorted(shorts, key=len, reverse=True))
    # "So"/"Sở"/"Số" (base letters "so"), or S + a digit or consonant ("SG", "S6"); not a word
    # such as "Sau" that can stand before a capitalised phrase
    return re.compile(rf"(?<![\w&])s(?:o|[0-9bcdfghjklmnpqrstvwxz][0-9]?)\s+(?P<short>{alts})(?![\w&])"), shorts


@lru_cache(maxsize=1)
def _telecoms() -> list[str]:
    return list(load_json("agencies.json")["telecoms"])


@lru_cache(maxsize=1)
def _rule_regex() -> re.Pattern:
    telecom = "|".join(re.escape(t) for t in sorted(_telecoms(), key=len, reverse=True))
    return re.compile(
        rf"(?P<local>(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|Công\s+an)\s+(?P<level>huyện|thị\s+xã|thành\s+phố|quận|xã|phường|thị\s+trấn|tỉnh|TP\.?|TX\.?|Tp\.?)\s*(?P<lname>{_PROPER}))"
        rf"|(?P<tel>(?P<tname>{telecom})(?:\s+(?:tỉnh|thành\s+phố))?\s+(?P<tplace>{_PROPER}))"
        rf"|(?P<company>Công\s+ty\s+(?:(?i:cổ\s+phần|TNHH(?:\s+MTV)?|trách\s+nhiệm\s+hữu\s+hạn)\s+)?{_PROPER})"
        rf"|(?P<party>Ban\s+{_CAP_WORD}(?:\s+[{LOWER}]+){{0,2}}?\s+(?:Tỉnh|Thành|Huyện)\s+[ủu][ỷy])"
        rf"|(?P<dept>Sở\s+{_CAP_WORD}(?:\s+(?:và\s+)?{_CAP_WORD}){{0,5}})"
        rf"|(?P<bare>(?<![\w])(?:{telecom})(?![\w]))"
    )


@lru_cache(maxsize=1)
def _province_suffixed() -> tuple[re.Pattern, dict[str, str]]:
    """Gazetteer bodies of the form "X tỉnh" written with the province's name instead
    ("Kho bạc Nhà nước Quảng Nam", "Cục Thuế tỉnh Nghệ An"): regex over the folded text and
    the canonical name of each stem."""
    data = load_json("agencies.json")
    stems: dict[str, str] = {}
    for body in data["bodies"]:
        for form in [body["name"], *body.get("aliases", [])]:
            if form.endswith(" tỉnh") and len(form.split()) >= 2:
                stems[name_key(form[:-len(" tỉnh")])] = body["name"]
    alts = "|".join(f"[{re.escape(k[0].upper())}](?i:{_flex(k[1:])})" for k in sorted(stems, key=len, reverse=True))
    regex = re.compile(rf"(?<![\w&])(?P<stem>{alts})\s+(?:(?i:tỉnh|thành\s+phố)\s+)?(?P<place>{_PROPER})")
    return regex, stems


@lru_cache(maxsize=1)
def _open_heads() -> tuple[re.Pattern, tuple[str, ...]]:
    """Heads of bodies outside the gazetteer (data/agencies.json "open_heads"), and the words
    that open a predicate (data/predicate_starts.txt), longest first."""
    heads = load_json("agencies.json")["open_heads"]
    cap = "|".join(_flex(h) for h in sorted(heads["capitalised_next"], key=len, reverse=True))
    anyw = "|".join(_flex(h) for h in sorted(heads["any_next"], key=len, reverse=True))
    regex = re.compile(rf"(?<![\w&])(?:(?P<any>{anyw})\s+(?=\w)|(?P<cap>{cap})\s+(?=[{UPPER}]))")
    predicates = tuple(sorted(load_lines("predicate_starts.txt"), key=len, reverse=True))
    return regex, predicates


_DISTRICT_PLACE = re.compile(rf"[ \t]+(?P<place>{_PROPER})")
_LEVEL_SPELLINGS = {"tinh": "tỉnh", "huyen": "huyện"}


def _level_spelling(name: str) -> str:
    """A name ending in a level word whose marks were damaged ("… giao thông tĩnh") ends in it."""
    head, _, last = name.rpartition(" ")
    fixed = _LEVEL_SPELLINGS.get(base_letters(last)) if head and last.islower() else None
    return f"{head} {fixed}" if fixed else name


# Words that end a name the gazetteer does not know: what follows them belongs to the clause.
_NAME_STOP = frozenset("của tại theo về trong để cho với nhằm do từ trên khi thì đến như sau trước "
                       "và hoặc cùng gồm thuộc nay này đó".split())
_NAME_WORD = re.compile(r"(\s*)([^\s,;:.()\[\]\"“”/]+)")
_MARKER = re.compile(r"(?:\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-+•–])$")
_MAX_OPEN_WORDS = 14
# "tỉnh" may end a name alone; the other levels only before a place's name ("xã hội" is not a level).
_LEVEL_WORD = re.compile(rf"(?:tỉnh|(?:huyện|quận|thị\s+xã|thị\s+trấn|thành\s+phố|xã|phường)(?=\s+[{UPPER}]))(?!\w)")


def _open_name_end(text: str, pos: int, end: int) -> int:
    """Where a name opened by a head word (which ends at ``pos``) ends: before punctuation, a
    predicate word, a linking word, a new list item or a blank line, or after its place
    ("... huyện Quế Sơn", "... tỉnh"); at most 14 words."""
    regex, predicates = _open_heads()
    last, words = pos, 0
    i = pos
    in_place = False  # after a level word ("huyện", "tỉnh"): the place's name, then the end
    while words < _MAX_OPEN_WORDS:
        m = _NAME_WORD.match(text, i, end)
        if not m:
            break
        gap, word = m.group(1), m.group(2)
        if "\n\n" in gap.replace(" ", "") or ("\n" in gap and _MARKER.match(word)):
            break
        if in_place and not word[:1].isupper():
            break
        level = _LEVEL_WORD.match(text, m.start(2), end) if words else None
        if level:
            last, i, words, in_place = level.end(), level.end(), words + 1, True
            continue
        low = word.lower()
        rest = " ".join(text[m.start(2):m.start(2) + 40].lower().split())  # a predicate may wrap lines
        if any(rest.startswith(p) and not rest[len(p):len(p) + 1].isalnum() for p in predicates):
            break
        if low in _NAME_STOP:
            # "Đài Phát thanh và Truyền hình": "và" inside a name joins two capitalised words.
            nxt = _NAME_WORD.match(text, m.end(), end)
            if not (low == "và" and nxt and nxt.group(2)[:1].isupper() and "\n" not in nxt.group(1)
                    and not regex.match(text, nxt.start(2))
                    and not gazetteer().regex.match(fold_document(text), nxt.start(2))):
                break
        last, i, words = m.end(2), m.end(), words + 1
        if text[last:last + 1] in ",;:.()":
            break
    return last


_GENERIC = re.compile(
    r"(?i:(?:các|những)\s+(?:s\w{0,2}(?=\s*,\s*(?:ban|ngành))|sở|bộ|cơ\s+quan|đơn\s+vị|ngành|địa\s+phương|doanh\s+nghiệp|huyện|xã|phòng|ban|tổ\s+chức)"
    r"(?:\s*,?\s*(?:sở|ban|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương|đoàn\s+thể|huyện|thị\s+xã|thành\s+phố)){0,4}"
    r"(?:\s+(?:liên\s+quan|có\s+liên\s+quan|trực\s+thuộc|thuộc\s+tỉnh|tham\s+gia(?:\s+\w+){0,4})){0,1})"
)
# "các Sở:", "các sở, ngành:"; OCR may damage "Sở" ("các Sa, ngành:"), which the ", ngành" still identifies.
_LIST_HEAD = re.compile(
    r"(?P<head>(?i:(?:các|những)\s+)?(?:(?P<kind>[Ss]ở|[Bb]ộ)(?i:\s*,\s*(?:ban\s*,?\s*)?ngành)?"
    r"|(?i:các|những)\s+S\w{0,2}(?i:\s*,\s*(?:ban\s*,?\s*)?ngành)))\s*:\s*")


_LEVEL_ABBR = {"tp": "thành phố", "tp.": "thành phố", "tx": "thị xã", "tx.": "thị xã"}
# "UBND các huyện: Krông Pắc, Ea Kar và thị xã Buôn Hồ" → one body per place.
_LOCAL_LIST = re.compile(
    rf"(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+các\s+(?P<levels>(?:huyện|thị\s+xã|thành\s+phố|quận|xã|phường|thị\s+trấn)"
    rf"(?:\s*,\s*(?:huyện|thị\s+xã|thành\s+phố|quận|xã|phường|thị\s+trấn))*)\s*:\s*"
    rf"(?P<items>(?:(?:huyện|thị\s+xã|thành\s+phố|quận|xã|phường|thị\s+trấn)\s+)?{_PROPER}"
    rf"(?:\s*(?:,|\bvà\b)\s*(?:(?:huyện|thị\s+xã|thành\s+phố|quận|xã|phường|thị\s+trấn)\s+)?{_PROPER})*)"
)


def _local_list_names(m: re.Match) -> list[str]:
    levels = [squash(x) for x in m.group("levels").split(",")]
    default = levels[0] if len(levels) == 1 else None
    names = []
    for item in re.split(r"\s*(?:,|\bvà\b)\s*", m.group("items")):
        lv = re.match(r"(huyện|thị\s+xã|thành\s+phố|quận|xã|phường|thị\s+trấn)\s+", item)
        level = squash(lv.group(1)) if lv else default
        place = _canonical_place(item[lv.end():] if lv else item)
        names.append(f"UBND {level} {place}" if level else f"UBND {place}")
    return names


def _canonical_place(name: str) -> str:
    return squash(re.sub(r"\s*-\s*", " - ", name))


def _match_short(folded: str, pos: int, kind: str) -> tuple[int, str] | None:
    """A department (or ministry) short name or abbreviation at pos of the folded text: (end, canonical name)."""
    gz = gazetteer()
    m = gz.short_regex.match(folded, pos)
    if m:
        key = name_key(m.group())
        name = gz.short_lookup.get(key)
        if kind == "Bộ":
            name = gz.ministry_short_lookup.get(key) or (name and "Bộ" + name[2:])
        if name:
            return m.end(), name
    # Typos in real notices ("Giáo dục vào Đào tạo"): the same number of words within one small edit.
    words = list(re.finditer(r"[^\s,;:.()]+", folded[pos:pos + 80]))
    best = None
    for short in gz.shorts:
        n = len(short.split())
        if n < 2 or len(words) < n:
            continue
        cand = folded[pos:pos + words[n - 1].end()]
        ratio = difflib.SequenceMatcher(None, name_key(cand), short).ratio()
        if ratio >= 0.9 and (best is None or ratio > best[0]):
            best = (ratio, pos + words[n - 1].end(), gz.short_lookup[short])
    if best:
        name = best[2] if kind != "Bộ" else "Bộ" + best[2][2:]
        return best[1], name
    return None


@lru_cache(maxsize=1)
def _body_names() -> list[tuple[int, str, str]]:
    """(word count, base letters, canonical name) of every Sở and Bộ in the gazetteer."""
    names = {n for n in gazetteer().lookup.values() if n.startswith(("Sở ", "Bộ "))}
    return [(len(n.split()), base_letters(n), n) for n in sorted(names)]


def _fuzzy_body(text: str, pos: int, end: int, threshold: float = 0.88) -> tuple[int, str] | None:
    words = list(re.finditer(r"\S+", text[pos:min(end, pos + 120)]))
    best = None
    for k in range(2, min(len(words), max(n for n, _, _ in _body_names()) + 1) + 1):
        cand = base_letters(" ".join(w.group() for w in words[:k])).strip(".,;:")
        found = _closest_body(cand, k, threshold)
        if found and (best is None or found[0] > best[0]):
            best = (found[0], pos + words[k - 1].end(), found[1])
    if best is None:
        return None
    end_at = best[1]
    while end_at > pos and text[end_at - 1] in ".,;:":
        end_at -= 1
    return end_at, best[2]


@lru_cache(maxsize=4096)
def _closest_body(cand: str, words: int, threshold: float) -> tuple[float, str] | None:
    """The gazetteer Sở/Bộ closest to cand (same word count ± 1), if within threshold."""
    best = None
    for n, key, name in _body_names():
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


_LIST_SEP = re.compile(r"\s*(?:,\s*và|,|;|\bvà\b)\s*")


def _expand_list(folded: str, pos: int, kind: str) -> tuple[int, list[str]]:
    """Consume 'A, B và C' of short names from pos (of the folded text); full agency names may join the list."""
    names, end = [], pos
    while True:
        got = _match_short(folded, pos, kind)
        if got is None:
            m = gazetteer().regex.match(folded, pos)
            if not m:
                break
            name = gazetteer().lookup.get(name_key(m.group()))
            if not name:
                break
            got = (m.end(), name)
        end, name = got
        names.append(name)
        sep = _LIST_SEP.match(folded, end)
        if not sep:
            break
        pos = sep.end()
    return end, names


def find_mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Every agency mention in text[start:end], with offsets into text."""
    end = len(text) if end is None else end
    gz = gazetteer()
    folded = fold_document(text)
    found: list[Mention] = []
    taken = [False] * (end - start + 1)

    def add(m_start: int, m_end: int, names: list[str], **kw) -> None:
        if m_end <= m_start or any(taken[m_start - start:m_end - start]):
            return
        for i in range(m_start - start, m_end - start):
            taken[i] = True
        found.append(Mention(m_start, m_end, names, squash(text[m_start:m_end]), **kw))

    # 1. Lists introduced by "các Sở:", "các sở, ngành:".
    for m in _LIST_HEAD.finditer(folded, start, end):
        kind = "Bộ" if (m.group("kind") or "s").lower().startswith("b") else "Sở"
        list_end, names = _expand_list(folded, m.end(), kind)
        if names:
            add(m.start(), list_end, names)
    for m in _LOCAL_LIST.finditer(text, start, end):
        add(m.start(), m.end(), _local_list_names(m))
    # 2. Local bodies, telecom branches, companies, party committees (names the gazetteer cannot
    # list), and gazetteer bodies named with their province ("Kho bạc Nhà nước Quảng Nam").
    suffixed, stems = _province_suffixed()
    for m in suffixed.finditer(folded, start, end):
        prov = leading_province(m.group("place"))
        if prov:
            name = stems[name_key(m.group("stem"))]
            if prov[2] == "thành phố":  # "Công an thành phố Cần Thơ" → "Công an thành phố"
                name = name[: -len("tỉnh")] + "thành phố"
            add(m.start(), m.start("place") + prov[0], [name])
    rule_matches = list(_rule_regex().finditer(text, start, end))
    for m in rule_matches:
        if m.group("local"):
            level = squash(m.group("level")).lower()
            level = _LEVEL_ABBR.get(level, level)
            place = _canonical_place(m.group("lname"))
            head = "Công an" if m.group("local").startswith("Công") else "UBND"
            issuer = head == "UBND" and (level == "tỉnh" or province_of(place) is not None)
            add(m.start(), m.end(), [] if issuer else [f"{head} {level} {place}"], issuer=issuer)
        elif m.group("tel"):
            add(m.start(), m.end(), [f"{m.group('tname')} {snap_province(_canonical_place(m.group('tplace')))}"])
        elif m.group("company") or m.group("party"):
            add(m.start(), m.end(), [squash(m.group())])
    # 3. Gazetteer names, longest first; "Sở Tài chính, Nội vụ" continues as a list.
    for m in gz.regex.finditer(folded, start, end):
        key = name_key(m.group())
        if key in gz.issuer_keys and key not in gz.lookup:
            add(m.start(), m.end(), [], issuer=True)
            continue
        name = gz.lookup.get(key)
        if not name:
            continue
        names, m_end = [name], m.end()
        if name.startswith(("Sở ", "Bộ ")):
            sep = re.match(r"\s*(?:,|\bvà\b)\s*", text[m_end:end])
            if sep:
                list_end, more = _expand_list(folded, m_end + sep.end(), name[:2])
                # Only short names continue the list ("Sở Tài chính, Nội vụ"); a full name is its own mention.
                if more and not gz.regex.match(folded, m_end + sep.end()):
                    names, m_end = [name, *more], list_end
        elif name.endswith(" huyện"):
            # A district body keeps its district's name ("Trung tâm Y tế huyện Quế Sơn"): a notice
            # may name several; a province is the issuer's and goes ("Công an tỉnh Nghệ An").
            place = _DISTRICT_PLACE.match(text, m_end, end)
            if m.group().endswith(("huyện", "Huyện")) and place:
                names, m_end = [f"{name} {_canonical_place(place.group('place'))}"], place.end()
        add(m.start(), m_end, names)
    # Gazetteer names whose marks were damaged, matched on base letters (capitalised like a name).
    based = base_document(text)
    if based:
        regex, lookup = _base_gazetteer()
        for m in regex.finditer(based, start, end):
            if text[m.start()].isupper():
                add(m.start(), m.end(), [lookup[name_key(m.group())]])
        regex, shorts = _damaged_so()
        for m in regex.finditer(based, start, end):
            if text[m.start()] == "S" and text[m.start("short")].isupper():
                add(m.start(), m.end(), [shorts[name_key(m.group("short"))]])
    # Unknown departments and bare telecom names, after the gazetteer had its say. A name the
    # gazetteer missed because OCR damaged a word ("Sở Thông tin và U,ruyén thông") is matched fuzzily.
    for m in rule_matches:
        if m.group("dept"):
            fuzzy = _fuzzy_body(text, m.start(), end)
            if fuzzy:
                add(m.start(), fuzzy[0], [fuzzy[1]])
            else:
                add(m.start(), m.end(), [squash(m.group())])
        elif m.group("bare"):
            add(m.start(), m.end(), [m.group()])
    # Bodies the gazetteer does not list, known by their head word ("Ban Quản lý dự án đầu tư
    # xây dựng các công trình giao thông tỉnh", "Trung tâm Y tế huyện Quế Sơn").
    for m in _open_heads()[0].finditer(folded, start, end):
        name_end = _open_name_end(text, m.end(), end)
        if name_end > m.end():
            add(m.start(), name_end, [_level_spelling(_canonical_place(text[m.start():name_end]))])
    # 4. Generic groups ("các sở, ngành liên quan") take part in lists and roles only.
    for m in _GENERIC.finditer(text, start, end):
        add(m.start(), m.end(), [], generic=True)
    found.sort(key=lambda x: x.start)
    return found


# Words before a name that make it the object of an assignment.
_LEAD_BEFORE = re.compile(
    r"(?:\b(?:giao|giao\s+cho|yêu\s+cầu|đề\s+nghị|chỉ\s+đạo|phân\s+công|ủy\s+quyền|uỷ\s+quyền|tiếp\s+tục\s+giao|"
    r"giao\s+nhiệm\s+vụ\s+cho|nhờ)\s*(?:(?:các|cho|đồng\s+chí|Giám\s+đốc|Thủ\s+trưởng|Lãnh\s+đạo|Chủ\s+tịch|lãnh\s+đạo)\s+)*)$",
    re.IGNORECASE,
)
_SUPPORT_BEFORE = re.compile(
    # "hỗ trợ X" names X as a party to the task: the team's gold marks it support (sample 004:
    # "Giao Sở Tư pháp phối hợp hướng dẫn, hỗ trợ Sở Thông tin và Truyền thông …")
    r"(?:\b(?:phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với|\s+cùng)?|cùng\s+với|cùng|(?:sự\s+)?hỗ\s+trợ(?:\s+của)?|sự\s+phối\s+hợp\s+của|"
    r"tham\s+gia\s+cùng)\s*(?:các\s+)?)$",
    re.IGNORECASE,
)
# Heads of a body stand for the body ("Giám đốc Sở X chủ trì").
_HEAD_PREFIX = re.compile(
    r"(?:\b(?:[Đđ]ồng\s+chí|Giám\s+đốc|Thủ\s+trưởng|Lãnh\s+đạo|Tập\s+thể\s+lãnh\s+đạo|Chủ\s+tịch|Người\s+đứng\s+đầu|Trưởng|Chánh|"
    r"Đề\s+nghị|Giao|Yêu\s+cầu|Các|các|Riêng|Đồng\s+thời|đồng\s+thời|Đối\s+với)\s*)+$",
)
_LEAD_AFTER = re.compile(r"^\s*(?:,\s*)?(?:chủ\s+trì|làm\s+đầu\s+mối|là\s+cơ\s+quan\s+chủ\s+trì|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm)\b",
                         re.IGNORECASE)
_NOT_SUBJECT_AFTER = re.compile(r"^\s*(?:của|thuộc|về|tại|theo(?!\s+dõi)|đã|được)\b", re.IGNORECASE)
_SUPPORT_PREDICATE = re.compile(r"^\s*(?:cùng\s+)?phối\s+hợp(?:\s+(?:thực\s+hiện|triển\s+khai))?\s*(?:[.;)]|$)", re.IGNORECASE)
_CONTINUE = re.compile(r"^\s*(?:,|;|và|,\s*và|cùng|và\s+các)\s*$", re.IGNORECASE)


def _clause_start(text: str, lo: int, pos: int, boundaries: list[int]) -> int:
    best = lo
    for b in boundaries:
        if lo <= b <= pos:
            best = max(best, b)
    return best


def assign_roles(text: str, lo: int, hi: int, mentions: list[Mention], boundaries: list[int]) -> None:
    """Set .role on mentions of text[lo:hi] by where they stand (see module docstring)."""
    prev: Mention | None = None
    for m in mentions:
        m.role = m.via = None
        cs = _clause_start(text, lo, m.start, boundaries)
        left = squash(text[cs:m.start])
        right = text[m.end:min(hi, m.end + 60)]
        between = text[prev.end:m.start] if prev is not None else None
        if prev is not None and prev.role and between is not None and _CONTINUE.match(between):
            m.role, m.via = prev.role, prev.via
        elif _SUPPORT_BEFORE.search(left):
            m.role, m.via = "support", "support"
        elif _LEAD_BEFORE.search(left):
            m.role, m.via = "lead", "object"
        elif _LEAD_AFTER.match(right):
            m.role, m.via = "lead", "chair"
        elif (not left or _HEAD_PREFIX.fullmatch(left) or _adverbial_then_subject(left)) and not _NOT_SUBJECT_AFTER.match(right):
            # "…; Sở Nội vụ phối hợp." — a subject whose whole predicate is "phối hợp" supports
            supports = _SUPPORT_PREDICATE.match(right)
            m.role, m.via = ("support", "support") if supports else ("lead", "subject")
        prev = m


def _adverbial_then_subject(left: str) -> bool:
    """'Trong thời hạn 03 ngày làm việc, <X> ...': a short adverbial phrase, then the subject."""
    if not left.endswith(","):
        return False
    head = left[:-1]
    m = _HEAD_PREFIX.search(head + " ")
    words = head.split()
    return 0 < len(words) <= 8 and not any(w.lower() in {"và", "với", "của", "cho"} for w in words[-1:]) and (
        words[0] in {"Trong", "Trước", "Sau", "Từ", "Đến", "Ngoài", "Riêng", "Đồng", "Khi", "Định", "Hằng", "Hàng", "Đối"}
        or m is not None
    )


def clause_boundaries(text: str, lo: int, hi: int) -> list[int]:
    """Offsets where a new clause begins: after '.', ';', ':' and the start of a line that
    follows a heading line without punctuation ('3. Về việc X' + newline + 'Sở Y rà soát')."""
    out = [lo]
    # A parenthesis opens a clause too: "… (Sở Tài chính chủ trì, phối hợp Sở Nội vụ)".
    for m in re.finditer(r"[.;:](?=\s)|\.\s*$|\(", text[lo:hi]):
        out.append(lo + m.end())
    return out
