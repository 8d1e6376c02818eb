"""Mentions: every body a directive names, with its canonical name and offsets.

Names come from the gazetteer (gazetteer.py, data/agencies.json), from rules for names outside
it ("UBND huyện X", "VNPT Bắc Kạn", "Công ty Cổ phần X", "Tỉnh ủy X", unknown "Sở X", bodies
known by their head word), from list expansion ("các Sở: Tài chính, Nội vụ" → "Sở Tài chính",
"Sở Nội vụ"; "Bí thư Tỉnh ủy, Chủ tịch UBND các tỉnh: A, B" → both bodies of each province;
"Sở Văn hóa, Thể thao và Du lịch" is one body with commas inside), and from the document's
context: in a notice of a central body a province named as an actor ("Tỉnh …", "tỉnh X cần …")
is its People's Committee, while in a province's own notice that Committee is the issuer.

Every rule scans the text once; a list is expanded once from its first item.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from ... import regex_cache
from ..header import frame_cues, phrase_pattern
from ..layout import CAP_WORD, LOWER, UPPER, base_document, base_letters, fold_document, name_key, squash
from ..places import (committee_alternation, leading_province, level_abbreviations, level_alternation, level_variants,
                      level_words, party_committees, people_committee_alternation, province_of, province_regex,
                      snap_province, variant_alternation)
from ...uncertainty import CLEAN, Uncertainty
from ...data import load_json
from .cues import alternation, cues, predicate_at, starts_predicate, titles
from .gazetteer import (PROPER, base_gazetteer, damaged_head, fuzzy_body, gazetteer, head_suffixes, open_heads,
                        named_by_place, province_suffixed, rule_regex, split_level)


@dataclass
class Mention:
    start: int
    end: int
    names: list[str]  # canonical names (a list expansion gives several)
    surface: str
    generic: bool = False  # "các sở, ngành liên quan": takes part in lists and roles, never reported
    issuer: bool = False  # the issuing authority itself (UBND tỉnh): never an assignee
    group: bool = False  # a level of local committees named as a whole ("UBND các xã, phường")
    role: str | None = None
    via: str | None = None  # how the role was decided: subject, object, chair, support, list



# A place after a level word: a proper name, or a number ("phường 5"); on the next line only when
# it does not open a sentence there (sentence_opens_line).
_LOCAL_PLACE = regex_cache.compile(rf"(?P<gap>\s+)(?P<place>{PROPER}|\d{{1,2}}(?![\d/]))")


def _local_place(text: str, m: re.Match, name: str, end: int) -> tuple[int, str] | None:
    """(end, place) when the gazetteer name at ``m`` (canonical ``name``) ends in a level below
    the province, as written, and a place's name follows; a province-level body drops its place
    elsewhere (it is the issuer's province, or named with it: province_suffixed)."""
    level = split_level(name)
    if level is None or not m.group().lower().endswith(level[1]):
        return None
    place = _LOCAL_PLACE.match(text, m.end(), end)
    if place is None or place.group("gap").count("\n") > 1 or sentence_opens_line(text, place.start("place"), place.group("gap")):
        return None
    return place.end(), _canonical_place(place.group("place"))


@cache
def _name_final_levels() -> dict[str, str]:
    """Base letters → the level word that may end a body's name (data/admin_levels.json "name_final")."""
    return {base_letters(w): w for w in load_json("admin_levels.json")["name_final"]}


def _level_spelling(name: str) -> str:
    """A name ending in a level word whose marks were damaged ("… giao thông tĩnh") ends in it."""
    head, _, last = name.rpartition(" ")
    fixed = _name_final_levels().get(base_letters(last)) if head and last.islower() else None
    return f"{head} {fixed}" if fixed else name


_SENTENCE_START = regex_cache.compile(rf"[{UPPER}]\w*[^\S\n]+[{LOWER}]")


_PLURAL_BEFORE = regex_cache.compile(r"(?<!\w)(?i:các|những)\s+$")
_PROPER_PAIR = regex_cache.compile(rf"[{UPPER}]\w*\s+[{UPPER}]")


def _plural_kind(text: str, lo: int, head_start: int, head_end: int, name_end: int) -> bool:
    """"các Trung tâm Y tế khu vực", "những Ban Quản lý dự án chuyên ngành": a head word in the
    plural names a kind of body, every one of them (a generic group, like "các sở, ngành") —
    unless a list follows ("các Tập đoàn: A, B") or the words carry a proper name ("các Bệnh
    viện Bạch Mai, Chợ Rẫy")."""
    if not _PLURAL_BEFORE.search(text, max(lo, head_start - 8), head_start):
        return False
    if text[name_end:name_end + 2].lstrip()[:1] == ":":
        return False
    return _PROPER_PAIR.search(text, head_end, name_end) is None


def sentence_opens_line(text: str, pos: int, gap: str) -> bool:
    """Whether the word at pos, after a line break (``gap`` is the blank before it), opens a
    sentence rather than carrying on a place's name: one capitalised word, then a lower-case one
    ("Công an xã" / "Xây dựng phương án …", "… Ủy ban nhân dân xã" / "Bố trí kinh phí"). A place
    wrapped onto the next line has all its syllables capitalised ("UBND tỉnh" / "Lâm Đồng")."""
    return "\n" in gap and _SENTENCE_START.match(text, pos) is not None


_NAME_WORD = regex_cache.compile(r"(\s*)([^\s,;:.()\[\]\"“”/]+)")
_MARKER = regex_cache.compile(r"(?:\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-+•–])$")
_MAX_OPEN_WORDS = 14


@cache
def _level_word() -> re.Pattern:
    """A level word inside a name. Only a province-level word no lower level shares ("tỉnh") may
    end a name alone; the others only before a place's name ("xã hội" is not a level, "thành
    phố" alone may be the city's own committee)."""
    alone = "|".join(re.escape(w) for w in level_words("province") if w not in level_words("district", "commune"))
    return regex_cache.compile(rf"(?:{alone}|(?:{level_alternation('district', 'commune')})(?=\s+[{UPPER}]))(?!\w)")


def _open_name_end(text: str, pos: int, end: int) -> int:
    """Where a name opened by a head word (which ends at ``pos``) ends: before punctuation, a
    predicate word, a linking word, a new list item or a blank line, or after its place
    ("... huyện Quế Sơn", "... tỉnh"); at most 14 words."""
    return _open_name(text, pos, end, _MAX_OPEN_WORDS)[0]


def _open_name(text: str, pos: int, end: int, budget: int) -> tuple[int, bool]:
    """_open_name_end's reading of at most ``budget`` words: where the name ends, and whether it
    ends with its level and place ("… tỉnh", "… huyện Quế Sơn")."""
    regex, stops = open_heads(), cues().name_stop
    last, words = pos, 0
    i = pos
    in_place = False  # after a level word ("huyện", "tỉnh"): the place's name, then the end
    caps_run = 0  # capitalised syllables in a row: two or more are a proper name ("Bạch Mai")
    proper = False
    starts: list[int] = []  # where the name's words start, for a pair that spans a comma
    after_dash: int | None = None  # lower-case syllables since the capital after a compound's dash
    name_word_end = 0  # the end of a word of the gazetteer's names read after a compound's word
    joined = False  # "và" joined a second capitalised domain ("Cục Chăn nuôi và Thú y")
    while words < budget:
        m = _NAME_WORD.match(text, i, end)
        if not m:
            break
        gap, word = m.group(1), m.group(2)
        if "\n\n" in gap.replace(" ", "") or ("\n" in gap and _MARKER.match(word)):
            break
        if in_place and (not word[:1].isupper() or sentence_opens_line(text, m.start(2), gap)):
            break
        level = _level_word().match(text, m.start(2), end) if words else None
        if level:
            last, i, words, in_place = level.end(), level.end(), words + 1, True
            continue
        if word in _PARENT_WORDS:
            # "Văn phòng Bộ", "Thanh tra Sở Xây dựng": the parent body ends the name, alone or
            # with its own name; what follows is the predicate ("Văn phòng Bộ chuẩn bị …")
            parent = _parent_end(text, m.start(2), end)
            if parent is not None:
                return parent, False
        low = word.lower()
        # a capitalised word is the name's own ("Vụ Tổ chức cán bộ", "Phòng Kiểm tra")
        if starts_predicate(text, m.start(2)) and not word[:1].isupper() and not _named_function(text, m.start(2), end):
            break
        # a verb that also lives inside names, with its object: the predicate ("… dự phòng xây dựng kế hoạch")
        if words and word[:1].islower() and cues().verb_phrase.match(text, m.start(2), end):
            break
        # after "X và Y" the domains of the name are complete: a verb that names also use opens the
        # predicate whatever follows it ("Cục Chăn nuôi và Thú y giám sát …", "… và Thủy lợi hỗ trợ …")
        if joined and word[:1].islower() and cues().function_word.match(text, m.start(2), end):
            break
        # Vietnamese capitalises only the first syllable of a common word inside a name ("Bảo vệ
        # thực vật") but every syllable of a proper name ("Bạch Mai"): after a proper name, a
        # lower-case word is the predicate ("Bệnh viện Bạch Mai thúc đẩy …"), whatever verb it is.
        if proper and word[:1].islower() and low not in stops and not cues().name_continues(text, m.start(2)):
            break
        # "Phòng Kế hoạch - Tài chính", "Phòng Văn hóa - Xã hội": a compound name joins two domains
        # of one word each with a dash; after the second word's capitalised syllable and one more,
        # a third lower-case syllable is the predicate ("… - Tài chính lập dự toán") unless it opens
        # a word the gazetteer's names use ("Phòng Vật tư - Thiết bị y tế")
        if word == "-":
            after_dash = 0
        elif after_dash is not None:
            after_dash = 0 if word[:1].isupper() else after_dash + 1
            if after_dash >= 2 and low not in stops and m.start(2) >= name_word_end:
                name_word_end = _name_word_end(text, m.start(2), end)
                if name_word_end is None:
                    break
        # an acronym ("TNHH", "MTV") is a legal form or an abbreviation, not part of a proper name
        caps_run = caps_run + 1 if word[:1].isupper() and not (len(word) > 1 and word.isupper()) else 0
        proper = proper or caps_run >= 2 or bool(cues().proper_end.search(text, pos, m.end(2)))
        compound = cues().stop_compound.match(text, m.start(2), end) if low in stops and words else None
        if compound:
            # "… thị trường trong nước": the linking word and the next make one word of the name,
            # its last (a lower-case word after it is the predicate: "… trong nước xây dựng …")
            last = i = compound.end()
            words += len(compound.group().split())
            starts.append(m.start(2))
            proper = True
            continue
        if low in stops:
            # "Đài Phát thanh và Truyền hình": "và" inside a name joins two capitalised words.
            nxt = _NAME_WORD.match(text, m.end(), end)
            if not (low == "và" and nxt and nxt.group(2)[:1].isupper() and "\n" not in nxt.group(1)
                    and not regex.match(text, nxt.start(2))
                    and not gazetteer().regex.match(fold_document(text), nxt.start(2))):
                if low == "và" and nxt and nxt.group(2)[:1].islower():
                    # "Ban Quản lý dự án đầu tư xây dựng và phát triển đô thị tỉnh": lower-case
                    # words after "và" belong to the name when they run on to its level and
                    # place; "và các" only to a kind of place written as a name and a province's
                    # name ("… Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi"), else it
                    # adds other parties ("và các nhà thầu …", "và các trạm y tế xã X");
                    # otherwise "và" joins a second predicate or party and ends it
                    rest, placed = _open_name(text, m.end(), end, budget - words - 1)
                    if nxt.group(2) == "các":
                        after = _NAME_WORD.match(text, nxt.end(), end)
                        placed = (after is not None and after.group(2)[:1].isupper() and nxt.end() < rest
                                  and _ends_in_province(text[nxt.end():rest])
                                  and not _level_word().search(text, nxt.end(), rest))
                    if placed and rest > m.end():
                        return rest, True
                break
            joined = joined or low == "và"
        last, i, words = m.end(2), m.end(), words + 1
        starts.append(m.start(2))
        if text[last:last + 1] == ",":
            # "Cục Quản lý Khám, chữa bệnh", "… và Phòng, chống thiên tai": a pair official names
            # write with a comma goes on; any other comma ends the name (a list, a clause)
            pair = next((p for p in (cues().comma_pair.match(text, at, end) for at in starts[-2:])
                         if p and p.end() > last), None)
            if pair is None:
                objects = _enumerated_objects(text, pos, last + 1, end)
                if objects is not None:
                    return objects, in_place
                break
            words += len(text[last:pair.end()].split())
            last = i = pair.end()
            caps_run = 0
            continue
        if text[last:last + 1] in ";:.()":
            break
    return last, in_place


@cache
def _name_bigrams() -> frozenset[tuple[str, str]]:
    """Pairs of syllables in a row in the gazetteer's names, in lower case: the words names use."""
    pairs = set()
    for name in gazetteer().lookup.values():
        syllables = name.lower().split()
        pairs.update(zip(syllables, syllables[1:]))
    return frozenset(pairs)


_TWO_SYLLABLES = regex_cache.compile(r"(\w+)[^\S\n]+(\w+)")


def _name_word_end(text: str, pos: int, end: int) -> int | None:
    """Where a word of the gazetteer's names ("y tế") that the syllable at pos opens ends, if it does."""
    m = _TWO_SYLLABLES.match(text, pos, end)
    return m.end() if m is not None and (m.group(1).lower(), m.group(2).lower()) in _name_bigrams() else None


def _named_function(text: str, pos: int, end: int) -> bool:
    """A predicate word right before the words that make a name the lead ("Phòng Kế hoạch tổng hợp
    chủ trì", "… tổng hợp có trách nhiệm") names the body's function: it has no object there, so
    it is no predicate but the name's last word."""
    word = predicate_at(text, pos)
    after = _SPACE.match(text, pos + len(word)).end() if word and text[pos:pos + len(word)].lower() == word else None
    return after is not None and cues().lead_after.match(text, after, end) is not None


_ENUM_TOKEN = regex_cache.compile(rf"\s*(?:(?P<sep>,|và(?!\w))|(?P<word>[{LOWER}]+)(?!\w))")
_MAX_OBJECT_WORDS = 4
_MAX_OBJECTS = 6


def _enumerated_objects(text: str, name_start: int, pos: int, end: int) -> int | None:
    """Where a name that names a function ends when the function's objects are enumerated after a
    comma ("Phòng Quản lý vận tải, phương tiện và người lái chủ trì"): the name opens with a
    function word (name_stop "verbs_in_names", at ``name_start``), the comma at ``pos`` - 1 is
    followed by lower-case items of one to four syllables joined by "," and closed by "và", and
    the predicate follows the last item. Any other comma ends the name (a list of bodies, a
    clause): an item holding a linking word, a predicate word or a quantifier ("các") ends it too,
    and so does an enumeration not followed by the predicate. None when the name ends at the comma."""
    if not cues().function_word.match(text, name_start, end):
        return None
    stops = cues().name_stop
    at, item, closing, last = pos, 0, False, pos
    for _ in range(_MAX_OBJECTS * (_MAX_OBJECT_WORDS + 1)):  # bounded: a run of commas is no name
        m = _ENUM_TOKEN.match(text, at, end)
        if m is None or "\n\n" in m.group():
            return None
        word = m.group("word")
        predicate = word is not None and (starts_predicate(text, m.start("word"))
                                          or cues().lead_after.match(text, m.start("word"), end))
        if predicate:  # the predicate right after the item that "và" opened closes the name
            return last if closing and item else None
        if word is None:  # "," or "và" between items
            if not item or closing:
                return None
            closing, item = m.group("sep") == "và", 0
        elif word in stops or word in _QUANTIFIERS or item == _MAX_OBJECT_WORDS or (
                not item and _any_case_head().match(text, m.start("word"), end)):
            return None  # "…, phòng tài chính và kho bạc": other bodies, not the function's objects
        else:
            item, last = item + 1, m.end()
        at = m.end()
    return None


_QUANTIFIERS = frozenset({"các", "những", "mọi"})


@cache
def _any_case_head() -> re.Pattern:
    """A body's head word in any case ("phòng", "kho bạc", "sở"): data/agencies.json "open_heads"
    and the heads of ministries, departments and committees."""
    heads = load_json("agencies.json")["open_heads"]
    words = [*heads["capitalised_next"], *heads["any_next"], "Sở", "Bộ", "Ủy ban", "UBND", "Công an"]
    return regex_cache.compile(rf"(?i:{alternation(words)})(?!\w)")
_PROPER_NEXT = regex_cache.compile(rf"[^\S\n]+{PROPER}")


def _heads_a_proper_name(text: str, m: re.Match, name: str, end: int) -> bool:
    """A provincial body's short form ("Ban Quản lý Khu kinh tế", canonical "… tỉnh") followed on
    its line by a proper name of two syllables or more opens a longer name of its own ("Ban Quản
    lý Khu kinh tế Vân Phong"): another body, which the open-head reading names as written. A
    province's name there was read before (province_suffixed)."""
    if not name.endswith(" tỉnh") or m.group().lower().endswith(" tỉnh"):
        return False
    nxt = _PROPER_NEXT.match(text, m.end(), end)
    return nxt is not None and len(nxt.group().split()) >= 2


def _ends_in_province(words: str) -> bool:
    """Whether the last one to four words name a province ("… Khu công nghiệp Quảng Ngãi")."""
    parts = words.split()
    return any(province_of(" ".join(parts[-k:])) for k in range(1, min(4, len(parts)) + 1))


# A name inside a ministry or a department ends with its parent ("Văn phòng Bộ", "Thanh tra Sở").
_PARENT_WORDS = ("Bộ", "Sở")
_CAPITAL_NEXT = regex_cache.compile(rf"[^\S\n]+[{UPPER}]")


def _parent_end(text: str, pos: int, end: int) -> int | None:
    """Where a name ends at its parent's word at pos: after the parent's gazetteer name ("… Bộ
    Y tế"), or after the word alone when no capitalised word follows ("Văn phòng Bộ chuẩn bị");
    None when a capitalised word follows that the gazetteer does not know (the name goes on).
    The parent's own name is written with its capital after a unit ("Văn phòng Sở Xây dựng"): a
    lower-case word there is the predicate ("Văn phòng Sở xây dựng quy chế")."""
    word_end = pos + 2  # "Bộ", "Sở"
    capital_next = _CAPITAL_NEXT.match(text, word_end, end)
    known = gazetteer().regex.match(fold_document(text), pos, end) if capital_next else None
    if known and gazetteer().lookup.get(name_key(known.group()), "").startswith(_PARENT_WORDS):
        return known.end()
    return None if capital_next else word_end


@cache
def _generic_re() -> re.Pattern:
    """Unnamed groups ("các sở, ngành liên quan"), words from data/agency_cues.json "generic_groups".
    OCR may damage "sở" before ", ban"/", ngành" ("các số, ban ngành"): an s-word there is one."""
    g = load_json("agency_cues.json")["generic_groups"]
    return regex_cache.compile(
        rf"(?i:(?:{alternation(g['quantifiers'])})\s+(?:s\w{{0,2}}(?=\s*,\s*(?:ban|ngành))|{alternation(g['heads'])})"
        rf"(?:\s*,?\s*(?:{alternation(g['joined'])})){{0,4}}"
        rf"(?:\s+(?:{alternation(g['qualifiers'])}|(?:{alternation(g['open_qualifiers'])})(?:\s+\w+){{0,4}})){{0,1}})")


@cache
def _list_head_re() -> re.Pattern:
    """"các Sở:", "các sở, ngành:", "Các Bộ, cơ quan:" (data/agency_cues.json "department_lists");
    OCR may damage "Sở" ("các Sa, ngành:"), which the ", ngành" still identifies."""
    data = load_json("agency_cues.json")
    quantifiers, joined = alternation(data["generic_groups"]["quantifiers"]), alternation(data["department_lists"]["joined"])
    return regex_cache.compile(
        rf"(?P<head>(?i:(?:{quantifiers})\s+)?(?:(?P<kind>[Ss]ở|SỞ|[Bb]ộ|BỘ)(?i:\s*,\s*(?:{joined}))*"
        rf"|(?i:{quantifiers})\s+S\w{{0,2}}(?i:\s*,\s*(?:ban\s*,?\s*)?ngành)))\s*:\s*")


def _level_of_abbreviation(level: str) -> str:
    """"TP." / "tx" → "thành phố" / "thị xã", "huyện đảo" → "huyện"; a level word unchanged."""
    return level_variants().get(level) or level_abbreviations().get(level.rstrip(".").upper(), level)


@cache
def _shared_committee() -> re.Pattern:
    """"UBND các huyện ven biển và huyện đảo Lý Sơn": a committee named by its level and place after
    a level of committees, sharing its head word; the level before "và" is a group (never a lead)."""
    lower = f"{variant_alternation()}|{level_alternation('district', 'commune')}"
    return regex_cache.compile(
        rf"(?P<group>(?:{people_committee_alternation()})\s+(?i:các)\s+(?:{lower})(?:\s+[{LOWER}]+){{0,4}}?)"
        rf"\s+và\s+(?P<level>{lower})\s+(?P<place>{PROPER})")


@cache
def _local_list() -> re.Pattern:
    """"UBND các huyện: Krông Pắc, Ea Kar và thị xã Buôn Hồ" → one body per place; levels below
    the province (data/admin_levels.json). Without the colon only after one level ("UBND các
    phường Bến Thành, Sài Gòn"): after several ("các huyện, thành phố Quảng Ngãi") the name may
    be the last level's alone."""
    lower = level_alternation("district", "commune")
    return regex_cache.compile(
        rf"(?:{people_committee_alternation()})\s+các\s+(?P<levels>(?:{lower})"
        rf"(?:\s*,\s*(?:{lower}))*)(?P<colon>\s*:)?\s*"
        rf"(?P<items>(?:(?:{lower})\s+)?{PROPER}"
        rf"(?:\s*(?:,|\bvà\b)\s*(?:(?:{lower})\s+)?{PROPER})*)"
    )


@cache
def _local_level() -> re.Pattern:
    return regex_cache.compile(rf"({level_alternation('district', 'commune')})\s+")


def _local_list_names(m: re.Match) -> list[str]:
    levels = [squash(x) for x in m.group("levels").split(",")]
    default = levels[0] if len(levels) == 1 else None
    names = []
    for item in re.split(r"\s*(?:,|\bvà\b)\s*", m.group("items")):
        lv = _local_level().match(item)
        level = squash(lv.group(1)) if lv else default
        place = _canonical_place(item[lv.end():] if lv else item)
        names.append(f"UBND {level} {place}" if level else f"UBND {place}")
    return names


@cache
def _level_place() -> re.Pattern:
    """A level below the province and its place's name ("xã Tân Phú", "huyện đảo Cồn Cỏ"), the
    place on the next line too ("phường" / "An Khánh": sentence_opens_line tells it from a sentence)."""
    return regex_cache.compile(
        rf"(?P<level>{variant_alternation()}|{level_alternation('district', 'commune')})"
        rf"(?P<gap>[^\S\n]+|[^\S\n]*\n[^\S\n]*)(?P<place>{PROPER})")


_BARE_PLACE = regex_cache.compile(rf"(?P<place>{PROPER})")
_SPACE = regex_cache.compile(r"\s*")
# What may follow a place named without its level in a list: the list goes on or the clause does.
_AFTER_BARE_PLACE = regex_cache.compile(r"\s*(?:,|;|:|\.|\)|\bvà\b|$)")


def _bare_place(text: str, at: int, end: int) -> re.Match | None:
    """A place's name standing alone in a list of local bodies ("UBND phường Ninh Kiều, Cái Khế và
    …": the level is the item's before): every syllable capitalised, and then the list or the clause
    goes on (a separator, or the predicate). Not a body of its own ("…, Sở Y tế", "…, Đoàn Thanh
    Niên"): no gazetteer name, head word or named local body starts there."""
    m = _BARE_PLACE.match(text, at, end)
    if m is None or _level_place().match(text, at, end):
        return None
    folded = fold_document(text)
    if gazetteer().regex.match(folded, at, end) or open_heads().match(folded, at, end) or rule_regex().match(text, at, end):
        return None
    after = m.end()
    if not (_AFTER_BARE_PLACE.match(text, after, end) or starts_predicate(text, _SPACE.match(text, after).end())
            or cues().lead_after.match(text, after, end)):
        return None
    return m


def _same_head_places(text: str, pos: int, end: int, head: str, level: str) -> tuple[int, list[str]]:
    """Bodies after a local body at ``pos`` (of ``level``) that share its head word, each a level
    and a place, or a place alone under the level before it, joined by "," or "và" ("…, xã Tân Phú
    và phường Long Thạnh", "UBND phường Ninh Kiều, Cái Khế và đặc khu Côn Đảo"): (where they end,
    their names)."""
    sep = _ITEM_SEP.match(text, pos, end)
    if sep is None:
        return pos, []
    current = [level]

    def item(at: int) -> tuple[int, str] | None:
        m = _level_place().match(text, at, end)
        if m is not None and not sentence_opens_line(text, m.start("place"), m.group("gap")):
            current[0] = _level_of_abbreviation(squash(m.group("level")))
        else:
            m = _bare_place(text, at, end)
            if m is None:
                return None
        return m.end(), f"{head} {current[0]} {_canonical_place(m.group('place'))}"

    last, names = _consume_list(item, _ITEM_SEP, text, sep.end(), end)
    return (last, names) if names else (pos, [])


def _canonical_place(name: str) -> str:
    return squash(re.sub(r"\s*-\s*", " - ", name))


def _match_short(folded: str, pos: int, kind: str) -> tuple[int, str] | None:
    """A department (or ministry) short name or abbreviation at pos of the folded text: (end, canonical name)."""
    gz = gazetteer()
    m = gz.short_regex.match(folded, pos)
    if m and _ABBR_TAKEN.match(folded, m.end()) and m.group().isupper() and len(m.group()) <= 3:
        return None  # "TP. Hà Nội" is a city, "CT UBND tỉnh" a chair: not Tư pháp, not Công Thương
    if kind == "Bộ":
        ministry = gz.ministry_short_regex.match(folded, pos)
        if ministry and (not m or ministry.end() >= m.end()):
            return ministry.end(), gz.ministry_short_lookup[name_key(ministry.group())]
    if m:
        key = name_key(m.group())
        name = gz.short_lookup.get(key)
        if kind == "Bộ":
            name = gz.ministry_short_lookup.get(key) or (name and "Bộ" + name[2:])
        if name:
            return m.end(), name
    # Typos in real notices ("Giáo dục vào Đào tạo"): the same number of words within one small
    # edit. Allowed in clean text too: the list head ("các Sở:") says a department is named here,
    # and the guideline writes its canonical name (a typo does not make another body).
    words = list(re.finditer(r"[^\s,;:.()]+", folded[pos:pos + 80]))
    best = None
    for short in gz.shorts:
        n = len(short.split())
        if n < 2 or len(words) < n:
            continue
        cand = folded[pos:pos + words[n - 1].end()]
        sm = difflib.SequenceMatcher(None, name_key(cand), short)
        # Cheap upper bounds first: most short names are rejected without the full comparison.
        if sm.real_quick_ratio() < 0.9 or sm.quick_ratio() < 0.9:
            continue
        ratio = sm.ratio()
        if ratio >= 0.9 and (best is None or ratio > best[0]):
            best = (ratio, pos + words[n - 1].end(), gz.short_lookup[short])
    if best:
        name = best[2] if kind != "Bộ" else "Bộ" + best[2][2:]
        return best[1], name
    return None



# A short abbreviation followed by a capitalised word is a title or a level, not a body.
_ABBR_TAKEN = regex_cache.compile(rf"\.?\s*[{UPPER}]")
_LIST_SEP = regex_cache.compile(r"\s*(?:,\s*và|,|;|\bvà\b)\s*")


def _consume_list(item, sep: re.Pattern, text: str, pos: int, end: int) -> tuple[int, list]:
    """Items 'A, B và C' from pos: ``item(pos)`` gives (end, value) or None; ``sep`` joins them.
    Returns where the last item ends and the values. Each item is read once."""
    values, last = [], pos
    while pos < end:
        got = item(pos)
        if got is None:
            break
        last, value = got
        values.append(value)
        joined = sep.match(text, last, end)
        if not joined:
            break
        pos = joined.end()
    return last, values


def _expand_list(folded: str, pos: int, kind: str, end: int) -> tuple[int, list[str]]:
    """Consume 'A, B và C' of short names from pos (of the folded text); full agency names may join the list."""
    def item(at: int) -> tuple[int, str] | None:
        got = _match_short(folded, at, kind)
        if got is None:
            m = gazetteer().regex.match(folded, at, end)
            name = gazetteer().lookup.get(name_key(m.group())) if m else None
            got = (m.end(), name) if name else None
        return got

    return _consume_list(item, _LIST_SEP, folded, pos, end)


_COUNTRY = "Việt Nam"
_COMPANY_WORD = regex_cache.compile(r"[Cc]ông\s+ty\s+")


@lru_cache(maxsize=1024)
def _snapped(place: str) -> str:
    """snap_province, once per place: it compares the place with every province's name."""
    return snap_province(place)




@dataclass(frozen=True)
class DocumentContext:
    """What the whole document says about who issued it: a central body (Văn phòng Chính phủ,
    Thủ tướng, a ministry, the party's offices) or a local one, the issuer's province if the
    header names it, and the province the document is about (the one it names most)."""

    central: bool = False
    issuer_province: str | None = None
    home: tuple[str, str] | None = None  # (province, level)
    party: bool = False  # a party committee or its office issued it: no People's Committee did

    def is_issuer(self, province: str | None) -> bool:
        """Whether a province-level People's Committee of ``province`` issued the document."""
        if self.central or self.party:
            return False
        return self.issuer_province is None or province is None or province == self.issuer_province


_HEADER_CHARS = 800


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in phrase.split())


