"""OCR of page images with Tesseract (Debian `tesseract-ocr` + `tesseract-ocr-vie`).

Tesseract runs as a child process per page. We call it directly rather than through
pytesseract's image_to_data, which writes every page to a temporary file first, and the
TSV comes back on stdout. How the page reaches Tesseract was measured (CPU seconds of our
encoding plus Tesseract's reading, same TSV out): an uncompressed BMP in an anonymous memory
file (``memfd``, opened by Tesseract as ``/dev/fd/N``) costs ~8 ms; a fast-compressed PNG
on stdin cost ~0.08 s more (PNG encode 0.06 s and decode 0.025 s), and any uncompressed
format on stdin ~0.15 s more (Tesseract copies stdin into memory one character at a time).
The memory file needs no temporary file to clean up: it vanishes with the last descriptor,
even when a worker is killed. Where memfd is missing (not Linux) the PNG goes to stdin.
Each child gets ``OMP_THREAD_LIMIT=1``: on 2 cores, Tesseract's own OpenMP threads made a
page 5× slower (7.6 s vs 1.5 s), and two single-threaded pages side by side give the best
throughput.
"""

from __future__ import annotations

import functools
import io
import multiprocessing
import os
import shutil
import statistics
import subprocess
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from PIL import Image

from .. import budget as _budget
from ..errors import DependencyMissing, InputError, ProcessingTimeout
from . import slots as _slots
from .layout import Word

# `--psm 11` (sparse text: find every line, no page layout). Tesseract's own layout (`--psm 3`)
# merged a "Nơi nhận" list line with the signature line beside it (different sizes, one row)
# and garbled both: 1.06 % CER on a clean render vs 0.18 % with psm 11. Reading order is ours
# anyway (layout.py works from the word boxes), so Tesseract only has to find lines.
PSM = 11
# Words at or above this confidence were never wrong in our measurements; below LOW_CONFIDENCE
# they are worth a second look by the repair stage.
LOW_CONFIDENCE = 80.0


