"""Discovery of inputs, one set of rules for ``batch`` and ``nightly``: which files of a folder
are documents, and where each one's output goes."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, Field

from ..ingest import display_name, is_supported_path, sniff_file

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
    skipped: bool = Field(default=False, description="not a document (a spreadsheet, an English README…): "
                          "listed with its reason, not a failure")


def is_temporary(name: str) -> bool:
    return name.startswith(_TEMP_PREFIXES) or name.endswith(_TEMP_SUFFIXES)


def _inside(path: str, root_real: str) -> bool:
    real = os.path.realpath(path)
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def walk(root: Path, exclude: Path | None = None, *,
         follow_external_links: bool = False) -> tuple[list[Entry], list[FileProblem]]:
    """Regular files below ``root`` that are documents (hidden and temporary names skipped,
    symlinks followed, each folder visited once so loops end), and as problems: the names that
    cannot be read as files (FIFOs, sockets, devices, dangling links), and the files whose
    content is not a document we read (``skipped``, with the reason) — none is passed over
    without a word. A file named .txt/.pdf/… is taken as a document; any other is sniffed.

    A symbolic link (to a file or a folder) that leads out of ``root`` is not followed unless
    ``follow_external_links``: ``shadow.txt -> /etc/shadow`` would publish that file."""
    entries: list[Entry] = []
    problems: list[FileProblem] = []
    excluded = set()
    if exclude is not None and exclude.exists():
        st = exclude.stat()
        excluded.add((st.st_dev, st.st_ino))
    root_real = os.path.realpath(root)
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
            if not follow_external_links and child.is_symlink() and not _inside(child.path, root_real):
                problems.append(FileProblem(path=_rel(Path(child.path), root), skipped=True, error_code="external-link",
                                            error="symbolic link leading out of the archive: not followed"))
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
            # A name that does not say what the file is (.dat, no suffix, .doc): its content decides.
            if not is_supported_path(Path(child.name)) and (reason := sniff_file(child.path)):
                problems.append(FileProblem(path=rel, error=reason, error_code="not-a-document",
                                            skipped=True))
                continue
            entries.append(Entry(rel=rel, path=child.path, size=st.st_size, mtime_ns=st.st_mtime_ns))
    entries.sort(key=lambda e: e.rel)
    problems.sort(key=lambda p: p.path)
    return entries, problems


def _rel(path: Path, root: Path) -> str:
    # The name in outputs, state and reports: valid Unicode even when the file system's bytes
    # are not UTF-8 (Entry.path keeps the real name to open the file by).
    return display_name(path.relative_to(root).as_posix())


def discover(inputs: Iterable[str | Path], *,
             follow_external_links: bool = False) -> tuple[list[Entry], list[FileProblem]]:
    """Every input of a batch: a folder is walked as :func:`walk` does (outputs mirror the
    paths below it, so same-named notices in different subfolders never overwrite each other;
    a symbolic link out of the folder is followed only with ``follow_external_links``);
    a file given directly keeps its name, and a problem with it surfaces when it is read.
    Problems carry the path as given (folder joined with the name below it)."""
    entries: list[Entry] = []
    problems: list[FileProblem] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found, trouble = walk(path, follow_external_links=follow_external_links)
            entries += found
            problems += [p.model_copy(update={"path": display_name(path / p.path)}) for p in trouble]
        else:
            entries.append(Entry(rel=display_name(path.name), path=str(path)))
    return entries, problems


def output_names(rels: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """``a/b.txt`` → ``a/b.json``, no output ever in another's way.

    When two sources would share an output (``b.txt`` and ``b.pdf``), or one would take a
    reserved name (the run's exports) or the name of a folder other outputs go into (``a.txt``
    beside a folder ``a.json/``), the later one in path order keeps its suffix (``a/b.pdf.json``),
    numbered if even that is taken. A top-level folder named like a reserved file (an archive
    folder ``tasks.csv/``) has its outputs under ``tasks.csv_/`` instead, so that the exports
    can always be written.
    """
    reserved = set(reserved)
    rels = sorted(set(rels))
    tops = {PurePosixPath(rel).parts[0] for rel in rels}
    renamed_top: dict[str, str] = {}
    for top in sorted(tops & reserved):
        alias = top + "_"
        while alias in tops or alias in reserved:
            alias += "_"
        renamed_top[top] = alias
        tops.add(alias)

    def mirrored(rel: str) -> PurePosixPath:
        parts = PurePosixPath(rel).parts
        if len(parts) > 1 and parts[0] in renamed_top:
            parts = (renamed_top[parts[0]], *parts[1:])
        return PurePosixPath(*parts)

    paths = {rel: mirrored(rel) for rel in rels}
    folders = {p.as_posix() for path in paths.values() for p in path.parents if p.as_posix() != "."}
    taken = reserved | folders
    names = {}
    for rel in rels:
        path = paths[rel]
        name, n = path.with_suffix(".json").as_posix(), 1
        if name in taken:
            name = path.as_posix() + ".json"
        while name in taken:
            n += 1
            name = f"{path.as_posix()}.{n}.json"
        taken.add(name)
        names[rel] = name
    return names
