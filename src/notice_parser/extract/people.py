"""People: the meeting's chair (name and title, in every phrasing), attendees, the signer
(name, title, "TL."/"KT." authority) and the recipients block, two columns and all.

A surname read up to its marks ("Lẻ" for "Lê"), a surname read in the wrong case before a name
("Hoàng văn Tú") and a title's agency read tolerantly are damage undone only where the repair
stage's uncertainty (``uncertain``, in the text's offsets) covers the words; in clean text a
word that spells a surname without its marks is another word."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import regex_cache
from ..data import load_json, load_lines
from ..repair.resources import name_genders
from ..uncertainty import CLEAN, Uncertainty
from .agencies import find_mentions
from .header import signing_authorities
from .layout import LOWER, UPPER, base_letters, squash
from .places import level_alternation
from .sections import recipients_head

_CAP = f"[{UPPER}][{LOWER}]*"


@lru_cache(maxsize=1)
def _name_re() -> re.Pattern:
    # longest first, ties alphabetical: a set's order varies with the hash seed, and the pattern
    # must be the same in every process (one entry in the compiled-pattern cache)
    surnames = sorted(set(load_lines("surnames.txt")), key=lambda s: (-len(s), s))
    alt = "|".join(re.escape(s) for s in surnames if s.isalpha())
    # Surname + 1-4 capitalised syllables; wrapped lines allowed between syllables.
    return regex_cache.compile(rf"(?<![\w])(?:{alt})(?:\s+{_CAP}){{1,4}}(?![\w])")


@lru_cache(maxsize=1)
def _marked_name_re() -> re.Pattern:
    """A name whose surname no list holds, known by its middle name ("Lộc Văn Thành", "Cầm Thị
    Hoa"): a capitalised word, a middle name that marks a gender (data/given_names.txt "marker")
    and one to three capitalised syllables."""
    markers = sorted(n.capitalize() for n, (_, marker) in name_genders().items() if marker)
    return regex_cache.compile(rf"(?<![\w])(?P<surname>{_CAP})\s+(?:{'|'.join(map(re.escape, markers))})"
                               rf"(?:\s+{_CAP}){{1,3}}(?![\w])")


@lru_cache(maxsize=1)
def _name_prefix_words() -> frozenset[str]:
    """Last words of the honorifics and degrees before a name (data/frame_cues.json "name_prefixes")."""
    return frozenset(p.split()[-1].lower() for p in load_json("frame_cues.json")["name_prefixes"])


@dataclass(frozen=True)
class _NameSpan:
    """A name found inside a longer match (the words after an honorific): read like a match."""
    text: str
    at: int

    def group(self) -> str:
        return self.text

    def start(self) -> int:
        return self.at

    def end(self) -> int:
        return self.at + len(self.text)


@lru_cache(maxsize=1)
def _prefixed_name_re() -> re.Pattern:
    """An honorific or a degree (data/frame_cues.json "name_prefixes", a dot allowed after it),
    then two to five capitalised words up to a comma, a dash or a bracket: a name whatever its
    surname ("ông Giàng A Páo, Phó Chủ tịch …", "Thạc sĩ Mùa A Sơn - Giám đốc …")."""
    prefixes = sorted(load_json("frame_cues.json")["name_prefixes"], key=len, reverse=True)
    alts = "|".join(_flex_words(p) for p in prefixes)
    return regex_cache.compile(rf"(?<![\w])(?i:{alts})\.?\s+(?P<name>{_CAP}(?:\s+{_CAP}){{1,4}})(?=\s*[,\-–(])")


def _with_unlisted_surnames(text: str, lo: int, hi: int, found: list) -> list:
    """``found`` (names with a listed surname) and the names whose surname no list holds: known by
    their middle name (``_marked_name_re``) or by the honorific before them
    (``_prefixed_name_re``); these replace a listed-surname match inside them ("Văn Thành" of "Lộc
    Văn Thành": "Văn" is a surname too, but here the middle name). Words that spell a title after
    an honorific ("đồng chí Phó Chủ tịch …") are no name."""
    marked = [m for m in _marked_name_re().finditer(text, lo, hi)
              if m.group("surname").lower() not in _surnames_as_written()
              and m.group("surname").lower() not in _name_prefix_words()]
    marked += [_NameSpan(m.group("name"), m.start("name"))
               for m in _prefixed_name_re().finditer(text, lo, hi)
               if not _title_re().match(text, m.start("name"))
               and not any(k.start() <= m.start("name") < k.end() for k in marked)]
    if not marked:
        return found
    kept = [m for m in found if not any(k.start() <= m.start() < k.end() for k in marked)]
    return sorted(kept + marked, key=lambda m: m.start())


def _any_marks(base: str) -> str:
    """Regex character class of every letter (both cases) whose base letter is ``base``: a
    surname whose marks OCR or restoration got wrong ("Lẻ" for "Lê", "Phản" for "Phan") is still
    a surname when the chair cannot be found otherwise."""
    return "[" + "".join(ch for ch in LOWER + UPPER if base_letters(ch) == base) + "]"


@lru_cache(maxsize=1)
def _tolerant_surnames() -> tuple[re.Pattern, dict[str, str]]:
    """Regex of names whose surname matches a listed one up to its marks, and the canonical
    surname of each base-letter form that only one surname has."""
    by_base: dict[str, set[str]] = {}
    for s in load_lines("surnames.txt"):
        if s.isalpha():
            by_base.setdefault(base_letters(s), set()).add(s)
    alts = []
    for base in sorted(by_base, key=len, reverse=True):
        alts.append("".join(_any_marks(c) for c in base))
    regex = regex_cache.compile(rf"(?<![\w])(?:{'|'.join(alts)})(?:\s+{_CAP}){{1,4}}(?![\w])")
    unique = {base: next(iter(names)) for base, names in by_base.items() if len(names) == 1}
    return regex, unique


@lru_cache(maxsize=1)
def _surname_bases() -> frozenset[str]:
    return frozenset(base_letters(s) for s in load_lines("surnames.txt") if s.isalpha())


@lru_cache(maxsize=1)
def _surnames_as_written() -> frozenset[str]:
    return frozenset(s.lower() for s in load_lines("surnames.txt") if s.isalpha())


def _is_surname(word: str, at: int, uncertain: Uncertainty) -> bool:
    """``word`` (at ``at``) is a listed surname as written, or up to its marks where uncertain."""
    if word.lower() in _surnames_as_written():
        return True
    return base_letters(word) in _surname_bases() and uncertain.overlaps(at, at + len(word))


def _snap_surname(name: str, at: int = 0, uncertain: Uncertainty = CLEAN) -> str:
    """``name`` (at ``at``) with its surname spelt as the list does when only one listed surname
    has its base letters and the surname is uncertain."""
    first, _, rest = name.partition(" ")
    if not uncertain.overlaps(at, at + len(first)):
        return name
    canonical = _tolerant_surnames()[1].get(base_letters(first))
    return f"{canonical} {rest}" if canonical and rest else name


@lru_cache(maxsize=1)
def _positions() -> dict:
    return load_json("positions.json")


@lru_cache(maxsize=1)
def _title_re() -> re.Pattern:
    pos = _positions()
    heads = "|".join(_flex_words(h) for h in sorted(pos["heads"], key=len, reverse=True))
    bodies = "|".join(_flex_words(b) for b in sorted(pos["bodies"], key=len, reverse=True))
    modifiers = "|".join(_flex_words(m) for m in sorted(set(pos["modifiers"]), key=lambda m: (-len(m), m)))
    return regex_cache.compile(
        rf"(?i:{heads})(?:\s+(?i:{modifiers}))?"
        # every level keeps its word and its place: "Chủ tịch UBND phường Tân Định", "… đặc khu Côn Đảo"
        rf"(?:\s+(?:{bodies})(?:\s+(?i:{level_alternation()})(?!\w)(?:\s+(?:-\s+)?{_CAP}){{0,4}})?)?"
    )


def _flex_words(s: str) -> str:
    return r"\s+".join(re.escape(w) for w in s.split())


def _extend_with_agency(region: str, m: re.Match, uncertain: Uncertainty = CLEAN) -> str:
    """'Giám đốc Sở' + 'Y tế': complete a title whose body is a named agency."""
    return _agency_extension(region, m, uncertain)[0]


def _agency_extension(region: str, m: re.Match, uncertain: Uncertainty = CLEAN) -> tuple[str, int]:
    """The completed title and where it ends in ``region`` (``uncertain`` in ``region``'s offsets:
    where the agency's name may be read as find_mentions reads damage)."""
    title = m.group()
    body = re.search(r"(?:Sở|Bộ|Ban|Văn\s+phòng)$", title)
    if body:
        start = m.start() + body.start()
        for mention in find_mentions(region, start, min(len(region), start + 80), uncertain):
            if mention.start == start and mention.names:
                return title[: body.start()] + mention.names[0], mention.end
        return title, m.end()
    # A body outside the gazetteer after the head ("Giám đốc Trung tâm Y tế khu vực X"), or its head
    # alone for the issuing body itself ("Giám đốc Bệnh viện chủ trì", "Hiệu trưởng Trường, …").
    head = _open_head_after().match(region, m.end())
    if head:
        start = head.start("head")
        for mention in find_mentions(region, start, min(len(region), start + 80), uncertain):
            if mention.start == start and mention.names:
                return f"{title} {mention.names[0]}", mention.end
        if _ends_title().match(region, head.end()):
            return f"{title} {squash(head.group('head'))}", head.end()
    return title, m.end()


@lru_cache(maxsize=1)
def _open_head_after() -> re.Pattern:
    """Blanks, then a head word of a body outside the gazetteer (data/agencies.json "open_heads"), as written."""
    heads = load_json("agencies.json")["open_heads"]
    words = sorted(heads["capitalised_next"] + heads["any_next"], key=len, reverse=True)
    return regex_cache.compile(rf"\s+(?P<head>{'|'.join(_flex_words(w) for w in words)})(?!\w)")


@lru_cache(maxsize=1)
def _ends_title() -> re.Pattern:
    """What may follow a head that stands alone at a title's end: the text's end, punctuation or a
    word that ends a title (data/positions.json "title_ends", "chủ trì")."""
    return regex_cache.compile(rf"\s*(?:$|[,.;:()\-–]|(?:{_title_ends()})(?!\w))")


@lru_cache(maxsize=1)
def _title_ends() -> str:
    """Words that end a title (data/positions.json "title_ends"), as a regex alternation."""
    return "|".join(_flex_words(w) for w in sorted(_positions()["title_ends"], key=lambda w: (-len(w), w)))


def clean_title(s: str | None) -> str | None:
    if not s:
        return None
    s = squash(s).strip(" ,;:-–")
    s = re.sub(rf"\s+(?:{_title_ends()})$", "", s)
    return s or None


@dataclass
class PersonFound:
    name: str | None  # None: a chair the text names only by title ("Tổng Bí thư chủ trì")
    title: str | None
    start: int
    end: int


def _title_after(text: str, pos: int, uncertain: Uncertainty = CLEAN) -> tuple[str | None, int]:
    """Titles following a name: ', T1, T2, T3 chủ trì' or ' - T'. Prefers the government post."""
    m = re.match(r"\s*(?:,|-|–|\()\s*", text[pos:])
    if not m:
        return None, pos
    seg_start = pos + m.end()
    stop = re.search(rf"(?:\b(?:{_title_ends()})\b|[.;:)])", text[seg_start:seg_start + 300])
    region = text[seg_start:seg_start + (stop.start() if stop else 200)]
    titles = [t for t in _title_re().finditer(region)]
    if not titles:
        return None, pos
    gov = [t for t in titles if _is_government_post(t.group())]
    best = (gov or titles)[-1]
    return clean_title(_extend_with_agency(region, best, uncertain.shifted(seg_start))), seg_start + best.end()


@lru_cache(maxsize=1)
def _post_words() -> tuple[re.Pattern, re.Pattern]:
    pos = load_json("frame_cues.json")
    gov = "|".join(_flex_words(w) for w in pos["government_words"])
    party = "|".join(_flex_words(w) for w in pos["party_words"])
    return regex_cache.compile(gov, re.IGNORECASE), regex_cache.compile(party)


def _is_government_post(title: str) -> bool:
    gov, party = _post_words()
    return bool(gov.search(title)) and not party.search(title)


def _title_before(text: str, pos: int, uncertain: Uncertainty = CLEAN) -> str | None:
    window = text[max(0, pos - 120):pos]
    best = None
    for t in _title_re().finditer(window):
        title, end = _agency_extension(window, t, uncertain.shifted(max(0, pos - 120)))
        if not window[end:].strip():  # "Bộ trưởng Bộ Y tế Nguyễn Văn A": the title ends at the name
            best = title
    return clean_title(best) if best else None


def people_with_titles(text: str, lo: int = 0, hi: int | None = None, tolerant: bool = False,
                       uncertain: Uncertainty = CLEAN) -> list[PersonFound]:
    """Named people in text[lo:hi] with their titles; ``tolerant``: also names whose surname
    matches a listed one up to its marks, where ``uncertain`` covers the surname."""
    hi = len(text) if hi is None else hi
    out = []
    regex = _tolerant_surnames()[0] if tolerant else _name_re()
    matches = list(regex.finditer(text, lo, hi))
    for m in matches if tolerant else _with_unlisted_surnames(text, lo, hi, matches):
        first_end = m.start() + len(m.group().split()[0])
        if tolerant and not _is_surname(text[m.start():first_end], m.start(), uncertain):
            continue  # clean text: a word that spells a surname without its marks is another word
        t = _title_re().match(text, m.start())
        if t and t.end() >= m.end() - 1:
            continue  # a title read as a name ("Tổng Bí" of "Tổng Bí thư" with a damaged surname)
        name = _snap_surname(squash(m.group()), m.start(), uncertain) if tolerant else squash(m.group())
        start = m.start()
        prev = re.search(r"([^\W\d_]+) $", text[max(lo, start - 12):start])
        if prev and _is_surname(prev.group(1), start - len(prev.group(0)), uncertain) and (
                (prev.group(1)[:1].isupper() and m.group()[:1].islower())
                or (prev.group(1)[:1].islower() and _title_before(text, start - len(prev.group(0)), uncertain))):
            # a name whose case repair got wrong: "Hoàng văn Tú", "Phó Thủ tướng mai Văn Chính"
            start -= len(prev.group(0))
            name = _snap_surname(" ".join(w[:1].upper() + w[1:] for w in text[start:m.end()].split()), start, uncertain)
        if not text[start:start + 1].isupper():
            # marks may be wrong in a damaged name, its capital not: "phường Hải Châu", "vụ Đảng"
            # are words whose letters happen to spell a surname (unless a surname before them
            # made them its middle name, as above)
            continue
        title, end = _title_after(text, m.end(), uncertain)
        before = _title_before(text, start, uncertain)
        if title is None or (before and _is_government_post(before) and not _is_government_post(title)):
            # "Thủ tướng Chính phủ Phạm Minh Chính - Trưởng Ban Chỉ đạo": the post, not the committee role
            title = before or title
        out.append(PersonFound(name, title, start, max(end, m.end())))
    return out


_CHAIR_WORD = regex_cache.compile(r"chủ\s+trì", re.IGNORECASE)


def find_chair(text: str, lo: int, hi: int, uncertain: Uncertainty = CLEAN) -> PersonFound | None:
    """The person who chaired: the named person nearest before 'chủ trì' in its sentence,
    or the one right after 'Chủ trì:'. When nobody is found, names whose surname is damaged
    ("Lẻ Trí Thanh", where uncertain) are tried, their surname restored when only one surname fits."""
    found = _find_chair(text, lo, hi, people_with_titles(text, lo, hi, uncertain=uncertain))
    found = found or _find_chair(text, lo, hi, people_with_titles(text, lo, hi, tolerant=True, uncertain=uncertain))
    return _named_elsewhere(text, found, uncertain)


def _named_elsewhere(text: str, person: PersonFound | None, uncertain: Uncertainty) -> PersonFound | None:
    """``person`` with the surname the document writes elsewhere before the same given names, when
    the surname found is doubted and no listed one ("Lâ Thành Long": OCR read "ê" as "â", and no
    surname has only its marks wrong) and exactly one listed surname a letter away from it stands
    before those names elsewhere ("Thư ký PTTgCP Lê Thành Long", "LÊ THÀNH LONG" in the title)."""
    if person is None or not person.name or " " not in person.name:
        return person
    surname, given = person.name.split(" ", 1)
    at = text.find(surname, person.start, person.end)
    if surname.lower() in _surnames_as_written() or at < 0 or not uncertain.overlaps(at, at + len(surname)):
        return person
    # built from the name: one pattern per document, not worth the compiled-pattern cache
    before = re.compile(rf"(?<![\w])([^\W\d_]+)\s+{_flex_words(given)}(?![\w])", re.IGNORECASE)
    found = set()
    for m in before.finditer(text):
        written = m.group(1)[:1].upper() + m.group(1)[1:].lower()
        if m.start() != at and written.lower() in _surnames_as_written() and \
                _within_one_letter(base_letters(written), base_letters(surname)):
            found.add(written)
    if len(found) != 1:
        return person
    return PersonFound(f"{found.pop()} {given}", person.title, person.start, person.end)


def _within_one_letter(a: str, b: str) -> bool:
    """``a`` and ``b`` are equal or differ by one letter replaced, added or dropped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@lru_cache(maxsize=1)
def _chair_verb_re() -> re.Pattern:
    verbs = sorted(load_json("frame_cues.json")["chair_verbs"], key=len, reverse=True)
    return regex_cache.compile(r"\s*,?\s*(?:" + "|".join(_flex_words(v) for v in verbs) + r")(?!\w)", re.IGNORECASE)


def _find_chair(text: str, lo: int, hi: int, people: list[PersonFound]) -> PersonFound | None:
    if not people:
        return None
    found = _chair_by_word(text, lo, hi, people)
    if found:
        return found
    # The subject of the opening who led the meeting, visit or inspection in other words:
    # "Phó Thủ tướng Chính phủ Lê Thành Long đã đi kiểm tra …", "… đã có buổi làm việc với …".
    for p in people:
        if _chair_verb_re().match(text, p.end, min(hi, p.end + 80)):
            return p
    return None


def _chair_by_word(text: str, lo: int, hi: int, people: list[PersonFound]) -> PersonFound | None:
    for cm in _CHAIR_WORD.finditer(text, lo, hi):
        after = re.match(r"\s*:\s*", text[cm.end():cm.end() + 5])
        if after:
            nxt = [p for p in people if p.start >= cm.end() and p.start - cm.end() < 40]
            if nxt:
                return nxt[0]
        before = [p for p in people if p.start < cm.start() and cm.start() - p.start < 400
                  and not re.search(r"[.;]\s", text[p.end:cm.start()])]
        if before:
            return before[-1]
    return None


def find_chair_title(text: str, lo: int, hi: int, uncertain: Uncertainty = CLEAN) -> PersonFound | None:
    """A chair the opening names only by title ("Tổng Bí thư chủ trì …", "Chủ tịch UBND tỉnh đã đi
    kiểm tra …"): the title right before a chair verb, with no name."""
    for t in _title_re().finditer(text, lo, hi):
        # the title with its agency ("Giám đốc Sở" + "Y tế"): the name, if any, follows that
        title, t_end = _agency_extension(text, t, uncertain)
        if _chair_verb_re().match(text, t_end, min(hi, t_end + 80)) or \
                _more_titles_before_chair_verb().match(text, t_end, min(hi, t_end + 160)):
            return PersonFound(None, clean_title(title), t.start(), t_end)
        # a name whose case repair got wrong ("Thủ tướng Chính phủ Phạm minh Chính đã …"): a surname
        # and up to three more words between the title and the chair verb, the shortest that
        # reaches one ("đã" opens the verb, not the name)
        words = re.match(r"\s+((?:[^\W\d_]+\s+){1,3}[^\W\d_]+)", text[t_end:min(hi, t_end + 60)])
        parts = words.group(1).split() if words else []
        if parts and parts[0][:1].isupper() and _is_surname(parts[0], t_end + words.start(1), uncertain):
            end = t_end + words.end(1)
            for k in range(2, len(parts) + 1):
                cut = t_end + words.start(1) + len(" ".join(parts[:k]))
                if _chair_verb_re().match(text, cut, min(hi, cut + 80)):
                    name = _snap_surname(" ".join(w[:1].upper() + w[1:] for w in parts[:k]), t_end + words.start(1),
                                         uncertain)
                    return _named_elsewhere(text, PersonFound(name, clean_title(title), t.start(), end), uncertain)
    return None


@lru_cache(maxsize=1)
def _more_titles_before_chair_verb() -> re.Pattern:
    """One or two more roles after a title, each after a comma or a dash and of at most eight
    words with no punctuation, then a chair verb: "Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo chủ
    trì …", "Bí thư Tỉnh ủy, Trưởng đoàn công tác đã làm việc …" (the first title is reported)."""
    return regex_cache.compile(rf"(?:\s*[,\-–]\s*[{UPPER}][^\W\d_]*(?:\s+[^\W\d_]+){{0,7}}?){{1,2}}"
                               rf"(?=(?i:{_chair_verb_re().pattern}))")


def find_person_with_title(text: str, lo: int, hi: int, uncertain: Uncertainty = CLEAN) -> PersonFound | None:
    for tolerant in (False, True):  # a damaged surname only when nobody else is found
        people = [p for p in people_with_titles(text, lo, hi, tolerant=tolerant, uncertain=uncertain) if p.title]
        if people:
            return people[0]
    return None


# Signature block -------------------------------------------------------------------------

# After a comma "KT." is a unit of a recipients line ("- Lưu: VT, KT." read beside the title).
@lru_cache(maxsize=1)
def _authority() -> re.Pattern:
    """"KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN": the authority (data/frame_cues.json) and the body or title."""
    return regex_cache.compile(rf"(?<!,)(?<!, )\b(?P<prefix>{signing_authorities()})\s*\.\s*"
                               rf"(?P<body>[{UPPER}][{UPPER} ]*[{UPPER}](?:\s*,\s*[{UPPER}][{UPPER} ]*[{UPPER}])*)")
# A title in capitals at the end of a line (the right-hand column): at least two words, one of them
# with Vietnamese letters, so that "Lưu: VT, KGVX" is not taken for one.
_TRAILING_CAPS = regex_cache.compile(rf"(?:^|(?<=\s))(?P<caps>[{UPPER}]+(?:\s+[{UPPER}]+)+)\s*$")


@lru_cache(maxsize=1)
def _caps_title_re() -> re.Pattern:
    titles = sorted(_positions()["canonical"], key=len, reverse=True)
    # named like _TRAILING_CAPS's group, so callers read either match the same way
    return regex_cache.compile(rf"(?<![{UPPER}])(?P<caps>" + "|".join(_flex_words(t) for t in titles) + r")\s*$")


# A footnote's first line: its number in brackets or raised ("[2] Dự kiến …", "¹ Công văn …").
_FOOTNOTE = regex_cache.compile(r"^(?:\[\d{1,2}\]|[¹²³⁴⁵⁶⁷⁸⁹])\s*\S")


@dataclass
class SignatureFound:
    name: str | None
    title: str | None
    authority: str | None
    start: int
    end: int
    written: str | None = None  # the name as the text spells it, when its surname was restored


def canonical_title(caps: str) -> str:
    caps = squash(caps).strip(" ,")
    table = _positions()["canonical"]
    if caps in table:
        return table[caps]
    words = caps.lower().split()
    # "PHÓ GIÁM ĐỐC SỞ" → "Phó Giám đốc sở": the word after "Phó" starts the title proper.
    if len(words) > 1 and words[0] == "phó":
        words[1] = words[1].capitalize()
    return " ".join([words[0].capitalize(), *words[1:]])


def _trailing_title(text: str) -> re.Match | None:
    m = _caps_title_re().search(text)
    if m:
        return _TRAILING_CAPS.search(text[: m.end()]) or m
    m = _TRAILING_CAPS.search(text)
    if m and any(not c.isascii() for c in m.group("caps")):
        return m
    return None


def strip_signature_fragments(line: str) -> str:
    """A recipients line with the right-hand column's words removed."""
    line = _authority().sub("", line).rstrip(" ,")
    t = _trailing_title(line)
    if t is not None:
        line = line[: t.start()]
    return line.rstrip(" ,")


def find_signature(text: str, lines, uncertain: Uncertainty = CLEAN) -> SignatureFound | None:
    """Signer from the tail lines: authority ('TL. CHỦ TỊCH'), title line, name line; a name
    under the title keeps its surname as written unless ``uncertain`` covers it."""
    if not lines:
        return None
    authorities, title, span_start, title_at = [], None, None, None
    for i, ln in enumerate(lines):
        for m in _authority().finditer(ln.text):
            authorities.append(f"{m.group('prefix')}. {squash(m.group('body'))}")
            span_start = span_start if span_start is not None else ln.start + m.start()
        rest = _authority().sub("", ln.text).strip(" ,")
        t = _trailing_title(rest)
        if t is not None:
            title, title_at = canonical_title(t.group("caps")), i
            span_start = span_start if span_start is not None else ln.start + t.start()
    found = _signer_name(lines, title_at, bool(authorities or title), uncertain)
    if found is not None:
        span_start = span_start if span_start is not None else found.start
    if not (found or title or authorities):
        return None
    if title is None and authorities:
        title = canonical_title(authorities[-1].split(". ", 1)[1])
    return SignatureFound(found and found.name, title, "; ".join(authorities) or None,
                          span_start or lines[0].start, found.line_end if found else lines[-1].end,
                          found and found.written)


@dataclass(frozen=True)
class _NameFound:
    name: str  # as reported: its surname spelt as the list does where the text is uncertain
    written: str  # as the text spells it (what the recipients lose)
    start: int
    line_end: int  # end of the line it is on


@lru_cache(maxsize=2)
def _signer_name_res(tolerant: bool) -> tuple[re.Pattern, re.Pattern]:
    """A name alone on a line, and a name ending a line after the left column's punctuation or a
    wide gap (two columns read row by row: "- VPUB: CVP, HCC, Nguyễn Văn A", "- Lưu: VT      Lê
    Văn B"); after a plain word it may be a recipient named with a title ("- Đồng chí Lê Văn B").
    ``tolerant``: the surname matches a listed one up to its marks."""
    core = (_tolerant_surnames()[0] if tolerant else _name_re()).pattern
    return (regex_cache.compile(rf"(?P<n>{core})"),
            regex_cache.compile(rf"(?:^|(?<=[,:;.)])\s*|\s{{3,}}|\t)(?P<n>{core})[\s.]*$"))


def _signer_name(lines, title_at: int | None, has_heading: bool, uncertain: Uncertainty) -> _NameFound | None:
    """The signer's name in the tail ``lines``. Administrative notices print the recipients and
    the signature side by side; extraction may give the columns one after the other or
    interleaved line by line (each row's left part, then its right part), so the name is looked
    for wherever the right column's last line can land: alone on a line (searched from the end:
    it is the signature's last line), or at the end of a recipients line when the block has an
    authority or title. Names spelt as listed are taken first; then, where ``uncertain`` covers
    the surname, a surname read up to its marks ("Do Ngọc Huỳnh" for "Đỗ Ngọc Huỳnh"); then the
    line under the title by its place."""
    for tolerant in (False, True):
        alone, trailing = _signer_name_res(tolerant)
        for i in range(len(lines) - 1, -1, -1):
            ln = lines[i]
            text = ln.text.strip(" .")
            at = ln.start + ln.text.index(text) if text else ln.start
            found = _accept_name(alone.fullmatch(text), at, ln.end, tolerant, uncertain)
            if found is None and i > 0 and len(lines[i - 1].text.split()) == 1:
                # a name wrapped in a narrow column: "Vũ" / "Chiến Thắng" (the surname on the first line)
                first = lines[i - 1]
                found = _accept_name(alone.fullmatch(f"{first.text} {text}"), first.start, ln.end, tolerant, uncertain)
            if found:
                return found
        if has_heading:
            for ln in reversed(lines):
                found = _accept_name(trailing.search(ln.text), ln.start, ln.end, tolerant, uncertain)
                if found:
                    return found
    if title_at is not None and title_at + 1 < len(lines):
        # The line under the signer's title is the name by its place, even when repair left a
        # surname or a syllable wrong ("Trình Mạnh Linh", "Trịnh mạnh Linh").
        ln = lines[title_at + 1]
        words = ln.text.strip(" .").split()
        written = " ".join(words)
        if (2 <= len(words) <= 5 and words[0][:1].isupper() and all(w.isalpha() for w in words)
                and not _spells_title(written)):
            name = _snap_surname(" ".join(w[:1].upper() + w[1:] for w in words), ln.start, uncertain)
            return _NameFound(name, written, ln.start, ln.end)
    return None


def _spells_title(words: str) -> bool:
    """``words`` are a title, not a name ("Chủ Tịch": its case lost, it spells "Chu" + a name)."""
    title = _title_re().match(words)
    return title is not None and title.end() >= len(words) - 1


def _accept_name(m: re.Match | None, at: int, line_end: int, tolerant: bool, uncertain: Uncertainty
                 ) -> _NameFound | None:
    """The name ``m`` matched (``at``: the offset of the matched string in the text), unless it is
    a title ("Chủ Tịch" read up to its marks) or, read tolerantly, its surname is not in doubt."""
    if m is None:
        return None
    start = at + m.start("n")
    written = squash(m.group("n"))
    if _spells_title(written):
        return None
    if not tolerant:
        return _NameFound(written, written, start, line_end)
    if not _is_surname(written.split()[0], start, uncertain):
        return None
    return _NameFound(_snap_surname(written, start, uncertain), written, start, line_end)


def find_recipients(lines, signer_name: str | None, uncertain: Uncertainty = CLEAN) -> list[str]:
    """The recipients after "Nơi nhận:" (its OCR residue read where ``uncertain`` covers it), up to
    the footnotes; ``signer_name``: the signer's name as the text spells it, which two-column
    extraction may leave on a recipients line or on a line of its own among them."""
    items: list[str] = []
    inside = False
    wrapped_head = False
    for i, ln in enumerate(lines):
        text = ln.text
        head = recipients_head(ln, uncertain)
        if wrapped_head:  # "Nơi" / "nhận:" in a narrow column
            wrapped_head, head = False, recipients_head(ln, uncertain, 2)
        elif not inside and recipients_head(ln, uncertain, 1) and i + 1 < len(lines):
            wrapped_head = True
            continue
        if head:
            inside = True
            text = text[head.end():]
        if not inside:
            continue
        if _FOOTNOTE.match(text):
            break  # "[1] Thông báo số …": the page's footnotes follow the signature block
        text = strip_signature_fragments(text)
        if signer_name and squash(text).rstrip(" .").endswith(signer_name):
            text = squash(text).rstrip(" .")[: -len(signer_name)].rstrip(" ,")
        if _name_re().fullmatch(text.strip(" .")):
            continue
        text = text.strip()
        if not text:
            continue
        if text.startswith(("-", "–", "+", "•")):
            items.append(text.lstrip("-–+• ").strip())
        elif text.endswith(":") and not items or text.endswith(":") and items and items[-1].endswith((";", ".")):
            continue  # "Gửi bản giấy:" sub-heading
        elif items:
            items[-1] = f"{items[-1]} {text}"
        else:
            items.append(text)
    return [re.sub(r"[;,.\s]+$", "", squash(i)) for i in items if i.strip(" ;,.")]
