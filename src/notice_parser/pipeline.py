"""The stage sequence: ingest → repair → extract, and the public parse functions."""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import __version__
from . import budget, regex_cache
from .errors import UnsupportedInput
from .extract import extract_notice
from .ingest import IngestedText, display_name, ingest_bytes, pages_from_text, read_input
from .ingest.language import MIN_WORDS, MIN_WORDS_OCR, evidence
from .options import ParseOptions
from .repair import repair_text
from .review import low_confidence_spans, place_edits, review_notice
from .schema import Notice, Source, Warning


def _not_vietnamese(text: str, min_words: int = MIN_WORDS) -> UnsupportedInput | None:
    """UnsupportedInput when the text is not Vietnamese, even once decoded: mojibake and legacy
    8-bit fonts are Vietnamese only after the repair stage's encoding steps, which are applied
    here for the decision (the damage repair is not: it would make Vietnamese of anything)."""
    seen = evidence(text)
    if seen.judged_vietnamese(min_words):
        return None
    from .repair.legacy import convert_legacy
    from .repair.mojibake import fix_mojibake

    decoded = convert_legacy(fix_mojibake(text)[0])[0]
    if decoded != text and evidence(decoded).judged_vietnamese(min_words):
        return None
    return UnsupportedInput(
        f"text is not Vietnamese: {seen.syllables} of {seen.words} words have the shape of a Vietnamese "
        f"syllable ({seen.share:.0%}; Vietnamese notices have 67 % or more, even damaged)",
        hint="this tool reads Vietnamese administrative documents; ParseOptions(require_vietnamese=False) "
             "parses anyway")


def _structure_warning(notice: Notice) -> Warning | None:
    """An error-level warning when nothing of an administrative document was found: no document
    type, no numbered item, no date anywhere, no agency. Such text is not a notice, whatever
    sentences the extractors turned into directives."""
    nodes = [d for d, _ in notice.iter_directives()]
    doc = notice.document
    dated = doc.issue_date or notice.meeting.date or any(c.date for c in notice.citations) or \
        any(dl.date or dl.recurrence for d in nodes for dl in d.deadlines)
    numbered = any(d.label and d.label not in ("-", "+", "•") for d in nodes)
    if doc.doc_type or doc.number or numbered or dated or any(d.agencies for d in nodes):
        return None
    return Warning(code="not-a-notice", stage="pipeline", severity="error",
                   message="no document type, numbering, date or agency found: this does not read as a "
                           "Vietnamese administrative document")


def _run(ingested: IngestedText, options: ParseOptions, source: Source) -> Notice:
    budget.check("after reading the input")
    min_words = MIN_WORDS_OCR if any(p.method == "ocr" for p in ingested.pages) else MIN_WORDS
    if options.require_vietnamese and (refusal := _not_vietnamese(ingested.text, min_words)):
        raise refusal  # before repair, which would turn any language into Vietnamese-looking words
    # words OCR read with low confidence: the repair stage may re-choose their marks
    repaired = repair_text(ingested.text, options, uncertain=[(w.start, w.end) for w in ingested.low_confidence],
                           read_by_ocr=[(p.start, p.end) for p in ingested.pages if p.method == "ocr"])
    budget.check("after repair")
    chain = repaired.chain
    pages = [
        p.model_copy(update={"start": chain.to_new(p.start), "end": chain.to_new(p.end)}) for p in ingested.pages
    ]
    notice = extract_notice(repaired.text, pages, uncertain=repaired.uncertain)
    budget.check("after extraction")
    warnings = [*ingested.warnings, *repaired.warnings, *notice.warnings]
    if notice.text.strip() and (structure := _structure_warning(notice)):
        warnings.append(structure)
    status = "partial" if any(w.severity == "error" for w in warnings) or not notice.directives else "success"
    report = repaired.report.model_copy(update={"edits": place_edits(repaired.report.edits, chain.to_new,
                                                                      repaired.text)})
    notice = notice.model_copy(update={
        "parser_version": __version__,
        "source": source,
        "pages": pages,
        "repair": report,
        "warnings": warnings,
        "status": status,
    })
    notice = review_notice(notice, low_confidence_spans([(w.start, w.end, w.page) for w in ingested.low_confidence],
                                                        chain.to_new))
    regex_cache.flush()  # the patterns this document compiled first, kept for the next process
    return notice


def _scrub_surrogates(text: str) -> tuple[str, list[Warning]]:
    """Lone surrogates (a ``str`` built with surrogateescape or from broken UTF-16) cannot be
    written as UTF-8 JSON: each becomes U+FFFD, one character for one, so offsets hold."""
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text, []
    count = sum(1 for c in text if "\ud800" <= c <= "\udfff")
    clean = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return clean, [Warning(code="lone-surrogates", stage="ingest", severity="warning",
                           message=f"{count} lone surrogate code point(s) replaced by U+FFFD")]


def parse_text(text: str, options: ParseOptions | None = None, *, name: str | None = None) -> Notice:
    """Parse a notice given as text (already decoded)."""
    options = options or ParseOptions()
    if not isinstance(text, str):
        raise TypeError("parse_text takes str; use parse_bytes for bytes")
    with budget.time_budget(options.timeout):
        data = text.encode("utf-8", "surrogatepass")
        text, warnings = _scrub_surrogates(text)
        ingested = IngestedText(text=text, pages=pages_from_text(text), warnings=warnings)
        source = Source(name=display_name(name), media_type="text/plain", sha256=hashlib.sha256(data).hexdigest(),
                        size=len(data))
        return _run(ingested, options, source)


def parse_bytes(data: bytes, name: str | None = None, options: ParseOptions | None = None) -> Notice:
    """Parse a notice from raw bytes of any supported type (sniffed by content)."""
    options = options or ParseOptions()
    with budget.time_budget(options.timeout):
        ingested = ingest_bytes(data, name, options)
        source = Source(name=display_name(name), media_type=ingested.media_type,
                        sha256=hashlib.sha256(data).hexdigest(), size=len(data))
        return _run(ingested, options, source)


def parse_file(path: str | Path, options: ParseOptions | None = None) -> Notice:
    """Parse a notice file: text, PDF (text layer or scanned), PNG/JPEG/TIFF, DOCX, HTML — sniffed by content.

    Only a regular file is read (a FIFO or a device is refused before it can block), at most
    ``options.max_bytes`` of it; ``options.timeout`` bounds the whole document."""
    options = options or ParseOptions()
    path = Path(path)
    with budget.time_budget(options.timeout):
        data = read_input(path, options.max_bytes)
        notice = parse_bytes(data, path.name, options)
    return notice.model_copy(update={"source": notice.source.model_copy(update={"path": display_name(path)})})
