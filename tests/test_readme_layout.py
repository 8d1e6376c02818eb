"""README's "Layout" section lists every module and data file of the package (data files,
templates), one a line, and nothing that is not there: a file added, moved or removed shows up here."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "notice_parser"


def _layout_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Layout\n"):]
    section = section[:section.index("\n## ", 1)]
    return section[section.index("```\n") + 4:section.rindex("```")]


def _listed() -> list[str]:
    lines = _layout_block().splitlines()
    assert lines[0].strip() == "src/notice_parser/"
    paths = []
    for line in lines[1:]:
        m = re.match(r"  (\S+\.\w+)\s{2,}\S", line)
        if m:
            paths.append(m.group(1))
    return paths


def _in_tree() -> set[str]:
    """Every file of the package but compiled bytecode (and editors' or the OS's hidden files)."""
    return {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc" and not p.name.startswith(".")}


def test_every_module_and_data_file_is_listed_once_with_what_it_does():
    listed = _listed()
    assert len(listed) == len(set(listed)), "a path is listed twice"
    tree = _in_tree()
    assert not tree - set(listed), f"not in README's Layout: {sorted(tree - set(listed))}"
    assert not set(listed) - tree, f"in README's Layout but not in the tree: {sorted(set(listed) - tree)}"


def test_the_top_level_folders_listed_exist():
    for line in _layout_block().splitlines():
        m = re.match(r"(\S+)/\s", line + " ")
        if m and not line.startswith(" "):
            assert (ROOT / m.group(1)).is_dir(), m.group(1)
