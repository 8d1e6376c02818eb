"""Integrity of generated and listed data files: the committed provinces.json equals what
scripts/gen_provinces.py makes; name lists have no duplicates and are NFC."""

from __future__ import annotations

import importlib.util
import json
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
