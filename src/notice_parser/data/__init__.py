"""Data files (gazetteers, abbreviation tables) and their loaders; each is loaded once."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


def read_text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def load_json(name: str):
    return json.loads(read_text(name))


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty lines of a text data file, '#' comments skipped."""
    return tuple(line.strip() for line in read_text(name).splitlines() if line.strip() and not line.startswith("#"))
