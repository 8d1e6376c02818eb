"""Ingestion: bytes or a file → text split into pages, with per-page provenance.

sniff.py decides the type from the content (never the name); pdf.py reads a PDF page by
page, keeping its text layer where quality.py's gate accepts it and OCR-ing the rest
(ocr.py: Tesseract `vie`, pages turned upright when OSD finds them upside down or on their
side; preprocess.py: grayscale + deskew; slots.py: the budget of Tesseract processes that a
batch's workers share); image.py OCRs PNG/JPEG/TIFF frames; docx.py reads Word files;
text.py decodes plain text. Every reader returns pages.PageText; layout.py turns positioned
words (text layer or OCR) into reading order with two-column blocks kept apart.
``assemble`` joins pages with form feeds and records each page's offsets, method, reason,
OCR confidence and warnings, plus the low-confidence OCR words the repair stage can revisit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel, ConfigDict, Field

from ..errors import InputError, UnsupportedInput
from ..options import ParseOptions
from ..schema import PageInfo, Warning
from . import sniff as _sniff
from .sniff import looks_like_html
from .pages import LowConfidenceWord, PageText, low_confidence_words
from .text import decode_text_with_warnings


class IngestedText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    pages: list[PageInfo] = Field(default_factory=list)
    media_type: str = "text/plain"
    warnings: list[Warning] = Field(default_factory=list)
    # OCR words under ocr.LOW_CONFIDENCE, with offsets into ``text``: candidates for the repair stage.
    low_confidence: list[LowConfidenceWord] = Field(default_factory=list)


def pages_from_text(text: str, method: str = "text") -> list[PageInfo]:
    """Pages of a plain text: form feeds separate them (as pdftotext and our PDF path write)."""
    pages, start = [], 0
    for number, chunk in enumerate(text.split("\f"), start=1):
        end = start + len(chunk)
        pages.append(PageInfo(number=number, method=method, start=start, end=end))
        start = end + 1
    return pages


def assemble(pages: list[PageText], media_type: str) -> IngestedText:
    """Join page texts with form feeds and record each page's offsets and provenance."""
    parts, infos, warnings, low = [], [], [], []
    offset = 0
    for number, page in enumerate(pages, start=1):
        text = page.text.replace("\f", "\n")  # a form feed inside a page would shift page numbers
        infos.append(PageInfo(number=number, method=page.method, start=offset, end=offset + len(text),
                              reason=page.reason, ocr_confidence=page.ocr_confidence, warnings=list(page.warnings)))
        warnings.extend(Warning(code="ingest-page", message=f"page {number}: {w}", stage="ingest", page=number)
                        for w in page.warnings)
        low.extend(low_confidence_words(page, number, offset))
        parts.append(text)
        offset += len(text) + 1
    return IngestedText(text="\f".join(parts), pages=infos, media_type=media_type, warnings=warnings,
                        low_confidence=low)


def ingest_bytes(data: bytes, name: str | None = None, options: ParseOptions | None = None) -> IngestedText:
    """Bytes of any supported type → text in reading order with per-page provenance.

    The type is sniffed from the content; ``name`` is only used in messages.
    """
    options = options or ParseOptions()
    if not data:
        raise InputError("empty input (0 bytes)")
    media_type = _sniff.sniff_binary(data)
    if media_type == _sniff.PDF:
        from .pdf import pdf_pages
        return assemble(pdf_pages(data, options), media_type)
    if media_type in _sniff.IMAGE_TYPES:
        from .image import image_pages
        return assemble(image_pages(data, options), media_type)
    if media_type == _sniff.DOCX:
        from .docx import docx_pages
        return assemble(docx_pages(data, options), media_type)
    try:
        text, warnings = decode_text_with_warnings(data)
    except InputError as exc:
        raise UnsupportedInput(_sniff.UNKNOWN_BINARY, hint=f"{_sniff.SUPPORTED_HINT}; as text: {exc}") from exc
    if kind := _sniff.json_kind(text):  # an output of ours, a gold file: Vietnamese words, not a notice
        raise UnsupportedInput(kind, hint=_sniff.SUPPORTED_HINT)
    if looks_like_html(text):  # what a browser shows, never the markup
        from .html import html_pages

        ingested = assemble(html_pages(text), _sniff.HTML)
        ingested.warnings[:0] = warnings
        return ingested
    return IngestedText(text=text, pages=pages_from_text(text), media_type="text/plain", warnings=warnings)


