"""Integrity of generated and listed data files: the committed provinces.json equals what
scripts/gen_provinces.py makes, the OCR channel tables what scripts/learn_ocr_channel.py makes
from its committed lines; name lists have no duplicates and are NFC."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from notice_parser.data import load_lines, read_text

ROOT = Path(__file__).resolve().parents[1]


def _generator(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_provinces_json_is_what_the_generator_makes():
    committed = json.loads(read_text("provinces.json"))
    assert committed == _generator("gen_provinces").build()


def test_ocr_channel_tables_are_what_the_generator_makes():
    gen = _generator("learn_ocr_channel")
    pairs = gen.read_lines()
    assert gen.DATA.read_text(encoding="utf-8") == gen.confusion_table(pairs, gen.read_hand())
    assert gen.MARKS.read_text(encoding="utf-8") == gen.marks_table(gen.mark_readings(pairs), len(pairs))


def _tesseract_version() -> str | None:
    if shutil.which("tesseract") is None:
        return None
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    return (out.stdout or out.stderr).split("\n")[0].strip()


@pytest.mark.slow
def test_ocr_channel_lines_are_what_tesseract_reads():
    """Stage 1 again on a share of the committed true lines: the OCR reads them as committed (with
    the Tesseract version that made them; another version reads differently and is skipped)."""
    gen = _generator("learn_ocr_channel")
    version = _tesseract_version()
    recorded = gen.LINES.read_text(encoding="utf-8").split("\n")[1]
    if version is None or version not in recorded:
        pytest.skip(f"needs {recorded.lstrip('# ')}, found {version}")
    pytest.importorskip("pytesseract")
    rows = [line.split("\t") for line in gen.LINES.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    font = next(f for f in gen.FONTS if Path(f).stem == rows[0][0])
    if not Path(font).exists():
        pytest.skip(f"needs the font {font}")
    page = [(o, t) for f, o, t in rows if f == rows[0][0]][:40]
    assert gen.read_page([t for _, t in page], font) == page


@pytest.mark.parametrize("name", ["surnames.txt", "given_names.txt", "predicate_starts.txt", "notice_phrases.txt"])
def test_word_lists_have_no_duplicates_and_are_nfc(name):
    lines = load_lines(name)
    assert unicodedata.is_normalized("NFC", read_text(name))
    dupes = sorted({x for x in lines if lines.count(x) > 1})
    assert not dupes, f"{name} lists {dupes} more than once"
    assert all(x == x.strip() for x in lines)


def test_surnames_are_capitalised_single_names():
    for s in load_lines("surnames.txt"):
        assert s[:1].isupper() and s[1:] == s[1:].lower(), s
