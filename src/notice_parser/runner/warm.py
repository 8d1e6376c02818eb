"""Imported by the worker pool's fork server: the parser and its models load there once, and
every worker forked from it starts with them already in memory (shared copy-on-write), so a
worker that replaces a crashed, timed-out or recycled one costs a fork, not a model load."""

from .contract import warm_up
from .pool import settle_long_lived

try:
    warm_up(damaged=True)  # the tables of damaged text too: built once here, not once per worker
except Exception:  # noqa: BLE001 - a fork server must start anyway; each worker warms up again and reports
    pass
# Frozen here, before any fork: no worker's collector walks or writes the loaded parser's
# objects, so their pages stay shared with this server (each worker freezes its own warm-up too).
settle_long_lived()
