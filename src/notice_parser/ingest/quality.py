"""Per-page quality gate: is this text layer trustworthy, or should the page be OCR'd?

A text layer can be present and still useless: glyphs without a Unicode map come out as
``(cid:NN)`` or private-use characters, a font with a partial ToUnicode map drops letters
("ti n đ " for "tiến độ"), legacy Vietnamese fonts (TCVN3 ".VnTime", VNI) give Latin-1
mojibake, and an OCR layer made without Vietnamese has lost its tone marks. Each check
below looks at one of these failures; the first that fires names the reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Vietnamese syllable shape, on the lower-cased letters with tone marks removed
# (â ă ê ô ơ ư đ are letters and kept): onset? vowel-cluster coda?. Checked per token, it
# separates Vietnamese words from mojibake, dropped-glyph fragments and English.
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
_VOWELS = r"[aăâeêioôơuưy]{1,3}"
_CODA = r"(?:ch|ng|nh|c|m|n|p|t|k)?"  # k: Central Highlands names (Đắk Lắk)
_SYLLABLE = re.compile(f"^{_ONSET}{_VOWELS}{_CODA}$")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng
_KEEP_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn: part of the letter
_BARE_VOWELS = set("aeiouy")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CID = re.compile(r"\(cid:\d+\)")
# Latin-1 characters that Vietnamese never uses but TCVN3/VNI text read as Latin-1 is full of.
_MOJIBAKE = set("¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÄÅÆÇËÎÏÑÖØÛÜÞßäåæçëîïñöøûüþÿ") | {"\u00ad"}


def strip_tones(word: str) -> str:
    """Lower-case letters without tone marks, keeping â ă ê ô ơ ư đ."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    kept = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", kept)


def is_vietnamese_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in decomposed if c in _TONES) > 1:
        return False
    # A tone sits on a vowel: Latin letters such as ñ (n + tilde) are not Vietnamese.
    if any(c in _TONES and decomposed[:i].rstrip("".join(_KEEP_MARKS))[-1:] not in _BARE_VOWELS
           for i, c in enumerate(decomposed)):
        return False
    if any(unicodedata.combining(c) and c not in _TONES and c not in _KEEP_MARKS for c in decomposed):
        return False
    bare = strip_tones(word)
    # A doubled vowel letter only occurs as "oo" (xoong, boong); "ii", "uu" are OCR damage.
    if any(v * 2 in bare for v in "aăâeêiôơuưy"):
        return False
    return bool(_SYLLABLE.match(bare))


def has_vietnamese_marks(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "đ" in word.lower() or any(c in _TONES or c in _KEEP_MARKS for c in decomposed)


@dataclass(frozen=True)
class Thresholds:
    min_letters: int = 20  # fewer letters than this: no usable text layer
    max_bad_chars: float = 0.01  # share of U+FFFD / private-use / control characters
    max_mojibake: float = 0.02  # share of Latin-1 symbols typical of TCVN3/VNI text
    max_invalid_syllables: float = 0.15  # share of word tokens that are not Vietnamese syllables
    min_marked_share: float = 0.30  # share of syllables with a Vietnamese mark (tone or â ă ê ô ơ ư đ)
    min_tokens_for_language: int = 30  # below this, token shares are too noisy to judge


@dataclass
class Verdict:
    ok: bool
    reason: str
    metrics: dict[str, float] = field(default_factory=dict)


def _is_acronym(word: str) -> bool:
    # UBND, HĐND, IoC, CNTT: capitals carry no syllable shape and are legitimately frequent.
    return sum(1 for c in word if c.isupper()) >= 2 and len(word) <= 8


def assess_text(text: str, thresholds: Thresholds = Thresholds()) -> Verdict:
    """Verdict on one page's text layer; ``ok`` False means the page should be OCR'd."""
    t = thresholds
    cids = len(_CID.findall(text))
    if cids:
        return Verdict(False, f"text layer has {cids} undecodable glyphs '(cid:NN)'", {"cid": cids})
    letters = sum(1 for c in text if c.isalpha())
    if letters < t.min_letters:
        return Verdict(False, f"no usable text layer ({letters} letters)", {"letters": letters})
    visible = [c for c in text if not c.isspace()]
    bad = sum(1 for c in visible if c == "\ufffd" or unicodedata.category(c) in ("Co", "Cc", "Cs"))
    bad_share = bad / len(visible)
    if bad_share > t.max_bad_chars:
        return Verdict(False, f"text layer has unmapped glyphs ({bad_share:.1%} replacement/private-use characters)",
                       {"bad_chars": bad_share})
    moji_share = sum(1 for c in visible if c in _MOJIBAKE) / len(visible)
    if moji_share > t.max_mojibake:
        return Verdict(False, f"legacy-font mojibake (TCVN3/VNI) in text layer ({moji_share:.1%} of characters)",
                       {"mojibake": moji_share})
    words = [w for w in _WORD.findall(text) if not _is_acronym(w)]
    metrics: dict[str, float] = {"letters": letters, "tokens": len(words)}
    if len(words) < t.min_tokens_for_language:
        return Verdict(True, "text layer accepted (short page)", metrics)
    invalid = [w for w in words if not is_vietnamese_syllable(w)]
    invalid_share = len(invalid) / len(words)
    metrics["invalid_syllables"] = invalid_share
    if invalid_share > t.max_invalid_syllables:
        fragments = sum(1 for w in invalid if not any(c in "aăâeêioôơuưy" for c in strip_tones(w)))
        if fragments > 0.5 * len(invalid):
            return Verdict(False, f"dropped glyphs in text layer ({invalid_share:.0%} of words are broken fragments)",
                           metrics)
        return Verdict(False, f"text layer is not Vietnamese ({invalid_share:.0%} of words are not syllables)", metrics)
    marked_share = sum(1 for w in words if has_vietnamese_marks(w)) / len(words)
    metrics["marked_share"] = marked_share
    if marked_share < t.min_marked_share:
        return Verdict(False, f"text layer lacks Vietnamese diacritics (only {marked_share:.0%} of words marked)",
                       metrics)
    return Verdict(True, "text layer passed the quality gate", metrics)
