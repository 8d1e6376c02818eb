"""Speed of the date/deadline and citation rules: per notice, and on 1 MB of hostile text.

Figures: median µs to run find_deadlines + find_citations over a whole sample notice, and
seconds for 1 MB of each hostile fragment (the worst one is reported with its name). The
hostile inputs are the ones a catastrophically backtracking pattern would hang on.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = {
    "spaces": " ",
    "newlines": "\n",
    "slashes": "1/",
    "ngày": "ngày ",
    "trước": "trước ",
    "trong thời hạn": "trong thời hạn ",
    "hằng": "hằng ",
    "định kỳ vào thứ 2": "định kỳ vào thứ 2 ",
    "digits": "9",
    "symbol parts": "1/A-",
    "Số: header": "Số: ",
    "dense citations": "Quyết định số 1/QĐ-UBND và ",
    "dense deadlines": "trước ngày 1/1/2024 và ",
    "random Vietnamese": None,  # the samples' words shuffled
}


def _random_vietnamese(texts: list[str], size: int) -> str:
    import random

    words = " ".join(texts).split()
    rng = random.Random(0)
    out, n = [], 0
    while n < size:
        w = rng.choice(words)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)


def run() -> dict:
    from notice_parser.extract.citations import find_citations
    from notice_parser.extract.deadlines import find_deadlines

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    for t in texts:  # warm-up: patterns compile and data loads once
        find_deadlines(t, default_year=2024)
        find_citations(t)
    times = []
    for _ in range(20):
        for t in texts:
            t0 = time.perf_counter()
            find_deadlines(t, default_year=2024)
            find_citations(t)
            times.append((time.perf_counter() - t0) * 1e6)
    figures: dict = {
        "deadlines+citations over a whole notice, median µs": round(statistics.median(times)),
        "same, max µs": round(max(times)),
    }
    worst, worst_name = 0.0, ""
    for name, unit in HOSTILE.items():
        text = _random_vietnamese(texts, 1_000_000) if unit is None else unit * (1_000_000 // len(unit))
        t0 = time.perf_counter()
        find_deadlines(text, default_year=2024)
        find_citations(text)
        elapsed = time.perf_counter() - t0
        figures[f"1 MB '{name}', s"] = round(elapsed, 3)
        if elapsed > worst:
            worst, worst_name = elapsed, name
    figures["worst 1 MB hostile input"] = f"{worst:.3f} s ({worst_name})"
    tracemalloc.start()
    find_citations(HOSTILE["dense citations"] * (1_000_000 // len(HOSTILE["dense citations"])))
    figures["peak MB allocated, 1 MB of dense citations"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    tracemalloc.stop()
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
