"""Text repair: the stage between ingestion and extraction.

``repair_text`` runs the steps in order; each returns its new text and its edits against
its input, so every offset of the repaired text maps back to the ingested text:

0. ``mojibake`` (ftfy) and ``legacy``: TCVN3 / VNI / VIQR text converted to Unicode (only when detected);
1. ``unicode``: NFC, invisible and control characters (always; cheap);
2. ``glyphs`` / ``diacritics``: only on lines the detector finds damaged — dropped glyphs
   are refilled, stripped or OCR-garbled syllables are decoded with the language model.

Clean text never reaches the decoder, so it passes through unchanged and fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from pydantic import BaseModel, ConfigDict, Field

from ..options import ParseOptions
from ..schema import Edit, RepairReport, Warning
from .offsets import OffsetChain, OffsetMap, apply_edits
from .casing import CaseFold, in_capitals, known_acronym
from .doubts import assess, ocr_only
from .guard import language_warning, rewrite_warning
from .legacy import convert_legacy
from .mojibake import fix_mojibake
from .unicode import clean_unicode
from ..uncertainty import Uncertainty


class RepairedText(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    text: str
    report: RepairReport
    chain: OffsetChain = Field(exclude=True)
    warnings: list[Warning] = Field(default_factory=list)
    # Where the repaired text may not say what the document said (repair/doubts.py): the spans
    # extraction may read with look-alike and near-miss matching; none for clean text.
    uncertain: Uncertainty = Field(default_factory=Uncertainty, exclude=True)


def _count_tokens(text: str) -> int:
    return len(text.split())


def repair_text(text: str, options: ParseOptions | None = None, uncertain: Sequence[tuple[int, int]] = (),
                read_by_ocr: Sequence[tuple[int, int]] = ()) -> RepairedText:
    """Repair ``text``. ``uncertain``: (start, end) spans of ``text`` that an OCR engine read with
    low confidence (``IngestedText.low_confidence``); their words' marks are chosen again.
    ``read_by_ocr``: the (start, end) ranges of the pages OCR read. Both go into the result's
    ``uncertain`` spans (repair/doubts.py)."""
    options = options or ParseOptions()
    if not options.repair:
        return RepairedText(text=text, report=RepairReport(enabled=False, total_tokens=_count_tokens(text)),
                            chain=OffsetChain(), uncertain=ocr_only(uncertain, OffsetChain(), text, read_by_ocr))
    chain = OffsetChain()
    all_edits: list[Edit] = []
    steps: list[str] = []
    warnings: list[Warning] = []

    # Mojibake and legacy encodings first: both put soft hyphens and other Latin-1 characters
    # where letters belong, which the clean-up would otherwise drop.
    current, edits = fix_mojibake(text)
    if edits:
        steps.append("mojibake")
        chain = chain.then(edits)
        all_edits.extend(edits)
    current, edits, encoding = convert_legacy(current)
    if encoding:
        steps.append("legacy")
        all_edits.extend(e.model_copy(update={"start": chain.to_original(e.start), "end": chain.to_original(e.end)})
                         for e in edits)
        chain = chain.then(edits)

    current, edits = clean_unicode(current)
    steps.append("unicode")
    all_edits.extend(e.model_copy(update={"start": chain.to_original(e.start), "end": chain.to_original(e.end)})
                     for e in edits)
    chain = chain.then(edits)

    foreign = language_warning(current)
    if foreign is not None:  # an English memo or a web page: never "restored" into Vietnamese
        warnings.append(foreign)
        return RepairedText(text=current, report=_report(steps, all_edits, encoding, current, options), chain=chain,
                            warnings=warnings, uncertain=ocr_only(uncertain, chain, current, read_by_ocr))

    from .damage import load_toolkit, repair_damage  # imports numpy and the model only when needed

    fold = None
    if in_capitals(current):  # repaired in lower case, its acronyms kept (see casing)
        kit, _ = load_toolkit()
        fold = CaseFold(current, partial(known_acronym, kit.lexicon)) if kit else None
    if uncertain and current.strip():
        from .uncertain import STEP, recheck

        kit, _ = load_toolkit(model=True)  # a missing model is reported once, by repair_damage below
        edits = recheck(kit.model, fold.text if fold else current,
                        [(chain.to_new(s), chain.to_new(e)) for s, e in uncertain]) if kit else []
        if fold:
            edits = fold.restore(edits)
        if edits:
            steps.append(STEP)
            all_edits.extend(e.model_copy(update={"start": chain.to_original(e.start), "end": chain.to_original(e.end)})
                             for e in edits)
            chain = chain.then(edits)
            current = apply_edits(current, edits)

    current, passes, done, warns = repair_damage(fold.text if fold else current)
    if fold:
        passes = [fold.restore(edits) for edits in passes]
        current = fold.original
    if passes:  # (recase, 30 KB of code, is loaded for damaged text only)
        from .recase import recase_filled

        current, passes = recase_filled(current, passes)  # a filled first glyph's capital ("Mai Văn Chính")
    steps.extend(done)
    for edits in passes:
        # Report positions against the text as ingested (the chain so far maps them back).
        if all_edits:
            all_edits.extend(e.model_copy(update={"start": chain.to_original(e.start), "end": chain.to_original(e.end)})
                             for e in edits)
        else:  # nothing changed before: positions already are those of the ingested text
            all_edits.extend(edits)
        chain = chain.then(edits)
    warnings.extend(warns)
    rewrote = rewrite_warning(all_edits, _count_tokens(current))
    if rewrote is not None:
        warnings.append(rewrote)
    return RepairedText(text=current, report=_report(steps, all_edits, encoding, current, options), chain=chain,
                        warnings=warnings, uncertain=assess(current, chain, all_edits, uncertain, read_by_ocr))


def _report(steps: list[str], edits: list[Edit], encoding: str | None, text: str, options: ParseOptions) -> RepairReport:
    return RepairReport(
        enabled=True,
        steps=steps,
        edit_count=len(edits),
        changed_tokens=sum(max(1, _count_tokens(e.after)) for e in edits if e.step != "unicode"),
        encoding=encoding,
        total_tokens=_count_tokens(text),
        edits=edits if options.keep_edits else [],
    )


__all__ = ["RepairedText", "repair_text", "OffsetChain", "OffsetMap", "apply_edits"]
