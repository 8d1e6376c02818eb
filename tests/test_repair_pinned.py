"""The repair stage's exact output on every damaged test text, pinned: a change made for speed
(the glyph filler's search, the document prior, recase) must leave every text and every edit as
it was. tests/gold/repair-pinned.tsv holds, per damaged text, a hash of the repaired text and
one of its edits (offsets, before, after, step, score).

A change that is meant to change what repair does (a better model, a new rule) rewrites the
file with ``python tests/test_repair_pinned.py --write`` and says in its commit what changed;
the accuracy floors (test_golden_written, test_golden_real, models/heldout.tsv) judge whether
the new output is better — this file only says that it differs.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from test_golden_written import drop_glyphs, strip_marks

from notice_parser.options import ParseOptions
from notice_parser.repair import repair_text

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
PINNED = GOLD / "repair-pinned.tsv"
# The fonts' lost glyphs of the bench's dropped-glyph texts (bench/bench_repair.py): the test
# suite's (k, ư, ơ) and another font's frequent letters (ộ, a, ầ, m, as in sample 004).
FONTS = ("kươ", "ộaầm")


def damaged_texts() -> dict[tuple[str, str], str]:
    """(kind, name) → damaged text: the real documents as their fonts dropped glyphs, as a
    TCVN3 text layer and as English OCR read them; sample 004; the written notices with each
    font's lost glyphs, stripped of marks, and as English OCR read them; every reference text
    stripped of its marks."""
    out: dict[tuple[str, str], str] = {}
    inputs = GOLD / "real-inputs"
    for kind in ("dropped", "tcvn3", "garbled"):
        for p in sorted((inputs / kind).glob("*.txt")):
            out[(kind, p.stem)] = p.read_text(encoding="utf-8")
    sample = next((ROOT / "samples").glob("004_*.txt"))
    out[("dropped", sample.stem)] = sample.read_text(encoding="utf-8")
    references = sorted((GOLD / "real").glob("*.txt")) + sorted(GOLD.glob("00?_*.clean.txt"))
    for p in sorted((GOLD / "written").glob("w*.txt")):
        if p.name.endswith(".eng-ocr.txt"):
            out[("garbled", p.name[: -len(".txt")])] = p.read_text(encoding="utf-8")
            continue
        references.append(p)
        for lost in FONTS:
            out[(f"dropped-{lost}", p.stem)] = drop_glyphs(p.read_text(encoding="utf-8"), lost)
    for p in references:
        out[("stripped", p.stem)] = strip_marks(p.read_text(encoding="utf-8"))
    return out


def _digest(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def fingerprint(text: str) -> tuple[str, int, str]:
    """(hash of the repaired text, number of edits, hash of the edits)."""
    out = repair_text(text, ParseOptions(keep_edits=True))
    edits = [[e.start, e.end, e.before, e.after, e.step, e.score] for e in out.report.edits]
    return _digest(out.text), len(edits), _digest(json.dumps(edits, ensure_ascii=False))


@lru_cache(maxsize=1)
def pinned() -> dict[tuple[str, str], tuple[str, int, str]]:
    rows = [line.split("\t") for line in PINNED.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    return {(kind, name): (text, int(n), edits) for kind, name, text, n, edits in rows}


TEXTS = damaged_texts()


def test_every_damaged_text_is_pinned():
    assert len(TEXTS) >= 80 and {k for k, _ in TEXTS} >= {"dropped", "dropped-kươ", "dropped-ộaầm", "stripped",
                                                          "tcvn3", "garbled"}
    assert set(pinned()) == set(TEXTS), "rewrite with: python tests/test_repair_pinned.py --write"


@pytest.mark.parametrize("key", sorted(TEXTS), ids=lambda k: f"{k[0]}:{k[1]}")
def test_repair_output_is_as_pinned(key):
    assert fingerprint(TEXTS[key]) == pinned()[key], "rewrite with: python tests/test_repair_pinned.py --write"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/test_repair_pinned.py --write")
    lines = ["# kind\tname\ttext sha256[:16]\tedits\tedits sha256[:16] (tests/test_repair_pinned.py --write)"]
    lines += ["\t".join([kind, name, *map(str, fingerprint(TEXTS[(kind, name)]))]) for kind, name in sorted(TEXTS)]
    PINNED.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(TEXTS)} texts pinned in {PINNED.relative_to(ROOT)}")