@cache
def _header_stop() -> re.Pattern:
    """Where the header ends: a line opening with a document type in capitals (data/doc_types.json),
    the trích yếu's label or the addressees' head (data/frame_cues.json)."""
    frame = frame_cues()
    words = [w.upper() for w in load_json("doc_types.json")["types"]] + frame["subject_labels"] + frame["addressee_heads"]
    return regex_cache.compile(rf"^\s*(?:{'|'.join(_words(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))})",
                               re.MULTILINE)


@cache
def _central_header() -> re.Pattern:
    """Central issuers in the header's capitals, on base letters ("VĂN PHÒNG CHÍNH / PHỦ" wraps;
    data/frame_cues.json "central_bodies", "central_heads" and "central_not")."""
    frame = frame_cues()
    alts = [phrase_pattern(b) for b in frame["central_bodies"]]
    for head in frame["central_heads"]:
        key = base_letters(head) + " "
        nots = [phrase_pattern(n[len(head):]) for n in frame["central_not"] if base_letters(n).startswith(key)]
        alts.append(rf"{phrase_pattern(head)}\s+" + (rf"(?!{'|'.join(nots)})" if nots else "") + "[a-z]+")
    return regex_cache.compile(rf"\b(?:{'|'.join(alts)})\b")


@cache
def _header_province() -> re.Pattern:
    return regex_cache.compile(rf"(?:{level_alternation('province', case='upper')})\s+(?P<rest>[^\n]{{2,40}})")




