#!/usr/bin/env python3
"""`make bench`: run every bench/bench_*.py (or those named) and print their figures.

Each module defines ``run() -> dict`` returning named figures (numbers or short strings);
benchmarks measure speed and memory, tests never do.
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
        for key, value in figures.items():
            print(f"  {key}: {json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