# A page read with a mean word confidence under this may be upside down or on its side, and
# its orientation is checked (Tesseract OSD, ~0.7 s). Upright pages of the bench's clean
# renders, mild and harsh scans (45 pages) read at 91–96; a page turned 90°, 180° or 270°
# at 38–46. So an upright page pays nothing.
ORIENTATION_CHECK_BELOW = 60.0
# OSD's orientation confidence under which its answer is not acted upon (turned renders:
# 16–24); the turned page must also read better than the page as scanned to be kept.
MIN_OSD_CONFIDENCE = 2.0
# OSD's clockwise turn → PIL's transpose (PIL turns counter-clockwise).
TURNS = {0: None, 90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
_SIDE = {90: "on its side (turned 90° counter-clockwise)", 180: "upside down",
         270: "on its side (turned 90° clockwise)"}


@dataclass
class OcrPage:
    words: list[Word]
    mean_confidence: float | None
    warnings: list[str] = field(default_factory=list)
    rotation: int = 0  # degrees the page was turned clockwise before the OCR that was kept


def _package_for(lang: str) -> str:
    return f"tesseract-ocr-{lang.lower().replace('_', '-')}"


@functools.lru_cache(maxsize=8)
def check_tesseract(lang: str) -> str:
    """Path of the tesseract binary, after checking every language of ``lang`` (e.g. 'vie+eng') is installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise DependencyMissing("Tesseract OCR is not installed",
                                hint=f"install the Debian packages: apt-get install tesseract-ocr {_package_for('vie')}")
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DependencyMissing(f"Tesseract at {exe} does not run ({exc})",
                                hint="reinstall it: apt-get install --reinstall tesseract-ocr") from exc
    available = {line.strip() for line in (out.stdout + out.stderr).splitlines()[1:]}
    missing = [part for part in lang.split("+") if part not in available]
    if missing:
        packages = " ".join(_package_for(m) for m in missing)
        raise DependencyMissing(f"Tesseract language data missing: {', '.join(missing)}",
                                hint=f"install the Debian package: apt-get install {packages}")
    return exe


def _encode(image: Image.Image, dpi: int, fmt: str) -> bytes:
    gray = image if image.mode == "L" else image.convert("L")
    buf = io.BytesIO()
    if fmt == "PNG":
        gray.save(buf, format="PNG", compress_level=1, dpi=(dpi, dpi))
    else:
        gray.save(buf, format=fmt, dpi=(dpi, dpi))
    return buf.getvalue()


# memfd + /dev/fd: Linux. Checked once; elsewhere the page goes to stdin as PNG.
_MEMFD = hasattr(os, "memfd_create") and os.path.isdir("/proc/self/fd")


def _run_tesseract(exe: str, image: Image.Image, dpi: int, args: list[str], timeout: float
                   ) -> subprocess.CompletedProcess:
    fd = -1
    if _MEMFD:
        try:
            fd = os.memfd_create("notice-parser-page", os.MFD_CLOEXEC)
        except OSError:  # out of descriptors, or a sandbox without memfd: stdin still works
            fd = -1
    if fd < 0:
        return subprocess.run([exe, "stdin", "stdout", *args], input=_encode(image, dpi, "PNG"), capture_output=True,
                              timeout=timeout, env=_child_env(), check=False)
    try:
        with open(fd, "wb", closefd=False) as fh:
            fh.write(_encode(image, dpi, "BMP"))
        # pass_fds makes only this descriptor inheritable, in this child only (threads may
        # start other children meanwhile); Tesseract reopens it by path, from offset 0.
        return subprocess.run([exe, f"/dev/fd/{fd}", "stdout", *args], pass_fds=(fd,), capture_output=True,
                              timeout=timeout, env=_child_env(), check=False)
    finally:
        os.close(fd)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def fix_glyph_confusions(text: str, conf: float | None) -> str:
    """Undo two confusions of the `vie` model on the stroked capital D.

    It sometimes answers Latin Eth (Ð, U+00D0), a letter Vietnamese never uses, for Đ
    (U+0110); and on an uncertain word it may emit two hypotheses for one glyph
    ("CĐÐSQG", "HDĐND"). The pair is collapsed only when the word's confidence is low,
    so a genuine "ĐĐ" (ĐĐBQH) read confidently stays as is.
    """
    if conf is not None and conf < LOW_CONFIDENCE:
        text = text.replace("ĐÐ", "Đ").replace("ÐĐ", "Đ").replace("DĐ", "Đ").replace("DÐ", "Đ")
    return text.replace("Ð", "Đ")


def parse_tsv(tsv: str) -> list[Word]:
    """Words of Tesseract's TSV output (level 5 rows), with their boxes and confidences."""
    words: list[Word] = []
    for line in tsv.splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        try:
            conf = float(cols[10])
        except ValueError:
            conf = -1.0
        conf = conf if conf >= 0 else None
        text = fix_glyph_confusions(text, conf)
        words.append(Word(text=text, x0=left, x1=left + width, top=top, bottom=top + height,
                          conf=conf, line=(int(cols[1]), int(cols[2]), int(cols[3]), int(cols[4]))))
    return words


def _run(exe: str, image: Image.Image, dpi: int, args: list[str], timeout: float, label: str
         ) -> subprocess.CompletedProcess:
    """One Tesseract run inside the batch's budget (if any); ProcessingTimeout past ``timeout``."""
    budget = _slots.shared()
    try:
        if budget is None:
            return _run_tesseract(exe, image, dpi, args, timeout)
        with budget.hold():  # the page's timeout starts once it has a slot
            return _run_tesseract(exe, image, dpi, args, timeout)
    except subprocess.TimeoutExpired as exc:  # subprocess.run has already killed the child
        raise ProcessingTimeout(f"OCR of {label} took longer than {timeout:g} s",
                                hint="raise ParseOptions.page_timeout, or check the image") from exc


def _read(image: Image.Image, *, lang: str, timeout: float, dpi: int, label: str) -> OcrPage:
    exe = check_tesseract(lang)
    args = ["-l", lang, "--oem", "1", "--psm", str(PSM), "--dpi", str(dpi), "tsv"]
    proc = _run(exe, image, dpi, args, timeout, label)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        # check_tesseract has just run this Tesseract with this language: what fails here is the
        # page (a shape or size Tesseract cannot take), so it is bad input, not a missing dependency.
        raise InputError(f"Tesseract could not read {label} (exit {proc.returncode}): {err[-1] if err else ''}",
                         hint="the image may be malformed; if every image fails, check the Tesseract installation")
    words = parse_tsv(proc.stdout.decode("utf-8", "replace"))
    confs = [w.conf for w in words if w.conf is not None]
    mean = round(statistics.fmean(confs), 2) if confs else None
    warnings = [] if words else ["OCR found no text on this page"]
    return OcrPage(words=words, mean_confidence=mean, warnings=warnings)


@functools.lru_cache(maxsize=1)
def has_osd() -> bool:
    try:
        check_tesseract("osd")
    except DependencyMissing:
        return False
    return True


def detect_rotation(image: Image.Image, *, timeout: float, dpi: int, label: str = "page") -> tuple[int, float] | None:
    """Tesseract's orientation detection (`--psm 0`, package tesseract-ocr-osd): the clockwise
    turn (0, 90, 180, 270) that makes the page upright and its confidence; None when the
    data is missing or the page has too little text to tell."""
    if not has_osd():
        return None
    proc = _run(check_tesseract("osd"), image, dpi, ["--psm", "0", "--dpi", str(dpi)], timeout, label)
    if proc.returncode != 0:
        return None
    return parse_osd(proc.stdout.decode("utf-8", "replace"))


def parse_osd(text: str) -> tuple[int, float] | None:
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    try:
        rotate, confidence = int(fields["Rotate"].strip()), float(fields["Orientation confidence"].strip())
    except (KeyError, ValueError):
        return None
    return (rotate, confidence) if rotate in TURNS else None


def ocr_image(image: Image.Image, *, lang: str = "vie", timeout: float = 120.0, dpi: int = 300,
              label: str = "page", upright: bool = True) -> OcrPage:
    """OCR one page image; ProcessingTimeout when Tesseract runs longer than ``timeout`` seconds.

    With ``upright``, a page read with low confidence has its orientation checked, and is
    read again turned upright if it was upside down or on its side (see ORIENTATION_CHECK_BELOW).
    """
    dpi = int(round((image.info.get("dpi") or (dpi, dpi))[0] or dpi))
    page = _read(image, lang=lang, timeout=timeout, dpi=dpi, label=label)
    if upright and (page.mean_confidence or 0.0) < ORIENTATION_CHECK_BELOW:
        page = _read_upright(image, page, lang=lang, timeout=timeout, dpi=dpi, label=label)
    return page


def _read_upright(image: Image.Image, page: OcrPage, *, lang: str, timeout: float, dpi: int, label: str) -> OcrPage:
    if not has_osd():
        page.warnings.append("low OCR confidence; page orientation not checked (install tesseract-ocr-osd)")
        return page
    found = detect_rotation(image, timeout=timeout, dpi=dpi, label=label)
    if found is None or found[0] == 0 or found[1] < MIN_OSD_CONFIDENCE:
        return page
    turn, confidence = found
    from .preprocess import deskew  # the page was deskewed on its side: do it again upright

    turned = deskew(image.transpose(TURNS[turn]))
    again = _read(turned, lang=lang, timeout=timeout, dpi=dpi, label=label)
    if (again.mean_confidence or 0.0) <= (page.mean_confidence or 0.0):
        page.warnings.append(f"orientation detection said to turn the page {turn}° clockwise, but it read no "
                             f"better turned; kept as scanned")
        return page
    again.rotation = turn
    again.warnings.insert(0, f"page was {_SIDE[turn]}: turned {turn}° clockwise before OCR "
                             f"(orientation confidence {confidence:.1f}; mean word confidence "
                             f"{page.mean_confidence or 0:.0f} → {again.mean_confidence:.0f})")
    return again


def ocr_jobs() -> int:
    """Tesseract processes to run side by side for one document.

    In a batch worker that shares the batch's budget of Tesseract slots (slots.py), as many
    as there are slots: a page only starts when a slot is free, so the cores another worker
    leaves idle are used and never oversubscribed. In any other child process, 1: its
    parent spreads work over the cores already. Otherwise up to 2.
    """
    budget = _slots.shared()
    if budget is not None:
        return budget.count
    if multiprocessing.parent_process() is not None:
        return 1
    return max(1, min(2, _slots.usable_cores()))


def ocr_many(images: Iterable[tuple[str, Callable[[], Image.Image]]], *, lang: str, timeout: float, dpi: int,
             jobs: int | None = None) -> Iterator[OcrPage]:
    """OCR pages in order, ``jobs`` at a time.

    Each item is (label, render): pages are rendered in this thread (pdfium is not
    thread-safe), one page ahead of the OCR threads so that rendering the next page
    overlaps Tesseract's work on the current ones; at most ``jobs + 1`` page bitmaps are
    alive.
    """
    jobs = jobs or ocr_jobs()
    items = iter(images)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending: list[Future] = []
        exhausted = False
        while True:
            while not exhausted and len(pending) < jobs + 1:
                try:
                    label, render = next(items)
                except StopIteration:
                    exhausted = True
                    break
                # The document's time budget (budget.py) lives in this thread: checked here, and
                # each page's Tesseract timeout cut to what the budget has left.
                _budget.check(f"before OCR of {label}")
                pending.append(pool.submit(ocr_image, render(), lang=lang, timeout=_budget.capped(timeout), dpi=dpi,
                                           label=label))
            if not pending:
                return
            try:
                yield pending.pop(0).result()
            except BaseException:
                for f in pending:
                    f.cancel()
                raise