@cache
def _party_header() -> re.Pattern:
    """A local Party committee in the header's capitals, on base letters ("TỈNH ỦY", "ĐẢNG ỦY")."""
    return regex_cache.compile(rf"\b{committee_alternation(base=True)}\s+(?=\S)")


@cache
def _level_then_place() -> re.Pattern:
    return regex_cache.compile(rf"(?<![\w])(?i:{level_alternation('province')})\s+(?=[{UPPER}])")


@lru_cache(maxsize=4)
def document_context(text: str) -> DocumentContext:
    """The document's context, computed once per text (the finder runs once per directive)."""
    stop = _header_stop().search(text, 0, _HEADER_CHARS)
    header = text[:stop.start() if stop else 0]
    capitals = " ".join(ln for ln in header.splitlines() if ln.strip() and ln.strip() == ln.strip().upper())
    central = bool(_central_header().search(base_letters(capitals)))
    # "THÀNH ỦY ĐÀ NẴNG / VĂN PHÒNG", "ĐẢNG CỘNG SẢN VIỆT NAM": a local party body's document, in
    # which "UBND thành phố" is the city's People's Committee, an assignee like any other body
    committee = None if central else _party_header().search(base_letters(capitals))
    issuer_province = None
    if committee:
        prov = leading_province(capitals[committee.end():])
        return DocumentContext(False, None, province_of(prov[1]) if prov else None, party=True)
    if not central:
        m = _header_province().search(capitals)
        prov = leading_province(m.group("rest")) if m else None
        issuer_province = prov[1] if prov else None
    home = None
    if central:
        counts: Counter = Counter()
        regex = province_regex()
        for m in _level_then_place().finditer(text):
            place = regex.match(text, m.end())
            prov = province_of(place.group()) if place else None
            if prov:
                counts[prov] += 1
        home = counts.most_common(1)[0][0] if counts else None
    elif issuer_province:
        home = province_of(issuer_province)
    return DocumentContext(central, issuer_province, home)


