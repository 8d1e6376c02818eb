"""Start-up costs a person waits for: `notice-parser --help` (goal ≤ 0.2 s) and a cold parse of
one clean notice in a fresh process (goal ≤ 0.6 s), each the median of 5 fresh processes, with
the CPU time beside the wall time (the machine is shared: the load average is printed too).

The cache directory (compiled patterns, notice_parser.regex_cache, and the tables built from data
files, notice_parser.table_cache) is a fresh one: the first process fills it (first_clean_parse_s,
what the very first run on a machine pays) and the five measured ones read it, as every later run
does.

Bytecode is taken as the environment gives it: where PYTHONDONTWRITEBYTECODE is set (as in the
team's shells) every process compiles the project's ~55 modules from source again, which an
installed package (pip writes the .pyc files) or an editable one after its first run does not
pay. cold_clean_parse_bytecode_s is the same parse with bytecode kept (a fresh
PYTHONPYCACHEPREFIX, filled by a first process), to tell the two costs apart.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "001_3e2dcef247c9ce7a.txt"
COLD_PARSE = (
    "import json, sys, time\nt0, c0 = time.perf_counter(), time.process_time()\n"
    "from notice_parser import parse_file\nparse_file(sys.argv[1])\n"
    "print(json.dumps([time.perf_counter() - t0, time.process_time() - c0]))"
)
# Where a cold parse's CPU goes, stage by stage (each stage's first call loads what it needs),
# and whether numpy was imported (a clean notice needs none of it: tests/test_cold_start.py).
COLD_STAGES = (
    "import json, sys, time\nfrom pathlib import Path\nc = [time.process_time()]\n"
    "def lap():\n    c.append(time.process_time())\n    return round(c[-1] - c[-2], 3)\n"
    "import notice_parser.pipeline\nfrom notice_parser.ingest import ingest_bytes, read_input\n"
    "from notice_parser.options import ParseOptions\nfrom notice_parser.repair import repair_text\n"
    "from notice_parser.extract import extract_notice\nimports = lap()\n"
    "ingested = ingest_bytes(read_input(Path(sys.argv[1]), 1 << 30), 'x.txt', ParseOptions())\n"
    "repaired = repair_text(ingested.text)\nrepair = lap()\n"
    "extract_notice(repaired.text, ingested.pages, uncertain=repaired.uncertain)\nextract = lap()\n"
    "print(json.dumps([imports, repair, extract, 'numpy' in sys.modules]))"
)
HELP = (
    "import json, sys, time\nt0, c0 = time.perf_counter(), time.process_time()\n"
    "from notice_parser.cli import main\nsys.argv = ['notice-parser', '--help']\n"
    "import contextlib, io\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    try:\n        main()\n    except SystemExit:\n        pass\n"
    "print(json.dumps([time.perf_counter() - t0, time.process_time() - c0]))"
)


GOALS = {"help_s": "<= 0.2", "cold_clean_parse_s": "<= 0.6"}


def _median(code: str, *args: str, runs: int = 5, env: dict | None = None) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, env=env)
        wall, cpu = json.loads(out.stdout.strip().splitlines()[-1])
        walls.append(wall)
        cpus.append(cpu)
    return round(statistics.median(walls), 3), round(statistics.median(cpus), 3)


def run() -> dict:
    figures: dict = {"load_average": round(os.getloadavg()[0], 2)}
    t0 = time.perf_counter()
    figures["help_s"], figures["help_cpu_s"] = _median(HELP)
    with tempfile.TemporaryDirectory(prefix="bench-startup-cache-") as cache:
        saved = os.environ.get("NOTICE_PARSER_CACHE")
        os.environ["NOTICE_PARSER_CACHE"] = cache
        try:
            figures["first_clean_parse_s"], figures["first_clean_parse_cpu_s"] = _median(COLD_PARSE, str(SAMPLE), runs=1)
            figures["cold_clean_parse_s"], figures["cold_clean_parse_cpu_s"] = _median(COLD_PARSE, str(SAMPLE))
            with tempfile.TemporaryDirectory(prefix="bench-startup-pyc-") as pyc:
                kept = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
                kept["PYTHONPYCACHEPREFIX"] = pyc
                _median(COLD_PARSE, str(SAMPLE), runs=1, env=kept)  # writes the bytecode
                figures["cold_clean_parse_bytecode_s"], figures["cold_clean_parse_bytecode_cpu_s"] = _median(
                    COLD_PARSE, str(SAMPLE), env=kept)
            out = subprocess.run([sys.executable, "-c", COLD_STAGES, str(SAMPLE)], capture_output=True, text=True,
                                 check=True)
            stages = json.loads(out.stdout.strip().splitlines()[-1])
            figures["cold_stages_cpu_s (imports, ingest+repair, extract)"] = stages[:3]
            figures["cold_clean_parse_imports_numpy"] = stages[3]
        finally:
            if saved is None:
                os.environ.pop("NOTICE_PARSER_CACHE")
            else:
                os.environ["NOTICE_PARSER_CACHE"] = saved
    figures["bench_s"] = round(time.perf_counter() - t0, 1)
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
