"""A deterministic benchmark archive: N notice files made by varying real sample notices.

Each file is a sample with its dates shifted, its document numbers redrawn, its departments
swapped for others (from ``archive_gen_agencies.txt`` beside this file) and its numbered top-level directives
shuffled and renumbered; a share of files is damaged (zero bytes, binary junk, cut-off text,
a truncated PDF) and a share rendered as PDF. File ``i`` depends only on ``(seed, i)`` and the
samples, never on ``n``, so a bigger archive extends a smaller one.

PDFs need ingestion to support them (``ingest.is_supported_path``), ``fpdf2`` (a dev
dependency) and a Unicode TrueType font (DejaVu Sans); without them ``pdf_share`` is ignored and
the manifest's ``notes`` says why.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from notice_parser.ingest import is_supported_path

HERE = Path(__file__).resolve().parent
DEFAULT_SAMPLES = HERE.parent / "samples"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)
BAD_KINDS = ("empty", "junk", "cut-text", "truncated-pdf")


class GeneratedFile(BaseModel):
    path: str = Field(description="relative to the archive folder")
    kind: str = Field(description="text | pdf | empty | junk | cut-text | truncated-pdf")
    sample: str | None = None


class Manifest(BaseModel):
    seed: int
    files: list[GeneratedFile] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def of_kind(self, *kinds: str) -> list[GeneratedFile]:
        return [f for f in self.files if f.kind in kinds]


def load_agencies() -> list[str]:
    text = (HERE / "archive_gen_agencies.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


# ---------------------------------------------------------------- variations of one text

_SLASH_DATE = re.compile(r"\b(\d{1,2})(/)(\d{1,2})(/)((?:19|20)\d\d)\b")
_WORD_DATE = re.compile(r"\b(ngày\s+)(\d{1,2})(\s+tháng\s+)(\d{1,2})(\s+năm\s+)((?:19|20)\d\d)\b", re.IGNORECASE)
_DOC_NUMBER = re.compile(r"\b\d{1,5}(?=/(?:[A-ZĐ&]+-)?[A-ZĐ][A-ZĐa-z&-]*\b)")
_TOP_ITEM = re.compile(r"^[ \t]*(\d{1,2})\.[ \t]", re.MULTILINE)
_CLOSING = re.compile(r"^[ \t]*(Thừa lệnh|Nơi nhận|TL\.|KT\.|Trên đây)", re.MULTILINE | re.IGNORECASE)


def shift_dates(text: str, days: int) -> str:
    """Move every written date by ``days``, keeping each date's own style (padding, words)."""

    def moved(m: re.Match, day: int, month: int, year: int) -> str:
        try:
            d = dt.date(int(m[year]), int(m[month]), int(m[day])) + dt.timedelta(days=days)
        except ValueError:  # not a real date ("32/13/2020"): leave it as written
            return m[0]
        # zero-padded only where the original was ("05/3/2021" → "06/3/2021")
        parts = {day: f"{d.day:0{2 if m[day][0] == '0' else 1}d}",
                 month: f"{d.month:0{2 if m[month][0] == '0' else 1}d}", year: str(d.year)}
        return "".join(parts.get(i, m[i]) for i in range(1, m.re.groups + 1))

    text = _SLASH_DATE.sub(lambda m: moved(m, 1, 3, 5), text)
    return _WORD_DATE.sub(lambda m: moved(m, 2, 4, 6), text)


def renumber_documents(text: str, rng: random.Random) -> str:
    """Redraw the number of every ``NNN/TYPE-ISSUER`` reference (the same number stays the same)."""
    mapping: dict[str, str] = {}
    return _DOC_NUMBER.sub(lambda m: mapping.setdefault(m[0], str(rng.randint(1, 4999))), text)


