"""Legacy encodings: every letter of the Vietnamese alphabet in TCVN3, VNI and VIQR, and detection."""

from __future__ import annotations

import unicodedata

import pytest

from notice_parser.repair import repair_text
from notice_parser.repair.legacy import convert, detect, tables

BASES = "aăâeêioôơuưy"
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
LOWER = sorted({unicodedata.normalize("NFC", b + t) for b in BASES for t in TONES} | {"đ"})
ALPHABET = LOWER + [c.upper() for c in LOWER]
assert len(LOWER) == 73  # 12 vowels × 6 tones + đ

# Independent VIQR spelling of each letter (the standard's own notation).
_VIQR_BASE = {"ă": "a(", "â": "a^", "ê": "e^", "ô": "o^", "ơ": "o+", "ư": "u+"}
_VIQR_TONE = {"\u0301": "'", "\u0300": "`", "\u0309": "?", "\u0303": "~", "\u0323": "."}


def _viqr(letter: str) -> str:
    if letter.lower() == "đ":
        return "DD" if letter.isupper() else "dd"
    nfd = unicodedata.normalize("NFD", letter)
    tone = next((c for c in nfd if c in _VIQR_TONE), "")
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _VIQR_TONE))
    code = _VIQR_BASE.get(base.lower(), base.lower())
    code = code[0].upper() + code[1:] if letter.isupper() else code
    return code + _VIQR_TONE.get(tone, "")


def _inverse(name: str) -> dict[str, str]:
    return {u: c for c, u in tables()[name].items()}


def test_tables_are_consistent():
    for name, table in tables().items():
        assert len(set(table.values())) == len(table), f"{name}: two codes for one letter"
        for code, letter in table.items():
            assert unicodedata.is_normalized("NFC", letter) and len(letter) == 1


@pytest.mark.parametrize("letter", ALPHABET)
def test_vni_every_letter(letter):
    inv = _inverse("vni")
    if letter in "aeiouyAEIOUY":
        code = letter  # plain vowels are plain ASCII in VNI
    else:
        code = inv[letter]
    assert convert("x" + code + "x", "vni")[0] == "x" + letter + "x"


@pytest.mark.parametrize("letter", LOWER + ["Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"])
def test_tcvn3_every_letter(letter):
    # TCVN3 has no code for toned capitals: they exist only in the .VnTimeH fonts (upper-case glyphs
    # on the lower-case codes), so a plain-text conversion gives the lower-case letter.
    code = letter if letter in "aeiouy" else _inverse("tcvn3")[letter]
    assert convert("x" + code + "x", "tcvn3")[0] == "x" + letter + "x"


@pytest.mark.parametrize("letter", ALPHABET)
def test_viqr_every_letter(letter):
    # as the first letter of a word ("đ" needs a vowel after it to be told from "dd" in names)
    assert convert(_viqr(letter) + "a", "viqr")[0] == letter + "a"


@pytest.mark.parametrize("text,encoding,expected", [
    ("Th«ng b¸o kÕt luËn cña Chñ tÞch UBND tØnh", "tcvn3", "Thông báo kết luận của Chủ tịch UBND tỉnh"),
    ("Thoâng baùo keát luaän cuûa Chuû tòch UBND tænh", "vni", "Thông báo kết luận của Chủ tịch UBND tỉnh"),
    ("Tho^ng ba'o ke^'t lua^.n cu?a Chu? ti.ch UBND ti?nh", "viqr", "Thông báo kết luận của Chủ tịch UBND tỉnh"),
    ("Sè 155/Q§-UBND ngµy 18/01/2024", "tcvn3", "Số 155/QĐ-UBND ngày 18/01/2024"),
])
def test_known_sentences(text, encoding, expected):
    assert detect(text) == encoding
    out = repair_text(text)
    assert out.text == expected and out.report.encoding == encoding


def test_mojibake_leaves_clean_and_legacy_text_alone():
    from notice_parser.repair.mojibake import fix_mojibake

    for text in ("Thông báo kết luận; Án phí; Ảnh hưởng", "Th«ng b¸o kÕt luËn", "Thoâng baùo keát luaän"):
        assert fix_mojibake(text) == (text, [])


@pytest.mark.parametrize("text", [
    "Thông báo kết luận của Chủ tịch UBND tỉnh",   # Unicode already
    "Café à la carte, naïve façade",                 # French, Latin-1
    "Is it ready? Yes. See 155/QĐ-UBND.",            # English with punctuation
    "",
])
def test_unicode_and_foreign_text_left_alone(text):
    assert detect(text) is None


@pytest.mark.parametrize("clean", [
    "Thông báo kết luận của Chủ tịch UBND tỉnh",
    "Đắk Lắk, ngày 01 tháng 3 năm 2021 — Sở Thông tin và Truyền thông",
    "Văn phòng UBND tỉnh; các Sở, ngành, địa phương",
])
def test_mojibake_is_undone_with_offsets(clean):
    garbled = clean.encode("utf-8").decode("latin-1")
    out = repair_text(garbled)
    assert out.text == clean
    for e in out.report.edits:
        if e.step == "mojibake":
            assert garbled[e.start:e.end] == e.before
