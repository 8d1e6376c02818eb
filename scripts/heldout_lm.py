#!/usr/bin/env python3
"""Held-out repair figures by document (k-fold by document), and the document list the shipped
model is trained on.

Every document with a correct text is in-domain training data for the shipped model: the samples
000–002, the gold clean texts of 003/004, the written notices (tests/gold/written) and the real
documents (tests/gold/real, their scrambled 10_ excepted). A document's figures are measured with a
model trained WITHOUT it: the documents are split into ``FOLDS`` folds (samples 000 and 001 are the
same notice and stay in one fold), one model is trained per fold without that fold's documents,
and each document's damaged forms are repaired with its fold's model.

    python scripts/heldout_lm.py train CORPUS... [--folds 4]    # build/heldout/fold{k}.npz
    python scripts/heldout_lm.py eval [--out models/heldout.tsv]  # repair and score every document

Damaged forms scored: marks stripped (made here), glyphs dropped (the real set's ``dropped``
inputs, sample 004, and the written notices with two fonts' lost glyphs made here), English OCR
(the real set's ``garbled`` scans, sample 003, the written notices' ``eng-ocr``), TCVN3 (the real
set's inputs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
GOLD = ROOT / "tests" / "gold"
INPUTS = GOLD / "real-inputs"  # the damaged forms of ../shared/real/inputs (outside real/: batch runs of real/ stay lean)
BUILD = ROOT / "build" / "heldout"
FOLDS = 4
# one notice in two samples: they are one document for the folds
SAME_DOCUMENT = {"001": "000"}


def documents() -> dict[str, Path]:
    """Document id → its correct text, for every document the project has one of."""
    docs = {p.name[:3]: p for p in sorted((ROOT / "samples").glob("00[012]_*.txt"))}
    docs.update({p.name[:3]: p for p in sorted(GOLD.glob("00[34]_*.clean.txt"))})
    docs.update({p.name.split("_")[0]: p for p in sorted((GOLD / "written").glob("w*.txt"))
                 if not p.name.endswith(".eng-ocr.txt")})
    docs.update({p.name.split("_")[0]: p for p in sorted((GOLD / "real").glob("*.txt"))
                 if not p.name.startswith("10_")})
    return docs


def fold_of(doc: str, ids: list[str], folds: int = FOLDS) -> int:
    groups = sorted({SAME_DOCUMENT.get(d, d) for d in ids})
    return groups.index(SAME_DOCUMENT.get(doc, doc)) % folds


def fold_staleness(model: Path, corpus: list[Path], in_domain: list[Path]) -> list[str]:
    """What differs between a fold model's metadata and what it would be built from now: the
    installed resources and project data (``resources.stale_inputs``), the corpus files and the
    fold's in-domain documents. Empty: the model may be reused."""
    from lm_training import documents_digest, file_digest
    from notice_parser.repair.lm import SyllableLM
    from notice_parser.repair.resources import stale_inputs

    meta = SyllableLM.load(model).meta
    stale = stale_inputs(meta)
    stale += [f"sha256.corpus.{p.name}" for p in corpus if meta.get(f"sha256.corpus.{p.name}") != file_digest(p)]
    if meta.get("sha256.in_domain") != documents_digest(in_domain):
        stale.append("sha256.in_domain")
    return stale


def _train(corpus: list[Path], folds: int) -> None:
    docs = documents()
    ids = sorted(docs)
    BUILD.mkdir(parents=True, exist_ok=True)
    for k in range(folds):
        out = BUILD / f"fold{k}.npz"
        held = [d for d in ids if fold_of(d, ids, folds) == k]
        if out.exists():
            # a fold built from other data would mix two model generations in one table
            stale = fold_staleness(out, corpus, [docs[d] for d in ids if d not in held])
            if not stale:
                print(f"fold {k}: {out} is built from today's data, reused", file=sys.stderr)
                continue
            print(f"fold {k}: {out} is stale ({', '.join(stale)}), retrained", file=sys.stderr)
        cmd = [sys.executable, str(ROOT / "scripts" / "train_lm.py"), *map(str, corpus),
               "--in-domain", *(str(docs[d]) for d in ids if d not in held), "-o", str(out)]
        t = time.time()
        subprocess.run(cmd, check=True)
        print(f"fold {k} without {','.join(held)}: {time.time() - t:.0f} s", file=sys.stderr)


def strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                if not unicodedata.combining(c)))


