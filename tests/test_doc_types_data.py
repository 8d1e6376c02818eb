"""Integrity of data/doc_types.json: every abbreviation maps to a known type, no duplicates, NFC."""

from __future__ import annotations

import json
import unicodedata
from importlib import resources

import pytest

from notice_parser.extract.citations import load_doc_types

RAW = resources.files("notice_parser.data").joinpath("doc_types.json").read_text(encoding="utf-8")
T = load_doc_types()


def _no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes, f"duplicate keys in doc_types.json: {sorted(dupes)}"
    return dict(pairs)


def test_no_duplicate_keys_anywhere():
    json.loads(RAW, object_pairs_hook=_no_duplicate_keys)


def test_everything_is_nfc():
    assert unicodedata.is_normalized("NFC", RAW)
    assert "\u00d0" not in RAW  # the Icelandic Eth is not the Vietnamese Đ (U+0110)


def test_types_are_unique():
    assert len(T.types) == len(set(T.types))


@pytest.mark.parametrize("table", ["type_abbreviations", "party_type_abbreviations", "type_words",
                                   "issuer_default_types"])
def test_every_mapping_names_a_known_type(table):
    unknown = {k: v for k, v in getattr(T, table).items() if v not in T.types}
    assert not unknown


def test_fixed_types_are_known():
    assert T.untyped_doc_type in T.types
    assert set(T.generic_type_words) <= set(T.type_words)
    assert set(T.joint_types) <= set(T.types)


def test_type_words_name_themselves_or_a_shorter_type():
    # the canonical type of a word is the word itself or a prefix of it ("Thông báo kết luận" → "Thông báo")
    for word, doc_type in T.type_words.items():
        assert word == doc_type or word.startswith(doc_type + " "), word


@pytest.mark.parametrize("table", ["type_abbreviations", "party_type_abbreviations", "issuer_abbreviations",
                                   "party_issuer_abbreviations"])
def test_abbreviations_are_symbol_parts(table):
    # keys must be matchable as one part of a symbol: a capital first, no spaces, no dash
    for key, value in getattr(T, table).items():
        assert key[0].isupper() and " " not in key and "-" not in key, key
        assert value.strip() == value and value, key


def test_a_type_abbreviation_is_not_also_a_state_issuer():
    # "123/BC-X" must read as Báo cáo, so no state issuer may share an abbreviation with a type
    assert not set(T.type_abbreviations) & set(T.issuer_abbreviations)


def test_issuer_default_types_refer_to_known_issuers():
    assert set(T.issuer_default_types) <= set(T.issuer_abbreviations)


def test_phu_luc_iii_core_abbreviations():
    # Nghị định 30/2020/NĐ-CP, Phụ lục III: the abbreviations notices cite most
    expected = {"QĐ": "Quyết định", "NQ": "Nghị quyết", "CT": "Chỉ thị", "TB": "Thông báo", "KH": "Kế hoạch",
                "BC": "Báo cáo", "TTr": "Tờ trình", "CĐ": "Công điện", "HD": "Hướng dẫn", "ĐA": "Đề án",
                "CTr": "Chương trình", "QC": "Quy chế", "NĐ": "Nghị định", "TT": "Thông tư"}
    assert {k: T.type_abbreviations[k] for k in expected} == expected


def test_loaded_once():
    assert load_doc_types() is load_doc_types()
