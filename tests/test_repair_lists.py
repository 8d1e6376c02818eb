"""The repair stage's word lists, each held to the same integrity rules: broad enough to matter,
every entry listed once, every entry NFC (the model and the decoder compare NFC text). What is
particular to a list (a name's shape, a phrase's length) is tested beside its use."""

from __future__ import annotations

import unicodedata

import pytest

from notice_parser.data import load_lines
from notice_parser.repair.resources import notice_phrase_lines


def _given_name_entries() -> list[str]:
    """The names of data/given_names.txt as written (first field of each entry line)."""
    return [line.split()[0] for line in load_lines("given_names.txt") if not line.startswith("[")]


@pytest.mark.parametrize("entries,at_least", [
    pytest.param(_given_name_entries, 250, id="given_names.txt"),
    pytest.param(notice_phrase_lines, 100, id="notice_phrases.txt"),
])
def test_list_is_broad_listed_once_and_nfc(entries, at_least):
    entries = list(entries())
    assert len(entries) >= at_least
    assert len(entries) == len(set(entries)), "an entry is listed twice"
    for entry in entries:
        assert unicodedata.normalize("NFC", entry) == entry, entry
