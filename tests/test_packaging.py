"""What a wheel install needs: the shipped models travel as data files and are found there."""

from __future__ import annotations

import sysconfig
import tomllib
from pathlib import Path

from notice_parser.repair import lm

ROOT = Path(__file__).resolve().parents[1]


def test_every_shipped_model_file_is_in_the_wheel_data_files():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["setuptools"]["data-files"]["share/notice-parser/models"]
    in_repo = sorted(f"models/{p.name}" for p in (ROOT / "models").iterdir() if p.is_file())
    assert sorted(shipped) == in_repo
    assert f"models/{lm.MODEL_FILE}" in shipped


def test_checkout_models_are_preferred():
    assert lm.find_model_dir() == ROOT / "models"


def test_installed_data_files_are_found_when_there_is_no_checkout(tmp_path, monkeypatch):
    prefix = tmp_path / "prefix"
    installed = prefix / "share" / "notice-parser" / "models"
    installed.mkdir(parents=True)
    (installed / lm.MODEL_FILE).write_bytes(b"stand-in")
    monkeypatch.setattr(sysconfig, "get_path", lambda name, scheme=None: str(prefix))
    assert lm.find_model_dir(tmp_path / "no-checkout") == installed


def test_nothing_found_names_the_checkout_path(tmp_path, monkeypatch):
    monkeypatch.setattr(sysconfig, "get_path", lambda name, scheme=None: str(tmp_path / "empty"))
    assert lm.find_model_dir(tmp_path / "models") == tmp_path / "models"
