"""Discovery of inputs, one set of rules for ``batch`` and ``nightly``: which files of a folder
are documents, and where each one's output goes."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from ..ingest import is_supported_path

# Names that editors, office suites and downloads leave behind while a file is being written.
_TEMP_PREFIXES = (".", "~$", "#")
_TEMP_SUFFIXES = ("~", ".tmp", ".temp", ".part", ".partial", ".crdownload", ".swp")


class Entry(BaseModel):
    """A source file: its path relative to the folder walked (the output mirrors it), where it
    is, and its size and mtime when it was seen (None for a file named on the command line)."""

    rel: str
    path: str
    size: int | None = None
    mtime_ns: int | None = None


class FileProblem(BaseModel):
    path: str
    error: str
    error_code: str | None = None


def is_temporary(name: str) -> bool:
    return name.startswith(_TEMP_PREFIXES) or name.endswith(_TEMP_SUFFIXES)


def walk(root: Path, exclude: Path | None = None) -> tuple[list[Entry], list[FileProblem]]:
    """Supported regular files below ``root`` (hidden and temporary names skipped, symlinks
    followed, each folder visited once so loops end), and the supported-looking names that
    cannot be read as files (FIFOs, sockets, devices, dangling links) as problems."""
    entries: list[Entry] = []
    problems: list[FileProblem] = []
    excluded = set()
    if exclude is not None and exclude.exists():
        st = exclude.stat()
        excluded.add((st.st_dev, st.st_ino))
    root_st = root.stat()
    visited = {(root_st.st_dev, root_st.st_ino)}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                children = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(FileProblem(path=_rel(folder, root), error=f"cannot list folder: {exc.strerror or exc}",
                                        error_code="bad-input"))
            continue
        for child in children:
            if is_temporary(child.name):
                continue
            try:
                is_dir = child.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                try:
                    st = child.stat(follow_symlinks=True)
                except OSError:
                    continue
                key = (st.st_dev, st.st_ino)
                if key not in visited and key not in excluded:
                    visited.add(key)
                    stack.append(Path(child.path))
                continue
            if not is_supported_path(Path(child.name)):
                continue
            rel = _rel(Path(child.path), root)
            try:
                st = child.stat(follow_symlinks=True)
            except OSError as exc:
                problems.append(FileProblem(path=rel, error=f"cannot stat ({exc.strerror or exc}); dangling link?",
                                            error_code="bad-input"))
                continue
            if not stat.S_ISREG(st.st_mode):
                problems.append(FileProblem(path=rel, error="not a regular file (FIFO, socket or device)",
                                            error_code="bad-input"))
                continue
            entries.append(Entry(rel=rel, path=child.path, size=st.st_size, mtime_ns=st.st_mtime_ns))
    entries.sort(key=lambda e: e.rel)
    problems.sort(key=lambda p: p.path)
    return entries, problems


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def discover(inputs: Iterable[str | Path]) -> tuple[list[Entry], list[FileProblem]]:
    """Every input of a batch: a folder is walked as :func:`walk` does (outputs mirror the
    paths below it, so same-named notices in different subfolders never overwrite each other);
    a file given directly keeps its name, and a problem with it surfaces when it is read.
    Problems carry the path as given (folder joined with the name below it)."""
    entries: list[Entry] = []
    problems: list[FileProblem] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found, trouble = walk(path)
            entries += found
            problems += [p.model_copy(update={"path": str(path / p.path)}) for p in trouble]
        else:
            entries.append(Entry(rel=path.name, path=str(path)))
    return entries, problems


def output_names(rels: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """``a/b.txt`` → ``a/b.json``; when two sources would share an output (``b.txt`` and
    ``b.pdf``) or one would take a reserved name, the later one in path order keeps its
    suffix (``a/b.pdf.json``), so no output ever overwrites another."""
    taken = set(reserved)
    names = {}
    for rel in sorted(set(rels)):
        plain = Path(rel).with_suffix(".json").as_posix()
        name = plain if plain not in taken else rel + ".json"
        taken.add(name)
        names[rel] = name
    return names
