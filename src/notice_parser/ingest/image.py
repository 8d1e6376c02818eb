"""Image inputs (PNG, JPEG, multi-page TIFF): check size before decoding, then OCR every frame."""

from __future__ import annotations

import io
import warnings as _warnings
from collections.abc import Callable

from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import InputError
from ..options import ParseOptions
from .ocr import check_tesseract, ocr_many
from .pages import PageText, from_ocr
from .preprocess import prepare


# Tesseract (Leptonica) stores image sides in 16-bit signed integers.
MAX_SIDE = 32767


def _open(data: bytes, options: ParseOptions) -> Image.Image:
    try:
        with _warnings.catch_warnings():
            # We enforce our own (stricter, configurable) pixel cap below; PIL's own bomb
            # check would otherwise warn or raise with a message that names no option.
            _warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
            try:
                image = Image.open(io.BytesIO(data))
            finally:
                Image.MAX_IMAGE_PIXELS = saved
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise InputError(f"image cannot be read: corrupt or truncated ({exc})") from exc
    return image


def _check_size(image: Image.Image, options: ParseOptions, what: str) -> None:
    w, h = image.size
    if w * h > options.max_pixels:
        raise InputError(f"{what} is {w}×{h} = {w * h / 1e6:.0f} million pixels, over the limit of "
                         f"{options.max_pixels / 1e6:.0f} million",
                         hint="scan at 300 dpi, or raise max_pixels if the image is genuine")
    if max(w, h) > MAX_SIDE:
        raise InputError(f"{what} is {w}×{h} pixels: a side longer than {MAX_SIDE} pixels cannot be OCR'd",
                         hint="crop or scale the image")
    if w < 8 or h < 8:
        raise InputError(f"{what} is only {w}×{h} pixels: too small to hold text")


def image_pages(data: bytes, options: ParseOptions) -> list[PageText]:
    image = _open(data, options)
    frames = getattr(image, "n_frames", 1)
    if frames > options.max_pages:
        raise InputError(f"image has {frames} frames, over the limit of {options.max_pages} pages")
    if options.ocr == "never":
        raise InputError("an image has no text layer and OCR is disabled (--ocr never)",
                         hint="use --ocr auto to read images")
    _check_size(image, options, "image")  # the input's own faults first, before the installation's
    check_tesseract(options.ocr_language)

    def render(index: int) -> Callable[[], Image.Image]:
        def load() -> Image.Image:
            image.seek(index)
            _check_size(image, options, f"image frame {index + 1}" if frames > 1 else "image")
            try:
                frame = ImageOps.exif_transpose(image)  # phone photos: honour the orientation tag
                frame.load()
            except (OSError, ValueError, SyntaxError) as exc:
                raise InputError(f"image data is corrupt or truncated ({exc})") from exc
            dpi = frame.info.get("dpi", (options.ocr_dpi, options.ocr_dpi))[0] or options.ocr_dpi
            return prepare(frame, source_dpi=float(dpi), target_dpi=options.ocr_dpi)
        return load

    pages = []
    results = ocr_many(((f"image page {i + 1}", render(i)) for i in range(frames)), lang=options.ocr_language,
                       timeout=options.page_timeout, dpi=options.ocr_dpi)
    for result in results:
        pages.append(from_ocr(result, "image: OCR"))
    return pages
