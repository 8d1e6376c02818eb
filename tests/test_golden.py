"""End to end on the samples, held to the team's yardstick (same measures as
../shared/eval/score.py, implemented in notice_parser.evaluate)."""

import json
from functools import lru_cache
from pathlib import Path

import pytest
from _golden import below_floors

from notice_parser import parse_file, parse_text
from notice_parser.evaluate import aggregate, score_document

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
CLEAN_SAMPLES = ["000_5b04499f5c70911f", "001_3e2dcef247c9ce7a", "002_058ad60d7d3797d9"]
DAMAGED = ["003_f72d2fac265bdfa1", "004_4a72cad56fd21ad8"]


def gold(stem):
    return json.loads((GOLD / f"{stem}.gold.json").read_text(encoding="utf-8"))


def prediction(notice):
    return json.loads(notice.to_json())


@pytest.fixture(scope="module")
def clean_scores():
    docs = {s: score_document(gold(s), prediction(parse_file(ROOT / "samples" / f"{s}.txt"))) for s in CLEAN_SAMPLES}
    return docs, aggregate(docs)


def test_clean_samples_meet_the_issue_thresholds(clean_scores):
    _, agg = clean_scores
    assert agg["tasks_f1"] >= 0.95
    assert agg["leads_f1"] >= 0.90
    assert agg["agencies_f1"] >= 0.90
    assert agg["deadlines_f1"] == 1.0
    assert agg["citations_f1"] == 1.0
    assert agg["citation_date_acc"] == 1.0


@pytest.mark.parametrize("stem", CLEAN_SAMPLES)
@pytest.mark.parametrize("field", ["meeting_date", "chair_name", "chair_title", "issuer", "signer_name"])
def test_clean_samples_header_fields_correct_where_stated(clean_scores, stem, field):
    docs, _ = clean_scores
    if field in docs[stem]:
        assert docs[stem][field] == 1.0, f"{stem}: {field}"


@pytest.mark.parametrize("stem", DAMAGED)
def test_extraction_on_the_correct_text_of_the_damaged_samples(stem):
    """What extraction does once repair has done its job: the same bar as the clean samples."""
    notice = parse_text((GOLD / f"{stem}.clean.txt").read_text(encoding="utf-8"), name=stem)
    agg = aggregate({stem: score_document(gold(stem), prediction(notice))})
    assert agg["tasks_f1"] >= 0.95 and agg["leads_f1"] >= 0.9 and agg["deadlines_f1"] == 1.0
    assert agg["citations_f1"] == 1.0 and agg["chair_name"] == 1.0 and agg["issuer"] == 1.0


def test_same_notice_extracted_two_ways_gives_the_same_tasks():
    a = parse_file(ROOT / "samples" / "000_5b04499f5c70911f.txt")
    b = parse_file(ROOT / "samples" / "001_3e2dcef247c9ce7a.txt")
    ids = lambda n: [(d.id, sorted(x.name for x in d.agencies)) for d, _ in n.iter_directives()]  # noqa: E731
    assert ids(a) == ids(b)


# The whole dev set as the team's scorer sees it (samples 000-004 through the full pipeline),
# held to what it measures today: every extraction field 1.0. Thresholds above state the
# issue's bar; this one catches any regression below the current state (a rule change once cost
# 004 one supporting agency without any threshold noticing).
CURRENT = {"tasks_f1": 1.0, "leads_f1": 1.0, "agencies_f1": 1.0, "deadlines_f1": 1.0, "citations_f1": 1.0,
           "citation_date_acc": 1.0, "recurrence_acc": 1.0, "meeting_date": 1.0, "chair_name": 1.0,
           "chair_title": 1.0, "issuer": 1.0, "signer_name": 1.0, "repair_syllable_acc": 0.975}

# Repair accuracy per damaged sample (the aggregate floor above is their mean): 003 measured
# 0.9646, 004 0.9905 on 2026-11-23.
REPAIR_BY_SAMPLE = {"003_f72d2fac265bdfa1": {"repair_syllable_acc": 0.96},
                    "004_4a72cad56fd21ad8": {"repair_syllable_acc": 0.985}}


@lru_cache(maxsize=None)
def full_pipeline_scores(stem: str) -> dict:
    clean = GOLD / f"{stem}.clean.txt"
    return score_document(gold(stem), prediction(parse_file(ROOT / "samples" / f"{stem}.txt")),
                          clean_text=clean.read_text(encoding="utf-8") if clean.exists() else None)


@pytest.mark.parametrize("stem", CLEAN_SAMPLES + DAMAGED)
def test_dev_set_document_holds_its_current_scores(stem):
    """Per sample, every field at today's figure; a failure names the sample and the fields."""
    below = below_floors({stem: full_pipeline_scores(stem)}, {**CURRENT, **REPAIR_BY_SAMPLE.get(stem, {})})
    assert not below, below


def test_dev_set_holds_its_current_scores():
    docs = {stem: full_pipeline_scores(stem) for stem in CLEAN_SAMPLES + DAMAGED}
    agg = aggregate(docs)
    below = {k: round(agg[k], 4) for k, floor in CURRENT.items() if agg[k] < floor}
    assert not below, (below, below_floors(docs, CURRENT))
