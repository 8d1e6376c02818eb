"""The stage sequence: ingest → repair → extract, and the public parse functions."""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import __version__
from .extract import extract_notice
from .ingest import IngestedText, ingest_bytes, pages_from_text, read_input
from .options import ParseOptions
from .repair import repair_text
from .schema import Notice, PageInfo, Source


def _run(ingested: IngestedText, options: ParseOptions, source: Source) -> Notice:
    # words OCR read with low confidence: the repair stage may re-choose their marks
    repaired = repair_text(ingested.text, options, uncertain=[(w.start, w.end) for w in ingested.low_confidence])
    chain = repaired.chain
    pages = [
        p.model_copy(update={"start": chain.to_new(p.start), "end": chain.to_new(p.end)}) for p in ingested.pages
    ]
    notice = extract_notice(repaired.text, pages)
    warnings = [*ingested.warnings, *repaired.warnings, *notice.warnings]
    status = "partial" if any(w.severity == "error" for w in warnings) or not notice.directives else "success"
    return notice.model_copy(update={
        "parser_version": __version__,
        "source": source,
        "pages": pages,
        "repair": repaired.report,
        "warnings": warnings,
        "status": status,
    })


def parse_text(text: str, options: ParseOptions | None = None, *, name: str | None = None) -> Notice:
    """Parse a notice given as text (already decoded)."""
    options = options or ParseOptions()
    if not isinstance(text, str):
        raise TypeError("parse_text takes str; use parse_bytes for bytes")
    ingested = IngestedText(text=text, pages=pages_from_text(text))
    data = text.encode("utf-8", "surrogatepass")
    source = Source(name=name, media_type="text/plain", sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    return _run(ingested, options, source)


def parse_bytes(data: bytes, name: str | None = None, options: ParseOptions | None = None) -> Notice:
    """Parse a notice from raw bytes of any supported type (sniffed by content)."""
    options = options or ParseOptions()
    ingested = ingest_bytes(data, name, options)
    source = Source(name=name, media_type=ingested.media_type, sha256=hashlib.sha256(data).hexdigest(),
                    size=len(data))
    return _run(ingested, options, source)


def parse_file(path: str | Path, options: ParseOptions | None = None) -> Notice:
    """Parse a notice file: text, PDF (text layer or scanned), PNG/JPEG/TIFF, DOCX — sniffed by content."""
    path = Path(path)
    data = read_input(path)
    notice = parse_bytes(data, path.name, options)
    return notice.model_copy(update={"source": notice.source.model_copy(update={"path": str(path)})})
