"""Image preparation before OCR.

Only steps whose benefit was measured on our degraded fixtures are kept (bench/bench_ocr.py
prints the comparison). Grayscale is kept: Tesseract binarises internally, colour adds
nothing and triples the bytes piped to it. Deskew and our own binarisation were measured and
are not applied (see the benchmark's figures); OCRmyPDF's deskew made a noisy skewed
scan worse in an earlier measurement here.
"""

from __future__ import annotations

from PIL import Image


def prepare(image: Image.Image, *, source_dpi: float | None = None, target_dpi: int = 300) -> Image.Image:
    gray = image.convert("L") if image.mode != "L" else image
    if source_dpi:
        gray.info["dpi"] = (source_dpi, source_dpi)
    return gray
