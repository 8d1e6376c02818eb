"""What a fresh process pays to parse one clean notice (bench/bench_startup.py measures the time):
the shortcuts taken for clean text give the answers the full machinery gives."""

from __future__ import annotations

import subprocess
import sys

from notice_parser.repair.lm import load_model
from notice_parser.repair.mojibake import fix_mojibake

CLEAN = ("ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN\nTHÔNG BÁO\nKết luận của Chủ tịch tại cuộc họp ngày 4/3/2025\n"
         "1. Giao Sở Tài chính chủ trì, phối hợp Sở Xây dựng rà soát, báo cáo trước ngày 20/3/2025.\n")


def test_variant_totals_are_the_sums_of_the_variant_lists():
    model = load_model()
    for key in ["a", "nguoi", "truong", "thong", "zzz", "", "<s>"]:
        assert model.variant_total(key) == sum(c for _, c in model.variants(key))
    model.variants("a")
    assert all(model.variant_total(k) == sum(c for _, c in v) for k, v in model._variants.items())


def test_a_clean_notice_never_imports_ftfy_as_a_whole():
    # ftfy's badness check alone decides that the text is clean; the package (70-100 ms) is not loaded
    code = ("import sys\nfrom notice_parser import parse_text\n"
            f"parse_text({CLEAN!r})\nprint('ftfy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_mojibake_is_still_found_after_the_light_check():
    broken = CLEAN.encode("utf-8").decode("latin-1")
    fixed, edits = fix_mojibake(broken)
    assert fixed == CLEAN and edits


def test_the_coordinators_of_batch_and_nightly_do_not_load_numpy():
    # the parent walks, hashes, dispatches and writes; the model (and numpy, ~0.1 s and its
    # threads) is loaded by the workers only: nightly's parent needs the model's path, not the model
    code = ("import sys\nimport notice_parser.nightly.run, notice_parser.batch, notice_parser.cli\n"
            "notice_parser.nightly.run.model_version()\nprint('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
