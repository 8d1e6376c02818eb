"""Shared by the golden tests: one number per field of one scored document, so that a failing
golden test names the document and the field that fell (not only an aggregate)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from notice_parser import parse_text
from notice_parser.evaluate import aggregate, prf, score_document

SCALARS = ["meeting_date", "chair_name", "chair_title", "issuer", "signer_name", "repair_syllable_acc"]
SETS = ["leads", "agencies", "deadlines", "citations"]


def field_scores(d: dict) -> dict[str, float]:
    """A ``score_document`` result as {field: value}: scalars as they are, sets and tasks as F1,
    recurrences and citation dates as accuracy (1.0 when the document has none)."""
    out = {k: d[k] for k in SCALARS if k in d}
    cov, leaves, n_gold, found = d["tasks"]
    out["tasks_f1"] = prf(found, found + (leaves - cov), n_gold)[2]
    for k in SETS:
        tp, n_pred, n_gold = d[k]
        out[f"{k}_f1"] = prf(tp, n_pred, n_gold)[2]
    for k, name in (("recurrence", "recurrence_acc"), ("citation_dates", "citation_date_acc")):
        ok, n = d[k]
        out[name] = ok / n if n else 1.0
    return out


def below_floors(docs: dict[str, dict], fields) -> dict[str, dict[str, float]]:
    """Per document, the fields under their floor ({field: floor}): {stem: {field: value}}."""
    out = {}
    for stem, d in docs.items():
        scores = field_scores(d)
        low = {f: round(scores[f], 3) for f, floor in fields.items() if f in scores and scores[f] < floor}
        if low:
            out[stem] = low
    return out


class GoldSet:
    """A folder of documents (``<stem>.txt``) with their gold (``<stem>.gold.json``) and a TSV of
    per document and field floors (stem, field, floor): the golden tests of the set hold each
    document's fields to their floors, so a failure names the document and the field that fell;
    ``write_floors`` rewrites the file from today's scores and never lowers a floor."""

    def __init__(self, folder: Path, test_name: str, texts: Path | None = None, floors_file: Path | None = None):
        """``texts``: where the documents' texts are when not beside their gold (damaged forms of
        the documents, e.g. tests/gold/real-inputs/garbled): the set is the documents found there."""
        self.folder, self.test_name, self.texts = folder, test_name, texts or folder
        self.floors_file = floors_file or folder / "floors.tsv"
        self.stems = sorted(p.name[: -len(".gold.json")] for p in folder.glob("*.gold.json")
                            if (self.texts / p.name.replace(".gold.json", ".txt")).exists())
        self._scores: dict[str, dict] = {}

    def document_scores(self, stem: str) -> dict:
        if stem not in self._scores:
            gold = json.loads((self.folder / f"{stem}.gold.json").read_text(encoding="utf-8"))
            notice = parse_text((self.texts / f"{stem}.txt").read_text(encoding="utf-8"), name=f"{stem}.txt")
            self._scores[stem] = score_document(gold, json.loads(notice.to_json()))
        return self._scores[stem]

    def aggregate(self) -> dict:
        return aggregate({stem: self.document_scores(stem) for stem in self.stems})

    def read_floors(self) -> dict[tuple[str, str], float]:
        floors = {}
        if not self.floors_file.exists():
            return floors
        for line in self.floors_file.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                stem, field, value = line.split("\t")
                floors[(stem, field)] = float(value)
        return floors

    def below_floor(self, stem: str, field: str, floor: float) -> str | None:
        """Why the field is under its floor, or None when it holds."""
        got = field_scores(self.document_scores(stem))[field]
        return f"{stem}: {field} fell to {got:.3f} (floor {floor:.3f})" if got < floor - 1e-9 else None

    def write_floors(self) -> None:
        old = self.read_floors()
        lines = [f"# stem\tfield\tfloor ({self.test_name}; regenerate with --write-floors, never lowered)"]
        for stem in self.stems:
            for field, value in sorted(field_scores(self.document_scores(stem)).items()):
                value = max(math.floor(value * 1000 + 1e-6) / 1000, old.get((stem, field), 0.0))
                lines.append(f"{stem}\t{field}\t{value:.3f}")
        self.floors_file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def floor_tests(self, count: int):
        """The two tests every golden set module runs, named by the module that binds them: the set
        has its ``count`` documents and a floor for each, and each document's field holds its floor
        (parametrized by document and field, so a failure names both)."""
        floors = self.read_floors()

        def test_the_set_has_its_floors():
            assert len(self.stems) == count
            assert {stem for stem, _ in floors} == set(self.stems)

        @pytest.mark.parametrize("stem,field", sorted(floors))
        def test_field_holds_its_floor(stem, field):
            fell = self.below_floor(stem, field, floors[(stem, field)])
            assert fell is None, fell

        return test_the_set_has_its_floors, test_field_holds_its_floor