def display_name(name: str | os.PathLike | None) -> str | None:
    """A file name as valid Unicode, for outputs, state and messages: bytes that are not UTF-8
    (which Python keeps as lone surrogates) are shown as \\xNN escapes."""
    if name is None:
        return None
    return os.fsencode(name).decode("utf-8", "backslashreplace")


# What a path that is not a regular file is, for the message (stat.S_IFMT → words).
_FILE_KINDS = {stat.S_IFDIR: "a directory", stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket",
               stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device"}


def file_kind(mode: int) -> str:
    return _FILE_KINDS.get(stat.S_IFMT(mode), "not a regular file")


def read_input(path: str | Path, max_bytes: int | None = None) -> bytes:
    """The bytes of an input file; every way of failing to read it is an InputError.

    Only regular files are read: a FIFO would block forever, a device never end. The file is
    opened without blocking and checked on the open descriptor (no window between a check and
    the open), and at most ``max_bytes`` are read whatever size the file claims.
    """
    path = Path(path)
    limit = max_bytes or ParseOptions().max_bytes
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a directory") from exc
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{path} is {file_kind(mode)}, not a regular file: refused")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return read_bounded(fh, limit, str(path))
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)


def read_bounded(stream: BinaryIO, max_bytes: int, what: str = "input") -> bytes:
    """All of ``stream`` (a file, standard input), InputError past ``max_bytes``."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{what} is larger than the limit of {max_bytes / 1e6:g} MB",
                         hint="raise ParseOptions.max_bytes if the file is genuine")
    return data


def sniff_file(path: str | Path, head_bytes: int = 65536) -> str | None:
    """Why a file a folder walk found is not a document we read — None when it is one.

    For files whose name does not say (``.dat``, no suffix, ``.doc``): the content decides,
    from the first ``head_bytes`` (and a ZIP's directory): a PDF, image or DOCX is a document;
    text is one when it reads as Vietnamese and is not data (JSON, a table of values); anything
    else is named in the reason."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(head_bytes)
    except OSError as exc:
        return f"cannot read ({exc.strerror or exc})"
    if not head:
        return "empty file"
    try:
        if head.startswith(b"PK\x03\x04"):  # the directory is at the end: let zipfile seek to it
            with open(path, "rb") as fh:
                _sniff.zip_kind(fh)  # DOCX, or UnsupportedInput naming what it is
            return None
        if _sniff.sniff_binary(head) is not None:
            return None
        complete = len(head) < head_bytes
        if not complete:  # cut at a line end, never inside a multi-byte character
            cut = head.rfind(b"\n") + 1
            cut += head[cut:cut + 1] == b"\x00"  # UTF-16-LE: the line feed's second byte
            head = head[:cut] or head
        text, _ = decode_text_with_warnings(head)
    except InputError as exc:  # UnsupportedInput names what the file is
        return str(exc)
    if kind := _sniff.json_kind(text, complete) or _sniff.table_kind(text, complete):
        return kind
    from .language import MIN_WORDS, evidence

    seen = evidence(text)  # a name that says nothing needs positive evidence: Vietnamese words
    if looks_like_html(text) or (seen.words >= MIN_WORDS and seen.vietnamese):
        return None
    return "text that is not Vietnamese" if seen.words >= MIN_WORDS else "text without Vietnamese words"


# File suffixes a folder walk picks up; the content decides the type once a file is read.
SUPPORTED_SUFFIXES = frozenset({".txt", ".text", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".docx"})


def is_supported_path(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES
