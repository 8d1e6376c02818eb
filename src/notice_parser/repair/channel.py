"""Channel model for English-language OCR of Vietnamese: which syllables could have been
printed where the OCR engine read a given token.

The token (lowercase) is rewritten into strings of base letters: each character either stays
(marks stripped, cost 0) or is replaced through a confusion of ``data/ocr_confusions.tsv``
(one or two characters → base letters, with a cost). Rewritings that are the base letters of
a known syllable yield that syllable's accented forms; the decoder's language model chooses
among them.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from .. import regex_cache
from .candidates import Candidates, acronym_candidates, case_channel
from ..vietnamese import TONE_MARKS, canonical, is_syllable_shape, strip_marks
from .lm import NUM, SyllableLM

DATA = Path(__file__).resolve().parent / "data" / "ocr_confusions.tsv"
# OCR tokens: letters plus the symbols English OCR prints for marked vowels (s¢, K&, ¥, |OC), and
# an apostrophe after u or o, which is how it reads the horn of ư and ơ ("tru’ong" trưởng,
# "tru’éc" trước): one word, not "trừ" and "ông". The channel drops the apostrophe (no letter).
OCR_TOKEN = regex_cache.compile(r"(?:[^\W_]|[¢&§¥@€$|]|(?<=[uUoO])['’])+", re.UNICODE)
_HORN = "'’"
MAX_COST = 3.0
CHANNEL_WEIGHT = 1.0  # confusion costs relative to the language model's log-probabilities
LOST_VOWEL_COST = 2.5
VARIANTS = 10  # accented forms per base-letter string (thu → thứ thu thủ thư thú thụ thử …)
# A known syllable written with letters English OCR cannot produce (ư, ơ, ạ …) is probably
# right; plain ASCII or Latin-1 tokens are exactly what the damage looks like, so no bonus.
IDENTITY_BONUS = 1.0
# One letter deleted or replaced beyond the learned confusions: dearer than any single learned
# confusion, so it only decides where nothing else explains the token.
EDIT_COST = 2.5
MAX_SYLLABLE_CHARS = 8
_LATIN1 = regex_cache.compile(r"^[\x00-\xff]*$")
# Acronyms read with digit look-alikes: I0C, 10C, |OC → IOC.
_ACRONYM_DIGITS = str.maketrans({"0": "O", "1": "I", "|": "I"})


@lru_cache(maxsize=1)
def load_confusions(path: Path = DATA) -> dict[str, list[tuple[str, float]]]:
    """seen → [(base letters, cost)], validated: every row has three fields and a cost ≥ 0."""
    table: dict[str, list[tuple[str, float]]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) not in (3, 4):  # an optional fourth field says where the row comes from
            raise ValueError(f"{path.name}:{n}: expected 'seen<TAB>base<TAB>cost[<TAB>source]'")
        seen, base, cost = parts[0], parts[1], float(parts[2])
        if not seen or not base.isascii() or cost < 0:
            raise ValueError(f"{path.name}:{n}: bad row {line!r}")
        table.setdefault(unicodedata.normalize("NFC", seen), []).append((base, cost))
    return table


def _base(ch: str) -> str:
    return strip_marks(ch) if ch.isalpha() else ""


def rewrites(token: str, beam: int = 40, max_cost: float = MAX_COST) -> list[tuple[str, float]]:
    """Cheapest base-letter strings the lowercase token may stand for, with their costs."""
    table = load_confusions()
    low = token.lower()
    n = len(low)
    # states[i]: partial rewrites of low[:i] as {string: cost}
    states: list[dict[str, float]] = [dict() for _ in range(n + 1)]
    states[0][""] = 0.0
    if token[:1] == "P":  # English OCR reads the capital Đ as P
        states[1]["d"] = 1.0
    for i in range(n):
        if not states[i]:
            continue
        items = heapq.nsmallest(beam, states[i].items(), key=lambda kv: kv[1])
        for step in (1, 2):
            if i + step > n:
                continue
            seen = low[i:i + step]
            opts = list(table.get(seen, ()))
            if step == 1:
                b = _base(seen)
                if b or seen in _HORN:
                    opts.append((b, 0.0))
            for base, cost in opts:
                for s, c in items:
                    nc = c + cost
                    if nc <= max_cost:
                        key = s + base
                        if nc < states[i + step].get(key, 1e9):
                            states[i + step][key] = nc
    return sorted(states[n].items(), key=lambda kv: kv[1])


# English OCR of marked e's, learned (data/ocr_marks.tsv: renders of 1 200 corpus lines read by
# `tesseract -l eng`, scripts/learn_ocr_channel.py --marks-out): the OCR printed 'é' for ê, ế, ề,
# ể, ệ 96-98 % of the time (for ê as often as for ề: 'é' does not tell them apart, the language
# model must) and for é, è, ẻ, but never for e or ẹ (127 of 127 read 'e'); a plain 'e' for the ê
# family about 3 % of the time. So a form pays −log P(seen | form's vowel) / P(seen | best vowel)
# for each e the token shows, times MARK_WEIGHT: the table comes from one pair of fonts, and the
# fonts of real notices print plain 'e' for ê more often ("Nguyen"), so the evidence is hedged.
MARKS = Path(__file__).resolve().parent / "data" / "ocr_marks.tsv"
MARK_WEIGHT = 0.5
_E_FAMILY = "eèéẻẽẹêềếểễệ"


@lru_cache(maxsize=1)
def load_marks(path: Path = MARKS) -> dict[str, dict[str, int]]:
    """true vowel → {seen letter: count}, validated: three fields, a count ≥ 0."""
    table: dict[str, dict[str, int]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2].isdigit() or len(parts[0]) != 1 or len(parts[1]) != 1:
            raise ValueError(f"{path.name}:{n}: expected 'true<TAB>seen<TAB>count'")
        table.setdefault(unicodedata.normalize("NFC", parts[0]), {})[unicodedata.normalize("NFC", parts[1])] = int(parts[2])
    return table


@lru_cache(maxsize=1)
def _e_costs() -> dict[tuple[str, str], float]:
    """(seen 'e' or 'é', form's e-vowel) → cost in nats (0 for the likeliest vowel of each reading)."""
    table = load_marks()
    out: dict[tuple[str, str], float] = {}
    for seen in ("e", "é"):
        logp = {}
        for vowel in _E_FAMILY:
            counts = table.get(vowel, {})
            # add-half smoothing; a vowel the sample never showed counts as uninformative
            total = sum(counts.values())
            logp[vowel] = math.log((counts.get(seen, 0) + 0.5) / (total + 1)) if total else None
        best = max(v for v in logp.values() if v is not None)
        for vowel, lp in logp.items():
            out[(seen, vowel)] = 0.0 if lp is None else MARK_WEIGHT * (best - lp)
    return out


def mark_cost(seen: str, form: str) -> float:
    """Cost of ``form`` given the marks the OCR printed on its e's (lowercase, same length only)."""
    if len(seen) != len(form) or ("e" not in seen and "é" not in seen):
        return 0.0
    costs = _e_costs()
    return sum(costs.get((a, b), 0.0) for a, b in zip(seen, form) if a in "eé")


# A lowercase letter inside a word in capitals: a mark the OCR read as a letter ("NGHIiA" for
# "NGHĨA": the tilde became a second i). No word is spelt so.
_CAPS_WITH_LOWER = regex_cache.compile(r"[A-Z]{2}[a-z]+[A-Z]")
# A short Title-case ASCII token that is no syllable is rather garble ("Ditic" for "Đức") than a
# foreign name, which is longer ("Novatus") or a syllable itself ("Lao").
SHORT_TITLE = 5


def _marked_syllable(low: str) -> bool:
    """A lowercase token shaped as a syllable, with one tone mark at most, carrying a letter
    outside Latin-1 (ư, ơ, ể, ạ …: what English OCR never prints)."""
    return (not _LATIN1.match(low) and low.isalpha() and is_syllable_shape(low)
            and sum(1 for ch in unicodedata.normalize("NFD", low) if ch in TONE_MARKS) <= 1)


def _looks_broken(tok: str, letters: str) -> bool:
    """A token no confusion explains that is still worth a wider search: lowercase or carrying
    OCR marks ("thyuc", "Phuéce"), not an ASCII capitalised word (a foreign name, "Novatus")."""
    if len(letters) < 2 or len(tok) > MAX_SYLLABLE_CHARS or letters.isupper():
        return False
    # a syllable carries one tone mark: a token with several is junk or foreign text, not a
    # damaged syllable ("ảúê")
    if sum(1 for ch in unicodedata.normalize("NFD", tok) if ch in TONE_MARKS) > 1:
        return False
    return (letters.islower() or not tok.isascii() or bool(_CAPS_WITH_LOWER.search(letters))
            or len(letters) <= SHORT_TITLE)


def _one_edit_candidates(model: SyllableLM, tok: str, top: int = 6) -> dict[str, float]:
    """The second, wider search where the confusion table found nothing: the cheapest rewrites
    with one more letter deleted or replaced (OCR inserts stray letters: "thyuc" for "thực",
    "móei" for "môi", "vian" for "văn"), at ``EDIT_COST`` each, syllables of the model only."""
    cands: dict[str, float] = {}
    for base, cost in rewrites(tok)[:top]:
        cost = (cost + EDIT_COST) * CHANNEL_WEIGHT
        keys = {base[:i] + base[i + 1:] for i in range(len(base))}
        keys |= {base[:i] + c + base[i + 1:] for i in range(len(base)) for c in "aeiouy" if c != base[i]}
        for key in sorted(keys):  # a set: sorted, or ties would follow PYTHONHASHSEED
            if not is_syllable_shape(key):
                continue
            for form, _ in model.variants(key)[:VARIANTS]:
                if -cost > cands.get(form, -1e9):
                    cands[form] = -cost
    return cands


# English OCR prints a lone marked vowel or a short word as digits ("nhà 6 xã hội" for "nhà ở",
# "sạt 16 đất" for "sạt lở"): a number of one or two digits between two words may be such a
# word. It stays a number (the model's <num>) unless the words around it make the syllable far
# likelier: reading digits as letters costs DIGIT_WORD_COST on top of the confusion's own cost,
# since most such numbers are numbers ("kỳ 6 tháng", "khoản 2 Điều").
DIGIT_WORD_COST = 2.0


def _between_words(tok: str, prev: str | None, nxt: str | None) -> bool:
    """A one- or two-digit token (no leading zero: "02" is written so only as a number) between
    two tokens of letters."""
    return (len(tok) <= 2 and tok.isdigit() and tok[0] != "0" and bool(prev) and bool(nxt)
            and prev.isalpha() and nxt.isalpha())


def digit_candidates(model: SyllableLM, tok: str) -> list[tuple[str, float]] | None:
    """The number itself (<num>, no cost) and the syllables the digits may be a reading of."""
    cands: dict[str, float] = {}
    for key, cost in rewrites(tok):
        if not is_syllable_shape(key):
            continue
        for form, _ in model.variants(key)[:VARIANTS]:
            c = -(cost * CHANNEL_WEIGHT + DIGIT_WORD_COST)
            if c > cands.get(form, -1e9):
                cands[form] = c
    if not cands:
        return None
    return [(NUM, 0.0)] + sorted(cands.items(), key=lambda kv: -kv[1])[:VARIANTS]


_VOWELS = frozenset("aeiouy")


def _lost_vowel_keys(low: str) -> list[str]:
    """Syllables of base letters made by putting one vowel back between a token's consonants."""
    return [k for i in range(1, len(low)) for v in "aeiouy"
            if is_syllable_shape(k := low[:i] + v + low[i:])]


def ocr_reach(tok: str, form: str) -> float | None:
    """The channel's cost (nats) of reading ``tok`` as ``form``, or None where no rewriting of
    the token gives the form's base letters (phrases.phrase_bonus puts a name's word back so)."""
    cost = dict(rewrites(tok)).get(strip_marks(form.lower()))
    return None if cost is None else cost * CHANNEL_WEIGHT + mark_cost(tok.lower(), form)


def ocr_candidates(model: SyllableLM, max_cands: int = 16, title_weight: float = 0.5) -> Candidates:
    """Candidate generator for OCR-garbled (or stripped) tokens."""
    cache: dict[tuple[str, bool], list[tuple[str, float]] | None] = {}

    def gen(tok: str, prev: str | None, nxt: str | None, name: bool = False):
        if any(ch.isdigit() for ch in tok) and not any(ch.isalpha() for ch in tok):
            return digit_candidates(model, tok) if _between_words(tok, prev, nxt) else None
        ckey = (tok, name)
        if ckey in cache:
            return cache[ckey]
        letters = "".join(ch for ch in tok if ch.isalpha())
        if len(tok) > 12:
            return None  # no syllable is that long
        if len(letters) >= 1 and letters.isupper() and letters != tok and len(tok) >= 3:
            fixed = tok.translate(_ACRONYM_DIGITS)
            if fixed.isalpha() and model.count(fixed.lower()) >= 3 and not is_syllable_shape(fixed):
                cache[ckey] = [(fixed.lower(), 0.0)]
                return cache[ckey]
        if len(tok) >= 2 and letters == tok and tok.isupper() and not is_syllable_shape(tok):
            cache[ckey] = acronym_candidates(model, tok)  # acronyms are left alone, except a lost Đ
            return cache[ckey]
        # An ALL-CAPS syllable ("SO" for "Sở", "THONG") is decoded like any word: English OCR
        # reads marked capitals as plain ones; the written form stays a candidate.
        low = tok.lower()
        cands: dict[str, float] = {}
        known = model.count(low) >= 3 and is_syllable_shape(low)
        if known:
            cands[canonical(low)] = 0.0 if _LATIN1.match(low) else IDENTITY_BONUS
        elif _marked_syllable(low):
            # a syllable the corpus lacks ("ể" of "ể oải") written with a mark English OCR cannot
            # print was written by an engine (or a person) that knows the marks: it stays a
            # candidate, and the model weighs it (as unknown) against the rewrites. Without it,
            # the only candidates were its stripped forms, so a repaired line lost the mark on a
            # second pass that the first pass had kept (repair was not idempotent).
            cands[canonical(low)] = 0.0
        keys = [(k, c) for k, c in rewrites(tok) if is_syllable_shape(k)]
        limit = max_cands
        if not keys and low.isalpha() and low.isascii() and len(low) <= 2:
            # a consonant whose marked vowel the OCR lost entirely ("s," for "sở,")
            keys = [(low + v, LOST_VOWEL_COST) for v in "oaeiu" if is_syllable_shape(low + v)]
        elif low.isalpha() and low.isascii() and 2 <= len(low) <= 4 and not any(ch in _VOWELS for ch in low):
            # no vowel at all between consonants: the OCR lost the marked vowel inside ("Giam dc"
            # for "Giám đốc"); whatever the confusions make of the consonants stays a candidate
            keys += [(k, LOST_VOWEL_COST) for k in _lost_vowel_keys(low)]
            limit = 2 * max_cands  # six vowels' syllables at one cost: the frequent ones crowd the list
        for key, cost in keys:
            cost *= CHANNEL_WEIGHT
            for form, _ in model.variants(key)[:VARIANTS]:
                c = cost + mark_cost(low, form)
                if form not in cands or cands[form] < -c:
                    cands[form] = max(cands.get(form, -1e9), -c)
        if not cands and _looks_broken(tok, letters):
            cands = _one_edit_candidates(model, tok)
        if not cands:
            out = None
        else:
            ranked = sorted(cands.items(), key=lambda kv: -(kv[1] + 0.3 * float(model.uni[model.id(kv[0])])))
            out = [(w, c + case_channel(model, tok, w, title_weight, name)) for w, c in ranked[:limit]]
        cache[ckey] = out
        return out

    return gen
