"""The compiled-pattern cache (notice_parser.regex_cache): a pattern read back from the cache file
is the pattern re.compile makes — same flags, groups and matches — and every way the cache can
fail (off, unwritable, damaged, written by another Python) falls back to compiling."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_parser import regex_cache

# Patterns of the kinds the gazetteer builds: named groups, scoped (?i:), look-behind, classes of
# Vietnamese capitals, alternations.
_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_NAMES = "|".join(["Sở Tài chính", "Sở Xây dựng", "Bộ Công an", "Ủy ban nhân dân tỉnh", "Kho bạc Nhà nước",
                   "Ban quản lý dự án đầu tư xây dựng", "Công an tỉnh", "Bảo hiểm xã hội"] * 8)
PATTERNS = [
    (rf"(?<![\w&])(?:[S](?i:ở\s+tài\s+chính)|(?P<body>{_NAMES}))(?![\w&])", 0),
    (rf"(?P<level>huyện|thị\s+xã|quận)\s+(?P<name>[{_UPPER}]\w*(?:\s+[{_UPPER}]\w*){{0,4}})" + "|x" * 200, 0),
    (r"(?:" + "|".join(f"chủ\\s+trì{i}" for i in range(80)) + r")\b", re.IGNORECASE),
]
TEXTS = ["Giao Sở Tài chính chủ trì, phối hợp Bộ Công an và UBND huyện Krông Pắc Ea Kar.",
         "giao sở tài chính; CHỦ TRÌ12 với Kho bạc Nhà nước, thị xã Buôn Hồ", "", "xxxx Sởtài chính"]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(regex_cache.ENV, str(tmp_path))
    regex_cache.clear_memory()
    yield tmp_path
    regex_cache.clear_memory()


def _same(a: re.Pattern, b: re.Pattern, texts) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in texts:
        assert [(m.span(), m.groupdict()) for m in a.finditer(text)] == \
               [(m.span(), m.groupdict()) for m in b.finditer(text)]


@pytest.mark.parametrize("pattern, flags", PATTERNS)
def test_a_cached_pattern_is_the_compiled_pattern(cache, pattern, flags):
    first = regex_cache.compile(pattern, flags)  # compiled, written by flush
    regex_cache.flush()
    assert regex_cache.cache_file().is_file()
    regex_cache.clear_memory()  # as a new process: read back from the file
    again = regex_cache.compile(pattern, flags)
    assert again is not first
    for got in (first, again):
        _same(got, re.compile(pattern, flags), TEXTS)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Sở tài chính Bộ Công an huyện Krông Pắc,;\nĐÀxX12")), max_size=80))
def test_cached_and_compiled_patterns_match_alike_on_any_text(text):
    for pattern, flags in PATTERNS:
        _same(regex_cache.compile(pattern, flags), re.compile(pattern, flags), [text])


def test_the_real_patterns_read_back_match_alike(cache):
    import importlib

    gazetteer = importlib.import_module("notice_parser.extract.agencies.gazetteer")  # the module, not the function
    gazetteer._tables.cache_clear()  # (where rule_regex is kept)
    fresh = gazetteer.rule_regex()  # compiled and written
    gazetteer._tables.cache_clear()
    regex_cache.clear_memory()
    read_back = gazetteer.rule_regex()  # read back from the file
    gazetteer._tables.cache_clear()
    for got in (fresh, read_back):
        _same(got, re.compile(got.pattern), TEXTS)


def test_short_patterns_are_cached_too(cache):
    # reading a program back beats compiling even a short pattern, and a parse compiles ~200
    regex_cache.compile(r"(?<!\w)(?:chủ\s+trì|phối\s+hợp)(?!\w)", re.IGNORECASE)
    regex_cache.clear_memory()
    assert (r"(?<!\w)(?:chủ\s+trì|phối\s+hợp)(?!\w)", re.IGNORECASE) in regex_cache._load()


def test_new_patterns_are_written_together_by_flush(cache):
    # one write for the patterns a parse compiled, not one per pattern
    for pattern, flags in PATTERNS:
        regex_cache.compile(pattern, flags)
    assert not regex_cache.cache_file().exists()
    regex_cache.flush()
    written = regex_cache.cache_file().stat().st_mtime_ns
    regex_cache.compile(*PATTERNS[0])  # already there: nothing to write
    regex_cache.flush()
    assert regex_cache.cache_file().stat().st_mtime_ns == written
    regex_cache.clear_memory()
    assert set(PATTERNS) <= set(regex_cache._load())


def test_a_process_writes_its_patterns_when_it_exits(cache):
    from _fresh import fresh_python

    code = ("from notice_parser import regex_cache\n"
            f"regex_cache.compile({PATTERNS[1][0]!r})\n"
            "print(regex_cache.cache_file().exists())")
    assert fresh_python(code) == "False"
    assert (PATTERNS[1][0], 0) in regex_cache._load()


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(regex_cache.ENV, "off")
    regex_cache.clear_memory()
    pattern, flags = PATTERNS[0]
    _same(regex_cache.compile(pattern, flags), re.compile(pattern, flags), TEXTS)
    assert regex_cache.cache_file() is None
    regex_cache.clear_memory()


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "empty"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(cache, damage):
    pattern, flags = PATTERNS[0]
    regex_cache.compile(pattern, flags)
    regex_cache.flush()
    path = regex_cache.cache_file()
    raw = path.read_bytes()
    path.write_bytes({"truncated": raw[: len(raw) // 2], "flipped": raw[:40] + bytes([raw[40] ^ 0xFF]) + raw[41:],
                      "garbage": os.urandom(300), "empty": b""}[damage])
    regex_cache.clear_memory()
    _same(regex_cache.compile(pattern, flags), re.compile(pattern, flags), TEXTS)
    regex_cache.clear_memory()
    assert (pattern, flags) in regex_cache._load()  # the recompiled entry was written back whole


def test_a_bad_entry_with_a_valid_digest_is_recompiled(cache):
    # a program the engine rejects (as from another build of Python): compiled afresh, not crashed
    pattern, flags = PATTERNS[1]
    regex_cache.compile(pattern, flags)
    regex_cache.clear_memory()
    store = regex_cache._load()
    flags_, code, *rest = store[(pattern, flags)]
    store[(pattern, flags)] = (flags_, code[: len(code) // 2], *rest)
    _same(regex_cache.compile(pattern, flags), re.compile(pattern, flags), TEXTS)


def test_an_unwritable_cache_directory_still_compiles(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(regex_cache.ENV, str(blocker / "cache"))
    regex_cache.clear_memory()
    pattern, flags = PATTERNS[2]
    _same(regex_cache.compile(pattern, flags), re.compile(pattern, flags), TEXTS)
    regex_cache.clear_memory()


def test_entries_of_other_processes_are_kept(cache):
    regex_cache.compile(*PATTERNS[0])
    regex_cache.clear_memory()
    regex_cache._store = {}  # a process that read the file before the first one wrote it
    regex_cache.compile(*PATTERNS[1])
    regex_cache.clear_memory()
    assert {(p, f) for p, f in PATTERNS[:2]} <= set(regex_cache._load())


def test_the_cache_stays_bounded(cache, monkeypatch):
    # patterns that change from process to process must not grow the file run after run
    monkeypatch.setattr(regex_cache, "MAX_ENTRIES", 3)
    for i in range(6):
        regex_cache.clear_memory()
        regex_cache.compile(rf"(?:{_NAMES})#{i}")
    regex_cache.clear_memory()
    assert len(regex_cache._load()) <= 3


def test_the_gazetteer_pattern_is_the_same_in_every_process():
    # a pattern built from a set's iteration order would differ with the hash seed
    import subprocess
    import sys

    code = ("import hashlib, importlib\n"
            "g = importlib.import_module('notice_parser.extract.agencies.gazetteer')\n"
            "print(hashlib.sha256(g.gazetteer().regex.pattern.encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 3)}
    assert len(digests) == 1


def test_an_engine_whose_internals_moved_still_compiles(cache, monkeypatch):
    def moved(*args):
        raise TypeError("_code() takes 3 arguments")

    monkeypatch.setattr(regex_cache._compiler, "_code", moved)
    pattern, flags = PATTERNS[0]
    _same(regex_cache.compile(pattern, flags), re.compile(pattern, flags), TEXTS)


def test_a_bad_pattern_is_an_re_error():
    with pytest.raises(re.error):
        regex_cache.compile("(?P<x>" + "a" * 500)