_PROVINCE_OWN = ("Tỉnh ", "Thành ")  # "Tỉnh đoàn", "Thành đoàn": a body of the province named by its level


def _province_body(prov: tuple[str, str]) -> str:
    return f"UBND {prov[1]} {prov[0]}"


def _place_after(text: str, pos: int, end: int) -> tuple[int, tuple[str, str]] | None:
    """A province named right after pos ("… tỉnh Thanh Hóa", "… Thanh Hóa"): (end, (name, level))."""
    m = _place_after_re().match(text, pos, end)
    if not m:
        return None
    place = province_regex().match(text, m.end(), end)
    prov = province_of(place.group()) if place else None
    return (place.end(), prov) if prov else None


@cache
def _place_after_re() -> re.Pattern:
    return regex_cache.compile(rf"[ \t]*\n?[ \t]*(?:(?i:{level_alternation('province')})\s+)?")


@cache
def _province_list_head() -> re.Pattern:
    """"Bí thư Tỉnh ủy, Chủ tịch UBND các tỉnh: A, B", "Chủ tịch Ủy ban nhân dân các tỉnh, thành
    phố: A, B", "các tỉnh Khánh Hòa và Đắk Lắk": one body per province (and the party committee too)."""
    province, cue = level_alternation("province"), load_json("agency_cues.json")["province_lists"]
    committee = people_committee_alternation()
    committee += "|" + "|".join(a[:1].lower() + a[1:] for a in committee.split("|") if not a.isupper())
    return regex_cache.compile(
        rf"(?P<party>(?:{titles(cue['party_heads'])})\s+{committee_alternation('province', either_case=True)}\s*(?:,|và)\s*)?"
        rf"(?:(?:{alternation(cue['heads'])})\s+)?"
        rf"(?:(?:{committee})\s+)?(?i:các)\s+(?i:{province}|{alternation(cue['places'])})"
        rf"(?:\s*,\s*(?i:{province})(?:\s+(?i:{alternation(cue['qualifiers'])}))?)*(?P<colon>\s*[:(])?\s*")
