"""PDF inputs: text layer where it is sound, OCR where it is not (decided page by page).

pypdfium2 opens the file (it tells encrypted from corrupt, and renders pages for OCR
without poppler); pdfplumber gives the text layer's words with positions, which the
layout module needs to keep two-column blocks apart. pdfplumber is only opened when a
text layer is to be read (not under ``--ocr force``), so no page is parsed twice.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from ..errors import InputError
from ..options import ParseOptions
from .layout import Word, reading_order
from .ocr import check_tesseract, ocr_many
from .pages import PageText, from_ocr
from .preprocess import prepare
from .quality import assess_text

# pdfminer logs every odd object it meets at WARNING; a hostile PDF would flood the output.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise InputError("PDF is encrypted and needs a password",
                             hint="save an unencrypted copy (print to PDF) and parse that") from exc
        raise InputError(f"PDF is corrupt or truncated ({msg})") from exc


def _has_graphics(page: pdfium.PdfPage) -> bool:
    """Whether a page without text still shows something (a scan, outlined glyphs) worth OCR."""
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH), max_depth=2):
        return True
    return False


def _text_layer_words(plumber_page) -> list[Word]:
    words = plumber_page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
    return [Word(text=w["text"], x0=w["x0"], x1=w["x1"], top=w["top"], bottom=w["bottom"]) for w in words]


# Colour spaces whose decoded samples pdfium hands back as plain gray or RGB.
_PLAIN_COLOURS = frozenset({pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_DEVICERGB,
                            pdfium_c.FPDF_COLORSPACE_CALGRAY, pdfium_c.FPDF_COLORSPACE_CALRGB,
                            pdfium_c.FPDF_COLORSPACE_ICCBASED})
# How far the scan's own resolution may be from the OCR resolution for it to be used as is.
_DPI_TOLERANCE = 0.1


def _embedded_scan(page: pdfium.PdfPage, options: ParseOptions) -> tuple[Image.Image, float] | None:
    """The scanned image a page consists of, decoded as stored, and its resolution.

    A scanner's PDF page is one upright image covering the page. Decoding that image
    (~0.03 s for a 300-dpi A4 JPEG) is cheaper than rendering the page (~0.12 s).
    Anything else — several objects, a rotated or flipped or partial placement, page
    rotation, annotations, a resolution more than 10 % from ``ocr_dpi``, 1-bit or indexed
    or CMYK samples — is rendered as before.
    """
    if page.get_rotation() % 360 or pdfium_c.FPDFPage_GetAnnotCount(page) > 0:
        return None
    objects = []
    for obj in page.get_objects(max_depth=0):
        objects.append(obj)
        if len(objects) > 1:
            return None
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    image = objects[0]
    a, b, c, d, _, _ = image.get_matrix().get()
    if b or c or a <= 0 or d <= 0:
        return None
    left, bottom, right, top = image.get_bounds()
    box = page.get_bbox()
    if max(abs(left - box[0]), abs(bottom - box[1]), abs(right - box[2]), abs(top - box[3])) > 1.0:
        return None
    meta = image.get_metadata()
    if meta.bits_per_pixel not in (8, 24) or meta.colorspace not in _PLAIN_COLOURS:
        return None
    width, height = image.get_px_size()
    dpi_x, dpi_y = width * 72 / a, height * 72 / d
    if abs(dpi_x / options.ocr_dpi - 1) > _DPI_TOLERANCE or abs(dpi_y / dpi_x - 1) > 0.02:
        return None
    if width * height > options.max_pixels:
        return None
    try:
        decoded = image.get_bitmap(render=False).to_pil()
    except (pdfium.PdfiumError, ValueError):  # a damaged image stream: rendering reports it properly
        return None
    if decoded.size != (width, height):
        return None
    return decoded, dpi_x


def _renderer(page: pdfium.PdfPage, options: ParseOptions, warnings: list[str]) -> Callable[[], Image.Image]:
    def render() -> Image.Image:
        embedded = _embedded_scan(page, options)
        width_pt, height_pt = page.get_size()
        if embedded is not None:
            image, _ = embedded
            # Onto the pixel grid a render at ocr_dpi has (pdfium's size rule), bilinear:
            # OCR of the scan's own pixels was a little worse than of the render, which
            # resamples them (bench scans, 60k characters: 94 edits vs 84), resampled
            # like this 80, in 0.04 s instead of the render's 0.12 s.
            grid = (math.ceil(width_pt * options.ocr_dpi / 72), math.ceil(height_pt * options.ocr_dpi / 72))
            if image.size != grid:
                image = image.resize(grid, Image.Resampling.BILINEAR)
            return prepare(image, source_dpi=options.ocr_dpi, target_dpi=options.ocr_dpi)
        scale = options.ocr_dpi / 72
        pixels = width_pt * scale * height_pt * scale
        if pixels > options.max_pixels:
            # An oversized page (a poster, a bogus MediaBox) is rendered smaller rather than
            # refused: its text is usually large too.
            scale *= (options.max_pixels / pixels) ** 0.5
            warnings.append(f"page rendered at {scale * 72:.0f} dpi instead of {options.ocr_dpi} "
                            f"(page size {width_pt:.0f}×{height_pt:.0f} pt over the pixel limit)")
        bitmap = page.render(scale=scale, grayscale=True)
        image = bitmap.to_pil()
        return prepare(image, source_dpi=scale * 72, target_dpi=options.ocr_dpi)
    return render


def pdf_pages(data: bytes, options: ParseOptions) -> list[PageText]:
    doc = _open(data)
    try:
        n = len(doc)
        if n == 0:
            raise InputError("PDF has no pages")
        if n > options.max_pages:
            raise InputError(f"PDF has {n} pages, over the limit of {options.max_pages}",
                             hint="split the file or raise max_pages")
        decided: list[PageText | None] = [None] * n
        to_ocr: list[tuple[int, str, list[str]]] = []  # (index, reason, warnings)
        if options.ocr == "force":
            to_ocr = [(i, "OCR forced (--ocr force)", []) for i in range(n)]
        else:
            _read_text_layer(data, doc, options, decided, to_ocr)
        if to_ocr:
            check_tesseract(options.ocr_language)
            render_warnings: dict[int, list[str]] = {i: [] for i, _, _ in to_ocr}
            jobs = ((f"page {i + 1}", _renderer(doc[i], options, render_warnings[i])) for i, _, _ in to_ocr)
            results = ocr_many(jobs, lang=options.ocr_language, timeout=options.page_timeout, dpi=options.ocr_dpi)
            for (i, reason, warns), result in zip(to_ocr, results):
                decided[i] = from_ocr(result, reason, [*warns, *render_warnings[i]])
        return [p for p in decided if p is not None]
    finally:
        doc.close()


def _read_text_layer(data: bytes, doc: pdfium.PdfDocument, options: ParseOptions,
                     decided: list[PageText | None], to_ocr: list[tuple[int, str, list[str]]]) -> None:
    import pdfplumber  # imported here: ~0.3 s of import time that OCR-only runs do not need

    try:
        plumber = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many exception types on damaged files
        reason = f"text layer cannot be read ({type(exc).__name__})"
        if options.ocr == "never":
            raise InputError(f"PDF {reason}: {exc}", hint="use --ocr auto to read its pages by OCR") from exc
        # pdfium opened and can render it (it repairs damaged cross-reference tables): OCR it.
        to_ocr.extend((i, f"{reason}; page OCR'd", [f"{reason}: pages read by OCR"]) for i in range(len(doc)))
        return
    with plumber:
        for i in range(len(doc)):
            try:
                words = _text_layer_words(plumber.pages[i])
            except Exception as exc:  # a damaged content stream: the page may still render
                words, damaged = [], f"text layer unreadable ({type(exc).__name__})"
            else:
                damaged = None
            text, placed = reading_order(words)
            if damaged is None and not text.strip():
                if not _has_graphics(doc[i]):
                    decided[i] = PageText(text="", method="text-layer", reason="blank page")
                elif options.ocr == "never":
                    decided[i] = PageText(text="", method="text-layer", reason="no text layer; OCR disabled",
                                          warnings=["scanned page left unread because OCR is disabled (--ocr never)"])
                else:  # an ordinary scan: OCR is the expected path, nothing to warn about
                    to_ocr.append((i, "no text layer (scanned page); page OCR'd", []))
                continue
            verdict = assess_text(text) if damaged is None else None
            if verdict is not None and verdict.ok:
                decided[i] = PageText(text=text, method="text-layer", reason=verdict.reason, placed=placed)
                continue
            reason = damaged or verdict.reason
            if options.ocr == "never":
                decided[i] = PageText(text=text, method="text-layer", reason=f"{reason}; OCR disabled",
                                      warnings=[f"{reason}: kept as is because OCR is disabled (--ocr never)"],
                                      placed=placed)
            else:
                to_ocr.append((i, f"{reason}; page OCR'd", [f"{reason}: text layer replaced by OCR"]))
