"""Run a snippet in a fresh interpreter (what a new process imports and builds, not this one's caches)."""

from __future__ import annotations

import subprocess
import sys


def fresh_python(code: str) -> str:
    """The snippet's standard output, stripped; a failing snippet fails the test with its traceback."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
