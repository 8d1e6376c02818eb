"""Vietnamese orthography, in one place: letters, tone marks, syllable shape, the canonical
tone-mark placement and the legacy 8-bit code pages. Every stage imports it (ingest's quality
gate and encoding vote, repair's model and channels, extraction's name comparison, evaluation)
so that they cannot disagree on what a syllable is or where its mark goes.

Two notions of a syllable are kept on purpose:

* ``is_syllable_shape``: the *base letters* fit onset + vowel cluster + coda. Marks are ignored,
  so stripped text ("thong bao") and OCR output pass; repair uses it to decide what may be a
  damaged syllable.
* ``is_vietnamese_syllable``: a well-formed written syllable: at most one tone mark, on a vowel,
  no doubled vowel letter, only Vietnamese marks. Ingest uses it to tell a trustworthy text layer
  from mojibake, dropped-glyph fragments and English.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from . import regex_cache

# ---- letters and marks -----------------------------------------------------------------------

# The alphabet in its own order (đ after d, the marked vowels after their base).
LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
VOWELS = "aăâeêioôơuưy"
BASE_VOWELS = "aeiouy"
# Combining tone marks: huyền, sắc, ngã, hỏi, nặng.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Combining marks that make a letter (â ê ô, ă, ơ ư): part of the letter, not a tone.
LETTER_MARKS = frozenset("\u0302\u0306\u031b")
# Letters only Unicode Vietnamese has (outside Latin-1): their presence rules legacy text out.
UNICODE_ONLY = regex_cache.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def strip_marks(s: str) -> str:
    """Base letters only, lower case: 'Đường' → 'duong'."""
    s = s.lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def strip_marks_all(words: list[str]) -> list[str]:
    """``[strip_marks(w) for w in words]`` in a few passes over one string: the model's whole
    vocabulary (~40 000 syllables) in milliseconds instead of a tenth of a second, which a
    cold parse of a clean notice pays for its damage check. Words must not contain newlines."""
    low = unicodedata.normalize("NFD", "\n".join(words).lower().replace("đ", "d"))
    for mark in {c for c in set(low) if unicodedata.category(c) == "Mn"}:
        low = low.replace(mark, "")  # one pass per distinct mark (a handful): str.translate is slower
    return low.split("\n") if words else []


def strip_tones(word: str) -> str:
    """Lower-case letters without tone marks, keeping â ă ê ô ơ ư đ: 'Trưởng' → 'trương'."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))


