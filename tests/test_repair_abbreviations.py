"""Recipient and symbol shorthand (issue 10 point 4): the forms of data/abbreviations.tsv and the
symbol parts of Phụ lục III are protected tokens, never re-marked ("TTg" is not "Tùng"), and where
marks were lost a token with a listed form's letters gets the form back ("QHDP" → "QHĐP")."""

from __future__ import annotations

import re
import unicodedata

import pytest

from notice_parser.data import read_text
from notice_parser.repair import repair_text
from notice_parser.repair.abbreviations import abbreviation_table, ambiguous, protected, word_forms
from notice_parser.repair.resources import symbols
from notice_parser.repair.tokens import slash_abbreviation
from notice_parser.vietnamese import strip_marks

from test_golden_written import strip_marks as strip_keeping_case  # marks stripped, case kept


def test_the_table_is_well_formed():
    table = abbreviation_table()
    assert unicodedata.is_normalized("NFC", read_text("abbreviations.tsv"))
    assert {"TTg", "PTTg", "TTgCP", "QHĐP", "GRDP", "b/c"} <= set(table)
    for form, meaning in table.items():
        assert form == form.strip() and meaning and not meaning.startswith(" "), form
        # shorthand has a capital (a lowercase form would be a word) or is slash shorthand
        assert "/" in form or any(ch.isupper() for ch in form), form


def test_slash_shorthand_of_the_table_is_kept_by_the_general_rule():
    for form in (f for f in abbreviation_table() if "/" in f):
        text = f"gửi kèm ({form}) ngay"
        start = text.index(form)
        first = re.match(r"\w+", form).end()
        assert slash_abbreviation(text, start, start + first), form


def test_the_table_feeds_the_symbol_lexicon_except_forms_that_could_be_words():
    table = symbols()
    for form in word_forms():
        listed = form in table.get(strip_marks(form.lower()), ())
        assert listed or ambiguous(form), form
    assert "QHĐP" in table["qhdp"] and "PTTg" in table["pttg"]


@pytest.mark.parametrize("text, token, kept", [
    ("- Trợ lý TTg, Thư ký PTTg;", "TTg", True),
    ("- Trợ lý TTg, Thư ký PTTg;", "PTTg", True),
    ("Lưu: VT, TH (2b).", "TH", True),          # a form that is a word's letters, in a list
    ("Lưu: VT, TH (2b).", "VT", True),
    ("Các Bộ: YT, CA, TC;", "CA", True),
    ("CA NHAN VA TO CHUC", "CA", False),        # the same letters in a heading are a word
    ("TH  NG BÁO", "TH", False),                # what is left of a word whose vowel glyph was lost
    ("tăng trưởng GRDP đạt 8%", "GRDP", True),
    ("tăng trưởng Grdp đạt 8%", "Grdp", False),  # case matters: not the listed form
    ("Vụ QHĐP theo dõi", "QHĐP", True),
])
def test_protected_tokens(text, token, kept):
    start = text.index(token)
    assert protected(text, start, start + len(token)) is kept


# Recipient lists and symbols in our own words, as written and as damaged (marks stripped).
RECIPIENTS = """Nơi nhận:
- Thủ tướng, các PTTg Chính phủ (để b/c);
- Văn phòng Trung ương Đảng, Văn phòng Quốc hội;
- UBND các tỉnh Lạng Sơn, Cao Bằng;
- VPCP: BTCN, các PCN, Trợ lý TTg, TGĐ Cổng TTĐT, các Vụ: KTTH, NN, QHĐP;
- Lưu: VT, KGVX (3b)."""

BODY = """Thực hiện Công điện số 158/CĐ-TTg ngày 4 tháng 10 năm 2025 của Thủ tướng Chính phủ, Bộ trưởng
Bộ Tài chính đề nghị các địa phương rà soát tốc độ tăng trưởng GRDP, đẩy nhanh GPMB các dự án và
báo cáo TTgCP trước ngày 20 tháng 10; Vụ QHĐP tổng hợp, báo cáo Phó Thủ tướng (để b/c)."""


@pytest.mark.parametrize("text", [RECIPIENTS, BODY])
def test_clean_shorthand_is_not_edited(text):
    result = repair_text(text)
    assert result.text == text and not result.report.edits


@pytest.mark.parametrize("form", ["PTTg", "TTg", "TTgCP", "QHĐP", "KGVX", "GRDP", "GPMB", "158/CĐ-TTg", "b/c"])
def test_shorthand_in_text_whose_marks_were_lost_comes_back_as_written(form):
    damaged = strip_keeping_case(RECIPIENTS + "\n\n" + BODY)
    out = repair_text(damaged).text
    assert re.search(rf"(?<![\w/]){re.escape(form)}(?![\w/])", out), (form, out)


# The same lines as English-language OCR reads a scan of them: the shorthand comes through intact
# and must stay so while the words around it are decoded ("TTg" had become "Tùng", "PTTg" "Duo").
OCR_READ = """Noi nhan:
- Thu tuéng, cac PTTg Chinh phi (dé b/c);
- Van phong Trung wong Dang, Van phong Qudc hdi;
- VPCP: BTCN, cac PCN, Tro 1y TTg, TGD Cong TTDT, cac Vu: KTTH, NN, QHDP;
- Luu: VT, KGVX (3b).

Thuc hién Cong dién s6 158/CD-TTg ngay 4 thang 10 nam 2025 cua Thu tuéng Chinh phu, B6 trudng
B6 Tai chinh dé nghi cac dia phuong ra soat téc d6 tang trudng GRDP, day nhanh GPMB cac dy an va
bao cao TTgCP trudc ngay 20 thang 10 (dé b/c)."""


@pytest.mark.parametrize("form", ["các PTTg Chính phủ", "Trợ lý TTg,", "TGĐ Cổng TTĐT", "QHĐP;", "KGVX (3b)",
                                  "158/CĐ-TTg", "GRDP", "GPMB", "báo cáo TTgCP", "(để b/c)"])
def test_shorthand_read_by_english_ocr_is_kept_while_the_words_around_it_are_decoded(form):
    assert form in repair_text(OCR_READ).text
