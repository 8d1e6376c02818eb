"""Decide what a file is from its first bytes, never from its name."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

from .. import regex_cache
from ..errors import UnsupportedInput
from .text import looks_like_text

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
HTML = "text/html"  # told from text by its content once decoded (looks_like_html)

IMAGE_TYPES = frozenset({PNG, JPEG, TIFF})

# Formats we recognise but do not read: named in the error so the user knows what to convert.
_KNOWN_UNSUPPORTED = [
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"BM", "BMP image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Microsoft Office file (.doc/.xls)"),
    (b"{\\rtf", "RTF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000 image"),
]


UNKNOWN_BINARY = "unknown binary file type"
SUPPORTED_HINT = "supported: PDF, PNG, JPEG, TIFF, DOCX, HTML and plain text (UTF-8, UTF-16, Windows-1258)"


def sniff(data: bytes) -> str:
    """Media type of ``data`` (one of the constants above) or UnsupportedInput."""
    media_type = sniff_binary(data)
    if media_type is not None:
        return media_type
    if looks_like_text(data):
        return TEXT
    raise UnsupportedInput(UNKNOWN_BINARY, hint=SUPPORTED_HINT)


def sniff_binary(data: bytes) -> str | None:
    """Media type from magic bytes; None when the bytes can only be text (or nothing we read).
    Ingestion decodes text once itself, rather than once here and once again to use it."""
    head = data[:1024]
    # The PDF spec lets a header follow some junk bytes; readers accept it within the first 1 KB.
    if b"%PDF-" in head:
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return TIFF
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        raise UnsupportedInput("WebP image is not supported", hint="convert it to PNG or TIFF")
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    for magic, what in _KNOWN_UNSUPPORTED:
        if data.startswith(magic):
            raise UnsupportedInput(f"{what} is not supported",
                                   hint=SUPPORTED_HINT)
    return None


def _zip_kind(data: bytes) -> str:
    return zip_kind(io.BytesIO(data))


def zip_kind(stream) -> str:
    """DOCX, or UnsupportedInput naming what else the ZIP container is (read from its directory)."""
    try:
        with zipfile.ZipFile(stream) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:  # found by make fuzz
        raise UnsupportedInput(f"ZIP container is corrupt, truncated or of a kind not read ({exc})") from exc
    if "word/document.xml" in names:
        return DOCX
    if any(n.startswith(("xl/", "ppt/")) for n in names):
        raise UnsupportedInput("spreadsheet or presentation file is not supported", hint="save the notice as PDF or DOCX")
    raise UnsupportedInput("ZIP archive is not a document", hint="unpack it and pass the files inside")


# -- data that decodes as text ------------------------------------------------------------------
# A JSON file or a table of words (our own outputs, gold annotations, tasks.csv, a TSV of scores)
# passes every test of text, Vietnamese words and all, and none of them is a notice. JSON is
# refused wherever it is read. A table is refused only where a folder walk has to guess what a
# file is (a .csv, .tsv or .json name says nothing we read): a short notice with one comma per
# line, given by name, must still parse.

# Recognised from the head of the decoded text, never from a file name.
_HTML_HEAD = regex_cache.compile(r"\A\ufeff?\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*)*"
                                 r"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE | re.DOTALL)


def looks_like_html(text: str) -> bool:
    """Decoded text that is an HTML page (html.py reads it; its parser is imported only then)."""
    return bool(_HTML_HEAD.match(text[:4096]))


# The opening of a JSON object or array, for the head of a file too long to parse whole: no
# notice begins with '{"' or '[{'.
_JSON_HEAD = regex_cache.compile(r'\{\s*(?:"|\})|\[\s*(?:[{\["\]]|-?\d+(?:\.\d+)?\s*,|true\b|false\b|null\b)')
_OUR_OUTPUT_HEAD = regex_cache.compile(r'\{\s*"schema_version"\s*:\s*"[^"]*"\s*,\s*"parser_version"\s*:')
_OUR_OUTPUT_KEYS = frozenset({"schema_version", "parser_version", "source", "directives"})
OUR_OUTPUT = "a notice-parser output (JSON), not a source document"
JSON_DATA = "JSON data, not a document"


def json_kind(text: str, complete: bool = True) -> str | None:
    """What ``text`` is when it is JSON (:data:`OUR_OUTPUT` or :data:`JSON_DATA`), else None.

    ``complete=False``: ``text`` is only the head of a longer file, judged by its opening."""
    body = text.lstrip("\ufeff \t\r\n")
    if not body.startswith(("{", "[")):
        return None
    if not complete:
        if not _JSON_HEAD.match(body):
            return None
        return OUR_OUTPUT if _OUR_OUTPUT_HEAD.match(body) else JSON_DATA
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):  # "[Dự thảo] ..." is text; so is JSON nested past the stack
        return None
    return OUR_OUTPUT if isinstance(value, dict) and _OUR_OUTPUT_KEYS <= value.keys() else JSON_DATA


MIN_TABLE_ROWS = 3


def table_kind(text: str, complete: bool = True) -> str | None:
    """"a table (…-separated values)" when every row of ``text`` (lines starting with # aside)
    has the same number of fields, two or more, over :data:`MIN_TABLE_ROWS` rows or more;
    None otherwise. A notice has lines without any separator (its headings), so it never is.

    ``complete=False``: ``text`` is the head of a longer file, whose last row may be cut."""
    for delimiter, name in (("\t", "tab"), (",", "comma")):
        if delimiter not in text:
            continue
        try:
            rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter)
                    if any(c.strip() for c in r) and not r[0].startswith("#")]
        except csv.Error:  # an unbalanced quote that swallows the rest: not a clean table
            continue
        if not complete:
            rows = rows[:-1]
        widths = {len(r) for r in rows}
        if len(rows) >= MIN_TABLE_ROWS and len(widths) == 1 and min(widths) >= 2:
            return f"a table ({name}-separated values), not a document"
    return None
