"""Data files (gazetteers, abbreviation tables) and their loaders; each is loaded once."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path


def read_text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def data_path(name: str) -> Path:
    """The data file's path (what table_cache digests to key the tables built from it)."""
    return Path(__file__).resolve().parent / name


@lru_cache(maxsize=None)
def load_json(name: str):
    return json.loads(read_text(name))


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty lines of a text data file, '#' comments skipped."""
    return tuple(line.strip() for line in read_text(name).splitlines() if line.strip() and not line.startswith("#"))


LEVEL_KINDS = ("province", "district", "commune")


@lru_cache(maxsize=None)
def level_words(*kinds: str) -> tuple[str, ...]:
    """The administrative level words of ``kinds`` (all by default; admin_levels.json), each
    once, longest first and ties alphabetical: an alternation built from them is the same in
    every process (the compiled-pattern cache keys on its text)."""
    data = load_json("admin_levels.json")
    words = {w for kind in (kinds or LEVEL_KINDS) for w in data[kind]}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))
