"""The administrative levels (data/admin_levels.json) have one home: every rule that names a
place by its level (local bodies, lists of them, party committees, headers, titles) reads the
same words, so a level no rule knew ("đặc khu", "thị trấn") is known to all of them at once."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from notice_parser.data import LEVEL_KINDS, level_words, read_text
from notice_parser.extract.agencies import find_mentions
from notice_parser.extract.issuer import _party_header_issuer
from notice_parser.extract.layout import base_letters
from notice_parser.extract.places import (level_abbreviations, level_of_base, party_committees,
                                          people_committee_alternation)

from _fresh import fresh_python

RAW = read_text("admin_levels.json")
DATA = json.loads(RAW)


def test_levels_are_nfc_lower_case_single_spaced_and_listed_once_per_kind():
    assert unicodedata.is_normalized("NFC", RAW)
    assert set(DATA) == {"about", *LEVEL_KINDS, "abbreviations", "party_committees", "people_committee", "name_final",
                         "variants"}
    for kind in LEVEL_KINDS:
        words = DATA[kind]
        assert words and len(words) == len(set(words)), kind
        assert all(w and w == w.lower() and w == " ".join(w.split()) for w in words), kind


def test_name_final_levels_are_listed_single_words_with_distinct_base_letters():
    words = DATA["name_final"]
    assert words and len(words) == len(set(words)) and all(w in level_words() and " " not in w for w in words)
    assert len({base_letters(w) for w in words}) == len(words)


@pytest.mark.parametrize(("text", "where", "name"), [
    # a level word ending a body's name with its marks damaged, read so only where the text is uncertain
    ("Giao Ban Quản lý dự án đầu tư xây dựng công trình dân dụng tĩnh chủ trì.", "tĩnh",
     "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng tỉnh"),
    ("Giao Trung tâm Phát triển quỹ đất huyền thực hiện.", "huyền", "Trung tâm Phát triển quỹ đất huyện"),
    ("Giao Ban Quản lý dự án đầu tư xây dựng công trình dân dụng tĩnh chủ trì.", None,
     "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng tĩnh"),  # clean: read as written
])
def test_name_final_level_word_where_uncertain(text, where, name):
    from notice_parser.uncertainty import CLEAN, Uncertainty
    at = text.find(where) if where else -1
    uncertain = Uncertainty.of_spans([(at, at + len(where))]) if where else CLEAN
    assert [n for m in find_mentions(text, uncertain=uncertain) for n in m.names] == [name]


def test_variants_are_longer_spellings_of_listed_levels():
    from notice_parser.extract.places import level_variants

    for variant, level in level_variants().items():
        assert level in level_words() and variant not in level_words() and variant.startswith(level + " "), variant


def test_abbreviations_stand_for_listed_levels():
    assert all(a.isupper() and w in level_words() for a, w in level_abbreviations().items())


def test_base_letter_forms_are_derived_and_unambiguous():
    # two levels with the same base letters could not be told apart in a header read on base letters
    assert len(level_of_base()) == len(level_words())
    assert level_of_base()["thi tran"] == "thị trấn" and level_of_base()["dac khu"] == "đặc khu"


def test_the_people_committee_is_written_once_and_derived():
    names = DATA["people_committee"]
    assert names and len(names) == len(set(names)) and all(n == " ".join(n.split()) for n in names)
    assert re.fullmatch(people_committee_alternation(), "Uỷ ban\nnhân dân")  # other placement, wrapped
    assert re.fullmatch(people_committee_alternation(base=True), "uy bannhan dan")  # OCR dropped a space


def test_every_level_has_one_party_committee():
    committees = party_committees()
    assert set(committees) == set(level_words())
    assert all(c.endswith(" ủy") and c[:1].isupper() for c in committees.values())


@pytest.mark.parametrize(("text", "names"), [
    ("Đề nghị UBND đặc khu Côn Đảo chủ trì kiểm tra.", ["UBND đặc khu Côn Đảo"]),
    ("Giao UBND các thị trấn: Ea Súp, Krông Năng rà soát.", ["UBND thị trấn Ea Súp", "UBND thị trấn Krông Năng"]),
    ("Giao UBND các huyện: Tuy Phước, An Lão và thị xã Hoài Nhơn thực hiện.",
     ["UBND huyện Tuy Phước", "UBND huyện An Lão", "UBND thị xã Hoài Nhơn"]),
    ("Đảng ủy thị trấn Phú Mỹ lãnh đạo triển khai.", ["Đảng ủy thị trấn Phú Mỹ"]),
    ("UBND Tx Hương Thủy báo cáo kết quả.", ["UBND thị xã Hương Thủy"]),
    ("UBND TP. Vinh báo cáo kết quả.", ["UBND thành phố Vinh"]),
    ("Công an thị\nxã Sơn Tây phối hợp.", ["Công an thị xã Sơn Tây"]),  # a level wrapped over two lines
    ("Trung tâm Y tế đặc khu Vân Đồn thực hiện.", ["Trung tâm Y tế đặc khu Vân Đồn"]),
    ("Ban Tuyên giáo Quận ủy chủ trì.", ["Ban Tuyên giáo Quận ủy"]),
    # the People's Committee as written, in either tone placement
    ("Giao Uỷ ban nhân dân huyện Krông Bông chủ trì.", ["UBND huyện Krông Bông"]),
    ("Giao Ủy ban nhân dân các xã: Ea Tu, Hòa Thắng rà soát.", ["UBND xã Ea Tu", "UBND xã Hòa Thắng"]),  # a party board of any level's committee
    ("Ban Thường vụ Thành ủy Hải Phòng chỉ đạo.", ["Ban Thường vụ Thành ủy Hải Phòng"]),
    ("Bí thư tỉnh ủy, Chủ tịch UBND các tỉnh: Sơn La, Điện Biên", ["Tỉnh ủy Sơn La", "Tỉnh ủy Điện Biên"]),
])
def test_every_level_names_a_local_body(text, names):
    assert [n for m in find_mentions(text) for n in m.names] == names


@pytest.mark.parametrize(("header", "issuer"), [
    ("ĐẢNG ỦY THỊ TRẤN NAM BAN", "Đảng ủy thị trấn Nam Ban"),
    ("ĐẢNG ỦY ĐẶC KHU CÔN ĐẢO VĂN PHÒNG", "Văn phòng Đảng ủy đặc khu Côn Đảo"),
    ("QUẬN ỦY LÊ CHÂN", "Quận ủy Lê Chân"),
    ("THỊ ỦY BUÔN HỒ VĂN PHÒNG", "Văn phòng Thị ủy Buôn Hồ"),
])
def test_a_commune_party_header_keeps_its_level(header, issuer):
    assert _party_header_issuer(header, base_letters(header)) == issuer


def test_level_patterns_are_built_on_first_use_not_at_import():
    code = ("import notice_parser.extract.agencies.mentions as m, notice_parser.extract.issuer as i; "
            "print(sum(f.cache_info().currsize for f in (m._level_word, m._local_list, m._province_word, "
            "m._level_list, m._party_header, m._local_list, i._header, i._party_header, i._ubnd_head)))")
    assert fresh_python(code) == "0"
