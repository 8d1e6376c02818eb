#!/usr/bin/env python3
"""`make bench`: run every bench/bench_*.py (or those named) and print their figures.

Each module defines ``run() -> dict`` returning named figures (numbers or short strings);
benchmarks measure speed and memory, tests never do. A module's ``GOALS`` ({figure: "<= 0.6"}
or ">= 1.8") are the issues' targets: each such figure is printed with its goal and whether
this run met it, so the figures can be quoted as they stand.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    wanted = set(argv)
    failed = 0
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem[len("bench_"):]
        if wanted and name not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        t0 = time.perf_counter()
        try:
            figures = module.run()
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            failed += 1
            print(f"[{name}] FAILED: {type(exc).__name__}: {exc}", flush=True)
            continue
        print(f"[{name}] ({time.perf_counter() - t0:.1f} s)", flush=True)
        goals = getattr(module, "GOALS", {})
        for key, value in figures.items():
            shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
            print(f"  {key}: {shown}{against(value, goals[key]) if key in goals else ''}")
    return 1 if failed else 0


def against(value, goal: str) -> str:
    """'  (goal <= 0.6: met)' for a figure and its goal ('<= x' or '>= x')."""
    op, _, bound = goal.partition(" ")
    if not isinstance(value, (int, float)) or op not in ("<=", ">="):
        return f"  (goal {goal})"
    met = value <= float(bound) if op == "<=" else value >= float(bound)
    return f"  (goal {goal}: {'met' if met else 'NOT met'})"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
