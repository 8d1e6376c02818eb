"""Imported by the worker pool's fork server: the parser and its models load there once, and
every worker forked from it starts with them already in memory (shared copy-on-write), so a
worker that replaces a crashed, timed-out or recycled one costs a fork, not a model load."""

from .contract import warm_up

try:
    warm_up(damaged=True)  # the tables of damaged text too: built once here, not once per worker
except Exception:  # noqa: BLE001 - a fork server must start anyway; each worker warms up again and reports
    pass
