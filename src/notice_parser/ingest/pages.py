"""The per-page result every reader (PDF, image, DOCX) returns, and how pages are joined."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:  # ocr.py pulls in PIL, subprocess and thread pools: a text file never needs them
    from .layout import PlacedWord, Word  # and layout.py statistics (~5 ms): OCR pages only
    from .ocr import OcrPage


class LowConfidenceWord(BaseModel):
    """An OCR word Tesseract was unsure of: where it is in the ingested text, and how sure it was."""

    model_config = ConfigDict(extra="forbid")

    start: int
    end: int
    text: str
    confidence: float
    page: int


@dataclass
class PageText:
    text: str
    method: str  # "text" | "text-layer" | "ocr"
    reason: str
    ocr_confidence: float | None = None
    warnings: list[str] = field(default_factory=list)
    placed: list[PlacedWord] = field(default_factory=list)


def from_ocr(result: OcrPage, reason: str, extra_warnings: list[str] | None = None) -> PageText:
    from .layout import reading_order

    text, placed = reading_order(result.words)
    return PageText(text=text, method="ocr", reason=reason, ocr_confidence=result.mean_confidence,
                    warnings=[*(extra_warnings or []), *result.warnings], placed=placed)


def low_confidence_words(page: PageText, page_number: int, offset: int) -> list[LowConfidenceWord]:
    if not page.placed:  # text, HTML and DOCX pages: no OCR words, and no need to import ocr.py
        return []
    from .ocr import LOW_CONFIDENCE

    out = []
    for p in page.placed:
        w: Word = p.word
        if w.conf is not None and w.conf < LOW_CONFIDENCE:
            out.append(LowConfidenceWord(start=offset + p.start, end=offset + p.end, text=w.text,
                                         confidence=w.conf, page=page_number))
    return out
