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

from .. import regex_cache
# the orthography lives in one module; these names stay importable from here
from ..vietnamese import has_vietnamese_marks, is_vietnamese_syllable, strip_tones  # noqa: F401

_WORD = regex_cache.compile(r"[^\W\d_]+", re.UNICODE)
_CID = regex_cache.compile(r"\(cid:\d+\)")
# Latin-1 characters that Vietnamese never uses but TCVN3/VNI text read as Latin-1 is full of.
_MOJIBAKE = set("¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÄÅÆÇËÎÏÑÖØÛÜÞßäåæçëîïñöøûüþÿ") | {"\u00ad"}


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
