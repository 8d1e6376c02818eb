"""What a fresh process pays to parse one clean notice (bench/bench_startup.py measures the time):
the shortcuts taken for clean text give the answers the full machinery gives."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from notice_parser.repair.lexicon import load_lexicon, read_lexicon, read_npy
from notice_parser.repair.lm import DEFAULT_MODEL, SyllableLM, load_model
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


def test_a_clean_notice_never_imports_numpy():
    # the damage check reads the model's vocabulary and counts without numpy (repair.lexicon);
    # numpy, the n-gram arrays and the decoders wait for a damaged line. The same notice in
    # capitals is folded to lower case and checked against the lexicon's acronym counts.
    code = ("import sys\nfrom notice_parser import parse_text\n"
            f"n = parse_text({CLEAN!r})\nc = parse_text({CLEAN.upper()!r})\n"
            "print('numpy' in sys.modules, n.repair.steps, c.repair.steps)")
    assert fresh_python(code) == "False ['unicode'] ['unicode']"


def test_a_text_file_never_imports_the_image_and_pdf_readers(tmp_path):
    # a .txt goes through ingest_bytes: PIL, pdfplumber, pypdfium2 and the OCR driver (30-60 ms)
    # wait for a PDF or an image, and the reading order of OCR words (ingest.layout, with
    # statistics under it) for OCR pages; the HTML reader's parser waits for markup, and the
    # capitals of refilled glyphs and legacy text (repair.recase, 30 KB to compile) for those
    path = tmp_path / "notice.txt"
    path.write_text(CLEAN, encoding="utf-8")
    code = ("import sys\nfrom notice_parser import parse_file\n"
            f"n = parse_file({str(path)!r})\n"
            "heavy = ('PIL', 'pdfplumber', 'pypdfium2', 'notice_parser.ingest.ocr', 'html.parser',\n"
            "         'notice_parser.ingest.layout', 'statistics', 'notice_parser.repair.recase')\n"
            "print(len(n.directives), sorted(m for m in heavy if m in sys.modules))")
    assert fresh_python(code) == "1 []"


def test_a_later_process_compiles_none_of_the_parsers_patterns(tmp_path):
    # every pattern the parser compiles (fixed or built from data) comes back from regex_cache: a
    # process after the first parses a clean notice without one re.compile called by the parser
    # (short literals given to re.search and the like stay with re's own in-process cache) and
    # without a cache miss — also under another hash seed: a pattern whose alternatives came in a
    # set's order was a new pattern in every process, compiled and added to the file every time
    code = ("import re, sys, traceback\n"
            "from notice_parser import regex_cache\n"
            "compile, ours, missed = re.compile, [], []\n"
            "def counted(pattern, flags=0):\n"
            "    caller = traceback.extract_stack()[-2]\n"
            "    if '/notice_parser/' in caller.filename:\n"
            "        ours.append(f'{caller.filename.rsplit(\"/\", 1)[-1]}:{caller.lineno}')\n"
            "    return compile(pattern, flags)\n"
            "re.compile = counted\n"
            "fresh = regex_cache._compile\n"
            "def miss(pattern, flags):\n"
            "    missed.append(pattern[:60])\n"
            "    return fresh(pattern, flags)\n"
            "regex_cache._compile = miss\n"
            "from notice_parser import parse_text\n"
            f"parse_text({CLEAN!r})\n"
            "print(len(ours), ours[:5], len(missed), missed[:3])")
    fresh_python(code, {"NOTICE_PARSER_CACHE": str(tmp_path), "PYTHONHASHSEED": "1"})  # fills the cache
    assert fresh_python(code, {"NOTICE_PARSER_CACHE": str(tmp_path), "PYTHONHASHSEED": "2"}) == "0 [] 0 []"


def test_a_damaged_notice_still_loads_the_model():
    stripped = "".join(c for c in unicodedata.normalize("NFD", CLEAN.replace("đ", "d").replace("Đ", "D"))
                       if not unicodedata.combining(c))
    code = ("import sys\nfrom notice_parser import parse_text\n"
            f"n = parse_text({stripped!r})\n"
            "print('numpy' in sys.modules, 'diacritics' in n.repair.steps)")
    assert fresh_python(code) == "True True"


def test_the_lexicon_is_the_models_vocabulary_and_counts():
    with np.load(DEFAULT_MODEL) as z:
        vocab, counts = str(z["vocab"]).split("\n"), z["counts"].tolist()
    lexicon = read_lexicon(DEFAULT_MODEL)
    assert lexicon.vocab == vocab and list(lexicon._counts) == counts
    model = load_model()
    for word in ["của", "cua", "hoà", "ubnd", "zzz", "<s>", ""]:
        assert lexicon.count(word) == model.count(word)


def test_the_model_shares_the_tables_the_clean_check_built():
    # a process that met clean text first builds the index and variant totals once, not again
    # when a damaged line loads the n-gram model on top of the same file's lexicon
    lexicon = load_lexicon(Path(DEFAULT_MODEL))
    total = lexicon.variant_total("cua")
    model = SyllableLM.load(Path(DEFAULT_MODEL))
    assert model.index is lexicon.index and model._counts is lexicon._counts
    assert model._sorted is lexicon._sorted and model._variant_totals is lexicon._variant_totals
    assert model.variant_total("cua") == total and model.count("của") == lexicon.count("của")


@pytest.mark.parametrize("version", [(1, 0), (2, 0), (3, 0)])
@pytest.mark.parametrize("order", ["<", ">"])
def test_the_lexicon_reads_every_npy_version_and_byte_order(tmp_path, version, order):
    vocab = ["<s>", "thông", "báo", "kết", "luận"]
    path = tmp_path / "m.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, arr in (("vocab", np.array("\n".join(vocab)).astype(f"{order}U40")),
                          ("counts", np.array([0, 7, 3, 2**32 - 1, 5], dtype=f"{order}u4"))):
            with z.open(f"{name}.npy", "w") as f:
                np.lib.format.write_array(f, arr, version=version)
    lexicon = read_lexicon(path)
    assert lexicon.vocab == vocab and list(lexicon._counts) == [0, 7, 3, 2**32 - 1, 5]


@pytest.mark.parametrize("data", [b"", b"\x93NUMPY", b"\x93NUMPY\x01\x00\xff\x00{'descr'", b"\x93NUMPY\x09\x00\x00\x00",
                                  b"\x93NUMPY\x01\x00\x05\x00(((((", b"\x93NUMPY\x01\x00\x04\x00[1] ",
                                  b"\x93NUMPY\x01\x00\x30\x00{'descr': '<u4', 'fortran_order': True, 'shape': (1,)}"])
def test_a_broken_npy_header_is_a_value_error(data):
    with pytest.raises(ValueError):
        read_npy(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=120).map(lambda b: b"\x93NUMPY" + b))
def test_any_npy_bytes_read_or_are_a_value_error(data):
    try:
        read_npy(data)
    except ValueError:
        pass


def test_the_detectors_word_caches_stay_bounded(monkeypatch):
    from notice_parser.repair import detect
    from notice_parser.repair.lexicon import load_lexicon

    monkeypatch.setattr(detect, "_CACHED", 50)
    det = detect.Detector(load_lexicon(DEFAULT_MODEL))
    words = [f"{a}{b}{c}" for a in "bcdghklmnt" for b in "aeiou" for c in ("", "ng", "nh")]
    fresh = [det.suspicious(w.capitalize()) for w in words]
    for w in words:
        det.line(f"{w} {w.upper()} {w.capitalize()}")
    assert max(len(det._cache), len(det._words), len(det._suspicious)) <= 50
    assert [det.suspicious(w.capitalize()) for w in words] == fresh  # the answers do not change


def test_the_badness_check_loaded_alone_is_ftfys_own_regex():
    # loaded from its file with regex_cache's compile: the same pattern and flags, the same verdicts
    from ftfy.badness import BADNESS_RE, is_bad

    from notice_parser.repair import mojibake

    mojibake._is_bad.cache_clear()
    alone = mojibake._is_bad()
    assert alone is not is_bad and alone.__globals__["BADNESS_RE"] is not BADNESS_RE
    cached = alone.__globals__["BADNESS_RE"]
    assert (cached.pattern, cached.flags, cached.groups) == (BADNESS_RE.pattern, BADNESS_RE.flags, BADNESS_RE.groups)
    broken = CLEAN.encode("utf-8").decode("latin-1")
    for text in (CLEAN, broken, CLEAN.encode("utf-8").decode("cp1252", "replace"), "Â ", "×²", "", "ThÃ´ng bÃ¡o"):
        assert alone(text) == is_bad(text)


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


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc")
def test_the_fork_server_loads_numpy_with_the_workers_thread_limits():
    # OpenBLAS sizes its pool when numpy is imported; a worker forked from the fork server keeps
    # that size, so the limits must be in place before runner.warm loads the model, not after
    import os
    import subprocess
    import sys

    from notice_parser.runner.pool import THREAD_LIMITS

    env = {k: v for k, v in os.environ.items() if k not in THREAD_LIMITS}
    code = ("import os, sys\nimport notice_parser.runner.warm\n"
            "print('numpy' in sys.modules, len(os.listdir('/proc/self/task')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "True 1"
