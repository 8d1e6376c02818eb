#!/usr/bin/env python3
"""Render notice texts into the documents real archives hold, with their ground truth.

For each input text this writes, deterministically (same input → same bytes):
  <stem>-text.pdf   text-layer PDF in an official-document layout: A4, DejaVu Serif 13 pt,
                    two-column header (issuing body | Quốc hiệu, place and date) and footer
                    (Nơi nhận | signature), as Nghị định 30/2020/NĐ-CP Article 8 lays them out
  <stem>-gt.txt     the ground truth: the rendered text in reading order (left column, then
                    right column), pages separated by form feeds
  <stem>-pN.png     clean 300-dpi page images (--images)
  <stem>-image.pdf  image-only PDF of the clean pages (--images)
  <stem>-scan.pdf   degraded "scan": slight rotation, blur, noise, JPEG artefacts (--scans)

The issuing body is not in the sample texts (their header was a table the extraction lost),
so the layout writes a generic "ỦY BAN NHÂN DÂN" there; the Quốc hiệu and Tiêu ngữ are the same
on every document. Usage:

    python samples/make_samples.py --out samples/rendered samples/001_*.txt --scans
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from fpdf import FPDF
from PIL import Image, ImageFilter

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSerif.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSerif-Bold.ttf"
FIXED_DATE = datetime(2024, 1, 1, tzinfo=timezone.utc)

PAGE_W, PAGE_H = 210.0, 297.0  # mm
LEFT, RIGHT, TOP, BOTTOM = 25.0, 12.0, 20.0, 20.0
TEXT_W = PAGE_W - LEFT - RIGHT
BODY_PT = 13.0
SMALL_PT = 11.0
LEADING = 1.3  # line pitch / font size
PARA_GAP = 2.5  # mm between paragraphs
# Header and footer columns (mm from the left edge).
COL_LEFT = (LEFT, 88.0)
COL_RIGHT = (92.0, PAGE_W - RIGHT)

ISSUER = "ỦY BAN NHÂN DÂN"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

_RECIPIENTS = re.compile(r"^(Nơi nhận|Gửi bản)", re.IGNORECASE)
_NUMBER = re.compile(r"^Số\s*:", re.IGNORECASE)


@dataclass
class Line:
    text: str
    x: float  # mm from the left edge
    y: float  # baseline, mm from the top
    size: float
    bold: bool = False


@dataclass
class Page:
    lines: list[Line] = field(default_factory=list)
    truth: list[str] = field(default_factory=list)  # ground-truth blocks in reading order


@dataclass
class Notice:
    header_left: list[str]
    header_right: list[str]
    title: str | None
    body: list[str]
    recipients: list[str]
    signature: list[str]


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def split_notice(text: str) -> Notice:
    """Cut a notice text into the blocks the official layout places differently."""
    lines = [ln.strip() for ln in text.replace("\r", "").splitlines() if ln.strip()]
    title_at = next((i for i, ln in enumerate(lines) if ln.upper() == ln and "THÔNG BÁO" in ln), 0)
    head = lines[:title_at]
    header_left = [ISSUER, *[ln for ln in head if _NUMBER.match(ln)]]
    header_right = [NATIONAL_TITLE, MOTTO, *[ln for ln in head if not _NUMBER.match(ln)]]
    title = lines[title_at] if title_at < len(lines) and "THÔNG BÁO" in lines[title_at] else None
    rest = lines[title_at + 1:] if title else lines[title_at:]
    r = next((i for i, ln in enumerate(rest) if _RECIPIENTS.match(ln)), len(rest))
    body, tail = rest[:r], rest[r:]
    # The signature: the upper-case title lines ("TL. CHỦ TỊCH", "PHÓ CHÁNH VĂN PHÒNG") and
    # the name after them, wherever they sit in the tail; everything else is the recipient list.
    upper = [i for i, ln in enumerate(tail) if _is_upper(ln) and not ln.startswith("-")]
    if upper:
        first, last = upper[0], upper[-1]
        names = tail[last + 1:last + 2] if last + 1 < len(tail) and not tail[last + 1].startswith("-") else []
        signature = tail[first:last + 1] + names
        recipients = tail[:first] + tail[last + 1 + len(names):]
    else:
        signature, recipients = [], tail
    return Notice(header_left, header_right, title, body, recipients, signature)


class Renderer:
    def __init__(self) -> None:
        self.pdf = FPDF(unit="mm", format="A4")
        self.pdf.set_creation_date(FIXED_DATE)
        self.pdf.set_producer("notice-parser make_samples")
        self.pdf.set_auto_page_break(False)
        self.pdf.add_font("serif", "", str(FONT_REGULAR))
        self.pdf.add_font("serif", "B", str(FONT_BOLD))
        self.pages: list[Page] = []
        self.y = 0.0

    def width(self, text: str, size: float, bold: bool = False) -> float:
        self.pdf.set_font("serif", "B" if bold else "", size)
        return self.pdf.get_string_width(text)

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        out, current = [], ""
        for word in text.split():
            trial = f"{current} {word}" if current else word
            if current and self.width(trial, size, bold) > width:
                out.append(current)
                current = word
            else:
                current = trial
        if current:
            out.append(current)
        return out

    def fit(self, text: str, size: float, width: float, bold: bool) -> float:
        while size > 8 and self.width(text, size, bold) > width:
            size -= 0.5
        return size

    def new_page(self) -> Page:
        self.pages.append(Page())
        self.y = TOP
        return self.pages[-1]

    def column(self, lines: list[tuple[str, float, bool, float]], x0: float, x1: float, centred: bool,
               y: float) -> tuple[list[Line], list[str], float]:
        """Lay (text, size, bold, gap_before_mm) lines in a column; returns lines, truth lines, end y."""
        placed, truth = [], []
        for text, size, bold, gap in lines:
            size = self.fit(text, size, x1 - x0, bold) if centred else size
            for piece in ([text] if centred else self.wrap(text, size, x1 - x0, bold)):
                if gap and truth:
                    truth.append("")  # a visible gap (room for the signature) reads as a blank line
                y += gap + size * LEADING * 0.3528
                gap = 0.0
                w = self.width(piece, size, bold)
                x = x0 + ((x1 - x0) - w) / 2 if centred else x0
                placed.append(Line(piece, x, y, size, bold))
                truth.append(piece)
        return placed, truth, y

    def two_columns(self, left: list, right: list, centred_left: bool) -> None:
        page = self.pages[-1]
        lp, lt, ly = self.column(left, *COL_LEFT, centred_left, self.y)
        rp, rt, ry = self.column(right, *COL_RIGHT, True, self.y)
        if max(ly, ry) > PAGE_H - BOTTOM and page.lines:
            page = self.new_page()
            lp, lt, ly = self.column(left, *COL_LEFT, centred_left, self.y)
            rp, rt, ry = self.column(right, *COL_RIGHT, True, self.y)
        page.lines += lp + rp
        page.truth += ["\n".join(lt), "\n".join(rt)]
        self.y = max(ly, ry) + PARA_GAP

    def paragraph(self, text: str, size: float, bold: bool = False, centred: bool = False) -> None:
        pitch = size * LEADING * 0.3528
        lines = [text] if centred else self.wrap(text, size, TEXT_W, bold)
        if centred:
            size = self.fit(text, size, TEXT_W, bold)
        truth = []
        for piece in lines:
            if self.y + pitch > PAGE_H - BOTTOM:
                if truth:
                    self.pages[-1].truth.append("\n".join(truth))
                    truth = []
                self.new_page()
            self.y += pitch
            w = self.width(piece, size, bold)
            x = LEFT + (TEXT_W - w) / 2 if centred else LEFT
            self.pages[-1].lines.append(Line(piece, x, self.y, size, bold))
            truth.append(piece)
        self.pages[-1].truth.append("\n".join(truth))
        self.y += PARA_GAP

    def render(self, notice: Notice) -> None:
        self.new_page()
        self.two_columns([(t, BODY_PT, i == 0, 0.0) for i, t in enumerate(notice.header_left)],
                         [(t, BODY_PT, i < 2, 0.0) for i, t in enumerate(notice.header_right)], centred_left=True)
        self.y += 4
        if notice.title:
            self.paragraph(notice.title, 14, bold=True, centred=True)
        for para in notice.body:
            self.paragraph(para, BODY_PT)
        if notice.recipients or notice.signature:
            left = [(t, SMALL_PT, i == 0, 0.0) for i, t in enumerate(notice.recipients)]
            right = []
            for i, t in enumerate(notice.signature):
                is_name = i == len(notice.signature) - 1 and not _is_upper(t)
                right.append((t, BODY_PT, True, 18.0 if is_name else 0.0))  # room for the signature
            self.y += 3
            self.two_columns(left, right, centred_left=False)

    def pdf_bytes(self) -> bytes:
        for page in self.pages:
            self.pdf.add_page()
            for line in page.lines:
                self.pdf.set_font("serif", "B" if line.bold else "", line.size)
                self.pdf.text(line.x, line.y, line.text)
        return bytes(self.pdf.output())

    def truth(self) -> str:
        return "\f".join("\n\n".join(b for b in page.truth if b) for page in self.pages) + "\n"


def render_text(text: str, *, compress: bool = True) -> tuple[bytes, str]:
    """(text-layer PDF bytes, ground-truth text) of one notice text."""
    r = Renderer()
    r.pdf.set_compression(compress)
    r.render(split_notice(text))
    return r.pdf_bytes(), r.truth()


def drop_glyphs(uncompressed_pdf: bytes) -> bytes:
    """Break a text layer the way a partial ToUnicode map does: every letter beyond ASCII
    (the Vietnamese ones: ế, ộ, đ...) now maps to a space, so "tiến độ" reads "ti n  ".
    Needs ``render_text(compress=False)``; the CMap entries keep their length, so the xref
    offsets stay valid."""
    def blank(m: re.Match) -> bytes:
        return m.group(1) + (b"<0020>" if int(m.group(2), 16) > 0x7F else b"<" + m.group(2) + b">")
    return re.sub(rb"(<[0-9A-F]{4}> )<([0-9A-F]{4})>", blank, uncompressed_pdf)


def rasterize(pdf: bytes, dpi: int = 300) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def degrade(image: Image.Image, seed: int, *, max_angle: float = 0.8, blur: float = 0.6, noise: float = 10.0,
            jpeg_quality: int = 70) -> Image.Image:
    """A plausible office scan: slight rotation, soft focus, sensor noise, JPEG compression."""
    rng = np.random.default_rng(seed)
    angle = float(rng.uniform(-max_angle, max_angle))
    out = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    out = out.filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(out, dtype=np.float32) + rng.normal(0.0, noise, (out.height, out.width)).astype(np.float32)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), mode="L")
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=jpeg_quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def bilevel(image: Image.Image, threshold: int = 160) -> Image.Image:
    """Black-and-white, as office scanners save to keep files small (CCITT G4 in the PDF)."""
    return image.point(lambda v: 255 if v > threshold else 0).convert("1", dither=Image.Dither.NONE)


def images_to_pdf(images: list[Image.Image], dpi: int = 300) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()


def seed_of(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


def make(src: Path, out: Path, *, images: bool, scans: bool, bw: bool = False) -> list[Path]:
    stem = src.name.removesuffix(".txt").removesuffix(".clean")
    pdf, truth = render_text(src.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    written = [out / f"{stem}-text.pdf", out / f"{stem}-gt.txt"]
    written[0].write_bytes(pdf)
    written[1].write_text(truth, encoding="utf-8")
    if images or scans:
        pages = rasterize(pdf)
        if images:
            for n, page in enumerate(pages, start=1):
                p = out / f"{stem}-p{n}.png"
                page.save(p, format="PNG", optimize=True, dpi=(300, 300))
                written.append(p)
            p = out / f"{stem}-image.pdf"
            p.write_bytes(images_to_pdf([pg.convert("L") for pg in pages]))
            written.append(p)
        if scans:
            scanned = [degrade(pg, seed_of(f"{stem}:{n}")) for n, pg in enumerate(pages)]
            if bw:
                scanned = [bilevel(pg) for pg in scanned]
            p = out / f"{stem}-scan.pdf"
            p.write_bytes(images_to_pdf(scanned))
            written.append(p)
    return written


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("texts", nargs="+", type=Path, help="notice .txt files to render")
    ap.add_argument("--out", type=Path, default=Path("samples/rendered"))
    ap.add_argument("--images", action="store_true", help="also write clean 300-dpi PNG pages and an image-only PDF")
    ap.add_argument("--scans", action="store_true", help="also write a degraded scanned PDF")
    ap.add_argument("--bw", action="store_true", help="scans in black and white (small files, as committed)")
    args = ap.parse_args(argv)
    for src in args.texts:
        for p in make(src, args.out, images=args.images, scans=args.scans, bw=args.bw):
            print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
