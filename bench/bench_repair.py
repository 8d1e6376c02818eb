"""Repair stage: model load time, memory, restoration speed, accuracy on the samples.

Restoration speed is measured on the clean samples with their marks stripped (every line is
then decoded), after the model is loaded, as the median of several runs; accuracy uses
tests/gold/*.clean.txt as reference.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SPEED_RUNS = 5  # restoration loops timed; the median is reported


def _strip(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                if unicodedata.category(c) != "Mn"))


_LOAD = """
import resource, sys, time
sys.path.insert(0, {src!r})
t = time.perf_counter()
from notice_parser.repair.damage import _toolkit, model_path
kit = _toolkit(model_path())
kit.model.variants("a")
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def run() -> dict:
    from notice_parser.evaluate import syllable_accuracy
    from notice_parser.repair import repair_text
    from notice_parser.repair.lm import DEFAULT_MODEL

    # load time and peak memory in a fresh process (imports included)
    out = subprocess.run([sys.executable, "-c", _LOAD.format(src=str(ROOT / "src"))],
                         capture_output=True, text=True, check=True).stdout.split()
    figures: dict = {"model_file_mb": round(DEFAULT_MODEL.stat().st_size / 1e6, 1),
                     "model_load_s": round(float(out[0]), 2), "load_peak_rss_mb": round(float(out[1]))}

    repair_text("khởi động")  # load once
    repair_text(_strip("Ủy ban nhân dân tỉnh đã chủ trì cuộc họp về việc triển khai kế hoạch"))  # lazy tables too
    samples = {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("00?_*.txt"))}
    gold = {p.name[:3]: p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "gold").glob("*.clean.txt")}

    stripped = [_strip(samples[k]) for k in ("000", "001", "002")] * 5
    n = sum(len(s.split()) for s in stripped)
    # CPU time of this (single-threaded) process = one core; wall time is shown too. The machine
    # is shared: one loop's figure swings by a third with other people's load, so the loop runs
    # SPEED_RUNS times and the median is the figure, with the range of the runs beside it.
    cpu, wall = [], []
    for _ in range(SPEED_RUNS):
        t, c = time.perf_counter(), time.process_time()
        for s in stripped:
            repair_text(s)
        cpu.append(n / (time.process_time() - c))
        wall.append(n / (time.perf_counter() - t))
    figures["restore_syllables_per_cpu_s"] = round(statistics.median(cpu))
    figures["restore_syllables_per_cpu_s_range"] = f"{min(cpu):.0f}-{max(cpu):.0f} ({SPEED_RUNS} runs)"
    figures["restore_syllables_per_wall_s"] = round(statistics.median(wall))

    clean = [samples[k] for k in ("000", "001", "002")]
    n = sum(len(s.split()) for s in clean)
    t = time.perf_counter()
    for s in clean:
        repair_text(s)
    figures["clean_pass_syllables_per_s"] = round(n / (time.perf_counter() - t))

    for k in ("003", "004"):
        t = time.perf_counter()
        r = repair_text(samples[k])
        figures[f"acc_{k}"] = round(syllable_accuracy(gold[k], r.text), 4)
        figures[f"time_{k}_s"] = round(time.perf_counter() - t, 2)
    for k in ("000", "001", "002"):
        src = unicodedata.normalize("NFC", samples[k])
        figures[f"unchanged_{k}"] = round(syllable_accuracy(src, repair_text(src).text), 4)
        # NB: the shipped model saw these samples in training; held-out figures are in models/README.md
        figures[f"stripped_acc_{k}_not_held_out"] = round(syllable_accuracy(src, repair_text(_strip(src)).text), 4)
    for k in ("003", "004"):  # held-out text: the gold clean texts are never training data
        ref = unicodedata.normalize("NFC", gold[k])
        figures[f"stripped_acc_gold_{k}_held_out"] = round(syllable_accuracy(ref, repair_text(_strip(ref)).text), 4)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    figures.update(_held_out_model_figures())
    figures.update(_ocr_marks_figures())
    figures.update(_written_figures())
    figures.update(_capitals_figures(samples, gold))
    figures.update(_dropped_speed_figures())
    return figures


