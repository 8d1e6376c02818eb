"""Repair output must not depend on Python's hash seed: the nightly job compares outputs across
runs and processes, and the same input must give the same JSON every time."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = r"""
from notice_parser.repair.channel import _one_edit_candidates
from notice_parser.repair.lm import load_model
model = load_model()
for tok in ["thyuc", "móei", "vian", "ciia", "tién", "dugc", "nhiém", "cdc", "vdi", "hién"]:
    print(tok, list(_one_edit_candidates(model, tok).items()))
"""


def _run(seed: int) -> str:
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    return subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True).stdout


def test_ocr_candidates_do_not_depend_on_the_hash_seed():
    outputs = {_run(seed) for seed in (1, 2, 3, 5, 6)}
    assert len(outputs) == 1
