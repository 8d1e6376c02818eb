"""The table cache (notice_parser.table_cache): a table read back from disk is the table built
afresh; a changed source file or building code makes a new table; a damaged, foreign or
unwritable cache builds the table again without a word; and the fingerprint of each cached table
covers every module whose code builds it."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path

import pytest

from notice_parser import table_cache
from notice_parser.regex_cache import read_digested
from notice_parser.repair import lexicon as lexicon_module
from notice_parser.repair.lexicon import Lexicon, load_lexicon, read_lexicon
from notice_parser.repair.model_files import DEFAULT_MODEL

from _fresh import fresh_python

gazetteer_module = importlib.import_module("notice_parser.extract.agencies.gazetteer")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("NOTICE_PARSER_CACHE", str(folder))
    load_lexicon.cache_clear()
    gazetteer_module._tables.cache_clear()
    yield folder
    load_lexicon.cache_clear()
    gazetteer_module._tables.cache_clear()


def _files(folder: Path, name: str) -> list[Path]:
    return sorted((folder / "tables").glob(f"{name}-*.marshal"))


class Counted:
    """A build function that counts its calls."""

    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def _load(build, source: Path, restore=dict):
    return table_cache.load("t", build, restore, modules=[__name__], files=[source])


# ---- the real tables --------------------------------------------------------------------------

def _same_lexicon(got: Lexicon, fresh: Lexicon) -> None:
    assert got.vocab == fresh.vocab and got.index == fresh.index and got._counts == fresh._counts
    assert got.V == fresh.V
    probes = fresh.vocab + ["Của", "hoà", "HOÀ", "zzz", "", "<s>", "thuỷ"]
    assert [got.count(w) for w in probes] == [fresh.count(w) for w in probes]
    fresh.variant_total("")
    assert [got.variant_total(b) for b in fresh._variant_totals] == list(fresh._variant_totals.values())
    assert [got.variant_total(b) for b in ("", "zzz", "<s>", "cua ")] == [0, 0, 0, 0]


def test_the_cached_lexicon_is_the_freshly_built_one(cache):
    fresh = read_lexicon(DEFAULT_MODEL)
    built = load_lexicon(Path(DEFAULT_MODEL))  # built, written
    assert len(_files(cache, "lexicon")) == 1
    load_lexicon.cache_clear()
    read_back = load_lexicon(Path(DEFAULT_MODEL))  # as a new process: from the file
    assert read_back is not built
    for got in (built, read_back):
        _same_lexicon(got, read_lexicon(DEFAULT_MODEL))
    assert fresh.variants("cua") == read_back.variants("cua")


def test_the_cached_gazetteer_is_the_freshly_built_one(cache):
    fresh = gazetteer_module._restore(gazetteer_module._build_table())
    gazetteer_module._tables()
    gazetteer_module._tables.cache_clear()
    got = gazetteer_module._tables()  # from the file
    assert len(_files(cache, "gazetteer")) == 1
    gz, fresh_gz = got["gazetteer"], fresh["gazetteer"]
    for field in ("lookup", "short_lookup", "ministry_short_lookup", "shorts", "issuer_keys", "groups"):
        assert getattr(gz, field) == getattr(fresh_gz, field), field
    assert list(gz.lookup) == list(fresh_gz.lookup)  # the order too: lists built from it follow it
    for field in ("regex", "short_regex", "ministry_short_regex"):
        assert getattr(gz, field).pattern == getattr(fresh_gz, field).pattern, field
    pairs = [got["base"], fresh["base"], got["province_suffixed"], fresh["province_suffixed"],
             *(t[head] for head in ("Sở", "Bộ") for t in (got["damaged"], fresh["damaged"]))]
    for (a, a_lookup), (b, b_lookup) in zip(pairs[::2], pairs[1::2]):
        assert a.pattern == b.pattern and a_lookup == b_lookup and list(a_lookup) == list(b_lookup)
    assert got["rule"].pattern == fresh["rule"].pattern and got["open_heads"].pattern == fresh["open_heads"].pattern


def test_the_cached_letters_are_the_freshly_found_ones(cache):
    from notice_parser.extract import layout

    fresh = layout._latin_letters()
    assert (layout.UPPER, layout.LOWER) == fresh
    for _ in range(2):  # built and written, then read back
        assert table_cache.load("latin-letters", layout._latin_letters, layout._letters, modules=layout.TABLE_MODULES,
                                extra=b"x") == fresh
    assert "Đ" in fresh[0] and "ỹ" in fresh[1] and "A" not in fresh[1]


# ---- invalidation -----------------------------------------------------------------------------

def test_a_changed_source_file_builds_a_new_table(cache, tmp_path):
    source = tmp_path / "names.json"
    source.write_text('{"a": 1}')
    first = Counted({"a": 1})
    assert _load(first, source) == {"a": 1} and _load(first, source) == {"a": 1}
    assert first.calls == 1
    source.write_text('{"a": 2}')
    second = Counted({"a": 2})
    assert _load(second, source) == {"a": 2} and second.calls == 1
    assert len(_files(cache, "t")) == 2  # one per version of the sources


def test_a_changed_building_module_builds_a_new_table(cache, tmp_path, monkeypatch):
    module = tmp_path / "table_builder_probe.py"
    module.write_text("VERSION = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("table_builder_probe")
    try:
        key = table_cache.table_key("t", ["table_builder_probe"])
        module.write_text("VERSION = 2  # edited\n")
        assert table_cache.table_key("t", ["table_builder_probe"]) != key
    finally:
        sys.modules.pop("table_builder_probe", None)


def test_a_changed_data_file_changes_the_gazetteer(cache, tmp_path, monkeypatch):
    real = gazetteer_module.data_path
    copy = tmp_path / "agencies.json"
    data = json.loads(real("agencies.json").read_text(encoding="utf-8"))
    gazetteer_module._tables()
    data["bodies"].append({"name": "Trung tâm Thử nghiệm Bảng tra", "aliases": []})
    copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(gazetteer_module, "data_path", lambda name: copy if name == "agencies.json" else real(name))
    # the loader reads the same (edited) file the key digested
    monkeypatch.setattr(gazetteer_module, "load_json", lambda name: data if name == "agencies.json"
                        else importlib.import_module("notice_parser.data").load_json(name))
    gazetteer_module._tables.cache_clear()
    assert "trung tâm thử nghiệm bảng tra" in {k.lower() for k in gazetteer_module.gazetteer().lookup}
    assert len(_files(cache, "gazetteer")) == 2


def test_another_model_file_gets_its_own_lexicon(cache, tmp_path):
    import zipfile

    other = tmp_path / "m.npz"
    with zipfile.ZipFile(DEFAULT_MODEL) as src, zipfile.ZipFile(other, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in ("vocab.npy", "counts.npy"):
            raw = bytearray(src.read(name))
            if name == "counts.npy":
                raw[-4:] = (7).to_bytes(4, "little")  # the last syllable's count
            dst.writestr(name, bytes(raw))
    shipped, edited = load_lexicon(Path(DEFAULT_MODEL)), load_lexicon(other)
    last = shipped.vocab[-1]
    assert edited.count(last) == 7 and shipped.count(last) == read_lexicon(DEFAULT_MODEL).count(last)
    assert len(_files(cache, "lexicon")) == 2


# ---- a damaged or unusable cache --------------------------------------------------------------

@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty", "wrong-shape"])
def test_a_damaged_cache_file_is_rebuilt_silently(cache, damage):
    built = load_lexicon(Path(DEFAULT_MODEL))
    [path] = _files(cache, "lexicon")
    raw = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "flip":
        path.write_bytes(raw[:-10] + bytes([raw[-10] ^ 1]) + raw[-9:])
    elif damage == "garbage":
        path.write_bytes(os.urandom(200))
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # a readable file whose value is not a lexicon table
        import hashlib
        import marshal

        body = marshal.dumps(("a\nb", b"\x00" * 3, b"", "x", b""))
        path.write_bytes(hashlib.sha256(body).digest() + body)
    load_lexicon.cache_clear()
    again = load_lexicon(Path(DEFAULT_MODEL))
    _same_lexicon(again, read_lexicon(DEFAULT_MODEL))
    assert Lexicon.from_table(read_digested(path)).count("của") == built.count("của")  # written again, whole


def test_an_unwritable_or_disabled_cache_still_gives_the_tables(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    for setting in (str(blocker / "cache"), "off"):
        monkeypatch.setenv("NOTICE_PARSER_CACHE", setting)
        build = Counted({"x": [1, 2]})
        source = tmp_path / "s.txt"
        source.write_text("s")
        assert _load(build, source) == {"x": [1, 2]} and _load(build, source) == {"x": [1, 2]}
        assert build.calls == 2  # nothing kept, nothing raised


def test_a_missing_source_file_is_no_cache_error(cache, tmp_path):
    build = Counted({"x": 1})
    assert _load(build, tmp_path / "absent") == {"x": 1} and build.calls == 1
    assert not _files(cache, "t")


def test_old_versions_are_removed_past_the_limit(cache, tmp_path):
    source = tmp_path / "s.txt"
    for i in range(table_cache.KEEP + 3):
        source.write_text(str(i))
        assert _load(Counted({"v": i}), source) == {"v": i}
    assert len(_files(cache, "t")) == table_cache.KEEP
    assert _load(Counted({"v": -1}), source) == {"v": table_cache.KEEP + 2}  # the newest is kept


# ---- the fingerprint covers the building code ------------------------------------------------

@pytest.mark.parametrize("module, build", [
    ("notice_parser.repair.lexicon", "read_lexicon(DEFAULT_MODEL).table()"),
    ("notice_parser.extract.agencies.gazetteer", "_build_table()"),
    ("notice_parser.extract.layout", "_latin_letters()"),
])
def test_a_cached_table_is_built_from_its_keyed_sources_only(module, build):
    # a fresh process (no loader's cache answers for its code): every function of the package that
    # runs while the table is built must be in a module the table's key digests, and every data
    # file it opens one the key digests, or an edit there would leave a stale table in the cache
    code = ("import json, sys\nimport notice_parser.pipeline\n"
            "from notice_parser.repair.model_files import DEFAULT_MODEL\n"
            f"from {module} import {build.split('(')[0]}, TABLE_MODULES\n"
            f"built = sys.modules[{module!r}]\n"
            "seen, opened = set(), set()\n"
            "def probe(frame, event, arg):\n"
            "    if event == 'call':\n"
            "        seen.add(frame.f_code.co_filename)\n"
            "def audit(event, args):\n"
            "    if event == 'open' and isinstance(args[0], str) and '/notice_parser/data/' in args[0]:\n"
            "        opened.add(args[0].rsplit('/', 1)[1])\n"
            "sys.addaudithook(audit)\n"
            "sys.setprofile(probe)\n"
            f"{build}\n"
            "sys.setprofile(None)\n"
            "files = {getattr(m, '__file__', None): n for n, m in list(sys.modules.items())}\n"
            "ran = sorted({files.get(f, f) for f in seen if '/notice_parser/' in f})\n"
            "print(json.dumps([ran, list(TABLE_MODULES), sorted(opened), list(getattr(built, 'TABLE_FILES', ()))]))")
    ran, modules, opened, files = json.loads(fresh_python(code))
    assert ran and set(ran) <= set(modules), set(ran) - set(modules)
    assert set(opened) <= set(files), set(opened) - set(files)
