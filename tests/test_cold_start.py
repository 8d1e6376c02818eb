"""What a fresh process pays to parse one clean notice (bench/bench_startup.py measures the time):
the shortcuts taken for clean text give the answers the full machinery gives."""

from __future__ import annotations

from notice_parser.repair.lm import load_model
from notice_parser.repair.mojibake import fix_mojibake

from _fresh import fresh_python

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
    assert fresh_python(code) == "False"


def test_mojibake_is_still_found_after_the_light_check():
    broken = CLEAN.encode("utf-8").decode("latin-1")
    fixed, edits = fix_mojibake(broken)
    assert fixed == CLEAN and edits


def test_the_coordinators_of_batch_and_nightly_do_not_load_numpy():
    # the parent walks, hashes, dispatches and writes; the model (and numpy, ~0.1 s and its
    # threads) is loaded by the workers only: nightly's parent needs the model's path, not the model
    code = ("import sys\nimport notice_parser.nightly.run, notice_parser.batch, notice_parser.cli\n"
            "notice_parser.nightly.run.model_version()\nprint('numpy' in sys.modules)")
    assert fresh_python(code) == "False"


def test_the_fork_server_builds_the_tables_of_damaged_text_for_its_workers():
    # runner.warm is what the fork server imports: every table a damaged document needs is built
    # there once, and shared by the workers forked from it
    code = ("import notice_parser.runner.warm\nfrom notice_parser.repair.damage import load_toolkit\n"
            "kit, _ = load_toolkit()\n"
            "print(sorted(k for k in ('index', 'ocr', 'stripped') if k in vars(kit)),"
            " kit.model._variants is not None, not callable(kit.model._ngrams[0]))")
    assert fresh_python(code) == "['index', 'ocr', 'stripped'] True True"


def test_each_damaged_warm_up_form_is_repaired_as_its_kind():
    # if a form stopped being recognised, the warm-up would silently stop building its tables
    from notice_parser.options import ParseOptions
    from notice_parser.pipeline import parse_text
    from notice_parser.runner.contract import _WARM_NOTICE, _damaged_forms

    steps = [set(parse_text(text, ParseOptions(ocr="never")).repair.steps) for text in _damaged_forms(_WARM_NOTICE)]
    assert [kind in found for kind, found in zip(("diacritics", "glyphs", "ocr"), steps)] == [True, True, True]
