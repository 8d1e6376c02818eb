"""Legacy Vietnamese encodings → Unicode: TCVN3 (ABC, ".VnTime"), VNI-Windows and VIQR.

Old archives and PDF text layers built on legacy fonts come out as Latin-1 look-alikes:
"Th«ng b¸o kÕt luËn" (TCVN3), "Thoâng baùo" (VNI), "Tho^ng ba'o" (VIQR). A text is converted
only when it has no Unicode-only Vietnamese letter (ă, đ, ơ, ư, ạ …) and the encoding's own
markers are frequent; otherwise it is left alone. Tables live in ``data/legacy_encodings.json``.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from ..schema import Edit

DATA = Path(__file__).resolve().parent / "data" / "legacy_encodings.json"
# Letters only Unicode Vietnamese has (outside Latin-1): their presence rules legacy text out.
_UNICODE_VI = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_WORD = re.compile(r"\S+")
MIN_SHARE = 0.15  # share of words carrying the encoding's markers
MIN_WORDS = 2


@lru_cache(maxsize=1)
def tables() -> dict[str, dict[str, str]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=2)
def _pattern(name: str) -> re.Pattern:
    keys = sorted(tables()[name], key=len, reverse=True)  # longest sequence first
    return re.compile("|".join(re.escape(k) for k in keys))


# TCVN3 codes that neither Unicode Vietnamese nor Western European text uses (so they prove
# the encoding); the codes shared with French or German letters (é, ç, ï, ö ...) are left out.
_TCVN3_ONLY = re.compile("[µ¶·¸¹¨»¼½¾©ª«¬\u00ad÷þ¡¢£¤¥¦§®×ÆËÌÎÏÑÒÓÔÕÞ]")
_VNI_MARK = re.compile("[aeouyAEOUY][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]|[öÖñÑæÆîÎ]|ô[ùøûõï]")
_VIQR_MARK = re.compile(r"[aeiouyAEIOUY](?:[\^+(]['`?~.]?|['`~]|[?.](?=[a-zA-Z]))|\b[dD][dD](?=[aeiouyAEIOUY])")


def _share(rx: re.Pattern, text: str) -> float:
    words = _WORD.findall(text)
    hits = sum(1 for w in words if rx.search(w))
    # one marked word proves nothing (a French "naïve"); a legacy text marks most of them
    return hits / len(words) if hits >= MIN_WORDS else 0.0


def detect(text: str) -> str | None:
    """'tcvn3', 'vni', 'viqr' or None."""
    if _UNICODE_VI.search(text) or len(text) < 2:
        return None
    best, name = 0.0, None
    for n, rx in (("tcvn3", _TCVN3_ONLY), ("vni", _VNI_MARK), ("viqr", _VIQR_MARK)):
        s = _share(rx, text)
        if s > best:
            best, name = s, n
    return name if best >= MIN_SHARE else None


_VIQR_VOWEL = {"a(": "ă", "a^": "â", "e^": "ê", "o^": "ô", "o+": "ơ", "u+": "ư"}
_VIQR_TONE = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR = re.compile(r"(?P<dd>\b[dD][dD](?=[aeiouyAEIOUY]))|(?P<v>[aeiouyAEIOUY])(?P<m>[\^+(])?"
                   r"(?P<t>['`~]|[?.](?=[a-zA-Z]|[ \t]+[a-z]))?")


def _viqr_sub(m: re.Match) -> str:
    import unicodedata

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


# "?" and "." are tones inside a word, or at its end when the sentence goes on in lower case.

def convert(text: str, encoding: str) -> tuple[str, list[Edit]]:
    """Text converted from ``encoding`` to Unicode, with one edit per converted word."""
    from .offsets import apply_edits

    edits: list[Edit] = []
    if encoding == "viqr":  # tones may depend on the next word, so match over the whole text
        for m in _VIQR.finditer(text):
            new = _viqr_sub(m)
            if new != m.group():
                edits.append(Edit(start=m.start(), end=m.end(), before=m.group(), after=new, step="legacy"))
        return apply_edits(text, edits), edits
    else:
        table, rx = tables()[encoding], _pattern(encoding)

        def conv(w: str) -> str:
            return rx.sub(lambda m: table[m.group()], w)
    for m in _WORD.finditer(text):
        new = conv(m.group())
        if new != m.group():
            edits.append(Edit(start=m.start(), end=m.end(), before=m.group(), after=new, step="legacy"))
    return apply_edits(text, edits), edits


def convert_legacy(text: str) -> tuple[str, list[Edit], str | None]:
    """Detect a legacy encoding and convert; (text, edits, encoding or None)."""
    enc = detect(text)
    if enc is None:
        return text, [], None
    new, edits = convert(text, enc)
    return new, edits, enc
