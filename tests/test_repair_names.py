"""The given-name list (data/given_names.txt): integrity, and its use as a prior inside names."""

from __future__ import annotations

import unicodedata

import pytest

from notice_parser.data import read_text
from notice_parser.repair.damage import _toolkit, model_path
from notice_parser.repair.diacritics import name_logratio
from notice_parser.repair.lm import is_syllable_shape
from notice_parser.repair.resources import given_names


def _entries() -> list[str]:
    return [line.strip() for line in read_text("given_names.txt").splitlines()
            if line.strip() and not line.startswith(("#", "["))]


def test_given_name_list_is_broad_unique_and_well_formed():
    entries = _entries()
    assert len(entries) >= 250
    assert len(entries) == len(set(entries)), "a name is listed twice"
    for name in entries:
        assert unicodedata.normalize("NFC", name) == name, name
        assert " " not in name and is_syllable_shape(name), name
        assert name[:1].isupper() and name[1:].islower(), name
    names = given_names()
    assert len(names) == len(entries)
    assert set(names.values()) == {1.0, 0.2}
    # common words that are rarely names stay out of the list
    assert not {"hiện", "những", "được", "của"} & set(names)


@pytest.fixture(scope="module")
def model():
    return _toolkit(model_path()).model


@pytest.mark.parametrize("likely,unlikely", [
    ("hiền", "hiên"),    # common name vs less common (the corpora count 2 vs 3 after a family name)
    ("hiền", "hiện"),    # a name vs a common word
    ("tuấn", "tuân"),
    ("nhung", "những"),
    ("hùng", "hưng"),
])
def test_name_prior_ranks_common_names_first(model, likely, unlikely):
    assert name_logratio(model, likely) > name_logratio(model, unlikely)


def test_ocr_name_token_prefers_the_common_given_name(model):
    kit = _toolkit(model_path())
    cands = dict(kit.ocr("Hién", "Phuéc", None, True))
    assert cands["hiền"] > cands["hiên"] > cands["hiện"]
    # outside a name run the list plays no part
    plain = dict(kit.ocr("Hién", "tinh", None, False))
    assert plain["hiền"] - plain["hiên"] < cands["hiền"] - cands["hiên"]