def has_vietnamese_marks(word: str) -> bool:
    """Whether a word carries a tone mark or one of â ă ê ô ơ ư đ."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "đ" in word.lower() or any(c in TONE_MARKS or c in LETTER_MARKS for c in decomposed)


def tone_count(word: str) -> int:
    return sum(1 for c in unicodedata.normalize("NFD", word) if c in TONE_MARKS)


# ---- syllable shape ----------------------------------------------------------------------------

_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
# Vowel clusters of Vietnamese syllables, marks stripped (ươ → uo, ưu → uu).
_NUCLEUS = "(?:" + "|".join(sorted(
    "a e i o u y ai ao au ay eo eu ia ie iu oa oe oi oo ua ue ui uo uu uy ya ye "
    "ieu yeu oai oay oao oeo uai uay uoi uou uya uye uyu".split(), key=len, reverse=True)) + ")"
_CODA = "(?:ng|nh|ch|[cmnptk])?"  # k: Central Highlands names (Đắk Lắk)
_BASE_SYLLABLE = regex_cache.compile(f"^{_ONSET}{_NUCLEUS}{_CODA}$")

# The written shape, on tone-stripped lower case (â ă ê ô ơ ư đ kept): onset? vowels{1,3} coda?.
_W_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
_W_VOWELS = f"[{VOWELS}]{{1,3}}"
_W_CODA = r"(?:ch|ng|nh|c|m|n|p|t|k)?"
_WRITTEN_SYLLABLE = regex_cache.compile(f"^{_W_ONSET}{_W_VOWELS}{_W_CODA}$")


def is_syllable_shape(word: str) -> bool:
    """Whether a word's base letters have the shape of a Vietnamese syllable (onset, vowels, coda);
    marks are ignored ("thong", "thông" and "thóng" all pass)."""
    # asked of every word of every document, several times: a text repeats its words, and
    # stripping marks (NFD) costs ten times the look-up. Long words are computed, not kept.
    return _syllable_shape(word) if len(word) <= _SHAPE_CACHED else bool(_BASE_SYLLABLE.match(strip_marks(word)))


_SHAPE_CACHED = 16


@lru_cache(maxsize=1 << 16)
def _syllable_shape(word: str) -> bool:
    return bool(_BASE_SYLLABLE.match(strip_marks(word)))


_CLUSTER = regex_cache.compile(r"^(?:ngh|ng|nh|ch|gh|kh|ph|qu|th|tr)$")


def is_consonant_cluster(word: str) -> bool:
    """Whether a word is one of the letter clusters that open or close a syllable ("th", "ngh"):
    what is left of a syllable whose vowels were lost, or an acronym ("KH" kế hoạch)."""
    return bool(_CLUSTER.match(strip_marks(word)))


def is_vietnamese_syllable(word: str) -> bool:
    """Whether a word is a well-formed written Vietnamese syllable (see the module's docstring)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in decomposed if c in TONE_MARKS) > 1:
        return False
    # A tone sits on a vowel: Latin letters such as ñ (n + tilde) are not Vietnamese.
    keep = "".join(LETTER_MARKS)
    if any(c in TONE_MARKS and decomposed[:i].rstrip(keep)[-1:] not in BASE_VOWELS
           for i, c in enumerate(decomposed)):
        return False
    if any(unicodedata.combining(c) and c not in TONE_MARKS and c not in LETTER_MARKS for c in decomposed):
        return False
    bare = strip_tones(word)
    # A doubled vowel letter only occurs as "oo" (xoong, boong); "ii", "uu" are OCR damage.
    if any(v * 2 in bare for v in "aăâeêiôơuưy"):
        return False
    return bool(_WRITTEN_SYLLABLE.match(bare))


_WORD = regex_cache.compile(r"[^\W\d_]+")


def syllable_share(text: str) -> tuple[float, int]:
    """(share of the letter tokens whose base letters are syllable-shaped, number of tokens).
    Vietnamese text — clean, stripped, OCR-garbled or with dropped glyphs — scores 0.65 and up;
    English prose and HTML about 0.2 ("the", "to" fit, "and", "of", "report", "div" do not)."""
    words = _WORD.findall(text)
    if not words:
        return 0.0, 0
    return sum(1 for w in words if is_syllable_shape(w)) / len(words), len(words)


# ---- tone-mark placement --------------------------------------------------------------------

# Open syllables ending in oa / oe / uy carry their mark on the first vowel in the documented
# ("old") placement the project outputs and compares on: "hòa", "thủy", "khỏe". Each pair has
# the same length, so a folded copy keeps the text's offsets.
TONE_PLACEMENT = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
# Only at the end of a syllable (with a coda the mark is always on the second vowel: "hoàng")
# and not after "q" ("quỷ": u belongs to the onset).
_TONE_END = regex_cache.compile("(?<![qQ])(" + "|".join(TONE_PLACEMENT) + ")$")
# Every case form of each pair, for whole texts (str.replace is ~10× faster than a regex callback).
_CASED_PLACEMENT = [
    (variant(old), variant(new))
    for old, new in TONE_PLACEMENT.items()
    for variant in (str.lower, str.upper, lambda w: w[:1].upper() + w[1:])
]


def canonical(word: str) -> str:
    """One lowercase syllable with the canonical tone placement ("hoà" → "hòa", "hoàng" kept)."""
    return _TONE_END.sub(lambda m: TONE_PLACEMENT[m.group()], word)


def fold_tone(s: str | None) -> str:
    """NFC, lower case, the pairs replaced wherever they occur: a comparison key for whole texts
    (cruder than ``canonical``, but the same on both sides of a comparison)."""
    s = unicodedata.normalize("NFC", s or "").lower()
    for new, old in TONE_PLACEMENT.items():
        s = s.replace(new, old)
    return s


def fold_placement(text: str) -> str:
    """Same-length copy of a text, case kept, the pairs replaced wherever they occur ('Hoà' → 'Hòa'):
    extraction's comparison copy, whose offsets are the text's."""
    for old, new in _CASED_PLACEMENT:
        if old in text:
            text = text.replace(old, new)
    return text


# ---- legacy code pages ----------------------------------------------------------------------

LEGACY_TABLES = Path(__file__).resolve().parent / "data" / "legacy_encodings.json"


@lru_cache(maxsize=1)
def legacy_tables() -> dict[str, dict[str, str]]:
    """Legacy font code → Unicode, per encoding ('tcvn3', 'vni'): TCVN3 (ABC, ".VnTime") and
    VNI-Windows text read as Windows-1252 characters ("Th«ng b¸o", "Thoâng baùo")."""
    data = json.loads(LEGACY_TABLES.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


_LEGACY_WORD = regex_cache.compile(r"\S+")
LEGACY_MIN_SHARE = 0.15  # share of words carrying the encoding's markers
LEGACY_MIN_WORDS = 2


@lru_cache(maxsize=2)
def _pattern(name: str) -> re.Pattern:
    keys = sorted(legacy_tables()[name], key=len, reverse=True)  # longest sequence first
    return regex_cache.compile("|".join(re.escape(k) for k in keys))


# TCVN3 codes that neither Unicode Vietnamese nor Western European text uses (so they prove
# the encoding); the codes shared with French or German letters (é, ç, ï, ö ...) are left out.
_TCVN3_ONLY = regex_cache.compile("[µ¶·¸¹¨»¼½¾©ª«¬\u00ad÷þ¡¢£¤¥¦§®×ÆËÌÎÏÑÒÓÔÕÞ]")
_VNI_MARK = regex_cache.compile("[aeouyAEOUY][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]|[öÖñÑæÆîÎ]|ô[ùøûõï]")
_VIQR_MARK = regex_cache.compile(r"[aeiouyAEIOUY](?:[\^+(]['`?~.]?|['`~]|[?.](?=[a-zA-Z]))|\b[dD][dD](?=[aeiouyAEIOUY])")


def _share(rx: re.Pattern, text: str) -> float:
    words = _LEGACY_WORD.findall(text)
    hits = sum(1 for w in words if rx.search(w))
    # one marked word proves nothing (a French "naïve"); a legacy text marks most of them
    return hits / len(words) if hits >= LEGACY_MIN_WORDS else 0.0


def detect_legacy(text: str) -> str | None:
    """'tcvn3', 'vni', 'viqr' or None: the legacy encoding a text shows, if any. A text is
    taken for one only when it has no Unicode-only Vietnamese letter (ă, đ, ơ, ư, ạ …) and the
    encoding's own markers are frequent."""
    if UNICODE_ONLY.search(text) or len(text) < 2:
        return None
    best, name = 0.0, None
    for n, rx in (("tcvn3", _TCVN3_ONLY), ("vni", _VNI_MARK), ("viqr", _VIQR_MARK)):
        s = _share(rx, text)
        if s > best:
            best, name = s, n
    return name if best >= LEGACY_MIN_SHARE else None


_VIQR_VOWEL = {"a(": "ă", "a^": "â", "e^": "ê", "o^": "ô", "o+": "ơ", "u+": "ư"}
_VIQR_TONE = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
# "?" and "." are tones inside a word, or at its end when the sentence goes on in lower case.
_VIQR = regex_cache.compile(r"(?P<dd>\b[dD][dD](?=[aeiouyAEIOUY]))|(?P<v>[aeiouyAEIOUY])(?P<m>[\^+(])?"
                            r"(?P<t>['`~]|[?.](?=[a-zA-Z]|[ \t]+[a-z]))?")


def _viqr_sub(m: re.Match) -> str:
    if m.group("dd"):
        return "Đ" if m.group("dd")[0] == "D" else "đ"
    v, mod, tone = m.group("v"), m.group("m"), m.group("t")
    if mod:
        key = v.lower() + mod
        if key not in _VIQR_VOWEL:  # e.g. "i^": not a Vietnamese letter, keep as written
            return m.group(0)
        base = _VIQR_VOWEL[key]
        v = base.upper() if v.isupper() else base
    if tone:
        v = unicodedata.normalize("NFC", v + _VIQR_TONE[tone])
    return v



@lru_cache(maxsize=None)
def legacy_caseless(encoding: str) -> frozenset[str]:
    """The letters ``encoding`` can only write in lower case: its code page has a code for the
    letter and none for its capital. TCVN3 (ABC) has no toned capitals at all — a heading
    was set in a capitals font (".VnTimeH") over the lower-case codes — so a text layer reads
    "ỦY BAN" as "ủY BAN" (the 60 toned vowels). VNI and VIQR write every capital: none."""
    letters = set(legacy_tables().get(encoding, {}).values())
    return frozenset(u for u in letters if u.islower() and u.upper() not in letters and not u.upper().isascii())


def legacy_words_marked(text: str, encoding: str) -> list[tuple[int, int, str, tuple[int, ...]]]:
    """``legacy_words`` with, for each stretch, the indices in its Unicode form of the letters
    whose case the encoding does not say (``legacy_caseless``): decoded in lower case, they may
    have been capitals."""
    out: list[tuple[int, int, str, tuple[int, ...]]] = []
    if encoding == "viqr":  # tones may depend on the next word, so match over the whole text
        for m in _VIQR.finditer(text):
            new = _viqr_sub(m)
            if new != m.group():
                out.append((m.start(), m.end(), new, ()))
        return out
    table, rx, caseless = legacy_tables()[encoding], _pattern(encoding), legacy_caseless(encoding)
    for m in _LEGACY_WORD.finditer(text):
        word, parts, marked, pos = m.group(), [], [], 0
        size = 0
        for c in rx.finditer(word):
            letter = table[c.group()]
            parts += [word[pos:c.start()], letter]
            size += c.start() - pos
            if letter in caseless:
                marked.append(size)
            size += len(letter)
            pos = c.end()
        if parts:
            out.append((m.start(), m.end(), "".join(parts) + word[pos:], tuple(marked)))
    return out


def legacy_words(text: str, encoding: str) -> list[tuple[int, int, str]]:
    """(start, end, Unicode form) of each stretch of ``text`` that ``encoding`` spells differently."""
    return [(s, e, new) for s, e, new, _ in legacy_words_marked(text, encoding)]


def decode_legacy(text: str, encoding: str) -> str:
    """``text`` converted from a legacy encoding ('tcvn3', 'vni', 'viqr') to Unicode."""
    parts, pos = [], 0
    for start, end, new in legacy_words(text, encoding):
        parts += [text[pos:start], new]
        pos = end
    return "".join(parts) + text[pos:]


__all__ = [
    "LETTERS", "VOWELS", "BASE_VOWELS", "TONE_MARKS", "LETTER_MARKS", "UNICODE_ONLY", "TONE_PLACEMENT",
    "strip_marks", "strip_tones", "has_vietnamese_marks", "tone_count", "is_syllable_shape",
    "is_vietnamese_syllable", "syllable_share", "canonical", "fold_tone", "fold_placement", "legacy_tables",
    "detect_legacy", "legacy_words", "legacy_words_marked", "legacy_caseless", "decode_legacy",
]
