"""End to end on sixteen real documents (tests/gold/real, copied from ../shared/real): central
meeting notices, công văn, công điện, ministries' letters and a provincial notice, with gold made
by hand under tests/reference/ANNOTATION.md.

Each document is held, field by field, to the floor recorded in ``tests/gold/real/floors.tsv``
(what the pipeline measured when the floor was last raised), so a failure names the document and
the field that fell. Raise a floor when a change improves it (``python tests/test_golden_real.py
--write-floors`` rewrites the file from today's scores, never lowering a floor); the issue's
targets for the whole set are checked in ``test_real_set_aggregate``.
"""

from __future__ import annotations

import json
import math
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from _golden import field_scores

from notice_parser import parse_text
from notice_parser.evaluate import aggregate, score_document

REAL = Path(__file__).resolve().parent / "gold" / "real"
FLOORS_FILE = REAL / "floors.tsv"
STEMS = sorted(p.name[: -len(".gold.json")] for p in REAL.glob("*.gold.json"))


@lru_cache(maxsize=None)
def document_scores(stem: str) -> dict:
    gold = json.loads((REAL / f"{stem}.gold.json").read_text(encoding="utf-8"))
    notice = parse_text((REAL / f"{stem}.txt").read_text(encoding="utf-8"), name=f"{stem}.txt")
    return score_document(gold, json.loads(notice.to_json()))


def read_floors() -> dict[tuple[str, str], float]:
    floors = {}
    for line in FLOORS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            stem, field, value = line.split("\t")
            floors[(stem, field)] = float(value)
    return floors


FLOORS = read_floors() if FLOORS_FILE.exists() else {}


def test_the_set_is_complete():
    assert len(STEMS) == 16
    assert {stem for stem, _ in FLOORS} == set(STEMS)


@pytest.mark.parametrize("stem,field", sorted(FLOORS))
def test_real_document_field_holds_its_floor(stem, field):
    got = field_scores(document_scores(stem))[field]
    assert got >= FLOORS[(stem, field)] - 1e-9, f"{stem}: {field} fell to {got:.3f} (floor {FLOORS[(stem, field)]:.3f})"


# The whole set, against issue 15's targets where they are met already and today's figures
# otherwise; raise these with the floors.
AGGREGATE_FLOORS = {"tasks_f1": 0.96, "leads_f1": 0.98, "agencies_f1": 0.98, "deadlines_f1": 0.98,
                    "citations_f1": 0.99, "meeting_date": 1.0, "issuer": 1.0, "signer_name": 1.0,
                    "chair_name": 1.0, "chair_title": 1.0}


def test_real_set_aggregate():
    agg = aggregate({stem: document_scores(stem) for stem in STEMS})
    below = {k: agg[k] for k, floor in AGGREGATE_FLOORS.items() if agg[k] < floor}
    assert not below, below


def write_floors() -> None:
    old = read_floors() if FLOORS_FILE.exists() else {}
    lines = ["# stem\tfield\tfloor (tests/test_golden_real.py; regenerate with --write-floors, never lowered)"]
    for stem in STEMS:
        for field, value in sorted(field_scores(document_scores(stem)).items()):
            value = max(math.floor(value * 1000 + 1e-6) / 1000, old.get((stem, field), 0.0))
            lines.append(f"{stem}\t{field}\t{value:.3f}")
    FLOORS_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__" and "--write-floors" in sys.argv:
    write_floors()
