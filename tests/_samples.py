"""Scripts of the repository that are not packages — samples/make_samples.py (the sample
generator) and bench/archive_gen.py (the benchmark archive generator) — loaded once for the
tests that use them."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_script(name: str, path: Path):
    """The module at ``path`` under ``name``; loading it twice gives the same module object."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look their module up there
    spec.loader.exec_module(module)
    return module


def load_make_samples():
    return load_script("make_samples", ROOT / "samples" / "make_samples.py")


make_samples = load_make_samples()
archive_gen = load_script("archive_gen", ROOT / "bench" / "archive_gen.py")
