"""The shipped model knows what it was built from (issue 10, honest figures): the versions and
hashes of its inputs are in its metadata, and a model built from other ones is detected."""

from __future__ import annotations

from pathlib import Path

import pytest

from heldout_lm import CARD_BEGIN, CARD_END, documents, fold_of, table
from lm_training import documents_digest
from notice_parser.repair.lm import load_model
from notice_parser.repair.resources import external_inputs, project_inputs, stale_inputs


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def meta():
    return load_model().meta


def test_the_model_records_its_inputs(meta):
    for key in [*external_inputs(), *project_inputs(), "sha256.in_domain", "corpus"]:
        assert meta.get(key), key
    assert any(k.startswith("sha256.corpus.") for k in meta)


def test_the_model_is_built_from_todays_data(meta):
    # underthesea's Viet74K and address gazetteer feed the inventory, the project's gazetteers
    # and phrases its n-grams, the documents with a correct text its in-domain text: when any
    # of them is not what the model was built from, the model is stale (`make models`)
    assert stale_inputs(meta) == [], "stale model: run `make models`"
    assert meta["sha256.in_domain"] == documents_digest(documents().values()), \
        "the in-domain documents changed since the model was built: run `make models`"


def test_a_changed_input_is_detected(meta):
    changed = dict(meta, **{"sha256.viet74k": "0" * 16, "sha256.data.surnames.txt": "1" * 16})
    assert stale_inputs(changed) == sorted({"sha256.viet74k", "sha256.data.surnames.txt"}
                                           | set(stale_inputs(meta)))
    assert "sha256.viet74k" in stale_inputs(changed, project=False)


def test_the_shipped_model_is_trained_on_every_document_with_a_correct_text(meta):
    names = set(meta["in_domain"].split(","))
    assert {p.name for p in documents().values()} <= names


def test_the_folds_hold_every_document_out_once_and_keep_one_notice_together():
    ids = sorted(documents())
    assert len(ids) == 32
    folds = {d: fold_of(d, ids) for d in ids}
    assert folds["000"] == folds["001"]  # samples 000 and 001 are one notice
    assert len(set(folds.values())) == 4


def test_every_document_has_a_held_out_figure():
    # models/heldout.tsv comes from `make models-heldout`: one model per fold, none missing
    tsv = ROOT / "models" / "heldout.tsv"
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    scored = {r[0] for r in rows}
    assert scored == set(documents())
    ids = sorted(documents())
    for doc, kind, acc, _words, _cpu, fold in rows:
        assert 0.0 <= float(acc) <= 1.0 and kind in {"stripped", "dropped", "tcvn3", "eng-ocr", "sample"}
        assert int(fold) == fold_of(doc, ids)  # scored by the model that never saw it


def test_the_model_card_states_the_held_out_table_of_the_tsv():
    card = (ROOT / "models" / "README.md").read_text(encoding="utf-8")
    start = card.index(CARD_BEGIN) + len(CARD_BEGIN)
    assert card[start:card.index(CARD_END)].strip() == table(ROOT / "models" / "heldout.tsv"), \
        "run scripts/heldout_lm.py table --card models/README.md"


def test_load_model_follows_notice_parser_lm(monkeypatch, tmp_path):
    # the model card documents NOTICE_PARSER_LM=<path>: load_model() without a path must load
    # that file (the held-out folds are scored that way), and the shipped model without it
    from lm_training import train_model

    other = tmp_path / "other.npz"
    train_model([(["các sở ngành phối hợp thực hiện", "cuộc họp nghe báo cáo"], 1)], order=3,
                min_count=1, min_top=1, meta={"built_for": "this test"}).save(other)
    monkeypatch.setenv("NOTICE_PARSER_LM", str(other))
    assert load_model().meta.get("built_for") == "this test"
    assert load_model(ROOT / "models" / "vi_syllable_lm.npz").meta.get("built_for") is None
    monkeypatch.delenv("NOTICE_PARSER_LM")
    assert load_model().meta.get("built_for") is None


def _tiny_model(path: Path, meta: dict) -> Path:
    from lm_training import train_model

    train_model([(["các sở ngành phối hợp thực hiện"], 1)], min_count=1, min_top=1, meta=meta).save(path)
    return path


def test_a_fold_model_is_reused_only_when_built_from_todays_data(tmp_path):
    # make models-heldout keeps a fold model only if its metadata matches what it would be
    # built from now, so that the table is one model generation's
    from heldout_lm import fold_staleness
    from lm_training import file_digest

    corpus, doc = tmp_path / "corpus.txt", tmp_path / "w99_notice.txt"
    corpus.write_text("các sở ngành\n", encoding="utf-8")
    doc.write_text("cuộc họp nghe báo cáo\n", encoding="utf-8")
    meta = {**external_inputs(), **project_inputs(), f"sha256.corpus.{corpus.name}": file_digest(corpus),
            "sha256.in_domain": documents_digest([doc])}
    model = _tiny_model(tmp_path / "fold.npz", meta)
    assert fold_staleness(model, [corpus], [doc]) == []
    doc.write_text("cuộc họp nghe báo cáo tiến độ\n", encoding="utf-8")
    corpus.write_text("các sở ngành phối hợp\n", encoding="utf-8")
    assert fold_staleness(model, [corpus], [doc]) == ["sha256.corpus.corpus.txt", "sha256.in_domain"]
    old = _tiny_model(tmp_path / "old.npz", dict(meta, **{"sha256.data.agencies.json": "0" * 16}))
    assert fold_staleness(old, [corpus], [doc])[0] == "sha256.data.agencies.json"


def test_fold_models_of_different_builds_are_told_apart(tmp_path):
    from heldout_lm import generation_mismatch

    meta = {**external_inputs(), **project_inputs(), "sha256.in_domain": "a" * 16}
    a = _tiny_model(tmp_path / "a.npz", meta)
    b = _tiny_model(tmp_path / "b.npz", dict(meta, **{"sha256.in_domain": "b" * 16}))  # other folds' documents
    c = _tiny_model(tmp_path / "c.npz", dict(meta, **{"sha256.data.surnames.txt": "1" * 16}))
    assert generation_mismatch([a, b]) == []
    assert generation_mismatch([a, b, c]) == ["sha256.data.surnames.txt"]


@pytest.mark.parametrize("node,kwargs,expected", [
    # values in file order, comments and sources left out
    ({"about": "x", "a": ["Sở Y tế", {"source": "s", "b": "Bộ Tài chính"}], "n": 3}, {}, ["Sở Y tế", "Bộ Tài chính"]),
    # with keys: a gazetteer that keys its entries by name gives the names too
    ({"Ủy ban nhân dân": ["UBND"], "_comment": "c"}, {"skip": ("about", "_comment"), "keys": True},
     ["Ủy ban nhân dân", "UBND"]),
    ({"Ủy ban nhân dân": ["UBND"], "_comment": "c"}, {}, ["UBND", "c"]),
    ("Văn phòng", {}, ["Văn phòng"]),
    ([[], {}, None, 1.5], {}, []),
])
def test_one_walker_reads_the_data_files_strings(node, kwargs, expected):
    from notice_parser.repair.resources import data_strings

    assert data_strings(node, **kwargs) == expected
