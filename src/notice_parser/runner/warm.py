"""Imported by the worker pool's fork server: the parser and its models load there once, and
every worker forked from it starts with them already in memory (shared copy-on-write), so a
worker that replaces a crashed, timed-out or recycled one costs a fork, not a model load.

The workers' thread caps are set here first: OpenBLAS sizes its thread pool from the environment
when numpy is imported, and a worker forked from this process keeps that size whatever it sets
afterwards (two BLAS threads per worker on two cores, not one, before this)."""

import os

from .pool import THREAD_LIMITS

os.environ.update(THREAD_LIMITS)  # this process only forks workers: their limits are its own

from .contract import warm_up  # noqa: E402 - after the limits: it loads numpy and the model

try:
    warm_up(damaged=True)  # the tables of damaged text too: built once here, not once per worker
except Exception:  # noqa: BLE001 - a fork server must start anyway; each worker warms up again and reports
    pass
