"""Shared by the golden tests: one number per field of one scored document, so that a failing
golden test names the document and the field that fell (not only an aggregate)."""

from __future__ import annotations

from notice_parser.evaluate import prf

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
