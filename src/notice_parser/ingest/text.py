"""Plain-text input: decode bytes to str without guessing silently."""

from __future__ import annotations

import codecs

from ..errors import InputError
from ..schema import Warning

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


def _plausible_cp1258(text: str) -> bool:
    if not text:
        return False
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    letters = sum(1 for c in text if c.isalpha())
    return controls / len(text) < 0.01 and letters / len(text) > 0.4
