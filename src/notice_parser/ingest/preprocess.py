"""Image preparation before OCR: grayscale, then deskew.

Only steps whose benefit was measured on our degraded fixtures are kept (bench/bench_ocr.py
prints the comparison, each step alone on the same pages):
  * grayscale: Tesseract binarises internally; colour adds nothing and triples the bytes;
  * deskew (projection profile): CER 0.147 % → 0.091 % on mild scans (≤ 0.8° rotation) and
    0.794 % → 0.079 % on harsh ones (1.5°, blur, heavy noise). Kept;
  * Otsu binarisation before Tesseract: 0.147 → 0.113 % mild, 0.794 → 0.760 % harsh, within
    the noise of a few characters and no gain once deskewed. Not kept.
(OCRmyPDF's deskew made a noisy skewed scan worse in an earlier measurement here; this one is
measured on our own scans and only ever rotates by the angle that best aligns text rows.)
"""

from __future__ import annotations

import numpy as np
from PIL import Image

# Search range and steps of the skew angle, in degrees: office scans are skewed by a few
# degrees at most; a larger angle is more likely a layout feature than a skew.
MAX_SKEW = 3.0
COARSE_STEP, FINE_STEP = 0.5, 0.1
# Work on a page shrunk by this factor: rows of text remain distinct, the search is 16× cheaper.
SHRINK = 4


def _row_profile_score(ink: Image.Image, angle: float) -> float:
    rotated = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0), dtype=np.float32)
    return float(np.var(rotated.sum(axis=1)))


def skew_angle(gray: Image.Image) -> float:
    """Angle (degrees, PIL's counter-clockwise sense) that makes text rows horizontal."""
    small = gray.resize((max(1, gray.width // SHRINK), max(1, gray.height // SHRINK)), Image.Resampling.BOX)
    arr = np.asarray(small)
    ink = Image.fromarray(((arr < 128) * 255).astype(np.uint8), mode="L")
    if not np.asarray(ink).any():
        return 0.0
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, COARSE_STEP)
    best = max(coarse, key=lambda a: _row_profile_score(ink, float(a)))
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + 1e-9, FINE_STEP)
    return round(float(max(fine, key=lambda a: _row_profile_score(ink, float(a)))), 2)


def deskew(gray: Image.Image) -> Image.Image:
    angle = skew_angle(gray)
    if abs(angle) <= FINE_STEP + 1e-9:  # 0.1° drifts 4 px over an A4 line: not worth a resample
        return gray
    # Bilinear: a third of bicubic's cost on a 300-dpi A4 page (0.07 s vs 0.21 s), same CER on our scans.
    out = gray.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    out.info = dict(gray.info)
    return out


def prepare(image: Image.Image, *, source_dpi: float | None = None, target_dpi: int = 300) -> Image.Image:
    gray = image.convert("L") if image.mode != "L" else image
    gray = deskew(gray)
    if source_dpi:
        gray.info["dpi"] = (source_dpi, source_dpi)
    return gray
