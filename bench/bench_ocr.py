"""OCR and ingestion benchmark: accuracy (CER), speed, memory; `make bench BENCH=ocr`.

Renders the clean sample notices with samples/make_samples.py into build/bench-ocr/ (clean
300-dpi pages, image-only PDFs, degraded grayscale scans), then measures:
  * CER of our OCR path on clean renders and degraded scans (target ≤ 0.5 % / ≤ 2 %);
  * the same pages through `tesseract` alone (psm 3 = Tesseract's page layout, psm 11 = the
    mode we use), sequentially, one thread: pipeline overhead per page;
  * preprocessing candidates (Otsu binarisation, the library's projection-profile deskew)
    on mild and harsh scans, each applied alone before the same Tesseract call;
  * text-layer pages per second; OCR throughput with 2 pages side by side;
  * peak memory (RSS summed over the process tree) of `notice-parser batch` with 2 workers,
    and its pages per second, on: 20 scanned pages in 6 documents, 20 one-page scans, and
    2 scanned PDFs of 6 and 2 pages (fewer documents than cores at the tail);
  * pipeline overhead per page against `tesseract` alone in wall-clock and in CPU seconds;
  * the cost of one upright page and of the same page upside down (orientation check);
  * end to end: each scanned notice vs its text-layer twin, scored against the gold
    annotations (tasks/leads/deadlines/citations F1).
Timings are wall-clock on a shared 2-core machine: noisy.
"""

from __future__ import annotations

import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from cer import levenshtein, normalise  # noqa: E402

OUT = ROOT / "build" / "bench-ocr"
# Clean notice texts to render (003's clean text has its footer columns interleaved already).
SOURCES = [
    ROOT / "samples" / "000_5b04499f5c70911f.txt",
    ROOT / "samples" / "001_3e2dcef247c9ce7a.txt",
    ROOT / "samples" / "002_058ad60d7d3797d9.txt",
    ROOT / "tests" / "gold" / "004_4a72cad56fd21ad8.clean.txt",
]


def _generator():
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "samples" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module
    spec.loader.exec_module(module)
    return module


def _stem(src: Path) -> str:
    return src.name.removesuffix(".txt").removesuffix(".clean")


def _pooled_cer(pairs: list[tuple[str, str]]) -> float:
    edits = sum(levenshtein(normalise(r), normalise(h)) for r, h in pairs)
    chars = sum(len(normalise(r)) for r, _ in pairs)
    return round(100 * edits / max(1, chars), 3)


def _tesseract_alone(png: Path, psm: int) -> tuple[str, float]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    t0 = time.perf_counter()
    out = subprocess.run(["tesseract", str(png), "stdout", "-l", "vie", "--oem", "1", "--psm", str(psm)],
                         capture_output=True, env=env, check=True)
    return out.stdout.decode("utf-8"), time.perf_counter() - t0


def _timed(fn) -> tuple[float, float]:
    """Wall-clock and CPU seconds (this process and its finished children) of ``fn()``."""
    def cpu() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    c0, t0 = cpu(), time.perf_counter()
    fn()
    return time.perf_counter() - t0, cpu() - c0


def _otsu(image: Image.Image) -> Image.Image:
    arr = np.asarray(image.convert("L"))
    hist = np.bincount(arr.ravel(), minlength=256).astype(np.float64)
    p = hist / hist.sum()
    omega, mu = np.cumsum(p), np.cumsum(p * np.arange(256))
    sigma = (mu[-1] * omega - mu) ** 2 / np.maximum(omega * (1 - omega), 1e-12)
    t = int(np.argmax(sigma))
    return Image.fromarray(np.where(arr > t, 255, 0).astype(np.uint8), mode="L")


