"""Run a snippet in a fresh interpreter (what a new process imports and builds, not this one's caches)."""

from __future__ import annotations

import os
import subprocess
import sys


def fresh_python(code: str, env: dict[str, str] | None = None) -> str:
    """The snippet's standard output, stripped; a failing snippet fails the test with its traceback.
    ``env``: variables set on top of this process's environment."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, **env} if env else None).stdout.strip()
