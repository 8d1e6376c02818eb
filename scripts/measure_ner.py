#!/usr/bin/env python3
"""Does underthesea's NER add anything to our rules? Measure it on the gold-annotated samples.

For each notice (clean text: samples 000-002 and the correct text of 003/004) compare the
persons (chair, signer) and agencies (every lead/support body) of the gold annotations with
(a) underthesea's PER / ORG entities and (b) what notice-parser extracts.
Usage: scripts/measure_ner.py [GOLD_DIR] [SAMPLES_DIR]   (defaults: tests/gold, samples)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from notice_parser import parse_text
from notice_parser.evaluate import norm_name

ROOT = Path(__file__).resolve().parents[1]


def entities(text: str) -> dict[str, set[str]]:
    from underthesea import ner

    out: dict[str, set[str]] = {"PER": set(), "ORG": set(), "LOC": set()}
    for line in text.splitlines():
        if not line.strip():
            continue
        cur, kind = [], None
        for token, *_rest, tag in ner(line):
            if tag.startswith("B-"):
                if cur:
                    out.setdefault(kind, set()).add(" ".join(cur))
                cur, kind = [token], tag[2:]
            elif tag.startswith("I-") and cur:
                cur.append(token)
            else:
                if cur:
                    out.setdefault(kind, set()).add(" ".join(cur))
                cur, kind = [], None
        if cur:
            out.setdefault(kind, set()).add(" ".join(cur))
    return out


def main(argv: list[str]) -> int:
    gold_dir = Path(argv[0]) if argv else ROOT / "tests" / "gold"
    samples = Path(argv[1]) if len(argv) > 1 else ROOT / "samples"
    totals = dict.fromkeys(["persons", "ner_persons", "our_persons", "agencies", "ner_agencies", "our_agencies",
                            "ner_per_spurious"], 0)
    seconds = 0.0
    for gf in sorted(gold_dir.glob("*.gold.json")):
        stem = gf.name[: -len(".gold.json")]
        clean = gold_dir / f"{stem}.clean.txt"
        text = (clean if clean.exists() else samples / f"{stem}.txt").read_text(encoding="utf-8")
        gold = json.loads(gf.read_text(encoding="utf-8"))
        persons = {norm_name(gold["meeting"]["chair"]["name"])}
        if gold.get("signer"):
            persons.add(norm_name(gold["signer"]["name"]))
        agencies = {norm_name(a.split("|")[0]) for t in gold["tasks"] for a in t["lead"] + t["support"]}
        t0 = time.perf_counter()
        ents = entities(text)
        seconds += time.perf_counter() - t0
        ner_per = {norm_name(p) for p in ents.get("PER", set())}
        ner_org = {norm_name(o) for o in ents.get("ORG", set())}
        notice = parse_text(text)
        ours_p = {norm_name(notice.meeting.chair.name if notice.meeting.chair else "")}
        if notice.signer:
            ours_p.add(norm_name(notice.signer.name))
        ours_a = {norm_name(a.name) for d, _ in notice.iter_directives() for a in d.agencies}
        totals["persons"] += len(persons)
        totals["ner_persons"] += len(persons & ner_per)
        totals["ner_per_spurious"] += len(ner_per - persons)
        totals["our_persons"] += len(persons & ours_p)
        totals["agencies"] += len(agencies)
        totals["ner_agencies"] += len(agencies & ner_org)
        totals["our_agencies"] += len(agencies & ours_a)
    print(json.dumps({**totals, "ner_seconds_total": round(seconds, 2)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