def swap_agencies(text: str, agencies: list[str], rng: random.Random) -> str:
    """Replace each department named in the text by another one, consistently."""
    present = [a for a in agencies if a in text]
    if not present:
        return text
    others = [a for a in agencies if a not in present]
    rng.shuffle(others)
    mapping = {a: (others.pop() if others else a) for a in present}
    pattern = re.compile("|".join(re.escape(a) for a in sorted(present, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m[0]], text)


def shuffle_directives(text: str, rng: random.Random) -> str:
    """Shuffle the numbered top-level directives (``1.``, ``2.``...) and renumber them.

    Only a clean run 1, 2, ..., k followed by a closing line (Thừa lệnh, Nơi nhận...) is
    touched; anything else is left as it is.
    """
    items = []
    expected = 1
    for m in _TOP_ITEM.finditer(text):
        if int(m[1]) == expected:
            items.append(m)
            expected += 1
    if len(items) < 2:
        return text
    closing = _CLOSING.search(text, items[-1].end())
    if closing is None:
        return text
    bounds = [m.start() for m in items] + [closing.start()]
    blocks = [text[bounds[i]:bounds[i + 1]] for i in range(len(items))]
    order = list(range(len(blocks)))
    rng.shuffle(order)
    renumbered = []
    for new_number, old in enumerate(order, start=1):
        block = blocks[old]
        m = _TOP_ITEM.match(block)
        renumbered.append(block[: m.start(1)] + str(new_number) + block[m.end(1):])
    return text[: bounds[0]] + "".join(renumbered) + text[bounds[-1]:]


def vary(text: str, rng: random.Random, agencies: list[str]) -> str:
    text = shift_dates(text, rng.randint(-900, 900))
    text = renumber_documents(text, rng)
    text = swap_agencies(text, agencies, rng)
    return shuffle_directives(text, rng)


# ---------------------------------------------------------------- PDFs

def _pdf_font() -> str | None:
    return next((f for f in FONT_CANDIDATES if Path(f).is_file()), None)


def pdf_unavailable_reason() -> str | None:
    if not is_supported_path(Path("x.pdf")):
        return "ingestion does not support PDF yet: no PDFs generated"
    try:
        import fpdf  # noqa: F401
    except ImportError:
        return "fpdf2 (a dev dependency) is not installed: no PDFs generated"
    if _pdf_font() is None:
        return "no Unicode TrueType font (DejaVu Sans) found: no PDFs generated"
    return None


def render_pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_compression(True)
    pdf.add_font("body", fname=_pdf_font())
    pdf.set_font("body", size=11)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for line in text.splitlines():
        pdf.multi_cell(0, 6, line.rstrip() or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# ---------------------------------------------------------------- the archive

def generate_archive(dest: str | Path, n: int, *, seed: int = 0, bad_share: float = 0.0, pdf_share: float = 0.0,
                     samples_dir: str | Path | None = None, samples: Sequence[str | Path] | None = None) -> Manifest:
    """Write ``n`` files below ``dest`` (``<year>/<batch>/notice-<i>.<ext>``) and return what
    each one is. Deterministic for a given seed and sample set (``samples``, else every
    ``*.txt`` of ``samples_dir``, else of the project's ``samples/``)."""
    dest = Path(dest)
    samples = sorted(Path(s) for s in samples) if samples else sorted(Path(samples_dir or DEFAULT_SAMPLES).glob("*.txt"))
    if not samples:
        raise FileNotFoundError(f"no sample notices (*.txt) in {samples_dir or DEFAULT_SAMPLES}")
    texts = [(s.name, s.read_text(encoding="utf-8")) for s in samples]
    agencies = load_agencies()
    manifest = Manifest(seed=seed)
    no_pdf = pdf_unavailable_reason() if pdf_share > 0 or bad_share > 0 else None
    if no_pdf:
        manifest.notes.append(no_pdf)
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        sample_name, sample_text = texts[rng.randrange(len(texts))]
        folder = f"{2020 + rng.randrange(5)}/batch-{i // 100:03d}"
        draw = rng.random()
        if draw < bad_share:
            kinds = [k for k in BAD_KINDS if k != "truncated-pdf" or no_pdf is None]
            kind = kinds[rng.randrange(len(kinds))]
        elif draw < bad_share + pdf_share and no_pdf is None:
            kind = "pdf"
        else:
            kind = "text"
        text = vary(sample_text, rng, agencies)
        ext = ".pdf" if kind in ("pdf", "truncated-pdf") else ".txt"
        rel = f"{folder}/notice-{i:05d}{ext}"
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "text":
            data = text.encode("utf-8")
        elif kind == "pdf":
            data = render_pdf(text)
        elif kind == "truncated-pdf":
            full = render_pdf(text)
            data = full[: max(64, len(full) // 3)]
        elif kind == "empty":
            data = b""
        elif kind == "junk":
            data = rng.randbytes(2048 + rng.randrange(4096))
        else:  # cut-text: the transfer stopped part-way, even inside a multi-byte character
            raw = text.encode("utf-8")
            data = raw[: rng.randrange(1, max(2, len(raw) // 4))]
        path.write_bytes(data)
        manifest.files.append(GeneratedFile(path=rel, kind=kind, sample=sample_name))
    return manifest