def drop_glyphs(text: str, lost: str) -> str:
    return "".join(" " if c in lost else c for c in text)


def rendered_truth(text: str) -> str:
    """The text a written notice's scan shows: the English-OCR forms were read from the notice as
    samples/make_samples.py lays it out, which adds the generic issuer and a second Quốc hiệu to the
    header and puts the recipients beside the signature. Scored against the notice's own text, those
    lines the repair stage cannot remove counted as its errors (w05: 0.835 against the text, 0.899
    against the layout's ground truth); the real set's scans are scored the same way (``truth/``)."""
    sys.path.insert(0, str(ROOT / "samples"))
    from make_samples import render_text
    return render_text(text)[1].replace("\f", "\n")


def damaged_forms(doc: str, truth_path: Path) -> list[tuple[str, str, str]]:
    """(kind, damaged text, correct text) for one document."""
    truth = truth_path.read_text(encoding="utf-8")
    out = [("stripped", strip_marks(truth), truth)]
    name = truth_path.name
    for kind in ("dropped", "tcvn3"):
        if (INPUTS / kind / name).exists():
            out.append((kind, (INPUTS / kind / name).read_text(encoding="utf-8"), truth))
    if (INPUTS / "garbled" / name).exists():  # scored against the text as the scan shows it
        out.append(("eng-ocr", (INPUTS / "garbled" / name).read_text(encoding="utf-8"),
                    (INPUTS / "truth" / name).read_text(encoding="utf-8")))
    if doc.startswith("w"):
        out += [("dropped", drop_glyphs(truth, "kươ"), truth), ("dropped", drop_glyphs(truth, "ộaầm"), truth),
                ("eng-ocr", truth_path.with_name(truth_path.name[:-4] + ".eng-ocr.txt").read_text(encoding="utf-8"),
                 rendered_truth(truth))]
    if doc in ("003", "004"):  # the samples as the team damaged them
        sample = next((ROOT / "samples").glob(f"{doc}_*.txt")).read_text(encoding="utf-8")
        out.append(("sample", sample, truth))
    return out


_EVAL = """
import sys, time
sys.path.insert(0, {src!r}); sys.path.insert(0, {scripts!r})
from heldout_lm import damaged_forms, documents
from notice_parser.evaluate import syllable_accuracy
from notice_parser.repair import repair_text
docs = documents()
for doc in {held!r}:
    for kind, text, truth in damaged_forms(doc, docs[doc]):
        if {kinds!r} and kind not in {kinds!r}:
            continue
        t = time.process_time()
        out = repair_text(text).text
        print(doc, kind, round(syllable_accuracy(truth, out), 5), len(text.split()), round(time.process_time() - t, 3))
"""


def generation_mismatch(models: list[Path]) -> list[str]:
    """The recorded inputs (resources, project data, corpus) on which the fold models disagree:
    a table scored with folds of different builds is not one model generation's."""
    from notice_parser.repair.lm import SyllableLM

    metas = [SyllableLM.load(m).meta for m in models]
    keys = sorted({k for meta in metas for k in meta
                   if k.startswith("sha256.") and k != "sha256.in_domain" or k in ("underthesea", "in_domain_weight",
                                                                                 "phrase_weight", "order")})
    return [k for k in keys if len({meta.get(k) for meta in metas}) > 1]