_PROVINCE_SEP = regex_cache.compile(r"\s*(?:,\s*và|,|\bvà\b)\s*(?:[-–+]\s+)?|\s*\n\s*[-–+]\s+")


def _province_list(text: str, pos: int, end: int) -> tuple[int, list[tuple[str, str]]]:
    return _consume_list(lambda at: _place_after(text, at, end), _PROVINCE_SEP, text, pos, end)


_ITEM_SEP = regex_cache.compile(r"\s*(?:,\s*và|,|\bvà\b)\s*")


def _open_list(text: str, pos: int, end: int, head: str) -> tuple[int, list[str]]:
    known, suffixes = head_suffixes(head)

    def item(at: int) -> tuple[int, str] | None:
        m = known.match(fold_document(text), at, end) if known else None
        if m:  # "Công nghiệp\n- Viễn thông Quân đội": the gazetteer knows where it ends
            return m.end(), suffixes[name_key(m.group())]
        item_end = _open_name_end(text, at, end) if text[at:at + 1].isupper() else at
        if item_end <= at:
            return None
        name = f"{head} {_canonical_place(text[at:item_end])}"
        return item_end, gazetteer().lookup.get(name_key(name), name)

    return _consume_list(item, _ITEM_SEP, text, pos, end)


# How close (difflib ratio on base letters) a damaged "Sở"/"Bộ" name must be to a gazetteer one where
# the text is uncertain: "bo nu vu" ~ "bo noi vu" is 0.82; the closest two ministries of the
# gazetteer ("Bộ Công an" ~ "Bộ Công Thương") are 0.75.
UNCERTAIN_FUZZY = 0.8
# A short capital S- or B-word before a capitalised one: "Sở"/"Bộ" as OCR and repair may leave them.
_HEAD_WORD = regex_cache.compile(rf"(?<![\w&])[SB][^\W\d_]{{0,2}}\s+(?=[{UPPER}])")