class _PeakRss:
    """Samples the summed RSS of a process and its descendants (from /proc) every 50 ms."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open(f"/proc/{d}/stat") as fh:
                        ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                    children.setdefault(ppid, []).append(int(d))
                except (OSError, IndexError, ValueError):
                    pass
        out, todo = [], [self.pid]
        while todo:
            p = todo.pop()
            out.append(p)
            todo.extend(children.get(p, []))
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for p in self._tree():
                try:
                    with open(f"/proc/{p}/status") as fh:
                        for line in fh:
                            if line.startswith("VmRSS:"):
                                total += int(line.split()[1])
                except OSError:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _batch(folder: Path, name: str, pages: int) -> dict:
    """`notice-parser batch` of ``folder`` on 2 workers: seconds, pages/s, peak RSS of the process tree."""
    cli = Path(sys.executable).with_name("notice-parser")
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(cli), "batch", str(folder), "--out", str(OUT / f"{name}-out"), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with _PeakRss(proc.pid) as meter:
        proc.wait()
    dt = time.perf_counter() - t0
    return {f"{name}_scanned_pages": pages, f"{name}_seconds": round(dt, 1), f"{name}_pages_per_s": round(pages / dt, 3),
            f"{name}_peak_rss_mb_2_workers": round(meter.peak / 1024, 1), f"{name}_exit_code": proc.returncode}


def run() -> dict:
    from notice_parser import parse_bytes
    from notice_parser.evaluate import aggregate, score_document
    from notice_parser.ingest import ingest_bytes
    from notice_parser.ingest import ocr as ocr_mod
    from notice_parser.ingest.layout import reading_order
    from notice_parser.ingest.preprocess import deskew
    from notice_parser.options import ParseOptions

    gen = _generator()
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    docs = []
    for src in SOURCES:
        gen.make(src, OUT, images=True, scans=True)
        stem = _stem(src)
        truth = (OUT / f"{stem}-gt.txt").read_text(encoding="utf-8")
        docs.append((stem, truth))
    figures: dict = {"documents": len(docs)}

    # --- OCR accuracy of our path (clean renders, degraded scans) -------------------------------
    clean_pairs, scan_pairs, pages = [], [], 0
    per_doc = {}
    for stem, truth in docs:
        clean = ingest_bytes((OUT / f"{stem}-image.pdf").read_bytes(), "image.pdf").text
        scan = ingest_bytes((OUT / f"{stem}-scan.pdf").read_bytes(), "scan.pdf").text
        clean_pairs.append((truth, clean))
        scan_pairs.append((truth, scan))
        n = truth.count("\f") + 1
        pages += n
        per_doc[stem] = {"pages": n, "cer_clean_%": _pooled_cer([(truth, clean)]),
                         "cer_scan_%": _pooled_cer([(truth, scan)])}
    figures["pages"] = pages
    figures["cer_clean_%"] = _pooled_cer(clean_pairs)
    figures["cer_degraded_scan_%"] = _pooled_cer(scan_pairs)
    figures["per_document"] = per_doc

    # --- tesseract alone on the same page images, and our per-page cost -------------------------
    # The machine is shared: each page is timed through both paths back to back, alternating
    # which goes first, and the medians of the per-page times are compared.
    import pypdfium2 as pdfium

    from notice_parser.ingest import pdf as pdf_mod

    alone_pairs: dict[int, list] = {3: [], 11: []}
    ours_t, ours_png_t, alone_t = [], [], []
    cpu_t: dict[str, list[float]] = {"pdf": [], "png": [], "alone": []}
    for stem, truth in docs:
        texts: dict[int, list[str]] = {3: [], 11: []}
        doc = pdfium.PdfDocument((OUT / f"{stem}-image.pdf").read_bytes())
        pngs = sorted(OUT.glob(f"{stem}-p*.png"), key=lambda p: int(p.stem.rsplit("-p", 1)[1]))
        for i, png in enumerate(pngs):
            def ours(page=doc[i]):
                # the library's page path: decode the page's scan (or render it), deskew, OCR, layout
                image = pdf_mod._renderer(page, ParseOptions(), [])()
                reading_order(ocr_mod.ocr_image(image).words)

            def ours_image(data=png.read_bytes()):
                ingest_bytes(data, "page.png")

            def alone(png=png):
                texts[11].append(_tesseract_alone(png, 11)[0])

            runs = [("pdf", ours), ("png", ours_image), ("alone", alone)]
            runs = runs[i % 3:] + runs[:i % 3]  # rotate who goes first
            took = {name: _timed(fn) for name, fn in runs}
            ours_t.append(took["pdf"][0])
            ours_png_t.append(took["png"][0])
            alone_t.append(took["alone"][0])
            for name in ("pdf", "png", "alone"):
                cpu_t[name].append(took[name][1])
            texts[3].append(_tesseract_alone(png, 3)[0])
        doc.close()
        for psm in (3, 11):
            alone_pairs[psm].append((truth, "\f".join(texts[psm])))
    for psm in (3, 11):
        figures[f"tesseract_alone_psm{psm}_cer_clean_%"] = _pooled_cer(alone_pairs[psm])
    med_ours, med_alone = float(np.median(ours_t)), float(np.median(alone_t))
    figures["ours_pdf_input_s_per_page_median"] = round(med_ours, 3)  # includes rendering the PDF page
    figures["tesseract_alone_psm11_s_per_page_median"] = round(med_alone, 3)
    figures["pipeline_overhead_pdf_input_%"] = round(100 * (med_ours / med_alone - 1), 1)
    figures["pipeline_overhead_%_per_page_median"] = round(
        100 * float(np.median([o / a - 1 for o, a in zip(ours_t, alone_t)])), 1)
    # The same PNG file through our image path (decode, deskew, OCR, layout): no PDF render.
    figures["ours_png_input_s_per_page_median"] = round(float(np.median(ours_png_t)), 3)
    figures["pipeline_overhead_png_input_%"] = round(100 * (float(np.median(ours_png_t)) / med_alone - 1), 1)
    # CPU seconds (ours: this process + its Tesseract child; alone: the child) are less
    # disturbed than wall-clock by other work on a shared machine.
    cpu_alone = float(np.median(cpu_t["alone"]))
    figures["tesseract_alone_cpu_s_per_page_median"] = round(cpu_alone, 3)
    for name in ("png", "pdf"):
        cpu = float(np.median(cpu_t[name]))
        figures[f"ours_{name}_input_cpu_s_per_page_median"] = round(cpu, 3)
        figures[f"pipeline_overhead_{name}_input_cpu_%"] = round(100 * (cpu / cpu_alone - 1), 1)

    # --- orientation: what a page scanned upside down costs (an upright page: nothing more) ---
    page_png = sorted(OUT.glob(f"{docs[1][0]}-p*.png"))[0]
    upright = Image.open(page_png)
    upright.load()
    for name, image in (("upright", upright), ("upside_down", upright.transpose(Image.Transpose.ROTATE_180))):
        wall, cpu = _timed(lambda image=image, name=name: figures.__setitem__(
            f"orientation_{name}_rotation", ocr_mod.ocr_image(image).rotation))
        figures[f"orientation_{name}_page_s"] = round(wall, 2)
        figures[f"orientation_{name}_page_cpu_s"] = round(cpu, 2)

    # --- preprocessing candidates on degraded scans (mild, and a harsher variant) ----------------
    subset = docs[:2]
    mild = {stem: gen.rasterize((OUT / f"{stem}-scan.pdf").read_bytes()) for stem, _ in subset}
    clean_pages = {stem: gen.rasterize((OUT / f"{stem}-text.pdf").read_bytes()) for stem, _ in subset}
    harsh = {stem: [gen.degrade(pg, gen.seed_of(f"harsh:{stem}:{n}"), max_angle=1.5, blur=1.0, noise=25.0,
                                jpeg_quality=50) for n, pg in enumerate(pgs)] for stem, pgs in clean_pages.items()}
    for variant, images in (("mild", mild), ("harsh", harsh)):
        for name, step in (("none", lambda im: im), ("otsu", _otsu), ("deskew", deskew),
                           ("deskew+otsu", lambda im: _otsu(deskew(im)))):
            pairs = []
            for stem, truth in subset:
                texts = [reading_order(ocr_mod.ocr_image(step(im)).words)[0] for im in images[stem]]
                pairs.append((truth, "\f".join(texts)))
            figures[f"preprocess_{variant}_{name}_cer_%"] = _pooled_cer(pairs)
    scans = mild

    # --- throughput ------------------------------------------------------------------------------
    t0 = time.perf_counter()
    n_scan = 0
    for stem, _ in docs:
        n_scan += len(ingest_bytes((OUT / f"{stem}-scan.pdf").read_bytes(), "s.pdf").pages)
    figures["ocr_pages_per_s_2_parallel"] = round(n_scan / (time.perf_counter() - t0), 3)
    text_pdfs = [(OUT / f"{stem}-text.pdf").read_bytes() for stem, _ in docs]
    t0, n_text = time.perf_counter(), 0
    for _ in range(5):
        for data in text_pdfs:
            n_text += len(ingest_bytes(data, "t.pdf", ParseOptions(ocr="never")).pages)
    figures["text_layer_pages_per_s"] = round(n_text / (time.perf_counter() - t0), 1)

    # --- batch of 20 scanned pages on 2 workers: peak memory ----------------------------------
    batch_in = OUT / "batch20"
    batch_in.mkdir()
    n_batch, k = 0, 0
    while n_batch < 20:
        stem, truth = docs[k % len(docs)]
        n = truth.count("\f") + 1
        if n_batch + n > 20:
            # fill up with single page images of the first scan so the batch is exactly 20 pages
            scans[docs[0][0]][0].save(batch_in / f"fill{k}.png")
            n = 1
        else:
            shutil.copy(OUT / f"{stem}-scan.pdf", batch_in / f"{k:02d}_{stem}.pdf")
        n_batch += n
        k += 1
    figures.update(_batch(batch_in, "batch20", n_batch))
    # 20 one-page scans (PDFs as a scanner makes them: one JPEG page image each).
    single = OUT / "batch20single"
    single.mkdir()
    pool = [pg for stem, _ in docs for pg in gen.rasterize((OUT / f"{stem}-scan.pdf").read_bytes())]
    for k in range(20):
        (single / f"{k:02d}.pdf").write_bytes(gen.images_to_pdf([pool[k % len(pool)].convert("L")]))
    figures.update(_batch(single, "batch20_single_page", 20))
    # A batch whose documents are few and long: two scanned PDFs of 6 and 2 pages. Without
    # the shared budget of Tesseract processes the 6-page one ran alone on one core for its
    # last 4 pages.
    batch8 = OUT / "batch8"
    batch8.mkdir()
    shutil.copy(OUT / "004_4a72cad56fd21ad8-scan.pdf", batch8 / "a.pdf")
    shutil.copy(OUT / "001_3e2dcef247c9ce7a-scan.pdf", batch8 / "b.pdf")
    figures.update(_batch(batch8, "batch8_6+2", 8))

    # --- end to end: scanned vs text-layer notices against the gold ------------------------------
    gold_dir = ROOT / "tests" / "gold"
    scores = {"text": {}, "scan": {}}
    for stem, _ in docs:
        gf = gold_dir / f"{stem}.gold.json"
        if not gf.exists():
            continue
        gold = json.loads(gf.read_text(encoding="utf-8"))
        for kind, name in (("text", "text.pdf"), ("scan", "scan.pdf")):
            notice = parse_bytes((OUT / f"{stem}-{name}").read_bytes(), name)
            scores[kind][stem] = score_document(gold, json.loads(notice.to_json()))
    agg = {kind: aggregate(s) for kind, s in scores.items()}
    for key in ("tasks_f1", "leads_f1", "deadlines_f1", "citations_f1"):
        figures[f"e2e_{key}_text"] = agg["text"].get(key)
        figures[f"e2e_{key}_scan"] = agg["scan"].get(key)
        a, b = agg["text"].get(key), agg["scan"].get(key)
        figures[f"e2e_{key}_gap"] = round(abs(a - b), 4) if a is not None and b is not None else None
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {json.dumps(value, ensure_ascii=False)}")
