#!/usr/bin/env python3
"""Learn how English-language OCR damages Vietnamese: render corpus sentences, OCR them with
``tesseract -l eng``, align the output with the truth and count character confusions.

Two stages, so that what is committed can be checked:

    # 1. sample corpus lines, render and OCR them (needs the corpus, tesseract and DejaVu fonts):
    python scripts/learn_ocr_channel.py ocr ../shared/corpus/vlc-legal.txt.xz --lines 1200
    #    → scripts/data/ocr_channel_lines.tsv (font, OCR line, true line), committed
    # 2. learn both tables from the committed lines (pure: tests/test_data.py checks the
    #    committed tables equal what this makes):
    python scripts/learn_ocr_channel.py tables
    #    → src/notice_parser/repair/data/ocr_confusions.tsv and ocr_marks.tsv

The confusions (seen characters → base letters of the truth, 1–2 characters each side) get a
cost of -log P(base | seen); the table also keeps the hand-written look-alike rows
(scripts/data/ocr_lookalikes_hand.tsv) that the sample did not cover (marked ``hand``). The
vowel mark channel (ocr_marks.tsv) says how each marked vowel was printed when the word's
letters were read right. The project only needs the resulting tables.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import subprocess
import sys
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from notice_parser.repair.channel import DATA  # noqa: E402
from notice_parser.vietnamese import strip_marks  # noqa: E402

HERE = Path(__file__).resolve().parent
LINES = HERE / "data" / "ocr_channel_lines.tsv"  # stage 1's output, stage 2's input
HAND = HERE / "data" / "ocr_lookalikes_hand.tsv"  # look-alikes written by hand
MARKS = DATA.parent / "ocr_marks.tsv"
MIN_COUNT = 3

SYMBOL_FLOOR = 1.0
FONTS = ["/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]
_WORD = re.compile(r"\S+")


def sample_lines(path: Path, n: int, seed: int = 7) -> list[str]:
    from lm_training import read_corpus  # stage 1 only

    rng = random.Random(seed)
    pool = []
    for line in read_corpus(path):
        words = line.split()
        if 8 <= len(words) <= 40:
            pool.append(" ".join(words[:12]))
        if len(pool) >= 50 * n:
            break
    return rng.sample(pool, min(n, len(pool)))


def ocr_lines(lines: list[str], font_path: str, size: int = 34) -> list[str]:
    import pytesseract
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_path, size)
    height = int(size * 1.8)
    img = Image.new("L", (2600, height * len(lines) + 60), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((40, 30 + i * height), line, font=font, fill=0)
    text = pytesseract.image_to_string(img, lang="eng", config="--psm 6")
    return [t for t in text.splitlines() if t.strip()]


def align_chars(seen: str, truth: str) -> list[tuple[str, str]]:
    """Minimal-cost segmentation of seen/truth into aligned pieces (1–2 chars each side)."""
    n, m = len(seen), len(truth)
    INF = 1e9
    cost = [[INF] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            c0 = cost[i][j]
            if c0 >= INF:
                continue
            for di, dj in ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)):
                if i + di > n or j + dj > m:
                    continue
                a, b = seen[i:i + di], truth[j:j + dj]
                step = 0.0 if a == b else (1.0 if di + dj <= 2 else 1.6)
                if c0 + step < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = c0 + step
                    back[i + di][j + dj] = (di, dj)
    pieces, i, j = [], n, m
    while i or j:
        di, dj = back[i][j]
        pieces.append((seen[i - di:i], truth[j - dj:j]))
        i, j = i - di, j - dj
    return pieces[::-1]


def learn(pairs: list[tuple[str, str]]) -> tuple[Counter, Counter]:
    conf: Counter = Counter()
    seen_total: Counter = Counter()
    for ocr, truth in pairs:
        sm = SequenceMatcher(a=[strip_marks(w) for w in ocr], b=[strip_marks(w) for w in truth], autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op not in ("equal", "replace") or i2 - i1 != j2 - j1:
                continue
            for o, t in zip(ocr[i1:i2], truth[j1:j2]):
                o, t = o.lower().strip(".,;:()\"'“”"), strip_marks(t.strip(".,;:()\"'“”"))
                if not o or not t or len(o) > 12:
                    continue
                for a, b in align_chars(o, t):
                    if not a:
                        continue
                    seen_total[a] += 1
                    base_a = strip_marks(a) if a.isalpha() else a
                    if base_a != b:
                        conf[(a, b)] += 1
    return conf, seen_total


def mark_readings(pairs: list[tuple[list[str], list[str]]]) -> dict[str, Counter]:
    """How the OCR printed each marked vowel: true letter → Counter of seen letters, over words
    whose base letters it read right (so letters align one to one). Where
    ``channel.mark_cost`` comes from (written by --marks-out to data/ocr_marks.tsv): 'é' is printed
    for ê/ế/ề/ể/ệ/é/è/ẻ, never for e/ẹ."""
    out: dict[str, Counter] = {}
    for ocr, truth in pairs:
        sm = SequenceMatcher(a=[strip_marks(w) for w in ocr], b=[strip_marks(w) for w in truth], autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op != "equal":
                continue
            for o, t in zip(ocr[i1:i2], truth[j1:j2]):
                o, t = o.lower(), t.lower()
                if len(o) != len(t):
                    continue
                for a, b in zip(o, t):
                    if strip_marks(b) in "aeiouy" and strip_marks(a) == strip_marks(b):
                        out.setdefault(b, Counter())[a] += 1
    return out


def marks_table(readings: dict[str, Counter], n_lines: int) -> str:
    """The mark channel as a table: how often the OCR printed each letter for each vowel."""
    header = [
        "# How English-language OCR prints Vietnamese vowels whose word it read with the right base letters:",
        "# true vowel (lowercase) → seen letter, count. Generated by scripts/learn_ocr_channel.py tables",
        f"# from {n_lines} corpus lines rendered in DejaVu Serif/Sans and read by `tesseract -l eng`.",
        "# Read by repair/channel.py (mark_cost): cost of a form = -log P(seen letters | its vowels).",
        "# true\tseen\tcount",
    ]
    body = [f"{t}\t{a}\t{c}" for t, seen in sorted(readings.items()) for a, c in sorted(seen.items())]
    return "\n".join(header + body) + "\n"


def confusion_table(pairs: list[tuple[list[str], list[str]]], hand: dict[tuple[str, str], float],
                    min_count: int = MIN_COUNT) -> str:
    """The confusion table: learned rows seen at least ``min_count`` times, and the hand-written
    look-alikes the sample did not show."""
    conf, seen_total = learn(pairs)
    rows = {}
    for (a, b), c in conf.items():
        if c >= min_count and b.isascii() and b.isalpha():
            p = c / seen_total[a]
            # Which vowel a symbol stands for depends on the font (DejaVu prints ặ as &,
            # the Times faces of real notices ở): such rows never cost less than SYMBOL_FLOOR,
            # so the language model, not this one font, decides.
            floor = SYMBOL_FLOOR if not a.isalnum() else 0.3
            rows[(a, b)] = (min(3.0, max(floor, -math.log(p))), f"learned {c}/{seen_total[a]}")
    for key, cost in hand.items():
        rows.setdefault(key, (cost, "hand"))
    header = [
        "# How English-language OCR renders Vietnamese letters: seen (lowercase) → base letters, cost in nats.",
        "# Identity and mark stripping (é → e at cost 0) are implicit; this file lists the rest.",
        f"# Generated by scripts/learn_ocr_channel.py from {len(pairs)} corpus lines rendered and read by",
        "# `tesseract -l eng` (cost = -log P(base | seen), clipped to [0.3, 3], at least 1.0 for",
        "# symbols, whose reading depends on the font); rows marked 'hand' are",
        "# glyph look-alikes kept from the hand-written table (digits and symbols for marked vowels).",
        "# seen\tbase\tcost\tsource",
    ]
    body = [f"{a}\t{b}\t{cost:.2f}\t{src}" for (a, b), (cost, src) in sorted(rows.items())]
    return "\n".join(header + body) + "\n"


def read_hand(path: Path = HAND) -> dict[tuple[str, str], float]:
    """Hand-written look-alikes: seen, base, cost (tab-separated; # comments)."""
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b, cost = line.split("\t")[:3]
            rows[(a, b)] = float(cost)
    return rows


def read_lines(path: Path = LINES) -> list[tuple[list[str], list[str]]]:
    """Stage 1's output as (OCR words, true words) per line."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            _, ocr, truth = line.split("\t")
            if ocr:  # a line the OCR merged or split teaches nothing
                out.append((_WORD.findall(ocr), _WORD.findall(truth)))
    return out


def ocr_sample(corpus: Path, n_lines: int) -> list[tuple[str, str, str]]:
    """Stage 1: (font, OCR line, true line) for ``n_lines`` corpus lines, each font reading a share
    in pages of 40 lines; a line the OCR merged or split has no OCR line ("")."""
    lines = sample_lines(corpus, n_lines)
    out = []
    for f, font in enumerate(FONTS):
        part = lines[f::len(FONTS)]
        for k in range(0, len(part), 40):
            out += [(Path(font).stem, o, t) for o, t in read_page(part[k:k + 40], font)]
    return out


def read_page(truth: list[str], font: str) -> list[tuple[str, str]]:
    """(OCR line, true line) for the lines of one rendered page."""
    ocr = ocr_lines(truth, font)
    if len(ocr) == len(truth):
        return list(zip(ocr, truth))
    # a merged or split line: align the lines themselves
    sm = SequenceMatcher(a=[strip_marks(x)[:20] for x in ocr], b=[strip_marks(x)[:20] for x in truth])
    seen = {j: ocr[i] for blk in sm.get_matching_blocks() for i, j in
            zip(range(blk.a, blk.a + blk.size), range(blk.b, blk.b + blk.size))}
    return [(seen.get(j, ""), t) for j, t in enumerate(truth)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="stage", required=True)
    ocr = sub.add_parser("ocr", help="stage 1: sample corpus lines, render and OCR them")
    ocr.add_argument("corpus", type=Path)
    ocr.add_argument("--lines", type=int, default=1200)
    ocr.add_argument("-o", "--out", type=Path, default=LINES)
    tables = sub.add_parser("tables", help="stage 2: learn both tables from stage 1's lines")
    tables.add_argument("--lines-file", type=Path, default=LINES)
    tables.add_argument("--min-count", type=int, default=MIN_COUNT)
    tables.add_argument("-o", "--out", type=Path, default=DATA)
    tables.add_argument("--marks-out", type=Path, default=MARKS)
    args = ap.parse_args(argv)

    if args.stage == "ocr":
        rows = ocr_sample(args.corpus, args.lines)
        version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
        header = ["# Corpus lines rendered in DejaVu fonts and read by `tesseract -l eng` (stage 1 of",
                  f"# scripts/learn_ocr_channel.py) with {(version.stdout or version.stderr).splitlines()[0]}: "
                  "font, OCR line (empty where the OCR merged or split lines), true line in pages of 40.",
                  "# font\tocr\ttruth"]
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("\n".join(header + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
        print(f"{args.out}: {len(rows)} lines", file=sys.stderr)
        return 0
    pairs = read_lines(args.lines_file)
    args.out.write_text(confusion_table(pairs, read_hand(), args.min_count), encoding="utf-8")
    args.marks_out.write_text(marks_table(mark_readings(pairs), len(pairs)), encoding="utf-8")
    print(f"{args.out}, {args.marks_out}: from {len(pairs)} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