@cache
def _body_party_committee() -> re.Pattern:
    """"Đảng ủy " right before a body's name (data/agency_cues.json "body_party_committee")."""
    words = [w.rsplit(" ", 1)[0] for w in load_json("agency_cues.json")["body_party_committee"]["words"]]
    return regex_cache.compile(rf"(?:{alternation(words)})\s+[ủu][ỷy]\s+$")


def find_mentions(text: str, start: int = 0, end: int | None = None, uncertain: Uncertainty = CLEAN) -> list[Mention]:
    """Every agency mention in text[start:end], with offsets into text. Names damaged by OCR or
    repair (marks, look-alike letters, a letter off) are matched only where ``uncertain`` says
    the text may be damaged; elsewhere a name is read as written."""
    end = len(text) if end is None else end
    gz = gazetteer()
    ctx = document_context(text)
    folded = fold_document(text)
    found: list[Mention] = []
    taken = [False] * (end - start + 1)

    def free(pos: int) -> bool:
        return not taken[pos - start]

    def add(m_start: int, m_end: int, names: list[str], **kw) -> None:
        if m_end <= m_start or any(taken[m_start - start:m_end - start]):
            return
        for i in range(m_start - start, m_end - start):
            taken[i] = True
        found.append(Mention(m_start, m_end, names, squash(text[m_start:m_end]), **kw))

    # 1. Lists: of provinces, of departments or ministries ("các Sở:", "Các Bộ, cơ quan:"), of
    # local bodies, of bodies sharing a head word ("các Tập đoàn:").
    for m in _province_list_head().finditer(text, start, end):
        if not free(m.start()):
            continue
        list_end, provs = _province_list(text, m.end(), end)
        if m.group("colon") and m.group("colon").strip() == "(" and text[list_end:list_end + 1] == ")":
            list_end += 1
        if len(provs) >= (1 if m.group("colon") else 2):
            names = [party_committees()[p[1]] + " " + p[0] for p in provs] if m.group("party") else []
            names += [_province_body(p) for p in provs if not ctx.is_issuer(p[0])]
            add(m.start(), list_end, names, issuer=not names)
    for m in _list_head_re().finditer(folded, start, end):
        # without "Sở"/"Bộ" the head was damaged ("các Sa, ngành:"): read so only where the text is uncertain
        if not free(m.start()) or (m.group("kind") is None and not uncertain.overlaps(m.start(), m.end())):
            continue
        kind = "Bộ" if (m.group("kind") or "s").lower().startswith("b") else "Sở"
        list_end, names = _expand_list(folded, m.end(), kind, end)
        if names:
            add(m.start(), list_end, names)
    for m in _local_list().finditer(text, start, end):
        if m.group("colon") or "," not in m.group("levels"):
            add(m.start(), m.end(), _local_list_names(m))
    for m in _shared_committee().finditer(text, start, end):
        level = _level_of_abbreviation(squash(m.group("level")))
        # the level with its qualifier ("các huyện ven biển") is the group the gazetteer knows, if it does
        known = gz.regex.match(folded, m.start(), m.end("group"))
        group = gz.lookup.get(name_key(known.group())) if known else None
        if group in gz.groups:
            add(m.start(), m.end("group"), [group], group=True)
        else:
            add(m.start(), m.end("group"), [], generic=True)
        add(m.start("level"), m.end("place"), [f"UBND {level} {_canonical_place(m.group('place'))}"])
    # "các Tập đoàn: Bưu chính Viễn thông Việt Nam, Công nghiệp - Viễn thông Quân đội": the head
    # word is written once for every item
    for m in cues().list_head.finditer(text, start, end):
        if free(m.start()):
            list_end, names = _open_list(text, m.end(), end, squash(m.group("head")))
            if names:
                add(m.start(), list_end, names)
    # 2. Local bodies, telecom branches, companies, party committees (names the gazetteer cannot
    # list), and gazetteer bodies named with their province ("Kho bạc Nhà nước Quảng Nam"). A
    # province's own notice drops the place (it is the issuer's); a central one keeps it.
    suffixed, stems = province_suffixed()
    for m in suffixed.finditer(folded, start, end):
        prov = leading_province(m.group("place"))
        if prov:
            name = stems[name_key(m.group("stem"))]
            if name in named_by_place() and not re.search(rf"(?i:{level_alternation('province')})",
                                                          folded[m.end("stem"):m.start("place")]):
                # a name that carries its province's name ("Công ty Điện lực Quảng Trị", "Báo và Phát
                # thanh, Truyền hình Lào⏎Cai", wrapped or not): as written, in any notice, not the
                # provincial short form ("… tỉnh") a body named by its level takes
                add(m.start(), m.start("place") + prov[0], [f"{name[: -len('tỉnh')]}{prov[1]}"])
                continue
            if prov[2] == "thành phố":  # "Công an thành phố Cần Thơ" → "Công an thành phố"
                name = name[: -len("tỉnh")] + "thành phố"
            if ctx.central:
                name = f"{name} {prov[1]}"
            add(m.start(), m.start("place") + prov[0], [name])
    gazetteer_matches = list(gz.regex.finditer(folded, start, end))
    interior = bytearray(end - start + 1)  # positions inside (not at the start of) a gazetteer name
    for m in gazetteer_matches:
        interior[m.start() + 1 - start:m.end() - start] = b"\x01" * (m.end() - m.start() - 1)

    def inside_gazetteer(pos: int) -> bool:
        return bool(interior[pos - start])

    # A body of a level below the province keeps its place ("Công an phường Hòa Khánh", "Văn
    # phòng HĐND và UBND xã Ea Tu", "Trung tâm Y tế huyện Quế Sơn"): a notice may name several,
    # and the place is the body's own. Before the rules, which would read "UBND xã Ea Tu" inside
    # the office's name as the commune's committee.
    for m in gazetteer_matches:
        name = gz.lookup.get(name_key(m.group()))
        placed = _local_place(text, m, name, end) if name and free(m.start()) else None
        if placed:  # and the places after it that share its head ("…, phường Nha Trang")
            list_end, more = _same_head_places(text, placed[0], end, *split_level(name))
            add(m.start(), list_end, [f"{name} {placed[1]}", *more])
    rule_matches = list(rule_regex().finditer(text, start, end))
    for m in rule_matches:
        if m.group("local"):
            if sentence_opens_line(text, m.start("lname"), text[m.end("level"):m.start("lname")]):
                continue  # "Công an xã" heading a line, "Xây dựng phương án …" below: no place
            level = squash(m.group("level")).lower()
            level = _level_of_abbreviation(level)
            place = _canonical_place(m.group("lname"))
            head = "Công an" if m.group("local").startswith("Công") else "UBND"
            prov = province_of(place) if level in ("tỉnh", "thành phố") else None
            if head == "UBND" and (level == "tỉnh" or prov):
                if ctx.is_issuer(prov[0] if prov else None):
                    add(m.start(), m.end(), [], issuer=True)
                else:
                    add(m.start(), m.end(), [_province_body(prov) if prov else f"UBND {level} {place}"])
            else:
                # "UBND xã Hòa Bình, xã Tân Phú và phường Long Thạnh": the head is written once
                list_end, more = _same_head_places(text, m.end(), end, head, level)
                add(m.start(), list_end, [f"{head} {level} {place}", *more])
        elif m.group("tel"):
            # "Tập đoàn Bưu chính Viễn thông Việt Nam" is a national body, not a branch named by its place
            place = _canonical_place(m.group("tplace"))
            if uncertain.overlaps(m.start("tplace"), m.end("tplace")):
                place = _snapped(place)
            if place != _COUNTRY and not inside_gazetteer(m.start()):
                add(m.start(), m.end(), [f"{m.group('tname')} {place}"])
        elif m.group("commune_party"):
            add(m.start(), m.end(), [squash(m.group())])
        elif m.group("committee") or m.group("party"):
            # "Tỉnh ủy Khánh Hòa", "Ban Thường vụ Tỉnh ủy Đắk Lắk": the place belongs to the name
            place = _place_after(text, m.end(), end) if text[m.end():m.end() + 1] in " \t\n" else None
            if place:
                add(m.start(), place[0], [f"{squash(m.group())} {place[1][0]}"])
            else:
                add(m.start(), m.end(), [squash(m.group())])
        elif m.group("company"):
            # the name goes on past lower-case words ("Công ty TNHH Lọc hóa dầu Nghi Sơn")
            name_end = max(m.end(), _open_name_end(text, _COMPANY_WORD.match(text, m.start()).end(), end))
            name = squash(text[m.start():name_end])
            add(m.start(), name_end, [name[:1].upper() + name[1:]])
        elif m.group("person") or m.group("region"):
            add(m.start(), m.end(), [squash(m.group())])
    # 3. Gazetteer names, longest first; "Sở Tài chính, Nội vụ" continues as a list. A ministry
    # or department right after a head word is the parent in a unit's name ("Thanh tra Sở Y tế",
    # "Văn phòng Bộ Tư pháp"): the head word's name takes it in (_open_name_end).
    unit_parents = {h.end() for h in open_heads().finditer(folded, start, end)}
    for m in gazetteer_matches:
        if not free(m.start()):
            continue
        if m.start() in unit_parents and m.group().startswith(_PARENT_WORDS):
            continue
        key = name_key(m.group())
        if key in gz.issuer_keys and key not in gz.lookup:
            # "UBND tỉnh" with no place: the issuer in a province's notice; in a central one the
            # province the document is about, if the document names one
            party = _body_party_committee().search(text, max(start, m.start() - 12), m.start())
            if party and "chủ tịch" not in key and ("tỉnh" in key or "thành phố" in key):
                # "Đảng ủy Ủy ban nhân dân tỉnh": the committee's own Party committee, a body of its
                # own in a party document (never the issuer)
                body = _province_body(ctx.home) if ctx.home else squash(m.group()).replace("Ủy ban nhân dân", "UBND")
                add(party.start(), m.end(), [f"Đảng ủy {body}"])
            elif (ctx.central or ctx.party) and ctx.home and ("tỉnh" in key or "thành phố" in key) and "chủ tịch" not in key:
                add(m.start(), m.end(), [_province_body(ctx.home)])
            else:
                add(m.start(), m.end(), [], issuer=True)
            continue
        name = gz.lookup.get(key)
        if not name or _heads_a_proper_name(text, m, name, end):
            continue
        names, m_start, m_end = [name], m.start(), m.end()
        party = _body_party_committee().search(text, max(start, m_start - 12), m_start)
        if party:  # "Đảng ủy Bộ Tài chính"
            names, m_start = [f"Đảng ủy {name}"], party.start()
        elif name.startswith(_PROVINCE_OWN) and text[m_end:m_end + 1] in " \t\n":
            # a province's own body named by its level word ("Tỉnh đoàn Hà Tĩnh"): the place is
            # part of the name as written, like a party committee's ("Tỉnh ủy Khánh Hòa")
            place = _place_after(text, m_end, end)
            if place:
                names, m_end = [f"{name} {place[1][0]}"], place[0]
        elif name.startswith(("Sở ", "Bộ ")):
            sep = _ITEM_SEP.match(text, m_end, end)
            # Only short names continue the list ("Sở Tài chính, Nội vụ"); a full name is its own mention.
            if sep and not gz.regex.match(folded, sep.end()):
                list_end, more = _expand_list(folded, sep.end(), name[:2], end)
                if more:
                    names, m_end = [name, *more], list_end
        add(m_start, m_end, names, group=name in gz.groups)
    # Gazetteer names whose marks were damaged, matched on base letters (capitalised like a name).
    based = base_document(text) if uncertain else ""
    if based:
        regex, lookup = base_gazetteer()
        for m in regex.finditer(based, start, end):
            if text[m.start()].isupper() and uncertain.overlaps(m.start(), m.end()):
                add(m.start(), m.end(), [lookup[name_key(m.group())]])
        for head in ("Sở", "Bộ"):
            regex, shorts = damaged_head(head)
            for m in regex.finditer(based, start, end):
                if text[m.start()] == head[0] and text[m.start("short")].isupper() and uncertain.overlaps(m.start(), m.end()):
                    add(m.start(), m.end(), [shorts[name_key(m.group("short"))]])
        # a ministry or department whose name repair left a letter or a syllable wrong ("BỘ Nữ vụ"
        # for "Bộ Nội vụ"): the closest Sở or Bộ of the gazetteer, where the text is uncertain (a
        # looser bound than clean text's: two letters off in a short name)
        for m in _HEAD_WORD.finditer(text, start, end):
            if free(m.start()) and uncertain.overlaps(m.start(), min(end, m.start() + 80)):
                fuzzy = fuzzy_body(text, m.start(), end, UNCERTAIN_FUZZY)
                # the head's letter is the evidence (a B-word is no Sở); the doubt must touch the name
                if fuzzy and fuzzy[1][0] == text[m.start()] and uncertain.overlaps(m.start(), fuzzy[0]):
                    add(m.start(), fuzzy[0], [fuzzy[1]])
    # Unknown departments and bare telecom names, after the gazetteer had its say. A name the
    # gazetteer missed because OCR damaged a word ("Sở Thông tin và U,ruyén thông") is matched
    # fuzzily, in clean text too: "Sở" says a department is named, and a typo ("Sở Tài chánh")
    # does not make another body (the guideline writes canonical names). Deliberately not gated
    # by ``uncertain`` like the look-alikes above: the word "Sở", read as written, already says
    # what the next words are, so one letter off there has no other reading; an unmarked date
    # keyword ("ngay 5/3") or a look-alike ("S6") in clean text is another word, and is gated.
    for m in rule_matches:
        if m.group("dept"):
            if not free(m.start()) or m.start() in unit_parents:
                continue
            fuzzy = fuzzy_body(text, m.start(), end)
            if fuzzy:
                add(m.start(), fuzzy[0], [fuzzy[1]])
            else:
                add(m.start(), m.end(), [squash(m.group())])
        elif m.group("bare"):
            add(m.start(), m.end(), [m.group()])
    # Bodies the gazetteer does not list, known by their head word ("Ban Quản lý dự án đầu tư
    # xây dựng các công trình giao thông tỉnh", "Trung tâm Y tế huyện Quế Sơn").
    for m in open_heads().finditer(folded, start, end):
        if not free(m.start()):
            continue
        name_end = _open_name_end(text, m.end(), end)
        if name_end > m.end():
            name = _canonical_place(text[m.start():name_end])
            if uncertain.overlaps(name_end - 1, name_end):
                name = _level_spelling(name)
            if cues().unnamed_group.fullmatch(name) or _plural_kind(text, start, m.start(), m.end(), name_end):
                add(m.start(), name_end, [], generic=True)  # "Ban Quản lý dự án", "các Trung tâm Y tế khu vực"
            else:
                add(m.start(), name_end, [name])
    # A national commission named by a head that opens many other names ("Ủy ban Cạnh tranh Quốc
    # gia"): a body when the name read after the head closes like a proper name ("Quốc gia").
    for m in cues().proper_head.finditer(folded, start, end):
        if free(m.start()):
            name_end = _open_name_end(text, m.end(), end)
            if name_end > m.end() and cues().proper_end.search(text, m.end(), name_end):
                add(m.start(), name_end, [_canonical_place(text[m.start():name_end])])
    # 4. A province as the actor in a central body's notice ("Tỉnh tổng hợp nhu cầu", "tỉnh Đắk
    # Lắk cần tiếp tục …"): its People's Committee. Roles decide whether it acts.
    if ctx.central or ctx.issuer_province:
        for m in _province_word().finditer(text, start, end):
            if not free(m.start()):
                continue
            place = _place_after(text, m.start(), end)
            if place:
                if not ctx.is_issuer(place[1][0]):
                    add(m.start(), place[0], [_province_body(place[1])])
            elif (m.group("bare") and ctx.central and ctx.home and squash(m.group("bare")).lower() == ctx.home[1]
                  and not _in_level_list(text, m.start(), m.end())):
                add(m.start(), m.end(), [_province_body(ctx.home)])
    # 5. Generic groups ("các sở, ngành liên quan") take part in lists and roles only.
    for m in _generic_re().finditer(text, start, end):
        add(m.start(), m.end(), [], generic=True)
    found.sort(key=lambda x: x.start)
    return found


@cache
def _province_word() -> re.Pattern:
    """"Tỉnh" / "Thành phố" alone stand for the document's province; lower case only before a name."""
    return regex_cache.compile(rf"(?<![\w])(?:(?P<bare>{level_alternation('province', case='capitalised')})(?![\w])"
                               r"(?!\s+(?:[ủuỦU][ỷy]|[Đđ]oàn|[Đđ]ội))"
                               rf"|(?i:{level_alternation('province')})(?=\s+[{UPPER}]))")


@cache
def _level_list() -> tuple[re.Pattern, re.Pattern]:
    """"Chủ tịch UBND tỉnh, Thành phố", "Tỉnh, Thành phố": levels enumerated, every province —
    not the one the notice is about. What stands before a word, and what follows it."""
    levels = f"(?i:{level_alternation()})"
    return (regex_cache.compile(rf"(?<!\w){levels}\s*(?:,|/|\bvà|\bhoặc)\s*$"),
            regex_cache.compile(rf"\s*(?:,|/|và\b|hoặc\b)\s*{levels}(?!\w)"))


def _in_level_list(text: str, start: int, end: int) -> bool:
    before, after = _level_list()
    return bool(before.search(text, max(0, start - 24), start) or after.match(text, end))
