"""The nightly run's model version names the language model its workers load: a run after
NOTICE_PARSER_LM is pointed at another model re-parses the archive (issue 10). The version
before digested the shipped model folder whatever the workers loaded, so a switch of models went
unnoticed and the outputs kept the old model's repairs."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from notice_parser.nightly import DB_NAME, STATE_DIR, run_nightly
from notice_parser.nightly.run import model_version
from notice_parser.repair.model_files import DEFAULT_MODEL

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _tiny_model(path: Path, sentence: str) -> Path:
    from lm_training import train_model

    train_model([([sentence, "các sở ngành phối hợp thực hiện"], 1)], order=3, min_count=1, min_top=1,
                meta={"built_for": "tests/test_nightly_model.py"}).save(path)
    return path


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    root = tmp_path_factory.mktemp("models")
    return _tiny_model(root / "a.npz", "cuộc họp nghe báo cáo"), _tiny_model(root / "b.npz", "giao sở tài chính chủ trì")


def test_the_version_follows_the_model_loaded(models, monkeypatch, tmp_path):
    a, b = models
    monkeypatch.delenv("NOTICE_PARSER_LM", raising=False)
    shipped = model_version()
    monkeypatch.setenv("NOTICE_PARSER_LM", str(a))
    version_a = model_version()
    monkeypatch.setenv("NOTICE_PARSER_LM", str(b))
    version_b = model_version()
    assert len({shipped, version_a, version_b}) == 3
    # the content names the model, not where it lies
    monkeypatch.setenv("NOTICE_PARSER_LM", str(shutil.copy(a, tmp_path / "elsewhere.npz")))
    assert model_version() == version_a
    monkeypatch.setenv("NOTICE_PARSER_LM", str(DEFAULT_MODEL))
    assert model_version() == shipped
    # a model that is not there is a version of its own (repair leaves damaged text as it is)
    monkeypatch.setenv("NOTICE_PARSER_LM", str(tmp_path / "absent.npz"))
    assert model_version() not in {shipped, version_a, version_b}


def _versions(out: Path) -> set[str]:
    db = sqlite3.connect(out / STATE_DIR / DB_NAME)
    try:
        return {r[0] for r in db.execute("SELECT model_version FROM files")}
    finally:
        db.close()


def test_a_run_after_switching_models_parses_again(models, monkeypatch, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for sample in sorted(SAMPLES.glob("00[01]_*.txt")):
        shutil.copy(sample, archive / sample.name)
    out = tmp_path / "out"
    monkeypatch.setenv("NOTICE_PARSER_LM", str(models[0]))
    assert run_nightly(archive, out).counts["parsed"] == 2
    assert run_nightly(archive, out).counts["parsed"] == 0  # same model: nothing to do
    monkeypatch.setenv("NOTICE_PARSER_LM", str(models[1]))
    report = run_nightly(archive, out)
    assert report.counts["version"] == 2 and report.counts["parsed"] == 2
    assert _versions(out) == {report.model_version}