# Documents in capitals (issue 12 point 2): sample 004 (dropped glyphs) and the held-out gold 004
# stripped of its marks, each repaired as written and upper-cased: CPU time (one core; the
# machine is shared), KB/s and syllable accuracy against the reference in the same case.
def _capitals_figures(samples: dict, gold: dict) -> dict:
    from notice_parser.evaluate import syllable_accuracy
    from notice_parser.repair import repair_text

    texts = {"004": (samples["004"], gold["004"]), "gold_004_stripped": (_strip(gold["004"]), gold["004"])}
    figures: dict = {}
    for name, (text, ref) in texts.items():
        for case, src, truth in (("as_written", text, ref), ("upper", text.upper(), ref.upper())):
            c = time.process_time()
            out = repair_text(src).text
            cpu = time.process_time() - c
            figures[f"caps_{name}_{case}_cpu_s"] = round(cpu, 2)
            figures[f"caps_{name}_{case}_kb_per_cpu_s"] = round(len(src.encode()) / 1024 / cpu, 1)
            figures[f"caps_{name}_{case}_acc"] = round(syllable_accuracy(truth, out), 4)
    return figures


# Dropped-glyph repair speed (issue 10: ≤ 100 µs a syllable), beside stripped-text repair of the
# same documents: the real set's dropped inputs (tests/gold/real-inputs), sample 004 and the
# written notices with two fonts' lost glyphs. CPU time per whitespace-separated token of the
# damaged text; each run starts with the filler's memos empty (as a fresh process would, the
# model and its tables loaded) and repairs every document once; the median run is the figure.
DROPPED_RUNS = 3


def _dropped_speed_figures() -> dict:
    from notice_parser.repair import repair_text
    from notice_parser.repair.damage import load_toolkit

    gold = ROOT / "tests" / "gold"
    written = gold / "written"
    pairs = [((gold / "real-inputs" / "dropped" / p.name).read_text(encoding="utf-8"), p.read_text(encoding="utf-8"))
             for p in sorted((gold / "real").glob("*.txt")) if (gold / "real-inputs" / "dropped" / p.name).exists()]
    pairs.append((next((ROOT / "samples").glob("004_*.txt")).read_text(encoding="utf-8"),
                  next(gold.glob("004_*.clean.txt")).read_text(encoding="utf-8")))
    for p in sorted(written.glob("w*.txt")):
        if not p.name.endswith(".eng-ocr.txt"):
            truth = p.read_text(encoding="utf-8")
            pairs += [("".join(" " if ch in lost else ch for ch in truth), truth) for lost in ("kươ", "ộaầm")]
    kit, _ = load_toolkit()
    kinds = {"dropped": [d for d, _ in pairs], "stripped": [_strip(t) for _, t in pairs]}
    per: dict[str, list[float]] = {k: [] for k in kinds}
    per_doc: list[float] = []
    for _ in range(DROPPED_RUNS):
        for kind, texts in kinds.items():
            kit.index.clear_memos()
            total = 0.0
            for text in texts:
                c = time.process_time()
                repair_text(text)
                dt = time.process_time() - c
                total += dt
                if kind == "dropped":
                    per_doc.append(dt / max(1, len(text.split())))
            per[kind].append(total / sum(len(t.split()) for t in texts))
    dropped, stripped = statistics.median(per["dropped"]), statistics.median(per["stripped"])
    return {"dropped_docs": len(pairs), "dropped_syllables": sum(len(d.split()) for d, _ in pairs),
            "dropped_cpu_us_per_syllable": round(dropped * 1e6, 1),
            "dropped_cpu_us_per_syllable_range": f"{min(per['dropped']) * 1e6:.0f}-{max(per['dropped']) * 1e6:.0f} "
                                                 f"({DROPPED_RUNS} runs)",
            "dropped_cpu_us_per_syllable_median_document": round(statistics.median(per_doc) * 1e6, 1),
            "stripped_same_docs_cpu_us_per_syllable": round(stripped * 1e6, 1),
            "dropped_to_stripped_ratio": round(dropped / stripped, 2)}


# Samples 001/002 stripped, restored by a model trained WITHOUT them. That model is built by
#   .venv/bin/python scripts/train_lm.py ../shared/corpus/vlc-legal.txt.xz ../shared/corpus/viwiki.txt.xz \
#       --in-domain samples/000_*.txt samples/001_*.txt samples/002_*.txt --exclude 001 --exclude 002 \
#       -o build/vi_syllable_lm_held_out.npz
# (about 2 minutes; the bench trains nothing and reports "not built" without it).
HELD_OUT_MODEL = ROOT / "build" / "vi_syllable_lm_held_out.npz"
_HELD_OUT = """
import sys, unicodedata
sys.path.insert(0, {src!r}); sys.path.insert(0, {bench!r})
from pathlib import Path
from bench_repair import _strip
from notice_parser.evaluate import syllable_accuracy
from notice_parser.repair import repair_text
from notice_parser.repair.lm import load_model
meta = load_model({model!r}).meta
for k in ("001", "002"):
    assert k not in meta.get("in_domain", ""), "the held-out model saw " + k
    src = unicodedata.normalize("NFC", next(Path({samples!r}).glob(k + "_*.txt")).read_text(encoding="utf-8"))
    print(k, round(syllable_accuracy(src, repair_text(_strip(src)).text), 4))
"""


