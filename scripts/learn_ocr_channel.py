#!/usr/bin/env python3
"""Learn how English-language OCR damages Vietnamese: render corpus sentences, OCR them with
``tesseract -l eng``, align the output with the truth and count character confusions.

    python scripts/learn_ocr_channel.py ../shared/corpus/vlc-legal.txt.xz --lines 600 \
        -o src/notice_parser/repair/data/ocr_confusions.tsv

The confusions (seen characters → base letters of the truth, 1–2 characters each side) get a
cost of -log P(base | seen); the table also keeps the hand-written look-alike rows of the
previous table that the sample did not cover (marked ``hand``). Needs tesseract and a font
with Vietnamese glyphs (DejaVu); the project only needs the resulting table.

The vowel mark channel (how each marked vowel was printed when the word's letters were read
right) is written instead with ``--marks-out``:

    python scripts/learn_ocr_channel.py ../shared/corpus/vlc-legal.txt.xz --lines 1200 \
        --marks-out src/notice_parser/repair/data/ocr_marks.tsv
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from notice_parser.repair.channel import DATA  # noqa: E402
from lm_training import read_corpus  # noqa: E402
from notice_parser.vietnamese import strip_marks  # noqa: E402

SYMBOL_FLOOR = 1.0
FONTS = ["/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]
_WORD = re.compile(r"\S+")


def sample_lines(path: Path, n: int, seed: int = 7) -> list[str]:
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


def write_marks(path: Path, readings: dict[str, Counter], n_lines: int) -> None:
    """The mark channel as a table: how often the OCR printed each letter for each vowel."""
    header = [
        "# How English-language OCR prints Vietnamese vowels whose word it read with the right base letters:",
        "# true vowel (lowercase) → seen letter, count. Generated by scripts/learn_ocr_channel.py --marks-out",
        f"# from {n_lines} corpus lines rendered in DejaVu Serif/Sans and read by `tesseract -l eng`.",
        "# Read by repair/channel.py (mark_cost): cost of a form = -log P(seen letters | its vowels).",
        "# true\tseen\tcount",
    ]
    body = [f"{t}\t{a}\t{c}" for t, seen in sorted(readings.items()) for a, c in sorted(seen.items())]
    path.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"{path}: {len(body)} rows, {len(readings)} vowels", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--lines", type=int, default=600)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("-o", "--out", type=Path, default=DATA)
    ap.add_argument("--marks-out", type=Path, default=None,
                    help="write only the vowel mark channel (true vowel, seen letter, count) to this file")
    args = ap.parse_args(argv)

    lines = sample_lines(args.corpus, args.lines)
    pairs = []
    for f, font in enumerate(FONTS):
        part = lines[f::len(FONTS)]
        for k in range(0, len(part), 40):
            truth = part[k:k + 40]
            ocr = ocr_lines(truth, font)
            if len(ocr) != len(truth):  # a merged or split line: align the lines themselves
                sm = SequenceMatcher(a=[strip_marks(x)[:20] for x in ocr], b=[strip_marks(x)[:20] for x in truth])
                matched = [(ocr[i], truth[j]) for blk in sm.get_matching_blocks() for i, j in
                           zip(range(blk.a, blk.a + blk.size), range(blk.b, blk.b + blk.size))]
            else:
                matched = list(zip(ocr, truth))
            pairs += [(_WORD.findall(o), _WORD.findall(t)) for o, t in matched]
    if args.marks_out:
        write_marks(args.marks_out, mark_readings(pairs), len(pairs))
        return 0
    conf, seen_total = learn(pairs)
    for true, seen in sorted(mark_readings(pairs).items()):  # the mark channel, for the record
        if strip_marks(true) == "e":
            total = sum(seen.values())
            print(f"{true}: " + ", ".join(f"{a} {c / total:.2f}" for a, c in seen.most_common(3)) + f" (n={total})",
                  file=sys.stderr)
    rows = {}
    for (a, b), c in conf.items():
        if c >= args.min_count and b.isascii() and b.isalpha():
            p = c / seen_total[a]
            # Which vowel a symbol stands for depends on the font (DejaVu prints ặ as &,
            # the Times faces of real notices ở): such rows never cost less than SYMBOL_FLOOR,
            # so the language model, not this one font, decides.
            floor = SYMBOL_FLOOR if not a.isalnum() else 0.3
            rows[(a, b)] = (min(3.0, max(floor, -math.log(p))), f"learned {c}/{seen_total[a]}")
    # keep the hand-written look-alikes that the sample did not show
    if args.out.exists():
        for line in args.out.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 3 and not line.startswith("#") and (parts[0], parts[1]) not in rows:
                rows[(parts[0], parts[1])] = (float(parts[2]), "hand")
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
    args.out.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(rows)} rows ({sum(1 for v in rows.values() if v[1] != 'hand')} learned) "
          f"from {len(pairs)} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
