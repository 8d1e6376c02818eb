"""Fault injection for tests, the OCRmyPDF way: a hook plugin (notice_parser.runner.hooks) that
tests install — by passing ``hooks=[FaultPlan.parse(...)]`` to ``run_batch`` / ``run_nightly``,
or ``--plugin fault_plugin`` to the command line with the plan in ``NOTICE_PARSER_TEST_FAULTS``
(and this folder on PYTHONPATH). The parser itself never reads either.

A plan holds ``kind=glob`` rules separated by ``;`` — e.g. ``hang=*stuck*.txt;crash=boom.txt`` —
matched against the base name of a document. Kinds: ``hang`` (sleeps forever), ``crash`` (the
worker kills itself with SIGKILL), ``segv`` (SIGSEGV), ``raise`` (an unexpected exception),
``unreadable`` (reading the file fails with EACCES: tests run as root, where chmod 000 does not
stop a read), ``slow`` (sleeps 2 s, then works normally), ``spawn`` (starts a child process, as
OCR starts Tesseract, then hangs).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import signal
import time
from dataclasses import dataclass

PLAN_ENV = "NOTICE_PARSER_TEST_FAULTS"
FAULT_KINDS = frozenset({"hang", "crash", "segv", "raise", "unreadable", "slow", "spawn"})


@dataclass(frozen=True)
class FaultPlan:
    """Which documents (by base-name glob) get which injected fault."""

    rules: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, spec: str | None) -> FaultPlan:
        rules = []
        for part in (spec or "").split(";"):
            if not part.strip():
                continue
            kind, sep, pattern = part.partition("=")
            kind = kind.strip()
            if not sep or kind not in FAULT_KINDS or not pattern.strip():
                raise ValueError(f"fault plan: bad rule {part!r} (want KIND=GLOB, KIND in {sorted(FAULT_KINDS)})")
            rules.append((kind, pattern.strip()))
        return cls(tuple(rules))

    def kinds_for(self, key: str) -> set[str]:
        name = os.path.basename(str(key))
        return {kind for kind, pattern in self.rules if fnmatch.fnmatchcase(name, pattern)}

    # -- the hooks --
    def before_document(self, key: str) -> None:
        kinds = self.kinds_for(key)
        if "slow" in kinds:
            time.sleep(2.0)
        if "spawn" in kinds:  # a child process of the worker, as Tesseract is: then hang
            import subprocess

            subprocess.Popen(["sleep", "3600"])
            kinds = kinds | {"hang"}
        if "hang" in kinds:
            while True:
                time.sleep(3600)
        if "crash" in kinds:
            os.kill(os.getpid(), signal.SIGKILL)
        if "segv" in kinds:
            os.kill(os.getpid(), signal.SIGSEGV)
        if "raise" in kinds:
            raise RuntimeError(f"injected fault for {key}")

    def before_read(self, path: str) -> None:
        if "unreadable" in self.kinds_for(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))


def hooks() -> list[FaultPlan]:
    """The command line's ``--plugin fault_plugin``: the plan in ``$NOTICE_PARSER_TEST_FAULTS``."""
    return [FaultPlan.parse(os.environ.get(PLAN_ENV))]


def cli_args(spec: str) -> tuple[list[str], dict[str, str]]:
    """Arguments and environment that make a ``notice-parser`` subprocess inject ``spec``."""
    if not spec:
        return [], {}
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH", "")) if p)
    return ["--plugin", "fault_plugin"], {PLAN_ENV: spec, "PYTHONPATH": path}