def _eval(out_path: Path, folds: int, kinds: list[str] | None = None) -> None:
    docs = documents()
    ids = sorted(docs)
    built = [BUILD / f"fold{k}.npz" for k in range(folds) if (BUILD / f"fold{k}.npz").exists()]
    mixed = generation_mismatch(built)
    if mixed:
        raise SystemExit(f"the fold models are of different builds ({', '.join(mixed)}): "
                         "rebuild them together (delete build/heldout and run make models-heldout)")
    rows = []
    for k in range(folds):
        held = [d for d in ids if fold_of(d, ids, folds) == k]
        model = BUILD / f"fold{k}.npz"
        if not model.exists():  # not built (yet): its documents have no held-out figure
            print(f"fold {k}: no model {model}, its documents {','.join(held)} are not scored", file=sys.stderr)
            continue
        env = {**os.environ, "NOTICE_PARSER_LM": str(model)}
        code = _EVAL.format(src=str(ROOT / "src"), scripts=str(ROOT / "scripts"), held=held, kinds=kinds or [])
        res = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        rows += [line.split() + [str(k)] for line in res.stdout.splitlines()]
    with out_path.open("w", encoding="utf-8") as f:
        f.write("# document\tdamage\tsyllable_accuracy\twords\tcpu_s\tfold (model trained without it)\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    by_kind: dict[str, list[float]] = {}
    for doc, kind, acc, *_ in rows:
        by_kind.setdefault(kind, []).append(float(acc))
    for kind, accs in sorted(by_kind.items()):
        print(f"{kind}: mean {statistics.mean(accs):.4f} min {min(accs):.4f} over {len(accs)}")


# The targets for held-out repair accuracy (issue 10, "Done when"), by damage kind; the
# damaged samples by document (003 is English OCR, 004 dropped glyphs, as the team damaged them).
TARGETS = {"stripped": 0.99, "dropped": 0.99, "eng-ocr": 0.93, "tcvn3": 0.999, "003": 0.97, "004": 0.99}
CARD_BEGIN = "<!-- heldout table: scripts/heldout_lm.py table -->"
CARD_END = "<!-- end of heldout table -->"


def _group(doc: str) -> str:
    return "samples" if doc.startswith("00") else "written" if doc.startswith("w") else "real"


def table(tsv: Path) -> str:
    """The model card's table of held-out figures, made from ``models/heldout.tsv``."""
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    by: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for doc, kind, acc, *_ in rows:
        by.setdefault((kind, _group(doc)), []).append((doc, float(acc)))
    out = ["| damage | documents | mean | min | per document |", "|---|---|---|---|---|"]
    for (kind, group), accs in sorted(by.items()):
        vals = [a for _, a in accs]
        per = ", ".join(f"{d} {a:.4f}" for d, a in accs)
        out.append(f"| {kind} | {group} ({len(vals)}) | {statistics.mean(vals):.4f} | {min(vals):.4f} | {per} |")
    summary = []
    for kind in sorted({k for k, _ in by}):
        vals = [a for (k, _), accs in by.items() if k == kind for _, a in accs]
        if kind == "sample":
            for doc, acc in sorted(a for (k, _), accs in by.items() if k == kind for a in accs):
                met = "met" if acc >= TARGETS[doc] else "NOT met"
                summary.append(f"sample {doc} {acc:.4f} (target ≥ {TARGETS[doc]}: {met})")
            continue
        mean = statistics.mean(vals)
        met = "" if kind not in TARGETS else (
            f"; target ≥ {TARGETS[kind]}: mean {'met' if mean >= TARGETS[kind] else 'NOT met'},"
            f" {sum(v < TARGETS[kind] for v in vals)} forms below it")
        summary.append(f"{kind} {mean:.4f} (min {min(vals):.4f}, {len(vals)} forms{met})")
    out.append(f"| **all** | | | | {'; '.join(summary)} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    tr = sub.add_parser("train")
    tr.add_argument("corpus", nargs="+", type=Path)
    tr.add_argument("--folds", type=int, default=FOLDS)
    ev = sub.add_parser("eval")
    ev.add_argument("--out", type=Path, default=ROOT / "models" / "heldout.tsv")
    ev.add_argument("--folds", type=int, default=FOLDS)
    ev.add_argument("--kinds", nargs="*", help="only these damage kinds (eng-ocr, stripped, dropped, tcvn3, sample)")
    sub.add_parser("list", help="the in-domain documents, one path a line (for make models)")
    tb = sub.add_parser("table", help="the model card's table of held-out figures (from models/heldout.tsv)")
    tb.add_argument("--tsv", type=Path, default=ROOT / "models" / "heldout.tsv")
    tb.add_argument("--card", type=Path, default=None, help="write it into this model card between its markers")
    args = ap.parse_args(argv)
    if args.cmd == "train":
        _train(args.corpus, args.folds)
    elif args.cmd == "eval":
        _eval(args.out, args.folds, args.kinds)
    elif args.cmd == "table":
        text = table(args.tsv)
        if args.card:
            card = args.card.read_text(encoding="utf-8")
            head, rest = card.split(CARD_BEGIN, 1)
            tail = rest.split(CARD_END, 1)[1]
            args.card.write_text(f"{head}{CARD_BEGIN}\n{text}\n{CARD_END}{tail}", encoding="utf-8")
        else:
            print(text)
    else:
        print("\n".join(str(p.relative_to(ROOT)) for p in documents().values()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
