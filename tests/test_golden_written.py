"""End to end on the team's written notices (tests/gold/written): clean, with marks stripped,
with glyphs dropped (the damage of samples 003/004, made here), and read by English OCR.

The clean texts must score perfectly; the damaged ones are held to floors just below what the
pipeline measured when they were added (see tests/gold/written/README.md), so a regression in
repair or extraction on text nobody tuned for shows up here.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from _golden import below_floors

from notice_parser import parse_text
from notice_parser.evaluate import aggregate, score_document

WRITTEN = Path(__file__).resolve().parent / "gold" / "written"
STEMS = sorted(p.name[: -len(".gold.json")] for p in WRITTEN.glob("*.gold.json"))


def strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                if not unicodedata.combining(c)))


def drop_glyphs(text: str, lost: str = "kươ") -> str:
    # as in sample 004: every occurrence of a few glyphs the font subset lacked became a space
    return "".join(" " if c in lost else c for c in text)


DAMAGE = {
    "clean": lambda text, stem: text,
    "stripped": lambda text, stem: strip_marks(text),
    "dropped": lambda text, stem: drop_glyphs(text),
    "eng-ocr": lambda text, stem: (WRITTEN / f"{stem}.eng-ocr.txt").read_text(encoding="utf-8"),
}
# Floors: measured at 2026-11-23 on the eleven notices (clean 1.0 everywhere; stripped: tasks,
# leads, agencies, citations 1.0, chair 0.818, signer 0.909, repair 0.990; dropped 1.0; English
# OCR: tasks and citations 1.0, agencies 0.979, leads 0.972, chair title 1.0, chair and signer
# 0.818, repair 0.883), minus a small margin. w06-w11 were written mid-session as held-out
# checks and scored before being added (w10-w11 lowered the English-OCR repair mean: 0.890 on
# the first nine).
FLOORS = {
    "clean": {"tasks_f1": 1.0, "leads_f1": 1.0, "agencies_f1": 1.0, "deadlines_f1": 1.0, "citations_f1": 1.0,
              "meeting_date": 1.0, "chair_name": 1.0, "chair_title": 1.0, "issuer": 1.0, "signer_name": 1.0,
              "recurrence_acc": 1.0},
    "stripped": {"tasks_f1": 0.98, "leads_f1": 0.97, "agencies_f1": 0.97, "deadlines_f1": 0.97, "citations_f1": 1.0,
                 "chair_name": 0.8, "signer_name": 0.9, "repair_syllable_acc": 0.988},
    "dropped": {"tasks_f1": 0.98, "leads_f1": 0.97, "deadlines_f1": 0.98, "repair_syllable_acc": 0.99},
    "eng-ocr": {"tasks_f1": 0.98, "leads_f1": 0.94, "agencies_f1": 0.95, "deadlines_f1": 0.97, "citations_f1": 1.0,
                "chair_title": 0.95, "chair_name": 0.8, "signer_name": 0.8, "repair_syllable_acc": 0.875},
}


def test_the_set_is_complete():
    assert len(STEMS) == 11
    for stem in STEMS:
        gold = json.loads((WRITTEN / f"{stem}.gold.json").read_text(encoding="utf-8"))
        assert gold["source"] == f"{stem}.txt" and gold["tasks"]
        assert (WRITTEN / f"{stem}.eng-ocr.txt").is_file()


@lru_cache(maxsize=None)
def scores(damage: str, stem: str) -> dict:
    truth = (WRITTEN / f"{stem}.txt").read_text(encoding="utf-8")
    gold = json.loads((WRITTEN / f"{stem}.gold.json").read_text(encoding="utf-8"))
    notice = parse_text(DAMAGE[damage](truth, stem))
    return score_document(gold, json.loads(notice.to_json()), clean_text=None if damage == "clean" else truth)


@pytest.mark.parametrize("stem", STEMS)
def test_written_notice_clean_is_perfect(stem):
    """Clean text, per notice: every field 1.0 (a failure names the notice and the fields)."""
    below = below_floors({stem: scores("clean", stem)}, FLOORS["clean"])
    assert not below, below


@pytest.mark.parametrize("damage", [d for d in DAMAGE if d != "clean"])
def test_written_notices(damage):
    """Damaged variants, held to floors on the whole set (one notice may trade a field for
    another); the failure lists, per notice, the fields under the floor."""
    docs = {stem: scores(damage, stem) for stem in STEMS}
    agg = aggregate(docs)
    below = {k: round(agg[k], 3) for k, floor in FLOORS[damage].items() if agg[k] < floor}
    assert not below, (damage, below, below_floors(docs, {k: FLOORS[damage][k] for k in below}))


@pytest.mark.slow
def test_written_notices_as_degraded_scans():
    """Each notice rendered as a degraded scanned PDF (samples/make_samples.py) and read by our own
    OCR path end to end: measured 1.0 on every field; floors leave room for a word of OCR noise."""
    from _samples import make_samples as ms

    from notice_parser import parse_bytes

    docs = {}
    for stem in STEMS:
        pdf, _ = ms.render_text((WRITTEN / f"{stem}.txt").read_text(encoding="utf-8"))
        pages = [ms.degrade(image, seed=ms.seed_of(stem + str(i))) for i, image in enumerate(ms.rasterize(pdf))]
        notice = parse_bytes(ms.images_to_pdf(pages), name=f"{stem}-scan.pdf")
        assert {p.method for p in notice.pages} == {"ocr"}
        gold = json.loads((WRITTEN / f"{stem}.gold.json").read_text(encoding="utf-8"))
        docs[stem] = score_document(gold, json.loads(notice.to_json()))
    agg = aggregate(docs)
    floors = {"tasks_f1": 0.98, "leads_f1": 0.95, "agencies_f1": 0.95, "deadlines_f1": 0.95, "citations_f1": 0.95,
              "meeting_date": 0.88, "chair_name": 0.88, "issuer": 0.88, "signer_name": 0.88}
    below = {k: round(agg[k], 3) for k, floor in floors.items() if agg[k] < floor}
    assert not below, (below, docs)
