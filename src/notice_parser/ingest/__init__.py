"""Ingestion: bytes or a file → text split into pages, with per-page provenance."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..errors import InputError
from ..options import ParseOptions
from ..schema import PageInfo, Warning
from .text import decode_text_with_warnings


class IngestedText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    pages: list[PageInfo] = Field(default_factory=list)
    media_type: str = "text/plain"
    warnings: list[Warning] = Field(default_factory=list)


def pages_from_text(text: str, method: str = "text") -> list[PageInfo]:
    """Pages of a plain text: form feeds separate them (as pdftotext and our PDF path write)."""
    pages, start = [], 0
    for number, chunk in enumerate(text.split("\f"), start=1):
        end = start + len(chunk)
        pages.append(PageInfo(number=number, method=method, start=start, end=end))
        start = end + 1
    return pages


def ingest_bytes(data: bytes, name: str | None = None, options: ParseOptions | None = None) -> IngestedText:
    options = options or ParseOptions()
    if not data:
        raise InputError("empty input (0 bytes)")
    text, warnings = decode_text_with_warnings(data)
    return IngestedText(text=text, pages=pages_from_text(text), media_type="text/plain", warnings=warnings)


def ingest_path(path: str | Path, options: ParseOptions | None = None) -> IngestedText:
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a directory") from exc
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return ingest_bytes(data, path.name, options)


# File suffixes a folder walk picks up; the content decides the type once a file is read.
SUPPORTED_SUFFIXES = frozenset({".txt", ".text"})


def is_supported_path(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES
