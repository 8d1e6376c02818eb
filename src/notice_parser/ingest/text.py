"""Plain-text input: decode bytes to str without guessing silently."""

from __future__ import annotations

import codecs
import unicodedata

from ..errors import InputError
from ..schema import Warning
from ..vietnamese import decode_legacy, detect_legacy, is_vietnamese_syllable

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def looks_like_text(data: bytes) -> bool:
    """True when the bytes are plausibly text in one of the encodings we decode."""
    try:
        decode_text(data)
    except InputError:
        return False
    return True


def _utf16_without_bom(data: bytes) -> str | None:
    # UTF-16 without BOM: every other byte is NUL for Latin text; decide by where they sit.
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        enc = "utf-16-le"
    elif even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        enc = "utf-16-be"
    else:
        return None
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16/32 with BOM, or BOM-less UTF-16.

    Raises InputError for bytes that are not text (NUL bytes, invalid sequences): a
    binary file renamed to .txt must fail clearly rather than parse as garbage.
    """
    text, _warnings = decode_text_with_warnings(data)
    return text


def decode_text_with_warnings(data: bytes) -> tuple[str, list[Warning]]:
    warnings: list[Warning] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), warnings
            except UnicodeDecodeError as exc:
                raise InputError(f"text declares {enc} by its byte-order mark but does not decode: {exc}") from exc
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        warnings.append(Warning(code="encoding-utf16", message="decoded as UTF-16 without a byte-order mark",
                                stage="ingest", severity="info"))
        return utf16, warnings
    if b"\x00" in data:
        raise InputError("file contains NUL bytes: it is binary, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        damaged = _mostly_utf8(data)
        if damaged is not None:
            text, bad = damaged
            warnings.append(Warning(code="encoding-utf8-damaged", stage="ingest", severity="warning",
                                    message=f"{bad} byte sequence(s) that are not UTF-8 replaced by U+FFFD"))
            return text, warnings
        legacy = _legacy_8bit(data)
        if legacy is not None:
            text, name = legacy
            warnings.append(Warning(code=f"encoding-{name}", stage="ingest", severity="info",
                                    message=f"8-bit {name.upper()} Vietnamese (legacy fonts): read byte for byte, "
                                            "converted to Unicode by the repair stage"))
            return text, warnings
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise InputError(f"text is neither UTF-8 nor Windows-1258: {exc}") from exc
        if not _plausible_cp1258(text):
            raise InputError(f"text is not valid UTF-8 and does not look like Windows-1258 Vietnamese: {exc}")
        warnings.append(Warning(code="encoding-cp1258", message="decoded as Windows-1258 (not valid UTF-8)",
                                stage="ingest", severity="info"))
        return text, warnings
    return text, warnings


# A UTF-8 file with a damaged byte, or a Windows-1252 quote pasted into it, is still UTF-8: its
# many well-formed multi-byte characters say so (a Vietnamese notice has one in every few
# words), where a legacy 8-bit file forms next to none. Refusing it would lose the notice for
# one byte. At most 1 % of the bytes may be bad, and ten good characters must stand for each.
MAX_BAD_UTF8_SHARE = 0.01
MIN_GOOD_PER_BAD_UTF8 = 10


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """The text of UTF-8 ``data`` with a few bad sequences replaced by U+FFFD, and how many;
    None when the bytes are not mostly UTF-8."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())  # a U+FFFD the file itself holds is not damage
    good = sum(1 for c in text if ord(c) > 127) - text.count("\ufffd")
    if bad > max(1.0, MAX_BAD_UTF8_SHARE * len(data)) or good < MIN_GOOD_PER_BAD_UTF8 * bad:
        return None
    return text, bad


def _plausible_cp1258(text: str) -> bool:
    if not text:
        return False
    letters = sum(1 for c in text if c.isalpha())
    return _control_share(text) < 0.01 and letters / len(text) > 0.4


def _legacy_8bit(data: bytes) -> tuple[str, str] | None:
    """Text typed with legacy Vietnamese fonts (TCVN3 ".VnTime", VNI) is 8-bit: its bytes are
    the fonts' code points, which the repair tables read as Windows-1252 characters. The same
    bytes also decode as Windows-1258 (tones as combining marks); the reading whose words are
    more often well-formed Vietnamese wins."""
    text = data.decode("latin-1").translate(_CP1252_C1)
    # Random bytes without a NUL also "decode" byte for byte: text has next to no control codes.
    if _control_share(text) >= 0.01:
        return None
    name = detect_legacy(text)
    if name not in ("tcvn3", "vni"):
        return None
    try:
        as_cp1258 = _well_formed_share(unicodedata.normalize("NFC", data.decode("cp1258")))
    except UnicodeDecodeError:
        as_cp1258 = 0.0
    converted = _well_formed_share(decode_legacy(text, name))
    # Most words of a legacy-font document convert to well-formed syllables; chance does not.
    return (text, name) if converted >= MIN_LEGACY_WELL_FORMED and converted > as_cp1258 else None


MIN_LEGACY_WELL_FORMED = 0.5


def _control_share(text: str) -> float:
    return sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f") / len(text) if text else 0.0


def _well_formed_share(text: str) -> float:
    """Share of words with non-ASCII letters that are well-formed Vietnamese syllables."""
    words = [w for w in text.split() if any(c.isalpha() and ord(c) > 127 for c in w)]
    if not words:
        return 0.0
    return sum(is_vietnamese_syllable(w.strip(".,;:!?()\"'“”-/")) for w in words) / len(words)


# Windows-1252 in 0x80-0x9F (where Latin-1 has control codes); the five bytes it leaves
# undefined keep their Latin-1 reading.
_CP1252_C1 = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
