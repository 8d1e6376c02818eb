"""The notice-phrase list (data/notice_phrases.txt): integrity, that it is the genre's general
vocabulary rather than text copied from the documents the project tests on, and that the
shipped model learned it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from notice_parser.repair import repair_text
from notice_parser.repair.damage import _toolkit, model_path
from notice_parser.repair.resources import notice_phrase_lines

TESTS = Path(__file__).resolve().parent


def test_phrase_list_is_well_formed():
    for line in notice_phrase_lines():  # broad, each once, NFC: test_repair_lists
        assert line == line.strip() and "  " not in line, line
        assert 1 <= len(line.split()) <= 16, line


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).lower())


def test_phrases_are_not_copied_from_the_test_documents():
    # The list is written from knowledge of the genre: no phrase of six or more words may
    # appear word for word in a text the project measures repair on (samples, gold, written set,
    # real and its damaged forms). The held-out extraction set is not one: its texts are clean,
    # repair must leave them untouched (test_repair_guard), and they were written after the list —
    # two of them use "nghiêm túc triển khai thực hiện" on their own, which is the genre, not a copy.
    texts = [p.read_text(encoding="utf-8") for p in sorted(TESTS.glob("gold/**/*.txt"))
             if "heldout" not in p.relative_to(TESTS).parts]
    texts += [p.read_text(encoding="utf-8") for p in sorted((TESTS.parent / "samples").glob("*.txt"))]
    assert texts
    joined = [" ".join(_words(t)) for t in texts]
    long = [" ".join(_words(p)) for p in notice_phrase_lines() if len(_words(p)) >= 6]
    assert long
    copied = [p for p in long if any(f" {p} " in f" {t} " for t in joined)]
    assert not copied, copied


@pytest.fixture(scope="module")
def model():
    return _toolkit(model_path()).model


def test_the_model_was_trained_with_the_phrases(model):
    assert int(model.meta.get("phrase_weight", 0)) > 0


@pytest.mark.parametrize("stripped,expected", [
    # the notice sense over the statutes' ("tiền đồ", "hàng tháng", "từ này")
    ("can day nhanh tien do thuc hien du an", "đẩy nhanh tiến độ"),
    ("bao cao truoc ngay 20 hang thang", "trước ngày 20 hằng tháng"),
    ("tu nay den cuoi nam phai hoan thanh", "Từ nay đến cuối năm"),
    ("tap trung thao go kho khan vuong mac cho doanh nghiep", "tháo gỡ khó khăn vướng mắc"),
])
def test_notice_phrases_are_restored(stripped, expected):
    assert expected.lower() in repair_text(stripped).text.lower()
