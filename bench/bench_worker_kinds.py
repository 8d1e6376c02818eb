"""Where a worker's CPU goes on the generated archive (bench/archive_gen.py): per sample notice the
archive varies, the CPU of one document as a worker runs it (process_document: read, parse,
JSON, task rows) and of its review page (export.review_page, rendered on the workers since the
coordinator was found to be the serial bottleneck), warm, in this process.

The archive draws its notices evenly from the samples, so the mean over the samples is the
worker's CPU per generated notice; ``share_<kind>`` says how much of it each kind of text takes
(clean, English-language OCR, dropped glyphs: the last two go through the repair stage).
BENCH_KINDS_N variants of each sample (default 4).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

from archive_gen import DEFAULT_SAMPLES, load_agencies, vary  # bench/ is on sys.path

from notice_parser.export import review_page
from notice_parser.runner.contract import DocumentJob, process_document, warm_up

# the samples by the damage their text carries (samples/make_samples.py made them)
KINDS = {"000": "clean", "001": "clean", "002": "clean", "003": "english_ocr", "004": "dropped_glyphs"}


def run() -> dict:
    n = int(os.environ.get("BENCH_KINDS_N", "4"))
    warm_up(damaged=True)  # as the fork server does: the models and tables are loaded before any document
    # and a page once, so that loading the templates counts against no sample
    samples = sorted(DEFAULT_SAMPLES.glob("*.txt"))
    review_page(process_document(DocumentJob(key="warm", path=str(samples[0]))).notice_json, "warm", "warm.json")
    agencies = load_agencies()
    figures: dict = {"load_average_before": round(os.getloadavg()[0], 2)}
    per_kind: dict[str, list[float]] = {}
    pages: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-kinds-") as tmp:
        for sample in samples:
            text = sample.read_text(encoding="utf-8")
            parse_ms = page_ms = 0.0
            for i in range(n):
                path = Path(tmp) / f"{sample.stem}-{i}.txt"
                path.write_text(vary(text, random.Random(f"kinds:{i}"), agencies), encoding="utf-8")
                c0 = time.process_time()
                result = process_document(DocumentJob(key=path.name, path=str(path)))
                c1 = time.process_time()
                review_page(result.notice_json, path.name, path.with_suffix(".json").name)
                c2 = time.process_time()
                parse_ms += 1000 * (c1 - c0) / n
                page_ms += 1000 * (c2 - c1) / n
            figures[f"parse_ms_{sample.name[:3]}"] = round(parse_ms, 1)
            figures[f"page_ms_{sample.name[:3]}"] = round(page_ms, 1)
            per_kind.setdefault(KINDS.get(sample.name[:3], "other"), []).append(parse_ms)
            pages.append(page_ms)
    total = sum(sum(v) for v in per_kind.values())
    figures["parse_ms_per_generated_notice"] = round(total / len(samples), 1)
    figures["page_ms_per_generated_notice"] = round(sum(pages) / len(pages), 1)
    for kind, values in sorted(per_kind.items()):
        figures[f"share_{kind}"] = round(sum(values) / total, 2)
    figures["load_average_after"] = round(os.getloadavg()[0], 2)
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
