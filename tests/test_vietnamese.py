"""The orthography module (notice_parser.vietnamese): one table per notion, in cases of our own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notice_parser import vietnamese as vi


@pytest.mark.parametrize("word, base", [
    ("Đường", "duong"), ("nghiêng", "nghieng"), ("ỦY", "uy"), ("Hòa", "hoa"), ("quỹ", "quy"), ("x", "x"),
])
def test_strip_marks(word, base):
    assert vi.strip_marks(word) == base


@pytest.mark.parametrize("word, kept", [("Trưởng", "trương"), ("được", "đươc"), ("khỏe", "khoe"), ("ĂN", "ăn")])
def test_strip_tones_keeps_letter_marks(word, kept):
    assert vi.strip_tones(word) == kept


@pytest.mark.parametrize("word, shape, written", [
    ("nghiêng", True, True), ("khuyến", True, True), ("thong", True, True),   # stripped still has the shape
    ("Đắk", True, True), ("xoong", True, True), ("gì", True, True),
    ("ciia", False, False), ("tr", False, False), ("and", False, False),     # English OCR, fragments, English
    ("Phé", True, True), ("nhiềú", True, False),                                # two tone marks: not written Vietnamese
    ("niño", False, False), ("thii", False, False), ("str", False, False),
])
def test_syllable_shapes(word, shape, written):
    assert vi.is_syllable_shape(word) is shape
    assert vi.is_vietnamese_syllable(word) is written


@pytest.mark.parametrize("word, marked", [("đi", True), ("ăn", True), ("có", True), ("co", False), ("UBND", False)])
def test_has_marks(word, marked):
    assert vi.has_vietnamese_marks(word) is marked


@pytest.mark.parametrize("word, canon", [
    ("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("loá", "lóa"),
    ("hoàng", "hoàng"),   # a coda: the mark stays on the second vowel
    ("quỷ", "quỷ"),       # after q the u is part of the onset
    ("hòa", "hòa"),
])
def test_canonical_tone_placement(word, canon):
    assert vi.canonical(word) == canon


def test_the_folds_are_comparison_keys_of_the_same_length():
    # the whole-text folds replace every pair, wherever it stands ("Quỷ" too): applied to both
    # sides of a comparison they agree; canonical() is the exact per-syllable form
    text = "Thuỷ lợi HOÀ BÌNH, Khoẻ mạnh; Hoà"
    folded = vi.fold_placement(text)
    assert folded == "Thủy lợi HÒA BÌNH, Khỏe mạnh; Hòa" and len(folded) == len(text)
    assert vi.fold_tone(text) == folded.lower()
    assert vi.fold_tone("hoà") == vi.fold_tone("hòa") == vi.canonical("hoà")
    assert all(len(a) == len(b) for a, b in vi.TONE_PLACEMENT.items())


@pytest.mark.parametrize("text, encoding, unicode", [
    ("Th«ng b¸o kÕt luËn", "tcvn3", "Thông báo kết luận"),
    ("Thoâng baùo keát luaän cuûa Chuû tòch", "vni", "Thông báo kết luận của Chủ tịch"),
    ("Tho^ng ba'o ke^'t lua^.n cu?a Chu? ti.ch", "viqr", "Thông báo kết luận của Chủ tịch"),
])
def test_legacy_code_pages(text, encoding, unicode):
    assert vi.detect_legacy(text) == encoding
    assert vi.decode_legacy(text, encoding) == unicode


@pytest.mark.parametrize("text", ["Thông báo kết luận", "Café naïve résumé", "plain ascii words only"])
def test_no_legacy_encoding_in_unicode_or_western_text(text):
    assert vi.detect_legacy(text) is None


def test_letters_and_tables():
    assert len(vi.LETTERS) == 29 and "đ" in vi.LETTERS and "f" not in vi.LETTERS
    assert set(vi.legacy_tables()) >= {"tcvn3", "vni"}
    share, n = vi.syllable_share("các sở ngành triển khai thực hiện")
    assert share == 1.0 and n == 7


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\n"), max_size=12), max_size=20))
def test_strip_marks_all_is_strip_marks_of_each(words):
    assert vi.strip_marks_all(words) == [vi.strip_marks(w) for w in words]


def test_strip_marks_all_of_the_model_vocabulary():
    from notice_parser.repair.lm import load_model

    vocab = load_model().vocab
    assert vi.strip_marks_all(vocab) == [vi.strip_marks(w) for w in vocab]
