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

from ..errors import DependencyMissing, ProcessingTimeout
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


@dataclass
class OcrPage:
    words: list[Word]
    mean_confidence: float | None
    warnings: list[str] = field(default_factory=list)


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


def ocr_image(image: Image.Image, *, lang: str = "vie", timeout: float = 120.0, dpi: int = 300,
              label: str = "page") -> OcrPage:
    """OCR one page image; ProcessingTimeout when Tesseract runs longer than ``timeout`` seconds."""
    exe = check_tesseract(lang)
    dpi = int(round((image.info.get("dpi") or (dpi, dpi))[0] or dpi))
    args = ["-l", lang, "--oem", "1", "--psm", str(PSM), "--dpi", str(dpi), "tsv"]
    budget = _slots.shared()
    try:
        if budget is None:
            proc = _run_tesseract(exe, image, dpi, args, timeout)
        else:
            with budget.hold():  # the page's timeout starts once it has a slot
                proc = _run_tesseract(exe, image, dpi, args, timeout)
    except subprocess.TimeoutExpired as exc:  # subprocess.run has already killed the child
        raise ProcessingTimeout(f"OCR of {label} took longer than {timeout:g} s",
                                hint="raise ParseOptions.page_timeout, or check the image") from exc
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DependencyMissing(f"Tesseract failed on {label} (exit {proc.returncode}): {err[-1] if err else ''}",
                                hint="check the Tesseract installation (apt-get install --reinstall tesseract-ocr)")
    words = parse_tsv(proc.stdout.decode("utf-8", "replace"))
    confs = [w.conf for w in words if w.conf is not None]
    mean = round(statistics.fmean(confs), 2) if confs else None
    warnings = [] if words else ["OCR found no text on this page"]
    return OcrPage(words=words, mean_confidence=mean, warnings=warnings)


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
                pending.append(pool.submit(ocr_image, render(), lang=lang, timeout=timeout, dpi=dpi, label=label))
            if not pending:
                return
            try:
                yield pending.pop(0).result()
            except BaseException:
                for f in pending:
                    f.cancel()
                raise
