"""Session set-up shared by every test module."""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config):
    # Compiled patterns go to a cache of this session (inherited by worker processes), never to
    # the user's ~/.cache: tests start from an empty cache and leave nothing behind them.
    if "NOTICE_PARSER_CACHE" not in os.environ:
        os.environ["NOTICE_PARSER_CACHE"] = tempfile.mkdtemp(prefix="notice-parser-test-cache-")
