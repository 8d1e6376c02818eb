"""parse_text speed on the samples (median ms per notice after warm-up), the repair stage's CPU on
the clean ones (the shared machine makes the difference of two wall-time medians noisy), and cold
CLI start."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run() -> dict:
    from notice_parser import ParseOptions, parse_text

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    figures: dict = {}
    from notice_parser.repair import repair_text

    clean = [t for t in texts if repair_text(t).report.steps == ["unicode"]]
    cpu = []
    for _ in range(5):
        for t in clean:
            c0 = time.process_time()
            repair_text(t)
            cpu.append((time.process_time() - c0) * 1000)
    figures[f"repair_text CPU ms/notice, clean samples ({len(clean)}), median"] = round(statistics.median(cpu), 2)
    for label, options in (("with repair", ParseOptions()), ("extraction only (--no-repair)", ParseOptions(repair=False))):
        for t in texts:
            parse_text(t, options)  # warm-up: data files and models load once
        times = []
        for _ in range(5):
            for t in texts:
                t0 = time.perf_counter()
                parse_text(t, options)
                times.append((time.perf_counter() - t0) * 1000)
        figures[f"parse_text median ms/notice, {label}"] = round(statistics.median(times), 2)
        figures[f"parse_text max ms/notice, {label}"] = round(max(times), 2)
    starts = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "notice_parser", "parse", str(ROOT / "samples" / "000_5b04499f5c70911f.txt")],
                       check=True, capture_output=True)
        starts.append(time.perf_counter() - t0)
    figures["cold CLI parse of one notice, s (median of 3)"] = round(statistics.median(starts), 3)
    return figures
