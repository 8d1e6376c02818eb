"""The archive walk sees whatever names people and programs leave in a shared folder."""

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from notice_parser.ingest import is_supported_path
from notice_parser.nightly import check_outputs, output_names, run_nightly
from notice_parser.runner import walk

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "002_058ad60d7d3797d9.txt"

_NAME_CHARS = st.sampled_from(list("aZ09 .-_~$#()[]'\"&,;!\n\tđĐươỹ") + ["é", "\u0301", "😀"])
_STEM = st.text(_NAME_CHARS, min_size=1, max_size=12)
_SUFFIX = st.sampled_from([".txt", ".TXT", ".pdf", ".docx", ".json", ".tmp", ".txt~", ".part", "", ".txt.swp"])
_NAME = st.builds(lambda stem, suffix: stem + suffix, _STEM, _SUFFIX).filter(
    lambda n: n not in (".", "..") and len(n.encode()) < 200)


def _visible(name: str) -> bool:
    temporary = name.startswith((".", "~$", "#")) or name.endswith(("~", ".tmp", ".temp", ".part", ".partial",
                                                                    ".crdownload", ".swp"))
    return not temporary


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "sub", "sub/deeper", ".hidden"]), _NAME), max_size=10, unique=True))
def test_walk_finds_the_documents_and_names_every_other_visible_file(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        created = set()
        for folder, name in files:
            path = root / folder / name
            try:  # a name can clash with a folder of the draw ("sub" as a file, then "sub/x")
                path.parent.mkdir(parents=True, exist_ok=True)
                if path.exists():
                    continue
                path.write_bytes(b"x")
            except (FileExistsError, NotADirectoryError):
                continue
            created.add((folder, name))
        entries, problems = walk(root)
        found = {e.rel for e in entries}
        visible = {f"{folder}/{name}" if folder else name for folder, name in created
                   if not folder.startswith(".") and _visible(name)}
        # A supported name is a document; any other visible file is sniffed, and "x" is no
        # Vietnamese: listed as skipped with its reason, never passed over (issue 11.3).
        assert found == {rel for rel in visible if is_supported_path(Path(rel))}
        assert {p.path for p in problems} == visible - found and all(p.skipped for p in problems)
        names = output_names(sorted(found))
        assert len(set(names.values())) == len(found)


def test_a_run_over_awkward_names_mirrors_them(tmp_path):
    archive = tmp_path / "Lưu trữ 2024"
    names = ["Thông báo số 12 (bản cuối).txt", "sub/tab\there.txt", "sub/new\nline.txt", "x,y;z.TXT",
             "sub/😀.txt"]
    for name in names:
        (archive / name).parent.mkdir(parents=True, exist_ok=True)
        (archive / name).write_bytes(SAMPLE.read_bytes())
    out = tmp_path / "out"
    report = run_nightly(archive, out)
    assert report.counts["parsed"] == len(names) and report.exit_code == 0
    for name in names:
        assert (out / name).with_suffix(".json").is_file()
    assert check_outputs(out) == []
    assert run_nightly(archive, out).counts["parsed"] == 0
