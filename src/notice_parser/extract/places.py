"""Provinces (before and after the 2025 merger, data/provinces.json): lookup, a regex for
mentions in running text, and snapping an OCR-damaged spelling to the list; the words of the
administrative levels (data/admin_levels.json) that every rule naming a place builds on."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from .. import regex_cache
from ..data import level_words, load_json
from ..vietnamese import TONE_PLACEMENT
from .layout import base_letters, name_key


def level_alternation(*kinds: str, base: bool = False, case: str = "lower") -> str:
    """Regex alternation of the level words of ``kinds``, words joined by any whitespace
    (wrapped lines); on base letters ("thi\\s+xa") with ``base``; ``case`` "upper" as a header
    writes them ("THÀNH PHỐ"), "capitalised" as a sentence starts them ("Thành phố")."""
    def form(phrase: str) -> str:
        phrase = base_letters(phrase) if base else phrase
        return {"lower": phrase, "upper": phrase.upper(), "capitalised": phrase[:1].upper() + phrase[1:]}[case]

    return "|".join(r"\s+".join(re.escape(w) for w in form(phrase).split()) for phrase in level_words(*kinds))


@lru_cache(maxsize=1)
def level_of_base() -> dict[str, str]:
    """Base letters of every level word ("thi xa") → the word ("thị xã")."""
    return {base_letters(w): w for w in level_words()}


@lru_cache(maxsize=1)
def level_abbreviations() -> dict[str, str]:
    """Abbreviated levels ("TP", "TX") → the word they stand for."""
    return dict(load_json("admin_levels.json")["abbreviations"])


@lru_cache(maxsize=1)
def level_variants() -> dict[str, str]:
    """Longer spellings of a level ("huyện đảo") → the level word they name ("huyện")."""
    return dict(load_json("admin_levels.json")["variants"])


def variant_alternation() -> str:
    """Regex alternation of the level variants, longest first, words joined by any whitespace."""
    return "|".join(r"\s+".join(map(re.escape, v.split())) for v in sorted(level_variants(), key=lambda v: (-len(v), v)))


def _placements(word: str) -> list[str]:
    """A word in the canonical tone placement and, where it has one, the other ("Ủy", "Uỷ")."""
    out = [word]
    for other, canon in TONE_PLACEMENT.items():
        for a, b in ((canon, other), (canon.capitalize(), other.capitalize()), (canon.upper(), other.upper())):
            if a in word:
                out.append(word.replace(a, b))
    return out


@lru_cache(maxsize=None)
def people_committee_alternation(base: bool = False) -> str:
    """Regex of the People's Committee as written ("UBND|Ủy\\s+ban\\s+nhân\\s+dân|Uỷ\\s+ban…"),
    words joined by any whitespace; on base letters with ``base``, where OCR may also have
    dropped the spaces ("uy\\s*ban\\s*nhan\\s*dan")."""
    names = load_json("admin_levels.json")["people_committee"]
    if base:
        forms = {base_letters(n) for n in names}
        gap = r"\s*"
    else:
        forms = {" ".join(variant) for n in names for variant in _word_placements(n.split())}
        gap = r"\s+"
    return "|".join(gap.join(re.escape(w) for w in f.split()) for f in sorted(forms, key=lambda f: (-len(f), f)))


def _word_placements(words: list[str]) -> list[tuple[str, ...]]:
    """Every combination of the tone placements of ``words``."""
    combos: list[tuple[str, ...]] = [()]
    for w in words:
        combos = [c + (p,) for c in combos for p in _placements(w)]
    return combos


@lru_cache(maxsize=1)
def party_committees() -> dict[str, str]:
    """Level word → the Party committee of that level ("tỉnh" → "Tỉnh ủy", "xã" → "Đảng ủy")."""
    return dict(load_json("admin_levels.json")["party_committees"])


def committee_alternation(*kinds: str, base: bool = False, either_case: bool = False) -> str:
    """Regex of the Party committees of the levels of ``kinds`` ("(?:Thành|Tỉnh)\\s+[ủu][ỷy]"):
    "ủy" with its mark on either vowel; on base letters ("tinh\\s+uy") with ``base``; with
    ``either_case`` the first letter in either case ("Bí thư tỉnh ủy")."""
    stems = sorted({party_committees()[w].rsplit(" ", 1)[0] for w in level_words(*kinds)}, key=lambda w: (-len(w), w))
    if base:
        return rf"(?:{'|'.join(re.escape(base_letters(s)) for s in stems)})\s+uy"
    if either_case:
        stems = [f"[{s[0]}{s[0].lower()}]{re.escape(s[1:])}" for s in stems]
    else:
        stems = [re.escape(s) for s in stems]
    return rf"(?:{'|'.join(stems)})\s+[ủu][ỷy]"


@lru_cache(maxsize=1)
def provinces() -> dict[str, tuple[str, str]]:
    """name key of every name and alias → (canonical name, level 'tỉnh' / 'thành phố')."""
    out = {}
    for p in load_json("provinces.json")["provinces"]:
        for form in [p["name"], *p["aliases"]]:
            out[name_key(form)] = (p["name"], p["level"])
    return out


def province_of(name: str) -> tuple[str, str] | None:
    return provinces().get(name_key(name))


def leading_province(words: str) -> tuple[int, str, str] | None:
    """Length (in characters), canonical name and level ("tỉnh" or "thành phố") of the
    province that the first words of ``words`` name ("Quảng Nam Thanh" → "Quảng Nam")."""
    parts = list(re.finditer(r"\S+", words))
    for k in range(len(parts), 0, -1):
        prov = province_of(words[:parts[k - 1].end()])
        if prov:
            return parts[k - 1].end(), prov[0], prov[1]
    return None


@lru_cache(maxsize=1)
def province_regex() -> re.Pattern:
    names = sorted(provinces(), key=len, reverse=True)
    alts = "|".join(r"\s*-\s*".join(r"\s+".join(re.escape(w) for w in part.split()) for part in n.split("-"))
                    for n in names)
    return regex_cache.compile(rf"(?<![\w])(?i:{alts})(?![\w])")


@lru_cache(maxsize=1)
def _by_base_letters() -> dict[str, str]:
    return {base_letters(name): canonical for name, (canonical, _) in provinces().items()}


def snap_province(place: str, threshold: float = 0.85) -> str:
    """A province name as the list spells it ('Quang Ngôi' from OCR → 'Quảng Ngãi'); other places unchanged."""
    base = base_letters(place)
    bases = _by_base_letters()
    if base in bases:
        return bases[base]
    best = max(bases, key=lambda b: difflib.SequenceMatcher(None, base, b).ratio())
    return bases[best] if difflib.SequenceMatcher(None, base, best).ratio() >= threshold else place
