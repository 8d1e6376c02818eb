"""notice_parser.evaluate measures what the team's scorer measures (tests/reference/score.py, a copy
of ../shared/eval/score.py): same per-document figures on the samples and the real documents."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from notice_parser import parse_text
from notice_parser.evaluate import same_body, score_document

TESTS = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("reference_score", TESTS / "reference" / "score.py")
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)

CASES = [(TESTS / "gold" / "real", p.name[: -len(".gold.json")]) for p in sorted((TESTS / "gold" / "real").glob("*.gold.json"))]
CASES += [(TESTS / "gold" / "written", p.name[: -len(".gold.json")]) for p in sorted((TESTS / "gold" / "written").glob("*.gold.json"))]


@pytest.mark.parametrize("folder,stem", CASES, ids=[s for _, s in CASES])
def test_same_figures_as_the_reference_scorer(folder, stem):
    gold = json.loads((folder / f"{stem}.gold.json").read_text(encoding="utf-8"))
    pred = json.loads(parse_text((folder / f"{stem}.txt").read_text(encoding="utf-8"), name=stem).to_json())
    ours = score_document(gold, pred)
    ours.pop("unmatched_tasks", None)
    theirs = reference.score_doc(gold, pred)
    assert {k: list(v) if isinstance(v, tuple) else v for k, v in ours.items()} == \
           {k: list(v) if isinstance(v, tuple) else v for k, v in theirs.items()}


@pytest.mark.parametrize("a,b,same", [
    ("ủy ban nhân dân thành phố hà nội", "ủy ban nhân dân thành phố cần thơ", False),
    ("công an tỉnh", "công an tỉnh đắk lắk", True),
    ("công an tỉnh đắk lắk", "công an tỉnh", True),
    ("bộ y tế", "bộ y tế", True),
    ("sở tài chính", "sở nội vụ", False),
])
def test_agencies_compare_with_their_place(a, b, same):
    assert same_body(a, b) is same
