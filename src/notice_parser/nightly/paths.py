"""What a nightly run keeps in its output folder, and where."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..runner.discovery import output_names as _output_names
from ..schema import Notice

STATE_DIR = ".nightly"
DB_NAME = "state.sqlite"
LOCK_NAME = "lock"
REPORT_NAME = "nightly-report.json"
TASKS_CSV = "tasks.csv"
TASKS_JSONL = "tasks.jsonl"
# Names in OUT that belong to the run, never to an output mirrored from the archive (every
# export a run writes must be listed here; runner.discovery.output_names keeps outputs off them).
RESERVED_OUTPUTS = frozenset({REPORT_NAME, TASKS_CSV, TASKS_JSONL, STATE_DIR})


def output_names(rels: list[str]) -> dict[str, str]:
    """Output path per source, as :func:`runner.discovery.output_names` makes them (``a/b.txt``
    → ``a/b.json``; of two sources sharing a stem the later keeps its suffix), with the run's
    own files (report, exports, state) reserved."""
    return _output_names(rels, RESERVED_OUTPUTS)


def stamp(path: Path) -> str:
    """Identity of an output file version: write_atomic's rename always gives a new inode."""
    try:
        st = path.stat()
    except OSError:
        return ""
    return f"{st.st_ino}:{st.st_mtime_ns}"


def output_matches(path: Path, sha: str | None, parser_version: str) -> bool:
    """Whether the output at ``path`` describes content ``sha`` as parsed by ``parser_version``."""
    try:
        head = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return head.get("source", {}).get("sha256") == sha and head.get("parser_version") == parser_version


def remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary files a killed run left behind (``write_atomic`` names them ``.NAME.*.tmp``)."""
    for root, dirs, files in os.walk(out_dir):
        dirs[:] = [d for d in dirs if d != STATE_DIR]
        for name in files:
            if name.startswith(".") and name.endswith(".tmp"):
                try:
                    os.unlink(os.path.join(root, name))
                except FileNotFoundError:
                    pass


def check_outputs(out_dir: str | Path) -> list[str]:
    """Output files under ``out_dir`` that do not parse as a complete Notice (for audits)."""
    out_dir = Path(out_dir)
    bad = []
    for path in sorted(out_dir.rglob("*.json")):
        rel = path.relative_to(out_dir)
        if rel.parts[0] == STATE_DIR or rel.as_posix() in RESERVED_OUTPUTS:
            continue
        try:
            Notice.model_validate_json(path.read_bytes())
        except ValueError:
            bad.append(str(path))
    return bad