def _held_out_model_figures() -> dict:
    if not HELD_OUT_MODEL.exists():
        return {"stripped_acc_001_002_held_out_model": f"not built ({HELD_OUT_MODEL.relative_to(ROOT)})"}
    code = _HELD_OUT.format(src=str(ROOT / "src"), bench=str(ROOT / "bench"), model=str(HELD_OUT_MODEL),
                            samples=str(ROOT / "samples"))
    env = {**os.environ, "NOTICE_PARSER_LM": str(HELD_OUT_MODEL)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    return {f"stripped_acc_{k}_held_out_model": float(v) for k, v in (line.split() for line in out.splitlines())}


# Our own OCR (Tesseract vie) of the rendered scans of 001/002, before and after the repair
# stage re-chooses the marks of the low-confidence words (ingestion's spans). Measured with the
# held-out model (trained WITHOUT 001/002) when it is built, else with the shipped model, which
# saw these texts (the figure's name says which). OCR costs ~1.5 s per page.
_OCR_MARKS = """
import sys
sys.path.insert(0, {src!r}); sys.path.insert(0, {bench!r})
from pathlib import Path
from cer import cer
from notice_parser.evaluate import syllable_accuracy
from notice_parser.ingest import ingest_bytes
from notice_parser.repair import repair_text
for k in ("001", "002"):
    scan = next(Path({rendered!r}).glob(k + "_*-scan.pdf"))
    gt = next(Path({rendered!r}).glob(k + "_*-gt.txt")).read_text(encoding="utf-8")
    ing = ingest_bytes(scan.read_bytes(), scan.name)
    plain = repair_text(ing.text).text
    marked = repair_text(ing.text, uncertain=[(w.start, w.end) for w in ing.low_confidence]).text
    print(k, len(ing.low_confidence), *(round(f(gt, t), 5) for t in (ing.text, plain, marked)
                                         for f in (syllable_accuracy, cer)))
"""


def _ocr_marks_figures() -> dict:
    rendered = ROOT / "samples" / "rendered"
    if not any(rendered.glob("*-scan.pdf")):
        return {"ocr_marks": "no rendered scans"}
    code = _OCR_MARKS.format(src=str(ROOT / "src"), bench=str(ROOT / "bench"), rendered=str(rendered))
    env = dict(os.environ)
    tag = "shipped_model_saw_it"
    if HELD_OUT_MODEL.exists():
        env["NOTICE_PARSER_LM"], tag = str(HELD_OUT_MODEL), "held_out_model"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    figures: dict = {}
    for line in out.splitlines():
        k, n, *v = line.split()
        figures[f"ocr_{k}_low_conf_words"] = int(n)
        for (stage, i) in (("ocr", 0), ("repaired", 2), ("repaired_low_conf", 4)):
            figures[f"ocr_{k}_{stage}_syll_acc_{tag}"] = float(v[i])
            figures[f"ocr_{k}_{stage}_cer_{tag}"] = float(v[i + 1])
    return figures


# The team's written notices (tests/gold/written; never training data, nothing in the repair
# stage was tuned on them): syllable accuracy of the repaired text against the notice, mean of
# the five, for each kind of damage. "dropped_kuo" is the test suite's glyph loss (k, ư, ơ);
# "dropped_oam" another font's (ộ, a, ầ, m: frequent letters, as in sample 004). The English-OCR
# figure also counts the OCR's own reading-order changes (two-column headers read across), which
# no repair can undo.
def _written_figures() -> dict:
    from notice_parser.evaluate import syllable_accuracy
    from notice_parser.repair import repair_text

    written = ROOT / "tests" / "gold" / "written"
    def drop(lost):
        return lambda text, stem: "".join(" " if ch in lost else ch for ch in text)
    damage = {"stripped": lambda text, stem: _strip(text), "dropped_kuo": drop("kươ"), "dropped_oam": drop("ộaầm"),
              "eng_ocr": lambda text, stem: (written / f"{stem}.eng-ocr.txt").read_text(encoding="utf-8")}
    stems = sorted(p.name[: -len(".gold.json")] for p in written.glob("*.gold.json"))
    figures = {}
    for kind, make in damage.items():
        accs = []
        for stem in stems:
            truth = (written / f"{stem}.txt").read_text(encoding="utf-8")
            accs.append(syllable_accuracy(truth, repair_text(make(truth, stem)).text))
        figures[f"written_{kind}_acc"] = round(sum(accs) / max(1, len(accs)), 4)
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
