"""Where the shipped language model is, without loading it: the nightly run's parent digests
the model file into its ``model_version`` and needs only the path, not numpy and the model code
(repair.lm, which re-exports these names)."""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path

MODEL_FILE = "vi_syllable_lm.npz"


def find_model_dir(checkout: Path | None = None) -> Path:
    """Where the shipped models are: the checkout's ``models/`` (editable installs, tests), else
    the copy a wheel installs as data files under ``<prefix>/share/notice-parser/models``
    (pyproject's data-files; the user scheme too). When none exists, the checkout path, so the
    missing-model warning names a place to look."""
    checkout = checkout or Path(__file__).resolve().parents[3] / "models"
    candidates = [checkout]
    for scheme in (None, f"{os.name}_user"):
        try:
            data = sysconfig.get_path("data", scheme) if scheme else sysconfig.get_path("data")
        except KeyError:  # no user scheme on this platform
            continue
        candidates.append(Path(data) / "share" / "notice-parser" / "models")
    for directory in candidates:
        if (directory / MODEL_FILE).is_file():
            return directory
    return checkout


MODEL_DIR = find_model_dir()
DEFAULT_MODEL = MODEL_DIR / MODEL_FILE


def model_path() -> Path:
    """The model the repair stage uses: ``NOTICE_PARSER_LM`` when it is set (another build, such
    as a held-out fold's, documented in models/README.md), else the shipped one. Read at each
    call, so a process that sets it before its first repair gets that model."""
    env = os.environ.get("NOTICE_PARSER_LM")
    return Path(env) if env else DEFAULT_MODEL
